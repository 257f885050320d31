package jsflow

import (
	"regexp"
	"strings"
)

// rewriteUnsupported rewrites, outside strings and comments, the syntax
// of recent Node.js versions that the parser does not read into syntax it
// does, keeping every byte offset: "for await (" becomes "for       ("
// (the loop is the same loop for the analysis) and a dynamic
// "import(" becomes "$mport(" (an unknown call). It reports whether it
// changed anything.
func rewriteUnsupported(src string) (string, bool) {
	if !strings.Contains(src, "await") && !strings.Contains(src, "import") {
		return src, false
	}
	b := []byte(src)
	changed := false
	code := codeMask(src)
	for _, re := range []*regexp.Regexp{forAwait, dynamicImport} {
		for _, m := range re.FindAllSubmatchIndex(b, -1) {
			start, end := m[2], m[3] // the word to blank or rename
			if !code[start] {
				continue
			}
			if prev := lastNonSpace(src[:m[0]]); re == dynamicImport && prev == '.' {
				continue // a method named import
			}
			if re == forAwait {
				for i := start; i < end; i++ {
					b[i] = ' '
				}
			} else {
				b[start] = '$'
			}
			changed = true
		}
	}
	return string(b), changed
}

var (
	forAwait      = regexp.MustCompile(`\bfor\s+(await)\s*\(`)
	dynamicImport = regexp.MustCompile(`(?:^|[^\w$.])(import)\s*\(`)
	asyncGen      = regexp.MustCompile(`\basync\s+function\s*\*|\basync\s*\*\s*[\w$\[]`)
)

// hasAsyncGenerator reports whether src declares an async generator
// (outside strings and comments).
func hasAsyncGenerator(src string) bool {
	code := codeMask(src)
	for _, m := range asyncGen.FindAllStringIndex(src, -1) {
		if code[m[0]] {
			return true
		}
	}
	return false
}

func lastNonSpace(s string) byte {
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return s[i]
	}
	return 0
}

// codeMask marks the bytes of src that are code: not inside a string,
// a template's text or a comment. Regular expression literals are not
// told apart from division; a pattern holding a quote may shift the
// mask, which only costs a missed rewrite.
func codeMask(src string) []bool {
	mask := make([]bool, len(src)+1)
	var tmplDepth []int // brace depth at each open ${ of a template
	depth := 0
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				i = len(src)
			} else {
				i += end + 4
			}
		case c == '\'' || c == '"':
			i++
			for i < len(src) && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			i++
		case c == '`':
			i = skipTemplate(src, i+1, &tmplDepth, depth)
		case c == '{':
			depth++
			mask[i] = true
			i++
		case c == '}':
			if n := len(tmplDepth); n > 0 && tmplDepth[n-1] == depth {
				tmplDepth = tmplDepth[:n-1]
				i = skipTemplate(src, i+1, &tmplDepth, depth)
				continue
			}
			depth--
			mask[i] = true
			i++
		default:
			mask[i] = true
			i++
		}
	}
	return mask
}

// skipTemplate skips a template's text from i to its end or to a "${"
// (recording the brace depth to come back at).
func skipTemplate(src string, i int, tmplDepth *[]int, depth int) int {
	for i < len(src) {
		switch src[i] {
		case '\\':
			i += 2
			continue
		case '`':
			return i + 1
		case '$':
			if i+1 < len(src) && src[i+1] == '{' {
				*tmplDepth = append(*tmplDepth, depth)
				return i + 2
			}
		}
		i++
	}
	return i
}
