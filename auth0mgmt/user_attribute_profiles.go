package auth0mgmt

import (
	"context"
	"iter"
)

// UserAttributeProfile says how the user attributes of enterprise and
// self-service connections map from OIDC claims, SAML attributes and
// SCIM (which attribute becomes the user id, which attributes are
// required).
type UserAttributeProfile struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	// UserID is {oidc_mapping, saml_mapping, scim_mapping, ...}.
	UserID Object `json:"user_id,omitempty"`
	// UserAttributes maps attribute names to {description, label,
	// profile_required, auth0_mapping, oidc_mapping, saml_mapping,
	// scim_mapping, strategy_overrides}.
	UserAttributes Object `json:"user_attributes,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// All lists every user attribute profile (checkpoint paging, items under
// user_attribute_profiles; read:user_attribute_profiles).
func (s *UserAttributeProfilesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[UserAttributeProfile, error] {
	return checkpointAll[UserAttributeProfile](ctx, s.c, "user-attribute-profiles", "user_attribute_profiles", opts)
}

// List returns one page of user attribute profiles.
func (s *UserAttributeProfilesService) List(ctx context.Context, opts *ListOptions) (*Page[UserAttributeProfile], error) {
	return checkpointList[UserAttributeProfile](ctx, s.c, "user-attribute-profiles", "user_attribute_profiles", opts)
}

// Get returns one user attribute profile.
func (s *UserAttributeProfilesService) Get(ctx context.Context, id string) (*UserAttributeProfile, error) {
	var p UserAttributeProfile
	if _, err := s.c.get(ctx, "user-attribute-profiles/"+escape(id), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
