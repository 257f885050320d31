package posture

import (
	"slices"

	"github.com/authlens/authlens/posture/model"
)

// reporter collects what one check finds.
type reporter struct {
	info     CheckInfo
	t        *model.Tenant
	findings []Finding
	skipped  []skipped
}

// skipped is a resource a check could not judge.
type skipped struct {
	res    Resource
	reason string
	scopes []string
}

// report adds a finding of the check's own severity about res; path is the
// JSON path of the offending field in the record (see path), message what
// is wrong with this resource, evidence the offending values.
func (r *reporter) report(res Resource, path, message string, evidence map[string]any) {
	r.add(Finding{Resource: res, Path: path, Message: message, Evidence: evidence})
}

// reportSev is report with a severity of the finding's own, for checks that
// grade their findings (never above the catalogue's severity).
func (r *reporter) reportSev(sev Severity, res Resource, path, message string, evidence map[string]any) {
	r.add(Finding{Severity: sev, Resource: res, Path: path, Message: message, Evidence: evidence})
}

// reportCode is report for a position in a script.
func (r *reporter) reportCode(sev Severity, res Resource, path string, loc Location, message string, evidence map[string]any) {
	r.add(Finding{Severity: sev, Resource: res, Path: path, Location: &loc, Message: message, Evidence: evidence})
}

// add completes f from the catalogue entry and keeps it. A zero Severity
// is the check's.
func (r *reporter) add(f Finding) {
	f.Check = r.info.ID
	f.Area = r.info.Area
	f.Title = r.info.Title
	if f.Severity == 0 || f.Severity > r.info.Severity {
		f.Severity = r.info.Severity
	}
	f.Remediation = r.info.Remediation
	f.Links = slices.Clone(r.info.Links)
	f.Fingerprint = fingerprint(&f)
	r.findings = append(r.findings, f)
}

// skip records that res could not be judged (a part of it was not read),
// with the scopes that would have allowed it.
func (r *reporter) skip(res Resource, reason string, scopes ...string) {
	r.skipped = append(r.skipped, skipped{res: res, reason: reason, scopes: scopes})
}
