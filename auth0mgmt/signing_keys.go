package auth0mgmt

import "context"

// SigningKey is a key the tenant signs tokens with; the API returns its
// public parts only (certificate, PKCS#7, fingerprints).
type SigningKey struct {
	Kid   string `json:"kid,omitempty"`
	Cert  string `json:"cert,omitempty"`
	PKCS7 string `json:"pkcs7,omitempty"`
	// Current, Next and Previous place the key in the rotation.
	Current      bool   `json:"current,omitempty"`
	Next         bool   `json:"next,omitempty"`
	Previous     bool   `json:"previous,omitempty"`
	CurrentSince string `json:"current_since,omitempty"`
	CurrentUntil string `json:"current_until,omitempty"`
	Fingerprint  string `json:"fingerprint,omitempty"`
	Thumbprint   string `json:"thumbprint,omitempty"`
	Revoked      bool   `json:"revoked,omitempty"`
	RevokedAt    string `json:"revoked_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// List returns the tenant's signing keys (one unpaged array).
func (s *SigningKeysService) List(ctx context.Context) ([]SigningKey, error) {
	out, _, err := plainList[SigningKey](ctx, s.c, "keys/signing", nil)
	return out, err
}

// Get returns one signing key by kid.
func (s *SigningKeysService) Get(ctx context.Context, kid string) (*SigningKey, error) {
	var k SigningKey
	if _, err := s.c.get(ctx, "keys/signing/"+escape(kid), nil, &k); err != nil {
		return nil, err
	}
	return &k, nil
}
