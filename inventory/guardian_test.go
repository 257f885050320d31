package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

var guardianKinds = []Kind{KindGuardianProviders, KindHooks, KindHookSecrets, KindRiskAssessments}

// recordedBodies returns the recorded body of kind (auth0mgmt's testdata)
// with the most members, and every string in the recorded bodies under
// the given member names.
func recordedBodies(t *testing.T, kind string, secretNames ...string) (last string, secrets []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "auth0mgmt", "testdata", "recorded", kind+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var objs []map[string]any
	if err := json.Unmarshal(b, &objs); err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		for k, v := range o {
			if s, ok := v.(string); ok && (slices.Contains(secretNames, k) || slices.Contains(secretNames, "*")) {
				secrets = append(secrets, s)
			}
		}
	}
	richest := objs[0]
	for _, o := range objs {
		if len(o) > len(richest) {
			richest = o
		}
	}
	raw, _ := json.Marshal(richest)
	return string(raw), secrets
}

// TestCollectGuardianRecordedSecrets: a tenant answering the recorded
// bodies (Twilio's auth token, Duo's keys, SNS's AWS keys, hook secrets)
// gives a snapshot that holds none of their credentials, the secret names
// kept and marked Redacted.
func TestCollectGuardianRecordedSecrets(t *testing.T) {
	t.Parallel()
	bodies := map[string]string{}
	var secrets []string
	add := func(path, kind string, names ...string) {
		last, s := recordedBodies(t, kind, names...)
		bodies["/api/v2/"+path] = last
		secrets = append(secrets, s...)
	}
	add("guardian/factors/phone/message-types", "guardian_phone_message_types")
	add("guardian/factors/phone/selected-provider", "guardian_phone_selected_provider")
	add("guardian/factors/sms/providers/twilio", "guardian_sms_twilio", "auth_token")
	add("guardian/factors/sms/templates", "guardian_sms_templates")
	add("guardian/factors/push-notification/providers/apns", "guardian_push_apns")
	add("guardian/factors/push-notification/providers/sns", "guardian_push_sns", "aws_secret_access_key", "aws_access_key_id")
	add("guardian/factors/push-notification/selected-provider", "guardian_push_selected_provider")
	add("guardian/factors/duo/settings", "guardian_duo_settings", "ikey", "skey")
	add("guardian/factors/webauthn-platform/settings", "guardian_webauthn_platform_settings")
	add("guardian/factors/webauthn-roaming/settings", "guardian_webauthn_roaming_settings")
	add("risk-assessments/settings", "risk_assessments_settings")
	add("risk-assessments/settings/new-device", "risk_assessments_new_device")
	// every recorded secret body, with a value of the test's own
	bodies["/api/v2/hooks/h1/secrets"] = `{"SECRET1":"_VALUE_NOT_SHOWN_","DB_PASSWORD":"hunter2-in-clear-0123"}`
	bodies["/api/v2/hooks"] = `{"start":0,"limit":50,"length":1,"total":1,"hooks":[{"id":"h1","name":"h","script":"module.exports=function(){}","triggerId":"credentials-exchange","enabled":true}]}`
	secrets = append(secrets, "hunter2-in-clear-0123", "_VALUE_NOT_SHOWN_")
	// the APNs certificate, should the API ever send it
	bodies["/api/v2/guardian/factors/push-notification/providers/apns"] = `{"bundle_id":"com.my.app","sandbox":false,"enabled":true,"p12":"MIIJqQIBAzCCCW8GCSqGSIb3DQEHAaCCCWAEgglcMIIJWDCCBA8GCSqGSIb3"}`
	secrets = append(secrets, "MIIJqQIBAzCCCW8GCSqGSIb3DQEHAaCCCWAEgglcMIIJWDCCBA8GCSqGSIb3")
	// "bar" and "test" are too short to look for (they are parts of other
	// values)
	secrets = slices.DeleteFunc(secrets, func(s string) bool { return len(s) < 6 })
	if len(secrets) < 6 {
		t.Fatalf("secrets %v", secrets)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		b, ok := bodies[r.URL.Path]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			b = `{"statusCode":404,"error":"Not Found","message":"Not Found"}`
		}
		_, _ = w.Write([]byte(b))
	}))
	defer srv.Close()
	cl, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := Collect(context.Background(), cl, Options{Kinds: guardianKinds})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := snap.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if strings.Contains(buf.String(), s) {
			t.Errorf("the snapshot holds %q", s)
		}
	}
	for _, k := range guardianKinds {
		if r := snap.Kind(k); r.Status != StatusOK {
			t.Errorf("%s: %s (%s)", k, r.Status, r.Note())
		}
	}
	gp := snap.Kind(KindGuardianProviders)
	if len(gp.Records) != 10 {
		t.Errorf("guardian providers %v", gp.IDs())
	}
	for id, members := range map[string][]string{
		GuardianSMSTwilio: {"auth_token"},
		GuardianDuo:       {"ikey", "skey"},
		GuardianPushSNS:   {"aws_access_key_id", "aws_secret_access_key"},
		GuardianPushAPNS:  {"p12"},
	} {
		var m map[string]any
		if err := json.Unmarshal(gp.Record(id), &m); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		for _, name := range members {
			if m[name] != Redacted {
				t.Errorf("%s.%s = %v, want it kept as %s", id, name, m[name], Redacted)
			}
		}
	}
	hs, err := Records[HookSecretsRecord](snap, KindHookSecrets)
	if err != nil || len(hs) != 1 || hs[0].HookID != "h1" || !slices.Equal(hs[0].Names(), []string{"DB_PASSWORD", "SECRET1"}) ||
		hs[0].Secrets["DB_PASSWORD"] != Redacted {
		t.Errorf("hook secrets %+v, %v", hs, err)
	}
	var nd auth0mgmt.RiskAssessmentNewDevice
	if err := json.Unmarshal(snap.Kind(KindRiskAssessments).Record(RiskAssessmentNewDevice), &nd); err != nil || nd.RememberFor != 30 {
		t.Errorf("new device %+v, %v", nd, err)
	}
}

// TestCollectGuardianStatuses: the kinds' statuses when the tenant has
// nothing set up, lacks the feature or the scope.
func TestCollectGuardianStatuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		faults auth0test.Faults
		want   map[Kind]Status
		scopes map[Kind][]string
	}{
		{"all there", auth0test.Faults{}, map[Kind]Status{KindGuardianProviders: StatusOK, KindHookSecrets: StatusOK, KindRiskAssessments: StatusOK}, nil},
		{"nothing set up", auth0test.Faults{Unconfigured: []string{"guardian_providers"}},
			map[Kind]Status{KindGuardianProviders: StatusNotConfigured}, nil},
		{"no read:guardian_factors", auth0test.Faults{MissingScopes: []string{"read:guardian_factors"}},
			map[Kind]Status{KindGuardianProviders: StatusForbidden}, map[Kind][]string{KindGuardianProviders: {"read:guardian_factors"}}},
		{"no read:hooks", auth0test.Faults{MissingScopes: []string{"read:hooks"}},
			map[Kind]Status{KindHookSecrets: StatusForbidden}, map[Kind][]string{KindHookSecrets: {"read:hooks"}}},
		{"hooks gone", auth0test.Faults{Unavailable: []string{"hooks"}}, map[Kind]Status{KindHookSecrets: StatusUnavailable}, nil},
		{"risk assessments not enabled", auth0test.Faults{Unavailable: []string{"risk-assessments"}},
			map[Kind]Status{KindRiskAssessments: StatusUnavailable}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := auth0test.NewServer(auth0test.Options{Seed: 5, Preset: auth0test.PresetTiny})
			defer srv.Close()
			srv.SetFaults(tc.faults)
			snap, err := Collect(context.Background(), fastClient(t, srv), Options{Kinds: guardianKinds})
			if err != nil {
				t.Fatal(err)
			}
			for k, st := range tc.want {
				r := snap.Kind(k)
				if r.Status != st || !slices.Equal(r.MissingScopes, tc.scopes[k]) {
					t.Errorf("%s: %s %v (%s), want %s %v", k, r.Status, r.MissingScopes, r.Note(), st, tc.scopes[k])
				}
				if st != StatusOK && len(r.Records) != 0 {
					t.Errorf("%s: records %v", k, r.IDs())
				}
			}
		})
	}
}

// TestCollectHookSecretsAlone: without the hooks kind, hook secrets list
// the hooks themselves.
func TestCollectHookSecretsAlone(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 5, Preset: auth0test.PresetTiny})
	defer srv.Close()
	snap, err := Collect(context.Background(), fastClient(t, srv), Options{Kinds: []Kind{KindHookSecrets}})
	if err != nil {
		t.Fatal(err)
	}
	hs, err := Records[HookSecretsRecord](snap, KindHookSecrets)
	if err != nil || len(hs) != 1 || !slices.Equal(hs[0].Names(), []string{"API_KEY", "SLACK_WEBHOOK_URL"}) {
		t.Fatalf("hook secrets %+v, %v", hs, err)
	}
	if strings.Contains(string(snap.Kind(KindHookSecrets).Record(hs[0].HookID)), "VALUE_NOT_SHOWN") {
		t.Error("a value reached the snapshot")
	}
}
