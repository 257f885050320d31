package auth0mgmt

import "context"

// RulesConfig is the key of a rules configuration variable (the
// `configuration` object of Rules). The API returns keys only; values are
// secrets it never sends, and this package has no field for them.
type RulesConfig struct {
	Key string `json:"key,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// List returns the keys of the rules configuration (one unpaged array).
func (s *RulesConfigsService) List(ctx context.Context) ([]RulesConfig, error) {
	out, _, err := plainList[RulesConfig](ctx, s.c, "rules-configs", nil)
	return out, err
}
