package posture

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/authlens/authlens/internal/suggest"
	"github.com/authlens/authlens/inventory"
)

// The catalogue's texts: one YAML file per area in catalogue/, each entry
// the title, rationale, remediation and documentation links of one check.
// The logic lives in the checks_*.go files; TestCatalogueMatchesChecks
// fails when a check has no entry or an entry has no check.
//
//go:embed catalogue/*.yaml
var catalogueFS embed.FS

// CheckInfo describes a check of the catalogue.
type CheckInfo struct {
	// ID is stable across releases: AL-<AREA>-<NNN>.
	ID   string `json:"id"`
	Area Area   `json:"area"`
	// Severity is the check's severity; a check that grades its findings
	// reports none above it.
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	// Rationale says why it matters, Remediation how to fix it.
	Rationale   string   `json:"rationale"`
	Remediation string   `json:"remediation"`
	Links       []string `json:"links"`
	// Kinds are the snapshot kinds the check reads: when one of them was
	// not read, the check is not evaluated.
	Kinds []inventory.Kind `json:"kinds"`
}

type catalogueFile struct {
	Area   Area `yaml:"area"`
	Checks []struct {
		ID          string   `yaml:"id"`
		Severity    string   `yaml:"severity"`
		Title       string   `yaml:"title"`
		Rationale   string   `yaml:"rationale"`
		Remediation string   `yaml:"remediation"`
		Links       []string `yaml:"links"`
	} `yaml:"checks"`
}

var checkIDPattern = regexp.MustCompile(`^AL-([A-Z0-9]+)-([0-9]{3})$`)

// loadTexts reads the embedded catalogue files.
func loadTexts(fsys fs.FS) (map[string]CheckInfo, error) {
	names, err := fs.Glob(fsys, "catalogue/*.yaml")
	if err != nil {
		return nil, err
	}
	out := map[string]CheckInfo{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var f catalogueFile
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		code := f.Area.Code()
		if code == "" {
			return nil, fmt.Errorf("%s: unknown area %q", name, f.Area)
		}
		for _, c := range f.Checks {
			m := checkIDPattern.FindStringSubmatch(c.ID)
			if m == nil || m[1] != code {
				return nil, fmt.Errorf("%s: check id %q is not AL-%s-NNN", name, c.ID, code)
			}
			if _, dup := out[c.ID]; dup {
				return nil, fmt.Errorf("%s: check %s listed twice", name, c.ID)
			}
			sev, err := ParseSeverity(c.Severity)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", name, c.ID, err)
			}
			info := CheckInfo{ID: c.ID, Area: f.Area, Severity: sev, Title: oneLine(c.Title),
				Rationale: oneLine(c.Rationale), Remediation: oneLine(c.Remediation), Links: c.Links}
			if info.Title == "" || info.Rationale == "" || info.Remediation == "" || len(info.Links) == 0 {
				return nil, fmt.Errorf("%s: %s needs a title, a rationale, a remediation and a link", name, c.ID)
			}
			for _, l := range c.Links {
				if !strings.HasPrefix(l, "https://") {
					return nil, fmt.Errorf("%s: %s: link %q is not https", name, c.ID, l)
				}
			}
			out[c.ID] = info
		}
	}
	return out, nil
}

// oneLine joins the lines of a folded YAML text.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// catalogue is the checks with their texts, in id order.
type catalogue struct {
	infos  []CheckInfo
	checks map[string]check
	byID   map[string]int
}

var loadCatalogue = sync.OnceValues(func() (*catalogue, error) {
	return buildCatalogue(catalogueFS, allChecks())
})

func buildCatalogue(fsys fs.FS, checks []check) (*catalogue, error) {
	texts, err := loadTexts(fsys)
	if err != nil {
		return nil, fmt.Errorf("posture: catalogue: %w", err)
	}
	c := &catalogue{checks: map[string]check{}, byID: map[string]int{}}
	for _, ch := range checks {
		info, ok := texts[ch.id]
		if !ok {
			return nil, fmt.Errorf("posture: catalogue: check %s has no entry", ch.id)
		}
		if _, dup := c.checks[ch.id]; dup {
			return nil, fmt.Errorf("posture: catalogue: check %s registered twice", ch.id)
		}
		info.Kinds = slices.Clone(ch.needs)
		c.checks[ch.id] = ch
		c.infos = append(c.infos, info)
	}
	for id := range texts {
		if _, ok := c.checks[id]; !ok {
			return nil, fmt.Errorf("posture: catalogue: entry %s has no check", id)
		}
	}
	slices.SortFunc(c.infos, func(a, b CheckInfo) int { return strings.Compare(a.ID, b.ID) })
	for i, info := range c.infos {
		c.byID[info.ID] = i
	}
	return c, nil
}

func mustCatalogue() *catalogue {
	c, err := loadCatalogue()
	if err != nil {
		// The catalogue is embedded and tested: this is a build defect.
		panic(err)
	}
	return c
}

// Catalogue returns every check, in id order (a new slice each call).
func Catalogue() []CheckInfo {
	c := mustCatalogue()
	out := make([]CheckInfo, len(c.infos))
	for i, info := range c.infos {
		info.Links = slices.Clone(info.Links)
		info.Kinds = slices.Clone(info.Kinds)
		out[i] = info
	}
	return out
}

// checkIDs returns every check id, for suggestions.
func checkIDs() []string {
	c := mustCatalogue()
	ids := make([]string, len(c.infos))
	for i, info := range c.infos {
		ids[i] = info.ID
	}
	return ids
}

// unknownCheck says what to do about an id that names no check.
func unknownCheck(id string) string {
	return "use a check id of posture.Catalogue() as findings report it (AL-AREA-NNN, e.g. AL-APP-001)" +
		suggest.DidYouMean(id, checkIDs())
}

// Lookup returns the catalogue entry of a check id.
func Lookup(id string) (CheckInfo, bool) {
	c := mustCatalogue()
	i, ok := c.byID[id]
	if !ok {
		return CheckInfo{}, false
	}
	info := c.infos[i]
	info.Links = slices.Clone(info.Links)
	info.Kinds = slices.Clone(info.Kinds)
	return info, true
}
