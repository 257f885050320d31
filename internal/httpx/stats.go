package httpx

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// Stats count what a Client sent and what came back.
type Stats struct {
	// Requests counts the attempts sent (retries included).
	Requests int64
	// RateLimited counts the 429 answers.
	RateLimited int64
	// NoAnswer counts the attempts that got no answer (the connection
	// failed, the host did not answer).
	NoAnswer int64
	// LastAnswer is when the server last answered (any status);
	// LastNoAnswer when an attempt last got no answer. Zero: never.
	LastAnswer, LastNoAnswer time.Time
}

// stats is the live form of Stats.
type stats struct {
	requests, rateLimited, noAnswer atomic.Int64
	mu                              sync.Mutex
	lastAnswer, lastNoAnswer        time.Time
}

func (s *stats) snapshot() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{Requests: s.requests.Load(), RateLimited: s.rateLimited.Load(), NoAnswer: s.noAnswer.Load(),
		LastAnswer: s.lastAnswer, LastNoAnswer: s.lastNoAnswer}
}

// outcome records an attempt's result: an answer (resp, or a body that
// broke off after the headers) or none.
func (s *stats) outcome(now time.Time, status int, err error) {
	answered := err == nil || errors.Is(err, ErrBadBody) || errors.Is(err, ErrBodyTooLarge)
	s.mu.Lock()
	defer s.mu.Unlock()
	if answered {
		s.lastAnswer = now
		if status == 429 {
			s.rateLimited.Add(1)
		}
		return
	}
	s.noAnswer.Add(1)
	s.lastNoAnswer = now
}

// Stats returns the counters of the requests c has sent.
func (c *Client) Stats() Stats { return c.stats.snapshot() }

// RateLimitWait describes a wait for the rate limit: before a request the
// pacer holds back while the bucket is empty, or after a 429.
type RateLimitWait struct {
	// Duration is how long the wait is expected to last.
	Duration time.Duration
	// After429 is true for the wait after a 429 (or a 503 with
	// Retry-After), false for the pacer's.
	After429 bool
}

// waitNotice calls a hook for rate-limit waits longer than a threshold,
// once per stretch of waiting: a wait that starts while a reported one
// runs, or within 10 s of its end (a slow bucket's next wait), is part of
// the same stretch.
type waitNotice struct {
	min   time.Duration
	hook  func(RateLimitWait)
	now   func() time.Time
	mu    sync.Mutex
	until time.Time
}

func (n *waitNotice) notify(w RateLimitWait) {
	if n == nil || n.hook == nil || w.Duration <= 0 {
		return
	}
	now := n.now()
	end := now.Add(w.Duration)
	n.mu.Lock()
	if now.Before(n.until.Add(max(n.min, 10*time.Second))) {
		// Part of the stretch reported: any wait, long or short, keeps
		// it going.
		if end.After(n.until) {
			n.until = end
		}
		n.mu.Unlock()
		return
	}
	if w.Duration <= n.min {
		n.mu.Unlock()
		return
	}
	n.until = end
	n.mu.Unlock()
	n.hook(w)
}

// extend keeps a reported stretch going through a wait of d that is not
// itself the bucket's (a request queued behind others).
func (n *waitNotice) extend(d time.Duration) {
	if n == nil || d <= 0 {
		return
	}
	now := n.now()
	n.mu.Lock()
	defer n.mu.Unlock()
	if now.Before(n.until.Add(max(n.min, 10*time.Second))) && now.Add(d).After(n.until) {
		n.until = now.Add(d)
	}
}
