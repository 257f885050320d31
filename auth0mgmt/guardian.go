package auth0mgmt

import "context"

// Names of the Guardian MFA factors.
const (
	GuardianFactorSMS              = "sms"
	GuardianFactorPushNotification = "push-notification"
	GuardianFactorOTP              = "otp"
	GuardianFactorEmail            = "email"
	GuardianFactorDuo              = "duo"
	GuardianFactorWebAuthnRoaming  = "webauthn-roaming"
	GuardianFactorWebAuthnPlatform = "webauthn-platform"
	GuardianFactorRecoveryCode     = "recovery-code"
)

// GuardianFactor is an MFA factor and whether it is enabled.
type GuardianFactor struct {
	Name         string `json:"name,omitempty"`
	Enabled      bool   `json:"enabled,omitempty"`
	TrialExpired bool   `json:"trial_expired,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// Factors returns every MFA factor (one unpaged array).
func (s *GuardianService) Factors(ctx context.Context) ([]GuardianFactor, error) {
	out, _, err := plainList[GuardianFactor](ctx, s.c, "guardian/factors", nil)
	return out, err
}

// Policies returns the MFA policies: empty (MFA never required by policy),
// ["all-applications"] or ["confidence-score"] (adaptive). The result is
// never nil on success.
func (s *GuardianService) Policies(ctx context.Context) ([]string, error) {
	out, _, err := plainList[string](ctx, s.c, "guardian/policies", nil)
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []string{}
	}
	return out, nil
}
