package auth0mgmt

import (
	"context"
	"iter"
)

// EncryptionKey is a key of the tenant's encryption key hierarchy
// (customer-provided root key, tenant master key, tenant encryption
// keys): metadata only. The API returns no key material but, for
// customer-provided root keys, a public wrapping key.
type EncryptionKey struct {
	Kid string `json:"kid,omitempty"`
	// Type: customer-provided-root-key, environment-root-key,
	// tenant-master-key, tenant-encryption-key.
	Type string `json:"type,omitempty"`
	// State: pre-activation, active, deactivated, destroyed.
	State     string `json:"state,omitempty"`
	ParentKid string `json:"parent_kid,omitempty"`
	PublicKey string `json:"public_key,omitempty"`
	CreatedAt string `json:"created_at,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// All lists every encryption key (offset paging with include_totals,
// items under keys; read:encryption_keys).
func (s *EncryptionKeysService) All(ctx context.Context, opts *ListOptions) iter.Seq2[EncryptionKey, error] {
	return offsetAll[EncryptionKey](ctx, s.c, "keys/encryption", "keys", opts, true)
}

// List returns one page of encryption keys.
func (s *EncryptionKeysService) List(ctx context.Context, opts *ListOptions) (*Page[EncryptionKey], error) {
	return offsetList[EncryptionKey](ctx, s.c, "keys/encryption", "keys", opts, true)
}

// Get returns one encryption key.
func (s *EncryptionKeysService) Get(ctx context.Context, kid string) (*EncryptionKey, error) {
	var k EncryptionKey
	if _, err := s.c.get(ctx, "keys/encryption/"+escape(kid), nil, &k); err != nil {
		return nil, err
	}
	return &k, nil
}
