package biometric

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"strings"
	"sync"
	"unicode/utf8"
)

// The fast path.
//
// Nearly every token this package sees was signed by this package or by
// Auth0's api.redirect.encodeToken: the header is exactly
// {"alg":"HS256","typ":"JWT"} and the payload a flat object of the claim
// names with plain strings and numbers. For those tokens parse skips
// jwt/v5's general decoding (the header into a map, the payload through
// encoding/json's reflection), which is about half of a round trip.
//
// The fast path only ever accepts. Whenever anything differs from the
// common shape (another header, a key it does not know or one in another
// spelling, an escape sequence, a null, a repeated key, an unusual number,
// a bad signature, ...) it gives up and the token goes through jwt/v5's
// ParseWithClaims exactly as before, which then decides and reports. So
// every refusal, and every unusual token, is judged by the library; what
// the fast path accepts, the library accepts with the same claims
// (FuzzFastPathAgreesWithJWT holds that).

// macPool hands out HMAC-SHA256 states keyed with the session secret,
// each with scratch space for one token. crypto/hmac's Reset restores the
// keyed state without hashing the key again, which a fresh hmac.New per
// token would do.
type macPool struct {
	key  []byte
	pool sync.Pool
}

type macState struct {
	h   hash.Hash
	buf []byte // scratch: a token's message, or its decoded payload and signature
	sum [sha256.Size]byte
}

func newMACPool(key []byte) *macPool {
	p := &macPool{key: key}
	p.pool.New = func() any { return &macState{h: hmac.New(sha256.New, p.key)} }
	return p
}

func (p *macPool) get() *macState { return p.pool.Get().(*macState) }

func (p *macPool) put(st *macState) {
	if cap(st.buf) > MaxTokenBytes {
		st.buf = nil
	}
	p.pool.Put(st)
}

// mac computes HMAC-SHA256(key, msg) into st.sum.
func (st *macState) mac(msg []byte) []byte {
	st.h.Reset()
	_, _ = st.h.Write(msg)
	return st.h.Sum(st.sum[:0])
}

// macString is mac for a string, copied into the scratch buffer (a
// conversion would allocate: the hash is an interface).
func (st *macState) macString(msg string) []byte {
	st.buf = append(st.buf[:0], msg...)
	return st.mac(st.buf)
}

// parseFast returns the claims and the signature of token when the fast
// path accepts it: header exactly hs256Header, payload and signature in
// strict base64url, a correct HMAC, and a payload decodeClaimsFast takes.
// Otherwise ok is false and the caller runs the general path.
func (v *Verifier) parseFast(token string) (c *tokenClaims, sig []byte, ok bool) {
	rest, found := strings.CutPrefix(token, hs256Header+".")
	if !found {
		return nil, nil, false
	}
	dot := strings.IndexByte(rest, '.')
	if dot < 0 || strings.IndexByte(rest[dot+1:], '.') >= 0 {
		return nil, nil, false
	}
	st := v.macs.get()
	defer v.macs.put(st)
	want := st.macString(token[:len(hs256Header)+1+dot])
	enc := base64.RawURLEncoding.Strict()
	buf, err := enc.AppendDecode(st.buf[:0], []byte(rest[dot+1:]))
	if err != nil || !hmac.Equal(buf, want) {
		return nil, nil, false
	}
	sig = append([]byte(nil), buf...)
	payload, err := enc.AppendDecode(buf[:0], []byte(rest[:dot]))
	st.buf = payload
	if err != nil {
		return nil, nil, false
	}
	c = new(tokenClaims)
	if !decodeClaimsFast(payload, c) {
		return nil, nil, false
	}
	return c, sig, true
}

// decodeClaimsFast decodes payload into c (zero) when it is a JSON object
// whose claim keys are spelled as tokenClaims spells them, each at most
// once, with plain string values (no escapes, no control characters,
// valid UTF-8) and, for exp, nbf and iat, plain JSON numbers; other ASCII
// keys may carry a plain string, a number, true, false or null. For such a
// payload the result is what json.Unmarshal gives. It reports false for
// anything else, leaving c in an unspecified state.
func decodeClaimsFast(p []byte, c *tokenClaims) bool {
	i := skipSpace(p, 0)
	if i >= len(p) || p[i] != '{' {
		return false
	}
	i = skipSpace(p, i+1)
	if i < len(p) && p[i] == '}' {
		return skipSpace(p, i+1) == len(p)
	}
	var seen uint16
	for {
		key, j, ok := plainString(p, i)
		if !ok {
			return false
		}
		i = skipSpace(p, j)
		if i >= len(p) || p[i] != ':' {
			return false
		}
		i = skipSpace(p, i+1)
		f := claimField(key)
		switch {
		case f < 0:
			// Another claim (Auth0 payloads carry their own keys):
			// encoding/json ignores it unless it is a claim name in
			// another case (or, for non-ASCII keys, Unicode folding).
			if foldsToClaim(key) {
				return false
			}
			j = scalarEnd(p, i)
		case seen&(1<<f) != 0:
			return false
		default:
			seen |= 1 << f
			j = c.decodeField(f, p, i)
		}
		if j == i {
			return false
		}
		i = skipSpace(p, j)
		if i >= len(p) {
			return false
		}
		switch p[i] {
		case ',':
			i = skipSpace(p, i+1)
		case '}':
			return skipSpace(p, i+1) == len(p)
		default:
			return false
		}
	}
}

// decodeField decodes claim f from the value at p[i] and returns the index
// after it, or i when the value is not of the fast path's shape.
func (c *tokenClaims) decodeField(f int, p []byte, i int) int {
	switch f {
	case fieldExp, fieldNbf, fieldIat:
		j := numberEnd(p, i)
		if j == i {
			return i
		}
		d := new(numericDate)
		if d.UnmarshalJSON(p[i:j]) != nil {
			return i
		}
		switch f {
		case fieldExp:
			c.ExpiresAt = d
		case fieldNbf:
			c.NotBefore = d
		default:
			c.IssuedAt = d
		}
		return j
	}
	s, end, ok := plainString(p, i)
	if !ok {
		return i
	}
	if f == fieldOutcome {
		if c.Outcome.UnmarshalJSON(p[i:end]) != nil {
			return i
		}
	} else {
		*c.stringField(f) = string(s)
	}
	return end
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
)

// claimField numbers the JSON names of tokenClaims; -1 for anything else
// (including other spellings, which encoding/json would match).
func claimField(key []byte) int {
	switch string(key) {
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

// foldsToClaim reports whether encoding/json could match key, which is
// not a claim name as spelled, to a claim: an ASCII key equal to one
// without regard to case, or any key with a non-ASCII byte (Unicode
// folding maps "ſ" to "s" and the Kelvin sign to "k").
func foldsToClaim(key []byte) bool {
	const longest = len("integration_id")
	if len(key) > longest {
		for _, c := range key {
			if c >= utf8.RuneSelf {
				return true
			}
		}
		return false
	}
	var lower [longest]byte
	for i, c := range key {
		if c >= utf8.RuneSelf {
			return true
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	return claimField(lower[:len(key)]) >= 0
}

// scalarEnd returns the index after the plain string, number, true, false
// or null at p[i] (i when there is none of these: objects, arrays and
// strings with escapes are left to encoding/json).
func scalarEnd(p []byte, i int) int {
	if i >= len(p) {
		return i
	}
	switch p[i] {
	case '"':
		if _, end, ok := plainString(p, i); ok {
			return end
		}
		return i
	case 't', 'f', 'n':
		for _, lit := range [...]string{"true", "false", "null"} {
			if len(p)-i >= len(lit) && string(p[i:i+len(lit)]) == lit {
				return i + len(lit)
			}
		}
		return i
	}
	return numberEnd(p, i)
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
	}
	return &c.IP
}

func skipSpace(p []byte, i int) int {
	for i < len(p) && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r') {
		i++
	}
	return i
}

// plainString reads the JSON string at p[i] when it has no escape and no
// control character and is valid UTF-8: its contents and the index after
// its closing quote.
func plainString(p []byte, i int) (s []byte, end int, ok bool) {
	if i >= len(p) || p[i] != '"' {
		return nil, 0, false
	}
	ascii := true
	for j := i + 1; j < len(p); j++ {
		switch c := p[j]; {
		case c == '"':
			s = p[i+1 : j]
			if !ascii && !utf8.Valid(s) {
				return nil, 0, false
			}
			return s, j + 1, true
		case c == '\\' || c < 0x20:
			return nil, 0, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, 0, false
}

// numberEnd returns the index after the JSON number at p[i] (i when there
// is none): -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func numberEnd(p []byte, i int) int {
	start := i
	if i < len(p) && p[i] == '-' {
		i++
	}
	switch {
	case i < len(p) && p[i] == '0':
		i++
	case i < len(p) && p[i] >= '1' && p[i] <= '9':
		i = digits(p, i)
	default:
		return start
	}
	if i < len(p) && p[i] == '.' {
		j := digits(p, i+1)
		if j == i+1 {
			return start
		}
		i = j
	}
	if i < len(p) && (p[i] == 'e' || p[i] == 'E') {
		i++
		if i < len(p) && (p[i] == '+' || p[i] == '-') {
			i++
		}
		j := digits(p, i)
		if j == i {
			return start
		}
		i = j
	}
	return i
}

func digits(p []byte, i int) int {
	for i < len(p) && p[i] >= '0' && p[i] <= '9' {
		i++
	}
	return i
}
