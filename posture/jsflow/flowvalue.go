package jsflow

// Abstract values of the data-flow analysis.

import (
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
)

const (
	maxTaints = 16   // distinct taints a value keeps
	maxFields = 64   // members an object value keeps; more go to its own taints
	maxSteps  = 48   // steps a taint records
	maxDeep   = 8    // depth of members searched for taints
	maxVisit  = 256  // values one search of members visits
	maxStr    = 4096 // bytes of a constant string kept
)

// taint is a source use with the way it went: immutable, shared.
type taint struct {
	src int      // index in Spec.Sources
	at  file.Idx // where the source was read (a node's start)
	// name is the dotted name read; exact is true while the value is
	// that data itself (an alias, a member read, a default): reading a
	// member of it extends name. A transformed value (a call's result,
	// a concatenation) is not exact.
	name  string
	exact bool
	steps *stepNode
	n     int // number of steps
}

// stepNode is a step whose position and note are worked out only when
// a flow reports it.
type stepNode struct {
	prev *stepNode
	at   ast.Node
	note func() string
}

func (t *taint) withStep(st *stepNode) *taint {
	if t.n >= maxSteps {
		return t
	}
	c := *t
	c.steps = &stepNode{prev: t.steps, at: st.at, note: st.note}
	c.n++
	return &c
}

func (t *taint) inexact() *taint {
	if !t.exact {
		return t
	}
	c := *t
	c.exact = false
	return &c
}

// stepList returns the steps in order, as s's positions.
func (t *taint) stepList(s *Script, memo map[*stepNode]Step) []Step {
	if t.n == 0 {
		return nil
	}
	out := make([]Step, t.n)
	i := t.n - 1
	for st := t.steps; st != nil && i >= 0; st = st.prev {
		step, ok := memo[st]
		if !ok {
			step = Step{Pos: s.Pos(st.at), Note: st.note()}
			memo[st] = step
		}
		out[i] = step
		i--
	}
	return out[i+1:]
}

// field is a known member of an object value.
type field struct {
	key string
	val *value
}

// value is what an expression may hold. nil is a value nothing flows
// into (a constant other than a string, undefined). Values are
// immutable.
type value struct {
	// path is the canonical dotted name the value is an alias of
	// ("event.user", "api.accessToken"); "" for none.
	path string
	// taints are the sources the value holds as a whole.
	taints []*taint
	// fields are known members (object and array literals, members
	// assigned); each has its own taints.
	fields []field
	// fn is the local function the value is.
	fn *funcVal
	// str is the constant string the value is, when isStr.
	str   string
	isStr bool
	// pn is path's node in the tree of names, nil below it.
	pn *pnode
}

func strValue(s string) *value { return &value{str: s, isStr: true} }

func (v *value) field(key string) *value {
	if v == nil {
		return nil
	}
	for i := range v.fields {
		if v.fields[i].key == key {
			return v.fields[i].val
		}
	}
	return nil
}

func (v *value) hasField(key string) bool {
	if v == nil {
		return false
	}
	for i := range v.fields {
		if v.fields[i].key == key {
			return true
		}
	}
	return false
}

// trivial reports whether v carries nothing the analysis follows (a
// constant, an empty object).
func (v *value) trivial() bool {
	return v == nil || v.path == "" && len(v.taints) == 0 && len(v.fields) == 0 && v.fn == nil
}

func (v *value) tainted() bool {
	if v == nil {
		return false
	}
	if len(v.taints) > 0 {
		return true
	}
	if len(v.fields) == 0 {
		return false
	}
	n := 0
	return taintedRec(v, 0, &n)
}

func taintedRec(v *value, depth int, n *int) bool {
	if v == nil || depth > maxDeep || *n > maxVisit {
		return false
	}
	*n++
	if len(v.taints) > 0 {
		return true
	}
	for _, f := range v.fields {
		if taintedRec(f.val, depth+1, n) {
			return true
		}
	}
	return false
}

// sameTaint reports whether two taints are the same use.
func sameUse(a, b *taint) bool {
	return a.src == b.src && a.at == b.at
}

// addTaint adds t to ts (which it may modify in place: callers pass a
// slice they own). Of two taints of the same use whose names are one a
// prefix of the other, the longer (more precise) name is kept.
func addTaint(ts []*taint, t *taint) []*taint {
	for i, u := range ts {
		if u == t {
			return ts
		}
		if !sameUse(u, t) {
			continue
		}
		switch {
		case u.name == t.name:
			if t.exact && !u.exact || t.n < u.n && t.exact == u.exact {
				ts[i] = t
			}
			return ts
		case HasPrefixName(t.name, u.name):
			ts[i] = t
			return ts
		case HasPrefixName(u.name, t.name):
			return ts
		}
	}
	if len(ts) >= maxTaints {
		return ts
	}
	return append(ts, t)
}

// union returns a ∪ b without modifying either.
func union(a, b []*taint) []*taint {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make([]*taint, len(a), len(a)+len(b))
	copy(out, a)
	for _, t := range b {
		out = addTaint(out, t)
	}
	return out
}

func inexactAll(ts []*taint) []*taint {
	for i, t := range ts {
		if t.exact {
			out := make([]*taint, len(ts))
			copy(out, ts[:i])
			for j := i; j < len(ts); j++ {
				out[j] = ts[j].inexact()
			}
			return out
		}
	}
	return ts
}

func stepAll(ts []*taint, st *stepNode) []*taint {
	if len(ts) == 0 {
		return ts
	}
	out := make([]*taint, len(ts))
	for i, t := range ts {
		out[i] = t.withStep(st)
	}
	return out
}

// deep returns the taints of v and of its members.
func deep(v *value) []*taint {
	if v == nil {
		return nil
	}
	if len(v.fields) == 0 {
		return v.taints
	}
	var out []*taint
	n := 0
	deepInto(v, &out, 0, &n)
	return out
}

func deepInto(v *value, out *[]*taint, depth int, n *int) {
	if v == nil || depth > maxDeep || *n > maxVisit {
		return
	}
	*n++
	for _, t := range v.taints {
		*out = addTaint(*out, t)
	}
	for _, f := range v.fields {
		deepInto(f.val, out, depth+1, n)
	}
}

// join is the value that may be a or b.
func join(a, b *value) *value {
	n := 0
	return joinRec(a, b, 0, &n)
}

func joinRec(a, b *value, depth int, n *int) *value {
	switch {
	case a == b:
		return a
	case a == nil:
		return b
	case b == nil:
		return a
	}
	*n++
	out := &value{}
	switch {
	case a.path == b.path:
		out.path, out.pn = a.path, a.pn
	case b.trivial():
		out.path, out.pn = a.path, a.pn
	case a.trivial():
		out.path, out.pn = b.path, b.pn
	}
	if depth > maxDeep || *n > maxVisit {
		// too deep or too wide to join member by member: the members'
		// taints go to the value itself
		out.taints = union(deep(a), deep(b))
		return out
	}
	out.taints = union(a.taints, b.taints)
	if a.isStr && b.isStr && a.str == b.str {
		out.str, out.isStr = a.str, true
	}
	out.fn = a.fn
	if out.fn == nil {
		out.fn = b.fn
	}
	if len(a.fields) > 0 || len(b.fields) > 0 {
		out.fields = make([]field, 0, max(len(a.fields), len(b.fields)))
		for _, f := range a.fields {
			out.fields = append(out.fields, field{f.key, joinRec(f.val, b.field(f.key), depth+1, n)})
		}
		for _, f := range b.fields {
			if !a.hasField(f.key) {
				out.fields = append(out.fields, f)
			}
		}
	}
	return out
}

// withTaints returns v with ts added.
func withTaints(v *value, ts []*taint) *value {
	if len(ts) == 0 {
		return v
	}
	if v == nil {
		return &value{taints: ts}
	}
	c := *v
	c.taints = union(v.taints, ts)
	return &c
}

// setField returns v with member key set to nv.
func setField(v *value, key string, nv *value) *value {
	var c value
	if v != nil {
		c = *v
	}
	c.isStr = false
	for i := range c.fields {
		if c.fields[i].key == key {
			fs := make([]field, len(c.fields))
			copy(fs, c.fields)
			fs[i].val = nv
			c.fields = fs
			return &c
		}
	}
	if len(c.fields) >= maxFields {
		c.taints = union(c.taints, inexactAll(deep(nv)))
		return &c
	}
	fs := make([]field, len(c.fields), len(c.fields)+1)
	copy(fs, c.fields)
	c.fields = append(fs, field{key, nv})
	return &c
}

// setPath returns v with the member at keys set to nv; a computed key
// ("" with computed) adds nv's taints to the object holding it.
func setPath(v *value, keys []memberKey, nv *value) *value {
	k := keys[0]
	if !k.known {
		return withTaints(v, inexactAll(union(deep(nv), deep(k.val))))
	}
	if len(keys) == 1 {
		return setField(v, k.name, nv)
	}
	child := v.field(k.name)
	if child == nil {
		// a member of an alias keeps its canonical name
		child = v.member(k.name)
	}
	return setField(v, k.name, setPath(child, keys[1:], nv))
}
