package jsflow

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type recordedScript struct {
	From   string `json:"from"`
	Source string `json:"source"`
}

func loadRecorded(tb testing.TB) []recordedScript {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "recorded_scripts.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []recordedScript
	if err := json.Unmarshal(b, &out); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestParseRecorded parses every Action, Rule, Hook and connection script
// recorded from a real tenant: all parse, but for the two Actions the
// recorder saved with a stray `";` after the function.
func TestParseRecorded(t *testing.T) {
	t.Parallel()
	scripts := loadRecorded(t)
	if len(scripts) < 10 {
		t.Fatalf("only %d recorded scripts", len(scripts))
	}
	broken := 0
	for _, rs := range scripts {
		s, err := Parse(rs.From, rs.Source)
		if strings.HasSuffix(rs.Source, "};\"\n") {
			broken++
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("%s: err %v, want a *ParseError", rs.From, err)
				continue
			}
			if pe.Line != 3 || pe.Column != 3 || pe.Message == "" {
				t.Errorf("%s: error at %d:%d %q, want 3:3", rs.From, pe.Line, pe.Column, pe.Message)
			}
			if got := rs.Source[pe.Offset:]; got != "\"\n" {
				t.Errorf("%s: error offset points at %q", rs.From, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", rs.From, err)
			continue
		}
		if len(s.Program.Body) == 0 {
			t.Errorf("%s: empty program", rs.From)
		}
		wantWrapped := strings.HasPrefix(rs.Source, "function (") || strings.HasPrefix(rs.Source, "function(")
		if s.Wrapped != wantWrapped {
			t.Errorf("%s: wrapped %v, want %v", rs.From, s.Wrapped, wantWrapped)
		}
	}
	if broken != 2 {
		t.Errorf("%d recorded scripts with the stray quote, want 2", broken)
	}
}

func TestParseActionsTestdata(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join("testdata", "actions", "*.js"))
	if len(files) == 0 {
		t.Fatal("no testdata actions")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(f, string(b))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if s.Wrapped {
			t.Errorf("%s: a module must not be wrapped", f)
		}
	}
}

func TestParseWrappedPositions(t *testing.T) {
	t.Parallel()
	src := "// A rule\nfunction (user, context, callback) {\n  context.idToken['https://x/roles'] = user.roles;\n  callback(null, user, context);\n}"
	s, err := Parse("rule", src)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Wrapped {
		t.Fatal("a bare function must be wrapped")
	}
	calls := s.Calls()
	if len(calls) != 1 || calls[0].Callee != "callback" {
		t.Fatalf("calls %+v", calls)
	}
	if got := calls[0].Pos; got.Line != 4 || got.Column != 3 {
		t.Errorf("callback at %v, want 4:3", got)
	}
	if got := s.Text(calls[0].Node); got != "callback(null, user, context)" {
		t.Errorf("text %q", got)
	}
	fns := s.Functions()
	if len(fns) != 1 || fns[0].Pos.Line != 2 || fns[0].Pos.Column != 1 || strings.Join(fns[0].Params, ",") != "user,context,callback" {
		t.Errorf("functions %+v", fns)
	}
	// The end of the function is the end of the source, not the added
	// parenthesis.
	_, end := s.Span(fns[0].Node)
	if end.Offset != len(src) {
		t.Errorf("function ends at %d, want %d", end.Offset, len(src))
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, src  string
		line, col  int
		msgContain string
	}{
		{"unterminated string", "exports.f = async (e, api) => {\n\tconsole.log(\"bar\")\n};\"\n", 3, 3, ""},
		{"missing brace", "exports.f = async (event, api) => {\n  if (x) {\n    api.access.deny('x');\n};\n", 5, 1, ""},
		{"bad token in module", "const a = 1;\nconst b = ;\n", 2, 11, "Unexpected token"},
		{"error in a wrapped rule", "function (user, context, callback) {\n  var x = ;\n}", 2, 11, "Unexpected token"},
		{"error in a wrapped async function", "async function (user) {\n  await = 1;\n}", 2, 9, "Unexpected token ="},
		{"CRLF line ends", "const a = 1;\r\nconst b = 2;\r\nconst = 3;\r\n", 3, 7, ""},
		{"characters, not bytes", "const é = 'ünïcödé'; const b = ;", 1, 32, ""},
		{"wrapped, error on line 1", "function (user, context) { return user * / 2; }", 1, 42, ""},
		{"not a function", "callback(null, user", 1, 20, "end of input"},
		{"named function declaration with error", "function rule(user) {\n  return {;\n}", 3, 1, "Unexpected token ;"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("s.js", tc.src)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err %v, want *ParseError", err)
			}
			if pe.Line != tc.line || pe.Column != tc.col {
				t.Errorf("at %d:%d (%s), want %d:%d", pe.Line, pe.Column, pe.Message, tc.line, tc.col)
			}
			if tc.msgContain != "" && !strings.Contains(pe.Message, tc.msgContain) {
				t.Errorf("message %q, want it to contain %q", pe.Message, tc.msgContain)
			}
			if !strings.HasPrefix(pe.Error(), "s.js:") {
				t.Errorf("Error() = %q", pe.Error())
			}
			if pe.Offset < 0 || pe.Offset > len(tc.src) {
				t.Errorf("offset %d out of the source", pe.Offset)
			}
		})
	}
}

func TestStartsWithFunction(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]bool{
		"function (user) {}":                   true,
		"  \n// comment\n/* c */ function(){}": true,
		"async function (event) {}":            true,
		"async  /* x */\n function (event) {}": true,
		"\ufefffunction () {}":                 true,
		"functional()":                         false,
		"asyncfunction () {}":                  false,
		"exports.x = function () {}":           false,
		"/* unterminated":                      false,
		"":                                     false,
		"function":                             true,
		"function*gen(){}":                     true,
	} {
		if got := startsWithFunction(src); got != want {
			t.Errorf("startsWithFunction(%q) = %v, want %v", src, got, want)
		}
	}
}

func TestPositions(t *testing.T) {
	t.Parallel()
	src := "const a = 'é';\r\nconst b = \"ü\" + x;\u2028const c = `x`;"
	s, err := Parse("p", src)
	if err != nil {
		t.Fatal(err)
	}
	lits := s.Strings()
	want := []struct {
		v         string
		line, col int
	}{{"é", 1, 11}, {"ü", 2, 11}, {"x", 3, 11}}
	if len(lits) != len(want) {
		t.Fatalf("strings %+v", lits)
	}
	for i, w := range want {
		if lits[i].Value != w.v || lits[i].Pos.Line != w.line || lits[i].Pos.Column != w.col {
			t.Errorf("literal %d: %q at %v, want %q at %d:%d", i, lits[i].Value, lits[i].Pos, w.v, w.line, w.col)
		}
		if got := s.Source[lits[i].Pos.Offset:lits[i].End.Offset]; len(got) < 2 {
			t.Errorf("literal %d spans %q", i, got)
		}
	}
	if s.Lines() != 3 {
		t.Errorf("%d lines, want 3", s.Lines())
	}
	if p := s.PosAt(0); p.Line != 1 || p.Column != 1 {
		t.Errorf("PosAt(0) = %v", p)
	}
	if p := s.PosAt(1 << 30); p.Offset != len(src) {
		t.Errorf("PosAt(past the end) = %+v", p)
	}
	if p := s.Pos(nil); p.Line != 1 || p.Column != 1 {
		t.Errorf("Pos(nil) = %v", p)
	}
}

func TestParseEmptyAndComments(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"", "// nothing\n", "/* nothing */"} {
		s, err := Parse("e", src)
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		if len(s.Calls()) != 0 || len(s.Strings()) != 0 {
			t.Errorf("%q: found something", src)
		}
	}
}

func TestParseIgnoresSourceMaps(t *testing.T) {
	t.Parallel()
	// A source map comment must not make the parser read a file.
	src := "exports.f = 1;\n//# sourceMappingURL=/etc/passwd\n"
	if _, err := Parse("m", src); err != nil {
		t.Fatal(err)
	}
}
