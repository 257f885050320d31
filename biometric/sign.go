package biometric

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"hash"
	"sync"
)

// Signing. Tokens are verified by github.com/golang-jwt/jwt/v5 alone (see
// parse and decode.go); signing writes the same compact JWT as
// jwt.Token.SignedString with SigningMethodHS256 (TestSignMatchesJWT),
// without re-marshalling the constant header or hashing the key again for
// each token.

// hs256Header is base64url({"alg":"HS256","typ":"JWT"}), the header that
// jwt.NewWithClaims(jwt.SigningMethodHS256, ...) produces.
const hs256Header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"

// sign produces the same compact JWT as jwt.Token.SignedString with
// SigningMethodHS256 would for c.
func (v *Verifier) sign(c *tokenClaims) (string, error) { return v.signClaims(c.forSigning()) }

// signClaims signs the claims as they are written (dates in whole
// seconds).
func (v *Verifier) signClaims(c *signedClaims) (string, error) {
	payload, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	buf := make([]byte, 0, len(hs256Header)+1+enc.EncodedLen(len(payload))+1+enc.EncodedLen(sha256.Size))
	buf = append(buf, hs256Header...)
	buf = append(buf, '.')
	buf = enc.AppendEncode(buf, payload)
	st := v.macs.get()
	sig := st.mac(buf)
	buf = append(buf, '.')
	buf = enc.AppendEncode(buf, sig)
	v.macs.put(st)
	return string(buf), nil
}

// macPool hands out HMAC-SHA256 states keyed with the session secret.
// crypto/hmac's Reset restores the keyed state without hashing the key
// again, which a fresh hmac.New per token would do.
type macPool struct {
	key  []byte
	pool sync.Pool
}

type macState struct {
	h   hash.Hash
	sum [sha256.Size]byte
}

func newMACPool(key []byte) *macPool {
	p := &macPool{key: key}
	p.pool.New = func() any { return &macState{h: hmac.New(sha256.New, p.key)} }
	return p
}

func (p *macPool) get() *macState { return p.pool.Get().(*macState) }

func (p *macPool) put(st *macState) { p.pool.Put(st) }

// mac computes HMAC-SHA256(key, msg) into st.sum.
func (st *macState) mac(msg []byte) []byte {
	st.h.Reset()
	_, _ = st.h.Write(msg)
	return st.h.Sum(st.sum[:0])
}
