package jsflow

import (
	"reflect"

	"github.com/dop251/goja/ast"
)

// Walk visits the tree rooted at root depth-first in source order: it
// calls f for a node and, when f returns true, for each of its children.
// The identifier that names a member (the b of a.b) is visited as a child
// of its *ast.DotExpression; the parser keeps non-computed property keys
// ({ b: 1 }) as string literals.
func Walk(root ast.Node, f func(n ast.Node) bool) {
	if isNil(root) || !f(root) {
		return
	}
	eachChild(root, func(c ast.Node) { Walk(c, f) })
}

// WalkStack is Walk with the ancestors of each node: stack holds them
// from root (first) to the node's parent (last). The stack is reused
// between calls; copy it to keep it.
func WalkStack(root ast.Node, f func(n ast.Node, stack []ast.Node) bool) {
	var stack []ast.Node
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		if !f(n, stack) {
			return
		}
		stack = append(stack, n)
		eachChild(n, walk)
		stack = stack[:len(stack)-1]
	}
	if !isNil(root) {
		walk(root)
	}
}

// Children returns the direct children of n, in source order.
func Children(n ast.Node) []ast.Node {
	var out []ast.Node
	eachChild(n, func(c ast.Node) { out = append(out, c) })
	return out
}

// isNil reports whether n is nil or a nil pointer (an absent optional
// child).
func isNil(n ast.Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// eachChild calls f for each non-nil child of n, in source order.
func eachChild(n ast.Node, f func(ast.Node)) {
	c := func(x ast.Node) {
		if !isNil(x) {
			f(x)
		}
	}
	exprs := func(xs []ast.Expression) {
		for _, x := range xs {
			c(x)
		}
	}
	stmts := func(xs []ast.Statement) {
		for _, x := range xs {
			c(x)
		}
	}
	bindings := func(xs []*ast.Binding) {
		for _, x := range xs {
			c(x)
		}
	}
	switch n := n.(type) {
	// ---- program and statements
	case *ast.Program:
		stmts(n.Body)
	case *ast.BlockStatement:
		stmts(n.List)
	case *ast.ExpressionStatement:
		c(n.Expression)
	case *ast.VariableStatement:
		bindings(n.List)
	case *ast.LexicalDeclaration:
		bindings(n.List)
	case *ast.VariableDeclaration:
		bindings(n.List)
	case *ast.Binding:
		c(n.Target)
		c(n.Initializer)
	case *ast.FunctionDeclaration:
		c(n.Function)
	case *ast.ClassDeclaration:
		c(n.Class)
	case *ast.IfStatement:
		c(n.Test)
		c(n.Consequent)
		c(n.Alternate)
	case *ast.ForStatement:
		c(n.Initializer)
		c(n.Test)
		c(n.Update)
		c(n.Body)
	case *ast.ForInStatement:
		c(n.Into)
		c(n.Source)
		c(n.Body)
	case *ast.ForOfStatement:
		c(n.Into)
		c(n.Source)
		c(n.Body)
	case *ast.ForLoopInitializerExpression:
		c(n.Expression)
	case *ast.ForLoopInitializerVarDeclList:
		bindings(n.List)
	case *ast.ForLoopInitializerLexicalDecl:
		c(&n.LexicalDeclaration)
	case *ast.ForIntoVar:
		c(n.Binding)
	case *ast.ForDeclaration:
		c(n.Target)
	case *ast.ForIntoExpression:
		c(n.Expression)
	case *ast.WhileStatement:
		c(n.Test)
		c(n.Body)
	case *ast.DoWhileStatement:
		c(n.Body)
		c(n.Test)
	case *ast.ReturnStatement:
		c(n.Argument)
	case *ast.ThrowStatement:
		c(n.Argument)
	case *ast.TryStatement:
		c(n.Body)
		c(n.Catch)
		c(n.Finally)
	case *ast.CatchStatement:
		c(n.Parameter)
		c(n.Body)
	case *ast.SwitchStatement:
		c(n.Discriminant)
		for _, x := range n.Body {
			c(x)
		}
	case *ast.CaseStatement:
		c(n.Test)
		stmts(n.Consequent)
	case *ast.LabelledStatement:
		c(n.Label)
		c(n.Statement)
	case *ast.BranchStatement:
		c(n.Label)
	case *ast.WithStatement:
		c(n.Object)
		c(n.Body)
	case *ast.EmptyStatement, *ast.DebuggerStatement, *ast.BadStatement:

	// ---- functions and classes
	case *ast.FunctionLiteral:
		c(n.Name)
		c(n.ParameterList)
		c(n.Body)
	case *ast.ArrowFunctionLiteral:
		c(n.ParameterList)
		c(n.Body)
	case *ast.ExpressionBody:
		c(n.Expression)
	case *ast.ParameterList:
		bindings(n.List)
		c(n.Rest)
	case *ast.ClassLiteral:
		c(n.Name)
		c(n.SuperClass)
		for _, x := range n.Body {
			c(x)
		}
	case *ast.MethodDefinition:
		c(n.Key)
		c(n.Body)
	case *ast.FieldDefinition:
		c(n.Key)
		c(n.Initializer)
	case *ast.ClassStaticBlock:
		c(n.Block)

	// ---- expressions
	case *ast.AssignExpression:
		c(n.Left)
		c(n.Right)
	case *ast.BinaryExpression:
		c(n.Left)
		c(n.Right)
	case *ast.UnaryExpression:
		c(n.Operand)
	case *ast.ConditionalExpression:
		c(n.Test)
		c(n.Consequent)
		c(n.Alternate)
	case *ast.SequenceExpression:
		exprs(n.Sequence)
	case *ast.CallExpression:
		c(n.Callee)
		exprs(n.ArgumentList)
	case *ast.NewExpression:
		c(n.Callee)
		exprs(n.ArgumentList)
	case *ast.DotExpression:
		c(n.Left)
		c(&n.Identifier)
	case *ast.PrivateDotExpression:
		c(n.Left)
		c(&n.Identifier)
	case *ast.BracketExpression:
		c(n.Left)
		c(n.Member)
	case *ast.OptionalChain:
		c(n.Expression)
	case *ast.Optional:
		c(n.Expression)
	case *ast.AwaitExpression:
		c(n.Argument)
	case *ast.YieldExpression:
		c(n.Argument)
	case *ast.SpreadElement:
		c(n.Expression)
	case *ast.ArrayLiteral:
		exprs(n.Value)
	case *ast.ObjectLiteral:
		for _, p := range n.Value {
			c(p)
		}
	case *ast.PropertyKeyed:
		c(n.Key)
		c(n.Value)
	case *ast.PropertyShort:
		c(&n.Name)
		c(n.Initializer)
	case *ast.ArrayPattern:
		exprs(n.Elements)
		c(n.Rest)
	case *ast.ObjectPattern:
		for _, p := range n.Properties {
			c(p)
		}
		c(n.Rest)
	case *ast.TemplateLiteral:
		c(n.Tag)
		for i, e := range n.Elements {
			c(e)
			if i < len(n.Expressions) {
				c(n.Expressions[i])
			}
		}
	case *ast.MetaProperty:
		c(n.Meta)
		c(n.Property)
	case *ast.Identifier, *ast.PrivateIdentifier, *ast.StringLiteral, *ast.NumberLiteral, *ast.BooleanLiteral, *ast.NullLiteral,
		*ast.RegExpLiteral, *ast.TemplateElement, *ast.ThisExpression, *ast.SuperExpression, *ast.BadExpression:
	}
}
