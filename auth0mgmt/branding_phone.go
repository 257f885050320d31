package auth0mgmt

import "context"

// PhoneProvider is the tenant's provider for SMS and voice messages
// (twilio, or custom: an Action of the custom-phone-provider trigger).
// Configuration holds its settings ({sid, default_from, mssid,
// delivery_methods} for twilio); Credentials, when the API returns them,
// the provider's secrets (fmt shows member names only).
type PhoneProvider struct {
	ID            string `json:"id,omitempty"`
	Tenant        string `json:"tenant,omitempty"`
	Name          string `json:"name,omitempty"`
	Channel       string `json:"channel,omitempty"`
	Disabled      bool   `json:"disabled,omitempty"`
	Configuration Object `json:"configuration,omitempty"`
	Credentials   Object `json:"credentials,omitempty"`
	CreatedAt     string `json:"created_at,omitempty"`
	UpdatedAt     string `json:"updated_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// PhoneTemplate is the text of a phone message (otp_verify,
// otp_enroll, change_password, blocked_account, password_breach).
type PhoneTemplate struct {
	ID           string                `json:"id,omitempty"`
	Tenant       string                `json:"tenant,omitempty"`
	Channel      string                `json:"channel,omitempty"`
	Type         string                `json:"type,omitempty"`
	Disabled     bool                  `json:"disabled,omitempty"`
	Customizable bool                  `json:"customizable,omitempty"`
	Content      *PhoneTemplateContent `json:"content,omitempty"`
	CreatedAt    string                `json:"created_at,omitempty"`
	UpdatedAt    string                `json:"updated_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// PhoneTemplateContent is a template's text for SMS and voice.
type PhoneTemplateContent struct {
	Syntax string `json:"syntax,omitempty"`
	From   string `json:"from,omitempty"`
	Body   Object `json:"body,omitempty"`
	Extra  Extra  `json:"-"`
}

// PhoneProviders returns the tenant's phone providers ({providers: [...]},
// unpaged; read:phone_providers).
func (s *BrandingService) PhoneProviders(ctx context.Context) ([]PhoneProvider, error) {
	var env itemsOf[PhoneProvider]
	env.key = "providers"
	if _, err := s.c.get(ctx, "branding/phone/providers", nil, &env); err != nil {
		return nil, err
	}
	return env.items, nil
}

// PhoneTemplates returns the tenant's phone message templates
// ({templates: [...]}, unpaged; read:phone_templates).
func (s *BrandingService) PhoneTemplates(ctx context.Context) ([]PhoneTemplate, error) {
	var env itemsOf[PhoneTemplate]
	env.key = "templates"
	if _, err := s.c.get(ctx, "branding/phone/templates", nil, &env); err != nil {
		return nil, err
	}
	return env.items, nil
}

// itemsOf decodes an unpaged list answer: {key: [...]} or a bare array.
type itemsOf[T any] struct {
	key   string
	items []T
}

func (p *itemsOf[T]) UnmarshalJSON(b []byte) error {
	_, err := decodeItems(b, p.key, &p.items)
	return err
}
