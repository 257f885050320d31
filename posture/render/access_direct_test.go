package render_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/graph"
	"github.com/authlens/authlens/posture/model"
	"github.com/authlens/authlens/posture/render"
)

// directAccess is the access of a user who holds read:orders through a
// role and admin:all directly, built by graph.Build from a snapshot.
func directAccess(t *testing.T) *graph.Access {
	t.Helper()
	rec := func(s string) json.RawMessage { return json.RawMessage(s) }
	kind := func(recs map[string]json.RawMessage) *inventory.KindResult {
		return &inventory.KindResult{Status: inventory.StatusOK, Count: len(recs), Records: recs}
	}
	snap := &inventory.Snapshot{Version: inventory.FormatVersion, Tenant: "https://example.eu.auth0.com",
		Kinds: map[inventory.Kind]*inventory.KindResult{
			inventory.KindResourceServers: kind(map[string]json.RawMessage{"rs_orders": rec(
				`{"id":"rs_orders","name":"Orders API","identifier":"` + apiAcme + `","enforce_policies":true,"scopes":[{"value":"read:orders"},{"value":"admin:all"}]}`)}),
			inventory.KindRoles: kind(map[string]json.RawMessage{"rol_reader": rec(
				`{"id":"rol_reader","name":"Reader","permissions":[{"resource_server_identifier":"` + apiAcme + `","permission_name":"read:orders"}],"members":["auth0|u1"]}`)}),
			inventory.KindUsers: kind(map[string]json.RawMessage{"auth0|u1": rec(
				`{"user_id":"auth0|u1","blocked":false,"logins_count":1,"permissions":[{"resource_server_identifier":"` + apiAcme + `","permission_name":"admin:all"}]}`)}),
		}}
	g, err := graph.Build(model.New(snap), graph.Options{Kinds: []inventory.Kind{
		inventory.KindResourceServers, inventory.KindRoles, inventory.KindUsers}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := g.Access("auth0|u1")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// The access picture draws a direct permission's way as any other: the
// edge from the user into the API says "direct permission", in both
// languages.
func TestAccessPictureDirectPermission(t *testing.T) {
	t.Parallel()
	a := directAccess(t)
	const (
		user   = "user: auth0|u1"
		api    = "resource_servers: Orders API\nrs_orders"
		reader = "roles: Reader\nrol_reader"
	)
	for _, f := range []render.Format{render.Mermaid, render.DOT} {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := render.WriteAccess(&b, a, f, render.Options{}); err != nil {
				t.Fatal(err)
			}
			nodes, edges := map[string]string{}, []struct{ from, to, label string }{}
			if f == render.Mermaid {
				doc := checkMermaid(t, b.String())
				nodes = doc.nodes
				for _, e := range doc.edges {
					edges = append(edges, struct{ from, to, label string }{e.from, e.to, e.attrs["label"]})
				}
			} else {
				doc := checkDOT(t, b.String())
				for id, attrs := range doc.nodes {
					nodes[id] = strings.ReplaceAll(attrs["label"], `\n`, "\n")
				}
				for _, e := range doc.edges {
					edges = append(edges, struct{ from, to, label string }{e.from, e.to, strings.ReplaceAll(e.attrs["label"], `\n`, "\n")})
				}
			}
			got := map[string]string{}
			for _, e := range edges {
				got[nodes[e.from]+" -> "+nodes[e.to]] = strings.ReplaceAll(e.label, "\n", " ")
			}
			for edge, label := range map[string]string{
				user + " -> " + api:              graph.WayDirectPermission,
				api + " -> scope admin:all":      "",
				user + " -> " + reader:           "assigned the role",
				reader + " -> scope read:orders": "",
			} {
				if l, ok := got[edge]; !ok || l != label {
					t.Errorf("edge %q: %q (drawn %v), want %q\n%s", edge, l, ok, label, b.String())
				}
			}
			if len(edges) != 4 {
				t.Errorf("%d edges, want 4:\n%s", len(edges), b.String())
			}
		})
	}
}
