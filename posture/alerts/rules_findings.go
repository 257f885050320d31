package alerts

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

// Posture findings that appeared or went away, and kinds the scanner lost
// sight of.

// judged reports whether a result's check judged a resource: the check
// ran (when the result lists its checks) and neither failed to run nor
// skipped the resource.
func judged(res *posture.Result, check string, r posture.Resource) bool {
	if len(res.Checks) > 0 && !slices.ContainsFunc(res.Checks, func(c posture.CheckInfo) bool { return c.ID == check }) {
		return false
	}
	for _, ne := range res.NotEvaluated {
		if ne.Check != check {
			continue
		}
		if !ne.Partial() {
			return false
		}
		for _, s := range ne.Resources {
			if s.Kind == r.Kind && s.ID == r.ID {
				return false
			}
		}
	}
	return true
}

// findingClass groups findings that are the same problem wherever it sits
// in the record (a line of a script, another field): check and resource.
func findingClass(f posture.Finding) string {
	return f.Check + "\x00" + string(f.Resource.Kind) + "\x00" + f.Resource.ID
}

// findingDiff computes the new and resolved findings.
func (p *pass) findingDiff() {
	if p.oldRes == nil || p.newRes == nil {
		return
	}
	index := func(fs []posture.Finding) map[string]bool {
		m := make(map[string]bool, len(fs))
		for _, f := range fs {
			m[f.Fingerprint] = true
		}
		return m
	}
	oldAll, newAll := index(p.oldRes.Findings), index(p.newRes.Findings)
	var news, gone []posture.Finding
	for _, f := range p.newRes.Findings {
		if !f.Suppressed && !oldAll[f.Fingerprint] && judged(p.oldRes, f.Check, f.Resource) {
			news = append(news, f)
		}
	}
	for _, f := range p.oldRes.Findings {
		if !f.Suppressed && !newAll[f.Fingerprint] && judged(p.newRes, f.Check, f.Resource) {
			gone = append(gone, f)
		}
	}
	// A finding that moved (same class, new position) is neither new nor
	// resolved: pair them up class by class.
	goneBy := map[string][]int{}
	for i, f := range gone {
		c := findingClass(f)
		goneBy[c] = append(goneBy[c], i)
	}
	dropGone := map[int]bool{}
	for _, f := range news {
		c := findingClass(f)
		if l := goneBy[c]; len(l) > 0 {
			dropGone[l[0]] = true
			goneBy[c] = l[1:]
			p.attached[f.Fingerprint] = true // moved: not new either
			continue
		}
		p.newFindings = append(p.newFindings, f)
	}
	for i, f := range gone {
		if !dropGone[i] {
			p.resolved = append(p.resolved, f)
		}
	}
}

func ref(f posture.Finding, state string) FindingRef {
	return FindingRef{Check: f.Check, Fingerprint: f.Fingerprint, Severity: f.Severity, Title: f.Title,
		Message: f.Message, Resource: f.Resource, Path: f.Path, Location: f.Location, State: state}
}

// findingsOn returns the new findings about a record (the record itself,
// or a step of an attack path) and marks them attached.
func (p *pass) findingsOn(k inventory.Kind, id string) []FindingRef {
	var out []FindingRef
	for _, f := range p.newFindings {
		if p.attached[f.Fingerprint] {
			continue // on an earlier alert
		}
		on := f.Resource.Kind == k && f.Resource.ID == id
		for _, s := range f.Steps {
			on = on || (s.Kind == k && s.ID == id)
		}
		if on {
			p.attached[f.Fingerprint] = true
			out = append(out, ref(f, "new"))
		}
	}
	slices.SortStableFunc(out, func(a, b FindingRef) int { return cmp.Compare(b.Severity, a.Severity) })
	return out
}

// findingRules: ALR-FIND-001 and ALR-FIND-002.
func (p *pass) findingRules() {
	for _, f := range p.newFindings {
		if p.attached[f.Fingerprint] || f.Severity < p.opts.MinSeverity {
			continue
		}
		p.raise(RuleFindingNew, f.Severity, f.Resource, fmt.Sprintf("%s (%s): %s", f.Title, f.Check, f.Message),
			nil, []FindingRef{ref(f, "new")})
	}
	for _, f := range p.resolved {
		if f.Severity < p.opts.MinSeverity {
			continue
		}
		p.raise(RuleFindingResolved, posture.SeverityInfo, f.Resource, fmt.Sprintf("Resolved: %s (%s, %s).", f.Title, f.Check, f.Severity),
			nil, []FindingRef{ref(f, "resolved")})
	}
}

// scanRules: ALR-SCAN-001.
func (p *pass) scanRules() {
	for _, k := range p.new.KindNames() {
		o, n := p.old.Kind(k), p.new.Kind(k)
		if o == nil || n == nil || !o.Status.Read() || n.Status.Read() {
			continue
		}
		changes := []Change{valueChange("status", string(o.Status), string(n.Status))}
		if len(n.MissingScopes) > 0 {
			changes = append(changes, listChange("missing_scopes", nil, n.MissingScopes, n.MissingScopes, nil))
		}
		msg := fmt.Sprintf("The scan can no longer read %s (%s)", k, n.Status)
		if note := n.Note(); note != "" {
			msg += ": " + note
		}
		p.raise(RuleLostSight, sevMedium, posture.Resource{Kind: k, Name: string(k)},
			msg+"; changes to it raise no alert until it is read again.", changes, nil)
	}
}
