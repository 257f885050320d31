package httpx

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
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
	Refill rate.Limit `json:"refill"`
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
// has refilled since at the learned refill rate, minus the requests still in
// flight. A request waits until that estimate holds a whole token. The refill
// rate is learned over windows of about a second from the change in
// Remaining and the number of requests the server accepted.
//
// One Pacer is shared by all goroutines of one API client; it is safe for
// concurrent use. Until the first response carries the headers it lets
// requests through unpaced.
type Pacer struct {
	now func() time.Time

	mu        sync.Mutex
	known     bool
	limit     float64
	remaining float64
	anchor    time.Time
	reset     time.Time
	refill    float64 // tokens per second; 0 = unknown
	learned   bool    // refill comes from a measured window, not a guess
	inflight  int
	sent      uint64 // tickets handed out by Wait
	anchorSeq uint64 // ticket of the request whose answer is the anchor

	win      bool
	winStart time.Time
	winR     float64
	winN     int
}

// safety is the share of the learned refill rate the pacer spends: the
// estimate carries rounding error, and a 429 costs far more than 3%.
const safety = 0.97

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
		Refill:    rate.Limit(p.refill),
		Observed:  p.anchor,
	}
}

// Wait blocks until a request may be sent or ctx ends. It returns a ticket
// to pass to Observe with the request's answer; each successful Wait must
// be followed by exactly one Observe.
func (p *Pacer) Wait(ctx context.Context) (uint64, error) {
	for {
		p.mu.Lock()
		d := p.delayLocked(p.now())
		if d <= 0 {
			p.inflight++
			p.sent++
			seq := p.sent
			p.mu.Unlock()
			return seq, nil
		}
		p.mu.Unlock()
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return 0, ctx.Err()
		case <-t.C:
		}
	}
}

func (p *Pacer) availableLocked(now time.Time) float64 {
	r := p.remaining
	if p.refill > 0 {
		r += safety * p.refill * now.Sub(p.anchor).Seconds()
	} else if !p.reset.After(now) {
		// Refill rate unknown, but the server said the bucket is full by now.
		r = p.limit
	}
	return math.Min(r, p.limit) - float64(p.inflight)
}

func (p *Pacer) delayLocked(now time.Time) time.Duration {
	if !p.known {
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
	if p.reset.After(now) {
		return p.reset.Sub(now)
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
	if resp == nil {
		return
	}
	r, ok := ParseRate(resp.Header)
	if !ok {
		return
	}
	now := p.now()
	limited := resp.StatusCode == http.StatusTooManyRequests
	if limited {
		r.Remaining = 0
	}
	if p.known && seq < p.anchorSeq {
		if avail := p.availableLocked(now) + float64(p.inflight); float64(r.Remaining) < avail {
			p.remaining, p.anchor = float64(r.Remaining), now
		}
		return
	}
	p.known = true
	p.anchorSeq = seq
	p.limit = float64(r.Limit)
	p.remaining = float64(r.Remaining)
	p.anchor = now
	p.reset = r.Reset
	if !p.learned && r.Remaining < r.Limit && r.Reset.After(now) {
		// Until a window has measured it, guess the refill from the time
		// to a full bucket (Reset is rounded up to the second: count half
		// a second more), keeping the largest guess.
		guess := float64(r.Limit-r.Remaining) / (r.Reset.Sub(now).Seconds() + 0.5)
		p.refill = max(p.refill, guess)
	}
	p.learnLocked(now, limited)
}

// learnLocked refines the refill estimate over windows of at least a second
// in which the bucket was never full (a full bucket hides the refill).
func (p *Pacer) learnLocked(now time.Time, limited bool) {
	nearFull := p.remaining >= p.limit-1
	if !p.win {
		if !nearFull {
			p.win, p.winStart, p.winR, p.winN = true, now, p.remaining, 0
		}
		return
	}
	if !limited {
		p.winN++
	}
	if nearFull {
		// The bucket filled up: whatever the rate is, it is at least what
		// this window saw; start again once it drains.
		dt := now.Sub(p.winStart).Seconds()
		if dt > 0.2 {
			if lb := (p.remaining - p.winR + float64(p.winN)) / dt; lb > p.refill {
				p.refill = lb
			}
		}
		p.win = false
		return
	}
	dt := now.Sub(p.winStart).Seconds()
	// Remaining is an integer: a window must span enough refill for that
	// rounding to matter little (8 tokens over half a second, or 5 s).
	gained := p.remaining - p.winR + float64(p.winN)
	if dt < 0.5 || (gained < 8 && dt < 5) {
		return
	}
	est := gained / dt
	if est > 0 {
		if !p.learned {
			p.refill, p.learned = est, true
		} else {
			p.refill = 0.5*p.refill + 0.5*est
		}
	}
	p.winStart, p.winR, p.winN = now, p.remaining, 0
}
