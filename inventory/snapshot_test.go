package inventory

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// collectTiny scans a tiny fake tenant with some kinds forbidden, so that
// every status shape is in the file.
func collectTiny(t *testing.T) *Snapshot {
	t.Helper()
	srv := auth0test.NewServer(auth0test.Options{Seed: 3, Preset: auth0test.PresetTiny})
	defer srv.Close()
	srv.SetFaults(auth0test.Faults{
		MissingScopes: []string{"read:hooks", "read:organization_members"},
		Unconfigured:  []string{"email_provider"},
		Unavailable:   []string{"rules"},
	})
	snap, err := Collect(context.Background(), fastClient(t, srv), Options{Now: auth0test.BaseTime, LogWindow: wideWindow})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func TestSnapshotRoundTrip(t *testing.T) {
	t.Parallel()
	snap := collectTiny(t)
	first, err := snap.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	second, err := loaded.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatal("write, load, write is not stable")
	}
	if d := Diff(snap, loaded); len(d) != 0 {
		t.Fatalf("a snapshot differs from its own file: %v", d)
	}
	for _, want := range []string{`{"version":1,"tenant":"http://127.0.0.1:`, `"hooks":{"status":"forbidden","count":0,"missing_scopes":["read:hooks"],"records":{}}`,
		`"email_provider":{"status":"not_configured","count":0,"records":{}}`, `"rules":{"status":"unavailable"`,
		`"organizations":{"status":"partial"`, `"gaps":[{"part":"members","ids":["org_`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("snapshot lacks %s", want)
		}
	}
	var viaUnmarshal Snapshot
	if err := viaUnmarshal.UnmarshalJSON(first); err != nil {
		t.Fatal(err)
	}
	if viaUnmarshal.Kind(KindClients).Count != snap.Kind(KindClients).Count {
		t.Error("UnmarshalJSON lost clients")
	}
}

func TestSnapshotFiles(t *testing.T) {
	t.Parallel()
	snap := collectTiny(t)
	path := filepath.Join(t.TempDir(), "scan.json")
	if err := snap.SaveFile(path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	loaded, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(Diff(snap, loaded)) != 0 {
		t.Error("file differs")
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestLoadRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		want     error
	}{
		{"newer version", `{"version":2,"kinds":{"x":{"what":"ever"}}}`, ErrUnsupportedVersion},
		{"newer version last", `{"kinds":{},"version":99}`, ErrUnsupportedVersion},
		{"no version", `{"kinds":{}}`, ErrCorrupt},
		{"version zero", `{"version":0,"kinds":{}}`, ErrCorrupt},
		{"version not a number", `{"version":"1","kinds":{}}`, ErrCorrupt},
		{"fractional version", `{"version":1.5,"kinds":{}}`, ErrCorrupt},
		{"no kinds", `{"version":1}`, ErrCorrupt},
		{"not an object", `[1,2]`, ErrCorrupt},
		{"empty", ``, ErrCorrupt},
		{"truncated", `{"version":1,"kinds":{"clients":{"status":"ok","count":1,"records":{"a":{"client_id":"a"`, ErrCorrupt},
		{"trailing data", `{"version":1,"kinds":{}} {}`, ErrCorrupt},
		{"unknown status", `{"version":1,"kinds":{"clients":{"status":"great","count":0,"records":{}}}}`, ErrCorrupt},
		{"count mismatch", `{"version":1,"kinds":{"clients":{"status":"ok","count":2,"records":{"a":{}}}}}`, ErrCorrupt},
		{"no count", `{"version":1,"kinds":{"clients":{"status":"ok","records":{}}}}`, ErrCorrupt},
		{"record not an object", `{"version":1,"kinds":{"clients":{"status":"ok","count":1,"records":{"a":"x"}}}}`, ErrCorrupt},
		{"null kind", `{"version":1,"kinds":{"clients":null}}`, ErrCorrupt},
		{"bad collected_at", `{"version":1,"collected_at":"yesterday","kinds":{}}`, ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(strings.NewReader(tc.in))
			if !errors.Is(err, tc.want) {
				t.Fatalf("Load(%s) = %v, want %v", tc.in, err, tc.want)
			}
			if tc.want == ErrUnsupportedVersion && !strings.Contains(err.Error(), "version") {
				t.Errorf("unclear error: %v", err)
			}
		})
	}
}

func TestLoadAccepts(t *testing.T) {
	t.Parallel()
	in := `{"kinds":{"clients":{"status":"ok","count":1,"records":{"a":{"client_id":"a"}},"future":true}},"tenant":"t","version":1,"extra":[1]}`
	s, err := Load(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if s.Tenant != "t" || s.Kind(KindClients).Count != 1 || string(s.Kind(KindClients).Record("a")) != `{"client_id":"a"}` {
		t.Errorf("loaded %+v", s)
	}
}
