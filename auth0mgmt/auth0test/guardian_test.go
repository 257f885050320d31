package auth0test

import (
	"net/http"
	"slices"
	"testing"
)

// The Guardian providers, hook secrets and risk assessments: real shapes,
// the demo's plants, the clean preset's settings, faults and scopes.
func TestGuardianEndpoints(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		preset            Preset
		messageTypes      []string
		userVerification  string
		riskEnabled       bool
		hookSecretsOfHook []string
	}{
		{PresetSmall, []string{"sms", "voice"}, "discouraged", true, []string{"API_KEY", "SLACK_WEBHOOK_URL"}},
		{PresetClean, []string{"sms"}, "required", true, nil}, // no hook
	} {
		t.Run(string(tc.preset), func(t *testing.T) {
			t.Parallel()
			s := start(t, Options{Seed: 3, Preset: tc.preset})
			var mt struct {
				MessageTypes []string `json:"message_types"`
			}
			getOK(t, s, "/api/v2/guardian/factors/phone/message-types", &mt)
			if !slices.Equal(mt.MessageTypes, tc.messageTypes) {
				t.Errorf("message types %v", mt.MessageTypes)
			}
			var wr map[string]any
			getOK(t, s, "/api/v2/guardian/factors/webauthn-roaming/settings", &wr)
			if wr["userVerification"] != tc.userVerification || wr["overrideRelyingParty"] != false {
				t.Errorf("webauthn roaming %v", wr)
			}
			for path, members := range map[string][]string{
				"sms/providers/twilio":                {"from", "messaging_service_sid", "auth_token", "sid"},
				"sms/templates":                       {"enrollment_message", "verification_message"},
				"push-notification/providers/apns":    {"bundle_id", "sandbox", "enabled"},
				"push-notification/providers/sns":     {"aws_access_key_id", "aws_region", "sns_apns_platform_application_arn", "sns_gcm_platform_application_arn"},
				"push-notification/selected-provider": {"provider"},
				"phone/selected-provider":             {"provider"},
				"duo/settings":                        {"ikey", "skey", "host"},
				"webauthn-platform/settings":          {"overrideRelyingParty"},
			} {
				r := getOK(t, s, "/api/v2/guardian/factors/"+path, nil)
				if got := keysOf(t, r.body); !slices.Equal(got, members) {
					t.Errorf("%s: members %v, want %v", path, got, members)
				}
			}
			var risk map[string]any
			getOK(t, s, "/api/v2/risk-assessments/settings", &risk)
			if risk["enabled"] != tc.riskEnabled {
				t.Errorf("risk %v", risk)
			}
			var nd map[string]any
			getOK(t, s, "/api/v2/risk-assessments/settings/new-device", &nd)
			if nd["remember_for"] != float64(30) {
				t.Errorf("new device %v", nd)
			}
			wantError(t, get(t, s, "/api/v2/hooks/nope/secrets"), http.StatusNotFound, "HookDoesNotExist", "Hook does not exist")
			hooks := s.Tenant().IDs(KindHooks)
			if len(hooks) == 0 {
				if tc.hookSecretsOfHook != nil {
					t.Error("no hook")
				}
				return
			}
			var first map[string]string
			getOK(t, s, "/api/v2/hooks/"+esc(hooks[0])+"/secrets", &first)
			var names []string
			for k, v := range first {
				names = append(names, k)
				if v != "_VALUE_NOT_SHOWN_" {
					t.Errorf("hook secret %s = %q", k, v)
				}
			}
			slices.Sort(names)
			if !slices.Equal(names, tc.hookSecretsOfHook) {
				t.Errorf("hook secrets %v", first)
			}
			// the other hooks have none
			for _, id := range hooks[1:] {
				var other map[string]string
				if getOK(t, s, "/api/v2/hooks/"+esc(id)+"/secrets", &other); len(other) != 0 {
					t.Errorf("hook %s: secrets %v", id, other)
				}
			}
		})
	}
}

func TestGuardianFaults(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 3})
	s.SetFaults(Faults{Unconfigured: []string{"guardian_providers"}, Unavailable: []string{"risk-assessments"},
		MissingScopes: []string{"read:hooks"}})
	for _, p := range []string{"sms/providers/twilio", "duo/settings", "phone/message-types"} {
		if r := getOK(t, s, "/api/v2/guardian/factors/"+p, nil); string(r.body) != "{}" {
			t.Errorf("%s unconfigured: %s", p, r.body)
		}
	}
	wantError(t, get(t, s, "/api/v2/risk-assessments/settings"), http.StatusForbidden, "feature_not_enabled", "not enabled")
	hooks := s.Tenant().IDs(KindHooks)
	wantError(t, get(t, s, "/api/v2/hooks/"+esc(hooks[0])+"/secrets"), http.StatusForbidden, "insufficient_scope", "read:hooks")
	s.SetFaults(Faults{MissingScopes: []string{"read:guardian_factors", "read:attack_protection"}})
	wantError(t, get(t, s, "/api/v2/guardian/factors/duo/settings"), http.StatusForbidden, "insufficient_scope", "read:guardian_factors")
	wantError(t, get(t, s, "/api/v2/risk-assessments/settings/new-device"), http.StatusForbidden, "insufficient_scope", "read:attack_protection")
}
