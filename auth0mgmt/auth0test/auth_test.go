package auth0test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func postToken(t *testing.T, s *Server, contentType, body string, basic [2]string) reply {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, s.URL()+"/oauth/token", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if basic[0] != "" {
		req.SetBasicAuth(basic[0], basic[1])
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return reply{resp.StatusCode, resp.Header, []byte(b.String())}
}

func TestTokenEndpoint(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1})
	id, secret := s.ClientCredentials()
	form := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v.Encode()
	}
	const formCT = "application/x-www-form-urlencoded"
	hostAud := "https://" + strings.TrimPrefix(s.URL(), "http://") + "/api/v2/"
	tests := []struct {
		name        string
		ct, body    string
		basic       [2]string
		status      int
		wantErr     string
		wantErrDesc string
		wantScope   string
	}{
		{name: "form", ct: formCT, body: form("grant_type", "client_credentials", "client_id", id, "client_secret", secret, "audience", s.Audience()),
			status: 200, wantScope: strings.Join(AllReadScopes(), " ")},
		{name: "json", ct: "application/json", body: `{"grant_type":"client_credentials","client_id":"` + id + `","client_secret":"` + secret + `","audience":"` + hostAud + `"}`,
			status: 200},
		{name: "basic and canonical audience", ct: formCT, body: form("grant_type", "client_credentials", "audience", s.Tenant().ManagementAudience()),
			basic: [2]string{id, secret}, status: 200},
		{name: "scope subset", ct: formCT, body: form("grant_type", "client_credentials", "client_id", id, "client_secret", secret, "audience", s.Audience(), "scope", "read:users read:logs"),
			status: 200, wantScope: "read:users read:logs"},
		{name: "scope not granted", ct: formCT, body: form("grant_type", "client_credentials", "client_id", id, "client_secret", secret, "audience", s.Audience(), "scope", "read:users read:client_keys"),
			status: 403, wantErr: "access_denied", wantErrDesc: "Client has not been granted scopes: read:client_keys"},
		{name: "wrong secret", ct: formCT, body: form("grant_type", "client_credentials", "client_id", id, "client_secret", "nope", "audience", s.Audience()),
			status: 401, wantErr: "access_denied", wantErrDesc: "Unauthorized"},
		{name: "unknown client", ct: formCT, body: form("grant_type", "client_credentials", "client_id", "x", "client_secret", secret, "audience", s.Audience()),
			status: 401, wantErr: "access_denied", wantErrDesc: "Unauthorized"},
		{name: "wrong audience", ct: formCT, body: form("grant_type", "client_credentials", "client_id", id, "client_secret", secret, "audience", "https://example.com/api/v2/"),
			status: 403, wantErr: "access_denied", wantErrDesc: "Service not enabled within domain: https://example.com/api/v2/"},
		{name: "audience without slash", ct: formCT, body: form("grant_type", "client_credentials", "client_id", id, "client_secret", secret, "audience", strings.TrimSuffix(s.Audience(), "/")),
			status: 403, wantErr: "access_denied"},
		{name: "password grant", ct: formCT, body: form("grant_type", "password", "client_id", id, "client_secret", secret, "audience", s.Audience()),
			status: 403, wantErr: "unauthorized_client"},
		{name: "no grant type", ct: formCT, body: form("client_id", id, "client_secret", secret), status: 400, wantErr: "invalid_request"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := postToken(t, s, tc.ct, tc.body, tc.basic)
			if r.status != tc.status {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if tc.status != 200 {
				var e struct {
					Error string `json:"error"`
					Desc  string `json:"error_description"`
				}
				if err := json.Unmarshal(r.body, &e); err != nil || e.Error != tc.wantErr || (tc.wantErrDesc != "" && e.Desc != tc.wantErrDesc) {
					t.Fatalf("error body %s", r.body)
				}
				return
			}
			var tok struct {
				AccessToken string `json:"access_token"`
				TokenType   string `json:"token_type"`
				ExpiresIn   int    `json:"expires_in"`
				Scope       string `json:"scope"`
			}
			if err := json.Unmarshal(r.body, &tok); err != nil || tok.AccessToken == "" || tok.TokenType != "Bearer" || tok.ExpiresIn != 86400 {
				t.Fatalf("token body %s", r.body)
			}
			if tc.wantScope != "" && tok.Scope != tc.wantScope {
				t.Fatalf("scope %q, want %q", tok.Scope, tc.wantScope)
			}
			if got := do(t, s, "GET", "/api/v2/users?per_page=1", tok.AccessToken, nil); got.status != 200 {
				t.Fatalf("issued token refused: %d %s", got.status, got.body)
			}
		})
	}
}

func TestIssuedTokensExpire(t *testing.T) {
	t.Parallel()
	clock := newClock()
	s := start(t, Options{Seed: 1, Now: clock.Now})
	id, secret := s.ClientCredentials()
	r := postToken(t, s, "application/x-www-form-urlencoded", url.Values{"grant_type": {"client_credentials"},
		"client_id": {id}, "client_secret": {secret}, "audience": {s.Audience()}}.Encode(), [2]string{})
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.Unmarshal(r.body, &tok)
	if got := do(t, s, "GET", "/api/v2/roles", tok.AccessToken, nil); got.status != 200 {
		t.Fatalf("fresh token: %d", got.status)
	}
	clock.Advance(24*time.Hour + time.Second)
	wantError(t, do(t, s, "GET", "/api/v2/roles", tok.AccessToken, nil), 401, "", "Expired token")
	if got := get(t, s, "/api/v2/roles"); got.status != 200 {
		t.Fatalf("the static token expired: %d", got.status)
	}
	if st := s.Stats(); st.TokensIssued != 1 || st.ByRoute["POST /oauth/token"] != 1 {
		t.Errorf("stats %+v", st)
	}
}

// TokenLifetime: tokens that expire within seconds, as expires_in says.
func TestTokenLifetimeOption(t *testing.T) {
	t.Parallel()
	clock := newClock()
	s := start(t, Options{Seed: 1, Now: clock.Now, TokenLifetime: 5 * time.Second})
	id, secret := s.ClientCredentials()
	r := postToken(t, s, "application/x-www-form-urlencoded", url.Values{"grant_type": {"client_credentials"},
		"client_id": {id}, "client_secret": {secret}, "audience": {s.Audience()}}.Encode(), [2]string{})
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	_ = json.Unmarshal(r.body, &tok)
	if tok.ExpiresIn != 5 {
		t.Fatalf("expires_in %d, want 5", tok.ExpiresIn)
	}
	clock.Advance(4 * time.Second)
	if got := do(t, s, "GET", "/api/v2/roles", tok.AccessToken, nil); got.status != 200 {
		t.Fatalf("token 4 s old: %d", got.status)
	}
	clock.Advance(time.Second)
	wantError(t, do(t, s, "GET", "/api/v2/roles", tok.AccessToken, nil), 401, "", "Expired token")
}

func TestAPIAuthentication(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1})
	wantError(t, do(t, s, "GET", "/api/v2/clients", "", nil), 401, "", "Missing authentication")
	wantError(t, do(t, s, "GET", "/api/v2/clients", "not-a-token", nil), 401, "", "Invalid token")
	wantError(t, do(t, s, "GET", "/api/v2/does-not-exist", "-", nil), 404, "", "Not Found")
	r := do(t, s, "GET", "/api/v2/clients", "", nil)
	for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Auth0-RequestId"} {
		if r.header.Get(h) == "" {
			t.Errorf("401 without %s", h)
		}
	}
}

func TestScopes(t *testing.T) {
	t.Parallel()
	noClients := start(t, Options{Seed: 1, Scopes: []string{"read:users", "read:connections"}})
	wantError(t, get(t, noClients, "/api/v2/clients"), 403, "insufficient_scope", "Insufficient scope, expected any of: read:clients")
	wantError(t, get(t, noClients, "/api/v2/roles/x"), 403, "insufficient_scope", "read:roles")
	// without read:connections_options there are no options
	r := getOK(t, noClients, "/api/v2/connections", nil)
	if strings.Contains(string(r.body), `"options"`) {
		t.Errorf("options without read:connections_options")
	}
	// without read:users_app_metadata there is no app_metadata
	var users []map[string]any
	getOK(t, noClients, "/api/v2/users?per_page=100", &users)
	for _, u := range users {
		if _, ok := u["app_metadata"]; ok {
			t.Fatalf("app_metadata without read:users_app_metadata")
		}
	}

	s := start(t, Options{Seed: 1})
	r = getOK(t, s, "/api/v2/connections", nil)
	if !strings.Contains(string(r.body), `"options"`) {
		t.Errorf("no options with read:connections_options")
	}
	if r := getOK(t, s, "/api/v2/clients", nil); strings.Contains(string(r.body), `"client_secret"`) {
		t.Errorf("client_secret without read:client_keys")
	}
	s.SetFaults(Faults{MissingScopes: []string{"read:logs", "read:connections_options"}})
	wantError(t, get(t, s, "/api/v2/logs"), 403, "insufficient_scope", "expected any of: read:logs")
	if r := getOK(t, s, "/api/v2/connections", nil); strings.Contains(string(r.body), `"options"`) {
		t.Errorf("options with read:connections_options missing by fault")
	}
	keys := start(t, Options{Seed: 1, Scopes: append(AllReadScopes(), "read:client_keys")})
	if r := getOK(t, keys, "/api/v2/clients", nil); !strings.Contains(string(r.body), `"client_secret"`) {
		t.Errorf("no client_secret with read:client_keys")
	}
	for _, sc := range AllReadScopes() {
		if sc == "read:client_keys" || !strings.HasPrefix(sc, "read:") {
			t.Errorf("AllReadScopes has %s", sc)
		}
	}
}

func TestNotFoundBodies(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1})
	tests := []struct{ path, code, msg string }{
		{"/api/v2/users/auth0%7C000000000000000000000000", "inexistent_user", "The user does not exist."},
		{"/api/v2/clients/nope", "inexistent_client", "The client does not exist"},
		{"/api/v2/connections/con_nope", "inexistent_connection", "The connection does not exist"},
		{"/api/v2/client-grants/cgr_nope", "inexistent_client_grant", "The grant does not exist."},
		{"/api/v2/resource-servers/nope", "inexistent_resource_server", "The resource server does not exist"},
		{"/api/v2/roles/rol_nope", "", "The role does not exist."},
		{"/api/v2/roles/rol_nope/users", "", "The role does not exist."},
		{"/api/v2/organizations/org_nope", "", "No organization found by that id or name"},
		{"/api/v2/organizations/name/nope", "", "No organization found by that id or name"},
		{"/api/v2/rules/rul_nope", "inexistent_rule", "The rule does not exist"},
		{"/api/v2/hooks/nope", "HookDoesNotExist", "Error: Hook does not exist"},
		{"/api/v2/log-streams/lst_nope", "", "The log stream does not exist."},
		{"/api/v2/custom-domains/cd_nope", "inexistent_custom_domain", "The custom domain cd_nope does not exist"},
		{"/api/v2/email-templates/async_approval", "inexistent_email_template", "The template does not exist."},
		{"/api/v2/jobs/job_nope", "inexistent_job", "The job does not exist."},
		{"/api/v2/network-acls/nope", "", "NetworkACL with this ID was not found"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			wantError(t, get(t, s, tc.path), 404, tc.code, tc.msg)
		})
	}
	// and the objects that exist are found by id
	tn := s.Tenant()
	for _, k := range []Kind{KindUsers, KindClients, KindConnections, KindClientGrants, KindResourceServers,
		KindRoles, KindOrganizations, KindActions, KindRules, KindHooks, KindLogStreams, KindCustomDomains, KindNetworkACLs} {
		id := tn.IDs(k)[0]
		path := map[Kind]string{KindUsers: "users", KindClients: "clients", KindConnections: "connections",
			KindClientGrants: "client-grants", KindResourceServers: "resource-servers", KindRoles: "roles",
			KindOrganizations: "organizations", KindActions: "actions/actions", KindRules: "rules", KindHooks: "hooks",
			KindLogStreams: "log-streams", KindCustomDomains: "custom-domains", KindNetworkACLs: "network-acls"}[k]
		r := getOK(t, s, "/api/v2/"+path+"/"+esc(id), nil)
		want, _ := tn.Object(k, id)
		if k != KindClients && string(r.body) != string(want) { // clients: no client_secret without read:client_keys
			t.Errorf("%s %s differs from Tenant.Object", k, id)
		}
	}
	var org map[string]any
	getOK(t, s, "/api/v2/organizations/"+tn.IDs(KindOrganizations)[0], &org)
	getOK(t, s, "/api/v2/organizations/name/"+org["name"].(string), nil)
	getOK(t, s, "/api/v2/resource-servers/"+esc(tn.ManagementAudience()), nil)
	if st := s.Stats(); st.ByRoute["GET /api/v2/organizations/name/{name}"] < 1 {
		t.Errorf("by-name route stats %v", st.ByRoute)
	}
}

func TestRoutesNeedTheirScope(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1})
	fill := strings.NewReplacer("{id}", "x", "{user_id}", "x", "{connection_id}", "x", "{invitation_id}", "x",
		"{name}", "x", "{triggerId}", "post-login", "{templateName}", "verify_email", "{kid}", "x")
	for _, r := range Routes() {
		if !strings.HasPrefix(r.Scope, "read:") || !slices.Contains(AllReadScopes(), r.Scope) {
			t.Errorf("%s needs %s", r.Pattern, r.Scope)
		}
		method, path, _ := strings.Cut(r.Pattern, " ")
		s.SetFaults(Faults{MissingScopes: []string{r.Scope}})
		got := do(t, s, method, fill.Replace(path), "-", strings.NewReader("{}"))
		wantError(t, got, 403, "insufficient_scope", "expected any of: "+r.Scope)
	}
}
