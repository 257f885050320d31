package redisstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/authlens/authlens/internal/redisurl"
	"github.com/authlens/authlens/riskscore"
)

// Defaults.
const (
	DefaultPrefix  = "authlens:risk:"
	DefaultTimeout = 200 * time.Millisecond
	DefaultBackoff = time.Second
	DefaultPollMin = 5 * time.Millisecond
	DefaultPollMax = 50 * time.Millisecond
	// DefaultPoolSize is the connection pool of a client made from a URL:
	// enough for a burst of logins to wait little for a connection.
	DefaultPoolSize = 64
)

// ErrUnavailable matches every error of a Store that could not reach
// Redis (refused, reset, timed out, or backing off after such a failure).
var ErrUnavailable = errors.New("redisstore: Redis unavailable")

// Options configure a Store. Exactly one of URL and Client is required.
//
// Options never show the password of URL: String, GoString, Format (every
// fmt verb) and LogValue print it as "[REDACTED]".
type Options struct {
	// URL is the Redis to use: redis://[[user]:password@]host:port/db,
	// rediss:// for TLS, or unix:///path/to/socket. The Store makes its
	// client with short timeouts (Timeout) and no retries: a dead Redis
	// costs a login Timeout once per Backoff, not seconds.
	URL string
	// Client is an existing client to use instead of URL (its timeouts and
	// retries are its own; keep them short). Close does not close it.
	Client redis.UniversalClient
	// Prefix starts every key (default DefaultPrefix). Replicas that share
	// a cache use the same prefix; printable ASCII, at most 128 bytes.
	Prefix string
	// Timeout bounds dialling, each read and write, and the wait for a
	// pooled connection of a client made from URL (default
	// DefaultTimeout).
	Timeout time.Duration
	// PoolSize is the connection pool size of a client made from URL
	// (default DefaultPoolSize, at least 10 per CPU).
	PoolSize int
	// Backoff is how long, after Redis could not be reached, every call
	// fails at once with ErrUnavailable (the Evaluator then uses its local
	// cache) before one call tries Redis again (default DefaultBackoff).
	Backoff time.Duration
	// PollMin and PollMax bound the interval at which Await looks for the
	// value another replica is fetching (defaults DefaultPollMin,
	// DefaultPollMax; it doubles from PollMin up to PollMax).
	PollMin, PollMax time.Duration
	// Logger receives one line when Redis becomes unreachable and one
	// when it is back. Nil: no logging.
	Logger *slog.Logger
}

// Store is a riskscore.Cache and riskscore.Coalescer on Redis, shared by
// the replicas of a service. It is safe for concurrent use.
type Store struct {
	client   redis.UniversalClient
	own      bool
	prefix   string
	backoff  time.Duration
	pollMin  time.Duration
	pollMax  time.Duration
	logger   *slog.Logger
	release  *redis.Script
	down     atomic.Int64 // unix nanos until which calls fail at once; 0: up
	probing  atomic.Bool
	wasDown  atomic.Bool
	timeout  time.Duration
	redacted string // the URL without its password, for logs
	password string // to scrub from error texts
}

var (
	_ riskscore.Cache     = (*Store)(nil)
	_ riskscore.Coalescer = (*Store)(nil)
)

// releaseScript deletes a lease only if it is still the caller's.
const releaseScript = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`

// New checks o and returns a Store. It makes no network call: a Redis
// that is down at start-up is found out, and fallen back from, on first
// use. Errors join one *riskscore.FieldError per refused field (never
// showing the URL or its password).
func New(o Options) (*Store, error) {
	const st = "redisstore.Options"
	var errs []error
	bad := func(field, problem, fix string) {
		errs = append(errs, &riskscore.FieldError{Struct: st, Field: field, Problem: problem, Fix: fix})
	}
	var ropts *redis.Options
	switch {
	case o.URL == "" && o.Client == nil:
		bad("URL", "is required (or Client)", "set URL to the Redis the replicas share, e.g. redis://redis.internal:6379/0, or Client to a client of your own")
	case o.URL != "" && o.Client != nil:
		bad("Client", "must not be set together with URL", "set one: URL (the Store makes its client) or Client (yours)")
	case o.URL != "":
		var err error
		ropts, err = redis.ParseURL(o.URL)
		if err != nil {
			bad("URL", redisurl.Problem(err), "write it as redis://[user:password@]host:6379/0, rediss://... for TLS, or unix:///path/to/socket")
		}
	}
	if len(o.Prefix) > 128 || strings.ContainsFunc(o.Prefix, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
		bad("Prefix", "must be printable ASCII without spaces, at most 128 bytes", "use a short name such as \"riskscore:\", or leave it empty for DefaultPrefix")
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"Timeout", o.Timeout}, {"Backoff", o.Backoff}, {"PollMin", o.PollMin}, {"PollMax", o.PollMax}} {
		if d.v < 0 {
			bad(d.name, "must not be negative", "0 means the default")
		}
	}
	if o.PoolSize < 0 || o.PoolSize > 10000 {
		bad("PoolSize", "must be between 0 and 10000", "0 means DefaultPoolSize (at least 10 per CPU)")
	}
	if o.PollMin > 0 && o.PollMax > 0 && o.PollMin > o.PollMax {
		bad("PollMax", "must not be below PollMin", "raise PollMax or lower PollMin, or leave both 0 for the defaults")
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	s := &Store{
		prefix:   cmp(o.Prefix, DefaultPrefix),
		backoff:  cmpDur(o.Backoff, DefaultBackoff),
		pollMin:  cmpDur(o.PollMin, DefaultPollMin),
		pollMax:  cmpDur(o.PollMax, DefaultPollMax),
		timeout:  cmpDur(o.Timeout, DefaultTimeout),
		logger:   o.Logger,
		release:  redis.NewScript(releaseScript),
		redacted: redactURL(o.URL),
	}
	if ropts != nil {
		s.password = ropts.Password
	}
	s.pollMax = max(s.pollMax, s.pollMin)
	if o.Client != nil {
		s.client = o.Client
		return s, nil
	}
	ropts.PoolSize = o.PoolSize
	if ropts.PoolSize == 0 {
		ropts.PoolSize = max(DefaultPoolSize, 10*runtime.GOMAXPROCS(0))
	}
	ropts.DialTimeout = s.timeout
	ropts.ReadTimeout = s.timeout
	ropts.WriteTimeout = s.timeout
	ropts.PoolTimeout = s.timeout
	ropts.ContextTimeoutEnabled = true
	ropts.MaxRetries = -1
	ropts.DialerRetries = 1
	ropts.DialerRetryTimeout = time.Millisecond
	ropts.DisableIdentity = true
	ropts.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	s.client, s.own = redis.NewClient(ropts), true
	return s, nil
}

func cmp(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func cmpDur(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// Close closes the client the Store made from URL (not a Client given in
// Options).
func (s *Store) Close() error {
	if s.own {
		return s.client.Close()
	}
	return nil
}

// Ping checks that Redis answers (e.g. for a readiness probe).
func (s *Store) Ping(ctx context.Context) error {
	return s.run(ctx, func(ctx context.Context) error { return s.client.Ping(ctx).Err() })
}

// keys returns the value and lease keys of a cache key. The key is
// hashed (it holds the value searched for, e.g. an email); both share a
// hash tag, so that they live in one slot of a Redis Cluster.
func (s *Store) keys(key string) (value, lease string) {
	sum := sha256.Sum256([]byte(key))
	h := hex.EncodeToString(sum[:16])
	base := s.prefix + "{" + h + "}"
	return base + ":v", base + ":l"
}

// wire is an entry as stored.
type wire struct {
	Value   *float64          `json:"v,omitempty"`
	Source  string            `json:"s,omitempty"`
	Detail  map[string]string `json:"d,omitempty"`
	Failure string            `json:"f,omitempty"`
}

func encode(e riskscore.CacheEntry) ([]byte, error) {
	w := wire{Failure: e.Failure}
	if e.Failure == "" {
		v := e.Score.Value
		w.Value, w.Source, w.Detail = &v, e.Score.Source, e.Score.Detail
	}
	return json.Marshal(w)
}

// decode reads a stored entry; anything else reads as absent.
func decode(b []byte) (riskscore.CacheEntry, bool) {
	var w wire
	if err := json.Unmarshal(b, &w); err != nil {
		return riskscore.CacheEntry{}, false
	}
	switch {
	case w.Failure != "":
		return riskscore.CacheEntry{Failure: w.Failure}, true
	case w.Value != nil:
		return riskscore.CacheEntry{Score: riskscore.Score{Value: *w.Value, Source: w.Source, Detail: w.Detail}}, true
	}
	return riskscore.CacheEntry{}, false
}

// Get returns key's entry.
func (s *Store) Get(ctx context.Context, key string) (riskscore.CacheEntry, bool, error) {
	vk, _ := s.keys(key)
	var b []byte
	err := s.run(ctx, func(ctx context.Context) error {
		var err error
		b, err = s.client.Get(ctx, vk).Bytes()
		if errors.Is(err, redis.Nil) {
			b, err = nil, nil
		}
		return err
	})
	if err != nil || b == nil {
		return riskscore.CacheEntry{}, false, err
	}
	e, ok := decode(b)
	return e, ok, nil
}

// Set stores e under key for ttl (rounded up to a millisecond).
func (s *Store) Set(ctx context.Context, key string, e riskscore.CacheEntry, ttl time.Duration) error {
	if ttl <= 0 {
		return nil
	}
	b, err := encode(e)
	if err != nil {
		return fmt.Errorf("redisstore: encoding an entry: %w", err)
	}
	vk, _ := s.keys(key)
	return s.run(ctx, func(ctx context.Context) error {
		return s.client.Set(ctx, vk, b, max(ttl, time.Millisecond)).Err()
	})
}

// Delete drops key's entry.
func (s *Store) Delete(ctx context.Context, key string) error {
	vk, _ := s.keys(key)
	return s.run(ctx, func(ctx context.Context) error { return s.client.Del(ctx, vk).Err() })
}

// Acquire takes key's lease for ttl with SET NX PX and a random token;
// release deletes it only while it still holds that token.
func (s *Store) Acquire(ctx context.Context, key string, ttl time.Duration) (func(), bool, error) {
	_, lk := s.keys(key)
	token := newToken()
	var got bool
	err := s.run(ctx, func(ctx context.Context) error {
		err := s.client.Do(ctx, "SET", lk, token, "PX", max(ttl.Milliseconds(), 1), "NX").Err()
		switch {
		case err == nil:
			got = true
		case errors.Is(err, redis.Nil):
			err = nil
		}
		return err
	})
	if err != nil || !got {
		return nil, false, err
	}
	release := func() {
		rctx, cancel := context.WithTimeout(context.Background(), s.timeout)
		defer cancel()
		// A failure leaves the lease to expire on its own.
		_ = s.run(rctx, func(ctx context.Context) error {
			return s.release.Run(ctx, s.client, []string{lk}, token).Err()
		})
	}
	return release, true, nil
}

// Await polls for key's entry (GET of the value and PTTL of the lease in
// one round trip), from PollMin doubling up to PollMax and never beyond
// the lease's expiry, until the entry is there (ok), the lease is gone
// (not ok), or ctx ends.
func (s *Store) Await(ctx context.Context, key string) (riskscore.CacheEntry, bool, error) {
	vk, lk := s.keys(key)
	interval := s.pollMin
	var t *time.Timer
	defer func() {
		if t != nil {
			t.Stop()
		}
	}()
	for {
		var (
			b    []byte
			pttl time.Duration
		)
		err := s.run(ctx, func(ctx context.Context) error {
			pipe := s.client.Pipeline()
			get := pipe.Get(ctx, vk)
			ttl := pipe.PTTL(ctx, lk)
			if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
				return err
			}
			var err error
			if b, err = get.Bytes(); errors.Is(err, redis.Nil) {
				b = nil
			} else if err != nil {
				return err
			}
			pttl = ttl.Val()
			return ttl.Err()
		})
		if err != nil {
			return riskscore.CacheEntry{}, false, err
		}
		if b != nil {
			if e, ok := decode(b); ok {
				return e, true, nil
			}
		}
		// PTTL: -2 no such key, -1 no expiry (not ours: do not wait on it).
		if pttl < 0 {
			return riskscore.CacheEntry{}, false, nil
		}
		wait := min(interval, pttl+time.Millisecond)
		if t == nil {
			t = time.NewTimer(wait)
		} else {
			t.Reset(wait)
		}
		select {
		case <-ctx.Done():
			return riskscore.CacheEntry{}, false, ctx.Err()
		case <-t.C:
		}
		interval = min(2*interval, s.pollMax)
	}
}

func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// run runs op unless Redis is known to be down (then ErrUnavailable at
// once; after Backoff one caller probes), and keeps track of whether
// Redis answers.
func (s *Store) run(ctx context.Context, op func(context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	probe := false
	if until := s.down.Load(); until != 0 {
		if time.Now().UnixNano() < until || !s.probing.CompareAndSwap(false, true) {
			return fmt.Errorf("%w (backing off after a failure)", ErrUnavailable)
		}
		probe = true
		defer s.probing.Store(false)
	}
	err := op(ctx)
	switch {
	case err == nil || isReply(err):
		if s.down.Load() != 0 || probe {
			s.down.Store(0)
		}
		if s.wasDown.CompareAndSwap(true, false) && s.logger != nil {
			s.logger.LogAttrs(ctx, slog.LevelInfo, "redis reachable again; sharing the risk cache", slog.String("redis", s.redacted))
		}
		return err
	case ctx.Err() != nil:
		// The caller gave up; that says nothing about Redis.
		return ctx.Err()
	case pastDeadline(ctx):
		// The connection's deadline is the context's: it may fire a
		// moment before the context says so.
		return context.DeadlineExceeded
	case errors.Is(err, redis.ErrPoolTimeout):
		// Every connection is busy: this replica is congested, Redis may
		// well be fine. This call falls back; the next ones try again.
		return fmt.Errorf("%w: %s", ErrUnavailable, scrub(err.Error(), s.password))
	}
	s.down.Store(time.Now().Add(s.backoff).UnixNano())
	if !s.wasDown.Swap(true) && s.logger != nil {
		s.logger.LogAttrs(ctx, slog.LevelWarn, "redis unreachable; using the local risk cache",
			slog.String("redis", s.redacted), slog.String("error", scrub(err.Error(), s.password)), slog.Duration("retry_in", s.backoff))
	}
	return fmt.Errorf("%w: %s", ErrUnavailable, scrub(err.Error(), s.password))
}

func pastDeadline(ctx context.Context) bool {
	dl, ok := ctx.Deadline()
	return ok && !time.Now().Before(dl)
}

// isReply reports whether err is an answer from Redis (an error reply),
// not a failure to reach it.
func isReply(err error) bool {
	var re redis.Error
	return errors.As(err, &re) && !errors.Is(err, context.DeadlineExceeded)
}

// scrub keeps error texts short and free of the password (go-redis errors
// carry addresses, not passwords; this is belt and braces).
func scrub(s, password string) string {
	if password != "" {
		s = strings.ReplaceAll(s, password, "[REDACTED]")
	}
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// RedactURL returns the Redis URL raw with its password replaced by
// "[REDACTED]", for logs.
func RedactURL(raw string) string { return redactURL(raw) }

// redactURL returns u with its password replaced.
func redactURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "[unparseable URL]"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
		return strings.Replace(u.String(), ":xxxxx@", ":[REDACTED]@", 1)
	}
	return u.String()
}

// String describes o with the URL's password redacted.
func (o Options) String() string {
	return "redisstore.Options{URL: " + strconv.Quote(redactURL(o.URL)) + ", Prefix: " + strconv.Quote(o.Prefix) +
		", Timeout: " + o.Timeout.String() + ", Backoff: " + o.Backoff.String() + "}"
}

// GoString is String.
func (o Options) GoString() string { return o.String() }

// Format prints String for every verb.
func (o Options) Format(f fmt.State, verb rune) {
	s := o.String()
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}

// LogValue logs o without the password.
func (o Options) LogValue() slog.Value {
	return slog.GroupValue(slog.String("url", redactURL(o.URL)), slog.String("prefix", o.Prefix))
}
