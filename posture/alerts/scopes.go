package alerts

import (
	"fmt"
	"strings"

	"github.com/authlens/authlens/posture"
)

// Management API scopes by blast radius, as posture's AL-M2M-001 grades
// grants (posture keeps its table unexported; TestScopeTiersMatchPosture
// fails when the two disagree): what a holder can do to the tenant is take
// it over (mint credentials, run code, rewrite identities or their
// proofs), destroy, or read personal data and secrets in bulk. Every other
// create:/update:/delete: scope is a plain write.
var (
	takeoverScopes = setOf(
		"read:client_keys", "create:client_keys", "update:client_keys",
		"create:clients", "update:clients", "create:client_credentials", "update:client_credentials",
		"create:client_grants", "update:client_grants",
		"create:connections", "update:connections", "update:connections_options",
		"create:resource_servers", "update:resource_servers",
		"create:signing_keys", "update:signing_keys",
		"create:actions", "update:actions", "update:triggers",
		"create:rules", "update:rules", "update:rules_configs", "create:hooks", "update:hooks",
		"create:users", "update:users", "create:users_app_metadata", "update:users_app_metadata",
		"create:user_tickets", "read:user_idp_tokens", "delete:guardian_enrollments",
		"create:guardian_enrollment_tickets", "create:authentication_methods", "update:authentication_methods",
		"create:role_members", "create:roles", "update:roles",
		"create:organization_members", "create:organization_member_roles",
		"create:organization_connections", "update:organization_connections",
		"update:tenant_settings", "update:attack_protection", "update:shields",
		"update:guardian_factors", "update:mfa_policies",
		"create:custom_domains", "update:custom_domains",
		"create:email_provider", "update:email_provider", "update:email_templates", "create:email_templates",
		"create:log_streams", "update:log_streams", "update:network_acls", "create:network_acls",
	)
	bulkReadScopes = setOf(
		"read:users", "read:users_app_metadata", "read:logs", "read:logs_users",
		"read:connections_options", "read:sessions", "read:refresh_tokens", "read:device_credentials",
		"read:guardian_enrollments", "read:authentication_methods", "read:organization_members",
		"read:organization_invitations", "read:organization_member_roles", "read:role_members",
	)
)

func setOf(s ...string) map[string]bool {
	m := make(map[string]bool, len(s))
	for _, v := range s {
		m[v] = true
	}
	return m
}

// tier is a Management API scope's blast radius.
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
	verb, _, _ := strings.Cut(scope, ":")
	switch {
	case takeoverScopes[scope]:
		return tierTakeover
	case verb == "delete":
		return tierDestructive
	case bulkReadScopes[scope]:
		return tierBulkRead
	case verb != "read":
		return tierWrite
	}
	return tierRead
}

// tierNames are the names posture's evidence uses for the tiers.
var tierNames = map[tier]string{tierTakeover: "takeover", tierDestructive: "destructive", tierBulkRead: "bulk_read", tierWrite: "write"}

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
