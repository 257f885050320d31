package graph

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
)

// Fixtures shaped like the recorded Action, binding and Rule bodies.

// action is a deployed Action of a trigger.
func action(id, name, trigger, code string) string {
	v := map[string]any{"id": id, "name": name, "supported_triggers": []any{map[string]any{"id": trigger, "version": "v3"}},
		"code": code, "runtime": "node22", "status": "built", "all_changes_deployed": true,
		"deployed_version": map[string]any{"id": "ver_" + id, "code": code, "deployed": true, "number": 1, "runtime": "node22", "status": "built"}}
	b, _ := json.Marshal(v)
	return string(b)
}

// draft is an Action never deployed.
func draft(id, name, trigger, code string) string {
	v := map[string]any{"id": id, "name": name, "supported_triggers": []any{map[string]any{"id": trigger, "version": "v3"}},
		"code": code, "runtime": "node22", "status": "built", "all_changes_deployed": false}
	b, _ := json.Marshal(v)
	return string(b)
}

// bindings is a trigger's bindings, in order.
func bindings(trigger string, ids ...string) string {
	var bs []any
	for _, id := range ids {
		bs = append(bs, map[string]any{"id": "bind_" + id, "trigger_id": trigger, "display_name": id,
			"action": map[string]any{"id": id, "name": id, "supported_triggers": []any{map[string]any{"id": trigger, "version": "v3"}}}})
	}
	b, _ := json.Marshal(map[string]any{"trigger_id": trigger, "bindings": bs})
	return string(b)
}

func rule(id, name string, order int, enabled bool, script string) string {
	b, _ := json.Marshal(map[string]any{"id": id, "name": name, "order": order, "enabled": enabled, "script": script, "stage": "login_success"})
	return string(b)
}

// The demo tenant's Actions and Rules, and their look-alikes.
const (
	codeGrantRequested = `exports.onExecutePostLogin = async (event, api) => {
  const wanted = event.user.user_metadata.requested_scopes;
  if (wanted) { api.accessToken.addScope(wanted); }
};`
	codeSyncRole = `exports.onExecutePostLogin = async (event, api) => {
  const { role } = event.user.user_metadata;
  if (role && role !== event.user.app_metadata.role) {
    api.user.setAppMetadata('role', role);
  }
};`
	codeRoleClaim = `exports.onExecutePostLogin = async (event, api) => {
  const namespace = 'https://example.com';
  const role = event.user.app_metadata.role || 'user';
  api.accessToken.setCustomClaim(namespace + '/role', role);
  if (role === 'admin') {
    api.accessToken.addScope('admin:all');
  }
};`
	codeLocale = `exports.onExecutePostLogin = async (event, api) => {
  const language = event.user.user_metadata.language || 'en';
  api.idToken.setCustomClaim('https://example.com/locale', language);
};`
	codeReadNoGrant = `exports.onExecutePostLogin = async (event, api) => {
  const theme = event.user.user_metadata.theme;
  console.log('theme', theme);
  api.accessToken.addScope('read:orders');
};`
	codeGoldPlan = `exports.onExecutePostLogin = async (event, api) => {
  if (event.user.app_metadata.plan === 'gold') {
    api.accessToken.addScope('read:legacy');
  }
};`
	codeSetPlanFromClient = `exports.onExecutePostLogin = async (event, api) => {
  api.user.setAppMetadata('plan', event.client.metadata.default_plan || 'free');
};`
	codeStaffByEmail = `exports.onExecutePostLogin = async (event, api) => {
  if (event.user.email_verified && event.user.email.endsWith('@example.com')) {
    api.accessToken.addScope('admin:all');
  }
};`
	codeSkipMFA = `exports.onExecutePostLogin = async (event, api) => {
  if (event.request.query.skip_mfa === 'true') {
    return;
  }
  api.multifactor.enable('any', { allowRememberBrowser: false });
};`
	codeMFAForAdmins = `exports.onExecutePostLogin = async (event, api) => {
  const roles = (event.authorization && event.authorization.roles) || [];
  if (roles.includes('Admin')) {
    api.multifactor.enable('any');
  }
};`
	ruleScopes = `function addScopesFromMetadata(user, context, callback) {
  const extra = (user.user_metadata || {}).scopes;
  if (extra) {
    context.accessToken.scope = (context.accessToken.scope || []).concat(extra);
  }
  callback(null, user, context);
}`
	ruleSkipMFA = `function skipMfaFromOffice(user, context, callback) {
  const ip = context.request.query.client_ip || context.request.ip;
  if (ip && ip.indexOf('10.') === 0) {
    return callback(null, user, context);
  }
  context.multifactor = { provider: 'guardian', allowRememberBrowser: true };
  callback(null, user, context);
}`
)

// withCode is the base tenant with these Actions bound to post-login in
// order (other triggers: "trigger:id"), and these Rules.
func withCode(actions map[string]string, order []string, rules ...string) *snap {
	s := baseSnap()
	byTrigger := map[string][]string{}
	for _, id := range order {
		tr := "post-login"
		if t, rest, ok := strings.Cut(id, ":"); ok {
			tr, id = t, rest
		}
		byTrigger[tr] = append(byTrigger[tr], id)
		s.add(inventory.KindActions, action(id, id, tr, actions[id]))
	}
	for tr, ids := range byTrigger {
		s.add(inventory.KindTriggerBindings, bindings(tr, ids...))
	}
	if len(rules) > 0 {
		s.add(inventory.KindRules, rules...)
	}
	return s
}

func TestUserInputPaths(t *testing.T) {
	t.Parallel()
	const dbConn = "auth0_connection:con_db"
	for _, tc := range []struct {
		name string
		snap *snap
		want []string
	}{
		{"dynamic scope from user_metadata, anyone signs up",
			withCode(map[string]string{"grant": codeGrantRequested}, []string{"grant"}),
			[]string{"critical: " + dbConn + ">auth0_metadata_field:user_metadata.requested_scopes>auth0_action:grant@2>auth0_action:grant@2>auth0_action:grant@3>any scope"}},
		{"signup closed: any user, one grade lower",
			withCode(map[string]string{"grant": codeGrantRequested}, []string{"grant"}).add(inventory.KindConnections,
				`{"id":"con_db","name":"Username-Password-Authentication","strategy":"auth0","options":{"disable_signup":true},"enabled_clients":["cl_portal"]}`),
			[]string{"high: auth0_account:example.eu.auth0.com>auth0_metadata_field:user_metadata.requested_scopes>auth0_action:grant@2>auth0_action:grant@2>auth0_action:grant@3>any scope"}},
		{"copied into app_metadata, then a role claim and a scope",
			withCode(map[string]string{"sync": codeSyncRole, "claim": codeRoleClaim}, []string{"sync", "claim"}),
			[]string{
				"critical: " + dbConn + ">auth0_metadata_field:user_metadata.role>auth0_action:sync@2>auth0_action:sync@2>auth0_action:sync@4>auth0_metadata_field:app_metadata.role>auth0_action:claim@3>auth0_action:claim@3>auth0_action:claim@4>auth0_claim:access_token https://example.com/role",
				"critical: " + dbConn + ">auth0_metadata_field:user_metadata.role>auth0_action:sync@2>auth0_action:sync@2>auth0_action:sync@4>auth0_metadata_field:app_metadata.role>auth0_action:claim@3>auth0_action:claim@3>auth0_action:claim@5>auth0_action:claim@6>auth0_scope:https://api.example.com/orders admin:all>https://api.example.com/orders",
			}},
		{"the writer runs after the reader: the write persists to the next login",
			withCode(map[string]string{"sync": codeSyncRole, "claim": codeRoleClaim}, []string{"claim", "sync"}),
			[]string{
				"critical: " + dbConn + ">auth0_metadata_field:user_metadata.role>auth0_action:sync@2>auth0_action:sync@2>auth0_action:sync@4>auth0_metadata_field:app_metadata.role>auth0_action:claim@3>auth0_action:claim@3>auth0_action:claim@4>auth0_claim:access_token https://example.com/role",
				"critical: " + dbConn + ">auth0_metadata_field:user_metadata.role>auth0_action:sync@2>auth0_action:sync@2>auth0_action:sync@4>auth0_metadata_field:app_metadata.role>auth0_action:claim@3>auth0_action:claim@3>auth0_action:claim@5>auth0_action:claim@6>auth0_scope:https://api.example.com/orders admin:all>https://api.example.com/orders",
			}},
		{"a pre-user-registration Action writes app_metadata from user_metadata",
			withCode(map[string]string{"prereg": `exports.onExecutePreUserRegistration = async (event, api) => {
  api.user.setAppMetadata('role', event.user.user_metadata.role);
};`, "claim": codeRoleClaim}, []string{"pre-user-registration:prereg", "claim"}),
			[]string{
				"critical: " + dbConn + ">auth0_metadata_field:user_metadata.role>auth0_action:prereg@2>auth0_action:prereg@2>auth0_metadata_field:app_metadata.role>auth0_action:claim@3>auth0_action:claim@3>auth0_action:claim@4>auth0_claim:access_token https://example.com/role",
				"critical: " + dbConn + ">auth0_metadata_field:user_metadata.role>auth0_action:prereg@2>auth0_action:prereg@2>auth0_metadata_field:app_metadata.role>auth0_action:claim@3>auth0_action:claim@3>auth0_action:claim@5>auth0_action:claim@6>auth0_scope:https://api.example.com/orders admin:all>https://api.example.com/orders",
			}},
		{"a Rule adds scopes from user_metadata",
			withCode(nil, nil, rule("rul_1", "Add scopes from metadata", 1, true, ruleScopes)),
			[]string{"critical: " + dbConn + ">auth0_metadata_field:user_metadata.scopes>auth0_rule:rul_1@2>auth0_rule:rul_1@2>auth0_rule:rul_1@4>any scope"}},
		{"a request parameter decides a scope",
			withCode(map[string]string{"q": `exports.onExecutePostLogin = async (event, api) => {
  if (event.request.body.grant_admin) { api.accessToken.addScope('admin:all'); }
};`}, []string{"q"}),
			[]string{"critical: auth0_account:example.eu.auth0.com>auth0_action:q@2>auth0_action:q@2>auth0_scope:https://api.example.com/orders admin:all>https://api.example.com/orders"}},
		{"an ID token role claim from user_metadata: the application reads it, high",
			withCode(map[string]string{"id": `exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('https://example.com/roles', event.user.user_metadata.roles);
};`}, []string{"id"}),
			[]string{"high: " + dbConn + ">auth0_metadata_field:user_metadata.roles>auth0_action:id@2>auth0_action:id@2>auth0_claim:id_token https://example.com/roles"}},
		// negative cases
		{"metadata read but never reaching a grant", withCode(map[string]string{"r": codeReadNoGrant}, []string{"r"}), nil},
		{"a locale claim from user_metadata is no privilege", withCode(map[string]string{"l": codeLocale}, []string{"l"}), nil},
		{"app_metadata never written from user input",
			withCode(map[string]string{"set": codeSetPlanFromClient, "gold": codeGoldPlan, "sync": codeSyncRole}, []string{"set", "sync", "gold"}), nil},
		{"a draft or unbound Action runs nowhere", withCode(nil, nil).add(inventory.KindActions,
			draft("d1", "draft", "post-login", codeGrantRequested), action("u1", "unbound", "post-login", codeGrantRequested)), nil},
		{"a disabled Rule", withCode(nil, nil, rule("rul_1", "off", 1, false, ruleScopes)), nil},
		{"a scope no API defines", withCode(map[string]string{"x": `exports.onExecutePostLogin = async (event, api) => {
  if (event.user.user_metadata.vip) { api.accessToken.addScope('vip:lounge'); }
};`}, []string{"x"}), nil},
		{"a credentials-exchange Action sees no user", withCode(map[string]string{"cx": `exports.onExecuteCredentialsExchange = async (event, api) => {
  api.accessToken.setCustomClaim('https://example.com/roles', event.request.body.roles);
};`}, []string{"credentials-exchange:cx"}), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := build(t, tc.snap)
			sameStrings(t, "paths", pathStrings(g, PathUserInputToPrivilege), tc.want)
			for _, k := range []PathKind{PathFederatedEmailToPrivilege, PathRequestInputSkipsMFA} {
				if ps := pathStrings(g, k); ps != nil {
					t.Errorf("%s paths: %q", k, ps)
				}
			}
		})
	}
}

// A path's parts: foothold, privilege, the breaking step, the title.
func TestUserInputPathParts(t *testing.T) {
	t.Parallel()
	g := build(t, withCode(map[string]string{"sync": codeSyncRole, "claim": codeRoleClaim}, []string{"sync", "claim"}))
	var p Path
	for _, q := range g.Paths {
		if strings.HasPrefix(q.Privilege, "scope ") {
			p = q
		}
	}
	if p.Foothold != "anyone who signs up" || p.Privilege != "scope admin:all of Orders API" {
		t.Fatalf("path %+v", p)
	}
	b := p.Steps[p.Breaks]
	if b.EntityKey != "auth0_action:sync" || b.Line != 2 || b.Path != "deployed_version.code" || !strings.Contains(p.Break, "app_metadata") {
		t.Errorf("breaks at %+v: %s", b, p.Break)
	}
	if p.Steps[0].Kind != inventory.KindConnections || p.Steps[0].Path != "options.disable_signup" {
		t.Errorf("foothold %+v", p.Steps[0])
	}
	for _, want := range []string{`Anyone who signs up can get scope admin:all of Orders API`, `Action "sync" copies user_metadata.role into app_metadata.role (line 4)`,
		`Action "claim" adds scope admin:all to the access token when app_metadata.role allows it (line 6)`} {
		if !strings.Contains(p.Title, want) {
			t.Errorf("title %q lacks %q", p.Title, want)
		}
	}
	// the graph's code relationships
	for _, key := range []string{
		"auth0_action:sync|READS|auth0_metadata_field:user_metadata.role",
		"auth0_action:sync|WRITES|auth0_metadata_field:app_metadata.role",
		"auth0_action:claim|READS|auth0_metadata_field:app_metadata.role",
		"auth0_action:claim|ADDS|auth0_claim:access_token https://example.com/role",
		"auth0_action:claim|GRANTS|auth0_scope:https://api.example.com/orders admin:all",
		"auth0_trigger:post-login|TRIGGERS|auth0_action:sync",
	} {
		if _, ok := relationship(g, key); !ok {
			t.Errorf("no relationship %s", key)
		}
	}
	if r, _ := relationship(g, "auth0_trigger:post-login|TRIGGERS|auth0_action:claim"); r.Properties["order"] != 2 {
		t.Errorf("binding order %v", r.Properties)
	}
	if r, _ := relationship(g, "auth0_action:claim|GRANTS|auth0_scope:https://api.example.com/orders admin:all"); r.Properties["condition"] != "app_metadata.role" {
		t.Errorf("grant condition %v", r.Properties)
	}
	if e, _ := g.Entity("auth0_metadata_field:app_metadata.role"); e.Properties["written_from_user_input"] != true {
		t.Errorf("field %v", e.Properties)
	}
	if e, _ := g.Entity("auth0_claim:access_token https://example.com/role"); e.Properties["authorization"] != true {
		t.Errorf("claim %v", e.Properties)
	}
}

func TestFederatedEmailPaths(t *testing.T) {
	t.Parallel()
	staff := map[string]string{"staff": codeStaffByEmail}
	for _, tc := range []struct {
		name string
		snap *snap
		want []string
	}{
		{"Azure AD trusts emails",
			withCode(staff, []string{"staff"}),
			[]string{"critical: auth0_connection:con_az>auth0_action:staff@2>auth0_action:staff@3>auth0_scope:https://api.example.com/orders admin:all>https://api.example.com/orders"}},
		{"bind_all, a SAML mapping and a fetchUserProfile script",
			withCode(staff, []string{"staff"}).add(inventory.KindConnections,
				`{"id":"con_az","name":"contoso-azure","strategy":"waad","options":{"should_trust_email_verified_connection":"never_set_emails_as_verified"},"enabled_clients":["cl_portal"]}`,
				`{"id":"con_okta","name":"partner-okta","strategy":"oidc","options":{"attribute_map":{"mapping_mode":"bind_all"}},"enabled_clients":["cl_portal"]}`,
				`{"id":"con_saml","name":"corp-saml","strategy":"samlp","options":{"fieldsMap":{"email":"mail","email_verified":"verified"}},"enabled_clients":["cl_portal"]}`,
				`{"id":"con_o2","name":"partner-oauth2","strategy":"oauth2","options":{"scripts":{"fetchUserProfile":"function(accessToken, ctx, cb) { cb(null, { user_id: 'x', email: 'a@b.c', email_verified: true }); }"}},"enabled_clients":["cl_portal"]}`),
			[]string{
				"critical: auth0_connection:con_o2>auth0_action:staff@2>auth0_action:staff@3>auth0_scope:https://api.example.com/orders admin:all>https://api.example.com/orders",
				"critical: auth0_connection:con_okta>auth0_action:staff@2>auth0_action:staff@3>auth0_scope:https://api.example.com/orders admin:all>https://api.example.com/orders",
				"critical: auth0_connection:con_saml>auth0_action:staff@2>auth0_action:staff@3>auth0_scope:https://api.example.com/orders admin:all>https://api.example.com/orders",
			}},
		{"an allow-list of email domains decides the login",
			withCode(map[string]string{"deny": `exports.onExecutePostLogin = async (event, api) => {
  if (!event.user.email.endsWith('@example.com')) {
    api.access.deny('staff only');
  }
};`}, []string{"deny"}),
			[]string{"high: auth0_connection:con_az>auth0_action:deny@2>auth0_action:deny@2>auth0_action:deny@3>login the code means to refuse"}},
		// negative cases
		{"the provider does not decide email_verified", withCode(staff, []string{"staff"}).add(inventory.KindConnections,
			`{"id":"con_az","name":"contoso-azure","strategy":"waad","options":{"should_trust_email_verified_connection":"never_set_emails_as_verified"},"enabled_clients":["cl_portal"]}`), nil},
		{"the trusting connection serves no application", withCode(staff, []string{"staff"}).add(inventory.KindConnections,
			`{"id":"con_az","name":"contoso-azure","strategy":"waad","options":{"should_trust_email_verified_connection":"always_set_emails_as_verified"},"enabled_clients":[]}`), nil},
		{"email decides only at signup, where federated users never pass", withCode(map[string]string{"block": `exports.onExecutePreUserRegistration = async (event, api) => {
  const domain = (event.user.email || '').split('@')[1];
  if (domain === 'mailinator.com') { api.access.deny('disposable_email', 'no'); }
};`}, []string{"pre-user-registration:block"}), nil},
		{"the decision is limited to the database connection", withCode(map[string]string{"db": `exports.onExecutePostLogin = async (event, api) => {
  if (event.connection.strategy === 'auth0') {
    if (event.user.email_verified && event.user.email.endsWith('@example.com')) {
      api.accessToken.addScope('admin:all');
    }
  }
};`}, []string{"db"}), nil},
		{"the connection test and the email test in one condition", withCode(map[string]string{"db": `exports.onExecutePostLogin = async (event, api) => {
  if (event.connection.strategy === 'auth0' && event.user.email_verified && event.user.email.endsWith('@example.com')) {
    api.accessToken.addScope('admin:all');
  }
};`}, []string{"db"}), nil},
		{"email only fills a claim that is no authorization", withCode(map[string]string{"c": `exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('https://example.com/contact', event.user.email);
};`}, []string{"c"}), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := build(t, tc.snap)
			sameStrings(t, "paths", pathStrings(g, PathFederatedEmailToPrivilege), tc.want)
			for _, p := range g.Paths {
				if p.Kind == PathFederatedEmailToPrivilege && (p.Breaks != 0 || p.Steps[0].Path == "") {
					t.Errorf("path breaks at %d: %+v", p.Breaks, p.Steps[0])
				}
			}
		})
	}
	g := build(t, withCode(staff, []string{"staff"}))
	for _, p := range g.Paths {
		if p.Kind == PathFederatedEmailToPrivilege && p.Break != "set should_trust_email_verified_connection to never_set_emails_as_verified" {
			t.Errorf("break %q", p.Break)
		}
	}
}

func TestRequestInputSkipsMFAPaths(t *testing.T) {
	t.Parallel()
	skip := map[string]string{"skip": codeSkipMFA}
	for _, tc := range []struct {
		name string
		snap *snap
		want []string
	}{
		{"a query parameter skips MFA", withCode(skip, []string{"skip"}),
			[]string{"high: auth0_account:example.eu.auth0.com>auth0_action:skip@2>auth0_action:skip@5>MFA policies>login without the second factor"}},
		{"a Rule", withCode(nil, nil, rule("rul_1", "Skip MFA from office network", 1, true, ruleSkipMFA)),
			[]string{"high: auth0_account:example.eu.auth0.com>auth0_rule:rul_1@2>auth0_rule:rul_1@2>auth0_rule:rul_1@3>auth0_rule:rul_1@6>MFA policies>login without the second factor"}},
		// negative cases
		{"MFA required for all applications by policy", withCode(skip, []string{"skip"}).add(inventory.KindGuardianPolicies, `{"policies":["all-applications"]}`), nil},
		{"another Action asks for MFA on every login", withCode(map[string]string{"skip": codeSkipMFA, "always": `exports.onExecutePostLogin = async (event, api) => {
  api.multifactor.enable('any', { allowRememberBrowser: false });
};`}, []string{"skip", "always"}), nil},
		{"MFA decided on roles", withCode(map[string]string{"admins": codeMFAForAdmins}, []string{"admins"}), nil},
		{"MFA decided on user_metadata is not request input", withCode(map[string]string{"m": `exports.onExecutePostLogin = async (event, api) => {
  if (!event.user.user_metadata.no_mfa) { api.multifactor.enable('any'); }
};`}, []string{"m"}), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := build(t, tc.snap)
			sameStrings(t, "paths", pathStrings(g, PathRequestInputSkipsMFA), tc.want)
		})
	}
	// the MFA policies not read: the path cannot be judged
	g := build(t, withCode(skip, []string{"skip"}).without(inventory.KindGuardianPolicies).empty(inventory.KindGuardianPolicies))
	if pathStrings(g, PathRequestInputSkipsMFA) != nil || !slices.ContainsFunc(g.Unjudged, func(u Unjudged) bool { return slices.Contains(u.Kinds, PathRequestInputSkipsMFA) }) {
		t.Errorf("paths %v, unjudged %+v", g.Paths, g.Unjudged)
	}
	g = build(t, withCode(skip, []string{"skip"}))
	var p Path
	for _, q := range g.Paths {
		if q.Kind == PathRequestInputSkipsMFA {
			p = q
		}
	}
	if p.Breaks != 1 || p.Steps[1].Line != 2 || p.Foothold != "anyone who can start a login" || p.Privilege != "a login without the second factor" {
		t.Errorf("path %+v", p)
	}
}

// Scripts that cannot be read as code are recorded, not skipped silently.
func TestUnjudgedScripts(t *testing.T) {
	t.Parallel()
	g := build(t, withCode(map[string]string{"bad": "exports.onExecutePostLogin = async (event, api) => {\n  api.x('\n};"}, []string{"bad"}).
		add(inventory.KindRules, rule("rul_r", "redacted", 1, true, "[REDACTED]")))
	var got []string
	for _, u := range g.Unjudged {
		got = append(got, string(u.Kind)+"/"+u.ID+": "+u.Reason)
	}
	sameStrings(t, "unjudged", got, []string{
		"actions/bad: a script does not parse (AL-CODE-011 reports it)",
		"rules/rul_r: script redacted in the snapshot",
	})
	// bindings not read
	s := withCode(map[string]string{"grant": codeGrantRequested}, []string{"grant"})
	s.kind(inventory.KindTriggerBindings).Status = inventory.StatusPartial
	s.kind(inventory.KindTriggerBindings).Gaps = []inventory.Gap{{Part: "bindings", IDs: []string{"pre-user-registration"}, Status: inventory.StatusForbidden, MissingScopes: []string{"read:triggers"}}}
	g = build(t, s)
	if len(g.Unjudged) != 1 || g.Unjudged[0].ID != "pre-user-registration" || !slices.Equal(g.Unjudged[0].Scopes, []string{"read:triggers"}) {
		t.Errorf("unjudged %+v", g.Unjudged)
	}
}

func TestAccessThroughCode(t *testing.T) {
	t.Parallel()
	g := build(t, withCode(map[string]string{"claim": codeRoleClaim, "grant": codeGrantRequested, "gold": codeGoldPlan,
		"cx": `exports.onExecuteCredentialsExchange = async (event, api) => {
  api.accessToken.addScope('read:orders');
};`}, []string{"claim", "grant", "gold", "credentials-exchange:cx"}))
	sameStrings(t, "u1", mustAccess(t, g, "auth0|u1"), []string{
		"* * via auth0|u1>auth0_connection:con_db>auth0_action:grant",
		"https://api.example.com/orders admin:all via auth0|u1>rol_admin",
		"https://api.example.com/orders admin:all via auth0|u1>auth0_connection:con_db>auth0_action:claim [app_metadata.role]",
		"https://legacy.example.com/ * via auth0|u1>auth0_connection:con_db>https://legacy.example.com/",
		"https://legacy.example.com/ read:legacy via auth0|u1>auth0_connection:con_db>auth0_action:gold [app_metadata.plan]",
	})
	a, _ := g.Access("auth0|u1")
	if d := a.Grants[0].Via[2].Detail; d != "adds whatever scope user_metadata.requested_scopes names (line 3)" {
		t.Errorf("detail %q", d)
	}
	// a client: its grants, and the scope a credentials-exchange Action
	// adds on the APIs it holds a grant for
	sameStrings(t, "cl_m2m", mustAccess(t, g, "cl_m2m"), []string{
		"https://api.example.com/orders read:orders via cl_m2m>auth0_action:cx",
		"https://api.example.com/orders read:orders via cl_m2m>auth0_client_grant:cgr_orders",
		mgmtAPI + " create:client_grants via cl_m2m>auth0_client_grant:cgr_m2m",
		mgmtAPI + " read:users via cl_m2m>auth0_client_grant:cgr_m2m",
	})
}
