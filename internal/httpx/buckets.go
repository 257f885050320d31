package httpx

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Buckets paces requests against a server whose routes draw on different
// rate buckets: a tenant-wide one, and endpoints with their own (Auth0's
// GET /organizations, its members and connections, ...). Which route uses
// which bucket is learned, not configured: every response's
// X-RateLimit-Limit names the size of the bucket it came from, and the
// routes that report the same size share one [Pacer]. Mixing a small
// endpoint bucket into the tenant's estimate would do harm both ways: its
// low Remaining would stall every route, and the tenant's high one would
// overdraw the endpoint.
//
// A route is whatever the caller names it ([Request].Route): the method
// and the path with its ids blanked out, so that all requests drawing on
// one bucket share a name. The main bucket is the one most routes report
// (the tenant's: that is what tenant-wide means; on a tie the larger).
// A route not seen yet goes through the main bucket's pacer; until the
// first response nothing is paced. Two buckets of the same size share a
// pacer, which then paces both as one (as a single Pacer would).
//
// Buckets is safe for concurrent use; one is shared by all goroutines of
// one API client.
type Buckets struct {
	now func() time.Time

	mu      sync.Mutex
	byLimit map[int]*Pacer
	routes  map[string]int // route -> X-RateLimit-Limit of its latest answer
	users   map[int]int    // X-RateLimit-Limit -> routes that report it
	first   *Pacer         // paces before any limit is known; adopts the first one seen
	notice  *waitNotice    // given to every pacer
}

// setNotice makes every pacer report its long waits.
func (b *Buckets) setNotice(n *waitNotice) {
	b.mu.Lock()
	b.notice = n
	for _, p := range b.byLimit {
		p.setNotice(n)
	}
	b.mu.Unlock()
	b.first.setNotice(n)
}

// NewBuckets returns Buckets reading time from now (time.Now when nil).
func NewBuckets(now func() time.Time) *Buckets {
	if now == nil {
		now = time.Now
	}
	return &Buckets{
		now:     now,
		byLimit: map[int]*Pacer{},
		routes:  map[string]int{},
		users:   map[int]int{},
		first:   NewPacer(now),
	}
}

// Rate returns the figures of the bucket most routes draw on.
func (b *Buckets) Rate() Rate {
	b.mu.Lock()
	p := b.mainLocked()
	b.mu.Unlock()
	return p.Rate()
}

// RouteRate returns the figures of the bucket route draws on (that of the
// main bucket while route has had no answer).
func (b *Buckets) RouteRate(route string) Rate {
	b.mu.Lock()
	p := b.pacerLocked(route)
	b.mu.Unlock()
	return p.Rate()
}

// Pacers reports how many distinct buckets have been seen.
func (b *Buckets) Pacers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return max(1, len(b.byLimit))
}

// mainLocked is the pacer most routes use (on a tie, the larger bucket's:
// endpoint buckets are the smaller ones).
func (b *Buckets) mainLocked() *Pacer {
	best, bestLimit, n := b.first, 0, 0
	for limit, users := range b.users {
		if users > n || (users == n && limit > bestLimit) {
			best, bestLimit, n = b.byLimit[limit], limit, users
		}
	}
	return best
}

func (b *Buckets) pacerLocked(route string) *Pacer {
	if limit, ok := b.routes[route]; ok {
		return b.byLimit[limit]
	}
	return b.mainLocked()
}

// ticket is what wait hands out: the pacer that admitted the request and
// its sequence number there.
type ticket struct {
	p   *Pacer
	seq uint64
}

// pacing is what pacedTransport needs: a Pacer (one bucket) or Buckets.
type pacing interface {
	wait(ctx context.Context, route string) (ticket, error)
	observe(route string, t ticket, resp *http.Response)
}

func (p *Pacer) wait(ctx context.Context, _ string) (ticket, error) {
	seq, err := p.Wait(ctx)
	return ticket{p: p, seq: seq}, err
}

func (p *Pacer) observe(_ string, t ticket, resp *http.Response) { p.Observe(t.seq, resp) }

// observeUnticketed learns from the answer to a request this pacer did not
// admit, as the newest answer.
func (p *Pacer) observeUnticketed(resp *http.Response) {
	p.mu.Lock()
	p.inflight++
	p.sent++
	seq := p.sent
	p.mu.Unlock()
	p.Observe(seq, resp)
}

func (b *Buckets) wait(ctx context.Context, route string) (ticket, error) {
	b.mu.Lock()
	p := b.pacerLocked(route)
	b.mu.Unlock()
	seq, err := p.Wait(ctx)
	return ticket{p: p, seq: seq}, err
}

// observe hands the answer to the pacer of the bucket it reports, and
// moves route there when that is not the one that admitted it.
func (b *Buckets) observe(route string, t ticket, resp *http.Response) {
	var r Rate
	ok := false
	if resp != nil {
		r, ok = ParseRate(resp.Header)
	}
	if !ok {
		t.p.Observe(t.seq, resp)
		return
	}
	b.mu.Lock()
	target := b.byLimit[r.Limit]
	if target == nil {
		target = b.first
		if len(b.byLimit) > 0 {
			target = NewPacer(b.now)
			target.setNotice(b.notice)
		}
		b.byLimit[r.Limit] = target
	}
	if old, seen := b.routes[route]; !seen || old != r.Limit {
		if seen {
			if b.users[old]--; b.users[old] == 0 {
				delete(b.users, old)
			}
		}
		b.routes[route] = r.Limit
		b.users[r.Limit]++
	}
	b.mu.Unlock()
	if target == t.p {
		t.p.Observe(t.seq, resp)
		return
	}
	// Admitted by another bucket's pacer: release it there without
	// teaching it anything, and let the right one learn from the answer.
	t.p.Observe(t.seq, nil)
	target.observeUnticketed(resp)
}
