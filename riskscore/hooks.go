package riskscore

import (
	"context"
	"strconv"
	"time"
)

// Hooks are called by an Evaluator as it works, e.g. to feed metrics
// (riskscore/riskprom implements them for Prometheus). Every field is
// optional. Hooks run on the login path, synchronously: keep them short
// and never block. They must be safe for concurrent use.
type Hooks struct {
	// Decision is called once per Evaluate, with its result (whose
	// slices it must not change).
	Decision func(ctx context.Context, r Result)
	// Lookup is called after every provider call (one upstream lookup,
	// its retries included).
	Lookup func(LookupEvent)
	// Cache is called for every cache read.
	Cache func(CacheEvent)
	// Breaker is called with each signal's state when the Evaluator is
	// made, and on every change of state. It may run under the breaker's
	// lock: it must not call back into the Evaluator.
	Breaker func(BreakerEvent)
	// SharedCacheError is called when the shared Cache failed an
	// operation ("get", "set", "delete", "acquire", "await") and the
	// Evaluator fell back to its local cache.
	SharedCacheError func(op string, err error)
}

// LookupEvent describes one provider call.
type LookupEvent struct {
	// Signal is the signal's name (its Decision's Source).
	Signal string
	// Took is how long the call took.
	Took time.Duration
	// Err is its error, nil on success; Code is ErrorCode(Err).
	Err  error
	Code string
}

// CacheEvent describes one cache read.
type CacheEvent struct {
	// Signal is the signal's name.
	Signal string
	// Shared is true for the shared Cache (EvaluatorConfig.Cache), false
	// for the local in-memory one.
	Shared bool
	// Result is hit, miss or error (the shared cache failed; the local
	// one is read next).
	Result CacheResult
	// Failure is true on a hit of a cached failure.
	Failure bool
}

// CacheResult is the result of a cache read.
type CacheResult uint8

const (
	CacheHit CacheResult = iota + 1
	CacheMiss
	CacheError
)

// String returns "hit", "miss" or "error".
func (r CacheResult) String() string {
	switch r {
	case CacheHit:
		return "hit"
	case CacheMiss:
		return "miss"
	case CacheError:
		return "error"
	}
	return "CacheResult(" + strconv.Itoa(int(r)) + ")"
}

// BreakerEvent is a signal's breaker state (on creation, or a change).
type BreakerEvent struct {
	Signal   string
	From, To BreakerState
}
