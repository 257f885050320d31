package riskhttp_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/riskhttp"
)

const token = "test-token-0123456789abcdef"

// provider scores alice 2.5, bob 6, mallory 8.25; nobody else exists.
var provider = riskscore.ProviderFunc(func(_ context.Context, s riskscore.Subject) (riskscore.Score, error) {
	switch s.Username {
	case "alice":
		return riskscore.Score{Value: 2.5}, nil
	case "bob":
		return riskscore.Score{Value: 6}, nil
	case "mallory":
		return riskscore.Score{Value: 8.25}, nil
	}
	return riskscore.Score{}, riskscore.ErrSubjectNotFound
})

func newHandler(t testing.TB, mutate func(*riskhttp.Config)) *httptest.Server {
	t.Helper()
	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{Provider: provider, Name: "seczetta", Policy: riskscore.DefaultPolicy()})
	if err != nil {
		t.Fatal(err)
	}
	cfg := riskhttp.Config{Evaluator: ev, Token: token}
	if mutate != nil {
		mutate(&cfg)
	}
	h, err := riskhttp.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func post(t testing.TB, srv *httptest.Server, auth, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// TestStrictBodies: member names match exactly; duplicates and case-folded
// duplicates of known fields are refused with 400 and a message saying
// which member, where encoding/json alone would have read another subject.
func TestStrictBodies(t *testing.T) {
	t.Parallel()
	srv := newHandler(t, nil)
	bearer := "Bearer " + token
	tests := []struct {
		name, body string
		status     int
		message    string // part of the error message, or of a 200 body
	}{
		{"exact names", `{"username":"alice"}`, 200, `"outcome":"allow"`},
		{"escaped name", `{"\u0075sername":"alice"}`, 200, `"outcome":"allow"`},
		{"unknown member ignored", `{"username":"alice","connection":"db"}`, 200, `"outcome":"allow"`},
		{"duplicate", `{"username":"alice","username":"mallory"}`, 400, `duplicate member "username"`},
		{"case-folded duplicate", `{"username":"mallory","Username":"alice"}`, 400, `member "Username" is not "username": member names are case-sensitive`},
		{"upper case only", `{"USERNAME":"alice"}`, 400, `member "USERNAME" is not "username"`},
		{"Unicode fold", "{\"email\":\"a@example.com\",\"\u212a\":1,\"user_id\":\"x\",\"\u017fername\":1}", 200, `"outcome"`},
		{"duplicate in the assessment", `{"username":"alice","risk_assessment":{"confidence":"high","confidence":"low"}}`, 400,
			`duplicate member "confidence" (in risk_assessment)`},
		{"case fold in the assessment", `{"username":"alice","risk_assessment":{"confidence":"low","Confidence":"high"}}`, 400,
			`member "Confidence" is not "confidence": member names are case-sensitive (in risk_assessment)`},
		{"case fold in an assessor", `{"username":"alice","risk_assessment":{"assessments":{"NewDevice":{"code":"a","CODE":"b"}}}}`, 400,
			`(in risk_assessment.assessments.NewDevice)`},
		{"invalid UTF-8", "{\"username\":\"al\xffice\"}", 400, "not valid UTF-8"},
		{"wrong type", `{"username":5}`, 400, `"username" must be a string`},
		{"two objects", `{"username":"alice"}{}`, 400, "more than one JSON value"},
		{"an array", `[{"username":"alice"}]`, 400, "not a JSON object"},
		{"truncated", `{"username":"alice"`, 400, "ends early"},
		{"empty", ``, 400, "empty"},
		{"nobody named", `{"username":""}`, 400, "one of user_id, username, email is required"},
		{"field too long", `{"email":"` + strings.Repeat("e", riskhttp.MaxFieldBytes+1) + `"}`, 400, "limited to 512 bytes"},
		{"body too large", `{"username":"alice","pad":"` + strings.Repeat("x", riskhttp.DefaultMaxBodyBytes) + `"}`, 413, "larger than"},
	}
	// "\u017fername" is "ſername": it folds to neither field, so it is an
	// unknown member; U+212A alone is unknown too.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, h, body := post(t, srv, bearer, tt.body)
			text := string(body)
			var e riskhttp.ErrorBody
			if status != 200 && json.Unmarshal(body, &e) == nil {
				text = e.Message
			}
			if status != tt.status || !strings.Contains(text, tt.message) {
				t.Fatalf("%d %s, want %d with %q", status, body, tt.status, tt.message)
			}
			if h.Get("Content-Type") != "application/json" || h.Get("Cache-Control") != "no-store" {
				t.Errorf("headers %v", h)
			}
			if status != 200 {
				var e riskhttp.ErrorBody
				if err := json.Unmarshal(body, &e); err != nil || e.Error == "" || e.Message == "" {
					t.Fatalf("error body %s", body)
				}
			}
		})
	}
}

func TestDecisionsAndClaimShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		shape  riskscore.ClaimShape
		body   string
		access string // access_token_claims as JSON
	}{
		{"object shape", riskscore.ClaimObject, `{"username":"bob"}`,
			`{"https://seczetta.com/risk":{"outcome":"mfa","reasons":["score_above_allowable"],"score":6,"source":"seczetta"}}`},
		{"SecZetta's shape: the score as a number", riskscore.ClaimScore, `{"username":"bob"}`, `{"https://seczetta.com/risk":6}`},
		{"SecZetta's shape without a score: no claim", riskscore.ClaimScore, `{"username":"nobody"}`, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newHandler(t, func(c *riskhttp.Config) { c.AccessTokenClaims = tt.shape })
			status, _, body := post(t, srv, "Bearer "+token, tt.body)
			if status != 200 {
				t.Fatalf("%d %s", status, body)
			}
			var r struct {
				Claims            json.RawMessage `json:"claims"`
				AccessTokenClaims json.RawMessage `json:"access_token_claims"`
			}
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatal(err)
			}
			if got := string(r.AccessTokenClaims); got != tt.access {
				t.Fatalf("access_token_claims %s, want %s", got, tt.access)
			}
			if !strings.Contains(string(r.Claims), `"outcome"`) {
				t.Fatalf("claims %s", r.Claims)
			}
		})
	}
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	srv := newHandler(t, nil)
	open := newHandler(t, func(c *riskhttp.Config) { c.Token, c.Unauthenticated = "", true })
	for _, tt := range []struct {
		name   string
		srv    *httptest.Server
		auth   string
		status int
	}{
		{"no token", srv, "", 401},
		{"wrong token", srv, "Bearer wrong-token-0123456789abcdef", 401},
		{"prefix of the token", srv, "Bearer " + token[:len(token)-1], 401},
		{"basic", srv, "Basic " + token, 401},
		{"bearer, any case", srv, "bEARER " + token, 200},
		{"unauthenticated mode", open, "", 200},
	} {
		status, h, body := post(t, tt.srv, tt.auth, `{"username":"alice"}`)
		if status != tt.status {
			t.Errorf("%s: %d %s", tt.name, status, body)
		}
		if status == 401 && h.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: no WWW-Authenticate", tt.name)
		}
	}
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Fatalf("GET: %d %v", resp.StatusCode, resp.Header)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	t.Parallel()
	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{Provider: provider, Policy: riskscore.DefaultPolicy()})
	if err != nil {
		t.Fatal(err)
	}
	const secret = "short-SECRET"
	tests := []struct {
		name  string
		cfg   riskhttp.Config
		field string
	}{
		{"no evaluator", riskhttp.Config{Token: token}, "riskhttp.Config.Evaluator:"},
		{"no token", riskhttp.Config{Evaluator: ev}, "riskhttp.Config.Token:"},
		{"short token", riskhttp.Config{Evaluator: ev, Token: secret}, "riskhttp.Config.Token:"},
		{"token with a space", riskhttp.Config{Evaluator: ev, Token: secret + " and-more-SECRET"}, "riskhttp.Config.Token:"},
		{"token and unauthenticated", riskhttp.Config{Evaluator: ev, Token: secret + "-long-enough", Unauthenticated: true}, "riskhttp.Config.Token:"},
		{"claim shape", riskhttp.Config{Evaluator: ev, Token: token, AccessTokenClaims: 7}, "riskhttp.Config.AccessTokenClaims:"},
		{"body limit", riskhttp.Config{Evaluator: ev, Token: token, MaxBodyBytes: 1 << 30}, "riskhttp.Config.MaxBodyBytes:"},
		{"auth0 policy", riskhttp.Config{Evaluator: ev, Token: token, Auth0: riskscore.Auth0Policy{Low: 9}}, "riskscore.Auth0Policy.Low:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := riskhttp.New(tt.cfg)
			if err == nil || h != nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, riskscore.ErrInvalidConfig) || !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("error %q does not name %s", err, tt.field)
			}
			for _, shown := range []string{err.Error(), fmt.Sprint(tt.cfg), fmt.Sprintf("%+v %#v %q %s", tt.cfg, tt.cfg, tt.cfg, tt.cfg)} {
				if strings.Contains(shown, "SECRET") || strings.Contains(shown, token) {
					t.Fatalf("the token was shown: %s", shown)
				}
			}
		})
	}
}

func TestDecodeRequest(t *testing.T) {
	t.Parallel()
	r, err := riskhttp.DecodeRequest([]byte(`{"user_id":"auth0|1","username":"bob","email":"bob@example.com","risk_assessment":{"confidence":"low"}}`))
	if err != nil || r.UserID != "auth0|1" || r.Username != "bob" || r.Email != "bob@example.com" || string(r.RiskAssessment) != `{"confidence":"low"}` {
		t.Fatalf("%+v %v", r, err)
	}
	if _, err := riskhttp.DecodeRequest([]byte(`{"user_id":"a","User_Id":"b"}`)); err == nil {
		t.Fatal("accepted a case-folded duplicate")
	}
}
