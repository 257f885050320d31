package auth0test

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
)

// ---- actions ----------------------------------------------------------

type actionSpec struct {
	name, trigger, code string
	deps                []string
	secrets             []string
	runtime             string // "" means node22
	version             string // trigger version; "" means the current one
	draft               bool   // never deployed, never bound
}

var scenarioActions = []actionSpec{
	{name: "Grant requested scopes", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  const wanted = event.user.user_metadata.requested_scopes;
  if (wanted) { api.accessToken.addScope(wanted); }
};`},
	{name: "Skip MFA for trusted callers", trigger: "post-login", version: "v2", code: `exports.onExecutePostLogin = async (event, api) => {
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
	{name: "Notify Slack on signup", trigger: "post-user-registration", runtime: "node18", deps: []string{"axios@1.6.8"}, secrets: []string{"SLACK_WEBHOOK_URL"}, code: `const axios = require('axios');
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
	{name: "Sync profile to CRM", trigger: "post-login", deps: []string{"axios@1.6.8", "lodash@latest"}, code: `const axios = require('axios');
const https = require('https');
const _ = require('lodash');
const CRM_API_KEY = 'crm_live_9f8e7d6c5b4a3928170615';
exports.onExecutePostLogin = async (event, api) => {
  await axios.post('http://crm.internal.authlens-demo.example/sync', {
    user_id: event.user.user_id,
    email: event.user.email,
    name: _.get(event.user, 'name', '')
  }, {
    headers: { Authorization: 'Bearer ' + CRM_API_KEY },
    httpsAgent: new https.Agent({ rejectUnauthorized: false })
  });
};`},
	{name: "Block duplicate signups", trigger: "pre-user-registration", deps: []string{"auth0@4.3.1"},
		secrets: []string{"DOMAIN", "CLIENT_ID", "CLIENT_SECRET"}, code: `const { ManagementClient } = require('auth0');
exports.onExecutePreUserRegistration = async (event, api) => {
  const management = new ManagementClient({
    domain: event.secrets.DOMAIN,
    clientId: event.secrets.CLIENT_ID,
    clientSecret: event.secrets.CLIENT_SECRET
  });
  const { data: existing } = await management.usersByEmail.getByEmail({ email: event.user.email });
  if (existing.length > 0) {
    api.access.deny('user_exists', 'An account with this email already exists.');
  }
};`},
	{name: "Evaluate feature flags", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  const rule = event.user.app_metadata.flag_rule;
  if (rule && eval(rule)) {
    api.idToken.setCustomClaim('https://authlens-demo.example/beta', true);
  }
};`},
	// a draft saved with a syntax error (an unterminated string)
	{name: "Broken draft", trigger: "post-login", draft: true, code: "exports.onExecutePostLogin = async (event, api) => {\n" +
		"  api.idToken.setCustomClaim('https://authlens-demo.example/x', 1)\n};\"\n"},
	// staff by email domain: contoso-azure (and the other connections
	// whose identity provider decides email_verified) let a provider's
	// account claim any address as verified
	{name: "Grant staff access by email domain", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  if (event.user.email_verified && event.user.email.endsWith('@authlens-demo.example')) {
    api.accessToken.addScope('admin:all');
  }
};`},
	// look-alikes that are safe: a claim from user_metadata that grants
	// nothing, and a scope decided by app_metadata nothing writes from
	// user input
	{name: "Personalize tokens", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  const language = event.user.user_metadata.language || 'en';
  api.idToken.setCustomClaim('https://authlens-demo.example/locale', language);
};`},
	{name: "Premium scope for gold plans", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  if (event.user.app_metadata.plan === 'gold') {
    api.accessToken.addScope('read:reports');
  }
};`},
}

// cleanActions are the scenario Actions of a clean tenant: node22, current
// trigger versions, secrets from event.secrets, pinned dependencies without
// known advisories, MFA at login and on password reset.
var cleanActions = []actionSpec{
	{name: "Require MFA", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  api.multifactor.enable('any', { allowRememberBrowser: false });
};`},
	{name: "Challenge MFA on password reset", trigger: "password-reset-post-challenge", code: `exports.onExecutePostChallenge = async (event, api) => {
  api.authentication.challengeWith({ type: 'otp' });
};`},
	{name: "Add role claim", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  const roles = (event.authorization && event.authorization.roles) || [];
  api.accessToken.setCustomClaim('https://authlens-demo.example/roles', roles);
};`},
	{name: "M2M tenant claim", trigger: "credentials-exchange", code: `exports.onExecuteCredentialsExchange = async (event, api) => {
  api.accessToken.setCustomClaim('https://authlens-demo.example/tenant', event.client.metadata.tenant || 'default');
};`},
	{name: "Notify Slack on signup", trigger: "post-user-registration", deps: []string{"axios@1.12.2"}, secrets: []string{"SLACK_WEBHOOK_URL"}, code: `const axios = require('axios');
exports.onExecutePostUserRegistration = async (event) => {
  await axios.post(event.secrets.SLACK_WEBHOOK_URL, { text: 'New signup: ' + event.user.user_id });
};`},
	{name: "Deny blocked countries", trigger: "post-login", code: `exports.onExecutePostLogin = async (event, api) => {
  const blocked = ['KP', 'IR'];
  if (event.request.geoip && blocked.includes(event.request.geoip.countryCode)) {
    api.access.deny('Access from your country is not allowed.');
  }
};`},
	{name: "Send SMS via Twilio", trigger: "send-phone-message", deps: []string{"twilio@4.23.0"}, secrets: []string{"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"}, code: `const twilio = require('twilio');
exports.onExecuteSendPhoneMessage = async (event) => {
  const client = twilio(event.secrets.TWILIO_ACCOUNT_SID, event.secrets.TWILIO_AUTH_TOKEN);
  await client.messages.create({ to: event.message_options.recipient, from: '+15550100', body: event.message_options.text });
};`},
	{name: "Record signup application", trigger: "pre-user-registration", code: `exports.onExecutePreUserRegistration = async (event, api) => {
  api.user.setAppMetadata('signup_client_id', event.client.client_id);
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

// cleanGenericActionCode replaces genericActionCode in a clean tenant.
var cleanGenericActionCode = map[string]string{
	"post-login": `exports.onExecutePostLogin = async (event, api) => {
  api.accessToken.setCustomClaim('https://authlens-demo.example/client', event.client.client_id);
};`,
}

var genericTriggers = []string{"post-login", "post-login", "post-login", "credentials-exchange",
	"pre-user-registration", "post-user-registration", "post-change-password"}

// triggerVersion is the trigger's current version (see actionTriggerList).
func triggerVersion(trigger string) string {
	switch trigger {
	case "post-login":
		return "v3"
	case "password-reset-post-challenge", "custom-email-provider", "custom-phone-provider", "custom-token-exchange":
		return "v1"
	}
	return "v2"
}

func (g *gen) actions(n int) {
	t := g.t
	r := newRNG(g.seed, 10)
	created := base() - 2*yearMS
	t.bindings = map[string][]obj{}
	scenario := scenarioActions
	if g.clean {
		scenario = cleanActions
	}
	for i := range n {
		var s actionSpec
		if i < len(scenario) {
			s = scenario[i]
		} else {
			tr := genericTriggers[r.IntN(len(genericTriggers))]
			s = actionSpec{name: fmt.Sprintf("%s action %03d", tr, i), trigger: tr, code: genericActionCode[tr]}
			if code, ok := cleanGenericActionCode[tr]; ok && g.clean {
				s.code = code
			}
		}
		id := r.uuid()
		created += r.Int64N(4 * dayMS)
		updated := r.between(created, base()-dayMS)
		runtime := []string{"node18", "node22"}[r.IntN(2)]
		if i < len(scenario) || g.clean {
			runtime = cmp.Or(s.runtime, "node22")
		}
		triggers := []obj{{{"id", s.trigger}, {"version", cmp.Or(s.version, triggerVersion(s.trigger))}}}
		deps := []obj{}
		for _, d := range s.deps {
			name, ver, _ := strings.Cut(d, "@")
			deps = append(deps, obj{{"name", name}, {"version", ver}})
		}
		secrets := []obj{}
		for _, sname := range s.secrets {
			secrets = append(secrets, obj{{"name", sname}, {"updated_at", fmtNano(updated, r.IntN(1000000))}})
		}
		deployed := i < len(scenario) || r.chance(0.85) || g.clean
		deployed = deployed && !s.draft
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
		if deployed && (i < len(scenario) || r.chance(0.7) || g.clean) {
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
		if i < len(scenarioRules) && !g.clean {
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
		if i < len(scenarioHooks) && !g.clean {
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
	// the demo's SIEM webhook receives the logs over plain http
	siem := "http://siem.authlens-demo.example/auth0"
	if g.clean {
		siem = "https://siem.authlens-demo.example/auth0"
	}
	for i := range n {
		id := fmt.Sprintf("lst_%016d", next)
		next += int64(1 + r.IntN(7))
		var o obj
		switch i % 6 {
		case 0:
			o = obj{{"id", id}, {"name", "SIEM webhook"}, {"type", "http"}, {"status", "active"},
				{"sink", obj{{"httpAuthorization", "Bearer " + r.hex(32)}, {"httpContentFormat", "JSONLINES"},
					{"httpContentType", "application/json"}, {"httpEndpoint", siem}}},
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
		if g.clean {
			o = o.with("status", "active")
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
	types := logTypes
	if g.clean {
		// nobody is locked out, throttled, or caught with a breached
		// password, and no call is refused for its scopes
		types = nil
		for _, lt := range logTypes {
			switch lt.code {
			case "limit_wc", "limit_mu", "pwd_leak", "api_limit", "fapi", "feccft":
			default:
				types = append(types, lt)
			}
		}
	}
	total := 0
	for _, lt := range types {
		total += lt.weight
	}
	// the last 30 days, strictly increasing; a clean tenant's last day
	// holds one token exchange of each machine-to-machine application with
	// grants (none goes unused)
	var m2m []obj
	if g.clean {
		m2m = g.m2mTokenLogs()
		m2m = m2m[:min(len(m2m), n)]
	}
	nReg := n - len(m2m)
	start := base() - 30*dayMS
	span := 30 * dayMS
	if g.clean {
		span -= dayMS
	}
	step := span / int64(max(nReg, 1))
	seq := int64(r.IntN(1 << 20))
	for i := range nReg {
		ms := start + int64(i)*step + r.Int64N(max(step/2, 1))
		seq += 1 + int64(r.IntN(50))
		x := r.IntN(total)
		lt := types[0]
		for _, c := range types {
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
					// a clean tenant's users log in on its custom domain
					host := t.domain
					if g.clean {
						host = "login.authlens-demo.example"
					}
					o = append(o, kv{"details", obj{{"prompts", []obj{}}, {"initiatedAt", ms - 2300}, {"completedAt", ms},
						{"elapsedTime", 2300}, {"session_id", r.alnum(32)}}}, kv{"hostname", host})
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
				scope := "read:users read:clients"
				if g.clean {
					scope = "read:clients"
				}
				o = append(o, kv{"audience", t.ManagementAudience()}, kv{"scope", scope})
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
	for j, m := range m2m {
		ms := base() - 23*3600*1000 + int64(j)*(22*3600*1000/int64(len(m2m)))
		seq += 1 + int64(r.IntN(50))
		id := logID(ms, r.IntN(1000), seq)
		o := append(obj{{"date", fmtMS(ms)}, {"type", "seccft"}, {"description", "Client Credentials for Access Token"}}, m[:2]...)
		o = append(o, kv{"ip", ipString(r.Uint32())}, kv{"user_agent", "Node.js 20.11.0 / Other 0.0.0"},
			kv{"hostname", t.domain})
		o = append(o, m[2:]...)
		o = append(o, kv{"isMobile", false}, kv{"log_id", id}, kv{"_id", id})
		t.logs.add(id, ms, o)
	}
}

// m2mTokenLogs are the members of a successful client-credentials log
// event (client, audience, scope) for each machine-to-machine application
// with a grant, in client order, from its first grant.
func (g *gen) m2mTokenLogs() []obj {
	t := g.t
	var out []obj
	for _, c := range g.m2m {
		id := t.clients.ids[c]
		for _, gr := range t.clientGrants.items {
			if strField(gr, "client_id") != id {
				continue
			}
			aud, _ := gr.get("audience")
			sc, _ := gr.get("scope")
			name, _ := t.clients.items[c].get("name")
			out = append(out, obj{{"client_id", id}, {"client_name", name}, {"audience", aud},
				{"scope", strings.Join(sc.([]string), " ")}})
			break
		}
	}
	return out
}

func strategyType(s string) string {
	switch s {
	case "auth0":
		return "database"
	case "email", "sms":
		return "passwordless"
	case "google-oauth2", "github", "facebook", "apple", "oauth2":
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
	clean := g.clean
	// demo: a default audience, a custom error page that prints the error
	// description unescaped, three-month sessions, legacy flags on
	defaultAudience := "https://api.authlens-demo.example/orders"
	errorPage := obj{{"html", "<html><body><h1>Something went wrong</h1><p>{{ error_description }}</p></body></html>"},
		{"show_log_link", true}, {"url", ""}}
	sessionLifetime, sandbox, legacy := 2160, "18", true
	if clean {
		defaultAudience = ""
		errorPage = obj{{"html", ""}, {"show_log_link", false}, {"url", ""}}
		sessionLifetime, sandbox, legacy = 168, "22", false
	}
	t.tenantSettings = obj{
		{"allowed_logout_urls", []string{"https://authlens-demo.example/logout"}},
		{"change_password", obj{{"enabled", false}, {"html", ""}}},
		{"default_audience", defaultAudience},
		{"default_directory", "Username-Password-Authentication"},
		{"enabled_locales", []string{"en", "fr", "de"}},
		{"error_page", errorPage},
		{"flags", obj{{"allow_changing_enable_sso", false}, {"allow_legacy_delegation_grant_types", legacy},
			{"allow_legacy_ro_grant_types", legacy}, {"allow_legacy_tokeninfo_endpoint", legacy},
			{"disable_clickjack_protection_headers", legacy}, {"disable_fields_map_fix", false},
			{"disable_management_api_sms_obfuscation", legacy}, {"enable_adfs_waad_email_verification", clean},
			{"enable_apis_section", true}, {"enable_client_connections", true}, {"enable_custom_domain_in_emails", clean},
			{"enable_dynamic_client_registration", legacy}, {"enable_idtoken_api2", false},
			{"enable_legacy_logs_search_v2", false}, {"enable_legacy_profile", legacy},
			{"enable_pipeline2", true}, {"enable_public_signup_user_exists_error", legacy},
			{"enable_sso", true}, {"enforce_client_authentication_on_passwordless_start", clean},
			{"no_disclose_enterprise_connections", clean}, {"revoke_refresh_token_grant", clean},
			{"universal_login", true}}},
		{"friendly_name", "AuthLens Demo"},
		{"guardian_mfa_page", obj{{"enabled", false}, {"html", ""}}},
		{"idle_session_lifetime", 72},
		{"picture_url", "https://cdn.authlens-demo.example/logo.png"},
		{"sandbox_version", sandbox},
		{"sandbox_versions_available", []string{"22", "18", "16", "12"}},
		{"session_lifetime", sessionLifetime},
		{"support_email", "support@authlens-demo.example"},
		{"support_url", "https://authlens-demo.example/support"},
		{"universal_login", obj{{"colors", obj{{"primary", "#0059d6"}, {"page_background", "#000000"}}}}},
		{"session_cookie", obj{{"mode", "persistent"}}},
		{"sessions", obj{{"oidc_logout_prompt_enabled", true}}},
		{"oidc_logout", obj{{"rp_logout_end_session_endpoint_discovery", true}}},
		{"customize_mfa_in_postlogin_action", false},
		{"pushed_authorization_requests_supported", false},
	}
	if clean {
		t.bruteForce = obj{{"enabled", true}, {"shields", []string{"block", "user_notification"}},
			{"mode", "count_per_identifier_and_ip"}, {"allowlist", []string{}}, {"max_attempts", 10}}
		t.breachedPassword = obj{{"enabled", true}, {"shields", []string{"block", "user_notification", "admin_notification"}},
			{"admin_notification_frequency", []string{"daily"}},
			{"method", "standard"}, {"stage", obj{{"pre-user-registration", obj{{"shields", []string{"block", "admin_notification"}}}},
				{"pre-change-password", obj{{"shields", []string{"block", "admin_notification"}}}}}}}
		t.suspiciousIP = obj{{"enabled", true}, {"shields", []string{"admin_notification", "block"}}, {"allowlist", []string{}},
			{"stage", obj{{"pre-login", obj{{"max_attempts", 100}, {"rate", 864000}}},
				{"pre-user-registration", obj{{"max_attempts", 50}, {"rate", 1200}}}}}}
		t.botDetection = obj{{"challenge_password_policy", "when_risky"}, {"challenge_passwordless_policy", "when_risky"},
			{"challenge_password_reset_policy", "when_risky"}, {"allowlist", []string{}},
			{"bot_detection_level", "medium"}, {"monitoring_mode_enabled", false}}
	} else {
		// brute-force protection on but neither blocking nor telling
		// anyone, with an allowlist; breached passwords only reported;
		// suspicious IP throttling off; bot detection never challenges
		t.bruteForce = obj{{"enabled", true}, {"shields", []string{}},
			{"mode", "count_per_identifier_and_ip"}, {"allowlist", []string{"10.0.0.0/8"}}, {"max_attempts", 25}}
		t.breachedPassword = obj{{"enabled", true}, {"shields", []string{"admin_notification"}},
			{"admin_notification_frequency", []string{"daily"}},
			{"method", "standard"}, {"stage", obj{{"pre-user-registration", obj{{"shields", []string{}}}},
				{"pre-change-password", obj{{"shields", []string{}}}}}}}
		t.suspiciousIP = obj{{"enabled", false}, {"shields", []string{"admin_notification", "block"}}, {"allowlist", []string{}},
			{"stage", obj{{"pre-login", obj{{"max_attempts", 100}, {"rate", 864000}}},
				{"pre-user-registration", obj{{"max_attempts", 50}, {"rate", 1200}}}}}}
		t.botDetection = obj{{"challenge_password_policy", "never"}, {"challenge_passwordless_policy", "never"},
			{"challenge_password_reset_policy", "never"}, {"allowlist", []string{}},
			{"bot_detection_level", "low"}, {"monitoring_mode_enabled", true}}
	}
	// demo: only the phishable factors (sms, email) usable, security keys
	// enabled but their trial expired; clean: OTP, security keys and push
	for _, f := range []struct {
		name      string
		demo, cln bool
	}{{"sms", true, false}, {"push-notification", false, true}, {"otp", false, true}, {"email", true, false},
		{"duo", false, false}, {"webauthn-roaming", true, true}, {"webauthn-platform", false, false},
		{"recovery-code", false, false}} {
		on := f.demo
		if clean {
			on = f.cln
		}
		expired := !clean && f.name == "webauthn-roaming"
		t.guardianFactors = append(t.guardianFactors, obj{{"name", f.name}, {"enabled", on}, {"trial_expired", expired}})
	}
	t.guardianPolicies = []string{}
	if clean {
		t.guardianPolicies = []string{"all-applications"}
	}
	t.emailProvider = obj{{"name", "smtp"}, {"enabled", clean}, {"default_from_address", "no-reply@authlens-demo.example"},
		{"credentials", obj{{"smtp_host", "smtp.authlens-demo.example"}, {"smtp_port", 587}, {"smtp_user", "apikey"}}}}
	t.emailTemplates = map[string]obj{}
	for _, name := range []string{"verify_email", "reset_email", "welcome_email", "blocked_account", "user_invitation"} {
		result := "https://authlens-demo.example/" + strings.ReplaceAll(name, "_", "-")
		if name == "welcome_email" && !clean {
			result = "http://authlens-demo.example/welcome"
		}
		t.emailTemplates[name] = obj{{"template", name},
			{"body", "<html><body><h1>" + strings.ReplaceAll(name, "_", " ") + "</h1><p>{{ url }}</p></body></html>"},
			{"from", "AuthLens Demo <no-reply@authlens-demo.example>"},
			{"resultUrl", result},
			{"subject", strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "_", " ")},
			{"syntax", "liquid"}, {"urlLifetimeInSeconds", 432000}, {"includeEmailInRedirect", name == "reset_email"},
			{"enabled", name != "welcome_email"}}
	}
	tenantName := strings.Split(t.domain, ".")[0]
	cdID := "cd_" + r.alnum(16)
	cname := tenantName + "-cd-" + strings.ToLower(cdID[3:]) + ".edge.tenants.auth0.example"
	t.customDomains.add(cdID, base()-yearMS, obj{{"custom_domain_id", cdID}, {"domain", "login.authlens-demo.example"},
		{"primary", true}, {"status", "ready"}, {"type", "auth0_managed_certs"},
		{"origin_domain_name", cname},
		{"verification", obj{{"methods", []obj{{{"name", "CNAME"}, {"record", cname}, {"domain", "login.authlens-demo.example"}}}}}},
		{"tls_policy", "recommended"}, {"created_at", fmtMS(base() - yearMS)}})
	if !clean {
		// a second domain whose verification never finished, on the
		// legacy TLS policy
		cdID := "cd_" + r.alnum(16)
		cname := tenantName + "-cd-" + strings.ToLower(cdID[3:]) + ".edge.tenants.auth0.example"
		t.customDomains.add(cdID, base()-40*dayMS, obj{{"custom_domain_id", cdID}, {"domain", "auth.authlens-demo.example"},
			{"primary", false}, {"status", "pending_verification"}, {"type", "auth0_managed_certs"},
			{"verification", obj{{"methods", []obj{{{"name", "CNAME"}, {"record", cname}, {"domain", "auth.authlens-demo.example"}}}}}},
			{"tls_policy", "compatible"}, {"created_at", fmtMS(base() - 40*dayMS)}})
	}
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
