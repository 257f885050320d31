package redisstore_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authlens/authlens/internal/redistest"
	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/redisstore"
)

// counting is an in-process provider that counts its lookups and takes
// delay to answer.
type counting struct {
	calls atomic.Int64
	delay time.Duration
}

func (p *counting) Score(ctx context.Context, s riskscore.Subject) (riskscore.Score, error) {
	p.calls.Add(1)
	if p.delay > 0 {
		select {
		case <-time.After(p.delay):
		case <-ctx.Done():
			return riskscore.Score{}, ctx.Err()
		}
	}
	return riskscore.Score{Value: 6, Source: "bench", Detail: map[string]string{"profile_id": "633b5e71-090c-4a47-a1a3-d0b8338df872"}}, nil
}

func (p *counting) LookupKey(s riskscore.Subject) string { return "bench|" + s.Username }

// BenchmarkEvaluateCached: a cached decision, from the in-memory LRU and
// through Redis (one GET on loopback per decision), serially and from
// parallel goroutines.
func BenchmarkEvaluateCached(b *testing.B) {
	srv := redistest.Start(b)
	for _, tier := range []string{"memory", "redis"} {
		for _, parallel := range []bool{false, true} {
			name := tier
			if parallel {
				name += "/parallel"
			}
			b.Run(name, func(b *testing.B) {
				p := &counting{}
				cfg := riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.DefaultPolicy()}
				if tier == "redis" {
					prefix := fmt.Sprintf("bench%d:", time.Now().UnixNano()) // a cold cache for every run
					cfg.Cache = newStore(b, srv, func(o *redisstore.Options) { o.Prefix = prefix })
				}
				ev, err := riskscore.NewEvaluator(cfg)
				if err != nil {
					b.Fatal(err)
				}
				s := riskscore.Subject{UserID: "auth0|64b7c2f1a2b3c4d5e6f70819", Username: "bob", Email: "bob@example.com"}
				ctx := context.Background()
				ev.Evaluate(ctx, s)
				b.ReportAllocs()
				if parallel {
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							if r := ev.Evaluate(ctx, s); r.Outcome != riskscore.MFA {
								b.Error(r.Outcome, r.Err)
								return
							}
						}
					})
				} else {
					for b.Loop() {
						if r := ev.Evaluate(ctx, s); r.Outcome != riskscore.MFA {
							b.Fatal(r.Outcome, r.Err)
						}
					}
				}
				if n := p.calls.Load(); n != 1 {
					b.Fatalf("%d lookups", n)
				}
			})
		}
	}
}

// BenchmarkColdLookupsCoalesced: per op, one cold subject wanted by 300
// concurrent logins spread over three replicas sharing Redis, from a
// provider that answers in 1 ms. Reports lookups per op (1 when every
// login was coalesced into one lookup).
func BenchmarkColdLookupsCoalesced(b *testing.B) {
	srv := redistest.Start(b)
	p := &counting{delay: time.Millisecond}
	prefix := fmt.Sprintf("bench%d:", time.Now().UnixNano())
	var evs []*riskscore.Evaluator
	for range 3 {
		ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.DefaultPolicy(),
			Cache: newStore(b, srv, func(o *redisstore.Options) { o.Prefix = prefix })})
		if err != nil {
			b.Fatal(err)
		}
		evs = append(evs, ev)
	}
	ctx := context.Background()
	b.ReportAllocs()
	p.calls.Store(0)
	n := 0
	for b.Loop() {
		n++
		s := riskscore.Subject{Username: fmt.Sprint("cold", b.N, "-", n)}
		var wg sync.WaitGroup
		for i := range 300 {
			wg.Go(func() {
				if r := evs[i%3].Evaluate(ctx, s); r.Outcome != riskscore.MFA {
					b.Error(r.Outcome, r.Err)
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(p.calls.Load())/float64(n), "lookups/op")
}
