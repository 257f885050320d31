package riskscore

import (
	"context"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// CacheEntry is what a [Cache] keeps for one lookup key: a provider's
// score, or the error code of a lookup that failed (cached briefly, see
// EvaluatorConfig.FailureTTL).
type CacheEntry struct {
	// Score is the score, when Failure is "".
	Score Score
	// Failure is the [ErrorCode] of a failed lookup ("unavailable",
	// "timeout", "not_found", ...); "" for a score.
	Failure string
}

// Cache keeps lookup results by key for a TTL. Keys are the Evaluator's:
// the signal's name and what the provider searches by (see
// [LookupKeyer]), never a secret. Implementations must be safe for
// concurrent use and honour ctx.
//
// The Evaluator treats every error as "the cache is unreachable": it
// falls back to its local in-memory cache and local coalescing, and the
// login goes on (a login is never blocked by a cache).
// riskscore/redisstore is the implementation shared by replicas;
// [MemoryCache] is the in-memory one.
type Cache interface {
	// Get returns the live entry for key; ok is false when there is
	// none (never set, expired, deleted).
	Get(ctx context.Context, key string) (e CacheEntry, ok bool, err error)
	// Set stores e under key for ttl (> 0).
	Set(ctx context.Context, key string, e CacheEntry, ttl time.Duration) error
	// Delete drops key.
	Delete(ctx context.Context, key string) error
}

// Coalescer is implemented by caches shared between replicas
// (riskscore/redisstore) so that N replicas make one lookup per key: the
// Evaluator takes a short lease on a key before looking it up, and a
// replica that finds the lease taken waits for the value instead.
type Coalescer interface {
	// Acquire tries to take the lease on key for at most ttl. ok reports
	// whether this caller holds it; release gives it back (safe to call
	// once the lease expired or was taken over: it releases only this
	// caller's own lease).
	Acquire(ctx context.Context, key string, ttl time.Duration) (release func(), ok bool, err error)
	// Await waits until key holds an entry (returned with ok true), or
	// no lease on it is held any more (ok false: the holder gave up or
	// died; the caller may try Acquire again), or ctx ends (its error).
	// Every wait watches ctx.
	Await(ctx context.Context, key string) (e CacheEntry, ok bool, err error)
}

// MemoryCache is the in-memory [Cache]: a least-recently-used cache of a
// fixed number of entries (hashicorp/golang-lru/v2), each with its own
// expiry. A working set that fits its size is never evicted; beyond it
// the least recently used entries go first. Expired entries read as
// absent and are overwritten or evicted like any other. It is safe for
// concurrent use and never returns an error.
type MemoryCache struct {
	c *ttlLRU[string]
}

var _ Cache = (*MemoryCache)(nil)

// NewMemoryCache returns an LRU cache of at most size entries (size <= 0:
// DefaultCacheSize) on the clock now (nil: time.Now).
func NewMemoryCache(size int, now func() time.Time) *MemoryCache {
	return &MemoryCache{c: newTTLLRU[string](size, now)}
}

// Get returns key's entry if it has not expired, and marks it as
// recently used.
func (c *MemoryCache) Get(_ context.Context, key string) (CacheEntry, bool, error) {
	e, ok := c.c.get(key)
	return e, ok, nil
}

// Set stores e under key for ttl, evicting the least recently used entry
// when full. A ttl <= 0 stores nothing.
func (c *MemoryCache) Set(_ context.Context, key string, e CacheEntry, ttl time.Duration) error {
	c.c.set(key, e, ttl)
	return nil
}

// Delete drops key.
func (c *MemoryCache) Delete(_ context.Context, key string) error {
	c.c.lru.Remove(key)
	return nil
}

// Len returns the number of entries held, expired ones included.
func (c *MemoryCache) Len() int { return c.c.lru.Len() }

// ttlLRU is an LRU with an expiry per entry, on any comparable key (the
// Evaluator keys its local cache with a struct, to build no string on a
// hit).
type ttlLRU[K comparable] struct {
	lru *lru.Cache[K, memEntry]
	now func() time.Time
}

type memEntry struct {
	e       CacheEntry
	expires time.Time
}

func newTTLLRU[K comparable](size int, now func() time.Time) *ttlLRU[K] {
	if size <= 0 {
		size = DefaultCacheSize
	}
	if now == nil {
		now = time.Now
	}
	c, _ := lru.New[K, memEntry](size) // size > 0: cannot fail
	return &ttlLRU[K]{lru: c, now: now}
}

func (c *ttlLRU[K]) get(key K) (CacheEntry, bool) {
	m, ok := c.lru.Get(key)
	if !ok || !c.now().Before(m.expires) {
		return CacheEntry{}, false
	}
	return m.e, true
}

func (c *ttlLRU[K]) set(key K, e CacheEntry, ttl time.Duration) {
	if ttl <= 0 {
		return
	}
	c.lru.Add(key, memEntry{e: e, expires: c.now().Add(ttl)})
}
