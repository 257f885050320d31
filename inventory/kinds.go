package inventory

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Kind names a kind of resource in a snapshot.
type Kind string

// The kinds Collect reads, with the id that keys their records.
const (
	// KindTenantSettings: one record, "settings" (/tenants/settings).
	KindTenantSettings Kind = "tenant_settings"
	// KindAttackProtection: four records, "brute-force-protection",
	// "breached-password-detection", "suspicious-ip-throttling" and
	// "bot-detection".
	KindAttackProtection Kind = "attack_protection"
	// KindGuardianFactors: one record per MFA factor, by name.
	KindGuardianFactors Kind = "guardian_factors"
	// KindGuardianPolicies: one record, "mfa_policies":
	// {"policies": [...]}.
	KindGuardianPolicies Kind = "guardian_policies"
	// KindEmailProvider: one record, "provider" (credentials redacted);
	// not_configured when the tenant has none.
	KindEmailProvider Kind = "email_provider"
	// KindEmailTemplates: one record per configured template, by name;
	// not_configured when none is.
	KindEmailTemplates Kind = "email_templates"
	// KindCustomDomains: by custom_domain_id.
	KindCustomDomains Kind = "custom_domains"
	// KindBranding: one record, "branding".
	KindBranding Kind = "branding"
	// KindPrompts: one record, "prompts".
	KindPrompts Kind = "prompts"
	// KindNetworkACLs: by id.
	KindNetworkACLs Kind = "network_acls"
	// KindSigningKeys: the tenant's signing keys (public parts), by kid.
	KindSigningKeys Kind = "signing_keys"
	// KindClients: applications, by client_id.
	KindClients Kind = "clients"
	// KindClientGrants: by id.
	KindClientGrants Kind = "client_grants"
	// KindResourceServers: APIs, by id.
	KindResourceServers Kind = "resource_servers"
	// KindConnections: by id; enabled_clients holds the sorted client ids
	// of /connections/{id}/clients (absent when that listing failed).
	KindConnections Kind = "connections"
	// KindRoles: by id; see RoleRecord.
	KindRoles Kind = "roles"
	// KindOrganizations: by id; see OrganizationRecord.
	KindOrganizations Kind = "organizations"
	// KindUsers: by user_id; UserShape records, or full profiles with
	// Options.FullProfiles.
	KindUsers Kind = "users"
	// KindActions: by id, with code, runtime, dependencies, secret names
	// and deployment state.
	KindActions Kind = "actions"
	// KindTriggerBindings: one record per trigger id; see TriggerRecord.
	KindTriggerBindings Kind = "trigger_bindings"
	// KindRules: by id; unavailable on tenants past the end of life of
	// Rules.
	KindRules Kind = "rules"
	// KindRulesConfigs: by key, {"key": ...}; values are never read.
	KindRulesConfigs Kind = "rules_configs"
	// KindHooks: by id; unavailable on tenants past the end of life of
	// Hooks.
	KindHooks Kind = "hooks"
	// KindLogStreams: by id (sink credentials redacted).
	KindLogStreams Kind = "log_streams"
	// KindLogs: the log events since the previous scan's checkpoint, or
	// of Options.LogWindow (see the package documentation), the newest
	// Options.MaxLogs of them, by log_id.
	KindLogs Kind = "logs"

	// KindForms: Forms, by id, whole (nodes included).
	KindForms Kind = "forms"
	// KindFlows: Flows, by id, with their actions (HTTP header values and
	// basic-auth passwords redacted).
	KindFlows Kind = "flows"
	// KindFlowVaultConnections: the Flows vault's connections, by id:
	// names, services (app_id), readiness and fingerprints; the account
	// name and any setup value redacted.
	KindFlowVaultConnections Kind = "flows_vault_connections"
	// KindSelfServiceProfiles: self-service SSO profiles, by id.
	KindSelfServiceProfiles Kind = "self_service_profiles"
	// KindSCIMConfigurations: inbound SCIM set up on connections, by
	// connection id; see SCIMRecord.
	KindSCIMConfigurations Kind = "scim_configurations"
	// KindPhoneProviders: SMS and voice providers, by id (credentials
	// redacted).
	KindPhoneProviders Kind = "phone_providers"
	// KindPhoneTemplates: phone message templates, by id.
	KindPhoneTemplates Kind = "phone_templates"
	// KindClientCredentials: the credentials of the applications that
	// authenticate with some, by client_id; see ClientCredentialsRecord.
	KindClientCredentials Kind = "client_credentials"
	// KindStatsDaily: logins, sign-ups and breached-password logins of the
	// last StatsWindow days, by date (YYYY-MM-DD).
	KindStatsDaily Kind = "stats_daily"
	// KindStatsActiveUsers: one record, "active_users"; see
	// ActiveUsersRecord.
	KindStatsActiveUsers Kind = "stats_active_users"
	// KindEventStreams: event streams, by id (destination credentials
	// redacted).
	KindEventStreams Kind = "event_streams"
	// KindEncryptionKeys: the tenant's encryption keys, by kid: metadata
	// and public wrapping keys only.
	KindEncryptionKeys Kind = "encryption_keys"
	// KindTokenExchangeProfiles: custom token exchange profiles, by id.
	KindTokenExchangeProfiles Kind = "token_exchange_profiles"
	// KindUserAttributeProfiles: user attribute profiles, by id.
	KindUserAttributeProfiles Kind = "user_attribute_profiles"
	// KindGuardianProviders: the settings of the MFA factors' providers,
	// one record per endpoint that answers some (ids GuardianSMSTwilio,
	// GuardianPushSNS, ...: "sms/twilio", "push/sns", "duo",
	// "webauthn-roaming", ...), credentials redacted; not_configured when
	// none is set up.
	KindGuardianProviders Kind = "guardian_providers"
	// KindHookSecrets: the names of each hook's secrets, by hook id, hooks
	// with at least one secret; see HookSecretsRecord. Values are never
	// kept. Unavailable as hooks are.
	KindHookSecrets Kind = "hook_secrets"
	// KindRiskAssessments: two records, "settings" and "new-device";
	// unavailable on tenants without the feature.
	KindRiskAssessments Kind = "risk_assessments"

	// KindUserAuthenticationMethods: per user (off by default), by
	// user_id, users with at least one method; see
	// UserAuthenticationMethodsRecord.
	KindUserAuthenticationMethods Kind = "user_authentication_methods"
	// KindUserSessions: per user (off by default), by user_id, users with
	// at least one session; see UserSessionsRecord.
	KindUserSessions Kind = "user_sessions"
	// KindUserRefreshTokens: per user (off by default), by user_id, users
	// with at least one refresh token; see UserRefreshTokensRecord.
	KindUserRefreshTokens Kind = "user_refresh_tokens"

	// KindOrganizationDiscoveryDomains: organizations' discovery domains,
	// by organization id, organizations with at least one; see
	// OrganizationDiscoveryDomainsRecord.
	KindOrganizationDiscoveryDomains Kind = "organization_discovery_domains"
	// KindOrganizationClientGrants: the client grants associated with
	// organizations, by organization id, organizations with at least
	// one; see OrganizationClientGrantsRecord.
	KindOrganizationClientGrants Kind = "organization_client_grants"
	// KindConnectionKeys: the signing keys of Okta and OIDC connections
	// (certificates, public parts only), by connection id, connections
	// with at least one; see ConnectionKeysRecord.
	KindConnectionKeys Kind = "connection_keys"
	// KindPromptRenderings: the render settings of prompt screens
	// (standard, or advanced with the tenant's head tags), by
	// "prompt/screen".
	KindPromptRenderings Kind = "prompt_renderings"
	// KindBrandingThemes: one record, "default": the default Universal
	// Login theme; not_configured when there is none.
	KindBrandingThemes Kind = "branding_themes"
	// KindUniversalLoginTemplate: one record, "universal-login": the
	// Universal Login page template; not_configured when none is set.
	KindUniversalLoginTemplate Kind = "universal_login_template"
)

// Kinds returns every kind, in the order summaries list them. The
// per-user kinds (Kind.PerUser) are among them but read only when asked
// for (see Options).
func Kinds() []Kind {
	return []Kind{
		KindTenantSettings, KindAttackProtection, KindGuardianFactors, KindGuardianPolicies,
		KindEmailProvider, KindEmailTemplates, KindCustomDomains, KindBranding, KindPrompts,
		KindNetworkACLs, KindSigningKeys, KindClients, KindClientGrants, KindResourceServers,
		KindConnections, KindRoles, KindOrganizations, KindUsers, KindActions,
		KindTriggerBindings, KindRules, KindRulesConfigs, KindHooks, KindLogStreams, KindLogs,
		KindForms, KindFlows, KindFlowVaultConnections, KindSelfServiceProfiles, KindSCIMConfigurations,
		KindPhoneProviders, KindPhoneTemplates, KindClientCredentials, KindStatsDaily, KindStatsActiveUsers,
		KindEventStreams, KindEncryptionKeys, KindTokenExchangeProfiles, KindUserAttributeProfiles,
		KindGuardianProviders, KindHookSecrets, KindRiskAssessments,
		KindUserAuthenticationMethods, KindUserSessions, KindUserRefreshTokens,
		KindOrganizationDiscoveryDomains, KindOrganizationClientGrants, KindConnectionKeys,
		KindPromptRenderings, KindBrandingThemes, KindUniversalLoginTemplate,
	}
}

func knownKind(k Kind) bool { return slices.Contains(Kinds(), k) }

// Status says how completely a kind was read.
type Status string

// The statuses of a kind.
const (
	// StatusOK: every record of the kind was read, with every part.
	StatusOK Status = "ok"
	// StatusPartial: the records are there but some parts are missing
	// (e.g. the members of some roles); KindResult.Gaps says which.
	StatusPartial Status = "partial"
	// StatusForbidden: the token lacks a scope (KindResult.MissingScopes).
	StatusForbidden Status = "forbidden"
	// StatusNotConfigured: the tenant has nothing of this kind set up
	// (e.g. no email provider): known to be empty.
	StatusNotConfigured Status = "not_configured"
	// StatusUnavailable: the feature is gone from the tenant (Rules and
	// Hooks past their end of life answer 403 or 404): known to be empty.
	StatusUnavailable Status = "unavailable"
	// StatusError: the kind could not be read (KindResult.Error); Records
	// holds what was read before the failure, if anything.
	StatusError Status = "error"
)

func knownStatus(s Status) bool {
	switch s {
	case StatusOK, StatusPartial, StatusForbidden, StatusNotConfigured, StatusUnavailable, StatusError:
		return true
	}
	return false
}

// Complete reports whether the kind's records are all of them: ok,
// not_configured and unavailable kinds are complete (the last two known to
// be empty); partial, forbidden and error kinds are not.
func (s Status) Complete() bool {
	return s == StatusOK || s == StatusNotConfigured || s == StatusUnavailable
}

// Read reports whether the kind was read at all (every status but
// forbidden and error).
func (s Status) Read() bool { return s.Complete() || s == StatusPartial }

// KindResult is what a snapshot holds for one kind.
type KindResult struct {
	// Status says how completely the kind was read.
	Status Status
	// Count is the number of records (len(Records)).
	Count int
	// MissingScopes names the scopes whose absence made the kind (or some
	// of its parts) unreadable, sorted.
	MissingScopes []string
	// Error is the cause of a failure (status error or unavailable, or
	// forbidden without named scopes), without credentials or request ids.
	Error string
	// Gaps lists the parts that could not be read (status partial, or
	// forbidden/error when every part failed).
	Gaps []Gap
	// Records maps record ids to their canonical, redacted JSON objects.
	Records map[string]json.RawMessage
}

// Gap is a part of a kind that could not be read: the same failure for one
// or more records.
type Gap struct {
	// Part names what is missing: "records" (the listing itself, e.g.
	// the older logs past MaxLogs), "permissions", "members", "member_roles",
	// "enabled_connections", "invitations", "clients", "bindings", or a
	// singleton's record id ("bot-detection", "verify_email").
	Part string `json:"part"`
	// IDs are the records the part is missing from (empty when the part
	// is not tied to a record).
	IDs []string `json:"ids,omitempty"`
	// Status classifies the failure: forbidden, unavailable or error;
	// partial for a bound (MaxLogs) rather than a failure.
	Status Status `json:"status"`
	// MissingScopes names the missing scopes of a forbidden part.
	MissingScopes []string `json:"missing_scopes,omitempty"`
	// Error is the cause.
	Error string `json:"error"`
}

// IDs returns the record ids, sorted.
func (r *KindResult) IDs() []string {
	if r == nil {
		return nil
	}
	ids := make([]string, 0, len(r.Records))
	for id := range r.Records {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Record returns the record with this id (nil when absent).
func (r *KindResult) Record(id string) json.RawMessage {
	if r == nil {
		return nil
	}
	return r.Records[id]
}

// Note is a one-line explanation of a status other than ok: the missing
// scopes, the error, or what the gaps lack.
func (r *KindResult) Note() string {
	if r == nil {
		return ""
	}
	var parts []string
	if len(r.MissingScopes) > 0 {
		parts = append(parts, "missing scope "+strings.Join(r.MissingScopes, ", "))
	}
	switch r.Status {
	case StatusNotConfigured:
		parts = append(parts, "not configured on the tenant")
	case StatusUnavailable:
		parts = append(parts, "not available on the tenant")
	}
	if r.Error != "" && len(r.MissingScopes) == 0 && r.Status != StatusUnavailable {
		parts = append(parts, r.Error)
	}
	for _, g := range r.Gaps {
		what := g.Part
		if len(g.IDs) > 0 {
			what = fmt.Sprintf("%s of %d record(s)", g.Part, len(g.IDs))
		}
		switch {
		case g.Status == StatusPartial && len(g.IDs) > 0:
			parts = append(parts, fmt.Sprintf("%s: %d record(s)", g.Error, len(g.IDs)))
		case g.Status == StatusPartial:
			parts = append(parts, g.Error)
		case len(g.MissingScopes) > 0:
			if r.Status == StatusPartial {
				parts = append(parts, what+" not read")
			}
		case r.Status != StatusError || g.Error != r.Error:
			parts = append(parts, what+" not read: "+g.Error)
		}
	}
	return strings.Join(slices.Compact(parts), "; ")
}

// Records decodes every record of kind k in s into a T, in id order. It
// returns nil when the snapshot lacks the kind.
func Records[T any](s *Snapshot, k Kind) ([]T, error) {
	r := s.Kind(k)
	if r == nil {
		return nil, nil
	}
	out := make([]T, 0, len(r.Records))
	for _, id := range r.IDs() {
		var v T
		if err := json.Unmarshal(r.Records[id], &v); err != nil {
			return nil, fmt.Errorf("inventory: %s/%s: %w", k, id, err)
		}
		out = append(out, v)
	}
	return out, nil
}
