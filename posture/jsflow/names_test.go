package jsflow

import (
	"testing"

	"github.com/dop251/goja/ast"
)

func firstExpr(t *testing.T, src string) ast.Expression {
	t.Helper()
	s, err := Parse("e", src)
	if err != nil {
		t.Fatal(err)
	}
	return s.Program.Body[0].(*ast.ExpressionStatement).Expression
}

func TestDottedName(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"require":                           "require",
		"api.multifactor.enable":            "api.multifactor.enable",
		"event.user.user_metadata.role":     "event.user.user_metadata.role",
		`a["b"]`:                            "a.b",
		"a[`b`]":                            "a.b",
		"event?.user?.app_metadata":         "event.user.app_metadata",
		`event.secrets?.["API_KEY"]`:        "event.secrets.API_KEY",
		"event.user.identities[0].provider": "event.user.identities.0.provider",
		"this.client":                       "this.client",
		`process.env["NODE_TLS_REJECT_UNAUTHORIZED"]`: "process.env.NODE_TLS_REJECT_UNAUTHORIZED",
	}
	for src, want := range cases {
		got, ok := DottedName(firstExpr(t, src))
		if !ok || got != want {
			t.Errorf("DottedName(%s) = %q, %v; want %q", src, got, ok, want)
		}
	}
	for _, src := range []string{"a[b]", "f().x", "(a || b).c", "`x${y}`", "a[`x${y}`]", "new X().y"} {
		if got, ok := DottedName(firstExpr(t, src)); ok {
			t.Errorf("DottedName(%s) = %q, want none", src, got)
		}
	}
	if LastName("api.multifactor.enable") != "enable" || LastName("x") != "x" {
		t.Error("LastName")
	}
	if !HasPrefixName("event.secrets.KEY", "event.secrets") || !HasPrefixName("event.secrets", "event.secrets") ||
		HasPrefixName("event.secretsX", "event.secrets") {
		t.Error("HasPrefixName")
	}
}

func TestStringValue(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]string{`"a\tb"`: "a\tb", "'x'": "x", "`plain`": "plain", "`a\\nb`": "a\nb", `"é"`: "é"} {
		got, ok := StringValue(firstExpr(t, src))
		if !ok || got != want {
			t.Errorf("StringValue(%s) = %q, %v; want %q", src, got, ok, want)
		}
	}
	for _, src := range []string{"`a${b}`", "tag`x`", "1", "x"} {
		if got, ok := StringValue(firstExpr(t, src)); ok {
			t.Errorf("StringValue(%s) = %q, want none", src, got)
		}
	}
}
