package redisreplay

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/internal/redisurl"
)

// Defaults.
const (
	// DefaultTimeout bounds one Claim when Config.Timeout is zero.
	DefaultTimeout = 250 * time.Millisecond
	// DefaultMargin is added to every TTL when Config.Margin is zero: the
	// records outlive their until by that much on Redis's clock.
	DefaultMargin = 2 * time.Second
	// MaxTimeout is the longest Config.Timeout accepted: a verification
	// waits on the store at most that long.
	MaxTimeout = 5 * time.Second
)

// Config configures a [Store].
type Config struct {
	// Client is the Redis client (a *redis.Client, *redis.ClusterClient,
	// *redis.Ring or failover client); required. [NewClient] makes one
	// with the settings this package recommends. The Store does not close
	// it.
	Client redis.UniversalClient
	// Prefix is put before every key (the ids the Verifier passes start
	// with "authid:<n>:<integration id>:" already), for a Redis shared
	// with other applications; at most 128 bytes.
	Prefix string
	// Timeout bounds each Claim (on top of the caller's context); zero
	// means DefaultTimeout, at most MaxTimeout.
	Timeout time.Duration
	// Margin is added to each record's TTL for the skew between the
	// verifier's clock and Redis's; zero means DefaultMargin.
	Margin time.Duration
}

// Store is a biometric.ReplayStore over Redis. It is safe for concurrent
// use.
type Store struct {
	c       redis.UniversalClient
	prefix  string
	timeout time.Duration
	margin  time.Duration
}

var _ biometric.ReplayStore = (*Store)(nil)

// New validates cfg and returns a Store. It makes no network call; each
// invalid field is a *biometric.ConfigError naming it (matching
// biometric.ErrConfig).
func New(cfg Config) (*Store, error) {
	var errs []error
	bad := func(field, reason, fix string) {
		errs = append(errs, &biometric.ConfigError{Field: "redisreplay.Config." + field, Reason: reason, Fix: fix})
	}
	if cfg.Client == nil {
		bad("Client", "is required", "make one with redisreplay.NewClient(\"redis://host:6379/0\", 0), or give your own redis.UniversalClient")
	}
	if len(cfg.Prefix) > 128 {
		bad("Prefix", "must be at most 128 bytes", "use a short name, or leave it empty")
	}
	switch {
	case cfg.Timeout < 0 || cfg.Timeout > MaxTimeout:
		bad("Timeout", fmt.Sprintf("must be between 0 and %s", MaxTimeout), "0 means DefaultTimeout ("+DefaultTimeout.String()+")")
	case cfg.Timeout == 0:
		cfg.Timeout = DefaultTimeout
	}
	switch {
	case cfg.Margin < 0 || cfg.Margin > time.Hour:
		bad("Margin", "must be between 0 and 1h", "0 means DefaultMargin ("+DefaultMargin.String()+")")
	case cfg.Margin == 0:
		cfg.Margin = DefaultMargin
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &Store{c: cfg.Client, prefix: cfg.Prefix, timeout: cfg.Timeout, margin: cfg.Margin}, nil
}

// Claim implements biometric.ReplayStore with SET key 1 NX PX ttl. It
// reports true when this call set the key, false when the key was there
// (a replay), and an error wrapping biometric.ErrReplayStore when Redis
// did not answer in time or answered an error: the token is then
// refused.
func (s *Store) Claim(ctx context.Context, id string, now, until time.Time) (bool, error) {
	left := until.Sub(now)
	if left <= 0 {
		return true, nil // nothing left to remember (the verifier refuses expired tokens first)
	}
	ttl := (left + s.margin + time.Millisecond - 1).Truncate(time.Millisecond)
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	set, err := s.c.SetNX(ctx, s.prefix+id, "1", ttl).Result()
	if err != nil {
		return false, fmt.Errorf("%w: redisreplay: SET NX: %w", biometric.ErrReplayStore, err)
	}
	return set, nil
}

// NewClient returns a go-redis client for url (redis://[user:password@]host:port/db,
// rediss:// for TLS) set up to fail fast, as a replay store on the login
// path should: timeout (zero: DefaultTimeout, at most MaxTimeout) to dial
// (once), to read and to write, and to wait for a pooled connection; no
// command retries; context deadlines honoured on the socket; no
// maintenance-notification handshake. Give the Store the same Timeout.
// The error never repeats the URL (it may hold a password).
func NewClient(url string, timeout time.Duration) (*redis.Client, error) {
	if timeout < 0 || timeout > MaxTimeout {
		return nil, &biometric.ConfigError{Field: "redisreplay: client timeout", Reason: fmt.Sprintf("must be between 0 and %s", MaxTimeout),
			Fix: "0 means DefaultTimeout (" + DefaultTimeout.String() + ")"}
	}
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, &biometric.ConfigError{Field: "redisreplay: Redis URL", Reason: redisurl.Problem(err),
			Fix: "write it as redis://[user:password@]host:port[/db], or rediss://... for TLS"}
	}
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout, opt.PoolTimeout = timeout, timeout, timeout, timeout
	opt.DialerRetries = 1
	opt.MaxRetries = -1
	opt.ContextTimeoutEnabled = true
	opt.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	return redis.NewClient(opt), nil
}
