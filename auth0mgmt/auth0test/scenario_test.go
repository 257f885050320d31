package auth0test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// items returns the elements of a list body: a bare array, or the one
// array member of an envelope.
func items(t *testing.T, path string, body any) []any {
	t.Helper()
	switch b := body.(type) {
	case []any:
		return b
	case map[string]any:
		for _, v := range b {
			if a, ok := v.([]any); ok {
				return a
			}
		}
	}
	t.Fatalf("GET %s: not a list: %v", path, body)
	return nil
}

// member follows a dotted path ("" is the value itself).
func member(v any, path string) (any, bool) {
	if path == "" {
		return v, true
	}
	for _, k := range strings.Split(path, ".") {
		o, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = o[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

// jsonEq compares two values as JSON.
func jsonEq(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// finder picks list elements by "dotted.member=value"; a value "@NAME"
// stands for the client_id of the application named NAME.
type finder struct {
	t       *testing.T
	s       *Server
	clients map[string]string
}

func (f *finder) matches(el any, cond string) bool {
	k, v, _ := strings.Cut(cond, "=")
	if name, ok := strings.CutPrefix(v, "@"); ok {
		id, ok := f.clients[name]
		if !ok {
			f.t.Fatalf("no application %q", name)
		}
		v = id
	}
	got, ok := member(el, k)
	return ok && fmt.Sprint(got) == v
}

func (f *finder) find(path, cond string) (any, bool) {
	f.t.Helper()
	var body any
	getOK(f.t, f.s, path, &body)
	if cond == "" {
		return body, true
	}
	for _, el := range items(f.t, path, body) {
		if f.matches(el, cond) {
			return el, true
		}
	}
	return nil, false
}

func newFinder(t *testing.T, s *Server) *finder {
	var cs []map[string]any
	getOK(t, s, "/api/v2/clients?per_page=100", &cs)
	f := &finder{t: t, s: s, clients: map[string]string{}}
	for _, c := range cs {
		f.clients[c["name"].(string)] = c["client_id"].(string)
	}
	return f
}

// TestDemoPlants checks that the demo tenant (preset small, seed 42, as
// examples/tenantscan scans it) serves the weaknesses planted for the
// posture checks, with the real shapes around them.
func TestDemoPlants(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 42, Preset: PresetSmall})
	f := newFinder(t, s)
	const (
		clients = "/api/v2/clients?per_page=100"
		grants  = "/api/v2/client-grants?per_page=100"
		apis    = "/api/v2/resource-servers?per_page=100"
		roles   = "/api/v2/roles?per_page=100"
		conns   = "/api/v2/connections?per_page=100"
		orgs    = "/api/v2/organizations?per_page=100"
		actions = "/api/v2/actions/actions?per_page=100"
		mgmt    = "https://authlens-demo.auth0.example/api/v2/"
	)
	// op: "=" equal, "has" an array holding want, "~" a string containing
	// want, "none" no element of the (second) list matches find2.
	for _, tc := range []struct {
		path, find  string
		then, find2 string // then: a path with {id} of the element found
		member, op  string
		want        any
	}{
		// applications
		{path: clients, find: "name=Legacy Customer Portal", member: "callbacks", op: "has", want: "http://legacy.authlens-demo.example/callback"},
		{path: clients, find: "name=Legacy Customer Portal", member: "callbacks", op: "has", want: "https://*.example.com/callback"},
		{path: clients, find: "name=Legacy Customer Portal", member: "callbacks", op: "has", want: "http://localhost:3000/callback"},
		{path: clients, find: "name=Legacy Customer Portal", member: "allowed_logout_urls", op: "has", want: "https://*.example.com"},
		{path: clients, find: "name=Legacy Customer Portal", member: "grant_types", op: "has", want: "http://auth0.com/oauth/legacy/grant-type/ro"},
		{path: clients, find: "name=Legacy Customer Portal", member: "grant_types", op: "has", want: "password"},
		{path: clients, find: "name=Legacy Customer Portal", member: "grant_types", op: "has", want: "implicit"},
		{path: clients, find: "name=Legacy Customer Portal", member: "jwt_configuration.lifetime_in_seconds", op: "=", want: 604800},
		{path: clients, find: "name=Legacy Customer Portal", member: "jwt_configuration.alg", op: "=", want: "HS256"},
		{path: clients, find: "name=Legacy Customer Portal", member: "is_token_endpoint_ip_header_trusted", op: "=", want: true},
		{path: clients, find: "name=Legacy Customer Portal", member: "cross_origin_auth", op: "=", want: true},
		{path: clients, find: "name=Legacy Customer Portal", member: "oidc_conformant", op: "=", want: false},
		{path: clients, find: "name=Legacy Customer Portal", member: "refresh_token.rotation_type", op: "=", want: "non-rotating"},
		{path: clients, find: "name=Legacy Customer Portal", member: "refresh_token.expiration_type", op: "=", want: "non-expiring"},
		{path: clients, find: "name=Partner Single Sign-On", member: "grant_types", op: "has", want: "urn:ietf:params:oauth:grant-type:device_code"},
		{path: clients, find: "name=Kiosk App (Android)", member: "app_type", op: "=", want: "native"},
		{path: clients, find: "name=Kiosk App (Android)", member: "token_endpoint_auth_method", op: "=", want: "none"},
		{path: clients, find: "name=Kiosk App (Android)", member: "grant_types", op: "has", want: "refresh_token"},
		{path: clients, find: "name=Kiosk App (Android)", member: "refresh_token.rotation_type", op: "=", want: "non-rotating"},
		{path: clients, find: "name=Kiosk App (Android)", member: "refresh_token.expiration_type", op: "=", want: "expiring"},
		{path: clients, find: "name=Intranet Wiki", member: "app_type", op: "=", want: "regular_web"},
		{path: clients, find: "name=Intranet Wiki", member: "token_endpoint_auth_method", op: "=", want: "none"},
		{path: clients, find: "name=Intranet Wiki", member: "callbacks", op: "=", want: []string{"https://wiki.authlens-demo.example/callback"}},
		{path: clients, find: "name=Intranet Wiki", member: "grant_types", op: "=", want: []string{"authorization_code"}},
		// client grants, in the listing and by id
		{path: grants, find: "audience=https://api.authlens-demo.example/retired", member: "client_id", op: "=", want: f.clients["Orders Backend"]},
		{path: grants, find: "audience=https://api.authlens-demo.example/retired", member: "scope", op: "=", want: []string{"read:retired"}},
		{path: grants, find: "audience=https://api.authlens-demo.example/retired", then: "/api/v2/client-grants/{id}", member: "scope", op: "=", want: []string{"read:retired"}},
		{path: grants, find: "client_id=@Orders Backend", member: "audience", op: "=", want: "https://api.authlens-demo.example/orders"},
		// the Audit Exporter reads logs through the Management API with
		// Private Key JWT: no shared secret
		{path: grants, find: "client_id=@Audit Exporter", member: "scope", op: "=", want: []string{"read:logs"}},
		{path: grants, find: "client_id=@Audit Exporter", member: "audience", op: "=", want: mgmt},
		{path: clients, find: "name=Audit Exporter", member: "app_type", op: "=", want: "non_interactive"},
		{path: clients, find: "name=Audit Exporter", member: "client_authentication_methods.private_key_jwt.credentials", op: "~~", want: 1},
		// resource servers
		{path: apis, find: "name=Legacy Reports API", member: "token_lifetime_for_web", op: "=", want: 86400},
		{path: apis, find: "name=Legacy Reports API", member: "token_lifetime", op: "=", want: 2592000},
		{path: apis, find: "name=Legacy Reports API", member: "signing_alg", op: "=", want: "HS256"},
		{path: apis, find: "name=Auth0 Management API", member: "subject_type_authorization.user.policy", op: "=", want: "allow_all"},
		// roles
		{path: roles, find: "name=Auditor", then: "/api/v2/roles/{id}/permissions", find2: "permission_name=read:reports", member: "resource_server_name", op: "=", want: "Legacy Reports API"},
		{path: roles, find: "name=Editor", then: "/api/v2/roles/{id}/permissions", find2: "permission_name=read:retired", member: "resource_server_identifier", op: "=", want: retiredAudience},
		{path: roles, find: "name=Editor", then: "/api/v2/roles/{id}/permissions", find2: "permission_name=read:retired", member: "resource_server_name", op: "=", want: "Retired API"},
		{path: roles, find: "name=Support", then: "/api/v2/roles/{id}/permissions", find2: "permission_name=read:tickets", member: "resource_server_identifier", op: "=", want: "https://api.authlens-demo.example/orders"},
		{path: roles, find: "name=Admin", then: "/api/v2/roles/{id}/permissions", find2: "permission_name=read:users", member: "resource_server_identifier", op: "=", want: mgmt},
		{path: roles, find: "name=Admin", then: "/api/v2/roles/{id}/permissions", find2: "permission_name=update:users", member: "resource_server_name", op: "=", want: "Auth0 Management API"},
		{path: roles, find: "name=Member", then: "/api/v2/roles/{id}/permissions", find2: "permission_name=update:orders", member: "resource_server_name", op: "=", want: "Orders API"},
		{path: roles, find: "name=Security Analyst", then: "/api/v2/roles/{id}/users", member: "", op: "=", want: []any{}},
		// connections
		{path: conns, find: "name=legacy-users-db", member: "options.passwordPolicy", op: "=", want: "none"},
		{path: conns, find: "name=legacy-users-db", member: "options.password_complexity_options.min_length", op: "=", want: 1},
		{path: conns, find: "name=legacy-users-db", member: "options.brute_force_protection", op: "=", want: false},
		{path: conns, find: "name=legacy-users-db", member: "options.mfa.active", op: "=", want: false},
		{path: conns, find: "name=legacy-users-db", member: "options.import_mode", op: "=", want: true},
		{path: conns, find: "name=legacy-users-db", member: "options.customScripts.login", op: "~", want: `WHERE email = '" + email + "'`},
		{path: conns, find: "name=legacy-users-db", member: "options.customScripts.login", op: "~", want: `createHash('md5')`},
		{path: conns, find: "name=legacy-users-db", member: "options.customScripts.get_user", op: "~", want: `const auditToken = 'a8Fj3kL0pQ9zX2mN7vB4cD6e';`},
		{path: conns, find: "name=legacy-users-db", member: "options.customScripts.get_user", op: "~", want: `'X-Audit-Token': auditToken`},
		{path: conns, find: "name=partner-okta", member: "options.attribute_map.mapping_mode", op: "=", want: "bind_all"},
		{path: conns, find: "name=corp-saml", member: "options.fieldsMap.email_verified", op: "=", want: "http://schemas.authlens-demo.example/claims/email_verified"},
		{path: conns, find: "name=corp-saml", member: "options.signatureAlgorithm", op: "=", want: "rsa-sha1"},
		{path: conns, find: "name=corp-saml", member: "options.digestAlgorithm", op: "=", want: "sha1"},
		{path: conns, find: "name=corp-saml", member: "options.debug", op: "=", want: true},
		{path: conns, find: "name=contoso-azure", member: "options.should_trust_email_verified_connection", op: "=", want: "always_set_emails_as_verified"},
		{path: conns, find: "name=facebook", member: "strategy", op: "=", want: "facebook"},
		{path: conns, find: "name=facebook", member: "options.scope", op: "=", want: "email,public_profile"},
		{path: conns, find: "name=facebook", member: "options.public_profile", op: "=", want: true},
		{path: conns, find: "name=partner-oauth2", member: "strategy", op: "=", want: "oauth2"},
		{path: conns, find: "name=partner-oauth2", member: "options.tokenURL", op: "=", want: "https://sso.partner-two.example/oauth2/token"},
		{path: conns, find: "name=partner-oauth2", member: "options.scripts.fetchUserProfile", op: "~", want: "email_verified: true"},
		{path: conns, find: "name=partner-oauth2", then: "/api/v2/connections/{id}", member: "options.scripts.fetchUserProfile", op: "~", want: "JSON.parse(b)"},
		// organizations
		{path: orgs, find: "name=acme", then: "/api/v2/organizations/{id}/enabled_connections", find2: "connection.name=google-oauth2", member: "assign_membership_on_login", op: "=", want: true},
		// actions
		{path: actions, find: "name=Skip MFA for trusted callers", member: "supported_triggers", op: "=", want: []any{map[string]any{"id": "post-login", "version": "v2"}}},
		{path: actions, find: "name=Skip MFA for trusted callers", member: "runtime", op: "=", want: "node22"},
		{path: actions, find: "name=Notify Slack on signup", member: "runtime", op: "=", want: "node18"},
		{path: actions, find: "name=Sync profile to CRM", member: "code", op: "~", want: "const CRM_API_KEY = 'crm_live_9f8e7d6c5b4a3928170615';"},
		{path: actions, find: "name=Sync profile to CRM", member: "code", op: "~", want: "rejectUnauthorized: false"},
		{path: actions, find: "name=Sync profile to CRM", member: "code", op: "~", want: "'http://crm.internal.authlens-demo.example/sync'"},
		{path: actions, find: "name=Sync profile to CRM", member: "dependencies", op: "=", want: []any{map[string]any{"name": "axios", "version": "1.6.8"}, map[string]any{"name": "lodash", "version": "latest"}}},
		{path: actions, find: "name=Sync profile to CRM", member: "deployed_version.runtime", op: "=", want: "node22"},
		{path: actions, find: "name=Block duplicate signups", member: "supported_triggers", op: "=", want: []any{map[string]any{"id": "pre-user-registration", "version": "v2"}}},
		{path: actions, find: "name=Block duplicate signups", member: "code", op: "~", want: "getByEmail"},
		{path: actions, find: "name=Block duplicate signups", member: "code", op: "~", want: "api.access.deny('user_exists', 'An account with this email already exists.')"},
		{path: actions, find: "name=Block duplicate signups", member: "dependencies", op: "=", want: []any{map[string]any{"name": "auth0", "version": "4.3.1"}}},
		{path: actions, find: "name=Evaluate feature flags", member: "code", op: "~", want: "if (rule && eval(rule))"},
		{path: actions, find: "name=Grant staff access by email domain", member: "deployed_version.code", op: "~", want: "if (event.user.email_verified && event.user.email.endsWith('@authlens-demo.example')) {\n    api.accessToken.addScope('admin:all');"},
		{path: "/api/v2/actions/triggers/post-login/bindings?per_page=100", find: "display_name=Grant staff access by email domain", member: "trigger_id", op: "=", want: "post-login"},
		{path: actions, find: "name=Personalize tokens", member: "deployed_version.code", op: "~", want: "api.idToken.setCustomClaim('https://authlens-demo.example/locale', language)"},
		{path: actions, find: "name=Personalize tokens", member: "code", op: "~", want: "event.user.user_metadata.language"},
		{path: actions, find: "name=Premium scope for gold plans", member: "deployed_version.code", op: "~", want: "if (event.user.app_metadata.plan === 'gold') {\n    api.accessToken.addScope('read:reports');"},
		{path: "/api/v2/actions/triggers/post-login/bindings?per_page=100", find: "display_name=Premium scope for gold plans", member: "action.name", op: "=", want: "Premium scope for gold plans"},
		{path: actions, find: "name=Broken draft", member: "all_changes_deployed", op: "=", want: false},
		{path: actions, find: "name=Broken draft", member: "code", op: "~", want: "1)\n};\"\n"},
		{path: "/api/v2/actions/triggers/post-login/bindings?per_page=100", find2: "display_name=Broken draft", op: "none"},
		{path: "/api/v2/actions/triggers/pre-user-registration/bindings?per_page=100", find: "display_name=Block duplicate signups", member: "trigger_id", op: "=", want: "pre-user-registration"},
		{path: "/api/v2/actions/triggers/post-login/bindings?per_page=100", find: "display_name=Evaluate feature flags", member: "action.name", op: "=", want: "Evaluate feature flags"},
		// attack protection, MFA, tenant
		{path: "/api/v2/attack-protection/brute-force-protection", member: "", op: "=", want: map[string]any{"enabled": true, "shields": []any{},
			"mode": "count_per_identifier_and_ip", "allowlist": []any{"10.0.0.0/8"}, "max_attempts": 25}},
		{path: "/api/v2/attack-protection/suspicious-ip-throttling", member: "enabled", op: "=", want: false},
		{path: "/api/v2/attack-protection/breached-password-detection", member: "", op: "=", want: map[string]any{"enabled": true,
			"shields": []any{"admin_notification"}, "admin_notification_frequency": []any{"daily"}, "method": "standard",
			"stage": map[string]any{"pre-user-registration": map[string]any{"shields": []any{}}, "pre-change-password": map[string]any{"shields": []any{}}}}},
		{path: "/api/v2/attack-protection/bot-detection", member: "challenge_password_policy", op: "=", want: "never"},
		{path: "/api/v2/attack-protection/bot-detection", member: "monitoring_mode_enabled", op: "=", want: true},
		{path: "/api/v2/guardian/factors", find: "name=sms", member: "enabled", op: "=", want: true},
		{path: "/api/v2/guardian/factors", find: "name=email", member: "enabled", op: "=", want: true},
		{path: "/api/v2/guardian/factors", find: "name=otp", member: "enabled", op: "=", want: false},
		{path: "/api/v2/guardian/factors", find: "name=webauthn-roaming", member: "enabled", op: "=", want: true},
		{path: "/api/v2/guardian/factors", find: "name=webauthn-roaming", member: "trial_expired", op: "=", want: true},
		{path: "/api/v2/guardian/factors/webauthn-roaming/settings", member: "userVerification", op: "=", want: "discouraged"},
		{path: "/api/v2/guardian/factors/phone/message-types", member: "message_types", op: "has", want: "voice"},
		{path: "/api/v2/guardian/policies", member: "", op: "=", want: []any{}},
		{path: "/api/v2/tenants/settings", member: "session_lifetime", op: "=", want: 2160},
		{path: "/api/v2/tenants/settings", member: "error_page", op: "=", want: map[string]any{
			"html": "<html><body><h1>Something went wrong</h1><p>{{ error_description }}</p></body></html>", "show_log_link": true, "url": ""}},
		{path: "/api/v2/tenants/settings", member: "default_audience", op: "=", want: "https://api.authlens-demo.example/orders"},
		{path: "/api/v2/tenants/settings", member: "sandbox_version", op: "=", want: "18"},
		{path: "/api/v2/tenants/settings", member: "flags.enable_dynamic_client_registration", op: "=", want: true},
		{path: "/api/v2/tenants/settings", member: "flags.disable_clickjack_protection_headers", op: "=", want: true},
		// custom domains, email, log streams
		{path: "/api/v2/custom-domains", find: "domain=auth.authlens-demo.example", member: "status", op: "=", want: "pending_verification"},
		{path: "/api/v2/custom-domains", find: "domain=auth.authlens-demo.example", member: "tls_policy", op: "=", want: "compatible"},
		{path: "/api/v2/custom-domains", find: "domain=auth.authlens-demo.example", member: "type", op: "=", want: "auth0_managed_certs"},
		{path: "/api/v2/custom-domains", find: "domain=auth.authlens-demo.example", then: "/api/v2/custom-domains/{id}", member: "primary", op: "=", want: false},
		{path: "/api/v2/custom-domains", find: "domain=login.authlens-demo.example", member: "status", op: "=", want: "ready"},
		{path: "/api/v2/emails/provider", member: "enabled", op: "=", want: false},
		{path: "/api/v2/email-templates/welcome_email", member: "resultUrl", op: "=", want: "http://authlens-demo.example/welcome"},
		{path: "/api/v2/log-streams", find: "name=SIEM webhook", member: "sink.httpEndpoint", op: "=", want: "http://siem.authlens-demo.example/auth0"},
	} {
		name := tc.path + " " + tc.find + " " + tc.then + " " + tc.find2 + " " + tc.member
		el, ok := f.find(tc.path, tc.find)
		if !ok {
			t.Errorf("%s: no element %s", tc.path, tc.find)
			continue
		}
		if tc.then != "" {
			id, _ := member(el, "id")
			if cid, ok := member(el, "custom_domain_id"); ok {
				id = cid
			}
			p := strings.ReplaceAll(tc.then, "{id}", url.PathEscape(fmt.Sprint(id)))
			if el, ok = f.find(p, tc.find2); !ok && tc.op != "none" {
				t.Errorf("%s: no element %s", p, tc.find2)
				continue
			}
		} else if tc.find2 != "" {
			el, ok = f.find(tc.path, tc.find2)
		}
		if tc.op == "none" {
			if ok {
				t.Errorf("%s: found %v", name, el)
			}
			continue
		}
		got, ok := member(el, tc.member)
		if !ok {
			t.Errorf("%s: no member %s in %v", name, tc.member, el)
			continue
		}
		switch tc.op {
		case "=":
			if !jsonEq(got, tc.want) {
				t.Errorf("%s = %v, want %v", name, got, tc.want)
			}
		case "has":
			a, _ := got.([]any)
			if !slices.ContainsFunc(a, func(x any) bool { return jsonEq(x, tc.want) }) {
				t.Errorf("%s = %v, want it to hold %v", name, got, tc.want)
			}
		case "~":
			if s, _ := got.(string); !strings.Contains(s, tc.want.(string)) {
				t.Errorf("%s = %q, want it to contain %q", name, got, tc.want)
			}
		case "~~": // an array of this length
			if a, _ := got.([]any); len(a) != tc.want.(int) {
				t.Errorf("%s = %v, want %d elements", name, got, tc.want)
			}
		default:
			t.Fatalf("op %q", tc.op)
		}
	}

	// the Broken draft does not parse (an unterminated string) and was
	// never deployed
	var acts struct{ Actions []map[string]any }
	getOK(t, s, actions+"&deployed=false", &acts)
	if len(acts.Actions) != 1 || acts.Actions[0]["name"] != "Broken draft" {
		t.Errorf("undeployed actions %v, want the Broken draft only", acts.Actions)
	}
	for _, a := range acts.Actions {
		if _, ok := a["deployed_version"]; ok {
			t.Errorf("the draft has a deployed version")
		}
	}
	// every scenario Action runs on node22 but the Slack one
	getOK(t, s, actions, &acts)
	if len(acts.Actions) != len(scenarioActions) || len(scenarioActions) != 18 {
		t.Fatalf("%d actions in the small preset, want the 18 scenario Actions", len(acts.Actions))
	}
	for _, a := range acts.Actions {
		if want := map[bool]string{true: "node18", false: "node22"}[a["name"] == "Notify Slack on signup"]; a["runtime"] != want {
			t.Errorf("%s runs on %v, want %s", a["name"], a["runtime"], want)
		}
	}
	if f.clients["Kiosk App (Android)"] == "" || f.clients["Intranet Wiki"] == "" {
		t.Errorf("the new scenario applications are missing")
	}
	// the Audit Exporter has no token_endpoint_auth_method (Private Key
	// JWT replaces it), like the machine-to-machine applications of the
	// clean preset
	if el, ok := f.find(clients, "name=Audit Exporter"); !ok {
		t.Error("no Audit Exporter")
	} else if m, ok := member(el, "token_endpoint_auth_method"); ok {
		t.Errorf("the Audit Exporter authenticates with %v", m)
	}
}

// TestDemoPlantShapes checks that planted objects have the field sets of
// their kind's other objects (real shapes), and that the dangling grants
// are served like the others.
func TestDemoPlantShapes(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 42, Preset: PresetSmall, Scopes: append(AllReadScopes(), "read:client_keys")})
	tn := s.Tenant()
	if got := tn.Sizes().Connections; got != 12 || tn.Count(KindConnections) != 12 {
		t.Errorf("small preset: %d connections, want 12", tn.Count(KindConnections))
	}
	keys := func(b []byte) string { return strings.Join(keysOf(t, b), ",") }

	// client grants: the dangling ones look like every other grant, in
	// the listing (both paging modes) and by id
	clientIDs := map[string]bool{}
	for _, id := range tn.IDs(KindClients) {
		clientIDs[id] = true
	}
	var shape string
	var deletedApp, deletedAPI []string
	for _, id := range tn.IDs(KindClientGrants) {
		b, _ := tn.Object(KindClientGrants, id)
		var g struct {
			ClientID string   `json:"client_id"`
			Audience string   `json:"audience"`
			Scope    []string `json:"scope"`
		}
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatal(err)
		}
		if shape == "" {
			shape = keys(b)
		} else if keys(b) != shape {
			t.Errorf("grant %s keys %s, want %s", id, keys(b), shape)
		}
		if !clientIDs[g.ClientID] {
			deletedApp = append(deletedApp, id)
			if g.Audience != tn.ManagementAudience() || !slices.Equal(g.Scope, []string{"read:users"}) {
				t.Errorf("grant of a deleted application: %s", b)
			}
		}
		if g.Audience == retiredAudience {
			deletedAPI = append(deletedAPI, id)
		}
		if got := getOK(t, s, "/api/v2/client-grants/"+id, nil).body; !bytes.Equal(got, b) {
			t.Errorf("GET /client-grants/%s = %s, want %s", id, got, b)
		}
	}
	if len(deletedApp) != 1 || len(deletedAPI) != 1 {
		t.Errorf("grants of deleted applications %v, for deleted APIs %v; want one each", deletedApp, deletedAPI)
	}
	var listed []string
	for from := ""; ; {
		var page struct {
			ClientGrants []struct{ ID string } `json:"client_grants"`
			Next         string                `json:"next"`
		}
		getOK(t, s, "/api/v2/client-grants?take=3&from="+url.QueryEscape(from), &page)
		for _, g := range page.ClientGrants {
			listed = append(listed, g.ID)
		}
		if page.Next == "" {
			break
		}
		from = page.Next
	}
	sameOnce(t, "checkpoint client grants", listed, tn.IDs(KindClientGrants))
	for _, id := range append(deletedApp, deletedAPI...) {
		if !slices.Contains(listed, id) {
			t.Errorf("grant %s not listed", id)
		}
	}

	// the new applications have the members, in order, of the scenario
	// applications of their type with the same optional members
	var cs []json.RawMessage
	getOK(t, s, "/api/v2/clients?per_page=100", &cs)
	byName := map[string][]string{}
	for _, c := range cs {
		var o struct{ Name string }
		_ = json.Unmarshal(c, &o)
		byName[o.Name] = keysOf(t, c)
	}
	for name, like := range map[string]string{"Kiosk App (Android)": "Mobile App (iOS)", "Intranet Wiki": "Partner Single Sign-On"} {
		if !slices.Equal(byName[name], byName[like]) {
			t.Errorf("%s keys %v, want those of %s %v", name, byName[name], like, byName[like])
		}
	}

	// the new connections: the members of every connection, in order
	for _, name := range []string{"facebook", "partner-oauth2"} {
		var list []json.RawMessage
		getOK(t, s, "/api/v2/connections?name="+name, &list)
		if len(list) != 1 {
			t.Fatalf("connection %s: %d", name, len(list))
		}
		k := keysOf(t, list[0])
		want := []string{"id", "options", "strategy", "name", "is_domain_connection", "enabled_clients", "realms"}
		if name == "partner-oauth2" {
			want = slices.Insert(want, 5, "display_name")
		}
		if !slices.Equal(k, want) {
			t.Errorf("connection %s keys %v, want %v", name, k, want)
		}
		if name == "facebook" && bytes.Contains(list[0], []byte(`"client_id"`)) {
			t.Errorf("facebook has its own keys: %s", list[0])
		}
	}
	// their users have the real identity shapes
	for conn, prefix := range map[string]string{"facebook": "facebook|", "partner-oauth2": "oauth2|partner-oauth2|"} {
		var us []struct {
			UserID     string `json:"user_id"`
			Identities []struct {
				Provider   string `json:"provider"`
				UserID     string `json:"user_id"`
				Connection string `json:"connection"`
				IsSocial   bool   `json:"isSocial"`
			} `json:"identities"`
		}
		getOK(t, s, "/api/v2/users?per_page=100&connection="+conn, &us)
		if len(us) == 0 {
			t.Errorf("no users on %s", conn)
		}
		for _, u := range us {
			id := u.Identities[0]
			if !strings.HasPrefix(u.UserID, prefix) || id.Connection != conn || !id.IsSocial ||
				u.UserID != id.Provider+"|"+id.UserID {
				t.Errorf("user %s on %s: identity %+v", u.UserID, conn, id)
			}
		}
	}

	// the pending custom domain has the recorded shape
	var cds []json.RawMessage
	getOK(t, s, "/api/v2/custom-domains", &cds)
	if len(cds) != 2 {
		t.Fatalf("%d custom domains, want 2", len(cds))
	}
	if k := keysOf(t, cds[1]); !slices.Equal(k, []string{"custom_domain_id", "domain", "primary", "status", "type",
		"verification", "tls_policy", "created_at"}) {
		t.Errorf("pending custom domain keys %v", k)
	}
}

// cleanCheck judges one clean tenant by HTTP and returns what is wrong.
func cleanCheck(t *testing.T, s *Server) []string {
	t.Helper()
	var bad []string
	fail := func(format string, a ...any) { bad = append(bad, fmt.Sprintf(format, a...)) }
	unsafe := func(us []string) bool {
		return slices.ContainsFunc(us, func(u string) bool { return !safeURL(u) })
	}
	tn := s.Tenant()
	mgmt := tn.ManagementAudience()

	type client struct {
		ClientID   string   `json:"client_id"`
		Name       string   `json:"name"`
		Global     bool     `json:"global"`
		AppType    string   `json:"app_type"`
		Callbacks  []string `json:"callbacks"`
		Logout     []string `json:"allowed_logout_urls"`
		Origins    []string `json:"web_origins"`
		Grants     []string `json:"grant_types"`
		AuthMethod *string  `json:"token_endpoint_auth_method"`
		AuthMeths  *struct {
			PKJWT struct {
				Credentials []struct{ ID string } `json:"credentials"`
			} `json:"private_key_jwt"`
		} `json:"client_authentication_methods"`
		JWT struct {
			Alg      string `json:"alg"`
			Lifetime int    `json:"lifetime_in_seconds"`
		} `json:"jwt_configuration"`
		RT struct {
			Rotation   string `json:"rotation_type"`
			Expiration string `json:"expiration_type"`
		} `json:"refresh_token"`
		OIDC        bool `json:"oidc_conformant"`
		XOrig       bool `json:"cross_origin_auth"`
		HeaderTrust bool `json:"is_token_endpoint_ip_header_trusted"`
	}
	var cs []client
	getOK(t, s, "/api/v2/clients?per_page=100", &cs)
	apps := 0
	m2m := map[string]bool{}
	known := map[string]bool{}
	for _, c := range cs {
		known[c.ClientID] = true
		if c.Global {
			continue
		}
		if unsafe(c.Callbacks) || unsafe(c.Logout) || unsafe(c.Origins) {
			fail("client %s: unsafe URLs %v %v %v", c.Name, c.Callbacks, c.Logout, c.Origins)
		}
		need := map[string][]string{"regular_web": {"authorization_code", "refresh_token"}, "spa": {"authorization_code", "refresh_token"},
			"native": {"authorization_code", "refresh_token"}, "non_interactive": {"client_credentials"}}[c.AppType]
		if !slices.Equal(c.Grants, need) {
			fail("client %s (%s): grants %v", c.Name, c.AppType, c.Grants)
		}
		if c.JWT.Alg != "RS256" || c.JWT.Lifetime != 36000 || !c.OIDC || c.XOrig || c.HeaderTrust {
			fail("client %s: alg %s lifetime %d oidc %v cross-origin %v header %v", c.Name, c.JWT.Alg, c.JWT.Lifetime, c.OIDC, c.XOrig, c.HeaderTrust)
		}
		if c.RT.Expiration != "expiring" || (c.AppType != "non_interactive" && c.RT.Rotation != "rotating") {
			fail("client %s: refresh tokens %+v", c.Name, c.RT)
		}
		switch c.AppType {
		case "non_interactive":
			m2m[c.ClientID] = true
			if c.AuthMethod != nil || c.AuthMeths == nil || len(c.AuthMeths.PKJWT.Credentials) != 1 ||
				!strings.HasPrefix(c.AuthMeths.PKJWT.Credentials[0].ID, "cred_") {
				fail("client %s: authentication %v %+v", c.Name, c.AuthMethod, c.AuthMeths)
			}
		case "spa", "native":
			apps++
			if c.AuthMethod == nil || *c.AuthMethod != "none" {
				fail("client %s: public client authenticates with %v", c.Name, c.AuthMethod)
			}
		default:
			apps++
			if c.AuthMethod == nil || *c.AuthMethod == "none" {
				fail("client %s: web application without client authentication", c.Name)
			}
		}
	}

	type api struct {
		Name       string `json:"name"`
		Identifier string `json:"identifier"`
		Alg        string `json:"signing_alg"`
		Secret     string `json:"signing_secret"`
		Lifetime   int    `json:"token_lifetime"`
		Web        int    `json:"token_lifetime_for_web"`
		Enforce    *bool  `json:"enforce_policies"`
		Offline    bool   `json:"allow_offline_access"`
		System     bool   `json:"is_system"`
		Subject    struct {
			User struct{ Policy string } `json:"user"`
		} `json:"subject_type_authorization"`
		Scopes []struct{ Value string } `json:"scopes"`
	}
	var rs []api
	getOK(t, s, "/api/v2/resource-servers?per_page=100", &rs)
	scopes := map[string]map[string]bool{}
	for _, a := range rs {
		scopes[a.Identifier] = map[string]bool{}
		for _, sc := range a.Scopes {
			scopes[a.Identifier][sc.Value] = true
		}
		if a.Alg != "RS256" || a.Secret != "" || a.Lifetime > 86400 || a.Web != 7200 || a.Offline {
			fail("API %s: %+v", a.Name, a)
		}
		if a.System {
			if a.Subject.User.Policy != "require_client_grant" {
				fail("Management API user policy %q", a.Subject.User.Policy)
			}
		} else if a.Enforce == nil || !*a.Enforce {
			fail("API %s does not enforce RBAC", a.Name)
		}
	}

	var gs []struct {
		ClientID string   `json:"client_id"`
		Audience string   `json:"audience"`
		Scope    []string `json:"scope"`
	}
	getOK(t, s, "/api/v2/client-grants?per_page=100", &gs)
	granted := map[string]bool{}
	for _, g := range gs {
		granted[g.ClientID] = true
		if !known[g.ClientID] || scopes[g.Audience] == nil {
			fail("dangling grant %+v", g)
		}
		for _, sc := range g.Scope {
			if g.Audience == mgmt && sc != "read:clients" && sc != "read:roles" && sc != "read:stats" {
				fail("Management API grant of %s holds %s", g.ClientID, sc)
			}
			if !scopes[g.Audience][sc] {
				fail("grant of %s holds %s, which %s does not define", g.ClientID, sc, g.Audience)
			}
		}
	}

	type conn struct {
		ID       string         `json:"id"`
		Name     string         `json:"name"`
		Strategy string         `json:"strategy"`
		Options  map[string]any `json:"options"`
		Enabled  []string       `json:"enabled_clients"`
	}
	var conns []conn
	getOK(t, s, "/api/v2/connections?per_page=100", &conns)
	for _, c := range conns {
		o := c.Options
		opt := func(p string) any { v, _ := member(o, p); return v }
		if len(c.Enabled) == 0 || len(c.Enabled) >= apps {
			fail("connection %s enabled for %d of %d applications", c.Name, len(c.Enabled), apps)
		}
		switch c.Strategy {
		case "auth0":
			if p := opt("passwordPolicy"); p != "good" && p != "excellent" {
				fail("connection %s: policy %v", c.Name, p)
			}
			for p, want := range map[string]any{"password_complexity_options.min_length": 12.0, "password_history.enable": true,
				"password_dictionary.enable": true, "password_no_personal_info.enable": true, "brute_force_protection": true,
				"mfa.active": true, "disable_signup": true, "enabledDatabaseCustomization": false, "import_mode": false} {
				if got := opt(p); got != want {
					fail("connection %s: %s = %v", c.Name, p, got)
				}
			}
			if o["customScripts"] != nil || o["configuration"] != nil {
				fail("connection %s has scripts", c.Name)
			}
		case "waad":
			if v := opt("should_trust_email_verified_connection"); v != "never_set_emails_as_verified" {
				fail("connection %s trusts email_verified: %v", c.Name, v)
			}
		case "oidc":
			if v := opt("attribute_map.mapping_mode"); v != "basic_profile" {
				fail("connection %s mapping %v", c.Name, v)
			}
		case "samlp":
			if opt("signatureAlgorithm") != "rsa-sha256" || opt("digestAlgorithm") != "sha256" || opt("debug") != false ||
				opt("fieldsMap.email_verified") != nil {
				fail("connection %s: SAML %v", c.Name, o)
			}
		case "email", "sms":
			if opt("disable_signup") != true {
				fail("connection %s allows sign-up", c.Name)
			}
		case "oauth2":
			if sc, _ := opt("scripts.fetchUserProfile").(string); strings.Contains(sc, "email_verified") {
				fail("connection %s sets email_verified", c.Name)
			}
			fallthrough
		default: // social
			if opt("client_id") == nil || opt("client_secret") == nil {
				fail("connection %s on Auth0's developer keys", c.Name)
			}
		}
	}

	var roles []struct{ ID, Name string }
	getOK(t, s, "/api/v2/roles?per_page=100", &roles)
	for _, r := range roles {
		if len(tn.RoleMembers(r.ID)) == 0 {
			fail("role %s has no members", r.Name)
		}
		var perms []struct {
			Name string `json:"permission_name"`
			RS   string `json:"resource_server_identifier"`
		}
		getOK(t, s, "/api/v2/roles/"+r.ID+"/permissions", &perms)
		if len(perms) == 0 {
			fail("role %s has no permissions", r.Name)
		}
		for _, p := range perms {
			if p.RS == mgmt || !scopes[p.RS][p.Name] {
				fail("role %s: %s on %s", r.Name, p.Name, p.RS)
			}
			if r.Name == "Member" && !strings.HasPrefix(p.Name, "read:") {
				fail("role Member holds %s", p.Name)
			}
		}
	}

	var orgs []struct{ ID, Name string }
	getOK(t, s, "/api/v2/organizations?per_page=100", &orgs)
	strategy := map[string]string{}
	for _, c := range conns {
		strategy[c.ID] = c.Strategy
	}
	for _, org := range orgs {
		var ecs []struct {
			ID     string `json:"connection_id"`
			Assign bool   `json:"assign_membership_on_login"`
			Signup *bool  `json:"is_signup_enabled"`
		}
		getOK(t, s, "/api/v2/organizations/"+org.ID+"/enabled_connections", &ecs)
		for _, ec := range ecs {
			if ec.Assign && strategyType(strategy[ec.ID]) != "enterprise" {
				fail("organization %s assigns membership on %s", org.Name, strategy[ec.ID])
			}
			if strategy[ec.ID] == "auth0" && (ec.Signup == nil || *ec.Signup) {
				fail("organization %s allows sign-up", org.Name)
			}
		}
	}

	var acts struct {
		Actions []struct {
			ID       string `json:"id"`
			Name     string `json:"name"`
			Code     string `json:"code"`
			Runtime  string `json:"runtime"`
			Deployed bool   `json:"all_changes_deployed"`
			Triggers []struct {
				ID      string `json:"id"`
				Version string `json:"version"`
			} `json:"supported_triggers"`
			Deps []struct{ Name, Version string } `json:"dependencies"`
		} `json:"actions"`
	}
	getOK(t, s, "/api/v2/actions/actions?per_page=100", &acts)
	bound := map[string]bool{}
	for _, tr := range []string{"post-login", "password-reset-post-challenge", "credentials-exchange", "pre-user-registration",
		"post-user-registration", "post-change-password", "send-phone-message"} {
		var b struct {
			Bindings []struct {
				Action struct{ ID string } `json:"action"`
			} `json:"bindings"`
		}
		getOK(t, s, "/api/v2/actions/triggers/"+tr+"/bindings?per_page=100", &b)
		for _, x := range b.Bindings {
			bound[x.Action.ID] = true
		}
	}
	mfaLogin, mfaReset := false, false
	for _, a := range acts.Actions {
		if a.Runtime != "node22" || !a.Deployed || !bound[a.ID] {
			fail("action %s: runtime %s deployed %v bound %v", a.Name, a.Runtime, a.Deployed, bound[a.ID])
		}
		tr := a.Triggers[0]
		if tr.Version != triggerVersion(tr.ID) {
			fail("action %s on %s %s", a.Name, tr.ID, tr.Version)
		}
		for _, d := range a.Deps {
			if d.Version == "latest" || d.Version == "" || (d.Name == "axios" && d.Version != "1.12.2") {
				fail("action %s depends on %s@%s", a.Name, d.Name, d.Version)
			}
		}
		for _, w := range []string{"JSON.stringify(event)", "eval(", "user_metadata", "rejectUnauthorized", "const API_KEY", "http://"} {
			if strings.Contains(a.Code, w) {
				fail("action %s: %s", a.Name, w)
			}
		}
		if strings.Count(a.Code, "{") != strings.Count(a.Code, "}") || strings.Count(a.Code, "'")%2 != 0 || strings.Contains(a.Code, `"`) {
			fail("action %s does not look like it parses", a.Name)
		}
		mfaLogin = mfaLogin || (tr.ID == "post-login" && strings.Contains(a.Code, "api.multifactor.enable("))
		mfaReset = mfaReset || (tr.ID == "password-reset-post-challenge" && strings.Contains(a.Code, "api.authentication.challengeWith({ type: 'otp' })"))
	}
	if !mfaLogin || !mfaReset {
		fail("MFA at login %v, on password reset %v", mfaLogin, mfaReset)
	}

	var m map[string]any
	getOK(t, s, "/api/v2/tenants/settings", &m)
	for p, want := range map[string]any{"session_lifetime": 168.0, "idle_session_lifetime": 72.0, "sandbox_version": "22",
		"default_audience": "", "error_page.html": "",
		"flags.allow_legacy_delegation_grant_types": false, "flags.allow_legacy_ro_grant_types": false,
		"flags.allow_legacy_tokeninfo_endpoint": false, "flags.enable_legacy_profile": false,
		"flags.enable_legacy_logs_search_v2": false, "flags.disable_clickjack_protection_headers": false,
		"flags.enable_public_signup_user_exists_error": false, "flags.disable_management_api_sms_obfuscation": false,
		"flags.enable_dynamic_client_registration": false, "flags.enforce_client_authentication_on_passwordless_start": true} {
		if got, _ := member(m, p); got != want {
			fail("tenant %s = %v, want %v", p, got, want)
		}
	}
	for path, want := range map[string]string{
		"/api/v2/attack-protection/brute-force-protection": `{"enabled":true,"shields":["block","user_notification"],"mode":"count_per_identifier_and_ip","allowlist":[],"max_attempts":10}`,
		"/api/v2/guardian/policies":                        `["all-applications"]`,
	} {
		if got := string(getOK(t, s, path, nil).body); got != want {
			fail("%s = %s", path, got)
		}
	}
	getOK(t, s, "/api/v2/attack-protection/suspicious-ip-throttling", &m)
	if m["enabled"] != true || !jsonEq(m["shields"], []string{"admin_notification", "block"}) {
		fail("suspicious IP throttling %v", m)
	}
	getOK(t, s, "/api/v2/attack-protection/breached-password-detection", &m)
	for _, p := range []string{"shields", "stage.pre-user-registration.shields", "stage.pre-change-password.shields"} {
		if v, _ := member(m, p); m["enabled"] != true || !slices.Contains(v.([]any), any("block")) {
			fail("breached password detection %s = %v", p, v)
		}
	}
	getOK(t, s, "/api/v2/attack-protection/bot-detection", &m)
	for _, p := range []string{"challenge_password_policy", "challenge_passwordless_policy", "challenge_password_reset_policy"} {
		if m[p] != "when_risky" || m["monitoring_mode_enabled"] != false {
			fail("bot detection %v", m)
		}
	}
	var factors []struct {
		Name    string
		Enabled bool
	}
	getOK(t, s, "/api/v2/guardian/factors", &factors)
	for _, f := range factors {
		if want := f.Name == "otp" || f.Name == "webauthn-roaming" || f.Name == "push-notification"; f.Enabled != want {
			fail("factor %s enabled %v", f.Name, f.Enabled)
		}
	}
	var cds []struct {
		Status    string `json:"status"`
		TLSPolicy string `json:"tls_policy"`
	}
	getOK(t, s, "/api/v2/custom-domains", &cds)
	if len(cds) != 1 || cds[0].Status != "ready" || cds[0].TLSPolicy != "recommended" {
		fail("custom domains %+v", cds)
	}
	getOK(t, s, "/api/v2/emails/provider", &m)
	if m["enabled"] != true {
		fail("email provider disabled")
	}
	for _, name := range []string{"verify_email", "reset_email", "welcome_email", "blocked_account", "user_invitation"} {
		getOK(t, s, "/api/v2/email-templates/"+name, &m)
		if u, _ := m["resultUrl"].(string); !strings.HasPrefix(u, "https://") {
			fail("template %s resultUrl %q", name, u)
		}
	}
	var lss []struct {
		Name, Status string
		Sink         map[string]any
	}
	getOK(t, s, "/api/v2/log-streams", &lss)
	for _, ls := range lss {
		if ls.Status != "active" {
			fail("log stream %s %s", ls.Name, ls.Status)
		}
		for k, v := range ls.Sink {
			if s, ok := v.(string); ok && strings.HasPrefix(s, "http://") {
				fail("log stream %s %s = %s", ls.Name, k, s)
			}
		}
	}
	// every machine-to-machine application with grants got a token in the
	// last 24 hours
	var logs []struct {
		Type     string `json:"type"`
		ClientID string `json:"client_id"`
	}
	getOK(t, s, "/api/v2/logs?per_page=100&q="+url.QueryEscape("date:["+BaseTime().Add(-24*3600e9).Format("2006-01-02T15:04:05Z")+" TO *]"), &logs)
	used := map[string]bool{}
	for _, l := range logs {
		if l.Type == "seccft" {
			used[l.ClientID] = true
		}
	}
	for id := range m2m {
		if granted[id] && !used[id] {
			fail("M2M client %s has no token exchange in the last day", id)
		}
	}
	return bad
}

// TestCleanPreset checks that the clean preset generates and serves a
// well-configured tenant, also when larger sizes bring generated objects.
func TestCleanPreset(t *testing.T) {
	t.Parallel()
	for _, opts := range []Options{
		{Seed: 42, Preset: PresetClean},
		{Seed: 7, Preset: PresetClean},
		{Seed: 3, Preset: PresetClean, Sizes: &Sizes{Clients: 40, Connections: 16, Roles: 12, Actions: 24,
			ResourceServers: 8, Organizations: 10, Users: 300, LogStreams: 6, Logs: 200, MembersPerOrg: 30}},
	} {
		t.Run(fmt.Sprintf("seed%d", opts.Seed), func(t *testing.T) {
			t.Parallel()
			s := start(t, opts)
			if opts.Sizes == nil {
				sz := PresetSizes(PresetClean)
				tiny := PresetSizes(PresetTiny)
				tiny.Rules, tiny.Hooks = 0, 0
				if sz != tiny || s.Tenant().Sizes() != sz {
					t.Errorf("clean sizes %+v, want tiny without rules or hooks", sz)
				}
				for k, want := range map[Kind]int{KindClients: sz.Clients, KindConnections: sz.Connections,
					KindActions: sz.Actions, KindRoles: sz.Roles, KindRules: 0, KindHooks: 0} {
					if got := s.Tenant().Count(k); got != want {
						t.Errorf("%d %s, want %d", got, k, want)
					}
				}
			}
			for _, b := range cleanCheck(t, s) {
				t.Error(b)
			}
		})
	}
	// the demo tenant fails the same judgement
	if bad := cleanCheck(t, start(t, Options{Seed: 42, Preset: PresetTiny})); len(bad) < 20 {
		t.Errorf("the tiny demo tenant looks clean: %v", bad)
	}
}

// TestPresetDeterminism checks that a seed and a preset give a
// byte-identical tenant, through the Tenant accessors and over HTTP.
func TestPresetDeterminism(t *testing.T) {
	t.Parallel()
	paths := []string{"/api/v2/attack-protection/brute-force-protection", "/api/v2/attack-protection/breached-password-detection",
		"/api/v2/attack-protection/suspicious-ip-throttling", "/api/v2/attack-protection/bot-detection",
		"/api/v2/guardian/factors", "/api/v2/guardian/policies", "/api/v2/emails/provider", "/api/v2/email-templates/welcome_email",
		"/api/v2/custom-domains", "/api/v2/tenants/settings", "/api/v2/actions/triggers/post-login/bindings",
		"/api/v2/actions/triggers/password-reset-post-challenge/bindings", "/api/v2/log-streams", "/api/v2/keys/signing"}
	for _, p := range []Preset{PresetSmall, PresetClean} {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			a, b := start(t, Options{Seed: 42, Preset: p}), start(t, Options{Seed: 42, Preset: p})
			ta, tb := a.Tenant(), b.Tenant()
			for _, k := range Kinds() {
				ids := ta.IDs(k)
				if !slices.Equal(ids, tb.IDs(k)) {
					t.Fatalf("%s ids differ", k)
				}
				for _, id := range ids {
					oa, _ := ta.Object(k, id)
					ob, _ := tb.Object(k, id)
					if !bytes.Equal(oa, ob) {
						t.Fatalf("%s %s differs", k, id)
					}
				}
				for _, id := range ta.IDs(KindRoles) {
					if !slices.Equal(ta.RoleMembers(id), tb.RoleMembers(id)) {
						t.Fatalf("role %s members differ", id)
					}
				}
			}
			for _, path := range paths {
				if !bytes.Equal(getOK(t, a, path, nil).body, getOK(t, b, path, nil).body) {
					t.Errorf("%s differs", path)
				}
			}
			for _, id := range ta.IDs(KindRoles) {
				path := "/api/v2/roles/" + id + "/permissions"
				if !bytes.Equal(getOK(t, a, path, nil).body, getOK(t, b, path, nil).body) {
					t.Errorf("%s differs", path)
				}
			}
			for _, id := range ta.IDs(KindOrganizations) {
				path := "/api/v2/organizations/" + id + "/enabled_connections"
				if !bytes.Equal(getOK(t, a, path, nil).body, getOK(t, b, path, nil).body) {
					t.Errorf("%s differs", path)
				}
			}
		})
	}
	// clean and demo differ
	clean, demo := start(t, Options{Seed: 42, Preset: PresetClean}), start(t, Options{Seed: 42, Preset: PresetTiny})
	if bytes.Equal(getOK(t, clean, "/api/v2/clients", nil).body, getOK(t, demo, "/api/v2/clients", nil).body) {
		t.Errorf("the clean tenant serves the demo's clients")
	}
}
