package riskscore_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/riskscore"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// switchable is a provider whose failure can be switched on and off.
type switchable struct {
	calls atomic.Int64
	err   atomic.Pointer[error]
}

func (p *switchable) Score(ctx context.Context, s riskscore.Subject) (riskscore.Score, error) {
	p.calls.Add(1)
	if e := p.err.Load(); e != nil {
		return riskscore.Score{}, *e
	}
	return riskscore.Score{Value: 2}, nil
}

func (p *switchable) fail(err error) {
	if err == nil {
		p.err.Store(nil)
		return
	}
	p.err.Store(&err)
}

// TestBreaker: consecutive upstream failures open the breaker; while open,
// logins are decided at once with reason and claim error "breaker_open",
// without asking the provider; after OpenFor one probe goes through, and
// its success closes the breaker. Fake time (synctest): gobreaker runs on
// time.Now.
func TestBreaker(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		err     error
		opens   bool
		authErr bool
	}{
		{"unavailable opens it", fmt.Errorf("x: %w", riskscore.ErrUnavailable), true, false},
		{"timeouts open it", context.DeadlineExceeded, true, false},
		{"malformed answers open it", riskscore.ErrMalformed, true, false},
		{"rate limits open it, authenticate on error", riskscore.ErrRateLimited, true, true},
		{"not found does not", riskscore.ErrSubjectNotFound, false, false},
		{"no score does not", riskscore.ErrNoScore, false, false},
		{"unauthorized does not", riskscore.ErrUnauthorized, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				p := &switchable{}
				p.fail(tt.err)
				var states []string
				var mu sync.Mutex
				e := newEvaluator(t, riskscore.EvaluatorConfig{
					Provider:            p,
					FailureTTL:          -1, // every login asks, so that the breaker alone is seen
					AuthenticateOnError: tt.authErr,
					Breaker:             riskscore.BreakerConfig{Failures: 3, OpenFor: 10 * time.Second},
					Hooks: riskscore.Hooks{Breaker: func(ev riskscore.BreakerEvent) {
						mu.Lock()
						states = append(states, ev.To.String())
						mu.Unlock()
					}},
				})
				login := func(i int) riskscore.Result {
					return e.Evaluate(context.Background(), riskscore.Subject{Username: fmt.Sprint("u", i)})
				}
				for i := range 3 {
					if r := login(i); r.Reason != riskscore.ReasonProviderError {
						t.Fatalf("login %d: %v", i, r.Decision)
					}
				}
				r := login(3)
				if !tt.opens {
					if r.Reason != riskscore.ReasonProviderError || p.calls.Load() != 4 || e.Breakers()["provider"] != riskscore.BreakerClosed {
						t.Fatalf("breaker moved: %v, %d calls", r.Decision, p.calls.Load())
					}
					return
				}
				want := riskscore.Deny
				if tt.authErr {
					want = riskscore.Allow
				}
				if r.Outcome != want || r.Reason != riskscore.ReasonBreakerOpen || !errors.Is(r.Err, riskscore.ErrBreakerOpen) ||
					!errors.Is(r.Err, riskscore.ErrUnavailable) || r.Claims.Risk.Error != "breaker_open" ||
					r.Claims.Risk.Reasons[0].String() != "breaker_open" {
					t.Fatalf("open breaker: %v, err %v, claim %+v", r.Decision, r.Err, r.Claims.Risk)
				}
				if p.calls.Load() != 3 || e.Breakers()["provider"] != riskscore.BreakerOpen {
					t.Fatalf("%d calls, state %v", p.calls.Load(), e.Breakers())
				}
				time.Sleep(10*time.Second + time.Millisecond)
				p.fail(nil)
				if r := login(4); r.Outcome != riskscore.Allow || r.Err != nil || p.calls.Load() != 4 {
					t.Fatalf("probe: %v %v, %d calls", r.Decision, r.Err, p.calls.Load())
				}
				if e.Breakers()["provider"] != riskscore.BreakerClosed {
					t.Fatalf("state after a good probe: %v", e.Breakers())
				}
				mu.Lock()
				defer mu.Unlock()
				if got := strings.Join(states, " "); got != "closed open half_open closed" {
					t.Fatalf("states %q", got)
				}
			})
		})
	}
}

// TestBreakerFailedProbeReopens: a failing probe opens the breaker again.
func TestBreakerFailedProbeReopens(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := &switchable{}
		p.fail(riskscore.ErrUnavailable)
		e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, FailureTTL: -1})
		for i := range riskscore.DefaultBreakerFailures {
			e.Evaluate(context.Background(), riskscore.Subject{Username: fmt.Sprint(i)})
		}
		if e.Breakers()["provider"] != riskscore.BreakerOpen {
			t.Fatal("not open")
		}
		time.Sleep(riskscore.DefaultBreakerOpenFor)
		time.Sleep(time.Millisecond)
		e.Evaluate(context.Background(), riskscore.Subject{Username: "probe"})
		if e.Breakers()["provider"] != riskscore.BreakerOpen || p.calls.Load() != riskscore.DefaultBreakerFailures+1 {
			t.Fatalf("after a failed probe: %v, %d calls", e.Breakers(), p.calls.Load())
		}
	})
}

func TestBreakerDisabled(t *testing.T) {
	t.Parallel()
	p := &switchable{}
	p.fail(riskscore.ErrUnavailable)
	e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, FailureTTL: -1, Breaker: riskscore.BreakerConfig{Disabled: true}})
	for i := range 20 {
		if r := e.Evaluate(context.Background(), riskscore.Subject{Username: fmt.Sprint(i)}); r.Reason != riskscore.ReasonProviderError {
			t.Fatal(r.Decision)
		}
	}
	if p.calls.Load() != 20 {
		t.Fatalf("%d calls", p.calls.Load())
	}
}

// TestLogsAreRateLimited: an outage writes one warning per cause, then one
// summary per window with the count, not one line per login (fake time).
func TestLogsAreRateLimited(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, nil))
		p := &switchable{}
		p.fail(fmt.Errorf("connection reset: %w", riskscore.ErrUnavailable))
		e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, Logger: log, FailureTTL: -1,
			Breaker: riskscore.BreakerConfig{Disabled: true}})
		for i := range 8000 {
			e.Evaluate(context.Background(), riskscore.Subject{Username: fmt.Sprint("user", i%3000)})
		}
		lines := func() []string {
			mu.Lock()
			defer mu.Unlock()
			return strings.Split(strings.TrimSpace(buf.String()), "\n")
		}
		if l := lines(); len(l) != 1 || !contains(l[0], "risk provider failed") || !contains(l[0], "code=unavailable") {
			t.Fatalf("during the first minute: %q", l)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		l := lines()
		if len(l) != 2 || !contains(l[1], "risk provider failed (7999 more in the last 1m0s)") || !contains(l[1], "suppressed=7999") {
			t.Fatalf("after a minute: %q", l)
		}
		for _, s := range l {
			if contains(s, "user1") {
				t.Fatalf("a subject was logged: %q", s)
			}
		}
		// A quiet window ends the cause; the next failure is written at once.
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		e.Evaluate(context.Background(), riskscore.Subject{Username: "again"})
		if l := lines(); len(l) != 3 {
			t.Fatalf("after a quiet window: %q", l)
		}
		time.Sleep(time.Minute) // let the last window end
	})
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestHooks: every Evaluate, lookup, cache read and breaker state reaches
// the hooks.
func TestHooks(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	got := map[string]int{}
	count := func(k string) {
		mu.Lock()
		got[k]++
		mu.Unlock()
	}
	p := &scores{values: map[string]float64{"bob": 6}}
	e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, Hooks: riskscore.Hooks{
		Decision: func(_ context.Context, r riskscore.Result) {
			count("decision:" + r.Outcome.String() + ":" + r.Reason.String())
		},
		Lookup: func(ev riskscore.LookupEvent) { count("lookup:" + ev.Signal + ":" + ev.Code) },
		Cache: func(ev riskscore.CacheEvent) {
			count(fmt.Sprintf("cache:%v:%v:%v", ev.Shared, ev.Result, ev.Failure))
		},
		Breaker: func(ev riskscore.BreakerEvent) { count("breaker:" + ev.Signal + ":" + ev.To.String()) },
	}})
	for range 3 {
		e.Evaluate(context.Background(), riskscore.Subject{Username: "bob"})
	}
	for range 2 {
		e.Evaluate(context.Background(), riskscore.Subject{Username: "nobody"})
	}
	want := map[string]int{
		"breaker:test:closed":                1,
		"decision:mfa:score_above_allowable": 3,
		"decision:deny:provider_error":       2,
		"lookup:test:":                       1,
		"lookup:test:not_found":              1,
		"cache:false:miss:false":             2,
		"cache:false:hit:false":              2,
		"cache:false:hit:true":               1,
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("hooks saw %v\nwant %v", got, want)
	}
}
