package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
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

// reformat writes v as a formatter might: indented, members in reverse
// order, non-ASCII and HTML characters escaped, slashes escaped.
func reformat(b *bytes.Buffer, v any, indent string) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Sort(sort.Reverse(sort.StringSlice(keys)))
		b.WriteString("{\n")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(indent + "  ")
			reformat(b, k, indent+"  ")
			b.WriteString(" : ")
			reformat(b, x[k], indent+"  ")
		}
		b.WriteString("\n" + indent + "}")
	case []any:
		b.WriteString("[ ")
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			reformat(b, e, indent)
		}
		b.WriteString(" ]")
	case string:
		enc, _ := json.Marshal(x) // escapes <, >, &
		out := strings.ReplaceAll(string(enc), "/", `\/`)
		var sb strings.Builder
		for _, r := range out {
			if r > 127 {
				fmt.Fprintf(&sb, `\u%04x`, r)
			} else {
				sb.WriteRune(r)
			}
		}
		b.WriteString(sb.String())
	case json.Number:
		b.WriteString(x.String())
	default:
		enc, _ := json.Marshal(x)
		b.Write(enc)
	}
}

// A snapshot re-serialised by a formatter loads to the same records: the
// same bytes when written again, no change in a diff.
func TestLoadCanonicalisesFormattedSnapshot(t *testing.T) {
	t.Parallel()
	snap := collectTiny(t)
	orig, err := snap.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(orig))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		t.Fatal(err)
	}
	// Something to escape: a non-ASCII name, HTML, a slash.
	clients := tree.(map[string]any)["kinds"].(map[string]any)["clients"].(map[string]any)
	clients["records"].(map[string]any)["zz"] = map[string]any{"name": "Café <b>&</b> a/b", "n": json.Number("1")}
	clients["count"] = json.Number(fmt.Sprint(snap.Kind(KindClients).Count + 1))
	var formatted bytes.Buffer
	reformat(&formatted, tree, "")
	if bytes.Contains(formatted.Bytes(), []byte(`"client_id":`)) || !bytes.Contains(formatted.Bytes(), []byte(`\u00e9`)) {
		t.Fatal("the formatter did not reformat")
	}
	loaded, err := Load(&formatted)
	if err != nil {
		t.Fatal(err)
	}
	delete(loaded.Kinds[KindClients].Records, "zz")
	if rec := string(loaded.Kind(KindClients).Record(loaded.Kind(KindClients).IDs()[0])); strings.Contains(rec, "\n") || strings.Contains(rec, " : ") {
		t.Errorf("record not canonical after Load: %.120s", rec)
	}
	if d := Diff(snap, loaded); len(d) != 0 {
		t.Errorf("formatting shows as %d change(s), first %s", len(d), d[0])
	}
	loaded.Kinds[KindClients].Count--
	again, err := loaded.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, orig) {
		t.Error("written again, the formatted snapshot differs from the original")
	}
}
