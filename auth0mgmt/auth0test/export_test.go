package auth0test

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// runExport creates a job, polls it to completion and returns the job
// answers and the location.
func runExport(t *testing.T, s *Server, body string) (created map[string]any, statuses []string, location string) {
	t.Helper()
	r := do(t, s, http.MethodPost, "/api/v2/jobs/users-exports", "-", strings.NewReader(body))
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	if err := json.Unmarshal(r.body, &created); err != nil {
		t.Fatal(err)
	}
	id, _ := created["id"].(string)
	for range 20 {
		var j map[string]any
		getOK(t, s, "/api/v2/jobs/"+id, &j)
		st, _ := j["status"].(string)
		statuses = append(statuses, st)
		if st == "processing" {
			if _, ok := j["percentage_done"]; !ok {
				t.Fatalf("processing without percentage_done: %v", j)
			}
			if _, ok := j["time_left_seconds"]; !ok {
				t.Fatalf("processing without time_left_seconds: %v", j)
			}
		}
		if st == "completed" {
			location, _ = j["location"].(string)
			return created, statuses, location
		}
	}
	t.Fatalf("job never completed: %v", statuses)
	return
}

// download fetches a location without Authorization and counts NDJSON
// lines while reading.
func download(t *testing.T, s *Server, location string, each func(line []byte)) (contentLength int64, status int) {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, location, nil)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Logf("download: %d %s", resp.StatusCode, b)
		return resp.ContentLength, resp.StatusCode
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		each(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return resp.ContentLength, resp.StatusCode
}

func TestUsersExportJSON(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 9, Preset: PresetSmall})
	created, statuses, loc := runExport(t, s, `{"format":"json","fields":[{"name":"user_id"},{"name":"email"},{"name":"identities"},{"name":"identities[0].connection","export_as":"provider"},{"name":"app_metadata"}]}`)
	if created["type"] != "users_export" || created["status"] != "pending" || created["format"] != "json" ||
		!strings.HasPrefix(created["id"].(string), "job_") || created["created_at"] == nil || created["fields"] == nil {
		t.Errorf("created job %v", created)
	}
	if _, ok := created["connection_id"]; ok {
		t.Errorf("connection_id without one asked")
	}
	if !slices.Equal(statuses, []string{"pending", "processing", "completed"}) {
		t.Errorf("statuses %v", statuses)
	}
	if !strings.HasPrefix(loc, s.URL()+"/exports/") || !strings.Contains(loc, "X-Amz-Signature=") || !strings.Contains(loc, "X-Amz-Expires=60") {
		t.Errorf("location %s", loc)
	}
	var ids []string
	withApp := 0
	length, _ := download(t, s, loc, func(line []byte) {
		var u struct {
			UserID     string           `json:"user_id"`
			Email      string           `json:"email"`
			Identities []map[string]any `json:"identities"`
			Provider   string           `json:"provider"`
			App        map[string]any   `json:"app_metadata"`
			Name       *string          `json:"name"`
		}
		if err := json.Unmarshal(line, &u); err != nil {
			t.Fatalf("line %s: %v", line, err)
		}
		if u.UserID == "" || u.Email == "" || len(u.Identities) == 0 || u.Provider != u.Identities[0]["connection"] || u.Name != nil {
			t.Fatalf("line %s", line)
		}
		if u.App != nil {
			withApp++
		}
		ids = append(ids, u.UserID)
	})
	if length > 0 {
		t.Errorf("Content-Length %d on a streamed (chunked) download", length)
	}
	if !slices.Equal(ids, s.Tenant().IDs(KindUsers)) {
		t.Errorf("exported %d users, want %d", len(ids), s.Tenant().Count(KindUsers))
	}
	if withApp == 0 {
		t.Errorf("no app_metadata exported")
	}
	// the link needs no token but a valid signature
	bad := loc[:strings.Index(loc, "X-Amz-Signature=")] + "X-Amz-Signature=00"
	if _, st := download(t, s, bad, func([]byte) {}); st != http.StatusForbidden {
		t.Errorf("bad signature: %d", st)
	}
}

func TestUsersExportByConnectionCSVAndLimit(t *testing.T) {
	t.Parallel()
	clock := newClock()
	s := start(t, Options{Seed: 10, Preset: PresetSmall, ExportPolls: -1, Now: clock.Now})
	tn := s.Tenant()
	conn := tn.IDs(KindConnections)[0]
	created, statuses, loc := runExport(t, s, `{"connection_id":"`+conn+`","format":"csv","fields":[{"name":"user_id"},{"name":"email","export_as":"Email"},{"name":"user_metadata.language"}]}`)
	if created["connection_id"] != conn || created["connection"] != "Username-Password-Authentication" {
		t.Errorf("created %v", created)
	}
	if len(statuses) != 1 {
		t.Errorf("ExportPolls -1: %v", statuses)
	}
	req, _ := http.NewRequest(http.MethodGet, loc, nil)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(zr).ReadAll()
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], []string{"user_id", "Email", "user_metadata.language"}) {
		t.Errorf("header %v", recs[0])
	}
	if got, want := len(recs)-1, tn.ConnectionUsers("Username-Password-Authentication"); got != want || want == 0 {
		t.Errorf("%d rows, want %d", got, want)
	}
	// links expire after 60 seconds
	clock.Advance(61 * time.Second)
	if _, st := download(t, s, loc, func([]byte) {}); st != http.StatusForbidden {
		t.Errorf("expired link: %d", st)
	}
	// limit
	_, _, loc = runExport(t, s, `{"format":"json","limit":7}`)
	n := 0
	download(t, s, loc, func(line []byte) {
		n++
		if !strings.Contains(string(line), `"identities":[`) {
			t.Fatalf("whole user expected: %s", line)
		}
	})
	if n != 7 {
		t.Errorf("limit 7 exported %d", n)
	}
	bad := do(t, s, http.MethodPost, "/api/v2/jobs/users-exports", "-", strings.NewReader(`{"format":"xml"}`))
	wantError(t, bad, 400, "invalid_body", "xml")
	bad = do(t, s, http.MethodPost, "/api/v2/jobs/users-exports", "-", strings.NewReader(`{"connection_id":"con_nope"}`))
	wantError(t, bad, 400, "inexistent_connection", "")
}

func TestUsersExportStreamsLargeTenant(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 11, Preset: PresetLarge, ExportPolls: -1})
	_, _, loc := runExport(t, s, `{"format":"json","fields":[{"name":"user_id"},{"name":"created_at"}]}`)
	n := 0
	length, _ := download(t, s, loc, func([]byte) { n++ })
	if n != 50000 {
		t.Errorf("%d lines, want 50000", n)
	}
	if length > 0 {
		t.Errorf("Content-Length %d on a streamed (chunked) download", length)
	}
	if st := s.Stats(); st.Downloads != 1 || st.ByRoute["GET /exports/{job}/{file}"] != 1 {
		t.Errorf("stats %+v", st)
	}
}
