package auth0mgmt

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Models of the Guardian providers' settings, hook secrets and risk
// assessment settings.

func TestRecordedModelsE(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind  string
		check func(t *testing.T, kind string)
	}{
		{"guardian_phone_message_types", func(t *testing.T, kind string) {
			var voice bool
			for _, m := range checkRoundTrip[GuardianMessageTypes](t, kind) {
				voice = voice || slices.Contains(m.MessageTypes, "voice")
			}
			if !voice {
				t.Error("no voice message type decoded")
			}
		}},
		{"guardian_phone_selected_provider", func(t *testing.T, kind string) {
			var names []string
			for _, p := range checkRoundTrip[GuardianSelectedProvider](t, kind) {
				names = append(names, p.Provider)
			}
			if !slices.Equal(names, []string{GuardianPhoneProviderTwilio, GuardianPhoneProviderHook}) {
				t.Errorf("providers %v", names)
			}
		}},
		{"guardian_push_selected_provider", func(t *testing.T, kind string) {
			if p := checkRoundTrip[GuardianSelectedProvider](t, kind); p[0].Provider != GuardianPushProviderSNS {
				t.Errorf("provider %v", p)
			}
		}},
		{"guardian_sms_twilio", func(t *testing.T, kind string) {
			var mssid bool
			for _, tw := range checkRoundTrip[GuardianTwilio](t, kind) {
				if tw.SID == "" || tw.From == "" || tw.AuthToken.Value() == "" {
					t.Errorf("typed fields not decoded: %+v", tw)
				}
				mssid = mssid || tw.MessagingServiceSID != ""
			}
			if !mssid {
				t.Error("no messaging service sid decoded")
			}
		}},
		{"guardian_sms_templates", func(t *testing.T, kind string) {
			for _, s := range checkRoundTrip[GuardianSMSTemplates](t, kind) {
				if s.EnrollmentMessage == "" || s.VerificationMessage == "" || len(s.Extra) != 0 {
					t.Errorf("typed fields not decoded: %+v", s)
				}
			}
		}},
		{"guardian_push_apns", func(t *testing.T, kind string) {
			var enabled bool
			for _, a := range checkRoundTrip[GuardianAPNS](t, kind) {
				if a.BundleID == "" {
					t.Errorf("typed fields not decoded: %+v", a)
				}
				enabled = enabled || a.Enabled
			}
			if !enabled {
				t.Error("no enabled APNs decoded")
			}
		}},
		{"guardian_push_sns", func(t *testing.T, kind string) {
			var secret bool
			for _, s := range checkRoundTrip[GuardianSNS](t, kind) {
				if s.AWSAccessKeyID == "" || s.AWSRegion == "" || s.SNSAPNSPlatformApplicationARN == "" || s.SNSGCMPlatformApplicationARN == "" {
					t.Errorf("typed fields not decoded: %+v", s)
				}
				secret = secret || s.AWSSecretAccessKey != ""
			}
			if !secret {
				t.Error("no secret access key decoded")
			}
		}},
		{"guardian_duo_settings", func(t *testing.T, kind string) {
			for _, d := range checkRoundTrip[GuardianDuoSettings](t, kind) {
				if d.IKey == "" || d.SKey == "" || d.Host == "" || len(d.Extra) != 0 {
					t.Errorf("typed fields not decoded: %+v", d)
				}
			}
		}},
		{"guardian_webauthn_platform_settings", func(t *testing.T, kind string) {
			for _, w := range checkRoundTrip[GuardianWebAuthnSettings](t, kind) {
				if w.OverrideRelyingParty || !w.Extra.hasKey("overrideRelyingParty") {
					t.Errorf("explicit false not kept: %+v", w)
				}
			}
		}},
		{"guardian_webauthn_roaming_settings", func(t *testing.T, kind string) {
			uv := map[string]bool{}
			for _, w := range checkRoundTrip[GuardianWebAuthnSettings](t, kind) {
				uv[w.UserVerification] = true
			}
			if !uv["required"] || !uv["preferred"] {
				t.Errorf("user verification %v", uv)
			}
		}},
		{"hook_secrets", func(t *testing.T, kind string) {
			var names []string
			for _, h := range checkRoundTrip[HookSecrets](t, kind) {
				names = append(names, h.Names()...)
			}
			slices.Sort(names)
			if !slices.Equal(slices.Compact(names), []string{"SECRET1", "SECRET2", "SECRET3"}) {
				t.Errorf("names %v", names)
			}
		}},
		{"risk_assessments_settings", func(t *testing.T, kind string) {
			var on, off bool
			for _, s := range checkRoundTrip[RiskAssessmentSettings](t, kind) {
				on, off = on || s.Enabled, off || !s.Enabled
			}
			if !on || !off {
				t.Errorf("enabled %v, disabled %v", on, off)
			}
		}},
		{"risk_assessments_new_device", func(t *testing.T, kind string) {
			for _, s := range checkRoundTrip[RiskAssessmentNewDevice](t, kind) {
				if s.RememberFor == 0 {
					t.Errorf("typed fields not decoded: %+v", s)
				}
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			tc.check(t, tc.kind)
		})
	}
}

func (e Extra) hasKey(k string) bool { _, ok := e[k]; return ok }

// TestModelsDSecretsNotPrinted: every string of the recorded bodies that
// holds credentials (Twilio's auth token, Duo's keys, SNS's secret access
// key, hook secret values) stays out of fmt output, while JSON keeps it.
func TestModelsDSecretsNotPrinted(t *testing.T) {
	t.Parallel()
	var all []any
	var secrets []string
	for _, v := range checkRoundTrip[GuardianTwilio](t, "guardian_sms_twilio") {
		all, secrets = append(all, v, &v), append(secrets, v.AuthToken.Value())
	}
	for _, v := range checkRoundTrip[GuardianDuoSettings](t, "guardian_duo_settings") {
		all, secrets = append(all, v, &v), append(secrets, v.IKey.Value(), v.SKey.Value())
	}
	for _, v := range checkRoundTrip[GuardianSNS](t, "guardian_push_sns") {
		all = append(all, v, &v)
		if v.AWSSecretAccessKey != "" {
			secrets = append(secrets, v.AWSSecretAccessKey.Value())
		}
	}
	for _, v := range checkRoundTrip[HookSecrets](t, "hook_secrets") {
		all = append(all, v)
		for _, s := range v {
			secrets = append(secrets, s.Value())
		}
	}
	apns := GuardianAPNS{BundleID: "com.example", P12: "MIIKP12-PRIVATE-MATERIAL"}
	all, secrets = append(all, apns), append(secrets, apns.P12.Value())
	// "bar", a recorded auth token, is also part of the sender "from
	// bar": look for the longer values only
	secrets = slices.DeleteFunc(secrets, func(s string) bool { return len(s) < 6 })
	if len(secrets) < 5 {
		t.Fatalf("secrets %v", secrets)
	}
	marked := 0
	var js strings.Builder
	for _, v := range all {
		out := fmtAll(v)
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("fmt output shows %q:\n%s", s, out)
			}
		}
		if strings.Contains(out, "[REDACTED]") {
			marked++
		}
		b, _ := json.Marshal(v)
		js.Write(b)
	}
	if marked < len(all)-4 { // two SNS bodies (value and pointer) hold no secret key
		t.Errorf("%d of %d values printed a redaction marker", marked, len(all))
	}
	for _, s := range secrets {
		if !strings.Contains(js.String(), s) {
			t.Errorf("JSON lost %q", s)
		}
	}
}

// TestModelsEEndpoints: each read calls its path and decodes the answer;
// an error names no secret of the body.
func TestModelsEEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	body := func(kind string) string {
		b, err := os.ReadFile(filepath.Join("testdata", "recorded", kind+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var objs []json.RawMessage
		if err := json.Unmarshal(b, &objs); err != nil {
			t.Fatal(err)
		}
		return string(objs[len(objs)-1])
	}
	bodies := map[string]string{
		"/api/v2/guardian/factors/phone/message-types":                 body("guardian_phone_message_types"),
		"/api/v2/guardian/factors/phone/selected-provider":             body("guardian_phone_selected_provider"),
		"/api/v2/guardian/factors/sms/providers/twilio":                body("guardian_sms_twilio"),
		"/api/v2/guardian/factors/sms/templates":                       body("guardian_sms_templates"),
		"/api/v2/guardian/factors/push-notification/providers/apns":    body("guardian_push_apns"),
		"/api/v2/guardian/factors/push-notification/providers/sns":     body("guardian_push_sns"),
		"/api/v2/guardian/factors/push-notification/selected-provider": body("guardian_push_selected_provider"),
		"/api/v2/guardian/factors/duo/settings":                        body("guardian_duo_settings"),
		"/api/v2/guardian/factors/webauthn-platform/settings":          body("guardian_webauthn_platform_settings"),
		"/api/v2/guardian/factors/webauthn-roaming/settings":           body("guardian_webauthn_roaming_settings"),
		"/api/v2/hooks/01H%7C1/secrets":                                body("hook_secrets"),
		"/api/v2/risk-assessments/settings":                            body("risk_assessments_settings"),
		"/api/v2/risk-assessments/settings/new-device":                 body("risk_assessments_new_device"),
	}
	c, m := newMockB(t, func(r *http.Request) (int, string) {
		if b, ok := bodies[r.URL.EscapedPath()]; ok {
			return 200, b
		}
		return 404, `{"statusCode":404,"error":"Not Found","message":"Not Found"}`
	})
	g := c.Guardian
	check := func(name string, ok bool, err error) {
		t.Helper()
		if err != nil || !ok {
			t.Errorf("%s: ok %v, err %v", name, ok, err)
		}
	}
	mt, err := g.PhoneMessageTypes(ctx)
	check("message types", err == nil && slices.Equal(mt.MessageTypes, []string{"voice"}), err)
	pp, err := g.PhoneSelectedProvider(ctx)
	check("phone provider", err == nil && pp.Provider == GuardianPhoneProviderHook, err)
	tw, err := g.SMSTwilio(ctx)
	check("twilio", err == nil && tw.SID == "test_sid" && tw.AuthToken.Value() == "test_token", err)
	st, err := g.SMSTemplates(ctx)
	check("sms templates", err == nil && strings.Contains(st.VerificationMessage, "{{code}}"), err)
	ap, err := g.PushAPNS(ctx)
	check("apns", err == nil && ap.BundleID == "com.my.app" && ap.Enabled, err)
	sns, err := g.PushSNS(ctx)
	check("sns", err == nil && sns.AWSRegion == "us-west-1", err)
	push, err := g.PushSelectedProvider(ctx)
	check("push provider", err == nil && push.Provider == GuardianPushProviderSNS, err)
	duo, err := g.DuoSettings(ctx)
	check("duo", err == nil && duo.Host == "api-hostname", err)
	wp, err := g.WebAuthnPlatformSettings(ctx)
	check("webauthn platform", err == nil && !wp.OverrideRelyingParty, err)
	wr, err := g.WebAuthnRoamingSettings(ctx)
	check("webauthn roaming", err == nil && wr.UserVerification == "preferred", err)
	hs, err := c.Hooks.Secrets(ctx, "01H|1")
	check("hook secrets", err == nil && slices.Equal(hs.Names(), []string{"SECRET1", "SECRET3"}), err)
	rs, err := c.RiskAssessments.Settings(ctx)
	check("risk settings", err == nil && rs.Enabled, err)
	nd, err := c.RiskAssessments.NewDevice(ctx)
	check("new device", err == nil && nd.RememberFor == 60, err)
	if n := len(m.requests()); n != len(bodies) {
		t.Errorf("%d requests, want %d: %v", n, len(bodies), m.paths())
	}
	if _, err := c.Hooks.Secrets(ctx, "gone"); !errors.Is(err, ErrNotFound) {
		t.Errorf("secrets of a missing hook: %v", err)
	}
}

func TestModelsEInsufficientScope(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name, scope string
		call        func(c *Client) error
	}{
		{"twilio", "read:guardian_factors", func(c *Client) error { _, err := c.Guardian.SMSTwilio(ctx); return err }},
		{"webauthn", "read:guardian_factors", func(c *Client) error { _, err := c.Guardian.WebAuthnRoamingSettings(ctx); return err }},
		{"hook secrets", "read:hooks", func(c *Client) error { _, err := c.Hooks.Secrets(ctx, "h1"); return err }},
		{"risk", "read:attack_protection", func(c *Client) error { _, err := c.RiskAssessments.Settings(ctx); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _ := newMockB(t, func(*http.Request) (int, string) {
				return 403, `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: ` + tc.scope + `","errorCode":"insufficient_scope"}`
			})
			err := tc.call(c)
			var ae *APIError
			if !errors.Is(err, ErrInsufficientScope) || !errors.As(err, &ae) || !slices.Equal(ae.MissingScopes, []string{tc.scope}) {
				t.Errorf("err %v", err)
			}
		})
	}
}

func TestRoutesOfGuardianEndpoints(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]string{
		"guardian/factors/sms/providers/twilio":                "GET guardian/factors/sms/providers/twilio",
		"guardian/factors/push-notification/providers/sns":     "GET guardian/factors/push-notification/providers/sns",
		"guardian/factors/push-notification/selected-provider": "GET guardian/factors/push-notification/selected-provider",
		"guardian/factors/phone/message-types":                 "GET guardian/factors/phone/message-types",
		"guardian/factors/webauthn-roaming/settings":           "GET guardian/factors/webauthn-roaming/settings",
		"guardian/factors/duo/settings":                        "GET guardian/factors/duo/settings",
		"hooks/01H1/secrets":                                   "GET hooks/*/secrets",
		"risk-assessments/settings/new-device":                 "GET risk-assessments/settings/new-device",
	} {
		if got := routeOf(http.MethodGet, path); got != want {
			t.Errorf("routeOf(%s) = %q, want %q", path, got, want)
		}
	}
}
