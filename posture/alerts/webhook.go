package alerts

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/authlens/authlens/internal/httpx"
	"github.com/authlens/authlens/internal/version"
)

// The webhook's headers.
const (
	// HeaderSignature carries "sha256=<hex>": the HMAC-SHA256, keyed by
	// the shared secret, of the timestamp, a dot and the raw body.
	HeaderSignature = "X-Authlens-Signature"
	// HeaderTimestamp carries the Unix time (seconds) the request was
	// signed at.
	HeaderTimestamp = "X-Authlens-Timestamp"
	// HeaderIdempotencyKey carries the alert's Key: the same alert sent
	// again (a retry, or the next tick after a failure) has the same key.
	HeaderIdempotencyKey = "Idempotency-Key"
)

// SignatureTolerance is how far a timestamp may be from the receiver's
// clock for VerifySignature.
const SignatureTolerance = 5 * time.Minute

// ErrInvalidConfig is returned by NewWebhook and NewSlack for a bad
// configuration.
var ErrInvalidConfig = errors.New("alerts: invalid sink configuration")

// ErrSignature is returned (wrapped) by VerifySignature for a request
// whose signature does not verify.
var ErrSignature = errors.New("alerts: webhook signature does not verify")

// Defaults of the HTTP sinks.
const (
	DefaultMaxRetries = 3
	DefaultTimeout    = 30 * time.Second
)

// HTTPOptions are the delivery settings of the webhook and Slack sinks.
type HTTPOptions struct {
	// HTTPClient carries the requests (default: a client with
	// http.DefaultTransport). It is copied, not modified.
	HTTPClient *http.Client `json:"-"`
	// MaxRetries bounds the retries of one alert after a 5xx answer or a
	// failed connection (default 3; negative: none). 429 answers are
	// waited out, honouring Retry-After, at most 3 times.
	MaxRetries int
	// Timeout bounds the delivery of one alert, retries and waits
	// included (default 30s). A Retry-After that would outlast it ends
	// the attempt at once: the alert is kept for the next tick.
	Timeout time.Duration
	// MinWait and MaxWait bound the exponential backoff between retries
	// when the server does not say how long to wait (defaults 500ms, 10s).
	MinWait, MaxWait time.Duration
}

// sinkConfigName is the configuration struct of a sink kind.
func sinkConfigName(kind string) string {
	if kind == "slack" {
		return "SlackConfig"
	}
	return "WebhookConfig"
}

// poster sends bodies to one URL under the retry policy of internal/httpx
// (go-retryablehttp).
type poster struct {
	name    string
	u       *url.URL
	hx      *httpx.Client
	timeout time.Duration
	red     *httpx.Redactor
}

func newPoster(kind, raw string, o HTTPOptions, secrets ...string) (*poster, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		example := "https://hooks.example.com/authlens"
		if kind == "slack" {
			example = "the incoming webhook's https://hooks.slack.com/services/... URL"
		}
		return nil, fmt.Errorf("%w: %s.URL must be an absolute http or https URL; give the receiver's URL, e.g. %s",
			ErrInvalidConfig, sinkConfigName(kind), example)
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = DefaultMaxRetries
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MinWait <= 0 {
		o.MinWait = 500 * time.Millisecond
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 10 * time.Second
	}
	sum := sha256.Sum256([]byte(u.String()))
	// The URL's path and query may be a credential (a Slack webhook's
	// path is): errors and names show the scheme and host only.
	red := httpx.NewRedactor(append(secrets, u.String(), u.RequestURI(), u.EscapedPath(), u.RawQuery)...)
	return &poster{
		name:    fmt.Sprintf("%s %s://%s (%s)", kind, u.Scheme, u.Host, hex.EncodeToString(sum[:4])),
		u:       u,
		timeout: o.Timeout,
		red:     red,
		hx: httpx.New(httpx.Options{
			HTTPClient: o.HTTPClient, MaxRetries: o.MaxRetries, MaxRateLimitWaits: 3,
			MinWait: o.MinWait, MaxWait: o.MaxWait, FailFast: true, Redactor: red,
			MaxBodyBytes: 1 << 20,
		}),
	}, nil
}

// postError is a failed delivery; its message holds no secret and no URL
// (the DeliveryError around it names the sink).
type postError struct {
	msg string
	// Status is the HTTP status of the last answer (0: none).
	status int
	// permanent: the receiver refused this alert (a 4xx other than 408
	// and 429); others may still go through.
	permanent bool
	cause     error // the context's error, when it ended the delivery
}

func (e *postError) Error() string { return e.msg }
func (e *postError) Unwrap() error { return e.cause }

// post sends one body.
func (p *poster) post(ctx context.Context, body []byte, h http.Header) error {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	resp, err := p.hx.Do(ctx, &httpx.Request{Method: http.MethodPost, URL: p.u, Header: h, Body: body, Idempotent: true})
	if err != nil {
		msg, attempts := err.Error(), 1
		var te *httpx.TransportError
		if errors.As(err, &te) {
			msg, attempts = te.Err.Error(), te.Attempts
		}
		pe := &postError{msg: fmt.Sprintf("%s (after %d attempt(s))", p.red.String(msg), attempts)}
		switch {
		case errors.Is(err, context.Canceled):
			pe.cause = context.Canceled
		case errors.Is(err, context.DeadlineExceeded):
			pe.cause = context.DeadlineExceeded
		}
		return pe
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	snippet := strings.Join(strings.Fields(string(resp.Body)), " ")
	if snippet != "" {
		snippet = ": " + clip(p.red.String(snippet), 200)
	}
	return &postError{
		msg:       fmt.Sprintf("HTTP %d%s (after %d attempt(s))", resp.StatusCode, snippet, resp.Attempts),
		status:    resp.StatusCode,
		permanent: resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests,
	}
}

// sendEach posts one body per alert, in order. An alert the receiver
// refuses (a 4xx) fails alone; any other failure (5xx, 429, no answer)
// stops the batch: the rest are not attempted and fail with it.
func (p *poster) sendEach(ctx context.Context, alerts []Alert, build func(Alert) ([]byte, http.Header, error)) error {
	var failed []Failure
	for i, a := range alerts {
		if err := ctx.Err(); err != nil {
			return failRest(p.name, failed, alerts[i:], err)
		}
		body, h, err := build(a)
		if err == nil {
			err = p.post(ctx, body, h)
		}
		if err == nil {
			continue
		}
		var pe *postError
		if errors.As(err, &pe) && pe.permanent {
			failed = append(failed, Failure{Alert: a, Err: err})
			continue
		}
		failed = append(failed, Failure{Alert: a, Err: err})
		return failRest(p.name, failed, alerts[i+1:], fmt.Errorf("not attempted after an earlier failure: %w", err))
	}
	return failRest(p.name, failed, nil, nil)
}

// WebhookConfig configures a webhook sink.
type WebhookConfig struct {
	// URL receives one POST per alert.
	URL string
	// Secret signs every request (required).
	Secret Secret
	HTTPOptions
	// Now is the clock of the signatures' timestamps (default time.Now).
	Now func() time.Time `json:"-"`
}

// String shows the URL's scheme and host only (its path or query may be a
// credential) and never the secret.
func (c WebhookConfig) String() string {
	return "alerts.WebhookConfig{URL:" + hostOnly(c.URL) + " Secret:" + redacted + "}"
}

// GoString is String.
func (c WebhookConfig) GoString() string { return c.String() }

// Format writes String whatever the verb.
func (c WebhookConfig) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// hostOnly renders a URL as scheme://host/… for people.
func hostOnly(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return redacted
	}
	s := u.Scheme + "://" + u.Host
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		s += "/…"
	}
	return s
}

// Webhook posts each alert, as its JSON, to a URL, signed with a shared
// secret: one alert per request, in order. See the package documentation
// for the headers and how a receiver verifies them.
type Webhook struct {
	p      *poster
	secret Secret
	now    func() time.Time
}

// NewWebhook validates the configuration and returns the sink. It makes
// no request.
func NewWebhook(cfg WebhookConfig) (*Webhook, error) {
	if cfg.Secret.IsZero() {
		return nil, fmt.Errorf("%w: WebhookConfig.Secret is required: a webhook signs every alert; "+
			"set it with alerts.NewSecret (32 random bytes or more) and give the receiver the same secret for alerts.VerifySignature",
			ErrInvalidConfig)
	}
	p, err := newPoster("webhook", cfg.URL, cfg.HTTPOptions, string(cfg.Secret.value()))
	if err != nil {
		return nil, err
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Webhook{p: p, secret: cfg.Secret, now: now}, nil
}

// Name is "webhook SCHEME://HOST (HASH)", HASH a digest of the whole URL.
func (w *Webhook) Name() string { return w.p.name }

// String returns the name.
func (w *Webhook) String() string { return w.p.name }

// Send posts the alerts one by one (see Sink).
func (w *Webhook) Send(ctx context.Context, alerts []Alert) error {
	return w.p.sendEach(ctx, alerts, func(a Alert) ([]byte, http.Header, error) {
		body, err := marshalAlert(a)
		if err != nil {
			return nil, nil, err
		}
		ts := strconv.FormatInt(w.now().Unix(), 10)
		h := http.Header{}
		h.Set("Content-Type", "application/json")
		h.Set("User-Agent", version.UserAgent)
		h.Set(HeaderIdempotencyKey, a.Key)
		h.Set(HeaderTimestamp, ts)
		h.Set(HeaderSignature, "sha256="+sign(w.secret.value(), ts, body))
		return body, h, nil
	})
}

// VerifySignature checks a webhook request as a receiver does: header
// holds HeaderTimestamp, within SignatureTolerance of the local clock,
// and HeaderSignature, "sha256=" and the hex HMAC-SHA256, keyed by the
// shared secret, of the timestamp, a dot and the raw body (several
// signatures may be listed, comma-separated: one must match). body must
// be the bytes as received, before any JSON decoding. The error wraps
// ErrSignature.
func VerifySignature(secret string, body []byte, header http.Header) error {
	return VerifySignatureAt(secret, body, header, time.Now(), SignatureTolerance)
}

// VerifySignatureAt is VerifySignature with an explicit clock and
// tolerance.
func VerifySignatureAt(secret string, body []byte, header http.Header, now time.Time, tolerance time.Duration) error {
	if secret == "" {
		return fmt.Errorf("%w: no secret to verify with", ErrSignature)
	}
	ts := header.Get(HeaderTimestamp)
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: missing or malformed %s", ErrSignature, HeaderTimestamp)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: timestamp %s is %s away from now (tolerance %s)", ErrSignature, ts, d.Abs().Round(time.Second), tolerance)
	}
	want, _ := hex.DecodeString(sign([]byte(secret), ts, body))
	sigs := header.Get(HeaderSignature)
	if sigs == "" {
		return fmt.Errorf("%w: missing %s", ErrSignature, HeaderSignature)
	}
	for _, s := range strings.Split(sigs, ",") {
		hexSig, ok := strings.CutPrefix(strings.TrimSpace(s), "sha256=")
		got, err := hex.DecodeString(hexSig)
		if ok && err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return fmt.Errorf("%w: no signature matches", ErrSignature)
}
