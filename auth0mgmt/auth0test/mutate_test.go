package auth0test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// getJSON fetches an /api/v2 path with the server's token.
func getJSON(t *testing.T, s *Server, path string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL()+path, nil)
	req.Header.Set("Authorization", "Bearer "+s.Token())
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSetField(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{Seed: 3})
	t.Cleanup(s.Close)
	grant := s.Tenant().IDs(KindClientGrants)[0]
	conn := s.Tenant().IDs(KindConnections)[0]
	for _, tc := range []struct {
		name  string
		set   func() error
		path  string
		check func(map[string]any) bool
	}{
		{"grant scope", func() error {
			return s.SetField(KindClientGrants, grant, "scope", []string{"read:users", "create:users"})
		},
			"/api/v2/client-grants/" + grant, func(m map[string]any) bool {
				sc, _ := m["scope"].([]any)
				return len(sc) == 2 && sc[1] == "create:users"
			}},
		{"nested new member", func() error { return s.SetField(KindConnections, conn, "options.disable_signup", false) },
			"/api/v2/connections/" + conn, func(m map[string]any) bool {
				o, _ := m["options"].(map[string]any)
				v, ok := o["disable_signup"]
				return ok && v == false
			}},
		{"setting", func() error { return s.SetSetting("brute-force-protection", "enabled", false) },
			"/api/v2/attack-protection/brute-force-protection", func(m map[string]any) bool { return m["enabled"] == false }},
		{"any JSON", func() error {
			return s.SetSetting("bot-detection", "allowlist", []any{"198.51.100.7"})
		}, "/api/v2/attack-protection/bot-detection", func(m map[string]any) bool {
			l, _ := m["allowlist"].([]any)
			return len(l) == 1 && l[0] == "198.51.100.7"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.set(); err != nil {
				t.Fatal(err)
			}
			if m := getJSON(t, s, tc.path); !tc.check(m) {
				t.Errorf("GET %s after the change: %v", tc.path, m)
			}
		})
	}
}

func TestSetFieldRefuses(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{Seed: 3})
	t.Cleanup(s.Close)
	conn := s.Tenant().IDs(KindConnections)[0]
	rs := s.Tenant().IDs(KindResourceServers)[0]
	grant := s.Tenant().IDs(KindClientGrants)[0]
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"users", s.SetField(KindUsers, "x", "name", "y")},
		{"unknown kind", s.SetField(Kind("widgets"), "x", "name", "y")},
		{"unknown id", s.SetField(KindRules, "nope", "enabled", true)},
		{"connection name", s.SetField(KindConnections, conn, "name", "other")},
		{"api identifier", s.SetField(KindResourceServers, rs, "identifier", "https://x/")},
		{"through a string", s.SetField(KindClientGrants, grant, "audience.x", 1)},
		{"empty path", s.SetField(KindConnections, conn, "options..x", 1)},
		{"unknown setting", s.SetSetting("guardian", "enabled", true)},
	} {
		if !errors.Is(tc.err, ErrNotMutable) {
			t.Errorf("%s: %v, want ErrNotMutable", tc.name, tc.err)
		}
	}
}

// TestSetFieldWhileServing changes the tenant while requests run (go test
// -race checks the locking).
func TestSetFieldWhileServing(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{Seed: 4})
	t.Cleanup(s.Close)
	grant := s.Tenant().IDs(KindClientGrants)[0]
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				m := getJSON(t, s, "/api/v2/client-grants/"+grant)
				if _, ok := m["scope"]; !ok {
					t.Error("a grant without scope")
				}
			}
		})
	}
	for i := range 50 {
		if err := s.SetField(KindClientGrants, grant, "scope", []string{strings.Repeat("x", i)}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
}
