package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// unsafeRune reports runes no label keeps: line breaks and other control
// characters, and bidirectional overrides that reorder what a reader
// sees. They become spaces.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
}

// dotString is s as a DOT quoted string: '"' and '\' escaped with a
// backslash (so that no escape sequence of Graphviz's, such as \N or \l,
// forms), '&' written as the entity &amp; (Graphviz reads entities in
// labels), unsafe runes as spaces.
func dotString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '&':
			b.WriteString("&amp;")
		case unsafeRune(r) || r == utf8.RuneError:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// dotLabel is a label of several lines as one DOT quoted string, the
// lines joined by \n (centred).
func dotLabel(lines []string) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		q := dotString(l)
		parts[i] = q[1 : len(q)-1]
	}
	return `"` + strings.Join(parts, `\n`) + `"`
}

// mermaidText escapes text for a quoted Mermaid label: letters, digits,
// spaces and a few harmless punctuation marks stay as they are, '"' is
// #quot; and every other character its entity code (#35; for '#', #60;
// for '<', #59; for ';'), which Mermaid decodes when it draws. No value
// can close the quotes, start a statement, add HTML or Markdown, or
// form an entity of its own.
func mermaidText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unsafeRune(r) || r == utf8.RuneError:
			b.WriteByte(' ')
		case r == '"':
			b.WriteString("#quot;")
		case r == ' ' || unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".,_-/()?!'+=", r):
			b.WriteRune(r)
		default:
			b.WriteByte('#')
			b.WriteString(strconv.Itoa(int(r)))
			b.WriteByte(';')
		}
	}
	return b.String()
}

// yamlString is s as a JSON string, which YAML reads as a double-quoted
// scalar: quotes and backslashes escaped, unsafe runes as spaces, '<',
// '>' and '&' as \u escapes.
func yamlString(s string) string {
	s = strings.Map(func(r rune) rune {
		if unsafeRune(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// mermaidLabel is a label of several lines as one quoted Mermaid
// string, the lines joined by <br/>.
func mermaidLabel(lines []string) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = mermaidText(l)
	}
	return `"` + strings.Join(parts, "<br/>") + `"`
}

// nodeID derives a node id from a key: a prefix, the key with everything
// but ASCII letters and digits made '_' (at most 24 characters, for a
// reader of the source), and 8 hex digits of the key's SHA-256 (so that
// two keys that read alike stay apart). The id is safe unquoted in both
// languages and never a Mermaid keyword.
func nodeID(prefix, key string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteByte('_')
	n := 0
	last := byte('_')
	for i := 0; i < len(key) && n < 24; i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			c = '_'
		}
		if c == '_' && last == '_' {
			continue
		}
		b.WriteByte(c)
		last = c
		n++
	}
	if last != '_' {
		b.WriteByte('_')
	}
	sum := sha256.Sum256([]byte(key))
	b.WriteString(hex.EncodeToString(sum[:4]))
	return b.String()
}

// wrap breaks text into lines of at most width characters at spaces;
// width 0 never wraps. A word longer than a line has a line of its own
// (an identifier such as a field path reads whole), and is split only
// when it is longer than two lines. Unsafe
// runes are spaces first, so that a line break in a value does not
// become one in the label.
func wrap(text string, width int) []string {
	text = strings.Map(func(r rune) rune {
		if unsafeRune(r) {
			return ' '
		}
		return r
	}, text)
	words := strings.Fields(text)
	if len(words) == 0 {
		return nil
	}
	if width <= 0 {
		return []string{strings.Join(words, " ")}
	}
	var lines []string
	var cur []rune
	for _, w := range words {
		rw := []rune(w)
		limit := width // the longest piece of this word on one line
		if len(rw) <= 2*width {
			limit = len(rw)
		}
		for len(rw) > 0 {
			switch {
			case len(cur) == 0 && len(rw) <= limit:
				cur, rw = rw, nil
			case len(cur) > 0 && len(cur)+1+len(rw) <= width:
				cur = append(append(cur, ' '), rw...)
				rw = nil
			case len(cur) > 0:
				lines = append(lines, string(cur))
				cur = nil
			default: // a word longer than two lines
				lines = append(lines, string(rw[:width]))
				rw = rw[width:]
			}
		}
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// count writes n with thousands separators: 60000 is "60,000".
func count(n int) string {
	if n < 0 {
		return "-" + count(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// plural is "1 user", "2 users".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}
