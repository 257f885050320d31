package posture

import (
	"bytes"
	"embed"
	"fmt"
	"sync"

	"github.com/Masterminds/semver/v3"
	"go.yaml.in/yaml/v3"
)

// The tables the code checks read: Action runtimes, deprecated trigger
// versions and npm advisories. They are data so that a new runtime or
// advisory is a change of data/*.yaml, not of the checks.
//
//go:embed data/*.yaml
var codeDataFS embed.FS

// codeRuntime is a Node.js runtime of Actions.
type codeRuntime struct {
	Runtime string `yaml:"runtime"`
	Node    string `yaml:"node"`
	// EndOfLife is the month Node.js stopped security fixes ("April
	// 2025"); empty for a supported runtime.
	EndOfLife string `yaml:"end_of_life"`
}

// codeDeprecatedTrigger lists the deprecated versions of a trigger.
type codeDeprecatedTrigger struct {
	Trigger  string   `yaml:"trigger"`
	Versions []string `yaml:"versions"`
	Current  string   `yaml:"current"`
}

// codeAdvisory is a known vulnerability of an npm package.
type codeAdvisory struct {
	Package  string `yaml:"package"`
	ID       string `yaml:"id"`
	CVE      string `yaml:"cve"`
	Affected string `yaml:"affected"`
	Fixed    string `yaml:"fixed"`
	Summary  string `yaml:"summary"`
	Source   string `yaml:"source"`

	constraint *semver.Constraints
}

// allVersions reports whether every version of the package is affected
// (no fixed version).
func (a *codeAdvisory) allVersions() bool { return a.Fixed == "" && a.Affected == "*" }

// affects reports whether exact version v is affected.
func (a *codeAdvisory) affects(v *semver.Version) bool { return a.constraint.Check(v) }

// codeTables is the decoded data.
type codeTables struct {
	runtimes   map[string]codeRuntime
	deprecated map[string]codeDeprecatedTrigger
	advisories map[string][]*codeAdvisory // by package
}

var loadCodeTables = sync.OnceValues(func() (*codeTables, error) { return decodeCodeTables(codeDataFS) })

// mustCodeTables returns the tables; they are embedded and tested, so an
// error is a build defect.
func mustCodeTables() *codeTables {
	t, err := loadCodeTables()
	if err != nil {
		panic(err)
	}
	return t
}

func decodeCodeTables(fsys embed.FS) (*codeTables, error) {
	t := &codeTables{runtimes: map[string]codeRuntime{}, deprecated: map[string]codeDeprecatedTrigger{},
		advisories: map[string][]*codeAdvisory{}}
	var rt struct {
		Runtimes []codeRuntime `yaml:"runtimes"`
	}
	if err := decodeCodeYAML(fsys, "data/runtimes.yaml", &rt); err != nil {
		return nil, err
	}
	for _, r := range rt.Runtimes {
		if r.Runtime == "" {
			return nil, fmt.Errorf("posture: data/runtimes.yaml: a runtime without a name")
		}
		t.runtimes[r.Runtime] = r
	}
	var tr struct {
		Deprecated []codeDeprecatedTrigger `yaml:"deprecated"`
	}
	if err := decodeCodeYAML(fsys, "data/triggers.yaml", &tr); err != nil {
		return nil, err
	}
	for _, d := range tr.Deprecated {
		if d.Trigger == "" || len(d.Versions) == 0 || d.Current == "" {
			return nil, fmt.Errorf("posture: data/triggers.yaml: incomplete entry %+v", d)
		}
		t.deprecated[d.Trigger] = d
	}
	var adv struct {
		Advisories []*codeAdvisory `yaml:"advisories"`
	}
	if err := decodeCodeYAML(fsys, "data/npm_advisories.yaml", &adv); err != nil {
		return nil, err
	}
	for _, a := range adv.Advisories {
		if a.Package == "" || a.ID == "" || a.Affected == "" || a.Summary == "" || a.Source == "" {
			return nil, fmt.Errorf("posture: data/npm_advisories.yaml: incomplete entry %q", a.ID)
		}
		c, err := semver.NewConstraint(a.Affected)
		if err != nil {
			return nil, fmt.Errorf("posture: data/npm_advisories.yaml: %s: %w", a.ID, err)
		}
		c.IncludePrerelease = true
		a.constraint = c
		t.advisories[a.Package] = append(t.advisories[a.Package], a)
	}
	return t, nil
}

func decodeCodeYAML(fsys embed.FS, name string, v any) error {
	b, err := fsys.ReadFile(name)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("posture: %s: %w", name, err)
	}
	return nil
}
