package auth0test

import (
	"fmt"
	"strconv"
	"strings"
)

// gen carries what one generation step hands the next.
type gen struct {
	t        *Tenant
	seed     int64
	rsScopes [][]string // scopes of each resource server
	m2m      []int      // client indexes of non_interactive clients
	apps     []int      // client indexes of interactive clients
	appNames []string
	// clean makes every object well configured (PresetClean): the
	// scenario objects keep their names where they can, lose their
	// weaknesses, and nothing is planted.
	clean bool
}

// retiredAudience is the identifier of an API that no longer exists: the
// demo tenant still has a client grant and a role permission for it.
const retiredAudience = "https://api.authlens-demo.example/retired"

// generate builds a tenant; the same arguments always give the same tenant.
// clean asks for the well-configured tenant of PresetClean.
func generate(seed int64, sz Sizes, domain string, clean bool) *Tenant {
	t := &Tenant{domain: domain, sizes: sz, socialIdx: -1}
	g := &gen{t: t, seed: seed, clean: clean}
	g.resourceServers(sz.ResourceServers)
	g.connections(sz.Connections)
	g.clients(sz.Clients)
	g.clientGrants()
	g.connectionClients()
	g.roles(sz.Roles)
	t.genUsers(seed, sz.Users, g.connWeights())
	g.roleMembers(sz.MembersPerRole)
	g.organizations(sz.Organizations, sz.MembersPerOrg, sz.InvitationsPerOrg)
	g.actions(sz.Actions)
	g.rulesAndHooks(sz.Rules, sz.Hooks)
	g.logStreams(sz.LogStreams)
	g.logs(sz.Logs)
	g.singletons()
	t.seed = seed
	g.surfaces()
	g.orgSurfaces()
	g.guardian()
	return t
}

// ---- resource servers -------------------------------------------------

var mgmtScopes = []string{
	"read:client_grants", "create:client_grants", "delete:client_grants", "update:client_grants",
	"read:users", "update:users", "delete:users", "create:users", "read:users_app_metadata",
	"update:users_app_metadata", "delete:users_app_metadata", "create:users_app_metadata",
	"create:user_tickets", "read:clients", "update:clients", "delete:clients", "create:clients",
	"read:client_keys", "update:client_keys", "delete:client_keys", "create:client_keys",
	"read:connections", "update:connections", "delete:connections", "create:connections",
	"read:resource_servers", "update:resource_servers", "delete:resource_servers",
	"create:resource_servers", "read:device_credentials", "read:rules", "update:rules",
	"delete:rules", "create:rules", "read:rules_configs", "update:rules_configs", "read:hooks",
	"update:hooks", "create:hooks", "read:actions", "update:actions", "delete:actions",
	"create:actions", "read:email_provider", "update:email_provider", "blacklist:tokens",
	"read:stats", "read:tenant_settings", "update:tenant_settings", "read:logs", "read:logs_users",
	"read:shields", "update:shields", "read:triggers", "update:triggers", "read:grants",
	"delete:grants", "read:guardian_factors", "update:guardian_factors",
	"read:guardian_enrollments", "delete:guardian_enrollments", "read:user_idp_tokens",
	"read:custom_domains", "create:custom_domains", "update:custom_domains",
	"read:email_templates", "update:email_templates", "read:mfa_policies", "update:mfa_policies",
	"read:roles", "create:roles", "delete:roles", "update:roles", "read:prompts", "update:prompts",
	"read:branding", "update:branding", "read:log_streams", "create:log_streams",
	"update:log_streams", "read:signing_keys", "create:signing_keys", "update:signing_keys",
	"create:role_members", "read:role_members", "delete:role_members", "read:attack_protection",
	"update:attack_protection", "read:organizations", "update:organizations",
	"create:organizations", "delete:organizations", "create:organization_members",
	"read:organization_members", "delete:organization_members",
	"read:organization_connections", "read:organization_member_roles",
	"read:organization_invitations", "read:connections_options", "update:connections_options",
	"read:network_acls", "update:network_acls", "read:sessions", "read:refresh_tokens",
}

func titleScope(s string) string {
	verb, res, _ := strings.Cut(s, ":")
	words := strings.Fields(strings.ReplaceAll(res, "_", " "))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.ToUpper(verb[:1]) + verb[1:] + " " + strings.Join(words, " ")
}

func scopeObjs(scopes []string) []obj {
	out := make([]obj, len(scopes))
	for i, s := range scopes {
		out[i] = obj{{"value", s}, {"description", titleScope(s)}}
	}
	return out
}

var apiNouns = []string{"orders", "invoices", "inventory", "payments", "profiles", "reports",
	"shipments", "catalog", "tickets", "documents", "analytics", "messages", "devices", "billing"}

func (g *gen) resourceServers(n int) {
	t := g.t
	r := newRNG(g.seed, 1)
	t.rsByIdentifier = map[string]int{}
	add := func(id string, created int64, o obj, scopes []string) {
		ident, _ := o.get("identifier")
		t.rsByIdentifier[ident.(string)] = t.resourceServers.len()
		t.resourceServers.add(id, created, o)
		g.rsScopes = append(g.rsScopes, scopes)
	}
	created := base() - 3*yearMS - 30*dayMS
	for i := range n {
		id := r.hex(24)
		created += r.Int64N(20 * dayMS)
		switch i {
		case 0:
			// user access to the Management API: allow_all lets any
			// application get user tokens for it (CheckMate's High)
			userPolicy := "allow_all"
			if g.clean {
				userPolicy = "require_client_grant"
			}
			add(id, created, obj{{"id", id}, {"name", "Auth0 Management API"},
				{"identifier", t.ManagementAudience()}, {"allow_offline_access", false},
				{"skip_consent_for_verifiable_first_party_clients", false},
				{"subject_type_authorization", obj{{"client", obj{{"policy", "require_client_grant"}}}, {"user", obj{{"policy", userPolicy}}}}},
				{"token_lifetime", 86400}, {"token_lifetime_for_web", 7200}, {"signing_alg", "RS256"},
				{"scopes", scopeObjs(mgmtScopes)}, {"is_system", true}}, mgmtScopes)
		case 1:
			sc := []string{"read:orders", "create:orders", "update:orders", "delete:orders", "admin:all"}
			add(id, created, obj{{"id", id}, {"name", "Orders API"},
				{"identifier", "https://api.authlens-demo.example/orders"}, {"allow_offline_access", !g.clean},
				{"skip_consent_for_verifiable_first_party_clients", true},
				{"subject_type_authorization", obj{{"client", obj{{"policy", "require_client_grant"}}}, {"user", obj{{"policy", "allow_all"}}}}},
				{"token_lifetime", 86400}, {"token_lifetime_for_web", 7200}, {"signing_alg", "RS256"},
				{"scopes", scopeObjs(sc)}, {"enforce_policies", true}, {"token_dialect", "access_token_authz"}}, sc)
		case 2:
			sc := []string{"read:reports", "export:reports"}
			secret := r.alnum(32)
			if g.clean {
				add(id, created, obj{{"id", id}, {"name", "Reports API"},
					{"identifier", "https://reports.authlens-demo.example/"}, {"allow_offline_access", false},
					{"skip_consent_for_verifiable_first_party_clients", true},
					{"subject_type_authorization", obj{{"client", obj{{"policy", "require_client_grant"}}}, {"user", obj{{"policy", "allow_all"}}}}},
					{"token_lifetime", 86400}, {"token_lifetime_for_web", 7200}, {"signing_alg", "RS256"},
					{"scopes", scopeObjs(sc)}, {"enforce_policies", true}, {"token_dialect", "access_token_authz"}}, sc)
				continue
			}
			add(id, created, obj{{"id", id}, {"name", "Legacy Reports API"},
				{"identifier", "https://reports.authlens-demo.example/"}, {"allow_offline_access", true},
				{"skip_consent_for_verifiable_first_party_clients", true},
				{"subject_type_authorization", obj{{"client", obj{{"policy", "require_client_grant"}}}, {"user", obj{{"policy", "allow_all"}}}}},
				{"token_lifetime", 2592000}, {"token_lifetime_for_web", 86400}, {"signing_alg", "HS256"},
				{"signing_secret", secret}, {"scopes", scopeObjs(sc)}, {"token_dialect", "access_token"}}, sc)
		default:
			noun := apiNouns[i%len(apiNouns)]
			name := fmt.Sprintf("%s%s Service %d API", strings.ToUpper(noun[:1]), noun[1:], i)
			var sc []string
			for _, v := range []string{"read", "create", "update", "delete", "admin"}[:2+r.IntN(4)] {
				sc = append(sc, v+":"+noun)
			}
			alg := "RS256"
			// every generated API has write scopes: clean ones give no
			// refresh tokens for them
			offline := r.chance(0.4) && !g.clean
			lifetime := []int{3600, 7200, 86400, 604800}[r.IntN(4)]
			if g.clean {
				lifetime = min(lifetime, 86400)
			}
			o := obj{{"id", id}, {"name", name},
				{"identifier", fmt.Sprintf("https://api.authlens-demo.example/%s/v%d", noun, i)},
				{"allow_offline_access", offline},
				{"skip_consent_for_verifiable_first_party_clients", r.chance(0.7)},
				{"subject_type_authorization", obj{{"client", obj{{"policy", "require_client_grant"}}}, {"user", obj{{"policy", "allow_all"}}}}},
				{"token_lifetime", lifetime}, {"token_lifetime_for_web", 7200}}
			if r.chance(0.1) && !g.clean {
				alg = "HS256"
				o = append(o, kv{"signing_alg", alg}, kv{"signing_secret", r.alnum(32)})
			} else {
				o = append(o, kv{"signing_alg", alg})
			}
			enforce := r.chance(0.5) || g.clean
			o = append(o, kv{"scopes", scopeObjs(sc)}, kv{"enforce_policies", enforce},
				kv{"token_dialect", []string{"access_token", "access_token_authz", "rfc9068_profile"}[r.IntN(3)]})
			add(id, created, o, sc)
		}
	}
}

// ---- connections ------------------------------------------------------

func fakePEM(r rng, kind string, lines int) string {
	var b strings.Builder
	b.WriteString("-----BEGIN " + kind + "-----\n")
	for i := range lines {
		if i == 0 && kind == "CERTIFICATE" {
			b.WriteString("MIIDHTCCAgWgAwIBAgIJ" + r.chars(44, alnumChars+"+/") + "\n")
			continue
		}
		b.WriteString(r.chars(64, alnumChars+"+/") + "\n")
	}
	b.WriteString(r.chars(20, alnumChars+"+/") + "==\n-----END " + kind + "-----")
	return b.String()
}

func upstream() obj {
	return obj{{"screen_name", obj{{"alias", "login_hint"}}}}
}

func dbOptions(policy string, minLen int, bfp bool) obj {
	return obj{{"mfa", obj{{"active", true}, {"return_enroll_settings", true}}},
		{"import_mode", false}, {"passwordPolicy", policy},
		{"password_history", obj{{"size", 5}, {"enable", policy == "excellent"}}},
		{"password_dictionary", obj{{"enable", policy == "excellent" || policy == "good"}, {"dictionary", []string{}}}},
		{"password_no_personal_info", obj{{"enable", policy != "none" && policy != "low"}}},
		{"password_complexity_options", obj{{"min_length", minLen}}},
		{"brute_force_protection", bfp}, {"strategy_version", 2}, {"disable_signup", false},
		{"requires_username", false}, {"enabledDatabaseCustomization", false},
		{"authentication_methods", obj{{"password", obj{{"enabled", true}}}, {"passkey", obj{{"enabled", false}}}}},
		{"passkey_options", obj{{"challenge_ui", "both"}, {"progressive_enrollment_enabled", true}, {"local_enrollment_enabled", true}}}}
}

// cleanDBOptions are the options of a well-configured database
// connection: policy "good" or "excellent" (anything else becomes "good"),
// 12 characters at least, history, dictionary and personal-info checks,
// brute-force protection, MFA, no sign-up, passkeys, no custom scripts.
func cleanDBOptions(policy string) obj {
	if policy != "excellent" {
		policy = "good"
	}
	return obj{{"mfa", obj{{"active", true}, {"return_enroll_settings", true}}},
		{"import_mode", false}, {"passwordPolicy", policy},
		{"password_history", obj{{"size", 5}, {"enable", true}}},
		{"password_dictionary", obj{{"enable", true}, {"dictionary", []string{}}}},
		{"password_no_personal_info", obj{{"enable", true}}},
		{"password_complexity_options", obj{{"min_length", 12}}},
		{"brute_force_protection", true}, {"strategy_version", 2}, {"disable_signup", true},
		{"requires_username", false}, {"enabledDatabaseCustomization", false},
		{"authentication_methods", obj{{"password", obj{{"enabled", true}}}, {"passkey", obj{{"enabled", true}}}}},
		{"passkey_options", obj{{"challenge_ui", "both"}, {"progressive_enrollment_enabled", true}, {"local_enrollment_enabled", true}}}}
}

// with returns a copy of o whose member k is v (appended when o has none).
func (o obj) with(k string, v any) obj {
	out := make(obj, len(o), len(o)+1)
	copy(out, o)
	for i := range out {
		if out[i].k == k {
			out[i].v = v
			return out
		}
	}
	return append(out, kv{k, v})
}

const legacyLoginScript = `function login(email, password, callback) {
  const mysql = require('mysql');
  const connection = mysql.createConnection({
    host: configuration.DB_HOST,
    user: 'auth0',
    password: configuration.DB_PASSWORD,
    database: 'legacy_users'
  });
  const query = "SELECT id, email, password_md5 FROM users WHERE email = '" + email + "'";
  connection.query(query, function (err, results) {
    if (err) return callback(err);
    if (results.length === 0) return callback(new WrongUsernameOrPasswordError(email));
    const user = results[0];
    if (require('crypto').createHash('md5').update(password).digest('hex') !== user.password_md5) {
      return callback(new WrongUsernameOrPasswordError(email));
    }
    callback(null, { user_id: String(user.id), email: user.email });
  });
}`

// legacyGetUserScript hard-codes a token (auditToken) that is in no
// configuration value.
const legacyGetUserScript = `function getByEmail(email, callback) {
  const auditToken = 'a8Fj3kL0pQ9zX2mN7vB4cD6e';
  const mysql = require('mysql');
  const request = require('request');
  const connection = mysql.createConnection({ host: configuration.DB_HOST, user: 'auth0', password: configuration.DB_PASSWORD, database: 'legacy_users' });
  connection.query('SELECT id, email FROM users WHERE email = ?', [email], function (err, results) {
    if (err || results.length === 0) return callback(err || null);
    request.post({ url: 'https://audit.internal.authlens-demo.example/lookups', headers: { 'X-Audit-Token': auditToken }, json: { email: email } });
    callback(null, { user_id: String(results[0].id), email: results[0].email });
  });
}`

// partnerProfileScript is the fetchUserProfile script of the custom OAuth2
// connection; in the demo tenant it vouches for every email.
const partnerProfileScript = `function(accessToken, ctx, cb) {
  request.get({
    url: 'https://sso.partner-two.example/oauth2/userinfo',
    headers: { Authorization: 'Bearer ' + accessToken }
  }, function (e, r, b) {
    if (e) return cb(e);
    if (r.statusCode !== 200) return cb(new Error('StatusCode: ' + r.statusCode));
    const profile = JSON.parse(b);
    cb(null, { user_id: profile.sub, email: profile.email, email_verified: true, name: profile.name });
  });
}`

// cleanPartnerProfileScript leaves email_verified alone (false).
const cleanPartnerProfileScript = `function(accessToken, ctx, cb) {
  request.get({
    url: 'https://sso.partner-two.example/oauth2/userinfo',
    headers: { Authorization: 'Bearer ' + accessToken }
  }, function (e, r, b) {
    if (e) return cb(e);
    if (r.statusCode !== 200) return cb(new Error('StatusCode: ' + r.statusCode));
    const profile = JSON.parse(b);
    cb(null, { user_id: profile.sub, email: profile.email, name: profile.name });
  });
}`

func (g *gen) connections(n int) {
	t := g.t
	r := newRNG(g.seed, 2)
	clean := g.clean
	created := base() - 3*yearMS - 20*dayMS
	add := func(name, strategy string, o obj) {
		id := "con_" + r.alnum(16)
		created += r.Int64N(15 * dayMS)
		full := obj{{"id", id}}
		full = append(full, o...)
		if _, ok := o.get("realms"); !ok {
			full = append(full, kv{"realms", []string{name}})
		}
		if strategy == "google-oauth2" && t.socialIdx < 0 {
			t.socialIdx = t.connections.len()
		}
		t.connections.add(id, created, full)
		t.connNames = append(t.connNames, name)
		t.connStrategy = append(t.connStrategy, strategy)
	}
	scenario := []func(){
		func() {
			opts := dbOptions("good", 8, true)
			if clean {
				opts = cleanDBOptions("excellent")
			}
			add("Username-Password-Authentication", "auth0", obj{{"options", opts},
				{"strategy", "auth0"}, {"name", "Username-Password-Authentication"}, {"is_domain_connection", false},
				{"authentication", obj{{"active", true}}}, {"connected_accounts", obj{{"active", false}}}})
		},
		func() {
			if clean {
				// the migration is over: a plain database without scripts
				add("legacy-users-db", "auth0", obj{{"options", cleanDBOptions("good")}, {"strategy", "auth0"},
					{"name", "legacy-users-db"}, {"is_domain_connection", false}, {"display_name", "Migrated users"}})
				return
			}
			opts := dbOptions("none", 1, false)
			for i, m := range opts {
				switch m.k {
				case "enabledDatabaseCustomization":
					opts[i].v = true
				case "import_mode":
					opts[i].v = true
				case "mfa":
					opts[i].v = obj{{"active", false}, {"return_enroll_settings", true}}
				}
			}
			opts = append(opts, kv{"customScripts", obj{{"login", legacyLoginScript}, {"get_user", legacyGetUserScript}}},
				kv{"configuration", obj{{"DB_HOST", "legacy-db.internal.authlens-demo.example"}, {"DB_PASSWORD", "Legacy-DB-Passw0rd!"}}})
			add("legacy-users-db", "auth0", obj{{"options", opts}, {"strategy", "auth0"}, {"name", "legacy-users-db"},
				{"is_domain_connection", false}, {"display_name", "Legacy users (migration)"}})
		},
		func() {
			add("google-oauth2", "google-oauth2", obj{{"options", obj{{"email", true}, {"scope", []string{"email", "profile"}},
				{"profile", true}, {"client_id", r.digits(12) + "-" + strings.ToLower(r.alnum(32)) + ".apps.googleusercontent.com"},
				{"client_secret", "GOCSPX-" + r.b64(21)}, {"upstream_params", upstream()}}},
				{"strategy", "google-oauth2"}, {"name", "google-oauth2"}, {"is_domain_connection", false}})
		},
		func() {
			// the demo's SAML connection signs with SHA-1, logs
			// assertions (debug) and maps a claim to email_verified
			sigAlg, digestAlg, debug := "rsa-sha1", "sha1", true
			fields := obj{{"email", "EmailAddress"}, {"family_name", "LastName"}, {"given_name", "FirstName"},
				{"email_verified", "http://schemas.authlens-demo.example/claims/email_verified"}}
			if clean {
				sigAlg, digestAlg, debug = "rsa-sha256", "sha256", false
				fields = fields[:3]
			}
			add("corp-saml", "samlp", obj{{"options", obj{{"signInEndpoint", "https://idp.corp.example/saml2/sso"},
				{"signOutEndpoint", "https://idp.corp.example/saml2/slo"}, {"signingCert", fakePEM(r, "CERTIFICATE", 8)},
				{"decryptionKey", obj{{"cert", fakePEM(r, "CERTIFICATE", 8)}, {"key", fakePEM(r, "PRIVATE KEY", 12)}}},
				{"signSAMLRequest", true}, {"signatureAlgorithm", sigAlg}, {"digestAlgorithm", digestAlg},
				{"fieldsMap", fields},
				{"tenant_domain", "corp.example"}, {"domain_aliases", []string{"corp.example"}},
				{"protocolBinding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"}, {"debug", debug},
				{"thumbprints", []string{r.hex(40)}}, {"expires", "2027-09-09T22:05:43.000Z"},
				{"subject", obj{{"countryName", "US"}, {"organizationName", "Corp Example"}, {"commonName", "idp.corp.example"}}},
				{"upstream_params", upstream()}}},
				{"strategy", "samlp"}, {"name", "corp-saml"}, {"is_domain_connection", false}, {"show_as_button", false},
				{"display_name", "Corp SSO"}, {"provisioning_ticket_url", "https://" + t.domain + "/p/samlp/" + r.alnum(8)}})
		},
		func() {
			add("github", "github", obj{{"options", obj{{"client_id", "Iv1." + r.hex(16)}, {"client_secret", r.hex(40)},
				{"email", true}, {"profile", true}, {"scope", []string{"user:email", "read:user"}}, {"upstream_params", upstream()}}},
				{"strategy", "github"}, {"name", "github"}, {"is_domain_connection", false}})
		},
		func() {
			trust := "always_set_emails_as_verified"
			if clean {
				trust = "never_set_emails_as_verified"
			}
			add("contoso-azure", "waad", obj{{"options", obj{{"client_id", r.uuid()}, {"client_secret", r.b64(30)},
				{"tenant_domain", "contoso.example"}, {"domain", "contoso.example"}, {"waad_protocol", "openid-connect"},
				{"identity_api", "microsoft-identity-platform-v2.0"}, {"app_domain", t.domain}, {"useCommonEndpoint", false},
				{"should_trust_email_verified_connection", trust}, {"basic_profile", true},
				{"ext_groups", true}, {"api_enable_users", true}, {"upstream_params", upstream()}}},
				{"strategy", "waad"}, {"name", "contoso-azure"}, {"is_domain_connection", false}, {"show_as_button", true},
				{"display_name", "Contoso (Azure AD)"}, {"provisioning_ticket_url", "https://" + t.domain + "/p/waad/" + r.alnum(8)}})
		},
		func() {
			add("email", "email", obj{{"options", obj{{"name", "email"}, {"email", obj{{"syntax", "liquid"},
				{"from", "{{application.name}} <no-reply@authlens-demo.example>"}, {"subject", "Your login code"},
				{"body", "<html><body>Your code is {{ code }}</body></html>"}}},
				{"totp", obj{{"time_step", 300}, {"length", 6}}}, {"disable_signup", clean}, {"brute_force_protection", true}}},
				{"strategy", "email"}, {"name", "email"}, {"is_domain_connection", false}})
		},
		func() {
			// bind_all copies every claim of the IdP, email_verified too
			mapping := "bind_all"
			if clean {
				mapping = "basic_profile"
			}
			add("partner-okta", "oidc", obj{{"options", obj{{"client_id", r.alnum(20)}, {"client_secret", r.b64(30)},
				{"type", "back_channel"}, {"issuer", "https://partner.okta.example"},
				{"discovery_url", "https://partner.okta.example/.well-known/openid-configuration"},
				{"authorization_endpoint", "https://partner.okta.example/oauth2/v1/authorize"},
				{"token_endpoint", "https://partner.okta.example/oauth2/v1/token"},
				{"jwks_uri", "https://partner.okta.example/oauth2/v1/keys"}, {"scope", "openid profile email"},
				{"attribute_map", obj{{"mapping_mode", mapping}}}, {"set_user_root_attributes", "on_each_login"},
				{"connection_settings", obj{{"pkce", "auto"}}}, {"upstream_params", upstream()}}},
				{"strategy", "oidc"}, {"name", "partner-okta"}, {"is_domain_connection", false}, {"show_as_button", true},
				{"display_name", "Partner (OIDC)"}})
		},
		func() {
			add("sms", "sms", obj{{"options", obj{{"name", "sms"}, {"from", "+15550100"}, {"syntax", "md_with_macros"},
				{"template", "Your code is @@password@@"}, {"totp", obj{{"time_step", 300}, {"length", 6}}},
				{"provider", "twilio"}, {"twilio_sid", "AC" + r.hex(32)}, {"twilio_token", r.hex(32)},
				{"messaging_service_sid", nil}, {"disable_signup", clean}, {"brute_force_protection", true}}},
				{"strategy", "sms"}, {"name", "sms"}, {"is_domain_connection", false}})
		},
		func() {
			// without client_id and client_secret Auth0 uses its own
			// developer keys (scope is a comma-separated string here)
			opts := obj{{"email", true}, {"public_profile", true}, {"scope", "email,public_profile"},
				{"upstream_params", upstream()}}
			if clean {
				opts = append(obj{{"client_id", r.digits(15)}, {"client_secret", r.hex(32)}}, opts...)
			}
			add("facebook", "facebook", obj{{"options", opts}, {"strategy", "facebook"}, {"name", "facebook"},
				{"is_domain_connection", false}})
		},
		func() {
			script := partnerProfileScript
			if clean {
				script = cleanPartnerProfileScript
			}
			add("partner-oauth2", "oauth2", obj{{"options", obj{{"client_id", r.alnum(24)}, {"client_secret", r.b64(32)},
				{"authorizationURL", "https://sso.partner-two.example/oauth2/authorize"},
				{"tokenURL", "https://sso.partner-two.example/oauth2/token"}, {"scope", "openid profile email"},
				{"scripts", obj{{"fetchUserProfile", script}}}, {"upstream_params", upstream()}}},
				{"strategy", "oauth2"}, {"name", "partner-oauth2"}, {"is_domain_connection", false},
				{"display_name", "Partner Two"}})
		},
	}
	for i := range n {
		if i < len(scenario) {
			scenario[i]()
			continue
		}
		switch i % 3 {
		case 0:
			policy := []string{"none", "low", "fair", "good", "excellent"}[r.IntN(5)]
			minLen := map[string]int{"none": 1, "low": 6, "fair": 8, "good": 8, "excellent": 10}[policy]
			name := fmt.Sprintf("db-%s-%02d", []string{"customers", "partners", "staff", "test"}[r.IntN(4)], i)
			opts := dbOptions(policy, minLen, r.chance(0.8))
			if clean {
				opts = cleanDBOptions(policy)
			}
			add(name, "auth0", obj{{"options", opts}, {"strategy", "auth0"},
				{"name", name}, {"is_domain_connection", false}})
		case 1:
			name := fmt.Sprintf("saml-partner-%02d", i)
			opts := obj{{"signInEndpoint", fmt.Sprintf("https://idp%d.partner.example/sso", i)},
				{"signingCert", fakePEM(r, "CERTIFICATE", 6)}, {"signSAMLRequest", r.chance(0.5)},
				{"signatureAlgorithm", []string{"rsa-sha1", "rsa-sha256"}[r.IntN(2)]},
				{"digestAlgorithm", []string{"sha1", "sha256"}[r.IntN(2)]}, {"debug", r.chance(0.2)},
				{"tenant_domain", fmt.Sprintf("partner%d.example", i)}, {"thumbprints", []string{r.hex(40)}},
				{"upstream_params", upstream()}}
			if clean {
				opts = opts.with("signSAMLRequest", true).with("signatureAlgorithm", "rsa-sha256").
					with("digestAlgorithm", "sha256").with("debug", false)
			}
			if r.chance(0.3) {
				opts = append(opts, kv{"decryptionKey", obj{{"cert", fakePEM(r, "CERTIFICATE", 6)}, {"key", fakePEM(r, "PRIVATE KEY", 10)}}})
			}
			add(name, "samlp", obj{{"options", opts}, {"strategy", "samlp"}, {"name", name},
				{"is_domain_connection", false}, {"show_as_button", false}})
		default:
			name := fmt.Sprintf("oidc-workforce-%02d", i)
			opts := obj{{"client_id", r.alnum(20)}, {"client_secret", r.b64(30)},
				{"type", []string{"front_channel", "back_channel"}[r.IntN(2)]},
				{"issuer", fmt.Sprintf("https://login%d.workforce.example", i)},
				{"scope", "openid profile email"}, {"upstream_params", upstream()}}
			if clean {
				opts = opts.with("attribute_map", obj{{"mapping_mode", "basic_profile"}})
			}
			add(name, "oidc", obj{{"options", opts},
				{"strategy", "oidc"}, {"name", name}, {"is_domain_connection", false}, {"show_as_button", true}})
		}
	}
}

// connWeights is each connection's share of users.
func (g *gen) connWeights() []float64 {
	w := make([]float64, len(g.t.connNames))
	for i, s := range g.t.connStrategy {
		switch {
		case i == 0:
			w[i] = 55
		case g.t.connNames[i] == "legacy-users-db":
			w[i] = 6
		case s == "google-oauth2":
			w[i] = 15
		case s == "samlp" && g.t.connNames[i] == "corp-saml":
			w[i] = 8
		case s == "waad":
			w[i] = 5
		case s == "github":
			w[i] = 4
		case s == "sms", s == "oauth2":
			w[i] = 1
		default:
			w[i] = 2
		}
	}
	if len(w) == 0 {
		panic("auth0test: a tenant with users needs at least one connection")
	}
	return w
}

// ---- clients ----------------------------------------------------------

func signingKeys(r rng) []obj {
	return []obj{{{"cert", strings.ReplaceAll(fakePEM(r, "CERTIFICATE", 4), "\n", "\r\n") + "\r\n"},
		{"pkcs7", strings.ReplaceAll(fakePEM(r, "PKCS7", 4), "\n", "\r\n") + "\r\n"},
		{"subject", "deprecated"}}}
}

func refreshToken(rotating, expiring bool) obj {
	rt := "non-rotating"
	if rotating {
		rt = "rotating"
	}
	et := "non-expiring"
	if expiring {
		et = "expiring"
	}
	return obj{{"rotation_type", rt}, {"expiration_type", et}, {"leeway", 0},
		{"token_lifetime", 2592000}, {"infinite_token_lifetime", !expiring},
		{"infinite_idle_token_lifetime", !expiring}, {"idle_token_lifetime", 1296000}}
}

type clientSpec struct {
	name, desc, appType, authMethod string
	callbacks, logout, origins      []string
	grants                          []string
	alg                             string
	rotating, expiring, oidc, xorig bool
	firstParty                      bool
	headerTrusted                   bool // is_token_endpoint_ip_header_trusted
	jwtLifetime                     int  // ID token lifetime; 0 means 36000
	host                            string
}

var appWords = []string{"Portal", "Console", "Mobile", "Kiosk", "Partner Hub", "Checkout", "Helpdesk",
	"Storefront", "Admin", "Field App", "Marketplace", "Intranet", "Wallet", "Scheduler", "Dashboard"}

// safeURL reports whether a callback, logout URL or origin is fine in a
// clean tenant: no wildcard, no plain http, no localhost or loopback.
func safeURL(u string) bool {
	return !strings.Contains(u, "*") && !strings.HasPrefix(u, "http://") &&
		!strings.Contains(u, "localhost") && !strings.Contains(u, "127.0.0.1")
}

func safeURLs(us []string) []string {
	if us == nil {
		return nil
	}
	out := []string{}
	for _, u := range us {
		if safeURL(u) {
			out = append(out, u)
		}
	}
	return out
}

// cleanClient turns a spec into a well-configured application of its type:
// RS256, OIDC conformant, no cross-origin authentication, no trusted IP
// header, ID tokens of 10 hours, expiring refresh tokens (rotating for
// interactive applications), only the grant types its type needs, https
// URLs only, and no shared secret for machine-to-machine applications.
func cleanClient(s clientSpec) clientSpec {
	s.alg, s.oidc, s.xorig, s.headerTrusted, s.jwtLifetime = "RS256", true, false, false, 36000
	s.expiring = true
	s.rotating = s.appType != "non_interactive"
	s.callbacks, s.logout, s.origins = safeURLs(s.callbacks), safeURLs(s.logout), safeURLs(s.origins)
	switch s.appType {
	case "regular_web":
		s.grants = []string{"authorization_code", "refresh_token"}
		if s.authMethod == "none" {
			s.authMethod = "client_secret_post"
		}
		if len(s.callbacks) == 0 {
			s.callbacks = []string{"https://" + s.host + "/callback"}
		}
		if len(s.logout) == 0 {
			s.logout = []string{"https://" + s.host}
		}
	case "spa":
		s.grants = []string{"authorization_code", "refresh_token"}
		s.authMethod = "none"
		if len(s.callbacks) == 0 {
			s.callbacks = []string{"https://" + s.host + "/callback"}
		}
		if len(s.origins) == 0 {
			s.origins = []string{"https://" + s.host}
		}
	case "native":
		s.grants = []string{"authorization_code", "refresh_token"}
		s.authMethod = "none"
	default:
		s.grants = []string{"client_credentials"}
		s.authMethod = "" // private_key_jwt
	}
	return s
}

// slug makes a host name label of an application name.
func slug(name string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(name) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func (g *gen) clients(n int) {
	t := g.t
	r := newRNG(g.seed, 3)
	created := base() - 3*yearMS - 10*dayMS
	add := func(s clientSpec) {
		id := r.alnum(32)
		created += r.Int64N(int64(max(1, 3*365*24*60/int64(max(n, 1)))) * 60000)
		if s.host == "" {
			s.host = slug(s.name) + ".authlens-demo.example"
		}
		if g.clean {
			s = cleanClient(s)
		}
		o := obj{{"tenant", strings.Split(t.domain, ".")[0]}, {"global", false},
			{"is_token_endpoint_ip_header_trusted", s.headerTrusted}, {"name", s.name}}
		if s.desc != "" {
			o = append(o, kv{"description", s.desc})
		}
		o = append(o, kv{"is_first_party", s.firstParty}, kv{"oidc_conformant", s.oidc}, kv{"sso_disabled", false},
			kv{"cross_origin_auth", s.xorig})
		if s.callbacks != nil {
			o = append(o, kv{"callbacks", s.callbacks})
		}
		if s.logout != nil {
			o = append(o, kv{"allowed_logout_urls", s.logout})
		}
		if s.origins != nil {
			o = append(o, kv{"allowed_origins", s.origins}, kv{"web_origins", s.origins})
		}
		if g.clean && s.appType == "regular_web" {
			o = append(o, kv{"initiate_login_uri", "https://" + s.host + "/login"})
		}
		lifetime := s.jwtLifetime
		if lifetime == 0 {
			lifetime = 36000
		}
		jwt := obj{{"alg", s.alg}, {"lifetime_in_seconds", lifetime}, {"secret_encoded", false}}
		o = append(o, kv{"grant_types", s.grants}, kv{"app_type", s.appType})
		if s.authMethod != "" {
			o = append(o, kv{"token_endpoint_auth_method", s.authMethod})
		} else {
			// Private Key JWT: the API then omits token_endpoint_auth_method
			o = append(o, kv{"client_authentication_methods", obj{{"private_key_jwt", obj{{"credentials",
				[]obj{{{"id", "cred_" + r.alnum(22)}}}}}}}})
		}
		o = append(o, kv{"jwt_configuration", jwt}, kv{"refresh_token", refreshToken(s.rotating, s.expiring)})
		if g.clean && s.appType == "regular_web" {
			o = append(o, kv{"oidc_logout", obj{{"backchannel_logout_urls", []string{"https://" + s.host + "/backchannel-logout"}},
				{"backchannel_logout_initiators", obj{{"mode", "all"}}}}})
		}
		o = append(o, kv{"signing_keys", signingKeys(r)},
			kv{"client_id", id}, kv{"callback_url_template", false}, kv{"client_secret", r.b64(48)},
			kv{"custom_login_page_on", true}, kv{"organization_usage", "deny"},
			kv{"cross_origin_authentication", s.xorig})
		idx := t.clients.len()
		t.clients.add(id, created, o)
		if s.appType == "non_interactive" {
			g.m2m = append(g.m2m, idx)
		} else {
			g.apps = append(g.apps, idx)
			g.appNames = append(g.appNames, s.name)
		}
	}
	scenario := []clientSpec{
		{name: "Legacy Customer Portal", desc: "Old portal, still on password grant", appType: "regular_web",
			authMethod: "client_secret_post", alg: "HS256", firstParty: true, xorig: true, headerTrusted: true, jwtLifetime: 604800,
			callbacks: []string{"https://*.example.com/callback", "http://localhost:3000/callback", "http://legacy.authlens-demo.example/callback"},
			logout:    []string{"https://*.example.com"},
			grants: []string{"authorization_code", "implicit", "refresh_token", "password",
				"http://auth0.com/oauth/grant-type/password-realm", "http://auth0.com/oauth/legacy/grant-type/ro"}},
		{name: "Management Automation", desc: "CI job that provisions users", appType: "non_interactive",
			authMethod: "client_secret_post", alg: "RS256", oidc: true, firstParty: true, grants: []string{"client_credentials"}},
		{name: "Mobile App (iOS)", appType: "native", authMethod: "none", alg: "RS256", oidc: true, firstParty: true,
			rotating: true, expiring: true, callbacks: []string{"com.authlens.demo://authlens-demo.auth0.example/ios/com.authlens.demo/callback"},
			grants: []string{"authorization_code", "refresh_token"}},
		{name: "Admin Dashboard", appType: "spa", authMethod: "none", alg: "RS256", oidc: true, firstParty: true,
			rotating: true, expiring: true, callbacks: []string{"https://admin.authlens-demo.example/callback", "http://localhost:8080/callback"},
			origins: []string{"https://admin.authlens-demo.example"}, grants: []string{"authorization_code", "refresh_token"}},
		{name: "Reporting Service", appType: "non_interactive", authMethod: "client_secret_basic", alg: "RS256",
			oidc: true, firstParty: true, grants: []string{"client_credentials"}},
		{name: "API Explorer Application", appType: "non_interactive", authMethod: "client_secret_post", alg: "RS256",
			oidc: true, firstParty: true, grants: []string{"client_credentials"}},
		{name: "Orders Backend", appType: "non_interactive", authMethod: "client_secret_basic", alg: "RS256",
			oidc: true, firstParty: true, grants: []string{"client_credentials"}},
		{name: "Partner Single Sign-On", appType: "regular_web", authMethod: "client_secret_basic", alg: "RS256",
			oidc: true, firstParty: false, rotating: false, expiring: false,
			callbacks: []string{"https://partner.example/sso/callback"},
			grants:    []string{"authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"}},
		{name: "Kiosk App (Android)", appType: "native", authMethod: "none", alg: "RS256", oidc: true, firstParty: true,
			rotating: false, expiring: true, callbacks: []string{"com.authlens.kiosk://authlens-demo.auth0.example/android/com.authlens.kiosk/callback"},
			grants: []string{"authorization_code", "refresh_token"}},
		{name: "Intranet Wiki", appType: "regular_web", authMethod: "none", alg: "RS256", oidc: true, firstParty: true,
			rotating: true, expiring: true, host: "wiki.authlens-demo.example",
			callbacks: []string{"https://wiki.authlens-demo.example/callback"}, grants: []string{"authorization_code"}},
		// Private Key JWT (no token_endpoint_auth_method): its Management
		// API grant is no shared-secret path
		{name: "Audit Exporter", desc: "Exports tenant logs to the SIEM", appType: "non_interactive", alg: "RS256",
			oidc: true, firstParty: true, grants: []string{"client_credentials"}},
	}
	if g.clean {
		scenario[0].name, scenario[0].desc = "Customer Portal", "Customer self-service portal"
		scenario[0].host = "portal.authlens-demo.example"
		scenario[1].desc = "CI job that audits applications and roles"
		scenario[7].host = "partner.example"
	}
	for i := range n {
		if i == 0 {
			// the tenant's global client, as GET /clients returns it
			id := r.alnum(32)
			t.clients.add(id, created, obj{{"tenant", strings.Split(t.domain, ".")[0]}, {"global", true},
				{"is_token_endpoint_ip_header_trusted", false}, {"name", "All Applications"}, {"callbacks", []string{}},
				{"cross_origin_auth", false}, {"is_first_party", true}, {"oidc_conformant", false},
				{"sso_disabled", false}, {"signing_keys", signingKeys(r)}, {"client_id", id},
				{"callback_url_template", false}, {"client_secret", r.b64(48)}, {"custom_login_page_on", true}})
			g.apps = append(g.apps, 0)
			g.appNames = append(g.appNames, "All Applications")
			continue
		}
		if i-1 < len(scenario) {
			add(scenario[i-1])
			continue
		}
		word := appWords[r.IntN(len(appWords))]
		s := clientSpec{name: fmt.Sprintf("%s %s %d", []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay"}[r.IntN(6)], word, i),
			alg: "RS256", oidc: true, firstParty: r.chance(0.85)}
		s.host = fmt.Sprintf("app%d.authlens-demo.example", i)
		switch x := r.IntN(10); {
		case x < 3:
			s.appType, s.authMethod = "regular_web", "client_secret_post"
			s.callbacks = []string{"https://" + s.host + "/callback"}
			s.logout = []string{"https://" + s.host}
			s.grants = []string{"authorization_code", "refresh_token"}
		case x < 5:
			s.appType, s.authMethod = "spa", "none"
			s.callbacks = []string{"https://" + s.host + "/callback"}
			s.origins = []string{"https://" + s.host}
			s.grants = []string{"authorization_code", "refresh_token"}
			s.rotating, s.expiring = true, true
		case x < 6:
			s.appType, s.authMethod = "native", "none"
			s.callbacks = []string{fmt.Sprintf("com.authlens.app%d://callback", i)}
			s.grants = []string{"authorization_code", "refresh_token"}
			s.rotating, s.expiring = r.chance(0.7), true
		default:
			s.appType, s.authMethod = "non_interactive", "client_secret_post"
			s.grants = []string{"client_credentials"}
		}
		// a tenth of the generated applications carry one weakness
		// (cleanClient takes it away again in a clean tenant)
		if s.appType != "non_interactive" && r.chance(0.1) {
			switch r.IntN(4) {
			case 0:
				s.callbacks = append(s.callbacks, "https://*.authlens-demo.example/callback")
			case 1:
				s.alg = "HS256"
			case 2:
				s.grants = append(s.grants, "password")
			case 3:
				s.rotating, s.expiring = false, false
			}
		}
		add(s)
	}
}

// ---- client grants ----------------------------------------------------

func (g *gen) clientGrants() {
	t := g.t
	r := newRNG(g.seed, 4)
	grant := func(clientID string, created int64, aud string, scopes []string) {
		id := "cgr_" + r.alnum(16)
		t.clientGrants.add(id, created, obj{{"id", id}, {"client_id", clientID},
			{"audience", aud}, {"scope", scopes}, {"organization_usage", "deny"}, {"allow_any_organization", false},
			{"subject_type", "client"}})
	}
	add := func(client int, rs int, scopes []string) {
		aud, _ := t.resourceServers.items[rs].get("identifier")
		grant(t.clients.ids[client], t.clients.created[client]+60000, aud.(string), scopes)
	}
	nRS := t.resourceServers.len()
	if nRS == 0 {
		return
	}
	// mgmt picks the Management API scopes of a grant: in a clean tenant
	// only read:clients, read:roles and read:stats survive
	mgmt := func(scopes ...string) []string {
		if !g.clean {
			return scopes
		}
		var out []string
		for _, s := range scopes {
			if s == "read:clients" || s == "read:roles" || s == "read:stats" {
				out = append(out, s)
			}
		}
		return out
	}
	for _, c := range g.m2m {
		name, _ := t.clients.items[c].get("name")
		switch name {
		case "Management Automation":
			sc := []string{"read:users", "create:users", "update:users", "delete:users", "update:clients",
				"read:clients", "create:client_grants", "update:users_app_metadata"}
			if g.clean {
				sc = []string{"read:clients", "read:roles"}
			}
			add(c, 0, sc)
			continue
		case "Reporting Service":
			add(c, 0, mgmt("read:users", "read:logs", "read:stats"))
			if nRS > 2 {
				add(c, 2, g.rsScopes[2])
			}
			continue
		case "API Explorer Application":
			add(c, 0, mgmt(mgmtScopes...))
			continue
		case "Orders Backend":
			if nRS > 1 {
				add(c, 1, g.rsScopes[1])
			}
			continue
		case "Audit Exporter":
			sc := []string{"read:logs"}
			if g.clean {
				sc = []string{"read:stats"}
			}
			add(c, 0, sc)
			continue
		}
		if nRS > 1 {
			rs := 1 + r.IntN(nRS-1)
			sc := g.rsScopes[rs]
			add(c, rs, sc[:1+r.IntN(len(sc))])
		}
		if r.chance(0.15) {
			sc := []string{"read:users", "read:clients"}
			if r.chance(0.3) {
				sc = append(sc, []string{"create:users", "delete:users", "update:clients", "update:users"}[r.IntN(4)])
			}
			add(c, 0, mgmt(sc...))
		}
	}
	if g.clean {
		return
	}
	// dangling grants: Orders Backend still holds one for an API that was
	// deleted, and an application that was deleted still has one on the
	// Management API
	for _, c := range g.m2m {
		if name, _ := t.clients.items[c].get("name"); name == "Orders Backend" {
			grant(t.clients.ids[c], t.clients.created[c]+120000, retiredAudience, []string{"read:retired"})
		}
	}
	grant(r.alnum(32), base()-200*dayMS, t.ManagementAudience(), []string{"read:users"})
}

func (g *gen) connectionClients() {
	t := g.t
	r := newRNG(g.seed, 5)
	t.connClients = make([][]int, t.connections.len())
	var apps []int // the global client is never enabled on a connection
	for _, a := range g.apps {
		if a != 0 {
			apps = append(apps, a)
		}
	}
	for ci := range t.connClients {
		var ids []int
		for _, a := range apps {
			if ci == 0 || r.chance(0.25) {
				ids = append(ids, a)
			}
		}
		if g.clean && len(apps) > 1 {
			// each connection serves some applications, never all
			if len(ids) == len(apps) {
				ids = ids[:len(ids)-1]
			}
			if len(ids) == 0 {
				ids = []int{apps[r.IntN(len(apps))]}
			}
		}
		t.connClients[ci] = ids
		list := make([]string, len(ids))
		for i, a := range ids {
			list[i] = t.clients.ids[a]
		}
		o := t.connections.items[ci]
		// enabled_clients (deprecated, still returned) goes before realms
		at := len(o) - 1
		o = append(o[:at], kv{"enabled_clients", list}, o[at])
		t.connections.items[ci] = o
	}
}

// ---- roles ------------------------------------------------------------

var roleNames = []string{"Member", "Admin", "Support", "Billing Admin", "Auditor", "Developer",
	"Read Only", "Org Owner", "Editor", "Security Analyst"}

// rolePlants are the demo tenant's doubtful role permissions, by role:
// resource server index (-1: the retired API), scopes.
var rolePlants = map[string][]struct {
	rs     int
	scopes []string
}{
	"Auditor": {{2, []string{"read:reports"}}},               // on the HS256 Legacy Reports API
	"Editor":  {{-1, []string{"read:retired"}}},              // on an API that no longer exists
	"Support": {{1, []string{"read:tickets"}}},               // a scope the Orders API does not define
	"Admin":   {{0, []string{"read:users", "update:users"}}}, // on the Management API
	"Member":  {{1, []string{"update:orders"}}},              // a write permission for a quarter of all users
}

func (g *gen) roles(n int) {
	t := g.t
	r := newRNG(g.seed, 6)
	created := base() - 3*yearMS
	nRS := t.resourceServers.len()
	for i := range n {
		id := "rol_" + r.alnum(16)
		created += r.Int64N(10 * dayMS)
		name := fmt.Sprintf("role-%03d", i)
		desc := "Generated role " + strconv.Itoa(i)
		if i < len(roleNames) {
			name = roleNames[i]
			desc = name + " role"
		}
		t.roles.add(id, created, obj{{"id", id}, {"name", name}, {"description", desc}})
		var perms []obj
		seen := map[string]bool{}
		perm := func(p string, rsName, ident any) {
			key := ident.(string) + " " + p
			if seen[key] {
				return
			}
			seen[key] = true
			perms = append(perms, obj{{"permission_name", p}, {"description", titleScope(p)},
				{"resource_server_name", rsName}, {"resource_server_identifier", ident}})
		}
		if nRS > 1 {
			k := r.IntN(6)
			if name == "Admin" {
				k = 6
			}
			if g.clean && k == 0 {
				k = 1 // no role without permissions
			}
			for range k {
				rs := 1 + r.IntN(nRS-1)
				sc := g.rsScopes[rs]
				p := sc[r.IntN(len(sc))]
				if g.clean && name == "Member" && !strings.HasPrefix(p, "read:") {
					p = sc[0] // every API's first scope reads
				}
				rsName, _ := t.resourceServers.items[rs].get("name")
				ident, _ := t.resourceServers.items[rs].get("identifier")
				perm(p, rsName, ident)
			}
		}
		if !g.clean {
			for _, pl := range rolePlants[name] {
				switch {
				case pl.rs < 0:
					for _, p := range pl.scopes {
						perm(p, "Retired API", retiredAudience)
					}
				case pl.rs < nRS:
					rsName, _ := t.resourceServers.items[pl.rs].get("name")
					ident, _ := t.resourceServers.items[pl.rs].get("identifier")
					for _, p := range pl.scopes {
						perm(p, rsName, ident)
					}
				}
			}
		}
		t.rolePerms = append(t.rolePerms, perms)
	}
}

func (g *gen) roleMembers(perRole int) {
	t := g.t
	r := newRNG(g.seed, 8)
	n := len(t.users)
	t.roleMembers = make([][]int32, t.roles.len())
	for ri := range t.roleMembers {
		var m []int32
		if ri == 0 {
			// "Member": about a quarter of everyone
			for u := range n {
				if r.chance(0.25) {
					m = append(m, int32(u))
				}
			}
		} else {
			m = r.subset(n, r.around(perRole))
		}
		switch {
		case g.clean && len(m) == 0 && n > 0:
			m = []int32{int32(r.IntN(n))} // every role has members
		case !g.clean && strField(t.roles.items[ri], "name") == "Security Analyst":
			m = nil // a role nobody holds
		}
		t.roleMembers[ri] = m
		for _, u := range m {
			t.users[u].roles = append(t.users[u].roles, int32(ri))
		}
	}
}

// ---- organizations ----------------------------------------------------

var orgWords = []string{"acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark",
	"wayne", "wonka", "tyrell", "cyberdyne", "soylent", "aperture", "oscorp", "massive-dynamic"}

func (g *gen) organizations(n, perOrg, invites int) {
	t := g.t
	r := newRNG(g.seed, 9)
	created := base() - 2*yearMS
	nu := len(t.users)
	for i := range n {
		id := "org_" + r.alnum(16)
		created += r.Int64N(5 * dayMS)
		slug := orgWords[i%len(orgWords)]
		if i >= len(orgWords) {
			slug = fmt.Sprintf("%s-%d", slug, i)
		}
		o := obj{{"id", id}, {"name", slug}, {"display_name", strings.ToUpper(slug[:1]) + strings.ReplaceAll(slug[1:], "-", " ")}}
		if r.chance(0.7) {
			o = append(o, kv{"branding", obj{{"logo_url", "https://cdn.authlens-demo.example/logos/" + slug + ".png"},
				{"colors", obj{{"primary", "#" + r.hex(6)}, {"page_background", "#" + r.hex(6)}}}}})
		}
		if r.chance(0.6) {
			o = append(o, kv{"metadata", obj{{"tier", []string{"gold", "silver", "bronze"}[r.IntN(3)]},
				{"crm_id", "acct-" + r.digits(6)}}})
		}
		t.orgs.add(id, created, o)
		members := r.subset(nu, r.around(perOrg))
		t.orgMembers = append(t.orgMembers, members)
		mr := map[int32][]int32{}
		for _, u := range members {
			t.users[u].orgs = append(t.users[u].orgs, int32(i))
			if t.roles.len() > 0 && r.chance(0.3) {
				roles := []int32{int32(r.IntN(min(5, t.roles.len())))}
				if t.roles.len() > 1 && r.chance(0.3) {
					if o2 := int32(r.IntN(min(5, t.roles.len()))); o2 != roles[0] {
						roles = append(roles, o2)
					}
				}
				mr[u] = roles
			}
		}
		t.orgMemberRoles = append(t.orgMemberRoles, mr)
		// enabled connections: the main database plus maybe an enterprise
		// one; in the demo, the first organization lets anyone with a
		// Google account in (assign_membership_on_login on a social
		// connection)
		var conns []obj
		for ci := range t.connections.len() {
			pick := ci == 0 || (t.connStrategy[ci] != "sms" && r.chance(0.08))
			if !g.clean && i == 0 && ci == t.socialIdx {
				pick = true
			}
			if pick {
				assign := ci != 0
				if g.clean {
					assign = strategyType(t.connStrategy[ci]) == "enterprise"
				}
				c := obj{{"connection_id", t.connections.ids[ci]}, {"assign_membership_on_login", assign}}
				if t.connStrategy[ci] == "auth0" {
					c = append(c, kv{"is_signup_enabled", false})
				}
				c = append(c, kv{"show_as_button", true},
					kv{"connection", obj{{"name", t.connNames[ci]}, {"strategy", t.connStrategy[ci]}}})
				conns = append(conns, c)
			}
		}
		t.orgConns = append(t.orgConns, conns)
		var inv []obj
		for range r.around(invites) {
			if len(g.apps) < 2 || nu == 0 {
				break
			}
			iid := "uinv_" + r.alnum(16)
			ticket := r.alnum(32)
			at := r.between(created, base()-dayMS)
			inviter := t.users[r.IntN(nu)]
			app := g.apps[1+r.IntN(len(g.apps)-1)]
			o := obj{{"id", iid}, {"client_id", t.clients.ids[app]},
				{"inviter", obj{{"name", inviter.given + " " + inviter.family}}},
				{"invitee", obj{{"email", fmt.Sprintf("invitee%d@%s", r.IntN(10000), emailDomains[r.IntN(len(emailDomains))])}}},
				{"invitation_url", fmt.Sprintf("https://app.authlens-demo.example/login?invitation=%s&organization=%s&organization_name=%s", ticket, id, slug)},
				{"ticket_id", ticket}, {"created_at", fmtMS(at)}, {"expires_at", fmtMS(at + 7*dayMS)},
				{"organization_id", id}, {"connection_id", t.connections.ids[0]}}
			if t.roles.len() > 0 && r.chance(0.5) {
				o = append(o, kv{"roles", []string{t.roles.ids[r.IntN(min(5, t.roles.len()))]}})
			}
			inv = append(inv, o)
		}
		t.orgInvites = append(t.orgInvites, inv)
	}
}
