package watch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/alerts"
	"github.com/authlens/authlens/posture/watch"
)

const secret = "whsec-watch-test-5f1b9c2d7e"

// handlerTransport answers requests with a handler in memory: a bubble of
// testing/synctest cannot wait on sockets (its clock only moves when every
// goroutine is blocked on something it controls), so the loop tests reach
// the fake tenant and the receiver without a network.
type handlerTransport struct {
	h     http.Handler
	count *atomic.Int64
}

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		defer r.Body.Close()
	}
	if t.count != nil {
		t.count.Add(1)
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// receiver is a webhook endpoint: it fails the first failFor requests
// with 503, verifies every signature, and counts what it accepted by
// idempotency key.
type receiver struct {
	mu       sync.Mutex
	failFor  int
	attempts map[string]int // key → requests
	accepted map[string]int // key → 2xx answers
	rules    map[string]string
	badSigs  int
	now      func() time.Time
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	key := r.Header.Get(alerts.HeaderIdempotencyKey)
	if rc.attempts == nil {
		rc.attempts, rc.accepted, rc.rules = map[string]int{}, map[string]int{}, map[string]string{}
	}
	rc.attempts[key]++
	if err := alerts.VerifySignatureAt(secret, body, r.Header, rc.now(), alerts.SignatureTolerance); err != nil {
		rc.badSigs++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if rc.failFor > 0 {
		rc.failFor--
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	var a alerts.Alert
	_ = json.Unmarshal(body, &a)
	if a.Key != key {
		http.Error(w, "key mismatch", http.StatusBadRequest)
		return
	}
	rc.accepted[key]++
	rc.rules[key] = a.Rule
	w.WriteHeader(http.StatusNoContent)
}

// TestWatchLoop runs the loop on a fake tenant that changes between ticks,
// a scan that fails once, and a webhook receiver that fails the first
// deliveries: every alert arrives once, signed, under a stable key.
func TestWatchLoop(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 42}) // outside the bubble: it listens on a socket nobody uses here
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	grant := grantOf(t, srv, "Reporting Service")

	synctest.Test(t, func(t *testing.T) {
		var requests atomic.Int64
		client, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()},
			auth0mgmt.WithHTTPClient(&http.Client{Transport: handlerTransport{h: srv, count: &requests}}))
		if err != nil {
			t.Fatal(err)
		}
		rc := &receiver{failFor: 6, now: time.Now}
		hook, err := alerts.NewWebhook(alerts.WebhookConfig{URL: "https://hooks.example/authlens?token=t0ps3cret", Secret: alerts.NewSecret(secret),
			HTTPOptions: alerts.HTTPOptions{MaxRetries: 2, HTTPClient: &http.Client{Transport: handlerTransport{h: rc}}}})
		if err != nil {
			t.Fatal(err)
		}
		var lines bytes.Buffer
		jsonl := alerts.NewJSONLines("", &lines)

		// What changes before each tick's scan.
		changes := map[int]func(){
			2: func() {
				_ = srv.SetField(auth0test.KindClientGrants, grant, "scope", []string{"read:users", "read:logs", "read:stats", "update:users"})
			},
			4: func() { _ = srv.SetSetting("brute-force-protection", "enabled", false) },
		}
		scans := 0
		var events []watch.Event
		w := &watch.Watcher{
			Scan: func(ctx context.Context) (*inventory.Snapshot, error) {
				scans++
				if f := changes[scans]; f != nil {
					f()
				}
				if scans == 3 {
					return nil, errors.New("tenant unreachable")
				}
				return inventory.Collect(ctx, client, inventory.Options{Now: auth0test.BaseTime,
					Tenant: "https://" + srv.Tenant().Domain()})
			},
			StateDir: dir, Keep: 3, Interval: time.Hour, Jitter: 5 * time.Minute,
			Sinks:    []alerts.Sink{jsonl, hook},
			Alerts:   alerts.Options{MinSeverity: posture.SeverityMedium},
			Requests: requests.Load,
			OnEvent:  func(e watch.Event) { events = append(events, e); t.Log(e) },
			MaxTicks: 6,
		}
		start := time.Now()
		if err := w.Run(context.Background()); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if elapsed := time.Since(start); elapsed < 5*time.Hour || elapsed > 5*time.Hour+25*time.Minute {
			t.Errorf("6 ticks took %s of the fake clock, want 5h plus jitter", elapsed)
		}

		// The events: a baseline, the alerts at ticks 2 and 4, the failed
		// scan at 3, the failed deliveries at 2 and 3.
		var kinds []string
		for _, e := range events {
			kinds = append(kinds, string(e.Kind))
			if s := e.String(); strings.Contains(s, secret) || strings.Contains(s, "t0ps3cret") {
				t.Errorf("a secret in an event: %s", s)
			}
		}
		want := []string{"started", "baseline", "delivery_failed", "tick", "delivery_failed", "scan_failed", "tick", "tick", "tick"}
		if !slices.Equal(kinds, want) {
			t.Fatalf("events %v, want %v", kinds, want)
		}
		byTick := map[int]watch.Event{}
		for _, e := range events {
			if e.Kind == watch.EventTick || e.Kind == watch.EventBaseline || e.Kind == watch.EventScanFailed {
				byTick[e.Tick] = e
			}
		}
		if e := byTick[1]; e.Requests <= 0 || e.Findings <= 0 || e.Kinds[inventory.StatusOK] == 0 {
			t.Errorf("baseline %+v", e)
		}
		if e := byTick[2]; len(e.Alerts) != 1 || e.Alerts[0].Rule != alerts.RuleGrantWidened || e.Pending != 1 || e.Delivered != 1 {
			t.Errorf("tick 2: %s", e)
		}
		if e := byTick[3]; e.Err == nil || e.Pending != 1 {
			t.Errorf("tick 3: %s", e)
		}
		if e := byTick[4]; len(e.Alerts) != 1 || e.Alerts[0].Rule != alerts.RuleBruteForceDown || e.Delivered != 3 || e.Pending != 0 {
			t.Errorf("tick 4: %s", e)
		}
		for _, n := range []int{5, 6} {
			if e := byTick[n]; len(e.Alerts) != 0 {
				t.Errorf("tick %d: %s", n, e)
			}
		}

		// Each alert delivered exactly once to each sink, signed, under
		// the key the alert carries.
		var got []alerts.Alert
		for _, l := range strings.Split(strings.TrimSpace(lines.String()), "\n") {
			var a alerts.Alert
			if err := json.Unmarshal([]byte(l), &a); err != nil {
				t.Fatalf("%q: %v", l, err)
			}
			got = append(got, a)
		}
		if len(got) != 2 || got[0].Rule != alerts.RuleGrantWidened || got[1].Rule != alerts.RuleBruteForceDown {
			t.Fatalf("JSON lines: %v", got)
		}
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if rc.badSigs != 0 {
			t.Errorf("%d bad signatures", rc.badSigs)
		}
		for _, a := range got {
			if rc.accepted[a.Key] != 1 || rc.rules[a.Key] != a.Rule {
				t.Errorf("%s accepted %d times", a.Rule, rc.accepted[a.Key])
			}
		}
		if len(rc.accepted) != 2 || rc.attempts[got[0].Key] != 7 {
			t.Errorf("accepted %v, attempts %v (the grant alert: 3 attempts at ticks 2 and 3, 1 at tick 4)", rc.accepted, rc.attempts)
		}

		// The state directory: the last 3 scans and the lock file,
		// nothing pending, no temporary file, nothing readable by others.
		files := listDir(t, dir)
		var snaps []string
		for _, f := range files {
			switch {
			case strings.HasPrefix(f, "snapshot-"):
				snaps = append(snaps, f)
			case f == watch.LockFile:
			default:
				t.Errorf("unexpected file %s in the state directory", f)
			}
		}
		if len(snaps) != 3 {
			t.Errorf("kept %v, want 3 snapshots", snaps)
		}
		for _, f := range snaps {
			st, _ := os.Stat(filepath.Join(dir, f))
			if st.Mode().Perm() != 0o600 {
				t.Errorf("%s is %v", f, st.Mode().Perm())
			}
			if _, err := inventory.LoadFile(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	})
}

func grantOf(t *testing.T, srv *auth0test.Server, clientName string) string {
	t.Helper()
	var clientID string
	for _, id := range srv.Tenant().IDs(auth0test.KindClients) {
		b, _ := srv.Tenant().Object(auth0test.KindClients, id)
		var c struct{ Name string }
		_ = json.Unmarshal(b, &c)
		if c.Name == clientName {
			clientID = id
		}
	}
	for _, id := range srv.Tenant().IDs(auth0test.KindClientGrants) {
		b, _ := srv.Tenant().Object(auth0test.KindClientGrants, id)
		var g struct {
			ClientID string `json:"client_id"`
			Audience string
		}
		_ = json.Unmarshal(b, &g)
		if g.ClientID == clientID && g.Audience == srv.Tenant().ManagementAudience() {
			return id
		}
	}
	t.Fatalf("no Management API grant for %s", clientName)
	return ""
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
