package posture

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/jsflow"
)

// ---- fixtures shaped like the recorded bodies ---------------------------

// codeAct is an Action record (as GET /api/v2/actions/actions returns it).
type codeAct struct {
	id, name, trigger, version, runtime, code string
	deps                                      [][2]string
	// deployedCode is the deployed version's code when it differs from
	// the draft; noDeploy leaves the Action undeployed.
	deployedCode    string
	deployedRuntime string
	deployedDeps    [][2]string
	noDeploy        bool
}

func codeJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func codeDepsJSON(deps [][2]string) []map[string]any {
	out := []map[string]any{}
	for _, d := range deps {
		out = append(out, map[string]any{"name": d[0], "version": d[1]})
	}
	return out
}

func (a codeAct) json() string {
	if a.trigger == "" {
		a.trigger, a.version = "post-login", "v3"
	}
	if a.runtime == "" {
		a.runtime = "node22"
	}
	triggers := []map[string]any{{"id": a.trigger, "version": a.version}}
	rec := map[string]any{
		"id": a.id, "name": a.name, "supported_triggers": triggers,
		"created_at": "2025-01-13T06:20:55.301776679Z", "updated_at": "2025-01-13T06:20:55.322282673Z",
		"code": a.code, "dependencies": codeDepsJSON(a.deps), "runtime": a.runtime, "status": "built",
		"secrets":              []map[string]any{{"name": "API_KEY", "updated_at": "2025-01-13T06:20:55.322282673Z"}},
		"all_changes_deployed": a.deployedCode == "" && a.deployedRuntime == "" && a.deployedDeps == nil,
	}
	if !a.noDeploy {
		code, rt, deps := a.code, a.runtime, a.deps
		if a.deployedCode != "" {
			code = a.deployedCode
		}
		if a.deployedRuntime != "" {
			rt = a.deployedRuntime
		}
		if a.deployedDeps != nil {
			deps = a.deployedDeps
		}
		rec["deployed_version"] = map[string]any{
			"code": code, "dependencies": codeDepsJSON(deps), "id": a.id + "-v1", "deployed": true, "number": 1,
			"status": "built", "runtime": rt, "supported_triggers": triggers,
			"created_at": "2025-01-13T06:20:55.338500320Z", "updated_at": "2025-01-13T06:20:55.338500320Z",
		}
	} else {
		rec["all_changes_deployed"] = false
	}
	return codeJSON(rec)
}

func codeRuleJSON(id, name, script string, enabled bool) string {
	return codeJSON(map[string]any{"id": id, "enabled": enabled, "script": script, "name": name, "order": 1, "stage": "login_success"})
}

func codeHookJSON(id, name, trigger, script string, enabled bool, deps map[string]string) string {
	if deps == nil {
		deps = map[string]string{}
	}
	return codeJSON(map[string]any{"id": id, "name": name, "script": script, "dependencies": deps, "triggerId": trigger, "enabled": enabled})
}

// codeDBConnJSON is a database connection with custom scripts.
func codeDBConnJSON(id, name string, customization bool, scripts map[string]string) string {
	return codeJSON(map[string]any{
		"id": id, "name": name, "strategy": "auth0", "is_domain_connection": false, "realms": []string{name}, "enabled_clients": []string{},
		"options": map[string]any{
			"mfa": map[string]any{"active": true, "return_enroll_settings": true}, "import_mode": false, "configuration": map[string]any{},
			"customScripts": scripts, "passwordPolicy": "good", "brute_force_protection": true,
			"password_complexity_options":  map[string]any{"min_length": 8},
			"enabledDatabaseCustomization": customization,
		},
	})
}

// codeSocialConnJSON is a custom social (oauth2) connection.
func codeSocialConnJSON(id, name, fetchUserProfile string) string {
	return codeJSON(map[string]any{
		"id": id, "name": name, "strategy": "oauth2", "is_domain_connection": false, "realms": []string{name}, "enabled_clients": []string{},
		"options": map[string]any{
			"client_id": "partner-client", "client_secret": "[REDACTED]", "authorizationURL": "https://idp.partner.example/authorize",
			"tokenURL": "https://idp.partner.example/token", "scope": "openid profile email",
			"scripts": map[string]any{"fetchUserProfile": fetchUserProfile},
		},
	})
}

// codeConnNoOptions is a connection read without read:connections_options.
func codeConnNoOptions(id, name, strategy string) string {
	return codeJSON(map[string]any{"id": id, "name": name, "strategy": strategy, "is_domain_connection": false, "realms": []string{name}, "enabled_clients": []string{}})
}

func codeTriggerJSON(trigger string, actions ...codeAct) string {
	bindings := []map[string]any{}
	for _, a := range actions {
		bindings = append(bindings, map[string]any{
			"id": a.id + "-binding", "trigger_id": trigger, "display_name": a.name,
			"action":     map[string]any{"id": a.id, "name": a.name, "supported_triggers": []map[string]any{{"id": trigger, "version": "v3"}}},
			"created_at": "2025-01-13T06:20:55Z", "updated_at": "2025-01-13T06:20:55Z",
		})
	}
	return codeJSON(map[string]any{"trigger_id": trigger, "bindings": bindings})
}

func codeFactorJSON(name string, enabled bool) string {
	return codeJSON(map[string]any{"name": name, "enabled": enabled, "trial_expired": false})
}

// codeSnap is a snapshot with Actions, Rules and Hooks read (empty unless
// given).
func codeSnap(actions []codeAct, rules, hooks []string) *snapBuilder {
	b := newSnap().empty(inventory.KindActions, inventory.KindRules, inventory.KindHooks)
	for _, a := range actions {
		b.add(inventory.KindActions, a.json())
	}
	b.add(inventory.KindRules, rules...)
	b.add(inventory.KindHooks, hooks...)
	return b
}

func actionsOnly(actions ...codeAct) *snapBuilder { return codeSnap(actions, nil, nil) }

// ---- realistic code -------------------------------------------------------

const codeCleanAction = `/**
 * Adds the user's roles to the tokens.
 */
const axios = require("axios");

exports.onExecutePostLogin = async (event, api) => {
  const namespace = "https://myapp.example.com";
  const res = await axios.get("https://roles.example.com/v1/users/" + encodeURIComponent(event.user.user_id), {
    headers: { Authorization: "Bearer " + event.secrets.ROLES_API_TOKEN },
    timeout: 5000,
  });
  if (event.user.app_metadata?.plan === "enterprise") {
    api.accessToken.setCustomClaim(namespace + "/roles", res.data.roles);
  }
  api.idToken.setCustomClaim("http://myapp.example.com/plan", event.user.app_metadata?.plan ?? "free");
  console.log("roles added for", event.user.user_id);
};`

const codeSecretAction = `const axios = require("axios");
const SENDGRID_API_KEY = "SG.Xk29fj3LmQ0a8Zr7Tn2bYw.hG5sKd9PqL2vN8cX4mR7tY1uW3eA6zB0";

exports.onExecutePostUserRegistration = async (event, api) => {
  await axios.post("https://api.sendgrid.com/v3/mail/send", { to: event.user.email }, {
    headers: { Authorization: "Bearer " + SENDGRID_API_KEY },
  });
  const aws = { accessKeyId: "AKIAZ7QW3RT5YU8IOP2L", region: "eu-west-1" };
  return aws;
};`

const codeRuleMFA = `function requireMfa(user, context, callback) {
  if (context.clientID === configuration.ADMIN_APP_ID) {
    context.multifactor = { provider: "any", allowRememberBrowser: false };
  }
  callback(null, user, context);
}`

const codeHookScript = `/**
@param {object} user - The user being created
@param {object} context - Auth0 connection and other context info
@param {function} cb - function (error, response)
*/
module.exports = function (user, context, cb) {
  var response = {};
  response.user = user;
  response.user.user_metadata = { signup_source: "web" };
  cb(null, response);
};`

// ---- AL-CODE-001 --------------------------------------------------------

func TestCheckCodeRuntimeEOL(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-CODE-001", []checkCase{
		{name: "node18 is past end of life", snap: actionsOnly(codeAct{id: "a1", name: "Roles", runtime: "node18", code: codeCleanAction}),
			want: []string{"a1@runtime"}},
		{name: "node16 and node18-actions", snap: actionsOnly(
			codeAct{id: "a1", name: "Old", runtime: "node16", code: codeCleanAction},
			codeAct{id: "a2", name: "Older", runtime: "node18-actions", code: codeCleanAction}),
			want: []string{"a1@runtime", "a2@runtime"}},
		{name: "node22 is supported", snap: actionsOnly(codeAct{id: "a1", name: "Roles", runtime: "node22", code: codeCleanAction})},
		{name: "unknown runtime values are not judged", snap: actionsOnly(codeAct{id: "a1", name: "Roles", runtime: "node24", code: codeCleanAction})},
		{name: "draft upgraded, deployed version still on node18",
			snap: actionsOnly(codeAct{id: "a1", name: "Roles", runtime: "node22", deployedRuntime: "node18", code: codeCleanAction}),
			want: []string{"a1@deployed_version.runtime"}},
		{name: "actions not read", snap: newSnap().status(inventory.KindActions, inventory.StatusForbidden, "read:actions"), notEv: true},
	})
}

// ---- AL-CODE-002 --------------------------------------------------------

func TestCheckCodeDeprecatedTrigger(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-CODE-002", []checkCase{
		{name: "post-login v2", snap: actionsOnly(codeAct{id: "a1", name: "Roles", trigger: "post-login", version: "v2", code: codeCleanAction}),
			want: []string{"a1@supported_triggers"}},
		{name: "credentials-exchange v1", snap: actionsOnly(codeAct{id: "a1", name: "M2M claims", trigger: "credentials-exchange", version: "v1", code: "exports.onExecuteCredentialsExchange = async (event, api) => {};"}),
			want: []string{"a1@supported_triggers"}},
		{name: "post-login v3 is current", snap: actionsOnly(codeAct{id: "a1", name: "Roles", trigger: "post-login", version: "v3", code: codeCleanAction})},
		{name: "credentials-exchange v2 is current", snap: actionsOnly(codeAct{id: "a1", name: "M2M", trigger: "credentials-exchange", version: "v2", code: "exports.onExecuteCredentialsExchange = async () => {};"})},
		{name: "custom-token-exchange v1 is not deprecated", snap: actionsOnly(codeAct{id: "a1", name: "CTE", trigger: "custom-token-exchange", version: "v1", code: "exports.onExecuteCustomTokenExchange = async () => {};"})},
		{name: "actions not read", snap: newSnap().status(inventory.KindActions, inventory.StatusForbidden, "read:actions"), notEv: true},
	})
}

// ---- AL-CODE-003/004 ----------------------------------------------------

func TestCheckCodeRuleEnabled(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-CODE-003", []checkCase{
		{name: "enabled rule", snap: codeSnap(nil, []string{codeRuleJSON("rul_1", "Require MFA", codeRuleMFA, true)}, nil), want: []string{"rul_1@enabled"}},
		{name: "disabled rule", snap: codeSnap(nil, []string{codeRuleJSON("rul_1", "Require MFA", codeRuleMFA, false)}, nil)},
		{name: "no rules (tenant past end of life)", snap: newSnap().status(inventory.KindRules, inventory.StatusUnavailable)},
		{name: "rules not read", snap: newSnap().status(inventory.KindRules, inventory.StatusForbidden, "read:rules"), notEv: true},
	})
	// Scans run after the end of life: the message says it is past.
	fs, _ := runCheckOn(t, "AL-CODE-003", codeSnap(nil, []string{codeRuleJSON("rul_1", "Require MFA", codeRuleMFA, true)}, nil).build(t))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "reached end of life on 18 November 2026") || strings.Contains(fs[0].Message, "reach end") {
		t.Errorf("findings %s", describe(fs))
	}
}

func TestCheckCodeHookEnabled(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-CODE-004", []checkCase{
		{name: "enabled hook", snap: codeSnap(nil, nil, []string{codeHookJSON("01GQHOOK1", "signup source", "pre-user-registration", codeHookScript, true, nil)}),
			want: []string{"01GQHOOK1@enabled"}},
		{name: "disabled hook", snap: codeSnap(nil, nil, []string{codeHookJSON("01GQHOOK1", "signup source", "pre-user-registration", codeHookScript, false, nil)})},
		{name: "hooks not read", snap: newSnap().status(inventory.KindHooks, inventory.StatusForbidden, "read:hooks"), notEv: true},
	})
	fs, _ := runCheckOn(t, "AL-CODE-004", codeSnap(nil, nil, []string{codeHookJSON("01GQHOOK1", "signup source", "pre-user-registration", codeHookScript, true, nil)}).build(t))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "reached end of life on 18 November 2026") {
		t.Errorf("findings %s", describe(fs))
	}
}

// ---- AL-CODE-005 --------------------------------------------------------

func TestCheckCodeSecretLiteral(t *testing.T) {
	t.Parallel()
	ruleSecret := `function (user, context, callback) {
  const client_secret = "q8Zr2Lx0Vt7Nw4Kp";
  request.post({ url: "https://api.crm.example.com/token", form: { client_id: "crm", client_secret: client_secret } }, function () {
    callback(null, user, context);
  });
}`
	ruleConfig := `function (user, context, callback) {
  const client_secret = configuration.CRM_SECRET;
  callback(null, user, context);
}`
	hookSecret := `module.exports = function (client, scope, audience, context, cb) {
  var access_token = {};
  access_token["https://example.com/partner"] = "xoxb-1234567890-abcdefghijklmnop";
  cb(null, access_token);
};`
	runCases(t, "AL-CODE-005", []checkCase{
		{name: "named and formatted secrets in an Action", snap: actionsOnly(codeAct{id: "a1", name: "Welcome mail", trigger: "post-user-registration", version: "v2", code: codeSecretAction}),
			want: []string{"a1@code", "a1@code"}},
		{name: "the same secret in the draft and the deployed version",
			snap: actionsOnly(codeAct{id: "a1", name: "Welcome mail", trigger: "post-user-registration", version: "v2",
				code: strings.Replace(codeSecretAction, "AKIAZ7QW3RT5YU8IOP2L", "AKIAEXAMPLEEXAMPLE12", 1), deployedCode: codeSecretAction}),
			want: []string{"a1@code", "a1@deployed_version.code", "a1@deployed_version.code"}},
		{name: "secrets read from event.secrets", snap: actionsOnly(codeAct{id: "a1", name: "Roles", code: codeCleanAction})},
		{name: "placeholders and names of secrets are not secrets", snap: actionsOnly(codeAct{id: "a1", name: "Template", code: `exports.onExecutePostLogin = async (event, api) => {
  const apiKey = "YOUR_API_KEY";
  const password = "<password>";
  const secretName = "SENDGRID_API_KEY";
  const token = event.secrets.TOKEN || "changeme123";
  const key = "user_preferences";
  const tokenUrl = "https://auth.example.com/oauth/token";
  const passwordField = "password_input_field";
  api.user.setAppMetadata("password_changed", "yes_it_was");
};`})},
		{name: "a secret in a rule", snap: codeSnap(nil, []string{codeRuleJSON("rul_1", "CRM sync", ruleSecret, true)}, nil), want: []string{"rul_1@script"}},
		{name: "a rule reading configuration", snap: codeSnap(nil, []string{codeRuleJSON("rul_1", "CRM sync", ruleConfig, true)}, nil)},
		{name: "a slack token in a hook", snap: codeSnap(nil, nil, []string{codeHookJSON("01GQHOOK1", "partner", "credentials-exchange", hookSecret, true, nil)}),
			want: []string{"01GQHOOK1@script"}},
		{name: "actions not read", snap: newSnap().status(inventory.KindActions, inventory.StatusForbidden, "read:actions").empty(inventory.KindRules, inventory.KindHooks), notEv: true},
	})
	// The redacted script is not judged (skipped, not passed), and no
	// finding shows a value.
	fs, ne := runCheckOn(t, "AL-CODE-005", actionsOnly(codeAct{id: "a1", name: "Signer", code: "[REDACTED]"}).build(t))
	if len(fs) != 0 || len(ne) != 1 || !ne[0].Partial() || !strings.Contains(ne[0].Reason, "redacted") {
		t.Errorf("redacted: findings %v, not evaluated %+v", fs, ne)
	}
	fs, _ = runCheckOn(t, "AL-CODE-005", actionsOnly(codeAct{id: "a1", name: "Welcome mail", trigger: "post-user-registration", version: "v2", code: codeSecretAction}).build(t))
	for _, f := range fs {
		b, _ := json.Marshal(f)
		if strings.Contains(string(b), "AKIAZ7QW3RT5YU8IOP2L") || strings.Contains(string(b), "hG5sKd9PqL2vN8cX4mR7tY1uW3eA6zB0") {
			t.Errorf("finding leaks the secret: %s", b)
		}
		if f.Location == nil || f.Location.Line < 2 {
			t.Errorf("finding without a position: %+v", f)
		}
	}
}

func TestCodeSecretDetector(t *testing.T) {
	t.Parallel()
	cases := []struct {
		code string
		want []string // values (by their first characters) reported
	}{
		{`const dbPassword = "Summer2024!";`, []string{"Summ"}},
		{`const config = { client_secret: "kq1pLz93mNx0" };`, []string{"kq1p"}},
		{`headers["x-api-key"] = "a1b2c3d4e5f6a7b8";`, []string{"a1b2"}},
		{`req.setHeader("Authorization", "Basic dXNlcjpzM2NyZXRwYXNz");`, []string{"Basi"}},
		{`const db = "mongodb://admin:Sup3rS3cret@db.example.com:27017/users";`, []string{"mong"}},
		{`const db = "mongodb://user:pass@localhost";`, nil},
		{`const k = "-----BEGIN RSA PRIVATE KEY-----\n" + "MIIEowIBAAKCAQEA" + "-----END RSA PRIVATE KEY-----";`, []string{"----"}},
		{`if (req.password === "letmein123") {}`, []string{"letm"}},
		{`const auth = "Bearer " + token;`, nil},
		{`const key = "a8f3k2l9x0q1w7e6";`, []string{"a8f3"}},
		{`const key = "roles";`, nil},
		{`const t = ` + "`Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcDEF123_-x ${x}`" + `;`, []string{"Bear"}},
		{`const publicKey = "pk_live_51HxYzAbCdEfGh";`, nil},
		{`const stripe = require("stripe")("sk_live_51HxYzAbCdEfGhIjKl");`, []string{"sk_l"}},
		{`const siteKey = "6LcXyzAAAAAAAJ1234567890abcdef";`, nil},
		{`const message = "Your password is too weak";`, nil},
		{`const awsExample = "AKIAIOSFODNN7EXAMPLE";`, nil},
		{`const token = jwt.sign({ sub: id }, "my-signing-secret-2024", { expiresIn: "1h" });`, []string{"my-s"}},
		{`const mac = crypto.createHmac("sha256", "k3yF0rHmacSigning").update(body).digest("hex");`, []string{"k3yF"}},
		{`const sig = signer.sign(payload, "detached");`, nil},
		{`const db = "mongodb://admin:Sup3rS3cret@db.internal:27017/users?authSource=admin";`, []string{"mong"}},
		{`const sg = "SG.Xk29fj3LmQ0a8Zr7Tn2bYw.hG5sKd9PqL2vN8cX4mR7tY1uW3eA6zB0";`, []string{"SG.X"}},
		{`const path = "app_metadata.roles.admin";`, nil},
		{`const secretKey = event.secrets.KEY ?? "dev-secret-key-123";`, []string{"dev-"}},
		// Public keys, however they are named, and public key formats.
		{`const STRIPE_PUBLISHABLE_KEY = "pk_live_51HxYzAbCdEfGhIjKlMnOp";`, nil},
		{`const recaptchaSiteKey = "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI";`, nil},
		{`const mapsPublicKey = "Ab3dEf6hIj9kLm2nOp5q";`, nil},
		{`const publicKeyValue = "Ab3dEf6hIj9kLm2nOp5q";`, nil},
		{`const stripeKey = "pk_test_TYooMQauvdEDq54NiTphI7jx";`, nil},
		{`const recaptchaKey = "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI";`, nil},
		// ... but not their secret counterparts.
		{`const recaptchaSecret = "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe";`, []string{"6LeI"}},
		{`const siteKeySecret = "Xk29fj3LmQ0a8Zr7Tn2b";`, []string{"Xk29"}},
		{`const stripeKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";`, []string{"sk_t"}},
	}
	for _, tc := range cases {
		s, err := jsflow.Parse("t", tc.code)
		if err != nil {
			t.Fatalf("%s: %v", tc.code, err)
		}
		var got []string
		for _, h := range codeFindSecrets(s) {
			got = append(got, string([]rune(h.lit.Value)[:4]))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: reported %q, want %q", tc.code, got, tc.want)
		}
	}
	// The mask shows a published format prefix, never a character of an
	// unknown secret, plus the length and a short hash.
	for v, want := range map[string]string{
		"sk_live_51HxYzAbCdEfGhIjKl":            "sk_live_…(26 chars, sha256:",
		"AKIAZ7QW3RT5YU8IOP2L":                  "AKIA…(20 chars, sha256:",
		"Summer24":                              "…(8 chars, sha256:",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIE": "-----BEGIN…(36 chars, sha256:",
	} {
		got := codeMask(v)
		if !strings.HasPrefix(got, want) || len(got) != len(want)+9 || !strings.HasSuffix(got, ")") {
			t.Errorf("mask of %.4s…: %q, want %q plus 8 hex digits", v, got, want)
		}
	}
	if a, b := codeMask("Summer24"), codeMask("Summer24"); a != b || a == codeMask("Summer25") {
		t.Error("the mask does not tell values apart")
	}
}

// ---- AL-CODE-006/007 ----------------------------------------------------

func TestCheckCodeVulnerableDependency(t *testing.T) {
	t.Parallel()
	act := func(deps ...[2]string) codeAct {
		return codeAct{id: "a1", name: "Roles", code: codeCleanAction, deps: deps}
	}
	runCases(t, "AL-CODE-006", []checkCase{
		{name: "lodash 4.0.0 (recorded)", snap: actionsOnly(act([2]string{"lodash", "4.0.0"})), want: []string{"a1@dependencies"}},
		{name: "several vulnerable packages are one finding", snap: actionsOnly(act([2]string{"axios", "1.7.2"}, [2]string{"jsonwebtoken", "8.5.1"}, [2]string{"lodash", "4.17.21"})),
			want: []string{"a1@dependencies"}},
		{name: "request is affected in every version, pinned or not", snap: actionsOnly(act([2]string{"request", "latest"})), want: []string{"a1@dependencies"}},
		{name: "fixed versions", snap: actionsOnly(act([2]string{"axios", "1.12.2"}, [2]string{"lodash", "4.17.21"}, [2]string{"jsonwebtoken", "9.0.2"}, [2]string{"moment", "2.29.4"}))},
		{name: "ranges are AL-CODE-007's", snap: actionsOnly(act([2]string{"lodash", "^4.0.0"}, [2]string{"axios", "latest"}))},
		{name: "moment before the vulnerable range", snap: actionsOnly(act([2]string{"moment", "2.17.1"}))},
		{name: "deployed version differs", snap: actionsOnly(codeAct{id: "a1", name: "Roles", code: codeCleanAction, deps: [][2]string{{"axios", "1.12.2"}}, deployedDeps: [][2]string{{"axios", "1.6.0"}}}),
			want: []string{"a1@deployed_version.dependencies"}},
		{name: "hook dependency", snap: codeSnap(nil, nil, []string{codeHookJSON("01GQHOOK1", "sync", "post-user-registration", codeHookScript, true, map[string]string{"xml2js": "0.4.23", "axios": "1.12.0"})}),
			want: []string{"01GQHOOK1@dependencies.xml2js"}},
		{name: "hooks not read", snap: actionsOnly().status(inventory.KindHooks, inventory.StatusForbidden, "read:hooks"), notEv: true},
	})
}

func TestCodeAdvisoriesTable(t *testing.T) {
	t.Parallel()
	tables := mustCodeTables()
	n := 0
	for pkg, advs := range tables.advisories {
		for _, a := range advs {
			n++
			if !strings.HasPrefix(a.Source, "https://github.com/advisories/"+a.ID) || !strings.HasPrefix(a.ID, "GHSA-") || !strings.HasPrefix(a.CVE, "CVE-") {
				t.Errorf("%s %s: source %q", pkg, a.ID, a.Source)
			}
			if a.allVersions() {
				continue
			}
			fixed, _, _ := strings.Cut(a.Fixed, " ")
			v, err := semver.NewVersion(fixed)
			if err != nil {
				t.Errorf("%s: fixed %q: %v", a.ID, a.Fixed, err)
				continue
			}
			if a.affects(v) {
				t.Errorf("%s: the fixed version %s is in the affected range %s", a.ID, v, a.Affected)
			}
		}
	}
	if n < 12 {
		t.Errorf("%d advisories", n)
	}
	for _, tc := range []struct {
		pkg, version string
		want         int
	}{
		{"axios", "1.7.3", 3}, {"axios", "1.7.4", 2}, {"axios", "1.8.2", 1}, {"axios", "1.12.0", 0}, {"axios", "0.27.2", 1},
		{"axios", "0.29.0", 2}, {"axios", "1.3.1", 2}, {"axios", "1.8.2-beta.1", 2},
		{"underscore", "1.13.0-1", 1}, {"underscore", "1.13.0", 0}, {"minimist", "0.2.3", 1}, {"minimist", "1.2.5", 1}, {"minimist", "1.2.6", 0},
		{"node-fetch", "2.6.6", 1}, {"node-fetch", "3.0.0", 1}, {"node-fetch", "3.1.1", 0},
	} {
		v := semver.MustParse(tc.version)
		got := 0
		for _, a := range tables.advisories[tc.pkg] {
			if a.affects(v) {
				got++
			}
		}
		if got != tc.want {
			t.Errorf("%s %s: %d advisories, want %d", tc.pkg, tc.version, got, tc.want)
		}
	}
}

func TestCheckCodeUnpinnedDependency(t *testing.T) {
	t.Parallel()
	act := func(deps ...[2]string) codeAct {
		return codeAct{id: "a1", name: "Roles", code: codeCleanAction, deps: deps}
	}
	runCases(t, "AL-CODE-007", []checkCase{
		{name: "latest, caret and empty", snap: actionsOnly(act([2]string{"axios", "latest"}, [2]string{"lodash", "^4.17.21"}, [2]string{"uuid", ""})),
			want: []string{"a1@dependencies"}},
		{name: "x-range and partial version", snap: actionsOnly(act([2]string{"axios", "1.x"})), want: []string{"a1@dependencies"}},
		{name: "range with a hyphen", snap: actionsOnly(act([2]string{"axios", "1.6.0 - 1.7.0"})), want: []string{"a1@dependencies"}},
		{name: "exact versions", snap: actionsOnly(act([2]string{"axios", "1.12.2"}, [2]string{"lodash", "4.17.21"}, [2]string{"uuid", "=9.0.1"}, [2]string{"x", "v1.0.0"}))},
		{name: "hook with a range", snap: codeSnap(nil, nil, []string{codeHookJSON("01GQHOOK1", "sync", "post-user-registration", codeHookScript, true, map[string]string{"axios": "^1.12.0"})}),
			want: []string{"01GQHOOK1@dependencies"}},
		{name: "hook with an exact version", snap: codeSnap(nil, nil, []string{codeHookJSON("01GQHOOK1", "sync", "post-user-registration", codeHookScript, true, map[string]string{"axios": "1.12.0"})})},
		{name: "actions not read", snap: newSnap().status(inventory.KindActions, inventory.StatusForbidden, "read:actions").empty(inventory.KindHooks), notEv: true},
	})
}

// ---- AL-CODE-008 --------------------------------------------------------

const codeEnumAction = `const { ManagementClient } = require("auth0");

exports.onExecutePreUserRegistration = async (event, api) => {
  const management = new ManagementClient({
    domain: event.secrets.DOMAIN,
    clientId: event.secrets.CLIENT_ID,
    clientSecret: event.secrets.CLIENT_SECRET,
  });
  const { data: users } = await management.usersByEmail.getByEmail({ email: event.user.email });
  if (users.length > 0) {
    api.access.deny("user_exists", "An account with this email already exists.");
  }
};`

func TestCheckCodeRegistrationEnumeration(t *testing.T) {
	t.Parallel()
	noDeny := strings.Replace(codeEnumAction, `api.access.deny("user_exists", "An account with this email already exists.");`,
		`api.user.setAppMetadata("duplicate_of", users[0].user_id);`, 1)
	viaURL := `const axios = require("axios");
exports.onExecutePreUserRegistration = async (event, api) => {
  const res = await axios.get("https://" + event.secrets.DOMAIN + "/api/v2/users-by-email", { params: { email: event.user.email } });
  if (res.data.length) return api.access.deny("exists", "Email in use");
};`
	runCases(t, "AL-CODE-008", []checkCase{
		{name: "lookup and deny", snap: actionsOnly(codeAct{id: "a1", name: "No duplicates", trigger: "pre-user-registration", version: "v2", code: codeEnumAction}),
			want: []string{"a1@code"}},
		{name: "lookup through the users-by-email endpoint", snap: actionsOnly(codeAct{id: "a1", name: "No duplicates", trigger: "pre-user-registration", version: "v2", code: viaURL}),
			want: []string{"a1@code"}},
		{name: "lookup without a deny", snap: actionsOnly(codeAct{id: "a1", name: "Link", trigger: "pre-user-registration", version: "v2", code: noDeny})},
		{name: "deny without a lookup", snap: actionsOnly(codeAct{id: "a1", name: "Geo", trigger: "pre-user-registration", version: "v2", code: `exports.onExecutePreUserRegistration = async (event, api) => {
  if (event.request.geoip.continentCode === "AN") api.access.deny("geo", "Not available in your region.");
};`})},
		{name: "the same code at login enumerates nothing", snap: actionsOnly(codeAct{id: "a1", name: "Login check", trigger: "post-login", version: "v3",
			code: strings.Replace(codeEnumAction, "onExecutePreUserRegistration", "onExecutePostLogin", 1)})},
		{name: "actions not read", snap: newSnap().status(inventory.KindActions, inventory.StatusForbidden, "read:actions"), notEv: true},
	})
	fs, _ := runCheckOn(t, "AL-CODE-008", actionsOnly(codeAct{id: "a1", name: "No duplicates", trigger: "pre-user-registration", version: "v2", code: codeEnumAction}).build(t))
	if len(fs) != 1 || fs[0].Location == nil || fs[0].Location.Line != 11 || fs[0].Location.Column != 5 {
		t.Errorf("the finding points at the deny call (11:5): %s", describe(fs))
	}
}

// ---- AL-CODE-009 --------------------------------------------------------

func TestCheckCodePasswordResetMFA(t *testing.T) {
	t.Parallel()
	challenge := codeAct{id: "a9", name: "Reset MFA", trigger: "password-reset-post-challenge", version: "v1", code: `exports.onExecutePostChallenge = async (event, api) => {
  const factors = event.user.enrolledFactors?.map((f) => ({ type: f.type })) ?? [];
  if (factors.length > 0) {
    api.authentication.challengeWithAny(factors);
  }
};`}
	notify := codeAct{id: "a8", name: "Reset notice", trigger: "password-reset-post-challenge", version: "v1", code: `exports.onExecutePostChallenge = async (event, api) => {
  console.log("password reset for", event.user.user_id);
};`}
	snap := func(factorOn bool, trigger string, acts ...codeAct) *snapBuilder {
		b := actionsOnly(acts...).add(inventory.KindGuardianFactors, codeFactorJSON("otp", factorOn), codeFactorJSON("sms", false), codeFactorJSON("recovery-code", true)).
			empty(inventory.KindTriggerBindings)
		if trigger != "" {
			b.add(inventory.KindTriggerBindings, trigger)
		}
		return b
	}
	runCases(t, "AL-CODE-009", []checkCase{
		{name: "no action bound", snap: snap(true, codeTriggerJSON("password-reset-post-challenge")), want: []string{"password-reset-post-challenge@bindings"}},
		{name: "bound action does not challenge", snap: snap(true, codeTriggerJSON("password-reset-post-challenge", notify), notify),
			want: []string{"password-reset-post-challenge@bindings"}},
		{name: "no such trigger in the tenant", snap: snap(true, ""), want: []string{""}},
		{name: "bound action challenges", snap: snap(true, codeTriggerJSON("password-reset-post-challenge", notify, challenge), notify, challenge)},
		{name: "no factor enabled (recovery codes alone are no factor)", snap: snap(false, codeTriggerJSON("password-reset-post-challenge"))},
		{name: "factors not read", snap: actionsOnly().empty(inventory.KindTriggerBindings).status(inventory.KindGuardianFactors, inventory.StatusForbidden, "read:guardian_factors"), notEv: true},
	})
	// Bindings of the trigger not read: the check says so.
	s := snap(true, "").gap(inventory.KindTriggerBindings, inventory.Gap{Part: "bindings", IDs: []string{"password-reset-post-challenge"},
		Status: inventory.StatusForbidden, MissingScopes: []string{"read:actions"}, Error: "insufficient scope"}).build(t)
	fs, ne := runCheckOn(t, "AL-CODE-009", s)
	if len(fs) != 0 || len(ne) != 1 || !ne[0].Partial() || !slices.Equal(ne[0].MissingScopes, []string{"read:actions"}) {
		t.Errorf("bindings gap: findings %v, not evaluated %+v", fs, ne)
	}
}

// ---- AL-CODE-010 --------------------------------------------------------

func TestCheckCodeLogsSecrets(t *testing.T) {
	t.Parallel()
	logEvent := codeAct{id: "a1", name: "Debug", code: `exports.onExecutePostLogin = async (event, api) => {
  console.log("event", JSON.stringify(event));
};`}
	logSecret := codeAct{id: "a2", name: "Debug key", code: `exports.onExecutePostLogin = async (event, api) => {
  const { ROLES_API_TOKEN } = event.secrets;
  console.info(` + "`token=${ROLES_API_TOKEN}`" + `);
  console.log("client secret", event.secrets.CLIENT_SECRET);
};`}
	logSafe := codeAct{id: "a3", name: "Careful", code: `exports.onExecutePostLogin = async (event, api) => {
  console.log("login of " + event.user.user_id + " from " + event);
  console.log("secret configured:", !!event.secrets.CLIENT_SECRET, event.secrets.CLIENT_SECRET ? "yes" : "no");
  console.log("token length", event.secrets.CLIENT_SECRET.length);
  console.log(Object.keys(event.secrets));
  const event2 = { user: event.user.user_id };
  console.log(event2);
};`}
	ruleLog := `function (user, context, callback) {
  console.log(user);
  console.log("key: " + configuration.API_KEY);
  callback(null, user, context);
}`
	runCases(t, "AL-CODE-010", []checkCase{
		{name: "whole event", snap: actionsOnly(logEvent), want: []string{"a1@code"}, sev: []Severity{SeverityMedium}},
		{name: "secrets, through an alias and directly", snap: actionsOnly(logSecret), want: []string{"a2@code", "a2@code"}, sev: []Severity{SeverityHigh, SeverityHigh}},
		{name: "ids, flags and lengths are not secrets", snap: actionsOnly(logSafe)},
		{name: "a rule logs the user and its configuration", snap: codeSnap(nil, []string{codeRuleJSON("rul_1", "Debug", ruleLog, true)}, nil),
			want: []string{"rul_1@script", "rul_1@script"}},
		{name: "rules not read", snap: actionsOnly(logEvent).status(inventory.KindRules, inventory.StatusForbidden, "read:rules"), notEv: true},
	})
	fs, _ := runCheckOn(t, "AL-CODE-010", codeSnap(nil, []string{codeRuleJSON("rul_1", "Debug", ruleLog, true)}, nil).build(t))
	sevs := map[int]Severity{}
	for _, f := range fs {
		sevs[f.Location.Line] = f.Severity
	}
	if sevs[2] != SeverityMedium || sevs[3] != SeverityHigh {
		t.Errorf("rule severities by line %v", sevs)
	}
}

// ---- AL-CODE-011 --------------------------------------------------------

func TestCheckCodeParseError(t *testing.T) {
	t.Parallel()
	// The Action the recorder saved with a stray quote.
	broken := codeAct{id: "a1", name: "Continue", code: "exports.onContinuePostLogin = async (event, api) => {\n\tconsole.log(\"bar\")\n};\"\n", noDeploy: true}
	dbBroken := map[string]string{"login": "function login(email, password, callback) {\n  const q = 'SELECT 1'\n  callback(null, {;\n}"}
	full := func(acts []codeAct, conns ...string) *snapBuilder {
		b := codeSnap(acts, nil, nil).empty(inventory.KindConnections)
		return b.add(inventory.KindConnections, conns...)
	}
	runCases(t, "AL-CODE-011", []checkCase{
		{name: "action with a stray quote", snap: full([]codeAct{broken}), want: []string{"a1@code"}},
		{name: "rule that does not parse", snap: full(nil).add(inventory.KindRules, codeRuleJSON("rul_1", "Broken", "function (user, context, callback) {\n  callback(null, user, context;\n}", true)),
			want: []string{"rul_1@script"}},
		{name: "a disabled rule that does not parse does not run", snap: full(nil).add(inventory.KindRules, codeRuleJSON("rul_1", "Broken", "function (user, context, callback) {\n  callback(null, user, context;\n}", false))},
		{name: "custom database script that does not parse", snap: full(nil, codeDBConnJSON("con_1", "legacy-db", true, dbBroken)),
			want: []string{"con_1@options.customScripts.login"}},
		{name: "broken script of a database that does not run scripts", snap: full(nil, codeDBConnJSON("con_1", "legacy-db", false, dbBroken))},
		{name: "social connection script", snap: full(nil, codeSocialConnJSON("con_2", "partner", "function (accessToken, ctx, cb) { cb(null, {user_id: ctx.id, }; }")),
			want: []string{"con_2@options.scripts.fetchUserProfile"}},
		{name: "valid code everywhere", snap: full([]codeAct{{id: "a1", name: "Roles", code: codeCleanAction}}, codeDBConnJSON("con_1", "legacy-db", true, map[string]string{"login": codeDBLoginSafe}),
			codeSocialConnJSON("con_2", "partner", codeSocialProfileSafe)).add(inventory.KindRules, codeRuleJSON("rul_1", "MFA", codeRuleMFA, true))},
		{name: "connections not read", snap: codeSnap(nil, nil, nil).status(inventory.KindConnections, inventory.StatusForbidden, "read:connections"), notEv: true},
	})
	fs, _ := runCheckOn(t, "AL-CODE-011", full([]codeAct{broken}).build(t))
	if len(fs) != 1 || fs[0].Location == nil || fs[0].Location.Line != 3 || fs[0].Location.Column != 3 {
		t.Errorf("the finding points at the stray quote (3:3): %s", describe(fs))
	}
	// Connection options not read: the database connections are skipped.
	fs, ne := runCheckOn(t, "AL-CODE-011", full(nil, codeConnNoOptions("con_1", "legacy-db", "auth0"), codeConnNoOptions("con_3", "google-oauth2", "google-oauth2")).build(t))
	if len(fs) != 0 || len(ne) != 1 || !ne[0].Partial() || len(ne[0].Resources) != 1 || ne[0].Resources[0].ID != "con_1" ||
		!slices.Equal(ne[0].MissingScopes, []string{"read:connections_options"}) {
		t.Errorf("options not read: findings %v, not evaluated %+v", fs, ne)
	}
}

// ---- AL-CODE-012 --------------------------------------------------------

func TestCheckCodeDynamicEval(t *testing.T) {
	t.Parallel()
	evil := codeAct{id: "a1", name: "Rules engine", code: `const { execSync } = require("node:child_process");
exports.onExecutePostLogin = async (event, api) => {
  const rule = event.user.app_metadata.rule || "true";
  if (eval(rule)) {
    api.accessToken.addScope("admin");
  }
  const check = new Function("user", event.secrets.CHECK);
  execSync("echo " + event.user.email);
};`}
	safe := codeAct{id: "a2", name: "Parser", code: `exports.onExecutePostLogin = async (event, api) => {
  const rules = JSON.parse(event.user.app_metadata.rules || "[]");
  const evaluate = (r) => r.allow === true;
  if (rules.some(evaluate)) api.accessToken.addScope("reports");
  const fn = function named() { return 1; };
  fn();
};`}
	runCases(t, "AL-CODE-012", []checkCase{
		{name: "eval, Function and child_process", snap: actionsOnly(evil), want: []string{"a1@code", "a1@code", "a1@code"}},
		{name: "JSON.parse and plain functions", snap: actionsOnly(safe)},
		{name: "a disabled rule does not run", snap: codeSnap(nil, []string{codeRuleJSON("rul_1", "Sandbox", "function (user, context, callback) {\n  const vm = require('vm');\n  callback(null, user, context);\n}", false)}, nil)},
		{name: "vm in a rule", snap: codeSnap(nil, []string{codeRuleJSON("rul_1", "Sandbox", "function (user, context, callback) {\n  const vm = require('vm');\n  callback(null, user, context);\n}", true)}, nil),
			want: []string{"rul_1@script"}},
		{name: "hooks not read", snap: actionsOnly(evil).status(inventory.KindHooks, inventory.StatusForbidden, "read:hooks"), notEv: true},
	})
}

// ---- AL-CODE-013 --------------------------------------------------------

func TestCheckCodePlainHTTP(t *testing.T) {
	t.Parallel()
	plain := codeAct{id: "a1", name: "CRM", code: `const axios = require("axios");
const fetch = require("node-fetch");
exports.onExecutePostLogin = async (event, api) => {
  await axios.post("http://crm.internal.example.com/api/logins", { user: event.user.user_id });
  await fetch(` + "`http://risk.example.com/score/${event.user.user_id}`" + `);
  const client = axios.create({ baseURL: "http://api.partner.example" });
  await client.get("/status");
};`}
	safe := codeAct{id: "a2", name: "CRM", code: `const axios = require("axios");
exports.onExecutePostLogin = async (event, api) => {
  await axios.post("https://crm.example.com/api/logins", { user: event.user.user_id });
  await axios.get("http://localhost:3000/health");
  await axios.get("http://" + event.secrets.HOST + "/x");
  api.idToken.setCustomClaim("http://myapp.example.com/roles", ["admin"]);
  api.accessToken.setCustomClaim("http://myapp.example.com/plan", "gold");
  const docs = "http://docs.example.com/errors";
  console.log("see", docs);
};`}
	rule := `function (user, context, callback) {
  request.get({ url: "http://legacy.example.com/profile?id=" + user.user_id, json: true }, function (err, res, body) {
    callback(null, user, context);
  });
}`
	leaky := codeAct{id: "a4", name: "Webhook", code: `const axios = require("axios");
exports.onExecutePostLogin = async (event, api) => {
  await axios.post("http://svc:Pa55w0rd@hooks.example.com/notify/T01ABCDEF23/B04GHIJKL56/xoxbAbCdEfGh1234567890?token=abc123#frag", {});
};`}
	runCases(t, "AL-CODE-013", []checkCase{
		{name: "axios, fetch template and baseURL", snap: actionsOnly(plain), want: []string{"a1@code", "a1@code", "a1@code"}},
		{name: "credentials in the URL", snap: actionsOnly(leaky), want: []string{"a4@code"}},
		{name: "https, loopback, computed hosts and claim names", snap: actionsOnly(safe)},
		{name: "request in a rule", snap: codeSnap(nil, []string{codeRuleJSON("rul_1", "Legacy profile", rule, true)}, nil), want: []string{"rul_1@script"}},
		{name: "actions not read", snap: newSnap().status(inventory.KindActions, inventory.StatusForbidden, "read:actions").empty(inventory.KindRules, inventory.KindHooks), notEv: true},
	})
	// The URL is reported without user info, query or fragment, and with
	// generated-looking path segments masked.
	fs, _ := runCheckOn(t, "AL-CODE-013", actionsOnly(leaky).build(t))
	if len(fs) != 1 {
		t.Fatalf("findings %s", describe(fs))
	}
	const want = "http://hooks.example.com/notify/T01ABCDEF23/B04GHIJKL56/****"
	if fs[0].Evidence["url"] != want || !strings.Contains(fs[0].Message, want) {
		t.Errorf("url %v, message %q; want %s", fs[0].Evidence["url"], fs[0].Message, want)
	}
	b, _ := json.Marshal(fs[0])
	for _, leak := range []string{"Pa55w0rd", "abc123", "frag", "xoxbAbCdEfGh1234567890"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("the finding shows %q: %s", leak, b)
		}
	}
}

// ---- AL-CODE-014 --------------------------------------------------------

func TestCheckCodeTLSDisabled(t *testing.T) {
	t.Parallel()
	insecure := codeAct{id: "a1", name: "Internal API", code: `const https = require("https");
const axios = require("axios");
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
exports.onExecutePostLogin = async (event, api) => {
  const agent = new https.Agent({ rejectUnauthorized: false });
  await axios.get("https://internal.example.com/roles", { httpsAgent: agent });
};`}
	needle := codeAct{id: "a2", name: "Needle", code: `const needle = require("needle");
exports.onExecutePostLogin = async (event, api) => {
  await needle("get", "https://internal.example.com", { insecure: true });
};`}
	safe := codeAct{id: "a3", name: "Internal API", code: `const https = require("https");
const axios = require("axios");
exports.onExecutePostLogin = async (event, api) => {
  const agent = new https.Agent({ rejectUnauthorized: true, ca: event.secrets.INTERNAL_CA });
  await axios.get("https://internal.example.com/roles", { httpsAgent: agent });
  const flags = { insecure: true };
  api.user.setAppMetadata("flags", flags);
};`}
	rule := `function (user, context, callback) {
  request({ url: "https://legacy.example.com", strictSSL: false }, function () { callback(null, user, context); });
}`
	runCases(t, "AL-CODE-014", []checkCase{
		{name: "environment and agent", snap: actionsOnly(insecure), want: []string{"a1@code", "a1@code"}},
		{name: "insecure: true to an HTTP client", snap: actionsOnly(needle), want: []string{"a2@code"}},
		{name: "verification on, insecure elsewhere", snap: actionsOnly(safe)},
		{name: "strictSSL in a rule", snap: codeSnap(nil, []string{codeRuleJSON("rul_1", "Legacy", rule, true)}, nil), want: []string{"rul_1@script"}},
		{name: "rules not read", snap: actionsOnly(safe).status(inventory.KindRules, inventory.StatusForbidden, "read:rules"), notEv: true},
	})
}

// ---- connection scripts ---------------------------------------------------

const codeDBLoginSafe = `function login(email, password, callback) {
  const bcrypt = require("bcrypt");
  const mysql = require("mysql");
  const connection = mysql.createConnection({
    host: configuration.DB_HOST,
    user: configuration.DB_USER,
    password: configuration.DB_PASSWORD,
    database: "users",
  });
  connection.connect();
  const query = "SELECT id, nickname, email, password FROM users WHERE email = ?";
  connection.query(query, [email], function (err, results) {
    if (err) return callback(err);
    if (results.length === 0) return callback(new WrongUsernameOrPasswordError(email));
    const user = results[0];
    bcrypt.compare(password, user.password, function (err, isValid) {
      if (err || !isValid) return callback(err || new WrongUsernameOrPasswordError(email));
      callback(null, { user_id: user.id.toString(), nickname: user.nickname, email: user.email });
    });
  });
}`

const codeDBLoginUnsafe = `function login(email, password, callback) {
  const crypto = require("crypto");
  const mysql = require("mysql");
  const connection = mysql.createConnection({
    host: "db.internal.example.com",
    user: "auth0",
    password: "S3cure!DbPass2024",
    database: "users",
  });
  connection.connect();
  const hash = crypto.createHash("sha256").update(password).digest("hex");
  const query = "SELECT id, nickname, email FROM users WHERE email = '" + email + "' AND password = '" + hash + "'";
  connection.query(query, function (err, results) {
    if (err) return callback(err);
    if (results.length === 0) return callback(new WrongUsernameOrPasswordError(email));
    callback(null, { user_id: String(results[0].id), email: results[0].email });
  });
}`

const codeDBCreateMD5 = `function create(user, callback) {
  const crypto = require("crypto");
  const { Client } = require("pg");
  const client = new Client({ connectionString: configuration.PG_URL });
  const hashed = crypto.createHash("md5").update(user.password).digest("hex");
  client.query(` + "`INSERT INTO users (email, password) VALUES ($1, $2)`" + `, [user.email, hashed], function (err) {
    callback(err || null);
  });
}`

const codeDBCreateTemplateSQL = `function create(user, callback) {
  const { Client } = require("pg");
  const client = new Client({ connectionString: configuration.PG_URL });
  const bcrypt = require("bcrypt");
  bcrypt.hash(user.password, 10, function (err, hashed) {
    client.query(` + "`INSERT INTO users (email, password) VALUES ('${user.email}', '${hashed}')`" + `, function (err) {
      callback(err || null);
    });
  });
}`

const codeDBGravatar = `function login(email, password, callback) {
  const crypto = require("crypto");
  const bcrypt = require("bcrypt");
  const TABLE = "users";
  const md5 = crypto.createHash("md5");
  md5.update(email.trim().toLowerCase());
  const picture = "https://www.gravatar.com/avatar/" + md5.digest("hex");
  db.query("SELECT * FROM " + TABLE + " WHERE email = ?", [email], function (err, rows) {
    if (err || rows.length === 0) return callback(err || new WrongUsernameOrPasswordError(email));
    bcrypt.compare(password, rows[0].password_hash, function (err, ok) {
      if (!ok) return callback(new WrongUsernameOrPasswordError(email));
      callback(null, { user_id: rows[0].id, email: email, picture: picture });
    });
  });
  callback(new Error("Please select an option from " + email));
}`

const codeSocialProfileSafe = `function fetchUserProfile(accessToken, context, callback) {
  request.get({ url: "https://idp.partner.example/userinfo", headers: { Authorization: "Bearer " + accessToken } }, function (err, resp, body) {
    if (err) return callback(err);
    const p = JSON.parse(body);
    callback(null, { user_id: p.sub, email: p.email, name: p.name });
  });
}`

func codeConnSnap(conns ...string) *snapBuilder {
	return newSnap().empty(inventory.KindConnections).add(inventory.KindConnections, conns...)
}

func TestCheckCodeConnScriptSecret(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-CONN-008", []checkCase{
		{name: "database password in the login script", snap: codeConnSnap(codeDBConnJSON("con_1", "legacy-db", true, map[string]string{"login": codeDBLoginUnsafe})),
			want: []string{"con_1@options.customScripts.login"}},
		{name: "configuration settings", snap: codeConnSnap(codeDBConnJSON("con_1", "legacy-db", true, map[string]string{"login": codeDBLoginSafe, "create": codeDBCreateMD5}))},
		{name: "a secret in a social script", snap: codeConnSnap(codeSocialConnJSON("con_2", "partner", strings.Replace(codeSocialProfileSafe, `"Bearer " + accessToken`, `"Bearer 7f3a9c2e1b4d8f6a0c5e9b2d4f7a1c3e"`, 1))),
			want: []string{"con_2@options.scripts.fetchUserProfile"}},
		{name: "social script without secrets", snap: codeConnSnap(codeSocialConnJSON("con_2", "partner", codeSocialProfileSafe))},
		{name: "other strategies have no scripts", snap: codeConnSnap(codeConnNoOptions("con_3", "google-oauth2", "google-oauth2"))},
		{name: "connections not read", snap: newSnap().status(inventory.KindConnections, inventory.StatusForbidden, "read:connections"), notEv: true},
	})
	fs, ne := runCheckOn(t, "AL-CONN-008", codeConnSnap(codeConnNoOptions("con_1", "legacy-db", "auth0")).build(t))
	if len(fs) != 0 || len(ne) != 1 || !ne[0].Partial() || !slices.Equal(ne[0].MissingScopes, []string{"read:connections_options"}) {
		t.Errorf("options not read: findings %v, not evaluated %+v", fs, ne)
	}
	fs, ne = runCheckOn(t, "AL-CONN-008", codeConnSnap(codeDBConnJSON("con_1", "legacy-db", true, map[string]string{"login": "[REDACTED]"})).build(t))
	if len(fs) != 0 || len(ne) != 1 || !strings.Contains(ne[0].Reason, "script redacted in the snapshot") {
		t.Errorf("redacted: findings %v, not evaluated %+v", fs, ne)
	}
}

func TestCheckCodeConnScriptEmailVerified(t *testing.T) {
	t.Parallel()
	sets := strings.Replace(codeSocialProfileSafe, "name: p.name }", "name: p.name, email_verified: true }", 1)
	assigns := `function (accessToken, ctx, cb) {
  const profile = { user_id: ctx.id_token_claims.sub, email: ctx.id_token_claims.email };
  profile.email_verified = ctx.id_token_claims.email_verified;
  cb(null, profile);
}`
	runCases(t, "AL-CONN-012", []checkCase{
		{name: "constant email_verified", snap: codeConnSnap(codeSocialConnJSON("con_2", "partner", sets)), want: []string{"con_2@options.scripts.fetchUserProfile"}},
		{name: "assigned from the provider", snap: codeConnSnap(codeSocialConnJSON("con_2", "partner", assigns)), want: []string{"con_2@options.scripts.fetchUserProfile"}},
		{name: "profile without email_verified", snap: codeConnSnap(codeSocialConnJSON("con_2", "partner", codeSocialProfileSafe))},
		{name: "a database script may set it", snap: codeConnSnap(codeDBConnJSON("con_1", "legacy-db", true, map[string]string{"login": strings.Replace(codeDBLoginSafe, "email: user.email }", "email: user.email, email_verified: true }", 1)}))},
		{name: "connections not read", snap: newSnap().status(inventory.KindConnections, inventory.StatusForbidden, "read:connections"), notEv: true},
	})
	fs, ne := runCheckOn(t, "AL-CONN-012", codeConnSnap(codeConnNoOptions("con_2", "partner", "oauth2")).build(t))
	if len(fs) != 0 || len(ne) != 1 || !ne[0].Partial() {
		t.Errorf("options not read: findings %v, not evaluated %+v", fs, ne)
	}
}

func TestCheckCodeConnScriptSQLInjection(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-CONN-017", []checkCase{
		{name: "concatenated email", snap: codeConnSnap(codeDBConnJSON("con_1", "legacy-db", true, map[string]string{"login": codeDBLoginUnsafe})),
			want: []string{"con_1@options.customScripts.login"}},
		{name: "template with substitutions", snap: codeConnSnap(codeDBConnJSON("con_1", "legacy-db", true, map[string]string{"create": codeDBCreateTemplateSQL})),
			want: []string{"con_1@options.customScripts.create"}},
		{name: "parameterised queries, constants and prose", snap: codeConnSnap(codeDBConnJSON("con_1", "legacy-db", true,
			map[string]string{"login": codeDBLoginSafe, "create": codeDBCreateMD5, "get_user": codeDBGravatar}))},
		{name: "scripts not run (customization off)", snap: codeConnSnap(codeDBConnJSON("con_1", "legacy-db", false, map[string]string{"login": codeDBLoginUnsafe}))},
		{name: "connections not read", snap: newSnap().status(inventory.KindConnections, inventory.StatusForbidden, "read:connections"), notEv: true},
	})
}

func TestCheckCodeConnScriptFastHash(t *testing.T) {
	t.Parallel()
	sha1Login := strings.Replace(codeDBLoginSafe, `const bcrypt = require("bcrypt");`, `const crypto = require("crypto");`, 1)
	sha1Login = strings.Replace(sha1Login, `bcrypt.compare(password, user.password, function (err, isValid) {`,
		`const isValid = crypto.createHash("sha1").update(password + user.salt).digest("hex") === user.password;
    (function () {`, 1)
	runCases(t, "AL-CONN-018", []checkCase{
		{name: "sha256 of the password", snap: codeConnSnap(codeDBConnJSON("con_1", "legacy-db", true, map[string]string{"login": codeDBLoginUnsafe})),
			want: []string{"con_1@options.customScripts.login"}},
		{name: "md5 in create", snap: codeConnSnap(codeDBConnJSON("con_1", "legacy-db", true, map[string]string{"create": codeDBCreateMD5})),
			want: []string{"con_1@options.customScripts.create"}},
		{name: "salted sha1", snap: codeConnSnap(codeDBConnJSON("con_1", "legacy-db", true, map[string]string{"login": sha1Login})),
			want: []string{"con_1@options.customScripts.login"}},
		{name: "bcrypt, and md5 of an email for an avatar", snap: codeConnSnap(codeDBConnJSON("con_1", "legacy-db", true,
			map[string]string{"login": codeDBGravatar, "create": codeDBCreateTemplateSQL}))},
		{name: "other scripts are not judged", snap: codeConnSnap(codeDBConnJSON("con_1", "legacy-db", true, map[string]string{"get_user": codeDBCreateMD5}))},
		{name: "connections not read", snap: newSnap().status(inventory.KindConnections, inventory.StatusForbidden, "read:connections"), notEv: true},
	})
}

// ---- AL-MFA-002 -------------------------------------------------------

func TestCheckCodeMFANeverRequired(t *testing.T) {
	t.Parallel()
	stepUp := codeAct{id: "a5", name: "Step-up", code: `exports.onExecutePostLogin = async (event, api) => {
  if (event.client.metadata?.sensitive === "true") {
    api.multifactor.enable("any", { allowRememberBrowser: false });
  }
};`}
	plain := codeAct{id: "a6", name: "Roles", code: codeCleanAction}
	always := codeAct{id: "a7", name: "MFA for everyone", code: `exports.onExecutePostLogin = async (event, api) => {
  api.multifactor.enable("any", { allowRememberBrowser: true });
};`}
	alwaysRule := `function (user, context, callback) {
  context.multifactor = { provider: 'any', allowRememberBrowser: false };
  callback(null, user, context);
}`
	snap := func(policies string, rules []string, bound ...codeAct) *snapBuilder {
		b := codeSnap(append([]codeAct{stepUp, plain}, bound...), rules, nil).empty(inventory.KindTriggerBindings).
			add(inventory.KindTriggerBindings, codeTriggerJSON("post-login", bound...))
		if policies != "" {
			b.add(inventory.KindGuardianPolicies, policies)
		} else {
			b.empty(inventory.KindGuardianPolicies)
		}
		return b
	}
	runCases(t, "AL-MFA-002", []checkCase{
		{name: "never, and no code", snap: snap(`{"policies":[]}`, nil, plain), want: []string{"mfa_policies@policies"}, sev: []Severity{SeverityMedium}},
		{name: "never, MFA from a bound Action", snap: snap(`{"policies":[]}`, nil, plain, stepUp), want: []string{"mfa_policies@policies"}, sev: []Severity{SeverityLow}},
		{name: "never, MFA from an enabled Rule", snap: snap(`{"policies":[]}`, []string{codeRuleJSON("rul_1", "MFA for admins", codeRuleMFA, true)}, plain),
			want: []string{"mfa_policies@policies"}, sev: []Severity{SeverityLow}},
		{name: "a disabled Rule requests nothing", snap: snap(`{"policies":[]}`, []string{codeRuleJSON("rul_1", "MFA for admins", codeRuleMFA, false)}),
			want: []string{"mfa_policies@policies"}, sev: []Severity{SeverityMedium}},
		{name: "an unbound Action requests nothing", snap: snap(`{"policies":[]}`, nil, plain), want: []string{"mfa_policies@policies"}, sev: []Severity{SeverityMedium}},
		// Auth0 documents post-login Actions as the way to enforce an MFA
		// policy of one's own: MFA on every login through code is no gap.
		{name: "never, MFA on every login from a bound Action", snap: snap(`{"policies":[]}`, nil, plain, stepUp, always)},
		{name: "never, MFA on every login from an enabled Rule", snap: snap(`{"policies":[]}`, []string{codeRuleJSON("rul_1", "MFA", alwaysRule, true)}, plain)},
		{name: "the MFA-for-everyone Action unbound", snap: snap(`{"policies":[]}`, nil, plain),
			want: []string{"mfa_policies@policies"}, sev: []Severity{SeverityMedium}},
		{name: "always", snap: snap(`{"policies":["all-applications"]}`, nil)},
		{name: "adaptive", snap: snap(`{"policies":["confidence-score"]}`, nil)},
		{name: "policies not read", snap: codeSnap(nil, nil, nil).empty(inventory.KindTriggerBindings).
			status(inventory.KindGuardianPolicies, inventory.StatusForbidden, "read:mfa_policies"), notEv: true},
	})
	fs, ne := runCheckOn(t, "AL-MFA-002", snap("", nil).build(t))
	if len(fs) != 0 || len(ne) != 1 || !ne[0].Partial() {
		t.Errorf("policies record absent: findings %v, not evaluated %+v", fs, ne)
	}
	fs, _ = runCheckOn(t, "AL-MFA-002", snap(`{"policies":[]}`, nil, plain, stepUp).build(t))
	if len(fs) != 1 || !reflect.DeepEqual(fs[0].Evidence["mfa_requested_by"], []string{`Action "Step-up"`}) {
		t.Errorf("evidence names the code: %s", describe(fs))
	}
}

// ---- whole catalogue ------------------------------------------------------

// codeCheckIDs are the checks of this file.
func codeCheckIDs() []string {
	var ids []string
	for _, c := range codeChecks() {
		ids = append(ids, c.id)
	}
	return ids
}

// TestCodeChecksReadOnlyTheirKinds runs each check on a snapshot with
// every kind and on one with only the kinds it needs: the results must
// be the same.
func TestCodeChecksReadOnlyTheirKinds(t *testing.T) {
	t.Parallel()
	full := func() *snapBuilder {
		return codeSnap([]codeAct{
			{id: "a1", name: "Secrets", trigger: "post-user-registration", version: "v2", runtime: "node18", code: codeSecretAction, deps: [][2]string{{"lodash", "^4.0.0"}, {"axios", "1.7.2"}}},
			{id: "a2", name: "No duplicates", trigger: "pre-user-registration", version: "v1", code: codeEnumAction},
		}, []string{codeRuleJSON("rul_1", "MFA", codeRuleMFA, true)}, []string{codeHookJSON("01GQHOOK1", "h", "pre-user-registration", codeHookScript, true, map[string]string{"request": "2.88.2"})}).
			add(inventory.KindConnections, codeDBConnJSON("con_1", "legacy-db", true, map[string]string{"login": codeDBLoginUnsafe}), codeSocialConnJSON("con_2", "partner", codeSocialProfileSafe)).
			add(inventory.KindGuardianFactors, codeFactorJSON("otp", true)).add(inventory.KindGuardianPolicies, `{"policies":[]}`).
			empty(inventory.KindTriggerBindings).add(inventory.KindTriggerBindings, codeTriggerJSON("post-login"))
	}
	for _, c := range codeChecks() {
		all, ne := runCheckOn(t, c.id, full().build(t))
		if len(ne) > 0 {
			t.Errorf("%s: not evaluated on the full snapshot: %+v", c.id, ne)
		}
		b := full()
		for k := range b.kinds {
			if !slices.Contains(c.needs, k) {
				delete(b.kinds, k)
			}
		}
		only, _ := runCheckOn(t, c.id, b.build(t))
		if !reflect.DeepEqual(all, only) {
			t.Errorf("%s reads kinds it does not need:\n%s\nvs\n%s", c.id, describe(all), describe(only))
		}
	}
}

// TestCodeChecksOnRecordedTenant runs the code checks over the Actions,
// Rules, Hooks, bindings and connections recorded from a real tenant
// (testdata/code): no check fails, and the findings are the expected
// ones.
func TestCodeChecksOnRecordedTenant(t *testing.T) {
	t.Parallel()
	b := newSnap()
	for kind, file := range map[inventory.Kind]string{
		inventory.KindActions: "actions.json", inventory.KindRules: "rules.json", inventory.KindHooks: "hooks.json",
		inventory.KindTriggerBindings: "trigger_bindings.json", inventory.KindConnections: "connections.json",
		inventory.KindGuardianFactors: "guardian_factors.json",
	} {
		raw, err := os.ReadFile(filepath.Join("testdata", "code", file))
		if err != nil {
			t.Fatal(err)
		}
		var recs []json.RawMessage
		if err := json.Unmarshal(raw, &recs); err != nil {
			t.Fatal(err)
		}
		b.empty(kind)
		for _, r := range recs {
			b.add(kind, string(r))
		}
	}
	b.add(inventory.KindGuardianPolicies, `{"policies":[]}`)
	res, err := Run(context.Background(), b.build(t), Options{Checks: codeCheckIDs()})
	if err != nil {
		t.Fatal(err)
	}
	for _, ne := range res.NotEvaluated {
		if !ne.Partial() || strings.Contains(ne.Reason, "failed") || strings.Contains(ne.Reason, "not in the snapshot") {
			t.Errorf("%s not evaluated: %s", ne.Check, ne.Reason)
		}
	}
	got := map[string]int{}
	for _, f := range res.Findings {
		got[f.Check]++
		if f.Message == "" || f.Title == "" || len(f.Links) == 0 {
			t.Errorf("incomplete finding %+v", f)
		}
	}
	for id, min := range map[string]int{"AL-CODE-001": 1, "AL-CODE-002": 1, "AL-CODE-003": 1, "AL-CODE-006": 1, "AL-CODE-011": 2, "AL-MFA-002": 1} {
		if got[id] < min {
			t.Errorf("%s: %d findings on the recorded tenant, want at least %d", id, got[id], min)
		}
	}
	for _, id := range []string{"AL-CODE-005", "AL-CODE-010", "AL-CODE-012", "AL-CODE-013", "AL-CODE-014", "AL-CONN-008", "AL-CONN-012", "AL-CONN-017", "AL-CONN-018"} {
		if got[id] != 0 {
			t.Errorf("%s: %d findings on the recorded tenant, want none", id, got[id])
		}
	}
}

func TestCodeDataTables(t *testing.T) {
	t.Parallel()
	tables := mustCodeTables()
	if rt := tables.runtimes["node18"]; rt.EndOfLife != "April 2025" {
		t.Errorf("node18: %+v", rt)
	}
	if rt, ok := tables.runtimes["node22"]; !ok || rt.EndOfLife != "" {
		t.Errorf("node22: %+v", rt)
	}
	if d := tables.deprecated["post-login"]; !slices.Equal(d.Versions, []string{"v1", "v2"}) || d.Current != "v3" {
		t.Errorf("post-login: %+v", d)
	}
	for _, v := range []string{"1.2.3", "v1.2.3", "=1.2.3", "1.2.3-beta.1"} {
		if _, ok := codePinned(v); !ok {
			t.Errorf("%q is pinned", v)
		}
	}
	for _, v := range []string{"", "latest", "*", "x", "1.x", "1.2", "^1.2.3", "~1.2.3", ">=1.2.3", "1.2.3 || 2.0.0", "1.0.0 - 2.0.0", "next"} {
		if _, ok := codePinned(v); ok {
			t.Errorf("%q is not pinned", v)
		}
	}
}

// Valid JavaScript the parser does not read is not a syntax error of the
// script: AL-CODE-011 skips it (saying why), and so do the other checks;
// syntax it rewrites in place (for await, import()) is judged as usual.
func TestCodeUnsupportedSyntax(t *testing.T) {
	t.Parallel()
	asyncGenMethod := "exports.onExecutePostLogin = async (event, api) => {\n  const o = { async *items() { yield 1; } };\n  console.log(event.secrets.API_KEY);\n};"
	forAwait := "exports.onExecutePostLogin = async (event, api) => {\n  for await (const x of []) {}\n  console.log(event.secrets.API_KEY);\n};"
	for _, id := range []string{"AL-CODE-011", "AL-CODE-010"} {
		fs, ne := runCheckOn(t, id, actionsOnly(codeAct{id: "a1", name: "Gen", code: asyncGenMethod}).empty(inventory.KindConnections).build(t))
		if len(fs) != 0 || len(ne) != 1 || !ne[0].Partial() || !strings.Contains(ne[0].Reason, "syntax the parser does not read") {
			t.Errorf("%s on an async generator method: findings %v, not evaluated %+v", id, fs, ne)
		}
	}
	if fs, ne := runCheckOn(t, "AL-CODE-011", actionsOnly(codeAct{id: "a1", name: "Loop", code: forAwait}).empty(inventory.KindConnections).build(t)); len(fs) != 0 || len(ne) != 0 {
		t.Errorf("AL-CODE-011 on for await: findings %v, not evaluated %+v", fs, ne)
	}
	if fs, _ := runCheckOn(t, "AL-CODE-010", actionsOnly(codeAct{id: "a1", name: "Loop", code: forAwait}).build(t)); len(fs) != 1 || fs[0].Location.Line != 3 {
		t.Errorf("AL-CODE-010 on for await: %s", describe(fs))
	}
}
