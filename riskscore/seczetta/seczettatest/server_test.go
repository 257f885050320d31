package seczettatest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

const key = "fake_key_123"

func do(t *testing.T, srv *seczettatest.Server, method, path, auth, contentType, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func searchBody(value string) string {
	return `{"advanced_search":{"label":"x","condition_rules_attributes":[` +
		`{"type":"ProfileTypeRule","comparison_operator":"==","value":"` + seczettatest.DefaultProfileTypeID + `"},` +
		`{"type":"ProfileAttributeRule","condition_object_id":"` + seczettatest.DefaultAttributeID + `","object_type":"NeAttribute","comparison_operator":"==","value":"` + value + `"}]}}`
}

func TestServerChecksRequests(t *testing.T) {
	t.Parallel()
	srv := seczettatest.NewServer(seczettatest.Options{APIKey: key})
	t.Cleanup(srv.Close)
	p := srv.AddUser(6, "bob")
	tok, bearer := "Token token="+key, "Bearer "+key
	tests := []struct {
		name, method, path, auth, ctype, body string
		status                                int
		contains                              string
	}{
		{"search", "POST", "/api/advanced_search/run", tok, "application/json", searchBody("bob"), 200, `"id":"` + p.ID + `"`},
		{"bearer works too", "POST", "/api/advanced_search/run", bearer, "application/json", searchBody("bob"), 200, `"profiles":[{`},
		{"no match", "POST", "/api/advanced_search/run", tok, "application/json", searchBody("alice"), 200, `{"profiles":[]}`},
		{"no auth", "POST", "/api/advanced_search/run", "", "application/json", searchBody("bob"), 401, "Not Authorized"},
		{"wrong key", "POST", "/api/advanced_search/run", "Token token=nope", "application/json", searchBody("bob"), 401, ""},
		{"key without scheme", "POST", "/api/advanced_search/run", key, "application/json", searchBody("bob"), 401, ""},
		{"wrong method", "GET", "/api/advanced_search/run", tok, "", "", 405, ""},
		{"wrong content type", "POST", "/api/advanced_search/run", tok, "text/plain", searchBody("bob"), 415, ""},
		{"not JSON", "POST", "/api/advanced_search/run", tok, "application/json", "{", 422, ""},
		{"unknown key", "POST", "/api/advanced_search/run", tok, "application/json", strings.Replace(searchBody("bob"), `"label"`, `"lable"`, 1), 422, ""},
		{"one rule only", "POST", "/api/advanced_search/run", tok, "application/json",
			`{"advanced_search":{"label":"x","condition_rules_attributes":[{"type":"ProfileTypeRule","comparison_operator":"==","value":"v"}]}}`, 422, ""},
		{"bad operator", "POST", "/api/advanced_search/run", tok, "application/json", strings.Replace(searchBody("bob"), `"=="`, `"!="`, 1), 422, ""},
		{"both object type keys", "POST", "/api/advanced_search/run", tok, "application/json",
			strings.Replace(searchBody("bob"), `"object_type":"NeAttribute"`, `"object_type":"NeAttribute","condition_object_type":"TextFieldAttribute"`, 1), 422, ""},
		{"newer object type key", "POST", "/api/advanced_search/run", tok, "application/json",
			strings.Replace(searchBody("bob"), `"object_type":"NeAttribute"`, `"condition_object_type":"TextFieldAttribute"`, 1), 200, p.ID},
		{"scores", "GET", "/api/risk_scores?object_id=" + p.ID, tok, "", "", 200, `"overall_score":6`},
		{"scores metadata", "GET", "/api/risk_scores?object_id=" + p.ID, tok, "", "", 200, `"_metadata":{"limit":25,"next":null,"offset":0,"previous":null,"total":1}`},
		{"scores of unknown object", "GET", "/api/risk_scores?object_id=x", tok, "", "", 200, `"risk_scores":[]`},
		{"scores without object_id", "GET", "/api/risk_scores", tok, "", "", 400, ""},
		{"scores unauthorized", "GET", "/api/risk_scores?object_id=" + p.ID, "", "", "", 401, ""},
		{"unknown path", "GET", "/api/risk_levels", tok, "", "", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := do(t, srv, tt.method, tt.path, tt.auth, tt.ctype, tt.body)
			if status != tt.status || !strings.Contains(body, tt.contains) {
				t.Fatalf("%d %s, want %d containing %q", status, body, tt.status, tt.contains)
			}
		})
	}
}

func TestServerSchemeRestriction(t *testing.T) {
	t.Parallel()
	srv := seczettatest.NewServer(seczettatest.Options{APIKey: key, Scheme: seczetta.AuthToken})
	t.Cleanup(srv.Close)
	if status, _ := do(t, srv, "POST", "/api/advanced_search/run", "Bearer "+key, "application/json", searchBody("x")); status != 401 {
		t.Fatalf("bearer accepted by a token-only server: %d", status)
	}
	if status, _ := do(t, srv, "POST", "/api/advanced_search/run", "Token token="+key, "application/json", searchBody("x")); status != 200 {
		t.Fatalf("token refused: %d", status)
	}
	if c := srv.Counts(); c.Searches != 2 || c.Unauthorized != 1 {
		t.Fatalf("counts %+v", c)
	}
}

func TestServerFaults(t *testing.T) {
	t.Parallel()
	srv := seczettatest.NewServer(seczettatest.Options{APIKey: key})
	t.Cleanup(srv.Close)
	p := srv.AddUser(6, "bob")
	tok := "Token token=" + key
	srv.AddFault(seczettatest.Fault{Endpoint: seczettatest.ScoresEndpoint, Status: 429, RetryAfter: "7", Times: 1})
	srv.AddFault(seczettatest.Fault{Endpoint: seczettatest.ScoresEndpoint, Malformed: true, Times: 1})
	srv.AddFault(seczettatest.Fault{Endpoint: seczettatest.ScoresEndpoint, EmptyScores: true, Times: 1})
	path := "/api/risk_scores?object_id=" + p.ID

	req, _ := http.NewRequestWithContext(context.Background(), "GET", srv.URL+path, nil)
	req.Header.Set("Authorization", tok)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" {
		t.Fatalf("first: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if status, body := do(t, srv, "GET", path, tok, "", ""); status != 200 || json.Valid([]byte(body)) {
		t.Fatalf("second: %d %s", status, body)
	}
	if status, body := do(t, srv, "GET", path, tok, "", ""); status != 200 || !strings.Contains(body, `"risk_scores":[]`) {
		t.Fatalf("third: %d %s", status, body)
	}
	if status, body := do(t, srv, "GET", path, tok, "", ""); status != 200 || !strings.Contains(body, `"overall_score":6`) {
		t.Fatalf("fourth: %d %s", status, body)
	}
	srv.AddFault(seczettatest.Fault{Status: 503})
	if status, _ := do(t, srv, "POST", "/api/advanced_search/run", tok, "application/json", searchBody("bob")); status != 503 {
		t.Fatalf("503 fault: %d", status)
	}
	srv.ClearFaults()
	if status, _ := do(t, srv, "POST", "/api/advanced_search/run", tok, "application/json", searchBody("bob")); status != 200 {
		t.Fatalf("after ClearFaults: %d", status)
	}
	if c := srv.Counts(); c.ScoreReads != 4 || c.Searches != 2 || c.Faulted != 4 {
		t.Fatalf("counts %+v", c)
	}
	srv.RemoveProfile(p.ID)
	if _, body := do(t, srv, "POST", "/api/advanced_search/run", tok, "application/json", searchBody("bob")); body != `{"profiles":[]}` {
		t.Fatalf("after RemoveProfile: %s", body)
	}
}

func TestNewUUID(t *testing.T) {
	t.Parallel()
	// seczetta.New checks the uuid4 rule: a config with fresh IDs must pass.
	cfg := seczetta.Config{BaseURL: "https://x.example", APIKey: "k", AttributeID: seczettatest.NewUUID(), ProfileTypeID: seczettatest.NewUUID()}
	if _, err := seczetta.New(cfg); err != nil {
		t.Fatal(err)
	}
}
