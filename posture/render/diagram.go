package render

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// diagram is a picture before it is written in a language: titled,
// drawn left to right, with clusters of nodes, free nodes and edges, all
// in the order they are written.
type diagram struct {
	title    string
	clusters []*cluster
	nodes    []*node // outside every cluster
	edges    []*edge
}

type cluster struct {
	id    string
	label string
	nodes []*node
}

type node struct {
	id      string
	lines   []string
	classes []class
}

type edge struct {
	from, to string
	label    []string
}

// class marks a node; a node's classes are drawn in classOrder, so that
// a later one's border wins (the break of a path over its foothold).
type class string

const (
	classUsers     class = "users"     // a group of users
	classSubject   class = "subject"   // whose access an access picture shows
	classAPI       class = "api"       // an API at the end of an access chain
	classScope     class = "scope"     // a scope at the end of an access chain
	classMissing   class = "missing"   // named by a relationship, absent from the graph
	classFoothold  class = "foothold"  // the first step of a path
	classPrivilege class = "privilege" // the last step of a path
	classBreak     class = "break"     // the step whose change breaks a path
)

var classOrder = []class{classUsers, classSubject, classAPI, classScope, classMissing, classFoothold, classPrivilege, classBreak}

type look struct {
	fill, stroke string
	width        int
	dashed       bool
}

var looks = map[class]look{
	classUsers:     {fill: "#e0f2fe", stroke: "#0369a1"},
	classSubject:   {fill: "#dbeafe", stroke: "#1d4ed8", width: 2},
	classAPI:       {fill: "#f1f5f9", stroke: "#475569"},
	classScope:     {fill: "#dcfce7", stroke: "#15803d"},
	classMissing:   {fill: "#f5f5f5", stroke: "#737373", dashed: true},
	classFoothold:  {fill: "#fef3c7", stroke: "#b45309", width: 2},
	classPrivilege: {fill: "#fee2e2", stroke: "#b91c1c", width: 2},
	classBreak:     {stroke: "#dc2626", width: 4, dashed: true},
}

// write writes d in format f with one Write call.
func write(w io.Writer, d *diagram, f Format) error {
	var b bytes.Buffer
	switch f {
	case DOT:
		d.dot(&b)
	case Mermaid:
		d.mermaid(&b)
	default:
		return fmt.Errorf("%w %q", ErrUnknownFormat, f)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// dot writes d in Graphviz's language.
func (d *diagram) dot(b *bytes.Buffer) {
	b.WriteString("digraph authlens {\n")
	b.WriteString("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, nodesep=0.25, ranksep=0.6")
	if d.title != "" {
		b.WriteString(", labelloc=t, label=" + dotString(d.title))
	}
	b.WriteString("];\n")
	b.WriteString("  node [shape=box, style=\"rounded\", fontname=\"Helvetica\", fontsize=10];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#475569\"];\n")
	for _, c := range d.clusters {
		b.WriteString("  subgraph " + c.id + " {\n")
		b.WriteString("    graph [label=" + dotString(c.label) + ", style=\"rounded\", color=\"#94a3b8\"];\n")
		for _, n := range c.nodes {
			b.WriteString("    ")
			dotNode(b, n)
		}
		b.WriteString("  }\n")
	}
	for _, n := range d.nodes {
		b.WriteString("  ")
		dotNode(b, n)
	}
	for _, e := range d.edges {
		b.WriteString("  " + e.from + " -> " + e.to)
		if len(e.label) > 0 {
			b.WriteString(" [label=" + dotLabel(e.label) + "]")
		}
		b.WriteString(";\n")
	}
	b.WriteString("}\n")
}

func dotNode(b *bytes.Buffer, n *node) {
	b.WriteString(n.id + " [label=" + dotLabel(n.lines))
	var l look
	for _, c := range classOrder {
		if !slices.Contains(n.classes, c) {
			continue
		}
		cl := looks[c]
		if cl.fill != "" {
			l.fill = cl.fill
		}
		if cl.stroke != "" {
			l.stroke = cl.stroke
		}
		if cl.width > 0 {
			l.width = cl.width
		}
		l.dashed = l.dashed || cl.dashed
	}
	style := []string{"rounded"}
	if l.fill != "" {
		style = append(style, "filled")
	}
	if l.dashed {
		style = append(style, "dashed")
	}
	if len(style) > 1 {
		b.WriteString(", style=\"" + strings.Join(style, ",") + "\"")
	}
	if l.fill != "" {
		b.WriteString(", fillcolor=\"" + l.fill + "\"")
	}
	if l.stroke != "" {
		b.WriteString(", color=\"" + l.stroke + "\"")
	}
	if l.width > 0 {
		b.WriteString(", penwidth=" + strconv.Itoa(l.width))
	}
	b.WriteString("];\n")
}

// mermaid writes d as a Mermaid flowchart.
func (d *diagram) mermaid(b *bytes.Buffer) {
	if d.title != "" {
		// The front matter is YAML, read before entities are decoded
		// and drawn as text: the title is a JSON string (a YAML
		// double-quoted scalar) without line breaks.
		b.WriteString("---\ntitle: " + yamlString(d.title) + "\n---\n")
	}
	b.WriteString("flowchart LR\n")
	for _, c := range d.clusters {
		b.WriteString("  subgraph " + c.id + " [\"" + mermaidText(c.label) + "\"]\n")
		for _, n := range c.nodes {
			b.WriteString("    " + n.id + "[" + mermaidLabel(n.lines) + "]\n")
		}
		b.WriteString("  end\n")
	}
	for _, n := range d.nodes {
		b.WriteString("  " + n.id + "[" + mermaidLabel(n.lines) + "]\n")
	}
	for _, e := range d.edges {
		b.WriteString("  " + e.from + " -->")
		if len(e.label) > 0 {
			b.WriteString("|" + mermaidLabel(e.label) + "|")
		}
		b.WriteString(" " + e.to + "\n")
	}
	byClass := map[class][]string{}
	d.eachNode(func(n *node) {
		for _, c := range n.classes {
			byClass[c] = append(byClass[c], n.id)
		}
	})
	for _, c := range classOrder {
		if len(byClass[c]) == 0 {
			continue
		}
		l := looks[c]
		var css []string
		if l.fill != "" {
			css = append(css, "fill:"+l.fill)
		}
		if l.stroke != "" {
			css = append(css, "stroke:"+l.stroke)
		}
		if l.width > 0 {
			css = append(css, "stroke-width:"+strconv.Itoa(l.width)+"px")
		}
		if l.dashed {
			css = append(css, "stroke-dasharray:6 4")
		}
		b.WriteString("  classDef " + string(c) + " " + strings.Join(css, ",") + "\n")
	}
	for _, c := range classOrder {
		if ids := byClass[c]; len(ids) > 0 {
			b.WriteString("  class " + strings.Join(ids, ",") + " " + string(c) + "\n")
		}
	}
}

func (d *diagram) eachNode(fn func(*node)) {
	for _, c := range d.clusters {
		for _, n := range c.nodes {
			fn(n)
		}
	}
	for _, n := range d.nodes {
		fn(n)
	}
}

// idSet hands out node ids derived from keys, and keeps them apart
// should two keys' ids ever meet.
type idSet struct {
	keys map[string]string // id -> key
}

func newIDSet() *idSet { return &idSet{keys: map[string]string{}} }

// id returns the id of a key (the same for the same key).
func (s *idSet) id(prefix, key string) string {
	base := nodeID(prefix, key)
	id := base
	for i := 2; ; i++ {
		k, taken := s.keys[id]
		if !taken {
			s.keys[id] = key
			return id
		}
		if k == key {
			return id
		}
		id = base + "_" + strconv.Itoa(i)
	}
}
