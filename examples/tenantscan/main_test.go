package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/alerts"
	"github.com/authlens/authlens/posture/watch"
)

func scan(t *testing.T, args, env []string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, env, &out, &errb)
	return code, out.String(), errb.String()
}

// tenantEnv is the environment that points at srv.
func tenantEnv(srv *auth0test.Server) []string {
	id, secret := srv.ClientCredentials()
	return []string{"AUTH0_DOMAIN=" + srv.URL(), "AUTH0_CLIENT_ID=" + id, "AUTH0_CLIENT_SECRET=" + secret, "HOME=/nowhere"}
}

func TestDemoScan(t *testing.T) {
	t.Parallel()
	code, out, errs := scan(t, []string{"-demo-preset", "tiny"}, []string{"PATH=/usr/bin"})
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if !strings.Contains(errs, "demo tenant") {
		t.Errorf("stderr does not say it scans the demo tenant:\n%s", errs)
	}
	for _, want := range []string{"KIND", "STATUS", "clients", "users", "ok", "48 kinds", "flows_vault_connections", "scim_configurations"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

func TestBadConfig(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 1})
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		name string
		args []string
		env  []string
		want string
	}{
		{"id without secret", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_CLIENT_ID=abc"}, "AUTH0_CLIENT_SECRET"},
		{"secret without id", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_CLIENT_SECRET=abc"}, "AUTH0_CLIENT_ID"},
		{"domain with a path", nil, []string{"AUTH0_DOMAIN=https://example.eu.auth0.com/api/v2", "AUTH0_TOKEN=t"}, "AUTH0_DOMAIN"},
		{"bare domain with a path", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com/x", "AUTH0_TOKEN=t"}, "AUTH0_DOMAIN"},
		{"token and credentials", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_TOKEN=t", "AUTH0_CLIENT_ID=a", "AUTH0_CLIENT_SECRET=s"}, "AUTH0_"},
		{"domain without credentials", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com"}, "AUTH0_"},
		{"credentials without domain", nil, []string{"AUTH0_CLIENT_ID=a", "AUTH0_CLIENT_SECRET=s"}, "AUTH0_DOMAIN"},
		// private_key_jwt
		{"key file and secret", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_CLIENT_ID=a", "AUTH0_CLIENT_SECRET=s",
			"AUTH0_CLIENT_ASSERTION_KEY_FILE=" + keyFile(t)}, "AUTH0_CLIENT_SECRET must not be set together with AUTH0_CLIENT_ASSERTION_KEY_FILE"},
		{"key file and token", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_TOKEN=t",
			"AUTH0_CLIENT_ASSERTION_KEY_FILE=" + keyFile(t)}, "AUTH0_CLIENT_ASSERTION_KEY_FILE must not be set together with AUTH0_TOKEN"},
		{"key file without client id", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com",
			"AUTH0_CLIENT_ASSERTION_KEY_FILE=" + keyFile(t)}, "AUTH0_CLIENT_ID"},
		{"missing key file", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_CLIENT_ID=a",
			"AUTH0_CLIENT_ASSERTION_KEY_FILE=" + filepath.Join(t.TempDir(), "nope.pem")}, "AUTH0_CLIENT_ASSERTION_KEY_FILE cannot read"},
		{"key file holding no key", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_CLIENT_ID=a",
			"AUTH0_CLIENT_ASSERTION_KEY_FILE=" + writeTestFile(t, "cert.pem", "not a key")}, "AUTH0_CLIENT_ASSERTION_KEY_FILE is not PEM"},
		{"key id without key file", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_CLIENT_ID=a", "AUTH0_CLIENT_SECRET=s",
			"AUTH0_CLIENT_ASSERTION_KEY_ID=kid"}, "AUTH0_CLIENT_ASSERTION_KEY_ID is set without AUTH0_CLIENT_ASSERTION_KEY_FILE"},
		{"bad algorithm", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_CLIENT_ID=a",
			"AUTH0_CLIENT_ASSERTION_KEY_FILE=" + keyFile(t), "AUTH0_CLIENT_ASSERTION_ALG=HS256"}, "AUTH0_CLIENT_ASSERTION_ALG"},
		{"id alone", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_CLIENT_ID=a"},
			"AUTH0_CLIENT_SECRET is required with AUTH0_CLIENT_ID, unless AUTH0_CLIENT_ASSERTION_KEY_FILE is set"},
		{"key file without domain", nil, []string{"AUTH0_CLIENT_ID=a", "AUTH0_CLIENT_ASSERTION_KEY_FILE=x"}, "AUTH0_DOMAIN"},
		{"unknown flag", []string{"-frobnicate"}, nil, "frobnicate"},
		{"unknown kind", []string{"-kinds", "clients,widgets"}, nil, "widgets"},
		{"stray argument", []string{"now"}, nil, "now"},
		{"missing diff file", []string{"-diff", filepath.Join(t.TempDir(), "nope.json")}, tenantEnv(srv), "-diff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, _, errs := scan(t, tc.args, tc.env)
			if code != 2 {
				t.Fatalf("exit %d, want 2\n%s", code, errs)
			}
			if !strings.Contains(errs, tc.want) {
				t.Errorf("stderr does not name %s:\n%s", tc.want, errs)
			}
			for _, goName := range []string{"ClientSecret", "ClientID", "ClientAssertion", "Domain", "Audience", "Token"} {
				if strings.Contains(errs, goName) {
					t.Errorf("stderr names the Go field %s, not its variable:\n%s", goName, errs)
				}
			}
			if strings.Contains(errs, "=s") || strings.Contains(errs, "AUTH0_CLIENT_SECRET=abc") {
				t.Errorf("a secret in the message:\n%s", errs)
			}
		})
	}
}

func TestUnreadableTenant(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 1})
	t.Cleanup(srv.Close)
	id, _ := srv.ClientCredentials()
	for _, tc := range []struct {
		name string
		env  []string
		fix  []string // what the message says to check, by variable
	}{
		{"wrong secret", []string{"AUTH0_DOMAIN=" + srv.URL(), "AUTH0_CLIENT_ID=" + id, "AUTH0_CLIENT_SECRET=not-the-secret"},
			[]string{"refused client id", "check AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET", "authorised for the Management API"}},
		{"bad token", []string{"AUTH0_DOMAIN=" + srv.URL(), "AUTH0_TOKEN=not-a-token"},
			[]string{"the Management API refused AUTH0_TOKEN", "has not expired"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := scan(t, nil, tc.env)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s", code, errs)
			}
			if !strings.Contains(errs, "cannot be read") {
				t.Errorf("stderr does not say why:\n%s", errs)
			}
			if strings.Contains(errs, "not-the-secret") || strings.Contains(errs, "not-a-token") {
				t.Errorf("credentials in the output:\n%s", errs)
			}
			for _, f := range tc.fix {
				if !strings.Contains(errs, f) {
					t.Errorf("stderr does not say %q:\n%s", f, errs)
				}
			}
			if out != "" {
				t.Errorf("a summary for an unreadable tenant:\n%s", out)
			}
		})
	}
}

func TestScanWithToken(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 2, Scopes: withoutScope(auth0test.AllReadScopes(), "read:logs")})
	t.Cleanup(srv.Close)
	code, out, errs := scan(t, []string{"-quiet"}, []string{"AUTH0_DOMAIN=" + srv.URL(), "AUTH0_TOKEN=" + srv.Token()})
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if !strings.Contains(out, "forbidden") || !strings.Contains(out, "missing scope read:logs") {
		t.Errorf("the partial scan does not say what it lacks:\n%s", out)
	}
	if strings.Contains(errs, "  users") {
		t.Errorf("-quiet printed progress:\n%s", errs)
	}
}

func withoutScope(scopes []string, drop string) []string {
	out := scopes[:0]
	for _, s := range scopes {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

func TestSnapshotThenDiff(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 3, Preset: auth0test.PresetTiny})
	t.Cleanup(srv.Close)
	env := tenantEnv(srv)
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.json"), filepath.Join(dir, "second.json")
	if code, _, errs := scan(t, []string{"-snapshot", first}, env); code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(first); err != nil {
		t.Fatal(err)
	}
	code, out, errs := scan(t, []string{"-diff", first, "-snapshot", second}, env)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if !strings.Contains(out, "no changes since "+first) {
		t.Errorf("unchanged tenant, but:\n%s", out)
	}
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	if !bytes.Equal(a, b) {
		t.Error("two scans of the unchanged tenant differ")
	}
	srv.SetFaults(auth0test.Faults{MissingScopes: []string{"read:roles"}, Unconfigured: []string{"email_provider"}})
	code, out, errs = scan(t, []string{"-diff", first}, env)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	for _, want := range []string{"change(s) since", `roles status: {"status":"ok"} -> {"missing_scopes":["read:roles"],"status":"forbidden"}`,
		"email_provider/provider removed"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
}

func TestInterrupted(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 4})
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	if code := run(ctx, nil, tenantEnv(srv), &out, &errb); code != 130 {
		t.Fatalf("exit %d, want 130\n%s", code, errb.String())
	}
}

func TestDemoSnapshotsAreIdentical(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var files [2][]byte
	for i := range files {
		p := filepath.Join(dir, "scan"+string(rune('a'+i))+".json")
		if code, _, errs := scan(t, []string{"-demo-preset", "tiny", "-snapshot", p}, nil); code != 0 {
			t.Fatalf("exit %d\n%s", code, errs)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = b
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("two scans of the unchanged demo tenant gave different snapshots")
	}
	if !bytes.Contains(files[0], []byte(`"tenant":"https://authlens-demo.auth0.example"`)) {
		t.Errorf("snapshot does not name the demo tenant by its domain: %.200s", files[0])
	}
}

// savedSnapshot scans a tiny tenant once into a snapshot file for the posture
// tests that judge it with -from.
func savedSnapshot(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "scan.json")
	if code, _, errs := scan(t, []string{"-demo-preset", "tiny", "-quiet", "-snapshot", p}, nil); code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	return p
}

func TestJudgeSavedSnapshot(t *testing.T) {
	t.Parallel()
	snap := savedSnapshot(t)
	dir := t.TempDir()
	files := map[string]string{"-findings": filepath.Join(dir, "f.json"), "-sarif": filepath.Join(dir, "f.sarif"), "-report": filepath.Join(dir, "f.md")}
	args := []string{"-from", snap}
	for flag, p := range files {
		args = append(args, flag, p)
	}
	// -from needs no tenant: credentials in the environment are ignored,
	// nothing is dialled.
	code, out, errs := scan(t, args, []string{"AUTH0_DOMAIN=unreachable.invalid", "AUTH0_TOKEN=x"})
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	for _, want := range []string{"posture:", "findings:", "critical", "AL-M2M-001", "clients"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for flag, p := range files {
		b, err := os.ReadFile(p)
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %v", flag, err)
		}
	}
	b, _ := os.ReadFile(files["-sarif"])
	if !bytes.Contains(b, []byte(`"version": "2.1.0"`)) && !bytes.Contains(b, []byte(`"version":"2.1.0"`)) {
		t.Errorf("-sarif is not SARIF 2.1.0: %.200s", b)
	}
}

func TestFailOnAndSuppressions(t *testing.T) {
	t.Parallel()
	snap := savedSnapshot(t)
	code, _, errs := scan(t, []string{"-from", snap, "-quiet", "-fail-on", "critical"}, nil)
	if code != 3 || !strings.Contains(errs, "at or above critical") || strings.Contains(errs, "makes a CI job fail") {
		t.Fatalf("exit %d, want 3\n%s", code, errs)
	}
	// Without -fail-on: exit 0, and a word on how to fail a CI job.
	code, _, errs = scan(t, []string{"-from", snap, "-quiet"}, nil)
	if code != 0 || !strings.Contains(errs, "finding(s) at high or above: -fail-on high makes a CI job fail on them") {
		t.Fatalf("exit %d, want 0 with the -fail-on hint\n%s", code, errs)
	}
	// Accept every critical finding: -fail-on critical passes, high fails.
	sup := filepath.Join(t.TempDir(), "accepted.yaml")
	os.WriteFile(sup, []byte(`suppressions:
  - check: AL-M2M-001
    resource: {kind: client_grants, id: "*"}
    reason: Reviewed in SEC-1
  - check: AL-M2M-002
    resource: {kind: clients, id: "*"}
    reason: Reviewed in SEC-1
    expires: 2099-12-31
  - check: AL-PATH-001
    resource: {id: "*"}
    reason: Reviewed in SEC-1
  - check: AL-PATH-003
    resource: {id: "*"}
    reason: Reviewed in SEC-1
`), 0o600)
	code, out, errs := scan(t, []string{"-from", snap, "-suppress", sup, "-fail-on", "critical"}, nil)
	if code != 0 {
		t.Fatalf("exit %d, want 0 with the criticals accepted\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "suppressed") {
		t.Errorf("the summary does not count the suppressed findings:\n%s", out)
	}
	if code, _, _ := scan(t, []string{"-from", snap, "-suppress", sup, "-fail-on", "high"}, nil); code != 3 {
		t.Errorf("-fail-on high: exit %d, want 3", code)
	}
}

func TestJudgeBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.json")
	os.WriteFile(corrupt, []byte(`{"version":1,"kinds":{"clients":{"status":"ok","count":2,"records":{}}}}`), 0o600)
	newer := filepath.Join(dir, "newer.json")
	os.WriteFile(newer, []byte(`{"version":99,"kinds":{}}`), 0o600)
	badSup := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badSup, []byte("suppressions:\n  - check: AL-APP-001\n    resource: {id: x}\n"), 0o600)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing snapshot", []string{"-from", filepath.Join(dir, "nope.json")}, "-from"},
		{"corrupt snapshot", []string{"-from", corrupt}, "corrupt snapshot"},
		{"newer snapshot", []string{"-from", newer}, "version 99"},
		{"bad severity", []string{"-fail-on", "severe"}, "-fail-on"},
		{"unknown check", []string{"-checks", "AL-APP-001,AL-XYZ-001"}, "AL-XYZ-001"},
		{"check id without its zeros", []string{"-checks", "AL-APP-1"}, "did you mean AL-APP-001?"},
		{"kind in the singular", []string{"-kinds", "client"}, "from: "},
		{"Slack URL without a scheme", []string{"-watch", "1m", "-state", dir, "-slack-webhook", "hooks.slack.com/x"}, "-slack-webhook: invalid sink configuration: the URL must be an absolute"},
		{"unknown area", []string{"-areas", "widgets"}, "widgets"},
		{"suppression without reason", []string{"-suppress", badSup}, "reason is missing"},
		{"missing suppressions", []string{"-suppress", filepath.Join(dir, "nope.yaml")}, "-suppress"},
		{"report in a missing directory", []string{"-report", filepath.Join(dir, "no", "r.md")}, "-report"},
		{"negative top", []string{"-top", "-1"}, "-top"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, _, errs := scan(t, tc.args, nil)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, want 2 naming %q:\n%s", code, tc.want, errs)
			}
		})
	}
}

// The demo tenant carries planted problems; the clean preset none at high
// or above: -fail-on high fails the one and passes the other.
func TestDemoPresetsFailOn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		preset string
		code   int
	}{{"small", 3}, {"clean", 0}} {
		t.Run(tc.preset, func(t *testing.T) {
			t.Parallel()
			code, out, errs := scan(t, []string{"-demo-preset", tc.preset, "-quiet", "-fail-on", "high"}, nil)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s\n%s", code, tc.code, out, errs)
			}
		})
	}
}

// ---- -watch (watch.go) ----

const watchSecret = "whsec-tenantscan-test-7d3f"

// lineWriter calls onLine for every complete line written to it.
type lineWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	all    bytes.Buffer
	onLine func(string)
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.all.Write(p)
	w.buf.Write(p)
	var lines []string
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line)
			break
		}
		lines = append(lines, line)
	}
	w.mu.Unlock()
	for _, l := range lines {
		w.onLine(l)
	}
	return len(p), nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.all.String()
}

// mgmtGrantWithout finds a Management API grant that lacks a scope.
func mgmtGrantWithout(t *testing.T, srv *auth0test.Server, scope string) string {
	t.Helper()
	for _, id := range srv.Tenant().IDs(auth0test.KindClientGrants) {
		b, _ := srv.Tenant().Object(auth0test.KindClientGrants, id)
		var g struct {
			Audience string   `json:"audience"`
			Scope    []string `json:"scope"`
		}
		_ = json.Unmarshal(b, &g)
		if g.Audience == srv.Tenant().ManagementAudience() && !slices.Contains(g.Scope, scope) {
			return id
		}
	}
	t.Fatal("no such grant")
	return ""
}

func TestWatch(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 5})
	t.Cleanup(srv.Close)
	grant := mgmtGrantWithout(t, srv, "update:users")

	var mu sync.Mutex
	var hooked, slacked []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := alerts.VerifySignature(watchSecret, body, r.Header); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var a alerts.Alert
		_ = json.Unmarshal(body, &a)
		mu.Lock()
		hooked = append(hooked, a.Rule+" "+r.Header.Get(alerts.HeaderIdempotencyKey))
		mu.Unlock()
	}))
	t.Cleanup(hook.Close)
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		slacked = append(slacked, string(body))
		mu.Unlock()
		io.WriteString(w, "ok")
	}))
	t.Cleanup(slack.Close)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &lineWriter{onLine: func(l string) {
		switch {
		case strings.Contains(l, "tick 1: baseline"):
			// someone widens a grant between two scans
			if err := srv.SetField(auth0test.KindClientGrants, grant, "scope", []string{"read:users", "update:users"}); err != nil {
				t.Error(err)
			}
		case strings.Contains(l, "tick 3:"):
			cancel()
		}
	}}
	var stdout bytes.Buffer
	dir := filepath.Join(t.TempDir(), "state")
	env := append(tenantEnv(srv), "AUTHLENS_WEBHOOK_SECRET="+watchSecret)
	code := run(ctx, []string{"-watch", "10ms", "-state", dir, "-keep", "2", "-webhook", hook.URL + "/in?token=hooktoken",
		"-slack-webhook", slack.URL + "/services/T0/B0/SLACKSECRET", "-alerts-min-severity", "medium"}, env, &stdout, stderr)
	errs := stderr.String()
	if code != exitInterrupted {
		t.Fatalf("exit %d, want 130\n%s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("stdout: %d lines, want the one alert:\n%s", len(lines), stdout.String())
	}
	var a alerts.Alert
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil || a.Rule != alerts.RuleGrantWidened || a.Severity != posture.SeverityCritical {
		t.Fatalf("stdout %s: %v", lines[0], err)
	}
	for _, want := range []string{"watching every 10ms", "tick 1: baseline kept", "requests", "tick 2:", "1 alert(s) (1 critical)",
		"CRITICAL ALR-GRANT-001", "scope: +update:users", "tenantscan: interrupted"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	mu.Lock()
	if len(hooked) != 1 || hooked[0] != a.Rule+" "+a.Key || len(slacked) != 1 || !strings.Contains(slacked[0], `"blocks"`) {
		t.Errorf("webhook got %v, Slack got %v", hooked, slacked)
	}
	mu.Unlock()
	for _, secret := range []string{watchSecret, "SLACKSECRET", "hooktoken"} {
		if strings.Contains(errs, secret) || strings.Contains(stdout.String(), secret) {
			t.Errorf("%q in the output", secret)
		}
	}
	var files []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		files = append(files, e.Name())
	}
	if len(files) != 3 || !strings.HasPrefix(files[0], "snapshot-") || !strings.HasPrefix(files[1], "snapshot-") || files[2] != watch.LockFile {
		t.Errorf("state: %v, want the last 2 snapshots and the lock file", files)
	}
}

// TestWatchStateLocked: -watch on a -state directory another watch holds
// exits 2 at once, before any scan, naming the directory, the holder and
// what to do; once the holder stops, the same command watches.
func TestWatchStateLocked(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 1})
	t.Cleanup(srv.Close)
	dir := filepath.Join(t.TempDir(), "state")

	// The other watch: it holds the directory from its start, and scans
	// until it is stopped.
	holderCtx, stopHolder := context.WithCancel(context.Background())
	holding, done := make(chan struct{}), make(chan error, 1)
	holder := &watch.Watcher{StateDir: dir, Interval: time.Hour,
		Scan: func(ctx context.Context) (*inventory.Snapshot, error) {
			close(holding)
			<-ctx.Done()
			return nil, ctx.Err()
		}}
	go func() { done <- holder.Run(holderCtx) }()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			stopHolder()
			<-done
		}
	}
	t.Cleanup(stop)
	select {
	case <-holding:
	case err := <-done:
		t.Fatalf("the holder: %v", err)
	}

	args := []string{"-watch", "1h", "-state", dir}
	// Were the lock broken, this watch would stop after its first tick
	// (exit 130), not run for ever.
	lockedCtx, cancelLocked := context.WithCancel(context.Background())
	defer cancelLocked()
	var stdout bytes.Buffer
	stderrLocked := &lineWriter{onLine: func(l string) {
		if strings.Contains(l, "tick 1:") {
			cancelLocked()
		}
	}}
	code := run(lockedCtx, args, tenantEnv(srv), &stdout, stderrLocked)
	out, errs := stdout.String(), stderrLocked.String()
	if code != exitBadConfig {
		t.Fatalf("exit %d, want 2:\n%s", code, errs)
	}
	wants := []string{"tenantscan: -state " + dir + " is in use by another watch", filepath.Join(dir, watch.LockFile),
		"stop that watch, or give this one another -state directory"}
	if runtime.GOOS == "linux" || runtime.GOOS == "darwin" {
		host, _ := os.Hostname()
		wants = append(wants, fmt.Sprintf("pid %d on host %s, running since", os.Getpid(), host))
	}
	for _, want := range wants {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if out != "" || strings.Contains(errs, "tick 1") || strings.Contains(errs, "Watcher.StateDir") || strings.Contains(errs, "watching every") {
		t.Errorf("a scan, a watch said to start, or the library's field named:\nstdout %q\n%s", out, errs)
	}

	stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &lineWriter{onLine: func(l string) {
		if strings.Contains(l, "tick 1: baseline kept") {
			cancel()
		}
	}}
	if code := run(ctx, args, tenantEnv(srv), io.Discard, stderr); code != exitInterrupted {
		t.Fatalf("after the holder stopped: exit %d, want 130\n%s", code, stderr.String())
	}
}

func TestWatchBadConfig(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 1})
	t.Cleanup(srv.Close)
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	state := t.TempDir()
	withSecret := append(tenantEnv(srv), "AUTHLENS_WEBHOOK_SECRET=s3cr3t-value")
	for _, tc := range []struct {
		name string
		args []string
		env  []string
		want string
	}{
		{"webhook without a secret", []string{"-watch", "1h", "-state", state, "-webhook", "https://hooks.example/in"}, tenantEnv(srv), "AUTHLENS_WEBHOOK_SECRET is not set"},
		{"no state", []string{"-watch", "1h"}, nil, "-state"},
		{"state without watch", []string{"-state", state}, nil, "-state needs -watch"},
		{"webhook without watch", []string{"-webhook", "https://hooks.example/in"}, withSecret, "-webhook needs -watch"},
		{"negative interval", []string{"-watch", "-1m", "-state", state}, nil, "-watch must be positive"},
		{"keep 0", []string{"-watch", "1h", "-state", state, "-keep", "0"}, nil, "-keep"},
		{"with -from", []string{"-watch", "1h", "-state", state, "-from", file}, nil, "-from cannot be combined with -watch"},
		{"with -fail-on", []string{"-watch", "1h", "-state", state, "-fail-on", "high"}, nil, "-fail-on cannot be combined"},
		{"state is a file", []string{"-watch", "1h", "-state", file}, nil, "not a directory"},
		{"bad webhook URL", []string{"-watch", "1h", "-state", state, "-webhook", "hooks.example/in"}, withSecret, "-webhook"},
		{"bad Slack URL", []string{"-watch", "1h", "-state", state, "-slack-webhook", "ftp://x/y"}, nil, "-slack-webhook"},
		{"bad severity", []string{"-watch", "1h", "-state", state, "-alerts-min-severity", "loud"}, nil, "-alerts-min-severity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := scan(t, tc.args, tc.env)
			if code != exitBadConfig || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, want 2 naming %q:\n%s", code, tc.want, errs)
			}
			if out != "" || strings.Contains(errs, "s3cr3t-value") {
				t.Errorf("output %q\n%s", out, errs)
			}
		})
	}
}

func TestGraphsAndAccess(t *testing.T) {
	t.Parallel()
	snap := savedSnapshot(t)
	dir := t.TempDir()
	dot, mmd, js, acc := filepath.Join(dir, "g.dot"), filepath.Join(dir, "g.mmd"), filepath.Join(dir, "g.json"), filepath.Join(dir, "a.mmd")
	var doc struct {
		Kinds map[string]struct {
			Records map[string]struct {
				Name string `json:"name"`
			} `json:"records"`
		} `json:"kinds"`
	}
	b, _ := os.ReadFile(snap)
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var clientID string
	for id, c := range doc.Kinds["clients"].Records {
		if c.Name == "Management Automation" {
			clientID = id
		}
	}
	code, out, errs := scan(t, []string{"-from", snap, "-graph", dot, "-graph-json", js, "-access", clientID, "-access-graph", acc}, nil)
	if code != 3 && code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if !strings.Contains(out, "effective access of Management Automation") || !strings.Contains(out, "update:clients") {
		t.Errorf("the access table lacks the client's grant:\n%s", out)
	}
	for _, p := range []string{dot, js, acc} {
		if st, err := os.Stat(p); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", p, err)
		}
	}
	g, _ := os.ReadFile(js)
	if !bytes.Contains(g, []byte(`"_type":"auth0_client"`)) || !bytes.Contains(g, []byte(`"_class":"Application"`)) {
		t.Errorf("-graph-json is not the JupiterOne shape: %.300s", g)
	}
	if d, _ := os.ReadFile(dot); !bytes.HasPrefix(bytes.TrimSpace(d), []byte("digraph")) && !bytes.Contains(d, []byte("digraph")) {
		t.Errorf("-graph .dot is no Graphviz graph: %.200s", d)
	}
	if code, _, _ := scan(t, []string{"-from", snap, "-graph", mmd}, nil); code == 1 || code == 2 {
		t.Errorf("-graph .mmd: exit %d", code)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-graph", filepath.Join(dir, "g.png")}, "-graph"},
		{[]string{"-access-graph", acc}, "-access-graph needs -access"},
		{[]string{"-access", "auth0|nobody"}, "no user id or client id"},
	} {
		code, _, errs := scan(t, append([]string{"-from", snap, "-quiet"}, tc.args...), nil)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, want 2 naming %q:\n%s", tc.args, code, tc.want, errs)
		}
	}
}

// Changes print whole (wrapped, never cut), -diff-json writes them, and a
// snapshot re-serialised by another tool diffs only where it changed.
func TestDiffPrintsWholeChangesAndJSON(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 3, Preset: auth0test.PresetTiny})
	t.Cleanup(srv.Close)
	env := tenantEnv(srv)
	dir := t.TempDir()
	first := filepath.Join(dir, "first.json")
	if code, _, errs := scan(t, []string{"-quiet", "-snapshot", first}, env); code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	client := srv.Tenant().IDs(auth0test.KindClients)[1]
	var urls []string
	for i := range 30 {
		urls = append(urls, fmt.Sprintf("https://app-%02d.callbacks.authlens-demo.example/oauth/callback/with/a/long/path", i))
	}
	if err := srv.SetField(auth0test.KindClients, client, "callbacks", urls); err != nil {
		t.Fatal(err)
	}
	out1 := filepath.Join(dir, "diff.json")
	code, out, errs := scan(t, []string{"-quiet", "-diff", first, "-diff-json", out1}, env)
	if code != 0 && code != 3 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	for _, u := range urls {
		if !strings.Contains(out, `+"`+u+`"`) {
			t.Fatalf("the diff lacks %s:\n%s", u, out)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "…") && strings.Contains(l, "callbacks") {
			t.Errorf("a cut line: %s", l)
		}
		if strings.Contains(l, "callback") && len(l) > 100 {
			t.Errorf("a line of %d characters", len(l))
		}
	}
	var doc struct {
		Since   string `json:"since"`
		Changes []struct {
			Kind, ID, Op, Path string
			Added              []string `json:"added"`
		} `json:"changes"`
	}
	b, err := os.ReadFile(out1)
	if err != nil || json.Unmarshal(b, &doc) != nil {
		t.Fatalf("-diff-json: %v\n%s", err, b)
	}
	if doc.Since != first || len(doc.Changes) != 1 || doc.Changes[0].Path != "callbacks" || len(doc.Changes[0].Added) != 30 {
		t.Fatalf("-diff-json: %s", b)
	}

	// A user added to a role, in a snapshot that another tool wrote back
	// indented: the one change, not a change of every record.
	raw, _ := os.ReadFile(first)
	var tree map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		t.Fatal(err)
	}
	roles := tree["kinds"].(map[string]any)["roles"].(map[string]any)["records"].(map[string]any)
	var roleID string
	for id, r := range roles {
		rm := r.(map[string]any)
		rm["members"] = append(rm["members"].([]any), "auth0|added-to-the-role")
		roleID = id
		break
	}
	indented, _ := json.MarshalIndent(tree, "", "    ")
	second := filepath.Join(dir, "second.json")
	if err := os.WriteFile(second, indented, 0o600); err != nil {
		t.Fatal(err)
	}
	out2 := filepath.Join(dir, "diff2.json")
	code, out, errs = scan(t, []string{"-quiet", "-from", second, "-diff", first, "-diff-json", out2}, nil)
	if code != 0 && code != 3 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	want := "roles/" + roleID + ` changed members: +"auth0|added-to-the-role"`
	if !strings.Contains(out, "1 change(s) since") || !strings.Contains(out, want) {
		t.Errorf("diff of the re-serialised snapshot, want only %s:\n%s", want, out)
	}
	if code, _, errs := scan(t, []string{"-diff-json", out2}, env); code != exitBadConfig || !strings.Contains(errs, "-diff-json needs -diff") {
		t.Errorf("-diff-json without -diff: exit %d\n%s", code, errs)
	}
}

// A scan given -diff continues the logs from that snapshot's checkpoint:
// a week of events between two scans is read whole, not its last day.
func TestLogsContinueFromDiffSnapshot(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 6, Preset: auth0test.PresetTiny})
	t.Cleanup(srv.Close)
	env := tenantEnv(srv)
	dir := t.TempDir()
	first, second := filepath.Join(dir, "week1.json"), filepath.Join(dir, "week2.json")
	// tenantscan reads a real tenant's last 24 hours by the wall clock:
	// events in them for the first scan.
	if _, err := srv.AddLogs(3, time.Now().Add(-2*time.Hour), time.Minute); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := scan(t, []string{"-quiet", "-snapshot", first}, env); code != 0 && code != 3 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	// A week of hourly events after the first scan.
	added, err := srv.AddLogs(7*24, time.Now().Add(time.Hour), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := scan(t, []string{"-quiet", "-diff", first, "-snapshot", second}, env)
	if code != 0 && code != 3 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	for _, id := range added {
		if !strings.Contains(out, "logs/"+id+" added") {
			t.Fatalf("the diff lacks the event %s:\n%.2000s", id, out)
		}
	}
	b1, _ := os.ReadFile(first)
	b2, _ := os.ReadFile(second)
	var s1, s2 struct {
		Scan struct {
			LogCheckpoint string `json:"log_checkpoint"`
			LogsFrom      string `json:"logs_from"`
		} `json:"scan"`
	}
	_ = json.Unmarshal(b1, &s1)
	_ = json.Unmarshal(b2, &s2)
	if s1.Scan.LogCheckpoint == "" || s2.Scan.LogsFrom != s1.Scan.LogCheckpoint || s2.Scan.LogCheckpoint != added[len(added)-1] {
		t.Errorf("checkpoints: first %+v, second %+v", s1.Scan, s2.Scan)
	}
}

// failingFront answers 400 for the paths in fail, hangs up without an
// answer on every request once gone is set, and passes the rest to srv.
func failingFront(t *testing.T, srv *auth0test.Server, fail map[string]bool, gone *atomic.Bool) *httptest.Server {
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if gone.Load() {
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
			return
		}
		if fail[r.URL.Path] {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"statusCode":400,"error":"Bad Request","message":"Query validation error","errorCode":"invalid_query_string"}`)
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front
}

// Exit 4: a kind that failed, or a part of one (not a missing scope), and
// a tenant that stops answering (after -retry-budget, without a
// snapshot). Progress never says ok for a kind it did not read.
func TestExitStatusOnFailures(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 7, Preset: auth0test.PresetTiny})
	t.Cleanup(srv.Close)
	roles := srv.Tenant().IDs(auth0test.KindRoles)
	for _, tc := range []struct {
		name     string
		fail     map[string]bool
		goneMid  bool
		args     []string
		code     int
		want     []string
		snapshot bool
	}{
		{"a kind failed", map[string]bool{"/api/v2/hooks": true}, false, nil, exitFailures,
			// hook secrets are read hook by hook: they fail with the listing
			[]string{"2 kind(s) not read completely because of failures", "hooks (error: GET /api/v2/hooks: 400",
				"hook_secrets (error: GET /api/v2/hooks: 400"}, true},
		{"a part failed", map[string]bool{"/api/v2/roles/" + roles[0] + "/users": true}, false, nil, exitFailures,
			[]string{"roles (partial: members of 1 record(s) not read"}, true},
		{"the tenant stopped answering", nil, true, []string{"-retry-budget", "1s"}, exitFailures,
			[]string{"stopped answering", "no snapshot written", "cancelled"}, false},
		{"a missing scope is no failure", map[string]bool{}, false, []string{"-kinds", "clients,hooks"}, exitOK, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var gone atomic.Bool
			front := failingFront(t, srv, tc.fail, &gone)
			env := []string{"AUTH0_DOMAIN=" + front.URL, "AUTH0_TOKEN=" + srv.Token()}
			if tc.name == "a missing scope is no failure" {
				missing := auth0test.NewServer(auth0test.Options{Seed: 7, Scopes: withoutScope(auth0test.AllReadScopes(), "read:hooks")})
				t.Cleanup(missing.Close)
				env = []string{"AUTH0_DOMAIN=" + missing.URL(), "AUTH0_TOKEN=" + missing.Token()}
			}
			snap := filepath.Join(t.TempDir(), "scan.json")
			args := append([]string{"-snapshot", snap}, tc.args...)
			if tc.goneMid {
				// gone once the first kinds are in
				var out bytes.Buffer
				errs := &lineWriter{onLine: func(l string) {
					if strings.Contains(l, "tenant_settings") {
						gone.Store(true)
					}
				}}
				code := run(context.Background(), args, env, &out, errs)
				checkExit(t, code, tc.code, errs.String(), tc.want)
			} else {
				code, _, errs := scan(t, args, env)
				checkExit(t, code, tc.code, errs, tc.want)
			}
			if _, err := os.Stat(snap); (err == nil) != tc.snapshot {
				t.Errorf("snapshot written: %v, want %v", err == nil, tc.snapshot)
			}
		})
	}
}

func checkExit(t *testing.T, code, want int, errs string, lines []string) {
	t.Helper()
	if code != want {
		t.Fatalf("exit %d, want %d\n%s", code, want, errs)
	}
	for _, l := range lines {
		if !strings.Contains(errs, l) {
			t.Errorf("stderr lacks %q:\n%s", l, errs)
		}
	}
	if !strings.Contains(errs, "scanned in") || !strings.Contains(errs, "requests") || !strings.Contains(errs, "answered 429") {
		t.Errorf("no summary line:\n%s", errs)
	}
}

// With credentials the tenant rejects, progress says error or cancelled
// for every kind, never ok.
func TestProgressOfAnUnreadableTenant(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 1})
	t.Cleanup(srv.Close)
	id, _ := srv.ClientCredentials()
	code, _, errs := scan(t, nil, []string{"AUTH0_DOMAIN=" + srv.URL(), "AUTH0_CLIENT_ID=" + id, "AUTH0_CLIENT_SECRET=wrong"})
	if code != exitUnreadable {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	n := 0
	for _, l := range strings.Split(errs, "\n") {
		f := strings.Fields(l)
		if len(f) != 3 || !strings.HasPrefix(l, "  ") {
			continue
		}
		n++
		if f[1] != "error" && f[1] != "cancelled" {
			t.Errorf("progress: %q", l)
		}
	}
	if want := len(inventory.Kinds()) - 3; n != want { // all but the three per-user kinds
		t.Errorf("%d kinds in the progress, want %d:\n%s", n, want, errs)
	}
}

// A wait for the rate limit of more than 2 s gets a line.
func TestRateLimitWaitLine(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 1, RateLimit: 0.4, Burst: 1})
	t.Cleanup(srv.Close)
	code, _, errs := scan(t, []string{"-kinds", "prompts,branding"}, []string{"AUTH0_DOMAIN=" + srv.URL(), "AUTH0_TOKEN=" + srv.Token()})
	if code != exitOK && code != exitFindings {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if !strings.Contains(errs, "waiting") || !strings.Contains(errs, "rate limit") {
		t.Errorf("no line for the wait:\n%s", errs)
	}
}

// -user-permissions reads each user's direct permissions; progress gives
// the count, the total and the time left.
func TestUserPermissionsFlag(t *testing.T) {
	t.Parallel()
	snap := filepath.Join(t.TempDir(), "scan.json")
	code, _, errs := scan(t, []string{"-demo-preset", "tiny", "-kinds", "users", "-user-permissions", "-snapshot", snap}, nil)
	if code != exitOK && code != exitFindings {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if !strings.Contains(errs, " of 10 users, about ") || !strings.Contains(errs, " left") {
		t.Errorf("progress lacks the count, total and time left:\n%s", errs)
	}
	b, _ := os.ReadFile(snap)
	if !bytes.Contains(b, []byte(`"permissions":[{"description":`)) {
		t.Errorf("no direct permission in the snapshot")
	}
	// -access lists them with their way; a snapshot without them says
	// they were not read
	var doc struct {
		Kinds map[string]struct {
			Records map[string]struct {
				Permissions []json.RawMessage `json:"permissions"`
			} `json:"records"`
		} `json:"kinds"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var holder string
	for id, u := range doc.Kinds["users"].Records {
		if len(u.Permissions) > 0 && (holder == "" || id < holder) {
			holder = id
		}
	}
	without := filepath.Join(t.TempDir(), "without.json")
	if code, _, errs := scan(t, []string{"-demo-preset", "tiny", "-kinds", "users", "-snapshot", without}, nil); code != exitOK && code != exitFindings {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	for _, tc := range []struct{ snap, want, not string }{
		{snap, "direct permission (granted to the user", "note: direct permissions not read"},
		{without, "note: direct permissions not read: the snapshot was taken without them (tenantscan -user-permissions", "direct permission (granted"},
	} {
		code, out, errs := scan(t, []string{"-from", tc.snap, "-access", holder}, nil)
		if code != exitOK && code != exitFindings {
			t.Fatalf("-access %s: exit %d\n%s", holder, code, errs)
		}
		if !strings.Contains(out, tc.want) || strings.Contains(out, tc.not) {
			t.Errorf("-access %s from %s: want %q, not %q:\n%s", holder, filepath.Base(tc.snap), tc.want, tc.not, out)
		}
	}
}

// A bad flag gets its error once, on one line, with where the flags are
// listed; -h gets the usage and exit 0.
func TestFlagErrorsAndHelp(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-fail-on", "hgh"}, exitBadConfig, `invalid value "hgh" for flag -fail-on: want critical, high, medium, low or info (tenantscan -h lists the flags)`},
		{[]string{"-nope"}, exitBadConfig, "flag provided but not defined: -nope (tenantscan -h lists the flags)"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			code, out, errs := scan(t, tc.args, nil)
			if code != tc.code || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) || strings.Contains(errs, "Usage") {
				t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out, errs)
			}
		})
	}
	code, _, errs := scan(t, []string{"-h"}, nil)
	if code != exitOK || !strings.HasPrefix(errs, "Usage: tenantscan [flags]") || !strings.Contains(errs, "-fail-on") || !strings.Contains(errs, "Exit status:") {
		t.Errorf("-h: exit %d:\n%s", code, errs)
	}
}
