package auth0mgmt

import (
	"context"
	"errors"
	"iter"
	"net/url"
)

// Names of the email templates (there is no endpoint that lists them).
const (
	EmailTemplateVerifyEmail       = "verify_email"
	EmailTemplateVerifyEmailByCode = "verify_email_by_code"
	EmailTemplateResetEmail        = "reset_email"
	EmailTemplateResetEmailByCode  = "reset_email_by_code"
	EmailTemplateWelcomeEmail      = "welcome_email"
	EmailTemplateBlockedAccount    = "blocked_account"
	EmailTemplateStolenCredentials = "stolen_credentials"
	EmailTemplateEnrollmentEmail   = "enrollment_email"
	EmailTemplateMFAOOBCode        = "mfa_oob_code"
	EmailTemplateUserInvitation    = "user_invitation"
	EmailTemplateChangePassword    = "change_password"
	EmailTemplatePasswordReset     = "password_reset"
	EmailTemplateAsyncApproval     = "async_approval"
)

// EmailTemplateNames returns the 13 known template names, in a new slice.
func EmailTemplateNames() []string {
	return []string{
		EmailTemplateVerifyEmail,
		EmailTemplateVerifyEmailByCode,
		EmailTemplateResetEmail,
		EmailTemplateResetEmailByCode,
		EmailTemplateWelcomeEmail,
		EmailTemplateBlockedAccount,
		EmailTemplateStolenCredentials,
		EmailTemplateEnrollmentEmail,
		EmailTemplateMFAOOBCode,
		EmailTemplateUserInvitation,
		EmailTemplateChangePassword,
		EmailTemplatePasswordReset,
		EmailTemplateAsyncApproval,
	}
}

// EmailProvider is the tenant's email delivery service.
//
// Credentials hold the provider's settings and may hold secrets in clear
// (api_key, smtp_pass, accessKeyId/secretAccessKey, ...): it is an Object,
// so fmt shows its member names only.
type EmailProvider struct {
	// Name: mailgun, mandrill, sendgrid, ses, sparkpost, smtp, azure_cs,
	// ms365, custom.
	Name               string `json:"name,omitempty"`
	Enabled            bool   `json:"enabled,omitempty"`
	DefaultFromAddress string `json:"default_from_address,omitempty"`
	// Credentials may carry secrets (see above).
	Credentials Object `json:"credentials,omitempty"`
	// Settings are provider-specific settings (SES message tags, ...).
	Settings Object `json:"settings,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// EmailTemplate is one customised email template.
type EmailTemplate struct {
	// Template is the template's name (EmailTemplateNames).
	Template string `json:"template,omitempty"`
	Body     string `json:"body,omitempty"`
	From     string `json:"from,omitempty"`
	// ResultURL is where the user goes after the link in the email.
	ResultURL string `json:"resultUrl,omitempty"`
	Subject   string `json:"subject,omitempty"`
	// Syntax is "liquid".
	Syntax               string `json:"syntax,omitempty"`
	URLLifetimeInSeconds int    `json:"urlLifetimeInSeconds,omitempty"`
	// IncludeEmailInRedirect adds the user's email to ResultURL's query.
	IncludeEmailInRedirect bool  `json:"includeEmailInRedirect,omitempty"`
	Enabled                bool  `json:"enabled,omitempty"`
	Extra                  Extra `json:"-"`
}

// emailProviderFields are asked for explicitly: without fields the API
// returns only name and enabled.
const emailProviderFields = "name,enabled,default_from_address,credentials,settings"

// Provider returns the email provider with all its fields. A tenant with
// no provider configured answers 404: errors.Is(err, ErrNotFound).
func (s *EmailsService) Provider(ctx context.Context) (*EmailProvider, error) {
	q := url.Values{"fields": {emailProviderFields}, "include_fields": {"true"}}
	var p EmailProvider
	if _, err := s.c.get(ctx, "emails/provider", q, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// Template returns one email template by name. A template that was never
// configured answers 404: errors.Is(err, ErrNotFound).
func (s *EmailsService) Template(ctx context.Context, name string) (*EmailTemplate, error) {
	var t EmailTemplate
	if _, err := s.c.get(ctx, "email-templates/"+escape(name), nil, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// Templates yields every configured email template. The API has no list
// endpoint, so it asks for each of EmailTemplateNames in turn (one request
// each) and skips the names that answer 404, which means "not configured";
// a tenant with none configured yields nothing. Any other error is yielded
// and ends the sequence. Breaking out of the loop stops the requests.
func (s *EmailsService) Templates(ctx context.Context) iter.Seq2[EmailTemplate, error] {
	return func(yield func(EmailTemplate, error) bool) {
		for _, name := range EmailTemplateNames() {
			t, err := s.Template(ctx, name)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				yield(EmailTemplate{}, err)
				return
			}
			if !yield(*t, nil) {
				return
			}
		}
	}
}
