package auth0mgmt

import (
	"context"
	"iter"
)

// TokenExchangeProfile lets applications exchange a token of
// SubjectTokenType at /oauth/token for Auth0 tokens, the Action ActionID
// (custom-token-exchange trigger) deciding whom it stands for: a trust
// the Action's code must earn.
type TokenExchangeProfile struct {
	ID               string `json:"id,omitempty"`
	Name             string `json:"name,omitempty"`
	SubjectTokenType string `json:"subject_token_type,omitempty"`
	ActionID         string `json:"action_id,omitempty"`
	// Type: custom_authentication.
	Type      string `json:"type,omitempty"`
	CreatedAt string `json:"created_at,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// All lists every token exchange profile (checkpoint paging, items under
// token_exchange_profiles; read:token_exchange_profiles).
func (s *TokenExchangeProfilesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[TokenExchangeProfile, error] {
	return checkpointAll[TokenExchangeProfile](ctx, s.c, "token-exchange-profiles", "token_exchange_profiles", opts)
}

// List returns one page of token exchange profiles.
func (s *TokenExchangeProfilesService) List(ctx context.Context, opts *ListOptions) (*Page[TokenExchangeProfile], error) {
	return checkpointList[TokenExchangeProfile](ctx, s.c, "token-exchange-profiles", "token_exchange_profiles", opts)
}

// Get returns one token exchange profile.
func (s *TokenExchangeProfilesService) Get(ctx context.Context, id string) (*TokenExchangeProfile, error) {
	var p TokenExchangeProfile
	if _, err := s.c.get(ctx, "token-exchange-profiles/"+escape(id), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
