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
