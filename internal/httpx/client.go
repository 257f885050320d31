package httpx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// DefaultMaxBodyBytes bounds how much of a response body is read.
const DefaultMaxBodyBytes int64 = 64 << 20

// ErrBodyTooLarge is returned when a response body exceeds the read bound.
var ErrBodyTooLarge = errors.New("httpx: response body too large")

// Options configure a Client. The zero value is usable.
type Options struct {
	// HTTPClient is the base client; its Transport (http.DefaultTransport
	// when nil) carries the requests. It is copied, not modified.
	HTTPClient *http.Client
	// Logger receives one debug line per attempt and a warning per retry.
	// Nil means no logging. Lines never carry secrets or query values.
	Logger *slog.Logger
	// MaxRetries bounds retries of 5xx answers, dropped connections and
	// unreadable bodies for idempotent requests. Default 5; negative: none.
	MaxRetries int
	// MaxRateLimitWaits bounds how many 429 answers one request waits out.
	// 0 means no bound other than the context.
	MaxRateLimitWaits int
	// MinWait and MaxWait bound the exponential backoff used when the
	// server gives no reset time. Defaults 200ms and 10s. A reset time or a
	// Retry-After the server gives is honoured however long it is.
	MinWait, MaxWait time.Duration
	// MaxBodyBytes bounds body reads. Default DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Pacer, when set, paces every attempt from the X-RateLimit headers,
	// as one bucket.
	Pacer *Pacer
	// Buckets, when set (instead of Pacer), paces every attempt in the
	// bucket its Request.Route draws on.
	Buckets *Buckets
	// Redactor scrubs known secrets from error strings.
	Redactor *Redactor
	// FailFast returns a 429 (or a 503 with Retry-After) at once, instead
	// of waiting, when the wait the server asks for would outlast the
	// context's deadline: a login hot path learns "rate limited" rather
	// than "timeout". Without it the wait runs until the deadline and the
	// context's error is returned.
	FailFast bool
	// Now is the clock used to read reset times. Default time.Now.
	Now func() time.Time
	// OnRateLimitWait, when set, is called when a wait for the rate limit
	// longer than RateLimitWaitNotice (default 2 s) begins: after a 429,
	// or while the pacer's bucket is empty. Waits that begin while a
	// reported one runs are not reported. It must return quickly.
	OnRateLimitWait     func(RateLimitWait)
	RateLimitWaitNotice time.Duration
}

// Client sends requests under one retry and pacing policy.
type Client struct {
	rc      *retryablehttp.Client
	opts    Options
	base    *http.Client
	logger  *slog.Logger
	redact  *Redactor
	maxBody int64
	now     func() time.Time
	stats   stats
	notice  *waitNotice
}

// New returns a Client for the given options.
func New(o Options) *Client {
	if o.MaxRetries == 0 {
		o.MaxRetries = 5
	} else if o.MaxRetries < 0 {
		o.MaxRetries = 0
	}
	if o.MinWait <= 0 {
		o.MinWait = 200 * time.Millisecond
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 10 * time.Second
	}
	if o.MaxWait < o.MinWait {
		o.MaxWait = o.MinWait
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	base := &http.Client{}
	if o.HTTPClient != nil {
		*base = *o.HTTPClient
	}
	if base.Transport == nil {
		base.Transport = http.DefaultTransport
	}
	var notice *waitNotice
	if o.OnRateLimitWait != nil {
		if o.RateLimitWaitNotice <= 0 {
			o.RateLimitWaitNotice = 2 * time.Second
		}
		notice = &waitNotice{min: o.RateLimitWaitNotice, hook: o.OnRateLimitWait, now: o.Now}
	}
	switch {
	case o.Buckets != nil:
		o.Buckets.setNotice(notice)
		base.Transport = &pacedTransport{base: base.Transport, p: o.Buckets}
	case o.Pacer != nil:
		o.Pacer.setNotice(notice)
		base.Transport = &pacedTransport{base: base.Transport, p: o.Pacer}
	default: // no pacing: the transport only keeps an ended context's request unsent
		base.Transport = &pacedTransport{base: base.Transport}
	}
	c := &Client{opts: o, base: base, logger: o.Logger, redact: o.Redactor, maxBody: o.MaxBodyBytes, now: o.Now, notice: notice}
	rc := &retryablehttp.Client{
		HTTPClient:   base,
		Logger:       nil, // it logs full URLs; we log ourselves, redacted
		RetryWaitMin: o.MinWait,
		RetryWaitMax: o.MaxWait,
		RetryMax:     1 << 30, // CheckRetry bounds retries by kind
		CheckRetry:   c.checkRetry,
		Backoff:      c.backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, attempt int) {
			c.stats.requests.Add(1)
			if st, ok := req.Context().Value(stateKey{}).(*attemptState); ok {
				st.attempts = attempt + 1
			}
			if c.logger != nil {
				c.logger.LogAttrs(req.Context(), slog.LevelDebug, "http request",
					slog.String("method", req.Method), slog.String("url", RedactURL(req.URL)), slog.Int("attempt", attempt+1))
			}
		},
	}
	c.rc = rc
	return c
}

// HTTPClient returns the underlying paced client (no retries), for
// libraries such as x/oauth2 that need a plain *http.Client.
func (c *Client) HTTPClient() *http.Client { return c.base }

// Request is one logical request; attempts are made until it succeeds, a
// non-retryable answer arrives, the retry bounds are reached or ctx ends.
type Request struct {
	Method string
	URL    *url.URL
	Header http.Header
	Body   []byte
	// Idempotent allows retries of 5xx answers and dropped connections.
	// GET, HEAD and OPTIONS are always idempotent.
	Idempotent bool
	// Validate, when set, checks a 2xx body; an error makes the attempt
	// count as failed (retried when idempotent), e.g. truncated JSON.
	Validate func([]byte) error
	// Route names the rate bucket the request draws on, for Buckets: the
	// method and the path with ids blanked out ("GET organizations/*").
	// Requests without one share the route "".
	Route string
}

// Response is a fully read response.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	Attempts   int
}

type attemptState struct {
	route      string // Request.Route, for Buckets
	lastStatus int
	idempotent bool
	errRetries int
	rlWaits    int
	attempts   int
	// unsent: the last attempt was never sent: its context had ended, or
	// ended while the pacer held it (held) for the rate limit.
	unsent     bool
	held       bool
	body       []byte
	maxRetries int
	maxRL      int
}

type stateKey struct{}

func (r *Request) idempotent() bool {
	switch r.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	return r.Idempotent
}

func (c *Client) newRequest(ctx context.Context, r *Request, st *attemptState) (*retryablehttp.Request, error) {
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	var body any
	if r.Body != nil {
		body = r.Body
	}
	req, err := retryablehttp.NewRequestWithContext(context.WithValue(ctx, stateKey{}, st), method, r.URL.String(), body)
	if err != nil {
		return nil, fmt.Errorf("httpx: building %s %s: %w", method, RedactURL(r.URL), err)
	}
	for k, vs := range r.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	return req, nil
}

// Do sends r and reads the whole body (bounded). A non-2xx answer is not an
// error here: the caller turns StatusCode and Body into its typed error. The
// error is non-nil only when no usable answer arrived: the context ended,
// the connection kept failing, or the body could not be read.
func (c *Client) Do(ctx context.Context, r *Request) (*Response, error) {
	st := &attemptState{route: r.Route, idempotent: r.idempotent(), maxRetries: c.opts.MaxRetries, maxRL: c.opts.MaxRateLimitWaits}
	req, err := c.newRequest(ctx, r, st)
	if err != nil {
		return nil, err
	}
	req.SetResponseHandler(func(resp *http.Response) error {
		st.body = nil
		b, err := ReadBody(resp.Body, c.maxBody)
		resp.Body.Close()
		if err != nil {
			return &bodyError{err: err}
		}
		if r.Validate != nil && resp.StatusCode >= 200 && resp.StatusCode < 300 {
			if err := r.Validate(b); err != nil {
				return &bodyError{err: err}
			}
		}
		st.body = b
		return nil
	})
	resp, err := c.rc.Do(req)
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		return nil, c.wrapErr(req.Method, r.URL, st, err)
	}
	out := &Response{StatusCode: resp.StatusCode, Header: resp.Header, Attempts: st.attempts}
	if st.body != nil {
		out.Body = st.body
	} else {
		// Retries ran out on a retryable status: the handler never ran.
		b, rerr := ReadBody(resp.Body, c.maxBody)
		resp.Body.Close()
		if rerr != nil && !errors.Is(rerr, ErrBodyTooLarge) {
			b = nil
		}
		out.Body = b
	}
	return out, nil
}

// DoStream sends r and returns the response with its body unread, for large
// downloads. Retries happen on status and connection failures before the
// body is handed over; the caller must close the body.
func (c *Client) DoStream(ctx context.Context, r *Request) (*http.Response, error) {
	st := &attemptState{route: r.Route, idempotent: r.idempotent(), maxRetries: c.opts.MaxRetries, maxRL: c.opts.MaxRateLimitWaits}
	req, err := c.newRequest(ctx, r, st)
	if err != nil {
		return nil, err
	}
	resp, err := c.rc.Do(req)
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		return nil, c.wrapErr(req.Method, r.URL, st, err)
	}
	return resp, nil
}

// ErrBadBody matches errors of a response body that could not be read in
// full or failed the request's Validate check.
var ErrBadBody = errors.New("httpx: unreadable or invalid response body")

type bodyError struct{ err error }

func (e *bodyError) Is(target error) bool { return target == ErrBadBody }

func (e *bodyError) Error() string { return "reading response body: " + e.err.Error() }
func (e *bodyError) Unwrap() error { return e.err }

// TransportError is returned when no usable answer arrived.
type TransportError struct {
	Method string
	URL    string // redacted
	// Attempts counts the attempts sent.
	Attempts int
	// Unsent: the last attempt was not sent: its context had ended
	// before, or, Held, while the pacer held it back for the rate limit.
	Unsent, Held bool
	Err          error
}

func (e *TransportError) Error() string {
	if e.Unsent {
		what := "not sent"
		if e.Attempts > 0 {
			what = fmt.Sprintf("retry not sent after %d attempt(s)", e.Attempts)
		}
		if !e.Held {
			return fmt.Sprintf("%s %s: %s: the context had ended (%v) before the request could be sent; give the context more time",
				e.Method, e.URL, what, e.Err)
		}
		return fmt.Sprintf("%s %s: %s: the context ended (%v) while the request waited for the rate limit "+
			"(paced to the server's X-RateLimit budget); give the context more time or make fewer requests at once",
			e.Method, e.URL, what, e.Err)
	}
	return fmt.Sprintf("%s %s: %v (after %d attempt(s))", e.Method, e.URL, e.Err, e.Attempts)
}

func (e *TransportError) Unwrap() error { return e.Err }

func (c *Client) wrapErr(method string, u *url.URL, st *attemptState, err error) error {
	if ctxErr := contextErr(err); ctxErr != nil {
		err = ctxErr
		if st.lastStatus == http.StatusTooManyRequests {
			err = &rateLimitWaitError{ctxErr}
		}
	} else {
		// url.Error carries the full URL: keep only its cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		err = &scrubbedError{msg: c.redact.String(err.Error()), cause: err}
	}
	te := &TransportError{Method: method, URL: RedactURL(u), Attempts: st.attempts, Unsent: st.unsent, Held: st.held, Err: err}
	if st.unsent {
		te.Attempts--
		c.stats.requests.Add(-1) // counted by RequestLogHook, never sent
	}
	return te
}

// ErrRateLimitWait matches the error of a request whose context ended while
// it was waiting out a 429; the context's error is wrapped as well.
var ErrRateLimitWait = errors.New("httpx: context ended while waiting out a rate limit")

type rateLimitWaitError struct{ ctxErr error }

func (e *rateLimitWaitError) Error() string {
	return e.ctxErr.Error() + " while waiting out a rate limit (429)"
}
func (e *rateLimitWaitError) Unwrap() error        { return e.ctxErr }
func (e *rateLimitWaitError) Is(target error) bool { return target == ErrRateLimitWait }

// scrubbedError keeps the cause for errors.Is/As while printing a message
// from which known secrets were removed.
type scrubbedError struct {
	msg   string
	cause error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.cause }

func contextErr(err error) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return context.DeadlineExceeded
	case errors.Is(err, context.Canceled):
		return context.Canceled
	}
	return nil
}

func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st, _ := ctx.Value(stateKey{}).(*attemptState)
	if st == nil {
		st = &attemptState{}
	}
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	if err == nil || contextErr(err) == nil {
		c.stats.outcome(c.now(), status, err)
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	retry, why := c.classify(st, resp, err)
	if !retry {
		return false, nil
	}
	if c.opts.FailFast && resp != nil && err == nil {
		if dl, ok := ctx.Deadline(); ok {
			if w, ok := c.serverWait(resp); ok && c.now().Add(w).After(dl) {
				return false, nil
			}
		}
	}
	if c.logger != nil {
		attrs := []any{"reason", why, "attempt", st.attempts}
		if resp != nil {
			attrs = append(attrs, "status", resp.StatusCode, "url", RedactURL(resp.Request.URL))
		}
		c.logger.LogAttrs(ctx, slog.LevelWarn, "retrying request", argsToAttrs(attrs)...)
	}
	return true, nil
}

func argsToAttrs(kv []any) []slog.Attr {
	out := make([]slog.Attr, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, slog.Any(kv[i].(string), kv[i+1]))
	}
	return out
}

func (c *Client) classify(st *attemptState, resp *http.Response, err error) (bool, string) {
	if err != nil {
		if errors.Is(err, ErrBodyTooLarge) || contextErr(err) != nil {
			return false, ""
		}
		if !st.idempotent || st.errRetries >= st.maxRetries {
			return false, ""
		}
		st.errRetries++
		return true, "transport: " + c.redact.String(errString(err))
	}
	st.lastStatus = resp.StatusCode
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		if st.maxRL > 0 && st.rlWaits >= st.maxRL {
			return false, ""
		}
		st.rlWaits++
		return true, "rate limited"
	case resp.StatusCode == http.StatusBadGateway, resp.StatusCode == http.StatusServiceUnavailable,
		resp.StatusCode == http.StatusGatewayTimeout, resp.StatusCode == http.StatusInternalServerError:
		if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" && st.maxRL == 0 {
			// The server said when to come back: a rate limit in all but name.
			st.rlWaits++
			return true, "unavailable, retry-after"
		}
		if !st.idempotent || st.errRetries >= st.maxRetries {
			return false, ""
		}
		st.errRetries++
		return true, "server error " + strconv.Itoa(resp.StatusCode)
	}
	return false, ""
}

func errString(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// serverWait is the wait the server asked for: Retry-After, or on a 429
// the time until X-RateLimit-Reset.
//
// The reset is an epoch time on the server's clock: when the answer carries
// a Date header the wait is measured against it, so a skewed local clock
// neither retries too early nor waits too long. On a 429 the longer of the
// two waits wins (a "Retry-After: 0" does not override an empty bucket).
func (c *Client) serverWait(resp *http.Response) (time.Duration, bool) {
	now := c.now()
	ra, haveRA := RetryAfter(resp.Header, now)
	if resp.StatusCode == http.StatusTooManyRequests {
		if r, ok := ParseRate(resp.Header); ok {
			ref := now
			if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
				ref = d
			}
			return max(ra, capWait(r.Reset.Sub(ref))), true
		}
	}
	return ra, haveRA
}

// backoff honours Retry-After and, on 429, X-RateLimit-Reset, however far
// away, plus jitter; otherwise exponential backoff with jitter. A 429
// without Retry-After whose reset is no further than the pacer's learned
// refill rate fills the bucket in is retried at once through the pacer,
// which holds it until a token is back (not the whole bucket).
func (c *Client) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := c.serverWait(resp); ok {
			if r, rate := ParseRate(resp.Header); rate && resp.StatusCode == http.StatusTooManyRequests {
				if rf := c.refillFor(resp); rf > 0 && resp.Header.Get("Retry-After") == "" &&
					d <= time.Duration(float64(r.Limit)/rf*float64(time.Second))+time.Second {
					// The pacer knows the refill rate, and the reset is
					// no further than a bucket refilled at that rate: the
					// pacer holds the retry until a token is back, not
					// until the bucket is full.
					return minWait + jitter(minWait)
				}
				// Reset has one-second granularity: it can equal now
				// while the bucket is still empty for most of that second.
				d += minWait + jitter(time.Second)
			} else {
				d += jitter(minWait)
			}
			c.notice.notify(RateLimitWait{Duration: d, After429: true})
			return d
		}
	}
	d := minWait << min(attempt, 20)
	if d <= 0 || d > maxWait {
		d = maxWait
	}
	return d/2 + jitter(d/2)
}

// refillFor is the refill rate the pacer of resp's route has learned (0:
// unknown, or no pacing).
func (c *Client) refillFor(resp *http.Response) float64 {
	route := ""
	if resp.Request != nil {
		if st, ok := resp.Request.Context().Value(stateKey{}).(*attemptState); ok {
			route = st.route
		}
	}
	switch {
	case c.opts.Buckets != nil:
		return c.opts.Buckets.RouteRate(route).Refill
	case c.opts.Pacer != nil:
		return c.opts.Pacer.Rate().Refill
	}
	return 0
}

func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d)
}

// RetryAfter parses a Retry-After header (seconds or an HTTP date).
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s < 0 {
			return 0, false
		}
		return capWait(time.Duration(min(s, int64(MaxServerWait/time.Second))) * time.Second), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return capWait(t.Sub(now)), true
	}
	return 0, false
}

// MaxServerWait bounds a wait the server asks for (Retry-After, a reset
// time): a day, far beyond any real limit, and far from overflowing the
// arithmetic that adds jitter. The context bounds every wait anyway.
const MaxServerWait = 24 * time.Hour

func capWait(d time.Duration) time.Duration { return min(max(d, 0), MaxServerWait) }

// ReadBody reads at most limit bytes; a longer body gives ErrBodyTooLarge.
func ReadBody(r io.Reader, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, fmt.Errorf("%w (over %d bytes)", ErrBodyTooLarge, limit)
	}
	return buf.Bytes(), nil
}

// IsTimeout reports whether err is a network timeout.
func IsTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// CloseIdleConnections passes on to the base transport, as when the
// client uses it unwrapped (retryablehttp calls it after failures).
func (t *pacedTransport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// pacedTransport sends a request once the pacer lets it (p nil: at
// once), and not at all when its context has ended: such a request is
// marked unsent, so that it is neither counted nor reported as tried.
type pacedTransport struct {
	base http.RoundTripper
	p    pacing // nil: no pacing
}

func (t *pacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var route string
	st, _ := req.Context().Value(stateKey{}).(*attemptState)
	if st != nil {
		route = st.route
	}
	var tk ticket
	err := req.Context().Err()
	held := false
	if err == nil && t.p != nil {
		tk, err = t.p.wait(req.Context(), route)
		held = err != nil
	}
	// A redirect's hop (req.Response set) follows a request that was
	// sent: the attempt counts whatever happens to the hop.
	if st != nil && req.Response == nil {
		st.unsent, st.held = err != nil, held
	}
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	resp, err := t.base.RoundTrip(req)
	if t.p != nil {
		t.p.observe(route, tk, resp)
	}
	return resp, err
}
