package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/riskhttp"
	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

const testToken = "test-token-0123456789abcdef"

// newTestService starts a gate on the demo users of a fresh fake.
func newTestService(t testing.TB, authOnError bool) (*httptest.Server, *seczettatest.Server) {
	t.Helper()
	fake := seczettatest.NewServer(seczettatest.Options{})
	t.Cleanup(fake.Close)
	for _, u := range demoUsers() {
		if u.score >= 0 {
			fake.AddUser(u.score, u.username, u.email)
		}
	}
	client, err := seczetta.New(fake.Config())
	if err != nil {
		t.Fatal(err)
	}
	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{
		Provider: client, Policy: riskscore.DefaultPolicy(), AuthenticateOnError: authOnError,
	})
	if err != nil {
		t.Fatal(err)
	}
	h, err := riskhttp.New(riskhttp.Config{Evaluator: ev, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	mux, err := routes(h, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, fake
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func call(t testing.TB, client *http.Client, method, url, auth, contentType string, body io.Reader) answer {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// decision is the response as a client sees it.
type decision struct {
	Outcome string                         `json:"outcome"`
	Score   *float64                       `json:"score"`
	Message string                         `json:"message"`
	Claims  map[string]riskscore.RiskClaim `json:"claims"`
	Reasons []struct {
		Source  string   `json:"source"`
		Outcome string   `json:"outcome"`
		Reason  string   `json:"reason"`
		Score   *float64 `json:"score"`
		Detail  string   `json:"detail"`
	} `json:"reasons"`
	Error string `json:"error"`
}

func TestDecisionsRefusals(t *testing.T) {
	t.Parallel()
	srv, fake := newTestService(t, false)
	bearer := "Bearer " + testToken
	ok := `{"username":"alice"}`
	tests := []struct {
		name, method, path, auth, ctype, body string
		status                                int
		code                                  string
	}{
		{"no token", "POST", "/v1/decisions", "", "application/json", ok, 401, "unauthorized"},
		{"wrong token", "POST", "/v1/decisions", "Bearer wrong-token-0123456789abcdef", "application/json", ok, 401, "unauthorized"},
		{"token prefix", "POST", "/v1/decisions", bearer[:len(bearer)-1], "application/json", ok, 401, "unauthorized"},
		{"token with suffix", "POST", "/v1/decisions", bearer + "x", "application/json", ok, 401, "unauthorized"},
		{"token without scheme", "POST", "/v1/decisions", testToken, "application/json", ok, 401, "unauthorized"},
		{"basic scheme", "POST", "/v1/decisions", "Basic " + testToken, "application/json", ok, 401, "unauthorized"},
		{"empty bearer", "POST", "/v1/decisions", "Bearer ", "application/json", ok, 401, "unauthorized"},
		{"wrong method", "GET", "/v1/decisions", bearer, "", "", 405, "method_not_allowed"},
		{"wrong method without token", "DELETE", "/v1/decisions", "", "", "", 401, "unauthorized"},
		{"malformed JSON as a form", "POST", "/v1/decisions", bearer, "application/x-www-form-urlencoded", `username=alice`, 400, "bad_request"},
		{"malformed JSON as text", "POST", "/v1/decisions", bearer, "text/plain", `{"username":"alice"`, 400, "bad_request"},
		{"malformed JSON, no content type", "POST", "/v1/decisions", bearer, "", `alice`, 400, "bad_request"},
		{"body too large", "POST", "/v1/decisions", bearer, "application/json",
			`{"username":"alice","pad":"` + strings.Repeat("x", 64<<10) + `"}`, 413, "request_entity_too_large"},
		{"malformed JSON", "POST", "/v1/decisions", bearer, "application/json", `{"username":`, 400, "bad_request"},
		{"not an object", "POST", "/v1/decisions", bearer, "application/json", `["alice"]`, 400, "bad_request"},
		{"wrong types", "POST", "/v1/decisions", bearer, "application/json", `{"username":5}`, 400, "bad_request"},
		{"two values", "POST", "/v1/decisions", bearer, "application/json", ok + ok, 400, "bad_request"},
		{"empty body", "POST", "/v1/decisions", bearer, "application/json", ``, 400, "bad_request"},
		{"nobody named", "POST", "/v1/decisions", bearer, "application/json", `{"username":""}`, 400, "bad_request"},
		{"field too long", "POST", "/v1/decisions", bearer, "application/json", `{"email":"` + strings.Repeat("e", 513) + `"}`, 400, "bad_request"},
		{"healthz wrong method", "POST", "/healthz", "", "", "", 405, "method_not_allowed"},
		{"unknown path", "GET", "/v2/decisions", bearer, "", "", 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := call(t, srv.Client(), tt.method, srv.URL+tt.path, tt.auth, tt.ctype, strings.NewReader(tt.body))
			var e struct{ Error, Message string }
			if err := json.Unmarshal(a.body, &e); err != nil {
				t.Fatalf("%d %s: %v", a.status, a.body, err)
			}
			if a.status != tt.status || e.Error != tt.code || e.Message == "" {
				t.Fatalf("%d %s, want %d %s", a.status, a.body, tt.status, tt.code)
			}
			if a.status == 401 && a.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if a.status == 405 && a.header.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
			if a.header.Get("Content-Type") != "application/json" || a.header.Get("Cache-Control") != "no-store" {
				t.Errorf("headers %v", a.header)
			}
		})
	}
	t.Cleanup(func() {
		if c := fake.Counts(); c.Searches != 0 {
			t.Errorf("refused requests reached SecZetta %d times", c.Searches)
		}
	})
}

// TestDecisionsAnyContentType: the body is judged as JSON whatever the
// Content-Type says (curl -d sends a form type, fetch with a string body
// text/plain).
func TestDecisionsAnyContentType(t *testing.T) {
	t.Parallel()
	srv, _ := newTestService(t, false)
	for _, ct := range []string{"", "application/json", "application/json; charset=utf-8", "application/x-www-form-urlencoded",
		"text/plain;charset=UTF-8", "application/octet-stream", "not a media type"} {
		a := call(t, srv.Client(), "POST", srv.URL+"/v1/decisions", "Bearer "+testToken, ct, strings.NewReader(`{"username":"bob"}`))
		var d decision
		if err := json.Unmarshal(a.body, &d); err != nil || a.status != 200 || d.Outcome != "mfa" {
			t.Errorf("Content-Type %q: %d %s", ct, a.status, a.body)
		}
	}
}

func TestDecisions(t *testing.T) {
	t.Parallel()
	const low = `{"confidence":"low","version":"1","assessments":{"NewDevice":{"confidence":"low","code":"no_match"}}}`
	tests := []struct {
		name        string
		authOnError bool
		body        string
		outcome     string
		score       any // float64 or nil
		message     string
		reasons     []string
		err         string
	}{
		{"allow", false, `{"user_id":"auth0|1","username":"alice","email":"alice@example.com"}`, "allow", 2.5, "", []string{"seczetta:score_within_allowable"}, ""},
		{"mfa by email", false, `{"email":"bob@example.com"}`, "mfa", 6.0, "", []string{"seczetta:score_above_allowable"}, ""},
		{"deny", false, `{"username":"mallory"}`, "deny", 8.25, "A 8.25 Risk score is too high. Maximum acceptable risk is 7.5", []string{"seczetta:score_at_or_above_max"}, ""},
		{"no profile denies", false, `{"username":"nobody"}`, "deny", nil, riskscore.MessageUnavailable, []string{"seczetta:provider_error"}, "not_found"},
		{"no profile, authenticate on error", true, `{"username":"nobody"}`, "allow", nil, "", []string{"seczetta:provider_error"}, "not_found"},
		{"only a user_id", false, `{"user_id":"auth0|1"}`, "deny", nil, riskscore.MessageUnavailable, []string{"seczetta:provider_error"}, "not_found"},
		{"auth0 low confidence raises allow to mfa", false, `{"username":"alice","risk_assessment":` + low + `}`, "mfa", 2.5, "",
			[]string{"seczetta:score_within_allowable", "auth0:confidence_low"}, ""},
		{"deny stays deny", false, `{"username":"mallory","risk_assessment":` + low + `}`, "deny", 8.25,
			"A 8.25 Risk score is too high. Maximum acceptable risk is 7.5", []string{"seczetta:score_at_or_above_max", "auth0:confidence_low"}, ""},
		{"null assessment ignored", false, `{"username":"alice","risk_assessment":null}`, "allow", 2.5, "", []string{"seczetta:score_within_allowable"}, ""},
		{"malformed assessment", false, `{"username":"alice","risk_assessment":"low"}`, "mfa", 2.5, "",
			[]string{"seczetta:score_within_allowable", "auth0:assessment_malformed"}, ""},
		{"unknown fields ignored", false, `{"username":"alice","connection":"db"}`, "allow", 2.5, "", []string{"seczetta:score_within_allowable"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := newTestService(t, tt.authOnError)
			for _, auth := range []string{"Bearer " + testToken, "bearer " + testToken} {
				a := call(t, srv.Client(), "POST", srv.URL+"/v1/decisions", auth, "application/json; charset=utf-8", strings.NewReader(tt.body))
				if a.status != 200 {
					t.Fatalf("%d %s", a.status, a.body)
				}
				var d decision
				if err := json.Unmarshal(a.body, &d); err != nil {
					t.Fatal(err)
				}
				var raw map[string]any
				_ = json.Unmarshal(a.body, &raw)
				if d.Outcome != tt.outcome || raw["score"] != tt.score || d.Message != tt.message || d.Error != tt.err {
					t.Fatalf("got %s", a.body)
				}
				var reasons []string
				for _, r := range d.Reasons {
					reasons = append(reasons, r.Source+":"+r.Reason)
				}
				if strings.Join(reasons, " ") != strings.Join(tt.reasons, " ") {
					t.Fatalf("reasons %v, want %v", reasons, tt.reasons)
				}
				c, ok := d.Claims[riskscore.DefaultNamespace]
				if !ok || len(d.Claims) != 1 || c.Outcome.String() != tt.outcome || c.Error != tt.err {
					t.Fatalf("claims %s", a.body)
				}
				if tt.score != nil && c.Score != tt.score {
					t.Fatalf("claim score %v", c.Score)
				}
			}
		})
	}
}

func TestHealthz(t *testing.T) {
	t.Parallel()
	srv, _ := newTestService(t, false)
	a := call(t, srv.Client(), "GET", srv.URL+"/healthz", "", "", nil)
	if a.status != 200 || !bytes.Contains(a.body, []byte(`"status":"ok"`)) {
		t.Fatalf("%d %s", a.status, a.body)
	}
	if a := call(t, srv.Client(), "HEAD", srv.URL+"/healthz", "", "", nil); a.status != 200 {
		t.Fatalf("HEAD: %d", a.status)
	}
}
