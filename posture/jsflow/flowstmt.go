package jsflow

import (
	"github.com/dop251/goja/ast"
)

// Statements of the data-flow analysis.

func (a *analyzer) stmts(list []ast.Statement) exits {
	var ex exits
	for _, st := range list {
		ex |= a.stmt(st)
	}
	return ex
}

// block runs a statement list in a scope of its own when it declares
// names.
func (a *analyzer) block(list []ast.Statement) exits {
	if !hasDecl(list) {
		return a.stmts(list)
	}
	saved := a.sc
	a.sc = &scope{parent: saved}
	a.hoistBlock(list, a.sc)
	ex := a.stmts(list)
	a.sc = saved
	return ex
}

func (a *analyzer) stmt(st ast.Statement) exits {
	a.work++
	switch n := st.(type) {
	case nil:
		return 0
	case *ast.ExpressionStatement:
		a.eval(n.Expression)
	case *ast.VariableStatement:
		a.decls(n.List, bindVar)
	case *ast.LexicalDeclaration:
		a.decls(n.List, bindLex)
	case *ast.BlockStatement:
		return a.block(n.List)
	case *ast.IfStatement:
		return a.ifStmt(n)
	case *ast.ReturnStatement:
		var v *value
		if n.Argument != nil {
			v = a.eval(n.Argument)
		}
		a.ret(v, n)
		return mayReturn | mustExit
	case *ast.ThrowStatement:
		a.eval(n.Argument)
		return mayReturn | mustExit
	case *ast.BranchStatement:
		return mayBreak | mustExit
	case *ast.ForStatement:
		return a.forStmt(n)
	case *ast.ForInStatement:
		return a.forInOf(n.Into, n.Source, n.Body, "for (... in %)", false)
	case *ast.ForOfStatement:
		return a.forInOf(n.Into, n.Source, n.Body, "for (... of %)", true)
	case *ast.WhileStatement:
		tv := a.eval(n.Test)
		return a.loop(a.guardOf(tv, n.Test, "while (%)"), tv, n.Test, "while (%)", func() exits {
			ex := a.stmt(n.Body)
			a.eval(n.Test)
			return ex
		})
	case *ast.DoWhileStatement:
		var tv *value
		ex := a.loop(nil, nil, nil, "", func() exits {
			ex := a.stmt(n.Body)
			tv = a.eval(n.Test)
			return ex
		})
		if ex&mayReturn != 0 {
			a.exitGuard(true, tv, n.Test, "while (%) returns early")
		}
		return ex
	case *ast.SwitchStatement:
		return a.switchStmt(n)
	case *ast.TryStatement:
		return a.tryStmt(n)
	case *ast.LabelledStatement:
		return a.stmt(n.Statement) &^ mustExit
	case *ast.WithStatement:
		a.eval(n.Object)
		return a.stmt(n.Body)
	case *ast.FunctionDeclaration:
		// hoisted by hoistBlock
	case *ast.ClassDeclaration:
		v := a.classLit(n.Class)
		if n.Class != nil && n.Class.Name != nil {
			a.bindName(n.Class.Name, v, bindLex, desc{})
		}
	}
	return 0
}

func (a *analyzer) decls(list []*ast.Binding, mode bindMode) {
	for _, b := range list {
		if b == nil {
			continue
		}
		if b.Initializer == nil {
			if mode == bindVar {
				continue // var x; keeps x
			}
			a.bindTarget(b.Target, nil, mode, desc{})
			continue
		}
		v := a.eval(b.Initializer)
		a.bindTarget(b.Target, v, mode, desc{node: b.Initializer})
	}
}

func (a *analyzer) ifStmt(n *ast.IfStatement) exits {
	tv := a.eval(n.Test)
	save := a.pushGuards(a.guardOf(tv, n.Test, "if (%)"))
	xs := a.saveExits()
	m := a.st.mark()
	ea := a.stmt(n.Consequent)
	ca := a.st.changes(m)
	a.st.undo(m)
	r1, b1, hr1, hb1 := a.takeExits(xs)
	var eb exits
	var cb []change
	if n.Alternate != nil {
		eb = a.stmt(n.Alternate)
		cb = a.st.changes(m)
		a.st.undo(m)
	}
	a.putExits(r1, b1, hr1, hb1)
	a.popGuards(save)
	a.st.merge(ca, ea&mustExit != 0, cb, eb&mustExit != 0)
	ex := (ea | eb) &^ mustExit
	if ea&mustExit != 0 && eb&mustExit != 0 {
		ex |= mustExit
	}
	if ex&mayReturn != 0 {
		a.exitGuard(true, tv, n.Test, "if (%) returns early")
	}
	if ex&mayBreak != 0 && a.fr.loopDepth > 0 {
		a.exitGuard(false, tv, n.Test, "if (%) leaves the iteration")
	}
	return ex
}

// loop analyses a loop body (run by pass), which may run never, once or
// more: twice, joined with the state before, up to a nesting depth. gts
// are the guards of its test or collection.
func (a *analyzer) loop(gts []*taint, tv *value, test ast.Node, format string, pass func() exits) exits {
	save := a.pushGuards(gts)
	fr := a.fr
	brk, brkCond, hasBrk := len(fr.brkExit), fr.brkCond, fr.hasBrkCond
	fr.hasBrkCond = false
	fr.loopDepth++
	var ex exits
	run := func() {
		m := a.st.mark()
		ex |= pass()
		ch := a.st.changes(m)
		a.st.undo(m)
		a.st.joinIn(ch)
		fr.brkExit, fr.brkCond, fr.hasBrkCond = fr.brkExit[:brk], brkCond, false
	}
	run()
	if fr.loopDepth <= maxLoopPass2 && !a.over() {
		run()
	}
	fr.loopDepth--
	fr.hasBrkCond = hasBrk
	a.popGuards(save)
	if ex&mayReturn != 0 && test != nil {
		a.exitGuard(true, tv, test, format+" returns early")
	}
	return ex & mayReturn
}

func (a *analyzer) forStmt(n *ast.ForStatement) exits {
	saved := a.sc
	defer func() { a.sc = saved }()
	switch init := n.Initializer.(type) {
	case *ast.ForLoopInitializerExpression:
		a.eval(init.Expression)
	case *ast.ForLoopInitializerVarDeclList:
		a.decls(init.List, bindVar)
	case *ast.ForLoopInitializerLexicalDecl:
		a.sc = &scope{parent: saved}
		a.decls(init.LexicalDeclaration.List, bindLex)
	}
	var tv *value
	if n.Test != nil {
		tv = a.eval(n.Test)
	}
	return a.loop(a.guardOf(tv, n.Test, "for (; %; )"), tv, n.Test, "for (; %; )", func() exits {
		ex := a.stmt(n.Body)
		if n.Update != nil {
			a.eval(n.Update)
		}
		if n.Test != nil {
			a.eval(n.Test)
		}
		return ex
	})
}

func (a *analyzer) forInOf(into ast.ForInto, src ast.Expression, body ast.Statement, format string, of bool) exits {
	sv := a.eval(src)
	var elem *value
	if ts := deep(sv); len(ts) > 0 {
		elem = &value{taints: inexactAll(ts)}
	}
	what := "an element of "
	if !of {
		what = "a key of "
	}
	d := desc{pre: what, node: src}
	saved := a.sc
	defer func() { a.sc = saved }()
	if _, ok := into.(*ast.ForDeclaration); ok {
		a.sc = &scope{parent: saved}
	}
	return a.loop(a.guardOf(sv, src, format), sv, src, format, func() exits {
		switch t := into.(type) {
		case *ast.ForIntoVar:
			if t.Binding != nil {
				a.bindTarget(t.Binding.Target, elem, bindVar, d)
			}
		case *ast.ForDeclaration:
			a.bindTarget(t.Target, elem, bindLex, d)
		case *ast.ForIntoExpression:
			a.bindTarget(t.Expression, elem, bindAssign, d)
		}
		return a.stmt(body)
	})
}

func (a *analyzer) switchStmt(n *ast.SwitchStatement) exits {
	dv := a.eval(n.Discriminant)
	save := a.pushGuards(a.guardOf(dv, n.Discriminant, "switch (%)"))
	saved := a.sc
	var all []ast.Statement
	for _, c := range n.Body {
		if c != nil {
			all = append(all, c.Consequent...)
		}
	}
	if hasDecl(all) {
		a.sc = &scope{parent: saved}
		a.hoistBlock(all, a.sc)
	}
	fr := a.fr
	brk, brkCond, hasBrk := len(fr.brkExit), fr.brkCond, fr.hasBrkCond
	fr.hasBrkCond = false
	fr.loopDepth++
	var ex exits
	var tests []*taint
	var caseExits []exitTaken
	for _, c := range n.Body {
		if c == nil {
			continue
		}
		if c.Test != nil {
			tv := a.eval(c.Test)
			ts := a.guardOf(tv, c.Test, "case %:")
			tests = append(tests, ts...)
			a.guards = append(a.guards, ts...)
		}
		m := a.st.mark()
		xs := a.saveExits()
		ex |= a.stmts(c.Consequent)
		ch := a.st.changes(m)
		a.st.undo(m)
		a.st.joinIn(ch)
		r, b, hr, hb := a.takeExits(xs)
		caseExits = append(caseExits, exitTaken{r, b, hr, hb})
	}
	for _, x := range caseExits {
		a.putExits(x.ret, x.brk, x.hasRet, x.hasBrk)
	}
	fr.loopDepth--
	fr.brkExit, fr.brkCond, fr.hasBrkCond = fr.brkExit[:brk], brkCond, hasBrk
	a.sc = saved
	a.popGuards(save)
	if ex&mayReturn != 0 {
		a.exitGuard(true, dv, n.Discriminant, "switch (%) returns early")
		for _, t := range tests {
			a.fr.retExit = addTaint(a.fr.retExit, t)
		}
	}
	return ex & mayReturn
}

type exitTaken struct {
	ret, brk       []*taint
	hasRet, hasBrk bool
}

func (a *analyzer) tryStmt(n *ast.TryStatement) exits {
	var ex exits
	if n.Body != nil {
		ex = a.block(n.Body.List) &^ mustExit
	}
	if n.Catch != nil {
		a.cond++
		m := a.st.mark()
		saved := a.sc
		a.sc = &scope{parent: saved}
		if n.Catch.Parameter != nil {
			a.bindTarget(n.Catch.Parameter, nil, bindParam, desc{})
		}
		if n.Catch.Body != nil {
			a.hoistBlock(n.Catch.Body.List, a.sc)
			ex |= a.stmts(n.Catch.Body.List) &^ mustExit
		}
		a.sc = saved
		ch := a.st.changes(m)
		a.st.undo(m)
		a.st.joinIn(ch)
		a.cond--
	}
	if n.Finally != nil {
		ex |= a.block(n.Finally.List)
	}
	return ex
}

// classLit registers a class's methods as functions and evaluates its
// field initialisers.
func (a *analyzer) classLit(c *ast.ClassLiteral) *value {
	if c == nil {
		return nil
	}
	a.eval(c.SuperClass)
	for _, el := range c.Body {
		switch el := el.(type) {
		case *ast.MethodDefinition:
			if el.Body != nil {
				a.funcValue(el.Body)
			}
		case *ast.FieldDefinition:
			a.eval(el.Initializer)
		case *ast.ClassStaticBlock:
			if el.Block != nil {
				a.block(el.Block.List)
			}
		}
	}
	return nil
}
