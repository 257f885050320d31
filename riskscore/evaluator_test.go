package riskscore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/riskscore"
)

// clock is a manual clock for the cache.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// scores is a counting provider with a fixed score per username.
type scores struct {
	calls  atomic.Int64
	values map[string]float64
	err    error
}

func (s *scores) Score(ctx context.Context, sub riskscore.Subject) (riskscore.Score, error) {
	s.calls.Add(1)
	if s.err != nil {
		return riskscore.Score{}, s.err
	}
	v, ok := s.values[sub.Username]
	if !ok {
		return riskscore.Score{}, fmt.Errorf("no such user: %w", riskscore.ErrSubjectNotFound)
	}
	return riskscore.Score{Value: v, Source: "test"}, nil
}

func (s *scores) Name() string { return "test" }

func newEvaluator(t testing.TB, cfg riskscore.EvaluatorConfig) *riskscore.Evaluator {
	t.Helper()
	if cfg.Policy == (riskscore.Policy{}) {
		cfg.Policy = riskscore.DefaultPolicy()
	}
	e, err := riskscore.NewEvaluator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func claimJSON(t *testing.T, c riskscore.Claims) map[string]map[string]any {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestEvaluateOutcomesAndClaims(t *testing.T) {
	t.Parallel()
	p := &scores{values: map[string]float64{"alice": 2.5, "bob": 6, "mallory": 8.25, "nan": math.NaN()}}
	tests := []struct {
		name       string
		user       string
		authOnErr  bool
		want       riskscore.Outcome
		reason     riskscore.Reason
		claimScore any // nil: absent
		claimError string
		message    string
	}{
		{"allow", "alice", false, riskscore.Allow, riskscore.ReasonWithinAllowable, 2.5, "", ""},
		{"mfa keeps the score claim", "bob", false, riskscore.MFA, riskscore.ReasonAboveAllowable, 6.0, "", ""},
		{"deny", "mallory", false, riskscore.Deny, riskscore.ReasonAtOrAboveMax, 8.25, "",
			"A 8.25 Risk score is too high. Maximum acceptable risk is 7.5"},
		{"NaN score denies, no score claim", "nan", false, riskscore.Deny, riskscore.ReasonScoreNaN, nil, "", riskscore.MessageInvalidScore},
		{"error denies", "nobody", false, riskscore.Deny, riskscore.ReasonProviderError, nil, "not_found", riskscore.MessageUnavailable},
		{"error with authenticate on error", "nobody", true, riskscore.Allow, riskscore.ReasonProviderError, nil, "not_found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, AuthenticateOnError: tt.authOnErr})
			r := e.Evaluate(context.Background(), riskscore.Subject{Username: tt.user})
			if r.Outcome != tt.want || r.Reason != tt.reason {
				t.Fatalf("Evaluate = %v/%v, want %v/%v (err %v)", r.Outcome, r.Reason, tt.want, tt.reason, r.Err)
			}
			if (r.Err != nil) != (tt.claimError != "") {
				t.Fatalf("Err = %v", r.Err)
			}
			if r.Message() != tt.message {
				t.Errorf("Message = %q, want %q", r.Message(), tt.message)
			}
			if r.Source != "test" || len(r.Signals) != 1 {
				t.Errorf("Source %q, %d signals", r.Source, len(r.Signals))
			}
			m := claimJSON(t, r.Claims)
			c, ok := m[riskscore.DefaultNamespace]
			if !ok || len(m) != 1 {
				t.Fatalf("claims %v lack the namespace", m)
			}
			if c["outcome"] != tt.want.String() {
				t.Errorf("claim outcome %v", c["outcome"])
			}
			if c["score"] != tt.claimScore {
				t.Errorf("claim score %v, want %v", c["score"], tt.claimScore)
			}
			if got, _ := c["error"].(string); got != tt.claimError {
				t.Errorf("claim error %q, want %q", got, tt.claimError)
			}
			if rs, _ := c["reasons"].([]any); len(rs) != 1 || rs[0] != tt.reason.String() {
				t.Errorf("claim reasons %v", c["reasons"])
			}
			if mm := r.Claims.Map()[riskscore.DefaultNamespace].(map[string]any); mm["outcome"] != tt.want.String() {
				t.Errorf("Map() = %v", mm)
			}
		})
	}
}

func TestEvaluateCacheTTL(t *testing.T) {
	t.Parallel()
	clk := newClock()
	p := &scores{values: map[string]float64{"bob": 6}}
	e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, CacheTTL: time.Minute, Now: clk.Now})
	bob := riskscore.Subject{Username: "bob", Email: "bob@example.com"}
	for range 3 {
		if r := e.Evaluate(context.Background(), bob); r.Outcome != riskscore.MFA {
			t.Fatalf("outcome %v", r.Outcome)
		}
	}
	if n := p.calls.Load(); n != 1 {
		t.Fatalf("%d lookups within the TTL, want 1", n)
	}
	// Another subject value is another key.
	e.Evaluate(context.Background(), riskscore.Subject{Username: "bob"})
	if n := p.calls.Load(); n != 2 {
		t.Fatalf("%d lookups, want 2", n)
	}
	clk.Advance(59 * time.Second)
	e.Evaluate(context.Background(), bob)
	if n := p.calls.Load(); n != 2 {
		t.Fatalf("%d lookups before expiry, want 2", n)
	}
	clk.Advance(time.Second)
	e.Evaluate(context.Background(), bob)
	if n := p.calls.Load(); n != 3 {
		t.Fatalf("%d lookups after expiry, want 3", n)
	}
	e.Forget(bob)
	e.Evaluate(context.Background(), bob)
	if n := p.calls.Load(); n != 4 {
		t.Fatalf("%d lookups after Forget, want 4", n)
	}
}

// TestEvaluateCachesFailuresBriefly: a failed lookup is remembered for
// FailureTTL (an outage costs one lookup per subject per window), keeps
// its error code, and is asked again once it expires.
func TestEvaluateCachesFailuresBriefly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		failureTTL time.Duration
		lookups    []int64 // after 4 logins at 0s, one at 4s, one at 5s
	}{
		{"default 5s", 0, []int64{1, 1, 2}},
		{"configured 2s", 2 * time.Second, []int64{1, 2, 2}},
		{"off", -1, []int64{4, 5, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := newClock()
			p := &scores{err: fmt.Errorf("down: %w", riskscore.ErrUnavailable)}
			e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, FailureTTL: tt.failureTTL, Now: clk.Now,
				Breaker: riskscore.BreakerConfig{Disabled: true}})
			check := func(step int) {
				t.Helper()
				r := e.Evaluate(context.Background(), riskscore.Subject{Username: "x"})
				if r.Outcome != riskscore.Deny || !errors.Is(r.Err, riskscore.ErrUnavailable) || r.Claims.Risk.Error != "unavailable" {
					t.Fatalf("result %v, err %v, claim %+v", r.Decision, r.Err, r.Claims.Risk)
				}
				if n := p.calls.Load(); n != tt.lookups[step] {
					t.Fatalf("step %d: %d lookups, want %d", step, n, tt.lookups[step])
				}
			}
			for range 3 {
				e.Evaluate(context.Background(), riskscore.Subject{Username: "x"})
			}
			check(0)
			clk.Advance(4 * time.Second)
			check(1)
			clk.Advance(time.Second)
			check(2)
		})
	}
}

func TestEvaluateNoCache(t *testing.T) {
	t.Parallel()
	p := &scores{values: map[string]float64{"a": 1}}
	e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, CacheTTL: -1})
	for range 3 {
		e.Evaluate(context.Background(), riskscore.Subject{Username: "a"})
	}
	if n := p.calls.Load(); n != 3 {
		t.Fatalf("%d lookups with the cache off, want 3", n)
	}
}

func TestEvaluateCacheIsBounded(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	p := riskscore.ProviderFunc(func(ctx context.Context, s riskscore.Subject) (riskscore.Score, error) {
		calls.Add(1)
		return riskscore.Score{Value: 1}, nil
	})
	e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, CacheSize: 16})
	for i := range 100 {
		e.Evaluate(context.Background(), riskscore.Subject{UserID: fmt.Sprint(i)})
	}
	// The most recent subject is cached; older ones were evicted.
	before := calls.Load()
	e.Evaluate(context.Background(), riskscore.Subject{UserID: "99"})
	if calls.Load() != before {
		t.Error("the latest subject was not cached")
	}
	evicted := 0
	for i := range 100 {
		n := calls.Load()
		e.Evaluate(context.Background(), riskscore.Subject{UserID: fmt.Sprint(i)})
		if calls.Load() != n {
			evicted++
		}
	}
	if evicted < 100-16 {
		t.Errorf("only %d of 100 subjects were looked up again with a cache of 16", evicted)
	}
}

func TestEvaluateTimeout(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var sawDeadline atomic.Bool
		p := riskscore.ProviderFunc(func(ctx context.Context, s riskscore.Subject) (riskscore.Score, error) {
			_, ok := ctx.Deadline()
			sawDeadline.Store(ok)
			<-ctx.Done() // a provider that never answers
			return riskscore.Score{}, ctx.Err()
		})
		e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, Timeout: 2 * time.Second})
		start := time.Now()
		r := e.Evaluate(context.Background(), riskscore.Subject{Username: "slow"})
		if got := time.Since(start); got != 2*time.Second {
			t.Errorf("returned after %v of fake time, want the 2s timeout", got)
		}
		if !sawDeadline.Load() {
			t.Error("provider context had no deadline")
		}
		if r.Outcome != riskscore.Deny || !errors.Is(r.Err, context.DeadlineExceeded) || r.Claims.Risk.Error != "timeout" {
			t.Fatalf("result %v err %v claim %+v", r.Decision, r.Err, r.Claims.Risk)
		}
	})
}

func TestEvaluateProviderIgnoringContext(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		p := riskscore.ProviderFunc(func(context.Context, riskscore.Subject) (riskscore.Score, error) {
			<-release // ignores its context
			return riskscore.Score{Value: 1}, nil
		})
		e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, Timeout: time.Second})
		start := time.Now()
		r := e.Evaluate(context.Background(), riskscore.Subject{Username: "stuck"})
		if time.Since(start) != time.Second || r.Outcome != riskscore.Deny || r.Claims.Risk.Error != "timeout" {
			t.Fatalf("after %v: %v %v", time.Since(start), r.Decision, r.Err)
		}
		close(release)
	})
}

func TestEvaluateCallerGivesUpFlightGoesOn(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int64
		p := riskscore.ProviderFunc(func(ctx context.Context, s riskscore.Subject) (riskscore.Score, error) {
			calls.Add(1)
			select {
			case <-time.After(500 * time.Millisecond):
				return riskscore.Score{Value: 6}, nil
			case <-ctx.Done():
				return riskscore.Score{}, ctx.Err()
			}
		})
		e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, Timeout: time.Second, AuthenticateOnError: true})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		r := e.Evaluate(ctx, riskscore.Subject{Username: "u"})
		if r.Outcome != riskscore.Allow || r.Reason != riskscore.ReasonProviderError || !errors.Is(r.Err, context.DeadlineExceeded) {
			t.Fatalf("impatient caller got %v, %v", r.Decision, r.Err)
		}
		synctest.Wait() // the detached lookup finishes and fills the cache
		time.Sleep(time.Second)
		r = e.Evaluate(context.Background(), riskscore.Subject{Username: "u"})
		if r.Outcome != riskscore.MFA || r.Err != nil {
			t.Fatalf("next caller got %v, %v", r.Decision, r.Err)
		}
		if n := calls.Load(); n != 1 {
			t.Fatalf("%d lookups, want 1", n)
		}
	})
}

func TestEvaluateCanceledContext(t *testing.T) {
	t.Parallel()
	p := &scores{values: map[string]float64{"a": 1}}
	e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := e.Evaluate(ctx, riskscore.Subject{Username: "a"})
	if r.Outcome != riskscore.Deny || r.Claims.Risk.Error != "canceled" || p.calls.Load() != 0 {
		t.Fatalf("result %v err %v, %d calls", r.Decision, r.Err, p.calls.Load())
	}
}

func TestEvaluateRecoversProviderPanic(t *testing.T) {
	t.Parallel()
	p := riskscore.ProviderFunc(func(context.Context, riskscore.Subject) (riskscore.Score, error) {
		panic("boom")
	})
	e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p})
	r := e.Evaluate(context.Background(), riskscore.Subject{Username: "a"})
	if r.Outcome != riskscore.Deny || !errors.Is(r.Err, riskscore.ErrProviderPanic) || r.Source != "provider" {
		t.Fatalf("result %v err %v", r.Decision, r.Err)
	}
}

func TestEvaluateSeveralSignals(t *testing.T) {
	t.Parallel()
	primary := &scores{values: map[string]float64{"a": 1}}
	second := riskscore.ProviderFunc(func(context.Context, riskscore.Subject) (riskscore.Score, error) {
		return riskscore.Score{Value: 60}, nil
	})
	failing := riskscore.ProviderFunc(func(context.Context, riskscore.Subject) (riskscore.Score, error) {
		return riskscore.Score{}, fmt.Errorf("x: %w", riskscore.ErrNoScore)
	})
	e := newEvaluator(t, riskscore.EvaluatorConfig{
		Provider:            primary,
		AuthenticateOnError: true,
		Extra: []riskscore.Signal{
			{Name: "hr", Provider: second, Policy: riskscore.Policy{AllowableRisk: 50, MaxRisk: 90}},
			{Provider: failing, Policy: riskscore.DefaultPolicy()},
		},
	})
	a0 := riskscore.Auth0Policy{}.DecideJSON([]byte(`{"confidence":"high"}`))
	r := e.Evaluate(context.Background(), riskscore.Subject{Username: "a"}, a0)
	if r.Outcome != riskscore.MFA || r.Source != "hr" {
		t.Fatalf("verdict %v", r.Decision)
	}
	var sources []string
	for _, d := range r.Signals {
		sources = append(sources, d.Source+":"+d.Reason.String())
	}
	want := "test:score_within_allowable hr:score_above_allowable signal2:provider_error auth0:confidence_high"
	if got := strings.Join(sources, " "); got != want {
		t.Fatalf("signals %q, want %q", got, want)
	}
	if !errors.Is(r.Err, riskscore.ErrNoScore) || r.Claims.Risk.Error != "no_score" {
		t.Fatalf("err %v claim %+v", r.Err, r.Claims.Risk)
	}
	if r.Claims.Risk.Score != 1 || r.Claims.Risk.Source != "test" || len(r.Claims.Risk.Reasons) != 4 {
		t.Fatalf("claim %+v", r.Claims.Risk)
	}
}

func TestEvaluateLogsFailuresWithoutSecrets(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	p := &scores{err: fmt.Errorf("lookup failed: %w", riskscore.ErrUnavailable)}
	e := newEvaluator(t, riskscore.EvaluatorConfig{Provider: p, Logger: log, Namespace: "https://example.com/risk"})
	r := e.Evaluate(context.Background(), riskscore.Subject{Username: "carol", Email: "carol@example.com"})
	if r.Claims.Namespace != "https://example.com/risk" || e.Namespace() != "https://example.com/risk" {
		t.Errorf("namespace %q", r.Claims.Namespace)
	}
	out := buf.String()
	if !strings.Contains(out, `"code":"unavailable"`) || strings.Contains(out, "carol") {
		t.Fatalf("log %s", out)
	}
}

func TestNewEvaluatorRefusesBadConfig(t *testing.T) {
	t.Parallel()
	p := &scores{}
	tests := []struct {
		name  string
		cfg   riskscore.EvaluatorConfig
		field string
	}{
		{"no provider", riskscore.EvaluatorConfig{Policy: riskscore.DefaultPolicy()}, "riskscore.EvaluatorConfig.Provider:"},
		{"zero policy", riskscore.EvaluatorConfig{Provider: p}, "riskscore.EvaluatorConfig.Policy: is not set"},
		{"inverted policy", riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.Policy{AllowableRisk: 7.5, MaxRisk: 5}}, "riskscore.EvaluatorConfig.Policy.MaxRisk:"},
		{"negative timeout", riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.DefaultPolicy(), Timeout: -1}, "riskscore.EvaluatorConfig.Timeout:"},
		{"negative cache size", riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.DefaultPolicy(), CacheSize: -1}, "riskscore.EvaluatorConfig.CacheSize:"},
		{"bad namespace", riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.DefaultPolicy(), Namespace: " x"}, "riskscore.EvaluatorConfig.Namespace:"},
		{"negative log window", riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.DefaultPolicy(), LogWindow: -1}, "riskscore.EvaluatorConfig.LogWindow:"},
		{"negative breaker failures", riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.DefaultPolicy(),
			Breaker: riskscore.BreakerConfig{Failures: -1}}, "riskscore.EvaluatorConfig.Breaker.Failures:"},
		{"negative breaker open time", riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.DefaultPolicy(),
			Breaker: riskscore.BreakerConfig{OpenFor: -time.Second}}, "riskscore.EvaluatorConfig.Breaker.OpenFor:"},
		{"too many probes", riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.DefaultPolicy(),
			Breaker: riskscore.BreakerConfig{Probes: 1 << 30}}, "riskscore.EvaluatorConfig.Breaker.Probes:"},
		{"extra without provider", riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.DefaultPolicy(),
			Extra: []riskscore.Signal{{Policy: riskscore.DefaultPolicy()}}}, "riskscore.EvaluatorConfig.Extra[0].Provider:"},
		{"extra with bad policy", riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.DefaultPolicy(),
			Extra: []riskscore.Signal{{Provider: p, Policy: riskscore.Policy{AllowableRisk: -1, MaxRisk: 2}}}}, "riskscore.EvaluatorConfig.Extra[0].Policy.AllowableRisk:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := riskscore.NewEvaluator(tt.cfg)
			if err == nil || e != nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, riskscore.ErrInvalidConfig) || !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("error %q does not name %s", err, tt.field)
			}
		})
	}
}

func BenchmarkEvaluateCached(b *testing.B) {
	p := &scores{values: map[string]float64{"bob": 6}}
	e := newEvaluator(b, riskscore.EvaluatorConfig{Provider: p})
	s := riskscore.Subject{UserID: "auth0|64b7c2f1a2b3c4d5e6f70819", Username: "bob", Email: "bob@example.com"}
	ctx := context.Background()
	e.Evaluate(ctx, s)
	b.ReportAllocs()
	for b.Loop() {
		if r := e.Evaluate(ctx, s); r.Outcome != riskscore.MFA {
			b.Fatal(r.Outcome)
		}
	}
	if p.calls.Load() != 1 {
		b.Fatalf("%d lookups", p.calls.Load())
	}
}
