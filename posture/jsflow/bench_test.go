package jsflow

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// benchCorpus is a few hundred KB of realistic Action code: the testdata
// Actions, each repeated with its names varied.
func benchCorpus(tb testing.TB) ([]string, int) {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata", "actions", "*.js"))
	var base []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		base = append(base, string(b))
	}
	var out []string
	total := 0
	for i := 0; total < 300<<10; i++ {
		for _, src := range base {
			v := strings.ReplaceAll(src, "event", "event"+strconv.Itoa(i%7))
			out = append(out, v)
			total += len(v)
		}
	}
	return out, total
}

// BenchmarkParse parses the corpus (go test -bench Parse -run ^$
// ./posture/jsflow/); MB/s is the parse speed.
func BenchmarkParse(b *testing.B) {
	srcs, total := benchCorpus(b)
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			if _, err := Parse("bench", src); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseAndExtract parses the corpus and runs every extractor.
func BenchmarkParseAndExtract(b *testing.B) {
	srcs, total := benchCorpus(b)
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			s, err := Parse("bench", src)
			if err != nil {
				b.Fatal(err)
			}
			_ = s.Strings()
			_ = s.Calls()
		}
	}
}
