package posture

import (
	"testing"

	"github.com/authlens/authlens/inventory"
)

// mfaFactors returns the eight Guardian factors as /guardian/factors
// lists them, those named enabled.
func mfaFactors(enabled ...string) *snapBuilder { return mfaFactorsExpired(nil, enabled...) }

// mfaFactorsExpired is mfaFactors with the factors in expired marked
// trial_expired.
func mfaFactorsExpired(expired []string, enabled ...string) *snapBuilder {
	on, gone := setOf(enabled...), setOf(expired...)
	b := newSnap().empty(inventory.KindGuardianFactors)
	for _, name := range []string{"sms", "push-notification", "otp", "email", "duo", "webauthn-roaming", "webauthn-platform", "recovery-code"} {
		state, trial := "false", "false"
		if on[name] {
			state = "true"
		}
		if gone[name] {
			trial = "true"
		}
		b.add(inventory.KindGuardianFactors, `{"name":"`+name+`","enabled":`+state+`,"trial_expired":`+trial+`}`)
	}
	return b
}

func TestCheckMFAFactors(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-MFA-001", []checkCase{
		{name: "none enabled", snap: mfaFactors(), want: []string{""}, sev: []Severity{SeverityHigh}},
		{name: "recovery codes alone", snap: mfaFactors("recovery-code"), want: []string{""}, sev: []Severity{SeverityHigh}},
		{name: "sms and email only", snap: mfaFactors("sms", "email", "recovery-code"), want: []string{""}, sev: []Severity{SeverityMedium}},
		{name: "sms and an OTP app", snap: mfaFactors("sms", "otp")},
		{name: "sms and push whose trial expired", snap: mfaFactorsExpired([]string{"push-notification"}, "sms", "push-notification"),
			want: []string{""}, sev: []Severity{SeverityMedium}},
		{name: "only duo, its trial expired", snap: mfaFactorsExpired([]string{"duo"}, "duo", "recovery-code"),
			want: []string{""}, sev: []Severity{SeverityHigh}},
		{name: "sms and push with its trial running", snap: mfaFactorsExpired(nil, "sms", "push-notification")},
		{name: "webauthn", snap: mfaFactors("webauthn-roaming")},
		{name: "not read", snap: newSnap().status(inventory.KindGuardianFactors, inventory.StatusForbidden, "read:guardian_factors"), notEv: true},
	})
	fs, _ := runCheckOn(t, "AL-MFA-001", mfaFactors("sms", "email").build(t))
	if len(fs) != 1 || fs[0].Resource.Kind != inventory.KindGuardianFactors || fs[0].Resource.ID != "" {
		t.Fatalf("findings %v", fs)
	}
	if got := fs[0].Evidence["enabled_factors"].([]string); len(got) != 2 || got[0] != "email" || got[1] != "sms" {
		t.Errorf("evidence %v", fs[0].Evidence)
	}
}

// mfaDB is a database connection shaped like a recorded one; mfa is the
// raw options.mfa member ("" for none).
func mfaDB(id, name, mfa string) string {
	opts := `"options":{"mfa":` + mfa + `,"passwordPolicy":"good","brute_force_protection":true,"strategy_version":2}`
	if mfa == "" {
		opts = `"options":{"passwordPolicy":"good","brute_force_protection":true,"strategy_version":2}`
	}
	return `{"id":"` + id + `","name":"` + name + `","strategy":"auth0",` + opts + `,"is_domain_connection":false,"realms":["` + name + `"],"enabled_clients":[]}`
}

func TestCheckConnectionMFAOptOut(t *testing.T) {
	t.Parallel()
	snap := func(factors *snapBuilder, conns ...string) *snapBuilder {
		return factors.add(inventory.KindConnections, conns...)
	}
	runCases(t, "AL-MFA-003", []checkCase{
		{name: "opted out", snap: snap(mfaFactors("otp"), mfaDB("con_1", "Users", `{"active":false,"return_enroll_settings":true}`)),
			want: []string{"con_1@options.mfa.active"}},
		{name: "active", snap: snap(mfaFactors("otp"), mfaDB("con_1", "Users", `{"active":true,"return_enroll_settings":true}`))},
		{name: "not set means the default (on)", snap: snap(mfaFactors("otp"), mfaDB("con_1", "Users", ""))},
		{name: "no factor enabled: nothing to opt out of", snap: snap(mfaFactors(), mfaDB("con_1", "Users", `{"active":false}`))},
		{name: "not a database connection", snap: snap(mfaFactors("otp"),
			`{"id":"con_g","name":"google-oauth2","strategy":"google-oauth2","options":{"mfa":{"active":false}},"enabled_clients":[]}`)},
		{name: "connections not read", snap: mfaFactors("otp").status(inventory.KindConnections, inventory.StatusForbidden, "read:connections"), notEv: true},
	})
	atkWantSkipped(t, "AL-MFA-003", snap(mfaFactors("otp"), `{"id":"con_1","name":"Users","strategy":"auth0","enabled_clients":[]}`), "con_1")
}
