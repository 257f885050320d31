package auth0test

import "strings"

// The settings of the Guardian (MFA) factors' providers, hook secrets and
// risk assessment settings, from a stream of their own (41), so that the
// kinds generated before are byte for byte what they were. Shapes follow
// the bodies Auth0 answers; credentials are random, as a scanner must
// never copy them.

// guardianData holds the generated settings.
type guardianData struct {
	// providers by endpoint, relative to /api/v2/guardian/factors/
	providers map[string]obj
	// hookSecrets by hook index (absent: none)
	hookSecrets map[int]obj
	riskSettings,
	riskNewDevice obj
}

func (g *gen) guardian() {
	t := g.t
	r := newRNG(g.seed, 41)
	d := &t.guard
	// the demo's phone factor also calls with the code; its security keys
	// need no PIN or biometric
	messageTypes, verification := []string{"sms", "voice"}, "discouraged"
	if g.clean {
		messageTypes, verification = []string{"sms"}, "required"
	}
	tenantName := strings.Split(t.domain, ".")[0]
	d.providers = map[string]obj{
		"phone/message-types":     {{"message_types", messageTypes}},
		"phone/selected-provider": {{"provider", "twilio"}},
		"sms/providers/twilio": {{"from", "+15550100"}, {"messaging_service_sid", nil},
			{"auth_token", r.hex(32)}, {"sid", "AC" + r.hex(32)}},
		"sms/templates": {{"enrollment_message", "{{code}} is your verification code for {{tenant.friendly_name}}. Please enter this code to verify your enrollment."},
			{"verification_message", "{{code}} is your verification code for {{tenant.friendly_name}}"}},
		"push-notification/providers/apns": {{"bundle_id", "com.authlens." + tenantName + ".guardian"}, {"sandbox", false}, {"enabled", true}},
		// the real GET answer has no aws_secret_access_key (only the PUT
		// answer echoes it)
		"push-notification/providers/sns": {{"aws_access_key_id", "AKIA" + strings.ToUpper(r.alnum(16))},
			{"aws_region", "us-east-1"},
			{"sns_apns_platform_application_arn", "arn:aws:sns:us-east-1:123456789012:app/APNS/" + tenantName + "-guardian"},
			{"sns_gcm_platform_application_arn", "arn:aws:sns:us-east-1:123456789012:app/GCM/" + tenantName + "-guardian"}},
		"push-notification/selected-provider": {{"provider", "guardian"}},
		"duo/settings":                        {{"ikey", "DI" + strings.ToUpper(r.alnum(18))}, {"skey", r.alnum(40)}, {"host", "api-" + r.hex(8) + ".duosecurity.com"}},
		"webauthn-platform/settings":          {{"overrideRelyingParty", false}},
		"webauthn-roaming/settings":           {{"userVerification", verification}, {"overrideRelyingParty", false}},
	}
	// the first hook calls an API with a key and posts to a webhook
	d.hookSecrets = map[int]obj{}
	if t.hooks.len() > 0 {
		d.hookSecrets[0] = obj{{"API_KEY", "_VALUE_NOT_SHOWN_"}, {"SLACK_WEBHOOK_URL", "_VALUE_NOT_SHOWN_"}}
	}
	d.riskSettings = obj{{"enabled", true}}
	d.riskNewDevice = obj{{"remember_for", 30}}
}
