package jsflow

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"
)

// Script is one parsed script: its source, its syntax tree and the facts
// the extractors (Strings, Calls, ...) find in it. A Script is immutable
// and safe for concurrent use.
type Script struct {
	// Name labels the script in errors ("actions/a1/code").
	Name string
	// Source is the script as given.
	Source string
	// Program is the syntax tree. For a bare function expression (see
	// Wrapped) it holds one expression statement whose expression is the
	// function.
	Program *ast.Program
	// Wrapped is true when the source is a bare function expression
	// (a Rule, a Hook, a custom database or OAuth2 script:
	// "function (user, context, callback) {...}"), which is not a valid
	// program on its own and was parsed in parentheses. Positions are
	// those of Source all the same.
	Wrapped bool

	shift int   // bytes the parsed text adds before Source ("(" when wrapped)
	lines []int // byte offsets of the line starts of Source

	once sync.Once
	ix   *index
}

// Pos is a position in a script's source.
type Pos struct {
	// Line and Column are 1-based; Column counts characters (Unicode
	// code points) from the start of the line.
	Line   int
	Column int
	// Offset is the 0-based byte offset in the source.
	Offset int
}

// String returns "line:column".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// ParseError is a script that does not parse: the parser's message and
// the position of the first error in the original source.
type ParseError struct {
	// Name is the script's name as given to Parse.
	Name    string
	Message string
	// Line and Column (1-based, Column in characters) and Offset (bytes)
	// locate the error.
	Line   int
	Column int
	Offset int
	// Unsupported is true when the script may well be valid JavaScript
	// that the parser does not read (async generators): not a syntax
	// error of the script, but a script the analysis cannot judge.
	Unsupported bool
}

func (e *ParseError) Error() string {
	name := e.Name
	if name == "" {
		name = "script"
	}
	return fmt.Sprintf("%s:%d:%d: %s", name, e.Line, e.Column, e.Message)
}

// Parse parses one script. Actions are CommonJS modules and parse as they
// are; Rules, Hooks, custom database and OAuth2 scripts are often a bare
// function expression ("function (user, context, callback) {...}"): when
// the source does not parse as it is and starts, after comments and
// white space, with "function" or "async function", Parse parses it
// wrapped in parentheses (Script.Wrapped), positions still in the
// original source. A script that does not parse gives a *ParseError.
//
// Parse reads nothing but src: source map comments are ignored.
func Parse(name, src string) (*Script, error) {
	s, err := parse(name, src, src)
	if err == nil {
		return s, nil
	}
	// Syntax of recent Node.js versions the parser does not read: for
	// await loops and dynamic import() are rewritten in place (same
	// length, so every position holds) and parsed again.
	if text, changed := rewriteUnsupported(src); changed {
		if s, rerr := parse(name, src, text); rerr == nil {
			return s, nil
		}
	}
	var pe *ParseError
	if errors.As(err, &pe) && hasAsyncGenerator(src) {
		pe.Unsupported = true
		pe.Message = "uses async generators, which the parser does not read (" + pe.Message + ")"
	}
	return nil, err
}

// parse parses text, the source src as written or rewritten in place.
func parse(name, src, text string) (*Script, error) {
	prog, perr := parseProgram(name, text)
	if perr == nil {
		return newScript(name, src, prog, false), nil
	}
	if startsWithFunction(text) {
		wrapped := "(" + text + "\n)"
		prog, werr := parseProgram(name, wrapped)
		if werr == nil {
			return newScript(name, src, prog, true), nil
		}
		return nil, toParseError(name, src, wrapped, 1, werr)
	}
	return nil, toParseError(name, src, text, 0, perr)
}

func newScript(name, src string, prog *ast.Program, wrapped bool) *Script {
	s := &Script{Name: name, Source: src, Program: prog, Wrapped: wrapped, lines: lineStarts(src)}
	if wrapped {
		s.shift = 1
	}
	return s
}

// parseProgram runs the parser, turning a panic of the parser into an
// error.
func parseProgram(name, src string) (prog *ast.Program, err error) {
	defer func() {
		if p := recover(); p != nil {
			prog, err = nil, fmt.Errorf("parser failure: %v", p)
		}
	}()
	return parser.ParseFile(nil, name, src, 0, parser.WithDisableSourceMaps)
}

// toParseError maps the parser's first error in text (src with shift
// bytes before it) back to src.
func toParseError(name, src, text string, shift int, err error) *ParseError {
	msg := err.Error()
	off := 0
	var perr *parser.Error
	var list parser.ErrorList
	switch {
	case errors.As(err, &list) && len(list) > 0:
		perr = list[0]
	case errors.As(err, &perr):
	}
	if perr != nil {
		msg = perr.Message
		off = offsetOf(text, perr.Position.Line, perr.Position.Column) - shift
	}
	lines := lineStarts(src)
	p := position(src, lines, off)
	return &ParseError{Name: name, Message: msg, Line: p.Line, Column: p.Column, Offset: p.Offset}
}

// offsetOf converts the parser's line and byte column in text to a byte
// offset.
func offsetOf(text string, line, col int) int {
	ls := lineStarts(text)
	if line < 1 {
		return 0
	}
	if line > len(ls) {
		return len(text)
	}
	off := ls[line-1] + col - 1
	return min(max(off, 0), len(text))
}

// startsWithFunction reports whether src starts, after white space and
// comments, with "function" or "async function".
func startsWithFunction(src string) bool {
	s := skipSpaceAndComments(src)
	if rest, ok := strings.CutPrefix(s, "async"); ok {
		t := skipSpaceAndComments(rest)
		if len(t) == len(rest) {
			return false // "asyncfunction"
		}
		s = t
	}
	rest, ok := strings.CutPrefix(s, "function")
	if !ok {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !isIdentPart(r)
}

func skipSpaceAndComments(s string) string {
	for {
		t := strings.TrimLeft(s, " \t\n\r\v\f\u00a0\ufeff\u2028\u2029")
		switch {
		case strings.HasPrefix(t, "//"):
			i := strings.IndexAny(t, "\n\r\u2028\u2029")
			if i < 0 {
				return ""
			}
			s = t[i:]
		case strings.HasPrefix(t, "/*"):
			i := strings.Index(t[2:], "*/")
			if i < 0 {
				return ""
			}
			s = t[i+4:]
		default:
			return t
		}
	}
}

func isIdentPart(r rune) bool {
	return r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r >= 0x80
}

// lineStarts returns the byte offsets at which the lines of s start; the
// line terminators are JavaScript's (\n, \r\n, \r, U+2028, U+2029), as the
// parser counts them.
func lineStarts(s string) []int {
	out := []int{0}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			out = append(out, i+1)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			out = append(out, i+1)
		case 0xe2: // U+2028, U+2029: e2 80 a8, e2 80 a9
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xa8 || s[i+2] == 0xa9) {
				i += 2
				out = append(out, i+1)
			}
		}
	}
	return out
}

// position converts a byte offset of src (clamped to the source) to a
// Pos.
func position(src string, lines []int, off int) Pos {
	off = min(max(off, 0), len(src))
	line := sort.Search(len(lines), func(i int) bool { return lines[i] > off }) - 1
	line = max(line, 0)
	start := lines[line]
	return Pos{Line: line + 1, Column: utf8.RuneCountInString(src[start:off]) + 1, Offset: off}
}

// PosAt converts an index of the syntax tree (file.Idx, as the nodes
// hold them) to a position in the source; indexes outside the source
// (the parentheses of a wrapped script) are clamped to it.
func (s *Script) PosAt(idx file.Idx) Pos {
	return position(s.Source, s.lines, int(idx)-1-s.shift)
}

// Pos returns the position where node n starts.
func (s *Script) Pos(n ast.Node) Pos {
	start, _ := s.Span(n)
	return start
}

// Span returns the positions where node n starts and ends (the end is
// just past its last character). A node without positions gives the
// start of the source.
func (s *Script) Span(n ast.Node) (start, end Pos) {
	i0, i1 := nodeIdx(n)
	start = s.PosAt(i0)
	end = s.PosAt(i1)
	if end.Offset < start.Offset {
		end = start
	}
	return start, end
}

// Text returns the source text of node n.
func (s *Script) Text(n ast.Node) string {
	start, end := s.Span(n)
	return s.Source[start.Offset:end.Offset]
}

// Lines returns the number of lines of the source.
func (s *Script) Lines() int { return len(s.lines) }

// nodeIdx returns the node's indexes, 0 for a node whose accessors fail
// (some nodes compute their end from children that may be absent).
func nodeIdx(n ast.Node) (i0, i1 file.Idx) {
	if isNil(n) {
		return 0, 0
	}
	defer func() {
		if recover() != nil {
			if i1 < i0 {
				i1 = i0
			}
		}
	}()
	i0 = n.Idx0()
	i1 = i0
	i1 = n.Idx1()
	return i0, i1
}
