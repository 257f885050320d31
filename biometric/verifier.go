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
	macs   *macPool
}

// New validates cfg and returns a Verifier. Each invalid field is reported
// as a *[ConfigError] matching [ErrConfig] (several are joined). New makes
// no network call; it copies what it is given.
func New(cfg Config) (*Verifier, error) {
	s, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	// exp, nbf and iat are checked by parse, against one reading of the
	// clock per verification (jwt/v5 would read it again).
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithoutClaimsValidation(),
		jwt.WithStrictDecoding(),
	)
	return &Verifier{s: s, parser: p, macs: newMACPool(s.key)}, nil
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

// ReplayStore returns the store that records accepted tokens (the
// configured one, or the Verifier's own MemoryReplayStore).
func (v *Verifier) ReplayStore() ReplayStore { return v.s.store }

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
// jwt.Claims (parse checks exp, nbf and iat itself) and decodes itself
// strictly (decode.go): member names match exactly, a claim may appear
// once, and a name equal to a claim's only under case folding is refused,
// so that it reads a payload as Auth0's jsonwebtoken does, or refuses it.
// The json tags serve encoding (jwt.NewWithClaims in tests); decoding
// never goes through them.
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
	Outcome       outcomeClaim `json:"outcome,omitzero"`

	dates [3]numericDate // what ExpiresAt, NotBefore and IssuedAt point to when decoded
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
		IP: c.IP, Outcome: c.Outcome.value(),
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

// UnmarshalJSON reads a JSON number; anything else, or a value out of
// range, is an error.
func (d *numericDate) UnmarshalJSON(b []byte) error {
	p, err := parseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// parseDate reads the text of a JSON number as seconds since the epoch
// (fractions kept, as jwt.NumericDate does).
func parseDate(n string) (numericDate, error) {
	if len(n) == 0 || (n[0] != '-' && (n[0] < '0' || n[0] > '9')) {
		return numericDate{}, errDate
	}
	f, err := strconv.ParseFloat(n, 64)
	if err != nil || math.IsNaN(f) || f > maxDateSeconds || f < -maxDateSeconds {
		return numericDate{}, errDate
	}
	sec, frac := math.Modf(f)
	return numericDate{Time: time.Unix(int64(sec), int64(frac*1e9))}, nil
}

// maxDateSeconds keeps dates far inside int64 nanoseconds (year ~2262)
// so that no arithmetic on them overflows.
const maxDateSeconds = 1 << 33

var errDate = errors.New("date claim is not a number in range")

// outcomeClaim is the outcome claim as decoded: absent (the zero value),
// present but "" or null, one of the two outcomes (compared with an
// ASCII-only case fold), or another value.
type outcomeClaim struct{ kind outcomeKind }

type outcomeKind uint8

const (
	outcomeAbsent outcomeKind = iota
	outcomeEmpty              // "" or null
	outcomeUnknown
	outcomeSuccess
	outcomeFailure
)

// value is the outcome to sign: OutcomeSuccess, OutcomeFailure or "".
func (o outcomeClaim) value() Outcome {
	switch o.kind {
	case outcomeSuccess:
		return OutcomeSuccess
	case outcomeFailure:
		return OutcomeFailure
	}
	return ""
}

// parseOutcome classifies a decoded outcome string: "" is empty, the two
// outcomes compare with an ASCII-only case fold, anything else is unknown.
func parseOutcome(s string) outcomeClaim {
	switch {
	case s == "":
		return outcomeClaim{outcomeEmpty}
	case asciiEqualFold(s, string(OutcomeSuccess)):
		return outcomeClaim{outcomeSuccess}
	case asciiEqualFold(s, string(OutcomeFailure)):
		return outcomeClaim{outcomeFailure}
	}
	return outcomeClaim{outcomeUnknown}
}

// MarshalJSON writes the outcome as a string (for jwt/v5's own encoder;
// sign uses signedClaims).
func (o outcomeClaim) MarshalJSON() ([]byte, error) {
	return json.Marshal(string(o.value()))
}

func (v *Verifier) now() time.Time { return v.s.now() }

func newTokenID() string { return rand.Text() }

var errKeyAlgorithm = errors.New("algorithm not HS256")

func (v *Verifier) keyFunc(t *jwt.Token) (any, error) {
	if t.Method != jwt.SigningMethodHS256 {
		return nil, errKeyAlgorithm
	}
	return v.s.key, nil
}

// parse checks size, structure, algorithm, signature and the time claims
// (against now, the one clock reading of this verification), then the
// claims common to both kinds: jti (optional), lifetime (at most maxLife
// plus the leeway) and integration id (when present).
func (v *Verifier) parse(op, token string, now time.Time, maxLife time.Duration) (*tokenClaims, []byte, error) {
	if len(token) > MaxTokenBytes {
		return nil, nil, tokenErr(op, ErrTokenTooLarge, "longer than 8 KiB", nil)
	}
	if token == "" {
		return nil, nil, tokenErr(op, ErrMalformedEncoding, "empty token", nil)
	}
	c, sig, err := v.parseJWT(op, token)
	if err != nil {
		return nil, nil, err
	}
	// The time claims, with jwt/v5's semantics: valid while
	// now < exp + leeway, from nbf - leeway and iat - leeway on.
	leeway := v.s.leeway
	if c.ExpiresAt == nil {
		return nil, nil, tokenErr(op, ErrMissingClaim, "exp missing", jwt.ErrTokenRequiredClaimMissing)
	}
	exp := c.ExpiresAt.time()
	switch {
	case !now.Before(exp.Add(leeway)):
		return nil, nil, tokenErr(op, ErrExpired, "exp has passed", jwt.ErrTokenExpired)
	case c.NotBefore != nil && now.Before(c.NotBefore.time().Add(-leeway)):
		return nil, nil, tokenErr(op, ErrNotYetValid, "nbf in the future", jwt.ErrTokenNotValidYet)
	case c.IssuedAt != nil && now.Before(c.IssuedAt.time().Add(-leeway)):
		return nil, nil, tokenErr(op, ErrNotYetValid, "iat in the future", jwt.ErrTokenUsedBeforeIssued)
	}
	if len(c.ID) > maxIDBytes {
		return nil, nil, tokenErr(op, ErrMalformed, "jti too long", nil)
	}
	// The lifetime cap: exp - iat when iat is present (the signer's own
	// view, immune to clock skew), and exp - now in any case, each with the
	// leeway. Auth0's default session token (exp = iat + 900 s =
	// MaxTokenLifetime) passes under a skew up to the leeway; iat itself
	// may lie at most the leeway ahead (checked above).
	maxLife += leeway
	if c.IssuedAt != nil && exp.Sub(c.IssuedAt.time()) > maxLife {
		return nil, nil, tokenErr(op, ErrLifetime, "exp - iat exceeds the lifetime cap", nil)
	}
	if exp.Sub(now) > maxLife {
		return nil, nil, tokenErr(op, ErrLifetime, "exp too far in the future", nil)
	}
	if c.IntegrationID != "" && !equal(c.IntegrationID, v.s.integrationID) {
		return nil, nil, tokenErr(op, ErrIntegration, "integration id differs", nil)
	}
	return c, sig, nil
}

// parseJWT is jwt/v5's ParseWithClaims (HS256 only, strict base64): it
// checks structure, header, algorithm and signature, and decodes the
// claims with tokenClaims' strict decoder.
func (v *Verifier) parseJWT(op, token string) (*tokenClaims, []byte, error) {
	c := new(tokenClaims)
	t, err := v.parser.ParseWithClaims(token, c, v.keyFunc)
	if err != nil {
		return nil, nil, mapParseErr(op, t, err)
	}
	if _, ok := t.Header["crit"]; ok {
		return nil, nil, tokenErr(op, ErrMalformed, "crit header not supported", nil)
	}
	return c, t.Signature, nil
}

func mapParseErr(op string, t *jwt.Token, err error) error {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		var b64 base64.CorruptInputError
		if t == nil || errors.As(err, &b64) {
			return tokenErr(op, ErrMalformedEncoding, "not a compact JWS of base64url segments", err)
		}
		if ce, ok := asClaimsError(err); ok {
			return tokenErr(op, ErrMalformedJSON, ce.reason, err)
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

// replayKey names a token in the replay store: the integration's prefix
// (authid:<len>:<integration id>:, so that integrations sharing a store
// never collide), the kind, then its jti when it has one, else the SHA-256
// of its signature. HMAC-SHA256 is deterministic and the signature segment
// is decoded strictly (one encoding per value), so a jti-less token has
// exactly one key, and any change to its header or payload changes the
// signature.
func (v *Verifier) replayKey(kind string, c *tokenClaims, sig []byte) string {
	if c.ID != "" {
		return v.s.replayPrefix + kind + ":jti:" + c.ID
	}
	sum := sha256.Sum256(sig)
	return v.s.replayPrefix + kind + ":sig:" + base64.RawURLEncoding.EncodeToString(sum[:])
}

// replayMargin is kept on top of exp + 2 x leeway in the replay store.
const replayMargin = time.Minute

// replayUntil is how long a token's record must outlive its acceptance:
// this verifier accepts it until exp + leeway by its own clock; another
// instance sharing the store, whose clock may lag by up to the leeway,
// until exp + 2 x leeway by this clock; replayMargin covers larger skew
// and the store's own clock.
func (v *Verifier) replayUntil(exp time.Time) time.Time {
	return exp.Add(2*v.s.leeway + replayMargin)
}

// consume records the token in the replay store until replayUntil; called
// last, after every other check passed, with the verification's now.
func (v *Verifier) consume(ctx context.Context, op, kind string, c *tokenClaims, sig []byte, now time.Time) error {
	fresh, err := v.s.store.Claim(ctx, v.replayKey(kind, c, sig), now, v.replayUntil(c.ExpiresAt.time()))
	switch {
	case errors.Is(err, ErrReplayStoreFull):
		return tokenErr(op, ErrReplayStore, "replay store full", err)
	case err != nil:
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

// issuerMatches compares a session token's iss with the canonical tenant
// host ("host", "host:443", "HOST.", "https://host" and "https://host/"
// all match "host"; see normalizeHost).
func issuerMatches(iss, want string) bool {
	if equal(iss, want) {
		return true
	}
	host, err := normalizeIssuer(iss)
	return err == nil && equal(host, want)
}

// splitIssuer takes a result token's iss apart: a bare host[:port], or an
// absolute URL without user info, query or fragment. host is canonical
// (normalizeHost), scheme lower case, path escaped and without trailing
// slashes; scheme and path are empty for a bare host.
func splitIssuer(iss string) (scheme, host, path string, ok bool) {
	if iss == "" || len(iss) > 2048 {
		return "", "", "", false
	}
	if !strings.Contains(iss, "://") {
		h, err := normalizeHost(iss)
		return "", h, "", err == nil
	}
	u, err := url.Parse(iss)
	if err != nil || u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.Opaque != "" {
		return "", "", "", false
	}
	h, err := normalizeHost(u.Host)
	if err != nil {
		return "", "", "", false
	}
	return u.Scheme, h, strings.TrimRight(u.EscapedPath(), "/"), true
}

// resultIssuerOK reports whether a result token's iss, taken apart by
// splitIssuer, names the Verified side: the VerifiedIssuer host (bare or
// as scheme://host[/]), or VerifiedURL itself, its origin or its host (the
// latter only when VerifiedURL's host is not a tenant host; see
// Config.VerifiedIssuer). An iss naming the tenant (Issuer or one of
// ContinueHosts) is refused first, in whatever form: so a session token
// can never pass for a result. Neither may an http:// iss pass when
// VerifiedURL is https.
func (v *Verifier) resultIssuerOK(scheme, host, path string) bool {
	switch {
	case v.s.isTenantHost(host):
		return false
	case scheme == "https":
	case scheme == "http" && v.s.verifiedURL.Scheme == "http":
	case scheme != "":
		return false
	}
	if path == "" && equal(host, v.s.verifiedIssuer) {
		return true
	}
	if v.s.vuHost == "" || !equal(host, v.s.vuHost) {
		return false
	}
	if scheme == "" {
		return true // VerifiedURL's bare host
	}
	return scheme == v.s.vuScheme && (path == "" || equal(path, v.s.vuPath))
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
