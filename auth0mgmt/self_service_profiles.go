package auth0mgmt

import (
	"context"
	"iter"
)

// SelfServiceProfile is a self-service SSO profile: what the customers'
// administrators may set up themselves (the identity provider strategies
// they may connect, the attributes asked of their users) through an SSO
// access ticket.
type SelfServiceProfile struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	// UserAttributes are the attributes the connection must map
	// (superseded by UserAttributeProfileID).
	UserAttributes []SelfServiceUserAttribute `json:"user_attributes,omitempty"`
	// AllowedStrategies: oidc, samlp, waad, google-apps, adfs, okta,
	// keycloak-samlp, pingfederate.
	AllowedStrategies      []string `json:"allowed_strategies,omitempty"`
	UserAttributeProfileID string   `json:"user_attribute_profile_id,omitempty"`
	// Branding is {logo_url, colors: {primary}}.
	Branding  Object `json:"branding,omitempty"`
	CreatedAt string `json:"created_at,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// SelfServiceUserAttribute is an attribute a self-service connection maps.
type SelfServiceUserAttribute struct {
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	IsOptional  bool   `json:"is_optional,omitempty"`
	Extra       Extra  `json:"-"`
}

// All lists every self-service profile (offset paging with
// include_totals, items under self_service_profiles).
func (s *SelfServiceProfilesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[SelfServiceProfile, error] {
	return offsetAll[SelfServiceProfile](ctx, s.c, "self-service-profiles", "self_service_profiles", opts, true)
}

// List returns one page of self-service profiles.
func (s *SelfServiceProfilesService) List(ctx context.Context, opts *ListOptions) (*Page[SelfServiceProfile], error) {
	return offsetList[SelfServiceProfile](ctx, s.c, "self-service-profiles", "self_service_profiles", opts, true)
}

// Get returns one self-service profile.
func (s *SelfServiceProfilesService) Get(ctx context.Context, id string) (*SelfServiceProfile, error) {
	var p SelfServiceProfile
	if _, err := s.c.get(ctx, "self-service-profiles/"+escape(id), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
