package auth0mgmt

import (
	"context"
	"iter"
)

// Rule is a legacy Rule: JavaScript run on every login, in order. Rules
// reach end of life in November 2026; expect 403/404 on tenants where they
// are gone.
type Rule struct {
	ID     string `json:"id,omitempty"`
	Name   string `json:"name,omitempty"`
	Script string `json:"script,omitempty"`
	// Order is the execution order (lower runs first).
	Order   int  `json:"order,omitempty"`
	Enabled bool `json:"enabled,omitempty"`
	// Stage is the pipeline stage (login_success).
	Stage string `json:"stage,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// All lists every rule (offset paging, include_totals). Query filters:
// "enabled", "stage".
func (s *RulesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Rule, error] {
	return offsetAll[Rule](ctx, s.c, "rules", "rules", opts, true)
}

// List returns one page of rules.
func (s *RulesService) List(ctx context.Context, opts *ListOptions) (*Page[Rule], error) {
	return offsetList[Rule](ctx, s.c, "rules", "rules", opts, true)
}

// Get returns one rule.
func (s *RulesService) Get(ctx context.Context, id string) (*Rule, error) {
	var r Rule
	if _, err := s.c.get(ctx, "rules/"+escape(id), nil, &r); err != nil {
		return nil, err
	}
	return &r, nil
}
