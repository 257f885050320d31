package auth0test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rawGet sends one request on a fresh connection (no transparent retry of
// a dropped keep-alive connection) and reads the whole body.
func rawGet(s *Server, url string, token bool) (*http.Response, []byte, error) {
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, err
	}
	if token {
		req.Header.Set("Authorization", "Bearer "+s.Token())
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestFaultDropAndTruncate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		faults Faults
		check  func(t *testing.T, resp *http.Response, body []byte, err error)
	}{
		{"drop", Faults{DropRate: 1}, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err == nil {
				t.Fatalf("dropped request answered %d", resp.StatusCode)
			}
		}},
		{"truncate", Faults{TruncateRate: 1}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if resp == nil {
				t.Fatalf("no response: %v", err)
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("read error %v, want unexpected EOF", err)
			}
			if int64(len(body)) >= resp.ContentLength || len(body) == 0 {
				t.Fatalf("read %d of Content-Length %d", len(body), resp.ContentLength)
			}
			if resp.Header.Get("X-RateLimit-Limit") == "" {
				t.Fatalf("truncated answer without rate headers")
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := start(t, Options{Seed: 1})
			s.SetFaults(tc.faults)
			resp, body, err := rawGet(s, s.URL()+"/api/v2/clients", true)
			tc.check(t, resp, body, err)
			if st := s.Stats(); st.FaultsByKind[tc.name] != 1 || st.Faults != 1 {
				t.Errorf("stats %v", st.FaultsByKind)
			}
			s.SetFaults(Faults{})
			if _, _, err := rawGet(s, s.URL()+"/api/v2/clients", true); err != nil {
				t.Errorf("after clearing faults: %v", err)
			}
		})
	}
}

func TestFaultTruncatedDownload(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1, Preset: PresetSmall, ExportPolls: -1})
	_, _, loc := runExport(t, s, `{"format":"json"}`)
	s.SetFaults(Faults{TruncateRate: 1})
	resp, body, err := rawGet(s, loc, false)
	if resp == nil || !errors.Is(err, io.ErrUnexpectedEOF) || len(body) == 0 {
		t.Fatalf("truncated download: err %v, %d bytes", err, len(body))
	}
	s.SetFaults(Faults{DropRate: 1})
	if _, _, err := rawGet(s, loc, false); err == nil {
		t.Fatalf("dropped download answered")
	}
	s.SetFaults(Faults{})
	_, body, err = rawGet(s, loc, false)
	if err != nil {
		t.Fatalf("clean download: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("clean download is not gzip: %v", err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil {
		t.Fatalf("clean download is not a whole gzip file: %v", err)
	}
}

func TestFaultServerErrors(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1})
	s.SetFaults(Faults{FailNext: 2})
	for i, want := range []int{503, 503, 200} {
		if r := get(t, s, "/api/v2/roles"); r.status != want {
			t.Fatalf("request %d: %d, want %d", i, r.status, want)
		}
	}
	s.SetFaults(Faults{FailNext: 1})
	wantError(t, get(t, s, "/api/v2/roles"), 503, "", "Service Unavailable")

	s.SetFaults(Faults{ServerErrorRate: 0.3})
	const n = 400
	fails := 0
	seen := map[int]bool{}
	for range n {
		r := get(t, s, "/api/v2/roles")
		if r.status >= 500 {
			fails++
			seen[r.status] = true
			if !strings.Contains(string(r.body), `"statusCode":`+strconv.Itoa(r.status)) {
				t.Fatalf("5xx body %s", r.body)
			}
		}
	}
	if fails < n*20/100 || fails > n*40/100 || !seen[500] || !seen[503] {
		t.Errorf("%d of %d failed (%v), want about 30%% of 500 and 503", fails, n, seen)
	}
}

func TestFaultsAreDeterministic(t *testing.T) {
	t.Parallel()
	run := func() []int {
		s := start(t, Options{Seed: 77})
		s.SetFaults(Faults{ServerErrorRate: 0.5})
		var codes []int
		for range 40 {
			codes = append(codes, get(t, s, "/api/v2/roles").status)
		}
		return codes
	}
	a, b := run(), run()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("run 1 %v\nrun 2 %v", a, b)
		}
	}
}

func TestFaultLatencyHonoursTheClient(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1})
	s.SetFaults(Faults{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"/api/v2/roles", nil)
	req.Header.Set("Authorization", "Bearer "+s.Token())
	if resp, err := s.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answered despite an hour of latency")
	}
	s.SetFaults(Faults{})
	// Close (in Cleanup) must not wait for the hour: the handler ended
	// with the client
}

func TestUnconfiguredAndUnavailable(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1})
	getOK(t, s, "/api/v2/emails/provider", nil)
	getOK(t, s, "/api/v2/email-templates/verify_email", nil)
	s.SetFaults(Faults{Unconfigured: []string{"email_provider", "email_templates", "custom_domains", "branding", "log_streams", "network_acls", "rules_configs"},
		Unavailable: []string{"rules", "hooks"}})
	wantError(t, get(t, s, "/api/v2/emails/provider"), 404, "inexistent_email_provider", "There is not a configured email provider")
	wantError(t, get(t, s, "/api/v2/email-templates/verify_email"), 404, "inexistent_email_template", "")
	for path, want := range map[string]string{"/api/v2/custom-domains": "[]", "/api/v2/branding": "{}",
		"/api/v2/log-streams": "[]", "/api/v2/network-acls": "[]"} {
		if r := getOK(t, s, path, nil); string(r.body) != want {
			t.Errorf("%s: %s, want %s", path, r.body, want)
		}
	}
	wantError(t, get(t, s, "/api/v2/rules"), 403, "feature_not_enabled", "")
	wantError(t, get(t, s, "/api/v2/rules-configs"), 403, "feature_not_enabled", "")
	wantError(t, get(t, s, "/api/v2/hooks"), 404, "", "Not Found")
	getOK(t, s, "/api/v2/actions/actions", nil)
	wantError(t, get(t, s, "/api/v2/email-templates/nope"), 400, "invalid_uri", "")
}
