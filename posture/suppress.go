package posture

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/authlens/authlens/internal/suggest"
	"github.com/authlens/authlens/inventory"
)

// Suppression accepts the findings of one check on one resource (a risk a
// team has looked at and accepted), with the reason and, optionally, a
// date after which the finding counts again.
//
// In a file (YAML or JSON):
//
//	suppressions:
//	  - check: AL-APP-001
//	    resource: {kind: clients, id: 3fJ9...}   # or name: "Legacy Customer Portal"
//	    path: callbacks                           # optional: only this field
//	    # or, for one finding: fingerprint: 3f9a0c2e41d7b6a8 (its "fingerprint")
//	    reason: Partner subdomains, reviewed in SEC-123
//	    expires: 2027-03-31                        # optional: through that day (UTC)
//
// The resource's id may be "*" for every resource of the check. A
// fingerprint (a finding's Fingerprint, stable across scans) accepts that
// one finding, also among several of one check on one field (two secrets
// in one script); the resource may then be left out.
type Suppression struct {
	Check    string              `json:"check" yaml:"check"`
	Resource SuppressionResource `json:"resource" yaml:"resource"`
	Path     string              `json:"path,omitempty" yaml:"path,omitempty"`
	// Fingerprint, when set, accepts only the finding with that
	// fingerprint.
	Fingerprint string `json:"fingerprint,omitempty" yaml:"fingerprint,omitempty"`
	Reason      string `json:"reason" yaml:"reason"`
	// Expires is a date (2027-03-31: the suppression holds through that
	// day, UTC) or an RFC 3339 time; empty for none.
	Expires string `json:"expires,omitempty" yaml:"expires,omitempty"`
	// Line is where the suppression starts in a YAML file (0 when not
	// known), for messages.
	Line int `json:"-" yaml:"-"`

	expiry time.Time
}

// SuppressionResource names the resource of a suppression: Kind (optional)
// and ID or Name.
type SuppressionResource struct {
	Kind inventory.Kind `json:"kind,omitempty" yaml:"kind,omitempty"`
	ID   string         `json:"id,omitempty" yaml:"id,omitempty"`
	Name string         `json:"name,omitempty" yaml:"name,omitempty"`
}

// ErrBadSuppressions wraps every error of ParseSuppressions.
var ErrBadSuppressions = errors.New("posture: bad suppressions")

type suppressionFile struct {
	Version      int           `json:"version,omitempty" yaml:"version,omitempty"`
	Suppressions []Suppression `json:"suppressions" yaml:"suppressions"`
}

// LoadSuppressions reads a suppressions file (see ParseSuppressions).
func LoadSuppressions(path string) ([]Suppression, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadSuppressions, err)
	}
	s, err := ParseSuppressions(b)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, path)
	}
	return s, nil
}

// ParseSuppressions reads suppressions from YAML or JSON (a document whose
// first character is '{' is read as JSON): an object with a
// "suppressions" list, as in the Suppression example. Unknown members,
// unknown check ids, a missing reason or resource, and a malformed expiry
// date are errors naming the entry (and its line, in YAML).
func ParseSuppressions(data []byte) ([]Suppression, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrBadSuppressions, fmt.Sprintf(format, args...))
	}
	var f suppressionFile
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, nil
	}
	if trimmed[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return nil, bad("%v", err)
		}
		if dec.More() {
			return nil, bad("trailing data after the JSON object")
		}
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, bad("%v", strings.TrimPrefix(err.Error(), "yaml: "))
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err == nil {
			for i, line := range entryLines(&doc) {
				if i < len(f.Suppressions) {
					f.Suppressions[i].Line = line
				}
			}
		}
	}
	if f.Version > 1 {
		return nil, bad("version %d is newer than this program reads (1)", f.Version)
	}
	for i := range f.Suppressions {
		s := &f.Suppressions[i]
		where := fmt.Sprintf("suppressions[%d]", i)
		if s.Line > 0 {
			where += fmt.Sprintf(" (line %d)", s.Line)
		}
		s.Check = strings.ToUpper(strings.TrimSpace(s.Check))
		switch {
		case s.Check == "":
			return nil, bad("%s: check is missing", where)
		case !checkIDPattern.MatchString(s.Check):
			return nil, bad("%s: check %q is not a check id; %s", where, s.Check, unknownCheck(s.Check))
		}
		if _, ok := Lookup(s.Check); !ok {
			return nil, bad("%s: %s is not a check of this catalogue; %s", where, s.Check, unknownCheck(s.Check))
		}
		if s.Resource.ID == "" && s.Resource.Name == "" && s.Fingerprint == "" {
			return nil, bad("%s: resource needs an id or a name (id \"*\" for every resource), or give the finding's fingerprint", where)
		}
		if s.Resource.Kind != "" && !knownKind(s.Resource.Kind) {
			return nil, bad("%s: resource kind %q is not a snapshot kind; use a kind of inventory.Kinds() (the finding's resource kind)%s",
				where, s.Resource.Kind, suggest.DidYouMean(string(s.Resource.Kind), kindNames()))
		}
		if strings.TrimSpace(s.Reason) == "" {
			return nil, bad("%s: reason is missing: say why the risk is accepted", where)
		}
		if s.Expires != "" {
			t, err := parseExpiry(s.Expires)
			if err != nil {
				return nil, bad("%s: expires %q is not a date (2027-03-31) or an RFC 3339 time", where, s.Expires)
			}
			s.expiry = t
		}
	}
	return f.Suppressions, nil
}

func kindNames() []string {
	var out []string
	for _, k := range inventory.Kinds() {
		out = append(out, string(k))
	}
	return out
}

func knownKind(k inventory.Kind) bool {
	for _, kk := range inventory.Kinds() {
		if kk == k {
			return true
		}
	}
	return false
}

// parseExpiry reads a date (valid through that day, UTC) or a time.
func parseExpiry(s string) (time.Time, error) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d.AddDate(0, 0, 1), nil
	}
	return time.Parse(time.RFC3339, s)
}

// entryLines returns the line of each entry of the suppressions list.
func entryLines(doc *yaml.Node) []int {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "suppressions" && root.Content[i+1].Kind == yaml.SequenceNode {
			var lines []int
			for _, n := range root.Content[i+1].Content {
				lines = append(lines, n.Line)
			}
			return lines
		}
	}
	return nil
}

// expired reports whether s has expired at now.
func (s *Suppression) expired(now time.Time) bool {
	if s.Expires == "" {
		return false
	}
	if s.expiry.IsZero() {
		t, err := parseExpiry(s.Expires)
		if err != nil {
			return true // an unreadable date accepts nothing
		}
		s.expiry = t
	}
	return !now.Before(s.expiry)
}

// matches reports whether s accepts f.
func (s *Suppression) matches(f *Finding) bool {
	if !strings.EqualFold(s.Check, f.Check) {
		return false
	}
	if s.Fingerprint != "" && s.Fingerprint != f.Fingerprint {
		return false
	}
	r := s.Resource
	if r.Kind != "" && r.Kind != f.Resource.Kind {
		return false
	}
	switch {
	case r.ID == "*", r.ID == "" && r.Name == "":
	case r.ID != "":
		if r.ID != f.Resource.ID {
			return false
		}
	case r.Name != f.Resource.Name:
		return false
	}
	return s.Path == "" || s.Path == f.Path
}

// applySuppressions marks the findings the suppressions accept and returns
// the suppressions that matched none.
func applySuppressions(fs []Finding, sup []Suppression, now time.Time) []Suppression {
	if len(sup) == 0 {
		return nil
	}
	used := make([]bool, len(sup))
	for i := range fs {
		f := &fs[i]
		var match *Suppression
		for j := range sup {
			s := &sup[j]
			if !s.matches(f) {
				continue
			}
			used[j] = true
			if match == nil || (match.expired(now) && !s.expired(now)) {
				match = s
			}
		}
		if match == nil {
			continue
		}
		exp := match.expired(now)
		f.Suppressed = !exp
		f.Suppression = &SuppressionMatch{Reason: match.Reason, Expires: match.Expires, Expired: exp}
	}
	var unused []Suppression
	for j, s := range sup {
		if !used[j] {
			unused = append(unused, s)
		}
	}
	return unused
}
