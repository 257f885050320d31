package report

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/authlens/authlens/posture"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var extensions = map[Format]string{FormatJSON: ".json", FormatSARIF: ".sarif", FormatMarkdown: ".md"}

// TestGolden writes every fixture in every format, twice (the bytes must
// not change), and compares with testdata/<fixture>.<ext>; -update
// rewrites the files.
func TestGolden(t *testing.T) {
	t.Parallel()
	for _, fx := range fixtures {
		for _, f := range Formats() {
			t.Run(fx.name+"/"+string(f), func(t *testing.T) {
				t.Parallel()
				opts := Options{ToolVersion: "1.2.3"}
				var first, second bytes.Buffer
				if err := Write(&first, fx.res(), f, opts); err != nil {
					t.Fatal(err)
				}
				if err := Write(&second, fx.res(), f, opts); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(first.Bytes(), second.Bytes()) {
					t.Fatal("two writes of the same Result differ")
				}
				golden := filepath.Join("testdata", fx.name+extensions[f])
				if *update {
					if err := os.WriteFile(golden, first.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to write it)", err)
				}
				if !bytes.Equal(first.Bytes(), want) {
					t.Errorf("output differs from %s (go test -update rewrites it):\n%s", golden, first.Bytes())
				}
			})
		}
	}
}

func TestWriteRefusesInvalidResults(t *testing.T) {
	t.Parallel()
	zeroSeverity := fullResult()
	zeroSeverity.Findings[2].Severity = 0
	noCheck := fullResult()
	noCheck.Findings[0].Check = ""
	badCheck := fullResult()
	badCheck.Checks[0].Severity = 9
	noNECheck := fullResult()
	noNECheck.NotEvaluated[0].Check = ""
	tests := []struct {
		name string
		res  *posture.Result
	}{
		{"nil", nil},
		{"finding without severity", zeroSeverity},
		{"finding without check", noCheck},
		{"check with a bad severity", badCheck},
		{"not evaluated without check", noNECheck},
	}
	for _, tt := range tests {
		for _, f := range Formats() {
			t.Run(tt.name+"/"+string(f), func(t *testing.T) {
				t.Parallel()
				var b bytes.Buffer
				err := Write(&b, tt.res, f, Options{})
				if !errors.Is(err, ErrInvalidResult) {
					t.Fatalf("err = %v, want ErrInvalidResult", err)
				}
				if b.Len() != 0 {
					t.Fatalf("wrote %d bytes for an invalid result", b.Len())
				}
			})
		}
	}
}

type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteReturnsWriterErrors(t *testing.T) {
	t.Parallel()
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			if err := Write(failWriter{}, fullResult(), f, Options{}); !errors.Is(err, errWrite) {
				t.Fatalf("err = %v, want %v", err, errWrite)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Format
		err  bool
	}{
		{"json", FormatJSON, false},
		{" SARIF ", FormatSARIF, false},
		{"Markdown", FormatMarkdown, false},
		{"md", FormatMarkdown, false},
		{"html", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseFormat(tt.in)
			if tt.err {
				if !errors.Is(err, ErrUnknownFormat) {
					t.Fatalf("err = %v, want ErrUnknownFormat", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseFormat(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	if err := Write(&bytes.Buffer{}, fullResult(), "pdf", Options{}); !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("Write(pdf) = %v, want ErrUnknownFormat", err)
	}
}

// TestChecksOf: a Result without catalogue entries (built by hand, or
// read back from JSON) still describes every check its findings and
// not-evaluated entries name, in a stable order.
func TestChecksOf(t *testing.T) {
	t.Parallel()
	res := fullResult()
	res.Checks = res.Checks[:2] // AL-APP-001, AL-APP-002
	res.Findings = append(res.Findings, posture.Finding{Check: "AL-ZZZ-999", Severity: posture.SeverityLow, Area: "zzz", Title: "Unknown"})
	cs := checksOf(res)
	var ids []string
	for _, c := range cs.infos {
		ids = append(ids, c.ID)
	}
	want := []string{"AL-APP-001", "AL-APP-002", "AL-CODE-001", "AL-CONN-001", "AL-LOG-001", "AL-M2M-001", "AL-ORG-001", "AL-PATH-001", "AL-PATH-002", "AL-TEN-001", "AL-ZZZ-999"}
	if !slices.Equal(ids, want) {
		t.Fatalf("checks = %v, want %v", ids, want)
	}
	if c, i := cs.get("AL-ZZZ-999"); i != len(want)-1 || c.Title != "Unknown" || c.Severity != posture.SeverityLow {
		t.Fatalf("AL-ZZZ-999 = %+v at %d", c, i)
	}
	if c, _ := cs.get("AL-CONN-001"); c.Area != posture.AreaConnections {
		t.Fatalf("AL-CONN-001 area = %q, want connections (from the id)", c.Area)
	}
	if _, i := cs.get("AL-NONE-000"); i != -1 {
		t.Fatalf("unknown check index = %d, want -1", i)
	}
}
