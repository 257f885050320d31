package render

import (
	"cmp"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/authlens/authlens/posture/graph"
)

// WriteAccess draws what a user or a client can reach in format f: the
// subject, each hop of each chain that grants a scope (a hop that
// several chains share is one node; an edge into a hop says what the hop
// contributes), and at the end each scope, in a cluster per API, the
// edge into it labelled with the grant's condition when it has one.
func WriteAccess(w io.Writer, a *graph.Access, f Format, opts Options) error {
	if a == nil {
		return errors.New("render: nil access")
	}
	return write(w, accessDiagram(a, opts), f)
}

func accessDiagram(a *graph.Access, opts Options) *diagram {
	width := opts.labelWidth()
	ids := newIDSet()
	d := &diagram{}

	subjectKey := cmp.Or(a.Subject.Key, "subject")
	subject := &node{id: ids.id("n", subjectKey), classes: []class{classSubject}}
	subject.lines = append(wrap(typeNoun(a.Subject.Type)+": "+entityName(&a.Subject), width), idLine(a.Subject.ID, entityName(&a.Subject), width)...)
	d.nodes = append(d.nodes, subject)

	type edgeKey struct{ from, to, label string }
	seenEdge := map[edgeKey]bool{}
	addEdge := func(from, to string, label []string) {
		k := edgeKey{from, to, strings.Join(label, "\n")}
		if seenEdge[k] {
			return
		}
		seenEdge[k] = true
		d.edges = append(d.edges, &edge{from: from, to: to, label: label})
	}
	hops := map[string]*node{}
	apis := map[string]*cluster{}
	var apiOrder []string
	scopes := map[string]*node{}
	for _, gr := range a.Grants {
		prev := subject.id
		for _, h := range gr.Via {
			key := hopKey(h)
			if key == a.Subject.Key {
				continue // the chain starts at the subject
			}
			n := hops[key]
			if n == nil {
				n = &node{id: ids.id("n", key), lines: hopLines(h, width)}
				hops[key] = n
				d.nodes = append(d.nodes, n)
			}
			addEdge(prev, n.id, wrap(h.Detail, width))
			prev = n.id
		}
		c := apis[gr.API]
		if c == nil {
			c = &cluster{id: nodeID("cluster", "api "+gr.API), label: apiTitle(gr)}
			apis[gr.API] = c
			apiOrder = append(apiOrder, gr.API)
		}
		scopeKey := gr.API + "\x00" + gr.Scope
		s := scopes[scopeKey]
		if s == nil {
			label := "scope " + gr.Scope
			if gr.Scope == "*" {
				label = "any scope (*)"
			}
			s = &node{id: ids.id("scope", scopeKey), lines: wrap(label, width), classes: []class{classScope}}
			scopes[scopeKey] = s
			c.nodes = append(c.nodes, s)
		}
		var cond []string
		if gr.Condition != "" {
			cond = wrap("when "+gr.Condition, width)
		}
		addEdge(prev, s.id, cond)
	}
	slices.Sort(apiOrder)
	for _, api := range apiOrder {
		c := apis[api]
		slices.SortStableFunc(c.nodes, func(x, y *node) int { return cmp.Compare(strings.Join(x.lines, " "), strings.Join(y.lines, " ")) })
		d.clusters = append(d.clusters, c)
	}
	d.title = opts.title("Effective access of " + entityName(&a.Subject) + ": " +
		plural(len(scopes), "scope", "scopes") + " of " + plural(len(apis), "API", "APIs"))
	return d
}

// hopKey is the entity a hop stands for: its graph key, or its record.
func hopKey(h graph.Hop) string {
	switch {
	case h.EntityKey != "":
		return h.EntityKey
	case h.Kind != "" || h.ID != "":
		return string(h.Kind) + "/" + h.ID
	}
	return "name:" + h.Name
}

// hopLines labels a hop: "kind: name" and the record's id below when it
// differs from the name.
func hopLines(h graph.Hop, width int) []string {
	name := cmp.Or(h.Name, h.ID, h.EntityKey)
	head := name
	if h.Kind != "" {
		head = string(h.Kind) + ": " + name
	}
	lines := append(wrap(head, width), idLine(h.ID, name, width)...)
	if len(lines) == 0 {
		lines = []string{" "}
	}
	return lines
}

// idLine is the id's line(s) of a label, when the id says more than the
// name.
func idLine(id, name string, width int) []string {
	if id == "" || id == name {
		return nil
	}
	return wrap(id, width)
}

// apiTitle is an API's cluster title: "API name (identifier)".
func apiTitle(gr graph.AccessGrant) string {
	switch {
	case gr.APIName != "" && gr.APIName != gr.API:
		return "API " + gr.APIName + " (" + gr.API + ")"
	case gr.API != "":
		return "API " + gr.API
	}
	return "API"
}

// typeNoun is an entity type for a label: auth0_client is "client".
func typeNoun(typ string) string {
	if typ == "" {
		return "subject"
	}
	return strings.ReplaceAll(strings.TrimPrefix(typ, "auth0_"), "_", " ")
}
