package render

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestDOTString(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{`A"];click`, `"A\"];click"`},
		{`back\slash \N \l`, `"back\\slash \\N \\l"`},
		{"&lt; & <b>", `"&amp;lt; &amp; <b>"`},
		{"two\nlines\r\ttab", `"two lines  tab"`},
		{"rtl\u202eevil\u2028", `"rtl evil "`},
		{"über", `"über"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := dotString(tt.in); got != tt.want {
				t.Errorf("dotString(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
	if got := dotLabel([]string{`a"`, "b"}); got != `"a\"\nb"` {
		t.Errorf("dotLabel = %s", got)
	}
}

func TestMermaidText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Web shop (prod)", "Web shop (prod)"},
		{`A"];click B call x()`, "A#quot;#93;#59;click B call x()"},
		{"<script>", "#60;script#62;"},
		{"#quot; %%{init}%%", "#35;quot#59; #37;#37;#123;init#125;#37;#37;"},
		{"a:b|c`d", "a#58;b#124;c#96;d"},
		{"line\nbreak\u202e", "line break "},
		{"Zürich 東京", "Zürich 東京"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := mermaidText(tt.in); got != tt.want {
				t.Errorf("mermaidText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := mermaidLabel([]string{"a", `"b"`}); got != `"a<br/>#quot;b#quot;"` {
		t.Errorf("mermaidLabel = %s", got)
	}
}

func TestYAMLString(t *testing.T) {
	t.Parallel()
	if got, want := yamlString("a \"b\" \\ <c> &\n---"), `"a \"b\" \\ \u003cc\u003e \u0026 ---"`; got != want {
		t.Errorf("yamlString = %s, want %s", got, want)
	}
}

var safeID = regexp.MustCompile(`^[a-z]+_[A-Za-z0-9_]+$`)

func TestNodeID(t *testing.T) {
	t.Parallel()
	keys := []string{"cl_web", "auth0|u1", "auth0|u1 ", "end", "", `A"];click B`, "東京", strings.Repeat("x", 100), "scope:https://api/|read"}
	seen := map[string]string{}
	for _, k := range keys {
		id := nodeID("n", k)
		if !safeID.MatchString(id) || len(id) > 2+24+1+8 {
			t.Errorf("nodeID(%q) = %q", k, id)
		}
		if id != nodeID("n", k) {
			t.Errorf("nodeID(%q) changes", k)
		}
		if other, dup := seen[id]; dup {
			t.Errorf("%q and %q share %s", k, other, id)
		}
		seen[id] = k
	}
	if got := nodeID("n", "auth0|u1"); !strings.HasPrefix(got, "n_auth0_u1_") {
		t.Errorf("nodeID = %q, want it to read as the key", got)
	}
	// Keys whose ids would meet are kept apart.
	s := newIDSet()
	s.keys[nodeID("n", "b")] = "a"
	if a, b := s.id("n", "b"), s.id("n", "b"); a != nodeID("n", "b")+"_2" || a != b {
		t.Errorf("ids %q %q", a, b)
	}
}

func TestWrap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"", 10, nil},
		{"  ", 10, nil},
		{"short", 10, []string{"short"}},
		{"one two three four", 9, []string{"one two", "three", "four"}},
		{"abcdefghijklmnop", 5, []string{"abcde", "fghij", "klmno", "p"}},
		{"abcdefgh", 5, []string{"abcdefgh"}},
		{"ab abcdefgh x", 4, []string{"ab", "abcdefgh", "x"}},
		{"ab abcdefghi", 4, []string{"ab", "abcd", "efgh", "i"}},
		{"line\nbreak   spaces", 0, []string{"line break spaces"}},
		{"ünïcödé wörds", 7, []string{"ünïcödé", "wörds"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := wrap(tt.in, tt.width); !slices.Equal(got, tt.want) {
				t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}

func TestCount(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 60000: "60,000", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}
