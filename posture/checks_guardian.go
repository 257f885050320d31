package posture

import (
	"fmt"
	"slices"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// The settings of the MFA factors' providers (guardian_providers), judged
// with the factors they serve: a setting of a factor that is off does not
// apply and is not reported.
func guardianChecks() []check {
	return []check{
		{id: "AL-MFA-004", needs: kinds(inventory.KindGuardianFactors, inventory.KindGuardianProviders), run: checkPhoneVoiceCodes},
		{id: "AL-MFA-005", needs: kinds(inventory.KindGuardianFactors, inventory.KindGuardianProviders), run: checkRoamingUserVerification},
	}
}

// guardianFactor returns the factor named name (nil when absent).
func guardianFactor(t *model.Tenant, name string) *auth0mgmt.GuardianFactor {
	fs, _ := t.GuardianFactors()
	for i := range fs {
		if fs[i].Name == name {
			return &fs[i]
		}
	}
	return nil
}

func guardianProviderResource(id, name string) Resource {
	return Resource{Kind: inventory.KindGuardianProviders, ID: id, Name: name}
}

// AL-MFA-004: the phone factor (sms) is enabled and usable, and sends its
// codes by voice call as well.
func checkPhoneVoiceCodes(t *model.Tenant, r *reporter) {
	f := guardianFactor(t, auth0mgmt.GuardianFactorSMS)
	if f == nil || !f.Enabled || f.TrialExpired {
		return
	}
	p, _ := t.GuardianProviders()
	if p == nil || p.PhoneMessageTypes == nil || !slices.Contains(p.PhoneMessageTypes.MessageTypes, "voice") {
		return
	}
	r.report(guardianProviderResource(inventory.GuardianPhoneMessageTypes, "phone message types"), path("message_types"),
		"The phone MFA factor also reads its one-time codes out in a voice call: a call the user does not take goes to voicemail, "+
			"where whoever knows the password and gets into the mailbox (default or guessed PIN, spoofed caller ID) picks the code up.",
		map[string]any{"message_types": p.PhoneMessageTypes.MessageTypes, "factor": auth0mgmt.GuardianFactorSMS})
}

// AL-MFA-005: security keys (webauthn-roaming) are enabled with user
// verification discouraged: the key is never asked for its PIN or
// biometric. Only an explicit "discouraged" is judged: the settings
// endpoint returns userVerification in every recorded body (the default
// comes back as a value), so a body without it is not read as the
// default and not reported.
func checkRoamingUserVerification(t *model.Tenant, r *reporter) {
	f := guardianFactor(t, auth0mgmt.GuardianFactorWebAuthnRoaming)
	if f == nil || !f.Enabled {
		return
	}
	p, _ := t.GuardianProviders()
	if p == nil || p.WebAuthnRoaming == nil || p.WebAuthnRoaming.UserVerification != "discouraged" {
		return
	}
	note := ""
	if f.TrialExpired {
		note = " (the factor's trial has expired: this applies as soon as it can be used again)"
	}
	r.report(guardianProviderResource(inventory.GuardianWebAuthnRoaming, "security keys (webauthn-roaming)"), path("userVerification"),
		fmt.Sprintf("Security keys are enabled as an MFA factor with user verification discouraged: the key is never asked for its PIN "+
			"or fingerprint, so whoever holds a lost or stolen key and the password passes MFA%s.", note),
		map[string]any{"userVerification": "discouraged", "factor_enabled": true, "trial_expired": f.TrialExpired})
}
