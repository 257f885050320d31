package biometric

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// ReplayStore remembers token ids (jti) so that each token is accepted once.
// A store shared by several instances (Redis SET NX with a TTL, a SQL table
// with a unique key, ...) implements it for a cluster; biometric/redisreplay
// is one over Redis.
//
// The Verifier asks for a record until exp + 2 x leeway + 1 minute: it
// accepts a token until exp + leeway by its own clock, another instance
// whose clock lags by up to the leeway until exp + 2 x leeway, and the
// minute covers more skew and the store's own clock. A shared store must
// therefore keep every key at least until until: it may keep it longer,
// never drop it earlier (a store that expires keys by its own clock, as
// Redis does, should set the TTL to until - now plus a margin for its own
// skew, and round up). Claim must be atomic across instances (SET NX, an
// INSERT on a unique key), or two instances can both accept one token.
//
// Keys are namespaced per integration: every id this package passes
// starts with "authid:<length>:<integration id>:" and then names the token
// kind ("session" or "result"), so integrations sharing one store cannot
// collide. A store shared with other applications should add its own
// prefix too.
type ReplayStore interface {
	// Claim records id as used until the instant until. It reports true
	// when id was not already recorded (or its record has lapsed at now),
	// and false when it was: a replay. An error (which should wrap
	// [ErrReplayStore]) means the store could not decide; the token is
	// then refused. now is the verifier's clock, read once per
	// verification.
	Claim(ctx context.Context, id string, now, until time.Time) (bool, error)
}

// Memory replay store limits and defaults.
const (
	// DefaultMaxReplayBytes bounds a [MemoryReplayStore] whose MaxBytes
	// is zero (and the zero MemoryReplayStore): 64 MiB.
	DefaultMaxReplayBytes = 64 << 20
	// ReplayEntryOverhead is what a [MemoryReplayStore] counts for each
	// record on top of the id's bytes: the map slot (string header and
	// the until instant), the map's spare capacity and the allocator's
	// rounding of the id. It errs high: BenchmarkMemoryReplayPrune
	// measured 114 bytes of heap per record at 1M records with 55-byte
	// ids, of which 151 were counted.
	ReplayEntryOverhead = 96
	// MinReplayBytes is the smallest MaxBytes a MemoryReplayStore takes
	// (other than 0, the default): about 400 tokens. MaxBytes counts
	// bytes, not tokens; a smaller store would refuse step-ups as soon as
	// a handful of tokens are in flight.
	MinReplayBytes = 64 << 10
	// DefaultReplayLogInterval separates two "replay store full" log
	// lines when MemoryReplayConfig.LogInterval is zero.
	DefaultReplayLogInterval = time.Minute
	// replayBucket is the width of an expiry bucket: a record lives in
	// the bucket of its until instant, rounded up to a multiple of it,
	// and is dropped with the whole bucket.
	replayBucket = time.Minute
	// maxReplayBuckets bounds the number of buckets (and so the maps a
	// lookup reads): a record further ahead joins the last bucket, whose
	// end moves out to cover it.
	maxReplayBuckets = 48
)

// ErrReplayStoreFull (matches [ErrReplayStore]): a [MemoryReplayStore]
// has no room for another record within its MaxBytes; the token is
// refused (fail closed) until records lapse.
var ErrReplayStoreFull = fmt.Errorf("%w: memory replay store full", ErrReplayStore)

// MemoryReplayConfig configures a [MemoryReplayStore].
type MemoryReplayConfig struct {
	// MaxBytes bounds the store: the sum over the records held of
	// len(id) + [ReplayEntryOverhead], about 160 bytes per token accepted
	// within a token lifetime. Zero means [DefaultMaxReplayBytes];
	// negative values and values below [MinReplayBytes] are refused.
	MaxBytes int
	// Logger receives the "replay store full" line (WARN), at most one
	// per LogInterval, with the number of claims refused since the last
	// one; nil means slog.Default(). Ids are never logged.
	Logger *slog.Logger
	// LogInterval is the least time (by the verifier's clock) between two
	// "replay store full" lines; zero means [DefaultReplayLogInterval],
	// negative values are refused.
	LogInterval time.Duration
}

// MemoryReplayStore is an in-process [ReplayStore], bounded in bytes. It
// is safe for concurrent use; its zero value is ready to use (with
// DefaultMaxReplayBytes and slog.Default()).
//
// # Expiry
//
// Records are kept in expiry buckets one minute wide: a record whose
// until instant falls in (t-1m, t] lives in the bucket that ends at t,
// and the whole bucket is dropped, in constant time, by the first Claim
// at or after t. So no Claim prunes record by record (at 1M records a
// Claim waits no longer on pruning than at ten), a record is kept at most
// a minute past its until (a store may keep a record longer, never
// shorter; a lookup treats a record past its until as lapsed), and the
// memory of a burst goes back to the garbage collector with its buckets,
// which are separate maps, instead of staying in one map that never
// shrinks. A lookup reads every live bucket: until - now spans at most
// MaxTokenLifetime + 3 x leeway + 1 minute, 17 buckets with Auth0's
// 900 s session tokens and the default leeway, 5 for one-minute result
// tokens.
//
// # Sizing
//
// A record costs len(id) + ReplayEntryOverhead (96) bytes. The ids this
// package passes are "authid:<n>:<integration id>:<kind>:jti:<jti>" (about
// 30 bytes plus the integration id and the jti; a 26-character jti, as
// SignSession makes, gives about 60), or ":sig:" and 43 bytes of SHA-256
// for tokens without jti (about 80): count 160 bytes a record. A record
// lives until exp + 2 x leeway + 1 minute, up to one minute more: with
// Auth0's 900 s session tokens and the default 60 s leeway, at most 19
// minutes after the token was signed (18 + 1); with one-minute result
// tokens, 5 minutes. So
//
//	records held  ≈ logins per second x record lifetime in seconds
//	bytes needed  ≈ records held x 160
//
// The default 64 MiB holds about 420,000 records: 368 logins per second
// sustained on the Verified side with 900 s session tokens (19 min), or
// 1,400 a second on the Auth0 side with one-minute results (5 min). A
// bound of N MiB holds N x 6,550 records. When a claim would pass the
// bound the store refuses it with [ErrReplayStoreFull] (fail closed: a
// replayed step-up is worse than a failed one) and logs one WARN line,
// then at most one per LogInterval with the count of refusals, until
// lapsed buckets make room.
type MemoryReplayStore struct {
	mu      sync.Mutex
	buckets []replayBucketMap // by end, ascending
	bytes   int               // sum over the records held of len(id) + ReplayEntryOverhead
	records int

	max         int
	log         *slog.Logger
	logInterval time.Duration

	// Full-store logging: refusals since the last line, and when that was.
	refused int
	lastLog int64 // Unix nanoseconds; 0 before the first line
	wasFull bool
	stats   replayStats
}

type replayBucketMap struct {
	end   int64            // Unix nanoseconds: every until in the bucket is <= end
	m     map[string]int64 // id -> until, Unix nanoseconds
	bytes int
}

// replayStats counts the work of pruning (tests assert its bound).
type replayStats struct {
	claims         int
	bucketsDropped int
	maxDropped     int // most buckets one Claim dropped
}

// NewMemoryReplayStore returns a store configured by cfg. A negative
// MaxBytes or LogInterval, or a MaxBytes below MinReplayBytes, is refused
// with a *[ConfigError] naming it.
func NewMemoryReplayStore(cfg MemoryReplayConfig) (*MemoryReplayStore, error) {
	switch {
	case cfg.MaxBytes < 0:
		return nil, &ConfigError{Field: "MemoryReplayConfig.MaxBytes", Reason: "must be at least 0 (0: DefaultMaxReplayBytes)"}
	case cfg.MaxBytes > 0 && cfg.MaxBytes < MinReplayBytes:
		return nil, &ConfigError{Field: "MemoryReplayConfig.MaxBytes",
			Reason: fmt.Sprintf("is %d bytes: room for about %d tokens", cfg.MaxBytes, cfg.MaxBytes/(ReplayEntryOverhead+64)),
			Fix: fmt.Sprintf("MaxBytes counts bytes (about 160 per token accepted within a token lifetime), not tokens: "+
				"give at least MinReplayBytes (%d), or 0 for DefaultMaxReplayBytes (%d MiB)", MinReplayBytes, DefaultMaxReplayBytes>>20)}
	case cfg.LogInterval < 0:
		return nil, &ConfigError{Field: "MemoryReplayConfig.LogInterval", Reason: "must be at least 0 (0: DefaultReplayLogInterval)",
			Fix: "leave it 0 for one line a minute at most"}
	}
	return &MemoryReplayStore{max: cfg.MaxBytes, log: cfg.Logger, logInterval: cfg.LogInterval}, nil
}

// Claim implements [ReplayStore]. It fails closed with an error matching
// [ErrReplayStoreFull] (and [ErrReplayStore]) when the record would pass
// MaxBytes, and returns ctx's error when ctx is done.
func (s *MemoryReplayStore) Claim(ctx context.Context, id string, now, until time.Time) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("%w: %w", ErrReplayStore, err)
	}
	n, u := now.UnixNano(), until.UnixNano()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.claims++
	s.dropExpired(n)
	for i := range s.buckets {
		b := &s.buckets[i]
		if x, ok := b.m[id]; ok {
			if x > n {
				return false, nil // a replay
			}
			// Lapsed but not yet dropped with its bucket.
			delete(b.m, id)
			b.bytes -= cost(id)
			s.bytes -= cost(id)
			s.records--
			break
		}
	}
	if u <= n {
		return true, nil // nothing left to remember
	}
	c := cost(id)
	if s.bytes+c > s.limit() {
		s.full(n)
		return false, ErrReplayStoreFull
	}
	s.noteRoom()
	b := s.bucketFor(u)
	b.m[id] = u
	b.bytes += c
	s.bytes += c
	s.records++
	return true, nil
}

func cost(id string) int { return len(id) + ReplayEntryOverhead }

func (s *MemoryReplayStore) limit() int {
	if s.max == 0 {
		return DefaultMaxReplayBytes
	}
	return s.max
}

// dropExpired drops the buckets that ended at or before now: constant
// work per bucket (at most maxReplayBuckets), none per record. The maps
// go to the garbage collector.
func (s *MemoryReplayStore) dropExpired(now int64) {
	k := 0
	for k < len(s.buckets) && s.buckets[k].end <= now {
		s.bytes -= s.buckets[k].bytes
		s.records -= len(s.buckets[k].m)
		k++
	}
	if k == 0 {
		return
	}
	rest := copy(s.buckets, s.buckets[k:])
	clear(s.buckets[rest:]) // no reference to a dropped map stays behind
	s.buckets = s.buckets[:rest]
	s.stats.bucketsDropped += k
	s.stats.maxDropped = max(s.stats.maxDropped, k)
}

// bucketFor returns the bucket for a record kept until u (after
// dropExpired, so every bucket ends in the future).
func (s *MemoryReplayStore) bucketFor(u int64) *replayBucketMap {
	w := int64(replayBucket)
	end := (u + w - 1) / w * w
	// Most records go to the last buckets: search from the back.
	i := len(s.buckets)
	for i > 0 && s.buckets[i-1].end >= end {
		if s.buckets[i-1].end == end {
			return &s.buckets[i-1]
		}
		i--
	}
	if len(s.buckets) >= maxReplayBuckets {
		// No new bucket: the last one covers the record, its end moving
		// out when needed (records may be kept longer, never shorter).
		last := &s.buckets[len(s.buckets)-1]
		if i == len(s.buckets) {
			last.end = end
			return last
		}
		return &s.buckets[i] // the first bucket ending after u
	}
	s.buckets = append(s.buckets, replayBucketMap{})
	copy(s.buckets[i+1:], s.buckets[i:])
	s.buckets[i] = replayBucketMap{end: end, m: make(map[string]int64)}
	return &s.buckets[i]
}

// full counts a refusal and logs when due: the first refusal of a full
// spell, then at most one line per LogInterval with the count.
func (s *MemoryReplayStore) full(now int64) {
	s.refused++
	interval := s.logInterval
	if interval == 0 {
		interval = DefaultReplayLogInterval
	}
	if s.wasFull && now-s.lastLog < int64(interval) {
		return
	}
	s.wasFull = true
	s.lastLog = now
	s.logger().LogAttrs(context.Background(), slog.LevelWarn,
		"biometric: memory replay store full; refusing tokens until records lapse (raise MaxBytes or use a shared store)",
		slog.Int("refused", s.refused), slog.Int("records", s.records),
		slog.Int("bytes", s.bytes), slog.Int("max_bytes", s.limit()))
	s.refused = 0
}

// noteRoom ends a full spell with one line counting the refusals not yet
// logged.
func (s *MemoryReplayStore) noteRoom() {
	if !s.wasFull {
		return
	}
	s.wasFull = false
	s.logger().LogAttrs(context.Background(), slog.LevelInfo,
		"biometric: memory replay store has room again",
		slog.Int("refused_since_last_line", s.refused), slog.Int("records", s.records))
	s.refused = 0
}

func (s *MemoryReplayStore) logger() *slog.Logger {
	if s.log != nil {
		return s.log
	}
	return slog.Default()
}

// Len reports how many records are held (lapsed ones included until their
// bucket is dropped by a Claim).
func (s *MemoryReplayStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.records
}

// Bytes reports the bytes counted against MaxBytes: len(id) +
// [ReplayEntryOverhead] for each record held.
func (s *MemoryReplayStore) Bytes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytes
}

// MaxBytes reports the bound.
func (s *MemoryReplayStore) MaxBytes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limit()
}
