package auth0mgmt

import (
	"context"
	"iter"
	"slices"
)

// ClientGrant authorises an application to request tokens for an API
// (audience) with the listed scopes.
type ClientGrant struct {
	ID       string   `json:"id,omitempty"`
	ClientID string   `json:"client_id,omitempty"`
	Audience string   `json:"audience,omitempty"`
	Scope    []string `json:"scope,omitempty"`
	// OrganizationUsage is "deny", "allow" or "require".
	OrganizationUsage    string `json:"organization_usage,omitempty"`
	AllowAnyOrganization *bool  `json:"allow_any_organization,omitempty"`
	// IsSystem marks grants Auth0 manages itself.
	IsSystem *bool `json:"is_system,omitempty"`
	// SubjectType is "client" (client credentials) or "user".
	SubjectType               string   `json:"subject_type,omitempty"`
	AuthorizationDetailsTypes []string `json:"authorization_details_types,omitempty"`
	Extra                     Extra    `json:"-"`
}

// HasScope reports whether the grant includes scope.
func (g ClientGrant) HasScope(scope string) bool { return slices.Contains(g.Scope, scope) }

// IsUserGrant reports whether the grant is for user access (subject_type
// "user") rather than client credentials.
func (g ClientGrant) IsUserGrant() bool { return g.SubjectType == "user" }

// All lists every client grant (checkpoint paging). Query filters:
// "audience", "client_id", "allow_any_organization", "subject_type".
func (s *ClientGrantsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[ClientGrant, error] {
	return checkpointAll[ClientGrant](ctx, s.c, "client-grants", "client_grants", opts)
}

// List returns one checkpoint page of client grants.
func (s *ClientGrantsService) List(ctx context.Context, opts *ListOptions) (*Page[ClientGrant], error) {
	return checkpointList[ClientGrant](ctx, s.c, "client-grants", "client_grants", opts)
}

// Get returns one client grant.
func (s *ClientGrantsService) Get(ctx context.Context, id string) (*ClientGrant, error) {
	var g ClientGrant
	if _, err := s.c.get(ctx, "client-grants/"+escape(id), nil, &g); err != nil {
		return nil, err
	}
	return &g, nil
}
