package httpx

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// bucketServer is a token bucket like Auth0's, answering through a
// RoundTripper so that it runs on synctest's virtual clock.
type bucketServer struct {
	mu       sync.Mutex
	rate     float64
	burst    float64
	tokens   float64
	last     time.Time
	ok, r429 int
	latency  time.Duration
	// truncate writes X-RateLimit-Reset rounded down to the second
	// instead of up (servers differ; the header does not say which).
	truncate bool
}

func (s *bucketServer) RoundTrip(req *http.Request) (*http.Response, error) {
	if s.latency > 0 {
		time.Sleep(s.latency)
	}
	s.mu.Lock()
	now := time.Now()
	if s.last.IsZero() {
		s.last, s.tokens = now, s.burst
	}
	s.tokens = math.Min(s.burst, s.tokens+s.rate*now.Sub(s.last).Seconds())
	s.last = now
	status := http.StatusOK
	if s.tokens >= 1 {
		s.tokens--
		s.ok++
	} else {
		status = http.StatusTooManyRequests
		s.r429++
	}
	full := now.Add(time.Duration((s.burst - s.tokens) / s.rate * float64(time.Second)))
	reset := full.Unix()
	if full.Sub(time.Unix(reset, 0)) > 0 && !s.truncate {
		reset++
	}
	h := http.Header{}
	h.Set("X-RateLimit-Limit", strconv.Itoa(int(s.burst)))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(int(math.Floor(s.tokens))))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
	s.mu.Unlock()
	return &http.Response{StatusCode: status, Header: h, Body: http.NoBody, Request: req}, nil
}

func TestPacerKeepsUnderTheLimit(t *testing.T) {
	t.Parallel()
	cases := []struct {
		rate, burst float64
		workers     int
		latency     time.Duration
	}{
		{20, 10, 8, 5 * time.Millisecond},
		{2, 10, 8, 20 * time.Millisecond},
		{50, 50, 8, 2 * time.Millisecond},
		{15, 15, 1, 30 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("rate%v_burst%v_w%d", tc.rate, tc.burst, tc.workers), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				srv := &bucketServer{rate: tc.rate, burst: tc.burst, latency: tc.latency}
				c := New(Options{HTTPClient: &http.Client{Transport: srv}, Pacer: NewPacer(nil), MinWait: 10 * time.Millisecond})
				u, _ := url.Parse("https://tenant.example/api/v2/clients")
				budget := 20 * time.Second
				ctx, cancel := context.WithTimeout(context.Background(), budget)
				defer cancel()
				start := time.Now()
				var wg sync.WaitGroup
				for range tc.workers {
					wg.Go(func() {
						for ctx.Err() == nil {
							if _, err := c.Do(ctx, &Request{URL: u}); err != nil && ctx.Err() == nil {
								t.Errorf("Do: %v", err)
								return
							}
						}
					})
				}
				wg.Wait()
				elapsed := time.Since(start).Seconds()
				allowed := tc.burst + tc.rate*elapsed
				util := float64(srv.ok) / allowed
				per100 := 100 * float64(srv.r429) / float64(srv.ok+srv.r429)
				t.Logf("ok=%d 429=%d utilization=%.3f r429/100=%.2f", srv.ok, srv.r429, util, per100)
				if util < 0.90 {
					t.Errorf("utilization %.3f < 0.90", util)
				}
				if per100 > 1 {
					t.Errorf("%.2f 429s per 100 requests > 1", per100)
				}
			})
		})
	}
}

// TestPacerSmallBuckets: buckets of 1, 2 and 10 tokens, 8 goroutines,
// X-RateLimit-Reset rounded up and truncated: at most 1 429 per 100
// requests in steady state (after the first seconds, while the pacer
// learns the bucket).
func TestPacerSmallBuckets(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rate, burst float64
	}{
		{1, 1}, {2, 1}, {10, 1}, {2, 2}, {10, 2}, {20, 10}, {2, 10},
	} {
		for _, truncate := range []bool{false, true} {
			name := fmt.Sprintf("burst%v_rate%v_truncate%v", tc.burst, tc.rate, truncate)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				synctest.Test(t, func(t *testing.T) {
					srv := &bucketServer{rate: tc.rate, burst: tc.burst, latency: 20 * time.Millisecond, truncate: truncate}
					c := New(Options{HTTPClient: &http.Client{Transport: srv}, Pacer: NewPacer(nil), MinWait: 10 * time.Millisecond})
					u, _ := url.Parse("https://tenant.example/api/v2/clients")
					ctx, cancel := context.WithTimeout(context.Background(), 180*time.Second)
					defer cancel()
					var wg sync.WaitGroup
					var mu sync.Mutex
					warm := time.Now().Add(30 * time.Second)
					var ok0, r0 int
					for range 8 {
						wg.Go(func() {
							for ctx.Err() == nil {
								if _, err := c.Do(ctx, &Request{URL: u}); err != nil && ctx.Err() == nil {
									t.Errorf("Do: %v", err)
									return
								}
								mu.Lock()
								if ok0 == 0 && time.Now().After(warm) {
									srv.mu.Lock()
									ok0, r0 = srv.ok, srv.r429
									srv.mu.Unlock()
								}
								mu.Unlock()
							}
						})
					}
					wg.Wait()
					ok, r429 := srv.ok-ok0, srv.r429-r0
					util := float64(ok) / (tc.rate * 150)
					per100 := 100 * float64(r429) / float64(ok+r429)
					t.Logf("%s steady: ok=%d 429=%d r429/100=%.2f utilization=%.3f; overall: ok=%d 429=%d", name, ok, r429, per100, util, srv.ok, srv.r429)
					if per100 > 1 {
						t.Errorf("%.2f 429s per 100 requests > 1", per100)
					}
					if util < 0.85 {
						t.Errorf("utilization %.3f < 0.85", util)
					}
				})
			})
		}
	}
}
