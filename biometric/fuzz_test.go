package biometric

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fuzzSeeds are f.Add seeds: a valid token, each refusal kind, and junk.
// The checked-in corpus under testdata/fuzz/FuzzVerifyResult holds more.
func fuzzSeeds(t testing.TB, base func(time.Time) map[string]any) []string {
	valid := base(epoch)
	valid["jti"] = "fuzz-seed-jti"
	with := func(edit func(h, c map[string]any), sign func(string) string) string {
		h, c := hsHeader(), map[string]any{}
		for k, v := range valid {
			c[k] = v
		}
		edit(h, c)
		if sign == nil {
			sign = hs256(testSecret)
		}
		return craft(t, h, c, sign)
	}
	none := func(string) string { return "" }
	return []string{
		with(func(h, c map[string]any) {}, nil),
		with(func(h, c map[string]any) { h["alg"] = "none" }, none),
		with(func(h, c map[string]any) { h["alg"] = "RS256" }, nil),
		with(func(h, c map[string]any) { h["alg"] = "HS384" }, hs384(testSecret)),
		with(func(h, c map[string]any) {}, hs256(otherSecret)),
		with(func(h, c map[string]any) { c["exp"] = epoch.Add(-time.Hour).Unix() }, nil),
		with(func(h, c map[string]any) { c["nbf"] = epoch.Add(time.Hour).Unix() }, nil),
		with(func(h, c map[string]any) { c["state"] = "other" }, nil),
		with(func(h, c map[string]any) { c["sub"] = "other" }, nil),
		with(func(h, c map[string]any) { c["iss"] = "other" }, nil),
		with(func(h, c map[string]any) { c["integration_id"] = "other" }, nil),
		with(func(h, c map[string]any) { c["exp"] = 1e300 }, nil),
		with(func(h, c map[string]any) { c["exp"] = -1e300 }, nil),
		with(func(h, c map[string]any) { c["aud"] = []any{1, "x"} }, nil),
		"", ".", "..", "a.b.c", "e30.e30.", "eyJhbGciOiJIUzI1NiJ9.e30.",
		strings.Repeat("A", MaxTokenBytes+1),
	}
}

func fuzzVerify(f *testing.F, base func(time.Time) map[string]any,
	verify func(ctx context.Context, v *Verifier, token string) (ok func(t *testing.T), err error)) {
	for _, s := range fuzzSeeds(f, base) {
		f.Add(s)
	}
	v, _ := newTestVerifier(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, token string) {
		check, err := verify(ctx, v, token)
		if err == nil {
			check(t)
			// Whatever was accepted is accepted once.
			if _, again := verify(ctx, v, token); !errors.Is(again, ErrReplay) {
				t.Fatalf("accepted token not refused as a replay: %v", again)
			}
			return
		}
		var te *TokenError
		if !errors.As(err, &te) {
			t.Fatalf("error is not a *TokenError: %T %v", err, err)
		}
		if got := kinds(err); len(got) != 1 {
			t.Fatalf("error %v matches sentinels %v", err, got)
		}
		msg := err.Error()
		if strings.Contains(msg, testSecret) || (len(token) >= 48 && strings.Contains(msg, token)) {
			t.Fatalf("error leaks input: %q", msg)
		}
	})
}

func FuzzVerifyResult(f *testing.F) {
	want := Expect{UserID: testUser, State: testState}
	fuzzVerify(f, resultClaims, func(ctx context.Context, v *Verifier, token string) (func(*testing.T), error) {
		r, err := v.VerifyResult(ctx, token, want)
		return func(t *testing.T) {
			if r.UserID != testUser || r.State != testState || !r.Outcome.valid() || r.Issuer == "" {
				t.Fatalf("accepted result breaks invariants: %+v", r)
			}
		}, err
	})
}

func FuzzVerifySession(f *testing.F) {
	fuzzVerify(f, sessionClaims, func(ctx context.Context, v *Verifier, token string) (func(*testing.T), error) {
		s, err := v.VerifySession(ctx, token)
		return func(t *testing.T) {
			if s.UserID == "" || s.State == "" || !strings.HasPrefix(s.ContinueURI, "https://"+testTenant+"/") {
				t.Fatalf("accepted session breaks invariants: %+v", s)
			}
		}, err
	})
}

// The checked-in corpus must keep meaning what its names say: the valid
// seeds verify under the fuzz target's configuration.
func TestFuzzCorpusValidSeeds(t *testing.T) {
	t.Parallel()
	for name, outcome := range map[string]Outcome{"valid_success": OutcomeSuccess, "valid_failure": OutcomeFailure} {
		b, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzVerifyResult", name))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(lines) != 2 || lines[0] != "go test fuzz v1" {
			t.Fatalf("%s: not a fuzz corpus file", name)
		}
		tok, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "string("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		v, _ := newTestVerifier(t)
		r, err := v.VerifyResult(context.Background(), tok, Expect{UserID: testUser, State: testState})
		if err != nil || r.Outcome != outcome {
			t.Errorf("%s: %+v, %v", name, r, err)
		}
	}
}
