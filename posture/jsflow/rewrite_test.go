package jsflow

import (
	"errors"
	"testing"
)

// Syntax of recent Node.js versions the parser does not read: rewritten
// in place where it can be (positions hold), reported as unsupported,
// not as a syntax error, where it cannot.
func TestUnsupportedSyntax(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src   string
		parses      bool
		unsupported bool
		// a position that must hold after a rewrite: the call on line 3
		line, col int
	}{
		{"for await", "exports.onExecutePostLogin = async (event, api) => {\n  for await (const x of event.secrets.LIST) {}\n  api.idToken.setCustomClaim('x', 1);\n};", true, false, 3, 3},
		{"dynamic import", "exports.onExecutePostLogin = async (event, api) => {\n  const { x } = await import('node:crypto');\n  api.idToken.setCustomClaim('x', x);\n};", true, false, 3, 3},
		{"not rewritten in a string", "const s = 'for await (';\nconst t = \"import(\";\nconsole.log(s, t);", true, false, 3, 1},
		{"a method named import", "exports.onExecutePostLogin = async (event, api) => {\n  await loader.import('x');\n  api.idToken.setCustomClaim('x', 1);\n};", true, false, 3, 3},
		{"async generator", "async function* g() { yield 1; }\nexports.onExecutePostLogin = async (event, api) => {\n  api.idToken.setCustomClaim('x', 1);\n};", true, false, 3, 3},
		{"async generator method", "const o = { async *items() { yield 1; } };", false, true, 0, 0},
		{"a real syntax error", "exports.onExecutePostLogin = async (event, api) => {\n  for await (const x of y) {\n};", false, false, 0, 0},
		{"a real syntax error beside an async generator in a comment", "// async function* g() {}\nconst x = ;", false, false, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := Parse("x.js", tc.src)
			if tc.parses {
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, c := range s.Calls() {
					p := c.Pos
					if p.Line == tc.line && p.Column == tc.col {
						found = true
					}
				}
				if !found {
					t.Errorf("no call at %d:%d after the rewrite: %+v", tc.line, tc.col, s.Calls())
				}
				if s.Source != tc.src {
					t.Error("Script.Source is not the source as written")
				}
				return
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Unsupported != tc.unsupported {
				t.Fatalf("err %#v, want a ParseError with Unsupported %v", err, tc.unsupported)
			}
		})
	}
}
