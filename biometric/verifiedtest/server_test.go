package verifiedtest_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/verifiedtest"
)

const secret = "fake-verified-secret-0123456789-ABCDEFGH"

type env struct {
	fake  *verifiedtest.Server
	auth0 *biometric.Verifier
	http  *http.Client
}

func newEnv(t *testing.T) *env {
	t.Helper()
	fake, err := verifiedtest.NewServer(biometric.Config{
		IntegrationID: "int-1",
		SessionSecret: secret,
		Mode:          biometric.OnDemand,
		Issuer:        "tenant.example.com",
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	auth0, err := biometric.New(fake.Config())
	if err != nil {
		t.Fatal(err)
	}
	c := fake.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &env{fake: fake, auth0: auth0, http: c}
}

// get requests u and returns the response, body and Location.
func (e *env) get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := e.http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// challenge sends user through the fake and returns the verified result.
func (e *env) challenge(t *testing.T, user string) (*biometric.Result, error) {
	t.Helper()
	state := biometric.NewState()
	u, err := e.auth0.ChallengeURL(biometric.Challenge{UserID: user, State: state})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := e.get(t, u)
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != "https://tenant.example.com/continue" {
		t.Fatalf("redirected to %s", got)
	}
	if loc.Query().Get("state") != state {
		t.Fatalf("state not returned")
	}
	return e.auth0.VerifyResult(context.Background(), loc.Query().Get(biometric.DefaultTokenParam),
		biometric.Expect{UserID: user, State: state})
}

func TestOutcomes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		setup func(*verifiedtest.Server)
		users []string
		want  []biometric.Outcome
	}{
		{"default success", func(*verifiedtest.Server) {}, []string{"auth0|a"}, []biometric.Outcome{biometric.OutcomeSuccess}},
		{"next outcome is one-shot", func(s *verifiedtest.Server) { s.SetNextOutcome(biometric.OutcomeFailure) },
			[]string{"auth0|a", "auth0|a"}, []biometric.Outcome{biometric.OutcomeFailure, biometric.OutcomeSuccess}},
		{"queued outcomes in order", func(s *verifiedtest.Server) {
			s.SetNextOutcome(biometric.OutcomeSuccess, biometric.OutcomeFailure)
		}, []string{"auth0|a", "auth0|b", "auth0|c"}, []biometric.Outcome{biometric.OutcomeSuccess, biometric.OutcomeFailure, biometric.OutcomeSuccess}},
		{"per-user outcome wins", func(s *verifiedtest.Server) {
			s.SetOutcomeFor("auth0|mallory", biometric.OutcomeFailure)
			s.SetNextOutcome(biometric.OutcomeSuccess)
		}, []string{"auth0|mallory", "auth0|alice", "auth0|mallory"}, []biometric.Outcome{biometric.OutcomeFailure, biometric.OutcomeSuccess, biometric.OutcomeFailure}},
		{"default failure", func(s *verifiedtest.Server) { s.SetDefaultOutcome(biometric.OutcomeFailure) },
			[]string{"auth0|a"}, []biometric.Outcome{biometric.OutcomeFailure}},
		{"cleared per-user outcome", func(s *verifiedtest.Server) {
			s.SetOutcomeFor("auth0|a", biometric.OutcomeFailure)
			s.ClearOutcomeFor("auth0|a")
		}, []string{"auth0|a"}, []biometric.Outcome{biometric.OutcomeSuccess}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			tc.setup(e.fake)
			succ, fail := 0, 0
			for i, user := range tc.users {
				r, err := e.challenge(t, user)
				if err != nil {
					t.Fatalf("result %d: %v", i, err)
				}
				if r.Outcome != tc.want[i] || r.UserID != user {
					t.Errorf("result %d = %+v, want %s", i, r, tc.want[i])
				}
				if r.Succeeded() {
					succ++
				} else {
					fail++
				}
			}
			st := e.fake.Stats()
			if st.Requests != len(tc.users) || st.Accepted != len(tc.users) || st.Rejected != 0 ||
				st.Succeeded != succ || st.Failed != fail || strings.Join(st.Users, ",") != strings.Join(tc.users, ",") {
				t.Errorf("stats = %+v", st)
			}
		})
	}
}

func TestRejections(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		req    func(t *testing.T, e *env) *http.Request
		status int
		kind   error
	}{
		{"no token", func(t *testing.T, e *env) *http.Request {
			return newReq(t, http.MethodGet, e.fake.VerifyURL(), nil)
		}, http.StatusBadRequest, biometric.ErrMalformed},
		{"token signed with another secret", func(t *testing.T, e *env) *http.Request {
			cfg := e.fake.Config()
			cfg.SessionSecret = "some-other-secret-0123456789-ABCDEFGHIJ"
			other, err := biometric.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := other.ChallengeURL(biometric.Challenge{UserID: "auth0|a", State: "s"})
			return newReq(t, http.MethodGet, u, nil)
		}, http.StatusBadRequest, biometric.ErrSignature},
		{"token of another tenant", func(t *testing.T, e *env) *http.Request {
			cfg := e.fake.Config()
			cfg.Issuer = "other-tenant.example.com"
			other, err := biometric.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := other.ChallengeURL(biometric.Challenge{UserID: "auth0|a", State: "s"})
			return newReq(t, http.MethodGet, u, nil)
		}, http.StatusBadRequest, biometric.ErrIssuer},
		{"query state differs", func(t *testing.T, e *env) *http.Request {
			tok, _ := e.auth0.SignSession(biometric.Challenge{UserID: "auth0|a", State: "s1"})
			return newReq(t, http.MethodGet, e.fake.VerifyURL()+"?state=s2&session_token="+tok, nil)
		}, http.StatusBadRequest, biometric.ErrState},
		{"wrong method", func(t *testing.T, e *env) *http.Request {
			return newReq(t, http.MethodPut, e.fake.VerifyURL(), nil)
		}, http.StatusMethodNotAllowed, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			req := tc.req(t, e)
			resp, err := e.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status || resp.Header.Get("Location") != "" {
				t.Fatalf("status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			st := e.fake.Stats()
			if st.Requests != 1 || st.Rejected != 1 || st.Accepted != 0 {
				t.Errorf("stats = %+v", st)
			}
			if tc.kind != nil && !errors.Is(st.LastRejection, tc.kind) {
				t.Errorf("LastRejection = %v, want %v", st.LastRejection, tc.kind)
			}
			if strings.Contains(string(body), secret) || (req.URL.Query().Get("session_token") != "" &&
				strings.Contains(string(body), req.URL.Query().Get("session_token"))) {
				t.Errorf("body leaks: %s", body)
			}
		})
	}
}

func newReq(t *testing.T, method, u string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestReplayedSessionRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u, _ := e.auth0.ChallengeURL(biometric.Challenge{UserID: "auth0|a", State: "s"})
	if resp, body := e.get(t, u); resp.StatusCode != http.StatusFound {
		t.Fatalf("first: %d %s", resp.StatusCode, body)
	}
	if resp, _ := e.get(t, u); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("replay: %d", resp.StatusCode)
	}
	st := e.fake.Stats()
	if st.Accepted != 1 || st.Rejected != 1 || !errors.Is(st.LastRejection, biometric.ErrReplay) {
		t.Errorf("stats = %+v", st)
	}
}

func TestPostForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok, _ := e.auth0.SignSession(biometric.Challenge{UserID: "auth0|a", State: "s"})
	resp, err := e.http.PostForm(e.fake.VerifyURL(), url.Values{"session_token": {tok}, "state": {"s"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

func TestExpiredSessionWithInjectedClock(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	auth0Clock := func() time.Time { return now.Add(-10 * time.Minute) } // signed 10 min ago
	fake, err := verifiedtest.NewServer(biometric.Config{
		IntegrationID: "int-1", SessionSecret: secret, Mode: biometric.AlwaysOn,
		Issuer: "tenant.example.com", Now: func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	cfg := fake.Config()
	cfg.Now = auth0Clock
	auth0, err := biometric.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := auth0.ChallengeURL(biometric.Challenge{UserID: "auth0|a", State: "s"})
	resp, err := fake.Client().Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !errors.Is(fake.Stats().LastRejection, biometric.ErrExpired) {
		t.Errorf("status %d, %v", resp.StatusCode, fake.Stats().LastRejection)
	}
}

func TestNewServerRefusesBadConfig(t *testing.T) {
	t.Parallel()
	_, err := verifiedtest.NewServer(biometric.Config{IntegrationID: "x", SessionSecret: "short", Mode: biometric.OnDemand, Issuer: "t.example.com"})
	if !errors.Is(err, biometric.ErrWeakSecret) {
		t.Errorf("err = %v", err)
	}
}

// auth0Token signs claims the way Auth0's api.redirect.encodeToken does:
// header {"alg":"HS256","typ":"JWT"}, HMAC-SHA256 with the Session Secret.
func auth0Token(claimsJSON string) string {
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(claimsJSON))
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(input))
	return input + "." + enc.EncodeToString(m.Sum(nil))
}

// A session token exactly as Auth0's Action makes it (sub, iss, exp, ip,
// continue_uri; no state, jti or integration id), state in the query, in
// either parameter name.
func TestAuth0StyleSessionToken(t *testing.T) {
	t.Parallel()
	for _, param := range []string{"session_token", verifiedtest.AltTokenParam} {
		t.Run(param, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			exp := strconv.FormatInt(time.Now().Add(900*time.Second).Unix(), 10)
			tok := auth0Token(`{"sub":"auth0|a","iss":"tenant.example.com","exp":` + exp +
				`,"ip":"203.0.113.7","continue_uri":"https://tenant.example.com/continue"}`)
			q := url.Values{param: {tok}, "state": {"auth0-state"}}
			resp, body := e.get(t, e.fake.VerifyURL()+"?"+q.Encode())
			if resp.StatusCode != http.StatusFound {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			loc, _ := url.Parse(resp.Header.Get("Location"))
			if loc.Query().Get("state") != "auth0-state" {
				t.Fatalf("state not returned")
			}
			r, err := e.auth0.VerifyResult(context.Background(), loc.Query().Get("session_token"),
				biometric.Expect{UserID: "auth0|a", State: "auth0-state"})
			if err != nil || !r.Succeeded() {
				t.Fatalf("%+v %v", r, err)
			}
			// Replay of the jti-less session token.
			if resp, _ := e.get(t, e.fake.VerifyURL()+"?"+q.Encode()); resp.StatusCode != http.StatusBadRequest ||
				!errors.Is(e.fake.Stats().LastRejection, biometric.ErrReplay) {
				t.Fatalf("replay: %d %v", resp.StatusCode, e.fake.Stats().LastRejection)
			}
			// Without any state: refused.
			tok2 := auth0Token(`{"sub":"auth0|b","iss":"tenant.example.com","exp":` + exp + `}`)
			if resp, _ := e.get(t, e.fake.VerifyURL()+"?"+param+"="+tok2); resp.StatusCode != http.StatusBadRequest ||
				!errors.Is(e.fake.Stats().LastRejection, biometric.ErrState) {
				t.Fatalf("no state: %d %v", resp.StatusCode, e.fake.Stats().LastRejection)
			}
		})
	}
}

var (
	formAction = regexp.MustCompile(`<form method="post" action="([^"]*)"`)
	formInput  = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
)

func TestPostBack(t *testing.T) {
	t.Parallel()
	fake, err := verifiedtest.NewServer(biometric.Config{
		IntegrationID: "int-1", SessionSecret: secret, Mode: biometric.OnDemand, Issuer: "tenant.example.com",
	}, verifiedtest.WithPostBack())
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	auth0, err := biometric.New(fake.Config())
	if err != nil {
		t.Fatal(err)
	}
	state := "st<&\">" // escaped in the form
	u, _ := auth0.ChallengeURL(biometric.Challenge{UserID: "auth0|a", State: state})
	resp, err := fake.Client().Get(u)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Location") != "" ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d %s", resp.StatusCode, resp.Header)
	}
	m := formAction.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("no form: %s", b)
	}
	action, _ := url.Parse(html.UnescapeString(m[1]))
	if action.Host != "tenant.example.com" || action.Path != "/continue" || action.Query().Get("state") != state {
		t.Errorf("action = %s", action)
	}
	fields := url.Values{}
	for _, f := range formInput.FindAllStringSubmatch(string(b), -1) {
		fields.Add(html.UnescapeString(f[1]), html.UnescapeString(f[2]))
	}
	if fields.Get("state") != state {
		t.Errorf("fields = %v", fields)
	}
	if _, err := auth0.Complete(context.Background(), fields.Get("session_token"),
		biometric.Expect{UserID: "auth0|a", State: state}); err != nil {
		t.Errorf("Complete: %v", err)
	}
}

// The state-swap attempt: an attacker's own session token without a state
// claim, presented with a victim's state. With RequireSessionState the
// fake refuses it; without, the result carries the victim's state and the
// attacker's sub, and the Auth0 side's sub check refuses it.
func TestStateSwapRefused(t *testing.T) {
	t.Parallel()
	const victimState = "VICTIM-TRANSACTION-STATE"
	exp := strconv.FormatInt(time.Now().Add(5*time.Minute).Unix(), 10)
	attackerTok := func() string {
		return auth0Token(`{"sub":"auth0|mallory","iss":"tenant.example.com","exp":` + exp +
			`,"continue_uri":"https://tenant.example.com/continue","jti":"` + biometric.NewState() + `"}`)
	}
	t.Run("RequireSessionState", func(t *testing.T) {
		t.Parallel()
		fake, err := verifiedtest.NewServer(biometric.Config{
			IntegrationID: "int-1", SessionSecret: secret, Mode: biometric.OnDemand,
			Issuer: "tenant.example.com", RequireSessionState: true,
		})
		if err != nil {
			t.Fatal(err)
		}
		defer fake.Close()
		c := fake.Client()
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := c.Get(fake.VerifyURL() + "?" + url.Values{"session_token": {attackerTok()}, "state": {victimState}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !errors.Is(fake.Stats().LastRejection, biometric.ErrState) {
			t.Fatalf("status %d, %v", resp.StatusCode, fake.Stats().LastRejection)
		}
	})
	t.Run("sub check", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		resp, body := e.get(t, e.fake.VerifyURL()+"?"+url.Values{"session_token": {attackerTok()}, "state": {victimState}}.Encode())
		if resp.StatusCode != http.StatusFound {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		loc, _ := url.Parse(resp.Header.Get("Location"))
		_, err := e.auth0.VerifyResult(context.Background(), loc.Query().Get("session_token"),
			biometric.Expect{UserID: "auth0|victim", State: victimState})
		if !errors.Is(err, biometric.ErrSubject) {
			t.Fatalf("VerifyResult for the victim: %v", err)
		}
	})
}
