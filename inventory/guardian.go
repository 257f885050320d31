package inventory

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/authlens/authlens/auth0mgmt"
)

// The Guardian (MFA) providers' settings, hook secrets and risk
// assessment settings.

// The record ids of KindGuardianProviders: one per settings endpoint of
// /guardian/factors.
const (
	GuardianPhoneMessageTypes     = "phone/message-types"
	GuardianPhoneSelectedProvider = "phone/selected-provider"
	GuardianSMSTwilio             = "sms/twilio"
	GuardianSMSTemplates          = "sms/templates"
	GuardianPushAPNS              = "push/apns"
	GuardianPushSNS               = "push/sns"
	GuardianPushSelectedProvider  = "push/selected-provider"
	GuardianDuo                   = "duo"
	GuardianWebAuthnPlatform      = "webauthn-platform"
	GuardianWebAuthnRoaming       = "webauthn-roaming"
)

// The record ids of KindRiskAssessments.
const (
	RiskAssessmentSettings  = "settings"
	RiskAssessmentNewDevice = "new-device"
)

// HookSecretsRecord names the secrets of a hook: every value is Redacted
// (the API itself answers a placeholder; a snapshot never holds one).
type HookSecretsRecord struct {
	HookID  string            `json:"hook_id"`
	Secrets map[string]string `json:"secrets"`
}

// Names returns the secrets' names, sorted.
func (r HookSecretsRecord) Names() []string { return slices.Sorted(maps.Keys(r.Secrets)) }

// planGuardian queues the Guardian providers, hook secrets and risk
// assessments.
func (c *collector) planGuardian() {
	g := c.api.Guardian
	c.start(KindGuardianProviders, func(ctx context.Context) error {
		c.notConfigured(KindGuardianProviders) // unless one provider is
		subs := []struct {
			id  string
			get func(context.Context) (any, error)
		}{
			{GuardianPhoneMessageTypes, func(ctx context.Context) (any, error) { return g.PhoneMessageTypes(ctx) }},
			{GuardianPhoneSelectedProvider, func(ctx context.Context) (any, error) { return g.PhoneSelectedProvider(ctx) }},
			{GuardianSMSTwilio, func(ctx context.Context) (any, error) { return g.SMSTwilio(ctx) }},
			{GuardianSMSTemplates, func(ctx context.Context) (any, error) { return g.SMSTemplates(ctx) }},
			{GuardianPushAPNS, func(ctx context.Context) (any, error) { return g.PushAPNS(ctx) }}, // p12 redacted by name
			{GuardianPushSNS, func(ctx context.Context) (any, error) { return g.PushSNS(ctx) }},
			{GuardianPushSelectedProvider, func(ctx context.Context) (any, error) { return g.PushSelectedProvider(ctx) }},
			{GuardianDuo, func(ctx context.Context) (any, error) { return g.DuoSettings(ctx) }},
			{GuardianWebAuthnPlatform, func(ctx context.Context) (any, error) { return g.WebAuthnPlatformSettings(ctx) }},
			{GuardianWebAuthnRoaming, func(ctx context.Context) (any, error) { return g.WebAuthnRoamingSettings(ctx) }},
		}
		for _, s := range subs {
			c.sub(KindGuardianProviders, s.id, "", func(ctx context.Context) error {
				v, err := s.get(ctx)
				if errors.Is(err, auth0mgmt.ErrNotFound) {
					return nil // never set up
				}
				if err != nil {
					return err
				}
				// Credentials (Twilio's auth_token, Duo's ikey and skey,
				// SNS's AWS keys) go by the redaction rule.
				if b := canonical(v, true); string(b) != "{}" {
					c.store(KindGuardianProviders, s.id, b)
				}
				return nil
			})
		}
		return nil
	})
	c.hookSecrets()
	c.start(KindRiskAssessments, func(ctx context.Context) error {
		ra := c.api.RiskAssessments
		subs := []struct {
			id  string
			get func(context.Context) (any, error)
		}{
			{RiskAssessmentSettings, func(ctx context.Context) (any, error) { return ra.Settings(ctx) }},
			{RiskAssessmentNewDevice, func(ctx context.Context) (any, error) { return ra.NewDevice(ctx) }},
		}
		for _, s := range subs {
			c.sub(KindRiskAssessments, s.id, "", func(ctx context.Context) error {
				v, err := s.get(ctx)
				if err != nil {
					return err
				}
				c.put(KindRiskAssessments, s.id, v)
				return nil
			})
		}
		return nil
	})
}

// hookSecrets reads the secret names of every hook the hooks kind read
// (or, when the scan does not read it, of a listing of its own): one
// request per hook. Hooks without secrets have no record.
func (c *collector) hookSecrets() {
	c.startAfter(KindHooks, KindHookSecrets, func(ctx context.Context, read bool, hooksErr error, ids []string) error {
		switch {
		case !read:
			for h, err := range c.api.Hooks.All(ctx, nil) {
				if err != nil {
					return err
				}
				ids = append(ids, h.ID)
			}
		case hooksErr != nil:
			// the same status as hooks: unavailable past their end of
			// life, forbidden without read:hooks
			return fmt.Errorf("the hooks could not be listed: %w", hooksErr)
		}
		for _, id := range ids {
			if id == "" {
				continue
			}
			c.sub(KindHookSecrets, "secrets", id, func(ctx context.Context) error {
				s, err := c.api.Hooks.Secrets(ctx, id)
				if errors.Is(err, auth0mgmt.ErrNotFound) {
					return nil // deleted since it was listed
				}
				if err != nil {
					return err
				}
				if len(s) == 0 {
					return nil
				}
				rec := HookSecretsRecord{HookID: id, Secrets: make(map[string]string, len(s))}
				for name := range s {
					rec.Secrets[name] = Redacted // never a value
				}
				c.put(KindHookSecrets, id, rec)
				return nil
			})
		}
		return nil
	})
}
