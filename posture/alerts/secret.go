package alerts

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Secret is a shared secret: the key a webhook's signatures are made
// with. It never shows its value: String, GoString, every fmt verb,
// MarshalText and MarshalJSON give "[REDACTED]", and the value sits
// behind a pointer, so that a struct holding a Secret in an unexported
// field prints an address, not the secret.
type Secret struct{ v *secretValue }

type secretValue struct{ b []byte }

// NewSecret wraps a secret (copied).
func NewSecret(s string) Secret {
	if s == "" {
		return Secret{}
	}
	return Secret{v: &secretValue{b: []byte(s)}}
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.v == nil || len(s.v.b) == 0 }

const redacted = "[REDACTED]"

// String returns "[REDACTED]".
func (s Secret) String() string { return redacted }

// GoString returns "alerts.Secret([REDACTED])".
func (s Secret) GoString() string { return "alerts.Secret(" + redacted + ")" }

// Format writes "[REDACTED]" whatever the verb.
func (s Secret) Format(f fmt.State, _ rune) { fmt.Fprint(f, redacted) }

// MarshalText returns "[REDACTED]".
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// MarshalJSON returns "[REDACTED]" as a JSON string.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// value returns the secret's bytes (nil when empty).
func (s Secret) value() []byte {
	if s.v == nil {
		return nil
	}
	return s.v.b
}

// sign returns the hex HMAC-SHA256 of timestamp + "." + body.
func sign(key []byte, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}
