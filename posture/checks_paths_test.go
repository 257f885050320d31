package posture

import (
	"context"
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Fixtures shaped like the recorded bodies.

func pathAction(id, name, trigger, code string) string {
	b, _ := json.Marshal(map[string]any{"id": id, "name": name, "supported_triggers": []any{map[string]any{"id": trigger, "version": "v3"}},
		"code": code, "runtime": "node22", "status": "built", "all_changes_deployed": true,
		"deployed_version": map[string]any{"id": "ver_" + id, "code": code, "deployed": true, "number": 1, "runtime": "node22", "status": "built"}})
	return string(b)
}

func pathBindings(trigger string, ids ...string) string {
	var bs []any
	for _, id := range ids {
		bs = append(bs, map[string]any{"id": "bind_" + id, "trigger_id": trigger, "display_name": id,
			"action": map[string]any{"id": id, "name": id}})
	}
	b, _ := json.Marshal(map[string]any{"trigger_id": trigger, "bindings": bs})
	return string(b)
}

const (
	pathOrdersAPI = `{"id":"rs_orders","name":"Orders API","identifier":"https://api.example.com/orders","enforce_policies":true,"scopes":[{"value":"read:orders"},{"value":"admin:all"}]}`
	pathMgmtAPI   = `{"id":"rs_mgmt","name":"Auth0 Management API","identifier":"https://example.eu.auth0.com/api/v2/","is_system":true,"scopes":[{"value":"read:users"},{"value":"create:clients"}]}`
	pathDBOpen    = `{"id":"con_db","name":"Username-Password-Authentication","strategy":"auth0","options":{"disable_signup":false},"enabled_clients":["cl_app"]}`
	pathAzure     = `{"id":"con_az","name":"contoso-azure","strategy":"waad","options":{"should_trust_email_verified_connection":"always_set_emails_as_verified"},"enabled_clients":["cl_app"]}`

	pathCodeGrant = `exports.onExecutePostLogin = async (event, api) => {
  const wanted = event.user.user_metadata.requested_scopes;
  if (wanted) { api.accessToken.addScope(wanted); }
};`
	pathCodeLocale = `exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('https://example.com/locale', event.user.user_metadata.language || 'en');
};`
	pathCodeStaff = `exports.onExecutePostLogin = async (event, api) => {
  if (event.user.email_verified && event.user.email.endsWith('@example.com')) {
    api.accessToken.addScope('admin:all');
  }
};`
	pathCodeSkipMFA = `exports.onExecutePostLogin = async (event, api) => {
  if (event.request.query.skip_mfa === 'true') {
    return;
  }
  api.multifactor.enable('any');
};`
)

// pathCodeSnap is a tenant with one post-login Action and the kinds the
// code paths read.
func pathCodeSnap(code string) *snapBuilder {
	return newSnap().
		add(inventory.KindActions, pathAction("act_1", "Under test", "post-login", code)).
		add(inventory.KindTriggerBindings, pathBindings("post-login", "act_1")).
		add(inventory.KindConnections, pathDBOpen, pathAzure).
		add(inventory.KindResourceServers, pathOrdersAPI).
		add(inventory.KindGuardianPolicies, `{"policies":[]}`).
		empty(inventory.KindRules)
}

func TestPathUserInput(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-PATH-001", []checkCase{
		{name: "user_metadata names the scope", snap: pathCodeSnap(pathCodeGrant),
			want: []string{"act_1@deployed_version.code"}, sev: []Severity{SeverityCritical}},
		{name: "signup closed: any user, high", snap: pathCodeSnap(pathCodeGrant).add(inventory.KindConnections,
			`{"id":"con_db","name":"Username-Password-Authentication","strategy":"auth0","options":{"disable_signup":true},"enabled_clients":["cl_app"]}`),
			want: []string{"act_1@deployed_version.code"}, sev: []Severity{SeverityHigh}},
		{name: "a locale claim from user_metadata", snap: pathCodeSnap(pathCodeLocale)},
		{name: "the Action is a draft", snap: pathCodeSnap(pathCodeGrant).add(inventory.KindActions,
			`{"id":"act_1","name":"Under test","supported_triggers":[{"id":"post-login","version":"v3"}],"code":"x","all_changes_deployed":false}`).
			add(inventory.KindTriggerBindings, `{"trigger_id":"post-login","bindings":[]}`)},
		{name: "a bound Action that does not parse is not judged", snap: pathCodeSnap("exports.onExecutePostLogin = async (event, api) => {\n api.x('\n};"), partial: true},
		{name: "actions not read", snap: pathCodeSnap(pathCodeGrant).status(inventory.KindActions, inventory.StatusForbidden, "read:actions"), notEv: true},
	})
	// the unparseable script is named
	_, ne := runCheckOn(t, "AL-PATH-001", pathCodeSnap("exports.x = (event, api) => {\n api.x('\n};").build(t))
	if len(ne) != 1 || !ne[0].Partial() || ne[0].Resources[0].ID != "act_1" || ne[0].Reason != "a script does not parse (AL-CODE-011 reports it)" {
		t.Errorf("not evaluated %+v", ne)
	}
}

func TestPathFederatedEmail(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-PATH-002", []checkCase{
		{name: "Azure AD trusts emails and an Action grants by domain", snap: pathCodeSnap(pathCodeStaff),
			want: []string{"con_az@options.should_trust_email_verified_connection"}, sev: []Severity{SeverityCritical}},
		{name: "the connection never sets emails verified", snap: pathCodeSnap(pathCodeStaff).add(inventory.KindConnections,
			`{"id":"con_az","name":"contoso-azure","strategy":"waad","options":{"should_trust_email_verified_connection":"never_set_emails_as_verified"},"enabled_clients":["cl_app"]}`)},
		{name: "no code decides on email", snap: pathCodeSnap(pathCodeLocale)},
		{name: "connections not read", snap: pathCodeSnap(pathCodeStaff).status(inventory.KindConnections, inventory.StatusForbidden, "read:connections"), notEv: true},
	})
}

func pathM2MSnap(client string) *snapBuilder {
	return newSnap().
		add(inventory.KindClients, client).
		add(inventory.KindClientGrants, `{"id":"cgr_1","client_id":"cl_m2m","audience":"https://example.eu.auth0.com/api/v2/","scope":["read:users","create:clients"],"subject_type":"client"}`).
		add(inventory.KindResourceServers, pathMgmtAPI)
}

func TestPathSharedSecret(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-PATH-003", []checkCase{
		{name: "client secret and takeover scopes", snap: pathM2MSnap(`{"client_id":"cl_m2m","name":"Provisioning","app_type":"non_interactive","token_endpoint_auth_method":"client_secret_post","client_secret":"[REDACTED]"}`),
			want: []string{"cl_m2m@token_endpoint_auth_method"}, sev: []Severity{SeverityCritical}},
		{name: "Private Key JWT", snap: pathM2MSnap(`{"client_id":"cl_m2m","name":"Provisioning","app_type":"non_interactive","client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"cred_1"}]}}}`)},
		{name: "grants not read", snap: pathM2MSnap(`{"client_id":"cl_m2m","name":"P","token_endpoint_auth_method":"client_secret_post"}`).
			status(inventory.KindClientGrants, inventory.StatusForbidden, "read:client_grants"), notEv: true},
	})
}

func TestPathRequestSkipsMFA(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-PATH-004", []checkCase{
		{name: "a query parameter skips MFA", snap: pathCodeSnap(pathCodeSkipMFA),
			want: []string{"act_1@deployed_version.code"}, sev: []Severity{SeverityHigh}},
		{name: "MFA for all applications", snap: pathCodeSnap(pathCodeSkipMFA).add(inventory.KindGuardianPolicies, `{"policies":["all-applications"]}`)},
		{name: "MFA policies not read", snap: pathCodeSnap(pathCodeSkipMFA).status(inventory.KindGuardianPolicies, inventory.StatusForbidden, "read:mfa_policies"), notEv: true},
	})
}

// A path finding: its steps foothold first, its code position, the
// evidence, and the message naming the path.
func TestPathFindingShape(t *testing.T) {
	t.Parallel()
	fs, _ := runCheckOn(t, "AL-PATH-001", pathCodeSnap(pathCodeGrant).build(t))
	if len(fs) != 1 {
		t.Fatalf("findings %s", describe(fs))
	}
	f := fs[0]
	if f.Location == nil || f.Location.Line != 2 || f.Area != AreaAttackPaths {
		t.Errorf("finding %+v", f)
	}
	if len(f.Steps) < 4 || f.Steps[0].Kind != inventory.KindConnections || f.Steps[0].ID != "con_db" ||
		f.Steps[2].Location == nil || f.Steps[len(f.Steps)-1].Name != "any scope" {
		t.Errorf("steps %+v", f.Steps)
	}
	for k, want := range map[string]string{"foothold": "anyone who signs up", "privilege": "any scope an application may request"} {
		if f.Evidence[k] != want {
			t.Errorf("evidence %s = %v", k, f.Evidence[k])
		}
	}
	if !strings.HasPrefix(f.Message, "Anyone who signs up can get any scope") || !strings.Contains(f.Message, `Action "Under test"`) {
		t.Errorf("message %q", f.Message)
	}
	if _, err := json.Marshal(f); err != nil {
		t.Fatal(err)
	}
}

// The four path checks share one graph per decoded tenant.
func TestPathGraphBuiltOncePerTenant(t *testing.T) {
	t.Parallel()
	snap := pathCodeSnap(pathCodeGrant).build(t)
	tn := model.New(snap)
	g1, err := pathGraph(tn)
	if err != nil {
		t.Fatal(err)
	}
	g2, _ := pathGraph(tn)
	g3, _ := pathGraph(model.New(snap))
	if g1 != g2 || g1 == g3 {
		t.Error("the graph is not cached per tenant")
	}
	runtime.KeepAlive(tn)
	// every path check of a run reports on the one snapshot
	res, err := Run(context.Background(), snap, Options{Areas: []Area{AreaAttackPaths}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Checks) != 4 || len(res.Findings) == 0 {
		t.Errorf("%d checks, findings %s", len(res.Checks), describe(res.Findings))
	}
}
