package riskscore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Evaluator defaults.
const (
	DefaultTimeout   = 3 * time.Second
	DefaultCacheTTL  = time.Minute
	DefaultCacheSize = 10000
)

// Signal is one further provider with its own policy.
type Signal struct {
	// Name is the Decision's Source; default: the provider's Name() if it
	// implements Named, else "signal<N>".
	Name     string
	Provider Provider
	Policy   Policy
}

// EvaluatorConfig configures an Evaluator. Provider and a valid Policy are
// required; everything else has a default.
type EvaluatorConfig struct {
	// Provider gives the primary score (e.g. *seczetta.Client).
	Provider Provider
	// Policy turns its score into an Outcome.
	Policy Policy
	// Name is the primary signal's Source; default: Provider's Name() if
	// it implements Named, else "provider".
	Name string
	// Extra signals are looked up alongside (concurrently, each cached
	// and coalesced on its own) and combined with the primary one to the
	// strictest outcome.
	Extra []Signal

	// Timeout bounds each provider lookup (default DefaultTimeout). The
	// lookup runs detached from the caller's cancellation so that
	// coalesced callers do not fail each other; each caller still stops
	// waiting when its own context ends.
	Timeout time.Duration
	// CacheTTL is how long a score is reused (default DefaultCacheTTL;
	// negative: no cache). Only scores are cached, never errors: a failed
	// lookup is tried again by the next login (concurrent logins of one
	// subject share one lookup, failed or not).
	CacheTTL time.Duration
	// CacheSize bounds the number of cached scores (default
	// DefaultCacheSize). When full, expired entries go first, then
	// arbitrary ones.
	CacheSize int
	// AuthenticateOnError lets a login through (Allow) when a provider
	// fails. Default false: a failure denies.
	AuthenticateOnError bool
	// Namespace names the claim (default DefaultNamespace).
	Namespace string
	// Now is the clock for the cache (default time.Now).
	Now func() time.Time
	// Logger receives a warning per provider failure (with the error's
	// text, which providers keep free of secrets) and nothing else. Nil:
	// no logging.
	Logger *slog.Logger
}

// Evaluator decides logins: provider lookups under a per-call timeout,
// cached for a TTL and coalesced per subject, combined to the strictest
// outcome, with the claims for the token. It is safe for concurrent use.
type Evaluator struct {
	signals   []signal
	timeout   time.Duration
	ttl       time.Duration
	size      int
	onError   Outcome
	namespace string
	now       func() time.Time
	logger    *slog.Logger

	mu    sync.RWMutex
	cache map[cacheKey]cacheEntry
	group singleflight.Group
}

type signal struct {
	name     string
	provider Provider
	policy   Policy
}

type cacheKey struct {
	signal  int
	subject Subject
}

type cacheEntry struct {
	score   Score
	expires time.Time
}

// NewEvaluator checks cfg and returns an Evaluator. Errors join one
// *FieldError per refused field (errors.Is ErrInvalidConfig).
func NewEvaluator(cfg EvaluatorConfig) (*Evaluator, error) {
	const st = "riskscore.EvaluatorConfig"
	var errs []error
	field := func(name, problem string) {
		errs = append(errs, &FieldError{Struct: st, Field: name, Problem: problem})
	}
	if cfg.Provider == nil {
		field("Provider", "is required")
	}
	if err := cfg.Policy.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("%s.Policy: %w", st, err))
	}
	for i, s := range cfg.Extra {
		if s.Provider == nil {
			field("Extra["+strconv.Itoa(i)+"].Provider", "is required")
		}
		if err := s.Policy.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("%s.Extra[%d].Policy: %w", st, i, err))
		}
	}
	if cfg.Timeout < 0 {
		field("Timeout", "must not be negative")
	}
	if cfg.CacheSize < 0 {
		field("CacheSize", "must not be negative")
	}
	if strings.TrimSpace(cfg.Namespace) != cfg.Namespace || strings.ContainsFunc(cfg.Namespace, isControl) {
		field("Namespace", "must not hold spaces around it or control characters")
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	e := &Evaluator{
		timeout:   cfg.Timeout,
		ttl:       cfg.CacheTTL,
		size:      cfg.CacheSize,
		onError:   Deny,
		namespace: cfg.Namespace,
		now:       cfg.Now,
		logger:    cfg.Logger,
		cache:     make(map[cacheKey]cacheEntry),
	}
	if cfg.AuthenticateOnError {
		e.onError = Allow
	}
	if e.timeout == 0 {
		e.timeout = DefaultTimeout
	}
	if e.ttl == 0 {
		e.ttl = DefaultCacheTTL
	}
	if e.size == 0 {
		e.size = DefaultCacheSize
	}
	if e.namespace == "" {
		e.namespace = DefaultNamespace
	}
	if e.now == nil {
		e.now = time.Now
	}
	e.signals = append(e.signals, signal{name: signalName(cfg.Name, cfg.Provider, "provider"), provider: cfg.Provider, policy: cfg.Policy})
	for i, s := range cfg.Extra {
		e.signals = append(e.signals, signal{name: signalName(s.Name, s.Provider, "signal"+strconv.Itoa(i+1)), provider: s.Provider, policy: s.Policy})
	}
	return e, nil
}

func signalName(name string, p Provider, def string) string {
	if name != "" {
		return name
	}
	if n, ok := p.(Named); ok && n.Name() != "" {
		return n.Name()
	}
	return def
}

// Result is the outcome of one evaluation.
type Result struct {
	// Verdict is the combined decision (Outcome, Reason, Message(), ...)
	// and every signal's decision.
	Verdict
	// Claims for the token; set on every path.
	Claims Claims
	// Err is the provider failure(s), if any; the verdict then already
	// follows AuthenticateOnError (a failed signal decides Deny, or Allow
	// when authenticating on error, with ReasonProviderError). Its text
	// is for logs, not for users or tokens.
	Err error
}

// Evaluate decides a login by s. It looks up every signal (from the cache
// when fresh), decides each under its policy, combines them with extra
// per-login decisions (e.g. Auth0Policy.Decide of the login's risk
// assessment) to the strictest outcome, and builds the claims. It never
// returns without a decision: failures are in Result.Err and decided per
// AuthenticateOnError.
func (e *Evaluator) Evaluate(ctx context.Context, s Subject, extra ...Decision) Result {
	ds := make([]Decision, len(e.signals), len(e.signals)+len(extra))
	var errs []error
	if len(e.signals) == 1 {
		var err error
		ds[0], err = e.decide(ctx, 0, s)
		if err != nil {
			errs = append(errs, err)
		}
	} else {
		errs = e.decideAll(ctx, s, ds)
	}
	ds = append(ds, extra...)
	var err error
	switch len(errs) {
	case 0:
	case 1:
		err = errs[0]
	default:
		err = errors.Join(errs...)
	}
	v := Combine(ds...)
	return Result{Verdict: v, Claims: claimsFor(e.namespace, v, err), Err: err}
}

// decideAll looks every signal up concurrently into ds.
func (e *Evaluator) decideAll(ctx context.Context, s Subject, ds []Decision) []error {
	perr := make([]error, len(e.signals))
	var wg sync.WaitGroup
	for i := range e.signals {
		wg.Go(func() { ds[i], perr[i] = e.decide(ctx, i, s) })
	}
	wg.Wait()
	var errs []error
	for _, err := range perr {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// decide looks signal i up and decides it.
func (e *Evaluator) decide(ctx context.Context, i int, s Subject) (Decision, error) {
	sig := &e.signals[i]
	sc, err := e.score(ctx, i, s)
	if err != nil {
		if e.logger != nil {
			e.logger.LogAttrs(ctx, slog.LevelWarn, "risk provider failed",
				slog.String("source", sig.name), slog.String("code", ErrorCode(err)), slog.String("error", err.Error()))
		}
		return Decision{
			Outcome:       e.onError,
			Reason:        ReasonProviderError,
			Score:         nan(),
			AllowableRisk: sig.policy.AllowableRisk,
			MaxRisk:       sig.policy.MaxRisk,
			Source:        sig.name,
			template:      MessageUnavailable,
		}, err
	}
	d := Decide(sc.Value, sig.policy)
	d.Source = sig.name
	return d, nil
}

// score returns signal i's score for s: cached, or looked up once for all
// concurrent callers.
func (e *Evaluator) score(ctx context.Context, i int, s Subject) (Score, error) {
	if sc, ok := e.cached(i, s); ok {
		return sc, nil
	}
	if err := ctx.Err(); err != nil {
		return Score{}, err
	}
	ch := e.group.DoChan(flightKey(i, s), func() (v any, err error) {
		// A flight that just ended may have filled the cache after this
		// caller missed it: look again before asking the provider.
		if sc, ok := e.cached(i, s); ok {
			return sc, nil
		}
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), e.timeout)
		defer cancel()
		defer func() {
			if p := recover(); p != nil {
				v, err = nil, fmt.Errorf("%w: %s", ErrProviderPanic, truncate(fmt.Sprint(p), 200))
			}
		}()
		sc, err := e.signals[i].provider.Score(fctx, s)
		if err != nil {
			return nil, err
		}
		e.store(i, s, sc)
		return sc, nil
	})
	// The caller's wait is bounded by the timeout too, so that a provider
	// that ignores its context cannot hold a login forever.
	wctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	select {
	case <-wctx.Done():
		return Score{}, wctx.Err()
	case r := <-ch:
		if r.Err != nil {
			return Score{}, r.Err
		}
		return r.Val.(Score), nil
	}
}

func flightKey(i int, s Subject) string {
	var b strings.Builder
	b.Grow(16 + len(s.UserID) + len(s.Username) + len(s.Email))
	b.WriteString(strconv.Itoa(i))
	for _, f := range [...]string{s.UserID, s.Username, s.Email} {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
	}
	return b.String()
}

func (e *Evaluator) cached(i int, s Subject) (Score, bool) {
	if e.ttl < 0 {
		return Score{}, false
	}
	e.mu.RLock()
	ent, ok := e.cache[cacheKey{i, s}]
	e.mu.RUnlock()
	if !ok || !e.now().Before(ent.expires) {
		return Score{}, false
	}
	return ent.score, true
}

func (e *Evaluator) store(i int, s Subject, sc Score) {
	if e.ttl < 0 {
		return
	}
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.cache) >= e.size {
		for k, ent := range e.cache {
			if !now.Before(ent.expires) {
				delete(e.cache, k)
			}
		}
		// Still full: drop arbitrary entries down to 7/8 so that the
		// sweep is not repeated on every store.
		for k := range e.cache {
			if len(e.cache) < e.size-e.size/8 {
				break
			}
			delete(e.cache, k)
		}
	}
	e.cache[cacheKey{i, s}] = cacheEntry{score: sc, expires: now.Add(e.ttl)}
}

// Forget drops the cached scores of s, e.g. after its risk changed.
func (e *Evaluator) Forget(s Subject) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range e.signals {
		delete(e.cache, cacheKey{i, s})
	}
}

// Namespace returns the claim namespace in use.
func (e *Evaluator) Namespace() string { return e.namespace }
