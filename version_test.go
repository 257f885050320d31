package authlens_test

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/authlens/authlens"
	"github.com/authlens/authlens/internal/version"
)

// Version is a 0.x semantic version, not older than the newest release
// CHANGELOG.md records, and the User-Agent carries it.
func TestVersion(t *testing.T) {
	t.Parallel()
	semver := regexp.MustCompile(`^(0)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)
	m := semver.FindStringSubmatch(authlens.Version)
	if m == nil {
		t.Fatalf("Version %q is not a 0.x semantic version (MAJOR.MINOR.PATCH, no v)", authlens.Version)
	}
	// the root's constants are spelled out for go doc; the packages use
	// internal/version's, which must be the same
	if authlens.Version != version.Version || authlens.UserAgent != version.UserAgent {
		t.Errorf("authlens.Version %q and UserAgent %q differ from internal/version's %q and %q: raise both",
			authlens.Version, authlens.UserAgent, version.Version, version.UserAgent)
	}
	want := "authlens/" + authlens.Version + " (+https://github.com/authlens/authlens)"
	if authlens.UserAgent != want {
		t.Errorf("UserAgent %q, want %q", authlens.UserAgent, want)
	}
	log, err := os.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	release := regexp.MustCompile(`(?m)^## \[(\d+)\.(\d+)\.(\d+)\]`)
	for _, r := range release.FindAllStringSubmatch(string(log), -1) {
		if less(m[1:], r[1:]) {
			t.Errorf("CHANGELOG.md records release %s, newer than Version %s: raise Version (version.go and internal/version)",
				strings.Join(r[1:], "."), authlens.Version)
		}
	}
}

// less compares two [major, minor, patch] triples.
func less(a, b []string) bool {
	for i := range 3 {
		x, _ := strconv.Atoi(a[i])
		y, _ := strconv.Atoi(b[i])
		if x != y {
			return x < y
		}
	}
	return false
}
