package biometric

import (
	"container/heap"
	"context"
	"errors"
	"sync"
	"time"
)

// ReplayStore remembers token ids (jti) so that each token is accepted once.
// A store shared by several instances (Redis SET NX with a TTL, a SQL table
// with a unique key, ...) implements it for a cluster.
type ReplayStore interface {
	// Claim records id as used until the instant until. It reports true
	// when id was not already recorded (or its record has lapsed at now),
	// and false when it was: a replay. An error means the store could not
	// decide; the token is then refused. now is the verifier's clock.
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
	seen map[string]time.Time
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
		s.seen = make(map[string]time.Time)
	}
	for len(s.exp) > 0 && !s.exp[0].until.After(now) {
		e := heap.Pop(&s.exp).(expiry)
		if u, ok := s.seen[e.id]; ok && u.Equal(e.until) {
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
	s.seen[id] = until
	heap.Push(&s.exp, expiry{id: id, until: until})
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
	until time.Time
}

type expiryHeap []expiry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].until.Before(h[j].until) }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(expiry)) }
func (h *expiryHeap) Pop() any {
	old := *h
	n := len(old)
	x := old[n-1]
	old[n-1] = expiry{}
	*h = old[:n-1]
	return x
}
