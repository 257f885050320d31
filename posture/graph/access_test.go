package graph

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
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
