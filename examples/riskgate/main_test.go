package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

// output collects what run prints and lets a test wait for a line.
type output struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newOutput() *output { return &output{changed: make(chan struct{}, 1)} }

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	n, err := o.buf.Write(p)
	select {
	case o.changed <- struct{}{}:
	default:
	}
	return n, err
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// waitFor returns the rest of the first complete line that starts with
// prefix, waiting for it as long as run is running.
func (o *output) waitFor(t *testing.T, prefix string, done <-chan int) string {
	t.Helper()
	guard := time.NewTimer(30 * time.Second) // a hang guard, not a timing assertion
	defer guard.Stop()
	for {
		for _, line := range strings.SplitAfter(o.String(), "\n") {
			if strings.HasPrefix(line, prefix) && strings.HasSuffix(line, "\n") {
				return strings.TrimSpace(strings.TrimPrefix(line, prefix))
			}
		}
		select {
		case <-o.changed:
		case code := <-done:
			t.Fatalf("run exited with %d before printing %q; output:\n%s", code, prefix, o.String())
		case <-guard.C:
			t.Fatalf("no %q line; output:\n%s", prefix, o.String())
		}
	}
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// service runs the whole program and returns its base URL, the token in
// use, and a stop function that returns the exit code.
func service(t *testing.T, vars map[string]string, args ...string) (base, token string, out *output, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := newOutput(), newOutput()
	done := make(chan int, 1)
	args = append([]string{"-addr", "127.0.0.1:0"}, args...)
	go func() { done <- run(ctx, args, env(vars), out, errOut) }()
	addr := out.waitFor(t, "riskgate: listening on ", done)
	token = vars[envToken]
	if token == "" {
		token = out.waitFor(t, "riskgate: demo token (RISKGATE_TOKEN is unset): ", done)
	}
	var once sync.Once
	code := -1
	stop = func() int {
		once.Do(func() {
			cancel()
			code = <-done
		})
		return code
	}
	t.Cleanup(func() {
		stop()
		if s := errOut.String() + out.String(); vars[envAPIKey] != "" && strings.Contains(s, vars[envAPIKey]) {
			t.Errorf("the API key was printed:\n%s", s)
		}
		if s := errOut.String() + out.String(); strings.Contains(s, "DO-NOT-PRINT") {
			t.Errorf("a secret was printed:\n%s", s)
		}
	})
	return addr, token, out, stop
}

func decide(t *testing.T, base, token, body string) (int, decision) {
	t.Helper()
	a := call(t, http.DefaultClient, "POST", base+"/v1/decisions", "Bearer "+token, "application/json", strings.NewReader(body))
	var d decision
	if a.status == 200 {
		if err := json.Unmarshal(a.body, &d); err != nil {
			t.Fatal(err)
		}
	}
	return a.status, d
}

func TestRunDemoMode(t *testing.T) {
	t.Parallel()
	base, token, out, stop := service(t, map[string]string{})
	if len(token) < minTokenLen {
		t.Fatalf("generated token %q", token)
	}
	for _, want := range []string{"riskgate: demo mode:", "demo user alice: score 2.5 (allow)", "demo user bob: score 6 (mfa)",
		"demo user mallory: score 8.25 (deny)", "demo user nobody: no profile"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("start-up output lacks %q:\n%s", want, out)
		}
	}
	for _, tt := range []struct{ user, outcome string }{{"alice", "allow"}, {"bob", "mfa"}, {"mallory", "deny"}, {"nobody", "deny"}} {
		status, d := decide(t, base, token, `{"username":"`+tt.user+`"}`)
		if status != 200 || d.Outcome != tt.outcome || len(d.Claims) != 1 {
			t.Errorf("%s: %d %+v", tt.user, status, d)
		}
	}
	if status, _ := decide(t, base, "wrong-"+token, `{"username":"alice"}`); status != 401 {
		t.Errorf("wrong token: %d", status)
	}
	if a := call(t, http.DefaultClient, "GET", base+"/healthz", "", "", nil); a.status != 200 {
		t.Errorf("healthz: %d", a.status)
	}
	if code := stop(); code != exitOK {
		t.Fatalf("exit code %d", code)
	}
	if !strings.Contains(out.String(), "riskgate: stopped") {
		t.Errorf("no graceful stop:\n%s", out)
	}
}

func TestRunWithSecZettaSettings(t *testing.T) {
	t.Parallel()
	tenant := seczettatest.NewServer(seczettatest.Options{Scheme: "bearer"})
	t.Cleanup(tenant.Close)
	tenant.AddUser(8.25, "mallory")
	tenant.AddUser(4.5, "dora")
	tenant.AddUser(9.5, "eve")
	vars := map[string]string{
		envBaseURL:       tenant.URL,
		envAPIKey:        tenant.APIKey,
		envAttributeID:   strings.ToUpper(tenant.AttributeID), // UUIDs in any case
		envProfileTypeID: strings.ToUpper(tenant.ProfileTypeID),
		envAuthScheme:    "Bearer",
		envAllowable:     "4",
		envMax:           "9",
		envAuthOnError:   "Yes", // the Marketplace setting's spelling
		envToken:         "a-long-enough-token-for-tests",
		envNamespace:     "https://example.com/claims/risk",
		envCacheTTL:      "30s",
		envDenyMessage:   "Blocked: risk {score} is at or above {max}.",
	}
	base, token, out, _ := service(t, vars)
	if strings.Contains(out.String(), "demo") {
		t.Errorf("demo mode with SecZetta settings:\n%s", out)
	}
	tests := []struct {
		user, outcome, err string
	}{
		{"eve", "deny", ""},
		{"mallory", "mfa", ""},           // 8.25 is below MAX_RISK 9
		{"dora", "mfa", ""},              // 4.5 is above ALLOWABLE_RISK 4
		{"nobody", "allow", "not_found"}, // AUTHENTICATE_ON_ERROR
	}
	for _, tt := range tests {
		status, d := decide(t, base, token, `{"username":"`+tt.user+`"}`)
		if status != 200 || d.Outcome != tt.outcome || d.Error != tt.err {
			t.Errorf("%s: %d %+v", tt.user, status, d)
		}
		if tt.outcome == "deny" && d.Message != "Blocked: risk 9.5 is at or above 9." {
			t.Errorf("%s: message %q", tt.user, d.Message)
		}
		if _, ok := d.Claims["https://example.com/claims/risk"]; !ok {
			t.Errorf("%s: claims %v", tt.user, d.Claims)
		}
	}
	if c := tenant.Counts(); c.Unauthorized != 0 || c.Rejected != 0 {
		t.Errorf("tenant counts %+v", c)
	}
}

func TestRunRefusesBadConfig(t *testing.T) {
	t.Parallel()
	const key = "sz_DO_NOT_PRINT_0123456789"
	good := map[string]string{
		envBaseURL:       "https://tenant.nonemployee.com",
		envAPIKey:        key,
		envAttributeID:   "7cffa07d-ad6d-4398-ba07-b3d1e5f9ee9f",
		envProfileTypeID: "2b8c4f0e-5d1a-4c3b-9e7f-6a0d1c2b3e4f",
		envToken:         "a-long-enough-token-for-tests",
	}
	with := func(changes map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range good {
			m[k] = v
		}
		for k, v := range changes {
			if v == "-" {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
		return m
	}
	tests := []struct {
		name  string
		args  []string
		vars  map[string]string
		names []string
	}{
		{"token required with SecZetta", nil, with(map[string]string{envToken: "-"}), []string{envToken}},
		{"short token", nil, with(map[string]string{envToken: "short"}), []string{envToken}},
		{"token with a space", nil, with(map[string]string{envToken: "a-long-enough token-for-tests"}), []string{envToken}},
		{"short token in demo mode", nil, map[string]string{envToken: "short"}, []string{envToken}},
		{"partial SecZetta settings", nil, with(map[string]string{envAttributeID: "-", envProfileTypeID: "-"}), []string{envAttributeID, envProfileTypeID}},
		{"attribute not a UUID", nil, with(map[string]string{envAttributeID: "user_name"}), []string{envAttributeID}},
		{"http base URL", nil, with(map[string]string{envBaseURL: "http://tenant.nonemployee.com"}), []string{envBaseURL}},
		{"key with a space", nil, with(map[string]string{envAPIKey: key + " x"}), []string{envAPIKey}},
		{"auth scheme", nil, with(map[string]string{envAuthScheme: "basic"}), []string{envAuthScheme}},
		{"allowable not a number", nil, with(map[string]string{envAllowable: "five"}), []string{envAllowable}},
		{"max below allowable", nil, with(map[string]string{envAllowable: "7.5", envMax: "5"}), []string{envMax}},
		{"negative allowable", nil, map[string]string{envAllowable: "-1"}, []string{envAllowable}},
		{"NaN max", nil, map[string]string{envMax: "NaN"}, []string{envMax}},
		{"infinite max", nil, map[string]string{envMax: "Inf"}, []string{envMax}},
		{"authenticate on error", nil, with(map[string]string{envAuthOnError: "maybe"}), []string{envAuthOnError}},
		{"authenticate on error yess", nil, with(map[string]string{envAuthOnError: "yess"}), []string{envAuthOnError}},
		{"attribute UUID v1 in upper case", nil, with(map[string]string{envAttributeID: "6BA7B810-9DAD-11D1-80B4-00C04FD430C8"}), []string{envAttributeID}},
		{"deny message", nil, map[string]string{envDenyMessage: "line\nbreak"}, []string{envDenyMessage}},
		{"cache TTL", nil, with(map[string]string{envCacheTTL: "soon"}), []string{envCacheTTL}},
		{"bad namespace", nil, map[string]string{envNamespace: "a\x01b"}, []string{envNamespace}},
		{"failure TTL", nil, map[string]string{envFailureTTL: "briefly"}, []string{envFailureTTL}},
		{"access token claim", nil, map[string]string{envAccessClaim: "number"}, []string{envAccessClaim}},
		{"redis URL", nil, map[string]string{envRedisURL: "http://:DO_NOT_PRINT@127.0.0.1:6379"}, []string{envRedisURL}},
		{"redis flag", []string{"-redis", "redis://:DO_NOT_PRINT@127.0.0.1:6379/x"}, map[string]string{}, []string{envRedisURL}},
		{"redis timeout", nil, map[string]string{envRedisTimeout: "0s"}, []string{envRedisTimeout}},
		{"unknown flag", []string{"-port", "1"}, map[string]string{}, []string{"flags"}},
		{"stray argument", []string{"serve"}, map[string]string{}, []string{"flags"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, errOut := newOutput(), newOutput()
			args := append([]string{"-addr", "127.0.0.1:0"}, tt.args...)
			code := run(context.Background(), args, env(tt.vars), out, errOut)
			if code != exitConfig {
				t.Fatalf("exit code %d, want 2; stderr:\n%s", code, errOut)
			}
			for _, name := range tt.names {
				if !strings.Contains(errOut.String(), name) {
					t.Errorf("stderr does not name %s:\n%s", name, errOut)
				}
			}
			// Each refused setting is named as it is set, with what to do.
			for _, goName := range []string{"AllowableRisk", "MaxRisk", "DenyMessage", "BaseURL", "APIKey", "AttributeID", "ProfileTypeID", "AuthScheme"} {
				if strings.Contains(errOut.String(), goName) {
					t.Errorf("stderr names the Go field %s, not its variable:\n%s", goName, errOut)
				}
			}
			_, refused, _ := strings.Cut(errOut.String(), "configuration refused:\n")
			for _, line := range strings.Split(strings.TrimSpace(refused), "\n") {
				if !strings.HasPrefix(strings.TrimSpace(line), "flags:") && !strings.Contains(line, "; ") && !strings.Contains(line, " like ") &&
					!strings.Contains(line, " must be yes or no") && !strings.Contains(line, "must be object") {
					t.Errorf("no advice in %q", line)
				}
			}
			if strings.Contains(errOut.String()+out.String(), key) || strings.Contains(errOut.String(), "DO_NOT_PRINT") {
				t.Errorf("the API key was printed:\n%s", errOut)
			}
			if strings.Contains(out.String(), "listening") {
				t.Errorf("started anyway:\n%s", out)
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	t.Parallel()
	out, errOut := newOutput(), newOutput()
	if code := run(context.Background(), []string{"-h"}, env(nil), out, errOut); code != exitOK {
		t.Fatalf("exit code %d", code)
	}
	if !strings.Contains(errOut.String(), "usage: riskgate") {
		t.Fatalf("no usage:\n%s", errOut)
	}
}

func TestRunAddressInUse(t *testing.T) {
	t.Parallel()
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	out, errOut := newOutput(), newOutput()
	code := run(context.Background(), []string{"-addr", ln.Addr().String()}, env(map[string]string{envToken: "a-long-enough-token-for-tests"}), out, errOut)
	if code != exitFailed || !strings.Contains(errOut.String(), "address already in use") {
		t.Fatalf("exit code %d, stderr:\n%s", code, errOut)
	}
}

func TestAuthenticateOnErrorValues(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{
		"": false, "yes": true, "Yes": true, "YES": true, " yes ": true, "no": false, "No": false, "NO": false,
		"true": true, "True": true, "TRUE": true, "false": false, "False": false, "1": true, "0": false,
		"t": true, "f": false, "on": true, "off": false,
	} {
		s, err := loadSettings(nil, env(map[string]string{envAuthOnError: v}), newOutput())
		if err != nil || s.authOnError != want {
			t.Errorf("%s=%q: %v, %v; want %v", envAuthOnError, v, s.authOnError, err, want)
		}
	}
	for _, v := range []string{"maybe", "yess", "2", "-1", "nope", "enabled"} {
		if _, err := loadSettings(nil, env(map[string]string{envAuthOnError: v}), newOutput()); err == nil || !strings.Contains(err.Error(), envAuthOnError) {
			t.Errorf("%s=%q accepted (err %v)", envAuthOnError, v, err)
		}
	}
}

func TestUpperCaseSecZettaIDs(t *testing.T) {
	t.Parallel()
	s, err := loadSettings(nil, env(map[string]string{
		envBaseURL: "https://tenant.nonemployee.com", envAPIKey: "sz_key_0123456789",
		envAttributeID:   "7CFFA07D-AD6D-4398-BA07-B3D1E5F9EE9F",
		envProfileTypeID: "2B8C4F0E-5d1a-4c3b-9E7F-6A0D1C2B3E4F",
		envToken:         "a-long-enough-token-for-tests",
	}), newOutput())
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	if _, err := seczetta.New(s.seczetta); err != nil {
		t.Fatalf("seczetta.New: %v", err)
	}
}
