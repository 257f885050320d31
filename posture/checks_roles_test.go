package posture

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
)

// Role records as the inventory keeps them: the role (GET /api/v2/roles),
// its permissions (GET /roles/{id}/permissions) and its members' user ids
// (GET /roles/{id}/users).

// rolePerm is a permission as /roles/{id}/permissions returns it.
func rolePerm(api, name string) string {
	return `{"permission_name":"` + name + `","description":"` + name + `","resource_server_name":"API","resource_server_identifier":"` + api + `"}`
}

// roleRec builds a role record; perms or members nil leaves the member
// out (not read).
func roleRec(id, name string, perms []string, members []string) string {
	b := `{"id":"` + id + `","name":"` + name + `","description":"Test Role"`
	if perms != nil {
		b += `,"permissions":[` + strings.Join(perms, ",") + `]`
	}
	if members != nil {
		b += `,"members":[`
		for i, m := range members {
			if i > 0 {
				b += ","
			}
			b += `"` + m + `"`
		}
		b += `]`
	}
	return b + "}"
}

// roleOrg builds an organization record with members (user id → role
// ids; a nil role list is "not read") and no enabled connection.
func roleOrg(id string, members map[string][]string) string {
	b := `{"id":"` + id + `","name":"org-` + id + `","display_name":"Org ` + id + `","branding":{"logo_url":"https://example.com/logo.gif"}`
	if members != nil {
		b += `,"members":[`
		first := true
		for _, uid := range roleSortedKeys(members) {
			if !first {
				b += ","
			}
			first = false
			b += `{"user_id":"` + uid + `"`
			if rs := members[uid]; rs != nil {
				b += `,"roles":[`
				for i, r := range rs {
					if i > 0 {
						b += ","
					}
					b += `"` + r + `"`
				}
				b += `]`
			}
			b += `}`
		}
		b += `]`
	}
	return b + `,"enabled_connections":[],"invitations":[]}`
}

func roleSortedKeys(m map[string][]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return sortedCopy(ks)
}

const roleOrdersAPI = "https://api.example.com/orders"

func TestCheckRoleUnused(t *testing.T) {
	t.Parallel()
	perms := []string{rolePerm(roleOrdersAPI, "read:orders")}
	snap := func(orgs ...string) *snapBuilder {
		return newSnap().add(inventory.KindRoles,
			roleRec("rol_used", "Support", perms, []string{"auth0|u1"}),
			roleRec("rol_org", "Org admin", perms, []string{}),
			roleRec("rol_idle", "Legacy", perms, []string{})).
			add(inventory.KindOrganizations, orgs...).empty(inventory.KindOrganizations)
	}
	runJudgedCases(t, "AL-ROLE-001", []checkCase{
		{name: "a role nobody holds", snap: snap(roleOrg("org_1", map[string][]string{"auth0|u2": {"rol_org"}})),
			want: []string{"rol_idle@members"}},
		{name: "every role held", snap: snap(roleOrg("org_1", map[string][]string{"auth0|u2": {"rol_org", "rol_idle"}}))},
		{name: "no organizations", snap: snap(), want: []string{"rol_idle@members", "rol_org@members"}},
		{name: "organizations not read", snap: newSnap().add(inventory.KindRoles, roleRec("rol_idle", "Legacy", perms, []string{})).
			status(inventory.KindOrganizations, inventory.StatusForbidden, "read:organizations"), notEv: true},
	})
	// Member roles not read: the memberless roles cannot be judged; the
	// held one still can.
	connWantSkipped(t, "AL-ROLE-001", snap(roleOrg("org_1", map[string][]string{"auth0|u2": nil})), "rol_idle", "rol_org")
	// Role members not read.
	connWantSkipped(t, "AL-ROLE-001", newSnap().add(inventory.KindRoles, roleRec("rol_x", "X", perms, nil)).
		empty(inventory.KindOrganizations), "rol_x")
}

func TestCheckRoleMissingAPI(t *testing.T) {
	t.Parallel()
	snap := func(perms ...string) *snapBuilder {
		return newSnap().add(inventory.KindResourceServers, mgmtAPI, ordersAPI).
			add(inventory.KindRoles, roleRec("rol_1", "Ops", perms, []string{"auth0|u1"}))
	}
	runJudgedCases(t, "AL-ROLE-002", []checkCase{
		{name: "permission on a deleted API", snap: snap(rolePerm(roleOrdersAPI, "read:orders"), rolePerm("https://api.example.com/retired", "read:x")),
			want: []string{"rol_1@permissions"}},
		{name: "permissions on existing APIs", snap: snap(rolePerm(roleOrdersAPI, "read:orders"), rolePerm(mgmtAud, "read:users"))},
		{name: "the Management API is always there", snap: newSnap().add(inventory.KindResourceServers, ordersAPI).
			add(inventory.KindRoles, roleRec("rol_1", "Ops", []string{rolePerm(mgmtAud, "read:users")}, []string{}))},
		{name: "APIs not read", snap: newSnap().add(inventory.KindRoles, roleRec("rol_1", "Ops", []string{}, []string{})).
			status(inventory.KindResourceServers, inventory.StatusForbidden, "read:resource_servers"), notEv: true},
	})
	connWantSkipped(t, "AL-ROLE-002", newSnap().add(inventory.KindResourceServers, ordersAPI).
		add(inventory.KindRoles, roleRec("rol_1", "Ops", nil, []string{})), "rol_1")
}

func TestCheckRoleMissingScope(t *testing.T) {
	t.Parallel()
	snap := func(perms ...string) *snapBuilder {
		return newSnap().add(inventory.KindResourceServers, mgmtAPI, ordersAPI).
			add(inventory.KindRoles, roleRec("rol_1", "Ops", perms, []string{"auth0|u1"}))
	}
	runJudgedCases(t, "AL-ROLE-003", []checkCase{
		{name: "scope the API dropped", snap: snap(rolePerm(roleOrdersAPI, "read:orders"), rolePerm(roleOrdersAPI, "delete:orders")),
			want: []string{"rol_1@permissions"}},
		{name: "scopes the API defines", snap: snap(rolePerm(roleOrdersAPI, "read:orders"))},
		{name: "system API is not judged", snap: snap(rolePerm(mgmtAud, "read:nonexistent"))},
		{name: "deleted API is AL-ROLE-002's", snap: snap(rolePerm("https://api.example.com/retired", "read:x"))},
		{name: "roles not read", snap: newSnap().add(inventory.KindResourceServers, ordersAPI).
			status(inventory.KindRoles, inventory.StatusForbidden, "read:roles"), notEv: true},
	})
}

func TestCheckRoleMgmtAPI(t *testing.T) {
	t.Parallel()
	snap := func(perms ...string) *snapBuilder {
		return newSnap().add(inventory.KindResourceServers, mgmtAPI, ordersAPI).
			add(inventory.KindRoles, roleRec("rol_1", "Helpdesk", perms, []string{"auth0|u1"}))
	}
	runJudgedCases(t, "AL-ROLE-004", []checkCase{
		{name: "write on the Management API", snap: snap(rolePerm(mgmtAud, "read:users"), rolePerm(mgmtAud, "update:users")),
			want: []string{"rol_1@permissions"}, sev: []Severity{SeverityHigh}},
		{name: "read-only on the Management API", snap: snap(rolePerm(mgmtAud, "read:users")),
			want: []string{"rol_1@permissions"}, sev: []Severity{SeverityMedium}},
		{name: "own API only", snap: snap(rolePerm(roleOrdersAPI, "read:orders"), rolePerm(roleOrdersAPI, "delete:orders"))},
		{name: "roles not read", snap: newSnap().add(inventory.KindResourceServers, mgmtAPI).
			status(inventory.KindRoles, inventory.StatusForbidden, "read:roles"), notEv: true},
	})
}

func TestCheckRoleBroadPrivilege(t *testing.T) {
	t.Parallel()
	users := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("auth0|u%04d", i)
		}
		return out
	}
	userRecs := func(n int) []string {
		var out []string
		for _, id := range users(n) {
			out = append(out, `{"user_id":"`+id+`","connection":"Username-Password-Authentication","identities":[{"provider":"auth0",`+
				`"connection":"Username-Password-Authentication","is_social":false}],"blocked":false,"logins_count":3}`)
		}
		return out
	}
	snap := func(nUsers, nMembers int, perms ...string) *snapBuilder {
		return newSnap().add(inventory.KindResourceServers, mgmtAPI, ordersAPI).add(inventory.KindUsers, userRecs(nUsers)...).
			add(inventory.KindRoles, roleRec("rol_1", "Editors", perms, users(nMembers)))
	}
	write := rolePerm(roleOrdersAPI, "delete:orders")
	read := rolePerm(roleOrdersAPI, "read:orders")
	runJudgedCases(t, "AL-ROLE-005", []checkCase{
		{name: "privileged role held by 150 of 1000", snap: snap(1000, 150, read, write), want: []string{"rol_1@members"}},
		{name: "resource:verb form", snap: snap(1000, 150, rolePerm(roleOrdersAPI, "orders:write")), want: []string{"rol_1@members"}},
		{name: "read-only role held by many", snap: snap(1000, 150, read)},
		{name: "privileged role held by 101 of 2000 (5 %)", snap: snap(2000, 101, write)},
		{name: "privileged role held by 100", snap: snap(200, 100, write)},
		{name: "users not read", snap: newSnap().add(inventory.KindResourceServers, ordersAPI).
			add(inventory.KindRoles, roleRec("rol_1", "Editors", []string{write}, users(150))).
			status(inventory.KindUsers, inventory.StatusForbidden, "read:users"), notEv: true},
	})
}

func TestRolePrivileged(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"read:orders": false, "delete:orders": true, "orders:write": true, "create:invoices": true,
		"read:all": true, "tenant_admin": true, "manage:billing": true, "read:reports": false, "update:profile": true,
	} {
		if got := rolePrivileged(name); got != want {
			t.Errorf("rolePrivileged(%q) = %v, want %v", name, got, want)
		}
	}
}
