package render_test

import (
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/graph"
)

const (
	apiAcme = "https://api.acme.test/"
	apiMgmt = "https://acme.eu.auth0.com/api/v2/"
)

// testGraph is a small tenant built by hand: an account, three
// applications (one with a hostile name), two connections, two roles,
// two APIs with scopes, a client grant, an organization, an Action with
// its trigger, the metadata it reads and the claim it sets, seven users
// (two admins, one admin and support, one support, three without a
// role), and one relationship to a key no entity has.
func testGraph() *graph.Graph {
	ent := func(key, typ, class, name string, kind inventory.Kind, id string) graph.Entity {
		return graph.Entity{Key: key, Type: typ, Class: class, DisplayName: name, Kind: kind, ID: id}
	}
	rel := func(from, verb, to string) graph.Relationship {
		return graph.Relationship{Key: from + "|" + verb + "|" + to, Class: verb, From: from, To: to}
	}
	g := &graph.Graph{
		Entities: []graph.Entity{
			ent("acme.eu.auth0.com", "auth0_account", "Account", "acme.eu.auth0.com", "", ""),
			ent("cl_web", "auth0_client", "Application", "Web shop", inventory.KindClients, "cl_web"),
			ent("cl_m2m", "auth0_client", "Application", "Billing sync", inventory.KindClients, "cl_m2m"),
			ent("cl_evil", "auth0_client", "Application", `A"];click B call x() <script>alert(1)</script>`, inventory.KindClients, "cl_evil"),
			ent("con_db", "auth0_connection", "Directory", "Username-Password-Authentication", inventory.KindConnections, "con_db"),
			ent("con_google", "auth0_connection", "Directory", "google-oauth2", inventory.KindConnections, "con_google"),
			ent("rol_admin", "auth0_role", "AccessRole", "Admin", inventory.KindRoles, "rol_admin"),
			ent("rol_support", "auth0_role", "AccessRole", "Support", inventory.KindRoles, "rol_support"),
			ent(apiAcme, "auth0_server", "Host", "Acme API", inventory.KindResourceServers, apiAcme),
			ent(apiMgmt, "auth0_server", "Host", "Auth0 Management API", inventory.KindResourceServers, apiMgmt),
			ent("scope:"+apiAcme+"|admin:write", "auth0_scope", "AccessPolicy", "admin:write", "", ""),
			ent("scope:"+apiAcme+"|read:orders", "auth0_scope", "AccessPolicy", "read:orders", "", ""),
			ent("cgr_1", "auth0_client_grant", "AccessPolicy", "Billing sync → Auth0 Management API", inventory.KindClientGrants, "cgr_1"),
			ent("org_1", "auth0_organization", "Organization", "Partners", inventory.KindOrganizations, "org_1"),
			ent("act_1", "auth0_action", "Function", "Add roles", inventory.KindActions, "act_1"),
			ent("trigger:post-login", "auth0_trigger", "Configuration", "post-login", "", ""),
			ent("metadata:user_metadata.is_admin", "auth0_metadata_field", "DataObject", "user_metadata.is_admin", "", ""),
			ent("claim:https://acme.test/roles", "auth0_claim", "DataObject", "https://acme.test/roles", "", ""),
		},
		Relationships: []graph.Relationship{
			rel("acme.eu.auth0.com", "HAS", "cl_web"),
			rel("acme.eu.auth0.com", "HAS", "cl_m2m"),
			rel("acme.eu.auth0.com", "HAS", "cl_evil"),
			rel("cl_web", "USES", "con_db"),
			rel("cl_web", "USES", "con_google"),
			rel("cl_m2m", "HAS", "cgr_1"),
			rel("cgr_1", "ALLOWS", apiMgmt),
			rel("rol_admin", "ALLOWS", "scope:"+apiAcme+"|admin:write"),
			rel("rol_admin", "ALLOWS", "scope:"+apiAcme+"|read:orders"),
			rel("rol_support", "ALLOWS", "scope:"+apiAcme+"|read:orders"),
			rel(apiAcme, "HAS", "scope:"+apiAcme+"|admin:write"),
			rel(apiAcme, "HAS", "scope:"+apiAcme+"|read:orders"),
			rel("trigger:post-login", "TRIGGERS", "act_1"),
			rel("act_1", "READS", "metadata:user_metadata.is_admin"),
			rel("act_1", "GRANTS", "scope:"+apiAcme+"|admin:write"),
			rel("act_1", "WRITES", "claim:https://acme.test/roles"),
			rel("act_1", "WRITES", "metadata:app_metadata.role"), // no such entity
		},
	}
	users := []struct {
		id    string
		roles []string
		conn  string
	}{
		{"auth0|u1", []string{"rol_admin"}, "con_db"},
		{"auth0|u2", []string{"rol_admin"}, "con_db"},
		{"auth0|u3", []string{"rol_admin", "rol_support"}, "con_db"},
		{"auth0|u4", []string{"rol_support"}, "con_db"},
		{"auth0|u5", nil, "con_db"},
		{"google-oauth2|u6", nil, "con_google"},
		{"google-oauth2|u7", nil, "con_google"},
	}
	for _, u := range users {
		g.Entities = append(g.Entities, ent(u.id, "auth0_user", "User", u.id+"@example.com", inventory.KindUsers, u.id))
		g.Relationships = append(g.Relationships, rel("acme.eu.auth0.com", "HAS", u.id), rel(u.id, "USES", u.conn))
		for _, r := range u.roles {
			g.Relationships = append(g.Relationships, rel(u.id, "ASSIGNED", r))
		}
	}
	g.Relationships = append(g.Relationships, rel("org_1", "HAS", "google-oauth2|u6"))
	g.Paths = []graph.Path{testPath()}
	return g
}

// testAccess is what user u3 (Admin and Support) reaches, and through
// what.
func testAccess() *graph.Access {
	subject := graph.Entity{Key: "auth0|u3", Type: "auth0_user", Class: "User", DisplayName: "u3@example.com", Kind: inventory.KindUsers, ID: "auth0|u3"}
	self := graph.Hop{EntityKey: subject.Key, Kind: inventory.KindUsers, ID: subject.ID, Name: subject.DisplayName}
	admin := graph.Hop{EntityKey: "rol_admin", Kind: inventory.KindRoles, ID: "rol_admin", Name: "Admin", Detail: "assigned the role"}
	support := graph.Hop{EntityKey: "rol_support", Kind: inventory.KindRoles, ID: "rol_support", Name: "Support", Detail: "assigned the role"}
	action := graph.Hop{EntityKey: "act_1", Kind: inventory.KindActions, ID: "act_1", Name: "Add roles", Detail: "runs at post-login"}
	return &graph.Access{
		Subject: subject,
		Grants: []graph.AccessGrant{
			{API: apiAcme, APIName: "Acme API", Scope: "admin:write", Via: []graph.Hop{self, admin}},
			{API: apiAcme, APIName: "Acme API", Scope: "admin:write", Via: []graph.Hop{self, action},
				Condition: "event.user.user_metadata.is_admin === true"},
			{API: apiAcme, APIName: "Acme API", Scope: "read:orders", Via: []graph.Hop{self, admin}},
			{API: apiAcme, APIName: "Acme API", Scope: "read:orders", Via: []graph.Hop{self, support}},
			{API: apiMgmt, APIName: "Auth0 Management API", Scope: "*", Via: []graph.Hop{self, action,
				{EntityKey: "cl_m2m", Kind: inventory.KindClients, ID: "cl_m2m", Name: "Billing sync", Detail: "its secret is in the Action's code"}}},
		},
	}
}

// testPath is CYBRET's first example path: anyone who signs up writes
// user_metadata, which an Action turns into a privileged scope.
func testPath() graph.Path {
	return graph.Path{
		ID:     "p_3f2a",
		Kind:   graph.PathUserInputToPrivilege,
		Title:  "Self-signup user sets user_metadata.is_admin and gets admin:write",
		Impact: "critical",
		Steps: []graph.Step{
			{Hop: graph.Hop{EntityKey: "con_db", Kind: inventory.KindConnections, ID: "con_db", Name: "Username-Password-Authentication",
				Detail: "anyone can sign up"}, Path: "options.disable_signup"},
			{Hop: graph.Hop{EntityKey: "metadata:user_metadata.is_admin", Name: "user_metadata.is_admin",
				Detail: "every user writes their own user_metadata"}},
			{Hop: graph.Hop{EntityKey: "act_1", Kind: inventory.KindActions, ID: "act_1", Name: "Add roles",
				Detail: `api.accessToken.addScope("admin:write") when event.user.user_metadata.is_admin is true`}, Path: "code", Line: 4, Column: 5},
			{Hop: graph.Hop{EntityKey: "scope:" + apiAcme + "|admin:write", Name: "admin:write",
				Detail: "scope of Acme API: write access to every account"}},
		},
		Break:  "Decide on app_metadata, which users cannot write, not on user_metadata.",
		Breaks: 2,
	}
}
