package render_test

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/graph"
	"github.com/authlens/authlens/posture/render"
)

// bigGraph is a tenant at the size BenchmarkGraph names: 60,000 users in
// 12 roles (one in eight without a role, one in sixteen with two),
// 3,000 applications with a client grant each, 400 Actions, 50 APIs of
// 10 scopes.
func bigGraph() *graph.Graph {
	g := &graph.Graph{Entities: []graph.Entity{{Key: "acct", Type: "auth0_account", DisplayName: "acme.eu.auth0.com"}}}
	rel := func(from, verb, to string) {
		g.Relationships = append(g.Relationships, graph.Relationship{Key: from + "|" + verb + "|" + to, Class: verb, From: from, To: to})
	}
	ent := func(key, typ, name string, kind inventory.Kind) {
		g.Entities = append(g.Entities, graph.Entity{Key: key, Type: typ, DisplayName: name, Kind: kind, ID: key})
	}
	for i := range 50 {
		api := fmt.Sprintf("https://api%d.acme.test/", i)
		ent(api, "auth0_server", fmt.Sprintf("API %d", i), inventory.KindResourceServers)
		for j := range 10 {
			scope := fmt.Sprintf("scope:%s|scope:%d", api, j)
			ent(scope, "auth0_scope", fmt.Sprintf("scope:%d", j), "")
			rel(api, "HAS", scope)
		}
	}
	for i := range 12 {
		role := fmt.Sprintf("rol_%02d", i)
		ent(role, "auth0_role", fmt.Sprintf("Role %d", i), inventory.KindRoles)
		rel(role, "ALLOWS", fmt.Sprintf("scope:https://api%d.acme.test/|scope:%d", i, i%10))
	}
	for i := range 3000 {
		cl := fmt.Sprintf("cl_%04d", i)
		ent(cl, "auth0_client", fmt.Sprintf("App %d", i), inventory.KindClients)
		rel("acct", "HAS", cl)
		grant := fmt.Sprintf("cgr_%04d", i)
		ent(grant, "auth0_client_grant", grant, inventory.KindClientGrants)
		rel(cl, "HAS", grant)
		rel(grant, "ALLOWS", fmt.Sprintf("https://api%d.acme.test/", i%50))
	}
	for i := range 400 {
		act := fmt.Sprintf("act_%03d", i)
		ent(act, "auth0_action", fmt.Sprintf("Action %d", i), inventory.KindActions)
		rel(act, "READS", "meta:user_metadata.flag")
	}
	ent("meta:user_metadata.flag", "auth0_metadata_field", "user_metadata.flag", "")
	ent("con_db", "auth0_connection", "Username-Password-Authentication", inventory.KindConnections)
	for i := range 60000 {
		u := fmt.Sprintf("auth0|%05d", i)
		ent(u, "auth0_user", u, inventory.KindUsers)
		rel("acct", "HAS", u)
		rel(u, "USES", "con_db")
		if i%8 != 0 {
			rel(u, "ASSIGNED", fmt.Sprintf("rol_%02d", i%12))
		}
		if i%16 == 1 {
			rel(u, "ASSIGNED", fmt.Sprintf("rol_%02d", (i+1)%12))
		}
	}
	return g
}

// BenchmarkWriteGraph draws the big tenant as DOT and as Mermaid; it
// reports the picture's size.
func BenchmarkWriteGraph(b *testing.B) {
	g := bigGraph()
	for _, f := range formats {
		b.Run(string(f), func(b *testing.B) {
			var out bytes.Buffer
			if err := render.WriteGraph(&out, g, f, render.Options{}); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(out.Len()), "bytes/picture")
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := render.WriteGraph(io.Discard, g, f, render.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestBigGraph: at full size, the users are 13 nodes.
func TestBigGraph(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("short")
	}
	var b bytes.Buffer
	if err := render.WriteGraph(&b, bigGraph(), render.DOT, render.Options{}); err != nil {
		t.Fatal(err)
	}
	doc := checkDOT(t, b.String())
	groups := 0
	for id := range doc.nodes {
		if len(id) > 6 && id[:6] == "users_" {
			groups++
		}
	}
	if groups != 13 {
		t.Errorf("%d user nodes, want 13 (12 roles and no role)", groups)
	}
	t.Logf("%d nodes (%d user groups), %d edges, %d clusters, %d bytes; %s", len(doc.nodes), groups, len(doc.edges), len(doc.clusters), b.Len(), doc.graph["label"])
}
