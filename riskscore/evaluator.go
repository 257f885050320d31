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

	"github.com/authlens/authlens/riskscore/internal/ratelog"
)

// Evaluator defaults.
const (
	DefaultTimeout    = 3 * time.Second
	DefaultCacheTTL   = time.Minute
	DefaultFailureTTL = 5 * time.Second
	DefaultCacheSize  = 10000
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

	// Timeout bounds each provider lookup (default DefaultTimeout),
	// including the wait for another replica's lookup of the same key.
	// The lookup runs detached from the caller's cancellation so that
	// coalesced callers do not fail each other; each caller still stops
	// waiting when its own context ends.
	Timeout time.Duration
	// CacheTTL is how long a score is reused (default DefaultCacheTTL;
	// negative: scores are not cached).
	CacheTTL time.Duration
	// FailureTTL is how long a failed lookup is remembered (default
	// DefaultFailureTTL; negative: failures are not cached): within it
	// the logins of that subject are decided on the failure (its error
	// matches ErrRecentFailure and keeps its code) without asking the
	// provider, so an outage costs one lookup per subject per FailureTTL.
	// Breaker refusals are never cached.
	FailureTTL time.Duration
	// CacheSize bounds the local in-memory cache, a least-recently-used
	// cache (default DefaultCacheSize).
	CacheSize int
	// Cache, when set, is a cache shared by replicas (e.g.
	// riskscore/redisstore): scores and failures are read from and
	// written to it, and if it implements Coalescer, replicas make one
	// lookup per key between them. The local cache is written too and
	// takes over, with local coalescing, whenever Cache fails: a login is
	// never blocked by a cache.
	Cache Cache
	// Breaker configures the circuit breaker around each provider (the
	// zero value: the default breaker; Breaker.Disabled: none).
	Breaker BreakerConfig
	// AuthenticateOnError lets a login through (Allow) when a provider
	// fails. Default false: a failure denies.
	AuthenticateOnError bool
	// Namespace names the claim (default DefaultNamespace).
	Namespace string
	// Now is the clock for cache expiry (default time.Now). The circuit
	// breaker runs on time.Now (fake time under testing/synctest).
	Now func() time.Time
	// Logger receives warnings about provider failures, breaker changes
	// and shared cache failures, rate-limited per cause: the first at
	// once, then one line per LogWindow saying how many more there were.
	// Lines carry error texts, which providers keep free of secrets, and
	// never a subject's identifiers. Nil: no logging.
	Logger *slog.Logger
	// LogWindow is the period of those summaries (default one minute).
	LogWindow time.Duration
	// Hooks are called as the Evaluator works, e.g. for metrics
	// (riskscore/riskprom).
	Hooks Hooks
}

// LookupKeyer is implemented by providers that look a subject up by less
// than the whole Subject (riskscore/seczetta: the profile type, the
// attribute and the one value searched for). The Evaluator caches and
// coalesces by that key, so the same person under several user ids is
// one lookup, and replicas sharing a cache agree on it. The key must
// identify the lookup completely (the tenant, what is searched, the
// value) and hold no secret. "" means the subject has no lookup key: the
// Evaluator then keys on the whole Subject.
type LookupKeyer interface {
	LookupKey(s Subject) string
}

// Evaluator decides logins: provider lookups under a per-call timeout and
// a circuit breaker, cached (scores for a TTL, failures briefly) and
// coalesced per lookup key, on one replica or across replicas through a
// shared Cache, combined to the strictest outcome, with the claims for
// the token. It is safe for concurrent use.
type Evaluator struct {
	signals   []signal
	timeout   time.Duration
	ttl       time.Duration
	failTTL   time.Duration
	onError   Outcome
	namespace string
	local     *ttlLRU[localKey]
	shared    Cache
	co        Coalescer
	hooks     Hooks
	logs      *ratelog.Limiter
	group     singleflight.Group
}

type signal struct {
	name     string
	provider Provider
	keyer    LookupKeyer
	policy   Policy
	breaker  *breaker
}

// NewEvaluator checks cfg and returns an Evaluator. Errors join one
// *FieldError per refused field (errors.Is ErrInvalidConfig).
func NewEvaluator(cfg EvaluatorConfig) (*Evaluator, error) {
	const st = "riskscore.EvaluatorConfig"
	var errs []error
	field := func(name, problem, fix string) {
		errs = append(errs, &FieldError{Struct: st, Field: name, Problem: problem, Fix: fix})
	}
	policy := func(name string, p Policy) {
		if p == (Policy{}) {
			field(name, "is not set (the zero Policy would deny every login)",
				"set "+name+": riskscore.DefaultPolicy() gives MFA above 5 and deny at 7.5; or your own AllowableRisk and MaxRisk, MaxRisk the greater")
			return
		}
		errs = append(errs, nestFieldErrors(p.Validate(), st, name+".")...)
	}
	if cfg.Provider == nil {
		field("Provider", "is required", "set it to the provider of the scores, e.g. a *seczetta.Client from seczetta.New")
	}
	policy("Policy", cfg.Policy)
	for i, s := range cfg.Extra {
		if s.Provider == nil {
			field("Extra["+strconv.Itoa(i)+"].Provider", "is required", "give each extra Signal its provider, or drop the Signal")
		}
		policy("Extra["+strconv.Itoa(i)+"].Policy", s.Policy)
	}
	if cfg.Timeout < 0 {
		field("Timeout", "must not be negative", "0 means DefaultTimeout ("+DefaultTimeout.String()+")")
	}
	if cfg.CacheSize < 0 {
		field("CacheSize", "must not be negative", "0 means DefaultCacheSize ("+strconv.Itoa(DefaultCacheSize)+" entries)")
	}
	if cfg.LogWindow < 0 {
		field("LogWindow", "must not be negative", "0 means one minute")
	}
	errs = append(errs, cfg.Breaker.validate(st, "Breaker.")...)
	if strings.TrimSpace(cfg.Namespace) != cfg.Namespace || strings.ContainsFunc(cfg.Namespace, isControl) {
		field("Namespace", "must not hold spaces around it or control characters",
			"give a URL-like claim namespace such as "+DefaultNamespace+", or leave it empty for that default")
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	e := &Evaluator{
		timeout:   cfg.Timeout,
		ttl:       cfg.CacheTTL,
		failTTL:   cfg.FailureTTL,
		onError:   Deny,
		namespace: cfg.Namespace,
		shared:    cfg.Cache,
		hooks:     cfg.Hooks,
		logs:      ratelog.New(cfg.Logger, cfg.LogWindow),
		local:     newTTLLRU[localKey](cfg.CacheSize, cfg.Now),
	}
	if co, ok := cfg.Cache.(Coalescer); ok {
		e.co = co
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
	if e.failTTL == 0 {
		e.failTTL = DefaultFailureTTL
	}
	if e.namespace == "" {
		e.namespace = DefaultNamespace
	}
	e.signals = append(e.signals, e.newSignal(signalName(cfg.Name, cfg.Provider, "provider"), cfg.Provider, cfg.Policy, cfg.Breaker))
	for i, s := range cfg.Extra {
		e.signals = append(e.signals, e.newSignal(signalName(s.Name, s.Provider, "signal"+strconv.Itoa(i+1)), s.Provider, s.Policy, cfg.Breaker))
	}
	if e.hooks.Breaker != nil {
		for i := range e.signals {
			e.hooks.Breaker(BreakerEvent{Signal: e.signals[i].name, From: BreakerClosed, To: BreakerClosed})
		}
	}
	return e, nil
}

func (e *Evaluator) newSignal(name string, p Provider, pol Policy, bc BreakerConfig) signal {
	sig := signal{name: name, provider: p, policy: pol}
	sig.keyer, _ = p.(LookupKeyer)
	sig.breaker = newBreaker(name, bc, func(from, to BreakerState) {
		if e.hooks.Breaker != nil {
			e.hooks.Breaker(BreakerEvent{Signal: name, From: from, To: to})
		}
		level := slog.LevelWarn
		if to == BreakerClosed {
			level = slog.LevelInfo
		}
		e.logs.Log(context.Background(), level, "breaker:"+name+":"+to.String(), "risk provider circuit breaker "+to.String(),
			slog.String("source", name), slog.String("from", from.String()), slog.String("to", to.String()))
	})
	return sig
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
	r := Result{Verdict: v, Claims: claimsFor(e.namespace, v, err), Err: err}
	if e.hooks.Decision != nil {
		e.hooks.Decision(ctx, r)
	}
	return r
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
		code := ErrorCode(err)
		reason := ReasonProviderError
		if code == CodeBreakerOpen {
			reason = ReasonBreakerOpen
		}
		e.logs.Log(ctx, slog.LevelWarn, "provider:"+sig.name+":"+code, "risk provider failed",
			slog.String("source", sig.name), slog.String("code", code), slog.String("error", err.Error()))
		return Decision{
			Outcome:       e.onError,
			Reason:        reason,
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

// localKey is signal i's key for s in the local cache: the provider's
// lookup key when it gives one, else the whole subject. It costs no
// allocation; its string form (the shared cache's and the flight's key) is
// built on a miss, or when a shared cache is read.
type localKey struct {
	signal  int
	lookup  string
	subject Subject
}

func (e *Evaluator) key(i int, s Subject) localKey {
	if sig := &e.signals[i]; sig.keyer != nil {
		if k := sig.keyer.LookupKey(s); k != "" {
			return localKey{signal: i, lookup: k}
		}
	}
	return localKey{signal: i, subject: s}
}

// String is the key as the shared cache and coalescing know it: the
// signal's name, then the lookup key or every subject field with its
// length.
func (e *Evaluator) keyString(k localKey) string {
	name := e.signals[k.signal].name
	if k.lookup != "" {
		return name + "|k|" + k.lookup
	}
	s := k.subject
	var b strings.Builder
	b.Grow(len(name) + 16 + len(s.UserID) + len(s.Username) + len(s.Email))
	b.WriteString(name)
	b.WriteString("|s")
	for _, f := range [...]string{s.UserID, s.Username, s.Email} {
		b.WriteByte('|')
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
	}
	return b.String()
}

func (ent CacheEntry) result() (Score, error) {
	if ent.Failure != "" {
		return Score{}, &recentFailure{code: ent.Failure}
	}
	return ent.Score, nil
}

// score returns signal i's score for s: cached, or looked up once for all
// concurrent callers (on this replica, and across replicas when the
// shared cache coalesces).
func (e *Evaluator) score(ctx context.Context, i int, s Subject) (Score, error) {
	key := e.key(i, s)
	var skey string // the key's string form, built when needed
	if e.shared != nil {
		skey = e.keyString(key)
	}
	if ent, ok := e.cached(ctx, i, key, skey, true); ok {
		return ent.result()
	}
	if err := ctx.Err(); err != nil {
		return Score{}, err
	}
	if skey == "" {
		skey = e.keyString(key)
	}
	ch := e.group.DoChan(skey, func() (any, error) {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), e.timeout)
		defer cancel()
		return e.fill(fctx, i, key, skey, s)
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

// cached reads key: from the shared cache when there is one and it
// answers, else from the local one.
func (e *Evaluator) cached(ctx context.Context, i int, key localKey, skey string, report bool) (CacheEntry, bool) {
	if e.shared != nil {
		ent, ok, err := e.shared.Get(ctx, skey)
		if err == nil {
			if report {
				e.cacheEvent(i, true, ok, ent)
			}
			return ent, ok
		}
		if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return CacheEntry{}, false // the caller gave up: nothing to say about the cache
		}
		e.sharedError(ctx, "get", err)
		if report && e.hooks.Cache != nil {
			e.hooks.Cache(CacheEvent{Signal: e.signals[i].name, Shared: true, Result: CacheError})
		}
	}
	ent, ok := e.local.get(key)
	if report {
		e.cacheEvent(i, false, ok, ent)
	}
	return ent, ok
}

func (e *Evaluator) cacheEvent(i int, shared, ok bool, ent CacheEntry) {
	if e.hooks.Cache == nil {
		return
	}
	ev := CacheEvent{Signal: e.signals[i].name, Shared: shared, Result: CacheMiss}
	if ok {
		ev.Result, ev.Failure = CacheHit, ent.Failure != ""
	}
	e.hooks.Cache(ev)
}

func (e *Evaluator) sharedError(ctx context.Context, op string, err error) {
	if e.hooks.SharedCacheError != nil {
		e.hooks.SharedCacheError(op, err)
	}
	e.logs.Log(ctx, slog.LevelWarn, "cache:"+op, "shared risk cache failed; using the local cache",
		slog.String("op", op), slog.String("error", err.Error()))
}

// maxLeaseRounds bounds how often a flight waits for another replica's
// lease before it looks up on its own.
const maxLeaseRounds = 8

// fill is the one flight for key on this replica: it reads the cache
// again, takes the shared lease or waits for the replica that holds it,
// and looks up.
func (e *Evaluator) fill(ctx context.Context, i int, key localKey, skey string, s Subject) (Score, error) {
	// A flight that just ended may have filled the cache after this
	// caller missed it: look again before going further.
	if ent, ok := e.cached(ctx, i, key, skey, false); ok {
		return ent.result()
	}
	if e.signals[i].breaker.state() == BreakerOpen {
		return Score{}, ErrBreakerOpen
	}
	if e.co != nil && (e.ttl > 0 || e.failTTL > 0) {
	rounds:
		for range maxLeaseRounds {
			release, ok, err := e.co.Acquire(ctx, skey, e.timeout)
			switch {
			case err != nil:
				if ctx.Err() != nil {
					return Score{}, ctx.Err()
				}
				e.sharedError(ctx, "acquire", err)
				break rounds
			case ok:
				defer release()
				// The previous holder may have cached the entry and
				// released between this flight's read and its lease.
				if ent, ok := e.cached(ctx, i, key, skey, false); ok {
					return ent.result()
				}
				break rounds
			}
			ent, ok, err := e.co.Await(ctx, skey)
			switch {
			case err != nil:
				if ctx.Err() != nil {
					return Score{}, ctx.Err()
				}
				e.sharedError(ctx, "await", err)
				break rounds
			case ok:
				return ent.result()
			}
		}
	}
	return e.lookup(ctx, i, key, skey, s)
}

// lookup asks signal i's provider, through its breaker, and caches the
// answer: a score for CacheTTL, a failure for FailureTTL.
func (e *Evaluator) lookup(ctx context.Context, i int, key localKey, skey string, s Subject) (sc Score, err error) {
	sig := &e.signals[i]
	done, err := sig.breaker.allow()
	if err != nil {
		return Score{}, err
	}
	start := time.Now()
	sc, err = callProvider(ctx, sig.provider, s)
	done(err)
	if e.hooks.Lookup != nil {
		e.hooks.Lookup(LookupEvent{Signal: sig.name, Took: time.Since(start), Err: err, Code: ErrorCode(err)})
	}
	switch {
	case err == nil:
		e.store(ctx, key, skey, CacheEntry{Score: sc}, e.ttl)
	case !errors.Is(err, context.Canceled):
		e.store(ctx, key, skey, CacheEntry{Failure: ErrorCode(err)}, e.failTTL)
	}
	return sc, err
}

func callProvider(ctx context.Context, p Provider, s Subject) (sc Score, err error) {
	defer func() {
		if r := recover(); r != nil {
			sc, err = Score{}, fmt.Errorf("%w: %s", ErrProviderPanic, truncate(fmt.Sprint(r), 200))
		}
	}()
	return p.Score(ctx, s)
}

// store writes ent to the local cache and to the shared one.
func (e *Evaluator) store(ctx context.Context, key localKey, skey string, ent CacheEntry, ttl time.Duration) {
	if ttl <= 0 {
		return
	}
	e.local.set(key, ent, ttl)
	if e.shared != nil {
		if err := e.shared.Set(context.WithoutCancel(ctx), skey, ent, ttl); err != nil {
			e.sharedError(ctx, "set", err)
		}
	}
}

// Forget drops the cached scores and failures of s, locally and in the
// shared cache, e.g. after its risk changed. Other replicas' local caches
// are only read while the shared cache is unreachable.
func (e *Evaluator) Forget(s Subject) {
	ctx, cancel := context.WithTimeout(context.Background(), e.timeout)
	defer cancel()
	for i := range e.signals {
		key := e.key(i, s)
		e.local.lru.Remove(key)
		if e.shared != nil {
			if err := e.shared.Delete(ctx, e.keyString(key)); err != nil {
				e.sharedError(ctx, "delete", err)
			}
		}
	}
}

// Breakers returns each signal's circuit breaker state by signal name
// (BreakerClosed when the breaker is disabled).
func (e *Evaluator) Breakers() map[string]BreakerState {
	m := make(map[string]BreakerState, len(e.signals))
	for i := range e.signals {
		m[e.signals[i].name] = e.signals[i].breaker.state()
	}
	return m
}

// Namespace returns the claim namespace in use.
func (e *Evaluator) Namespace() string { return e.namespace }
