package httpx

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// A request the pacer holds back until its context ends was never sent:
// the error says so, and why, instead of counting it as an attempt.
func TestUnsentRequestError(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		empty := func(int) http.Header {
			return http.Header{
				"X-Ratelimit-Limit":     {"1"},
				"X-Ratelimit-Remaining": {"0"},
				"X-Ratelimit-Reset":     {strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)},
			}
		}
		tr := &seqTransport{statuses: []int{200}, header: empty}
		c := New(Options{HTTPClient: &http.Client{Transport: tr}, Pacer: NewPacer(time.Now)})
		u, _ := url.Parse("https://tenant.example/api/v2/users")
		if _, err := c.Do(context.Background(), &Request{URL: u}); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err := c.Do(ctx, &Request{URL: u})
		var te *TransportError
		if !errors.As(err, &te) || !te.Unsent || te.Attempts != 0 || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %#v", err)
		}
		msg := err.Error()
		for _, want := range []string{"not sent", "waited for the rate limit", "deadline exceeded"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%q does not say %q", msg, want)
			}
		}
		if strings.Contains(msg, "attempt") {
			t.Errorf("%q counts an attempt that was never sent", msg)
		}
		if n := tr.calls.Load(); n != 1 {
			t.Errorf("%d requests reached the transport, want 1", n)
		}
		if got := c.Stats().Requests; got != 1 {
			t.Errorf("Stats().Requests = %d, want 1 (the unsent one is not counted)", got)
		}
	})
}

// A request whose context had ended before it could be sent, with or
// without pacing, reaches no server and is neither counted nor reported
// as an attempt.
func TestRequestWithEndedContextUnsent(t *testing.T) {
	t.Parallel()
	for _, paced := range []bool{false, true} {
		t.Run(map[bool]string{false: "no pacing", true: "paced"}[paced], func(t *testing.T) {
			t.Parallel()
			tr := &seqTransport{statuses: []int{200}}
			o := Options{HTTPClient: &http.Client{Transport: tr}}
			if paced {
				o.Pacer = NewPacer(time.Now)
			}
			c := New(o)
			u, _ := url.Parse("https://tenant.example/api/v2/clients")
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			_, err := c.Do(ctx, &Request{URL: u})
			var te *TransportError
			if !errors.As(err, &te) || !te.Unsent || te.Held || te.Attempts != 0 || !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %#v", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "not sent: the context had ended") || strings.Contains(msg, "attempt") || strings.Contains(msg, "rate limit") {
				t.Errorf("message %q", msg)
			}
			if n := tr.calls.Load(); n != 0 {
				t.Errorf("%d requests reached the transport, want 0", n)
			}
			if got := c.Stats().Requests; got != 0 {
				t.Errorf("Stats().Requests = %d, want 0", got)
			}
		})
	}
}

// A request that was sent, and whose context ended before its redirect
// could be followed, counts as the attempt it was.
func TestRedirectAfterTheContextEndedIsNoUnsentRequest(t *testing.T) {
	t.Parallel()
	for _, paced := range []bool{false, true} {
		t.Run(map[bool]string{false: "no pacing", true: "paced"}[paced], func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var sent atomic.Int32
			tr := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				sent.Add(1)
				cancel() // the context ends while the answer, a redirect, is on its way
				return &http.Response{StatusCode: http.StatusFound, Header: http.Header{"Location": {"/elsewhere"}},
					Body: http.NoBody, Request: r}, nil
			})
			o := Options{HTTPClient: &http.Client{Transport: tr}}
			if paced {
				o.Pacer = NewPacer(time.Now)
			}
			c := New(o)
			u, _ := url.Parse("https://tenant.example/api/v2/clients")
			_, err := c.Do(ctx, &Request{URL: u})
			var te *TransportError
			if !errors.As(err, &te) || te.Unsent || te.Attempts != 1 || !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %#v", err)
			}
			if msg := err.Error(); strings.Contains(msg, "not sent") || !strings.Contains(msg, "after 1 attempt(s)") {
				t.Errorf("message %q", msg)
			}
			if sent.Load() != 1 || c.Stats().Requests != 1 {
				t.Errorf("sent %d, Stats().Requests %d, want 1 and 1", sent.Load(), c.Stats().Requests)
			}
		})
	}
}

type idleCloser struct {
	seqTransport
	closed atomic.Int32
}

func (t *idleCloser) CloseIdleConnections() { t.closed.Add(1) }

// The transport the client wraps still has its idle connections closed
// when the client's are.
func TestCloseIdleConnectionsReachesTheBase(t *testing.T) {
	t.Parallel()
	for _, paced := range []bool{false, true} {
		base := &idleCloser{seqTransport: seqTransport{statuses: []int{200}}}
		o := Options{HTTPClient: &http.Client{Transport: base}}
		if paced {
			o.Pacer = NewPacer(time.Now)
		}
		New(o).HTTPClient().CloseIdleConnections()
		if base.closed.Load() != 1 {
			t.Errorf("paced %v: the base transport's CloseIdleConnections was called %d times, want 1", paced, base.closed.Load())
		}
	}
}
