package auth0test

import (
	"fmt"
	"strconv"
	"strings"
)

// ---- actions ----------------------------------------------------------

type actionSpec struct {
	name, trigger, code string
	deps                []string
	secrets             []string
}

var scenarioActions = []actionSpec{
	{name: "Grant requested scopes", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  const wanted = event.user.user_metadata.requested_scopes;
  if (wanted) { api.accessToken.addScope(wanted); }
};`},
	{name: "Skip MFA for trusted callers", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  if (event.request.query.skip_mfa === 'true') {
    return;
  }
  api.multifactor.enable('any', { allowRememberBrowser: false });
};`},
	{name: "Sync role from profile", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  const { role } = event.user.user_metadata;
  if (role && role !== event.user.app_metadata.role) {
    api.user.setAppMetadata('role', role);
  }
};`},
	{name: "Add role claim", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  const namespace = 'https://authlens-demo.example';
  const role = event.user.app_metadata.role || 'user';
  api.accessToken.setCustomClaim(namespace + '/role', role);
  if (role === 'admin') {
    api.accessToken.addScope('admin:all');
  }
};`},
	{name: "Require MFA for admins", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  const roles = (event.authorization && event.authorization.roles) || [];
  if (roles.includes('Admin')) {
    api.multifactor.enable('any', { allowRememberBrowser: false });
  }
};`},
	{name: "Deny blocked countries", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  const blocked = ['KP', 'IR'];
  if (event.request.geoip && blocked.includes(event.request.geoip.countryCode)) {
    api.access.deny('Access from your country is not allowed.');
  }
};`},
	{name: "M2M tenant claim", trigger: "credentials-exchange", code: `exports.onExecuteCredentialsExchange = async (event, api) => {
  api.accessToken.setCustomClaim('https://authlens-demo.example/tenant', event.client.metadata.tenant || 'default');
};`},
	{name: "Block disposable emails", trigger: "pre-user-registration", deps: []string{"disposable-email-domains@1.0.62"}, code: `const domains = require('disposable-email-domains');
exports.onExecutePreUserRegistration = async (event, api) => {
  const domain = (event.user.email || '').split('@')[1];
  if (domains.includes(domain)) {
    api.access.deny('disposable_email', 'Please use a real email address.');
  }
};`},
	{name: "Notify Slack on signup", trigger: "post-user-registration", deps: []string{"axios@1.6.8"}, secrets: []string{"SLACK_WEBHOOK_URL"}, code: `const axios = require('axios');
exports.onExecutePostUserRegistration = async (event) => {
  await axios.post(event.secrets.SLACK_WEBHOOK_URL, { text: 'New signup: ' + event.user.email });
};`},
	{name: "Send SMS via Twilio", trigger: "send-phone-message", deps: []string{"twilio@4.23.0"}, secrets: []string{"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"}, code: `const twilio = require('twilio');
exports.onExecuteSendPhoneMessage = async (event) => {
  const client = twilio(event.secrets.TWILIO_ACCOUNT_SID, event.secrets.TWILIO_AUTH_TOKEN);
  await client.messages.create({ to: event.message_options.recipient, from: '+15550100', body: event.message_options.text });
};`},
	{name: "Debug login events", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  console.log('login', JSON.stringify(event));
};`},
}

var genericActionCode = map[string]string{
	"post-login": `exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('https://authlens-demo.example/locale', event.user.user_metadata.language || 'en');
};`,
	"credentials-exchange": `exports.onExecuteCredentialsExchange = async (event, api) => {
  api.accessToken.setCustomClaim('https://authlens-demo.example/client', event.client.name);
};`,
	"pre-user-registration": `exports.onExecutePreUserRegistration = async (event, api) => {
  api.user.setUserMetadata('signup_source', 'web');
};`,
	"post-user-registration": `exports.onExecutePostUserRegistration = async (event) => {
  console.log('registered', event.user.user_id);
};`,
	"post-change-password": `exports.onExecutePostChangePassword = async (event) => {
  console.log('password changed', event.user.user_id);
};`,
}

var genericTriggers = []string{"post-login", "post-login", "post-login", "credentials-exchange",
	"pre-user-registration", "post-user-registration", "post-change-password"}

func triggerVersion(trigger string) string {
	switch trigger {
	case "post-login":
		return "v3"
	case "send-phone-message":
		return "v2"
	}
	return "v2"
}

func (g *gen) actions(n int) {
	t := g.t
	r := newRNG(g.seed, 10)
	created := base() - 2*yearMS
	t.bindings = map[string][]obj{}
	for i := range n {
		var s actionSpec
		if i < len(scenarioActions) {
			s = scenarioActions[i]
		} else {
			tr := genericTriggers[r.IntN(len(genericTriggers))]
			s = actionSpec{name: fmt.Sprintf("%s action %03d", tr, i), trigger: tr, code: genericActionCode[tr]}
		}
		id := r.uuid()
		created += r.Int64N(4 * dayMS)
		updated := r.between(created, base()-dayMS)
		runtime := []string{"node18", "node22"}[r.IntN(2)]
		triggers := []obj{{{"id", s.trigger}, {"version", triggerVersion(s.trigger)}}}
		deps := []obj{}
		for _, d := range s.deps {
			name, ver, _ := strings.Cut(d, "@")
			deps = append(deps, obj{{"name", name}, {"version", ver}})
		}
		secrets := []obj{}
		for _, sname := range s.secrets {
			secrets = append(secrets, obj{{"name", sname}, {"updated_at", fmtNano(updated, r.IntN(1000000))}})
		}
		deployed := i < len(scenarioActions) || r.chance(0.85)
		verID := r.uuid()
		built := fmtNano(updated+1500, r.IntN(1000000))
		o := obj{{"id", id}, {"name", s.name}, {"supported_triggers", triggers},
			{"created_at", fmtNano(created, r.IntN(1000000))}, {"updated_at", fmtNano(updated, r.IntN(1000000))},
			{"code", s.code}, {"dependencies", deps}, {"runtime", runtime}, {"status", "built"}, {"secrets", secrets}}
		if deployed {
			o = append(o, kv{"current_version", obj{{"id", verID}, {"code", s.code}, {"runtime", runtime},
				{"status", "BUILT"}, {"number", 1 + r.IntN(12)}, {"build_time", built}, {"created_at", built}, {"updated_at", built}}},
				kv{"deployed_version", obj{{"code", s.code}, {"dependencies", deps}, {"id", verID}, {"deployed", true},
					{"number", 1}, {"built_at", built}, {"secrets", secrets}, {"status", "built"}, {"created_at", built},
					{"updated_at", built}, {"runtime", runtime}, {"supported_triggers", triggers}}},
				kv{"all_changes_deployed", true})
		} else {
			o = append(o, kv{"all_changes_deployed", false})
		}
		t.actions.add(id, created, o)
		t.actionTriggers = append(t.actionTriggers, []string{s.trigger})
		t.actionDeployed = append(t.actionDeployed, deployed)
		if deployed && (i < len(scenarioActions) || r.chance(0.7)) {
			bt := fmtNano(updated+3000, r.IntN(1000000))
			t.bindings[s.trigger] = append(t.bindings[s.trigger], obj{{"id", r.uuid()}, {"trigger_id", s.trigger},
				{"action", obj{{"id", id}, {"name", s.name}, {"supported_triggers", triggers},
					{"created_at", o[3].v}, {"updated_at", o[4].v}, {"all_changes_deployed", true}}},
				{"created_at", bt}, {"updated_at", bt}, {"display_name", s.name}})
		}
	}
	t.triggers = actionTriggerList()
}

func actionTriggerList() []obj {
	tr := func(id, version, status string, runtimes []string, def string, compat []obj) obj {
		o := obj{{"id", id}, {"version", version}, {"status", status}, {"runtimes", runtimes}}
		if def != "" {
			o = append(o, kv{"default_runtime", def})
		}
		return append(o, kv{"compatible_triggers", compat})
	}
	old := []string{"node12"}
	cur := []string{"node18", "node22"}
	return []obj{
		tr("post-login", "v1", "DEPRECATED", old, "node12", []obj{}),
		tr("post-login", "v2", "DEPRECATED", []string{"node12", "node16", "node18"}, "node16", []obj{}),
		tr("post-login", "v3", "CURRENT", cur, "node22", []obj{{{"id", "post-login"}, {"version", "v2"}}}),
		tr("credentials-exchange", "v2", "CURRENT", cur, "node22", []obj{}),
		tr("credentials-exchange", "v1", "DEPRECATED", old, "node12", []obj{}),
		tr("pre-user-registration", "v1", "DEPRECATED", old, "node12", []obj{}),
		tr("pre-user-registration", "v2", "CURRENT", cur, "node22", []obj{}),
		tr("post-user-registration", "v1", "DEPRECATED", old, "node12", []obj{}),
		tr("post-user-registration", "v2", "CURRENT", cur, "node22", []obj{}),
		tr("post-change-password", "v2", "CURRENT", cur, "node22", []obj{}),
		tr("post-change-password", "v1", "DEPRECATED", old, "node12", []obj{}),
		tr("send-phone-message", "v1", "DEPRECATED", old, "", []obj{}),
		tr("send-phone-message", "v2", "CURRENT", cur, "node22", []obj{}),
		tr("password-reset-post-challenge", "v1", "CURRENT", cur, "node22", []obj{}),
		tr("custom-email-provider", "v1", "CURRENT", cur, "node22", []obj{}),
		tr("custom-phone-provider", "v1", "CURRENT", cur, "node22", []obj{}),
		tr("custom-token-exchange", "v1", "CURRENT", cur, "node22", []obj{}),
	}
}

func knownTrigger(id string) bool {
	switch id {
	case "post-login", "credentials-exchange", "pre-user-registration", "post-user-registration",
		"post-change-password", "send-phone-message", "password-reset-post-challenge",
		"custom-email-provider", "custom-phone-provider", "custom-token-exchange":
		return true
	}
	return false
}

// ---- rules and hooks --------------------------------------------------

var scenarioRules = []struct {
	name, script string
	enabled      bool
}{
	{"Require MFA for admins", `function requireMfaForAdmins(user, context, callback) {
  const roles = (context.authorization || {}).roles || [];
  if (roles.indexOf('Admin') !== -1) {
    context.multifactor = { provider: 'any', allowRememberBrowser: false };
  }
  callback(null, user, context);
}`, true},
	{"Skip MFA from office network", `function skipMfaFromOffice(user, context, callback) {
  const ip = context.request.query.client_ip || context.request.ip;
  if (ip && ip.indexOf('10.') === 0) {
    return callback(null, user, context);
  }
  context.multifactor = { provider: 'guardian', allowRememberBrowser: true };
  callback(null, user, context);
}`, true},
	{"Add scopes from metadata", `function addScopesFromMetadata(user, context, callback) {
  const extra = (user.user_metadata || {}).scopes;
  if (extra) {
    context.accessToken.scope = (context.accessToken.scope || []).concat(extra);
  }
  callback(null, user, context);
}`, true},
	{"Enrich profile with Clearbit", `function enrichProfile(user, context, callback) {
  const request = require('request');
  request.get({ url: 'https://person.clearbit.com/v2/people/find', qs: { email: user.email },
    headers: { Authorization: 'Bearer ' + configuration.CLEARBIT_KEY } }, function (err, resp, body) {
    if (!err && resp.statusCode === 200) {
      context.idToken['https://authlens-demo.example/company'] = JSON.parse(body).employment.name;
    }
    callback(null, user, context);
  });
}`, false},
}

var scenarioHooks = []struct {
	name, trigger, script string
	enabled               bool
}{
	{"client-credentials-claims", "credentials-exchange", `module.exports = function(client, scope, audience, context, cb) {
  var access_token = {};
  access_token.scope = scope.concat(context.body.extra_scope ? [context.body.extra_scope] : []);
  cb(null, access_token);
};`, true},
	{"pre-registration-defaults", "pre-user-registration", `module.exports = function (user, context, cb) {
  var response = {};
  response.user = { user_metadata: { signup_source: 'hook' } };
  cb(null, response);
};`, false},
}

func (g *gen) rulesAndHooks(nRules, nHooks int) {
	t := g.t
	r := newRNG(g.seed, 11)
	created := base() - 3*yearMS
	for i := range nRules {
		id := "rul_" + r.alnum(16)
		created += r.Int64N(20 * dayMS)
		name, script, enabled := fmt.Sprintf("rule-%02d", i), `function (user, context, callback) {
  callback(null, user, context);
}`, r.chance(0.5)
		if i < len(scenarioRules) {
			name, script, enabled = scenarioRules[i].name, scenarioRules[i].script, scenarioRules[i].enabled
		}
		t.rules.add(id, created, obj{{"id", id}, {"enabled", enabled}, {"script", script}, {"name", name},
			{"order", i + 1}, {"stage", "login_success"}})
	}
	if nRules > 0 {
		t.rulesConfigs = []obj{{{"key", "CLEARBIT_KEY"}}, {{"key", "SLACK_WEBHOOK_URL"}}}
	}
	for i := range nHooks {
		created += r.Int64N(20 * dayMS)
		id := r.ulid(created)
		name, trigger, script, enabled := fmt.Sprintf("hook-%02d", i), "post-user-registration",
			`module.exports = function (user, context, cb) {
  cb();
};`, false
		if i < len(scenarioHooks) {
			h := scenarioHooks[i]
			name, trigger, script, enabled = h.name, h.trigger, h.script, h.enabled
		}
		t.hooks.add(id, created, obj{{"id", id}, {"name", name}, {"script", script}, {"dependencies", map[string]any{}},
			{"triggerId", trigger}, {"enabled", enabled}})
	}
}

// ---- log streams ------------------------------------------------------

func (g *gen) logStreams(n int) {
	t := g.t
	r := newRNG(g.seed, 12)
	next := int64(10000 + r.IntN(5000))
	filters := []obj{{{"type", "category"}, {"name", "auth.login.fail"}}, {{"type", "category"}, {"name", "auth.token_exchange.fail"}}}
	for i := range n {
		id := fmt.Sprintf("lst_%016d", next)
		next += int64(1 + r.IntN(7))
		var o obj
		switch i % 6 {
		case 0:
			o = obj{{"id", id}, {"name", "SIEM webhook"}, {"type", "http"}, {"status", "active"},
				{"sink", obj{{"httpAuthorization", "Bearer " + r.hex(32)}, {"httpContentFormat", "JSONLINES"},
					{"httpContentType", "application/json"}, {"httpEndpoint", "https://siem.authlens-demo.example/auth0"}}},
				{"isPriority", false}}
		case 1:
			o = obj{{"id", id}, {"name", "Datadog"}, {"type", "datadog"}, {"status", "active"},
				{"sink", obj{{"datadogApiKey", r.hex(32)}, {"datadogRegion", "eu"}}}, {"filters", filters}, {"isPriority", true}}
		case 2:
			o = obj{{"id", id}, {"name", "Splunk"}, {"type", "splunk"}, {"status", "paused"},
				{"sink", obj{{"splunkDomain", "splunk.authlens-demo.example"}, {"splunkPort", "8088"},
					{"splunkToken", r.uuid()}, {"splunkSecure", true}}}, {"isPriority", false}}
		case 3:
			o = obj{{"id", id}, {"name", "EventBridge"}, {"type", "eventbridge"}, {"status", "active"},
				{"sink", obj{{"awsAccountId", r.digits(12)}, {"awsRegion", "eu-west-1"},
					{"awsPartnerEventSource", "aws.partner/auth0.com/authlens-demo-" + r.uuid() + "/auth0.logs"}}},
				{"isPriority", false}}
		case 4:
			o = obj{{"id", id}, {"name", "Segment"}, {"type", "segment"}, {"status", "suspended"},
				{"sink", obj{{"segmentWriteKey", r.alnum(32)}}}, {"isPriority", false}}
		default:
			o = obj{{"id", id}, {"name", fmt.Sprintf("Sumo %d", i)}, {"type", "sumo"}, {"status", "active"},
				{"sink", obj{{"sumoSourceAddress", "https://endpoint1.collection.eu.sumologic.com/receiver/v1/http/" + r.b64(40)}}},
				{"isPriority", false}}
		}
		t.logStreams.add(id, base()-yearMS+int64(i)*dayMS, o)
	}
}

// ---- logs -------------------------------------------------------------

type logType struct {
	code, desc string
	weight     int
	user, fail bool
}

var logTypes = []logType{
	{"s", "Success Login", 40, true, false},
	{"f", "Failed Login", 4, true, true},
	{"fp", "Wrong email or password.", 8, true, true},
	{"fu", "Wrong email or password.", 5, true, true},
	{"seacft", "Authorization Code for Access Token", 10, true, false},
	{"seccft", "Client Credentials for Access Token", 12, false, false},
	{"feccft", "Unauthorized", 2, false, true},
	{"sapi", "Get users by ID", 8, false, false},
	{"fapi", "Insufficient scope, expected any of: read:users", 1, false, true},
	{"ss", "", 4, true, false},
	{"scp", "Password changed", 1, true, false},
	{"gd_auth_succeed", "MFA authentication succeeded", 3, true, false},
	{"limit_wc", "Blocked Account", 1, true, true},
	{"limit_mu", "Blocked IP Address", 1, true, true},
	{"api_limit", "Global rate limit exceeded", 1, false, true},
	{"pwd_leak", "Breached password", 1, true, true},
}

var userAgents = []string{"Chrome 124.0.0 / Mac OS X 10.15.7", "Firefox 126.0.0 / Windows 10.0.0",
	"Safari 17.4.1 / iOS 17.4.1", "Other 0.0.0 / Other 0.0.0", "Node.js 20.11.0 / Other 0.0.0"}

var cities = []obj{
	{{"country_code", "FR"}, {"country_code3", "FRA"}, {"country_name", "France"}, {"city_name", "Lyon"}, {"latitude", 45.75}, {"longitude", 4.85}, {"time_zone", "Europe/Paris"}, {"continent_code", "EU"}},
	{{"country_code", "US"}, {"country_code3", "USA"}, {"country_name", "United States"}, {"city_name", "Austin"}, {"latitude", 30.27}, {"longitude", -97.74}, {"time_zone", "America/Chicago"}, {"continent_code", "NA"}},
	{{"country_code", "JP"}, {"country_code3", "JPN"}, {"country_name", "Japan"}, {"city_name", "Osaka"}, {"latitude", 34.69}, {"longitude", 135.5}, {"time_zone", "Asia/Tokyo"}, {"continent_code", "AS"}},
}

// logID builds an id like the real ones: "900" + the date to the
// microsecond + a fixed block + an 18-digit sequence, all fixed width, so
// that ids sort lexically in the order they were written.
func logID(ms int64, micro int, seq int64) string {
	ts := fmtMS(ms)
	d := ts[0:4] + ts[5:7] + ts[8:10] + ts[11:13] + ts[14:16] + ts[17:19] + ts[20:23]
	return fmt.Sprintf("900%s%03d000000000000001%018d", d, micro, 223372036854775807-int64(1e17)+seq)
}

func (g *gen) logs(n int) {
	t := g.t
	r := newRNG(g.seed, 13)
	if n <= 0 {
		return
	}
	total := 0
	for _, lt := range logTypes {
		total += lt.weight
	}
	// the last 30 days, strictly increasing
	start := base() - 30*dayMS
	step := (30 * dayMS) / int64(n)
	seq := int64(r.IntN(1 << 20))
	for i := range n {
		ms := start + int64(i)*step + r.Int64N(max(step/2, 1))
		seq += 1 + int64(r.IntN(50))
		x := r.IntN(total)
		lt := logTypes[0]
		for _, c := range logTypes {
			if x < c.weight {
				lt = c
				break
			}
			x -= c.weight
		}
		id := logID(ms, r.IntN(1000), seq)
		o := obj{{"date", fmtMS(ms)}, {"type", lt.code}}
		if lt.desc != "" {
			o = append(o, kv{"description", lt.desc})
		}
		ip := ipString(r.Uint32())
		var client = -1
		if t.clients.len() > 1 {
			client = 1 + r.IntN(t.clients.len()-1)
		}
		if lt.user && len(t.users) > 0 {
			u := &t.users[r.IntN(len(t.users))]
			conn := t.connNames[u.conn]
			if lt.code == "fu" {
				o = append(o, kv{"connection", conn}, kv{"connection_id", t.connections.ids[u.conn]})
				if client >= 0 {
					name, _ := t.clients.items[client].get("name")
					o = append(o, kv{"client_id", t.clients.ids[client]}, kv{"client_name", name})
				}
				o = append(o, kv{"ip", ip}, kv{"user_agent", r.pick(userAgents)},
					kv{"details", obj{{"error", obj{{"message", "Wrong email or password."}}}}},
					kv{"user_id", ""}, kv{"user_name", "nobody" + strconv.Itoa(r.IntN(1000)) + "@example.com"},
					kv{"strategy", t.connStrategy[u.conn]}, kv{"strategy_type", strategyType(t.connStrategy[u.conn])})
			} else {
				o = append(o, kv{"connection", conn}, kv{"connection_id", t.connections.ids[u.conn]})
				if client >= 0 {
					name, _ := t.clients.items[client].get("name")
					o = append(o, kv{"client_id", t.clients.ids[client]}, kv{"client_name", name})
				}
				o = append(o, kv{"ip", ip}, kv{"user_agent", r.pick(userAgents)})
				if lt.code == "s" {
					o = append(o, kv{"details", obj{{"prompts", []obj{}}, {"initiatedAt", ms - 2300}, {"completedAt", ms},
						{"elapsedTime", 2300}, {"session_id", r.alnum(32)}}}, kv{"hostname", t.domain})
				}
				o = append(o, kv{"user_id", u.id}, kv{"user_name", u.email},
					kv{"strategy", t.connStrategy[u.conn]}, kv{"strategy_type", strategyType(t.connStrategy[u.conn])})
			}
		} else {
			if client >= 0 {
				name, _ := t.clients.items[client].get("name")
				o = append(o, kv{"client_id", t.clients.ids[client]}, kv{"client_name", name})
			}
			o = append(o, kv{"ip", ip}, kv{"user_agent", "Node.js 20.11.0 / Other 0.0.0"}, kv{"hostname", t.domain})
			switch lt.code {
			case "seccft", "feccft":
				o = append(o, kv{"audience", t.ManagementAudience()}, kv{"scope", "read:users read:clients"})
			case "sapi", "fapi":
				o = append(o, kv{"details", obj{{"request", obj{{"method", "get"}, {"path", "/api/v2/users"},
					{"auth", obj{{"user", obj{}}, {"strategy", "jwt"}, {"credentials", obj{{"jti", r.hex(32)}}}}}}},
					{"response", obj{{"statusCode", map[bool]int{true: 403, false: 200}[lt.fail]}}}}})
			}
		}
		if r.chance(0.3) {
			o = append(o, kv{"location_info", cities[r.IntN(len(cities))]})
		}
		o = append(o, kv{"isMobile", false}, kv{"log_id", id}, kv{"_id", id})
		t.logs.add(id, ms, o)
	}
}

func strategyType(s string) string {
	switch s {
	case "auth0":
		return "database"
	case "email", "sms":
		return "passwordless"
	case "google-oauth2", "github", "facebook", "apple":
		return "social"
	}
	return "enterprise"
}

// ---- singletons -------------------------------------------------------

var emailTemplateNames = []string{"verify_email", "verify_email_by_code", "reset_email",
	"reset_email_by_code", "welcome_email", "blocked_account", "stolen_credentials",
	"enrollment_email", "mfa_oob_code", "user_invitation", "change_password", "password_reset",
	"async_approval"}

func (g *gen) singletons() {
	t := g.t
	r := newRNG(g.seed, 14)
	t.tenantSettings = obj{
		{"allowed_logout_urls", []string{"https://authlens-demo.example/logout"}},
		{"change_password", obj{{"enabled", false}, {"html", ""}}},
		{"default_audience", ""},
		{"default_directory", "Username-Password-Authentication"},
		{"enabled_locales", []string{"en", "fr", "de"}},
		{"error_page", obj{{"html", ""}, {"show_log_link", true}, {"url", ""}}},
		{"flags", obj{{"allow_changing_enable_sso", false}, {"allow_legacy_delegation_grant_types", true},
			{"allow_legacy_ro_grant_types", true}, {"allow_legacy_tokeninfo_endpoint", true},
			{"disable_clickjack_protection_headers", true}, {"disable_fields_map_fix", false},
			{"disable_management_api_sms_obfuscation", true}, {"enable_adfs_waad_email_verification", false},
			{"enable_apis_section", true}, {"enable_client_connections", true}, {"enable_custom_domain_in_emails", false},
			{"enable_dynamic_client_registration", true}, {"enable_idtoken_api2", false},
			{"enable_legacy_logs_search_v2", false}, {"enable_legacy_profile", true},
			{"enable_pipeline2", true}, {"enable_public_signup_user_exists_error", true},
			{"enable_sso", true}, {"enforce_client_authentication_on_passwordless_start", false},
			{"no_disclose_enterprise_connections", false}, {"revoke_refresh_token_grant", false},
			{"universal_login", true}}},
		{"friendly_name", "AuthLens Demo"},
		{"guardian_mfa_page", obj{{"enabled", false}, {"html", ""}}},
		{"idle_session_lifetime", 72},
		{"picture_url", "https://cdn.authlens-demo.example/logo.png"},
		{"sandbox_version", "18"},
		{"sandbox_versions_available", []string{"22", "18", "16", "12"}},
		{"session_lifetime", 720},
		{"support_email", "support@authlens-demo.example"},
		{"support_url", "https://authlens-demo.example/support"},
		{"universal_login", obj{{"colors", obj{{"primary", "#0059d6"}, {"page_background", "#000000"}}}}},
		{"session_cookie", obj{{"mode", "persistent"}}},
		{"sessions", obj{{"oidc_logout_prompt_enabled", true}}},
		{"oidc_logout", obj{{"rp_logout_end_session_endpoint_discovery", true}}},
		{"customize_mfa_in_postlogin_action", false},
		{"pushed_authorization_requests_supported", false},
	}
	t.bruteForce = obj{{"enabled", true}, {"shields", []string{"block", "user_notification"}},
		{"mode", "count_per_identifier_and_ip"}, {"allowlist", []string{"10.0.0.0/8"}}, {"max_attempts", 10}}
	t.breachedPassword = obj{{"enabled", false}, {"shields", []string{}}, {"admin_notification_frequency", []string{}},
		{"method", "standard"}, {"stage", obj{{"pre-user-registration", obj{{"shields", []string{}}}},
			{"pre-change-password", obj{{"shields", []string{}}}}}}}
	t.suspiciousIP = obj{{"enabled", false}, {"shields", []string{"admin_notification", "block"}}, {"allowlist", []string{}},
		{"stage", obj{{"pre-login", obj{{"max_attempts", 100}, {"rate", 864000}}},
			{"pre-user-registration", obj{{"max_attempts", 50}, {"rate", 1200}}}}}}
	t.botDetection = obj{{"challenge_password_policy", "never"}, {"challenge_passwordless_policy", "never"},
		{"challenge_password_reset_policy", "never"}, {"allowlist", []string{}},
		{"bot_detection_level", "low"}, {"monitoring_mode_enabled", true}}
	for _, f := range []struct {
		name string
		on   bool
	}{{"sms", true}, {"push-notification", false}, {"otp", true}, {"email", false}, {"duo", false},
		{"webauthn-roaming", true}, {"webauthn-platform", false}, {"recovery-code", false}} {
		t.guardianFactors = append(t.guardianFactors, obj{{"name", f.name}, {"enabled", f.on}, {"trial_expired", false}})
	}
	t.guardianPolicies = []string{}
	t.emailProvider = obj{{"name", "smtp"}, {"enabled", true}, {"default_from_address", "no-reply@authlens-demo.example"},
		{"credentials", obj{{"smtp_host", "smtp.authlens-demo.example"}, {"smtp_port", 587}, {"smtp_user", "apikey"}}}}
	t.emailTemplates = map[string]obj{}
	for _, name := range []string{"verify_email", "reset_email", "welcome_email", "blocked_account", "user_invitation"} {
		t.emailTemplates[name] = obj{{"template", name},
			{"body", "<html><body><h1>" + strings.ReplaceAll(name, "_", " ") + "</h1><p>{{ url }}</p></body></html>"},
			{"from", "AuthLens Demo <no-reply@authlens-demo.example>"},
			{"resultUrl", "https://authlens-demo.example/" + strings.ReplaceAll(name, "_", "-")},
			{"subject", strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "_", " ")},
			{"syntax", "liquid"}, {"urlLifetimeInSeconds", 432000}, {"includeEmailInRedirect", name == "reset_email"},
			{"enabled", name != "welcome_email"}}
	}
	cdID := "cd_" + r.alnum(16)
	t.customDomains.add(cdID, base()-yearMS, obj{{"custom_domain_id", cdID}, {"domain", "login.authlens-demo.example"},
		{"primary", true}, {"status", "ready"}, {"type", "auth0_managed_certs"},
		{"origin_domain_name", strings.Split(t.domain, ".")[0] + "-cd-" + strings.ToLower(cdID[3:]) + ".edge.tenants.auth0.example"},
		{"verification", obj{{"methods", []obj{{{"name", "CNAME"}, {"record", strings.Split(t.domain, ".")[0] + "-cd-" + strings.ToLower(cdID[3:]) + ".edge.tenants.auth0.example"}, {"domain", "login.authlens-demo.example"}}}}}},
		{"tls_policy", "recommended"}, {"created_at", fmtMS(base() - yearMS)}})
	t.branding = obj{{"colors", obj{{"primary", "#0059d6"}, {"page_background", "#f5f5f5"}}},
		{"favicon_url", "https://cdn.authlens-demo.example/favicon.ico"},
		{"font", obj{{"url", "https://cdn.authlens-demo.example/fonts/inter.woff2"}}},
		{"logo_url", "https://cdn.authlens-demo.example/logo.png"}}
	t.prompts = obj{{"universal_login_experience", "new"}, {"identifier_first", false}, {"webauthn_platform_first_factor", false}}
	for i := range 2 {
		t.signingKeys = append(t.signingKeys, obj{{"kid", r.b64(16)},
			{"cert", strings.ReplaceAll(fakePEM(r, "CERTIFICATE", 8), "\n", "\r\n")},
			{"pkcs7", strings.ReplaceAll(fakePEM(r, "PKCS7", 8), "\n", "\r\n")},
			{"current", i == 0}, {"next", i == 1}, {"previous", false},
			{"current_since", fmtMS(base() - yearMS)},
			{"fingerprint", strings.ToUpper(r.hex(40))}, {"thumbprint", r.hex(40)}, {"revoked", false}})
	}
	for i := range 2 {
		id := r.uuid()
		at := fmtMS(base() - int64(200-i*100)*dayMS)
		var rule obj
		if i == 0 {
			rule = obj{{"action", obj{{"block", true}}}, {"match", obj{{"ipv4_cidrs", []string{"198.51.100.0/24"}}}}, {"scope", "tenant"}}
		} else {
			rule = obj{{"action", obj{{"allow", true}}}, {"match", obj{{"geo_country_codes", []string{"FR", "US"}}}}, {"scope", "management"}}
		}
		t.networkACLs.add(id, base()-int64(200-i*100)*dayMS, obj{{"id", id},
			{"description", []string{"Block abusive range", "Management API from FR and US only"}[i]},
			{"active", true}, {"priority", i + 1}, {"rule", rule}, {"created_at", at}, {"updated_at", at}})
	}
}
