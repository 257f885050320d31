package auth0mgmt

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"slices"
	"strconv"
	"strings"
)

// Application is an Auth0 application, which the API calls a "client".
//
// ClientSecret is a Secret (the API returns it in clear to tokens with
// read:client_keys, which a read-only scanner should not hold). SigningKeys,
// EncryptionKey and the open-ended members (ClientMetadata, Mobile, Addons,
// NativeSocialLogin, ...) are Objects: fmt shows their member names only.
type Application struct {
	ClientID    string `json:"client_id,omitempty"`
	Tenant      string `json:"tenant,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	// AppType: native, spa, regular_web, non_interactive, rms, box,
	// cloudbees, ..., express_configuration, resource_server.
	AppType        string `json:"app_type,omitempty"`
	LogoURI        string `json:"logo_uri,omitempty"`
	IsFirstParty   *bool  `json:"is_first_party,omitempty"`
	OIDCConformant *bool  `json:"oidc_conformant,omitempty"`
	// Global marks the tenant's legacy "All Applications" client.
	Global              *bool    `json:"global,omitempty"`
	Callbacks           []string `json:"callbacks,omitempty"`
	AllowedOrigins      []string `json:"allowed_origins,omitempty"`
	WebOrigins          []string `json:"web_origins,omitempty"`
	ClientAliases       []string `json:"client_aliases,omitempty"`
	AllowedClients      []string `json:"allowed_clients,omitempty"`
	AllowedLogoutURLs   []string `json:"allowed_logout_urls,omitempty"`
	CallbackURLTemplate *bool    `json:"callback_url_template,omitempty"`
	GrantTypes          []string `json:"grant_types,omitempty"`
	// TokenEndpointAuthMethod: none, client_secret_post,
	// client_secret_basic; absent when ClientAuthenticationMethods is set.
	TokenEndpointAuthMethod string `json:"token_endpoint_auth_method,omitempty"`
	// ClientAuthenticationMethods is {private_key_jwt | tls_client_auth |
	// self_signed_tls_client_auth: {credentials: [{id, ...}]}}.
	ClientAuthenticationMethods Object                  `json:"client_authentication_methods,omitempty"`
	ClientSecret                Secret                  `json:"client_secret,omitempty"`
	JWTConfiguration            *ClientJWTConfiguration `json:"jwt_configuration,omitempty"`
	RefreshToken                *ClientRefreshToken     `json:"refresh_token,omitempty"`
	// SigningKeys are the client's certificates ({cert, pkcs7, subject}).
	SigningKeys []Object `json:"signing_keys,omitempty"`
	// EncryptionKey is {pub, cert, subject}.
	EncryptionKey             Object `json:"encryption_key,omitempty"`
	CrossOriginAuthentication *bool  `json:"cross_origin_authentication,omitempty"`
	// CrossOriginAuth is the deprecated name of CrossOriginAuthentication;
	// some clients carry both.
	CrossOriginAuth   *bool  `json:"cross_origin_auth,omitempty"`
	CrossOriginLoc    string `json:"cross_origin_loc,omitempty"`
	SSO               *bool  `json:"sso,omitempty"`
	SSODisabled       *bool  `json:"sso_disabled,omitempty"`
	CustomLoginPageOn *bool  `json:"custom_login_page_on,omitempty"`
	CustomLoginPage   string `json:"custom_login_page,omitempty"`
	// CustomLoginPagePreview and FormTemplate are legacy HTML templates.
	CustomLoginPagePreview string `json:"custom_login_page_preview,omitempty"`
	FormTemplate           string `json:"form_template,omitempty"`
	InitiateLoginURI       string `json:"initiate_login_uri,omitempty"`
	// OrganizationUsage: deny, allow, require.
	OrganizationUsage string `json:"organization_usage,omitempty"`
	// OrganizationRequireBehavior: no_prompt, pre_login_prompt,
	// post_login_prompt.
	OrganizationRequireBehavior        string                     `json:"organization_require_behavior,omitempty"`
	OrganizationDiscoveryMethods       []string                   `json:"organization_discovery_methods,omitempty"`
	DefaultOrganization                *ClientDefaultOrganization `json:"default_organization,omitempty"`
	RequirePushedAuthorizationRequests *bool                      `json:"require_pushed_authorization_requests,omitempty"`
	RequireProofOfPossession           *bool                      `json:"require_proof_of_possession,omitempty"`
	// ComplianceLevel: none, fapi1_adv_pkj_par, fapi1_adv_mtls_par, ...
	ComplianceLevel string `json:"compliance_level,omitempty"`
	// IsTokenEndpointIPHeaderTrusted: the token endpoint trusts the
	// auth0-forwarded-for header sent with this client's credentials.
	IsTokenEndpointIPHeaderTrusted *bool `json:"is_token_endpoint_ip_header_trusted,omitempty"`
	// SkipNonVerifiableCallbackURIConfirmationPrompt skips the
	// confirmation for custom-scheme callbacks.
	SkipNonVerifiableCallbackURIConfirmationPrompt *bool  `json:"skip_non_verifiable_callback_uri_confirmation_prompt,omitempty"`
	ClientMetadata                                 Object `json:"client_metadata,omitempty"`
	Mobile                                         Object `json:"mobile,omitempty"`
	Addons                                         Object `json:"addons,omitempty"`
	NativeSocialLogin                              Object `json:"native_social_login,omitempty"`
	OIDCLogout                                     Object `json:"oidc_logout,omitempty"`
	// OIDCBackchannelLogout is the deprecated form of OIDCLogout.
	OIDCBackchannelLogout Object `json:"oidc_backchannel_logout,omitempty"`
	// SignedRequestObject is JAR: {required, credentials}.
	SignedRequestObject Object `json:"signed_request_object,omitempty"`
	TokenQuota          Object `json:"token_quota,omitempty"`
	SessionTransfer     Object `json:"session_transfer,omitempty"`
	TokenExchange       Object `json:"token_exchange,omitempty"`
	// ResourceServerIdentifier is set on clients that represent an API.
	ResourceServerIdentifier string `json:"resource_server_identifier,omitempty"`
	Extra                    Extra  `json:"-"`
}

// IsM2M reports whether the application is a machine-to-machine one
// (app_type "non_interactive").
func (a Application) IsM2M() bool { return a.AppType == "non_interactive" }

// HasGrant reports whether grant_types includes grant (e.g.
// "client_credentials", "password", "implicit").
func (a Application) HasGrant(grant string) bool { return slices.Contains(a.GrantTypes, grant) }

// HasWildcardCallback reports whether any allowed callback URL contains a
// wildcard ("*").
func (a Application) HasWildcardCallback() bool { return hasWildcard(a.Callbacks) }

// WildcardURLs returns the entries with a wildcard of callbacks,
// allowed_logout_urls, web_origins and allowed_origins, keyed by member
// name; nil when there are none.
func (a Application) WildcardURLs() map[string][]string {
	var out map[string][]string
	for name, list := range map[string][]string{
		"callbacks":           a.Callbacks,
		"allowed_logout_urls": a.AllowedLogoutURLs,
		"web_origins":         a.WebOrigins,
		"allowed_origins":     a.AllowedOrigins,
	} {
		for _, u := range list {
			if strings.Contains(u, "*") {
				if out == nil {
					out = map[string][]string{}
				}
				out[name] = append(out[name], u)
			}
		}
	}
	return out
}

func hasWildcard(list []string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.Contains(s, "*") })
}

// AuthMethods returns how the application authenticates at the token
// endpoint: token_endpoint_auth_method when set, then the names of
// client_authentication_methods (private_key_jwt, tls_client_auth,
// self_signed_tls_client_auth), sorted.
func (a Application) AuthMethods() []string {
	var out []string
	if a.TokenEndpointAuthMethod != "" {
		out = append(out, a.TokenEndpointAuthMethod)
	}
	return append(out, a.ClientAuthenticationMethods.Keys()...)
}

// IsPublic reports whether the application has no client authentication
// (token_endpoint_auth_method "none": SPAs and native apps).
func (a Application) IsPublic() bool { return a.TokenEndpointAuthMethod == "none" }

// ClientJWTConfiguration is how the application's ID tokens are signed.
type ClientJWTConfiguration struct {
	// Alg: HS256, RS256, PS256.
	Alg string `json:"alg,omitempty"`
	// LifetimeInSeconds is the ID token lifetime; a number, or a string
	// on some old tenants.
	LifetimeInSeconds *LooseInt `json:"lifetime_in_seconds,omitempty"`
	SecretEncoded     *bool     `json:"secret_encoded,omitempty"`
	// Scopes is the legacy per-client scope map.
	Scopes Object `json:"scopes,omitempty"`
	Extra  Extra  `json:"-"`
}

// ClientRefreshToken is the application's refresh-token policy. Lifetimes
// are in seconds.
type ClientRefreshToken struct {
	// RotationType: rotating, non-rotating.
	RotationType string `json:"rotation_type,omitempty"`
	// ExpirationType: expiring, non-expiring.
	ExpirationType            string `json:"expiration_type,omitempty"`
	Leeway                    int    `json:"leeway,omitempty"`
	TokenLifetime             int    `json:"token_lifetime,omitempty"`
	InfiniteTokenLifetime     *bool  `json:"infinite_token_lifetime,omitempty"`
	IdleTokenLifetime         int    `json:"idle_token_lifetime,omitempty"`
	InfiniteIdleTokenLifetime *bool  `json:"infinite_idle_token_lifetime,omitempty"`
	// Policies is [{audience, scope: [...]}] (multi-resource refresh
	// tokens).
	Policies []Object `json:"policies,omitempty"`
	Extra    Extra    `json:"-"`
}

// Rotating reports whether refresh tokens rotate.
func (r *ClientRefreshToken) Rotating() bool { return r != nil && r.RotationType == "rotating" }

// ClientDefaultOrganization is the organization used when a flow names
// none.
type ClientDefaultOrganization struct {
	OrganizationID string `json:"organization_id,omitempty"`
	// Flows: client_credentials.
	Flows []string `json:"flows,omitempty"`
	Extra Extra    `json:"-"`
}

// LooseInt is an integer the API sends as a JSON number or, on some
// tenants, as a string ("36000"). It keeps the JSON form it was decoded
// from and encodes it back unchanged.
type LooseInt struct {
	raw json.RawMessage
}

// NewLooseInt returns a LooseInt that encodes as a JSON number.
func NewLooseInt(n int64) LooseInt {
	return LooseInt{raw: json.RawMessage(strconv.FormatInt(n, 10))}
}

// Int returns the value and whether it is an integer (a number, or a
// string holding one).
func (n LooseInt) Int() (int64, bool) {
	s := string(bytes.TrimSpace(n.raw))
	if uq, err := strconv.Unquote(s); err == nil {
		s = strings.TrimSpace(uq)
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != float64(int64(f)) {
			return 0, false
		}
		return int64(f), true
	}
	return v, true
}

// IsString reports whether the API sent the value as a JSON string.
func (n LooseInt) IsString() bool {
	t := bytes.TrimSpace(n.raw)
	return len(t) > 0 && t[0] == '"'
}

// String returns the value as text ("" when unset).
func (n LooseInt) String() string {
	if v, ok := n.Int(); ok {
		return strconv.FormatInt(v, 10)
	}
	s := string(bytes.TrimSpace(n.raw))
	if uq, err := strconv.Unquote(s); err == nil {
		return uq
	}
	return s
}

// UnmarshalJSON keeps the JSON value as it came.
func (n *LooseInt) UnmarshalJSON(b []byte) error {
	n.raw = append(json.RawMessage(nil), bytes.TrimSpace(b)...)
	return nil
}

// MarshalJSON writes the value in its original form (null when unset).
func (n LooseInt) MarshalJSON() ([]byte, error) {
	if len(n.raw) == 0 {
		return []byte("null"), nil
	}
	return n.raw, nil
}

// All lists every application (offset paging). Query filters:
// "app_type" (comma separated), "is_global", "is_first_party", "q".
func (s *ClientsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Application, error] {
	return offsetAll[Application](ctx, s.c, "clients", "clients", opts, true)
}

// List returns one offset page of applications.
func (s *ClientsService) List(ctx context.Context, opts *ListOptions) (*Page[Application], error) {
	return offsetList[Application](ctx, s.c, "clients", "clients", opts, true)
}

// Get returns one application by client id.
func (s *ClientsService) Get(ctx context.Context, clientID string) (*Application, error) {
	var a Application
	if _, err := s.c.get(ctx, "clients/"+escape(clientID), nil, &a); err != nil {
		return nil, err
	}
	return &a, nil
}
