package biometric

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// fastPayloads: payloads and whether the fast path decodes them itself
// (true) or leaves them to encoding/json (false).
var fastPayloads = []struct {
	name, payload string
	fast          bool
}{
	{"empty object", `{}`, true},
	{"spaces everywhere", " \t\r\n{ \"sub\" : \"a\" ,\n\"exp\" : 1 } \n", true},
	{"session token", `{"sub":"auth0|alice","iss":"tenant.example.auth0.com","exp":1748779500,"iat":1748779200,"jti":"J","state":"S","integration_id":"int-123","continue_uri":"https://tenant.example.auth0.com/continue","ip":"203.0.113.7"}`, true},
	{"result token", `{"sub":"auth0|alice","iss":"verified.example.com","exp":1748779260,"iat":1748779200,"jti":"J","state":"S","integration_id":"int-123","outcome":"success"}`, true},
	{"payload's own keys", `{"sub":"a","email":"a@example.com","n":1.5e3,"ok":true,"no":false,"none":null,"Subject":"x"}`, true},
	{"long own key", `{"a_key_longer_than_any_claim_name":"x","exp":2}`, true},
	{"non-ASCII value", `{"sub":"ünïcødé ✓"}`, true},
	{"outcome in capitals", `{"outcome":"SUCCESS"}`, true},
	{"outcome empty", `{"outcome":""}`, true},
	{"outcome unknown", `{"outcome":"maybe"}`, true},
	{"date forms", `{"exp":1e3,"nbf":1.5,"iat":-0}`, true},
	{"date exponent signs", `{"exp":1E+3,"nbf":25e-1}`, true},

	{"claim in capitals", `{"SUB":"a"}`, false},
	{"claim mixed case", `{"Integration_ID":"x"}`, false},
	{"long s", `{"ſub":"a"}`, false},
	{"Kelvin sign", "{\"\u212a\":\"a\"}", false},
	{"non-ASCII long key", `{"integration_idé_and_more":"a"}`, false},
	{"repeated claim", `{"sub":"a","sub":"b"}`, false},
	{"repeated outcome", `{"outcome":"success","outcome":"failure"}`, false},
	{"escape in value", `{"sub":"a\"b"}`, false},
	{"unicode escape", `{"sub":"\u0061"}`, false},
	{"escape in key", `{"s\u0075b":"a"}`, false},
	{"control character", "{\"sub\":\"a\x01\"}", false},
	{"invalid UTF-8", "{\"sub\":\"\xff\"}", false},
	{"invalid UTF-8 in own key's value", "{\"x\":\"\xc3\"}", false},
	{"null claim", `{"sub":null}`, false},
	{"null outcome", `{"outcome":null}`, false},
	{"number for string", `{"sub":1}`, false},
	{"string for date", `{"exp":"1"}`, false},
	{"leading zero", `{"exp":01}`, false},
	{"bare dot", `{"exp":1.}`, false},
	{"leading dot", `{"exp":.5}`, false},
	{"empty exponent", `{"exp":1e}`, false},
	{"lone minus", `{"exp":-}`, false},
	{"plus sign", `{"exp":+1}`, false},
	{"date out of range", `{"exp":1e400}`, false},
	{"array", `{"aud":["x"]}`, false},
	{"object", `{"x":{"a":1}}`, false},
	{"bad literal", `{"x":truex}`, false},
	{"short literal", `{"x":nul}`, false},
	{"trailing junk", `{"sub":"a"} x`, false},
	{"trailing comma", `{"sub":"a",}`, false},
	{"missing colon", `{"sub" "a"}`, false},
	{"missing value", `{"sub":}`, false},
	{"unterminated", `{"sub":"a"`, false},
	{"unterminated string", `{"sub":"a`, false},
	{"two objects", `{}{}`, false},
	{"array payload", `[]`, false},
	{"null payload", `null`, false},
	{"empty payload", ``, false},
}

// decodeBoth decodes payload with the fast path and with encoding/json
// (as jwt/v5 does) and fails t when the fast path accepts something
// encoding/json refuses or reads differently.
func decodeBoth(t *testing.T, payload []byte) (fast bool) {
	t.Helper()
	var fc tokenClaims
	if !decodeClaimsFast(payload, &fc) {
		return false
	}
	var jc tokenClaims
	if err := json.Unmarshal(payload, &jc); err != nil {
		t.Fatalf("fast path took %q, encoding/json refuses it: %v", payload, err)
	}
	if !reflect.DeepEqual(fc, jc) {
		t.Fatalf("fast path read %q as\n%+v\nencoding/json as\n%+v", payload, fc, jc)
	}
	return true
}

func TestDecodeClaimsFast(t *testing.T) {
	t.Parallel()
	for _, tc := range fastPayloads {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := decodeBoth(t, []byte(tc.payload)); got != tc.fast {
				t.Errorf("fast path took it: %v, want %v", got, tc.fast)
			}
		})
	}
}

// FuzzDecodeClaimsFast: whatever the fast path decodes, encoding/json
// decodes to the same claims.
func FuzzDecodeClaimsFast(f *testing.F) {
	for _, tc := range fastPayloads {
		f.Add([]byte(tc.payload))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		decodeBoth(t, payload)
	})
}

// FuzzFastPathAgreesWithJWT: a token the fast path accepts, jwt/v5's
// ParseWithClaims (the general path) accepts too, with the same claims
// and signature; so the fast path never lets through what the library
// would refuse. The fuzzer's payload is signed with the secret (so that
// mutations keep a valid HMAC), then the signature segment gets the
// fuzzer's suffix (empty: left valid).
func FuzzFastPathAgreesWithJWT(f *testing.F) {
	v, _ := newTestVerifier(f)
	for _, tc := range fastPayloads {
		f.Add([]byte(tc.payload), "")
		f.Add([]byte(tc.payload), "A")
	}
	f.Add([]byte(`{"sub":"a","exp":1}`), "\n")
	f.Add([]byte(`{"sub":"a","exp":1}`), "=")
	f.Fuzz(func(t *testing.T, payload []byte, suffix string) {
		token := encodeToken(testSecret, string(payload)) + suffix
		fc, fsig, ok := v.parseFast(token)
		if !ok {
			return
		}
		gc, gsig, err := v.parseGeneral("fuzz", token)
		if err != nil {
			t.Fatalf("fast path accepted a token jwt/v5 refuses: %v", err)
		}
		if !reflect.DeepEqual(fc, gc) || !bytes.Equal(fsig, gsig) {
			t.Fatalf("fast path read\n%+v\njwt/v5 read\n%+v", fc, gc)
		}
	})
}

// The common tokens take the fast path: ours, and Auth0-made ones.
func TestFastPathTakesCommonTokens(t *testing.T) {
	t.Parallel()
	v, clk := newTestVerifier(t)
	session, err := v.SignSession(Challenge{UserID: testUser, State: testState, IP: "203.0.113.7"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := v.VerifySession(context.Background(), session)
	if err != nil {
		t.Fatal(err)
	}
	result, err := v.SignResult(s, OutcomeSuccess)
	if err != nil {
		t.Fatal(err)
	}
	iat := clk.Now()
	for name, tok := range map[string]string{
		"our session token":  session,
		"our result token":   result,
		"Auth0 session":      auth0Session(clk.Now().Add(15*time.Minute), &iat),
		"Verified result":    verifiedResult(testVerifiedH, clk.Now().Add(time.Minute), `,"email":"a@example.com"`),
		"crafted from a map": craft(t, hsHeader(), resultClaims(clk.Now()), hs256(testSecret)),
	} {
		fc, fsig, ok := v.parseFast(tok)
		if !ok {
			t.Errorf("%s: fast path not taken", name)
			continue
		}
		gc, gsig, err := v.parseGeneral("test", tok)
		if err != nil || !reflect.DeepEqual(fc, gc) || !bytes.Equal(fsig, gsig) {
			t.Errorf("%s: paths disagree (%v)", name, err)
		}
	}
}

// Everything else is left to jwt/v5, which decides and reports.
func TestFastPathLeavesOthersToJWT(t *testing.T) {
	t.Parallel()
	v, clk := newTestVerifier(t)
	good := encodeToken(testSecret, `{"sub":"a","exp":1}`)
	head, rest, _ := strings.Cut(good, ".")
	payload, sig, _ := strings.Cut(rest, ".")
	reordered := b64([]byte(`{"typ":"JWT","alg":"HS256"}`))
	withKid := b64([]byte(`{"alg":"HS256","typ":"JWT","kid":"k"}`))
	for name, tok := range map[string]string{
		"reordered header":   reordered + "." + payload + "." + hs256(testSecret)(reordered+"."+payload),
		"header with kid":    withKid + "." + payload + "." + hs256(testSecret)(withKid+"."+payload),
		"alg none":           craft(t, map[string]any{"alg": "none", "typ": "JWT"}, resultClaims(clk.Now()), func(string) string { return "" }),
		"other secret":       encodeToken(otherSecret, `{"sub":"a","exp":1}`),
		"truncated tag":      head + "." + payload + "." + sig[:len(sig)-2],
		"padded signature":   head + "." + payload + "." + sig + "=",
		"four segments":      good + ".x",
		"two segments":       head + "." + payload,
		"padded payload":     head + "." + b64([]byte(`{"sub":"ab"}`)) + "=." + sig,
		"non-canonical b64":  head + "." + payload + "." + sig[:len(sig)-1] + "B",
		"escaped payload":    encodeToken(testSecret, `{"sub":"\u0061","exp":1}`),
		"payload not object": encodeToken(testSecret, `[1]`),
	} {
		if _, _, ok := v.parseFast(tok); ok {
			t.Errorf("%s: fast path taken", name)
		}
	}
	// The general path still takes the well-signed ones among them.
	for _, tok := range []string{
		reordered + "." + payload + "." + hs256(testSecret)(reordered+"."+payload),
		encodeToken(testSecret, `{"sub":"\u0061","exp":1}`),
	} {
		if c, _, err := v.parseGeneral("test", tok); err != nil || c.Subject != "a" {
			t.Errorf("general path: %+v %v", c, err)
		}
	}
}

// A token refused on the fast path gets jwt/v5's verdict, the same as
// before the fast path existed.
func TestFastPathRefusalsKeepTheirKinds(t *testing.T) {
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
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := v.VerifyResult(ctx, tc.token, want)
			checkRefusal(t, err, tc.want, tc.token)
		})
	}
}

// The pooled HMAC states and their scratch space are never shared: many
// goroutines each complete their own round trip and read back their own
// user and state.
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

func BenchmarkParse(b *testing.B) {
	v, _ := newTestVerifier(b)
	tok, err := v.SignSession(Challenge{UserID: testUser, State: testState})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, ok := v.parseFast(tok); !ok {
				b.Fatal("not taken")
			}
		}
	})
	b.Run("jwt", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := v.parseGeneral("bench", tok); err != nil {
				b.Fatal(err)
			}
		}
	})
}
