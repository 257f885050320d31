package jsflow

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"testing"

	"github.com/dop251/goja/ast"
)

// kitchenSink uses every construct real scripts use; each mN identifier
// sits in a different place, and the walk must reach all of them.
const kitchenSink = `"use strict";
const { m1, m2: alias = m3, ...m4 } = require("x");
let [m5, , m6 = m7, ...m8] = m9;
var m10 = async (m11, { m12 }, [m13], ...m14) => m15?.m16?.[m17]?.(m18);
function* m19(m20 = m21) { yield m22; yield* m23; }
class m24 extends m25 {
  #m26 = m27;
  static m28 = m29;
  static { m30(); }
  get m31() { return this.#m26 + super.m32; }
  [m33](m34) { return new.target ?? m35; }
}
label: for (const m36 of m37) { for (let m38 in m39) { if (m40) continue label; else break; } }
for (var m41 = 0; m41 < m42; m41++) { while (m43) { do { m44--; } while (m45); } }
try { throw new m46(m47, ...m48); } catch ({ m49 }) { m50 = typeof m51; } finally { m52 = void 0; }
switch (m53) { case m54: m55 += 1; break; default: m56 ||= m57; }
const m58 = tag` + "`a${m59}b${m60}c`" + `, m61 = ` + "`plain`" + `;
exports.m62 = async function (event, api) {
  const o = { m63, [m64]: m65, m66() {}, ...m67, get m68() { return 1; }, "k": [m69, , m70] };
  await m71(o, (m72 = m73) => { m74; }, m75 ? m76 : m77, (m78, m79));
  if ((!m80 && m81 || m82) ?? m83) { delete m84.m85; }
  return /re/g.test(m86) ? null : true;
};
with (m87) { m88; }
debugger;
;
`

func TestWalkReachesEveryNode(t *testing.T) {
	t.Parallel()
	s, err := Parse("sink", kitchenSink)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	types := map[string]bool{}
	Walk(s.Program, func(n ast.Node) bool {
		types[reflect.TypeOf(n).Elem().Name()] = true
		if id, ok := n.(*ast.Identifier); ok {
			seen[id.Name.String()] = true
		}
		if id, ok := n.(*ast.PrivateIdentifier); ok {
			seen[id.Name.String()] = true
		}
		// The parser keeps non-computed property keys as string
		// literals.
		if lit, ok := n.(*ast.StringLiteral); ok {
			seen[lit.Value.String()] = true
		}
		return true
	})
	for _, m := range regexp.MustCompile(`\bm[0-9]+\b`).FindAllString(kitchenSink, -1) {
		if !seen[m] {
			t.Errorf("identifier %s not visited", m)
		}
	}
	for _, typ := range []string{
		"Program", "LexicalDeclaration", "VariableStatement", "Binding", "ObjectPattern", "ArrayPattern", "PropertyShort",
		"PropertyKeyed", "ArrowFunctionLiteral", "ParameterList", "OptionalChain", "Optional", "BracketExpression",
		"DotExpression", "CallExpression", "FunctionLiteral", "FunctionDeclaration", "YieldExpression", "ClassDeclaration",
		"ClassLiteral", "FieldDefinition", "MethodDefinition", "ClassStaticBlock", "PrivateDotExpression",
		"SuperExpression", "MetaProperty", "LabelledStatement", "ForOfStatement", "ForInStatement", "ForDeclaration",
		"IfStatement", "BranchStatement", "ForStatement", "WhileStatement", "DoWhileStatement", "UnaryExpression",
		"TryStatement", "ThrowStatement", "NewExpression", "SpreadElement", "CatchStatement", "SwitchStatement",
		"CaseStatement", "AssignExpression", "TemplateLiteral", "TemplateElement", "ObjectLiteral", "ArrayLiteral",
		"AwaitExpression", "ConditionalExpression", "SequenceExpression", "BinaryExpression", "ReturnStatement",
		"RegExpLiteral", "NullLiteral", "BooleanLiteral", "NumberLiteral", "StringLiteral", "WithStatement",
		"DebuggerStatement", "EmptyStatement", "ThisExpression", "ExpressionStatement", "BlockStatement",
	} {
		if !types[typ] {
			t.Errorf("no %s visited", typ)
		}
	}
}

func TestWalkOrderAndStack(t *testing.T) {
	t.Parallel()
	s, err := Parse("o", "a(b, c); d = e;")
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	var depthOfE int
	WalkStack(s.Program, func(n ast.Node, stack []ast.Node) bool {
		if id, ok := n.(*ast.Identifier); ok {
			order = append(order, id.Name.String())
			if id.Name == "e" {
				depthOfE = len(stack)
				if _, ok := stack[len(stack)-1].(*ast.AssignExpression); !ok {
					t.Errorf("parent of e is %T", stack[len(stack)-1])
				}
			}
		}
		return true
	})
	if fmt.Sprint(order) != "[a b c d e]" {
		t.Errorf("order %v", order)
	}
	if depthOfE != 3 { // Program, ExpressionStatement, AssignExpression
		t.Errorf("e at depth %d", depthOfE)
	}
	// Returning false prunes.
	n := 0
	Walk(s.Program, func(x ast.Node) bool {
		n++
		_, isCall := x.(*ast.CallExpression)
		return !isCall
	})
	if n != 7 { // Program, 2 statements, call (pruned), assign, d, e
		t.Errorf("%d nodes visited with pruning", n)
	}
	if got := len(Children(s.Program)); got != 2 {
		t.Errorf("%d children of the program", got)
	}
	Walk(nil, func(ast.Node) bool { t.Error("visited nil"); return true })
}

// TestSpansWithinSource checks that every node of the kitchen sink has a
// span inside the source.
func TestSpansWithinSource(t *testing.T) {
	t.Parallel()
	s, err := Parse("sink", kitchenSink)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	Walk(s.Program, func(n ast.Node) bool {
		start, end := s.Span(n)
		if start.Offset < 0 || end.Offset > len(kitchenSink) || end.Offset < start.Offset || start.Line < 1 || start.Column < 1 {
			bad = append(bad, fmt.Sprintf("%T %v-%v", n, start, end))
		}
		return true
	})
	sort.Strings(bad)
	if len(bad) > 0 {
		t.Errorf("spans outside the source: %v", bad)
	}
}
