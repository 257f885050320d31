package biometric

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

type tokenCase struct {
	name    string
	header  func(h map[string]any)                  // edits the header
	claims  func(c map[string]any)                  // edits the claims
	sign    func(string) string                     // nil: HS256 with testSecret
	raw     func(t *testing.T, valid string) string // replaces the token (given a valid one)
	advance time.Duration                           // clock moves before verifying
	want    error                                   // nil: accepted
}

func hs384(secret string) func(string) string {
	return func(input string) string {
		m := hmac.New(sha512.New384, []byte(secret))
		m.Write([]byte(input))
		return b64(m.Sum(nil))
	}
}

func es256(t testing.TB) func(string) string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return func(input string) string {
		sig, err := jwt.SigningMethodES256.Sign(input, key)
		if err != nil {
			t.Fatal(err)
		}
		return b64(sig)
	}
}

func setAlg(alg any) func(map[string]any) { return func(h map[string]any) { h["alg"] = alg } }

func swapSegment(i int, with func(seg string) string) func(*testing.T, string) string {
	return func(_ *testing.T, valid string) string {
		parts := strings.Split(valid, ".")
		parts[i] = with(parts[i])
		return strings.Join(parts, ".")
	}
}

// commonCases apply to both token kinds: algorithm, signature, time, size
// and structure.
func commonCases(t *testing.T) []tokenCase {
	return []tokenCase{
		{name: "valid", want: nil},
		{name: "alg none, no signature", header: setAlg("none"), sign: func(string) string { return "" }, want: ErrAlgorithm},
		{name: "alg none, HMAC signature", header: setAlg("none"), want: ErrAlgorithm},
		{name: "alg NONE", header: setAlg("NONE"), sign: func(string) string { return "" }, want: ErrAlgorithm},
		{name: "alg HS384 with the right secret", header: setAlg("HS384"), sign: hs384(testSecret), want: ErrAlgorithm},
		{name: "alg HS512 header", header: setAlg("HS512"), want: ErrAlgorithm},
		{name: "alg RS256 header, HMAC signature (key confusion)", header: setAlg("RS256"), want: ErrAlgorithm},
		{name: "alg ES256 really signed", header: setAlg("ES256"), sign: es256(t), want: ErrAlgorithm},
		{name: "alg unknown", header: setAlg("XS256"), want: ErrAlgorithm},
		{name: "alg missing", header: func(h map[string]any) { delete(h, "alg") }, want: ErrAlgorithm},
		{name: "alg not a string", header: setAlg(256), want: ErrAlgorithm},
		{name: "signed with another secret", sign: hs256(otherSecret), want: ErrSignature},
		{name: "modified payload", raw: swapSegment(1, func(seg string) string {
			b, _ := base64.RawURLEncoding.DecodeString(seg)
			return b64([]byte(strings.Replace(string(b), `"auth0|alice"`, `"auth0|mallory"`, 1)))
		}), want: ErrSignature},
		{name: "modified header", raw: swapSegment(0, func(string) string {
			return b64([]byte(`{"alg":"HS256","kid":"x","typ":"JWT"}`))
		}), want: ErrSignature},
		{name: "signature truncated", raw: swapSegment(2, func(seg string) string { return seg[:20] }), want: ErrSignature},
		{name: "signature empty", raw: swapSegment(2, func(string) string { return "" }), want: ErrSignature},
		{name: "expired", advance: 16 * time.Minute, want: ErrExpired},
		{name: "expired but within leeway", claims: func(c map[string]any) { c["exp"] = epoch.Add(-20 * time.Second).Unix() }, want: nil},
		{name: "expired beyond leeway", claims: func(c map[string]any) { c["exp"] = epoch.Add(-31 * time.Second).Unix() }, want: ErrExpired},
		{name: "nbf in the future", claims: func(c map[string]any) { c["nbf"] = epoch.Add(2 * time.Minute).Unix() }, want: ErrNotYetValid},
		{name: "iat in the future", claims: func(c map[string]any) { c["iat"] = epoch.Add(2 * time.Minute).Unix() }, want: ErrNotYetValid},
		{name: "nbf within leeway", claims: func(c map[string]any) { c["nbf"] = epoch.Add(20 * time.Second).Unix() }, want: nil},
		{name: "exp missing", claims: func(c map[string]any) { delete(c, "exp") }, want: ErrMissingClaim},
		{name: "jti missing (replay keyed on the signature)", claims: func(c map[string]any) { delete(c, "jti") }, want: nil},
		{name: "jti over 256 bytes", claims: func(c map[string]any) { c["jti"] = strings.Repeat("j", 257) }, want: ErrMalformed},
		{name: "exp a year ahead", claims: func(c map[string]any) { c["exp"] = epoch.Add(365 * 24 * time.Hour).Unix() }, want: ErrLifetime},
		{name: "integration id wrong", claims: func(c map[string]any) { c["integration_id"] = "int-999" }, want: ErrIntegration},
		{name: "integration id missing (optional)", claims: func(c map[string]any) { delete(c, "integration_id") }, want: nil},
		{name: "integration id empty (optional)", claims: func(c map[string]any) { c["integration_id"] = "" }, want: nil},
		{name: "exp - iat beyond cap + leeway", claims: func(c map[string]any) {
			c["iat"] = epoch.Add(-10 * time.Minute).Unix()
			c["exp"] = epoch.Add(5*time.Minute + 31*time.Second).Unix()
		}, want: ErrLifetime},
		{name: "1 MiB token", raw: func(_ *testing.T, valid string) string {
			return valid + strings.Repeat("A", 1<<20)
		}, want: ErrTokenTooLarge},
		{name: "just over 8 KiB", raw: func(*testing.T, string) string { return strings.Repeat("a", MaxTokenBytes+1) }, want: ErrTokenTooLarge},
		{name: "empty", raw: func(*testing.T, string) string { return "" }, want: ErrMalformedEncoding},
		{name: "two segments", raw: func(_ *testing.T, valid string) string { return valid[:strings.LastIndex(valid, ".")] }, want: ErrMalformedEncoding},
		{name: "four segments", raw: func(_ *testing.T, valid string) string { return valid + ".x" }, want: ErrMalformedEncoding},
		{name: "header bad base64", raw: swapSegment(0, func(string) string { return "!!!*" }), want: ErrMalformedEncoding},
		{name: "payload bad base64", raw: swapSegment(1, func(string) string { return "e30%%" }), want: ErrMalformedEncoding},
		{name: "signature bad base64", raw: swapSegment(2, func(string) string { return "****" }), want: ErrMalformedEncoding},
		{name: "header padded base64", raw: swapSegment(0, func(seg string) string { return seg + "==" }), want: ErrMalformedEncoding},
		{name: "header bad JSON", raw: swapSegment(0, func(string) string { return b64([]byte(`{"alg":"HS256"`)) }), want: ErrMalformedJSON},
		{name: "payload bad JSON", raw: func(t *testing.T, _ string) string {
			input := b64JSON(t, hsHeader()) + "." + b64([]byte(`{"sub":`))
			return input + "." + hs256(testSecret)(input)
		}, want: ErrMalformedJSON},
		{name: "payload a JSON array", raw: func(t *testing.T, _ string) string {
			input := b64JSON(t, hsHeader()) + "." + b64([]byte(`[1,2]`))
			return input + "." + hs256(testSecret)(input)
		}, want: ErrMalformedJSON},
		{name: "exp a string", claims: func(c map[string]any) { c["exp"] = "tomorrow" }, want: ErrMalformedJSON},
		{name: "state a number", claims: func(c map[string]any) { c["state"] = 42 }, want: ErrMalformedJSON},
		{name: "crit header", header: func(h map[string]any) { h["crit"] = []string{"exp"} }, want: ErrMalformed},
	}
}

// lifetimeCases check the lifetime cap of one token kind (MaxTokenLifetime
// for session tokens, MaxResultLifetime for result tokens) under the
// tests' 30 s leeway.
func lifetimeCases(maxLife time.Duration) []tokenCase {
	secs := int64(maxLife / time.Second)
	return []tokenCase{
		{name: "iat 2 s ahead, exp = iat + cap", claims: func(c map[string]any) {
			c["iat"] = epoch.Add(2 * time.Second).Unix()
			c["exp"] = epoch.Unix() + 2 + secs
		}, want: nil},
		{name: "no iat, exp = now + cap + leeway", claims: func(c map[string]any) {
			delete(c, "iat")
			c["exp"] = epoch.Unix() + secs + 30
		}, want: nil},
		{name: "no iat, exp beyond cap + leeway", claims: func(c map[string]any) {
			delete(c, "iat")
			c["exp"] = epoch.Unix() + secs + 31
		}, want: ErrLifetime},
		{name: "exp - iat = cap + leeway + 1 s", claims: func(c map[string]any) {
			c["iat"] = epoch.Add(-time.Minute).Unix()
			c["exp"] = epoch.Unix() - 60 + secs + 31
		}, want: ErrLifetime},
	}
}

func runTokenCases(t *testing.T, cases []tokenCase, base func(time.Time) map[string]any,
	verify func(ctx context.Context, v *Verifier, token string) error) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, clk := newTestVerifier(t)
			h, c := hsHeader(), base(clk.Now())
			if tc.header != nil {
				tc.header(h)
			}
			if tc.claims != nil {
				tc.claims(c)
			}
			sign := tc.sign
			if sign == nil {
				sign = hs256(testSecret)
			}
			token := craft(t, h, c, sign)
			if tc.raw != nil {
				token = tc.raw(t, token)
			}
			clk.Advance(tc.advance)
			err := verify(context.Background(), v, token)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("valid token refused: %v", err)
				}
				return
			}
			checkRefusal(t, err, tc.want, token)
		})
	}
}

func TestVerifyResultRefusals(t *testing.T) {
	t.Parallel()
	cases := append(append(commonCases(t), lifetimeCases(MaxResultLifetime)...),
		tokenCase{name: "result token lives as long as a session token (900 s)", claims: func(c map[string]any) {
			c["iat"] = epoch.Unix()
			c["exp"] = epoch.Add(900 * time.Second).Unix()
		}, want: ErrLifetime},
		tokenCase{name: "outcome failure is a valid token", claims: func(c map[string]any) { c["outcome"] = "failure" }},
		tokenCase{name: "state wrong", claims: func(c map[string]any) { c["state"] = "state-of-another-login" }, want: ErrState},
		tokenCase{name: "state missing", claims: func(c map[string]any) { delete(c, "state") }, want: ErrState},
		tokenCase{name: "state prefix", claims: func(c map[string]any) { c["state"] = testState[:10] }, want: ErrState},
		tokenCase{name: "sub wrong", claims: func(c map[string]any) { c["sub"] = "auth0|mallory" }, want: ErrSubject},
		tokenCase{name: "sub missing", claims: func(c map[string]any) { delete(c, "sub") }, want: ErrSubject},
		tokenCase{name: "iss wrong", claims: func(c map[string]any) { c["iss"] = "evil.example.com" }, want: ErrIssuer},
		tokenCase{name: "iss missing", claims: func(c map[string]any) { delete(c, "iss") }, want: ErrIssuer},
		tokenCase{name: "iss is the tenant (session token as result)", claims: func(c map[string]any) { c["iss"] = testTenant }, want: ErrIssuer},
		tokenCase{name: "iss as https URL is the same issuer", claims: func(c map[string]any) { c["iss"] = "https://" + testVerifiedH + "/" }},
		tokenCase{name: "outcome unknown", claims: func(c map[string]any) { c["outcome"] = "maybe" }, want: ErrMalformed},
		tokenCase{name: "outcome missing counts as success", claims: func(c map[string]any) { delete(c, "outcome") }},
		tokenCase{name: "outcome upper case", claims: func(c map[string]any) { c["outcome"] = "SUCCESS" }},
		tokenCase{name: "outcome FAILURE is a valid token", claims: func(c map[string]any) { c["outcome"] = "FAILURE" }},
		tokenCase{name: "outcome not a string", claims: func(c map[string]any) { c["outcome"] = true }, want: ErrMalformedJSON},
		tokenCase{name: "iss = VerifiedURL", claims: func(c map[string]any) { c["iss"] = testVerifiedU }},
		tokenCase{name: "iss = VerifiedURL/", claims: func(c map[string]any) { c["iss"] = testVerifiedU + "/" }},
		tokenCase{name: "iss = VerifiedURL's origin", claims: func(c map[string]any) { c["iss"] = "https://" + testVerifiedH }},
		tokenCase{name: "iss = VerifiedURL, upper-case host", claims: func(c map[string]any) { c["iss"] = "HTTPS://VERIFIED.example.com/auth0/verify" }},
		tokenCase{name: "iss = another path on the Verified host", claims: func(c map[string]any) { c["iss"] = "https://" + testVerifiedH + "/other" }, want: ErrIssuer},
		tokenCase{name: "iss = VerifiedURL over http", claims: func(c map[string]any) { c["iss"] = "http://" + testVerifiedH + "/auth0/verify" }, want: ErrIssuer},
		tokenCase{name: "iss = VerifiedURL with a query", claims: func(c map[string]any) { c["iss"] = testVerifiedU + "?x=1" }, want: ErrIssuer},
		tokenCase{name: "iss = the tenant as URL", claims: func(c map[string]any) { c["iss"] = "https://" + testTenant + "/" }, want: ErrIssuer},
	)
	runTokenCases(t, cases, resultClaims, func(ctx context.Context, v *Verifier, token string) error {
		r, err := v.VerifyResult(ctx, token, Expect{UserID: testUser, State: testState})
		if err == nil && (r.UserID != testUser || !r.Outcome.valid()) {
			t.Errorf("result = %+v", r)
		}
		return err
	})
}

func TestVerifySessionRefusals(t *testing.T) {
	t.Parallel()
	cases := append(append(commonCases(t), lifetimeCases(MaxTokenLifetime)...),
		tokenCase{name: "iss wrong", claims: func(c map[string]any) { c["iss"] = "other-tenant.auth0.com" }, want: ErrIssuer},
		tokenCase{name: "iss is Verified (result token as session)", claims: func(c map[string]any) { c["iss"] = testVerifiedH }, want: ErrIssuer},
		tokenCase{name: "iss in the older https://host/ form", claims: func(c map[string]any) { c["iss"] = "https://" + testTenant + "/" }},
		tokenCase{name: "iss with a path", claims: func(c map[string]any) { c["iss"] = "https://" + testTenant + "/x" }, want: ErrIssuer},
		tokenCase{name: "outcome claim present", claims: func(c map[string]any) { c["outcome"] = "success" }, want: ErrMalformed},
		tokenCase{name: "sub missing", claims: func(c map[string]any) { delete(c, "sub") }, want: ErrSubject},
		tokenCase{name: "state missing (and no query state)", claims: func(c map[string]any) { delete(c, "state") }, want: ErrState},
		tokenCase{name: "continue_uri on another host", claims: func(c map[string]any) { c["continue_uri"] = "https://evil.example.com/continue" }, want: ErrContinueURI},
		tokenCase{name: "continue_uri plain http", claims: func(c map[string]any) { c["continue_uri"] = "http://" + testTenant + "/continue" }, want: ErrContinueURI},
		tokenCase{name: "continue_uri javascript", claims: func(c map[string]any) { c["continue_uri"] = "javascript:alert(1)" }, want: ErrContinueURI},
		tokenCase{name: "continue_uri missing defaults to the tenant", claims: func(c map[string]any) { delete(c, "continue_uri") }},
		tokenCase{name: "ip kept", claims: func(c map[string]any) { c["ip"] = "203.0.113.9" }},
	)
	runTokenCases(t, cases, sessionClaims, func(ctx context.Context, v *Verifier, token string) error {
		s, err := v.VerifySession(ctx, token)
		if err == nil && s.ContinueURI != "https://"+testTenant+"/continue" {
			t.Errorf("ContinueURI = %q", s.ContinueURI)
		}
		return err
	})
}

func TestReplayRefused(t *testing.T) {
	t.Parallel()
	v, clk := newTestVerifier(t)
	ctx := context.Background()
	want := Expect{UserID: testUser, State: testState}

	res := craft(t, hsHeader(), resultClaims(clk.Now()), hs256(testSecret))
	if _, err := v.VerifyResult(ctx, res, want); err != nil {
		t.Fatalf("first use: %v", err)
	}
	_, err := v.VerifyResult(ctx, res, want)
	checkRefusal(t, err, ErrReplay, res)

	sess := craft(t, hsHeader(), sessionClaims(clk.Now()), hs256(testSecret))
	if _, err := v.VerifySession(ctx, sess); err != nil {
		t.Fatalf("first use: %v", err)
	}
	_, err = v.VerifySession(ctx, sess)
	checkRefusal(t, err, ErrReplay, sess)

	// A refused token does not consume its jti: a token with the same jti
	// but a wrong state, then the genuine one.
	c := resultClaims(clk.Now())
	bad := map[string]any{}
	for k, val := range c {
		bad[k] = val
	}
	bad["state"] = "wrong"
	_, err = v.VerifyResult(ctx, craft(t, hsHeader(), bad, hs256(testSecret)), want)
	checkRefusal(t, err, ErrState, "")
	if _, err := v.VerifyResult(ctx, craft(t, hsHeader(), c, hs256(testSecret)), want); err != nil {
		t.Fatalf("genuine token after a refused one with the same jti: %v", err)
	}
}

// failingStore is a replay store that cannot answer.
type failingStore struct{}

func (failingStore) Claim(context.Context, string, time.Time, time.Time) (bool, error) {
	return false, errors.New("connection refused")
}

func TestReplayStoreFailureFailsClosed(t *testing.T) {
	t.Parallel()
	v, clk := newTestVerifier(t, func(c *Config) { c.ReplayStore = failingStore{} })
	tok := craft(t, hsHeader(), resultClaims(clk.Now()), hs256(testSecret))
	_, err := v.VerifyResult(context.Background(), tok, Expect{UserID: testUser, State: testState})
	checkRefusal(t, err, ErrReplayStore, tok)
}

func TestVerifyResultNeedsExpectations(t *testing.T) {
	t.Parallel()
	v, clk := newTestVerifier(t)
	tok := craft(t, hsHeader(), resultClaims(clk.Now()), hs256(testSecret))
	for _, want := range []Expect{{}, {UserID: testUser}, {State: testState}} {
		_, err := v.VerifyResult(context.Background(), tok, want)
		checkRefusal(t, err, ErrInvalidArgument, tok)
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, outcome := range []Outcome{OutcomeSuccess, OutcomeFailure} {
		t.Run(string(outcome), func(t *testing.T) {
			t.Parallel()
			v, _ := newTestVerifier(t)
			ctx := context.Background()
			state := NewState()

			redirect, err := v.ChallengeURL(Challenge{UserID: testUser, State: state, IP: "198.51.100.7"})
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(redirect)
			if err != nil {
				t.Fatal(err)
			}
			if got := u.Scheme + "://" + u.Host + u.Path; got != testVerifiedU {
				t.Errorf("redirect goes to %q", got)
			}
			if u.Query().Get("state") != state {
				t.Errorf("state not in the redirect query")
			}

			// Verified side.
			sess, err := v.VerifySession(ctx, u.Query().Get(DefaultTokenParam))
			if err != nil {
				t.Fatalf("VerifySession: %v", err)
			}
			if sess.UserID != testUser || sess.State != state || sess.IP != "198.51.100.7" || sess.Issuer != testTenant {
				t.Errorf("session = %+v", sess)
			}
			back, err := v.ResultURL(sess, outcome)
			if err != nil {
				t.Fatal(err)
			}
			bu, err := url.Parse(back)
			if err != nil {
				t.Fatal(err)
			}
			if got := bu.Scheme + "://" + bu.Host + bu.Path; got != "https://"+testTenant+"/continue" {
				t.Errorf("back to %q", got)
			}
			if bu.Query().Get("state") != state {
				t.Errorf("state not in the continue query")
			}

			// Auth0 side.
			claims, err := v.Complete(ctx, bu.Query().Get(DefaultTokenParam), Expect{UserID: testUser, State: state})
			if outcome == OutcomeFailure {
				checkRefusal(t, err, ErrChallengeFailed, "")
				return
			}
			if err != nil {
				t.Fatalf("Complete: %v", err)
			}
			if !StepUpSatisfied(claims) {
				t.Errorf("claims = %v", claims)
			}
		})
	}
}

func TestSignedTokensHaveTheDocumentedClaims(t *testing.T) {
	t.Parallel()
	v, clk := newTestVerifier(t, func(c *Config) { c.TokenLifetime = 2 * time.Minute })
	tok, err := v.SignSession(Challenge{UserID: testUser, State: testState})
	if err != nil {
		t.Fatal(err)
	}
	var c jwt.MapClaims
	if _, _, err := jwt.NewParser().ParseUnverified(tok, &c); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"sub": testUser, "iss": testTenant, "state": testState, "integration_id": testIntegrate,
		"continue_uri": "https://" + testTenant + "/continue",
		"iat":          float64(clk.Now().Unix()), "exp": float64(clk.Now().Add(2 * time.Minute).Unix()),
	}
	for k, w := range want {
		if c[k] != w {
			t.Errorf("claim %s = %v, want %v", k, c[k], w)
		}
	}
	if jti, _ := c["jti"].(string); len(jti) < 20 {
		t.Errorf("jti = %v", c["jti"])
	}
	if _, ok := c["ip"]; ok {
		t.Errorf("ip present although not given")
	}
}

func TestSignRefusesBadInput(t *testing.T) {
	t.Parallel()
	v, _ := newTestVerifier(t)
	for _, c := range []Challenge{
		{State: testState},
		{UserID: testUser},
		{UserID: testUser, State: testState, IP: "not-an-ip"},
		{UserID: strings.Repeat("u", 600), State: testState},
	} {
		_, err := v.SignSession(c)
		checkRefusal(t, err, ErrInvalidArgument, "")
	}
	for _, tc := range []struct {
		s *Session
		o Outcome
	}{
		{nil, OutcomeSuccess},
		{&Session{UserID: testUser}, OutcomeSuccess},
		{&Session{UserID: testUser, State: testState}, "perhaps"},
	} {
		_, err := v.SignResult(tc.s, tc.o)
		checkRefusal(t, err, ErrInvalidArgument, "")
	}
}

func TestTokenErrorUnwrapsCause(t *testing.T) {
	t.Parallel()
	v, clk := newTestVerifier(t)
	clk.Advance(0)
	tok := craft(t, hsHeader(), resultClaims(clk.Now()), hs256(testSecret))
	clk.Advance(time.Hour)
	_, err := v.VerifyResult(context.Background(), tok, Expect{UserID: testUser, State: testState})
	var te *TokenError
	if !errors.As(err, &te) || te.Kind != ErrExpired || te.Op != "verify result" {
		t.Fatalf("err = %#v", err)
	}
	if !errors.Is(err, jwt.ErrTokenExpired) {
		t.Errorf("cause not reachable")
	}
	if strings.Contains(err.Error(), jwt.ErrTokenExpired.Error()) {
		t.Errorf("cause text printed: %q", err)
	}
}

// sign must produce exactly what jwt/v5's own SignedString produces.
func TestSignMatchesJWTLibrary(t *testing.T) {
	t.Parallel()
	v, clk := newTestVerifier(t)
	c := &tokenClaims{Subject: testUser, Issuer: testTenant, IssuedAt: newDate(clk.Now()),
		ExpiresAt: newDate(clk.Now().Add(time.Minute)), ID: "x", State: testState, IntegrationID: testIntegrate}
	ours, err := v.sign(c)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte(testSecret))
	if err != nil {
		t.Fatal(err)
	}
	if ours != theirs {
		t.Errorf("ours   %s\ntheirs %s", ours, theirs)
	}
	// Fractional dates from other signers are read as jwt.NumericDate does.
	var d numericDate
	if err := d.UnmarshalJSON([]byte("1748779200.5")); err != nil || d.UnixMilli() != 1748779200500 {
		t.Errorf("fractional date: %v %v", d.Time, err)
	}
	for _, bad := range []string{`"1"`, "null", "1e400", "-1e300", "true", "[1]"} {
		if err := d.UnmarshalJSON([]byte(bad)); err == nil {
			t.Errorf("date %s accepted", bad)
		}
	}
}

func TestHS256HeaderConstant(t *testing.T) {
	t.Parallel()
	if got := b64([]byte(`{"alg":"HS256","typ":"JWT"}`)); got != hs256Header {
		t.Errorf("hs256Header = %s, want %s", hs256Header, got)
	}
}

func TestChallengeURLKeepsVerifiedQuery(t *testing.T) {
	t.Parallel()
	v, _ := newTestVerifier(t, func(c *Config) { c.VerifiedURL = testVerifiedU + "?tenant=acme" })
	got, err := v.ChallengeURL(Challenge{UserID: testUser, State: "a b&c"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u.RawQuery, "tenant=acme&session_token=") || u.Query().Get("state") != "a b&c" {
		t.Errorf("query = %s", u.RawQuery)
	}
}
