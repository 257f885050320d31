package biometric

import (
	"crypto/subtle"
	"fmt"
	"io"
	"log/slog"
)

// Redacted is what a [Secret] prints as, whatever the verb.
const Redacted = "[REDACTED]"

// Secret is the integration's Session Secret. It never prints: String,
// GoString, Format (all verbs, including %x and %q), MarshalJSON,
// MarshalText and LogValue all yield [Redacted]. Loading a Secret from JSON
// works as for any string.
//
// The redaction covers fmt, encoding/json and log/slog. A Secret stored in an
// unexported field of your own struct is still reachable by reflection, so
// keep it where these methods apply.
type Secret string

// String implements fmt.Stringer.
func (Secret) String() string { return Redacted }

// GoString implements fmt.GoStringer (%#v).
func (Secret) GoString() string { return `biometric.Secret("` + Redacted + `")` }

// Format implements fmt.Formatter so that no verb prints the value.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s.GoString())
		return
	}
	_, _ = io.WriteString(f, Redacted)
}

// MarshalJSON implements json.Marshaler.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalText implements encoding.TextMarshaler.
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// Len reports the secret's length in bytes.
func (s Secret) Len() int { return len(s) }

// Equal compares two secrets in constant time.
func (s Secret) Equal(o Secret) bool {
	return subtle.ConstantTimeCompare([]byte(s), []byte(o)) == 1
}
