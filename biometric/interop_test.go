package biometric

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Interoperability with tokens made the way Auth0 documents
// api.redirect.encodeToken: header exactly {"alg":"HS256","typ":"JWT"},
// claims sub, iss, exp (default 900 s), the payload's own keys, and nothing
// of ours (no jti, no integration_id, no outcome; state only where the
// protocol puts it).

// encodeToken builds a compact JWT byte for byte as an independent HS256
// signer would: a fixed header, the claims JSON as given (keys in the
// order given), HMAC-SHA256 with secret.
func encodeToken(secret, claimsJSON string) string {
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(claimsJSON))
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(input))
	return input + "." + enc.EncodeToString(m.Sum(nil))
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// auth0Session is a session token as Auth0's Action makes it: no state
// (Auth0 appends it to the redirect URL), no jti, no integration_id.
func auth0Session(exp time.Time, iat *time.Time) string {
	j := `{"sub":"` + testUser + `","iss":"` + testTenant + `",`
	if iat != nil {
		j += `"iat":` + unix(*iat) + `,`
	}
	j += `"exp":` + unix(exp) + `,"ip":"203.0.113.7","continue_uri":"https://` + testTenant + `/continue"}`
	return encodeToken(testSecret, j)
}

// verifiedResult is a result token as a standard Verified stand-in makes
// it for validateToken: sub, iss (the redirect target), exp, state.
func verifiedResult(iss string, exp time.Time, extra string) string {
	return encodeToken(testSecret, `{"sub":"`+testUser+`","iss":"`+iss+`","exp":`+unix(exp)+`,"state":"`+testState+`"`+extra+`}`)
}

// newDefaultLeewayVerifier is the test verifier with Config.Leeway left
// zero (DefaultLeeway) and VerifiedURL with a path, as Verified's is.
func newDefaultLeewayVerifier(t *testing.T, mutate ...func(*Config)) (*Verifier, *clock) {
	t.Helper()
	return newTestVerifier(t, append([]func(*Config){func(c *Config) {
		c.Leeway = 0
		c.VerifiedURL = "https://verified.authid.ai/auth0"
	}}, mutate...)...)
}

func TestInteropAuth0SessionToken(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("documented claims, state in the query", func(t *testing.T) {
		t.Parallel()
		v, clk := newDefaultLeewayVerifier(t)
		now := clk.Now()
		tok := auth0Session(now.Add(900*time.Second), nil)
		s, err := v.VerifySessionRequest(ctx, tok, testState)
		if err != nil {
			t.Fatalf("Auth0 session token refused: %v", err)
		}
		if s.UserID != testUser || s.State != testState || !s.StateFromQuery || s.TokenID != "" ||
			s.IntegrationID != "" || s.IP != "203.0.113.7" || s.ContinueURI != "https://"+testTenant+"/continue" {
			t.Errorf("session = %+v", s)
		}
		// The result goes back with the query state in the token.
		res, err := v.SignResult(s, OutcomeSuccess)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.VerifyResult(ctx, res, Expect{UserID: testUser, State: testState}); err != nil {
			t.Errorf("own result refused: %v", err)
		}
		// Replay of the jti-less token: refused by its signature.
		_, err = v.VerifySessionRequest(ctx, tok, testState)
		checkRefusal(t, err, ErrReplay, tok)
	})
	t.Run("iat 2 s ahead, exp = iat + 900 s, default leeway", func(t *testing.T) {
		t.Parallel()
		v, clk := newDefaultLeewayVerifier(t)
		iat := clk.Now().Add(2 * time.Second)
		if _, err := v.VerifySessionRequest(ctx, auth0Session(iat.Add(900*time.Second), &iat), testState); err != nil {
			t.Fatalf("refused under the default leeway: %v", err)
		}
	})
	t.Run("iat 2 s ahead refused with NoLeeway", func(t *testing.T) {
		t.Parallel()
		v, clk := newDefaultLeewayVerifier(t, func(c *Config) { c.Leeway = NoLeeway })
		iat := clk.Now().Add(2 * time.Second)
		tok := auth0Session(iat.Add(900*time.Second), &iat)
		_, err := v.VerifySessionRequest(ctx, tok, testState)
		checkRefusal(t, err, ErrNotYetValid, tok)
	})
	t.Run("exp = now + 900 s, verifier clock 30 s behind, no iat", func(t *testing.T) {
		t.Parallel()
		v, clk := newDefaultLeewayVerifier(t)
		signer := clk.Now().Add(30 * time.Second)
		if _, err := v.VerifySessionRequest(ctx, auth0Session(signer.Add(900*time.Second), nil), testState); err != nil {
			t.Fatalf("refused: %v", err)
		}
	})
	t.Run("no state anywhere", func(t *testing.T) {
		t.Parallel()
		v, clk := newDefaultLeewayVerifier(t)
		tok := auth0Session(clk.Now().Add(900*time.Second), nil)
		_, err := v.VerifySession(ctx, tok)
		checkRefusal(t, err, ErrState, tok)
	})
	t.Run("token state and query state differ", func(t *testing.T) {
		t.Parallel()
		v, clk := newDefaultLeewayVerifier(t)
		tok := craft(t, hsHeader(), sessionClaims(clk.Now()), hs256(testSecret))
		_, err := v.VerifySessionRequest(ctx, tok, "state-of-another-login")
		checkRefusal(t, err, ErrState, tok)
		// Equal: accepted, the token's state.
		s, err := v.VerifySessionRequest(ctx, tok, testState)
		if err != nil || s.State != testState || s.StateFromQuery {
			t.Fatalf("%+v %v", s, err)
		}
	})
	t.Run("query state too long", func(t *testing.T) {
		t.Parallel()
		v, clk := newDefaultLeewayVerifier(t)
		tok := auth0Session(clk.Now().Add(900*time.Second), nil)
		_, err := v.VerifySessionRequest(ctx, tok, strings.Repeat("s", maxStateBytes+1))
		checkRefusal(t, err, ErrState, tok)
	})
	t.Run("continue_uri on a configured custom domain", func(t *testing.T) {
		t.Parallel()
		mk := func(host string) string {
			return encodeToken(testSecret, `{"sub":"`+testUser+`","iss":"`+testTenant+`","exp":`+
				unix(epoch.Add(5*time.Minute))+`,"continue_uri":"https://`+host+`/continue"}`)
		}
		v, _ := newDefaultLeewayVerifier(t, func(c *Config) { c.ContinueHosts = []string{"Login.Example.com"} })
		s, err := v.VerifySessionRequest(ctx, mk("login.example.com"), testState)
		if err != nil || s.ContinueURI != "https://login.example.com/continue" {
			t.Fatalf("%+v %v", s, err)
		}
		tok := mk("evil.example.com")
		_, err = v.VerifySessionRequest(ctx, tok, testState)
		checkRefusal(t, err, ErrContinueURI, tok)
		plain, _ := newDefaultLeewayVerifier(t)
		tok = mk("login.example.com")
		_, err = plain.VerifySessionRequest(ctx, tok, testState)
		checkRefusal(t, err, ErrContinueURI, tok)
	})
}

func TestInteropVerifiedResultToken(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	want := Expect{UserID: testUser, State: testState}
	const vurl = "https://verified.authid.ai/auth0"
	cases := []struct {
		name   string
		iss    string
		extra  string
		mutate func(*Config)
		want   error
		fail   bool // valid, outcome failure
	}{
		{name: "iss = VerifiedURL with path, no outcome", iss: vurl},
		{name: "iss = VerifiedURL/", iss: vurl + "/"},
		{name: "iss = origin", iss: "https://verified.authid.ai"},
		{name: "iss = host", iss: "verified.authid.ai"},
		{name: "outcome SUCCESS", iss: vurl, extra: `,"outcome":"SUCCESS"`},
		{name: "explicit failure", iss: vurl, extra: `,"outcome":"failure"`, fail: true},
		{name: "explicit Failure", iss: vurl, extra: `,"outcome":"Failure"`, fail: true},
		{name: "unknown outcome", iss: vurl, extra: `,"outcome":"ok"`, want: ErrMalformed},
		{name: "no outcome, RequireOutcome", iss: vurl, mutate: func(c *Config) { c.RequireOutcome = true }, want: ErrMissingClaim},
		{name: "success, RequireOutcome", iss: vurl, extra: `,"outcome":"success"`, mutate: func(c *Config) { c.RequireOutcome = true }},
		{name: "integration id of another integration", iss: vurl, extra: `,"integration_id":"int-999"`, want: ErrIntegration},
		{name: "iss = the tenant", iss: testTenant, want: ErrIssuer},
		{name: "iss = another service", iss: "https://evil.example.com/auth0", want: ErrIssuer},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mut := []func(*Config){}
			if tc.mutate != nil {
				mut = append(mut, tc.mutate)
			}
			v, clk := newDefaultLeewayVerifier(t, mut...)
			tok := verifiedResult(tc.iss, clk.Now().Add(time.Minute), tc.extra)
			claims, err := v.Complete(ctx, tok, want)
			switch {
			case tc.want != nil:
				checkRefusal(t, err, tc.want, tok)
			case tc.fail:
				checkRefusal(t, err, ErrChallengeFailed, tok)
			case err != nil:
				t.Fatalf("refused: %v", err)
			case !StepUpSatisfied(claims):
				t.Fatalf("claims = %v", claims)
			}
			if tc.want == nil {
				// Accepted once, by signature: the replay is refused.
				_, err := v.VerifyResult(ctx, tok, want)
				checkRefusal(t, err, ErrReplay, tok)
			}
		})
	}
	t.Run("implicit outcome is reported", func(t *testing.T) {
		t.Parallel()
		v, clk := newDefaultLeewayVerifier(t)
		r, err := v.VerifyResult(ctx, verifiedResult(vurl, clk.Now().Add(time.Minute), ""), want)
		if err != nil || !r.Succeeded() || !r.OutcomeImplicit || r.TokenID != "" {
			t.Fatalf("%+v %v", r, err)
		}
	})
	t.Run("iat 2 s ahead, exp = iat + MaxResultLifetime, default leeway", func(t *testing.T) {
		t.Parallel()
		v, clk := newDefaultLeewayVerifier(t)
		iat := clk.Now().Add(2 * time.Second)
		tok := verifiedResult(vurl, iat.Add(MaxResultLifetime), `,"iat":`+unix(iat))
		if _, err := v.VerifyResult(ctx, tok, want); err != nil {
			t.Fatalf("refused: %v", err)
		}
		// A result token is capped at MaxResultLifetime, not at the
		// session tokens' 900 s.
		tok = verifiedResult(vurl, iat.Add(900*time.Second), `,"iat":`+unix(iat)+`,"jti":"long"`)
		_, err := v.VerifyResult(ctx, tok, want)
		checkRefusal(t, err, ErrLifetime, tok)
	})
	t.Run("exp = iat + 900 s + 61 s beyond cap + default leeway", func(t *testing.T) {
		t.Parallel()
		v, clk := newDefaultLeewayVerifier(t)
		iat := clk.Now().Add(-5 * time.Minute)
		tok := verifiedResult(vurl, iat.Add(961*time.Second), `,"iat":`+unix(iat))
		_, err := v.VerifyResult(ctx, tok, want)
		checkRefusal(t, err, ErrLifetime, tok)
	})
	t.Run("two distinct jti-less tokens are both accepted", func(t *testing.T) {
		t.Parallel()
		v, clk := newDefaultLeewayVerifier(t)
		a := verifiedResult(vurl, clk.Now().Add(time.Minute), "")
		b := verifiedResult(vurl, clk.Now().Add(time.Minute+time.Second), "")
		for _, tok := range []string{a, b} {
			if _, err := v.VerifyResult(ctx, tok, want); err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("replay record lasts until exp + leeway", func(t *testing.T) {
		t.Parallel()
		store := newMemStore(t)
		v, clk := newDefaultLeewayVerifier(t, func(c *Config) { c.ReplayStore = store })
		tok := verifiedResult(vurl, clk.Now().Add(time.Minute), "")
		if _, err := v.VerifyResult(ctx, tok, want); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute + DefaultLeeway - time.Second)
		_, err := v.VerifyResult(ctx, tok, want)
		checkRefusal(t, err, ErrReplay, tok)
		clk.Advance(2 * time.Second)
		_, err = v.VerifyResult(ctx, tok, want)
		checkRefusal(t, err, ErrExpired, tok)
	})
}

// A session token can never pass as a result token, even when VerifiedURL
// shares the tenant's host (the VerifiedURL forms are then not accepted).
func TestSessionTokenNeverPassesAsResult(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	v, clk := newDefaultLeewayVerifier(t, func(c *Config) {
		c.VerifiedURL = "https://" + testTenant + "/verified"
		c.VerifiedIssuer = "verified.authid.ai"
	})
	for _, iss := range []string{testTenant, "https://" + testTenant, "https://" + testTenant + "/verified"} {
		tok := verifiedResult(iss, clk.Now().Add(time.Minute), "")
		_, err := v.VerifyResult(ctx, tok, Expect{UserID: testUser, State: testState})
		checkRefusal(t, err, ErrIssuer, tok)
	}
}

func TestLeewayConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want time.Duration
	}{{0, DefaultLeeway}, {NoLeeway, 0}, {time.Second, time.Second}, {MaxLeeway, MaxLeeway}} {
		v, _ := newTestVerifier(t, func(c *Config) { c.Leeway = tc.in })
		if v.s.leeway != tc.want {
			t.Errorf("Leeway %v: got %v, want %v", tc.in, v.s.leeway, tc.want)
		}
	}
}

func TestContinueHostsConfig(t *testing.T) {
	t.Parallel()
	v, _ := newTestVerifier(t, func(c *Config) {
		c.ContinueHosts = []string{"login.example.com"}
		c.ContinueURL = "https://login.example.com/continue"
	})
	if v.ContinueURL() != "https://login.example.com/continue" {
		t.Errorf("ContinueURL = %s", v.ContinueURL())
	}
	cfg := testConfig(newClock())
	cfg.ContinueHosts = []string{"not a host"}
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "ContinueHosts") {
		t.Errorf("err = %v", err)
	}
}

// The protocol's result as the Auth0 side reads it, built by the Verified
// side of this package from a session that had no state claim: the round
// trip works with state only in the query.
func TestResultFormCarriesState(t *testing.T) {
	t.Parallel()
	v, clk := newDefaultLeewayVerifier(t)
	s, err := v.VerifySessionRequest(context.Background(), auth0Session(clk.Now().Add(time.Minute), nil), testState)
	if err != nil {
		t.Fatal(err)
	}
	action, fields, err := v.ResultForm(s, OutcomeSuccess)
	if err != nil {
		t.Fatal(err)
	}
	if action != "https://"+testTenant+"/continue?state="+testState || fields.Get("state") != testState {
		t.Errorf("action %s fields %v", action, fields)
	}
	claims, err := v.Complete(context.Background(), fields.Get(DefaultTokenParam), Expect{UserID: testUser, State: testState})
	if err != nil || !StepUpSatisfied(claims) {
		t.Errorf("%v %v", claims, err)
	}
}
