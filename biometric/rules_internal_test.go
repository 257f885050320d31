package biometric

import (
	"testing"

	"github.com/authlens/authlens/internal/mirrortest"
)

// configRules must keep Config's field names and types (the errors report them as
// Config's), hold a rule for each, and Config.rules must copy every one.
func TestRulesMirrorConfig(t *testing.T) {
	t.Parallel()
	mirrortest.Check(t, func(c *Config) *configRules { return c.rules() })
}
