package posture

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// tenSettings returns tenant settings shaped like the recorded
// /tenants/settings body, changed by edit (top-level members; "flags."
// prefixed names set flags; a nil value deletes).
func tenSettings(t *testing.T, edit map[string]any) string {
	t.Helper()
	s := map[string]any{
		"allowed_logout_urls": []string{}, "default_redirection_uri": "https://example.com/login", "enabled_locales": []string{"en"},
		"friendly_name": "My Example Tenant", "idle_session_lifetime": 72, "session_lifetime": 168, "sandbox_version": "22",
		"sandbox_versions_available": []string{"22", "18"}, "support_email": "support@example.com", "support_url": "https://support.example.com",
		"session_cookie": map[string]any{"mode": "non-persistent"}, "sessions": map[string]any{"oidc_logout_prompt_enabled": false},
		"flags": map[string]any{"allow_changing_enable_sso": false, "disable_impersonation": true, "enable_sso": true,
			"new_universal_login_experience_enabled": true, "universal_login": true, "revoke_refresh_token_grant": false,
			"disable_clickjack_protection_headers": false, "enforce_client_authentication_on_passwordless_start": true,
			"cannot_change_enforce_client_authentication_on_passwordless_start": true},
	}
	flags := s["flags"].(map[string]any)
	for k, v := range edit {
		m, key := s, k
		if len(k) > 6 && k[:6] == "flags." {
			m, key = flags, k[6:]
		}
		if v == nil {
			delete(m, key)
		} else {
			m[key] = v
		}
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func tenSnap(t *testing.T, edit map[string]any) *snapBuilder {
	return newSnap().add(inventory.KindTenantSettings, tenSettings(t, edit))
}

var tenForbidden = newSnap().status(inventory.KindTenantSettings, inventory.StatusForbidden, "read:tenant_settings")

func TestCheckSessionLifetimes(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-TEN-001", []checkCase{
		{name: "both over", snap: tenSnap(t, map[string]any{"session_lifetime": 1080, "idle_session_lifetime": 720}), want: []string{"settings@session_lifetime"}},
		{name: "idle over", snap: tenSnap(t, map[string]any{"idle_session_lifetime": 168}), want: []string{"settings@idle_session_lifetime"}},
		{name: "absolute over", snap: tenSnap(t, map[string]any{"session_lifetime": 8760}), want: []string{"settings@session_lifetime"}},
		{name: "at the limits", snap: tenSnap(t, map[string]any{"session_lifetime": 720, "idle_session_lifetime": 72})},
		{name: "defaults", snap: tenSnap(t, map[string]any{"session_lifetime": nil, "idle_session_lifetime": nil})},
		{name: "not read", snap: tenForbidden, notEv: true},
	})
	fs, _ := runCheckOn(t, "AL-TEN-001", tenSnap(t, map[string]any{"idle_session_lifetime": 100}).build(t))
	if len(fs) != 1 || fs[0].Evidence["session_lifetime"] != float64(168) || fs[0].Evidence["idle_session_lifetime"] != float64(100) {
		t.Errorf("findings %v", describe(fs))
	}
}

func TestCheckSandboxVersion(t *testing.T) {
	t.Parallel()
	const login = "function login(email, password, callback) { callback(null, null); }"
	// sandbox builds the settings with the given version and the code
	// that may run on the sandbox: Rules, Hooks and connections (all
	// three read).
	sandbox := func(version string, rules, hooks, conns []string) *snapBuilder {
		return tenSnap(t, map[string]any{"sandbox_version": version}).
			add(inventory.KindRules, rules...).add(inventory.KindHooks, hooks...).add(inventory.KindConnections, conns...).
			empty(inventory.KindRules, inventory.KindHooks, inventory.KindConnections)
	}
	enabledRule := []string{codeRuleJSON("rul_1", "Require MFA", codeRuleMFA, true)}
	idle := []string{codeRuleJSON("rul_1", "Require MFA", codeRuleMFA, false)}
	idleHooks := []string{codeHookJSON("01GQHOOK1", "signup source", "pre-user-registration", codeHookScript, false, nil)}
	plainDB := []string{codeDBConnJSON("con_db", "Users", false, map[string]string{"login": login})}
	const sv = "settings@sandbox_version"
	runCases(t, "AL-TEN-002", []checkCase{
		{name: "node 12 with an enabled Rule", snap: sandbox("12", enabledRule, nil, nil), want: []string{sv}, sev: []Severity{SeverityHigh}},
		{name: "node 18 with an enabled Hook", snap: sandbox("18", idle, []string{codeHookJSON("01GQHOOK1", "signup source", "pre-user-registration", codeHookScript, true, nil)}, plainDB),
			want: []string{sv}, sev: []Severity{SeverityHigh}},
		{name: "node 20 with custom database scripts on", snap: sandbox("20", nil, nil, []string{codeDBConnJSON("con_db", "Legacy", true, map[string]string{"login": login})}),
			want: []string{sv}, sev: []Severity{SeverityHigh}},
		{name: "node 18 with a custom social connection script", snap: sandbox("18", nil, nil, []string{codeSocialConnJSON("con_p", "partner", "function (a, ctx, cb) { cb(null, {}); }")}),
			want: []string{sv}, sev: []Severity{SeverityHigh}},
		{name: "node 18 with nothing running on it: info", snap: sandbox("18", idle, idleHooks,
			append(plainDB, connRec("con_g", "google-oauth2", "google-oauth2", `{"client_id":"x.apps.googleusercontent.com","scope":["email"]}`, connNone...))),
			want: []string{sv}, sev: []Severity{SeverityInfo}},
		{name: "node 18, a database connection whose options were not read: high", snap: sandbox("18", nil, nil,
			[]string{connRec("con_db", "Users", "auth0", "", connNone...)}), want: []string{sv}, sev: []Severity{SeverityHigh}},
		{name: "node 18, Rules partly read: high", snap: sandbox("18", idle, nil, plainDB).gap(inventory.KindRules,
			inventory.Gap{Part: "records", Status: inventory.StatusPartial, Error: "page 2 failed"}), want: []string{sv}, sev: []Severity{SeverityHigh}},
		{name: "node 18, only the connections' applications unread: still info", snap: sandbox("18", nil, nil, plainDB).gap(inventory.KindConnections,
			inventory.Gap{Part: "clients", Status: inventory.StatusForbidden, Error: "insufficient scope"}), want: []string{sv}, sev: []Severity{SeverityInfo}},
		{name: "node 22 with an enabled Rule", snap: sandbox("22", enabledRule, nil, nil)},
		{name: "node 24", snap: sandbox("24", enabledRule, nil, nil)},
		{name: "not read", snap: tenForbidden, notEv: true},
		{name: "rules not read", snap: tenSnap(t, map[string]any{"sandbox_version": "18"}).empty(inventory.KindHooks, inventory.KindConnections).
			status(inventory.KindRules, inventory.StatusForbidden, "read:rules"), notEv: true},
	})
	atkWantSkipped(t, "AL-TEN-002", tenSnap(t, map[string]any{"sandbox_version": nil}).empty(inventory.KindRules, inventory.KindHooks, inventory.KindConnections), model.SettingsID)
}

func TestTenantFlagChecks(t *testing.T) {
	t.Parallel()
	flagCases := []struct {
		id    string
		flags []string
	}{
		{"AL-TEN-003", []string{"allow_legacy_ro_grant_types", "allow_legacy_delegation_grant_types"}},
		{"AL-TEN-004", []string{"allow_legacy_tokeninfo_endpoint", "enable_legacy_profile"}},
		{"AL-TEN-005", []string{"disable_clickjack_protection_headers"}},
		{"AL-TEN-006", []string{"enable_public_signup_user_exists_error"}},
		{"AL-TEN-007", []string{"disable_management_api_sms_obfuscation"}},
		{"AL-TEN-008", []string{"enable_dynamic_client_registration"}},
	}
	for _, fc := range flagCases {
		on, off := map[string]any{}, map[string]any{}
		var want []string
		for _, f := range fc.flags {
			on["flags."+f] = true
			off["flags."+f] = false
			want = append(want, "settings@flags."+f)
		}
		cases := []checkCase{
			{name: "flags on", snap: tenSnap(t, on), want: want},
			{name: "flags explicitly off", snap: tenSnap(t, off)},
			{name: "flags absent", snap: tenSnap(t, nil)},
			{name: "no flags member", snap: tenSnap(t, map[string]any{"flags": nil})},
			{name: "not read", snap: tenForbidden, notEv: true},
		}
		if len(fc.flags) > 1 {
			cases = append(cases, checkCase{name: "one flag on", snap: tenSnap(t, map[string]any{"flags." + fc.flags[1]: true}),
				want: []string{"settings@flags." + fc.flags[1]}})
		}
		t.Run(fc.id, func(t *testing.T) {
			t.Parallel()
			runCases(t, fc.id, cases)
		})
	}
}

func TestCheckDefaultAudience(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-TEN-009", []checkCase{
		{name: "set", snap: tenSnap(t, map[string]any{"default_audience": "https://api.example.com/orders"}), want: []string{"settings@default_audience"}},
		{name: "empty", snap: tenSnap(t, map[string]any{"default_audience": ""})},
		{name: "absent", snap: tenSnap(t, nil)},
		{name: "not read", snap: tenForbidden, notEv: true},
	})
}

func TestCheckCustomPageEscaping(t *testing.T) {
	t.Parallel()
	errorPage := func(html string) map[string]any {
		return map[string]any{"error_page": map[string]any{"html": html, "show_log_link": false, "url": ""}}
	}
	runCases(t, "AL-TEN-010", []checkCase{
		{name: "error page prints error_description raw", snap: tenSnap(t, errorPage(`<html><body><h1>{{error}}</h1><p>{{ error_description }}</p></body></html>`)),
			want: []string{"settings@error_page.html"}},
		{name: "filtered but not escaped", snap: tenSnap(t, errorPage(`<p>{{ error_description | upcase }}</p>`)),
			want: []string{"settings@error_page.html"}},
		{name: "escaped", snap: tenSnap(t, errorPage(`<h1>{{ error | escape }}</h1><p>{{error_description|escape_once}}</p><a href="/?c={{ client_id | url_encode }}">{{ 'Back' }}</a>`))},
		{name: "raw and comment blocks are not output", snap: tenSnap(t, errorPage(`{% raw %}{{ error }}{% endraw %}{% comment %}{{ error_description }}{% endcomment %}<p>ok</p>`))},
		// Auth0's stock password reset and MFA templates print server
		// values unescaped: those pages are not judged.
		{name: "change password page is not judged", snap: tenSnap(t, map[string]any{"change_password": map[string]any{"enabled": true, "html": `<p>{{email}}</p>`}})},
		{name: "MFA page is not judged", snap: tenSnap(t, map[string]any{"guardian_mfa_page": map[string]any{"enabled": true, "html": `<script>var u = "{{ userData.email }}";</script>`}})},
		{name: "not read", snap: tenForbidden, notEv: true},
	})
	fs, _ := runCheckOn(t, "AL-TEN-010", tenSnap(t, errorPage(`<h1>{{error}}</h1><p>{{ error_description }}</p><p>{{error}}</p><i>{{ error | escape }}</i>`)).build(t))
	if len(fs) != 1 {
		t.Fatalf("findings %v", describe(fs))
	}
	got := fs[0].Evidence["expressions"].([]string)
	if len(got) != 2 || got[0] != "{{ error_description }}" || got[1] != "{{error}}" {
		t.Errorf("expressions %q", got)
	}
	// The message names the variables; the tags (braces) stay in the
	// evidence, where SARIF viewers do not read them as placeholders.
	if m := fs[0].Message; strings.ContainsAny(m, "{}") || !strings.Contains(m, "error, error_description") {
		t.Errorf("message %q", m)
	}
}

func TestTenantUnescapedOutputs(t *testing.T) {
	t.Parallel()
	for html, want := range map[string]int{
		`{{ "a|b" | append: 'c' }}`:                    0,
		`{{ x | default: '#fff' }}`:                    1,
		`{{ 'x' | append: user.name }}`:                1,
		`{{- error -}}`:                                1,
		`{{ error | escape | upcase }}`:                0,
		`{{ 42 }}{{ true }}`:                           0,
		"{{ a }}\n{{ a }}":                             1,
		`{%- raw -%}{{ a }}{%- endraw -%}{{ b }}`:      1,
		`<a href="{{ url | url_encode }}">{{ t }}</a>`: 1,
	} {
		if got := tenantUnescapedOutputs(html); len(got) != want {
			t.Errorf("%s: %q, want %d", html, got, want)
		}
	}
}

func TestCheckPasswordlessClientAuth(t *testing.T) {
	t.Parallel()
	sms := `{"id":"con_sms","name":"sms","strategy":"sms","options":{"disable_signup":false,"brute_force_protection":true},"enabled_clients":["c_spa"]}`
	email := `{"id":"con_em","name":"email","strategy":"email","options":{"disable_signup":false},"enabled_clients":[]}`
	db := `{"id":"con_db","name":"Users","strategy":"auth0","options":{"passwordPolicy":"good"},"enabled_clients":[]}`
	const flag = "flags.enforce_client_authentication_on_passwordless_start"
	runCases(t, "AL-TEN-011", []checkCase{
		{name: "not enforced with passwordless", snap: tenSnap(t, map[string]any{flag: false}).add(inventory.KindConnections, sms, email, db),
			want: []string{"settings@" + flag}},
		{name: "flag absent", snap: tenSnap(t, map[string]any{flag: nil}).add(inventory.KindConnections, email),
			want: []string{"settings@" + flag}},
		{name: "enforced", snap: tenSnap(t, nil).add(inventory.KindConnections, sms, email)},
		{name: "no passwordless connection", snap: tenSnap(t, map[string]any{flag: false}).add(inventory.KindConnections, db)},
		{name: "connections not read", snap: tenSnap(t, map[string]any{flag: false}).status(inventory.KindConnections, inventory.StatusForbidden, "read:connections"), notEv: true},
	})
}
