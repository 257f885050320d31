package biometric

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// Refusals keep their kinds: jwt/v5 decides structure, algorithm and
// signature, the strict decoder the payload, parse the times.
func TestRefusalsKeepTheirKinds(t *testing.T) {
	t.Parallel()
	v, clk := newTestVerifier(t)
	ctx := context.Background()
	want := Expect{UserID: testUser, State: testState}
	now := clk.Now()
	claims := func(edit func(map[string]any)) map[string]any {
		c := resultClaims(now)
		edit(c)
		return c
	}
	for _, tc := range []struct {
		name  string
		token string
		want  error
	}{
		{"other secret", craft(t, hsHeader(), resultClaims(now), hs256(otherSecret)), ErrSignature},
		{"expired", craft(t, hsHeader(), claims(func(c map[string]any) { c["exp"] = now.Add(-time.Hour).Unix() }), hs256(testSecret)), ErrExpired},
		{"string exp", craft(t, hsHeader(), claims(func(c map[string]any) { c["exp"] = "soon" }), hs256(testSecret)), ErrMalformedJSON},
		{"null outcome", craft(t, hsHeader(), claims(func(c map[string]any) { c["outcome"] = nil }), hs256(testSecret)), ErrMalformed},
		{"array payload", encodeToken(testSecret, `[]`), ErrMalformedJSON},
		{"bad base64", hs256Header + ".e30.%%%", ErrMalformedEncoding},
		{"padded signature", encodeToken(testSecret, `{"sub":"a","exp":1}`) + "=", ErrMalformedEncoding},
		{"four segments", encodeToken(testSecret, `{"sub":"a","exp":1}`) + ".x", ErrMalformedEncoding},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := v.VerifyResult(ctx, tc.token, want)
			checkRefusal(t, err, tc.want, tc.token)
		})
	}
}

// Tokens in unusual but valid shapes are read alike: another header
// order, escapes in the payload.
func TestUnusualShapesAccepted(t *testing.T) {
	t.Parallel()
	v, clk := newDefaultLeewayVerifier(t)
	exp := unix(clk.Now().Add(time.Minute))
	payload := b64([]byte(`{"s\u0075b":"` + testUser + `","iss":"verified.authid.ai","exp":` + exp + `,"state":"\u0073tate-0123456789abcdef"}`))
	reordered := b64([]byte(`{"typ":"JWT","alg":"HS256"}`))
	withKid := b64([]byte(`{"alg":"HS256","kid":"k"}`))
	for name, tok := range map[string]string{
		"reordered header": reordered + "." + payload + "." + hs256(testSecret)(reordered+"."+payload),
		"header with kid":  withKid + "." + payload + "." + hs256(testSecret)(withKid+"."+payload),
	} {
		r, err := v.VerifyResult(context.Background(), tok, Expect{UserID: testUser, State: testState})
		if err != nil || r.UserID != testUser || r.State != testState {
			t.Errorf("%s: %+v %v", name, r, err)
		}
	}
}

// The pooled HMAC states are never shared: many goroutines each complete
// their own round trip and read back their own user and state.
func TestConcurrentRoundTrips(t *testing.T) {
	t.Parallel()
	v, _ := newTestVerifier(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 16 {
		wg.Go(func() {
			for i := range 50 {
				user := fmt.Sprintf("auth0|user-%d-%d", g, i)
				state := fmt.Sprintf("state-%d-%d-%s", g, i, strings.Repeat("x", i))
				tok, err := v.SignSession(Challenge{UserID: user, State: state})
				if err != nil {
					errs <- err
					return
				}
				s, err := v.VerifySession(ctx, tok)
				if err != nil {
					errs <- err
					return
				}
				res, err := v.SignResult(s, OutcomeSuccess)
				if err != nil {
					errs <- err
					return
				}
				r, err := v.VerifyResult(ctx, res, Expect{UserID: user, State: state})
				if err != nil {
					errs <- err
					return
				}
				if s.UserID != user || s.State != state || !r.Succeeded() {
					errs <- fmt.Errorf("round trip %d/%d read %q %q", g, i, s.UserID, s.State)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// BenchmarkParse: one verification's parse (jwt/v5 and the strict
// decoder) of a session token as SignSession makes it.
func BenchmarkParse(b *testing.B) {
	v, _ := newTestVerifier(b)
	tok, err := v.SignSession(Challenge{UserID: testUser, State: testState})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := v.parseJWT("bench", tok); err != nil {
			b.Fatal(err)
		}
	}
}
