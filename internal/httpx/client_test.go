package httpx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// seqTransport answers with the given statuses in turn (the last repeats).
type seqTransport struct {
	statuses []int
	header   func(n int) http.Header
	body     func(n int) string
	calls    atomic.Int32
}

func (s *seqTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	n := int(s.calls.Add(1)) - 1
	st := s.statuses[min(n, len(s.statuses)-1)]
	h := http.Header{}
	if s.header != nil {
		h = s.header(n)
	}
	b := `{"ok":true}`
	if s.body != nil {
		b = s.body(n)
	}
	return &http.Response{StatusCode: st, Header: h, Body: io.NopCloser(strings.NewReader(b)), Request: req}, nil
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestRetryPolicy(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		method     string
		statuses   []int
		wantStatus int
		wantCalls  int
	}{
		{"503 burst then ok", http.MethodGet, []int{503, 503, 503, 200}, 200, 4},
		{"500 persists", http.MethodGet, []int{500}, 500, 4}, // 1 + MaxRetries(3)
		{"404 not retried", http.MethodGet, []int{404}, 404, 1},
		{"400 not retried", http.MethodGet, []int{400}, 400, 1},
		{"501 not retried", http.MethodGet, []int{501}, 501, 1},
		{"POST 503 not retried", http.MethodPost, []int{503, 200}, 503, 1},
		{"429 then ok", http.MethodGet, []int{429, 429, 200}, 200, 3},
		{"POST 429 retried", http.MethodPost, []int{429, 200}, 200, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				tr := &seqTransport{statuses: tc.statuses}
				c := New(Options{HTTPClient: &http.Client{Transport: tr}, MaxRetries: 3})
				resp, err := c.Do(context.Background(), &Request{Method: tc.method, URL: mustURL("https://x.example/a"), Body: []byte("{}")})
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				if resp.StatusCode != tc.wantStatus || int(tr.calls.Load()) != tc.wantCalls {
					t.Errorf("status %d after %d calls, want %d after %d", resp.StatusCode, tr.calls.Load(), tc.wantStatus, tc.wantCalls)
				}
				if resp.Attempts != tc.wantCalls {
					t.Errorf("Attempts = %d, want %d", resp.Attempts, tc.wantCalls)
				}
			})
		})
	}
}

func TestValidateRetriesTruncatedBody(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		tr := &seqTransport{statuses: []int{200}, body: func(n int) string {
			if n == 0 {
				return `{"clients":[{"client_id":"a"`
			}
			return `{"clients":[]}`
		}}
		c := New(Options{HTTPClient: &http.Client{Transport: tr}})
		resp, err := c.Do(context.Background(), &Request{URL: mustURL("https://x.example/a"), Validate: func(b []byte) error {
			if !json.Valid(b) {
				return errors.New("invalid JSON")
			}
			return nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		if string(resp.Body) != `{"clients":[]}` || tr.calls.Load() != 2 {
			t.Errorf("body %q after %d calls", resp.Body, tr.calls.Load())
		}
	})
}

func TestWaitsOutLongResets(t *testing.T) {
	t.Parallel()
	resetIn := 30 * time.Second
	cases := []struct {
		name     string
		header   func(now time.Time) http.Header
		deadline time.Duration
		wantErr  error
		minWait  time.Duration
	}{
		{"X-RateLimit-Reset 30s", func(now time.Time) http.Header {
			h := http.Header{}
			h.Set("X-RateLimit-Limit", "10")
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset", strconv.FormatInt(now.Add(resetIn).Unix(), 10))
			return h
		}, 0, nil, resetIn},
		{"Retry-After 30", func(time.Time) http.Header {
			return http.Header{"Retry-After": {"30"}}
		}, 0, nil, resetIn},
		{"fail fast", func(time.Time) http.Header {
			return http.Header{"Retry-After": {"60"}}
		}, 10 * time.Second, nil, 0},
		{"deadline before reset", func(now time.Time) http.Header {
			h := http.Header{}
			h.Set("X-RateLimit-Limit", "10")
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset", strconv.FormatInt(now.Add(resetIn).Unix(), 10))
			return h
		}, 10 * time.Second, context.DeadlineExceeded, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				tr := &seqTransport{statuses: []int{429, 200}, header: func(n int) http.Header {
					if n == 0 {
						return tc.header(time.Now())
					}
					return http.Header{}
				}}
				c := New(Options{HTTPClient: &http.Client{Transport: tr}, FailFast: tc.name == "fail fast"})
				ctx := context.Background()
				if tc.deadline > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tc.deadline)
					defer cancel()
				}
				start := time.Now()
				resp, err := c.Do(ctx, &Request{URL: mustURL("https://x.example/a")})
				waited := time.Since(start)
				if tc.name == "fail fast" {
					if err != nil || resp.StatusCode != 429 || waited != 0 {
						t.Fatalf("fail fast: %v %v after %v, want the 429 at once", resp, err, waited)
					}
					return
				}
				if tc.wantErr != nil {
					if !errors.Is(err, tc.wantErr) || !errors.Is(err, ErrRateLimitWait) {
						t.Fatalf("err = %v, want %v and ErrRateLimitWait", err, tc.wantErr)
					}
					if waited > tc.deadline+time.Second {
						t.Errorf("returned after %v, past the deadline %v", waited, tc.deadline)
					}
					return
				}
				if err != nil || resp.StatusCode != 200 {
					t.Fatalf("Do: %v %v", resp, err)
				}
				if waited < tc.minWait {
					t.Errorf("waited %v, want at least %v", waited, tc.minWait)
				}
			})
		})
	}
}

func TestDroppedConnectionRetried(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	c := New(Options{HTTPClient: srv.Client(), MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond})
	resp, err := c.Do(context.Background(), &Request{URL: mustURL(srv.URL + "/a")})
	if err != nil || resp.StatusCode != 200 || n.Load() != 2 {
		t.Fatalf("resp %v err %v calls %d", resp, err, n.Load())
	}
}

func TestTruncatedBodyRetried(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := `{"users":[{"user_id":"auth0|1"}]}`
		if n.Add(1) == 1 {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(200)
			io.WriteString(w, body[:10])
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		io.WriteString(w, body)
	}))
	defer srv.Close()
	c := New(Options{HTTPClient: srv.Client(), MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond})
	resp, err := c.Do(context.Background(), &Request{URL: mustURL(srv.URL + "/a")})
	if err != nil || !strings.Contains(string(resp.Body), "auth0|1") || n.Load() != 2 {
		t.Fatalf("resp %v err %v calls %d", resp, err, n.Load())
	}
}

func TestTransportErrorRedacted(t *testing.T) {
	t.Parallel()
	const secret = "SUPER-secret-value-123"
	var logs bytes.Buffer
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	}))
	defer srv.Close()
	c := New(Options{
		HTTPClient: srv.Client(), MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond, MaxRetries: 2,
		Logger:   slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Redactor: NewRedactor(secret),
	})
	u := mustURL(srv.URL + "/a?client_secret=" + secret + "&access_token=" + secret + "&take=5")
	_, err := c.Do(context.Background(), &Request{URL: u, Header: http.Header{"Authorization": {"Bearer " + secret}}})
	var te *TransportError
	if !errors.As(err, &te) || te.Attempts != 3 {
		t.Fatalf("err = %v, want TransportError after 3 attempts", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(logs.String(), secret) {
		t.Errorf("secret leaked:\nerr: %v\nlogs: %s", err, logs.String())
	}
	if !strings.Contains(err.Error(), "take=5") {
		t.Errorf("harmless query lost: %v", err)
	}
	if logs.Len() == 0 {
		t.Error("no log lines")
	}
}

func TestRedactURLAndHeader(t *testing.T) {
	t.Parallel()
	u := mustURL("https://user:pw@s3.example/x.gz?X-Amz-Signature=abc&X-Amz-Credential=def&page=2&from=42")
	got := RedactURL(u)
	for _, bad := range []string{"abc", "def", "pw", "user"} {
		if strings.Contains(got, bad) {
			t.Errorf("RedactURL = %q still contains %q", got, bad)
		}
	}
	if !strings.Contains(got, "page=2") || !strings.Contains(got, "from=42") {
		t.Errorf("RedactURL = %q lost harmless params", got)
	}
	h := RedactHeader(http.Header{"Authorization": {"Bearer t"}, "X-Api-Key": {"k"}, "Accept": {"a"}})
	if h["Authorization"][0] != Redacted || h["X-Api-Key"][0] != Redacted || h["Accept"][0] != "a" {
		t.Errorf("RedactHeader = %v", h)
	}
	r := NewRedactor("a b&c", "")
	if got := r.String("x a b&c y a+b%26c"); strings.Contains(got, "a b&c") || strings.Contains(got, "a+b%26c") {
		t.Errorf("Redactor.String = %q", got)
	}
	var nilR *Redactor
	if nilR.String("s") != "s" {
		t.Error("nil Redactor changed text")
	}
}

func TestReadBodyBound(t *testing.T) {
	t.Parallel()
	if _, err := ReadBody(strings.NewReader(strings.Repeat("x", 11)), 10); !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("err = %v, want ErrBodyTooLarge", err)
	}
	if b, err := ReadBody(strings.NewReader("0123456789"), 10); err != nil || len(b) != 10 {
		t.Errorf("ReadBody = %q, %v", b, err)
	}
}

func TestParseRateAndRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "10")
	h.Set("X-RateLimit-Remaining", "11")
	h.Set("X-RateLimit-Reset", "1700000005")
	r, ok := ParseRate(h)
	if !ok || r.Limit != 10 || r.Remaining != 10 || !r.Reset.Equal(now.Add(5*time.Second)) {
		t.Errorf("ParseRate = %+v %v", r, ok)
	}
	h.Set("X-RateLimit-Limit", "x")
	if _, ok := ParseRate(h); ok {
		t.Error("ParseRate accepted a malformed limit")
	}
	for in, want := range map[string]time.Duration{"7": 7 * time.Second, now.Add(9 * time.Second).UTC().Format(http.TimeFormat): 9 * time.Second} {
		if d, ok := RetryAfter(http.Header{"Retry-After": {in}}, now); !ok || d != want {
			t.Errorf("RetryAfter(%q) = %v %v, want %v", in, d, ok, want)
		}
	}
	if _, ok := RetryAfter(http.Header{"Retry-After": {"-1"}}, now); ok {
		t.Error("negative Retry-After accepted")
	}
	// Values that would overflow time.Duration are capped, not negative.
	for _, v := range []string{"10000000000", "9223372036854775807", "Fri, 31 Dec 9999 23:59:59 GMT"} {
		if d, ok := RetryAfter(http.Header{"Retry-After": {v}}, now); !ok || d != MaxServerWait {
			t.Errorf("RetryAfter(%q) = %v %v, want %v", v, d, ok, MaxServerWait)
		}
	}
	c := New(Options{Now: func() time.Time { return now }})
	h = http.Header{}
	h.Set("X-RateLimit-Limit", "10")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", "9000000000000")
	if d := c.backoff(time.Second, time.Minute, 0, &http.Response{StatusCode: 429, Header: h}); d <= 0 || d > MaxServerWait+3*time.Second {
		t.Errorf("backoff for a far reset = %v", d)
	}
}

func TestServerWaitUsesServerClock(t *testing.T) {
	t.Parallel()
	local := time.Unix(1_700_000_000, 0)
	c := New(Options{Now: func() time.Time { return local }})
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "10")
	h.Set("X-RateLimit-Remaining", "0")
	// The server's clock runs 20 s behind ours; its reset is 5 s away.
	server := local.Add(-20 * time.Second)
	h.Set("Date", server.UTC().Format(http.TimeFormat))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(server.Add(5*time.Second).Unix(), 10))
	h.Set("Retry-After", "0")
	d, ok := c.serverWait(&http.Response{StatusCode: 429, Header: h})
	if !ok || d != 5*time.Second {
		t.Errorf("serverWait = %v %v, want 5s measured on the server's clock", d, ok)
	}
}
