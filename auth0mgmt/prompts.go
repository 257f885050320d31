package auth0mgmt

import "context"

// Prompts are the tenant's Universal Login prompt settings.
type Prompts struct {
	// UniversalLoginExperience: new or classic.
	UniversalLoginExperience    string `json:"universal_login_experience,omitempty"`
	IdentifierFirst             bool   `json:"identifier_first,omitempty"`
	WebAuthnPlatformFirstFactor bool   `json:"webauthn_platform_first_factor,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// Get returns the prompt settings.
func (s *PromptsService) Get(ctx context.Context) (*Prompts, error) {
	var p Prompts
	if _, err := s.c.get(ctx, "prompts", nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
