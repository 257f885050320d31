package auth0test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestDeterminism(t *testing.T) {
	t.Parallel()
	paths := []string{"/api/v2/clients?per_page=100", "/api/v2/users?per_page=100&include_totals=true",
		"/api/v2/connections", "/api/v2/logs?per_page=100", "/api/v2/actions/actions", "/api/v2/roles",
		"/api/v2/organizations?take=50", "/api/v2/client-grants", "/api/v2/resource-servers",
		"/api/v2/tenants/settings", "/api/v2/log-streams", "/api/v2/keys/signing"}
	a := start(t, Options{Seed: 42, Preset: PresetSmall})
	b := start(t, Options{Seed: 42, Preset: PresetSmall})
	c := start(t, Options{Seed: 43, Preset: PresetSmall})
	differs := 0
	for _, p := range paths {
		ra, rb, rc := getOK(t, a, p, nil), getOK(t, b, p, nil), getOK(t, c, p, nil)
		if !bytes.Equal(ra.body, rb.body) {
			t.Errorf("%s differs between two servers with the same seed", p)
		}
		if !bytes.Equal(ra.body, rc.body) {
			differs++
		}
	}
	if differs < len(paths)-2 {
		t.Errorf("another seed changed only %d of %d bodies", differs, len(paths))
	}
	// changing one count does not reshuffle the other kinds
	d := start(t, Options{Seed: 42, Preset: PresetSmall, Sizes: &Sizes{Logs: 10}})
	if !bytes.Equal(getOK(t, a, "/api/v2/clients?per_page=100", nil).body, getOK(t, d, "/api/v2/clients?per_page=100", nil).body) {
		t.Errorf("clients changed with the number of logs")
	}
}

func TestPresetsAndSizes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		opts  Options
		users int
	}{
		{Options{}, 10},
		{Options{Preset: PresetSmall}, 500},
		{Options{Preset: PresetSmall, Sizes: &Sizes{Users: 42, Rules: -1}}, 42},
	} {
		tn := generate(tc.opts.Seed, PresetSizes(tc.opts.Preset).merge(tc.opts.Sizes), DefaultDomain, tc.opts.Preset == PresetClean)
		if tn.Count(KindUsers) != tc.users {
			t.Errorf("%+v: %d users", tc.opts, tn.Count(KindUsers))
		}
		if tc.opts.Sizes != nil && tn.Count(KindRules) != 0 {
			t.Errorf("Rules: -1 gave %d rules", tn.Count(KindRules))
		}
	}
	m := PresetSizes(PresetMedium)
	if m.Clients != 1000 || m.Users != 12000 || m.Roles != 300 || m.Organizations != 120 || m.Actions != 150 || m.Logs != 3000 {
		t.Errorf("medium %+v", m)
	}
	if PresetSizes(PresetLarge).Users != 50000 {
		t.Errorf("large")
	}
}

func TestMembershipIsConsistent(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 12, Preset: PresetSmall})
	tn := s.Tenant()
	users := tn.IDs(KindUsers)
	checked := 0
	for _, u := range users[:60] {
		var roles struct {
			Total int              `json:"total"`
			Roles []map[string]any `json:"roles"`
		}
		getOK(t, s, "/api/v2/users/"+url.PathEscape(u)+"/roles?include_totals=true&per_page=100", &roles)
		got := idsOf(t, roles.Roles, "id")
		if !slices.Equal(got, tn.UserRoles(u)) {
			t.Fatalf("%s roles %v, want %v", u, got, tn.UserRoles(u))
		}
		for _, r := range got {
			if !slices.Contains(tn.RoleMembers(r), u) {
				t.Fatalf("%s has role %s but is not among its users", u, r)
			}
		}
		var orgs struct{ Organizations []map[string]any }
		getOK(t, s, "/api/v2/users/"+url.PathEscape(u)+"/organizations?include_totals=true", &orgs)
		for _, o := range idsOf(t, orgs.Organizations, "id") {
			if !slices.Contains(tn.OrganizationMembers(o), u) {
				t.Fatalf("%s lists org %s that does not list it", u, o)
			}
		}
		if len(orgs.Organizations) != len(tn.UserOrganizations(u)) {
			t.Fatalf("%s: %d orgs, want %d", u, len(orgs.Organizations), len(tn.UserOrganizations(u)))
		}
		var perms struct {
			Permissions []struct {
				Name    string `json:"permission_name"`
				RS      string `json:"resource_server_identifier"`
				Sources []struct {
					ID   string `json:"source_id"`
					Type string `json:"source_type"`
				} `json:"sources"`
			} `json:"permissions"`
		}
		getOK(t, s, "/api/v2/users/"+url.PathEscape(u)+"/permissions?include_totals=true&per_page=100", &perms)
		for _, p := range perms.Permissions {
			if len(p.Sources) == 0 || !strings.HasPrefix(p.RS, "https://") {
				t.Fatalf("permission %+v", p)
			}
			for _, src := range p.Sources {
				switch {
				case src.Type == "DIRECT":
					if !slices.Contains(tn.UserDirectPermissions(u), p.RS+" "+p.Name) {
						t.Fatalf("%s: %s %s is not one of the user's direct permissions %v", u, p.RS, p.Name, tn.UserDirectPermissions(u))
					}
				case src.Type != "ROLE" || !slices.Contains(got, src.ID):
					t.Fatalf("permission source %+v not among the user's roles %v", src, got)
				}
			}
			checked++
		}
	}
	if checked == 0 {
		t.Errorf("no user permissions checked")
	}
	// role permissions name real resource servers, but for the one the
	// demo plants on "Editor" for an API that was deleted
	rs := map[string]bool{}
	for _, id := range tn.IDs(KindResourceServers) {
		b, _ := tn.Object(KindResourceServers, id)
		var o struct{ Identifier string }
		_ = json.Unmarshal(b, &o)
		rs[o.Identifier] = true
	}
	dangling := 0
	for _, r := range tn.IDs(KindRoles) {
		var role struct{ Name string }
		getOK(t, s, "/api/v2/roles/"+r, &role)
		var p []struct {
			Name string `json:"permission_name"`
			RS   string `json:"resource_server_identifier"`
		}
		getOK(t, s, "/api/v2/roles/"+r+"/permissions", &p)
		for _, x := range p {
			if rs[x.RS] {
				continue
			}
			if role.Name != "Editor" || x.RS != retiredAudience || x.Name != "read:retired" {
				t.Fatalf("role %s (%s) permission %s on unknown API %s", r, role.Name, x.Name, x.RS)
			}
			dangling++
		}
	}
	if dangling != 1 {
		t.Errorf("%d permissions on the retired API, want 1", dangling)
	}
}

func TestUsersSearch(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 13, Preset: PresetSmall})
	tn := s.Tenant()
	total := func(q string, extra ...string) int {
		t.Helper()
		var env struct{ Total int }
		path := "/api/v2/users?include_totals=true&per_page=1&search_engine=v3&q=" + url.QueryEscape(q) + strings.Join(extra, "")
		getOK(t, s, path, &env)
		n, err := tn.CountUsers(q)
		if err == nil && len(extra) == 0 && n != env.Total {
			t.Errorf("%s: server %d, Tenant.CountUsers %d", q, env.Total, n)
		}
		return env.Total
	}
	all := tn.Count(KindUsers)
	// created_at windows split the users exactly
	a := total("created_at:[* TO 2023-06-01}")
	b := total("created_at:[2023-06-01 TO 2024-06-01}")
	c := total("created_at:[2024-06-01 TO *]")
	if a+b+c != all || a == 0 || b == 0 || c == 0 {
		t.Errorf("windows %d+%d+%d != %d", a, b, c, all)
	}
	var first []struct {
		Email  string `json:"email"`
		UserID string `json:"user_id"`
	}
	getOK(t, s, "/api/v2/users?per_page=1", &first)
	if n := total(`email:"` + first[0].Email + `"`); n != 1 {
		t.Errorf("email exact: %d", n)
	}
	if n := total("user_id:" + strings.ReplaceAll(first[0].UserID, "|", `\|`)); n != 1 {
		t.Errorf("user_id: %d", n)
	}
	google := total("identities.connection:google-oauth2")
	if google == 0 || google+total("NOT identities.connection:google-oauth2") != all {
		t.Errorf("google %d", google)
	}
	if total("identities.connection:google-oauth2", "&connection=google-oauth2") != google {
		t.Errorf("connection parameter")
	}
	if total("email:*@acme.example OR email:*@example.com") == 0 || total("blocked:true") == 0 || total("multifactor:guardian") == 0 {
		t.Errorf("wildcards or flags match nothing")
	}
	if total("user_metadata.requested_scopes:*") == 0 {
		t.Errorf("no user asks for scopes in user_metadata")
	}
	if total("logins_count:[100 TO *] AND (email_verified:true)") == 0 {
		t.Errorf("numeric range")
	}
	wantError(t, get(t, s, "/api/v2/users?q="+url.QueryEscape("created_at:[2020 TO")), 400, "invalid_query_string", "Query validation error")
	wantError(t, get(t, s, "/api/v2/users?search_engine=v1"), 400, "invalid_query_string", "")
	// sort and projection
	var sorted []map[string]any
	getOK(t, s, "/api/v2/users?per_page=20&sort=created_at:-1&fields=user_id,created_at&include_fields=true", &sorted)
	for i, u := range sorted {
		if len(u) != 2 {
			t.Fatalf("projection %v", u)
		}
		if i > 0 && u["created_at"].(string) > sorted[i-1]["created_at"].(string) {
			t.Fatalf("not sorted descending")
		}
	}
	ids := tn.IDs(KindUsers)
	if sorted[0]["user_id"] != ids[len(ids)-1] {
		t.Errorf("created_at:-1 starts at %v", sorted[0]["user_id"])
	}
	var without []map[string]any
	getOK(t, s, "/api/v2/users?per_page=5&fields=identities,picture&include_fields=false", &without)
	for _, u := range without {
		if u["identities"] != nil || u["picture"] != nil || u["user_id"] == nil {
			t.Fatalf("include_fields=false %v", u)
		}
	}
}

// TestScannerFindings checks that the tenant holds what the scanners look
// for.
func TestScannerFindings(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1, Preset: PresetSmall, Scopes: append(AllReadScopes(), "read:client_keys")})
	body := func(p string) string { return string(getOK(t, s, p, nil).body) }
	clients := body("/api/v2/clients?per_page=100")
	conns := body("/api/v2/connections?per_page=100")
	grants := body("/api/v2/client-grants?per_page=100")
	actions := body("/api/v2/actions/actions?per_page=100")
	for _, tc := range []struct{ in, what string }{
		{clients, `"https://*.example.com/callback"`},
		{clients, `"alg":"HS256"`},
		{clients, `"http://auth0.com/oauth/grant-type/password-realm"`},
		{clients, `"rotation_type":"non-rotating","expiration_type":"non-expiring"`},
		{clients, `"global":true`},
		{clients, `"client_secret":`},
		{grants, `"audience":"https://authlens-demo.auth0.example/api/v2/"`},
		{grants, `"delete:users"`},
		{conns, `"passwordPolicy":"none"`},
		{conns, `"brute_force_protection":false`},
		{conns, `"decryptionKey":{"cert":"-----BEGIN CERTIFICATE-----`},
		{conns, `"client_secret":"GOCSPX-`},
		{conns, `"customScripts":`},
		{body("/api/v2/log-streams"), `"httpAuthorization":"Bearer `},
		{body("/api/v2/log-streams"), `"splunkToken":`},
		{body("/api/v2/log-streams"), `"datadogApiKey":`},
		{body("/api/v2/resource-servers?per_page=100"), `"signing_secret":`},
		{actions, `api.accessToken.addScope(wanted)`},
		{actions, `event.request.query.skip_mfa`},
		{actions, `api.user.setAppMetadata('role', role)`},
		{body("/api/v2/rules"), `context.multifactor`},
		{body("/api/v2/tenants/settings"), `"allow_legacy_ro_grant_types":true`},
		{body("/api/v2/attack-protection/breached-password-detection"), `"enabled":true,"shields":["admin_notification"]`},
		{body("/api/v2/attack-protection/suspicious-ip-throttling"), `"enabled":false`},
		{body("/api/v2/guardian/policies"), `[]`},
		{body("/api/v2/users?per_page=100"), `"multifactor":["guardian"]`},
		{body("/api/v2/users?per_page=100"), `"blocked":true`},
	} {
		if !strings.Contains(tc.in, tc.what) {
			t.Errorf("no %s", tc.what)
		}
	}
	// secrets are stored in clear, as the API returns them; values of
	// Actions secrets never are
	if strings.Contains(actions, `"value"`) {
		t.Errorf("action secret values")
	}
}
