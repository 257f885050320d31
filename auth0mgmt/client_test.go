package auth0mgmt

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/authlens/authlens/internal/version"
)

const testSecret = "cs-TOP-secret-0123456789abcdef"

func TestConfigValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"empty domain", Config{Token: "t"}, "Domain"},
		{"domain with path", Config{Domain: "tenant.auth0.com/api", Token: "t"}, "Domain"},
		{"url with path", Config{Domain: "https://tenant.auth0.com/api/v2", Token: "t"}, "Domain"},
		{"bad scheme", Config{Domain: "ftp://tenant.auth0.com", Token: "t"}, "Domain"},
		{"spaces", Config{Domain: "tenant auth0.com", Token: "t"}, "Domain"},
		{"no credentials", Config{Domain: "tenant.auth0.com"}, "ClientID"},
		{"missing secret", Config{Domain: "tenant.auth0.com", ClientID: "id"}, "ClientSecret"},
		{"secret and token", Config{Domain: "tenant.auth0.com", ClientID: "id", ClientSecret: "s", Token: "t"}, "ClientID"},
		{"secret without id", Config{Domain: "tenant.auth0.com", ClientSecret: "s"}, "ClientID"},
		{"bad audience", Config{Domain: "tenant.auth0.com", Token: "t", Audience: "not a url"}, "Audience"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(tc.cfg)
			var ce *ConfigError
			if !errors.As(err, &ce) || !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("New(%v) = %v, want *ConfigError", tc.cfg, err)
			}
			if ce.Field != tc.field {
				t.Errorf("field = %q (%v), want %q", ce.Field, err, tc.field)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Errorf("message %q does not name %s", err, tc.field)
			}
		})
	}
	for _, ok := range []Config{
		{Domain: "tenant.eu.auth0.com", ClientID: "id", ClientSecret: "s"},
		{Domain: "http://127.0.0.1:8080", Token: "t"},
		{Domain: "https://login.example.com/", Token: "t", Audience: "https://tenant.auth0.com/api/v2/"},
	} {
		if _, err := New(ok); err != nil {
			t.Errorf("New(%v) = %v", ok, err)
		}
	}
}

func TestConfigAndClientHideSecrets(t *testing.T) {
	t.Parallel()
	cfg := Config{Domain: "tenant.auth0.com", ClientID: "id", ClientSecret: testSecret}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tok := Config{Domain: "tenant.auth0.com", Token: testSecret}
	for _, s := range []string{
		fmt.Sprintf("%v", cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprintf("%s", cfg),
		fmt.Sprintf("%v", &cfg), fmt.Sprintf("%+v", tok), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c),
	} {
		if strings.Contains(s, testSecret) {
			t.Errorf("secret printed: %s", s)
		}
	}
	if !strings.Contains(fmt.Sprint(cfg), "REDACTED") {
		t.Errorf("config print does not show the secret is set: %v", cfg)
	}
}

func TestErrorsFromRecordedBodies(t *testing.T) {
	t.Parallel()
	for i, raw := range recordedObjects(t, "errors") {
		var rec struct {
			Status int             `json:"status"`
			Body   json.RawMessage `json:"body"`
		}
		if err := json.Unmarshal(raw, &rec); err != nil {
			t.Fatal(err)
		}
		e := newAPIError("GET", "/api/v2/x", rec.Status, http.Header{"X-Auth0-Requestid": {"req-1"}}, rec.Body, Rate{})
		if e.StatusCode != rec.Status || e.Message == "" || e.RequestID != "req-1" {
			t.Errorf("errors[%d]: %+v", i, e)
		}
		if rec.Status == 404 && !errors.Is(e, ErrNotFound) {
			t.Errorf("errors[%d]: 404 not ErrNotFound", i)
		}
		if rec.Status == 400 && !errors.Is(e, ErrBadRequest) {
			t.Errorf("errors[%d]: 400 not ErrBadRequest", i)
		}
	}
	scope := newAPIError("GET", "/api/v2/clients", 403, nil,
		[]byte(`{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:clients,read:client_summary","errorCode":"insufficient_scope"}`), Rate{})
	if !errors.Is(scope, ErrInsufficientScope) || !errors.Is(scope, ErrForbidden) || strings.Join(scope.MissingScopes, " ") != "read:clients read:client_summary" {
		t.Errorf("insufficient scope: %+v", scope)
	}
	paging := newAPIError("GET", "/api/v2/users", 400, nil,
		[]byte(`{"statusCode":400,"error":"Bad Request","message":"You can only page through the first 1000 records.","errorCode":"invalid_paging"}`), Rate{})
	if !errors.Is(paging, ErrInvalidPaging) {
		t.Errorf("invalid paging: %+v", paging)
	}
	plain := newAPIError("GET", "/api/v2/users", 429, nil, []byte("Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers."), Rate{})
	if !errors.Is(plain, ErrRateLimited) || !strings.HasPrefix(plain.Message, "Too many requests") {
		t.Errorf("plain 429: %+v", plain)
	}
	// The shapes an error body takes without a message.
	for _, tc := range []struct {
		name, body          string
		errCode, err, msg   string
		wantText, notInText string
	}{
		{"Management API error without a message", `{"statusCode":404,"error":"Not Found"}`, "", "Not Found", "", "404 Not Found", ": "},
		{"OAuth error with its description", `{"error":"access_denied","error_description":"Service not enabled within domain: https://x/api/v2/"}`,
			"access_denied", "access_denied", "Service not enabled within domain: https://x/api/v2/", "403 access_denied: Service not enabled", ""},
		{"OAuth error without a description", `{"error":"access_denied"}`, "", "access_denied", "", "403 access_denied", ": "},
	} {
		status := 403
		if strings.Contains(tc.body, "404") {
			status = 404
		}
		e := newAPIError("POST", "/oauth/token", status, nil, []byte(tc.body), Rate{})
		text := strings.TrimPrefix(e.Error(), "auth0mgmt: POST /oauth/token: ")
		if e.ErrorCode != tc.errCode || e.Err != tc.err || e.Message != tc.msg || !strings.HasPrefix(text, tc.wantText) ||
			(tc.notInText != "" && strings.Contains(text, tc.notInText)) {
			t.Errorf("%s: ErrorCode %q, Err %q, Message %q, text %q", tc.name, e.ErrorCode, e.Err, e.Message, text)
		}
	}
}

// tokenServer is an Auth0-like token endpoint plus an API that checks the
// bearer token.
func tokenServer(t *testing.T, fetches *atomic.Int32) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/oauth/token":
			fetches.Add(1)
			if err := r.ParseForm(); err != nil {
				http.Error(w, "bad form", 400)
				return
			}
			if ua := r.Header.Get("User-Agent"); ua != version.UserAgent {
				t.Errorf("token request User-Agent %q, want %q", ua, version.UserAgent)
			}
			if r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("client_id") != "cid" || r.PostForm.Get("client_secret") != testSecret {
				w.WriteHeader(401)
				io.WriteString(w, `{"error":"access_denied","error_description":"Unauthorized"}`)
				return
			}
			if aud := r.PostForm.Get("audience"); aud != srv.URL+"/api/v2/" {
				w.WriteHeader(403)
				fmt.Fprintf(w, `{"error":"access_denied","error_description":"Service not enabled within domain: %s"}`, aud)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"at-123","token_type":"Bearer","expires_in":86400}`)
		case "/api/v2/roles/rol_1":
			if ua := r.Header.Get("User-Agent"); ua != version.UserAgent {
				t.Errorf("API request User-Agent %q, want %q", ua, version.UserAgent)
			}
			if r.Header.Get("Authorization") != "Bearer at-123" {
				w.WriteHeader(401)
				io.WriteString(w, `{"statusCode":401,"error":"Unauthorized","message":"Invalid token"}`)
				return
			}
			io.WriteString(w, `{"id":"rol_1","name":"admin"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestClientCredentials(t *testing.T) {
	t.Parallel()
	var fetches atomic.Int32
	srv := tokenServer(t, &fetches)
	c, err := New(Config{Domain: srv.URL, ClientID: "cid", ClientSecret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			r, err := c.Roles.Get(context.Background(), "rol_1")
			if err != nil || r.Name != "admin" {
				t.Errorf("Get = %v, %v", r, err)
			}
		})
	}
	wg.Wait()
	if fetches.Load() != 1 {
		t.Errorf("token fetched %d times for 20 concurrent calls, want 1", fetches.Load())
	}

	var logs bytes.Buffer
	bad, _ := New(Config{Domain: srv.URL, ClientID: "cid", ClientSecret: testSecret + "-wrong"},
		WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err = bad.Roles.Get(context.Background(), "rol_1")
	if !errors.Is(err, ErrUnauthorized) || !errors.Is(err, ErrToken) {
		t.Fatalf("wrong secret: err = %v, want ErrUnauthorized and ErrToken", err)
	}
	if strings.Contains(err.Error(), testSecret) || strings.Contains(logs.String(), testSecret) {
		t.Errorf("secret leaked: %v / %s", err, logs.String())
	}
	before := fetches.Load()
	if _, err := bad.Roles.Get(context.Background(), "rol_1"); !errors.Is(err, ErrUnauthorized) || fetches.Load() != before {
		t.Errorf("rejected credentials asked again: err %v, %d more token requests", err, fetches.Load()-before)
	}
	aud, _ := New(Config{Domain: srv.URL, ClientID: "cid", ClientSecret: testSecret, Audience: "https://other.example/api/v2/"})
	if _, err := aud.Roles.Get(context.Background(), "rol_1"); !errors.Is(err, ErrForbidden) {
		t.Errorf("wrong audience: err = %v, want ErrForbidden", err)
	}
}

// offsetResponder serves n roles with offset paging and counts requests.
func offsetResponder(n int, calls *atomic.Int32) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		calls.Add(1)
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		per, _ := strconv.Atoi(q.Get("per_page"))
		if per > 100 {
			return httpmock.NewStringResponse(400, `{"statusCode":400,"error":"Bad Request","message":"Query validation error","errorCode":"invalid_query_string"}`), nil
		}
		roles := []map[string]string{}
		for i := page * per; i < min(n, (page+1)*per); i++ {
			roles = append(roles, map[string]string{"id": fmt.Sprintf("rol_%04d", i), "name": fmt.Sprint("r", i)})
		}
		return httpmock.NewJsonResponse(200, map[string]any{"start": page * per, "limit": per, "length": len(roles), "total": n, "roles": roles})
	}
}

func mockClient(t *testing.T, mt *httpmock.MockTransport, opts ...Option) *Client {
	t.Helper()
	c, err := New(Config{Domain: "tenant.example", Token: "test-token"}, append([]Option{WithHTTPClient(&http.Client{Transport: mt})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOffsetListingRequestCount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ n, per, want int }{
		{0, 100, 1}, {1, 100, 1}, {99, 100, 1}, {100, 100, 1}, {101, 100, 2}, {250, 100, 3}, {1000, 100, 10}, {250, 50, 5}, {7, 3, 3},
	} {
		t.Run(fmt.Sprintf("n%d_per%d", tc.n, tc.per), func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			mt := httpmock.NewMockTransport()
			mt.RegisterResponder("GET", "https://tenant.example/api/v2/roles", offsetResponder(tc.n, &calls))
			c := mockClient(t, mt)
			seen := map[string]bool{}
			for r, err := range c.Roles.All(context.Background(), &ListOptions{PerPage: tc.per}) {
				if err != nil {
					t.Fatal(err)
				}
				if seen[r.ID] {
					t.Fatalf("duplicate %s", r.ID)
				}
				seen[r.ID] = true
			}
			if len(seen) != tc.n || int(calls.Load()) != tc.want {
				t.Errorf("got %d roles in %d requests, want %d in %d", len(seen), calls.Load(), tc.n, tc.want)
			}
		})
	}
}

func TestListingStopsWhenCallerBreaks(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", "https://tenant.example/api/v2/roles", offsetResponder(1000, &calls))
	c := mockClient(t, mt)
	n := 0
	for _, err := range c.Roles.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 150 {
			break
		}
	}
	if calls.Load() != 2 {
		t.Errorf("%d requests after breaking at record 150, want 2", calls.Load())
	}
}

func TestOffsetListingReportsShortfall(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", "https://tenant.example/api/v2/roles", func(r *http.Request) (*http.Response, error) {
		if r.URL.Query().Get("page") == "0" {
			return httpmock.NewJsonResponse(200, map[string]any{"start": 0, "limit": 100, "total": 150, "roles": []map[string]string{{"id": "rol_1"}}})
		}
		return httpmock.NewJsonResponse(200, map[string]any{"start": 100, "limit": 100, "total": 150, "roles": []any{}})
	})
	c := mockClient(t, mt)
	var last error
	for _, err := range c.Roles.All(context.Background(), nil) {
		last = err
	}
	if !errors.Is(last, ErrIncomplete) {
		t.Errorf("err = %v, want ErrIncomplete", last)
	}
}

func TestCheckpointListing(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", `=~^https://tenant\.example/api/v2/roles/rol_1/users`, func(r *http.Request) (*http.Response, error) {
		calls.Add(1)
		q := r.URL.Query()
		if q.Get("take") != "100" || q.Has("page") {
			return httpmock.NewStringResponse(400, `{"statusCode":400,"message":"bad query"}`), nil
		}
		from, _ := strconv.Atoi(q.Get("from"))
		var users []map[string]string
		for i := from; i < min(from+100, 230); i++ {
			users = append(users, map[string]string{"user_id": fmt.Sprintf("auth0|%d", i)})
		}
		body := map[string]any{"users": users}
		if from+100 < 230 {
			body["next"] = strconv.Itoa(from + 100)
		}
		return httpmock.NewJsonResponse(200, body)
	})
	c := mockClient(t, mt)
	n := 0
	for u, err := range c.Roles.Users(context.Background(), "rol_1", nil) {
		if err != nil {
			t.Fatal(err)
		}
		if u.UserID != fmt.Sprintf("auth0|%d", n) {
			t.Fatalf("record %d is %s", n, u.UserID)
		}
		n++
	}
	if n != 230 || calls.Load() != 3 {
		t.Errorf("%d users in %d requests, want 230 in 3", n, calls.Load())
	}
}

func TestLogsFromFollowsLink(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	const total = 250
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", "https://tenant.example/api/v2/logs", func(r *http.Request) (*http.Response, error) {
		calls.Add(1)
		q := r.URL.Query()
		from, _ := strconv.Atoi(q.Get("from"))
		take, _ := strconv.Atoi(q.Get("take"))
		logs := []map[string]any{}
		last := from
		for i := from + 1; i <= min(from+take, total); i++ {
			logs = append(logs, map[string]any{"log_id": fmt.Sprintf("%06d", i), "type": "s", "scope": []string{"openid"}})
			last = i
		}
		resp, _ := httpmock.NewJsonResponse(200, logs)
		resp.Header.Set("Link", fmt.Sprintf(`<https://tenant.example/api/v2/logs?from=%06d&take=%d>; rel="next"`, last, take))
		return resp, nil
	})
	c := mockClient(t, mt)
	var ids []string
	for l, err := range c.Logs.From(context.Background(), "000000", 100) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, l.LogID)
	}
	if len(ids) != total || ids[0] != "000001" || ids[total-1] != fmt.Sprintf("%06d", total) {
		t.Errorf("got %d logs (%v..%v)", len(ids), ids[0], ids[len(ids)-1])
	}
	// 3 pages and the empty page that says nothing is newer.
	if calls.Load() != 4 {
		t.Errorf("%d requests, want 4", calls.Load())
	}
}

// exportServers fakes /users with total users, the export job, and a
// download location on another host that breaks off once mid-stream.
func exportServers(t *testing.T, total int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var downloads atomic.Int32
	dl := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("bearer token sent to the download host")
		}
		n := downloads.Add(1)
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		for i := range total {
			fmt.Fprintf(zw, `{"user_id":"auth0|%06d","email":"u%d@example.com","app_metadata":{"plan":"p%d"}}`+"\n", i, i, i%3)
		}
		zw.Close()
		b := buf.Bytes()
		if n == 1 {
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			w.Write(b[:len(b)/2])
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.Write(b)
	}))
	t.Cleanup(dl.Close)
	var polls atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/api/v2/users":
			per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
			users := []map[string]string{}
			for i := range min(per, total) {
				users = append(users, map[string]string{"user_id": fmt.Sprintf("auth0|%06d", i)})
			}
			json.NewEncoder(w).Encode(map[string]any{"start": 0, "limit": per, "length": len(users), "total": total, "users": users})
		case r.URL.Path == "/api/v2/jobs/users-exports" && r.Method == "POST":
			var req UsersExportRequest
			if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Format != "json" || len(req.Fields) == 0 {
				t.Errorf("export request %+v %v", req, err)
			}
			w.WriteHeader(201)
			io.WriteString(w, `{"type":"users_export","status":"pending","format":"json","id":"job_1","created_at":"2026-11-23T00:00:00.000Z"}`)
		case r.URL.Path == "/api/v2/jobs/job_1":
			if polls.Add(1) < 3 {
				io.WriteString(w, `{"type":"users_export","status":"processing","id":"job_1","percentage_done":50}`)
				return
			}
			fmt.Fprintf(w, `{"type":"users_export","status":"completed","id":"job_1","location":"%s/job_1.json.gz?X-Amz-Signature=sig"}`, dl.URL)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(api.Close)
	return api, &downloads
}

func TestUsersAllUsesExportPastTheCap(t *testing.T) {
	t.Parallel()
	const total = 2500
	api, downloads := exportServers(t, total)
	c, err := New(Config{Domain: api.URL, Token: "t"}, WithExportPollInterval(time.Millisecond), WithBackoff(time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for u, err := range c.Users.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[u.UserID] {
			t.Fatalf("user %s yielded twice", u.UserID)
		}
		seen[u.UserID] = true
		if u.AppMetadata.String("plan") == "" {
			t.Fatalf("user %s lost app_metadata", u.UserID)
		}
	}
	if len(seen) != total {
		t.Errorf("%d users, want %d", len(seen), total)
	}
	if downloads.Load() != 2 {
		t.Errorf("%d downloads, want 2 (the first broke off)", downloads.Load())
	}
}

func TestUsersQueryPastTheCap(t *testing.T) {
	t.Parallel()
	api, _ := exportServers(t, 5000)
	c, _ := New(Config{Domain: api.URL, Token: "t"})
	var last error
	for _, err := range c.Users.All(context.Background(), &ListOptions{Query: map[string][]string{"q": {`email:"x"`}}}) {
		last = err
	}
	if !errors.Is(last, ErrInvalidPaging) {
		t.Errorf("err = %v, want ErrInvalidPaging", last)
	}
}

func TestAPIErrorsAreTyped(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status int
		body   string
		want   error
	}{
		{404, `{"statusCode":404,"error":"Not Found","message":"The role does not exist."}`, ErrNotFound},
		{403, `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:roles","errorCode":"insufficient_scope"}`, ErrInsufficientScope},
		{400, `{"statusCode":400,"error":"Bad Request","message":"You can only page through the first 1000 records","errorCode":"invalid_paging"}`, ErrInvalidPaging},
		{500, `{"statusCode":500,"error":"Internal Server Error","message":"boom"}`, ErrServer},
		{429, `Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.`, ErrRateLimited},
		{200, `{"id":"rol_1","name":`, ErrDecode},
	}
	for _, tc := range cases {
		t.Run(strconv.Itoa(tc.status), func(t *testing.T) {
			t.Parallel()
			mt := httpmock.NewMockTransport()
			mt.RegisterResponder("GET", "https://tenant.example/api/v2/roles/rol_1", func(*http.Request) (*http.Response, error) {
				r := httpmock.NewStringResponse(tc.status, tc.body)
				r.Header.Set("X-Auth0-RequestId", "rq-9")
				return r, nil
			})
			c := mockClient(t, mt, WithMaxRetries(1), WithBackoff(time.Millisecond, time.Millisecond), WithMaxRateLimitWaits(1))
			_, err := c.Roles.Get(context.Background(), "rol_1")
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var ae *APIError
			if tc.status != 200 && (!errors.As(err, &ae) || ae.RequestID != "rq-9" || ae.Path != "/api/v2/roles/rol_1") {
				t.Errorf("APIError = %+v", ae)
			}
		})
	}
}

func FuzzDecodeModels(f *testing.F) {
	for _, kind := range []string{"users", "roles", "logs", "jobs"} {
		b, err := json.Marshal(recordedObjectsF(f, kind)[0])
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"scope":["a","b"],"details":null,"log_id":"1"}`))
	f.Add([]byte(`{"users":[{"user_id":1}],"total":"x"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var u User
		if json.Unmarshal(b, &u) == nil {
			if _, err := json.Marshal(u); err != nil {
				t.Fatalf("User decoded but does not encode: %v", err)
			}
		}
		var l Log
		if json.Unmarshal(b, &l) == nil {
			if _, err := json.Marshal(l); err != nil {
				t.Fatalf("Log decoded but does not encode: %v", err)
			}
		}
		var j Job
		_ = json.Unmarshal(b, &j)
		p := &offsetPage[Role]{key: "roles"}
		_ = json.Unmarshal(b, p)
		cp := &checkpointPage[Role]{key: "roles"}
		_ = json.Unmarshal(b, cp)
		e := newAPIError("GET", "/x", 400, nil, b, Rate{})
		_ = e.Error()
	})
}

func recordedObjectsF(f *testing.F, kind string) []json.RawMessage {
	b, err := readRecorded(kind)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

func TestLongRateLimitResetWaitedOut(t *testing.T) {
	t.Parallel()
	for _, deadline := range []time.Duration{0, 10 * time.Second} {
		t.Run(fmt.Sprint("deadline=", deadline), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				var calls atomic.Int32
				mt := httpmock.NewMockTransport()
				mt.RegisterResponder("GET", "https://tenant.example/api/v2/roles/rol_1", func(*http.Request) (*http.Response, error) {
					r := httpmock.NewStringResponse(200, `{"id":"rol_1"}`)
					if calls.Add(1) == 1 {
						r = httpmock.NewStringResponse(429, "Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.")
						r.Header.Set("X-RateLimit-Limit", "10")
						r.Header.Set("X-RateLimit-Remaining", "0")
						r.Header.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(30*time.Second).Unix(), 10))
					}
					return r, nil
				})
				c := mockClient(t, mt)
				ctx := context.Background()
				if deadline > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, deadline)
					defer cancel()
				}
				start := time.Now()
				_, err := c.Roles.Get(ctx, "rol_1")
				waited := time.Since(start)
				if deadline > 0 {
					if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrRateLimited) || waited > deadline+time.Second {
						t.Errorf("err = %v after %v, want the deadline", err, waited)
					}
					return
				}
				if err != nil || waited < 30*time.Second || calls.Load() != 2 {
					t.Errorf("err = %v after %v and %d calls, want success after the 30 s reset", err, waited, calls.Load())
				}
			})
		})
	}
}

func TestExportCreationRetried(t *testing.T) {
	t.Parallel()
	var posts atomic.Int32
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("POST", "https://tenant.example/api/v2/jobs/users-exports", func(*http.Request) (*http.Response, error) {
		if posts.Add(1) == 1 {
			return httpmock.NewStringResponse(503, `{"statusCode":503,"error":"Service Unavailable","message":"try later"}`), nil
		}
		return httpmock.NewStringResponse(201, `{"type":"users_export","status":"pending","id":"job_9"}`), nil
	})
	c := mockClient(t, mt, WithBackoff(time.Millisecond, time.Millisecond))
	j, err := c.Jobs.CreateUsersExport(context.Background(), UsersExportRequest{})
	if err != nil || j.ID != "job_9" || posts.Load() != 2 {
		t.Fatalf("job %v err %v after %d posts", j, err, posts.Load())
	}
}

func TestTokenRequestRetried(t *testing.T) {
	t.Parallel()
	var fetches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/oauth/token":
			switch fetches.Add(1) {
			case 1:
				conn, _, _ := w.(http.Hijacker).Hijack()
				conn.Close()
			case 2:
				w.WriteHeader(503)
				io.WriteString(w, `{"error":"temporarily_unavailable"}`)
			default:
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"access_token":"at-1","token_type":"Bearer","expires_in":86400}`)
			}
		default:
			io.WriteString(w, `{"id":"rol_1"}`)
		}
	}))
	defer srv.Close()
	c, _ := New(Config{Domain: srv.URL, ClientID: "cid", ClientSecret: testSecret})
	if _, err := c.Roles.Get(context.Background(), "rol_1"); err != nil || fetches.Load() != 3 {
		t.Fatalf("err = %v after %d token requests, want success after 3", err, fetches.Load())
	}
}

func TestDomainForms(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"tenant.eu.auth0.com":       "https://tenant.eu.auth0.com",
		"tenant.eu.auth0.com:443":   "https://tenant.eu.auth0.com",
		"https://tenant.auth0.com/": "https://tenant.auth0.com",
		"http://127.0.0.1:8080":     "http://127.0.0.1:8080",
		"http://localhost:80":       "http://localhost",
	} {
		c, err := New(Config{Domain: in, Token: "t"})
		if err != nil || c.Domain() != want {
			t.Errorf("Domain %q: %v %v, want %s", in, c, err, want)
		}
	}
}
