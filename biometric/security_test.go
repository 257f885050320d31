package biometric

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Regression tests for the security review: issuer spelling (1), replay at
// the expiry edge and across instances (2), the state swap on the Verified
// side (3), outcome matching (4) and the result token's lifetime and
// scheme (5).

func TestNormalizeHost(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"tenant.auth0.com":        "tenant.auth0.com",
		"Tenant.Auth0.COM":        "tenant.auth0.com",
		"tenant.auth0.com.":       "tenant.auth0.com",
		"tenant.auth0.com:443":    "tenant.auth0.com",
		"tenant.auth0.com:80":     "tenant.auth0.com",
		"TENANT.auth0.com.:0443":  "tenant.auth0.com",
		"tenant.auth0.com:8443":   "tenant.auth0.com:8443",
		"127.0.0.1:8443":          "127.0.0.1:8443",
		"127.0.0.1:80":            "127.0.0.1",
		"localhost:80":            "localhost",
		"[::1]:8443":              "[::1]:8443",
		"[::1]:443":               "[::1]",
		"[0:0::1]":                "[::1]",
		"::1":                     "[::1]",
		"tenant.auth0.com:65535":  "tenant.auth0.com:65535",
		"xn--bcher-kva.example":   "xn--bcher-kva.example",
		"a-b.example.com.:01234":  "a-b.example.com:1234",
		"verified.example.com:80": "verified.example.com",
	} {
		got, err := normalizeHost(in)
		if err != nil || got != want {
			t.Errorf("normalizeHost(%q) = %q, %v; want %q", in, got, err, want)
		}
		if again, err := normalizeHost(got); err != nil || again != got {
			t.Errorf("normalizeHost not idempotent on %q: %q %v", got, again, err)
		}
	}
	for _, in := range []string{
		"", ".", "tenant..auth0.com", "tenant.auth0.com..", "tenant.auth0.com:", "tenant.auth0.com:0",
		"tenant.auth0.com:65536", "tenant.auth0.com:+443", "tenant.auth0.com:44a", "ten ant.com",
		"tenant.auth0.\u212Aom", // Kelvin sign: strings.ToLower would make it 'k'
		"tenant_x.com", "[::1", "127.0.0.1.", "1.2.3", "user@host", "host/path",
		strings.Repeat("a", 64) + ".com",
	} {
		if got, err := normalizeHost(in); err == nil {
			t.Errorf("normalizeHost(%q) = %q, want an error", in, got)
		}
	}
}

// The hot path (a result iss that is already canonical) does not allocate.
func TestNormalizeHostCanonicalNoAlloc(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _, _ = normalizeHost(testVerifiedH) }); n != 0 {
		t.Errorf("normalizeHost of a canonical host allocates %v times", n)
	}
}

// Finding 1: with Issuer "tenant.auth0.com:443" and VerifiedURL on
// https://tenant.auth0.com/, an Auth0 session token (iss
// "tenant.auth0.com") passed VerifyResult as an implicit success.
func TestIssuerSpellingsNeverConfuseTheKinds(t *testing.T) {
	t.Parallel()
	base := func(issuer, vurl, viss string, hosts ...string) func(*Config) {
		return func(c *Config) {
			c.Issuer, c.VerifiedURL, c.VerifiedIssuer, c.ContinueHosts = issuer, vurl, viss, hosts
		}
	}
	// Configurations in which the Verified issuer is the tenant, however
	// spelt, are refused.
	for _, mut := range []func(*Config){
		base("tenant.auth0.com:443", "https://tenant.auth0.com/authid", ""),
		base("tenant.auth0.com", "https://tenant.auth0.com:443/authid", ""),
		base("tenant.auth0.com", "https://TENANT.auth0.com./authid", ""),
		base("https://tenant.auth0.com:443/", "https://tenant.auth0.com/authid", ""),
		base("tenant.auth0.com", "https://verified.authid.ai/x", "https://tenant.auth0.com:443/"),
		base("tenant.auth0.com", "https://verified.authid.ai/x", "Tenant.Auth0.com."),
		base("tenant.auth0.com", "https://verified.authid.ai/x", "tenant.auth0.com:80"),
		base("localhost:80", "http://localhost/verify", ""),
		base("127.0.0.1:443", "http://127.0.0.1/verify", "127.0.0.1"),
		base("tenant.auth0.com", "https://login.example.com:443/authid", "", "login.example.com"),
		base("tenant.auth0.com", "https://verified.authid.ai/x", "login.example.com", "LOGIN.example.com:443"),
	} {
		cfg := testConfig(newClock())
		mut(&cfg)
		_, err := New(cfg)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Field != "VerifiedIssuer" {
			t.Errorf("Issuer %q, VerifiedURL %q, VerifiedIssuer %q, ContinueHosts %q: err = %v, want a VerifiedIssuer error",
				cfg.Issuer, cfg.VerifiedURL, cfg.VerifiedIssuer, cfg.ContinueHosts, err)
		}
	}

	// In every accepted configuration, no spelling of the tenant (or of a
	// continue host) passes VerifyResult, while the token still passes as
	// a session token where its iss is the Issuer.
	tenantSpellings := []string{
		"tenant.auth0.com", "TENANT.auth0.com", "tenant.auth0.com.", "tenant.auth0.com:443", "tenant.auth0.com:80",
		"https://tenant.auth0.com", "https://tenant.auth0.com/", "https://tenant.auth0.com:443/", "HTTPS://Tenant.Auth0.Com.",
		"https://tenant.auth0.com/authid", "https://tenant.auth0.com:443/authid", "http://tenant.auth0.com/",
		"login.example.com", "login.example.com:443", "https://login.example.com/authid",
	}
	ctx := context.Background()
	for _, mut := range []func(*Config){
		base("tenant.auth0.com", "https://verified.authid.ai/x", "", "login.example.com"),
		base("tenant.auth0.com:443", "https://verified.authid.ai/x", "", "login.example.com"),
		base("tenant.auth0.com", "https://tenant.auth0.com/authid", "verified.authid.ai", "login.example.com"),
		base("https://Tenant.Auth0.com./", "https://tenant.auth0.com:443/authid", "v.example", "login.example.com:443"),
		base("tenant.auth0.com", "https://login.example.com/authid", "verified.authid.ai", "login.example.com"),
	} {
		v, clk := newDefaultLeewayVerifier(t, mut)
		if v.Issuer() != "tenant.auth0.com" {
			t.Errorf("Issuer() = %q, want the canonical host", v.Issuer())
		}
		own, err := v.SignSession(Challenge{UserID: testUser, State: testState})
		if err != nil {
			t.Fatal(err)
		}
		_, err = v.VerifyResult(ctx, own, Expect{UserID: testUser, State: testState})
		checkRefusal(t, err, ErrIssuer, own)
		for i, iss := range tenantSpellings {
			state := testState + strings.Repeat("x", i)
			tok := encodeToken(testSecret, `{"sub":"`+testUser+`","iss":"`+iss+`","exp":`+unix(clk.Now().Add(5*time.Minute))+`,"state":"`+state+`"}`)
			_, err := v.VerifyResult(ctx, tok, Expect{UserID: testUser, State: state})
			checkRefusal(t, err, ErrIssuer, tok)
		}
	}

	// Normalisation holds at verify time too: the tenant's session token
	// passes VerifySession under every spelling of the tenant's host.
	v, clk := newDefaultLeewayVerifier(t, base("tenant.auth0.com", "https://verified.authid.ai/x", ""))
	for i, iss := range tenantSpellings[:9] {
		state := testState + strings.Repeat("y", i)
		tok := encodeToken(testSecret, `{"sub":"`+testUser+`","iss":"`+iss+`","exp":`+unix(clk.Now().Add(5*time.Minute))+`,"state":"`+state+`"}`)
		if _, err := v.VerifySession(ctx, tok); err != nil {
			t.Errorf("session token with iss %q refused: %v", iss, err)
		}
	}
}

// Session-token claims in a result token are refused, even with a
// Verified iss.
func TestResultTokenWithSessionClaimsRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	want := Expect{UserID: testUser, State: testState}
	for _, extra := range []string{
		`,"continue_uri":"https://` + testTenant + `/continue"`,
		`,"ip":"203.0.113.7"`,
		`,"continue_uri":"https://` + testTenant + `/continue","ip":"203.0.113.7","outcome":"success"`,
	} {
		v, clk := newDefaultLeewayVerifier(t)
		tok := verifiedResult("verified.authid.ai", clk.Now().Add(time.Minute), extra)
		_, err := v.VerifyResult(ctx, tok, want)
		checkRefusal(t, err, ErrMalformed, tok)
	}
}

// Finding 5: an http:// result iss is refused when VerifiedURL is https,
// accepted when VerifiedURL is http (loopback).
func TestResultIssuerScheme(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	want := Expect{UserID: testUser, State: testState}
	v, clk := newDefaultLeewayVerifier(t)
	for _, iss := range []string{"http://verified.authid.ai", "http://verified.authid.ai/", "http://verified.authid.ai/auth0",
		"HTTP://verified.authid.ai:80/auth0", "ftp://verified.authid.ai", "wss://verified.authid.ai/auth0"} {
		tok := verifiedResult(iss, clk.Now().Add(time.Minute), "")
		_, err := v.VerifyResult(ctx, tok, want)
		checkRefusal(t, err, ErrIssuer, tok)
	}
	for _, iss := range []string{"https://verified.authid.ai:443/auth0", "verified.authid.ai:443", "verified.authid.ai.", "https://VERIFIED.authid.ai./"} {
		tok := verifiedResult(iss, clk.Now().Add(time.Minute), "")
		if _, err := v.VerifyResult(ctx, tok, want); err != nil {
			t.Errorf("iss %q refused: %v", iss, err)
		}
	}
	loop, clk := newTestVerifier(t, func(c *Config) {
		c.Issuer = "127.0.0.1:8443"
		c.VerifiedURL = "http://127.0.0.1:9000/verify"
	})
	for _, iss := range []string{"http://127.0.0.1:9000/verify", "http://127.0.0.1:9000", "127.0.0.1:9000"} {
		tok := verifiedResult(iss, clk.Now().Add(time.Minute), "")
		if _, err := loop.VerifyResult(ctx, tok, want); err != nil {
			t.Errorf("loopback iss %q refused: %v", iss, err)
		}
	}
	tok := verifiedResult("http://127.0.0.1:8443/", clk.Now().Add(time.Minute), "")
	_, err := loop.VerifyResult(ctx, tok, want)
	checkRefusal(t, err, ErrIssuer, tok)
}

// recordingStore records what the verifier asks of it.
type recordingStore struct {
	mu     sync.Mutex
	inner  *MemoryReplayStore
	ids    []string
	nows   []time.Time
	untils []time.Time
}

func (s *recordingStore) Claim(ctx context.Context, id string, now, until time.Time) (bool, error) {
	s.mu.Lock()
	s.ids, s.nows, s.untils = append(s.ids, id), append(s.nows, now), append(s.untils, until)
	s.mu.Unlock()
	return s.inner.Claim(ctx, id, now, until)
}

// countingClock ticks 1 ms per reading and counts the readings.
type countingClock struct {
	mu    sync.Mutex
	t     time.Time
	reads int
}

func (c *countingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

func (c *countingClock) take() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.reads
	c.reads = 0
	return n
}

// Finding 2: the record lasts until exp + 2 x leeway + 1 min, the clock is
// read once per verification, and keys name the integration.
func TestReplayRecordOutlivesTheAcceptanceWindow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := &recordingStore{inner: newMemStore(t)}
	clk := &countingClock{t: epoch}
	v, _ := newTestVerifier(t, func(c *Config) { c.ReplayStore = store; c.Now = clk.Now })
	leeway := v.s.leeway

	tok, err := v.SignSession(Challenge{UserID: testUser, State: testState})
	if err != nil {
		t.Fatal(err)
	}
	clk.take()
	s, err := v.VerifySession(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if n := clk.take(); n != 1 {
		t.Errorf("VerifySession read the clock %d times, want 1", n)
	}
	res, err := v.SignResult(s, OutcomeSuccess)
	if err != nil {
		t.Fatal(err)
	}
	clk.take()
	r, err := v.VerifyResult(ctx, res, Expect{UserID: testUser, State: testState})
	if err != nil {
		t.Fatal(err)
	}
	if n := clk.take(); n != 1 {
		t.Errorf("VerifyResult read the clock %d times, want 1", n)
	}
	if len(store.ids) != 2 {
		t.Fatalf("store saw %d claims", len(store.ids))
	}
	for i, exp := range []time.Time{s.ExpiresAt, r.ExpiresAt} {
		if want := exp.Add(2*leeway + time.Minute); !store.untils[i].Equal(want) {
			t.Errorf("claim %d: until = %v, want exp + 2 x leeway + 1 min = %v", i, store.untils[i], want)
		}
	}
	for i, kind := range []string{"session", "result"} {
		if prefix := "authid:7:" + testIntegrate + ":" + kind + ":jti:"; !strings.HasPrefix(store.ids[i], prefix) {
			t.Errorf("key %q does not start with %q", store.ids[i], prefix)
		}
	}

	// Single instance, at the very end of the acceptance window.
	edge, eclk := newDefaultLeewayVerifier(t)
	tok2 := verifiedResult("verified.authid.ai", eclk.Now().Add(time.Second), "")
	want := Expect{UserID: testUser, State: testState}
	eclk.Advance(time.Second + DefaultLeeway - 2*time.Millisecond)
	if _, err := edge.VerifyResult(ctx, tok2, want); err != nil {
		t.Fatal(err)
	}
	eclk.Advance(time.Millisecond)
	_, err = edge.VerifyResult(ctx, tok2, want)
	checkRefusal(t, err, ErrReplay, tok2)
}

// Two instances share a store; B's clock lags A's by almost the leeway.
// A accepts late in its window and prunes lapsed records on every Claim;
// B must still see the record for as long as it would accept the token.
func TestReplayAcrossSkewedInstances(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newMemStore(t)
	var mu sync.Mutex
	real := epoch
	at := func(skew time.Duration) func() time.Time {
		return func() time.Time { mu.Lock(); defer mu.Unlock(); return real.Add(skew) }
	}
	set := func(d time.Duration) { mu.Lock(); real = epoch.Add(d); mu.Unlock() }
	mk := func(skew time.Duration) *Verifier {
		v, _ := newDefaultLeewayVerifier(t, func(c *Config) { c.ReplayStore = store; c.Now = at(skew) })
		return v
	}
	a, b := mk(0), mk(-DefaultLeeway+time.Second)
	want := Expect{UserID: testUser, State: testState}
	tok, err := a.SignResult(&Session{UserID: testUser, State: testState}, OutcomeSuccess) // exp = epoch + 1 min
	if err != nil {
		t.Fatal(err)
	}
	set(DefaultResultLifetime + DefaultLeeway - time.Second)
	if _, err := a.VerifyResult(ctx, tok, want); err != nil {
		t.Fatal(err)
	}
	// Every second until B's window closes: A claims another token (and so
	// prunes), then B tries the replay.
	for d := DefaultResultLifetime + DefaultLeeway; ; d += time.Second {
		set(d)
		other, _ := a.SignResult(&Session{UserID: "u", State: "s"}, OutcomeSuccess)
		_, _ = a.VerifyResult(ctx, other, Expect{UserID: "u", State: "s"})
		_, err := b.VerifyResult(ctx, tok, want)
		if errors.Is(err, ErrExpired) {
			break
		}
		checkRefusal(t, err, ErrReplay, tok)
	}
}

// Integrations sharing one store do not collide on a jti.
func TestReplayKeysNamespacedPerIntegration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newMemStore(t)
	for _, id := range []string{"int-a", "int-b", "int-a:result:jti"} {
		v, clk := newTestVerifier(t, func(c *Config) { c.ReplayStore = store; c.IntegrationID = id })
		tok := verifiedResult(testVerifiedH, clk.Now().Add(time.Minute), `,"jti":"same"`)
		if _, err := v.VerifyResult(ctx, tok, Expect{UserID: testUser, State: testState}); err != nil {
			t.Errorf("integration %q: %v", id, err)
		}
		_, err := v.VerifyResult(ctx, tok, Expect{UserID: testUser, State: testState})
		checkRefusal(t, err, ErrReplay, tok)
	}
}

// Finding 3: a session token without a state claim takes the query state,
// which the attacker chooses; RequireSessionState refuses it, and
// VerifyResult's sub check stops the swap either way.
func TestSessionStateSwap(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const victimState = "VICTIM-TRANSACTION-STATE"
	attacker := func(clk *clock) string {
		return encodeToken(testSecret, `{"sub":"auth0|mallory","iss":"`+testTenant+`","exp":`+unix(clk.Now().Add(5*time.Minute))+
			`,"continue_uri":"https://`+testTenant+`/continue"}`)
	}

	strict, clk := newTestVerifier(t, func(c *Config) { c.RequireSessionState = true })
	tok := attacker(clk)
	_, err := strict.VerifySessionRequest(ctx, tok, victimState)
	checkRefusal(t, err, ErrState, tok)
	// A token that carries its state still passes, with or without the
	// query state.
	for _, q := range []string{"", testState} {
		own, _ := strict.SignSession(Challenge{UserID: testUser, State: testState})
		s, err := strict.VerifySessionRequest(ctx, own, q)
		if err != nil || s.StateFromQuery || s.State != testState {
			t.Errorf("query %q: %+v %v", q, s, err)
		}
	}

	// Without RequireSessionState the swap yields a result carrying the
	// victim's state, and the Auth0 side's sub check refuses it.
	lax, clk := newTestVerifier(t)
	s, err := lax.VerifySessionRequest(ctx, attacker(clk), victimState)
	if err != nil || !s.StateFromQuery || s.State != victimState {
		t.Fatalf("%+v %v", s, err)
	}
	res, err := lax.SignResult(s, OutcomeSuccess)
	if err != nil {
		t.Fatal(err)
	}
	_, err = lax.VerifyResult(ctx, res, Expect{UserID: testUser, State: victimState})
	checkRefusal(t, err, ErrSubject, res)
	if _, err := lax.Complete(ctx, res, Expect{UserID: testUser, State: victimState}); !errors.Is(err, ErrSubject) {
		t.Errorf("Complete: %v", err)
	}
}

// Every result token is signed with sub (and state); SignResult refuses
// a session without them.
func TestEveryResultTokenCarriesSub(t *testing.T) {
	t.Parallel()
	v, _ := newTestVerifier(t)
	for _, s := range []*Session{
		nil, {}, {State: testState}, {UserID: testUser},
		{UserID: strings.Repeat("u", maxSubjectBytes+1), State: testState},
		{UserID: testUser, State: strings.Repeat("s", maxStateBytes+1)},
	} {
		_, err := v.SignResult(s, OutcomeSuccess)
		checkRefusal(t, err, ErrInvalidArgument, "")
		_, err = v.ResultURL(s, OutcomeSuccess)
		checkRefusal(t, err, ErrInvalidArgument, "")
		_, _, err = v.ResultForm(s, OutcomeFailure)
		checkRefusal(t, err, ErrInvalidArgument, "")
	}
	for _, o := range []Outcome{OutcomeSuccess, OutcomeFailure} {
		tok, err := v.SignResult(&Session{UserID: testUser, State: testState}, o)
		if err != nil {
			t.Fatal(err)
		}
		var c jwt.MapClaims
		if _, _, err := jwt.NewParser().ParseUnverified(tok, &c); err != nil {
			t.Fatal(err)
		}
		if c["sub"] != testUser || c["state"] != testState || c["outcome"] != string(o) {
			t.Errorf("claims %v", c)
		}
	}
}

// Finding 4: outcome matching.
func TestOutcomeMatching(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	want := Expect{UserID: testUser, State: testState}
	cases := []struct {
		extra    string
		mutate   func(*Config)
		want     error
		outcome  Outcome
		implicit bool
	}{
		{extra: ``, outcome: OutcomeSuccess, implicit: true},
		{extra: `,"outcome":"success"`, outcome: OutcomeSuccess},
		{extra: `,"outcome":"SUCCESS"`, outcome: OutcomeSuccess},
		{extra: `,"outcome":"FaIlUrE"`, outcome: OutcomeFailure},
		{extra: `,"outcome":"\u0073uccess"`, outcome: OutcomeSuccess}, // a JSON escape, still "success"
		{extra: `,"outcome":"ſuccess"`, want: ErrMalformed},           // U+017F folds to s in Unicode
		{extra: `,"outcome":"\u017fuccess"`, want: ErrMalformed},
		{extra: `,"outcome":"ＳＵＣＣＥＳＳ"`, want: ErrMalformed},
		{extra: `,"outcome":"success "`, want: ErrMalformed},
		{extra: `,"outcome":""`, want: ErrMalformed},
		{extra: `,"outcome":null`, want: ErrMalformed},
		{extra: `,"outcome":""`, mutate: func(c *Config) { c.RequireOutcome = true }, want: ErrMalformed},
		{extra: `,"outcome":null`, mutate: func(c *Config) { c.RequireOutcome = true }, want: ErrMalformed},
		{extra: `,"outcome":0`, want: ErrMalformedJSON},
		{extra: `,"outcome":{}`, want: ErrMalformedJSON},
		// A repeated outcome, in any spelling of the key, is refused
		// (encoding/json would let the last one win).
		{extra: `,"outcome":"failure","Outcome":"success"`, want: ErrMalformedJSON},
		{extra: `,"outcome":"failure","outcome":"success"`, want: ErrMalformedJSON},
		{extra: `,"outcome":"failure","OUTCOME":null`, want: ErrMalformedJSON},
		{extra: `,"outcome":null,"outcome":"success"`, want: ErrMalformedJSON},
	}
	for _, tc := range cases {
		var mut []func(*Config)
		if tc.mutate != nil {
			mut = append(mut, tc.mutate)
		}
		v, clk := newDefaultLeewayVerifier(t, mut...)
		tok := verifiedResult("verified.authid.ai", clk.Now().Add(time.Minute), tc.extra)
		r, err := v.VerifyResult(ctx, tok, want)
		if tc.want != nil {
			checkRefusal(t, err, tc.want, tok)
			continue
		}
		if err != nil || r.Outcome != tc.outcome || r.OutcomeImplicit != tc.implicit {
			t.Errorf("%s: %+v %v", tc.extra, r, err)
		}
	}
	// In a session token, any outcome claim (null and "" included) is
	// refused.
	for _, extra := range []string{`"success"`, `""`, `null`} {
		v, clk := newDefaultLeewayVerifier(t)
		tok := encodeToken(testSecret, `{"sub":"`+testUser+`","iss":"`+testTenant+`","exp":`+unix(clk.Now().Add(time.Minute))+
			`,"state":"`+testState+`","outcome":`+extra+`}`)
		_, err := v.VerifySession(ctx, tok)
		checkRefusal(t, err, ErrMalformed, tok)
	}
}

func FuzzNormalizeHost(f *testing.F) {
	for _, s := range []string{"tenant.auth0.com", "Tenant.Auth0.com.:443", "[::1]:80", "127.0.0.1:8443", "::ffff:1.2.3.4", "a:0443"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		h, err := normalizeHost(in)
		if err != nil {
			return
		}
		again, err := normalizeHost(h)
		if err != nil || again != h {
			t.Fatalf("%q -> %q -> %q, %v", in, h, again, err)
		}
		if asciiLower(h) != h || strings.HasSuffix(h, ":443") || strings.HasSuffix(h, ":80") || strings.HasSuffix(h, ".") {
			t.Fatalf("%q -> %q is not canonical", in, h)
		}
	})
}
