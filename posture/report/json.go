package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/authlens/authlens/posture"
)

// SchemaID identifies version 1 of the JSON report: it is the value of
// the report's "schema" member and the $id of its JSON Schema (see
// Schema). A change that could break a reader of version 1 gets a new
// identifier.
const SchemaID = "https://authlens.dev/schemas/posture-report/v1"

//go:embed schema/report.schema.json
var schemaJSON []byte

// Schema returns the JSON Schema (draft 2020-12) of the JSON report, a
// new copy each call.
func Schema() []byte { return bytes.Clone(schemaJSON) }

// ErrUnsupportedSchema is returned by ReadJSON for a document that is not
// a report of SchemaID.
var ErrUnsupportedSchema = errors.New("report: unsupported schema")

// The JSON report. Findings and not-evaluated entries are converted from
// posture's types (a conversion, not a copy field by field: a field added
// to posture.Finding or posture.NotEvaluated stops the build here until
// the schema, its file and its documentation say what the field is).
// They differ from posture's JSON only in writing every list and
// the evidence object even when empty.
type reportJSON struct {
	Schema             string                `json:"schema"`
	Tenant             string                `json:"tenant"`
	Summary            summaryJSON           `json:"summary"`
	Findings           []findingJSON         `json:"findings"`
	NotEvaluated       []notEvaluatedJSON    `json:"not_evaluated"`
	UnusedSuppressions []posture.Suppression `json:"unused_suppressions"`
	Checks             []checkJSON           `json:"checks"`
}

type summaryJSON struct {
	Checks       int            `json:"checks"`
	Evaluated    int            `json:"evaluated"`
	Partial      int            `json:"partial"`
	NotEvaluated int            `json:"not_evaluated"`
	Findings     int            `json:"findings"`
	BySeverity   bySeverityJSON `json:"by_severity"`
	Suppressed   int            `json:"suppressed"`
	Expired      int            `json:"expired_suppressions"`
}

type bySeverityJSON struct {
	Critical int `json:"critical"`
	High     int `json:"high"`
	Medium   int `json:"medium"`
	Low      int `json:"low"`
	Info     int `json:"info"`
}

type findingJSON struct {
	Check       string                    `json:"check"`
	Severity    posture.Severity          `json:"severity"`
	Area        posture.Area              `json:"area"`
	Title       string                    `json:"title"`
	Message     string                    `json:"message"`
	Resource    posture.Resource          `json:"resource"`
	Path        string                    `json:"path"`
	Location    *posture.Location         `json:"location,omitempty"`
	Steps       []posture.Step            `json:"steps,omitempty"`
	Evidence    map[string]any            `json:"evidence"`
	Remediation string                    `json:"remediation"`
	Links       []string                  `json:"links"`
	Fingerprint string                    `json:"fingerprint"`
	Suppressed  bool                      `json:"suppressed"`
	Suppression *posture.SuppressionMatch `json:"suppression,omitempty"`
}

type notEvaluatedJSON struct {
	Check         string             `json:"check"`
	Reason        string             `json:"reason"`
	MissingScopes []string           `json:"missing_scopes"`
	Resources     []posture.Resource `json:"resources"`
}

type checkJSON struct {
	ID       string           `json:"id"`
	Area     posture.Area     `json:"area"`
	Severity posture.Severity `json:"severity"`
	Title    string           `json:"title"`
}

// nonNil returns s, or an empty slice for nil (written [] rather than
// null).
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func toJSON(res *posture.Result) reportJSON {
	s := res.Summary
	out := reportJSON{
		Schema: SchemaID,
		Tenant: res.Tenant,
		Summary: summaryJSON{
			Checks: s.Checks, Evaluated: s.Evaluated, Partial: s.Partial, NotEvaluated: s.NotEvaluated,
			Findings: s.Findings, Suppressed: s.Suppressed, Expired: s.Expired,
			BySeverity: bySeverityJSON{
				Critical: s.BySeverity[posture.SeverityCritical],
				High:     s.BySeverity[posture.SeverityHigh],
				Medium:   s.BySeverity[posture.SeverityMedium],
				Low:      s.BySeverity[posture.SeverityLow],
				Info:     s.BySeverity[posture.SeverityInfo],
			},
		},
		Findings:           make([]findingJSON, len(res.Findings)),
		NotEvaluated:       make([]notEvaluatedJSON, len(res.NotEvaluated)),
		UnusedSuppressions: nonNil(res.UnusedSuppressions),
		Checks:             make([]checkJSON, len(res.Checks)),
	}
	for i, f := range res.Findings {
		fj := findingJSON(f)
		fj.Links = nonNil(fj.Links)
		if fj.Evidence == nil {
			fj.Evidence = map[string]any{}
		}
		out.Findings[i] = fj
	}
	for i, ne := range res.NotEvaluated {
		nj := notEvaluatedJSON(ne)
		nj.MissingScopes = nonNil(nj.MissingScopes)
		nj.Resources = nonNil(nj.Resources)
		out.NotEvaluated[i] = nj
	}
	for i, c := range res.Checks {
		out.Checks[i] = checkJSON{ID: c.ID, Area: c.Area, Severity: c.Severity, Title: c.Title}
	}
	return out
}

// WriteJSON writes res as a JSON report of SchemaID (see the package
// documentation for its members), indented, with a final newline. Lists
// keep the Result's order; the same Result always gives the same bytes.
func WriteJSON(w io.Writer, res *posture.Result, opts Options) error {
	if err := validate(res); err != nil {
		return err
	}
	b, err := json.MarshalIndent(toJSON(res), "", "  ")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// ReadJSON reads a report that WriteJSON wrote. It refuses, with an
// error wrapping ErrUnsupportedSchema, a document whose "schema" member
// is missing or is not SchemaID, before it reads anything else. Members it
// does not know are ignored. Result.Checks holds the id, area, severity
// and title of each check (the other texts are the catalogue's: see
// posture.Lookup); JSON numbers in evidence are float64.
func ReadJSON(r io.Reader) (*posture.Result, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("report: reading JSON: %w", err)
	}
	var head struct {
		Schema *string `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("report: not a JSON report: %w", err)
	}
	switch {
	case head.Schema == nil:
		return nil, fmt.Errorf("%w: the document has no \"schema\" member; this reads %s", ErrUnsupportedSchema, SchemaID)
	case *head.Schema != SchemaID:
		return nil, fmt.Errorf("%w: the document is %q; this reads %s", ErrUnsupportedSchema, *head.Schema, SchemaID)
	}
	var rj reportJSON
	if err := json.Unmarshal(data, &rj); err != nil {
		return nil, fmt.Errorf("report: bad JSON report: %w", err)
	}
	s := rj.Summary
	res := &posture.Result{
		Tenant:             rj.Tenant,
		Findings:           make([]posture.Finding, len(rj.Findings)),
		NotEvaluated:       make([]posture.NotEvaluated, len(rj.NotEvaluated)),
		UnusedSuppressions: rj.UnusedSuppressions,
		Summary: posture.Summary{
			Checks: s.Checks, Evaluated: s.Evaluated, Partial: s.Partial, NotEvaluated: s.NotEvaluated,
			Findings: s.Findings, Suppressed: s.Suppressed, Expired: s.Expired,
			BySeverity: map[posture.Severity]int{
				posture.SeverityCritical: s.BySeverity.Critical,
				posture.SeverityHigh:     s.BySeverity.High,
				posture.SeverityMedium:   s.BySeverity.Medium,
				posture.SeverityLow:      s.BySeverity.Low,
				posture.SeverityInfo:     s.BySeverity.Info,
			},
		},
	}
	for i, f := range rj.Findings {
		res.Findings[i] = posture.Finding(f)
	}
	for i, ne := range rj.NotEvaluated {
		res.NotEvaluated[i] = posture.NotEvaluated(ne)
	}
	for _, c := range rj.Checks {
		res.Checks = append(res.Checks, posture.CheckInfo{ID: c.ID, Area: c.Area, Severity: c.Severity, Title: c.Title})
	}
	if len(res.UnusedSuppressions) == 0 {
		res.UnusedSuppressions = nil
	}
	if err := validate(res); err != nil {
		return nil, err
	}
	return res, nil
}
