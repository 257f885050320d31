package httpx

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Rate is what the server last said about its rate limit.
type Rate struct {
	// Limit is the bucket size (X-RateLimit-Limit).
	Limit int `json:"limit"`
	// Remaining is the number of requests left in the bucket
	// (X-RateLimit-Remaining).
	Remaining int `json:"remaining"`
	// Reset is when the bucket is full again (X-RateLimit-Reset).
	Reset time.Time `json:"reset"`
	// Refill is the refill rate in requests per second that the client has
	// learned from successive responses; 0 while still unknown.
	Refill float64 `json:"refill"`
	// Observed is when these figures were read.
	Observed time.Time `json:"observed"`
}

// ParseRate reads the X-RateLimit-Limit, -Remaining and -Reset headers. ok is
// false when any of them is missing or malformed.
func ParseRate(h http.Header) (r Rate, ok bool) {
	lim, err1 := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Limit")))
	rem, err2 := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Remaining")))
	rst, err3 := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || lim <= 0 || rem < 0 {
		return Rate{}, false
	}
	if rem > lim {
		rem = lim
	}
	return Rate{Limit: lim, Remaining: rem, Reset: time.Unix(rst, 0)}, true
}

// Pacer paces requests so that the server's token bucket, as described by
// the X-RateLimit-* headers of every response, is not overdrawn. It mirrors
// the server's bucket: the remaining count of the latest response, plus what
// has refilled since at the refill rate, minus the requests still in flight.
// A request waits until that estimate holds a whole token.
//
// The refill rate is never taken on trust from X-RateLimit-Reset, which
// has one-second granularity and is rounded up by some servers and down by
// others. It comes from three sources:
//   - a first guess from Reset that holds whichever way Reset is rounded
//     (it never exceeds the true rate);
//   - proven lower bounds: over windows of one to fifteen seconds, the
//     requests the server accepted plus the change in Remaining, divided
//     by the time, cannot exceed what the bucket refilled, whether or not
//     it was full in between;
//   - probing, for buckets too small for Remaining to say anything (a
//     bucket of one token always answers 0): when a request the pacer held
//     back finds the bucket full, the pacer was too slow and speeds up by
//     a few percent; a 429 to a paced request slows it down and caps the
//     rate below the one that failed for the next few hundred requests.
//
// One Pacer is shared by all goroutines of one API client; it is safe for
// concurrent use. Until the first answer it lets one request through at a
// time; when that answer does not carry the headers, it lets requests
// through unpaced.
type Pacer struct {
	now func() time.Time

	mu        sync.Mutex
	answered  bool // an answer (or a failure) has come back
	known     bool
	knownSeq  uint64 // first ticket handed out once the bucket was known
	limit     float64
	remaining float64
	anchor    time.Time
	reset     time.Time
	refill    float64 // tokens per second the pacer spends; 0 = unknown
	inflight  int
	sent      uint64 // tickets handed out by Wait
	anchorSeq uint64 // ticket of the request whose answer is the anchor

	// learning
	ring    [ringSize]ticketRec // tickets by seq % ringSize
	marks   []mark              // observations kept as window starts
	lastLB  time.Time           // when lower bounds were last computed
	lo      float64             // best lower bound of the last window span
	good    float64             // the last rate a paced request found a token at
	hi      float64             // a paced request got a 429 at this rate ...
	ceiling float64             // ... so the pacer stays at or under this one ...
	hiLeft  int                 // ... for this many more accepted requests
	slowSeq uint64              // the last ticket handed out before the last slow-down
	notice  *waitNotice         // long waits are told (nil: not)
}

// setNotice makes the pacer report its long waits.
func (p *Pacer) setNotice(n *waitNotice) {
	p.mu.Lock()
	p.notice = n
	p.mu.Unlock()
}

// bucketDelayLocked is how long until the bucket itself holds a token,
// whatever is in flight: a long one means the client as a whole waits,
// not just a request in the queue.
func (p *Pacer) bucketDelayLocked(now time.Time) time.Duration {
	if !p.known {
		return 0
	}
	avail := p.availableLocked(now) + float64(p.inflight)
	if avail >= 1 {
		return 0
	}
	if p.refill > 0 {
		return time.Duration((1 - avail) / (safety * p.refill) * float64(time.Second))
	}
	return max(p.reset.Add(time.Second).Sub(now), 0)
}

// ticketRec is what the pacer remembers of one ticket.
type ticketRec struct {
	seq      uint64
	sent     time.Time
	delayed  bool // Wait held it back
	accepted bool // answered, and not a 429
}

// mark is an observation that starts lower-bound windows.
type mark struct {
	seq  uint64
	sent time.Time
	rem  float64 // Remaining of its answer (after it, for an accepted one)
	acc  bool
}

const (
	// safety is the share of the refill rate the pacer spends: the
	// estimate carries rounding error, and a 429 costs far more than 3%.
	safety = 0.97
	// ringSize bounds the tickets remembered for lower bounds.
	ringSize = 2048
	// probeStep is how much faster the pacer goes when it finds it was
	// too slow; backoff how much slower after a 429.
	probeStep      = 1.03
	firstProbeStep = 1.5
	backoff        = 0.9
	// capRequests is how many accepted requests a 429 keeps the rate
	// under the one that failed.
	capRequests = 300
	// window spans of the lower bounds
	minWindow = time.Second
	maxWindow = 15 * time.Second
)

// NewPacer returns a Pacer that reads time from now (time.Now when nil).
func NewPacer(now func() time.Time) *Pacer {
	if now == nil {
		now = time.Now
	}
	return &Pacer{now: now}
}

// Rate returns the latest figures.
func (p *Pacer) Rate() Rate {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.known {
		return Rate{}
	}
	return Rate{
		Limit:     int(p.limit),
		Remaining: int(p.remaining),
		Reset:     p.reset,
		Refill:    p.refill,
		Observed:  p.anchor,
	}
}

// Wait blocks until a request may be sent or ctx ends. It returns a ticket
// to pass to Observe with the request's answer; each successful Wait must
// be followed by exactly one Observe.
func (p *Pacer) Wait(ctx context.Context) (uint64, error) {
	delayed := false
	for {
		p.mu.Lock()
		now := p.now()
		d := p.delayLocked(now)
		if d <= 0 {
			seq := p.admitLocked(now, delayed)
			p.mu.Unlock()
			return seq, nil
		}
		var long time.Duration
		if p.notice != nil {
			long = p.bucketDelayLocked(now)
		}
		n := p.notice
		p.mu.Unlock()
		if long > 0 {
			n.notify(RateLimitWait{Duration: long})
		} else {
			n.extend(d)
		}
		delayed = true
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return 0, ctx.Err()
		case <-t.C:
		}
	}
}

// admitLocked hands out the next ticket.
func (p *Pacer) admitLocked(now time.Time, delayed bool) uint64 {
	p.inflight++
	p.sent++
	seq := p.sent
	p.ring[seq%ringSize] = ticketRec{seq: seq, sent: now, delayed: delayed && p.known}
	return seq
}

func (p *Pacer) availableLocked(now time.Time) float64 {
	r := p.remaining
	if p.refill > 0 {
		r += safety * p.refill * now.Sub(p.anchor).Seconds()
	} else if !p.reset.Add(time.Second).After(now) {
		// Refill rate unknown, but the server said the bucket is full by
		// now (a second later, in case Reset was rounded down).
		r = p.limit
	}
	return math.Min(r, p.limit) - float64(p.inflight)
}

func (p *Pacer) delayLocked(now time.Time) time.Duration {
	if !p.known {
		if !p.answered && p.inflight > 0 {
			// Nothing is known of the bucket yet: one request finds out
			// (eight at once would overdraw a bucket of one).
			return 5 * time.Millisecond
		}
		return 0
	}
	avail := p.availableLocked(now)
	if avail >= 1 {
		return 0
	}
	if p.refill > 0 {
		d := time.Duration((1 - avail) / (safety * p.refill) * float64(time.Second))
		return max(d, time.Millisecond)
	}
	if full := p.reset.Add(time.Second); full.After(now) {
		return full.Sub(now)
	}
	// Bucket reported full but all of it is in flight: wait for answers.
	return 10 * time.Millisecond
}

// Observe records the outcome of the request that Wait gave ticket seq to:
// its response (nil when the request failed before one arrived). Answers
// can overtake each other; one to a request sent before the current
// anchor's is stale and may only lower the estimate.
func (p *Pacer) Observe(seq uint64, resp *http.Response) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.inflight > 0 {
		p.inflight--
	}
	p.answered = true
	rec := &p.ring[seq%ringSize]
	if rec.seq != seq {
		rec = nil // too old to remember
	}
	if resp == nil {
		return // no answer: most likely no token spent
	}
	r, ok := ParseRate(resp.Header)
	if !ok {
		if rec != nil {
			rec.accepted = resp.StatusCode != http.StatusTooManyRequests
		}
		return
	}
	now := p.now()
	limited := resp.StatusCode == http.StatusTooManyRequests
	if limited {
		r.Remaining = 0
	}
	if rec != nil {
		rec.accepted = !limited
	}
	if !p.known {
		p.knownSeq = p.sent + 1
	}
	if p.known && float64(r.Limit) != p.limit {
		// Another bucket (a plan change): start learning again.
		p.refill, p.lo, p.hi, p.hiLeft, p.marks = 0, 0, 0, 0, nil
	}
	stale := p.known && seq < p.anchorSeq
	if stale {
		if avail := p.availableLocked(now) + float64(p.inflight); float64(r.Remaining) < avail {
			p.remaining, p.anchor = float64(r.Remaining), now
		}
	} else {
		p.known = true
		p.anchorSeq = seq
		p.limit = float64(r.Limit)
		p.remaining = float64(r.Remaining)
		p.anchor = now
		p.reset = r.Reset
	}
	p.learnLocked(now, seq, rec, r, limited)
}

// learnLocked refines the refill rate from the answer to ticket seq.
func (p *Pacer) learnLocked(now time.Time, seq uint64, rec *ticketRec, r Rate, limited bool) {
	lim := float64(r.Limit)
	rem := float64(r.Remaining)
	paced := seq >= p.knownSeq && p.knownSeq > 0
	switch {
	case limited && paced && p.refill > 0 && seq > p.slowSeq:
		// The pacer let it through and the bucket was empty: too fast.
		// (429s to requests sent before the last slow-down say nothing
		// new.)
		p.slowSeq = p.sent
		p.hi = p.refill
		p.ceiling = p.refill / probeStep
		p.hiLeft = capRequests
		back := p.refill * backoff
		if p.good > 0 {
			back = math.Min(back, p.good) // the last rate that worked
		}
		p.refill = math.Max(p.lo*safety, back)
	case !limited:
		if paced {
			p.good = p.refill
		}
		if p.hiLeft > 0 {
			p.hiLeft--
		}
	}
	if p.lo == 0 && p.hi == 0 && !limited && r.Reset.After(now) {
		// A first guess that holds however Reset is rounded: the L-T
		// tokens missing refill in at most Reset-now+1 seconds, and T,
		// the tokens left, is below Remaining+1 and at most L-1 (exactly
		// L-1 when Remaining says so).
		missing := lim - rem - 1
		if rem >= lim-1 {
			missing = 1
		}
		p.refill = math.Max(p.refill, missing/(r.Reset.Sub(now).Seconds()+1))
	}
	if rec != nil {
		p.lowerBoundLocked(now, rec, rem, lim)
		if !limited && rec.delayed && rem >= lim-1 && p.refill > 0 {
			// Held back, and yet the bucket was full when the request
			// arrived (it left L-1 tokens): the pacer is slower than the
			// bucket.
			step := probeStep
			if p.hi == 0 {
				step = firstProbeStep // nothing failed yet: find the edge fast
			}
			next := p.refill * step
			if p.hiLeft > 0 && next > p.ceiling {
				next = math.Max(p.refill, p.ceiling)
			}
			p.refill = next
		}
	}
}

// lowerBoundLocked adds the observation of rec to the window marks and
// raises the refill rate to the best lower bound the windows prove.
//
// Between the answers to tickets i and j (sent at s_i < s_j, in the order
// the server saw them), the server accepted k requests (those after i, up
// to j), so the tokens went from T_i to T_j = T_i + R(s_j-s_i) - k at most
// (less when the bucket was full for a while). Remaining is the tokens
// rounded down, and after an accepted request no more than L-1 are left:
// T_j >= rem_j, T_i < min(rem_i+1, L-1) (T_i = L-1 exactly when rem_i is
// L-1). So R >= (k + rem_j - min(rem_i+1, L-1)) / (s_j - s_i).
func (p *Pacer) lowerBoundLocked(now time.Time, rec *ticketRec, rem, lim float64) {
	if rec.sent.IsZero() {
		return
	}
	m := mark{seq: rec.seq, sent: rec.sent, rem: rem, acc: rec.accepted}
	if n := len(p.marks); n == 0 || m.sent.Sub(p.marks[n-1].sent) >= 250*time.Millisecond {
		p.marks = append(p.marks, m)
	}
	// Forget marks too old, or whose tickets have left the ring.
	drop := 0
	for drop < len(p.marks) && (m.sent.Sub(p.marks[drop].sent) > maxWindow || p.sent-p.marks[drop].seq >= ringSize-1) {
		drop++
	}
	p.marks = p.marks[drop:]
	if now.Sub(p.lastLB) < 200*time.Millisecond {
		return
	}
	p.lastLB = now
	best := 0.0
	for _, st := range p.marks {
		dt := m.sent.Sub(st.sent)
		if dt < minWindow || st.seq >= m.seq {
			continue
		}
		k := 0
		for s := st.seq + 1; s <= m.seq; s++ {
			if r := p.ring[s%ringSize]; r.seq == s && r.accepted {
				k++
			}
		}
		tStart := math.Min(st.rem+1, lim-1)
		if st.acc && st.rem >= lim-1 {
			tStart = lim - 1
		}
		// Sending times stand for arrival times: allow them some jitter.
		lb := (float64(k) + rem - tStart) / (dt.Seconds() + 0.005)
		best = math.Max(best, lb)
	}
	p.lo = best
	if best > p.refill {
		p.refill = best
		if p.hiLeft > 0 && p.hi < best {
			p.hiLeft = 0 // proven faster than the rate that failed
		}
	}
}
