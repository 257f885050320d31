package jsflow

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/token"
)

const (
	maxInline    = 6  // nested helper calls followed
	maxRecursion = 2  // times one function may be on the call stack
	maxGuards    = 48 // guard taints considered at a sink
	maxLoopPass2 = 2  // loop nesting up to which loop bodies run twice
)

// funcVal is a local function: its node and the scope it closes over.
type funcVal struct {
	node  ast.Expression // *ast.FunctionLiteral or *ast.ArrowFunctionLiteral
	scope *scope
}

type frameMode int

const (
	modeEntry frameMode = iota
	modeInline
	modeCallback
	modeStandalone
)

// frame is one function being analysed.
type frame struct {
	mode   frameMode
	callee ast.Node // for notes: the callee of an inlined call
	ret    *value
	// retExit are the guards of early returns and throws seen so far:
	// what follows depends on them until the function ends; brkExit
	// those of break and continue, until the loop ends.
	retExit, brkExit   []*taint
	retCond, brkCond   int
	hasRet, hasBrkCond bool
	loopDepth          int
}

// exits says how a statement may leave.
type exits uint8

const (
	mayReturn exits = 1 << iota // a return or throw is reachable
	mayBreak                    // a break or continue is reachable
	mustExit                    // it always leaves (return, throw, break, continue)
)

// constVal is a constant string argument.
type constVal struct {
	i int
	s string
}

type useRec struct {
	use SinkUse
}

type flowKey struct {
	src   int
	at    file.Idx
	name  string
	use   int
	guard bool
}

type flowRec struct {
	t     *taint
	use   int
	guard bool
}

type analyzer struct {
	s    *Script
	spec *Spec

	st     state
	sc     *scope
	fr     *frame
	guards []*taint // the guards of the conditions being analysed
	cond   int      // the number of conditions being analysed
	stack  []*funcVal

	work, budget int
	truncated    bool

	names   *names
	funcs   []*funcVal
	done    map[ast.Node]bool
	entries []*funcVal
	vars    map[ast.Node][]string

	uses    []useRec
	useIdx  map[string]int
	keyBuf  []byte
	flows   []flowRec
	flowIdx map[flowKey]int
}

func newAnalyzer(s *Script, spec *Spec) *analyzer {
	a := &analyzer{
		s:       s,
		spec:    spec,
		names:   newNames(spec),
		done:    map[ast.Node]bool{},
		vars:    map[ast.Node][]string{},
		useIdx:  map[string]int{},
		flowIdx: map[flowKey]int{},
		budget:  16*len(s.Source) + 20000,
	}
	return a
}

func (a *analyzer) over() bool {
	if a.work > a.budget {
		a.truncated = true
		return true
	}
	return false
}

// run analyses the program, then each entry function with the
// canonical parameters, then every function not analysed yet.
func (a *analyzer) run() {
	prog := a.s.Program
	a.sc = &scope{fn: true}
	a.fr = &frame{mode: modeEntry}
	a.hoistVars(prog, prog.Body)
	a.hoistBlock(prog.Body, a.sc)
	for _, st := range prog.Body {
		if es, ok := st.(*ast.ExpressionStatement); ok && a.s.Wrapped {
			if v := a.eval(es.Expression); v != nil && v.fn != nil {
				a.entries = append(a.entries, v.fn)
			}
			continue
		}
		a.stmt(st)
	}
	if len(a.entries) == 0 {
		a.loneFunction(prog)
	}
	for i := 0; i < len(a.entries); i++ {
		e := a.entries[i]
		args := make([]argVal, len(a.spec.Params))
		for j, p := range a.spec.Params {
			if r := a.names.root(p); r != nil {
				args[j] = argVal{v: r.val}
			}
		}
		a.runFunc(e, args, nil, modeEntry)
	}
	for i := 0; i < len(a.funcs); i++ {
		fn := a.funcs[i]
		if !a.done[fn.node] {
			a.runFunc(fn, nil, nil, modeStandalone)
		}
	}
}

// loneFunction takes a program made of one function declaration (a
// Rule or Hook saved as "function name(user, context, callback) {...}")
// as its entry.
func (a *analyzer) loneFunction(prog *ast.Program) {
	var fn *ast.FunctionLiteral
	for _, st := range prog.Body {
		switch st := st.(type) {
		case *ast.FunctionDeclaration:
			if fn != nil {
				return
			}
			fn = st.Function
		case *ast.EmptyStatement:
		default:
			return
		}
	}
	if fn == nil || fn.Name == nil {
		return
	}
	if id, ok := a.sc.own(fn.Name.Name.String()); ok {
		if v := a.st.get(id); v != nil && v.fn != nil {
			a.entries = append(a.entries, v.fn)
		}
	}
}

// ---- notes

// compact returns the source text of n on one line, shortened.
func (a *analyzer) text(n ast.Node) string {
	if n == nil || isNil(n) {
		return ""
	}
	return compact(a.s.Text(n), 60)
}

// simpleExpr reports whether a member read after n needs no
// parentheses around it.
func simpleExpr(n ast.Node) bool {
	switch n.(type) {
	case *ast.Identifier, *ast.DotExpression, *ast.BracketExpression, *ast.CallExpression, *ast.ThisExpression,
		*ast.OptionalChain, *ast.Optional, *ast.ArrayLiteral, *ast.ObjectLiteral, *ast.StringLiteral, *ast.TemplateLiteral:
		return true
	}
	return false
}

// compact returns s on one line, at most maxRunes long, with the
// opening parentheses the node's span leaves out ("a || b) && c")
// added back.
func compact(s string, maxRunes int) string {
	out := compactLine(s, maxRunes)
	depth, missing := 0, 0
	for i := 0; i < len(out); i++ {
		switch out[i] {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				missing++
			} else {
				depth--
			}
		}
	}
	if missing > 0 {
		out = strings.Repeat("(", missing) + out
	}
	return out
}

func compactLine(s string, maxRunes int) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
			n++
		}
		space = false
		if n >= maxRunes {
			b.WriteString("...")
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// desc says where a bound value came from, for the step's note:
// pre, node's text, post, keys, and for a parameter the function.
type desc struct {
	node ast.Node // the expression the value came from
	pre  string   // words before its text ("an element of ")
	post string   // after it ("(...)")
	keys string   // members a pattern took (".role", "[0]")
	fn   ast.Node // the callee whose parameter is bound
	raw  bool     // the note is the node's text alone (x += y)
}

func (d desc) key(k memberKey) desc {
	if k.known {
		if _, err := strconv.Atoi(k.name); err == nil {
			d.keys += "[" + k.name + "]"
		} else {
			d.keys += "." + k.name
		}
	} else {
		d.keys += "[...]"
	}
	return d
}

func (a *analyzer) note(name string, d desc) string {
	if d.raw {
		return a.text(d.node)
	}
	src := a.text(d.node)
	if d.keys != "" && d.pre == "" && d.post == "" && d.node != nil && !simpleExpr(d.node) {
		src = "(" + src + ")"
	}
	out := name + " = " + d.pre + src + d.post + d.keys
	if d.fn != nil {
		out += " (parameter of " + a.text(d.fn) + ")"
	}
	return out
}

// step is a step at node at whose note note makes.
func step(at ast.Node, note func() string) *stepNode {
	return &stepNode{at: at, note: note}
}

// stepped returns v with a step added to its taints and its members'.
func stepped(v *value, st *stepNode) *value {
	n := 0
	return steppedRec(v, st, 0, &n)
}

func steppedRec(v *value, st *stepNode, depth int, n *int) *value {
	if v == nil || depth > maxDeep || *n > maxVisit || !v.tainted() {
		return v
	}
	*n++
	c := *v
	c.taints = stepAll(v.taints, st)
	if len(v.fields) > 0 {
		c.fields = make([]field, len(v.fields))
		for i, f := range v.fields {
			c.fields[i] = field{f.key, steppedRec(f.val, st, depth+1, n)}
		}
	}
	return &c
}

// ---- guards

// guardOf returns the taints of condition value v with a step at the
// condition.
func (a *analyzer) guardOf(v *value, n ast.Node, format string) []*taint {
	ts := deep(v)
	if len(ts) == 0 {
		return nil
	}
	st := step(n, func() string { return strings.Replace(format, "%", a.text(n), 1) })
	out := make([]*taint, len(ts))
	for i, t := range ts {
		out[i] = t.inexact().withStep(st)
	}
	return out
}

type guardSave struct{ n, cond int }

func (a *analyzer) pushGuards(ts []*taint) guardSave {
	s := guardSave{len(a.guards), a.cond}
	a.guards = append(a.guards, ts...)
	a.cond++
	return s
}

func (a *analyzer) popGuards(s guardSave) {
	a.guards = a.guards[:s.n]
	a.cond = s.cond
}

// exitGuard records that what follows, until the function (ret) or the
// loop ends, runs only when condition v let it.
func (a *analyzer) exitGuard(ret bool, v *value, n ast.Node, format string) {
	ts := a.guardOf(v, n, format)
	if ret {
		for _, t := range ts {
			a.fr.retExit = addTaint(a.fr.retExit, t)
		}
		if !a.fr.hasRet {
			a.fr.hasRet = true
			a.fr.retCond++
		}
		return
	}
	for _, t := range ts {
		a.fr.brkExit = addTaint(a.fr.brkExit, t)
	}
	if !a.fr.hasBrkCond {
		a.fr.hasBrkCond = true
		a.fr.brkCond++
	}
}

// exitSave is the early exits of a frame at some point.
type exitSave struct {
	ret, brk           int
	retCond, brkCond   int
	hasRet, hasBrkCond bool
}

func (a *analyzer) saveExits() exitSave {
	fr := a.fr
	return exitSave{len(fr.retExit), len(fr.brkExit), fr.retCond, fr.brkCond, fr.hasRet, fr.hasBrkCond}
}

// takeExits removes and returns the early exits recorded since s (in a
// branch: they do not hold in the other branch).
func (a *analyzer) takeExits(s exitSave) (ret, brk []*taint, hasRet, hasBrk bool) {
	fr := a.fr
	ret = append([]*taint(nil), fr.retExit[s.ret:]...)
	brk = append([]*taint(nil), fr.brkExit[s.brk:]...)
	hasRet, hasBrk = fr.hasRet && !s.hasRet, fr.hasBrkCond && !s.hasBrkCond
	fr.retExit, fr.brkExit = fr.retExit[:s.ret], fr.brkExit[:s.brk]
	fr.retCond, fr.brkCond, fr.hasRet, fr.hasBrkCond = s.retCond, s.brkCond, s.hasRet, s.hasBrkCond
	return ret, brk, hasRet, hasBrk
}

// putExits adds early exits taken from a branch back: they hold after
// the branches.
func (a *analyzer) putExits(ret, brk []*taint, hasRet, hasBrk bool) {
	fr := a.fr
	for _, t := range ret {
		fr.retExit = addTaint(fr.retExit, t)
	}
	for _, t := range brk {
		fr.brkExit = addTaint(fr.brkExit, t)
	}
	if hasRet && !fr.hasRet {
		fr.hasRet = true
		fr.retCond++
	}
	if hasBrk && !fr.hasBrkCond {
		fr.hasBrkCond = true
		fr.brkCond++
	}
}

func (a *analyzer) guardsNow() []*taint {
	n := len(a.guards) + len(a.fr.retExit) + len(a.fr.brkExit)
	if n == 0 {
		return nil
	}
	out := make([]*taint, 0, min(n, maxGuards))
	for _, l := range [][]*taint{a.guards, a.fr.retExit, a.fr.brkExit} {
		for _, t := range l {
			if len(out) >= maxGuards {
				return out
			}
			out = addGuard(out, t)
		}
	}
	return out
}

// addGuard adds t unless the same use with the same name is there.
func addGuard(ts []*taint, t *taint) []*taint {
	for _, u := range ts {
		if u == t || sameUse(u, t) && u.name == t.name {
			return ts
		}
	}
	return append(ts, t)
}

func (a *analyzer) condNow() int { return a.cond + a.fr.retCond + a.fr.brkCond }

// ---- sources and sinks

// checkSource adds a use of a source to v when its path is one and it
// holds no taint of that name yet.
func (a *analyzer) checkSource(v *value, at ast.Node) *value {
	if v == nil || v.path == "" {
		return v
	}
	var si int
	if v.pn != nil {
		si = v.pn.src
	} else {
		si = sourceFor(a.spec, v.path)
	}
	if si < 0 {
		return v
	}
	for _, t := range v.taints {
		if t.exact && t.name == v.path {
			return v
		}
	}
	c := *v
	i0, _ := nodeIdx(at)
	c.taints = union(v.taints, []*taint{{src: si, at: i0, name: v.path, exact: true}})
	return &c
}

func (a *analyzer) narrow(t *taint, key string) *taint {
	if !t.exact {
		return t
	}
	c := *t
	c.name = t.name + "." + key
	if a.names.deeper[t.src] {
		if si := sourceFor(a.spec, c.name); si >= 0 {
			c.src = si
		}
	}
	return &c
}

type argVal struct {
	v      *value
	spread bool
	node   ast.Expression
	d      *desc // the description of a synthetic argument
}

func argMatters(idx []int, i int, spread bool) bool {
	if idx == nil {
		return true
	}
	for _, j := range idx {
		if j == i || spread && j > i {
			return true
		}
	}
	return false
}

// sinkOf returns the index of the sink that alias v is, or -1.
func (a *analyzer) sinkOf(v *value) int {
	switch {
	case v == nil || v.path == "":
		return -1
	case v.pn != nil:
		return v.pn.sink
	}
	for i := range a.spec.Sinks {
		if a.spec.Sinks[i].Callee == v.path {
			return i
		}
	}
	return -1
}

// sinkCall records a call of sink si and its flows.
func (a *analyzer) sinkCall(si int, name string, at ast.Node, args []argVal) {
	sk := a.spec.Sinks[si]
	var vals []constVal
	spread := false
	for i, av := range args {
		spread = spread || av.spread
		if !spread && av.v != nil && av.v.isStr {
			vals = append(vals, constVal{i, av.v.str})
		}
	}
	ui := a.addUse(sk, name, at, vals)
	for i, av := range args {
		if !argMatters(sk.Args, i, av.spread) {
			continue
		}
		for _, t := range deep(av.v) {
			a.addFlow(t, ui, false)
		}
	}
	if sk.Guard {
		for _, t := range a.guardsNow() {
			a.addFlow(t, ui, true)
		}
	}
}

// assignSink records the assignment of v to the dotted name (known is
// its part before any computed key) when it is a sink.
func (a *analyzer) assignSink(name, known string, v *value, keyTaints []*taint, at ast.Node) {
	best, bestLen := -1, -1
	for i, as := range a.spec.AssignSinks {
		if len(as.Prefix) > bestLen && as.Prefix != "" && HasPrefixName(known, as.Prefix) {
			best, bestLen = i, len(as.Prefix)
		}
	}
	if best < 0 {
		return
	}
	as := a.spec.AssignSinks[best]
	var vals []constVal
	if v != nil && v.isStr {
		vals = []constVal{{0, v.str}}
	}
	ui := a.addUse(Sink{Callee: as.Prefix, Label: as.Label, Guard: as.Guard}, name, at, vals)
	for _, t := range deep(v) {
		if t.exact && t.name == name {
			continue // written back where it was read: x.y = x.y || {}
		}
		a.addFlow(t, ui, false)
	}
	for _, t := range keyTaints {
		a.addFlow(t, ui, false)
	}
	if as.Guard {
		for _, t := range a.guardsNow() {
			a.addFlow(t, ui, true)
		}
	}
}

// addUse records a use of sink sk called name at node at with the
// constant values vals, once per distinct use.
func (a *analyzer) addUse(sk Sink, name string, at ast.Node, vals []constVal) int {
	cond := a.condNow() > 0
	i0, _ := nodeIdx(at)
	b := strconv.AppendInt(a.keyBuf[:0], int64(i0), 10)
	if cond {
		b = append(b, '+')
	}
	b = append(b, 0)
	b = append(b, name...)
	for _, v := range vals {
		b = append(b, 0)
		b = strconv.AppendInt(b, int64(v.i), 10)
		b = append(b, '=')
		b = append(b, v.s...)
	}
	a.keyBuf = b
	if i, ok := a.useIdx[string(b)]; ok {
		return i
	}
	u := SinkUse{Sink: sk, Name: name, Pos: a.s.PosAt(i0), Conditional: cond}
	if len(vals) > 0 {
		u.Values = make(map[int]string, len(vals))
		for _, v := range vals {
			u.Values[v.i] = v.s
		}
	}
	a.uses = append(a.uses, useRec{use: u})
	a.useIdx[string(b)] = len(a.uses) - 1
	return len(a.uses) - 1
}

func (a *analyzer) addFlow(t *taint, use int, guard bool) {
	k := flowKey{src: t.src, at: t.at, name: t.name, use: use, guard: guard}
	if i, ok := a.flowIdx[k]; ok {
		if t.n < a.flows[i].t.n {
			a.flows[i].t = t
		}
		return
	}
	a.flows = append(a.flows, flowRec{t: t, use: use, guard: guard})
	a.flowIdx[k] = len(a.flows) - 1
}

// ---- functions

func (a *analyzer) funcValue(n ast.Expression) *value {
	fv := &funcVal{node: n, scope: a.sc}
	a.funcs = append(a.funcs, fv)
	return &value{fn: fv}
}

func onStack(stack []*funcVal, fn *funcVal) int {
	n := 0
	for _, f := range stack {
		if f.node == fn.node {
			n++
		}
	}
	return n
}

// inline follows a call of a local function; false when it may not
// (depth, recursion, budget).
func (a *analyzer) inline(fn *funcVal, args []argVal, callee ast.Node) (*value, bool) {
	if len(a.stack) >= maxInline || onStack(a.stack, fn) >= maxRecursion {
		return nil, false
	}
	if a.over() {
		return nil, false
	}
	return a.runFunc(fn, args, callee, modeInline), true
}

// runFunc analyses fn's body with its parameters bound to args.
func (a *analyzer) runFunc(fn *funcVal, args []argVal, callee ast.Node, mode frameMode) *value {
	a.done[fn.node] = true
	savedSc, savedFr, savedGuards, savedCond := a.sc, a.fr, a.guards, a.cond
	switch mode {
	case modeEntry:
		a.guards, a.cond = nil, 0
	case modeStandalone:
		a.guards, a.cond = nil, 1
	default:
		g := a.guardsNow()
		a.cond = a.condNow()
		if mode == modeCallback {
			a.cond++
		}
		a.guards = g
	}
	a.fr = &frame{mode: mode, callee: callee}
	a.sc = &scope{parent: fn.scope, fn: true}
	a.stack = append(a.stack, fn)
	defer func() {
		a.stack = a.stack[:len(a.stack)-1]
		a.sc, a.fr, a.guards, a.cond = savedSc, savedFr, savedGuards, savedCond
	}()

	var params *ast.ParameterList
	var body ast.ConciseBody
	switch n := fn.node.(type) {
	case *ast.FunctionLiteral:
		params, body = n.ParameterList, n.Body
		if n.Name != nil && mode != modeEntry {
			// a named function expression sees its own name
			a.declare(a.sc, n.Name.Name.String(), &value{fn: fn})
		}
	case *ast.ArrowFunctionLiteral:
		params, body = n.ParameterList, n.Body
	default:
		return nil
	}
	if params != nil {
		spreadAt := -1
		for i, av := range args {
			if av.spread {
				spreadAt = i
				break
			}
		}
		for i, b := range params.List {
			var av argVal
			switch {
			case spreadAt >= 0 && i >= spreadAt:
				av = argVal{v: spreadRest(args[spreadAt:]), node: args[spreadAt].node}
			case i < len(args):
				av = args[i]
			}
			v := av.v
			if b.Initializer != nil {
				v = join(v, a.eval(b.Initializer))
			}
			d := desc{node: av.node, fn: callee}
			if av.d != nil {
				d = *av.d
			}
			a.bindTarget(b.Target, v, bindParam, d)
		}
		if params.Rest != nil {
			from := len(params.List)
			if spreadAt >= 0 && spreadAt < from {
				from = spreadAt
			}
			var rest *value
			if from < len(args) {
				rest = spreadRest(args[from:])
			}
			a.bindTarget(params.Rest, rest, bindParam, desc{pre: "the rest of the arguments", fn: callee})
		}
	}
	switch b := body.(type) {
	case *ast.BlockStatement:
		a.hoistVars(fn.node, b.List)
		a.hoistBlock(b.List, a.sc)
		a.stmts(b.List)
	case *ast.ExpressionBody:
		v := a.eval(b.Expression)
		a.ret(v, b.Expression)
	}
	return a.fr.ret
}

// spreadRest is the value of arguments gathered in one (a rest
// parameter, arguments after a spread).
func spreadRest(args []argVal) *value {
	var ts []*taint
	for _, av := range args {
		ts = union(ts, inexactAll(deep(av.v)))
	}
	if len(ts) == 0 {
		return nil
	}
	return &value{taints: ts}
}

func (a *analyzer) ret(v *value, at ast.Node) {
	if a.fr.mode == modeInline && v.tainted() {
		callee := a.fr.callee
		v = stepped(v, step(at, func() string { return a.text(callee) + "(...) returns it" }))
	}
	a.fr.ret = join(a.fr.ret, v)
}

// callback analyses a function passed to a call the analysis does not
// follow, as if called there once, maybe, with arguments holding ts.
func (a *analyzer) callback(fn *funcVal, ts []*taint, d *desc) *value {
	if a.done[fn.node] && (a.over() || len(a.stack) >= maxInline || onStack(a.stack, fn) > 0) {
		return nil
	}
	var args []argVal
	if len(ts) > 0 {
		var params *ast.ParameterList
		switch n := fn.node.(type) {
		case *ast.FunctionLiteral:
			params = n.ParameterList
		case *ast.ArrowFunctionLiteral:
			params = n.ParameterList
		}
		if params != nil {
			v := &value{taints: ts}
			args = make([]argVal, len(params.List))
			for i := range args {
				args[i] = argVal{v: v, d: d}
			}
		}
	}
	m := a.st.mark()
	v := a.runFunc(fn, args, nil, modeCallback)
	ch := a.st.changes(m)
	a.st.undo(m)
	a.st.joinIn(ch)
	return v
}

// ---- declarations

type bindMode int

const (
	bindVar    bindMode = iota // var: the function's scope
	bindLex                    // let, const, class: the block's scope
	bindParam                  // a parameter, a catch or loop variable: the current scope
	bindAssign                 // an assignment: the variable in scope
)

func (a *analyzer) declare(sc *scope, name string, v *value) int32 {
	if id, ok := sc.own(name); ok {
		a.st.set(id, v)
		return id
	}
	id := a.st.newVar(v)
	sc.add(name, id)
	return id
}

func (a *analyzer) root() *scope {
	s := a.sc
	for s.parent != nil {
		s = s.parent
	}
	return s
}

func (a *analyzer) bindName(id *ast.Identifier, v *value, mode bindMode, d desc) {
	name := id.Name.String()
	if v.tainted() {
		v = stepped(v, step(id, func() string { return a.note(name, d) }))
	}
	switch mode {
	case bindVar:
		a.declare(a.sc.fnScope(), name, v)
	case bindLex, bindParam:
		a.declare(a.sc, name, v)
	case bindAssign:
		if vid, ok := a.sc.lookup(name); ok {
			a.st.set(vid, v)
		} else {
			a.declare(a.root(), name, v)
		}
	}
}

// bindTarget binds a declaration's, parameter's or assignment's target
// (a name or a pattern) to v.
func (a *analyzer) bindTarget(t ast.Expression, v *value, mode bindMode, d desc) {
	a.work++
	switch t := t.(type) {
	case *ast.Identifier:
		a.bindName(t, v, mode, d)
	case *ast.ObjectPattern:
		for _, p := range t.Properties {
			switch p := p.(type) {
			case *ast.PropertyShort:
				k := memberKey{name: p.Name.Name.String(), known: true}
				fv := a.read(v, k, p)
				if p.Initializer != nil {
					fv = join(fv, a.eval(p.Initializer))
				}
				a.bindName(&p.Name, fv, mode, d.key(k))
			case *ast.PropertyKeyed:
				var k memberKey
				if p.Computed {
					k = a.key(p.Key)
				} else if name, ok := PropertyKey(p.Key); ok {
					k = memberKey{name: name, known: true}
				}
				fv := a.read(v, k, p)
				target := p.Value
				if as, ok := target.(*ast.AssignExpression); ok && as.Operator == token.ASSIGN {
					fv = join(fv, a.eval(as.Right))
					target = as.Left
				}
				a.bindTarget(target, fv, mode, d.key(k))
			}
		}
		if t.Rest != nil {
			a.bindTarget(t.Rest, v, mode, d)
		}
	case *ast.ArrayPattern:
		for i, el := range t.Elements {
			if el == nil {
				continue
			}
			k := memberKey{name: indexName(i), known: true}
			ev := a.read(v, k, el)
			if as, ok := el.(*ast.AssignExpression); ok && as.Operator == token.ASSIGN {
				ev = join(ev, a.eval(as.Right))
				el = as.Left
			}
			a.bindTarget(el, ev, mode, d.key(k))
		}
		if t.Rest != nil {
			var rest *value
			if ts := deep(v); len(ts) > 0 {
				rest = &value{taints: inexactAll(ts)}
			}
			a.bindTarget(t.Rest, rest, mode, d)
		}
	case *ast.AssignExpression:
		if t.Operator == token.ASSIGN {
			a.bindTarget(t.Left, join(v, a.eval(t.Right)), mode, d)
		}
	case *ast.DotExpression, *ast.BracketExpression, *ast.PrivateDotExpression:
		a.assignMember(t, v, t, d)
	case *ast.Binding:
		a.bindTarget(t.Target, join(v, a.eval(t.Initializer)), mode, d)
	}
}

var indexNames = func() []string {
	out := make([]string, 64)
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}()

func indexName(i int) string {
	if i < len(indexNames) {
		return indexNames[i]
	}
	return strconv.Itoa(i)
}

// hoistVars declares the var names of a function's body.
func (a *analyzer) hoistVars(fn ast.Node, body []ast.Statement) {
	names, ok := a.vars[fn]
	if !ok {
		for _, st := range body {
			collectVars(st, &names)
		}
		a.vars[fn] = names
	}
	sc := a.sc.fnScope()
	for _, n := range names {
		if _, ok := sc.own(n); !ok {
			a.declare(sc, n, nil)
		}
	}
}

func collectVars(st ast.Statement, out *[]string) {
	switch st := st.(type) {
	case *ast.VariableStatement:
		for _, b := range st.List {
			patternNames(b.Target, out)
		}
	case *ast.BlockStatement:
		for _, s := range st.List {
			collectVars(s, out)
		}
	case *ast.IfStatement:
		collectVars(st.Consequent, out)
		collectVars(st.Alternate, out)
	case *ast.ForStatement:
		if init, ok := st.Initializer.(*ast.ForLoopInitializerVarDeclList); ok {
			for _, b := range init.List {
				patternNames(b.Target, out)
			}
		}
		collectVars(st.Body, out)
	case *ast.ForInStatement:
		if v, ok := st.Into.(*ast.ForIntoVar); ok && v.Binding != nil {
			patternNames(v.Binding.Target, out)
		}
		collectVars(st.Body, out)
	case *ast.ForOfStatement:
		if v, ok := st.Into.(*ast.ForIntoVar); ok && v.Binding != nil {
			patternNames(v.Binding.Target, out)
		}
		collectVars(st.Body, out)
	case *ast.WhileStatement:
		collectVars(st.Body, out)
	case *ast.DoWhileStatement:
		collectVars(st.Body, out)
	case *ast.TryStatement:
		if st.Body != nil {
			collectVars(st.Body, out)
		}
		if st.Catch != nil && st.Catch.Body != nil {
			collectVars(st.Catch.Body, out)
		}
		if st.Finally != nil {
			collectVars(st.Finally, out)
		}
	case *ast.SwitchStatement:
		for _, c := range st.Body {
			for _, s := range c.Consequent {
				collectVars(s, out)
			}
		}
	case *ast.LabelledStatement:
		collectVars(st.Statement, out)
	case *ast.WithStatement:
		collectVars(st.Body, out)
	}
}

func patternNames(t ast.Expression, out *[]string) {
	switch t := t.(type) {
	case *ast.Identifier:
		*out = append(*out, t.Name.String())
	case *ast.ObjectPattern:
		for _, p := range t.Properties {
			switch p := p.(type) {
			case *ast.PropertyShort:
				*out = append(*out, p.Name.Name.String())
			case *ast.PropertyKeyed:
				patternNames(p.Value, out)
			}
		}
		patternNames(t.Rest, out)
	case *ast.ArrayPattern:
		for _, e := range t.Elements {
			patternNames(e, out)
		}
		patternNames(t.Rest, out)
	case *ast.AssignExpression:
		patternNames(t.Left, out)
	case *ast.Binding:
		patternNames(t.Target, out)
	}
}

// hoistBlock declares a block's let, const, class and function names;
// functions get their value at once.
func (a *analyzer) hoistBlock(list []ast.Statement, sc *scope) {
	for _, st := range list {
		switch st := st.(type) {
		case *ast.LexicalDeclaration:
			for _, b := range st.List {
				var names []string
				patternNames(b.Target, &names)
				for _, n := range names {
					if _, ok := sc.own(n); !ok {
						a.declare(sc, n, nil)
					}
				}
			}
		case *ast.FunctionDeclaration:
			if st.Function != nil && st.Function.Name != nil {
				saved := a.sc
				a.sc = sc
				a.declare(sc, st.Function.Name.Name.String(), a.funcValue(st.Function))
				a.sc = saved
			}
		case *ast.ClassDeclaration:
			if st.Class != nil && st.Class.Name != nil {
				a.declare(sc, st.Class.Name.Name.String(), nil)
			}
		}
	}
}

func hasDecl(list []ast.Statement) bool {
	for _, st := range list {
		switch st.(type) {
		case *ast.LexicalDeclaration, *ast.FunctionDeclaration, *ast.ClassDeclaration:
			return true
		}
	}
	return false
}
