package biometric

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ReplayStore remembers token ids (jti) so that each token is accepted once.
// A store shared by several instances (Redis SET NX with a TTL, a SQL table
// with a unique key, ...) implements it for a cluster.
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
	// and false when it was: a replay. An error means the store could not
	// decide; the token is then refused. now is the verifier's clock, read
	// once per verification.
	Claim(ctx context.Context, id string, now, until time.Time) (bool, error)
}

// DefaultMaxReplayEntries bounds a [MemoryReplayStore] created with zero.
const DefaultMaxReplayEntries = 1 << 20

var errStoreFull = errors.New("biometric: replay store full")

// MemoryReplayStore is an in-process [ReplayStore]. Records are dropped once
// their until instant has passed. It is safe for concurrent use; its zero
// value is ready to use (with DefaultMaxReplayEntries).
type MemoryReplayStore struct {
	mu   sync.Mutex
	seen map[string]int64 // id -> until, Unix nanoseconds
	exp  expiryHeap
	max  int
}

// NewMemoryReplayStore returns a store holding at most maxEntries live
// records (0 means DefaultMaxReplayEntries). When full, Claim fails closed.
func NewMemoryReplayStore(maxEntries int) *MemoryReplayStore {
	if maxEntries <= 0 {
		maxEntries = DefaultMaxReplayEntries
	}
	return &MemoryReplayStore{max: maxEntries}
}

// Claim implements [ReplayStore].
func (s *MemoryReplayStore) Claim(ctx context.Context, id string, now, until time.Time) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = make(map[string]int64)
	}
	n := now.UnixNano()
	for len(s.exp) > 0 && s.exp[0].until <= n {
		e := s.exp.pop()
		if u, ok := s.seen[e.id]; ok && u == e.until {
			delete(s.seen, e.id)
		}
	}
	if _, ok := s.seen[id]; ok {
		return false, nil
	}
	limit := s.max
	if limit <= 0 {
		limit = DefaultMaxReplayEntries
	}
	if len(s.seen) >= limit {
		return false, errStoreFull
	}
	u := until.UnixNano()
	s.seen[id] = u
	s.exp.push(expiry{id: id, until: u})
	return true, nil
}

// Len reports how many records are held (lapsed ones included until the
// next Claim prunes them).
func (s *MemoryReplayStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seen)
}

type expiry struct {
	id    string
	until int64 // Unix nanoseconds
}

// expiryHeap is a min-heap on until (no interface boxing, unlike
// container/heap).
type expiryHeap []expiry

func (h *expiryHeap) push(e expiry) {
	*h = append(*h, e)
	a := *h
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if a[i].until >= a[p].until {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

func (h *expiryHeap) pop() expiry {
	a := *h
	top := a[0]
	n := len(a) - 1
	a[0] = a[n]
	a[n] = expiry{}
	a = a[:n]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && a[l].until < a[m].until {
			m = l
		}
		if r < n && a[r].until < a[m].until {
			m = r
		}
		if m == i {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return top
}
