package jsflow

import (
	"fmt"
	"strings"
	"testing"
)

func mustParse(t *testing.T, src string) *Script {
	t.Helper()
	s, err := Parse("t.js", src)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStrings(t *testing.T) {
	t.Parallel()
	src := `const apiKey = "k1";
let url = process.env.URL || "http://fallback";
function f(token = "k2") {}
const o = { password: "k3", "client-secret": 'k4', [name]: "k5", ["lit"]: "k6", nested: { Authorization: "Bearer " + "k7" } };
headers["X-Api-Key"] = "k8";
config.auth.secret = cond ? "k9" : "k10";
if (event.user.token === "k11") {}
switch (x.kind) { case "k12": break; }
headers.set("Authorization", "k13");
const { pwd = "k14" } = opts;
class C { secret = "k15"; }
return ` + "`k16`" + `;
const t = ` + "`http://api/${id}/k17`" + `;
const ign = obj["notAValue"];
const ok = cond ? "k18" : other;
`
	s := mustParse(t, strings.Replace(src, "return ", "void ", 1))
	got := map[string]string{}
	for _, l := range s.Strings() {
		got[l.Value] = fmt.Sprintf("%s %s %s %d", l.Context.Kind, l.Context.Name, l.Context.Path, l.Context.Index)
	}
	want := map[string]string{
		"k1":              "variable apiKey apiKey 0",
		"http://fallback": "variable url url 0",
		"k2":              "parameter token token 0",
		"k3":              "property password password 0",
		"k4":              "property client-secret client-secret 0",
		"k5":              "none   0",
		"k6":              "property lit lit 0",
		"Bearer ":         "property Authorization Authorization 0",
		"k7":              "property Authorization Authorization 0",
		"k8":              "assignment X-Api-Key headers.X-Api-Key 0",
		"k9":              "assignment secret config.auth.secret 0",
		"k10":             "assignment secret config.auth.secret 0",
		"k11":             "comparison token event.user.token 0",
		"k12":             "comparison kind x.kind 0",
		"Authorization":   "argument  headers.set 0",
		"k13":             "argument Authorization headers.set 1",
		"k14":             "variable pwd pwd 0",
		"k15":             "property secret secret 0",
		"k16":             "none   0",
		"http://api/":     "variable t t 0",
		"/k17":            "variable t t 0",
		"k18":             "variable ok ok 0",
	}
	for v, w := range want {
		if got[v] != w {
			t.Errorf("%q: context %q, want %q", v, got[v], w)
		}
	}
	for v := range got {
		if _, ok := want[v]; !ok {
			t.Errorf("unexpected literal %q (%s)", v, got[v])
		}
	}
	// Parts and groups.
	var k7, bearer StringLit
	for _, l := range s.Strings() {
		switch l.Value {
		case "k7":
			k7 = l
		case "Bearer ":
			bearer = l
		case "/k17":
			if !l.Part {
				t.Error("/k17 is a template part")
			}
		case "k1":
			if l.Part || l.Group != l.Node || l.Pos.Line != 1 || l.Pos.Column != 16 {
				t.Errorf("k1: %+v", l)
			}
		}
	}
	if k7.Group == nil || k7.Group != bearer.Group || k7.Group == k7.Node {
		t.Error("the literals of one concatenation share their group")
	}
}

func TestCalls(t *testing.T) {
	t.Parallel()
	s := mustParse(t, `exports.onExecutePostLogin = async (event, api) => {
  api.multifactor.enable("any");
  await axios.get(url, { timeout: 1 });
  const f = new Function("return 1");
  require("x").y(1);
  event?.user?.["fn"]?.();
  (await client()).fn();
};`)
	var got []string
	for _, c := range s.Calls() {
		got = append(got, fmt.Sprintf("%s/%s/%d/%v@%v", c.Callee, c.Method, len(c.Args), c.New, c.Pos))
	}
	want := "[api.multifactor.enable/enable/1/false@2:3 axios.get/get/2/false@3:9 Function/Function/1/true@4:13 /y/1/false@5:3 require/require/1/false@5:3 event.user.fn/fn/0/false@6:3 /fn/0/false@7:4 client/client/0/false@7:10]"
	if fmt.Sprint(got) != want {
		t.Errorf("calls\n got %v\nwant %s", got, want)
	}
}

func TestPropertiesAndAssignments(t *testing.T) {
	t.Parallel()
	s := mustParse(t, `const agent = new https.Agent({ rejectUnauthorized: false, ["x"]: 1, [k]: 2, event, m() {} });
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
total += 2;
const { a = 1 } = b;
[c = 2] = d;
profile.email_verified ??= true;`)
	var props []string
	for _, p := range s.Properties() {
		props = append(props, fmt.Sprintf("%s/%v@%v", p.Key, p.Computed, p.Pos))
	}
	if fmt.Sprint(props) != "[rejectUnauthorized/false@1:33 x/false@1:61 /true@1:71 event/false@1:78 m/false@1:85]" {
		t.Errorf("properties %v", props)
	}
	var assigns []string
	for _, a := range s.Assignments() {
		assigns = append(assigns, a.Target+" "+a.Operator)
	}
	if fmt.Sprint(assigns) != "[process.env.NODE_TLS_REJECT_UNAUTHORIZED = total +=  = profile.email_verified ??=]" {
		t.Errorf("assignments %v", assigns)
	}
	call := s.Calls()[0]
	if got := s.PropertiesOf(call.Args[0]); len(got) != 5 || got[0].Key != "rejectUnauthorized" {
		t.Errorf("PropertiesOf %+v", got)
	}
	if got := s.PropertiesOf(call.Node); got != nil {
		t.Errorf("PropertiesOf(a call) = %+v", got)
	}
}

func TestRequires(t *testing.T) {
	t.Parallel()
	s := mustParse(t, `const axios = require("axios").default;
const { exec, spawn: run } = require('child_process');
let vm; vm = require("node:vm");
require("side-effect");
const notARequire = requireX("y");`)
	var got []string
	for _, r := range s.Requires() {
		got = append(got, fmt.Sprintf("%s:%s:%v", r.Module, r.Local, r.Members))
	}
	want := "[axios:axios:[] child_process::[{exec exec} {spawn run}] node:vm:vm:[] side-effect::[]]"
	if fmt.Sprint(got) != want {
		t.Errorf("requires\n got %v\nwant %s", got, want)
	}
}

func TestBindingsAndFunctions(t *testing.T) {
	t.Parallel()
	s := mustParse(t, `const a = 1, { b } = c;
let d;
var e = function named(x, { y }) {};
for (var i = 0; i < 1; i++) {}
exports.onExecutePostLogin = async (event, api) => {};
const o = { handler: function (u) {}, m() {} };`)
	var bs []string
	for _, b := range s.Bindings() {
		bs = append(bs, b.Kind+":"+b.Name)
	}
	if fmt.Sprint(bs) != "[const:a const: let:d var:e var:i const:o]" {
		t.Errorf("bindings %v", bs)
	}
	var fs []string
	for _, f := range s.Functions() {
		fs = append(fs, fmt.Sprintf("%s(%s)%v", f.Name, strings.Join(f.Params, ","), f.Async))
	}
	if fmt.Sprint(fs) != "[named(x,)false exports.onExecutePostLogin(event,api)true handler(u)false m()false]" {
		t.Errorf("functions %v", fs)
	}
	if ContextArgument.String() != "argument" || ContextKind(99).String() != "unknown" {
		t.Error("ContextKind.String")
	}
}
