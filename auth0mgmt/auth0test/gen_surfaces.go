package auth0test

import (
	"fmt"
	"strings"
	"time"
)

// The newer surfaces of a tenant: Forms and Flows with their
// vault connections, self-service SSO profiles, SCIM on enterprise
// connections, phone providers and templates, application credentials,
// daily stats, event streams, encryption keys, token exchange and user
// attribute profiles. Each kind draws from a stream of its own (15 on),
// so that the kinds generated before are byte for byte what they were.
//
// Per-user authentication methods, sessions and refresh tokens are made
// when asked for (userSurfaces), from the user's own stream.

// surfaces holds the generated data of the newer surfaces.
type surfaces struct {
	forms                 coll
	flows                 coll
	vaultConnections      coll
	selfServiceProfiles   coll
	eventStreams          coll
	encryptionKeys        coll
	tokenExchangeProfiles coll
	userAttributeProfiles coll
	// scim holds the SCIM configuration of a connection (by connection
	// index) and scimTokens its tokens; scimOrder the connections that
	// have one, in creation order.
	scim           map[int]obj
	scimTokens     map[int][]obj
	scimOrder      []int
	phoneProviders []obj
	phoneTemplates []obj
	// clientCredentials by client index (absent: none)
	clientCredentials map[int][]obj
	dailyStats        []obj
	activeUsers       int
}

func (g *gen) surfaces() {
	t := g.t
	s := &t.surf
	s.scim, s.scimTokens, s.clientCredentials = map[int]obj{}, map[int][]obj{}, map[int][]obj{}
	g.formsAndFlows()
	g.selfService()
	g.scim()
	g.phone()
	g.clientCredentials()
	g.stats()
	g.eventStreams()
	g.keysAndProfiles()
}

// ---- Forms and Flows --------------------------------------------------

func (g *gen) formsAndFlows() {
	s := &g.t.surf
	r := newRNG(g.seed, 15)
	at := func(daysAgo int) (int64, string) { ms := base() - int64(daysAgo)*dayMS; return ms, fmtMS(ms) }
	// vault connections: an HTTP bearer token for the CRM, and Auth0's
	// own Management API for the metadata update
	crmID, mgmtID := "ac_"+r.alnum(22), "ac_"+r.alnum(22)
	for i, v := range []struct {
		id, app, name, account string
	}{
		{crmID, "HTTP", "CRM API", "Bearer crm***" + r.alnum(3)},
		{mgmtID, "AUTH0", "Auth0 Management API", "Forms & Flows machine-to-machine access"},
	} {
		ms, ts := at(120 - i*10)
		s.vaultConnections.add(v.id, ms, obj{{"id", v.id}, {"app_id", v.app}, {"environment", "production"}, {"name", v.name},
			{"account_name", v.account}, {"ready", true}, {"created_at", ts}, {"updated_at", ts}, {"refreshed_at", nil},
			{"fingerprint", r.hex(32)}})
	}
	// flows: the demo's CRM lookup writes its API key into a header in
	// clear (instead of using the vault), a sync password and a second key
	// into its URL, a Stripe key into its body, and can be started by a
	// webhook
	enrichID, updateID := "af_"+r.alnum(22), "af_"+r.alnum(22)
	crmParams := obj{{"connection_id", crmID}, {"url", "https://crm.authlens-demo.example/api/contacts"}, {"method", "GET"},
		{"params", obj{{"email", "{{context.user.email}}"}}}}
	webhook := obj{{"enabled", false}, {"secret", nil}}
	if !g.clean {
		apiKey := "crm-live-" + r.alnum(32)
		webhook = obj{{"enabled", true}, {"secret", "whsec_" + r.alnum(40)}}
		crmParams = obj{{"url", "https://crm-sync:" + r.alnum(16) + "@crm.authlens-demo.example/api/contacts?api_key=" + r.alnum(24) + "&source=auth0"},
			{"method", "POST"}, {"headers", obj{{"X-Api-Key", apiKey}}},
			{"params", obj{{"email", "{{context.user.email}}"}}},
			{"body", obj{{"email", "{{context.user.email}}"}, {"billing", obj{{"data", "sk_live_" + r.alnum(24)}}}}}}
	}
	for i, f := range []struct {
		id, name string
		actions  []obj
		webhook  obj
	}{
		{enrichID, "Enrich profile from CRM", []obj{{{"id", "http_request_" + r.alnum(4)}, {"alias", "Look the user up in the CRM"},
			{"type", "HTTP"}, {"action", "SEND_REQUEST"}, {"allow_failure", false}, {"mask_output", g.clean}, {"params", crmParams}}}, webhook},
		{updateID, "Update user_metadata", []obj{{{"id", "update_user_" + r.alnum(4)}, {"alias", "user meta data"},
			{"type", "AUTH0"}, {"action", "UPDATE_USER"}, {"allow_failure", false}, {"mask_output", false},
			{"params", obj{{"connection_id", mgmtID}, {"user_id", "{{context.user.user_id}}"},
				{"changes", obj{{"user_metadata", obj{{"full_name", "{{fields.full_name}}"}}}}}}}}}, obj{{"enabled", false}, {"secret", nil}}},
	} {
		ms, ts := at(100 - i*5)
		s.flows.add(f.id, ms, obj{{"id", f.id}, {"name", f.name}, {"description", nil}, {"synchronous", true},
			{"actions", f.actions}, {"triggers", obj{{"webhook", f.webhook}}}, {"security", obj{{"rateLimits", []obj{}}}},
			{"created_at", ts}, {"updated_at", ts}, {"executed_at", fmtMS(base() - dayMS)[:10]}})
	}
	// forms: progressive profiling that runs both flows
	for i, f := range []struct {
		name  string
		flows []string
	}{
		{"Progressive profile", []string{enrichID, updateID}},
		{"Terms acceptance", nil},
	} {
		id := "ap_" + r.alnum(22)
		ms, ts := at(90 - i*5)
		step := "step_" + r.alnum(4)
		nodes := []obj{{{"id", step}, {"type", "STEP"}, {"coordinates", obj{{"x", 500}, {"y", 0}}}, {"alias", "Fields"},
			{"config", obj{{"components", []obj{{{"id", "full_name"}, {"category", "FIELD"}, {"type", "TEXT"}, {"label", "Full name"},
				{"required", true}, {"sensitive", false}}}}, {"next_node", "$ending"}}}}}
		for j, fl := range f.flows {
			nodes = append(nodes, obj{{"id", "flow_" + r.alnum(4)}, {"type", "FLOW"}, {"coordinates", obj{{"x", 1000 + 500*j}, {"y", 0}}},
				{"alias", "Run flow"}, {"config", obj{{"flow_id", fl}, {"next_node", "$ending"}}}})
		}
		s.forms.add(id, ms, obj{{"id", id}, {"name", f.name}, {"description", nil},
			{"messages", obj{{"custom", obj{}}, {"errors", obj{}}}}, {"languages", obj{{"primary", "en"}, {"default", nil}}},
			{"translations", obj{}}, {"start", obj{{"hiddenFields", []obj{}}, {"nextNode", step}, {"coordinates", obj{{"x", 0}, {"y", 0}}}}},
			{"nodes", nodes}, {"ending", obj{{"content", nil}, {"redirection", nil}, {"callback", nil},
				{"afterSubmit", obj{{"flowId", nil}, {"email", nil}}}, {"resumeFlow", true}, {"coordinates", nil}}},
			{"social", []obj{}}, {"style", obj{{"version", "MODERN"}, {"theme", "SOFT"}, {"css", nil}}}, {"tags", []string{}},
			{"created_at", ts}, {"updated_at", ts}, {"embedded_at", nil}, {"submitted_at", nil}})
	}
}

// summary is what the forms and flows listings give of an item.
func summary(o obj) obj {
	var out obj
	for _, m := range o {
		switch m.k {
		case "id", "name", "created_at", "updated_at", "embedded_at", "submitted_at", "executed_at":
			out = append(out, m)
		}
	}
	return out
}

// ---- self-service SSO ---------------------------------------------------

func (g *gen) selfService() {
	s := &g.t.surf
	r := newRNG(g.seed, 16)
	strategies := []string{"oidc", "samlp", "waad", "google-apps", "adfs", "okta"}
	if g.clean {
		strategies = []string{"oidc", "samlp", "okta"}
	}
	for i, p := range []struct {
		name, desc string
		strategies []string
	}{
		{"Customer SSO", "Customers connect their own identity provider", strategies},
		{"Partner SSO (SAML only)", "Partners on SAML", []string{"samlp"}},
	} {
		id := "ssp_" + r.alnum(22)
		ms := base() - int64(60-i*10)*dayMS
		s.selfServiceProfiles.add(id, ms, obj{{"id", id}, {"name", p.name}, {"description", p.desc},
			{"user_attributes", []obj{{{"name", "email"}, {"description", "Email of the user"}, {"is_optional", false}},
				{{"name", "department"}, {"description", "Department"}, {"is_optional", true}}}},
			{"allowed_strategies", p.strategies}, {"created_at", fmtMS(ms)}, {"updated_at", fmtMS(ms)},
			{"branding", obj{{"logo_url", "https://cdn.authlens-demo.example/logo.png"}, {"colors", obj{{"primary", "#0059d6"}}}}}})
	}
}

// ---- SCIM ------------------------------------------------------------

// scimStrategies are the strategies Auth0 offers inbound SCIM on.
var scimStrategies = map[string]bool{"samlp": true, "oidc": true, "okta": true, "waad": true, "adfs": true, "pingfederate": true}

func (g *gen) scim() {
	t := g.t
	s := &t.surf
	r := newRNG(g.seed, 17)
	tenantName := strings.Split(t.domain, ".")[0]
	n := 0
	for ci, strategy := range t.connStrategy {
		if !scimStrategies[strategy] || n >= 2 {
			continue
		}
		id := t.connections.ids[ci]
		ms := base() - int64(200-n*30)*dayMS
		s.scim[ci] = obj{{"tenant_name", tenantName}, {"connection_id", id}, {"connection_name", t.connNames[ci]},
			{"strategy", strategy}, {"mapping", []obj{{{"scim", "userName"}, {"auth0", "username"}},
				{{"scim", "emails[primary eq true].value"}, {"auth0", "email"}}, {{"scim", "externalId"}, {"auth0", "app_metadata.external_id"}},
				{{"scim", "active"}, {"auth0", "blocked"}}, {{"scim", "name.givenName"}, {"auth0", "given_name"}},
				{{"scim", "name.familyName"}, {"auth0", "family_name"}}}},
			{"updated_on", fmtMS(ms)}, {"created_at", fmtMS(ms)}, {"user_id_attribute", "externalId"}}
		// the demo's first token never expires and may delete users
		tok := obj{{"token_id", "tok_" + r.alnum(16)}, {"created_at", fmtMS(ms + dayMS)},
			{"scopes", []string{"get:users", "post:users", "put:users", "patch:users", "delete:users"}}}
		if g.clean || n > 0 {
			tok = obj{{"token_id", "tok_" + r.alnum(16)}, {"created_at", fmtMS(base() - 30*dayMS)},
				{"scopes", []string{"get:users", "post:users", "put:users", "patch:users"}},
				{"valid_until", fmtMS(base() + 335*dayMS)}, {"last_used_at", fmtMS(base() - dayMS)}}
		}
		s.scimTokens[ci] = []obj{tok}
		s.scimOrder = append(s.scimOrder, ci)
		n++
	}
}

// ---- phone -----------------------------------------------------------

func (g *gen) phone() {
	s := &g.t.surf
	r := newRNG(g.seed, 18)
	tenantName := strings.Split(g.t.domain, ".")[0]
	ms := base() - 150*dayMS
	// the create body's credentials, as a scanner must never copy them
	s.phoneProviders = []obj{{{"id", "pro_" + r.alnum(22)}, {"tenant", tenantName}, {"name", "twilio"}, {"channel", "phone"},
		{"disabled", false}, {"configuration", obj{{"sid", "AC" + r.hex(32)}, {"default_from", "+15550100"},
			{"delivery_methods", []string{"text", "voice"}}}},
		{"credentials", obj{{"auth_token", r.hex(32)}}},
		{"created_at", fmtMS(ms)}, {"updated_at", fmtMS(ms)}}}
	for i, typ := range []string{"otp_verify", "otp_enroll", "change_password", "blocked_account", "password_breach"} {
		at := fmtMS(ms + int64(i)*dayMS)
		text := "Your verification code is {{code}}."
		if typ == "change_password" || typ == "blocked_account" || typ == "password_breach" {
			text = "Security notice for {{user.email}} from {{user.source_ip}}."
		}
		s.phoneTemplates = append(s.phoneTemplates, obj{{"id", "tem_" + r.alnum(22)}, {"tenant", tenantName}, {"channel", "phone"},
			{"type", typ}, {"disabled", false}, {"customizable", true}, {"created_at", at}, {"updated_at", at},
			{"content", obj{{"syntax", "liquid"}, {"body", obj{{"text", text}, {"voice", text}}}, {"from", "+15550100"}}}})
	}
}

// ---- application credentials ----------------------------------------

// clientCredentials gives every application on Private Key JWT the
// credential its client_authentication_methods names; in the demo the
// Audit Exporter's expired last month, and its replacement never expires.
func (g *gen) clientCredentials() {
	t := g.t
	s := &t.surf
	r := newRNG(g.seed, 19)
	for i, c := range t.clients.items {
		cam, ok := c.get("client_authentication_methods")
		if !ok {
			continue
		}
		pk, _ := cam.(obj).get("private_key_jwt")
		creds, _ := pk.(obj).get("credentials")
		name := strField(c, "name")
		for _, ref := range creds.([]obj) {
			id := strField(ref, "id")
			ms := base() - 300*dayMS
			cred := obj{{"id", id}, {"credential_type", "public_key"}, {"kid", r.b64(32)}, {"alg", "RS256"},
				{"name", name + " signing key"}, {"created_at", fmtMS(ms)}, {"updated_at", fmtMS(ms)}}
			if !g.clean && name == "Audit Exporter" {
				cred = append(cred, kv{"expires_at", fmtMS(base() - 30*dayMS)})
			} else {
				cred = append(cred, kv{"expires_at", fmtMS(base() + 365*dayMS)})
			}
			s.clientCredentials[i] = append(s.clientCredentials[i], cred)
		}
	}
	// the demo's Audit Exporter rotated half-way: its replacement key,
	// not yet enabled for Private Key JWT, never expires
	for i, c := range t.clients.items {
		if g.clean || strField(c, "name") != "Audit Exporter" || len(s.clientCredentials[i]) == 0 {
			continue
		}
		ms := base() - 20*dayMS
		s.clientCredentials[i] = append(s.clientCredentials[i], obj{{"id", "cred_" + r.alnum(22)}, {"credential_type", "public_key"},
			{"kid", r.b64(32)}, {"alg", "RS256"}, {"name", "Audit Exporter signing key (2025)"},
			{"created_at", fmtMS(ms)}, {"updated_at", fmtMS(ms)}})
	}
}

// ---- stats ----------------------------------------------------------

// statsDays is how many days of daily stats the tenant has.
const statsDays = 30

func (g *gen) stats() {
	t := g.t
	s := &t.surf
	r := newRNG(g.seed, 20)
	day := BaseTime().Truncate(24 * time.Hour)
	for i := statsDays; i >= 1; i-- {
		d := day.AddDate(0, 0, -i)
		logins := r.around(max(1, len(t.users)/3))
		at := fmtMS(d.Add(23*time.Hour).UnixMilli() + r.Int64N(3600000))
		s.dailyStats = append(s.dailyStats, obj{{"date", fmtMS(d.UnixMilli())}, {"logins", logins},
			{"signups", r.IntN(max(2, len(t.users)/50))}, {"leaked_passwords", r.IntN(3)}, {"leaked_passwords_signup", 0},
			{"updated_at", at}, {"created_at", at}})
	}
	since := base() - 30*dayMS
	for i := range t.users {
		if t.users[i].lastLogin >= since {
			s.activeUsers++
		}
	}
}

// ---- event streams --------------------------------------------------

func (g *gen) eventStreams() {
	t := g.t
	s := &t.surf
	r := newRNG(g.seed, 21)
	endpoint := "http://hooks.authlens-demo.example/auth0" // the demo's: plain http
	if g.clean {
		endpoint = "https://hooks.authlens-demo.example/auth0"
	}
	tenantName := strings.Split(t.domain, ".")[0]
	for i, e := range []struct {
		name, typ string
		conf      obj
		events    []string
	}{
		{"user-lifecycle-webhook", "webhook", obj{{"webhook_endpoint", endpoint}, {"webhook_authorization", obj{{"method", "bearer"}}}},
			[]string{"user.created", "user.updated", "user.deleted"}},
		{"eventbridge-audit", "eventbridge", obj{{"aws_region", "eu-west-1"}, {"aws_account_id", "123456789012"},
			{"aws_partner_event_source", "aws.partner/auth0.com/" + tenantName + "-" + r.uuid() + "/auth0.events"}},
			[]string{"user.created", "user.deleted"}},
	} {
		id := "est_" + r.alnum(22)
		ms := base() - int64(80-i*10)*dayMS
		subs := make([]obj, len(e.events))
		for j, ev := range e.events {
			subs[j] = obj{{"event_type", ev}}
		}
		s.eventStreams.add(id, ms, obj{{"id", id}, {"status", "enabled"}, {"name", e.name}, {"subscriptions", subs},
			{"created_at", fmtMS(ms)}, {"updated_at", fmtMS(ms)}, {"destination", obj{{"type", e.typ}, {"configuration", e.conf}}}})
	}
}

// ---- keys and profiles ------------------------------------------------

func (g *gen) keysAndProfiles() {
	t := g.t
	s := &t.surf
	r := newRNG(g.seed, 22)
	root, master := r.uuid(), r.uuid()
	for i, k := range []struct{ kid, typ, parent string }{
		{root, "environment-root-key", ""}, {master, "tenant-master-key", root}, {r.uuid(), "tenant-encryption-key", master},
	} {
		ms := base() - int64(400-i)*dayMS
		var parent any
		if k.parent != "" {
			parent = k.parent
		}
		s.encryptionKeys.add(k.kid, ms, obj{{"kid", k.kid}, {"type", k.typ}, {"state", "active"},
			{"created_at", fmtMS(ms)}, {"updated_at", fmtMS(ms)}, {"parent_kid", parent}})
	}
	// a custom token exchange profile, on the tenant's custom-token-exchange
	// Action; the demo's names an Action that was deleted since
	action := ""
	for i, trs := range t.actionTriggers {
		for _, tr := range trs {
			if tr == "custom-token-exchange" && action == "" {
				action = t.actions.ids[i]
			}
		}
	}
	if action == "" && !g.clean {
		action = r.uuid()
	}
	if action != "" {
		id := "tep_" + r.alnum(16)
		ms := base() - 45*dayMS
		s.tokenExchangeProfiles.add(id, ms, obj{{"id", id}, {"name", "Legacy IdP token exchange"},
			{"type", "custom_authentication"}, {"subject_token_type", "https://legacy-idp.authlens-demo.example/session-token"},
			{"action_id", action}, {"created_at", fmtMS(ms)}, {"updated_at", fmtMS(ms)}})
	}
	id := "uap_" + r.alnum(22)
	mapping := func(label, claim, saml, scim string, required bool) obj {
		return obj{{"description", label}, {"label", label}, {"profile_required", required}, {"auth0_mapping", claim},
			{"oidc_mapping", obj{{"mapping", "${context.tokenset." + claim + "}"}}}, {"saml_mapping", []string{saml}}, {"scim_mapping", scim}}
	}
	s.userAttributeProfiles.add(id, base()-20*dayMS, obj{{"id", id}, {"name", "Workforce attributes"},
		{"user_id", obj{{"oidc_mapping", "sub"}, {"saml_mapping", []string{"urn:oasis:names:tc:SAML:2.0:attrname-format:basic:nameidentifier"}},
			{"scim_mapping", "externalId"}}},
		{"user_attributes", obj{
			{"email", mapping("Email", "email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "emails[primary eq true].value", true)},
			{"name", mapping("Name", "name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "displayName", false)}}}})
}

// ---- per-user surfaces ------------------------------------------------

// userSurfaces are a user's enrolled authentication methods, sessions
// and refresh tokens, made from the user's index alone (the same user
// always has the same ones).
func (t *Tenant) userSurfaces(seed int64, i int32) (methods, sessions, refresh []obj) {
	u := &t.users[i]
	r := newRNG(seed, 1000+uint64(i))
	at := func(ms int64) string { return fmtMS(ms) }
	enrolled := u.created + dayMS
	switch mfaProviders[u.mfa] {
	case "guardian":
		id := r.alnum(16)
		methods = append(methods, obj{{"id", "push|dev_" + id}, {"type", "push"}, {"confirmed", true}, {"name", "iPhone"},
			{"created_at", at(enrolled)}, {"authentication_methods", []obj{{{"id", "push|dev_" + id}, {"type", "push"}}, {{"id", "totp|dev_" + id}, {"type", "totp"}}}}},
			obj{{"id", "recovery-code|dev_" + r.alnum(16)}, {"type", "recovery-code"}, {"confirmed", true}, {"created_at", at(enrolled)}})
	case "google-authenticator":
		methods = append(methods, obj{{"id", "totp|dev_" + r.alnum(16)}, {"type", "totp"}, {"confirmed", true}, {"name", "Authenticator"},
			{"created_at", at(enrolled)}})
	case "duo":
		id := r.alnum(16)
		methods = append(methods, obj{{"id", "phone|dev_" + id}, {"type", "phone"}, {"confirmed", true}, {"name", "Phone"},
			{"phone_number", "+1555****" + r.digits(3)}, {"preferred_authentication_method", "sms"}, {"created_at", at(enrolled)},
			{"authentication_methods", []obj{{{"id", "sms|dev_" + id}, {"type", "sms"}}}}})
	}
	if u.lastLogin == 0 {
		return methods, nil, nil
	}
	apps := t.surfaceApps()
	if len(apps) == 0 {
		return methods, nil, nil
	}
	client := apps[r.IntN(len(apps))]
	if u.lastLogin >= base()-90*dayMS { // within the demo's session lifetime
		sid := r.alnum(32)
		ua := []string{"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/125.0"}[r.IntN(2)]
		sessions = append(sessions, obj{{"id", sid}, {"user_id", u.id}, {"created_at", at(u.lastLogin)}, {"updated_at", at(u.lastLogin)},
			{"authenticated_at", at(u.lastLogin)}, {"idle_expires_at", at(u.lastLogin + 3*dayMS)}, {"expires_at", at(u.lastLogin + 90*dayMS)},
			{"last_interacted_at", at(u.lastLogin)},
			{"device", obj{{"initial_user_agent", ua}, {"initial_ip", ipString(u.ip)}, {"initial_asn", fmt.Sprint(64496 + r.IntN(10))},
				{"last_user_agent", ua}, {"last_ip", ipString(u.ip)}, {"last_asn", fmt.Sprint(64496 + r.IntN(10))}}},
			{"clients", []obj{{{"client_id", client}}}},
			{"authentication", obj{{"methods", []obj{{{"name", "pwd"}, {"timestamp", at(u.lastLogin)}, {"type", "password"}}}}}}})
	}
	if u.logins > 3 {
		refresh = append(refresh, obj{{"id", r.alnum(24)}, {"user_id", u.id}, {"created_at", at(u.lastLogin)},
			{"idle_expires_at", nil}, {"expires_at", nil}, {"client_id", client}, {"session_id", nil}, {"rotating", false},
			{"resource_servers", []obj{{{"audience", "https://" + t.domain + "/userinfo"}, {"scopes", "openid profile email offline_access"}}}}})
	}
	return methods, sessions, refresh
}

// surfaceApps are the client ids sessions sign into: the interactive
// applications but the global one.
func (t *Tenant) surfaceApps() []string {
	var out []string
	for i, c := range t.clients.items {
		if g, _ := c.get("global"); g == true {
			continue
		}
		if at := strField(c, "app_type"); at != "non_interactive" && at != "" {
			out = append(out, t.clients.ids[i])
		}
		if len(out) == 8 {
			break
		}
	}
	return out
}
