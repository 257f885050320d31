package auth0mgmt

import (
	"context"
	"iter"
)

// ResourceServer is an API registered in the tenant.
type ResourceServer struct {
	ID string `json:"id,omitempty"`
	// Name is the display name; Identifier is the audience.
	Name       string                `json:"name,omitempty"`
	Identifier string                `json:"identifier,omitempty"`
	Scopes     []ResourceServerScope `json:"scopes,omitempty"`
	// SigningAlg is HS256, RS256 or PS256.
	SigningAlg string `json:"signing_alg,omitempty"`
	// SigningSecret is the HS256 key of the API, returned in clear.
	SigningSecret      Secret `json:"signing_secret,omitempty"`
	AllowOfflineAccess *bool  `json:"allow_offline_access,omitempty"`
	// TokenLifetime and TokenLifetimeForWeb are in seconds.
	TokenLifetime                             int   `json:"token_lifetime,omitempty"`
	TokenLifetimeForWeb                       int   `json:"token_lifetime_for_web,omitempty"`
	SkipConsentForVerifiableFirstPartyClients *bool `json:"skip_consent_for_verifiable_first_party_clients,omitempty"`
	// EnforcePolicies turns RBAC on.
	EnforcePolicies *bool `json:"enforce_policies,omitempty"`
	// TokenDialect: access_token, access_token_authz, rfc9068_profile,
	// rfc9068_profile_authz.
	TokenDialect string `json:"token_dialect,omitempty"`
	// IsSystem marks APIs Auth0 manages itself (the Management API).
	IsSystem *bool `json:"is_system,omitempty"`
	// ClientID is the application that represents the API, when any.
	ClientID string `json:"client_id,omitempty"`
	// SubjectTypeAuthorization is {user: {policy}, client: {policy}}; see
	// UserAccessPolicy and ClientAccessPolicy.
	SubjectTypeAuthorization Object `json:"subject_type_authorization,omitempty"`
	// TokenEncryption is {format, encryption_key: {name, alg, kid, pem}}.
	TokenEncryption Object `json:"token_encryption,omitempty"`
	// ProofOfPossession is {mechanism: mtls|dpop, required}.
	ProofOfPossession    Object   `json:"proof_of_possession,omitempty"`
	ConsentPolicy        string   `json:"consent_policy,omitempty"`
	AuthorizationDetails []Object `json:"authorization_details,omitempty"`
	AuthorizationPolicy  Object   `json:"authorization_policy,omitempty"`
	VerificationLocation string   `json:"verificationLocation,omitempty"`
	Extra                Extra    `json:"-"`
}

// ScopeValues returns the names of the API's scopes.
func (r ResourceServer) ScopeValues() []string {
	out := make([]string, 0, len(r.Scopes))
	for _, s := range r.Scopes {
		out = append(out, s.Value)
	}
	return out
}

// UserAccessPolicy returns subject_type_authorization.user.policy
// (allow_all, deny_all, require_client_grant), "" when absent.
func (r ResourceServer) UserAccessPolicy() string {
	return subjectPolicy(r.SubjectTypeAuthorization, "user")
}

// ClientAccessPolicy returns subject_type_authorization.client.policy
// (deny_all, require_client_grant), "" when absent.
func (r ResourceServer) ClientAccessPolicy() string {
	return subjectPolicy(r.SubjectTypeAuthorization, "client")
}

func subjectPolicy(o Object, subject string) string {
	var sub Object
	if !o.Get(subject, &sub) {
		return ""
	}
	return sub.String("policy")
}

// ResourceServerScope is a scope (permission) an API defines.
type ResourceServerScope struct {
	Value       string `json:"value,omitempty"`
	Description string `json:"description,omitempty"`
	Extra       Extra  `json:"-"`
}

// All lists every API (offset paging). Query filter: "identifiers"
// (repeatable).
func (s *ResourceServersService) All(ctx context.Context, opts *ListOptions) iter.Seq2[ResourceServer, error] {
	return offsetAll[ResourceServer](ctx, s.c, "resource-servers", "resource_servers", opts, true)
}

// List returns one offset page of APIs.
func (s *ResourceServersService) List(ctx context.Context, opts *ListOptions) (*Page[ResourceServer], error) {
	return offsetList[ResourceServer](ctx, s.c, "resource-servers", "resource_servers", opts, true)
}

// Get returns one API by id or by identifier (audience).
func (s *ResourceServersService) Get(ctx context.Context, idOrIdentifier string) (*ResourceServer, error) {
	var r ResourceServer
	if _, err := s.c.get(ctx, "resource-servers/"+escape(idOrIdentifier), nil, &r); err != nil {
		return nil, err
	}
	return &r, nil
}
