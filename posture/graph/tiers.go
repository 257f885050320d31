package graph

import (
	"slices"
	"strings"
)

// Management API scopes by blast radius, as posture's machine-to-machine
// checks grade them: what a holder of the scope can do to the tenant.
var (
	takeoverScopes = setOf(
		// credentials and who may use them
		"read:client_keys", "create:client_keys", "update:client_keys",
		"create:clients", "update:clients", "create:client_credentials", "update:client_credentials",
		"create:client_grants", "update:client_grants",
		// where identities come from and what tokens say
		"create:connections", "update:connections", "update:connections_options",
		"create:resource_servers", "update:resource_servers",
		"create:signing_keys", "update:signing_keys",
		// code that runs at every login
		"create:actions", "update:actions", "update:triggers",
		"create:rules", "update:rules", "update:rules_configs", "create:hooks", "update:hooks",
		// accounts and their proofs
		"create:users", "update:users", "create:users_app_metadata", "update:users_app_metadata",
		"create:user_tickets", "read:user_idp_tokens", "delete:guardian_enrollments",
		"create:guardian_enrollment_tickets", "create:authentication_methods", "update:authentication_methods",
		// who holds which role
		"create:role_members", "create:roles", "update:roles",
		"create:organization_members", "create:organization_member_roles",
		"create:organization_connections", "update:organization_connections",
		// the tenant's defences and its mail
		"update:tenant_settings", "update:attack_protection", "update:shields",
		"update:guardian_factors", "update:mfa_policies",
		"create:custom_domains", "update:custom_domains",
		"create:email_provider", "update:email_provider", "update:email_templates", "create:email_templates",
		"create:log_streams", "update:log_streams", "update:network_acls", "create:network_acls",
		// the login page itself: templates and partials can put a
		// credential-phishing form on the tenant's own login page
		"update:branding", "update:prompts",
	)
	bulkReadScopes = setOf(
		"read:users", "read:users_app_metadata", "read:logs", "read:logs_users",
		"read:connections_options", "read:sessions", "read:refresh_tokens", "read:device_credentials",
		"read:guardian_enrollments", "read:authentication_methods", "read:organization_members",
		"read:organization_invitations", "read:organization_member_roles", "read:role_members",
		// secrets of the tenant's integrations: log stream sink tokens and
		// the MFA providers' credentials (Twilio auth token, Duo secret
		// key, SNS secret) come back in clear
		"read:log_streams", "read:guardian_factors",
	)
)

func setOf(s ...string) map[string]bool {
	m := make(map[string]bool, len(s))
	for _, v := range s {
		m[v] = true
	}
	return m
}

// The tiers of Management API scopes (MgmtScopeTier).
const (
	TierTakeover    = "takeover"
	TierDestructive = "destructive"
	TierBulkRead    = "bulk_read"
	TierWrite       = "write"
)

// MgmtScopeTier grades a Management API scope by what its holder can do
// to the tenant: TierTakeover (mint credentials, run code, rewrite
// identities or their proofs), TierDestructive (delete), TierBulkRead
// (read personal data or secrets in bulk), TierWrite (any other write),
// "" for the other read scopes.
func MgmtScopeTier(scope string) string {
	verb, _, _ := strings.Cut(scope, ":")
	switch {
	case takeoverScopes[scope]:
		return TierTakeover
	case verb == "delete":
		return TierDestructive
	case bulkReadScopes[scope]:
		return TierBulkRead
	case verb != "read":
		return TierWrite
	}
	return ""
}

// mgmtTiers splits scopes by tier, each list sorted.
func mgmtTiers(scopes []string) map[string][]string {
	out := map[string][]string{}
	for _, s := range scopes {
		if t := MgmtScopeTier(s); t != "" {
			out[t] = append(out[t], s)
		}
	}
	for _, l := range out {
		slices.Sort(l)
	}
	return out
}
