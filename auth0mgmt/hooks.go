package auth0mgmt

import (
	"context"
	"iter"
)

// Hook is a legacy Hook: a webtask run at an extensibility point. Hooks
// reach end of life in November 2026; expect 403/404 on tenants where they
// are gone. Hook secrets (/hooks/{id}/secrets) are not read by this
// package.
type Hook struct {
	ID     string `json:"id,omitempty"`
	Name   string `json:"name,omitempty"`
	Script string `json:"script,omitempty"`
	// TriggerID is the extensibility point (credentials-exchange,
	// pre-user-registration, post-user-registration, post-change-password,
	// send-phone-message).
	TriggerID string `json:"triggerId,omitempty"`
	Enabled   bool   `json:"enabled,omitempty"`
	// Dependencies maps npm package names to versions.
	Dependencies Object `json:"dependencies,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// All lists every hook (offset paging, include_totals). Query filters:
// "enabled", "triggerId".
func (s *HooksService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Hook, error] {
	return offsetAll[Hook](ctx, s.c, "hooks", "hooks", opts, true)
}

// List returns one page of hooks.
func (s *HooksService) List(ctx context.Context, opts *ListOptions) (*Page[Hook], error) {
	return offsetList[Hook](ctx, s.c, "hooks", "hooks", opts, true)
}

// Get returns one hook.
func (s *HooksService) Get(ctx context.Context, id string) (*Hook, error) {
	var h Hook
	if _, err := s.c.get(ctx, "hooks/"+escape(id), nil, &h); err != nil {
		return nil, err
	}
	return &h, nil
}
