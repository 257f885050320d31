package auth0mgmt

import (
	"context"
	"iter"
	"sort"
)

// Hook is a legacy Hook: a webtask run at an extensibility point. Hooks
// reach end of life in November 2026; expect 403/404 on tenants where they
// are gone. Secrets reads a hook's secrets (HookSecrets).
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

// HookSecrets maps the names of a hook's secrets to their values. The API
// answers "_VALUE_NOT_SHOWN_" for every value it knows; whatever it
// answers is a Secret: fmt shows [REDACTED], JSON keeps it.
type HookSecrets map[string]Secret

// Names returns the secrets' names, sorted.
func (h HookSecrets) Names() []string {
	out := make([]string, 0, len(h))
	for k := range h {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Secrets returns the secrets of a hook (read:hooks). The result is never
// nil on success.
func (s *HooksService) Secrets(ctx context.Context, id string) (HookSecrets, error) {
	var out HookSecrets
	if _, err := s.c.get(ctx, "hooks/"+escape(id)+"/secrets", nil, &out); err != nil {
		return nil, err
	}
	if out == nil {
		out = HookSecrets{}
	}
	return out, nil
}
