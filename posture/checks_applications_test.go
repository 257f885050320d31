package posture

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/authlens/authlens/inventory"
)

// appFxPatch returns base with the members of patch set (a null member is
// removed): fixtures are a recorded-shaped body plus what a case changes.
func appFxPatch(base, patch string) string {
	var m, p map[string]any
	if err := json.Unmarshal([]byte(base), &m); err != nil {
		panic(fmt.Sprintf("fixture %s: %v", base, err))
	}
	if err := json.Unmarshal([]byte(patch), &p); err != nil {
		panic(fmt.Sprintf("fixture patch %s: %v", patch, err))
	}
	for k, v := range p {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Clients shaped like the recorded GET /api/v2/clients bodies.
const (
	appFxSPA = `{"name":"Storefront","client_id":"c_spa","tenant":"example","app_type":"spa","is_first_party":true,` +
		`"is_token_endpoint_ip_header_trusted":false,"oidc_conformant":true,` +
		`"callbacks":["https://shop.example.com/callback"],"web_origins":["https://shop.example.com"],` +
		`"allowed_origins":[],"allowed_logout_urls":["https://shop.example.com"],` +
		`"jwt_configuration":{"secret_encoded":false,"alg":"RS256","lifetime_in_seconds":36000},` +
		`"signing_keys":[{"cert":"[REDACTED]"}],"sso_disabled":false,"cross_origin_authentication":false,` +
		`"grant_types":["authorization_code","refresh_token"],"custom_login_page_on":true,"token_endpoint_auth_method":"none",` +
		`"refresh_token":{"rotation_type":"rotating","expiration_type":"expiring","leeway":0,"token_lifetime":2592000,` +
		`"infinite_token_lifetime":false,"infinite_idle_token_lifetime":false,"idle_token_lifetime":1296000}}`
	appFxWeb = `{"name":"Customer Portal","client_id":"c_web","tenant":"example","app_type":"regular_web","is_first_party":true,` +
		`"is_token_endpoint_ip_header_trusted":false,"oidc_conformant":true,"client_secret":"[REDACTED]",` +
		`"callbacks":["https://portal.example.com/callback"],"allowed_logout_urls":["https://portal.example.com"],` +
		`"initiate_login_uri":"https://portal.example.com/login",` +
		`"jwt_configuration":{"secret_encoded":false,"alg":"RS256","lifetime_in_seconds":36000},` +
		`"signing_keys":[{"cert":"[REDACTED]"}],"sso_disabled":false,"cross_origin_authentication":false,` +
		`"grant_types":["authorization_code","refresh_token","client_credentials"],"custom_login_page_on":true,` +
		`"token_endpoint_auth_method":"client_secret_post",` +
		`"refresh_token":{"rotation_type":"non-rotating","expiration_type":"expiring","leeway":0,"token_lifetime":2592000,` +
		`"infinite_token_lifetime":false,"infinite_idle_token_lifetime":false,"idle_token_lifetime":1296000}}`
	appFxNative = `{"name":"Mobile App","client_id":"c_native","tenant":"example","app_type":"native","is_first_party":true,` +
		`"is_token_endpoint_ip_header_trusted":false,"oidc_conformant":true,` +
		`"callbacks":["com.example.app://example.eu.auth0.com/ios/com.example.app/callback","http://127.0.0.1/callback"],` +
		`"jwt_configuration":{"secret_encoded":false,"alg":"RS256","lifetime_in_seconds":36000},` +
		`"sso_disabled":false,"cross_origin_authentication":false,"token_endpoint_auth_method":"none",` +
		`"grant_types":["authorization_code","refresh_token","urn:ietf:params:oauth:grant-type:device_code"],` +
		`"refresh_token":{"rotation_type":"rotating","expiration_type":"expiring","leeway":0,"token_lifetime":2592000,` +
		`"infinite_token_lifetime":false,"infinite_idle_token_lifetime":false,"idle_token_lifetime":1296000}}`
	appFxM2M = `{"name":"Billing Sync","client_id":"c_m2m","tenant":"example","app_type":"non_interactive","is_first_party":true,` +
		`"is_token_endpoint_ip_header_trusted":false,"oidc_conformant":true,"client_secret":"[REDACTED]",` +
		`"jwt_configuration":{"secret_encoded":false,"alg":"RS256","lifetime_in_seconds":36000},` +
		`"sso_disabled":false,"cross_origin_authentication":false,"grant_types":["client_credentials"],` +
		`"token_endpoint_auth_method":"client_secret_post",` +
		`"refresh_token":{"rotation_type":"non-rotating","expiration_type":"non-expiring","leeway":0,"token_lifetime":2592000,` +
		`"infinite_token_lifetime":true,"infinite_idle_token_lifetime":true,"idle_token_lifetime":1296000}}`
	// appFxLegacy is a client created without app_type, as the recorded
	// test clients are.
	appFxLegacy = `{"name":"Test Client (Jan 25 18:42:35.183)","description":"This is just a test client.","client_id":"c_legacy",` +
		`"is_first_party":true,"is_token_endpoint_ip_header_trusted":false,"oidc_conformant":false,` +
		`"jwt_configuration":{"secret_encoded":false,"lifetime_in_seconds":36000},"sso_disabled":false,"cross_origin_auth":false,` +
		`"grant_types":["authorization_code","implicit","refresh_token","client_credentials"],"custom_login_page_on":true,` +
		`"refresh_token":{"rotation_type":"non-rotating","expiration_type":"non-expiring","leeway":0,"token_lifetime":2592000,` +
		`"infinite_token_lifetime":true,"infinite_idle_token_lifetime":true,"idle_token_lifetime":1296000},"organization_usage":"allow"}`
	appFxGlobal = `{"name":"All Applications","client_id":"c_global","tenant":"example","global":true,"is_first_party":true,` +
		`"oidc_conformant":false,"callbacks":["http://*.example.com/callback"],"web_origins":["https://*.example.com"],` +
		`"jwt_configuration":{"alg":"HS256","lifetime_in_seconds":172800},"cross_origin_auth":true,` +
		`"is_token_endpoint_ip_header_trusted":true,` +
		`"grant_types":["password","implicit","http://auth0.com/oauth/legacy/grant-type/ro"],"callback_url_template":false}`
	appFxResourceServer = `{"name":"Test Client (Aug 22 13:57:20.822)","client_id":"c_rsclient","app_type":"resource_server",` +
		`"is_first_party":true,"is_token_endpoint_ip_header_trusted":true,"oidc_conformant":false,` +
		`"callbacks":["http://*.example.com/callback"],"cross_origin_authentication":true,` +
		`"jwt_configuration":{"secret_encoded":false,"alg":"HS256"},"grant_types":["password","implicit"],` +
		`"refresh_token":{"rotation_type":"non-rotating","expiration_type":"non-expiring","leeway":0,"token_lifetime":2592000,` +
		`"infinite_token_lifetime":true,"infinite_idle_token_lifetime":true,"idle_token_lifetime":1296000},` +
		`"resource_server_identifier":"https://api.example.com/"}`
	// appFxCIMD is a client registered from a Client ID Metadata Document,
	// as recorded.
	appFxCIMD = `{"name":"client.dev","client_id":"tpc_rhQfCQohbSxytKPKF987fE","client_secret":"[REDACTED]","app_type":"regular_web",` +
		`"is_first_party":false,"is_token_endpoint_ip_header_trusted":false,"oidc_conformant":true,` +
		`"callbacks":["https://client.dev/oauth/callback"],"jwt_configuration":{"secret_encoded":false,"alg":"RS256","lifetime_in_seconds":3600},` +
		`"signing_keys":[{"cert":"[REDACTED]"}],"sso_disabled":false,"grant_types":["authorization_code"],"custom_login_page_on":true,` +
		`"token_endpoint_auth_method":"none","refresh_token":{"rotation_type":"rotating","expiration_type":"expiring","leeway":0,` +
		`"token_lifetime":2592000,"infinite_token_lifetime":false,"infinite_idle_token_lifetime":false,"idle_token_lifetime":1296000},` +
		`"external_client_id":"https://client.dev/oauth/metadata.json","external_metadata_type":"cimd","external_metadata_created_by":"admin"}`
)

// appFxClients is a snapshot of these clients (and the global and
// resource-server clients, which the checks skip).
func appFxClients(clients ...string) *snapBuilder {
	return newSnap().add(inventory.KindClients, append([]string{appFxGlobal, appFxResourceServer}, clients...)...)
}

// appFxClientsNotRead is a snapshot whose clients were forbidden.
func appFxClientsNotRead() *snapBuilder {
	return newSnap().status(inventory.KindClients, inventory.StatusForbidden, "read:clients")
}

// appExpectSkip runs check id and wants no findings and a partial
// not_evaluated entry naming exactly the resources ids.
func appExpectSkip(t *testing.T, id string, snap *snapBuilder, ids ...string) {
	t.Helper()
	fs, ne := runCheckOn(t, id, snap.build(t))
	if len(fs) != 0 {
		t.Errorf("%s: findings %s", id, describe(fs))
	}
	if len(ne) != 1 || !ne[0].Partial() {
		t.Fatalf("%s: not evaluated %+v, want a partial entry", id, ne)
	}
	var got []string
	for _, r := range ne[0].Resources {
		got = append(got, r.ID)
	}
	if fmt.Sprint(sortedCopy(got)) != fmt.Sprint(sortedCopy(ids)) {
		t.Errorf("%s: skipped %v, want %v (%s)", id, got, ids, ne[0].Reason)
	}
}

func TestAppSplitURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, scheme, host string
		loopback         bool
	}{
		{"https://shop.example.com/callback", "https", "shop.example.com", false},
		{"http://localhost:3000/callback", "http", "localhost", true},
		{"http://localhost:*", "http", "localhost", true},
		{"https://*.example.com/cb", "https", "*.example.com", false},
		{"http://*.localhost:3000", "http", "*.localhost", true},
		{"http://127.0.0.1:8080", "http", "127.0.0.1", true},
		{"http://127.10.0.3/", "http", "127.10.0.3", true},
		{"http://[::1]:3000/cb", "http", "::1", true},
		{"http://[::1]:*/cb", "http", "::1", true},
		{"HTTP://App.Example.COM./x", "http", "app.example.com", false},
		{"http://user@localhost.evil.com/", "http", "localhost.evil.com", false},
		{"http://128.0.0.1/", "http", "128.0.0.1", false},
	} {
		scheme, host, ok := appSplitURL(tc.in)
		if !ok || scheme != tc.scheme || host != tc.host || appLoopbackHost(host) != tc.loopback {
			t.Errorf("%q: %q %q %v loopback %v, want %q %q loopback %v", tc.in, scheme, host, ok,
				appLoopbackHost(host), tc.scheme, tc.host, tc.loopback)
		}
	}
	if _, _, ok := appSplitURL("localhost:3000"); ok {
		t.Error("a URL without a scheme split")
	}
}

func TestAppIsDev(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"Storefront (dev)": true, "storefront-staging": true, "Storefront_QA": true, "Local Storefront": true,
		"Storefront Preview": true, "Test Client (Jan 25 18:42:35.183)": true,
		"Developer Portal": false, "Storefront": false, "Devices": false, "Contest entries": false, "Protester": false,
	} {
		c := appFxPatch(appFxSPA, `{"name":`+fmt.Sprintf("%q", name)+`}`)
		fs, _ := runCheckOn(t, "AL-APP-004", appFxClients(appFxPatch(c, `{"callbacks":["http://localhost:3000/callback"]}`)).build(t))
		if got := len(fs) == 0; got != want {
			t.Errorf("%q: dev %v, want %v", name, got, want)
		}
	}
	// The description counts too.
	c := appFxPatch(appFxSPA, `{"description":"Build for local testing","callbacks":["http://localhost:3000/callback"]}`)
	if fs, _ := runCheckOn(t, "AL-APP-004", appFxClients(c).build(t)); len(fs) != 0 {
		t.Errorf("description marks a dev application: %s", describe(fs))
	}
}

func TestCheckAppWildcardCallbacks(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-APP-001", []checkCase{
		{name: "wildcard subdomain callback", snap: appFxClients(appFxPatch(appFxSPA,
			`{"callbacks":["https://shop.example.com/callback","https://*.shop.example.com/callback"]}`)),
			want: []string{"c_spa@callbacks"}, sev: []Severity{SeverityHigh}},
		{name: "several wildcards are one finding", snap: appFxClients(appFxPatch(appFxWeb,
			`{"callbacks":["https://*.example.com/a","https://*.example.com/b"]}`)), want: []string{"c_web@callbacks"}},
		{name: "exact callbacks and an organization placeholder", snap: appFxClients(appFxPatch(appFxSPA,
			`{"callbacks":["https://shop.example.com/callback","https://{organization_name}.shop.example.com/callback"]}`), appFxWeb)},
		{name: "wildcard only in web origins is another check's", snap: appFxClients(appFxPatch(appFxSPA,
			`{"web_origins":["https://*.example.com"]}`))},
		{name: "global and resource-server clients are skipped", snap: appFxClients()},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

func TestCheckAppWildcardOrigins(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-APP-002", []checkCase{
		{name: "one finding per member", snap: appFxClients(appFxPatch(appFxSPA,
			`{"web_origins":["https://*.example.com","https://shop.example.com"],"allowed_origins":["https://*.cdn.example.com"],`+
				`"allowed_logout_urls":["https://*.example.com/logout"],"callbacks":["https://*.example.com/cb"]}`)),
			want: []string{"c_spa@web_origins", "c_spa@allowed_origins", "c_spa@allowed_logout_urls"},
			sev:  []Severity{SeverityMedium, SeverityMedium, SeverityMedium}},
		{name: "exact origins", snap: appFxClients(appFxSPA, appFxWeb)},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

func TestCheckAppInsecureHTTP(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-APP-003", []checkCase{
		{name: "http callbacks, origins and login URI", snap: appFxClients(appFxPatch(appFxWeb,
			`{"callbacks":["https://portal.example.com/callback","http://portal.example.com/callback"],`+
				`"web_origins":["HTTP://Portal.Example.com"],"allowed_logout_urls":["http://*.example.com/bye"],`+
				`"initiate_login_uri":"http://portal.example.com/login"}`)),
			want: []string{"c_web@callbacks", "c_web@web_origins", "c_web@allowed_logout_urls", "c_web@initiate_login_uri"},
			sev:  []Severity{SeverityHigh, SeverityMedium, SeverityLow, SeverityHigh}},
		{name: "CORS origins are medium, logout URLs low", snap: appFxClients(appFxPatch(appFxSPA,
			`{"allowed_origins":["http://widgets.example.com"],"allowed_logout_urls":["http://shop.example.com/goodbye"]}`)),
			want: []string{"c_spa@allowed_origins", "c_spa@allowed_logout_urls"}, sev: []Severity{SeverityMedium, SeverityLow}},
		{name: "native apps are judged too", snap: appFxClients(appFxPatch(appFxNative,
			`{"callbacks":["http://192.168.1.20:8080/callback"]}`)), want: []string{"c_native@callbacks"}},
		{name: "loopback http and https everywhere", snap: appFxClients(appFxNative, appFxPatch(appFxSPA,
			`{"name":"Storefront dev","callbacks":["http://localhost:3000/callback","http://127.0.0.1:8080/cb","http://[::1]:3000/cb",`+
				`"http://app.localhost:3000/cb","http://localhost:*/cb"],"web_origins":["https://shop.example.com"],`+
				`"allowed_logout_urls":["com.example.app://logout"]}`))},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

func TestCheckAppLoopbackURLs(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-APP-004", []checkCase{
		{name: "localhost in a production SPA", snap: appFxClients(appFxPatch(appFxSPA,
			`{"callbacks":["https://shop.example.com/callback","http://localhost:3000/callback"],"web_origins":["https://127.0.0.1:8443"]}`)),
			want: []string{"c_spa@callbacks", "c_spa@web_origins"}, sev: []Severity{SeverityMedium, SeverityMedium}},
		{name: "legacy client without app_type", snap: appFxClients(appFxPatch(appFxLegacy,
			`{"name":"Partner Portal","description":"","allowed_logout_urls":["http://localhost:4200"]}`)),
			want: []string{"c_legacy@allowed_logout_urls"}},
		{name: "native loopback redirect is RFC 8252", snap: appFxClients(appFxNative)},
		{name: "a development application", snap: appFxClients(appFxPatch(appFxSPA,
			`{"name":"Storefront (staging)","callbacks":["http://localhost:3000/callback"]}`))},
		{name: "a custom scheme naming localhost", snap: appFxClients(appFxPatch(appFxSPA,
			`{"callbacks":["myapp://localhost/callback"]}`))},
		{name: "machine-to-machine applications are not judged", snap: appFxClients(appFxPatch(appFxM2M,
			`{"callbacks":["http://localhost:3000/callback"]}`))},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

func TestCheckAppUnneededGrants(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-APP-005", []checkCase{
		{name: "client credentials on a SPA", snap: appFxClients(appFxPatch(appFxSPA,
			`{"grant_types":["authorization_code","refresh_token","client_credentials"]}`)),
			want: []string{"c_spa@grant_types"}, sev: []Severity{SeverityMedium}},
		{name: "device code on a web app", snap: appFxClients(appFxPatch(appFxWeb,
			`{"grant_types":["authorization_code","urn:ietf:params:oauth:grant-type:device_code"]}`)), want: []string{"c_web@grant_types"}},
		{name: "user flows on a machine-to-machine app", snap: appFxClients(appFxPatch(appFxM2M,
			`{"grant_types":["client_credentials","authorization_code","refresh_token"]}`)), want: []string{"c_m2m@grant_types"}},
		{name: "what each type needs", snap: appFxClients(appFxSPA, appFxNative, appFxM2M, appFxPatch(appFxWeb,
			`{"grant_types":["authorization_code","refresh_token","client_credentials","urn:openid:params:grant-type:ciba"]}`))},
		{name: "grants outside the known set are other checks'", snap: appFxClients(appFxPatch(appFxSPA,
			`{"grant_types":["authorization_code","implicit","password","http://auth0.com/oauth/grant-type/mfa-otp"]}`))},
		{name: "legacy and other app types are not judged", snap: appFxClients(appFxLegacy, appFxPatch(appFxWeb,
			`{"app_type":"express_configuration","grant_types":["authorization_code","urn:ietf:params:oauth:grant-type:device_code"]}`))},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

func TestCheckAppPasswordGrant(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-APP-006", []checkCase{
		{name: "password", snap: appFxClients(appFxPatch(appFxWeb, `{"grant_types":["authorization_code","password"]}`)),
			want: []string{"c_web@grant_types"}, sev: []Severity{SeverityHigh}},
		{name: "password realm", snap: appFxClients(appFxPatch(appFxNative,
			`{"grant_types":["http://auth0.com/oauth/grant-type/password-realm"]}`)), want: []string{"c_native@grant_types"}},
		{name: "MFA and passwordless grants", snap: appFxClients(appFxPatch(appFxNative,
			`{"grant_types":["authorization_code","http://auth0.com/oauth/grant-type/mfa-otp","http://auth0.com/oauth/grant-type/passwordless/otp"]}`))},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

func TestCheckAppImplicitGrant(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-APP-007", []checkCase{
		{name: "recorded legacy client (oidc_conformant false)", snap: appFxClients(appFxLegacy), want: []string{"c_legacy@grant_types"},
			sev: []Severity{SeverityMedium}},
		{name: "Auth0's default grant types on an OIDC-conformant SPA with https callbacks", snap: appFxClients(appFxPatch(appFxSPA,
			`{"grant_types":["authorization_code","implicit","refresh_token","client_credentials"]}`)),
			want: []string{"c_spa@grant_types"}, sev: []Severity{SeverityLow}},
		{name: "with a wildcard callback", snap: appFxClients(appFxPatch(appFxSPA,
			`{"grant_types":["implicit"],"callbacks":["https://*.shop.example.com/callback"]}`)),
			want: []string{"c_spa@grant_types"}, sev: []Severity{SeverityMedium}},
		{name: "with a plain http callback", snap: appFxClients(appFxPatch(appFxSPA,
			`{"grant_types":["implicit"],"callbacks":["http://shop.example.com/callback"]}`)),
			want: []string{"c_spa@grant_types"}, sev: []Severity{SeverityMedium}},
		{name: "with a loopback http callback only", snap: appFxClients(appFxPatch(appFxSPA,
			`{"grant_types":["implicit"],"callbacks":["http://localhost:3000/callback"]}`)),
			want: []string{"c_spa@grant_types"}, sev: []Severity{SeverityLow}},
		{name: "authorization code only", snap: appFxClients(appFxSPA, appFxWeb)},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

func TestCheckAppLegacyGrants(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-APP-008", []checkCase{
		{name: "legacy ro grant", snap: appFxClients(appFxPatch(appFxWeb,
			`{"grant_types":["authorization_code","http://auth0.com/oauth/legacy/grant-type/ro","http://auth0.com/oauth/legacy/grant-type/delegation/refresh_token"]}`)),
			want: []string{"c_web@grant_types"}, sev: []Severity{SeverityHigh}},
		{name: "current extension grants", snap: appFxClients(appFxPatch(appFxWeb,
			`{"grant_types":["authorization_code","http://auth0.com/oauth/grant-type/password-realm"]}`))},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

func TestCheckAppHS256(t *testing.T) {
	t.Parallel()
	hs := func(base, grants string) string {
		return appFxPatch(base, `{"jwt_configuration":{"secret_encoded":false,"alg":"HS256","lifetime_in_seconds":36000}`+grants+`}`)
	}
	runCases(t, "AL-APP-009", []checkCase{
		{name: "SPA with HS256", snap: appFxClients(hs(appFxSPA, "")), want: []string{"c_spa@jwt_configuration.alg"},
			sev: []Severity{SeverityHigh}},
		{name: "machine-to-machine app with a user flow", snap: appFxClients(hs(appFxM2M, `,"grant_types":["client_credentials","password"]`)),
			want: []string{"c_m2m@jwt_configuration.alg"}},
		{name: "client credentials only gets no ID tokens", snap: appFxClients(hs(appFxM2M, ""))},
		{name: "RS256, PS256 and alg left unset", snap: appFxClients(appFxSPA, appFxLegacy, appFxPatch(appFxWeb,
			`{"jwt_configuration":{"secret_encoded":false,"alg":"PS256"}}`))},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

func TestCheckAppCrossOriginAuth(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-APP-010", []checkCase{
		{name: "cross_origin_authentication", snap: appFxClients(appFxPatch(appFxSPA, `{"cross_origin_authentication":true}`)),
			want: []string{"c_spa@cross_origin_authentication"}, sev: []Severity{SeverityMedium}},
		{name: "deprecated cross_origin_auth", snap: appFxClients(appFxPatch(appFxLegacy, `{"cross_origin_auth":true}`)),
			want: []string{"c_legacy@cross_origin_auth"}},
		{name: "both", snap: appFxClients(appFxPatch(appFxSPA, `{"cross_origin_authentication":true,"cross_origin_auth":true}`)),
			want: []string{"c_spa@cross_origin_authentication"}},
		{name: "off", snap: appFxClients(appFxSPA, appFxLegacy, appFxPatch(appFxWeb, `{"cross_origin_auth":false}`))},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

func TestCheckAppPublicRefreshNotRotating(t *testing.T) {
	t.Parallel()
	nonRotating := `{"refresh_token":{"rotation_type":"non-rotating","expiration_type":"expiring","leeway":0,"token_lifetime":2592000,` +
		`"infinite_token_lifetime":false,"infinite_idle_token_lifetime":false,"idle_token_lifetime":1296000}}`
	runCases(t, "AL-APP-011", []checkCase{
		{name: "SPA with non-rotating refresh tokens", snap: appFxClients(appFxPatch(appFxSPA, nonRotating)),
			want: []string{"c_spa@refresh_token.rotation_type"}, sev: []Severity{SeverityMedium}},
		{name: "web app without client authentication is public", snap: appFxClients(appFxPatch(appFxPatch(appFxWeb, nonRotating),
			`{"token_endpoint_auth_method":"none"}`)), want: []string{"c_web@refresh_token.rotation_type"}},
		{name: "rotating public apps and a confidential web app", snap: appFxClients(appFxSPA, appFxNative, appFxWeb)},
		{name: "no refresh token grant", snap: appFxClients(appFxPatch(appFxPatch(appFxSPA, nonRotating), `{"grant_types":["authorization_code"]}`))},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
	appExpectSkip(t, "AL-APP-011", appFxClients(appFxWeb, appFxPatch(appFxSPA, `{"refresh_token":null}`)), "c_spa")
}

func TestCheckAppRefreshNeverExpires(t *testing.T) {
	t.Parallel()
	rt := func(base, expiration string, infinite, infiniteIdle bool) string {
		return appFxPatch(base, fmt.Sprintf(`{"refresh_token":{"rotation_type":"rotating","expiration_type":%q,"leeway":0,`+
			`"token_lifetime":2592000,"infinite_token_lifetime":%v,"infinite_idle_token_lifetime":%v,"idle_token_lifetime":1296000}}`,
			expiration, infinite, infiniteIdle))
	}
	runCases(t, "AL-APP-012", []checkCase{
		{name: "non-expiring", snap: appFxClients(rt(appFxSPA, "non-expiring", true, true)),
			want: []string{"c_spa@refresh_token.expiration_type"}, sev: []Severity{SeverityMedium}},
		{name: "recorded legacy client", snap: appFxClients(appFxLegacy), want: []string{"c_legacy@refresh_token.expiration_type"}},
		{name: "expiring but both lifetimes infinite", snap: appFxClients(rt(appFxWeb, "expiring", true, true)),
			want: []string{"c_web@refresh_token.infinite_token_lifetime"}},
		{name: "an idle lifetime still expires them", snap: appFxClients(rt(appFxWeb, "expiring", true, false), appFxSPA, appFxNative)},
		{name: "no refresh token grant", snap: appFxClients(appFxM2M)},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
	appExpectSkip(t, "AL-APP-012", appFxClients(appFxSPA, appFxPatch(appFxWeb, `{"refresh_token":null}`)), "c_web")
}

func TestCheckAppIDTokenLifetime(t *testing.T) {
	t.Parallel()
	life := func(base, v string) string {
		return appFxPatch(base, `{"jwt_configuration":{"secret_encoded":false,"alg":"RS256","lifetime_in_seconds":`+v+`}}`)
	}
	runCases(t, "AL-APP-013", []checkCase{
		{name: "two days", snap: appFxClients(life(appFxSPA, "172800")), want: []string{"c_spa@jwt_configuration.lifetime_in_seconds"},
			sev: []Severity{SeverityLow}},
		{name: "a string on an old tenant", snap: appFxClients(life(appFxWeb, `"90000"`)),
			want: []string{"c_web@jwt_configuration.lifetime_in_seconds"}},
		{name: "one day, the default and a string default", snap: appFxClients(life(appFxSPA, "86400"), appFxNative, life(appFxWeb, `"36000"`))},
		{name: "client credentials only gets no ID tokens", snap: appFxClients(life(appFxM2M, "172800"))},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

// Resource servers shaped like the recorded GET /api/v2/resource-servers
// bodies.
const (
	appFxConsentAPI = `{"id":"rs_orders","name":"Orders API","identifier":"https://api.example.com/orders",` +
		`"allow_offline_access":false,"skip_consent_for_verifiable_first_party_clients":true,` +
		`"subject_type_authorization":{"client":{"policy":"require_client_grant"},"user":{"policy":"allow_all"}},` +
		`"token_lifetime":86400,"token_lifetime_for_web":7200,"signing_alg":"RS256",` +
		`"scopes":[{"value":"read:orders","description":"Read orders"}],"enforce_policies":true,"token_dialect":"access_token"}`
	appFxMyAccountAPI = `{"id":"rs_me","name":"Auth0 My Account API","identifier":"https://example.eu.auth0.com/me/",` +
		`"allow_offline_access":true,"skip_consent_for_verifiable_first_party_clients":true,` +
		`"subject_type_authorization":{"client":{"policy":"deny_all"},"user":{"policy":"require_client_grant"}},` +
		`"token_lifetime":600,"token_lifetime_for_web":600,"signing_alg":"RS256","is_system":true,` +
		`"scopes":[{"value":"read:me:authentication_methods","description":"Read Authentication Methods"}]}`
)

func TestCheckAppConsentSkipRedirect(t *testing.T) {
	t.Parallel()
	snap := func(apis []string, clients ...string) *snapBuilder {
		return appFxClients(clients...).add(inventory.KindResourceServers, apis...).empty(inventory.KindResourceServers)
	}
	wild := appFxPatch(appFxSPA, `{"callbacks":["https://shop.example.com/callback","https://*.shop.example.com/callback"]}`)
	plain := appFxPatch(appFxWeb, `{"callbacks":["http://portal.example.com/callback"]}`)
	noSkip := appFxPatch(appFxConsentAPI, `{"skip_consent_for_verifiable_first_party_clients":false}`)
	runCases(t, "AL-APP-014", []checkCase{
		{name: "wildcard and http callbacks with a consent-skipping API", snap: snap([]string{appFxConsentAPI}, wild, plain),
			want: []string{"c_spa@callbacks", "c_web@callbacks"}, sev: []Severity{SeverityHigh, SeverityHigh}},
		{name: "no API skips consent", snap: snap([]string{noSkip}, wild, plain)},
		{name: "only a system API skips consent", snap: snap([]string{noSkip, appFxMyAccountAPI}, wild, plain)},
		{name: "third-party applications always get the consent screen", snap: snap([]string{appFxConsentAPI},
			appFxPatch(wild, `{"is_first_party":false}`))},
		{name: "exact https and localhost callbacks", snap: snap([]string{appFxConsentAPI}, appFxWeb,
			appFxPatch(appFxSPA, `{"callbacks":["https://shop.example.com/callback","http://localhost:3000/callback","http://*.localhost:3000/cb"]}`))},
		{name: "machine-to-machine applications have no user flow", snap: snap([]string{appFxConsentAPI},
			appFxPatch(appFxM2M, `{"callbacks":["https://*.example.com/cb"]}`))},
		{name: "APIs not read", snap: appFxClients(wild).status(inventory.KindResourceServers, inventory.StatusForbidden,
			"read:resource_servers"), notEv: true},
		{name: "clients not read", snap: appFxClientsNotRead().add(inventory.KindResourceServers, appFxConsentAPI), notEv: true},
	})
}

func TestCheckAppConfidentialWithoutAuth(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-APP-015", []checkCase{
		{name: "web app with auth method none", snap: appFxClients(appFxPatch(appFxWeb, `{"token_endpoint_auth_method":"none"}`)),
			want: []string{"c_web@token_endpoint_auth_method"}, sev: []Severity{SeverityMedium}},
		{name: "machine-to-machine app with auth method none", snap: appFxClients(appFxPatch(appFxM2M, `{"token_endpoint_auth_method":"none"}`)),
			want: []string{"c_m2m@token_endpoint_auth_method"}},
		{name: "public SPA and native apps, confidential web app", snap: appFxClients(appFxSPA, appFxNative, appFxWeb, appFxM2M)},
		{name: "client registered from a metadata document", snap: appFxClients(appFxCIMD)},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

func TestCheckAppNotOIDCConformant(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-APP-016", []checkCase{
		{name: "recorded legacy client", snap: appFxClients(appFxLegacy), want: []string{"c_legacy@oidc_conformant"},
			sev: []Severity{SeverityMedium}},
		{name: "web app", snap: appFxClients(appFxPatch(appFxWeb, `{"oidc_conformant":false}`)), want: []string{"c_web@oidc_conformant"}},
		{name: "conformant or unset", snap: appFxClients(appFxSPA, appFxPatch(appFxWeb, `{"oidc_conformant":null}`))},
		{name: "machine-to-machine apps have no login", snap: appFxClients(appFxPatch(appFxM2M, `{"oidc_conformant":false}`))},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

func TestCheckAppTrustsIPHeader(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-APP-017", []checkCase{
		{name: "trusted header", snap: appFxClients(appFxPatch(appFxWeb, `{"is_token_endpoint_ip_header_trusted":true}`)),
			want: []string{"c_web@is_token_endpoint_ip_header_trusted"}, sev: []Severity{SeverityMedium}},
		{name: "not trusted", snap: appFxClients(appFxSPA, appFxWeb, appFxM2M)},
		{name: "clients not read", snap: appFxClientsNotRead(), notEv: true},
	})
}

// Every finding of an application check points at a record of the
// snapshot and carries its evidence.
func TestAppFindingsCarryEvidence(t *testing.T) {
	t.Parallel()
	s := appFxClients(appFxLegacy, appFxPatch(appFxSPA, `{"callbacks":["https://*.shop.example.com/cb","http://localhost:3000/cb"],`+
		`"jwt_configuration":{"alg":"HS256","lifetime_in_seconds":"172800"},"is_token_endpoint_ip_header_trusted":true}`)).
		add(inventory.KindResourceServers, appFxConsentAPI).build(t)
	res, err := Run(t.Context(), s, Options{Areas: []Area{AreaApplications}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range res.Findings {
		if len(f.Evidence) == 0 || f.Path == "" || f.Message == "" {
			t.Errorf("%s %s: path %q evidence %v message %q", f.Check, f.Resource, f.Path, f.Evidence, f.Message)
		}
		if f.Resource.ID == "c_global" || f.Resource.ID == "c_rsclient" {
			t.Errorf("%s reported %s", f.Check, f.Resource)
		}
	}
}

func TestClassifyURL(t *testing.T) {
	t.Parallel()
	for u, want := range map[string]URLTraits{
		"https://*.example.com/cb":         {Wildcard: true},
		"http://portal.example.com/cb":     {PlainHTTP: true},
		"http://localhost:3000/cb":         {Loopback: true},
		"https://127.0.0.1/cb":             {Loopback: true},
		"http://[::1]:8080/":               {Loopback: true},
		"http://*.example.com":             {Wildcard: true, PlainHTTP: true},
		"https://app.example.com/callback": {},
		"com.example.app://callback":       {},
	} {
		if got := ClassifyURL(u); got != want {
			t.Errorf("ClassifyURL(%q) = %+v, want %+v", u, got, want)
		}
	}
}
