package model

import (
	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
)

// GuardianProviders are the settings of the MFA factors' providers, as
// the snapshot holds them (credentials redacted). A nil member was not set
// up, or not read (the kind's gaps say which).
type GuardianProviders struct {
	PhoneMessageTypes     *auth0mgmt.GuardianMessageTypes
	PhoneSelectedProvider *auth0mgmt.GuardianSelectedProvider
	SMSTwilio             *auth0mgmt.GuardianTwilio
	SMSTemplates          *auth0mgmt.GuardianSMSTemplates
	PushAPNS              *auth0mgmt.GuardianAPNS
	PushSNS               *auth0mgmt.GuardianSNS
	PushSelectedProvider  *auth0mgmt.GuardianSelectedProvider
	Duo                   *auth0mgmt.GuardianDuoSettings
	WebAuthnPlatform      *auth0mgmt.GuardianWebAuthnSettings
	WebAuthnRoaming       *auth0mgmt.GuardianWebAuthnSettings
}

// GuardianProviders returns the settings of the MFA factors' providers.
func (t *Tenant) GuardianProviders() (*GuardianProviders, error) {
	return t.guardianProviders.get(func() (*GuardianProviders, error) {
		if err := t.Read(inventory.KindGuardianProviders); err != nil {
			return nil, err
		}
		var p GuardianProviders
		var err error
		providerRecord(t, inventory.GuardianPhoneMessageTypes, &p.PhoneMessageTypes, &err)
		providerRecord(t, inventory.GuardianPhoneSelectedProvider, &p.PhoneSelectedProvider, &err)
		providerRecord(t, inventory.GuardianSMSTwilio, &p.SMSTwilio, &err)
		providerRecord(t, inventory.GuardianSMSTemplates, &p.SMSTemplates, &err)
		providerRecord(t, inventory.GuardianPushAPNS, &p.PushAPNS, &err)
		providerRecord(t, inventory.GuardianPushSNS, &p.PushSNS, &err)
		providerRecord(t, inventory.GuardianPushSelectedProvider, &p.PushSelectedProvider, &err)
		providerRecord(t, inventory.GuardianDuo, &p.Duo, &err)
		providerRecord(t, inventory.GuardianWebAuthnPlatform, &p.WebAuthnPlatform, &err)
		providerRecord(t, inventory.GuardianWebAuthnRoaming, &p.WebAuthnRoaming, &err)
		if err != nil {
			return nil, err
		}
		return &p, nil
	})
}

// providerRecord decodes record id of KindGuardianProviders into *dst,
// unless an earlier record failed.
func providerRecord[T any](t *Tenant, id string, dst **T, err *error) {
	if *err == nil {
		*dst, *err = decodeOne[T](t, inventory.KindGuardianProviders, id)
	}
}
