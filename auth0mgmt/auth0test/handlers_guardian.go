package auth0test

import "net/http"

// guardianRoutes are the endpoints of the Guardian providers' settings,
// hook secrets and risk assessment settings, with the scope each needs.
func guardianRoutes() []route {
	rs := []route{
		{"GET /api/v2/hooks/{id}/secrets", "read:hooks", (*call).hookSecrets},
		{"GET /api/v2/risk-assessments/settings", "read:attack_protection", func(c *call) { c.ok(c.s.tenant.guard.riskSettings) }},
		{"GET /api/v2/risk-assessments/settings/new-device", "read:attack_protection", func(c *call) { c.ok(c.s.tenant.guard.riskNewDevice) }},
	}
	for _, p := range []string{"phone/message-types", "phone/selected-provider", "sms/providers/twilio", "sms/templates",
		"push-notification/providers/apns", "push-notification/providers/sns", "push-notification/selected-provider",
		"duo/settings", "webauthn-platform/settings", "webauthn-roaming/settings"} {
		rs = append(rs, route{"GET /api/v2/guardian/factors/" + p, "read:guardian_factors", func(c *call) { c.guardianProvider(p) }})
	}
	return rs
}

// guardianProvider answers a provider's settings; {} when
// "guardian_providers" is unconfigured, as for a provider never set up.
func (c *call) guardianProvider(p string) {
	o := c.s.tenant.guard.providers[p]
	if o == nil || c.unconfigured("guardian_providers") {
		o = obj{}
	}
	c.ok(o)
}

func (c *call) hookSecrets() {
	i, ok := c.lookup(&c.s.tenant.hooks, "Error: Hook does not exist", "HookDoesNotExist")
	if !ok {
		return
	}
	s := c.s.tenant.guard.hookSecrets[i]
	if s == nil {
		s = obj{}
	}
	c.json(http.StatusOK, s)
}
