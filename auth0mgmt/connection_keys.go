package auth0mgmt

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"time"
)

// ConnectionKey is a signing key of an Okta or OIDC connection (the key
// the connection authenticates to the identity provider with, Private Key
// JWT): public parts only, the certificate (PEM) and its PKCS#7 form,
// fingerprints, and its place in the rotation (current, next, previous).
type ConnectionKey struct {
	Kid         string `json:"kid,omitempty"`
	Algorithm   string `json:"algorithm,omitempty"`
	KeyUse      string `json:"key_use,omitempty"`
	SubjectDN   string `json:"subject_dn,omitempty"`
	Cert        string `json:"cert,omitempty"`
	Fingerprint string `json:"fingerprint,omitempty"`
	Thumbprint  string `json:"thumbprint,omitempty"`
	PKCS        string `json:"pkcs,omitempty"`
	// Current: the key in use; Next: the key a rotation makes current;
	// Previous: the key a rotation retired.
	Current      bool   `json:"current,omitempty"`
	CurrentSince string `json:"current_since,omitempty"`
	Next         bool   `json:"next,omitempty"`
	Previous     bool   `json:"previous,omitempty"`
	Extra        Extra  `json:"-"`
}

// errNoCertificate: Cert holds no PEM certificate.
var errNoCertificate = errors.New("auth0mgmt: connection key holds no PEM certificate")

// Certificate parses Cert (no signature or chain is verified).
func (k ConnectionKey) Certificate() (*x509.Certificate, error) {
	b, _ := pem.Decode([]byte(k.Cert))
	if b == nil || b.Type != "CERTIFICATE" {
		return nil, errNoCertificate
	}
	return x509.ParseCertificate(b.Bytes)
}

// NotAfter returns the end of the certificate's validity.
func (k ConnectionKey) NotAfter() (time.Time, error) {
	c, err := k.Certificate()
	if err != nil {
		return time.Time{}, err
	}
	return c.NotAfter, nil
}

// Keys returns the signing keys of an Okta or OIDC connection (one
// unpaged array; read:connections_keys). Connections of other strategies
// have none to give.
func (s *ConnectionsService) Keys(ctx context.Context, connectionID string) ([]ConnectionKey, error) {
	out, _, err := plainList[ConnectionKey](ctx, s.c, "connections/"+escape(connectionID)+"/keys", nil)
	return out, err
}
