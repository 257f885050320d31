package auth0mgmt

import (
	"context"
	"iter"
)

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

// PromptRendering is the render setting of one prompt screen: standard
// (Auth0's page) or advanced (Advanced Customizations for Universal
// Login: the tenant's own assets, loaded through HeadTags, render the
// screen).
type PromptRendering struct {
	Tenant string `json:"tenant,omitempty"`
	Prompt string `json:"prompt,omitempty"`
	Screen string `json:"screen,omitempty"`
	// RenderingMode: standard or advanced.
	RenderingMode string `json:"rendering_mode,omitempty"`
	// ContextConfiguration names the context data the screen's assets
	// receive (branding.settings, client.logo_uri, user.app_metadata.x...).
	ContextConfiguration    []string `json:"context_configuration,omitempty"`
	DefaultHeadTagsDisabled bool     `json:"default_head_tags_disabled,omitempty"`
	// HeadTags are the tags added to the page's head: the scripts and
	// stylesheets of an advanced screen.
	HeadTags []PromptHeadTag `json:"head_tags,omitempty"`
	// Filters limit the setting to some clients, organizations or
	// domains ({match_type, clients, organizations, domains}).
	Filters         Object `json:"filters,omitempty"`
	UsePageTemplate *bool  `json:"use_page_template,omitempty"`
	Extra           Extra  `json:"-"`
}

// Advanced reports whether the screen renders with the tenant's assets.
func (r PromptRendering) Advanced() bool { return r.RenderingMode == "advanced" }

// PromptHeadTag is one tag of a screen's head: tag (script, link, meta,
// ...), its attributes (src, href, rel, integrity as a list, async,
// defer, ...) and content.
type PromptHeadTag struct {
	Tag        string `json:"tag,omitempty"`
	Attributes Object `json:"attributes,omitempty"`
	Content    string `json:"content,omitempty"`
	Extra      Extra  `json:"-"`
}

// URL returns the resource the tag loads: src of a script, href of a
// link ("" for neither).
func (h PromptHeadTag) URL() string {
	if s := h.Attributes.String("src"); s != "" {
		return s
	}
	return h.Attributes.String("href")
}

// Integrity returns the tag's Subresource Integrity hashes (the
// attribute is a list; a single string is accepted too).
func (h PromptHeadTag) Integrity() []string {
	var list []string
	if h.Attributes.Get("integrity", &list) {
		return list
	}
	if s := h.Attributes.String("integrity"); s != "" {
		return []string{s}
	}
	return nil
}

// Renderings lists the render settings of every screen that has one
// (offset paging with totals, items under configs; read:prompts).
func (s *PromptsService) Renderings(ctx context.Context, opts *ListOptions) iter.Seq2[PromptRendering, error] {
	return offsetAll[PromptRendering](ctx, s.c, "prompts/rendering", "configs", opts, true)
}

// RenderingsPage returns one offset page of render settings.
func (s *PromptsService) RenderingsPage(ctx context.Context, opts *ListOptions) (*Page[PromptRendering], error) {
	return offsetList[PromptRendering](ctx, s.c, "prompts/rendering", "configs", opts, true)
}
