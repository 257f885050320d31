package jsonx_test

import (
	"fmt"

	"github.com/authlens/authlens/internal/jsonx"
)

func ExampleAppendString() {
	fmt.Println(string(jsonx.AppendString(nil, "tab\there \"quoted\" <kept>")))
	// Output: "tab\there \"quoted\" <kept>"
}
