package httpx

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestStats: attempts, 429s and attempts without an answer are counted,
// with the time of the last answer and of the last failure.
func TestStats(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		n := 0
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			n++
			switch n {
			case 1:
				return nil, errors.New("connection refused")
			case 2:
				h := http.Header{"Retry-After": {"1"}}
				return &http.Response{StatusCode: 429, Header: h, Body: http.NoBody, Request: r}, nil
			}
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		})
		c := New(Options{HTTPClient: &http.Client{Transport: rt}, MinWait: time.Millisecond, MaxWait: time.Millisecond})
		u, _ := url.Parse("https://tenant.example/api/v2/clients")
		start := time.Now()
		if _, err := c.Do(context.Background(), &Request{URL: u}); err != nil {
			t.Fatal(err)
		}
		st := c.Stats()
		if st.Requests != 3 || st.RateLimited != 1 || st.NoAnswer != 1 {
			t.Errorf("stats %+v, want 3 requests, 1 429, 1 without an answer", st)
		}
		if !st.LastNoAnswer.Equal(start) || !st.LastAnswer.After(st.LastNoAnswer) {
			t.Errorf("last answer %v, last failure %v", st.LastAnswer, st.LastNoAnswer)
		}
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestRateLimitWaitNotice: a wait for the rate limit of more than 2 s is
// told once, however many goroutines wait: after a 429 whose reset is far,
// and while the pacer's bucket refills slowly. Short waits are not.
func TestRateLimitWaitNotice(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		srv      http.RoundTripper
		paced    bool
		want     int // notices
		after429 bool
	}{
		{"429 with a reset 10 s away", resetIn(10 * time.Second), false, 1, true},
		{"a bucket of one refilled every 5 s", &bucketServer{rate: 0.2, burst: 1}, true, 1, false},
		{"a fast bucket", &bucketServer{rate: 50, burst: 10}, true, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				var mu sync.Mutex
				var got []RateLimitWait
				o := Options{HTTPClient: &http.Client{Transport: tc.srv}, MinWait: 10 * time.Millisecond,
					OnRateLimitWait: func(w RateLimitWait) { mu.Lock(); got = append(got, w); mu.Unlock() }}
				if tc.paced {
					o.Pacer = NewPacer(nil)
				}
				c := New(o)
				u, _ := url.Parse("https://tenant.example/api/v2/clients")
				var wg sync.WaitGroup
				for range 4 {
					wg.Go(func() {
						for range 2 {
							if _, err := c.Do(context.Background(), &Request{URL: u}); err != nil {
								t.Error(err)
							}
						}
					})
				}
				wg.Wait()
				if len(got) != tc.want {
					t.Fatalf("%d notices %+v, want %d", len(got), got, tc.want)
				}
				for _, w := range got {
					if w.After429 != tc.after429 || w.Duration <= 2*time.Second {
						t.Errorf("notice %+v", w)
					}
				}
			})
		})
	}
}

// resetIn answers the first request 429 with X-RateLimit-Reset d ahead,
// then 200 from that time on.
func resetIn(d time.Duration) http.RoundTripper {
	var mu sync.Mutex
	var until time.Time
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		if until.IsZero() {
			until = now.Add(d)
		}
		h := http.Header{}
		h.Set("X-RateLimit-Limit", "10")
		h.Set("X-RateLimit-Reset", strconv.FormatInt(until.Unix(), 10))
		if now.Before(until) {
			h.Set("X-RateLimit-Remaining", "0")
			return &http.Response{StatusCode: 429, Header: h, Body: http.NoBody, Request: r}, nil
		}
		h.Set("X-RateLimit-Remaining", "9")
		return &http.Response{StatusCode: 200, Header: h, Body: http.NoBody, Request: r}, nil
	})
}

// After a 429, a client whose pacer knows the refill rate leaves the wait
// to the pacer (a token, not a full bucket) when the reset is no further
// than a bucket refilled at that rate; a reset further away (a penalty)
// is waited out, and without a known rate too.
func TestBackoffAfter429(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	hdr := func(limit, rem int, reset time.Time) http.Header {
		h := http.Header{}
		h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
		h.Set("X-RateLimit-Remaining", strconv.Itoa(rem))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
		return h
	}
	for _, tc := range []struct {
		name    string
		learned bool
		reset   time.Duration
		short   bool
	}{
		{"rate known, reset 2 s", true, 2 * time.Second, true},
		{"rate known, reset 30 s", true, 30 * time.Second, false},
		{"rate unknown", false, 2 * time.Second, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := NewPacer(func() time.Time { return now })
			c := New(Options{Pacer: p, Now: func() time.Time { return now }, MinWait: 10 * time.Millisecond})
			if tc.learned {
				seq, _ := p.Wait(context.Background())
				// 5 of 10 tokens left, full again in a second: about 2/s
				p.Observe(seq, &http.Response{StatusCode: 200, Header: hdr(10, 5, now.Add(time.Second))})
			}
			req, _ := http.NewRequest("GET", "https://tenant.example/api/v2/clients", nil)
			resp := &http.Response{StatusCode: 429, Header: hdr(10, 0, now.Add(tc.reset)), Request: req}
			d := c.backoff(10*time.Millisecond, time.Second, 1, resp)
			if short := d < 100*time.Millisecond; short != tc.short {
				t.Errorf("backoff %s, want short: %v", d, tc.short)
			}
		})
	}
}
