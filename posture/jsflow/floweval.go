package jsflow

import (
	"slices"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"
)

// Expressions of the data-flow analysis.

// memberKey is a member name, or a computed key's value.
type memberKey struct {
	name  string
	known bool
	val   *value
}

func (a *analyzer) eval(e ast.Expression) *value {
	a.work++
	switch n := e.(type) {
	case nil:
		return nil
	case *ast.Identifier:
		return a.ident(n)
	case *ast.StringLiteral:
		return strValue(n.Value.String())
	case *ast.TemplateLiteral:
		return a.template(n)
	case *ast.DotExpression:
		lv := a.eval(n.Left)
		return a.read(lv, memberKey{name: n.Identifier.Name.String(), known: true}, n)
	case *ast.BracketExpression:
		lv := a.eval(n.Left)
		return a.read(lv, a.key(n.Member), n)
	case *ast.PrivateDotExpression:
		lv := a.eval(n.Left)
		return a.read(lv, memberKey{name: "#" + n.Identifier.Name.String(), known: true}, n)
	case *ast.OptionalChain:
		return a.eval(n.Expression)
	case *ast.Optional:
		return a.eval(n.Expression)
	case *ast.CallExpression:
		return a.call(n)
	case *ast.NewExpression:
		return a.newExpr(n)
	case *ast.AssignExpression:
		return a.assign(n)
	case *ast.BinaryExpression:
		return a.binary(n)
	case *ast.UnaryExpression:
		v := a.eval(n.Operand)
		switch n.Operator {
		case token.VOID, token.DELETE:
			return nil
		}
		if ts := deep(v); len(ts) > 0 {
			return &value{taints: inexactAll(ts)}
		}
		return nil
	case *ast.ConditionalExpression:
		return a.conditional(n)
	case *ast.SequenceExpression:
		var v *value
		for _, x := range n.Sequence {
			v = a.eval(x)
		}
		return v
	case *ast.AwaitExpression:
		return a.eval(n.Argument)
	case *ast.YieldExpression:
		a.eval(n.Argument)
		return nil
	case *ast.SpreadElement:
		return a.eval(n.Expression)
	case *ast.ArrayLiteral:
		return a.arrayLit(n)
	case *ast.ObjectLiteral:
		return a.objectLit(n)
	case *ast.FunctionLiteral:
		return a.funcValue(n)
	case *ast.ArrowFunctionLiteral:
		return a.funcValue(n)
	case *ast.ClassLiteral:
		return a.classLit(n)
	}
	return nil
}

func (a *analyzer) ident(n *ast.Identifier) *value {
	name := n.Name.String()
	var v *value
	if id, ok := a.sc.lookup(name); ok {
		v = a.st.get(id)
	} else {
		v = a.freeVal(name)
	}
	return a.checkSource(v, n)
}

// freeVal is the value of a name declared nowhere in the script (a
// global: console, JSON, require; or a canonical name used outside an
// entry function): an alias of that name.
func (a *analyzer) freeVal(name string) *value {
	if r := a.names.root(name); r != nil {
		return r.val
	}
	return nil
}

// key evaluates a computed member key.
func (a *analyzer) key(e ast.Expression) memberKey {
	switch m := Unwrap(e).(type) {
	case *ast.StringLiteral:
		return memberKey{name: m.Value.String(), known: true}
	case *ast.NumberLiteral:
		return memberKey{name: m.Literal, known: true}
	}
	v := a.eval(e)
	if v != nil && v.isStr && len(v.taints) == 0 && len(v.fields) == 0 {
		return memberKey{name: v.str, known: true}
	}
	return memberKey{val: v}
}

// read is member k of lv, read at node at.
func (a *analyzer) read(lv *value, k memberKey, at ast.Node) *value {
	if lv == nil {
		if !k.known {
			if ts := deep(k.val); len(ts) > 0 {
				return &value{taints: inexactAll(ts)}
			}
		}
		return nil
	}
	if !k.known {
		ts := inexactAll(union(deep(lv), deep(k.val)))
		if len(ts) == 0 {
			return nil
		}
		return &value{taints: ts}
	}
	f := lv.field(k.name)
	var ts []*taint
	if len(lv.taints) > 0 {
		ts = make([]*taint, len(lv.taints))
		for i, t := range lv.taints {
			ts[i] = a.narrow(t, k.name)
		}
	}
	res := f
	if res == nil {
		res = lv.member(k.name)
	}
	if len(ts) > 0 {
		if res == nil {
			res = &value{taints: ts}
		} else {
			c := *res
			c.taints = union(res.taints, ts)
			res = &c
		}
	}
	return a.checkSource(res, at)
}

func (a *analyzer) template(n *ast.TemplateLiteral) *value {
	if n.Tag != nil {
		tag := a.eval(n.Tag)
		args := make([]argVal, 0, len(n.Expressions)+1)
		args = append(args, argVal{})
		for _, x := range n.Expressions {
			args = append(args, argVal{v: a.eval(x), node: x})
		}
		return a.unknownCall(nil, "", "", tag, nil, args)
	}
	var b strings.Builder
	isStr := true
	var ts []*taint
	for i, el := range n.Elements {
		if el != nil {
			b.WriteString(el.Parsed.String())
		}
		if i < len(n.Expressions) {
			v := a.eval(n.Expressions[i])
			if v != nil && v.isStr {
				b.WriteString(v.str)
			} else {
				isStr = false
			}
			ts = union(ts, deep(v))
		}
	}
	out := &value{taints: inexactAll(ts)}
	if isStr && b.Len() <= maxStr {
		out.str, out.isStr = b.String(), true
	} else if len(ts) == 0 {
		return nil
	}
	return out
}

func (a *analyzer) binary(n *ast.BinaryExpression) *value {
	switch n.Operator {
	case token.LOGICAL_AND, token.LOGICAL_OR, token.COALESCE:
		lv := a.eval(n.Left)
		var format string
		switch n.Operator {
		case token.LOGICAL_AND:
			format = "% && ..."
		case token.LOGICAL_OR:
			format = "% || ..."
		default:
			format = "% ?? ..."
		}
		save := a.pushGuards(a.guardOf(lv, n.Left, format))
		m := a.st.mark()
		rv := a.eval(n.Right)
		ch := a.st.changes(m)
		a.st.undo(m)
		a.popGuards(save)
		a.st.joinIn(ch)
		if n.Operator == token.LOGICAL_AND {
			// The left value is the result when falsy, and decides the
			// right one (md.admin && 'admin:all'); but in the guard of a
			// member read (md && md.scopes) the right one says it all.
			lts := deep(lv)
			if len(lts) == 0 {
				return rv
			}
			rts := deep(rv)
			var keep []*taint
			for _, t := range lts {
				if !slices.ContainsFunc(rts, func(r *taint) bool { return r.src == t.src && HasPrefixName(r.name, t.name) }) {
					keep = append(keep, t.inexact())
				}
			}
			return withTaints(rv, keep)
		}
		return join(lv, rv)
	}
	lv := a.eval(n.Left)
	rv := a.eval(n.Right)
	ts := inexactAll(union(deep(lv), deep(rv)))
	if n.Operator == token.PLUS && lv != nil && rv != nil && lv.isStr && rv.isStr && len(lv.str)+len(rv.str) <= maxStr {
		return &value{taints: ts, str: lv.str + rv.str, isStr: true}
	}
	if len(ts) == 0 {
		return nil
	}
	return &value{taints: ts}
}

func (a *analyzer) conditional(n *ast.ConditionalExpression) *value {
	tv := a.eval(n.Test)
	save := a.pushGuards(a.guardOf(tv, n.Test, "% ? ... : ..."))
	m := a.st.mark()
	cv := a.eval(n.Consequent)
	ca := a.st.changes(m)
	a.st.undo(m)
	av := a.eval(n.Alternate)
	cb := a.st.changes(m)
	a.st.undo(m)
	a.popGuards(save)
	a.st.merge(ca, false, cb, false)
	// the test chooses the value
	return withTaints(join(cv, av), inexactAll(deep(tv)))
}

func (a *analyzer) arrayLit(n *ast.ArrayLiteral) *value {
	out := &value{}
	spread := false
	for i, el := range n.Value {
		if el == nil {
			continue
		}
		if sp, ok := el.(*ast.SpreadElement); ok {
			out.taints = union(out.taints, inexactAll(deep(a.eval(sp.Expression))))
			spread = true
			continue
		}
		ev := a.eval(el)
		if ev == nil {
			continue
		}
		if spread || len(out.fields) >= maxFields {
			out.taints = union(out.taints, inexactAll(deep(ev)))
			continue
		}
		out.fields = append(out.fields, field{indexName(i), ev})
	}
	if len(out.taints) == 0 && len(out.fields) == 0 {
		return nil
	}
	return out
}

// put sets a member of a value being built.
func (v *value) put(key string, fv *value) {
	for i := range v.fields {
		if v.fields[i].key == key {
			v.fields[i].val = fv
			return
		}
	}
	if len(v.fields) >= maxFields {
		v.taints = union(v.taints, inexactAll(deep(fv)))
		return
	}
	v.fields = append(v.fields, field{key, fv})
}

func (a *analyzer) objectLit(n *ast.ObjectLiteral) *value {
	out := &value{}
	for _, p := range n.Value {
		switch p := p.(type) {
		case *ast.PropertyKeyed:
			var k memberKey
			if p.Computed {
				k = a.key(p.Key)
			} else if name, ok := PropertyKey(p.Key); ok {
				k = memberKey{name: name, known: true}
			}
			pv := a.eval(p.Value)
			if p.Kind == ast.PropertyKindGet || p.Kind == ast.PropertyKindSet {
				continue // an accessor: analysed on its own
			}
			if k.known {
				out.put(k.name, pv)
			} else {
				out.taints = union(out.taints, inexactAll(union(deep(pv), deep(k.val))))
			}
		case *ast.PropertyShort:
			out.put(p.Name.Name.String(), a.ident(&p.Name))
		case *ast.SpreadElement:
			sv := a.eval(p.Expression)
			if sv == nil {
				continue
			}
			out.taints = union(out.taints, sv.taints)
			if out.path == "" && len(out.fields) == 0 {
				out.path, out.pn = sv.path, sv.pn
			}
			for _, f := range sv.fields {
				out.put(f.key, f.val)
			}
		}
	}
	return out
}

// ---- calls

func (a *analyzer) args(list []ast.Expression) []argVal {
	if len(list) == 0 {
		return nil
	}
	out := make([]argVal, len(list))
	for i, x := range list {
		if sp, ok := x.(*ast.SpreadElement); ok {
			out[i] = argVal{v: a.eval(sp.Expression), spread: true, node: sp.Expression}
			continue
		}
		out[i] = argVal{v: a.eval(x), node: x}
	}
	return out
}

func (a *analyzer) call(n *ast.CallExpression) *value {
	callee := Unwrap(n.Callee)
	var recv *value
	var recvExpr ast.Expression
	var cpath, mname string
	var fn *funcVal
	si := -1
	method := func(k memberKey) {
		if !k.known {
			return
		}
		mname = k.name
		m := recv.field(k.name)
		if m == nil {
			m = recv.member(k.name)
		}
		if m != nil {
			fn, cpath, si = m.fn, m.path, a.sinkOf(m)
		}
	}
	switch c := callee.(type) {
	case *ast.DotExpression:
		recvExpr = c.Left
		recv = a.eval(c.Left)
		method(memberKey{name: c.Identifier.Name.String(), known: true})
	case *ast.BracketExpression:
		recvExpr = c.Left
		recv = a.eval(c.Left)
		k := a.key(c.Member)
		method(k)
		if !k.known {
			// a member chosen by a computed key: its value decides
			args := a.args(n.ArgumentList)
			if v, ok := a.dispatch(recv, k, c.Member, args, n.Callee); ok {
				return v
			}
			recv = withTaints(recv, inexactAll(deep(k.val)))
			return a.unknownCall(n, "", "", recv, recvExpr, args)
		}
	default:
		v := a.eval(callee)
		if v != nil {
			fn, cpath, si = v.fn, v.path, a.sinkOf(v)
		}
	}
	args := a.args(n.ArgumentList)
	if si >= 0 {
		a.sinkCall(si, cpath, n, args)
		return nil
	}
	if fn != nil {
		if v, ok := a.inline(fn, args, n.Callee); ok {
			return v
		}
	}
	return a.unknownCall(n, cpath, mname, recv, recvExpr, args)
}

// dispatch follows a call of a method of a local object chosen by a
// computed key (handlers[event.user.user_metadata.role]()): each of its
// functions, under the key's guard.
func (a *analyzer) dispatch(recv *value, k memberKey, key ast.Expression, args []argVal, callee ast.Node) (*value, bool) {
	if recv == nil {
		return nil, false
	}
	var fns []*funcVal
	for _, f := range recv.fields {
		if f.val != nil && f.val.fn != nil {
			fns = append(fns, f.val.fn)
		}
	}
	if len(fns) == 0 {
		return nil, false
	}
	save := a.pushGuards(a.guardOf(k.val, key, "[%] chooses the function"))
	defer a.popGuards(save)
	var out *value
	for _, fn := range fns {
		m := a.st.mark()
		v, ok := a.inline(fn, args, callee)
		if !ok {
			v = a.callback(fn, spreadRest(args).taintsOrNil(), nil)
		}
		ch := a.st.changes(m)
		a.st.undo(m)
		a.st.joinIn(ch)
		out = join(out, v)
	}
	return withTaints(out, inexactAll(deep(k.val))), true
}

func (v *value) taintsOrNil() []*taint {
	if v == nil {
		return nil
	}
	return v.taints
}

func (a *analyzer) newExpr(n *ast.NewExpression) *value {
	cv := a.eval(n.Callee)
	args := a.args(n.ArgumentList)
	path := ""
	if cv != nil {
		path = cv.path
	}
	return a.unknownCall(n, path, "", nil, nil, args)
}

// unknownCall is a call the analysis does not follow: its result holds
// whatever its receiver and arguments hold; functions passed to it are
// analysed as called there; a method call with tainted arguments on a
// local object taints the object (list.push(x)).
func (a *analyzer) unknownCall(n ast.Expression, cpath, method string, recv *value, recvExpr ast.Expression, args []argVal) *value {
	ts := deep(recv)
	var argTS []*taint
	for _, av := range args {
		argTS = union(argTS, deep(av.v))
	}
	ts = inexactAll(union(ts, argTS))
	var out []*taint
	for i, av := range args {
		if av.v == nil {
			continue
		}
		if av.v.fn != nil {
			var d *desc
			if len(ts) > 0 {
				d = &desc{pre: "an argument of ", node: a.calleeOf(n), post: "(...)"}
			}
			// the receiver (a collection, a promise) decides whether
			// and how often the function runs
			var gts []*taint
			if rts := deep(recv); len(rts) > 0 {
				st := step(recvExpr, func() string { return a.textCall(n) + " runs it" })
				gts = make([]*taint, len(rts))
				for i, t := range rts {
					gts[i] = t.inexact().withStep(st)
				}
			}
			save := a.pushGuards(gts)
			rv := a.callback(av.v.fn, ts, d)
			a.popGuards(save)
			if rv != nil {
				out = union(out, inexactAll(deep(rv)))
			}
			continue
		}
		if av.v.path != "" {
			if si := a.sinkOf(av.v); si >= 0 && n != nil {
				// a sink passed as a callback: called with the others
				others := &value{taints: inexactAll(union(deep(recv), spreadRestExcept(args, i)))}
				a.sinkCall(si, av.v.path, av.node, []argVal{{v: others}})
			}
		}
	}
	if cpath == "Object.assign" && len(args) > 0 {
		src := spreadRestExcept(args, 0)
		if len(src) > 0 || args[0].v != nil && args[0].v.path != "" {
			a.mutate(args[0].node, args[0].v, src, n)
		}
	} else if recvExpr != nil && (len(argTS) > 0 || len(a.regions) > 0) && mutators[method] && (recv == nil || recv.path == "") {
		a.mutate(recvExpr, recv, inexactAll(argTS), n)
	}
	out = union(ts, out)
	if len(out) == 0 {
		return nil
	}
	return &value{taints: out}
}

// mutators are the methods that store their arguments in their
// receiver (arrays, Maps, Sets, URLSearchParams).
var mutators = map[string]bool{
	"push": true, "unshift": true, "splice": true, "fill": true,
	"set": true, "add": true, "append": true,
}

func spreadRestExcept(args []argVal, skip int) []*taint {
	var ts []*taint
	for i, av := range args {
		if i != skip {
			ts = union(ts, deep(av.v))
		}
	}
	return inexactAll(ts)
}

// calleeOf is the callee of a call, n itself for anything else.
func (a *analyzer) calleeOf(n ast.Expression) ast.Node {
	switch c := n.(type) {
	case *ast.CallExpression:
		return c.Callee
	case *ast.NewExpression:
		return c.Callee
	case nil:
		return nil
	}
	return n
}

func (a *analyzer) textCall(n ast.Expression) string {
	if n == nil {
		return "a tagged template"
	}
	if c, ok := n.(*ast.CallExpression); ok {
		return a.text(c.Callee) + "(...)"
	}
	return a.text(n)
}

// mutate adds ts to the object target (an expression naming a local
// variable or a member of one) that call n changed; when target is an
// assignment sink, the call is a sink assignment.
func (a *analyzer) mutate(target ast.Expression, tv *value, ts []*taint, n ast.Expression) {
	if tv != nil && tv.path != "" {
		nv := &value{taints: ts}
		a.assignSink(tv.path, tv.path, nv, nil, n)
		return
	}
	if target == nil {
		return
	}
	var keys []memberKey
	e := Unwrap(target)
	for {
		switch x := e.(type) {
		case *ast.DotExpression:
			keys = append(keys, memberKey{name: x.Identifier.Name.String(), known: true})
			e = Unwrap(x.Left)
			continue
		case *ast.BracketExpression:
			k := memberKey{}
			switch m := Unwrap(x.Member).(type) {
			case *ast.StringLiteral:
				k = memberKey{name: m.Value.String(), known: true}
			case *ast.NumberLiteral:
				k = memberKey{name: m.Literal, known: true}
			}
			keys = append(keys, k)
			e = Unwrap(x.Left)
			continue
		}
		break
	}
	id, ok := e.(*ast.Identifier)
	if !ok {
		return
	}
	vid, ok := a.sc.lookup(id.Name.String())
	if !ok {
		return
	}
	root := a.st.get(vid)
	if root != nil && root.path != "" {
		return
	}
	if len(a.regions) > 0 {
		ts = union(ts, a.implicit(vid))
	}
	if len(ts) == 0 {
		return
	}
	ts = stepAll(ts, step(n, func() string { return a.text(n) }))
	if len(keys) == 0 {
		a.st.set(vid, withTaints(root, ts))
		return
	}
	for i, j := 0, len(keys)-1; i < j; i, j = i+1, j-1 {
		keys[i], keys[j] = keys[j], keys[i]
	}
	cur := root
	for _, k := range keys {
		if !k.known {
			cur = nil
			break
		}
		cur = cur.field(k.name)
	}
	a.st.set(vid, setPath(root, keys, withTaints(cur, ts)))
}

// ---- assignments

func (a *analyzer) assign(n *ast.AssignExpression) *value {
	left := n.Left
	rv := a.eval(n.Right)
	v := rv
	if n.Operator != token.ASSIGN {
		old := a.eval(left)
		switch n.Operator {
		case token.LOGICAL_OR, token.LOGICAL_AND, token.COALESCE:
			v = join(old, rv)
		default:
			ts := inexactAll(union(deep(old), deep(rv)))
			switch {
			case n.Operator == token.PLUS && old != nil && rv != nil && old.isStr && rv.isStr && len(old.str)+len(rv.str) <= maxStr:
				v = &value{taints: ts, str: old.str + rv.str, isStr: true}
			case len(ts) > 0:
				v = &value{taints: ts}
			default:
				v = nil
			}
		}
	}
	d := desc{node: n.Right}
	if n.Operator != token.ASSIGN {
		d = desc{node: n, raw: true}
	}
	switch t := left.(type) {
	case *ast.Identifier:
		a.bindName(t, v, bindAssign, d)
	case *ast.DotExpression, *ast.BracketExpression, *ast.PrivateDotExpression:
		a.assignMember(t, v, n, d)
	case *ast.ObjectPattern, *ast.ArrayPattern:
		a.bindTarget(t, v, bindAssign, d)
	}
	return v
}

// assignMember assigns v to a member expression: a sink assignment when
// its canonical name is one, a module export when it is one, a change
// of the local variable it is a member of.
func (a *analyzer) assignMember(target ast.Expression, v *value, at ast.Node, d desc) {
	var keys []memberKey
	var keyNodes []ast.Expression
	e := Unwrap(target)
loop:
	for {
		switch x := e.(type) {
		case *ast.DotExpression:
			keys = append(keys, memberKey{name: x.Identifier.Name.String(), known: true})
			keyNodes = append(keyNodes, nil)
			e = Unwrap(x.Left)
		case *ast.PrivateDotExpression:
			keys = append(keys, memberKey{name: "#" + x.Identifier.Name.String(), known: true})
			keyNodes = append(keyNodes, nil)
			e = Unwrap(x.Left)
		case *ast.BracketExpression:
			keys = append(keys, a.key(x.Member))
			keyNodes = append(keyNodes, x.Member)
			e = Unwrap(x.Left)
		default:
			break loop
		}
	}
	for i, j := 0, len(keys)-1; i < j; i, j = i+1, j-1 {
		keys[i], keys[j] = keys[j], keys[i]
		keyNodes[i], keyNodes[j] = keyNodes[j], keyNodes[i]
	}
	var root *value
	vid := int32(-1)
	if id, ok := e.(*ast.Identifier); ok {
		name := id.Name.String()
		if x, ok := a.sc.lookup(name); ok {
			vid, root = x, a.st.get(x)
		} else {
			root = a.freeVal(name)
		}
	} else {
		root = a.eval(e)
	}
	if root != nil && root.path != "" {
		var b strings.Builder
		b.WriteString(root.path)
		known := ""
		var keyTS []*taint
		for i, k := range keys {
			if k.known {
				b.WriteByte('.')
				b.WriteString(k.name)
				continue
			}
			if known == "" {
				known = b.String()
			}
			b.WriteByte('[')
			b.WriteString(a.text(keyNodes[i]))
			b.WriteByte(']')
			keyTS = union(keyTS, inexactAll(deep(k.val)))
		}
		name := b.String()
		if known == "" {
			known = name
		}
		a.assignSink(name, known, v, keyTS, target)
		if v != nil && known == name && isExport(name) {
			a.addEntries(v)
		}
	}
	if vid >= 0 && len(keys) > 0 {
		if len(a.regions) > 0 {
			v = withTaints(v, a.implicit(vid))
		}
		if v.tainted() {
			v = stepped(v, step(target, func() string { return a.note(a.text(target), d) }))
		}
		a.st.set(vid, setPath(root, keys, v))
	}
}

func isExport(name string) bool {
	return name == "module.exports" || HasPrefixName(name, "exports") && name != "exports" || HasPrefixName(name, "module.exports")
}

func (a *analyzer) addEntries(v *value) {
	if v.fn != nil {
		a.entries = append(a.entries, v.fn)
	}
	for _, f := range v.fields {
		if f.val != nil && f.val.fn != nil {
			a.entries = append(a.entries, f.val.fn)
		}
	}
}
