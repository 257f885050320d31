package biometric

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// With the default clock (time.Now), synctest's fake time drives expiry:
// no real waiting.
func TestExpiryWithDefaultClock(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		v, err := New(Config{
			IntegrationID: testIntegrate, SessionSecret: testSecret, Mode: AlwaysOn,
			VerifiedURL: testVerifiedU, Issuer: testTenant,
			TokenLifetime: 2 * time.Minute, Leeway: 10 * time.Second,
		})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		tok, err := v.SignSession(Challenge{UserID: testUser, State: testState})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(2*time.Minute + 9*time.Second) // within the leeway
		s, err := v.VerifySession(ctx, tok)
		if err != nil {
			t.Fatalf("within leeway: %v", err)
		}

		res, err := v.SignResult(s, OutcomeSuccess)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(DefaultResultLifetime + 10*time.Second) // exactly exp + leeway
		_, err = v.VerifyResult(ctx, res, Expect{UserID: testUser, State: testState})
		checkRefusal(t, err, ErrExpired, res)
	})
}
