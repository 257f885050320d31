package biometric_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/authlens/authlens/biometric"
)

func fixedClock() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }

// The whole signed redirect in one process: the Auth0 side asks, the
// Verified side answers, the Auth0 side checks the answer.
func Example() {
	v, err := biometric.New(biometric.Config{
		IntegrationID: "int-123",
		SessionSecret: "0123456789abcdef0123456789abcdef", // from a secret store, not source
		Mode:          biometric.OnDemand,
		VerifiedURL:   "https://verified.example.com/auth0",
		Issuer:        "tenant.eu.auth0.com",
		Now:           fixedClock,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	// Auth0 side: the app asked for step-up.
	d, _ := v.NeedsChallenge(biometric.Login{ACRValues: "openid " + biometric.ACRMultiFactor})
	fmt.Println("challenge:", d.Challenge)
	state := "per-login-random-state"
	redirect, _ := v.ChallengeURL(biometric.Challenge{UserID: "auth0|alice", State: state})
	ru, _ := url.Parse(redirect)
	fmt.Println("to:", ru.Host+ru.Path)

	// Verified side.
	sess, err := v.VerifySession(ctx, ru.Query().Get("session_token"))
	if err != nil {
		fmt.Println(err)
		return
	}
	back, _ := v.ResultURL(sess, biometric.OutcomeSuccess)
	bu, _ := url.Parse(back)
	fmt.Println("back to:", bu.Host+bu.Path)

	// Auth0 side, at /continue.
	claims, err := v.Complete(ctx, bu.Query().Get("session_token"),
		biometric.Expect{UserID: "auth0|alice", State: bu.Query().Get("state")})
	fmt.Println(claims, err)

	// The same result token a second time.
	_, err = v.Complete(ctx, bu.Query().Get("session_token"),
		biometric.Expect{UserID: "auth0|alice", State: state})
	fmt.Println(errors.Is(err, biometric.ErrReplay))
	// Output:
	// challenge: true
	// to: verified.example.com/auth0
	// back to: tenant.eu.auth0.com/continue
	// map[https://authid.ai/claims/amr:mfa] <nil>
	// true
}

func ExampleNew_invalidConfig() {
	_, err := biometric.New(biometric.Config{
		IntegrationID: "int-123",
		SessionSecret: "too-short",
		Mode:          biometric.AlwaysOn,
		VerifiedURL:   "https://verified.example.com/auth0",
		Issuer:        "tenant.eu.auth0.com",
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, biometric.ErrConfig), errors.Is(err, biometric.ErrWeakSecret))
	// Output:
	// biometric: invalid config: SessionSecret: must be at least 32 bytes; use the integration's Session Secret exactly as set in Auth0 (32 bytes or more); for a new one take 32 random bytes, e.g. openssl rand -base64 32, and set it on both sides
	// true true
}

func ExampleSecret() {
	cfg := biometric.Config{SessionSecret: "0123456789abcdef0123456789abcdef"}
	fmt.Printf("%v\n%s\n%#v\n", cfg.SessionSecret, cfg.SessionSecret, cfg.SessionSecret)
	// Output:
	// [REDACTED]
	// [REDACTED]
	// biometric.Secret("[REDACTED]")
}

func ExampleVerifier_NeedsChallenge() {
	v, _ := biometric.New(biometric.Config{
		IntegrationID: "int-123",
		SessionSecret: "0123456789abcdef0123456789abcdef",
		Mode:          biometric.OnDemand,
		VerifiedURL:   "https://verified.example.com/auth0",
		Issuer:        "tenant.eu.auth0.com",
	})
	for _, l := range []biometric.Login{
		{ACRValues: ""},
		{ACRValues: biometric.ACRMultiFactor},
		{ACRValues: biometric.ACRMultiFactor, AMR: []string{"mfa"}},
		{ACRValues: biometric.ACRMultiFactor, Prompt: "none"},
	} {
		d, err := v.NeedsChallenge(l)
		fmt.Println(d.Challenge, err)
	}
	// Output:
	// false <nil>
	// true <nil>
	// false <nil>
	// true biometric: needs challenge: interaction required (this login cannot be redirected)
}

func ExampleStepUpAuthorizeURL() {
	u, _ := biometric.StepUpAuthorizeURL("https://tenant.eu.auth0.com/authorize?response_type=code&client_id=abc&scope=openid&state=xyz")
	fmt.Println(u)
	// Output:
	// https://tenant.eu.auth0.com/authorize?response_type=code&client_id=abc&scope=openid&state=xyz&acr_values=https%3A%2F%2Fauthid.ai%2Fpolicies%2Fmulti-factor
}

func ExampleStepUpSatisfied() {
	// Claims of an ID token whose signature, issuer, audience and expiry
	// were checked already.
	claims := map[string]any{"sub": "auth0|alice", biometric.ClaimAMR: "mfa"}
	fmt.Println(biometric.StepUpSatisfied(claims))
	fmt.Println(biometric.StepUpSatisfied(map[string]any{"sub": "auth0|alice"}))
	// Output:
	// true
	// false
}

// A memory replay store bounded at 1 MiB: each id is accepted once; the
// bound counts len(id) + ReplayEntryOverhead per record; a full store
// refuses (fail closed) with ErrReplayStoreFull.
func ExampleNewMemoryReplayStore() {
	store, err := biometric.NewMemoryReplayStore(biometric.MemoryReplayConfig{MaxBytes: 1 << 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, now := context.Background(), fixedClock()
	until := now.Add(5 * time.Minute)
	first, _ := store.Claim(ctx, "authid:7:int-123:result:jti:A", now, until)
	again, _ := store.Claim(ctx, "authid:7:int-123:result:jti:A", now, until)
	fmt.Println(first, again, store.Len(), store.Bytes())
	// Past until (and the bucket's end), the record is gone.
	later := until.Add(time.Minute)
	fresh, _ := store.Claim(ctx, "authid:7:int-123:result:jti:B", later, later.Add(time.Minute))
	fmt.Println(fresh, store.Len())

	_, err = biometric.NewMemoryReplayStore(biometric.MemoryReplayConfig{MaxBytes: -1})
	fmt.Println(err)
	// Output:
	// true false 1 125
	// true 1
	// biometric: invalid config: MemoryReplayConfig.MaxBytes: must be at least 0 (0: DefaultMaxReplayBytes)
}
