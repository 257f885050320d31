package render_test

import (
	"fmt"
	"os"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/graph"
	"github.com/authlens/authlens/posture/render"
)

func ExampleFormatForFile() {
	for _, name := range []string{"tenant.dot", "tenant.mmd", "tenant.png"} {
		f, err := render.FormatForFile(name)
		fmt.Printf("%s: %q %v\n", name, f, err)
	}
	// Output:
	// tenant.dot: "dot" <nil>
	// tenant.mmd: "mermaid" <nil>
	// tenant.png: "" render: unknown format for "tenant.png" (want a .dot, .gv, .mmd or .mermaid file)
}

// Three users, two of them admins: the picture has two user nodes, not
// three.
func ExampleWriteGraph() {
	g := &graph.Graph{
		Entities: []graph.Entity{
			{Key: "rol_1", Type: "auth0_role", DisplayName: "Admin", Kind: inventory.KindRoles, ID: "rol_1"},
			{Key: "u1", Type: "auth0_user", ID: "u1"},
			{Key: "u2", Type: "auth0_user", ID: "u2"},
			{Key: "u3", Type: "auth0_user", ID: "u3"},
		},
		Relationships: []graph.Relationship{
			{Key: "u1|ASSIGNED|rol_1", Class: "ASSIGNED", From: "u1", To: "rol_1"},
			{Key: "u2|ASSIGNED|rol_1", Class: "ASSIGNED", From: "u2", To: "rol_1"},
		},
	}
	if err := render.WriteGraph(os.Stdout, g, render.Mermaid, render.Options{Untitled: true}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// flowchart LR
	//   subgraph cluster_auth0_user_df5956fd ["Users (3)"]
	//     users_rol_1_76afbc14["Role Admin#58; 2 users"]
	//     users_without_a_role_ef23e4dd["1 user without a role"]
	//   end
	//   subgraph cluster_auth0_role_73edc372 ["Roles (1)"]
	//     n_rol_1_76afbc14["Admin<br/>rol_1"]
	//   end
	//   users_rol_1_76afbc14 -->|"ASSIGNED (2)"| n_rol_1_76afbc14
	//   classDef users fill:#e0f2fe,stroke:#0369a1
	//   class users_rol_1_76afbc14,users_without_a_role_ef23e4dd users
}

func ExampleWriteAccess() {
	a := &graph.Access{
		Subject: graph.Entity{Key: "cl_1", Type: "auth0_client", DisplayName: "Billing sync", ID: "cl_1"},
		Grants: []graph.AccessGrant{{
			API: "https://acme.eu.auth0.com/api/v2/", APIName: "Auth0 Management API", Scope: "update:users",
			Via: []graph.Hop{{EntityKey: "cgr_1", Kind: inventory.KindClientGrants, ID: "cgr_1", Name: "cgr_1", Detail: "client grant"}},
		}},
	}
	if err := render.WriteAccess(os.Stdout, a, render.DOT, render.Options{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// digraph authlens {
	//   graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.25, ranksep=0.6, labelloc=t, label="Effective access of Billing sync: 1 scope of 1 API"];
	//   node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];
	//   edge [fontname="Helvetica", fontsize=9, color="#475569"];
	//   subgraph cluster_api_https_acme_eu_auth0_2d692760 {
	//     graph [label="API Auth0 Management API (https://acme.eu.auth0.com/api/v2/)", style="rounded", color="#94a3b8"];
	//     scope_https_acme_eu_auth0_com_075a715d [label="scope update:users", style="rounded,filled", fillcolor="#dcfce7", color="#15803d"];
	//   }
	//   n_cl_1_08688201 [label="client: Billing sync\ncl_1", style="rounded,filled", fillcolor="#dbeafe", color="#1d4ed8", penwidth=2];
	//   n_cgr_1_2bf252df [label="client_grants: cgr_1"];
	//   n_cl_1_08688201 -> n_cgr_1_2bf252df [label="client grant"];
	//   n_cgr_1_2bf252df -> scope_https_acme_eu_auth0_com_075a715d;
	// }
}

func ExampleWritePath() {
	p := &graph.Path{
		Kind:   graph.PathSharedSecretToManagement,
		Title:  "Billing sync's shared secret holds update:users",
		Impact: "critical",
		Steps: []graph.Step{
			{Hop: graph.Hop{Kind: inventory.KindClients, ID: "cl_1", Name: "Billing sync", Detail: "authenticates with a shared secret"},
				Path: "token_endpoint_auth_method"},
			{Hop: graph.Hop{Kind: inventory.KindClientGrants, ID: "cgr_1", Name: "cgr_1", Detail: "grants update:users on the Management API"},
				Path: "scope"},
		},
		Break:  "Use private_key_jwt.",
		Breaks: 0,
	}
	if err := render.WritePath(os.Stdout, p, render.Mermaid, render.Options{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ---
	// title: "Billing sync's shared secret holds update:users (impact: critical)"
	// ---
	// flowchart LR
	//   step_1["Step 1#58; foothold, break here<br/>clients#58; Billing sync<br/>cl_1<br/>authenticates with a shared secret<br/>token_endpoint_auth_method<br/>Break#58; Use private_key_jwt."]
	//   step_2["Step 2#58; privilege<br/>client_grants#58; cgr_1<br/>grants update#58;users on the Management<br/>API<br/>scope"]
	//   step_1 --> step_2
	//   classDef foothold fill:#fef3c7,stroke:#b45309,stroke-width:2px
	//   classDef privilege fill:#fee2e2,stroke:#b91c1c,stroke-width:2px
	//   classDef break stroke:#dc2626,stroke-width:4px,stroke-dasharray:6 4
	//   class step_1 foothold
	//   class step_2 privilege
	//   class step_1 break
}
