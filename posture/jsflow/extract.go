package jsflow

import (
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"
)

// ContextKind says how a string literal is used.
type ContextKind int

// The contexts of a string literal.
const (
	// ContextNone: a literal on its own (a return value, an array
	// element, an argument of an expression that is not a call).
	ContextNone ContextKind = iota
	// ContextVariable: the initial value of a variable (const x = "..."),
	// also a destructuring default.
	ContextVariable
	// ContextParameter: the default value of a function parameter.
	ContextParameter
	// ContextProperty: the value of an object-literal property or a
	// class field ({ password: "..." }).
	ContextProperty
	// ContextAssignment: the right side of an assignment (a.b = "...").
	ContextAssignment
	// ContextComparison: compared with a name (x.token === "...", a case
	// of switch (x)).
	ContextComparison
	// ContextArgument: an argument of a call.
	ContextArgument
)

var contextNames = [...]string{"none", "variable", "parameter", "property", "assignment", "comparison", "argument"}

func (k ContextKind) String() string {
	if int(k) < len(contextNames) {
		return contextNames[k]
	}
	return "unknown"
}

// Context is the name a string literal is assigned to, keyed by or
// compared with.
type Context struct {
	Kind ContextKind
	// Name is the variable, parameter or property name, or the last part
	// of the assigned or compared name ("token" for x.token). For an
	// argument it is the value of the string literal argument just before
	// it, when there is one (the key of set("X-Api-Key", "...")).
	Name string
	// Path is the whole dotted name of an assignment target or a compared
	// expression ("headers.Authorization"); for an argument, the callee's
	// dotted name. Empty when there is none.
	Path string
	// Index is the position of an argument (0-based).
	Index int
}

// StringLit is a string literal of the script: a string literal, a
// template literal without substitutions, or (Part) a literal part of a
// template literal with substitutions.
type StringLit struct {
	Value string
	// Node is the *ast.StringLiteral, *ast.TemplateLiteral or (Part)
	// *ast.TemplateElement.
	Node ast.Node
	// Pos and End span the literal (quotes included).
	Pos, End Pos
	// Context is how the literal is used. A literal reaches its context
	// through concatenation (+), || and ?? defaults and conditional
	// branches: in const url = base || "http://x" the literal's context
	// is the variable url.
	Context Context
	// Group is the outermost expression the context was found through
	// (the concatenation, default or conditional), or the literal itself:
	// the literals of one concatenation share their Group.
	Group ast.Expression
	// Part is true for the literal part of a template literal with
	// substitutions (Context is then the template's).
	Part bool
}

// Call is a call or a new expression.
type Call struct {
	// Callee is the callee's dotted name ("api.access.deny", "require");
	// empty when the callee is no plain name (a call, a function).
	Callee string
	// Method is the callee's last name, also when its chain holds a call
	// ("getByEmail" in (await client()).users.getByEmail(x)); empty when
	// the callee is no name (a function expression).
	Method string
	// Node is the *ast.CallExpression or *ast.NewExpression.
	Node ast.Expression
	Args []ast.Expression
	// New is true for new expressions.
	New bool
	// Pos and End span the whole call.
	Pos, End Pos
}

// Property is a property of an object literal (not of a destructuring
// pattern).
type Property struct {
	// Key is the property name; empty when it is computed from a non-
	// literal expression (Computed).
	Key      string
	Computed bool
	// Value is the property's value: the expression, the function of a
	// method or accessor, the identifier of a shorthand ({ event }).
	Value ast.Expression
	// Node is the *ast.PropertyKeyed or *ast.PropertyShort.
	Node ast.Node
	// Object is the object literal the property belongs to.
	Object *ast.ObjectLiteral
	// Pos is where the property (its key) starts.
	Pos Pos
}

// Require is a require('module') call.
type Require struct {
	Module string
	// Local is the variable the module is bound to (const axios =
	// require('axios'), also require('axios').default); empty when none.
	Local string
	// Members are the destructured members (const { get, post: p } =
	// require('axios')).
	Members []Member
	Node    *ast.CallExpression
	Pos     Pos
}

// Member is a destructured member: Name of the object, bound to Local.
type Member struct {
	Name  string
	Local string
}

// Assignment is an assignment expression (not a destructuring default).
type Assignment struct {
	// Target is the dotted name of the left side; empty when it is no
	// plain name (a pattern, a computed member).
	Target string
	// Operator is "=", "+=", "??=", ...
	Operator string
	Value    ast.Expression
	Node     *ast.AssignExpression
	Pos      Pos
}

// Binding is a variable declared with var, let or const, with its
// initial value.
type Binding struct {
	// Name is the declared identifier; empty for a destructuring pattern
	// (see Target).
	Name string
	// Kind is "var", "let" or "const".
	Kind   string
	Target ast.BindingTarget
	Init   ast.Expression
	Node   *ast.Binding
	Pos    Pos
}

// Function is a function or arrow function of the script.
type Function struct {
	// Name is the function's own name, or the name it is assigned to
	// ("exports.onExecutePostLogin", a variable, a property key); empty
	// for an anonymous argument.
	Name string
	// Params are the parameter names, in order; "" for a destructured
	// parameter.
	Params []string
	Async  bool
	Arrow  bool
	// Node is the *ast.FunctionLiteral or *ast.ArrowFunctionLiteral.
	Node ast.Expression
	Pos  Pos
}

// index holds what the extractors find, computed in one walk.
type index struct {
	strings   []StringLit
	calls     []Call
	props     []Property
	requires  []Require
	assigns   []Assignment
	bindings  []Binding
	functions []Function
}

// Strings returns the script's string literals, in source order.
func (s *Script) Strings() []StringLit { return s.index().strings }

// Calls returns the script's calls and new expressions, in source order
// (an outer call before the calls in its arguments).
func (s *Script) Calls() []Call { return s.index().calls }

// Properties returns the properties of the script's object literals, in
// source order.
func (s *Script) Properties() []Property { return s.index().props }

// Requires returns the script's require('module') calls, in source
// order.
func (s *Script) Requires() []Require { return s.index().requires }

// Assignments returns the script's assignments, in source order.
func (s *Script) Assignments() []Assignment { return s.index().assigns }

// Bindings returns the script's var, let and const declarations, in
// source order.
func (s *Script) Bindings() []Binding { return s.index().bindings }

// Functions returns the script's functions, in source order (outer
// functions first).
func (s *Script) Functions() []Function { return s.index().functions }

// PropertiesOf returns the properties of an object literal expression
// (nil for anything else), with positions in s.
func (s *Script) PropertiesOf(e ast.Expression) []Property {
	obj, ok := Unwrap(e).(*ast.ObjectLiteral)
	if !ok {
		return nil
	}
	out := make([]Property, 0, len(obj.Value))
	for _, p := range obj.Value {
		if prop, ok := s.property(obj, p); ok {
			out = append(out, prop)
		}
	}
	return out
}

func (s *Script) property(obj *ast.ObjectLiteral, p ast.Property) (Property, bool) {
	switch p := p.(type) {
	case *ast.PropertyKeyed:
		prop := Property{Value: p.Value, Node: p, Object: obj, Pos: s.Pos(p)}
		if p.Computed {
			if k, ok := literalKey(p.Key); ok {
				prop.Key = k
			} else {
				prop.Computed = true
			}
		} else {
			prop.Key, _ = PropertyKey(p.Key)
		}
		return prop, true
	case *ast.PropertyShort:
		return Property{Key: p.Name.Name.String(), Value: &p.Name, Node: p, Object: obj, Pos: s.Pos(p)}, true
	}
	return Property{}, false
}

// literalKey is the value of a computed key that is a literal.
func literalKey(e ast.Expression) (string, bool) {
	if n, ok := e.(*ast.NumberLiteral); ok {
		return n.Literal, true
	}
	return StringValue(e)
}

func (s *Script) index() *index {
	s.once.Do(func() { s.ix = buildIndex(s) })
	return s.ix
}

func buildIndex(s *Script) *index {
	ix := &index{}
	WalkStack(s.Program, func(n ast.Node, stack []ast.Node) bool {
		var parent ast.Node
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		switch n := n.(type) {
		case *ast.StringLiteral:
			if !isKeyPosition(n, parent) {
				ix.strings = append(ix.strings, s.stringLit(n, n.Value.String(), stack, false))
			}
		case *ast.TemplateLiteral:
			if v, ok := StringValue(n); ok {
				ix.strings = append(ix.strings, s.stringLit(n, v, stack, false))
				return false
			}
			if n.Tag == nil {
				for _, el := range n.Elements {
					if el.Parsed.String() == "" {
						continue
					}
					lit := s.stringLit(n, el.Parsed.String(), stack, true)
					lit.Node = el
					lit.Pos, lit.End = s.Span(el)
					ix.strings = append(ix.strings, lit)
				}
			}
		case *ast.CallExpression:
			c := Call{Node: n, Args: n.ArgumentList, Method: methodName(n.Callee)}
			c.Callee, _ = DottedName(n.Callee)
			c.Pos, c.End = s.Span(n)
			ix.calls = append(ix.calls, c)
			if c.Callee == "require" && len(n.ArgumentList) > 0 {
				if m, ok := StringValue(n.ArgumentList[0]); ok {
					ix.requires = append(ix.requires, requireOf(s, n, m, stack))
				}
			}
		case *ast.NewExpression:
			c := Call{Node: n, Args: n.ArgumentList, New: true, Method: methodName(n.Callee)}
			c.Callee, _ = DottedName(n.Callee)
			c.Pos, c.End = s.Span(n)
			ix.calls = append(ix.calls, c)
		case *ast.ObjectLiteral:
			for _, p := range n.Value {
				if prop, ok := s.property(n, p); ok {
					ix.props = append(ix.props, prop)
				}
			}
		case *ast.AssignExpression:
			if !inPattern(stack) {
				a := Assignment{Operator: assignOperator(n.Operator), Value: n.Right, Node: n, Pos: s.Pos(n)}
				a.Target, _ = DottedName(n.Left)
				ix.assigns = append(ix.assigns, a)
			}
		case *ast.Binding:
			if kind := declKind(parent); kind != "" {
				b := Binding{Kind: kind, Target: n.Target, Init: n.Initializer, Node: n, Pos: s.Pos(n)}
				if id, ok := n.Target.(*ast.Identifier); ok {
					b.Name = id.Name.String()
				}
				ix.bindings = append(ix.bindings, b)
			}
		case *ast.FunctionLiteral:
			f := Function{Params: paramNames(n.ParameterList), Async: n.Async, Node: n, Pos: s.Pos(n)}
			if n.Name != nil {
				f.Name = n.Name.Name.String()
			} else {
				f.Name = assignedName(n, stack)
			}
			ix.functions = append(ix.functions, f)
		case *ast.ArrowFunctionLiteral:
			ix.functions = append(ix.functions, Function{Name: assignedName(n, stack), Params: paramNames(n.ParameterList),
				Async: n.Async, Arrow: true, Node: n, Pos: s.Pos(n)})
		}
		return true
	})
	return ix
}

// methodName is the last name of a callee.
func methodName(callee ast.Expression) string {
	switch x := Unwrap(callee).(type) {
	case *ast.Identifier:
		return x.Name.String()
	case *ast.DotExpression:
		return x.Identifier.Name.String()
	case *ast.PrivateDotExpression:
		return "#" + x.Identifier.Name.String()
	case *ast.BracketExpression:
		if k, ok := literalKey(Unwrap(x.Member)); ok {
			return k
		}
	}
	return ""
}

// assignOperator writes an assignment's operator: the parser keeps "="
// as ASSIGN and a compound assignment as its binary operator (+ for +=).
func assignOperator(op token.Token) string {
	if op == token.ASSIGN {
		return "="
	}
	return op.String() + "="
}

// isKeyPosition reports whether a string literal is a name rather than a
// value: a property key, a computed member name, a class member key.
func isKeyPosition(n ast.Expression, parent ast.Node) bool {
	switch p := parent.(type) {
	case *ast.PropertyKeyed:
		return p.Key == n
	case *ast.BracketExpression:
		return p.Member == n
	case *ast.MethodDefinition:
		return p.Key == n
	case *ast.FieldDefinition:
		return p.Key == n
	}
	return false
}

// stringLit resolves the context of literal n (its ancestors in stack).
func (s *Script) stringLit(n ast.Expression, value string, stack []ast.Node, part bool) StringLit {
	lit := StringLit{Value: value, Node: n, Part: part}
	lit.Pos, lit.End = s.Span(n)
	cur := n
	i := len(stack) - 1
	// Climb through concatenations, defaults and conditional branches.
	for ; i >= 0; i-- {
		climbed := false
		switch p := stack[i].(type) {
		case *ast.BinaryExpression:
			switch p.Operator {
			case token.PLUS, token.LOGICAL_OR, token.COALESCE:
				climbed = true
			}
		case *ast.ConditionalExpression:
			climbed = p.Test != cur
		case *ast.OptionalChain, *ast.Optional:
			climbed = true
		}
		if !climbed {
			break
		}
		cur = stack[i].(ast.Expression)
	}
	lit.Group = cur
	if i < 0 {
		return lit
	}
	lit.Context = contextOf(cur, stack[:i+1])
	return lit
}

// contextOf finds the context of expression e whose ancestors are stack
// (parent last).
func contextOf(e ast.Expression, stack []ast.Node) Context {
	parent := stack[len(stack)-1]
	var grand ast.Node
	if len(stack) > 1 {
		grand = stack[len(stack)-2]
	}
	switch p := parent.(type) {
	case *ast.Binding:
		if p.Initializer != e {
			break
		}
		id, ok := p.Target.(*ast.Identifier)
		if !ok {
			break
		}
		kind := ContextVariable
		if _, isParam := grand.(*ast.ParameterList); isParam {
			kind = ContextParameter
		}
		return Context{Kind: kind, Name: id.Name.String(), Path: id.Name.String()}
	case *ast.AssignExpression:
		if p.Right != e {
			break
		}
		if name, ok := DottedName(p.Left); ok {
			kind := ContextAssignment
			if inPattern(stack[:len(stack)-1]) {
				kind = ContextVariable // a destructuring default: { b: c = "..." }
			}
			return Context{Kind: kind, Name: LastName(name), Path: name}
		}
	case *ast.PropertyKeyed:
		if p.Value != e {
			break
		}
		var key string
		var ok bool
		if p.Computed {
			key, ok = literalKey(p.Key)
		} else {
			key, ok = PropertyKey(p.Key)
		}
		if ok {
			return Context{Kind: ContextProperty, Name: key, Path: key}
		}
	case *ast.PropertyShort:
		if p.Initializer == e {
			name := p.Name.Name.String()
			return Context{Kind: ContextVariable, Name: name, Path: name}
		}
	case *ast.FieldDefinition:
		if p.Initializer == e && !p.Computed {
			if key, ok := PropertyKey(p.Key); ok {
				return Context{Kind: ContextProperty, Name: key, Path: key}
			}
		}
	case *ast.BinaryExpression:
		switch p.Operator {
		case token.EQUAL, token.STRICT_EQUAL, token.NOT_EQUAL, token.STRICT_NOT_EQUAL:
			other := p.Left
			if other == e {
				other = p.Right
			}
			if name, ok := DottedName(other); ok {
				return Context{Kind: ContextComparison, Name: LastName(name), Path: name}
			}
		}
	case *ast.CaseStatement:
		if sw, ok := grand.(*ast.SwitchStatement); ok && p.Test == e {
			if name, ok := DottedName(sw.Discriminant); ok {
				return Context{Kind: ContextComparison, Name: LastName(name), Path: name}
			}
		}
	case *ast.CallExpression:
		return argumentContext(p.Callee, p.ArgumentList, e)
	case *ast.NewExpression:
		return argumentContext(p.Callee, p.ArgumentList, e)
	}
	return Context{}
}

func argumentContext(callee ast.Expression, args []ast.Expression, e ast.Expression) Context {
	for i, a := range args {
		if a != e {
			continue
		}
		c := Context{Kind: ContextArgument, Index: i}
		c.Path, _ = DottedName(callee)
		if i > 0 {
			c.Name, _ = StringValue(args[i-1])
		}
		return c
	}
	return Context{}
}

// inPattern reports whether the innermost ancestors make an assignment a
// destructuring default: its parent is an array pattern, or a property of
// an object pattern.
func inPattern(stack []ast.Node) bool {
	if len(stack) == 0 {
		return false
	}
	switch stack[len(stack)-1].(type) {
	case *ast.ArrayPattern, *ast.ObjectPattern:
		return true
	case *ast.PropertyKeyed, *ast.PropertyShort:
		if len(stack) > 1 {
			_, ok := stack[len(stack)-2].(*ast.ObjectPattern)
			return ok
		}
	}
	return false
}

// declKind is "var", "let" or "const" for a binding whose parent
// declares variables, "" otherwise (parameters, for-in targets).
func declKind(parent ast.Node) string {
	switch p := parent.(type) {
	case *ast.VariableStatement, *ast.VariableDeclaration, *ast.ForLoopInitializerVarDeclList:
		return "var"
	case *ast.LexicalDeclaration:
		if p.Token == token.CONST {
			return "const"
		}
		return "let"
	}
	return ""
}

func paramNames(pl *ast.ParameterList) []string {
	if pl == nil {
		return nil
	}
	out := make([]string, 0, len(pl.List))
	for _, b := range pl.List {
		name := ""
		if id, ok := b.Target.(*ast.Identifier); ok {
			name = id.Name.String()
		}
		out = append(out, name)
	}
	return out
}

// assignedName is the name an anonymous function is bound to: the
// variable, the assignment target or the property key.
func assignedName(fn ast.Expression, stack []ast.Node) string {
	if len(stack) == 0 {
		return ""
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.Binding:
		if id, ok := p.Target.(*ast.Identifier); ok && p.Initializer == fn {
			return id.Name.String()
		}
	case *ast.AssignExpression:
		if p.Right == fn {
			name, _ := DottedName(p.Left)
			return name
		}
	case *ast.PropertyKeyed:
		if p.Value == fn && !p.Computed {
			name, _ := PropertyKey(p.Key)
			return name
		}
	case *ast.MethodDefinition:
		if !p.Computed {
			name, _ := PropertyKey(p.Key)
			return name
		}
	}
	return ""
}

// requireOf describes require call n of module m from its ancestors.
func requireOf(s *Script, n *ast.CallExpression, m string, stack []ast.Node) Require {
	r := Require{Module: m, Node: n, Pos: s.Pos(n)}
	var cur ast.Node = n
	i := len(stack) - 1
	// require('m').default, await import-like wrappers
	for ; i >= 0; i-- {
		if d, ok := stack[i].(*ast.DotExpression); ok && d.Left == cur {
			cur = d
			continue
		}
		break
	}
	if i < 0 {
		return r
	}
	var target ast.Expression
	switch p := stack[i].(type) {
	case *ast.Binding:
		if p.Initializer == cur {
			target = p.Target
		}
	case *ast.AssignExpression:
		if p.Right == cur {
			target = p.Left
		}
	}
	switch t := target.(type) {
	case *ast.Identifier:
		r.Local = t.Name.String()
	case *ast.ObjectPattern:
		for _, p := range t.Properties {
			switch p := p.(type) {
			case *ast.PropertyShort:
				name := p.Name.Name.String()
				r.Members = append(r.Members, Member{Name: name, Local: name})
			case *ast.PropertyKeyed:
				key, ok := PropertyKey(p.Key)
				if !ok || p.Computed {
					continue
				}
				v := p.Value
				if a, ok := v.(*ast.AssignExpression); ok {
					v = a.Left
				}
				if id, ok := v.(*ast.Identifier); ok {
					r.Members = append(r.Members, Member{Name: key, Local: id.Name.String()})
				}
			}
		}
	}
	return r
}
