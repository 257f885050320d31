package posture

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Roles: what the tenant's RBAC grants, to whom, and what it still
// grants on APIs or permissions that are gone.
func roleChecks() []check {
	return []check{
		{id: "AL-ROLE-001", needs: kinds(inventory.KindRoles, inventory.KindOrganizations), run: checkRoleUnused},
		{id: "AL-ROLE-002", needs: kinds(inventory.KindRoles, inventory.KindResourceServers), run: checkRoleMissingAPI},
		{id: "AL-ROLE-003", needs: kinds(inventory.KindRoles, inventory.KindResourceServers), run: checkRoleMissingScope},
		{id: "AL-ROLE-004", needs: kinds(inventory.KindRoles, inventory.KindResourceServers), run: checkRoleMgmtAPI},
		{id: "AL-ROLE-005", needs: kinds(inventory.KindRoles, inventory.KindUsers, inventory.KindResourceServers), run: checkRoleBroadPrivilege},
	}
}

// roleGapScopes returns the missing scopes of kind k's gap for part that
// names record id (or no record), fallback when the gap names none.
func roleGapScopes(t *model.Tenant, k inventory.Kind, part, id string, fallback ...string) []string {
	for _, g := range t.Gaps(k, part) {
		if (len(g.IDs) == 0 || slices.Contains(g.IDs, id)) && len(g.MissingScopes) > 0 {
			return g.MissingScopes
		}
	}
	return fallback
}

// roleMembersRead reports whether the role's members were read, and
// records the role as not judged when they were not.
func roleMembersRead(t *model.Tenant, r *reporter, role *inventory.RoleRecord) bool {
	if role.Members != nil {
		return true
	}
	r.skip(roleResource(role), "the role's members were not read",
		roleGapScopes(t, inventory.KindRoles, "members", role.Role.ID, "read:roles")...)
	return false
}

// rolePermissionsRead is roleMembersRead for the role's permissions.
func rolePermissionsRead(t *model.Tenant, r *reporter, role *inventory.RoleRecord) bool {
	if role.Permissions != nil {
		return true
	}
	r.skip(roleResource(role), "the role's permissions were not read",
		roleGapScopes(t, inventory.KindRoles, "permissions", role.Role.ID, "read:roles")...)
	return false
}

// rolePermLabel names a permission with its API: "https://api/ read:x".
func rolePermLabel(p auth0mgmt.Permission) string {
	return p.ResourceServerIdentifier + " " + p.PermissionName
}

// AL-ROLE-001: a role nobody holds, neither directly nor in an
// organization.
func checkRoleUnused(t *model.Tenant, r *reporter) {
	orgs, _ := t.Organizations()
	held := map[string]bool{}
	var unknown []string // why the organization side is incomplete
	var unknownScopes []string
	for _, o := range orgs {
		if o.Members == nil {
			unknown = append(unknown, "the members of an organization were not read")
			unknownScopes = append(unknownScopes, roleGapScopes(t, inventory.KindOrganizations, "members", o.Organization.ID, "read:organization_members")...)
			continue
		}
		for _, m := range o.Members {
			if m.Roles == nil {
				unknown = append(unknown, "the roles of organization members were not read")
				unknownScopes = append(unknownScopes, roleGapScopes(t, inventory.KindOrganizations, "member_roles", o.Organization.ID, "read:organization_member_roles")...)
				continue
			}
			for _, id := range m.Roles {
				held[id] = true
			}
		}
	}
	roles, _ := t.Roles()
	for i := range roles {
		role := &roles[i]
		if !roleMembersRead(t, r, role) || len(role.Members) > 0 || held[role.Role.ID] {
			continue
		}
		if len(unknown) > 0 {
			r.skip(roleResource(role), sortedSet(unknown)[0], sortedSet(unknownScopes)...)
			continue
		}
		ev := map[string]any{"members": 0}
		if role.Permissions != nil {
			ev["permissions"] = len(role.Permissions)
		}
		r.report(roleResource(role), "members", fmt.Sprintf(
			"No user holds the role %q, directly or in an organization: an unused role is one more grant to review and one more to assign by mistake.",
			role.Role.Name), ev)
	}
}

// AL-ROLE-002: permissions on an API the tenant no longer has.
func checkRoleMissingAPI(t *model.Tenant, r *reporter) {
	roles, _ := t.Roles()
	for i := range roles {
		role := &roles[i]
		if !rolePermissionsRead(t, r, role) {
			continue
		}
		var apis, perms []string
		for _, p := range role.Permissions {
			if t.IsManagementAudience(p.ResourceServerIdentifier) {
				continue
			}
			if _, ok := t.ResourceServer(p.ResourceServerIdentifier); ok {
				continue
			}
			apis = append(apis, p.ResourceServerIdentifier)
			perms = append(perms, rolePermLabel(p))
		}
		if len(perms) == 0 {
			continue
		}
		slices.Sort(apis)
		apis = slices.Compact(apis)
		slices.Sort(perms)
		r.report(roleResource(role), "permissions", fmt.Sprintf(
			"The role %q holds %d permission(s) on %s, which is no API of the tenant: an API created later with that identifier would grant them at once.",
			role.Role.Name, len(perms), strings.Join(roleQuoteAll(apis), ", ")),
			map[string]any{"resource_servers": apis, "permissions": perms})
	}
}

func roleQuoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

// AL-ROLE-003: permissions the API no longer defines.
func checkRoleMissingScope(t *model.Tenant, r *reporter) {
	roles, _ := t.Roles()
	for i := range roles {
		role := &roles[i]
		if !rolePermissionsRead(t, r, role) {
			continue
		}
		var perms []string
		for _, p := range role.Permissions {
			rs, ok := t.ResourceServer(p.ResourceServerIdentifier)
			if !ok || (rs.IsSystem != nil && *rs.IsSystem) || t.IsManagementAudience(p.ResourceServerIdentifier) {
				continue
			}
			if slices.Contains(rs.ScopeValues(), p.PermissionName) {
				continue
			}
			perms = append(perms, rolePermLabel(p))
		}
		if len(perms) == 0 {
			continue
		}
		slices.Sort(perms)
		r.report(roleResource(role), "permissions", fmt.Sprintf(
			"The role %q holds %d permission(s) its API no longer defines (%s): if the API defines the name again, the role grants it without anyone deciding so.",
			role.Role.Name, len(perms), sample(perms, 3)), map[string]any{"permissions": perms})
	}
}

// AL-ROLE-004: a role with permissions on the Management API; high when
// any of them writes, medium when all read.
func checkRoleMgmtAPI(t *model.Tenant, r *reporter) {
	roles, _ := t.Roles()
	for i := range roles {
		role := &roles[i]
		if !rolePermissionsRead(t, r, role) {
			continue
		}
		var all, writes []string
		for _, p := range role.Permissions {
			if !t.IsManagementAudience(p.ResourceServerIdentifier) {
				continue
			}
			all = append(all, p.PermissionName)
			if !strings.HasPrefix(p.PermissionName, "read:") {
				writes = append(writes, p.PermissionName)
			}
		}
		if len(all) == 0 {
			continue
		}
		slices.Sort(all)
		slices.Sort(writes)
		ev := map[string]any{"permissions": all}
		sev, what := SeverityMedium, "read-only"
		if len(writes) > 0 {
			sev, what = SeverityHigh, fmt.Sprintf("%d that change the tenant (%s)", len(writes), sample(writes, 3))
			ev["write"] = writes
		}
		r.reportSev(sev, roleResource(role), "permissions", fmt.Sprintf(
			"The role %q grants %d Management API permission(s), %s: every holder can call the Management API as that role, and a compromised account of any of them acts on the tenant.",
			role.Role.Name, len(all), what), ev)
	}
}

// Privileged permission verbs: a permission whose name has one of these
// as a colon-separated part ("delete:orders", "orders:write").
var rolePrivilegedVerbs = setOf("create", "update", "delete", "write", "admin", "manage")

// rolePrivileged reports whether a permission name grants more than
// reading.
func rolePrivileged(name string) bool {
	lower := strings.ToLower(name)
	if strings.Contains(lower, "admin") || strings.HasSuffix(lower, ":all") {
		return true
	}
	for _, part := range strings.Split(lower, ":") {
		if rolePrivilegedVerbs[part] {
			return true
		}
	}
	return false
}

// AL-ROLE-005: a role with privileged permissions on a tenant API held by
// many users (more than 100, and more than 10 % of them).
func checkRoleBroadPrivilege(t *model.Tenant, r *reporter) {
	total, _ := t.UserCount()
	roles, _ := t.Roles()
	for i := range roles {
		role := &roles[i]
		if !roleMembersRead(t, r, role) || !rolePermissionsRead(t, r, role) {
			continue
		}
		n := len(role.Members)
		if n <= 100 {
			continue
		}
		var priv []string
		for _, p := range role.Permissions {
			if t.IsManagementAudience(p.ResourceServerIdentifier) || !rolePrivileged(p.PermissionName) {
				continue
			}
			priv = append(priv, rolePermLabel(p))
		}
		if len(priv) == 0 {
			continue
		}
		if !t.Complete(inventory.KindUsers) {
			r.skip(roleResource(role), "not every user was read, so the role's share of the users is unknown",
				roleGapScopes(t, inventory.KindUsers, "records", "", "read:users")...)
			continue
		}
		if total == 0 || float64(n) <= 0.10*float64(total) {
			continue
		}
		share := math.Round(float64(n)/float64(total)*1000) / 1000
		slices.Sort(priv)
		r.report(roleResource(role), "members", fmt.Sprintf(
			"The role %q, which grants %d privileged permission(s) (%s), is held by %d of %d users (%.0f %%): a privilege that many hold is a privilege any one compromised account holds.",
			role.Role.Name, len(priv), sample(priv, 3), n, total, share*100),
			map[string]any{"members": n, "users": total, "share": share, "privileged_permissions": priv})
	}
}
