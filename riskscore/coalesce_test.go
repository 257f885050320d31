package riskscore_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

// TestThousandConcurrentEvaluationsOneLookup: 1,000 concurrent logins of
// one uncached subject make exactly one profile lookup and one score
// lookup, counted on the fake SecZetta.
func TestThousandConcurrentEvaluationsOneLookup(t *testing.T) {
	t.Parallel()
	srv := seczettatest.NewServer(seczettatest.Options{})
	t.Cleanup(srv.Close)
	srv.AddUser(6, "bob")
	// Slow answers make the logins overlap the lookup in flight.
	srv.AddFault(seczettatest.Fault{Latency: 20 * time.Millisecond})
	client, err := seczetta.New(srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	ev := newEvaluator(t, riskscore.EvaluatorConfig{Provider: client})

	const n = 1000
	start := make(chan struct{})
	var wg sync.WaitGroup
	var mfa atomic.Int64
	for range n {
		wg.Go(func() {
			<-start
			r := ev.Evaluate(context.Background(), riskscore.Subject{UserID: "auth0|bob", Username: "bob"})
			if r.Outcome == riskscore.MFA && r.Claims.Risk.Score == 6 {
				mfa.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if got := mfa.Load(); got != n {
		t.Fatalf("%d of %d evaluations were MFA with the score claim", got, n)
	}
	c := srv.Counts()
	if c.Searches != 1 || c.ScoreReads != 1 {
		t.Fatalf("fake saw %d profile lookups and %d score lookups, want 1 and 1", c.Searches, c.ScoreReads)
	}
}

// TestCoalescingWithoutCache shows that coalescing alone (cache off) makes
// one lookup for callers that overlap it: in a synctest bubble every caller
// is known to be waiting before the lookup is let go.
func TestCoalescingWithoutCache(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var calls atomic.Int64
		p := riskscore.ProviderFunc(func(ctx context.Context, s riskscore.Subject) (riskscore.Score, error) {
			calls.Add(1)
			<-release
			return riskscore.Score{Value: 8.25}, nil
		})
		ev := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, CacheTTL: -1})
		const n = 1000
		var wg sync.WaitGroup
		var denied atomic.Int64
		for range n {
			wg.Go(func() {
				if r := ev.Evaluate(context.Background(), riskscore.Subject{Username: "mallory"}); r.Outcome == riskscore.Deny {
					denied.Add(1)
				}
			})
		}
		synctest.Wait() // all n callers wait on the one lookup
		close(release)
		wg.Wait()
		if calls.Load() != 1 || denied.Load() != n {
			t.Fatalf("%d lookups, %d denials", calls.Load(), denied.Load())
		}
		// With the cache off, the next login looks up again.
		ev.Evaluate(context.Background(), riskscore.Subject{Username: "mallory"})
		if calls.Load() != 2 {
			t.Fatalf("%d lookups", calls.Load())
		}
	})
}
