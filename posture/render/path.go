package render

import (
	"cmp"
	"errors"
	"io"
	"strconv"

	"github.com/authlens/authlens/posture/graph"
)

// WritePath draws an attack path in format f: every step in order, left
// to right, each labelled with its number, its record, what it
// contributes and, for a step in code, the field and position ("code,
// line 12, column 5"). The first step is marked as the foothold, the
// last as the privilege, and the step that Path.Breaks names is drawn
// with a thick dashed red border and the change that breaks the path
// (Path.Break) in its label; a path without a Break, or whose Breaks is
// outside its steps, marks none.
func WritePath(w io.Writer, p *graph.Path, f Format, opts Options) error {
	if p == nil {
		return errors.New("render: nil path")
	}
	return write(w, pathDiagram(p, opts), f)
}

func pathDiagram(p *graph.Path, opts Options) *diagram {
	width := opts.labelWidth()
	d := &diagram{}
	last := len(p.Steps) - 1
	prev := ""
	for i, s := range p.Steps {
		n := &node{id: "step_" + strconv.Itoa(i+1)}
		head := "Step " + strconv.Itoa(i+1)
		var marks []string
		if i == 0 {
			marks = append(marks, "foothold")
			n.classes = append(n.classes, classFoothold)
		}
		if i == last {
			marks = append(marks, "privilege")
			n.classes = append(n.classes, classPrivilege)
		}
		breaks := p.Break != "" && i == p.Breaks
		if breaks {
			marks = append(marks, "break here")
			n.classes = append(n.classes, classBreak)
		}
		for j, m := range marks {
			if j == 0 {
				head += ": " + m
			} else {
				head += ", " + m
			}
		}
		n.lines = []string{head}
		n.lines = append(n.lines, hopLines(s.Hop, width)...)
		n.lines = append(n.lines, wrap(s.Detail, width)...)
		if where := stepWhere(s); where != "" {
			n.lines = append(n.lines, wrap(where, width)...)
		}
		if breaks && p.Break != "" {
			n.lines = append(n.lines, wrap("Break: "+p.Break, width)...)
		}
		d.nodes = append(d.nodes, n)
		if prev != "" {
			d.edges = append(d.edges, &edge{from: prev, to: n.id})
		}
		prev = n.id
	}
	title := cmp.Or(p.Title, string(p.Kind), "Attack path")
	if p.Impact != "" {
		title += " (impact: " + p.Impact + ")"
	}
	d.title = opts.title(title)
	return d
}

// stepWhere is a step's field and position: "code, line 12, column 5".
func stepWhere(s graph.Step) string {
	where := s.Path
	if s.Line > 0 {
		if where != "" {
			where += ", "
		}
		where += "line " + strconv.Itoa(s.Line)
		if s.Column > 0 {
			where += ", column " + strconv.Itoa(s.Column)
		}
	}
	return where
}
