package graph

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// grantStrings writes grants as "API scope via key>key [condition]".
func grantStrings(a *Access) []string {
	var out []string
	for _, g := range a.Grants {
		var via []string
		for _, h := range g.Via {
			via = append(via, h.EntityKey)
		}
		s := fmt.Sprintf("%s %s via %s", g.API, g.Scope, strings.Join(via, ">"))
		if g.Condition != "" {
			s += " [" + g.Condition + "]"
		}
		out = append(out, s)
	}
	return out
}

func mustAccess(t *testing.T, g *Graph, id string) []string {
	t.Helper()
	a, err := g.Access(id)
	if err != nil {
		t.Fatal(err)
	}
	return grantStrings(a)
}

func sameStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

func TestAccessRolesGrantsAndRBAC(t *testing.T) {
	t.Parallel()
	g := build(t, baseSnap())
	// u1: the Admin role, and the API whose RBAC is off (u1 logs in
	// through a database connection that serves the portal)
	sameStrings(t, "u1", mustAccess(t, g, "auth0|u1"), []string{
		"https://api.example.com/orders admin:all via auth0|u1>rol_admin",
		"https://legacy.example.com/ * via auth0|u1>auth0_connection:con_db>https://legacy.example.com/",
	})
	// u2: the Reader role in the organization Acme
	a, err := g.Access("auth0|u2")
	if err != nil {
		t.Fatal(err)
	}
	sameStrings(t, "u2", grantStrings(a), []string{
		"https://api.example.com/orders read:orders via auth0|u2>auth0_organization:org_acme>rol_reader",
		"https://legacy.example.com/ * via auth0|u2>auth0_connection:con_db>https://legacy.example.com/",
	})
	if a.Grants[0].APIName != "Orders API" || a.Grants[0].Via[1].Name != "Acme" || a.Subject.Key != "auth0|u2" {
		t.Errorf("grant %+v", a.Grants[0])
	}
	// u3 logs in through a connection no application uses: nothing
	sameStrings(t, "u3", mustAccess(t, g, "waad|u3"), nil)
	// an application: its client grants
	sameStrings(t, "cl_m2m", mustAccess(t, g, "cl_m2m"), []string{
		"https://api.example.com/orders read:orders via cl_m2m>auth0_client_grant:cgr_orders",
		mgmtAPI + " create:client_grants via cl_m2m>auth0_client_grant:cgr_m2m",
		mgmtAPI + " read:users via cl_m2m>auth0_client_grant:cgr_m2m",
	})
	sameStrings(t, "cl_portal", mustAccess(t, g, "cl_portal"), nil)
	for _, id := range []string{"rol_admin", "nobody", "https://api.example.com/orders", ""} {
		if _, err := g.Access(id); !errors.Is(err, ErrUnknownSubject) {
			t.Errorf("Access(%q): %v", id, err)
		}
	}
}

// userRec is a user of baseSnap with direct permissions: perms is the
// JSON of its "permissions" member ("" leaves the member out: not read).
func userRec(id, conn, perms string) string {
	rec := `{"user_id":"` + id + `","connection":"` + conn + `","identities":[{"provider":"auth0","connection":"` + conn + `","is_social":false}],"blocked":false,"logins_count":1`
	if perms != "" {
		rec += `,"permissions":` + perms
	}
	return rec + "}"
}

const (
	ordersAPI  = "https://api.example.com/orders"
	dbConn     = "Username-Password-Authentication"
	notReadFix = "tenantscan -user-permissions, inventory.Options.UserPermissions"
)

// Direct permissions (user ASSIGNED scope) are in Access with their
// way; a snapshot without them says so in NotRead.
func TestAccessDirectPermissions(t *testing.T) {
	t.Parallel()
	u1Perms := `[{"resource_server_identifier":"` + ordersAPI + `","resource_server_name":"Orders API","permission_name":"read:orders"},` +
		`{"resource_server_identifier":"` + ordersAPI + `","resource_server_name":"Orders API","permission_name":"admin:all"}]`
	gonePerms := `[{"resource_server_identifier":"https://gone.example.com/","permission_name":"delete:everything"}]`
	for _, tc := range []struct {
		name string
		snap func() *snap
		full bool // full profiles rather than shapes
		id   string
		want []string
		// direct is how many grants come through WayDirectPermission
		direct int
		// notRead is a piece of the NotRead sentence ("": none)
		notRead string
	}{
		{name: "direct beside a role", id: "auth0|u1",
			snap: func() *snap { return baseSnap().add(inventory.KindUsers, userRec("auth0|u1", dbConn, u1Perms)) },
			want: []string{
				ordersAPI + " admin:all via auth0|u1>" + ordersAPI,
				ordersAPI + " admin:all via auth0|u1>rol_admin",
				ordersAPI + " read:orders via auth0|u1>" + ordersAPI,
				"https://legacy.example.com/ * via auth0|u1>auth0_connection:con_db>https://legacy.example.com/",
			}, direct: 2},
		{name: "full profiles", id: "auth0|u1", full: true,
			snap: func() *snap { return baseSnap().add(inventory.KindUsers, userRec("auth0|u1", dbConn, u1Perms)) },
			want: []string{
				ordersAPI + " admin:all via auth0|u1>" + ordersAPI,
				ordersAPI + " admin:all via auth0|u1>rol_admin",
				ordersAPI + " read:orders via auth0|u1>" + ordersAPI,
				"https://legacy.example.com/ * via auth0|u1>auth0_connection:con_db>https://legacy.example.com/",
			}, direct: 2},
		{name: "an API the snapshot lacks, no login needed", id: "waad|u3",
			snap: func() *snap { return baseSnap().add(inventory.KindUsers, userRec("waad|u3", "idle-db", gonePerms)) },
			want: []string{"https://gone.example.com/ delete:everything via waad|u3>"}, direct: 1},
		{name: "read, none held", id: "auth0|u2",
			snap: func() *snap { return baseSnap().add(inventory.KindUsers, userRec("auth0|u2", dbConn, `[]`)) },
			want: []string{
				ordersAPI + " read:orders via auth0|u2>auth0_organization:org_acme>rol_reader",
				"https://legacy.example.com/ * via auth0|u2>auth0_connection:con_db>https://legacy.example.com/",
			}},
		{name: "scan without -user-permissions", id: "auth0|u1", snap: baseSnap,
			want: []string{
				ordersAPI + " admin:all via auth0|u1>rol_admin",
				"https://legacy.example.com/ * via auth0|u1>auth0_connection:con_db>https://legacy.example.com/",
			}, notRead: "the snapshot was taken without them (" + notReadFix + ")"},
		{name: "without -user-permissions, no login", id: "waad|u3", snap: baseSnap,
			notRead: "the snapshot was taken without them (" + notReadFix + ")"},
		{name: "this user's could not be read", id: "auth0|u2",
			snap: func() *snap {
				s := baseSnap().add(inventory.KindUsers, userRec("auth0|u1", dbConn, u1Perms))
				r := s.kind(inventory.KindUsers)
				r.Status = inventory.StatusPartial
				r.Gaps = []inventory.Gap{{Part: "permissions", IDs: []string{"auth0|u2"}, Status: inventory.StatusError, Error: "GET /api/v2/users/{id}/permissions: 500"}}
				return s
			},
			want: []string{
				ordersAPI + " read:orders via auth0|u2>auth0_organization:org_acme>rol_reader",
				"https://legacy.example.com/ * via auth0|u2>auth0_connection:con_db>https://legacy.example.com/",
			}, notRead: `the scan could not read this user's (see the users kind's "permissions" gap)`},
		{name: "an application", id: "cl_m2m",
			snap: func() *snap { return baseSnap().add(inventory.KindUsers, userRec("auth0|u1", dbConn, u1Perms)) },
			want: []string{
				ordersAPI + " read:orders via cl_m2m>auth0_client_grant:cgr_orders",
				mgmtAPI + " create:client_grants via cl_m2m>auth0_client_grant:cgr_m2m",
				mgmtAPI + " read:users via cl_m2m>auth0_client_grant:cgr_m2m",
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tn := tc.snap().tenant(t)
			if tc.full {
				snap := *tn.Snapshot()
				snap.Scan.FullProfiles = true
				tn = model.New(&snap)
			}
			g, err := Build(tn, Options{})
			if err != nil {
				t.Fatal(err)
			}
			a, err := g.Access(tc.id)
			if err != nil {
				t.Fatal(err)
			}
			sameStrings(t, tc.id, grantStrings(a), tc.want)
			direct := 0
			for _, gr := range a.Grants {
				last := gr.Via[len(gr.Via)-1]
				if last.Detail != WayDirectPermission {
					continue
				}
				direct++
				if len(gr.Via) != 2 || gr.Via[0].EntityKey != tc.id || cmp.Or(last.EntityKey, last.Name) != gr.API ||
					(last.EntityKey != "") != (last.Kind == inventory.KindResourceServers) {
					t.Errorf("direct grant %+v", gr)
				}
				// the relationship the way comes from
				rk := tc.id + "|" + VerbAssigned + "|" + TypeScope + ":" + gr.API + " " + gr.Scope
				if r, ok := relationship(g, rk); !ok || r.Type != "auth0_user_assigned_scope" || r.Properties["api"] != gr.API {
					t.Errorf("relationship %s: %+v", rk, r)
				}
			}
			if direct != tc.direct {
				t.Errorf("%d direct grants, want %d", direct, tc.direct)
			}
			// WriteJSON carries the relationships as any other
			var buf bytes.Buffer
			if err := g.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(buf.String(), `"_type":"auth0_user_assigned_scope"`); tc.id == "auth0|u1" && n != tc.direct {
				t.Errorf("%d user_assigned_scope relationships in the JSON, want %d", n, tc.direct)
			}
			switch {
			case tc.notRead == "" && len(a.NotRead) != 0:
				t.Errorf("NotRead %q, want none", a.NotRead)
			case tc.notRead != "" && (len(a.NotRead) != 1 || !strings.Contains(a.NotRead[0], tc.notRead) ||
				!strings.HasPrefix(a.NotRead[0], "direct permissions not read")):
				t.Errorf("NotRead %q, want %q", a.NotRead, tc.notRead)
			}
			if a.Subject.Type == TypeUser && a.Subject.Properties["permissions_read"] != (tc.notRead == "") {
				t.Errorf("permissions_read %v", a.Subject.Properties["permissions_read"])
			}
		})
	}
}
