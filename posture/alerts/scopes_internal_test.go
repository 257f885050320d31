package alerts

import (
	"testing"

	"github.com/authlens/authlens/posture"
)

// The alerts grade Management API scopes as posture does.
func TestScopeTiers(t *testing.T) {
	t.Parallel()
	for scope, want := range map[string]tier{
		"update:clients": tierTakeover, "update:branding": tierTakeover, "delete:users": tierDestructive,
		"read:users": tierBulkRead, "read:log_streams": tierBulkRead, "update:organizations": tierWrite,
		"read:clients": tierRead, "read:stats": tierRead,
	} {
		if got := mgmtTier(scope); got != want {
			t.Errorf("%s: tier %d, want %d (posture says %q)", scope, got, want, posture.ManagementScopeTier(scope))
		}
	}
}
