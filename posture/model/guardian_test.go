package model

import (
	"errors"
	"testing"

	"github.com/authlens/authlens/inventory"
)

func TestGuardianProviders(t *testing.T) {
	t.Parallel()
	tn := New(snapOf(map[inventory.Kind]map[string]string{inventory.KindGuardianProviders: {
		inventory.GuardianSMSTwilio:         `{"auth_token":"[REDACTED]","from":"+15550100","sid":"AC1"}`,
		inventory.GuardianDuo:               `{"host":"api-1.duosecurity.com","ikey":"[REDACTED]","skey":"[REDACTED]"}`,
		inventory.GuardianWebAuthnRoaming:   `{"overrideRelyingParty":false,"userVerification":"discouraged"}`,
		inventory.GuardianPhoneMessageTypes: `{"message_types":["sms","voice"]}`,
	}}))
	p, err := tn.GuardianProviders()
	if err != nil {
		t.Fatal(err)
	}
	if p.SMSTwilio == nil || p.SMSTwilio.SID != "AC1" || p.SMSTwilio.AuthToken.Value() != inventory.Redacted || p.Duo == nil ||
		p.WebAuthnRoaming.UserVerification != "discouraged" || len(p.PhoneMessageTypes.MessageTypes) != 2 ||
		p.PushSNS != nil || p.WebAuthnPlatform != nil {
		t.Errorf("providers %+v", p)
	}
	if err := tn.Decode(inventory.KindGuardianProviders); err != nil {
		t.Error(err)
	}
	// a record that does not decode, and a kind not read
	bad := New(snapOf(map[inventory.Kind]map[string]string{inventory.KindGuardianProviders: {inventory.GuardianDuo: `{"host":1}`}}))
	var ne *NotReadError
	if _, err := bad.GuardianProviders(); !errors.As(err, &ne) {
		t.Errorf("bad record: %v", err)
	}
	if _, err := New(snapOf(nil)).GuardianProviders(); !errors.As(err, &ne) {
		t.Errorf("kind not read: %v", err)
	}
}
