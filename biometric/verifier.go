package biometric

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Verifier signs and verifies the two tokens of Auth0's signed redirect for
// one authID Verified integration: the session token (Auth0 -> Verified)
// and the result token (Verified -> Auth0's /continue). It is safe for
// concurrent use. It prints without its secret under every fmt verb.
type Verifier struct {
	s      *settings
	parser *jwt.Parser
}

// New validates cfg and returns a Verifier. Each invalid field is reported
// as a *[ConfigError] matching [ErrConfig] (several are joined). New makes
// no network call; it copies what it is given.
func New(cfg Config) (*Verifier, error) {
	s, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithLeeway(s.leeway),
		jwt.WithTimeFunc(s.now),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithStrictDecoding(),
	)
	return &Verifier{s: s, parser: p}, nil
}

// Mode returns the configured mode.
func (v *Verifier) Mode() Mode { return v.s.mode }

// Issuer returns the Auth0 tenant host that signs session tokens.
func (v *Verifier) Issuer() string { return v.s.issuer }

// VerifiedIssuer returns the iss of result tokens.
func (v *Verifier) VerifiedIssuer() string { return v.s.verifiedIssuer }

// IntegrationID returns the configured integration id.
func (v *Verifier) IntegrationID() string { return v.s.integrationID }

// VerifiedURL returns the challenge endpoint.
func (v *Verifier) VerifiedURL() string { return v.s.verifiedURL.String() }

// ContinueURL returns where Verified sends the user back.
func (v *Verifier) ContinueURL() string { return v.s.continueURL.String() }

// TokenParam returns the query parameter name carrying tokens.
func (v *Verifier) TokenParam() string { return v.s.tokenParam }

// String describes the Verifier without its secret.
func (v Verifier) String() string {
	if v.s == nil {
		return "biometric.Verifier{}"
	}
	return fmt.Sprintf("biometric.Verifier{IntegrationID: %q, Issuer: %q, VerifiedIssuer: %q, Mode: %s, SessionSecret: %s}",
		v.s.integrationID, v.s.issuer, v.s.verifiedIssuer, v.s.mode, Redacted)
}

// GoString implements fmt.GoStringer.
func (v Verifier) GoString() string { return v.String() }

// Format implements fmt.Formatter: every verb prints String.
func (v Verifier) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, v.String()) }

// tokenClaims is the claim set of both token kinds. It implements
// jwt.Claims, so jwt/v5 validates exp, nbf and iat; its date fields decode
// straight from the JSON number (jwt.NumericDate decodes through a second
// json.Unmarshal, a third of the cost of a verification).
type tokenClaims struct {
	Subject       string       `json:"sub,omitempty"`
	Issuer        string       `json:"iss,omitempty"`
	ExpiresAt     *numericDate `json:"exp,omitempty"`
	NotBefore     *numericDate `json:"nbf,omitempty"`
	IssuedAt      *numericDate `json:"iat,omitempty"`
	ID            string       `json:"jti,omitempty"`
	State         string       `json:"state,omitempty"`
	IntegrationID string       `json:"integration_id,omitempty"`
	ContinueURI   string       `json:"continue_uri,omitempty"`
	IP            string       `json:"ip,omitempty"`
	Outcome       Outcome      `json:"outcome,omitempty"`
}

var _ jwt.Claims = (*tokenClaims)(nil)

// signedClaims is tokenClaims as signed: the same JSON (same keys, same
// order), with dates as plain integers, which encode faster than through
// a json.Marshaler.
type signedClaims struct {
	Subject       string  `json:"sub,omitempty"`
	Issuer        string  `json:"iss,omitempty"`
	ExpiresAt     int64   `json:"exp,omitempty"`
	NotBefore     int64   `json:"nbf,omitempty"`
	IssuedAt      int64   `json:"iat,omitempty"`
	ID            string  `json:"jti,omitempty"`
	State         string  `json:"state,omitempty"`
	IntegrationID string  `json:"integration_id,omitempty"`
	ContinueURI   string  `json:"continue_uri,omitempty"`
	IP            string  `json:"ip,omitempty"`
	Outcome       Outcome `json:"outcome,omitempty"`
}

func (c *tokenClaims) forSigning() *signedClaims {
	unix := func(d *numericDate) int64 {
		if d == nil {
			return 0
		}
		return d.Unix()
	}
	return &signedClaims{
		Subject: c.Subject, Issuer: c.Issuer,
		ExpiresAt: unix(c.ExpiresAt), NotBefore: unix(c.NotBefore), IssuedAt: unix(c.IssuedAt),
		ID: c.ID, State: c.State, IntegrationID: c.IntegrationID, ContinueURI: c.ContinueURI,
		IP: c.IP, Outcome: c.Outcome,
	}
}

func (c *tokenClaims) GetExpirationTime() (*jwt.NumericDate, error) {
	return (*jwt.NumericDate)(c.ExpiresAt), nil
}
func (c *tokenClaims) GetNotBefore() (*jwt.NumericDate, error) {
	return (*jwt.NumericDate)(c.NotBefore), nil
}
func (c *tokenClaims) GetIssuedAt() (*jwt.NumericDate, error) {
	return (*jwt.NumericDate)(c.IssuedAt), nil
}
func (c *tokenClaims) GetIssuer() (string, error)             { return c.Issuer, nil }
func (c *tokenClaims) GetSubject() (string, error)            { return c.Subject, nil }
func (c *tokenClaims) GetAudience() (jwt.ClaimStrings, error) { return nil, nil }

// numericDate is a JWT NumericDate (seconds since the epoch) with the same
// meaning as jwt.NumericDate: whole seconds when signing, fractions
// accepted when parsing.
type numericDate jwt.NumericDate

func newDate(t time.Time) *numericDate {
	return &numericDate{Time: t.Truncate(time.Second)}
}

func (d numericDate) time() time.Time { return d.Time }

// MarshalJSON writes whole seconds.
func (d numericDate) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, d.Unix(), 10), nil
}

// UnmarshalJSON reads a JSON number (encoding/json has already checked
// that b is valid JSON); anything else, or a value out of range, is an
// error.
func (d *numericDate) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) {
		return errDate
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(f) || f > maxDateSeconds || f < -maxDateSeconds {
		return errDate
	}
	sec, frac := math.Modf(f)
	d.Time = time.Unix(int64(sec), int64(frac*1e9))
	return nil
}

// maxDateSeconds keeps dates far inside int64 nanoseconds (year ~2262)
// so that no arithmetic on them overflows.
const maxDateSeconds = 1 << 33

var errDate = errors.New("date claim is not a number in range")

func (v *Verifier) now() time.Time { return v.s.now() }

func newTokenID() string { return rand.Text() }

// hs256Header is base64url({"alg":"HS256","typ":"JWT"}), the header that
// jwt.NewWithClaims(jwt.SigningMethodHS256, ...) produces.
const hs256Header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"

// sign produces the same compact JWT as jwt.Token.SignedString with
// SigningMethodHS256, without re-marshalling the constant header each time.
func (v *Verifier) sign(c *tokenClaims) (string, error) {
	payload, err := json.Marshal(c.forSigning())
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	buf := make([]byte, 0, len(hs256Header)+1+enc.EncodedLen(len(payload))+1+enc.EncodedLen(32))
	buf = append(buf, hs256Header...)
	buf = append(buf, '.')
	buf = enc.AppendEncode(buf, payload)
	sig, err := jwt.SigningMethodHS256.Sign(string(buf), v.s.key)
	if err != nil {
		return "", err
	}
	buf = append(buf, '.')
	buf = enc.AppendEncode(buf, sig)
	return string(buf), nil
}

var errKeyAlgorithm = errors.New("algorithm not HS256")

func (v *Verifier) keyFunc(t *jwt.Token) (any, error) {
	if t.Method != jwt.SigningMethodHS256 {
		return nil, errKeyAlgorithm
	}
	return v.s.key, nil
}

// parse checks size, structure, algorithm, signature and the time claims,
// then the claims common to both kinds: jti (optional), lifetime and
// integration id (when present).
func (v *Verifier) parse(op, token string) (*tokenClaims, *jwt.Token, error) {
	if len(token) > MaxTokenBytes {
		return nil, nil, tokenErr(op, ErrTokenTooLarge, "longer than 8 KiB", nil)
	}
	if token == "" {
		return nil, nil, tokenErr(op, ErrMalformedEncoding, "empty token", nil)
	}
	c := new(tokenClaims)
	t, err := v.parser.ParseWithClaims(token, c, v.keyFunc)
	if err != nil {
		return nil, nil, mapParseErr(op, t, err)
	}
	if _, ok := t.Header["crit"]; ok {
		return nil, nil, tokenErr(op, ErrMalformed, "crit header not supported", nil)
	}
	if len(c.ID) > maxIDBytes {
		return nil, nil, tokenErr(op, ErrMalformed, "jti too long", nil)
	}
	// The lifetime cap: exp - iat when iat is present (the signer's own
	// view, immune to clock skew), and exp - now in any case, each with the
	// leeway. Auth0's default (exp = iat + 900 s = MaxTokenLifetime) passes
	// under a skew up to the leeway; iat itself may lie at most the leeway
	// ahead (checked by jwt/v5).
	maxLife := MaxTokenLifetime + v.s.leeway
	exp := c.ExpiresAt.time()
	if c.IssuedAt != nil && exp.Sub(c.IssuedAt.time()) > maxLife {
		return nil, nil, tokenErr(op, ErrLifetime, "exp - iat exceeds the lifetime cap", nil)
	}
	if exp.Sub(v.now()) > maxLife {
		return nil, nil, tokenErr(op, ErrLifetime, "exp too far in the future", nil)
	}
	if c.IntegrationID != "" && !equal(c.IntegrationID, v.s.integrationID) {
		return nil, nil, tokenErr(op, ErrIntegration, "integration id differs", nil)
	}
	return c, t, nil
}

func mapParseErr(op string, t *jwt.Token, err error) error {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		var b64 base64.CorruptInputError
		if t == nil || errors.As(err, &b64) {
			return tokenErr(op, ErrMalformedEncoding, "not a compact JWS of base64url segments", err)
		}
		return tokenErr(op, ErrMalformedJSON, "header or payload is not the expected JSON", err)
	case t == nil:
		return tokenErr(op, ErrMalformedEncoding, "not a compact JWS of base64url segments", err)
	case t.Method == nil || t.Method != jwt.SigningMethodHS256 || errors.Is(err, errKeyAlgorithm):
		return tokenErr(op, ErrAlgorithm, "only HS256 is accepted", err)
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return tokenErr(op, ErrSignature, "HMAC does not match", err)
	case errors.Is(err, jwt.ErrTokenExpired):
		return tokenErr(op, ErrExpired, "exp has passed", err)
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return tokenErr(op, ErrNotYetValid, "nbf in the future", err)
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return tokenErr(op, ErrNotYetValid, "iat in the future", err)
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return tokenErr(op, ErrMissingClaim, "exp missing", err)
	default:
		return tokenErr(op, ErrMalformed, "invalid claims", err)
	}
}

// replayKey names a token in the replay store: its jti when it has one,
// else the SHA-256 of its signature. HMAC-SHA256 is deterministic and the
// signature segment is decoded strictly (one encoding per value), so a
// jti-less token has exactly one key, and any change to its header or
// payload changes the signature.
func replayKey(kind string, c *tokenClaims, t *jwt.Token) string {
	if c.ID != "" {
		return "authid:" + kind + ":jti:" + c.ID
	}
	sum := sha256.Sum256(t.Signature)
	return "authid:" + kind + ":sig:" + base64.RawURLEncoding.EncodeToString(sum[:])
}

// consume records the token in the replay store until exp (plus leeway);
// called last, after every other check passed.
func (v *Verifier) consume(ctx context.Context, op, kind string, c *tokenClaims, t *jwt.Token) error {
	until := c.ExpiresAt.time().Add(v.s.leeway)
	fresh, err := v.s.store.Claim(ctx, replayKey(kind, c, t), v.now(), until)
	if err != nil {
		return tokenErr(op, ErrReplayStore, "replay store did not answer", err)
	}
	if !fresh {
		return tokenErr(op, ErrReplay, "token already accepted", nil)
	}
	return nil
}

// equal compares in constant time (for equal lengths).
func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// issuerMatches compares a token's iss with a normalised host ("host",
// "https://host" or "https://host/" all match).
func issuerMatches(iss, want string) bool {
	if equal(iss, want) {
		return true
	}
	host, err := normalizeIssuer(iss)
	return err == nil && equal(host, want)
}

// resultIssuerOK reports whether iss names the Verified side: the
// VerifiedIssuer host (bare or as scheme://host[/]), or VerifiedURL
// itself, its origin or its host (the latter only when VerifiedURL's host
// differs from the tenant's; see Config.VerifiedIssuer). Scheme and host
// compare case-insensitively, the path exactly, a trailing slash aside.
func (v *Verifier) resultIssuerOK(iss string) bool {
	if iss == "" || len(iss) > 2048 {
		return false
	}
	if issuerMatches(iss, v.s.verifiedIssuer) {
		return true
	}
	if v.s.vuHost == "" {
		return false
	}
	if equal(strings.ToLower(iss), v.s.vuHost) {
		return true
	}
	u, err := url.Parse(iss)
	if err != nil || u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.Opaque != "" {
		return false
	}
	path := strings.TrimRight(u.Path, "/")
	return equal(strings.ToLower(u.Scheme), v.s.vuScheme) &&
		equal(strings.ToLower(u.Host), v.s.vuHost) &&
		(path == "" || equal(path, v.s.vuPath))
}

// appendQuery adds params to u's query, keeping what is there.
func appendQuery(u *url.URL, kv ...string) string {
	var b strings.Builder
	b.WriteString(u.RawQuery)
	for i := 0; i+1 < len(kv); i += 2 {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(kv[i]))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(kv[i+1]))
	}
	out := *u
	out.RawQuery = b.String()
	return out.String()
}
