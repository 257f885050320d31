package alerts_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/alerts"
)

const mgmtAud = "https://authlens-demo.auth0.example/api/v2/"

// A case turns two copies of the demo tenant's snapshot into a pair with
// one change; Alerts(old, new) must raise exactly the rule, at the
// severity, and Alerts(new, old) (the change undone) only reverse, or
// nothing above info when reverse is empty.
type ruleCase struct {
	name    string
	change  func(t *testing.T, old, new *inventory.Snapshot)
	rule    string // "" for no alert
	sev     posture.Severity
	reverse string
	check   func(t *testing.T, a alerts.Alert)
}

func client(t *testing.T, s *inventory.Snapshot, name string) string {
	return find(t, s, inventory.KindClients, named(name))
}

func appendTo(key string, v ...any) func(map[string]any) {
	return func(m map[string]any) { m[key] = append(list(m[key]), v...) }
}

func set(keyVals ...any) func(map[string]any) {
	return func(m map[string]any) {
		for i := 0; i < len(keyVals); i += 2 {
			path := strings.Split(keyVals[i].(string), ".")
			o := m
			for _, p := range path[:len(path)-1] {
				next, ok := o[p].(map[string]any)
				if !ok {
					next = map[string]any{}
					o[p] = next
				}
				o = next
			}
			if keyVals[i+1] == nil {
				delete(o, path[len(path)-1])
			} else {
				o[path[len(path)-1]] = keyVals[i+1]
			}
		}
	}
}

func mgmtGrantOf(t *testing.T, s *inventory.Snapshot, clientName string) string {
	id := client(t, s, clientName)
	return find(t, s, inventory.KindClientGrants, func(m map[string]any) bool {
		return m["client_id"] == id && m["audience"] == mgmtAud
	})
}

func ruleCases() []ruleCase {
	return append(tenantRuleCases(), []ruleCase{
		{name: "grant gains a take-over scope", rule: alerts.RuleGrantWidened, sev: posture.SeverityCritical,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindClientGrants, mgmtGrantOf(t, n, "Reporting Service"), appendTo("scope", "create:users"))
			},
			check: func(t *testing.T, a alerts.Alert) {
				if len(a.Changes) != 1 || a.Changes[0].Path != "scope" || string(a.Changes[0].Added) != `["create:users"]` {
					t.Errorf("changes %+v", a.Changes)
				}
				if !strings.Contains(a.Message, "Reporting Service") || !strings.Contains(a.Message, "create:users") {
					t.Errorf("message %q", a.Message)
				}
			}},
		{name: "grant gains a delete scope", rule: alerts.RuleGrantWidened, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindClientGrants, mgmtGrantOf(t, n, "Reporting Service"), appendTo("scope", "delete:roles"))
			}},
		{name: "grant gains a plain read", rule: alerts.RuleGrantWidened, sev: posture.SeverityLow,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindClientGrants, mgmtGrantOf(t, n, "Reporting Service"), appendTo("scope", "read:branding"))
			}},
		{name: "grant on another API widened", rule: "",
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				id := find(t, n, inventory.KindClientGrants, func(m map[string]any) bool { return m["audience"] != mgmtAud })
				edit(t, n, inventory.KindClientGrants, id, appendTo("scope", "delete:everything"))
			}},
		{name: "new Management API grant for an existing application", rule: alerts.RuleGrantWidened, sev: posture.SeverityCritical,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				put(t, n, inventory.KindClientGrants, "cgr_new", map[string]any{"id": "cgr_new", "audience": mgmtAud,
					"client_id": client(t, n, "Orders Backend"), "scope": []any{"update:users"}, "subject_type": "client"})
			}},
		{name: "new machine-to-machine application with a Management API grant", rule: alerts.RuleNewM2MWithMgmtGrant, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				put(t, n, inventory.KindClients, "newm2m", map[string]any{"client_id": "newm2m", "name": "Backdoor",
					"app_type": "non_interactive", "grant_types": []any{"client_credentials"}})
				put(t, n, inventory.KindClientGrants, "cgr_bd", map[string]any{"id": "cgr_bd", "audience": mgmtAud,
					"client_id": "newm2m", "scope": []any{"read:users", "read:logs"}})
			},
			check: func(t *testing.T, a alerts.Alert) {
				if a.Resource.ID != "newm2m" || a.Resource.Name != "Backdoor" {
					t.Errorf("resource %v", a.Resource)
				}
			}},
		{name: "new interactive application with safe URLs", rule: "",
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				put(t, n, inventory.KindClients, "newapp", map[string]any{"client_id": "newapp", "name": "Shop",
					"app_type": "spa", "callbacks": []any{"https://shop.example/cb"}, "grant_types": []any{"authorization_code"}})
			}},
		{name: "callback with a wildcard", rule: alerts.RuleAppURLsWidened, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindClients, client(t, n, "Admin Dashboard"), appendTo("callbacks", "https://*.admin.example/cb"))
			}},
		{name: "web origin on localhost", rule: alerts.RuleAppURLsWidened, sev: posture.SeverityLow,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindClients, client(t, n, "Admin Dashboard"), appendTo("web_origins", "http://localhost:4200"))
			}},
		{name: "logout URL over http", rule: alerts.RuleAppURLsWidened, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindClients, client(t, n, "Admin Dashboard"), appendTo("allowed_logout_urls", "http://admin.example/bye"))
			}},
		{name: "safe callback added", rule: "",
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindClients, client(t, n, "Admin Dashboard"), appendTo("callbacks", "https://admin2.example/cb"))
			}},
		{name: "ID tokens moved to HS256", rule: alerts.RuleAppHS256, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindClients, client(t, n, "Admin Dashboard"), set("jwt_configuration.alg", "HS256"))
			}},
		{name: "password grant allowed", rule: alerts.RuleAppRiskyGrant, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindClients, client(t, n, "Admin Dashboard"), appendTo("grant_types", "password"))
			}},
		{name: "API moved to HS256", rule: alerts.RuleAPIHS256, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindResourceServers, find(t, n, inventory.KindResourceServers, named("Orders API")), set("signing_alg", "HS256"))
			}},
		{name: "deployed Action code changed", rule: alerts.RuleActionDeployed, sev: posture.SeverityMedium, reverse: alerts.RuleActionDeployed,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindActions, find(t, n, inventory.KindActions, named("Deny blocked countries")),
					set("deployed_version.code", "exports.onExecutePostLogin = async () => {};"))
			},
			check: func(t *testing.T, a alerts.Alert) {
				if len(a.Changes) != 1 || a.Changes[0].Path != "deployed_version.code" || strings.Contains(string(a.Changes[0].After), "onExecute") ||
					!strings.Contains(string(a.Changes[0].After), "sha256") {
					t.Errorf("the code change is not a digest: %+v", a.Changes)
				}
			}},
		{name: "Action deployed for the first time", rule: alerts.RuleActionDeployed, sev: posture.SeverityMedium,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				edit(t, o, inventory.KindActions, find(t, o, inventory.KindActions, named("Deny blocked countries")), set("deployed_version", nil))
			}},
		{name: "draft code changed, nothing deployed", rule: "",
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindActions, find(t, n, inventory.KindActions, named("Deny blocked countries")),
					set("code", "exports.onExecutePostLogin = async () => {};", "updated_at", "2025-06-02T09:00:00Z"))
			}},
		{name: "Action bound to a trigger", rule: alerts.RuleActionBound, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				id := find(t, n, inventory.KindActions, named("Deny blocked countries"))
				edit(t, n, inventory.KindTriggerBindings, "pre-user-registration", appendTo("bindings",
					map[string]any{"id": "bnd_new", "action": map[string]any{"id": id, "name": "Deny blocked countries"}}))
			}},
		{name: "Rule enabled", rule: alerts.RuleRuleChanged, sev: posture.SeverityMedium,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				edit(t, o, inventory.KindRules, find(t, o, inventory.KindRules, named("Require MFA for admins")), set("enabled", false))
			}},
		{name: "enabled Rule's script changed", rule: alerts.RuleRuleChanged, sev: posture.SeverityMedium, reverse: alerts.RuleRuleChanged,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindRules, find(t, n, inventory.KindRules, named("Require MFA for admins")),
					set("script", "function (user, context, callback) { callback(null, user, context); }"))
			}},
		{name: "disabled Rule's script changed", rule: "",
			change: func(t *testing.T, o, n *inventory.Snapshot) {
				id := find(t, o, inventory.KindRules, named("Require MFA for admins"))
				edit(t, o, inventory.KindRules, id, set("enabled", false))
				edit(t, n, inventory.KindRules, id, set("enabled", false, "script", "function (u, c, cb) { cb(null, u, c); }"))
			}},
		{name: "Hook script changed", rule: alerts.RuleHookChanged, sev: posture.SeverityMedium, reverse: alerts.RuleHookChanged,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindHooks, find(t, n, inventory.KindHooks, func(map[string]any) bool { return true }),
					set("script", "module.exports = function (c, s, a, ctx, cb) { cb(null, {}); };"))
			}},
		{name: "brute-force protection disabled", rule: alerts.RuleBruteForceDown, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindAttackProtection, "brute-force-protection", set("enabled", false))
			}},
		{name: "brute-force block shield removed", rule: alerts.RuleBruteForceDown, sev: posture.SeverityHigh,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				edit(t, o, inventory.KindAttackProtection, "brute-force-protection", set("shields", []any{"block"}))
			}},
		{name: "brute-force allowlist grown", rule: alerts.RuleBruteForceDown, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindAttackProtection, "brute-force-protection", appendTo("allowlist", "203.0.113.0/24"))
			}},
		{name: "brute-force threshold raised", rule: alerts.RuleBruteForceDown, sev: posture.SeverityLow,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindAttackProtection, "brute-force-protection", set("max_attempts", 100))
			}},
		{name: "suspicious IP throttling disabled", rule: alerts.RuleSuspiciousIPDown, sev: posture.SeverityHigh,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				edit(t, o, inventory.KindAttackProtection, "suspicious-ip-throttling", set("enabled", true))
			}},
		{name: "breached password detection disabled", rule: alerts.RuleBreachedPasswordDown, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindAttackProtection, "breached-password-detection", set("enabled", false))
			}},
		{name: "bot detection lowered", rule: alerts.RuleBotDetectionDown, sev: posture.SeverityMedium,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				edit(t, o, inventory.KindAttackProtection, "bot-detection", set("bot_detection_level", "high",
					"challenge_password_policy", "when_risky", "monitoring_mode_enabled", false))
			},
			check: func(t *testing.T, a alerts.Alert) {
				if len(a.Changes) != 3 {
					t.Errorf("changes %+v", a.Changes)
				}
			}},
		{name: "MFA policy emptied", rule: alerts.RuleMFAPolicyEmptied, sev: posture.SeverityHigh,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				edit(t, o, inventory.KindGuardianPolicies, "mfa_policies", set("policies", []any{"all-applications"}))
			}},
		{name: "MFA factor disabled", rule: alerts.RuleMFAFactorDisabled, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindGuardianFactors, "sms", set("enabled", false))
			}},
		{name: "last MFA factor disabled", rule: alerts.RuleMFAFactorDisabled, sev: posture.SeverityHigh,
			change: func(t *testing.T, o, n *inventory.Snapshot) {
				edit(t, o, inventory.KindGuardianFactors, "sms", set("enabled", false))
				edit(t, n, inventory.KindGuardianFactors, "sms", set("enabled", false))
				edit(t, n, inventory.KindGuardianFactors, "email", set("enabled", false))
				// the demo's security keys stay enabled, their trial expired:
				// no factor is left that users can enrol with
			}},
		{name: "last usable MFA factor disabled, an expired trial left", rule: alerts.RuleMFAFactorDisabled, sev: posture.SeverityHigh,
			change: func(t *testing.T, o, n *inventory.Snapshot) {
				for _, s := range []*inventory.Snapshot{o, n} {
					edit(t, s, inventory.KindGuardianFactors, "sms", set("enabled", false))
					edit(t, s, inventory.KindGuardianFactors, "webauthn-roaming", set("enabled", true, "trial_expired", true))
				}
				edit(t, n, inventory.KindGuardianFactors, "email", set("enabled", false))
			}},
		{name: "last MFA factor disabled, recovery codes left", rule: alerts.RuleMFAFactorDisabled, sev: posture.SeverityHigh,
			change: func(t *testing.T, o, n *inventory.Snapshot) {
				for _, s := range []*inventory.Snapshot{o, n} {
					edit(t, s, inventory.KindGuardianFactors, "sms", set("enabled", false))
					edit(t, s, inventory.KindGuardianFactors, "recovery-code", set("enabled", true))
				}
				edit(t, n, inventory.KindGuardianFactors, "email", set("enabled", false))
			}},
		{name: "MFA factor's trial expired", rule: alerts.RuleMFAFactorDisabled, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindGuardianFactors, "sms", set("trial_expired", true))
			},
			check: func(t *testing.T, a alerts.Alert) {
				if a.Resource.ID != "sms" || len(a.Changes) != 1 || a.Changes[0].Path != "trial_expired" ||
					!strings.Contains(a.Message, "trial") || !strings.Contains(a.Message, "1 factor is enabled and usable") {
					t.Errorf("alert %s %+v", a.Message, a.Changes)
				}
			}},
		{name: "expired-trial MFA factor disabled", rule: "",
			change: func(t *testing.T, o, n *inventory.Snapshot) {
				edit(t, o, inventory.KindGuardianFactors, "webauthn-roaming", set("enabled", true, "trial_expired", true))
				edit(t, n, inventory.KindGuardianFactors, "webauthn-roaming", set("enabled", false, "trial_expired", true))
			}},
		{name: "recovery codes disabled", rule: alerts.RuleMFAFactorDisabled, sev: posture.SeverityMedium,
			change: func(t *testing.T, o, n *inventory.Snapshot) {
				edit(t, o, inventory.KindGuardianFactors, "recovery-code", set("enabled", true))
				edit(t, n, inventory.KindGuardianFactors, "recovery-code", set("enabled", false))
			}},
		{name: "signup opened", rule: alerts.RuleConnSignupOpened, sev: posture.SeverityMedium,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				edit(t, o, inventory.KindConnections, find(t, o, inventory.KindConnections, named("Username-Password-Authentication")),
					set("options.disable_signup", true))
			}},
		{name: "signup opened by removing the member", rule: alerts.RuleConnSignupOpened, sev: posture.SeverityMedium,
			change: func(t *testing.T, o, n *inventory.Snapshot) {
				id := find(t, o, inventory.KindConnections, named("Username-Password-Authentication"))
				edit(t, o, inventory.KindConnections, id, set("options.disable_signup", true))
				edit(t, n, inventory.KindConnections, id, set("options.disable_signup", nil))
			}},
		{name: "password policy weakened", rule: alerts.RuleConnPasswordWeaker, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindConnections, find(t, n, inventory.KindConnections, named("Username-Password-Authentication")),
					set("options.passwordPolicy", "low"))
			}},
		{name: "minimum password length lowered", rule: alerts.RuleConnPasswordWeaker, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindConnections, find(t, n, inventory.KindConnections, named("Username-Password-Authentication")),
					set("options.password_complexity_options.min_length", 6))
			}},
		{name: "connection brute-force protection off", rule: alerts.RuleConnBruteForceOff, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindConnections, find(t, n, inventory.KindConnections, named("Username-Password-Authentication")),
					set("options.brute_force_protection", false))
			}},
		{name: "connection enabled for every application", rule: alerts.RuleConnEveryApp, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				var all []any
				for _, id := range n.Kind(inventory.KindClients).IDs() {
					if id != client(t, n, "All Applications") {
						all = append(all, id)
					}
				}
				edit(t, n, inventory.KindConnections, find(t, n, inventory.KindConnections, named("github")), set("enabled_clients", all))
			}},
		{name: "role gains a Management API delete", rule: alerts.RuleRoleWritePerms, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindRoles, find(t, n, inventory.KindRoles, named("Admin")), appendTo("permissions", map[string]any{
					"permission_name": "delete:users", "resource_server_identifier": mgmtAud, "resource_server_name": "Auth0 Management API"}))
			}},
		{name: "role gains an API write", rule: alerts.RuleRoleWritePerms, sev: posture.SeverityLow,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindRoles, find(t, n, inventory.KindRoles, named("Member")), appendTo("permissions", map[string]any{
					"permission_name": "create:orders", "resource_server_identifier": "https://api.authlens-demo.example/orders"}))
			}},
		{name: "role gains a read", rule: "",
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindRoles, find(t, n, inventory.KindRoles, named("Member")), appendTo("permissions", map[string]any{
					"permission_name": "read:orders", "resource_server_identifier": "https://api.authlens-demo.example/orders"}))
			}},
		{name: "user assigned to a role with Management API power", rule: alerts.RuleRoleMembersAdded, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindRoles, find(t, n, inventory.KindRoles, named("Admin")), appendTo("members", "auth0|24ac6958408f3b036e219ed4"))
			},
			check: func(t *testing.T, a alerts.Alert) {
				if string(a.Changes[0].Added) != `["auth0|24ac6958408f3b036e219ed4"]` {
					t.Errorf("changes %+v", a.Changes)
				}
			}},
		{name: "user assigned to a role that writes an API", rule: alerts.RuleRoleMembersAdded, sev: posture.SeverityInfo,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindRoles, find(t, n, inventory.KindRoles, named("Member")), appendTo("members", "auth0|24ac6958408f3b036e219ed4"))
			}},
		{name: "log stream paused", rule: alerts.RuleLogStreamStopped, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindLogStreams, find(t, n, inventory.KindLogStreams, named("SIEM webhook")), set("status", "paused"))
			}},
		{name: "log stream removed", rule: alerts.RuleLogStreamStopped, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				drop(n, inventory.KindLogStreams, find(t, n, inventory.KindLogStreams, named("SIEM webhook")))
			}},
		{name: "scanner lost sight of the clients", rule: alerts.RuleLostSight, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				n.Kinds[inventory.KindClients] = &inventory.KindResult{Status: inventory.StatusForbidden,
					MissingScopes: []string{"read:clients"}, Records: map[string]json.RawMessage{}}
			}},
		{name: "timestamps, counters, last logins and log events", rule: "",
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				for _, id := range n.Kind(inventory.KindUsers).IDs()[:3] {
					edit(t, n, inventory.KindUsers, id, set("logins_count", 999, "last_login", "2025-06-02T09:29:00.000Z"))
				}
				edit(t, n, inventory.KindActions, find(t, n, inventory.KindActions, named("Deny blocked countries")),
					set("updated_at", "2025-06-02T09:00:00Z", "deployed_version.updated_at", "2025-06-02T09:00:00Z"))
				edit(t, n, inventory.KindCustomDomains, n.Kind(inventory.KindCustomDomains).IDs()[0], set("created_at", "2025-06-01T00:00:00Z"))
				put(t, n, inventory.KindLogs, "99999999999999999999999999999999999999999999999999999999",
					map[string]any{"log_id": "99999999999999999999999999999999999999999999999999999999", "type": "f"})
			}},
	}...)
}

func TestRules(t *testing.T) {
	t.Parallel()
	for _, tc := range ruleCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			old, new := base(t), base(t)
			tc.change(t, old, new)
			got := alerts.Alerts(old, new, nil, nil, alerts.Options{})
			switch {
			case tc.rule == "" && len(got) > 0:
				t.Fatalf("want no alert, got %v", got)
			case tc.rule != "" && len(got) != 1:
				t.Fatalf("want one %s alert, got %d: %v", tc.rule, len(got), got)
			case tc.rule != "":
				a := got[0]
				if a.Rule != tc.rule || a.Severity != tc.sev {
					t.Fatalf("got %s %s, want %s %s: %s", a.Rule, a.Severity, tc.rule, tc.sev, a)
				}
				info, ok := alerts.LookupRule(a.Rule)
				if !ok || a.Title != info.Title || a.Why != info.Why || a.Severity > info.Severity && len(a.Findings) == 0 {
					t.Errorf("alert does not match its rule %+v: %+v", info, a)
				}
				if len(a.Key) != 32 || a.Resource.Kind == "" || a.Message == "" || a.Tenant == "" {
					t.Errorf("incomplete alert %+v", a)
				}
				if tc.check != nil {
					tc.check(t, a)
				}
				// The key is stable: the same pair gives the same alert.
				again := alerts.Alerts(old, new, nil, nil, alerts.Options{})
				if again[0].Key != a.Key {
					t.Errorf("key changed between two runs: %s, %s", a.Key, again[0].Key)
				}
			}
			for _, a := range alerts.Alerts(new, old, nil, nil, alerts.Options{}) {
				if a.Rule != tc.reverse && a.Severity > posture.SeverityInfo {
					t.Errorf("undoing the change raised %s", a)
				}
			}
		})
	}
}

func TestRulesCatalogue(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, r := range alerts.Rules() {
		if seen[r.ID] || !strings.HasPrefix(r.ID, "ALR-") || r.Title == "" || r.Why == "" || r.Condition == "" || r.Severity == 0 {
			t.Errorf("bad rule %+v", r)
		}
		seen[r.ID] = true
	}
	// every rule is exercised by a case (but the finding rules, tested
	// with posture results)
	tested := map[string]bool{alerts.RuleFindingNew: true, alerts.RuleFindingResolved: true}
	for _, c := range ruleCases() {
		tested[c.rule] = true
	}
	for id := range seen {
		if !tested[id] {
			t.Errorf("no case raises %s", id)
		}
	}
}
