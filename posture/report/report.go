package report

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/authlens/authlens/internal/version"
	"github.com/authlens/authlens/posture"
)

// Options tune the writers. The zero value is ready to use.
type Options struct {
	// ToolVersion is the version the SARIF log names as
	// tool.driver.version (authlens.Version when empty).
	ToolVersion string
	// EvidenceWidth is how many characters of one evidence value the
	// Markdown report shows before it cuts the value (80 when 0; a
	// negative value never cuts).
	EvidenceWidth int
}

func (o Options) toolVersion() string {
	if o.ToolVersion == "" {
		return version.Version
	}
	return o.ToolVersion
}

func (o Options) evidenceWidth() int {
	switch {
	case o.EvidenceWidth == 0:
		return 80
	case o.EvidenceWidth < 0:
		return 0
	}
	return o.EvidenceWidth
}

// Format names a report format.
type Format string

// The formats Write writes.
const (
	FormatJSON     Format = "json"
	FormatSARIF    Format = "sarif"
	FormatMarkdown Format = "markdown"
)

// Formats returns every format.
func Formats() []Format { return []Format{FormatJSON, FormatSARIF, FormatMarkdown} }

// ErrUnknownFormat is returned by ParseFormat and Write for a format they
// do not know.
var ErrUnknownFormat = errors.New("report: unknown format")

// ParseFormat reads a format name, in any case: "json", "sarif",
// "markdown" (or "md").
func ParseFormat(name string) (Format, error) {
	switch n := strings.ToLower(strings.TrimSpace(name)); n {
	case "json", "sarif", "markdown":
		return Format(n), nil
	case "md":
		return FormatMarkdown, nil
	}
	return "", fmt.Errorf("%w %q (want json, sarif or markdown)", ErrUnknownFormat, name)
}

// Write writes res to w in format f.
func Write(w io.Writer, res *posture.Result, f Format, opts Options) error {
	switch f {
	case FormatJSON:
		return WriteJSON(w, res, opts)
	case FormatSARIF:
		return WriteSARIF(w, res, opts)
	case FormatMarkdown:
		return WriteMarkdown(w, res, opts)
	}
	return fmt.Errorf("%w %q", ErrUnknownFormat, f)
}

// ErrInvalidResult is returned by the writers for a Result they cannot
// write: nil, or a finding or check without an id or with an invalid
// severity.
var ErrInvalidResult = errors.New("report: invalid result")

// validate refuses what no writer can represent.
func validate(res *posture.Result) error {
	if res == nil {
		return fmt.Errorf("%w: nil", ErrInvalidResult)
	}
	for i, c := range res.Checks {
		if c.ID == "" {
			return fmt.Errorf("%w: checks[%d] has no id", ErrInvalidResult, i)
		}
		if !validSeverity(c.Severity) {
			return fmt.Errorf("%w: check %s has severity %d", ErrInvalidResult, c.ID, c.Severity)
		}
	}
	for i, f := range res.Findings {
		if f.Check == "" {
			return fmt.Errorf("%w: findings[%d] has no check", ErrInvalidResult, i)
		}
		if !validSeverity(f.Severity) {
			return fmt.Errorf("%w: findings[%d] (%s) has severity %d", ErrInvalidResult, i, f.Check, f.Severity)
		}
	}
	for i, ne := range res.NotEvaluated {
		if ne.Check == "" {
			return fmt.Errorf("%w: not_evaluated[%d] has no check", ErrInvalidResult, i)
		}
	}
	return nil
}

func validSeverity(s posture.Severity) bool {
	return slices.Contains(posture.Severities(), s)
}

// severityTitle is "Critical", "High", ...
func severityTitle(s posture.Severity) string {
	n := s.String()
	if n == "" {
		return n
	}
	return strings.ToUpper(n[:1]) + n[1:]
}

// checkSet is the checks a report describes, in the order it lists them.
type checkSet struct {
	infos []posture.CheckInfo
	index map[string]int
}

// checksOf returns the checks a report describes: res.Checks in their
// order, each completed with the catalogue's texts where it lacks them (a
// Result read back from JSON carries only the id, area, severity and
// title), then, in id order, the checks that a finding or a not-evaluated
// entry names but res.Checks lacks (a Result built by hand), taken from
// the catalogue or, for a check it does not know, from the findings.
func checksOf(res *posture.Result) *checkSet {
	cs := &checkSet{index: map[string]int{}}
	add := func(info posture.CheckInfo) {
		cs.index[info.ID] = len(cs.infos)
		cs.infos = append(cs.infos, info)
	}
	for _, c := range res.Checks {
		if _, dup := cs.index[c.ID]; dup {
			continue
		}
		if cat, ok := posture.Lookup(c.ID); ok {
			c.Area = cmp.Or(c.Area, cat.Area)
			c.Title = cmp.Or(c.Title, cat.Title)
			c.Rationale = cmp.Or(c.Rationale, cat.Rationale)
			c.Remediation = cmp.Or(c.Remediation, cat.Remediation)
			if len(c.Links) == 0 {
				c.Links = cat.Links
			}
			if len(c.Kinds) == 0 {
				c.Kinds = cat.Kinds
			}
		}
		add(c)
	}
	extra := map[string]posture.CheckInfo{}
	for _, f := range res.Findings {
		if _, ok := cs.index[f.Check]; ok {
			continue
		}
		info, seen := extra[f.Check]
		if !seen {
			if cat, ok := posture.Lookup(f.Check); ok {
				extra[f.Check] = cat
				continue
			}
			info = posture.CheckInfo{ID: f.Check, Area: f.Area, Title: f.Title, Remediation: f.Remediation, Links: f.Links}
		}
		info.Severity = max(info.Severity, f.Severity)
		extra[f.Check] = info
	}
	for _, ne := range res.NotEvaluated {
		if _, ok := cs.index[ne.Check]; ok {
			continue
		}
		if _, ok := extra[ne.Check]; ok {
			continue
		}
		info, ok := posture.Lookup(ne.Check)
		if !ok {
			info = posture.CheckInfo{ID: ne.Check, Area: areaOfID(ne.Check), Severity: posture.SeverityInfo}
		}
		extra[ne.Check] = info
	}
	ids := make([]string, 0, len(extra))
	for id := range extra {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		add(extra[id])
	}
	return cs
}

// get returns the entry of a check id and its index in the set.
func (cs *checkSet) get(id string) (posture.CheckInfo, int) {
	i, ok := cs.index[id]
	if !ok {
		return posture.CheckInfo{ID: id}, -1
	}
	return cs.infos[i], i
}

// areaOfID reads the area from a check id's middle part ("" when unknown).
func areaOfID(id string) posture.Area {
	parts := strings.Split(id, "-")
	if len(parts) != 3 {
		return ""
	}
	a, err := posture.ParseArea(parts[1])
	if err != nil {
		return ""
	}
	return a
}
