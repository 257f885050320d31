package biometric

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	// testSecret is distinctive so that tests can look for it in output.
	testSecret     = "S3CR3T-never-print-me-0123456789-abcdefgh"
	otherSecret    = "another-secret-of-sufficient-length-987654"
	testIntegrate  = "int-123"
	testTenant     = "tenant.example.auth0.com"
	testVerifiedH  = "verified.example.com"
	testVerifiedU  = "https://" + testVerifiedH + "/auth0/verify"
	testUser       = "auth0|alice"
	testState      = "state-0123456789abcdef"
	defaultLeewayT = 30 * time.Second
)

var epoch = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// clock is an injectable, manually advanced clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: epoch} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func testConfig(clk *clock) Config {
	return Config{
		IntegrationID: testIntegrate,
		SessionSecret: testSecret,
		Mode:          OnDemand,
		VerifiedURL:   testVerifiedU,
		Issuer:        testTenant,
		Leeway:        defaultLeewayT,
		Now:           clk.Now,
	}
}

func newTestVerifier(t testing.TB, mutate ...func(*Config)) (*Verifier, *clock) {
	t.Helper()
	clk := newClock()
	cfg := testConfig(clk)
	for _, m := range mutate {
		m(&cfg)
	}
	v, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return v, clk
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func b64JSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b64(b)
}

func hs256(secret string) func(string) string {
	return func(input string) string {
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(input))
		return b64(m.Sum(nil))
	}
}

// craft builds a compact JWT by hand from a header, claims and a signer.
func craft(t testing.TB, header, claims map[string]any, sign func(string) string) string {
	t.Helper()
	input := b64JSON(t, header) + "." + b64JSON(t, claims)
	return input + "." + sign(input)
}

func hsHeader() map[string]any { return map[string]any{"alg": "HS256", "typ": "JWT"} }

// resultClaims are valid result-token claims at time now.
func resultClaims(now time.Time) map[string]any {
	return map[string]any{
		"sub":            testUser,
		"iss":            testVerifiedH,
		"iat":            now.Unix(),
		"exp":            now.Add(time.Minute).Unix(),
		"jti":            "jti-" + NewState(),
		"state":          testState,
		"integration_id": testIntegrate,
		"outcome":        "success",
	}
}

// sessionClaims are valid session-token claims at time now.
func sessionClaims(now time.Time) map[string]any {
	return map[string]any{
		"sub":            testUser,
		"iss":            testTenant,
		"iat":            now.Unix(),
		"exp":            now.Add(5 * time.Minute).Unix(),
		"jti":            "jti-" + NewState(),
		"state":          testState,
		"integration_id": testIntegrate,
		"continue_uri":   "https://" + testTenant + "/continue",
	}
}

// allSentinels are the token refusals that must be told apart.
var allSentinels = []error{
	ErrAlgorithm, ErrSignature, ErrExpired, ErrNotYetValid, ErrLifetime, ErrMissingClaim,
	ErrState, ErrSubject, ErrIssuer, ErrIntegration, ErrReplay, ErrTokenTooLarge,
	ErrMalformed, ErrMalformedEncoding, ErrMalformedJSON, ErrContinueURI, ErrReplayStore, ErrChallengeFailed,
	ErrInteractionRequired, ErrInvalidArgument, ErrConfig, ErrWeakSecret,
}

// checkRefusal asserts err matches want and no other sentinel, and that its
// text leaks neither the secret nor the token.
func checkRefusal(t *testing.T, err, want error, token string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
	if got := kinds(err); len(got) != 1 || got[0] != want {
		t.Errorf("err %v matches %v, want exactly %v", err, got, want)
	}
	assertNoLeak(t, err.Error(), token)
}

// kinds lists the sentinels err matches, leaving out those only matched
// as the parent of a more precise one (ErrMalformed of
// ErrMalformedEncoding).
func kinds(err error) []error {
	var got []error
	for _, s := range allSentinels {
		if !errors.Is(err, s) {
			continue
		}
		implied := false
		for _, o := range allSentinels {
			if o != s && errors.Is(err, o) && errors.Is(o, s) {
				implied = true
			}
		}
		if !implied {
			got = append(got, s)
		}
	}
	return got
}

func assertNoLeak(t *testing.T, text, token string) {
	t.Helper()
	if strings.Contains(text, testSecret) {
		t.Errorf("text leaks the secret: %q", text)
	}
	if token != "" && len(token) >= 8 && strings.Contains(text, token) {
		t.Errorf("text leaks the token: %q", text)
	}
	// No fragment of a token either.
	for _, part := range strings.Split(token, ".") {
		if len(part) >= 16 && strings.Contains(text, part) {
			t.Errorf("text leaks a token segment: %q", text)
		}
	}
}

// newMemStore is a MemoryReplayStore with the defaults.
func newMemStore(t testing.TB) *MemoryReplayStore {
	t.Helper()
	s, err := NewMemoryReplayStore(MemoryReplayConfig{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
