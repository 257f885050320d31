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

// UnmarshalJSON keeps unknown members in Extra.
func (r *RulesConfig) UnmarshalJSON(b []byte) error {
	type alias RulesConfig
	var a alias
	extra, err := unmarshalKeep(b, &a)
	if err != nil {
		return err
	}
	*r = RulesConfig(a)
	r.Extra = extra
	return nil
}

// MarshalJSON writes Extra back.
func (r RulesConfig) MarshalJSON() ([]byte, error) {
	type alias RulesConfig
	return marshalKeep(alias(r), r.Extra)
}

// List returns the keys of the rules configuration (one unpaged array).
func (s *RulesConfigsService) List(ctx context.Context) ([]RulesConfig, error) {
	out, _, err := plainList[RulesConfig](ctx, s.c, "rules-configs", nil)
	return out, err
}
