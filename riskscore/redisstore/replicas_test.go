package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authlens/authlens/internal/redistest"
	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/redisstore"
	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

// replicas returns n Evaluators, each with its own SecZetta client and its
// own Store (its own Redis connections) on srv, as n processes would have.
func replicas(t testing.TB, n int, srv *redistest.Server, fake *seczettatest.Server, mutate func(*riskscore.EvaluatorConfig), store ...func(*redisstore.Options)) []*riskscore.Evaluator {
	t.Helper()
	evs := make([]*riskscore.Evaluator, n)
	for i := range evs {
		client, err := seczetta.New(fake.Config())
		if err != nil {
			t.Fatal(err)
		}
		cfg := riskscore.EvaluatorConfig{
			Provider: client,
			Policy:   riskscore.DefaultPolicy(),
			Cache: newStore(t, srv, func(o *redisstore.Options) {
				for _, f := range store {
					f(o)
				}
			}),
		}
		if mutate != nil {
			mutate(&cfg)
		}
		evs[i], err = riskscore.NewEvaluator(cfg)
		if err != nil {
			t.Fatal(err)
		}
	}
	return evs
}

// TestThreeReplicasOneLookup: 1,000 concurrent logins of one cold subject,
// spread over three replicas sharing one Redis, make exactly one search
// and one risk score read at the fake SecZetta; every login gets the
// score's decision.
func TestThreeReplicasOneLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		latency time.Duration
		// subjects are the ids the same person logs in with: one lookup
		// key (the username), several user ids.
		subjects []riskscore.Subject
	}{
		{"one id", 20 * time.Millisecond, []riskscore.Subject{{UserID: "auth0|bob", Username: "bob"}}},
		{"several user ids, one person", 20 * time.Millisecond, []riskscore.Subject{
			{UserID: "auth0|bob", Username: "bob"},
			{UserID: "google-oauth2|1234", Username: "bob", Email: "bob@example.com"},
			{UserID: "samlp|corp|bob", Username: "bob"},
		}},
		{"fast upstream", 0, []riskscore.Subject{{UserID: "auth0|bob", Username: "bob"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := redistest.Start(t)
			fake := seczettatest.NewServer(seczettatest.Options{})
			t.Cleanup(fake.Close)
			fake.AddUser(6, "bob")
			if tt.latency > 0 {
				fake.AddFault(seczettatest.Fault{Latency: tt.latency})
			}
			evs := replicas(t, 3, srv, fake, nil)

			const n = 1000
			start := make(chan struct{})
			var wg sync.WaitGroup
			var mfa atomic.Int64
			for i := range n {
				wg.Go(func() {
					<-start
					r := evs[i%3].Evaluate(context.Background(), tt.subjects[i%len(tt.subjects)])
					if r.Outcome == riskscore.MFA && r.Claims.Risk.Score == 6 && r.Err == nil {
						mfa.Add(1)
					}
				})
			}
			close(start)
			wg.Wait()
			if got := mfa.Load(); got != n {
				t.Errorf("%d of %d logins were MFA with the score", got, n)
			}
			if c := fake.Counts(); c.Searches != 1 || c.ScoreReads != 1 {
				t.Fatalf("SecZetta saw %d searches and %d score reads, want 1 and 1", c.Searches, c.ScoreReads)
			}
		})
	}
}

// TestRedisStoppedMidRun: three replicas decide a stream of logins while
// Redis is stopped and started again. Decisions go on throughout (local
// cache and local coalescing), every answer comes before its deadline,
// and once Redis is back the replicas share lookups again.
func TestRedisStoppedMidRun(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	fake := seczettatest.NewServer(seczettatest.Options{})
	t.Cleanup(fake.Close)
	const users = 200
	for i := range users {
		fake.AddUser(float64(i%10), fmt.Sprintf("user%d", i))
	}
	fake.AddFault(seczettatest.Fault{Latency: 2 * time.Millisecond})
	evs := replicas(t, 3, srv, fake, nil)

	const deadline = riskscore.DefaultTimeout
	var (
		logins, wrong, late atomic.Int64
		worst               atomic.Int64
	)
	login := func(replica, user int) {
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		defer cancel()
		start := time.Now()
		r := evs[replica].Evaluate(ctx, riskscore.Subject{Username: fmt.Sprintf("user%d", user)})
		took := time.Since(start)
		logins.Add(1)
		for {
			w := worst.Load()
			if int64(took) <= w || worst.CompareAndSwap(w, int64(took)) {
				break
			}
		}
		if took > deadline+time.Second { // the deadline, and slack for a loaded CI machine (-race, 2 cores)
			late.Add(1)
		}
		want := riskscore.Decide(float64(user%10), riskscore.DefaultPolicy()).Outcome
		if r.Err != nil || r.Outcome != want {
			wrong.Add(1)
		}
	}
	// 24 concurrent workers log in; Redis is stopped while they run, and
	// started again (empty) while they still run.
	var wg sync.WaitGroup
	stopAt, restartAt := make(chan struct{}), make(chan struct{})
	var once1, once2 sync.Once
	for w := range 24 {
		wg.Go(func() {
			for i := range 500 {
				login((w+i)%3, (w*7+i*13)%users)
				switch n := logins.Load(); {
				case n >= 8000:
					once2.Do(func() { close(restartAt) })
				case n >= 3000:
					once1.Do(func() { close(stopAt) })
				}
			}
		})
	}
	<-stopAt
	srv.Stop()
	t.Logf("Redis stopped after %d logins", logins.Load())
	<-restartAt
	srv.Restart(t)
	t.Logf("Redis started again after %d logins", logins.Load())
	wg.Wait()
	if n := wrong.Load(); n != 0 {
		t.Errorf("%d of %d logins were decided wrongly or failed", n, logins.Load())
	}
	if n := late.Load(); n != 0 {
		t.Errorf("%d logins answered after their deadline (worst %v)", n, time.Duration(worst.Load()))
	}
	t.Logf("%d logins, worst answer %v", logins.Load(), time.Duration(worst.Load()))

	// Sharing resumes: the stores probe Redis again after their backoff
	// (50 ms here), each on its next call; once they have, a cold subject
	// on all three replicas at once is one lookup. A loaded machine may
	// need a few rounds; each round uses a new subject.
	giveUp := time.Now().Add(20 * time.Second)
	for round := 0; ; round++ {
		name := fmt.Sprintf("newcomer%d", round)
		fake.AddUser(6, name)
		before := fake.Counts()
		for i := range 300 {
			wg.Go(func() {
				if r := evs[i%3].Evaluate(context.Background(), riskscore.Subject{Username: name}); r.Outcome != riskscore.MFA {
					t.Errorf("%s: %v %v", name, r.Outcome, r.Err)
				}
			})
		}
		wg.Wait()
		after := fake.Counts()
		s, r := after.Searches-before.Searches, after.ScoreReads-before.ScoreReads
		if s == 1 && r == 1 {
			t.Logf("sharing resumed in round %d", round)
			break
		}
		if time.Now().After(giveUp) {
			t.Fatalf("after Redis came back: still %d searches and %d score reads for one cold subject in round %d, want 1 and 1", s, r, round)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestRedisDownAtStart: replicas whose Redis never answers decide every
// login from their local cache, each login within its deadline.
func TestRedisDownAtStart(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	srv.Stop()
	fake := seczettatest.NewServer(seczettatest.Options{})
	t.Cleanup(fake.Close)
	fake.AddUser(2.5, "alice")
	evs := replicas(t, 2, srv, fake, nil, func(o *redisstore.Options) { o.Timeout = redisstore.DefaultTimeout })
	for i := range 20 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		r := evs[i%2].Evaluate(ctx, riskscore.Subject{Username: "alice"})
		cancel()
		if r.Outcome != riskscore.Allow || r.Err != nil {
			t.Fatalf("login %d: %v %v", i, r.Outcome, r.Err)
		}
	}
	// Each replica looked alice up once, then served her from its own
	// cache.
	if c := fake.Counts(); c.Searches != 2 {
		t.Fatalf("%d searches, want one per replica", c.Searches)
	}
}

var _ riskscore.Coalescer = (*redisstore.Store)(nil)

// TestForgetAcrossReplicas: Forget on one replica drops the shared entry,
// so the next login on another replica looks the person up again; shared
// failures are seen by every replica.
func TestForgetAcrossReplicas(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	fake := seczettatest.NewServer(seczettatest.Options{})
	t.Cleanup(fake.Close)
	fake.AddUser(6, "bob")
	evs := replicas(t, 2, srv, fake, nil)
	bob := riskscore.Subject{Username: "bob"}
	ctx := context.Background()
	evs[0].Evaluate(ctx, bob)
	evs[1].Evaluate(ctx, bob)
	if c := fake.Counts(); c.Searches != 1 {
		t.Fatalf("%d searches before Forget", c.Searches)
	}
	evs[1].Forget(bob)
	if r := evs[0].Evaluate(ctx, bob); r.Outcome != riskscore.MFA {
		t.Fatal(r.Outcome)
	}
	if c := fake.Counts(); c.Searches != 2 {
		t.Fatalf("%d searches after Forget, want 2", c.Searches)
	}
	// A failure on one replica is a cached failure on the other.
	r := evs[0].Evaluate(ctx, riskscore.Subject{Username: "nobody"})
	r2 := evs[1].Evaluate(ctx, riskscore.Subject{Username: "nobody"})
	if r.Claims.Risk.Error != "not_found" || r2.Claims.Risk.Error != "not_found" || !errors.Is(r2.Err, riskscore.ErrRecentFailure) {
		t.Fatalf("%v / %v", r.Err, r2.Err)
	}
	if c := fake.Counts(); c.Searches != 3 {
		t.Fatalf("%d searches, want 3", c.Searches)
	}
}
