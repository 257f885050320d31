package biometric

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// Strict decoding of token payloads.
//
// Auth0 signs and reads these tokens with Node's jsonwebtoken
// (api.redirect.encodeToken, api.redirect.validateToken), which reads the
// payload with JSON.parse: member names match exactly, and when a name
// repeats the last one wins. encoding/json, left to itself, matches names
// case-insensitively with Unicode folding and lets the last duplicate win,
// so one signed payload with "sub" and "ſub" (or "SUB") would name one
// subject there and another here. The reference is jsonwebtoken's reading:
// what it reads, we read, or we refuse. So tokenClaims decodes itself:
//
//   - the payload must be valid UTF-8 (Node replaces bad bytes with U+FFFD,
//     by other rules than Go's) and every \u escape of a surrogate must be
//     half of a pair (JavaScript keeps a lone surrogate, Go turns it into
//     U+FFFD: two different strings in JavaScript would be one here);
//   - member names match exactly, after JSON unescaping, as in JavaScript
//     ("\u0073ub" is "sub");
//   - a claim this package reads (sub, iss, exp, nbf, iat, jti, state,
//     integration_id, continue_uri, ip, outcome) may appear once: a second
//     one, or a name equal to one of them under Unicode simple case folding
//     (strings.EqualFold: "SUB", "Sub", "ſub", the Kelvin sign for k), is
//     refused even when the exact name is absent;
//   - each claim has its type: the dates a JSON number in range, outcome a
//     string or null (refused later), every other claim a string (null,
//     a number, an object or an array is refused);
//   - other members are skipped, whatever their value, and only at the top
//     level: a "sub" inside a nested object is not the subject.
//
// jwt/v5 decodes the payload with json.Unmarshal (which refuses invalid
// JSON and trailing data) before it checks the HMAC; tokenClaims'
// UnmarshalJSON then does the above. A refusal is ErrMalformedJSON with
// the reason (claim names are fixed texts; no input is echoed).

// claimNames are the JSON names of tokenClaims, by field number.
var claimNames = [...]string{
	fieldSub:           "sub",
	fieldIss:           "iss",
	fieldExp:           "exp",
	fieldNbf:           "nbf",
	fieldIat:           "iat",
	fieldJti:           "jti",
	fieldState:         "state",
	fieldIntegrationID: "integration_id",
	fieldContinueURI:   "continue_uri",
	fieldIP:            "ip",
	fieldOutcome:       "outcome",
}

const (
	fieldSub = iota
	fieldIss
	fieldExp
	fieldNbf
	fieldIat
	fieldJti
	fieldState
	fieldIntegrationID
	fieldContinueURI
	fieldIP
	fieldOutcome
	numFields
)

// claimsError is a refusal of a payload by the strict decoder. Its reason
// is a fixed text, at most naming one of claimNames.
type claimsError struct{ reason string }

func (e *claimsError) Error() string { return "payload: " + e.reason }

var (
	errPayloadUTF8      = &claimsError{"not valid UTF-8"}
	errPayloadSurrogate = &claimsError{"a \\u escape of a lone surrogate"}
	errPayloadNotObject = &claimsError{"not a JSON object"}
	errPayloadSyntax    = &claimsError{"not valid JSON"}
	errPayloadTrailing  = &claimsError{"data after the JSON object"}
	errOutcomeType      = &claimsError{"claim outcome is not a string"}
)

func claimRepeated(f int) error { return &claimsError{"claim " + claimNames[f] + " given twice"} }

func claimSpelling(f int) error {
	return &claimsError{"a member name equal to claim " + claimNames[f] + " only in another case"}
}

func claimType(f int, want string) error {
	return &claimsError{"claim " + claimNames[f] + " is not " + want}
}

// claimField returns the field number of an exactly spelt claim name, or -1.
func claimField(key string) int {
	switch key {
	case "sub":
		return fieldSub
	case "iss":
		return fieldIss
	case "exp":
		return fieldExp
	case "nbf":
		return fieldNbf
	case "iat":
		return fieldIat
	case "jti":
		return fieldJti
	case "state":
		return fieldState
	case "integration_id":
		return fieldIntegrationID
	case "continue_uri":
		return fieldContinueURI
	case "ip":
		return fieldIP
	case "outcome":
		return fieldOutcome
	}
	return -1
}

// foldedClaim returns the field number of the claim that key equals under
// Unicode simple case folding (and is not spelt as), or -1.
func foldedClaim(key string) int {
	// A rune folds to one of at most 3 bytes; the longest name has 14.
	if len(key) > 3*len("integration_id") {
		return -1
	}
	for f, name := range claimNames {
		if strings.EqualFold(key, name) {
			return f
		}
	}
	return -1
}

// UnmarshalJSON decodes a token payload strictly (see the comment at the
// top of this file). c is reset first. jwt/v5 calls it through
// json.Unmarshal, which has checked that b is one valid JSON value; it
// checks the syntax itself all the same, and refuses what it does not
// understand.
func (c *tokenClaims) UnmarshalJSON(b []byte) error {
	*c = tokenClaims{}
	if !utf8.Valid(b) {
		return errPayloadUTF8
	}
	if !surrogatesPaired(b) {
		return errPayloadSurrogate
	}
	// Claim values and member names are substrings of one copy of the
	// payload (unless escaped): one allocation for all of them.
	r := payloadReader{b: b, s: string(b)}
	r.space()
	if !r.eat('{') {
		return errPayloadNotObject
	}
	r.space()
	if r.eat('}') {
		return r.end()
	}
	var seen [numFields]bool
	for {
		r.space()
		key, err := r.str()
		if err != nil {
			return err
		}
		r.space()
		if !r.eat(':') {
			return errPayloadSyntax
		}
		r.space()
		f := claimField(key)
		switch {
		case f >= 0 && seen[f]:
			return claimRepeated(f)
		case f >= 0:
			seen[f] = true
			if err := c.read(f, &r); err != nil {
				return err
			}
		default:
			if g := foldedClaim(key); g >= 0 {
				return claimSpelling(g)
			}
			if err := r.skipValue(); err != nil {
				return err
			}
		}
		r.space()
		switch {
		case r.eat(','):
		case r.eat('}'):
			return r.end()
		default:
			return errPayloadSyntax
		}
	}
}

// read reads the value of claim f.
func (c *tokenClaims) read(f int, r *payloadReader) error {
	switch f {
	case fieldExp, fieldNbf, fieldIat:
		n, ok := r.number()
		if !ok {
			return claimType(f, "a number")
		}
		d, err := parseDate(n)
		if err != nil {
			return claimType(f, "a number in range")
		}
		i := f - fieldExp
		c.dates[i] = d
		switch f {
		case fieldExp:
			c.ExpiresAt = &c.dates[i]
		case fieldNbf:
			c.NotBefore = &c.dates[i]
		default:
			c.IssuedAt = &c.dates[i]
		}
		return nil
	case fieldOutcome:
		switch {
		case r.literal("null"):
			c.Outcome = outcomeClaim{outcomeEmpty}
			return nil
		case r.peek() != '"':
			return errOutcomeType
		}
		s, err := r.str()
		if err != nil {
			return err
		}
		c.Outcome = parseOutcome(s)
		return nil
	}
	if r.peek() != '"' {
		return claimType(f, "a string")
	}
	s, err := r.str()
	if err != nil {
		return err
	}
	*c.stringField(f) = s
	return nil
}

// payloadReader walks one JSON text. Strings with escapes are unescaped
// by encoding/json; nested objects and arrays (only ever skipped) are
// checked by json.Valid.
type payloadReader struct {
	b []byte
	s string // string(b)
	i int
}

func (r *payloadReader) peek() byte {
	if r.i < len(r.b) {
		return r.b[r.i]
	}
	return 0
}

func (r *payloadReader) eat(c byte) bool {
	if r.peek() == c && r.i < len(r.b) {
		r.i++
		return true
	}
	return false
}

func (r *payloadReader) space() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// end refuses anything but white space after the object.
func (r *payloadReader) end() error {
	r.space()
	if r.i != len(r.b) {
		return errPayloadTrailing
	}
	return nil
}

// literal consumes lit (true, false, null) when it is next.
func (r *payloadReader) literal(lit string) bool {
	if len(r.b)-r.i >= len(lit) && string(r.b[r.i:r.i+len(lit)]) == lit {
		r.i += len(lit)
		return true
	}
	return false
}

// str reads a JSON string and returns its value (a substring of the
// input when it has no escape).
func (r *payloadReader) str() (string, error) {
	if r.peek() != '"' {
		return "", errPayloadSyntax
	}
	start, escaped := r.i, false
	for j := r.i + 1; j < len(r.b); j++ {
		switch c := r.b[j]; {
		case c == '"':
			r.i = j + 1
			if !escaped {
				return r.s[start+1 : j], nil
			}
			var s string
			if err := json.Unmarshal(r.b[start:r.i], &s); err != nil {
				return "", errPayloadSyntax
			}
			return s, nil
		case c == '\\':
			escaped = true
			j++
		case c < 0x20:
			return "", errPayloadSyntax
		}
	}
	return "", errPayloadSyntax
}

// number reads a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *payloadReader) number() (string, bool) {
	b, i := r.b, r.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i)
	default:
		return "", false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return "", false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return "", false
		}
		i = j
	}
	n := r.s[r.i:i]
	r.i = i
	return n, true
}

func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// skipValue skips the value of a member this package does not read.
func (r *payloadReader) skipValue() error {
	switch r.peek() {
	case '"':
		_, err := r.str()
		return err
	case 't', 'f', 'n':
		if r.literal("true") || r.literal("false") || r.literal("null") {
			return nil
		}
		return errPayloadSyntax
	case '{', '[':
		start, depth := r.i, 0
		for r.i < len(r.b) {
			switch r.b[r.i] {
			case '"':
				if _, err := r.str(); err != nil {
					return err
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			r.i++
			if depth == 0 {
				if !json.Valid(r.b[start:r.i]) {
					return errPayloadSyntax
				}
				return nil
			}
		}
		return errPayloadSyntax
	}
	if _, ok := r.number(); !ok {
		return errPayloadSyntax
	}
	return nil
}

func (c *tokenClaims) stringField(f int) *string {
	switch f {
	case fieldSub:
		return &c.Subject
	case fieldIss:
		return &c.Issuer
	case fieldJti:
		return &c.ID
	case fieldState:
		return &c.State
	case fieldIntegrationID:
		return &c.IntegrationID
	case fieldContinueURI:
		return &c.ContinueURI
	case fieldIP:
		return &c.IP
	}
	panic("biometric: not a string claim")
}

// surrogatesPaired reports whether every \u escape of a UTF-16 surrogate
// in b (JSON text) is a high surrogate directly followed by an escaped low
// one. Outside strings valid JSON has no backslash, so a plain scan
// suffices; malformed escapes are left to the JSON decoder.
func surrogatesPaired(b []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '\\')
		if j < 0 {
			return true
		}
		i += j
		if i+1 >= len(b) {
			return true
		}
		if b[i+1] != 'u' {
			i += 2 // \" \\ \/ \b \f \n \r \t: the escaped byte is not a new escape
			continue
		}
		r, ok := hex4(b[i+2:])
		i += 6
		switch {
		case !ok:
			return true // the decoder refuses it
		case r >= 0xDC00 && r <= 0xDFFF:
			return false // a low surrogate alone
		case r >= 0xD800 && r <= 0xDBFF:
			if len(b) < i+6 || b[i] != '\\' || b[i+1] != 'u' {
				return false
			}
			lo, ok := hex4(b[i+2:])
			if !ok || lo < 0xDC00 || lo > 0xDFFF {
				return false
			}
			i += 6
		}
	}
}

// hex4 reads four hex digits.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// asClaimsError reports the strict decoder's refusal inside err, if any.
func asClaimsError(err error) (*claimsError, bool) {
	var ce *claimsError
	ok := errors.As(err, &ce)
	return ce, ok
}
