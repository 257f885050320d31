package auth0test

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

const plain429 = "Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers."

func rateHeaders(t *testing.T, r reply) (limit, remaining int, reset int64) {
	t.Helper()
	var err1, err2, err3 error
	limit, err1 = strconv.Atoi(r.header.Get("X-RateLimit-Limit"))
	remaining, err2 = strconv.Atoi(r.header.Get("X-RateLimit-Remaining"))
	reset, err3 = strconv.ParseInt(r.header.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatalf("rate headers %v", r.header)
	}
	return
}

func TestRateLimitBucket(t *testing.T) {
	t.Parallel()
	clock := newClock()
	t0 := clock.Now().Unix()
	s := start(t, Options{Seed: 1, RateLimit: 2, Burst: 3, Now: clock.Now})
	steps := []struct {
		advance   time.Duration
		path      string
		status    int
		remaining int
		reset     int64 // relative to t0
	}{
		{0, "/api/v2/clients", 200, 2, 1},                    // 2 left, full 0.5 s later
		{0, "/api/v2/nope", 404, 1, 1},                       // errors take a token and carry the headers
		{0, "/api/v2/roles", 200, 0, 2},                      // full 1.5 s later, rounded up
		{0, "/api/v2/roles", 429, 0, 2},                      // empty
		{0, "/api/v2/roles", 429, 0, 2},                      // a 429 takes nothing
		{250 * time.Millisecond, "/api/v2/roles", 429, 0, 2}, // half a token
		{250 * time.Millisecond, "/api/v2/roles", 200, 0, 2}, // one token, spent
		{10 * time.Second, "/api/v2/roles", 200, 2, 11},      // refilled to the burst, not beyond
	}
	for i, st := range steps {
		clock.Advance(st.advance)
		r := get(t, s, st.path)
		if r.status != st.status {
			t.Fatalf("step %d: status %d, want %d", i, r.status, st.status)
		}
		limit, remaining, reset := rateHeaders(t, r)
		if limit != 3 || remaining != st.remaining || reset != t0+st.reset {
			t.Fatalf("step %d: limit %d remaining %d reset now%+d, want 3 %d now%+d", i, limit, remaining, reset-t0, st.remaining, st.reset)
		}
		if st.status == 429 {
			if string(r.body) != plain429 || r.header.Get("Content-Type") != "text/plain; charset=utf-8" {
				t.Fatalf("429 body %q (%s)", r.body, r.header.Get("Content-Type"))
			}
			if r.header.Get("Retry-After") != "" {
				t.Fatalf("429 with Retry-After")
			}
		}
	}
	// SetRateLimit fills the bucket: one request later it is full again in half a second
	clock.Advance(time.Minute)
	s.SetRateLimit(2, 3)
	_, _, reset := rateHeaders(t, get(t, s, "/api/v2/roles"))
	if want := clock.Now().Unix() + 1; reset != want {
		t.Errorf("reset %d, want %d", reset, want)
	}
	st := s.Stats()
	if st.RateLimited != 3 || st.ByStatus[429] != 3 {
		t.Errorf("stats: %d rate limited, by status %v", st.RateLimited, st.ByStatus)
	}
}

func TestRateLimitIsSharedAndConcurrencySafe(t *testing.T) {
	t.Parallel()
	clock := newClock() // frozen: no refill
	s := start(t, Options{Seed: 1, RateLimit: 1, Burst: 10, Now: clock.Now})
	paths := []string{"/api/v2/users", "/api/v2/clients", "/api/v2/logs", "/api/v2/roles"}
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, s.URL()+paths[i%len(paths)], nil)
			req.Header.Set("Authorization", "Bearer "+s.Token())
			resp, err := s.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			mu.Lock()
			codes[resp.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[200] != 10 || codes[429] != 14 {
		t.Errorf("codes %v, want 10 OK and 14 rate limited", codes)
	}
	// the token endpoint is not limited
	id, secret := s.ClientCredentials()
	r := postToken(t, s, "application/x-www-form-urlencoded", "grant_type=client_credentials&client_id="+id+"&client_secret="+secret+"&audience="+s.Audience(), [2]string{})
	if r.status != 200 {
		t.Errorf("token endpoint rate limited: %d", r.status)
	}
}

func TestRateLimitJSONBodyAndUnlimited(t *testing.T) {
	t.Parallel()
	clock := newClock()
	s := start(t, Options{Seed: 1, RateLimit: 1, Burst: 1, RateLimitJSON: true, Now: clock.Now})
	get(t, s, "/api/v2/roles")
	wantError(t, get(t, s, "/api/v2/roles"), 429, "too_many_requests", "Global limit has been reached")

	u := start(t, Options{Seed: 1, Now: clock.Now})
	for range 3 {
		limit, remaining, reset := rateHeaders(t, get(t, u, "/api/v2/roles"))
		if limit != 1000 || remaining != 999 || reset != clock.Now().Unix() {
			t.Fatalf("unlimited headers %d %d %d", limit, remaining, reset)
		}
	}
	// the default burst is the rate
	d := start(t, Options{Seed: 1, RateLimit: 5, Now: clock.Now})
	if limit, _, _ := rateHeaders(t, get(t, d, "/api/v2/roles")); limit != 5 {
		t.Errorf("default burst %d", limit)
	}
}

func TestEndpointLimits(t *testing.T) {
	t.Parallel()
	clock := newClock() // frozen: no refill
	s := start(t, Options{Seed: 1, Preset: PresetSmall, RateLimit: 1, Burst: 5, Now: clock.Now, EndpointLimits: []EndpointLimit{
		{Method: "GET", Path: "organizations", RateLimit: 1, Burst: 2},
		{Method: "GET", Path: "organizations/*/enabled_connections", RateLimit: 1, Burst: 3},
	}})
	org := s.Tenant().IDs(KindOrganizations)[0]
	steps := []struct {
		path             string
		status           int
		limit, remaining int
	}{
		{"/api/v2/organizations", 200, 2, 1},
		{"/api/v2/organizations", 200, 2, 0},
		{"/api/v2/organizations", 429, 2, 0}, // its own bucket is empty ...
		{"/api/v2/clients", 200, 5, 4},       // ... the tenant's is not
		{"/api/v2/organizations/" + org + "/enabled_connections", 200, 3, 2},
		{"/api/v2/organizations/" + org, 200, 5, 3},              // not a limited endpoint
		{"/api/v2/organizations/" + org + "/members", 200, 5, 2}, // nor this
	}
	for i, st := range steps {
		r := get(t, s, st.path)
		if r.status != st.status {
			t.Fatalf("step %d %s: status %d, want %d", i, st.path, r.status, st.status)
		}
		if limit, remaining, _ := rateHeaders(t, r); limit != st.limit || remaining != st.remaining {
			t.Fatalf("step %d %s: limit %d remaining %d, want %d %d", i, st.path, limit, remaining, st.limit, st.remaining)
		}
	}
}

// TestRateLimitResetRounding: X-RateLimit-Reset rounded up (the default)
// or truncated (ResetTruncated), with buckets of 1, 2 and 10 tokens.
func TestRateLimitResetRounding(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		burst    int
		rate     float64
		truncate bool
		// after one request, 250 ms into a second: remaining and the
		// reset relative to that second
		remaining int
		reset     int64
	}{
		{1, 1, false, 0, 2}, // full at +1.25 s: 2 rounded up
		{1, 1, true, 0, 1},  // ... 1 truncated
		{2, 2, false, 1, 1}, // full at +0.75 s
		{2, 2, true, 1, 0},  // ... truncated to the current second
		{10, 4, false, 9, 1},
		{10, 4, true, 9, 0},
	} {
		t.Run(fmt.Sprintf("burst%d_truncate%v", tc.burst, tc.truncate), func(t *testing.T) {
			t.Parallel()
			clock := newClock()
			clock.Advance(250 * time.Millisecond)
			t0 := clock.Now().Unix()
			s := start(t, Options{Seed: 1, RateLimit: tc.rate, Burst: tc.burst, ResetTruncated: tc.truncate, Now: clock.Now})
			r := get(t, s, "/api/v2/roles")
			limit, remaining, reset := rateHeaders(t, r)
			if r.status != 200 || limit != tc.burst || remaining != tc.remaining || reset-t0 != tc.reset {
				t.Fatalf("status %d limit %d remaining %d reset now%+d; want 200 %d %d now%+d",
					r.status, limit, remaining, reset-t0, tc.burst, tc.remaining, tc.reset)
			}
			if tc.burst == 1 {
				// a bucket of one: the next request at once is refused
				if r := get(t, s, "/api/v2/roles"); r.status != 429 {
					t.Fatalf("second request: %d, want 429", r.status)
				}
			}
		})
	}
}
