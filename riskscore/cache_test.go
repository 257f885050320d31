package riskscore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authlens/authlens/riskscore"
)

func TestMemoryCache(t *testing.T) {
	t.Parallel()
	clk := newClock()
	c := riskscore.NewMemoryCache(3, clk.Now)
	ctx := context.Background()
	set := func(k string, ttl time.Duration) {
		t.Helper()
		if err := c.Set(ctx, k, riskscore.CacheEntry{Score: riskscore.Score{Value: float64(len(k))}}, ttl); err != nil {
			t.Fatal(err)
		}
	}
	has := func(k string) bool {
		t.Helper()
		_, ok, err := c.Get(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	set("a", time.Minute)
	set("bb", time.Minute)
	set("ccc", time.Minute)
	has("a") // a is now the most recently used
	set("dddd", time.Minute)
	if !has("a") || has("bb") || !has("ccc") || !has("dddd") {
		t.Fatal("the least recently used entry was not the one evicted")
	}
	set("e", time.Second)
	clk.Advance(time.Second)
	if has("e") {
		t.Fatal("an expired entry was returned")
	}
	set("f", 0)
	if has("f") {
		t.Fatal("a zero TTL stored an entry")
	}
	if err := c.Delete(ctx, "a"); err != nil || has("a") {
		t.Fatal("Delete")
	}
	if c.Len() > 3 {
		t.Fatalf("Len %d over the size", c.Len())
	}
}

// TestLRUHitRate: a working set equal to the cache's size hits at least
// 95 % of lookups once warm (the random eviction it replaces missed 58 %).
// Shown on the cache and through an Evaluator.
func TestLRUHitRate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		size, workingSet int
		minHitRate       float64
	}{
		{"working set equal to the size", 1000, 1000, 0.95},
		{"working set of half the size", 1000, 500, 0.95},
		{"small cache", 16, 16, 0.95},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(1, uint64(tt.size)))
			c := riskscore.NewMemoryCache(tt.size, nil)
			ctx := context.Background()
			hits, lookups := 0, 0
			for i := range 50 * tt.workingSet {
				k := fmt.Sprint("user", rng.IntN(tt.workingSet))
				_, ok, _ := c.Get(ctx, k)
				if i >= 10*tt.workingSet { // warm
					lookups++
					if ok {
						hits++
					}
				}
				if !ok {
					_ = c.Set(ctx, k, riskscore.CacheEntry{}, time.Hour)
				}
			}
			if rate := float64(hits) / float64(lookups); rate < tt.minHitRate {
				t.Fatalf("hit rate %.3f, want >= %.2f", rate, tt.minHitRate)
			}

			// The same through an Evaluator: provider calls are the misses.
			var calls atomic.Int64
			p := riskscore.ProviderFunc(func(ctx context.Context, s riskscore.Subject) (riskscore.Score, error) {
				calls.Add(1)
				return riskscore.Score{Value: 1}, nil
			})
			e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, CacheSize: tt.size, CacheTTL: time.Hour})
			for range 10 * tt.workingSet {
				e.Evaluate(ctx, riskscore.Subject{Username: fmt.Sprint("user", rng.IntN(tt.workingSet))})
			}
			warm := calls.Load()
			const logins = 20000
			for range logins {
				e.Evaluate(ctx, riskscore.Subject{Username: fmt.Sprint("user", rng.IntN(tt.workingSet))})
			}
			if rate := 1 - float64(calls.Load()-warm)/logins; rate < tt.minHitRate {
				t.Fatalf("Evaluator hit rate %.3f, want >= %.2f", rate, tt.minHitRate)
			}
		})
	}
}

// TestCacheKeyIsTheLookupKey: with a provider that says what it searches
// by, the same person under several user ids is one lookup.
func TestCacheKeyIsTheLookupKey(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	p := keyed{ProviderFunc: func(ctx context.Context, s riskscore.Subject) (riskscore.Score, error) {
		calls.Add(1)
		return riskscore.Score{Value: 6}, nil
	}}
	e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p})
	for _, s := range []riskscore.Subject{
		{UserID: "auth0|1", Username: "bob"},
		{UserID: "google-oauth2|2", Username: "bob", Email: "bob@example.com"},
		{UserID: "samlp|corp|bob", Username: "bob"},
	} {
		if r := e.Evaluate(context.Background(), s); r.Outcome != riskscore.MFA {
			t.Fatalf("%+v: %v", s, r.Outcome)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("%d lookups for one person under three user ids", n)
	}
	// Without a lookup key the whole subject is the key.
	e.Evaluate(context.Background(), riskscore.Subject{UserID: "auth0|9"})
	e.Evaluate(context.Background(), riskscore.Subject{UserID: "auth0|10"})
	if n := calls.Load(); n != 3 {
		t.Fatalf("%d lookups, want 3", n)
	}
	// Forget drops the person, whichever id it is given.
	e.Forget(riskscore.Subject{UserID: "other", Username: "bob"})
	e.Evaluate(context.Background(), riskscore.Subject{UserID: "auth0|1", Username: "bob"})
	if n := calls.Load(); n != 4 {
		t.Fatalf("%d lookups after Forget, want 4", n)
	}
}

// keyed is a provider that looks subjects up by username.
type keyed struct{ riskscore.ProviderFunc }

func (keyed) LookupKey(s riskscore.Subject) string { return s.Username }

func TestRetryBudget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ratio    float64
		reserve  int
		requests int
		want     int // retries granted when every request asks for three
	}{
		// Reserve + Ratio*N bounds them; the first deposit finds the
		// reserve full, hence 109, not 110.
		{0.1, 10, 1000, 109},
		{0.1, 0, 1000, 100},
		{0, 10, 1000, 10},
		{0, 0, 1000, 0},
		{1, 0, 100, 100},
		{0.25, 3, 40, 12},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.ratio, "/", tt.reserve), func(t *testing.T) {
			t.Parallel()
			b, err := riskscore.NewRetryBudget(tt.ratio, tt.reserve)
			if err != nil {
				t.Fatal(err)
			}
			granted := 0
			for range tt.requests {
				b.Request()
				for range 3 {
					if b.Retry() {
						granted++
					}
				}
			}
			if granted != tt.want {
				t.Fatalf("%d retries for %d requests, want %d", granted, tt.requests, tt.want)
			}
		})
	}
	for _, bad := range []struct {
		ratio   float64
		reserve int
		field   string
	}{{-0.1, 0, "Ratio"}, {1.5, 0, "Ratio"}, {0.1, -1, "Reserve"}, {0.1, 1 << 30, "Reserve"}} {
		if _, err := riskscore.NewRetryBudget(bad.ratio, bad.reserve); err == nil || !contains(err.Error(), "riskscore.RetryBudget."+bad.field) {
			t.Errorf("NewRetryBudget(%v, %v): %v", bad.ratio, bad.reserve, err)
		}
	}
}
