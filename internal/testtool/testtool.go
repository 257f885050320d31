// Package testtool finds, for a test, a program that checks the module's
// output from outside: Node.js (V8's JSON.parse against the strict token
// decoder) and Graphviz's dot (the DOT pictures laid out for real).
//
// Without the program on the PATH, Need skips the test with a message
// saying how to install it, unless the environment variable
// AUTHLENS_REQUIRE_TOOLS is set (CI sets it, after installing them):
// then the test fails, so that CI never skips one.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// RequireEnv is the environment variable that turns a missing program
// from a skip into a failure.
const RequireEnv = "AUTHLENS_REQUIRE_TOOLS"

// Need returns the path of the program name, or ends the test: skipped
// with how to install it (the Debian package debianPkg), or failed when
// RequireEnv is set. what says what the test checks with it.
func Need(t testing.TB, name, debianPkg, what string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := name + " is not on the PATH, so " + what + " is not checked; install it (apt-get install " + debianPkg + ")"
	if os.Getenv(RequireEnv) != "" {
		t.Fatalf("%s, or unset %s", msg, RequireEnv)
	}
	t.Skip(msg)
	return ""
}
