package alerts

import (
	"fmt"
	"strings"

	"github.com/authlens/authlens/posture"
)

// Management API scopes are graded by posture.ManagementScopeTier, the
// table AL-M2M-001 grades grants with.

type tier int

const (
	tierRead        tier = iota // reads outside the bulk-read set
	tierWrite                   // other create:/update:/... scopes
	tierBulkRead                // personal data and secrets in bulk
	tierDestructive             // delete:
	tierTakeover                // take the tenant over
)

// mgmtTier grades one Management API scope.
func mgmtTier(scope string) tier {
	switch posture.ManagementScopeTier(scope) {
	case "takeover":
		return tierTakeover
	case "destructive":
		return tierDestructive
	case "bulk_read":
		return tierBulkRead
	case "write":
		return tierWrite
	}
	return tierRead
}

// scopeTiers splits scopes by tier.
type scopeTiers map[tier][]string

func classifyMgmtScopes(scopes []string) scopeTiers {
	t := scopeTiers{}
	for _, s := range scopes {
		k := mgmtTier(s)
		t[k] = append(t[k], s)
	}
	return t
}

// severity grades the worst tier: take-over critical, delete and bulk
// read high, other writes medium, other reads low (0 for none).
func (t scopeTiers) severity() posture.Severity {
	switch {
	case len(t[tierTakeover]) > 0:
		return posture.SeverityCritical
	case len(t[tierDestructive]) > 0, len(t[tierBulkRead]) > 0:
		return posture.SeverityHigh
	case len(t[tierWrite]) > 0:
		return posture.SeverityMedium
	case len(t[tierRead]) > 0:
		return posture.SeverityLow
	}
	return 0
}

// describe says what the scopes can do:
// "2 that can take the tenant over (create:users, update:users); 1 that deletes (delete:users)".
func (t scopeTiers) describe() string {
	var parts []string
	for _, p := range []struct {
		k         tier
		one, many string
		n         int
	}{
		{tierTakeover, "that can take the tenant over", "that can take the tenant over", 4},
		{tierDestructive, "that deletes", "that delete", 3},
		{tierBulkRead, "that reads personal data or secrets in bulk", "that read personal data or secrets in bulk", 3},
		{tierWrite, "other write", "other writes", 3},
		{tierRead, "read-only", "read-only", 3},
	} {
		if l := t[p.k]; len(l) > 0 {
			what := p.many
			if len(l) == 1 {
				what = p.one
			}
			parts = append(parts, fmt.Sprintf("%d %s (%s)", len(l), what, sample(sortedCopy(l), p.n)))
		}
	}
	return strings.Join(parts, "; ")
}

// apiScopeGrade grades a permission on an API other than the Management
// API: delete and admin medium, other writes low, reads 0.
func apiScopeGrade(scope string) posture.Severity {
	s := strings.ToLower(strings.TrimSpace(scope))
	verb, _, _ := strings.Cut(s, ":")
	switch {
	case verb == "delete", verb == "admin", verb == "manage", strings.Contains(s, "admin"), strings.HasSuffix(s, ":all"):
		return posture.SeverityMedium
	case verb == "create", verb == "update", verb == "write":
		return posture.SeverityLow
	}
	return 0
}
