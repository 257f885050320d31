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
