package auth0mgmt

import "context"

// BruteForceProtection blocks an identifier (or identifier and IP) after
// repeated failed logins.
type BruteForceProtection struct {
	Enabled bool `json:"enabled,omitempty"`
	// Shields: block, user_notification.
	Shields []string `json:"shields,omitempty"`
	// Allowlist holds IP addresses and CIDR ranges never blocked.
	Allowlist []string `json:"allowlist,omitempty"`
	// Mode: count_per_identifier_and_ip or count_per_identifier.
	Mode        string `json:"mode,omitempty"`
	MaxAttempts int    `json:"max_attempts,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// BreachedPasswordDetection acts on logins and sign-ups with credentials
// known to have leaked.
type BreachedPasswordDetection struct {
	Enabled bool `json:"enabled,omitempty"`
	// Shields: block, user_notification, admin_notification.
	Shields []string `json:"shields,omitempty"`
	// AdminNotificationFrequency: immediately, daily, weekly, monthly.
	AdminNotificationFrequency []string `json:"admin_notification_frequency,omitempty"`
	// Method: standard or enhanced.
	Method string                          `json:"method,omitempty"`
	Stage  *BreachedPasswordDetectionStage `json:"stage,omitempty"`
	Extra  Extra                           `json:"-"`
}

// BreachedPasswordDetectionStage holds the shields of each stage.
type BreachedPasswordDetectionStage struct {
	PreUserRegistration *AttackProtectionShields `json:"pre-user-registration,omitempty"`
	PreChangePassword   *AttackProtectionShields `json:"pre-change-password,omitempty"`
	Extra               Extra                    `json:"-"`
}

// AttackProtectionShields are the shields of one stage.
type AttackProtectionShields struct {
	Shields []string `json:"shields,omitempty"`
	Extra   Extra    `json:"-"`
}

// SuspiciousIPThrottling throttles IP addresses that try many logins or
// sign-ups.
type SuspiciousIPThrottling struct {
	Enabled bool `json:"enabled,omitempty"`
	// Shields: block, admin_notification.
	Shields   []string                     `json:"shields,omitempty"`
	Allowlist []string                     `json:"allowlist,omitempty"`
	Stage     *SuspiciousIPThrottlingStage `json:"stage,omitempty"`
	Extra     Extra                        `json:"-"`
}

// SuspiciousIPThrottlingStage holds the limits of each stage.
type SuspiciousIPThrottlingStage struct {
	PreLogin               *ThrottleLimit `json:"pre-login,omitempty"`
	PreUserRegistration    *ThrottleLimit `json:"pre-user-registration,omitempty"`
	PreCustomTokenExchange *ThrottleLimit `json:"pre-custom-token-exchange,omitempty"`
	Extra                  Extra          `json:"-"`
}

// ThrottleLimit is a bucket: MaxAttempts attempts, one more every Rate
// milliseconds.
type ThrottleLimit struct {
	MaxAttempts int   `json:"max_attempts,omitempty"`
	Rate        int   `json:"rate,omitempty"`
	Extra       Extra `json:"-"`
}

// BotDetection challenges traffic that looks automated.
type BotDetection struct {
	// BotDetectionLevel: low, medium, high.
	BotDetectionLevel string `json:"bot_detection_level,omitempty"`
	// Challenge policies: never, when_risky, always.
	ChallengePasswordPolicy      string   `json:"challenge_password_policy,omitempty"`
	ChallengePasswordlessPolicy  string   `json:"challenge_passwordless_policy,omitempty"`
	ChallengePasswordResetPolicy string   `json:"challenge_password_reset_policy,omitempty"`
	Allowlist                    []string `json:"allowlist,omitempty"`
	// MonitoringModeEnabled only logs what would be challenged.
	MonitoringModeEnabled bool  `json:"monitoring_mode_enabled,omitempty"`
	Extra                 Extra `json:"-"`
}

// BruteForceProtection returns the brute-force protection settings.
func (s *AttackProtectionService) BruteForceProtection(ctx context.Context) (*BruteForceProtection, error) {
	var v BruteForceProtection
	if _, err := s.c.get(ctx, "attack-protection/brute-force-protection", nil, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// BreachedPasswordDetection returns the breached password detection
// settings.
func (s *AttackProtectionService) BreachedPasswordDetection(ctx context.Context) (*BreachedPasswordDetection, error) {
	var v BreachedPasswordDetection
	if _, err := s.c.get(ctx, "attack-protection/breached-password-detection", nil, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// SuspiciousIPThrottling returns the suspicious IP throttling settings.
func (s *AttackProtectionService) SuspiciousIPThrottling(ctx context.Context) (*SuspiciousIPThrottling, error) {
	var v SuspiciousIPThrottling
	if _, err := s.c.get(ctx, "attack-protection/suspicious-ip-throttling", nil, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// BotDetection returns the bot detection settings.
func (s *AttackProtectionService) BotDetection(ctx context.Context) (*BotDetection, error) {
	var v BotDetection
	if _, err := s.c.get(ctx, "attack-protection/bot-detection", nil, &v); err != nil {
		return nil, err
	}
	return &v, nil
}
