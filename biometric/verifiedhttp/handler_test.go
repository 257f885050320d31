package verifiedhttp_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/redisreplay"
	"github.com/authlens/authlens/biometric/verifiedhttp"
	"github.com/authlens/authlens/internal/redistest"
)

const (
	secret = "verifiedhttp-test-secret-0123456789-abcdef"
	tenant = "tenant.example.auth0.com"
)

func config(store biometric.ReplayStore) biometric.Config {
	return biometric.Config{
		IntegrationID: "int-http", SessionSecret: secret, Mode: biometric.OnDemand,
		VerifiedURL: "https://verified.example.com/verify", Issuer: tenant,
		RequireSessionState: true, ReplayStore: store,
	}
}

func newVerifier(t testing.TB, store biometric.ReplayStore) *biometric.Verifier {
	t.Helper()
	v, err := biometric.New(config(store))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func succeed(*http.Request, *biometric.Session) (biometric.Outcome, error) {
	return biometric.OutcomeSuccess, nil
}

func challenge(t testing.TB, v *biometric.Verifier, user string) (tok, state string) {
	t.Helper()
	state = biometric.NewState()
	tok, err := v.SignSession(biometric.Challenge{UserID: user, State: state})
	if err != nil {
		t.Fatal(err)
	}
	return tok, state
}

func get(h http.Handler, tok, state string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/verify?"+url.Values{"session_token": {tok}, "state": {state}}.Encode(), nil))
	return w
}

type failingStore struct{}

func (failingStore) Claim(context.Context, string, time.Time, time.Time) (bool, error) {
	return false, fmt.Errorf("%w: unreachable", biometric.ErrReplayStore)
}

func TestHandler(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	v := newVerifier(t, nil)
	var logs bytes.Buffer
	var mu sync.Mutex
	h, err := verifiedhttp.New(verifiedhttp.Config{
		Verifier: v, Registerer: reg,
		Decide: func(_ *http.Request, s *biometric.Session) (biometric.Outcome, error) {
			switch s.UserID {
			case "auth0|fails":
				return biometric.OutcomeFailure, nil
			case "auth0|broken":
				return "", errors.New("camera on fire")
			}
			return biometric.OutcomeSuccess, nil
		},
		Logger: slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	count := func(r verifiedhttp.Result) float64 {
		return value(t, reg, "authlens_verified_verifications_total", prometheus.Labels{"result": string(r)})
	}

	tok, state := challenge(t, v, "auth0|alice")
	w := get(h, tok, state)
	if w.Code != http.StatusFound {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	loc, _ := url.Parse(w.Header().Get("Location"))
	res := loc.Query().Get("session_token")
	if loc.Host != tenant || loc.Query().Get("state") != state || res == "" {
		t.Fatalf("Location %s", loc)
	}
	// The Auth0 side accepts the result.
	if claims, err := v.Complete(context.Background(), res, biometric.Expect{UserID: "auth0|alice", State: state}); err != nil || !biometric.StepUpSatisfied(claims) {
		t.Fatalf("result: %v %v", claims, err)
	}
	// The same session token again: a replay, 400, counted.
	for range 50 {
		if w := get(h, tok, state); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "already used") || strings.Contains(w.Body.String(), tok) {
			t.Fatalf("replay: %d %s", w.Code, w.Body)
		}
	}
	tokF, stateF := challenge(t, v, "auth0|fails")
	if w := get(h, tokF, stateF); w.Code != http.StatusFound {
		t.Fatalf("failure outcome: %d", w.Code)
	}
	tokB, stateB := challenge(t, v, "auth0|broken")
	if w := get(h, tokB, stateB); w.Code != http.StatusBadGateway || strings.Contains(w.Body.String(), "fire") {
		t.Fatalf("decide error: %d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodDelete, "/verify", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("DELETE: %d", w.Code)
	}
	if w := get(h, tok+"x", state); w.Code != http.StatusBadRequest {
		t.Fatalf("bad signature: %d", w.Code)
	}

	for r, want := range map[verifiedhttp.Result]float64{
		verifiedhttp.ResultAccepted: 2, verifiedhttp.ResultReplay: 50, verifiedhttp.ResultDecideError: 1,
		verifiedhttp.ResultBadRequest: 1, verifiedhttp.ResultSignature: 1, verifiedhttp.ResultStoreError: 0,
	} {
		if got := count(r); got != want {
			t.Errorf("verifications{result=%s} = %v, want %v", r, got, want)
		}
	}
	if got := value(t, reg, "authlens_verified_replay_refusals_total", nil); got != 50 {
		t.Errorf("replay refusals %v", got)
	}
	if got := value(t, reg, "authlens_verified_replay_store_records", nil); got != 4 { // 3 sessions, 1 result
		t.Errorf("store records %v", got)
	}
	if got := value(t, reg, "authlens_verified_results_total", prometheus.Labels{"outcome": "failure"}); got != 1 {
		t.Errorf("failure results %v", got)
	}
	if text := fmt.Sprintf("%v %+v %#v", h, h, h); strings.Contains(text, secret) {
		t.Errorf("the Handler prints the secret: %s", text)
	}
	// 50 replays, one line (rate limited per result); nothing secret.
	mu.Lock()
	text := logs.String()
	mu.Unlock()
	if n := strings.Count(text, "result=replay"); n != 1 {
		t.Errorf("%d log lines for 50 replays:\n%s", n, text)
	}
	if strings.Contains(text, tok[:20]) || strings.Contains(text, secret) || strings.Contains(text, "alice") {
		t.Errorf("log leaks:\n%s", text)
	}
}

func TestHandlerStoreDownIs503(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	v := newVerifier(t, failingStore{})
	h, err := verifiedhttp.New(verifiedhttp.Config{Verifier: v, Decide: succeed, Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	tok, state := challenge(t, v, "auth0|alice")
	if w := get(h, tok, state); w.Code != http.StatusServiceUnavailable || w.Header().Get("Location") != "" {
		t.Fatalf("%d %v", w.Code, w.Header())
	}
	if got := value(t, reg, "authlens_verified_replay_store_errors_total", nil); got != 1 {
		t.Errorf("store errors %v", got)
	}
}

func TestHandlerPostBack(t *testing.T) {
	t.Parallel()
	v := newVerifier(t, nil)
	h, err := verifiedhttp.New(verifiedhttp.Config{Verifier: v, Decide: succeed, PostBack: true})
	if err != nil {
		t.Fatal(err)
	}
	tok, state := challenge(t, v, "auth0|alice")
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, "/verify", strings.NewReader(url.Values{"token": {tok}, "state": {state}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.ServeHTTP(w, r)
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, `method="post"`) || !strings.Contains(body, `name="session_token"`) {
		t.Fatalf("%d %s", w.Code, body)
	}
}

func TestConfigRefused(t *testing.T) {
	t.Parallel()
	v := newVerifier(t, nil)
	reg := prometheus.NewRegistry()
	for _, tc := range []struct {
		cfg   verifiedhttp.Config
		field string
	}{
		{verifiedhttp.Config{Decide: succeed}, "verifiedhttp.Config.Verifier"},
		{verifiedhttp.Config{Verifier: v}, "verifiedhttp.Config.Decide"},
		{verifiedhttp.Config{Verifier: v, Decide: succeed, LogInterval: -1}, "verifiedhttp.Config.LogInterval"},
		{verifiedhttp.Config{Verifier: v, Decide: succeed, MaxBodyBytes: -1}, "verifiedhttp.Config.MaxBodyBytes"},
	} {
		_, err := verifiedhttp.New(tc.cfg)
		var ce *biometric.ConfigError
		if !errors.As(err, &ce) || ce.Field != tc.field {
			t.Errorf("err = %v, want a ConfigError for %s", err, tc.field)
		}
	}
	// Two Handlers on one registry need their own ConstLabels.
	a := prometheus.Labels{"replica": "a"}
	if _, err := verifiedhttp.New(verifiedhttp.Config{Verifier: v, Decide: succeed, Registerer: reg, ConstLabels: a}); err != nil {
		t.Fatal(err)
	}
	_, err := verifiedhttp.New(verifiedhttp.Config{Verifier: v, Decide: succeed, Registerer: reg, ConstLabels: a})
	var ce *biometric.ConfigError
	if !errors.As(err, &ce) || ce.Field != "verifiedhttp.Config.Registerer" {
		t.Errorf("second registration: %v", err)
	}
	if _, err := verifiedhttp.New(verifiedhttp.Config{Verifier: v, Decide: succeed, Registerer: reg, ConstLabels: prometheus.Labels{"replica": "b"}}); err != nil {
		t.Errorf("with ConstLabels: %v", err)
	}
}

// Three replicas (three Handlers, each its Verifier and its redisreplay
// store on one Redis, one registry): one session token sent to the three at
// once is accepted exactly once, every time; with Redis stopped each
// replica answers 503 within its deadline and nothing is accepted; back,
// acceptance resumes.
func TestThreeReplicas(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	reg := prometheus.NewRegistry()
	var hs []http.Handler
	var vs []*biometric.Verifier
	for i := range 3 {
		// 1 s: generous for a loaded test machine (a claim that times out
		// is refused, which is right but not what is counted here), and
		// still inside the requests' 2 s deadline.
		c, err := redisreplay.NewClient(srv.URL, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		store, err := redisreplay.New(redisreplay.Config{Client: c, Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		v := newVerifier(t, store)
		h, err := verifiedhttp.New(verifiedhttp.Config{Verifier: v, Decide: succeed, Registerer: reg,
			ConstLabels: prometheus.Labels{"replica": fmt.Sprint(i)}})
		if err != nil {
			t.Fatal(err)
		}
		hs, vs = append(hs, h), append(vs, v)
	}
	all := func(tok, state string) map[int]int {
		codes := map[int]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, h := range hs {
			wg.Go(func() {
				<-start
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				w := httptest.NewRecorder()
				began := time.Now()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/verify?"+url.Values{"session_token": {tok}, "state": {state}}.Encode(), nil).WithContext(ctx))
				if time.Since(began) >= 2*time.Second {
					t.Errorf("a replica answered after the deadline")
				}
				mu.Lock()
				codes[w.Code]++
				mu.Unlock()
			})
		}
		close(start)
		wg.Wait()
		return codes
	}
	for i := range 200 {
		tok, state := challenge(t, vs[i%3], fmt.Sprintf("auth0|user-%d", i))
		if codes := all(tok, state); codes[http.StatusFound] != 1 || codes[http.StatusBadRequest] != 2 {
			t.Fatalf("token %d: answers %v", i, codes)
		}
	}
	srv.Stop()
	for i := range 10 {
		tok, state := challenge(t, vs[0], fmt.Sprintf("auth0|down-%d", i))
		if codes := all(tok, state); codes[http.StatusServiceUnavailable] != 3 {
			t.Fatalf("Redis away: answers %v", codes)
		}
	}
	srv.Restart(t)
	resumed := false
	for i := 0; i < 100 && !resumed; i++ {
		tok, state := challenge(t, vs[1], fmt.Sprintf("auth0|back-%d", i))
		codes := all(tok, state)
		if codes[http.StatusFound] > 1 {
			t.Fatalf("accepted twice: %v", codes)
		}
		resumed = codes[http.StatusFound] == 1 && codes[http.StatusBadRequest] == 2
		if !resumed {
			time.Sleep(10 * time.Millisecond)
		}
	}
	if !resumed {
		t.Fatal("acceptance did not resume")
	}
	var accepted, storeErrs float64
	for i := range 3 {
		l := prometheus.Labels{"replica": fmt.Sprint(i), "result": "accepted"}
		accepted += value(t, reg, "authlens_verified_verifications_total", l)
		l["result"] = "store_error"
		storeErrs += value(t, reg, "authlens_verified_verifications_total", l)
	}
	if accepted < 201 || storeErrs < 30 {
		t.Errorf("metrics: accepted %v, store errors %v", accepted, storeErrs)
	}
}

func TestMain(m *testing.M) {
	redis.SetLogger(redisreplay.NewLogger(slog.New(slog.DiscardHandler), time.Minute))
	m.Run()
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}
