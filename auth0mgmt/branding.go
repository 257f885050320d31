package auth0mgmt

import (
	"bytes"
	"context"
	"encoding/json"
)

// Branding is the tenant's Universal Login branding.
type Branding struct {
	Colors     *BrandingColors `json:"colors,omitempty"`
	FaviconURL string          `json:"favicon_url,omitempty"`
	LogoURL    string          `json:"logo_url,omitempty"`
	Font       *BrandingFont   `json:"font,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// BrandingColors are the Universal Login colors (also used by tenant
// settings' universal_login.colors).
type BrandingColors struct {
	// Primary is the primary button color ("#0059d6").
	Primary string `json:"primary,omitempty"`
	// PageBackground is a color or a gradient.
	PageBackground *BrandingPageBackground `json:"page_background,omitempty"`
	Extra          Extra                   `json:"-"`
}

// BrandingFont is the custom font of Universal Login.
type BrandingFont struct {
	URL   string `json:"url,omitempty"`
	Extra Extra  `json:"-"`
}

// BrandingGradient is a page background gradient.
type BrandingGradient struct {
	// Type is "linear-gradient".
	Type     string  `json:"type,omitempty"`
	Start    string  `json:"start,omitempty"`
	End      string  `json:"end,omitempty"`
	AngleDeg float64 `json:"angle_deg,omitempty"`
	Extra    Extra   `json:"-"`
}

// BrandingPageBackground is the page background, which the API gives either
// as a color string ("#000000") or as a gradient object: Color is set for
// the first, Gradient for the second. Any other JSON value is kept as it
// came and written back unchanged.
type BrandingPageBackground struct {
	Color    string
	Gradient *BrandingGradient
	other    json.RawMessage
}

// UnmarshalJSON accepts a string, an object or any other value.
func (p *BrandingPageBackground) UnmarshalJSON(b []byte) error {
	t := bytes.TrimSpace(b)
	*p = BrandingPageBackground{}
	switch {
	case len(t) > 0 && t[0] == '"':
		return json.Unmarshal(t, &p.Color)
	case len(t) > 0 && t[0] == '{':
		var g BrandingGradient
		if err := json.Unmarshal(t, &g); err != nil {
			return err
		}
		p.Gradient = &g
		return nil
	}
	if !json.Valid(t) {
		return json.Unmarshal(t, new(any)) // the decoder's own error
	}
	p.other = append(json.RawMessage(nil), t...)
	return nil
}

// MarshalJSON writes the gradient object, the color string, or the value
// that was read.
func (p BrandingPageBackground) MarshalJSON() ([]byte, error) {
	switch {
	case p.Gradient != nil:
		return json.Marshal(p.Gradient)
	case p.other != nil && p.Color == "":
		return p.other, nil
	}
	return json.Marshal(p.Color)
}

// Get returns the tenant's branding settings.
func (s *BrandingService) Get(ctx context.Context) (*Branding, error) {
	var x Branding
	if _, err := s.c.get(ctx, "branding", nil, &x); err != nil {
		return nil, err
	}
	return &x, nil
}

// BrandingTheme is a Universal Login theme: borders, colors, fonts (with
// font_url, a font the login page loads), page background, widget and
// identifier display settings, kept as objects.
type BrandingTheme struct {
	ThemeID        string `json:"themeId,omitempty"`
	DisplayName    string `json:"displayName,omitempty"`
	Borders        Object `json:"borders,omitempty"`
	Colors         Object `json:"colors,omitempty"`
	Fonts          Object `json:"fonts,omitempty"`
	PageBackground Object `json:"page_background,omitempty"`
	Widget         Object `json:"widget,omitempty"`
	Identifiers    Object `json:"identifiers,omitempty"`
	Extra          Extra  `json:"-"`
}

// UniversalLoginTemplate is the tenant's page template for Universal
// Login (Liquid HTML around the auth0:head and auth0:widget tags).
type UniversalLoginTemplate struct {
	Body  string `json:"body,omitempty"`
	Extra Extra  `json:"-"`
}

// DefaultTheme returns the tenant's default Universal Login theme
// (read:branding); ErrNotFound when there is none.
func (s *BrandingService) DefaultTheme(ctx context.Context) (*BrandingTheme, error) {
	var x BrandingTheme
	if _, err := s.c.get(ctx, "branding/themes/default", nil, &x); err != nil {
		return nil, err
	}
	return &x, nil
}

// UniversalLoginTemplate returns the Universal Login page template
// (read:branding); ErrNotFound when none is set.
func (s *BrandingService) UniversalLoginTemplate(ctx context.Context) (*UniversalLoginTemplate, error) {
	var x UniversalLoginTemplate
	if _, err := s.c.get(ctx, "branding/templates/universal-login", nil, &x); err != nil {
		return nil, err
	}
	return &x, nil
}
