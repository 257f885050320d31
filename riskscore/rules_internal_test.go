package riskscore

import (
	"testing"

	"github.com/authlens/authlens/internal/mirrortest"
)

// policyRules must keep Policy's field names and types (the errors report them as
// Policy's), hold a rule for each, and Policy.rules must copy every one.
func TestRulesMirrorPolicy(t *testing.T) {
	t.Parallel()
	mirrortest.Check(t, func(c *Policy) policyRules { return c.rules() })
}
