package auth0mgmt

import (
	"context"
	"iter"
)

// AuthenticationMethod is an MFA factor or passkey a user enrolled: its
// type (phone, email, totp, push, webauthn-roaming, webauthn-platform,
// passkey, recovery-code, guardian), whether it is confirmed and, for
// some types, a masked phone number or email.
type AuthenticationMethod struct {
	ID        string `json:"id,omitempty"`
	Type      string `json:"type,omitempty"`
	Confirmed bool   `json:"confirmed,omitempty"`
	Name      string `json:"name,omitempty"`
	// Email and PhoneNumber come masked ("chuc****@exam*******").
	Email       string `json:"email,omitempty"`
	PhoneNumber string `json:"phone_number,omitempty"`
	// PreferredAuthenticationMethod: sms or voice for phone.
	PreferredAuthenticationMethod string `json:"preferred_authentication_method,omitempty"`
	// AuthenticationMethods are the methods a push or phone enrolment
	// bundles ([{id, type}]).
	AuthenticationMethods []AuthenticationMethodRef `json:"authentication_methods,omitempty"`
	LinkID                string                    `json:"link_id,omitempty"`
	KeyID                 string                    `json:"key_id,omitempty"`
	PublicKey             string                    `json:"public_key,omitempty"`
	AAGUID                string                    `json:"aaguid,omitempty"`
	RelyingPartyID        string                    `json:"relying_party_identifier,omitempty"`
	CredentialDeviceType  string                    `json:"credential_device_type,omitempty"`
	CredentialBackedUp    bool                      `json:"credential_backed_up,omitempty"`
	IdentityUserID        string                    `json:"identity_user_id,omitempty"`
	UserAgent             string                    `json:"user_agent,omitempty"`
	CreatedAt             string                    `json:"created_at,omitempty"`
	LastAuthAt            string                    `json:"last_auth_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// AuthenticationMethodRef names a method bundled in another.
type AuthenticationMethodRef struct {
	ID    string `json:"id,omitempty"`
	Type  string `json:"type,omitempty"`
	Extra Extra  `json:"-"`
}

// Session is a user's login session: when it was made and last used,
// when it expires, the devices (first and last IP, ASN, user agent), the
// applications it signed into and how the user authenticated.
type Session struct {
	ID               string                 `json:"id,omitempty"`
	UserID           string                 `json:"user_id,omitempty"`
	CreatedAt        string                 `json:"created_at,omitempty"`
	UpdatedAt        string                 `json:"updated_at,omitempty"`
	AuthenticatedAt  string                 `json:"authenticated_at,omitempty"`
	IdleExpiresAt    string                 `json:"idle_expires_at,omitempty"`
	ExpiresAt        string                 `json:"expires_at,omitempty"`
	LastInteractedAt string                 `json:"last_interacted_at,omitempty"`
	Device           *SessionDevice         `json:"device,omitempty"`
	Clients          []SessionClient        `json:"clients,omitempty"`
	Authentication   *SessionAuthentication `json:"authentication,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// SessionDevice is where a session was made and last used.
type SessionDevice struct {
	InitialUserAgent string `json:"initial_user_agent,omitempty"`
	InitialIP        string `json:"initial_ip,omitempty"`
	InitialASN       string `json:"initial_asn,omitempty"`
	LastUserAgent    string `json:"last_user_agent,omitempty"`
	LastIP           string `json:"last_ip,omitempty"`
	LastASN          string `json:"last_asn,omitempty"`
	Extra            Extra  `json:"-"`
}

// SessionClient is an application a session signed into.
type SessionClient struct {
	ClientID string `json:"client_id,omitempty"`
	Extra    Extra  `json:"-"`
}

// SessionAuthentication lists how the user authenticated in a session.
type SessionAuthentication struct {
	Methods []SessionAuthenticationMethod `json:"methods,omitempty"`
	Extra   Extra                         `json:"-"`
}

// SessionAuthenticationMethod is one authentication of a session (pwd,
// federated, passkey, mfa, ...).
type SessionAuthenticationMethod struct {
	Name      string `json:"name,omitempty"`
	Type      string `json:"type,omitempty"`
	Timestamp string `json:"timestamp,omitempty"`
	Extra     Extra  `json:"-"`
}

// RefreshToken describes a refresh token issued to a user: the
// application, the APIs and scopes, whether it rotates and when it
// expires. The API never returns the token itself.
type RefreshToken struct {
	ID              string                 `json:"id,omitempty"`
	UserID          string                 `json:"user_id,omitempty"`
	ClientID        string                 `json:"client_id,omitempty"`
	SessionID       string                 `json:"session_id,omitempty"`
	Rotating        bool                   `json:"rotating,omitempty"`
	ResourceServers []RefreshTokenResource `json:"resource_servers,omitempty"`
	Device          Object                 `json:"device,omitempty"`
	CreatedAt       string                 `json:"created_at,omitempty"`
	IdleExpiresAt   string                 `json:"idle_expires_at,omitempty"`
	ExpiresAt       string                 `json:"expires_at,omitempty"`
	LastExchangedAt string                 `json:"last_exchanged_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// RefreshTokenResource is an API a refresh token reaches, and its scopes
// (space separated).
type RefreshTokenResource struct {
	Audience string `json:"audience,omitempty"`
	Scopes   string `json:"scopes,omitempty"`
	Extra    Extra  `json:"-"`
}

// AuthenticationMethods lists a user's enrolled authentication methods
// (offset paging with include_totals, items under authenticators;
// read:authentication_methods).
func (s *UsersService) AuthenticationMethods(ctx context.Context, userID string, opts *ListOptions) iter.Seq2[AuthenticationMethod, error] {
	return offsetAll[AuthenticationMethod](ctx, s.c, "users/"+escape(userID)+"/authentication-methods", "authenticators", opts, true)
}

// Sessions lists a user's sessions (checkpoint paging, items under
// sessions; read:sessions).
func (s *UsersService) Sessions(ctx context.Context, userID string, opts *ListOptions) iter.Seq2[Session, error] {
	return checkpointAll[Session](ctx, s.c, "users/"+escape(userID)+"/sessions", "sessions", opts)
}

// RefreshTokens lists a user's refresh tokens (checkpoint paging, items
// under tokens; read:refresh_tokens).
func (s *UsersService) RefreshTokens(ctx context.Context, userID string, opts *ListOptions) iter.Seq2[RefreshToken, error] {
	return checkpointAll[RefreshToken](ctx, s.c, "users/"+escape(userID)+"/refresh-tokens", "tokens", opts)
}
