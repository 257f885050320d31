package posture

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
)

// guardianWith is mfaFactorsExpired with the providers' records given as
// id, record pairs (the kind read, empty without pairs).
func guardianWith(f *snapBuilder, pairs ...string) *snapBuilder {
	f.empty(inventory.KindGuardianProviders)
	for i := 0; i+1 < len(pairs); i += 2 {
		f.addID(inventory.KindGuardianProviders, pairs[i], pairs[i+1])
	}
	return f
}

func TestCheckPhoneVoiceCodes(t *testing.T) {
	t.Parallel()
	const mt = inventory.GuardianPhoneMessageTypes
	voice, sms := `{"message_types":["sms","voice"]}`, `{"message_types":["sms"]}`
	want := []string{mt + "@message_types"}
	runCases(t, "AL-MFA-004", []checkCase{
		{name: "sms and voice", snap: guardianWith(mfaFactors("sms", "otp"), mt, voice), want: want, sev: []Severity{SeverityLow}},
		{name: "voice only", snap: guardianWith(mfaFactors("sms"), mt, `{"message_types":["voice"]}`), want: want},
		{name: "sms only", snap: guardianWith(mfaFactors("sms"), mt, sms)},
		{name: "no message types set", snap: guardianWith(mfaFactors("sms"), mt, `{"message_types":[]}`)},
		{name: "not set up", snap: guardianWith(mfaFactors("sms"))},
		// look-alikes: voice set on a factor that is off or cannot be used,
		// "voice" as another provider's setting
		{name: "phone factor off", snap: guardianWith(mfaFactors("otp"), mt, voice)},
		{name: "phone factor's trial expired", snap: guardianWith(mfaFactorsExpired([]string{"sms"}, "sms", "otp"), mt, voice)},
		{name: "voice elsewhere", snap: guardianWith(mfaFactors("sms"), mt, sms, inventory.GuardianSMSTemplates, `{"enrollment_message":"voice {{code}}"}`)},
		{name: "providers not read", snap: mfaFactors("sms").status(inventory.KindGuardianProviders, inventory.StatusForbidden, "read:guardian_factors"), notEv: true},
		{name: "factors not read", snap: guardianWith(newSnap(), mt, voice).status(inventory.KindGuardianFactors, inventory.StatusForbidden, "read:guardian_factors"), notEv: true},
	})
}

func TestCheckRoamingUserVerification(t *testing.T) {
	t.Parallel()
	const wr = inventory.GuardianWebAuthnRoaming
	uv := func(v string) string { return `{"userVerification":"` + v + `","overrideRelyingParty":false}` }
	want := []string{wr + "@userVerification"}
	runCases(t, "AL-MFA-005", []checkCase{
		{name: "discouraged", snap: guardianWith(mfaFactors("webauthn-roaming"), wr, uv("discouraged")), want: want, sev: []Severity{SeverityInfo}},
		{name: "discouraged, trial expired", snap: guardianWith(mfaFactorsExpired([]string{"webauthn-roaming"}, "webauthn-roaming", "sms"), wr, uv("discouraged")), want: want},
		{name: "preferred", snap: guardianWith(mfaFactors("webauthn-roaming"), wr, uv("preferred"))},
		{name: "required", snap: guardianWith(mfaFactors("webauthn-roaming"), wr, uv("required"))},
		{name: "not set", snap: guardianWith(mfaFactors("webauthn-roaming"), wr, `{"overrideRelyingParty":true,"relyingPartyIdentifier":"example.com"}`)},
		// look-alikes: the factor off, the platform factor's settings
		{name: "factor off", snap: guardianWith(mfaFactors("otp"), wr, uv("discouraged"))},
		{name: "platform settings", snap: guardianWith(mfaFactors("webauthn-roaming", "webauthn-platform"), wr, uv("required"),
			inventory.GuardianWebAuthnPlatform, uv("discouraged"))},
		{name: "providers not configured", snap: mfaFactors("webauthn-roaming").status(inventory.KindGuardianProviders, inventory.StatusNotConfigured)},
		{name: "providers not read", snap: mfaFactors("webauthn-roaming").status(inventory.KindGuardianProviders, inventory.StatusForbidden, "read:guardian_factors"), notEv: true},
	})
}

// The Guardian checks name the missing scope when the providers were not
// read.
func TestGuardianChecksNameTheScope(t *testing.T) {
	t.Parallel()
	snap := mfaFactors("sms", "webauthn-roaming").status(inventory.KindGuardianProviders, inventory.StatusForbidden, "read:guardian_factors").build(t)
	res, err := Run(context.Background(), snap, Options{Checks: []string{"AL-MFA-004", "AL-MFA-005"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.NotEvaluated) != 2 {
		t.Fatalf("not evaluated %+v", res.NotEvaluated)
	}
	for _, ne := range res.NotEvaluated {
		if !slices.Contains(ne.MissingScopes, "read:guardian_factors") {
			t.Errorf("%s: %+v", ne.Check, ne)
		}
	}
}

// Quiet on the clean tenant, found where planted on the demo, and never a
// credential of the providers in the findings.
func TestGuardianChecksOnPresets(t *testing.T) {
	t.Parallel()
	var ids []string
	for _, c := range guardianChecks() {
		ids = append(ids, c.id)
	}
	clean, err := Run(context.Background(), cleanSnapshot(t), Options{Checks: ids})
	if err != nil {
		t.Fatal(err)
	}
	if len(clean.Findings) != 0 || len(clean.NotEvaluated) != 0 {
		t.Errorf("on the clean tenant:\n%s not evaluated %+v", describe(clean.Findings), clean.NotEvaluated)
	}
	demo, err := Run(context.Background(), demoSnapshot(t), Options{Checks: ids})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range demo.Findings {
		got[f.Check] += f.Resource.ID + "@" + f.Path + " " + f.Severity.String() + ";"
		if strings.Contains(f.Message, "[REDACTED]") {
			t.Errorf("%s quotes a redacted value: %s", f.Check, f.Message)
		}
	}
	for id, want := range map[string]string{
		"AL-MFA-004": "phone/message-types@message_types low;",
		"AL-MFA-005": "webauthn-roaming@userVerification info;",
	} {
		if got[id] != want {
			t.Errorf("%s: %q, want %q", id, got[id], want)
		}
	}
}
