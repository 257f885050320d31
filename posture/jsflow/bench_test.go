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

// analyzeCorpus is a few hundred KB of realistic Action code with
// flows: the Actions of testdata/actions and testdata/flow, each
// repeated with its names varied.
func analyzeCorpus(tb testing.TB) ([]string, int) {
	tb.Helper()
	var files []string
	for _, dir := range []string{"actions", "flow"} {
		fs, _ := filepath.Glob(filepath.Join("testdata", dir, "*.js"))
		for _, f := range fs {
			if !strings.HasPrefix(filepath.Base(f), "rule_") {
				files = append(files, f)
			}
		}
	}
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
			v = strings.ReplaceAll(v, "md", "md"+strconv.Itoa(i%5))
			out = append(out, v)
			total += len(v)
		}
	}
	return out, total
}

// BenchmarkAnalyzeScripts parses and analyses the corpus with an
// Action's spec (go test -bench AnalyzeScripts -run ^$
// ./posture/jsflow/); MB/s is the speed of the two together.
func BenchmarkAnalyzeScripts(b *testing.B) {
	srcs, total := analyzeCorpus(b)
	b.SetBytes(int64(total))
	b.ReportAllocs()
	flows := 0
	for b.Loop() {
		flows = 0
		for _, src := range srcs {
			s, err := Parse("bench", src)
			if err != nil {
				b.Fatal(err)
			}
			flows += len(Analyze(s, testActionSpec).Flows)
		}
	}
	if flows == 0 {
		b.Fatal("no flows in the corpus")
	}
	b.ReportMetric(float64(flows), "flows/op")
}

// BenchmarkAnalyzeOnly analyses the parsed corpus: the analysis's own
// cost.
func BenchmarkAnalyzeOnly(b *testing.B) {
	srcs, total := analyzeCorpus(b)
	scripts := make([]*Script, len(srcs))
	for i, src := range srcs {
		s, err := Parse("bench", src)
		if err != nil {
			b.Fatal(err)
		}
		scripts[i] = s
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range scripts {
			Analyze(s, testActionSpec)
		}
	}
}
