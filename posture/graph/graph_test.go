package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
)

func entityTypes(g *Graph) map[string]string {
	out := map[string]string{}
	for _, e := range g.Entities {
		out[e.Key] = e.Type
	}
	return out
}

func relationship(g *Graph, key string) (Relationship, bool) {
	for _, r := range g.Relationships {
		if r.Key == key {
			return r, true
		}
	}
	return Relationship{}, false
}

// The entities and relationships of a small tenant, in JupiterOne's
// shape and graph-auth0's names.
func TestBuildEntitiesAndRelationships(t *testing.T) {
	t.Parallel()
	g := build(t, baseSnap())
	types := entityTypes(g)
	for key, typ := range map[string]string{
		"auth0_account:example.eu.auth0.com": TypeAccount,
		"cl_portal":                          TypeClient,
		"cl_global":                          TypeClient,
		"auth0|u1":                           TypeUser,
		"rol_admin":                          TypeRole,
		"https://api.example.com/orders":     TypeServer,
		mgmtAPI:                              TypeServer,
		"auth0_scope:https://api.example.com/orders admin:all": TypeScope,
		"auth0_connection:con_db":                              TypeConnection,
		"auth0_client_grant:cgr_m2m":                           TypeClientGrant,
		"auth0_organization:org_acme":                          TypeOrganization,
	} {
		if types[key] != typ {
			t.Errorf("entity %s: type %q, want %s", key, types[key], typ)
		}
	}
	if len(g.Missing) != 0 {
		t.Errorf("missing %v", g.Missing)
	}
	for _, tc := range []struct {
		key, typ string
		props    map[string]any
	}{
		{"auth0_account:example.eu.auth0.com|HAS|cl_portal", "auth0_account_has_client", nil},
		{"auth0_account:example.eu.auth0.com|HAS|auth0|u1", "auth0_account_has_user", nil},
		{"auth0|u1|ASSIGNED|rol_admin", "auth0_user_assigned_role", nil},
		{"rol_admin|PROTECTS|https://api.example.com/orders", "auth0_role_protects_server", nil},
		{"rol_admin|ALLOWS|auth0_scope:https://api.example.com/orders admin:all", "auth0_role_allows_scope",
			map[string]any{"api": "https://api.example.com/orders"}},
		{"https://api.example.com/orders|HAS|auth0_scope:https://api.example.com/orders read:orders", "auth0_server_has_scope", nil},
		{"auth0_connection:con_db|ALLOWS|cl_portal", "auth0_connection_allows_client", nil},
		{"auth0|u1|USES|auth0_connection:con_db", "auth0_user_uses_connection", map[string]any{"primary": true, "provider": "auth0"}},
		{"cl_m2m|HAS|auth0_client_grant:cgr_m2m", "auth0_client_has_client_grant", nil},
		{"auth0_client_grant:cgr_m2m|ALLOWS|" + mgmtAPI, "auth0_client_grant_allows_server", nil},
		{"auth0_client_grant:cgr_m2m|ALLOWS|auth0_scope:" + mgmtAPI + " create:client_grants", "auth0_client_grant_allows_scope", nil},
		{"auth0_organization:org_acme|HAS|auth0|u2", "auth0_organization_has_user", nil},
		{"auth0|u2|ASSIGNED|rol_reader|org_acme", "auth0_user_assigned_role",
			map[string]any{"organization": "org_acme", "organization_name": "Acme"}},
		{"auth0_organization:org_acme|USES|auth0_connection:con_db", "auth0_organization_uses_connection",
			map[string]any{"assign_membership_on_login": false, "is_signup_enabled": true}},
	} {
		r, ok := relationship(g, tc.key)
		if !ok {
			t.Errorf("no relationship %s", tc.key)
			continue
		}
		if r.Type != tc.typ {
			t.Errorf("%s: type %s, want %s", tc.key, r.Type, tc.typ)
		}
		for k, v := range tc.props {
			if r.Properties[k] != v {
				t.Errorf("%s: %s = %v, want %v", tc.key, k, r.Properties[k], v)
			}
		}
	}
	// the idle connection serves no application; u3 uses it
	if _, ok := relationship(g, "auth0_connection:con_idle|ALLOWS|cl_portal"); ok {
		t.Error("the idle connection allows the portal")
	}
	// properties a security team queries
	for key, want := range map[string]map[string]any{
		"cl_portal":                          {"app_type": "regular_web", "token_endpoint_auth_method": "client_secret_post", "is_first_party": true, "shared_secret": true},
		"cl_pkjwt":                           {"token_endpoint_auth_method": "private_key_jwt", "shared_secret": false},
		"https://legacy.example.com/":        {"enforce_policies": false, "signing_alg": "RS256", "identifier": "https://legacy.example.com/"},
		"auth0_connection:con_db":            {"strategy": "auth0", "signup_open": true, "trusts_email_verified": false, "enabled_clients": 1},
		"auth0_connection:con_az":            {"trusts_email_verified": true, "email_verified_source": "options.should_trust_email_verified_connection"},
		"auth0_connection:con_idle":          {"signup_open": false},
		"auth0|u1":                           {"connection": "Username-Password-Authentication", "email_verified": true, "mfa_enrolled": true, "blocked": false},
		"waad|u3":                            {"blocked": true, "mfa_enrolled": false},
		"rol_admin":                          {"name": "Admin"},
		"auth0_client_grant:cgr_m2m":         {"management_api": true, "audience": mgmtAPI},
		"auth0_organization:org_acme":        {"name": "acme"},
		"auth0_account:example.eu.auth0.com": {"domain": "example.eu.auth0.com"},
	} {
		e, ok := g.Entity(key)
		if !ok {
			t.Errorf("no entity %s", key)
			continue
		}
		for k, v := range want {
			if e.Properties[k] != v {
				t.Errorf("%s: %s = %#v, want %#v", key, k, e.Properties[k], v)
			}
		}
	}
	if e, _ := g.Entity("cl_portal"); e.Kind != inventory.KindClients || e.ID != "cl_portal" || e.DisplayName != "Portal" || e.Class != "Application" {
		t.Errorf("portal entity %+v", e)
	}
	// sorted by key, every relationship between entities of the graph
	if !slices.IsSortedFunc(g.Entities, func(a, b Entity) int { return strings.Compare(a.Key, b.Key) }) {
		t.Error("entities not sorted")
	}
	for _, r := range g.Relationships {
		if _, ok := g.Entity(r.From); !ok {
			t.Errorf("%s leaves no entity", r.Key)
		}
		if _, ok := g.Entity(r.To); !ok {
			t.Errorf("%s reaches no entity", r.Key)
		}
	}
}

// The JSON export: JupiterOne's member names, flat properties, sorted,
// the same bytes every time, and no secret.
func TestWriteJSON(t *testing.T) {
	t.Parallel()
	var a, b bytes.Buffer
	if err := build(t, baseSnap()).WriteJSON(&a); err != nil {
		t.Fatal(err)
	}
	if err := build(t, baseSnap()).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two builds of one tenant write different JSON")
	}
	var doc struct {
		Entities      []map[string]any `json:"entities"`
		Relationships []map[string]any `json:"relationships"`
	}
	if err := json.Unmarshal(a.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, a.String())
	}
	if len(doc.Entities) == 0 || len(doc.Relationships) == 0 {
		t.Fatal("empty export")
	}
	for _, e := range doc.Entities {
		for _, m := range []string{"_key", "_type", "_class", "displayName"} {
			if _, ok := e[m].(string); !ok {
				t.Errorf("entity without %s: %v", m, e)
			}
		}
		for k, v := range e {
			switch v.(type) {
			case map[string]any:
				t.Errorf("entity %v: property %s is not flat", e["_key"], k)
			}
		}
	}
	var keys []string
	for _, r := range doc.Relationships {
		for _, m := range []string{"_key", "_type", "_class", "_fromEntityKey", "_toEntityKey"} {
			if _, ok := r[m].(string); !ok {
				t.Errorf("relationship without %s: %v", m, r)
			}
		}
		keys = append(keys, r["_key"].(string))
	}
	if !slices.IsSorted(keys) {
		t.Error("relationships not sorted by key")
	}
	var portal map[string]any
	for _, e := range doc.Entities {
		if e["_key"] == "cl_portal" {
			portal = e
		}
	}
	if portal["_type"] != "auth0_client" || portal["_class"] != "Application" || portal["app_type"] != "regular_web" {
		t.Errorf("portal %v", portal)
	}
	for _, secret := range []string{"az-secret-value-123456", "[REDACTED]"} {
		if bytes.Contains(a.Bytes(), []byte(secret)) {
			t.Errorf("the export holds %q", secret)
		}
	}
}

// Kinds not read leave their part out and are listed.
func TestMissingKinds(t *testing.T) {
	t.Parallel()
	g := build(t, baseSnap().without(inventory.KindUsers).forbid(inventory.KindRoles, "read:roles"))
	if !slices.Equal(g.Missing, []inventory.Kind{inventory.KindRoles, inventory.KindUsers}) {
		t.Errorf("missing %v", g.Missing)
	}
	for _, e := range g.Entities {
		if e.Type == TypeUser || e.Type == TypeRole {
			t.Errorf("entity %s of a kind not read", e.Key)
		}
	}
	if _, err := g.Access("auth0|u1"); !errors.Is(err, ErrUnknownSubject) {
		t.Errorf("access of a user not read: %v", err)
	}
	// Options.Kinds: kinds left out are not missing
	tn := baseSnap().tenant(t)
	g, err := Build(tn, Options{Kinds: []inventory.Kind{inventory.KindClients, inventory.KindClientGrants, inventory.KindResourceServers}})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Missing) != 0 {
		t.Errorf("missing %v", g.Missing)
	}
	for _, e := range g.Entities {
		switch e.Type {
		case TypeAccount, TypeClient, TypeClientGrant, TypeServer, TypeScope:
		default:
			t.Errorf("entity %s of a kind left out", e.Key)
		}
	}
	if _, err := Build(nil, Options{}); err == nil {
		t.Error("Build(nil) succeeded")
	}
}
