package jsflow_test

import (
	"errors"
	"fmt"

	"github.com/authlens/authlens/posture/jsflow"
)

func Example() {
	src := `const axios = require("axios");

exports.onExecutePostLogin = async (event, api) => {
  const apiKey = "sk_live_0123456789";
  if (event.user.app_metadata?.["risk"] > 7) {
    api.multifactor.enable("any");
  }
};`
	s, err := jsflow.Parse("actions/risk/code", src)
	if err != nil {
		panic(err)
	}
	for _, r := range s.Requires() {
		fmt.Printf("require %q as %s at %v\n", r.Module, r.Local, r.Pos)
	}
	for _, c := range s.Calls() {
		if c.Callee == "api.multifactor.enable" {
			fmt.Printf("%s at %v\n", c.Callee, c.Pos)
		}
	}
	for _, l := range s.Strings() {
		if l.Context.Kind == jsflow.ContextVariable && l.Context.Name == "apiKey" {
			fmt.Printf("literal bound to %s at %v\n", l.Context.Name, l.Pos)
		}
	}

	// A Rule is a bare function expression; an error is located in it.
	_, err = jsflow.Parse("rules/r1/script", "function (user, context, callback) {\n  callback(null, user, context;\n}")
	var pe *jsflow.ParseError
	if errors.As(err, &pe) {
		fmt.Printf("parse error at %d:%d: %s\n", pe.Line, pe.Column, pe.Message)
	}
	// Output:
	// require "axios" as axios at 1:15
	// api.multifactor.enable at 6:5
	// literal bound to apiKey at 4:18
	// parse error at 2:31: Unexpected token ;
}

func ExampleAnalyze() {
	src := `exports.onExecutePostLogin = async (event, api) => {
  const { requested_scopes: wanted = "" } = event.user.user_metadata;
  for (const scope of wanted.split(" ")) {
    api.accessToken.addScope(scope);
  }
  if (event.request.query.skip_mfa === "yes") {
    return;
  }
  api.multifactor.enable("any");
  console.log(event.user.user_metadata.language);
};`
	s, err := jsflow.Parse("actions/scopes/code", src)
	if err != nil {
		panic(err)
	}
	spec := jsflow.Spec{
		Params: []string{"event", "api"},
		Sources: []jsflow.Source{
			{Prefix: "event.user.user_metadata", Label: "user_metadata"},
			{Prefix: "event.request.query", Label: "request query"},
		},
		Sinks: []jsflow.Sink{
			{Callee: "api.accessToken.addScope", Label: "scope", Args: []int{0}},
			{Callee: "api.multifactor.enable", Label: "mfa", Guard: true},
		},
	}
	a := jsflow.Analyze(s, spec)
	for _, f := range a.Flows {
		kind := "value"
		if f.Guard {
			kind = "guard"
		}
		fmt.Printf("%s: %s (%s) at %v reaches %s at %v\n", kind, f.Source.Name, f.Source.Source.Label, f.Source.Pos, f.Sink.Name, f.Sink.Pos)
		for _, st := range f.Steps {
			fmt.Printf("  %v %s\n", st.Pos, st.Note)
		}
	}
	for _, c := range a.Calls {
		fmt.Printf("call %s at %v, conditional %v, constants %v\n", c.Name, c.Pos, c.Conditional, c.Values)
	}
	// Output:
	// value: event.user.user_metadata.requested_scopes (user_metadata) at 2:45 reaches api.accessToken.addScope at 4:5
	//   2:29 wanted = event.user.user_metadata.requested_scopes
	//   3:14 scope = an element of wanted.split(" ")
	// guard: event.request.query.skip_mfa (request query) at 6:7 reaches api.multifactor.enable at 9:3
	//   6:7 if (event.request.query.skip_mfa === "yes") returns early
	// call api.accessToken.addScope at 4:5, conditional true, constants map[]
	// call api.multifactor.enable at 9:3, conditional true, constants map[0:any]
}
