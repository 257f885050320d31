package auth0test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock tests advance by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock {
	return &fakeClock{now: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func start(t *testing.T, opts Options) *Server {
	t.Helper()
	s := NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request with the server's static token (token "" for none,
// "-" to use the static token).
func do(t *testing.T, s *Server, method, path, token string, body io.Reader) reply {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, s.URL()+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if token == "-" {
		token = s.Token()
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return reply{resp.StatusCode, resp.Header, b}
}

func get(t *testing.T, s *Server, path string) reply {
	t.Helper()
	return do(t, s, http.MethodGet, path, "-", nil)
}

// getOK gets path and decodes a 200 JSON body into v.
func getOK(t *testing.T, s *Server, path string, v any) reply {
	t.Helper()
	r := get(t, s, path)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, r.status, r.body)
	}
	if v != nil {
		if err := json.Unmarshal(r.body, v); err != nil {
			t.Fatalf("GET %s: %v in %s", path, err, r.body)
		}
	}
	return r
}

// wantError checks an API error answer.
func wantError(t *testing.T, r reply, status int, code, msgPart string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	var e struct {
		StatusCode int    `json:"statusCode"`
		Error      string `json:"error"`
		Message    string `json:"message"`
		ErrorCode  string `json:"errorCode"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body %q: %v", r.body, err)
	}
	if e.StatusCode != status || e.Error != http.StatusText(status) || e.ErrorCode != code || !strings.Contains(e.Message, msgPart) {
		t.Fatalf("error body %s, want status %d, errorCode %q, message containing %q", r.body, status, code, msgPart)
	}
}

// keysOf returns the top-level keys of a JSON object, in order.
func keysOf(t *testing.T, b []byte) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(b)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", b)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// idsOf reads the id field of each item.
func idsOf(t *testing.T, items []map[string]any, field string) []string {
	t.Helper()
	out := make([]string, len(items))
	for i, it := range items {
		s, ok := it[field].(string)
		if !ok {
			t.Fatalf("item without %s: %v", field, it)
		}
		out[i] = s
	}
	return out
}

// sameOnce checks that got holds every id of want exactly once.
func sameOnce(t *testing.T, what string, got, want []string) {
	t.Helper()
	seen := map[string]int{}
	for _, g := range got {
		seen[g]++
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s: %s seen %d times", what, id, n)
		}
	}
	w := slices.Clone(want)
	g := slices.Clone(got)
	slices.Sort(w)
	slices.Sort(g)
	if !slices.Equal(slices.Compact(g), w) {
		t.Errorf("%s: got %d distinct ids, want %d", what, len(slices.Compact(g)), len(w))
	}
}

func esc(s string) string { return url.PathEscape(s) }
