package auth0mgmt

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/authlens/authlens/internal/httpx"
)

// RequestStats count the requests a Client has sent and what came back,
// for summaries ("1,263 requests, 2 answered 429") and for telling a host
// that stopped answering from a slow one.
type RequestStats struct {
	// Requests counts the attempts sent to the API and to export
	// downloads, retries included; TokenRequests those to /oauth/token.
	Requests, TokenRequests int64
	// RateLimited counts the 429 answers.
	RateLimited int64
	// NoAnswer counts the attempts (token requests included) that got no
	// answer: the connection failed or the host did not answer.
	NoAnswer int64
	// LastAnswer is when the tenant last answered anything, LastNoAnswer
	// when an attempt last got no answer (zero: never).
	LastAnswer, LastNoAnswer time.Time
}

// RequestStats returns the client's counters since New.
func (c *Client) RequestStats() RequestStats {
	h := c.hx.Stats()
	s := RequestStats{Requests: h.Requests, RateLimited: h.RateLimited, NoAnswer: h.NoAnswer,
		LastAnswer: h.LastAnswer, LastNoAnswer: h.LastNoAnswer, TokenRequests: c.tokStats.requests.Load()}
	c.tokStats.mu.Lock()
	defer c.tokStats.mu.Unlock()
	s.NoAnswer += c.tokStats.noAnswer
	if c.tokStats.lastAnswer.After(s.LastAnswer) {
		s.LastAnswer = c.tokStats.lastAnswer
	}
	if c.tokStats.lastNoAnswer.After(s.LastNoAnswer) {
		s.LastNoAnswer = c.tokStats.lastNoAnswer
	}
	return s
}

// RateLimitWait describes a wait for the tenant's rate limit: Duration is
// how long it is expected to last; After429 is true for the wait after a
// 429, false for the pacer holding requests back while the bucket is
// empty.
type RateLimitWait = httpx.RateLimitWait

// WithRateLimitWaitHook calls f when a wait for the rate limit longer than
// min (default 2 s) begins: after a 429 whose reset is far, or while the
// bucket refills slowly. It is called once per stretch of waiting (waits
// that follow one another within seconds are one stretch), from the
// goroutine that waits; it must return quickly.
func WithRateLimitWaitHook(min time.Duration, f func(RateLimitWait)) Option {
	return func(o *options) { o.waitHook, o.waitMin = f, min }
}

// tokenStats count the token endpoint's requests.
type tokenStats struct {
	requests                 atomic.Int64
	mu                       sync.Mutex
	noAnswer                 int64
	lastAnswer, lastNoAnswer time.Time
}

// countTokens wraps the token endpoint's client so that Stats counts its
// requests.
func (c *Client) countTokens(hc *http.Client) *http.Client {
	out := *hc
	base := out.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	out.Transport = tokenCounter{base: base, s: &c.tokStats, userAgent: c.opts.userAgent}
	return &out
}

// tokenCounter counts the token requests and gives them the client's
// User-Agent (x/oauth2 sets none).
type tokenCounter struct {
	base      http.RoundTripper
	s         *tokenStats
	userAgent string
}

func (t tokenCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	t.s.requests.Add(1)
	if t.userAgent != "" && r.Header.Get("User-Agent") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("User-Agent", t.userAgent)
	}
	resp, err := t.base.RoundTrip(r)
	now := time.Now()
	t.s.mu.Lock()
	if err != nil && r.Context().Err() == nil {
		t.s.noAnswer++
		t.s.lastNoAnswer = now
	} else if err == nil {
		t.s.lastAnswer = now
	}
	t.s.mu.Unlock()
	return resp, err
}
