package auth0mgmt

import "context"

// TenantSettings are the tenant-wide settings (/tenants/settings).
//
// Lifetimes are in hours and may be fractional (0.25 is 15 minutes), so
// they are float64.
type TenantSettings struct {
	FriendlyName      string   `json:"friendly_name,omitempty"`
	PictureURL        string   `json:"picture_url,omitempty"`
	SupportEmail      string   `json:"support_email,omitempty"`
	SupportURL        string   `json:"support_url,omitempty"`
	AllowedLogoutURLs []string `json:"allowed_logout_urls,omitempty"`
	// DefaultAudience is the API used when a token request names none.
	DefaultAudience string `json:"default_audience,omitempty"`
	// DefaultDirectory is the connection used for password grants.
	DefaultDirectory string `json:"default_directory,omitempty"`
	// SessionLifetime and IdleSessionLifetime are in hours.
	SessionLifetime     float64 `json:"session_lifetime,omitempty"`
	IdleSessionLifetime float64 `json:"idle_session_lifetime,omitempty"`
	// Ephemeral (non-persistent cookie) session lifetimes, in hours.
	EphemeralSessionLifetime     float64  `json:"ephemeral_session_lifetime,omitempty"`
	IdleEphemeralSessionLifetime float64  `json:"idle_ephemeral_session_lifetime,omitempty"`
	SandboxVersion               string   `json:"sandbox_version,omitempty"`
	SandboxVersionsAvailable     []string `json:"sandbox_versions_available,omitempty"`
	// Flags are the tenant's feature toggles.
	Flags          *TenantFlags          `json:"flags,omitempty"`
	UniversalLogin *TenantUniversalLogin `json:"universal_login,omitempty"`
	// SessionCookie.Mode: persistent or non-persistent.
	SessionCookie         *TenantSessionCookie `json:"session_cookie,omitempty"`
	Sessions              *TenantSessions      `json:"sessions,omitempty"`
	DeviceFlow            *TenantDeviceFlow    `json:"device_flow,omitempty"`
	EnabledLocales        []string             `json:"enabled_locales,omitempty"`
	ErrorPage             *TenantErrorPage     `json:"error_page,omitempty"`
	GuardianMFAPage       *TenantCustomPage    `json:"guardian_mfa_page,omitempty"`
	ChangePassword        *TenantCustomPage    `json:"change_password,omitempty"`
	DefaultRedirectionURI string               `json:"default_redirection_uri,omitempty"`
	OIDCLogout            *TenantOIDCLogout    `json:"oidc_logout,omitempty"`
	MTLS                  *TenantMTLS          `json:"mtls,omitempty"`
	// CustomizeMFAInPostLoginAction lets post-login Actions choose MFA
	// factors.
	CustomizeMFAInPostLoginAction bool `json:"customize_mfa_in_postlogin_action,omitempty"`
	// AllowOrganizationNameInAuthenticationAPI accepts organization names
	// (not only ids) on the authentication endpoints.
	AllowOrganizationNameInAuthenticationAPI   bool     `json:"allow_organization_name_in_authentication_api,omitempty"`
	ACRValuesSupported                         []string `json:"acr_values_supported,omitempty"`
	PushedAuthorizationRequestsSupported       bool     `json:"pushed_authorization_requests_supported,omitempty"`
	AuthorizationResponseIssParameterSupported bool     `json:"authorization_response_iss_parameter_supported,omitempty"`
	ClientIDMetadataDocumentSupported          bool     `json:"client_id_metadata_document_supported,omitempty"`
	PhoneConsolidatedExperience                bool     `json:"phone_consolidated_experience,omitempty"`
	ResourceParameterProfile                   string   `json:"resource_parameter_profile,omitempty"`
	// CountryCodes ({mode, list}) restricts phone numbers by country.
	CountryCodes Object `json:"country_codes,omitempty"`
	// DefaultTokenQuota limits client-credentials tokens per client and
	// organization.
	DefaultTokenQuota Object `json:"default_token_quota,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// TenantFlags are the tenant's feature toggles. A flag the API did not
// send reads false; Extra (or the raw settings) tells an explicit false
// from an absent flag.
type TenantFlags struct {
	EnableClientConnections            bool `json:"enable_client_connections,omitempty"`
	EnableAPIsSection                  bool `json:"enable_apis_section,omitempty"`
	DisableImpersonation               bool `json:"disable_impersonation,omitempty"`
	EnablePipeline2                    bool `json:"enable_pipeline2,omitempty"`
	EnableDynamicClientRegistration    bool `json:"enable_dynamic_client_registration,omitempty"`
	EnableCustomDomainInEmails         bool `json:"enable_custom_domain_in_emails,omitempty"`
	EnableSSO                          bool `json:"enable_sso,omitempty"`
	AllowChangingEnableSSO             bool `json:"allow_changing_enable_sso,omitempty"`
	UniversalLogin                     bool `json:"universal_login,omitempty"`
	NewUniversalLoginExperienceEnabled bool `json:"new_universal_login_experience_enabled,omitempty"`
	EnableLegacyLogsSearchV2           bool `json:"enable_legacy_logs_search_v2,omitempty"`
	DisableClickjackProtectionHeaders  bool `json:"disable_clickjack_protection_headers,omitempty"`
	EnablePublicSignupUserExistsError  bool `json:"enable_public_signup_user_exists_error,omitempty"`
	UseScopeDescriptionsForConsent     bool `json:"use_scope_descriptions_for_consent,omitempty"`
	AllowLegacyDelegationGrantTypes    bool `json:"allow_legacy_delegation_grant_types,omitempty"`
	AllowLegacyROGrantTypes            bool `json:"allow_legacy_ro_grant_types,omitempty"`
	AllowOtherLegacyGrantTypes         bool `json:"allow_other_legacy_grant_types,omitempty"`
	AllowLegacyTokenInfoEndpoint       bool `json:"allow_legacy_tokeninfo_endpoint,omitempty"`
	EnableLegacyProfile                bool `json:"enable_legacy_profile,omitempty"`
	EnableIDTokenAPI2                  bool `json:"enable_idtoken_api2,omitempty"`
	NoDiscloseEnterpriseConnections    bool `json:"no_disclose_enterprise_connections,omitempty"`
	DisableManagementAPISMSObfuscation bool `json:"disable_management_api_sms_obfuscation,omitempty"`
	EnableADFSWAADEmailVerification    bool `json:"enable_adfs_waad_email_verification,omitempty"`
	RevokeRefreshTokenGrant            bool `json:"revoke_refresh_token_grant,omitempty"`
	DashboardLogStreamsNext            bool `json:"dashboard_log_streams_next,omitempty"`
	DashboardInsightsView              bool `json:"dashboard_insights_view,omitempty"`
	DisableFieldsMapFix                bool `json:"disable_fields_map_fix,omitempty"`
	MFAShowFactorListOnEnrollment      bool `json:"mfa_show_factor_list_on_enrollment,omitempty"`
	RemoveAlgFromJWKS                  bool `json:"remove_alg_from_jwks,omitempty"`
	RequirePushedAuthorizationRequests bool `json:"require_pushed_authorization_requests,omitempty"`
	// Enforcement of client authentication on /passwordless/start.
	EnforceClientAuthenticationOnPasswordlessStart             bool  `json:"enforce_client_authentication_on_passwordless_start,omitempty"`
	CannotChangeEnforceClientAuthenticationOnPasswordlessStart bool  `json:"cannot_change_enforce_client_authentication_on_passwordless_start,omitempty"`
	Extra                                                      Extra `json:"-"`
}

// TenantUniversalLogin are the tenant's Universal Login settings.
type TenantUniversalLogin struct {
	Colors                      *BrandingColors     `json:"colors,omitempty"`
	IdentifierFirst             bool                `json:"identifier_first,omitempty"`
	IsCustomTemplateSet         bool                `json:"is_custom_template_set,omitempty"`
	IsCustomThemeSet            bool                `json:"is_custom_theme_set,omitempty"`
	WebAuthnPlatformFirstFactor bool                `json:"webauthn_platform_first_factor,omitempty"`
	Passwordless                *TenantPasswordless `json:"passwordless,omitempty"`
	Extra                       Extra               `json:"-"`
}

// TenantPasswordless are the Universal Login passwordless settings.
type TenantPasswordless struct {
	AllowMagiclinkVerifyWithoutSession bool  `json:"allow_magiclink_verify_without_session,omitempty"`
	Extra                              Extra `json:"-"`
}

// TenantSessionCookie says whether the session cookie persists.
type TenantSessionCookie struct {
	// Mode: persistent or non-persistent.
	Mode  string `json:"mode,omitempty"`
	Extra Extra  `json:"-"`
}

// TenantSessions are session settings.
type TenantSessions struct {
	OIDCLogoutPromptEnabled bool  `json:"oidc_logout_prompt_enabled,omitempty"`
	Extra                   Extra `json:"-"`
}

// TenantDeviceFlow configures the device authorization flow's user codes.
type TenantDeviceFlow struct {
	// Charset: base20 or digits.
	Charset string `json:"charset,omitempty"`
	Mask    string `json:"mask,omitempty"`
	Extra   Extra  `json:"-"`
}

// TenantErrorPage configures the error page.
type TenantErrorPage struct {
	HTML        string `json:"html,omitempty"`
	ShowLogLink bool   `json:"show_log_link,omitempty"`
	URL         string `json:"url,omitempty"`
	Extra       Extra  `json:"-"`
}

// TenantCustomPage is a customisable hosted page (guardian_mfa_page,
// change_password).
type TenantCustomPage struct {
	Enabled bool   `json:"enabled,omitempty"`
	HTML    string `json:"html,omitempty"`
	Extra   Extra  `json:"-"`
}

// TenantOIDCLogout are the OIDC RP-initiated logout settings.
type TenantOIDCLogout struct {
	RPLogoutEndSessionEndpointDiscovery bool  `json:"rp_logout_end_session_endpoint_discovery,omitempty"`
	Extra                               Extra `json:"-"`
}

// TenantMTLS are the mutual-TLS settings.
type TenantMTLS struct {
	EnableEndpointAliases bool  `json:"enable_endpoint_aliases,omitempty"`
	Extra                 Extra `json:"-"`
}

// Settings returns the tenant's settings.
func (s *TenantService) Settings(ctx context.Context) (*TenantSettings, error) {
	var t TenantSettings
	if _, err := s.c.get(ctx, "tenants/settings", nil, &t); err != nil {
		return nil, err
	}
	return &t, nil
}
