package auth0mgmt

import (
	"context"
	"time"
)

// ClientCredential is a credential of an application: a public key for
// Private Key JWT or signed request objects (credential_type public_key,
// with kid and alg), or a certificate for mTLS (x509_cert with its
// thumbprint, cert_subject_dn with its subject). The API returns no
// private key: there is none on Auth0's side.
type ClientCredential struct {
	ID             string `json:"id,omitempty"`
	Name           string `json:"name,omitempty"`
	CredentialType string `json:"credential_type,omitempty"`
	Kid            string `json:"kid,omitempty"`
	// Alg: RS256, RS384 or PS256.
	Alg              string `json:"alg,omitempty"`
	SubjectDN        string `json:"subject_dn,omitempty"`
	ThumbprintSHA256 string `json:"thumbprint_sha256,omitempty"`
	CreatedAt        string `json:"created_at,omitempty"`
	UpdatedAt        string `json:"updated_at,omitempty"`
	// ExpiresAt is when the credential stops being accepted ("" or null:
	// never).
	ExpiresAt string `json:"expires_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// Expired reports whether the credential has an expiry at or before now.
func (c ClientCredential) Expired(now time.Time) bool {
	if c.ExpiresAt == "" {
		return false
	}
	t, err := time.Parse(time.RFC3339Nano, c.ExpiresAt)
	return err == nil && !t.After(now)
}

// Credentials lists the credentials of an application (one unpaged array;
// read:client_credentials).
func (s *ClientsService) Credentials(ctx context.Context, clientID string) ([]ClientCredential, error) {
	out, _, err := plainList[ClientCredential](ctx, s.c, "clients/"+escape(clientID)+"/credentials", nil)
	return out, err
}

// Credential returns one credential of an application.
func (s *ClientsService) Credential(ctx context.Context, clientID, credentialID string) (*ClientCredential, error) {
	var c ClientCredential
	if _, err := s.c.get(ctx, "clients/"+escape(clientID)+"/credentials/"+escape(credentialID), nil, &c); err != nil {
		return nil, err
	}
	return &c, nil
}
