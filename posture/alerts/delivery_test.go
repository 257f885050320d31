package alerts_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/alerts"
)

const testSecret = "whsec-test-0123456789abcdef"

func sampleAlerts(n int) []alerts.Alert {
	var out []alerts.Alert
	for i := range n {
		out = append(out, alerts.Alert{Rule: alerts.RuleGrantWidened, Severity: posture.SeverityCritical,
			Title: "Management API grant added or widened", Message: fmt.Sprintf("grant %d <widened> & more", i),
			Tenant:   "https://t.example",
			Resource: posture.Resource{Kind: "client_grants", ID: fmt.Sprintf("cgr_%d", i), Name: "App → API"},
			Changes:  []alerts.Change{{Path: "scope", Added: json.RawMessage(`["create:users"]`)}},
			Why:      "because", Key: fmt.Sprintf("key-%02d", i)})
	}
	return out
}

// receiver is a webhook endpoint that fails the first requests it is
// told to, verifies every signature and records what it accepted.
type receiver struct {
	mu       sync.Mutex
	failFor  int // answer this many requests with status
	status   int // the failure status (default 503)
	header   http.Header
	requests int
	accepted map[string]int // idempotency key → deliveries accepted
	bodies   [][]byte
	badSigs  int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.requests++
	if err := alerts.VerifySignature(testSecret, body, r.Header); err != nil {
		rc.badSigs++
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	if rc.failFor > 0 {
		rc.failFor--
		for k, v := range rc.header {
			w.Header()[k] = v
		}
		st := rc.status
		if st == 0 {
			st = http.StatusServiceUnavailable
		}
		http.Error(w, "try later", st)
		return
	}
	if rc.accepted == nil {
		rc.accepted = map[string]int{}
	}
	rc.accepted[r.Header.Get(alerts.HeaderIdempotencyKey)]++
	rc.bodies = append(rc.bodies, body)
	w.WriteHeader(http.StatusNoContent)
}

func newWebhook(t *testing.T, url string, o alerts.HTTPOptions) *alerts.Webhook {
	t.Helper()
	if o.MinWait == 0 {
		o.MinWait, o.MaxWait = time.Millisecond, 5*time.Millisecond
	}
	w, err := alerts.NewWebhook(alerts.WebhookConfig{URL: url, Secret: alerts.NewSecret(testSecret), HTTPOptions: o})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestWebhookDelivery(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		rc          *receiver
		opts        alerts.HTTPOptions
		alerts      int
		delivered   int
		failed      int
		wantInError string
	}{
		{"all delivered", &receiver{}, alerts.HTTPOptions{}, 3, 3, 0, ""},
		{"first attempts fail, retries succeed", &receiver{failFor: 2}, alerts.HTTPOptions{}, 3, 3, 0, ""},
		{"429 with Retry-After waited out", &receiver{failFor: 1, status: http.StatusTooManyRequests,
			header: http.Header{"Retry-After": {"1"}}}, alerts.HTTPOptions{}, 2, 2, 0, ""},
		{"Retry-After beyond the timeout: kept", &receiver{failFor: 1, status: http.StatusTooManyRequests,
			header: http.Header{"Retry-After": {"3600"}}}, alerts.HTTPOptions{Timeout: 2 * time.Second}, 2, 0, 2, "HTTP 429"},
		{"receiver down: the batch stops", &receiver{failFor: 100}, alerts.HTTPOptions{MaxRetries: 2}, 3, 0, 3, "HTTP 503"},
		{"rejected alert fails alone", &receiver{failFor: 1, status: http.StatusUnprocessableEntity}, alerts.HTTPOptions{}, 3, 2, 1, "HTTP 422"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(tc.rc)
			t.Cleanup(srv.Close)
			w := newWebhook(t, srv.URL+"/hooks/authlens?token=query-credential", tc.opts)
			as := sampleAlerts(tc.alerts)
			err := w.Send(context.Background(), as)
			var de *alerts.DeliveryError
			switch {
			case tc.failed == 0 && err != nil:
				t.Fatalf("Send: %v", err)
			case tc.failed > 0 && !errors.As(err, &de):
				t.Fatalf("Send: %v, want a DeliveryError", err)
			case tc.failed > 0:
				if len(de.Failures) != tc.failed || !strings.Contains(err.Error(), tc.wantInError) {
					t.Errorf("%d failures (%v), want %d naming %q", len(de.Failures), err, tc.failed, tc.wantInError)
				}
				for _, s := range []string{testSecret, "query-credential", "/hooks/authlens"} {
					if strings.Contains(err.Error(), s) || strings.Contains(fmt.Sprintf("%+v %#v", err, w), s) {
						t.Errorf("%q in the error or the sink: %v", s, err)
					}
				}
			}
			tc.rc.mu.Lock()
			defer tc.rc.mu.Unlock()
			if tc.rc.badSigs > 0 {
				t.Errorf("%d requests with a bad signature", tc.rc.badSigs)
			}
			if len(tc.rc.accepted) != tc.delivered {
				t.Errorf("%d alerts accepted, want %d", len(tc.rc.accepted), tc.delivered)
			}
			for k, n := range tc.rc.accepted {
				if n != 1 {
					t.Errorf("alert %s accepted %d times", k, n)
				}
			}
			for _, b := range tc.rc.bodies {
				var a alerts.Alert
				if err := json.Unmarshal(b, &a); err != nil || a.Rule != alerts.RuleGrantWidened || a.Key == "" {
					t.Errorf("body %s: %v", b, err)
				}
				if bytes.Contains(b, []byte(`\u003c`)) {
					t.Errorf("HTML-escaped body %s", b)
				}
			}
		})
	}
}

func TestWebhookStopsWithContext(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&receiver{failFor: 1000})
	t.Cleanup(srv.Close)
	w := newWebhook(t, srv.URL, alerts.HTTPOptions{MinWait: time.Second, MaxWait: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := w.Send(ctx, sampleAlerts(2))
	var de *alerts.DeliveryError
	if !errors.As(err, &de) || len(de.Failures) != 2 || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Send: %v", err)
	}
}

func TestSinkConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"no secret", func() error {
			_, err := alerts.NewWebhook(alerts.WebhookConfig{URL: "https://hooks.example"})
			return err
		}()},
		{"relative URL", func() error {
			_, err := alerts.NewWebhook(alerts.WebhookConfig{URL: "/hooks", Secret: alerts.NewSecret("s")})
			return err
		}()},
		{"ftp", func() error {
			_, err := alerts.NewSlack(alerts.SlackConfig{URL: "ftp://hooks.example/x"})
			return err
		}()},
	} {
		if !errors.Is(tc.err, alerts.ErrInvalidConfig) {
			t.Errorf("%s: %v", tc.name, tc.err)
		}
	}
	w, err := alerts.NewWebhook(alerts.WebhookConfig{URL: "https://hooks.example/a/b?c=d", Secret: alerts.NewSecret(testSecret)})
	if err != nil {
		t.Fatal(err)
	}
	s, err := alerts.NewSlack(alerts.SlackConfig{URL: "https://hooks.slack.com/services/T000/B000/XXXXSECRET"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(w.Name(), "webhook https://hooks.example (") || !strings.HasPrefix(s.Name(), "slack https://hooks.slack.com (") {
		t.Errorf("names %q %q", w.Name(), s.Name())
	}
	for _, v := range []any{w, s, alerts.SlackConfig{URL: "https://hooks.slack.com/services/T000/B000/XXXXSECRET"}} {
		out := fmt.Sprintf("%v %+v %#v %s", v, v, v, v)
		if strings.Contains(out, "XXXXSECRET") || strings.Contains(out, testSecret) || strings.Contains(out, "/a/b") {
			t.Errorf("a secret in %s", out)
		}
	}
}

func TestSecretNeverPrinted(t *testing.T) {
	t.Parallel()
	s := alerts.NewSecret(testSecret)
	holder := struct {
		name   string
		secret alerts.Secret
		Public alerts.Secret
	}{"x", s, s}
	cfg := alerts.WebhookConfig{URL: "https://hooks.example", Secret: s}
	j, _ := json.Marshal(cfg)
	for _, out := range []string{
		fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s %q %x %X %d", s, s, s, s, s, s, s, s),
		fmt.Sprintf("%v %+v %#v", holder, holder, holder), fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg), string(j),
	} {
		if strings.Contains(out, testSecret) || strings.Contains(out, fmt.Sprintf("%x", testSecret)) ||
			strings.Contains(out, "119 104 115") { // the bytes of "whs"
			t.Errorf("the secret shows: %s", out)
		}
	}
	if s.IsZero() || !alerts.NewSecret("").IsZero() {
		t.Error("IsZero")
	}
}

func TestVerifySignature(t *testing.T) {
	t.Parallel()
	var got http.Header
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		got = r.Header.Clone()
	}))
	t.Cleanup(srv.Close)
	now := time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)
	w, err := alerts.NewWebhook(alerts.WebhookConfig{URL: srv.URL, Secret: alerts.NewSecret(testSecret), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Send(context.Background(), sampleAlerts(1)); err != nil {
		t.Fatal(err)
	}
	if got.Get(alerts.HeaderIdempotencyKey) != "key-00" || got.Get(alerts.HeaderTimestamp) != fmt.Sprint(now.Unix()) ||
		!strings.HasPrefix(got.Get(alerts.HeaderSignature), "sha256=") || got.Get("Content-Type") != "application/json" {
		t.Fatalf("headers %v", got)
	}
	tamper := func(f func(h http.Header, b []byte) (http.Header, []byte)) (http.Header, []byte) {
		return f(got.Clone(), bytes.Clone(body))
	}
	for _, tc := range []struct {
		name   string
		h      http.Header
		b      []byte
		secret string
		at     time.Time
		ok     bool
	}{
		{"as sent", got, body, testSecret, now.Add(time.Minute), true},
		{"rotated secrets listed", func() http.Header {
			h := got.Clone()
			h.Set(alerts.HeaderSignature, "sha256=00ff,"+got.Get(alerts.HeaderSignature))
			return h
		}(), body, testSecret, now, true},
		{"wrong secret", got, body, "other", now, false},
		{"body changed", got, append(bytes.Clone(body), ' '), testSecret, now, false},
		{"replayed later", got, body, testSecret, now.Add(time.Hour), false},
		{"timestamp changed", func() http.Header {
			h, _ := tamper(func(h http.Header, b []byte) (http.Header, []byte) {
				h.Set(alerts.HeaderTimestamp, fmt.Sprint(now.Unix()+1))
				return h, b
			})
			return h
		}(), body, testSecret, now, false},
		{"no signature", func() http.Header { h := got.Clone(); h.Del(alerts.HeaderSignature); return h }(), body, testSecret, now, false},
		{"no timestamp", func() http.Header { h := got.Clone(); h.Del(alerts.HeaderTimestamp); return h }(), body, testSecret, now, false},
	} {
		err := alerts.VerifySignatureAt(tc.secret, tc.b, tc.h, tc.at, alerts.SignatureTolerance)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, alerts.ErrSignature)) {
			t.Errorf("%s: %v", tc.name, err)
		}
		if err != nil && strings.Contains(err.Error(), testSecret) {
			t.Errorf("%s: the secret in %v", tc.name, err)
		}
	}
}

func TestSlack(t *testing.T) {
	t.Parallel()
	var bodies [][]byte
	var mu sync.Mutex
	fails := 1
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if fails > 0 {
			fails--
			w.Header().Set("Retry-After", "1")
			http.Error(w, "rate_limited", http.StatusTooManyRequests)
			return
		}
		bodies = append(bodies, b)
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)
	s, err := alerts.NewSlack(alerts.SlackConfig{URL: srv.URL + "/services/T0/B0/SECRETPATH",
		HTTPOptions: alerts.HTTPOptions{MinWait: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), sampleAlerts(2)); err != nil {
		t.Fatal(err)
	}
	if len(bodies) != 2 {
		t.Fatalf("%d messages", len(bodies))
	}
	var msg struct {
		Text   string           `json:"text"`
		Blocks []map[string]any `json:"blocks"`
	}
	if err := json.Unmarshal(bodies[0], &msg); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg.Text, "[CRITICAL]") || len(msg.Blocks) < 3 || msg.Blocks[0]["type"] != "section" {
		t.Errorf("message %s", bodies[0])
	}
	if !strings.Contains(string(bodies[0]), "&lt;widened&gt; &amp; more") {
		t.Errorf("mrkdwn not escaped: %s", bodies[0])
	}
}

func TestJSONLines(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	s := alerts.NewJSONLines("", &b)
	if err := s.Send(context.Background(), sampleAlerts(3)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 || s.Name() != "jsonl" {
		t.Fatalf("%d lines", len(lines))
	}
	var a alerts.Alert
	if err := json.Unmarshal([]byte(lines[2]), &a); err != nil || a.Key != "key-02" || a.Severity != posture.SeverityCritical {
		t.Errorf("%s: %v", lines[2], err)
	}
	err := alerts.NewJSONLines("x", failWriter{}).Send(context.Background(), sampleAlerts(2))
	var de *alerts.DeliveryError
	if !errors.As(err, &de) || len(de.Failures) != 2 {
		t.Errorf("write failure: %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
