package posture

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// APIs (resource servers): how their access tokens are signed, how long
// they live, who may get them and with which permissions.
func apiChecks() []check {
	return []check{
		{id: "AL-API-001", needs: kinds(inventory.KindResourceServers), run: checkAPIHS256},
		{id: "AL-API-002", needs: kinds(inventory.KindResourceServers), run: checkAPITokenLifetime},
		{id: "AL-API-003", needs: kinds(inventory.KindResourceServers), run: checkAPIWebTokenLifetime},
		{id: "AL-API-004", needs: kinds(inventory.KindResourceServers, inventory.KindRoles), run: checkAPIRBACOff},
		{id: "AL-API-005", needs: kinds(inventory.KindResourceServers), run: checkAPIOfflineWriteScopes},
		{id: "AL-API-006", needs: kinds(inventory.KindResourceServers), run: checkAPIMgmtUserPolicy},
	}
}

// apiJudged returns the tenant's own APIs: every resource server but the
// ones Auth0 manages (is_system).
func apiJudged(t *model.Tenant) []*auth0mgmt.ResourceServer {
	rss, _ := t.ResourceServers()
	var out []*auth0mgmt.ResourceServer
	for i := range rss {
		if rss[i].IsSystem != nil && *rss[i].IsSystem {
			continue
		}
		out = append(out, &rss[i])
	}
	return out
}

// apiLabel names an API for messages: its name and identifier.
func apiLabel(rs *auth0mgmt.ResourceServer) string {
	if rs.Name == "" || rs.Name == rs.Identifier {
		return fmt.Sprintf("%q", rs.Identifier)
	}
	return fmt.Sprintf("%q (%s)", rs.Name, rs.Identifier)
}

// AL-API-001: access tokens signed with HS256.
func checkAPIHS256(t *model.Tenant, r *reporter) {
	for _, rs := range apiJudged(t) {
		if rs.SigningAlg != "HS256" {
			continue
		}
		r.report(apiResource(rs), path("signing_alg"), fmt.Sprintf(
			"API %s signs its access tokens with HS256: every service that verifies them holds the signing secret and can mint tokens of its own.",
			apiLabel(rs)), map[string]any{"signing_alg": "HS256"})
	}
}

// The longest access token lifetimes the checks accept: Auth0's default
// of a day, and two hours for tokens issued through browser flows (its
// default for token_lifetime_for_web).
const (
	apiMaxTokenLifetime    = 86400
	apiMaxWebTokenLifetime = 7200
)

// AL-API-002: access tokens valid for more than a day.
func checkAPITokenLifetime(t *model.Tenant, r *reporter) {
	for _, rs := range apiJudged(t) {
		if rs.TokenLifetime <= apiMaxTokenLifetime {
			continue
		}
		r.report(apiResource(rs), path("token_lifetime"), fmt.Sprintf(
			"API %s issues access tokens valid for %d seconds (%.1f days); a leaked token cannot be revoked and works that long.",
			apiLabel(rs), rs.TokenLifetime, float64(rs.TokenLifetime)/86400), map[string]any{"token_lifetime": rs.TokenLifetime})
	}
}

// AL-API-003: access tokens issued through browser flows valid for more
// than two hours.
func checkAPIWebTokenLifetime(t *model.Tenant, r *reporter) {
	for _, rs := range apiJudged(t) {
		if rs.TokenLifetimeForWeb <= apiMaxWebTokenLifetime {
			continue
		}
		r.report(apiResource(rs), path("token_lifetime_for_web"), fmt.Sprintf(
			"API %s issues access tokens through browser flows valid for %d seconds (%.1f hours), where they are easiest to steal.",
			apiLabel(rs), rs.TokenLifetimeForWeb, float64(rs.TokenLifetimeForWeb)/3600),
			map[string]any{"token_lifetime_for_web": rs.TokenLifetimeForWeb})
	}
}

// AL-API-004: roles hold permissions on an API whose RBAC is off, so Auth0
// does not enforce them: any user gets any scope the API defines.
func checkAPIRBACOff(t *model.Tenant, r *reporter) {
	roles, _ := t.Roles()
	for _, rs := range apiJudged(t) {
		if rs.EnforcePolicies != nil && *rs.EnforcePolicies {
			continue
		}
		var names, perms []string
		unread := false
		for i := range roles {
			role := &roles[i]
			if role.Permissions == nil {
				unread = true
				continue
			}
			held := false
			for _, p := range role.Permissions {
				if p.ResourceServerIdentifier == rs.Identifier {
					perms = append(perms, p.PermissionName)
					held = true
				}
			}
			if held {
				names = append(names, role.Role.Name)
			}
		}
		if len(names) == 0 {
			if unread {
				r.skip(apiResource(rs), "the permissions of some roles were not read", "read:roles")
			}
			continue
		}
		slices.Sort(names)
		names = slices.Compact(names)
		slices.Sort(perms)
		perms = slices.Compact(perms)
		var policies any = false
		if rs.EnforcePolicies == nil {
			policies = "absent (off)"
		}
		r.report(apiResource(rs), path("enforce_policies"), fmt.Sprintf(
			"API %s has RBAC off, yet %s grant permissions on it (%s): Auth0 does not enforce them, so any user who asks gets any scope the API defines.",
			apiLabel(rs), appCount(len(names), "role"), sample(perms, 4)),
			map[string]any{"enforce_policies": policies, "roles": names, "permissions": perms})
	}
}

// apiWriteScope reports whether a scope grants writes or administration:
// its verb (the part before ':') is create, update, delete, write, admin
// or manage, or it mentions admin, or it ends with ":all".
func apiWriteScope(scope string) bool {
	s := strings.ToLower(strings.TrimSpace(scope))
	verb, _, _ := strings.Cut(s, ":")
	switch verb {
	case "create", "update", "delete", "write", "admin", "manage":
		return true
	}
	return strings.Contains(s, "admin") || strings.HasSuffix(s, ":all")
}

// AL-API-005: refresh tokens (offline access) for an API with write or
// admin scopes.
func checkAPIOfflineWriteScopes(t *model.Tenant, r *reporter) {
	for _, rs := range apiJudged(t) {
		if rs.AllowOfflineAccess == nil || !*rs.AllowOfflineAccess {
			continue
		}
		var bad []string
		for _, s := range rs.ScopeValues() {
			if apiWriteScope(s) {
				bad = append(bad, s)
			}
		}
		if len(bad) == 0 {
			continue
		}
		slices.Sort(bad)
		bad = slices.Compact(bad)
		r.report(apiResource(rs), path("allow_offline_access"), fmt.Sprintf(
			"API %s allows offline access and defines %s that write or administer (%s): a refresh token keeps that power long after the user has left.",
			apiLabel(rs), appCount(len(bad), "scope"), sample(bad, 4)), map[string]any{"allow_offline_access": true, "scopes": bad})
	}
}

// AL-API-006: any application may get user tokens for the Management API
// (its user access policy is allow_all, not require_client_grant).
func checkAPIMgmtUserPolicy(t *model.Tenant, r *reporter) {
	rss, _ := t.ResourceServers()
	for i := range rss {
		rs := &rss[i]
		if rs.IsSystem == nil || !*rs.IsSystem || !t.IsManagementAudience(rs.Identifier) {
			continue
		}
		policy := rs.UserAccessPolicy()
		if policy == "" {
			r.skip(apiResource(rs), "the API did not return its user access policy")
			continue
		}
		if policy != "allow_all" {
			continue
		}
		r.report(apiResource(rs), path("subject_type_authorization", "user", "policy"),
			"The Management API's user access policy is allow_all: any application of the tenant can get a Management API token for a signed-in user (with scopes such as update:current_user_identities), so one XSS in any of them reaches the user's account settings.",
			map[string]any{"policy": policy})
	}
}
