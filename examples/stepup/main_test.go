package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/redisreplay"
	"github.com/authlens/authlens/biometric/verifiedtest"
	"github.com/authlens/authlens/internal/redistest"
)

func TestMain(m *testing.M) {
	redis.SetLogger(redisreplay.NewLogger(slog.New(slog.DiscardHandler), time.Minute))
	os.Exit(m.Run())
}

// syncBuffer is a bytes.Buffer safe for the servers' goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func checkOutput(t *testing.T, out string) {
	t.Helper()
	// A JWT starts with the base64 of `{"`: none may be printed.
	if strings.Contains(out, "eyJ") {
		t.Errorf("output contains a token:\n%s", out)
	}
	for _, want := range []string{"/authorize?", "/verify?session_token=[redacted]", "/continue?state=", "/callback?code=[redacted]"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks hop %q:\n%s", want, out)
		}
	}
}

func TestSelftest(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"on-demand", "always-on"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			var out, errOut syncBuffer
			code := run(context.Background(), []string{"-selftest", "-mode", mode}, &out, &errOut)
			if code != 0 {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
			}
			s := out.String()
			checkOutput(t, s)
			if !strings.Contains(s, "SELFTEST OK") || !strings.Contains(s, `"amr":"mfa","step_up":true`) {
				t.Errorf("output:\n%s", s)
			}
		})
	}
}

func TestWalkFailsWhenVerifiedFails(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	st, err := startStack(options{mode: biometric.OnDemand}, &printer{w: &out})
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	st.fake.SetDefaultOutcome(biometric.OutcomeFailure)
	if walkAll(context.Background(), st, biometric.OnDemand, &printer{w: &out}) {
		t.Fatalf("walk succeeded although Verified always fails:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "FAIL") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestServeStopsByItself(t *testing.T) {
	t.Parallel()
	var out, errOut syncBuffer
	if code := run(context.Background(), []string{"-duration", "1ms"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	s := out.String()
	checkOutput(t, s)
	if !strings.Contains(s, "Open http://127.0.0.1:") || !strings.Contains(s, "passed, stopping") {
		t.Errorf("output:\n%s", s)
	}
}

// signalWriter closes seen once marker has been written.
type signalWriter struct {
	syncBuffer
	marker string
	once   sync.Once
	seen   chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	n, err := w.syncBuffer.Write(p)
	if strings.Contains(w.String(), w.marker) {
		w.once.Do(func() { close(w.seen) })
	}
	return n, err
}

func TestServeStopsOnCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &signalWriter{marker: "Verified fake saw", seen: make(chan struct{})}
	var errOut syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"-duration", "1h"}, out, &errOut) }()
	// Cancel once the walk is over (the servers then only wait).
	select {
	case <-out.seen:
	case code := <-done:
		t.Fatalf("run ended early with %d:\n%s%s", code, out.String(), errOut.String())
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(out.String(), "interrupted, stopping") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestBadFlags(t *testing.T) {
	t.Parallel()
	var out, errOut syncBuffer
	for _, args := range [][]string{{"-mode", "sometimes"}, {"-nope"}} {
		if code := run(context.Background(), args, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d", args, code)
		}
	}
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"http://h/verify?session_token=eyJabc.def.ghi&state=ABCDEFGHIJ": "http://h/verify?session_token=[redacted]&state=ABCDEF...",
		"http://h/callback?code=XYZ&state=ab":                           "http://h/callback?code=[redacted]&state=ab",
		"http://h/":                                                     "http://h/",
	} {
		u, _ := url.Parse(in)
		if got := redactURL(u); got != want {
			t.Errorf("redactURL(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestSelftestPostBack(t *testing.T) {
	t.Parallel()
	var out, errOut syncBuffer
	if code := run(context.Background(), []string{"-selftest", "-post-back"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	s := out.String()
	if strings.Contains(s, "eyJ") || !strings.Contains(s, "auto-submitting form: POST with session_token, state") ||
		!strings.Contains(s, "POST http://127.0.0.1:") || !strings.Contains(s, "SELFTEST OK") {
		t.Errorf("output:\n%s", s)
	}
}

// An "external" Verified: a verifiedtest server the example does not know
// about, reached through -verified-url, -integration-id, -tenant-addr and
// the secret in the environment.
func TestSelftestExternalVerified(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tenantAddr := ln.Addr().String()
	ln.Close() // the example listens there itself
	const secret = "external-verified-secret-0123456789-ABCDEF"
	fake, err := verifiedtest.NewServer(biometric.Config{
		IntegrationID: "ext-int", SessionSecret: secret, Mode: biometric.OnDemand, Issuer: tenantAddr,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	env := func(k string) string {
		if k == secretEnv {
			return secret
		}
		return ""
	}
	var out, errOut syncBuffer
	code := runEnv(context.Background(), []string{"-selftest", "-verified-url", fake.VerifyURL(),
		"-integration-id", "ext-int", "-tenant-addr", tenantAddr}, env, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	s := out.String()
	if !strings.Contains(s, "skipped (external Verified)") || !strings.Contains(s, "SELFTEST OK") || strings.Contains(s, secret) {
		t.Errorf("output:\n%s", s)
	}
	if st := fake.Stats(); st.Accepted != 1 || st.Succeeded != 1 || st.Rejected != 0 {
		t.Errorf("external fake stats = %+v", st)
	}
	// Without the secret: a usage error.
	if code := runEnv(context.Background(), []string{"-verified-url", fake.VerifyURL()},
		func(string) string { return "" }, &out, &errOut); code != 2 {
		t.Errorf("exit %d without the secret", code)
	}
	// A secret too short: a usage error naming the variable, with what to
	// do, and not the secret.
	var short syncBuffer
	if code := runEnv(context.Background(), []string{"-selftest", "-verified-url", fake.VerifyURL()},
		func(k string) string {
			if k == secretEnv {
				return "DO-NOT-PRINT"
			}
			return ""
		}, &out, &short); code != 2 || !strings.Contains(short.String(), "$"+secretEnv+": must be at least 32 bytes; ") ||
		strings.Contains(short.String(), "DO-NOT-PRINT") || strings.Contains(short.String(), "SessionSecret") {
		t.Errorf("short secret: exit %d\n%s", code, short.String())
	}
}

// Three replicas of the Verified side on one real Redis: the walk passes,
// the replayed session token is refused by the next replica, and the
// metrics listener serves the Verified side's counters.
func TestReplicasOnRedis(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	var out syncBuffer
	// A generous timeout for a loaded test machine (a claim that times out
	// is refused, which fails the walk).
	st, err := startStack(options{mode: biometric.OnDemand, replicas: 3, redisURL: srv.URL, redisTimeout: 2 * time.Second,
		metricsAddr: "127.0.0.1:0"}, &printer{w: &out})
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	if !walkAll(context.Background(), st, biometric.OnDemand, &printer{w: &out}) {
		t.Fatalf("walk failed:\n%s", out.String())
	}
	s := out.String()
	checkOutput(t, s)
	if !strings.Contains(s, "3 replica(s), replay store on Redis") || !strings.Contains(s, "replay -> 400") {
		t.Errorf("output:\n%s", s)
	}
	resp, err := http.Get(st.metricsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{
		`authlens_verified_verifications_total{replica="0",result="accepted"}`,
		`authlens_verified_replay_refusals_total{replica=`,
		`authlens_verified_replay_store_errors_total{replica="2"} 0`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s:\n%s", want, body)
		}
	}
	var refusals int
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "authlens_verified_replay_refusals_total{") && strings.HasSuffix(line, " 1") {
			refusals++
		}
	}
	if refusals != 1 {
		t.Errorf("%d replicas counted the replay:\n%s", refusals, body)
	}
}

// Three replicas with their own in-memory stores: the replay is accepted
// by the next replica, and the walk says so (exit 1).
func TestReplicasInMemoryLetTheReplayThrough(t *testing.T) {
	t.Parallel()
	var out, errOut syncBuffer
	code := runEnv(context.Background(), []string{"-selftest", "-replicas", "3"}, func(string) string { return "" }, &out, &errOut)
	if code != 1 || !strings.Contains(out.String(), "the replayed session token was accepted") || strings.Contains(out.String(), "eyJ") {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
}

// REDIS_URL stands in for -redis; with Redis away, the Verified side
// refuses (fails closed) and the walk fails.
func TestRedisFromEnvironmentAndAway(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	env := func(k string) string {
		if k == redisEnv {
			return srv.URL
		}
		return ""
	}
	var out, errOut syncBuffer
	if code := runEnv(context.Background(), []string{"-selftest", "-replicas", "2", "-redis-timeout", "2s"}, env, &out, &errOut); code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "replay store on Redis") {
		t.Errorf("output:\n%s", out.String())
	}
	srv.Stop()
	var out2 syncBuffer
	if code := runEnv(context.Background(), []string{"-selftest"}, env, &out2, &errOut); code != 1 {
		t.Fatalf("Redis away: exit %d:\n%s", code, out2.String())
	}
	if s := out2.String(); !strings.Contains(s, "Redis does not answer") || !strings.Contains(s, "<- 503") {
		t.Errorf("output:\n%s", s)
	}
}

func TestReplicaFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"-replicas", "0"},
		{"-replicas", "17"},
		{"-redis-timeout", "0s"},
		{"-redis-timeout", "1m"},
		{"-verified-url", "https://v.example/x", "-redis", "redis://127.0.0.1:1/0"},
	} {
		var out, errOut syncBuffer
		env := func(k string) string {
			if k == secretEnv {
				return "external-verified-secret-0123456789-ABCDEF"
			}
			return ""
		}
		if code := runEnv(context.Background(), args, env, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d", args, code)
		}
	}
	var out, errOut syncBuffer
	if code := runEnv(context.Background(), []string{"-selftest", "-redis", "redis://u:hunter2@127.0.0.1:1/notadb"},
		func(string) string { return "" }, &out, &errOut); code != 2 || strings.Contains(out.String()+errOut.String(), "hunter2") ||
		!strings.Contains(errOut.String(), "-redis") {
		t.Errorf("bad URL: exit %d\n%s%s", code, out.String(), errOut.String())
	}
}
