package graph_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/graph"
	"github.com/authlens/authlens/posture/model"
)

// snapshot is a small tenant: Alice holds the Support role on the Orders
// API and logs in with a database connection, and a post-login Action adds
// the admin:all scope from a value in the user's metadata. metadata names
// which: app_metadata (written by the tenant) or user_metadata (written by
// the user).
func snapshot(metadata string) *inventory.Snapshot {
	snap, err := inventory.Load(strings.NewReader(`{"version":1,"tenant":"https://example.eu.auth0.com","kinds":{
"users":{"status":"ok","count":1,"records":{
"auth0|alice":{"user_id":"auth0|alice","connection":"Username-Password-Authentication","identities":[{"connection":"Username-Password-Authentication","provider":"auth0"}]}}},
"roles":{"status":"ok","count":1,"records":{
"rol_support":{"id":"rol_support","name":"Support","members":["auth0|alice"],"permissions":[{"permission_name":"read:orders","resource_server_identifier":"https://api.example.com/orders","resource_server_name":"Orders API"}]}}},
"resource_servers":{"status":"ok","count":1,"records":{
"rs_orders":{"id":"rs_orders","identifier":"https://api.example.com/orders","name":"Orders API","enforce_policies":true,"scopes":[{"value":"read:orders"},{"value":"admin:all"}],"signing_alg":"RS256"}}},
"clients":{"status":"ok","count":1,"records":{"cl_shop":{"client_id":"cl_shop","name":"Shop","app_type":"regular_web"}}},
"connections":{"status":"ok","count":1,"records":{"con_db":{"id":"con_db","name":"Username-Password-Authentication","strategy":"auth0","enabled_clients":["cl_shop"]}}},
"client_grants":{"status":"ok","count":0,"records":{}},
"organizations":{"status":"ok","count":0,"records":{}},
"rules":{"status":"ok","count":0,"records":{}},
"hooks":{"status":"ok","count":0,"records":{}},
"guardian_policies":{"status":"ok","count":0,"records":{}},
"actions":{"status":"ok","count":1,"records":{
"act_admin":{"id":"act_admin","name":"Admin scope","runtime":"node22","supported_triggers":[{"id":"post-login","version":"v3"}],"deployed_version":{"deployed":true,
  "code":"exports.onExecutePostLogin = async (event, api) => {\n  if (event.user.` + metadata + `.role === 'admin') {\n    api.accessToken.addScope('admin:all');\n  }\n};"}}}},
"trigger_bindings":{"status":"ok","count":1,"records":{
"post-login":{"trigger_id":"post-login","bindings":[{"id":"bnd_1","action":{"id":"act_admin","name":"Admin scope"},"display_name":"Admin scope"}]}}}}}`))
	if err != nil {
		log.Fatal(err)
	}
	return snap
}

// What can Alice reach, and through what?
func ExampleGraph_Access() {
	g, err := graph.Build(model.New(snapshot("app_metadata")), graph.Options{})
	if err != nil {
		log.Fatal(err)
	}
	access, err := g.Access("auth0|alice")
	if err != nil {
		log.Fatal(err)
	}
	for _, grant := range access.Grants {
		fmt.Printf("%s %s\n", grant.APIName, grant.Scope)
		for _, hop := range grant.Via {
			fmt.Printf("    %s: %s\n", hop.Name, hop.Detail)
		}
	}
	// Output:
	// Orders API admin:all
	//     auth0|alice: the user
	//     Username-Password-Authentication: logs in through it to the applications it is enabled for
	//     Admin scope: adds scope admin:all when app_metadata.role allows it (line 3)
	// Orders API read:orders
	//     auth0|alice: the user
	//     Support: assigned the role
}

// When the value that decides a scope comes from user_metadata, which the
// user can write, the graph holds an attack path: from anyone who can log
// in to the scope, with the change that breaks it.
func ExampleBuild() {
	g, err := graph.Build(model.New(snapshot("user_metadata")), graph.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range g.Paths {
		fmt.Println(p.Impact, p.Kind)
		fmt.Println("from:", p.Foothold)
		fmt.Println("to:  ", p.Privilege)
		for _, s := range p.Steps {
			at := ""
			if s.Line > 0 {
				at = fmt.Sprintf(" (line %d)", s.Line)
			}
			fmt.Printf("    %s%s: %s\n", s.Name, at, s.Detail)
		}
		fmt.Println("break:", p.Break)
	}
	// Output:
	// high user_input_to_privilege
	// from: any user of the tenant (user_metadata is theirs to edit)
	// to:   scope admin:all of Orders API
	//     example.eu.auth0.com: any user of the tenant edits their own user_metadata
	//     user_metadata.role: user_metadata.role: the user edits it, and sets it at signup
	//     Admin scope (line 2): reads event.user.user_metadata.role
	//     Admin scope (line 3): adds scope admin:all to the access token when user_metadata.role allows it
	//     admin:all: scope admin:all of Orders API
	//     Orders API: accepts the access token with scope admin:all
	// break: read the flag from app_metadata that only your backend writes, not user_metadata
}
