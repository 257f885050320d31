package render_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// dotDoc is what checkDOT read from a DOT document.
type dotDoc struct {
	clusters []string
	nodes    map[string]map[string]string // id -> attributes (values unquoted)
	edges    []dotEdge
	graph    map[string]string // the graph's attributes
	// clusterLabels are the clusters' labels, by id.
	clusterLabels map[string]string
}

type dotEdge struct {
	from, to string
	attrs    map[string]string
}

type dotToken struct {
	kind byte // 'i' identifier or number, 's' quoted string, or the punctuation itself
	text string
}

// dotTokens splits DOT source into identifiers, numerals, quoted strings
// (unescaped: \" and \\ read as the character; &amp; as &) and
// punctuation; it fails on anything else, a string left open included.
func dotTokens(src string) ([]dotToken, error) {
	var toks []dotToken
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t':
			i++
		case c == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(src) && src[j] != '"'; j++ {
				if src[j] == '\n' {
					return nil, fmt.Errorf("line break in a string at %d", j)
				}
				if src[j] == '\\' {
					if j+1 >= len(src) {
						return nil, fmt.Errorf("string left open at %d", i)
					}
					j++
					switch src[j] {
					case '"', '\\':
					case 'n':
						b.WriteByte('\n')
						continue
					default:
						return nil, fmt.Errorf("escape \\%c at %d", src[j], j)
					}
				}
				b.WriteByte(src[j])
			}
			if j >= len(src) {
				return nil, fmt.Errorf("string left open at %d", i)
			}
			toks = append(toks, dotToken{'s', strings.ReplaceAll(b.String(), "&amp;", "&")})
			i = j + 1
		case c == '-' && strings.HasPrefix(src[i:], "->"):
			toks = append(toks, dotToken{'>', "->"})
			i += 2
		case strings.IndexByte("{}[];=,", c) >= 0:
			toks = append(toks, dotToken{c, string(c)})
			i++
		case c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '.' || src[j] >= '0' && src[j] <= '9' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z') {
				j++
			}
			toks = append(toks, dotToken{'i', src[i:j]})
			i = j
		default:
			return nil, fmt.Errorf("unexpected %q at %d", c, i)
		}
	}
	return toks, nil
}

// The attributes the writers use; anything else would mean a value
// escaped its string.
var dotAttrs = []string{"rankdir", "fontname", "fontsize", "nodesep", "ranksep", "labelloc", "label", "shape", "style", "color", "fillcolor", "penwidth"}

var dotIDPattern = regexp.MustCompile(`^(n|users|missing|scope|step|cluster)_[A-Za-z0-9_]+$|^step_[0-9]+$`)

// parseDOT reads the subset of DOT the writers write: a digraph of
// graph/node/edge defaults, clusters of node statements, node statements
// and edge statements, each ended by ';'.
func parseDOT(src string) (*dotDoc, error) {
	toks, err := dotTokens(src)
	if err != nil {
		return nil, err
	}
	doc := &dotDoc{nodes: map[string]map[string]string{}, graph: map[string]string{}, clusterLabels: map[string]string{}}
	p := 0
	next := func() dotToken {
		if p >= len(toks) {
			return dotToken{}
		}
		t := toks[p]
		p++
		return t
	}
	peek := func() dotToken {
		if p >= len(toks) {
			return dotToken{}
		}
		return toks[p]
	}
	expect := func(kind byte, text string) error {
		t := next()
		if t.kind != kind || (text != "" && t.text != text) {
			return fmt.Errorf("token %d: got %q, want %q", p-1, t.text, text)
		}
		return nil
	}
	attrs := func() (map[string]string, error) {
		m := map[string]string{}
		if err := expect('[', ""); err != nil {
			return nil, err
		}
		for peek().kind != ']' {
			k := next()
			if k.kind != 'i' || !slices.Contains(dotAttrs, k.text) {
				return nil, fmt.Errorf("attribute %q", k.text)
			}
			if err := expect('=', ""); err != nil {
				return nil, err
			}
			v := next()
			if v.kind != 'i' && v.kind != 's' {
				return nil, fmt.Errorf("value of %s: %q", k.text, v.text)
			}
			m[k.text] = v.text
			if peek().kind == ',' {
				next()
			}
		}
		next()
		return m, nil
	}
	var stmts func(depth int) error
	stmts = func(depth int) error {
		for {
			t := next()
			switch {
			case t.kind == '}':
				return nil
			case t.kind == 'i' && (t.text == "graph" || t.text == "node" || t.text == "edge"):
				m, err := attrs()
				if err != nil {
					return err
				}
				switch {
				case t.text == "graph" && depth == 0:
					doc.graph = m
				case t.text == "graph":
					doc.clusterLabels[doc.clusters[len(doc.clusters)-1]] = m["label"]
				}
			case t.kind == 'i' && t.text == "subgraph" && depth == 0:
				id := next()
				if id.kind != 'i' || !strings.HasPrefix(id.text, "cluster_") {
					return fmt.Errorf("subgraph %q", id.text)
				}
				doc.clusters = append(doc.clusters, id.text)
				if err := expect('{', ""); err != nil {
					return err
				}
				if err := stmts(depth + 1); err != nil {
					return err
				}
				continue
			case t.kind == 'i' && dotIDPattern.MatchString(t.text):
				if peek().kind == '>' {
					next()
					to := next()
					if to.kind != 'i' || !dotIDPattern.MatchString(to.text) {
						return fmt.Errorf("edge to %q", to.text)
					}
					e := dotEdge{from: t.text, to: to.text}
					if peek().kind == '[' {
						m, err := attrs()
						if err != nil {
							return err
						}
						e.attrs = m
					}
					doc.edges = append(doc.edges, e)
				} else {
					if _, dup := doc.nodes[t.text]; dup {
						return fmt.Errorf("node %s declared twice", t.text)
					}
					m, err := attrs()
					if err != nil {
						return err
					}
					doc.nodes[t.text] = m
				}
			default:
				return fmt.Errorf("token %d: unexpected %q", p-1, t.text)
			}
			if err := expect(';', ""); err != nil {
				return err
			}
		}
	}
	if err := expect('i', "digraph"); err != nil {
		return nil, err
	}
	if err := expect('i', "authlens"); err != nil {
		return nil, err
	}
	if err := expect('{', ""); err != nil {
		return nil, err
	}
	if err := stmts(0); err != nil {
		return nil, err
	}
	if p != len(toks) {
		return nil, fmt.Errorf("%d tokens after the graph", len(toks)-p)
	}
	for _, e := range doc.edges {
		if doc.nodes[e.from] == nil || doc.nodes[e.to] == nil {
			return nil, fmt.Errorf("edge %s -> %s names an undeclared node", e.from, e.to)
		}
	}
	return doc, nil
}

// checkDOT fails the test when src is not DOT the writers write.
func checkDOT(t *testing.T, src string) *dotDoc {
	t.Helper()
	doc, err := parseDOT(src)
	if err != nil {
		t.Fatalf("invalid DOT: %v\n%s", err, src)
	}
	return doc
}

// mermaidDoc is what checkMermaid read from a Mermaid document: the
// title, node labels by id (entities decoded, <br/> as a line break),
// subgraph titles, edges.
type mermaidDoc struct {
	title     string
	nodes     map[string]string
	subgraphs map[string]string
	edges     []dotEdge // attrs["label"]
	classes   map[string][]string
}

var (
	mmNode     = regexp.MustCompile(`^ +(\w+)\["([^"]*)"\]$`)
	mmSubgraph = regexp.MustCompile(`^  subgraph (cluster_\w+) \["([^"]*)"\]$`)
	mmEdge     = regexp.MustCompile(`^  (\w+) -->(?:\|"([^"]*)"\|)? (\w+)$`)
	mmClassDef = regexp.MustCompile(`^  classDef ([a-z_]+) [a-z-]+:[#0-9a-z ]+(?:,[a-z-]+:[#0-9a-z ]+)*$`)
	mmClass    = regexp.MustCompile(`^  class ([\w,]+) ([a-z_]+)$`)
	mmTitle    = regexp.MustCompile(`^title: ("(?:[^"\\]|\\.)*")$`)
	mmEntity   = regexp.MustCompile(`#(quot|[0-9]+);`)
)

// mermaidDecode reads a label as Mermaid draws it, and fails on any
// character a label must not hold raw.
func mermaidDecode(label string) (string, error) {
	parts := strings.Split(label, "<br/>")
	for i, part := range parts {
		plain := mmEntity.ReplaceAllString(part, "")
		for _, r := range plain {
			if !(r == ' ' || unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".,_-/()?!'+=", r)) {
				return "", fmt.Errorf("raw %q in label %q", r, label)
			}
		}
		parts[i] = mmEntity.ReplaceAllStringFunc(part, func(e string) string {
			code := e[1 : len(e)-1]
			if code == "quot" {
				return `"`
			}
			var n int
			fmt.Sscan(code, &n)
			return string(rune(n))
		})
	}
	return strings.Join(parts, "\n"), nil
}

// parseMermaid reads the subset of Mermaid the writers write, line by
// line.
func parseMermaid(src string) (*mermaidDoc, error) {
	doc := &mermaidDoc{nodes: map[string]string{}, subgraphs: map[string]string{}, classes: map[string][]string{}}
	lines := strings.Split(strings.TrimSuffix(src, "\n"), "\n")
	if len(lines) > 3 && lines[0] == "---" {
		m := mmTitle.FindStringSubmatch(lines[1])
		if m == nil || lines[2] != "---" {
			return nil, fmt.Errorf("front matter %q", lines[:3])
		}
		if err := jsonUnquote(m[1], &doc.title); err != nil {
			return nil, err
		}
		lines = lines[3:]
	}
	if len(lines) == 0 || lines[0] != "flowchart LR" {
		return nil, fmt.Errorf("first line %q", lines[0])
	}
	inSubgraph := false
	for i, l := range lines[1:] {
		var err error
		switch m := (struct{ node, sub, edge, def, class []string }{mmNode.FindStringSubmatch(l), mmSubgraph.FindStringSubmatch(l), mmEdge.FindStringSubmatch(l), mmClassDef.FindStringSubmatch(l), mmClass.FindStringSubmatch(l)}); {
		case m.sub != nil && !inSubgraph:
			inSubgraph = true
			doc.subgraphs[m.sub[1]], err = mermaidDecode(m.sub[2])
		case l == "  end" && inSubgraph:
			inSubgraph = false
		case m.node != nil:
			if _, dup := doc.nodes[m.node[1]]; dup {
				return nil, fmt.Errorf("line %d: node %s declared twice", i+2, m.node[1])
			}
			doc.nodes[m.node[1]], err = mermaidDecode(m.node[2])
		case m.edge != nil && !inSubgraph:
			var label string
			label, err = mermaidDecode(m.edge[2])
			if doc.nodes[m.edge[1]] == "" || doc.nodes[m.edge[3]] == "" {
				return nil, fmt.Errorf("line %d: edge between undeclared nodes: %s", i+2, l)
			}
			doc.edges = append(doc.edges, dotEdge{from: m.edge[1], to: m.edge[3], attrs: map[string]string{"label": label}})
		case m.def != nil && !inSubgraph:
		case m.class != nil && !inSubgraph:
			for _, id := range strings.Split(m.class[1], ",") {
				if doc.nodes[id] == "" {
					return nil, fmt.Errorf("line %d: class on an undeclared node %s", i+2, id)
				}
				doc.classes[m.class[2]] = append(doc.classes[m.class[2]], id)
			}
		default:
			return nil, fmt.Errorf("line %d: %q", i+2, l)
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+2, err)
		}
	}
	if inSubgraph {
		return nil, fmt.Errorf("subgraph left open")
	}
	return doc, nil
}

// checkMermaid fails the test when src is not Mermaid the writers
// write.
func checkMermaid(t *testing.T, src string) *mermaidDoc {
	t.Helper()
	doc, err := parseMermaid(src)
	if err != nil {
		t.Fatalf("invalid Mermaid: %v\n%s", err, src)
	}
	return doc
}
