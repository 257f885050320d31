package jsflow

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/dop251/goja/ast"
)

// FuzzParse: Parse never panics, a script that parses has every node
// and every extracted fact inside the source, and an error is a
// *ParseError inside the source. The seed corpus (testdata/fuzz/FuzzParse)
// holds the recorded Actions, Rules, Hooks and connection scripts.
func FuzzParse(f *testing.F) {
	f.Add(kitchenSink)
	f.Add("function (user, context, callback) { callback(null, user, context); }")
	f.Add("async function (event) {\n  await x;\n}")
	f.Add("exports.f = async (event, api) => {\r\n\tconsole.log(\"é\")\r\n};\"\r\n")
	f.Fuzz(func(t *testing.T, src string) {
		s, err := Parse("fuzz", src)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v, want *ParseError", err, err)
			}
			checkPos(t, src, Pos{Line: pe.Line, Column: pe.Column, Offset: pe.Offset}, "error")
			return
		}
		Walk(s.Program, func(n ast.Node) bool {
			start, end := s.Span(n)
			checkPos(t, src, start, "node start")
			checkPos(t, src, end, "node end")
			if end.Offset < start.Offset {
				t.Fatalf("%T ends before it starts", n)
			}
			return true
		})
		for _, l := range s.Strings() {
			checkPos(t, src, l.Pos, "string")
			checkPos(t, src, l.End, "string end")
		}
		for _, c := range s.Calls() {
			checkPos(t, src, c.Pos, "call")
		}
		for _, p := range s.Properties() {
			checkPos(t, src, p.Pos, "property")
		}
		for _, r := range s.Requires() {
			checkPos(t, src, r.Pos, "require")
		}
		for _, a := range s.Assignments() {
			checkPos(t, src, a.Pos, "assignment")
		}
		for _, b := range s.Bindings() {
			checkPos(t, src, b.Pos, "binding")
		}
		for _, fn := range s.Functions() {
			checkPos(t, src, fn.Pos, "function")
		}
	})
}

// checkPos checks that p lies in src and that its line and column agree
// with its offset.
func checkPos(t *testing.T, src string, p Pos, what string) {
	t.Helper()
	if p.Offset < 0 || p.Offset > len(src) || p.Line < 1 || p.Column < 1 {
		t.Fatalf("%s at %+v outside a source of %d bytes", what, p, len(src))
	}
	ls := lineStarts(src)
	if p.Line > len(ls) {
		t.Fatalf("%s on line %d of %d", what, p.Line, len(ls))
	}
	start := ls[p.Line-1]
	if p.Offset < start {
		t.Fatalf("%s: offset %d before its line start %d", what, p.Offset, start)
	}
	if p.Line < len(ls) && p.Offset >= ls[p.Line] {
		t.Fatalf("%s: offset %d past its line", what, p.Offset)
	}
	if want := utf8.RuneCountInString(src[start:p.Offset]) + 1; p.Column != want {
		t.Fatalf("%s: column %d, want %d", what, p.Column, want)
	}
}

// FuzzAnalyze: Analyze never fails on a script that parses, and every
// position it gives is inside the source. The seed corpus
// (testdata/fuzz/FuzzAnalyze) holds the recorded Actions, Rules and
// Hooks and the realistic flows of testdata/flow; the flow test cases
// are added here.
func FuzzAnalyze(f *testing.F) {
	for _, tc := range flowCases {
		f.Add(tc.src)
	}
	f.Add(kitchenSink)
	f.Fuzz(func(t *testing.T, src string) {
		s, err := Parse("fuzz", src)
		if err != nil {
			return
		}
		for _, spec := range []Spec{testActionSpec, testRuleSpec, testHookSpec} {
			checkAnalysis(t, src, analyze(s, spec, false))
		}
	})
}
