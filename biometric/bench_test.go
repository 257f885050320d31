package biometric

import (
	"context"
	"testing"
	"time"
)

// BenchmarkSignVerifyRoundTrip: sign a session token, verify it (Verified
// side), sign the result, verify it (Auth0 side). Target <= 20 µs/op.
func BenchmarkSignVerifyRoundTrip(b *testing.B) {
	v, clk := newTestVerifier(b)
	ctx := context.Background()
	c := Challenge{UserID: testUser, State: testState}
	want := Expect{UserID: testUser, State: testState}
	b.ReportAllocs()
	for b.Loop() {
		// Time moves on, so that the replay store reaches a steady state
		// (records lapse) instead of growing for ever: 100 ms per round
		// trip keeps about 7000 live records.
		clk.Advance(100 * time.Millisecond)
		tok, err := v.SignSession(c)
		if err != nil {
			b.Fatal(err)
		}
		s, err := v.VerifySession(ctx, tok)
		if err != nil {
			b.Fatal(err)
		}
		res, err := v.SignResult(s, OutcomeSuccess)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.VerifyResult(ctx, res, want); err != nil {
			b.Fatal(err)
		}
	}
}
