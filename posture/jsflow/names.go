package jsflow

import (
	"strings"

	"github.com/dop251/goja/ast"
)

// Unwrap strips the optional-chaining wrappers of an expression (a?.b is
// read as a.b).
func Unwrap(e ast.Expression) ast.Expression {
	for {
		switch x := e.(type) {
		case *ast.OptionalChain:
			e = x.Expression
		case *ast.Optional:
			e = x.Expression
		default:
			return e
		}
	}
}

// DottedName returns the dotted name of an identifier or member
// expression: "require", "api.multifactor.enable",
// "event.user.user_metadata.role". A computed member with a string (or
// number) literal key counts as a dot (a["b"] is a.b, a[0] is a.0);
// optional chaining counts as a dot; "this" is "this"; a private member
// is "#name". Anything else (a call in the chain, a computed member with
// a variable key) has no dotted name.
func DottedName(e ast.Expression) (string, bool) {
	var parts []string
	for {
		switch x := Unwrap(e).(type) {
		case *ast.Identifier:
			parts = append(parts, x.Name.String())
			return joinReversed(parts), true
		case *ast.ThisExpression:
			parts = append(parts, "this")
			return joinReversed(parts), true
		case *ast.DotExpression:
			parts = append(parts, x.Identifier.Name.String())
			e = x.Left
		case *ast.PrivateDotExpression:
			parts = append(parts, "#"+x.Identifier.Name.String())
			e = x.Left
		case *ast.BracketExpression:
			switch m := Unwrap(x.Member).(type) {
			case *ast.NumberLiteral:
				parts = append(parts, m.Literal)
			default:
				s, ok := StringValue(m)
				if !ok {
					return "", false
				}
				parts = append(parts, s)
			}
			e = x.Left
		default:
			return "", false
		}
	}
}

func joinReversed(parts []string) string {
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i])
		if i > 0 {
			b.WriteByte('.')
		}
	}
	return b.String()
}

// LastName returns the last part of a dotted name ("enable" for
// "api.multifactor.enable").
func LastName(dotted string) string {
	if i := strings.LastIndexByte(dotted, '.'); i >= 0 {
		return dotted[i+1:]
	}
	return dotted
}

// HasPrefixName reports whether dotted is prefix or starts with prefix
// followed by a dot: HasPrefixName("event.secrets.KEY", "event.secrets").
func HasPrefixName(dotted, prefix string) bool {
	return len(dotted) >= len(prefix) && dotted[:len(prefix)] == prefix &&
		(len(dotted) == len(prefix) || dotted[len(prefix)] == '.')
}

// StringValue returns the value of a string literal, or of a template
// literal without substitutions and without a tag.
func StringValue(e ast.Expression) (string, bool) {
	switch x := e.(type) {
	case *ast.StringLiteral:
		return x.Value.String(), true
	case *ast.TemplateLiteral:
		if x.Tag == nil && len(x.Expressions) == 0 && len(x.Elements) == 1 {
			return x.Elements[0].Parsed.String(), true
		}
	}
	return "", false
}

// PropertyKey returns the name of a property key: an identifier, a
// string or number literal, or a computed key with a literal value.
func PropertyKey(key ast.Expression) (string, bool) {
	switch k := key.(type) {
	case *ast.Identifier:
		return k.Name.String(), true
	case *ast.PrivateIdentifier:
		return "#" + k.Name.String(), true
	case *ast.NumberLiteral:
		return k.Literal, true
	}
	return StringValue(key)
}
