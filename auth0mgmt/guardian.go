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

// The settings of the factors' providers (read:guardian_factors). Each is
// one object; a provider never set up answers {} (or 404 on some tenants).
// Credentials the API returns in clear (Twilio's auth_token, Duo's keys,
// the AWS keys of SNS, APNs' p12 certificate) are Secret: fmt shows
// [REDACTED], JSON keeps the value.

// Names of the push notification and phone providers (selected-provider).
const (
	GuardianPushProviderGuardian = "guardian"
	GuardianPushProviderSNS      = "sns"
	GuardianPushProviderDirect   = "direct"
	GuardianPhoneProviderAuth0   = "auth0"
	GuardianPhoneProviderTwilio  = "twilio"
	GuardianPhoneProviderHook    = "phone-message-hook"
)

// GuardianMessageTypes are the ways the phone factor sends its codes:
// "sms", "voice" or both.
type GuardianMessageTypes struct {
	MessageTypes []string `json:"message_types,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// GuardianSelectedProvider names the provider a factor uses: for the
// phone factor auth0, twilio or phone-message-hook; for push
// notifications guardian, sns or direct.
type GuardianSelectedProvider struct {
	Provider string `json:"provider,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// GuardianTwilio is the Twilio account that sends the SMS factor's codes.
type GuardianTwilio struct {
	From                string `json:"from,omitempty"`
	MessagingServiceSID string `json:"messaging_service_sid,omitempty"`
	// AuthToken is the account's token, returned in clear.
	AuthToken Secret `json:"auth_token,omitempty"`
	SID       string `json:"sid,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// GuardianSMSTemplates are the texts of the SMS factor's enrolment and
// verification messages.
type GuardianSMSTemplates struct {
	EnrollmentMessage   string `json:"enrollment_message,omitempty"`
	VerificationMessage string `json:"verification_message,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// GuardianAPNS is the Apple Push Notification service set up for push
// notifications sent directly (provider "direct"). Enabled says whether
// its certificate is configured.
type GuardianAPNS struct {
	BundleID string `json:"bundle_id,omitempty"`
	Sandbox  bool   `json:"sandbox,omitempty"`
	Enabled  bool   `json:"enabled,omitempty"`
	// P12 is the certificate with its private key, should the API ever
	// return it.
	P12 Secret `json:"p12,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// GuardianSNS is the Amazon SNS account that sends push notifications
// (provider "sns").
type GuardianSNS struct {
	AWSAccessKeyID                string `json:"aws_access_key_id,omitempty"`
	AWSSecretAccessKey            Secret `json:"aws_secret_access_key,omitempty"`
	AWSRegion                     string `json:"aws_region,omitempty"`
	SNSAPNSPlatformApplicationARN string `json:"sns_apns_platform_application_arn,omitempty"`
	SNSGCMPlatformApplicationARN  string `json:"sns_gcm_platform_application_arn,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// GuardianDuoSettings is the Duo Security application of the duo factor:
// its integration key, secret key and API host.
type GuardianDuoSettings struct {
	IKey Secret `json:"ikey,omitempty"`
	SKey Secret `json:"skey,omitempty"`
	Host string `json:"host,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// GuardianWebAuthnSettings are the settings of a WebAuthn factor
// (webauthn-roaming: security keys; webauthn-platform: device
// biometrics). UserVerification (roaming only) is "discouraged",
// "preferred" or "required".
type GuardianWebAuthnSettings struct {
	OverrideRelyingParty   bool   `json:"overrideRelyingParty,omitempty"`
	RelyingPartyIdentifier string `json:"relyingPartyIdentifier,omitempty"`
	UserVerification       string `json:"userVerification,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

func guardianGet[T any](ctx context.Context, s *GuardianService, path string) (*T, error) {
	var v T
	if _, err := s.c.get(ctx, "guardian/factors/"+path, nil, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// PhoneMessageTypes returns how the phone factor sends codes.
func (s *GuardianService) PhoneMessageTypes(ctx context.Context) (*GuardianMessageTypes, error) {
	return guardianGet[GuardianMessageTypes](ctx, s, "phone/message-types")
}

// PhoneSelectedProvider returns the phone factor's provider.
func (s *GuardianService) PhoneSelectedProvider(ctx context.Context) (*GuardianSelectedProvider, error) {
	return guardianGet[GuardianSelectedProvider](ctx, s, "phone/selected-provider")
}

// SMSTwilio returns the Twilio settings of the SMS factor.
func (s *GuardianService) SMSTwilio(ctx context.Context) (*GuardianTwilio, error) {
	return guardianGet[GuardianTwilio](ctx, s, "sms/providers/twilio")
}

// SMSTemplates returns the SMS factor's message templates.
func (s *GuardianService) SMSTemplates(ctx context.Context) (*GuardianSMSTemplates, error) {
	return guardianGet[GuardianSMSTemplates](ctx, s, "sms/templates")
}

// PushAPNS returns the APNs settings of push notifications.
func (s *GuardianService) PushAPNS(ctx context.Context) (*GuardianAPNS, error) {
	return guardianGet[GuardianAPNS](ctx, s, "push-notification/providers/apns")
}

// PushSNS returns the Amazon SNS settings of push notifications.
func (s *GuardianService) PushSNS(ctx context.Context) (*GuardianSNS, error) {
	return guardianGet[GuardianSNS](ctx, s, "push-notification/providers/sns")
}

// PushSelectedProvider returns the push notification factor's provider.
func (s *GuardianService) PushSelectedProvider(ctx context.Context) (*GuardianSelectedProvider, error) {
	return guardianGet[GuardianSelectedProvider](ctx, s, "push-notification/selected-provider")
}

// DuoSettings returns the duo factor's settings.
func (s *GuardianService) DuoSettings(ctx context.Context) (*GuardianDuoSettings, error) {
	return guardianGet[GuardianDuoSettings](ctx, s, "duo/settings")
}

// WebAuthnPlatformSettings returns the webauthn-platform factor's
// settings.
func (s *GuardianService) WebAuthnPlatformSettings(ctx context.Context) (*GuardianWebAuthnSettings, error) {
	return guardianGet[GuardianWebAuthnSettings](ctx, s, "webauthn-platform/settings")
}

// WebAuthnRoamingSettings returns the webauthn-roaming factor's settings.
func (s *GuardianService) WebAuthnRoamingSettings(ctx context.Context) (*GuardianWebAuthnSettings, error) {
	return guardianGet[GuardianWebAuthnSettings](ctx, s, "webauthn-roaming/settings")
}
