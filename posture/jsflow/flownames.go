package jsflow

import (
	"slices"
	"strings"
)

// pnode is a dotted name the analysis follows: a source, a sink, an
// assignment sink, an entry parameter, one of their ancestors, or a
// name the analysis looks for itself (exports, module.exports,
// Object.assign). Member reads of other names (console.log, res.data)
// are no aliases at all, and cost nothing.
type pnode struct {
	name string // the dotted name
	seg  string // its last part
	kids []*pnode
	// src is the source whose prefix is this name or an ancestor (the
	// longest), -1 for none; sink the sink called this name, -1 for
	// none.
	src, sink int
	// open: the names below matter too (they are at or below a source,
	// an assignment sink or an export): reading a member not in the
	// tree gives a value with a string path.
	open bool
	val  *value // the plain alias of this name
}

func (n *pnode) kid(key string) *pnode {
	for _, k := range n.kids {
		if k.seg == key {
			return k
		}
	}
	return nil
}

// names is the tree of the names the analysis follows.
type names struct {
	roots []*pnode
	// deeper[i] is true when a source's prefix lies strictly below
	// source i's.
	deeper []bool
}

func newNames(spec *Spec) *names {
	// every name and its ancestors, once, parents first
	var list []string
	add := func(name string) {
		if name == "" {
			return
		}
		for end := 0; end <= len(name); end++ {
			if end < len(name) && name[end] != '.' {
				continue
			}
			if !slices.Contains(list, name[:end]) {
				list = append(list, name[:end])
			}
		}
	}
	for _, p := range spec.Params {
		add(p)
	}
	for _, s := range spec.Sources {
		add(s.Prefix)
	}
	for _, s := range spec.Sinks {
		add(s.Callee)
	}
	for _, s := range spec.AssignSinks {
		add(s.Prefix)
	}
	add("exports")
	add("module.exports")
	add("Object.assign")

	t := &names{deeper: make([]bool, len(spec.Sources))}
	nodes := make([]pnode, len(list))
	vals := make([]value, len(list))
	parent := make([]int, len(list))
	nkids := make([]int, len(list))
	for i, name := range list {
		n := &nodes[i]
		n.name, n.seg, n.src, n.sink = name, name, sourceFor(spec, name), -1
		parent[i] = -1
		if j := strings.LastIndexByte(name, '.'); j >= 0 {
			n.seg = name[j+1:]
			parent[i] = slices.Index(list, name[:j])
			nkids[parent[i]]++
		}
		for k := range spec.Sinks {
			if spec.Sinks[k].Callee == name {
				n.sink = k
				break
			}
		}
		n.open = n.src >= 0 || name == "exports" || name == "module.exports"
		for _, as := range spec.AssignSinks {
			if as.Prefix != "" && HasPrefixName(name, as.Prefix) {
				n.open = true
			}
		}
		vals[i] = value{path: name, pn: n}
		n.val = &vals[i]
	}
	kids := make([]*pnode, 0, len(list))
	for i := range nodes {
		if nkids[i] > 0 {
			nodes[i].kids = kids[len(kids) : len(kids) : len(kids)+nkids[i]]
			kids = kids[:len(kids)+nkids[i]]
		}
	}
	for i := range nodes {
		if p := parent[i]; p >= 0 {
			nodes[p].kids = append(nodes[p].kids, &nodes[i])
		} else {
			t.roots = append(t.roots, &nodes[i])
		}
	}
	for i, s := range spec.Sources {
		for j, o := range spec.Sources {
			if i != j && s.Prefix != "" && o.Prefix != s.Prefix && HasPrefixName(o.Prefix, s.Prefix) {
				t.deeper[i] = true
			}
		}
	}
	return t
}

func (t *names) root(name string) *pnode {
	for _, r := range t.roots {
		if r.name == name {
			return r
		}
	}
	return nil
}

// sourceFor returns the index of the source with the longest prefix of
// the dotted name, or -1.
func sourceFor(spec *Spec, name string) int {
	best, bestLen := -1, -1
	for i := range spec.Sources {
		p := spec.Sources[i].Prefix
		if len(p) > bestLen && p != "" && HasPrefixName(name, p) {
			best, bestLen = i, len(p)
		}
	}
	return best
}

// member is the plain alias member key of alias v: the name's node, a
// string path below an open name, or nil for a name nothing follows.
func (v *value) member(key string) *value {
	switch {
	case v == nil:
		return nil
	case v.pn != nil:
		if k := v.pn.kid(key); k != nil {
			return k.val
		}
		if v.pn.open {
			return &value{path: v.pn.name + "." + key}
		}
		return nil
	case v.path != "":
		return &value{path: v.path + "." + key}
	}
	return nil
}
