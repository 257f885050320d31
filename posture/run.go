package posture

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
	"golang.org/x/sync/errgroup"
)

// Options choose the checks Run runs and how findings are accepted. The
// zero value runs every check.
type Options struct {
	// Checks limits the run to these check ids (AL-APP-001, ...).
	Checks []string
	// Areas limits the run to the checks of these areas.
	Areas []Area
	// MinSeverity leaves out checks, and findings, below this severity
	// (0: all).
	MinSeverity Severity
	// Suppressions accept findings (see ParseSuppressions).
	Suppressions []Suppression
	// Now is the clock suppressions expire by (default time.Now).
	Now func() time.Time
}

// ErrUnknownCheck is returned by Run for an option naming no check of the
// catalogue.
var ErrUnknownCheck = errors.New("posture: unknown check")

// Run judges a snapshot with the catalogue's checks. It reads nothing but
// the snapshot. A check whose kinds were not read (forbidden, failed, or
// absent from the snapshot) is not evaluated and says why, with the
// missing scope; a check that could judge only some records says which it
// could not.
//
// Run returns an error for a nil snapshot, a snapshot of a newer format,
// options naming unknown checks, areas or suppressed checks, or when ctx
// ends.
func Run(ctx context.Context, snap *inventory.Snapshot, opts Options) (*Result, error) {
	if snap == nil {
		return nil, errors.New("posture: nil snapshot")
	}
	if snap.Version > inventory.FormatVersion {
		return nil, fmt.Errorf("%w: version %d", inventory.ErrUnsupportedVersion, snap.Version)
	}
	cat, err := loadCatalogue()
	if err != nil {
		return nil, err
	}
	selected, err := cat.selectChecks(opts)
	if err != nil {
		return nil, err
	}
	for _, s := range opts.Suppressions {
		if _, ok := cat.checks[s.Check]; !ok {
			return nil, fmt.Errorf("%w %q in Options.Suppressions; %s", ErrUnknownCheck, s.Check, unknownCheck(s.Check))
		}
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}

	t := model.New(snap)
	decodeKinds(ctx, t, selected)
	res := &Result{Tenant: snap.Tenant, Findings: []Finding{}, NotEvaluated: []NotEvaluated{}}
	var all []Finding
	ran := map[string]bool{}
	for _, info := range selected {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res.Checks = append(res.Checks, info)
		ran[info.ID] = true
		findings, ne := runCheck(t, info, cat.checks[info.ID])
		all = append(all, findings...)
		if ne != nil {
			res.NotEvaluated = append(res.NotEvaluated, *ne)
		}
	}
	// Suppressions see every finding of the checks that ran, so that one
	// is unused only when its finding is gone, not when it is filtered.
	for _, s := range applySuppressions(all, opts.Suppressions, now()) {
		if ran[s.Check] {
			res.UnusedSuppressions = append(res.UnusedSuppressions, s)
		}
	}
	for _, f := range all {
		if f.Severity >= opts.MinSeverity {
			res.Findings = append(res.Findings, f)
		}
	}
	sortFindings(res.Findings)
	res.Summary = summarize(res)
	return res, nil
}

// decodeKinds decodes the kinds the selected checks read, several at a
// time: decoding is most of a run's work on a large tenant. Errors are
// kept by the model and reported by each check that needs the kind.
func decodeKinds(ctx context.Context, t *model.Tenant, checks []CheckInfo) {
	seen := map[inventory.Kind]bool{}
	var ks []inventory.Kind
	for _, c := range checks {
		for _, k := range c.Kinds {
			if !seen[k] {
				seen[k] = true
				ks = append(ks, k)
			}
		}
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, k := range ks {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			_ = t.Decode(k)
			return nil
		})
	}
	_ = g.Wait()
}

// selectChecks returns the entries of the checks opts choose, in id order.
func (c *catalogue) selectChecks(opts Options) ([]CheckInfo, error) {
	ids := map[string]bool{}
	for _, id := range opts.Checks {
		id = strings.ToUpper(strings.TrimSpace(id))
		if _, ok := c.checks[id]; !ok {
			return nil, fmt.Errorf("%w %q in Options.Checks; %s", ErrUnknownCheck, id, unknownCheck(id))
		}
		ids[id] = true
	}
	areas := map[Area]bool{}
	for _, a := range opts.Areas {
		if a.Code() == "" {
			return nil, fmt.Errorf("posture: unknown area %q in Options.Areas; %s", a, areaFix(string(a)))
		}
		areas[a] = true
	}
	var out []CheckInfo
	for _, info := range c.infos {
		if len(ids) > 0 && !ids[info.ID] {
			continue
		}
		if len(areas) > 0 && !areas[info.Area] {
			continue
		}
		if info.Severity < opts.MinSeverity {
			continue
		}
		out = append(out, info)
	}
	return out, nil
}

// runCheck runs one check: its kinds decoded first (a kind not read makes
// it not evaluated), a panic turned into a not-evaluated entry, every
// finding checked to point at a record of the snapshot.
func runCheck(t *model.Tenant, info CheckInfo, ch check) (findings []Finding, ne *NotEvaluated) {
	var reasons []string
	var scopes []string
	for _, k := range ch.needs {
		if err := t.Decode(k); err != nil {
			var nr *model.NotReadError
			if errors.As(err, &nr) {
				scopes = append(scopes, nr.MissingScopes...)
			}
			reasons = append(reasons, err.Error())
		}
	}
	if len(reasons) > 0 {
		return nil, &NotEvaluated{Check: info.ID, Reason: strings.Join(reasons, "; "), MissingScopes: sortedSet(scopes)}
	}
	r := &reporter{info: info, t: t}
	defer func() {
		if p := recover(); p != nil {
			findings, ne = nil, &NotEvaluated{Check: info.ID, Reason: fmt.Sprintf("the check failed: %v", p)}
		}
	}()
	ch.run(t, r)
	// A finding must point at a record of the snapshot: one that does
	// not (a defect of the check) is dropped and the resource listed as
	// not judged; the check's other findings stand.
	kept := r.findings[:0]
	for _, f := range r.findings {
		if f.Resource.ID != "" && !t.Has(f.Resource.Kind, f.Resource.ID) {
			r.skip(f.Resource, "the check named a record that is not in the snapshot")
			continue
		}
		kept = append(kept, f)
	}
	r.findings = kept
	sortFindings(r.findings)
	distinctFingerprints(r.findings)
	if len(r.skipped) > 0 {
		ne = &NotEvaluated{Check: info.ID}
		var why []string
		for _, s := range r.skipped {
			ne.Resources = append(ne.Resources, s.res)
			why = append(why, s.reason)
			scopes = append(scopes, s.scopes...)
		}
		ne.Reason = strings.Join(sortedSet(why), "; ")
		ne.MissingScopes = sortedSet(scopes)
		slices.SortFunc(ne.Resources, compareResources)
		ne.Resources = slices.Compact(ne.Resources)
	}
	return r.findings, ne
}

func sortedSet(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

func compareResources(a, b Resource) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Name, b.Name))
}

// sortFindings orders findings highest severity first, then by check,
// resource, path and position.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		c := cmp.Or(cmp.Compare(b.Severity, a.Severity), cmp.Compare(a.Check, b.Check),
			compareResources(a.Resource, b.Resource), cmp.Compare(a.Path, b.Path))
		if c != 0 {
			return c
		}
		var al, ac, bl, bc int
		if a.Location != nil {
			al, ac = a.Location.Line, a.Location.Column
		}
		if b.Location != nil {
			bl, bc = b.Location.Line, b.Location.Column
		}
		return cmp.Or(cmp.Compare(al, bl), cmp.Compare(ac, bc), cmp.Compare(a.Message, b.Message))
	})
}

func summarize(res *Result) Summary {
	s := Summary{Checks: len(res.Checks), BySeverity: map[Severity]int{}}
	for _, sev := range Severities() {
		s.BySeverity[sev] = 0
	}
	for _, ne := range res.NotEvaluated {
		if ne.Partial() {
			s.Partial++
		} else {
			s.NotEvaluated++
		}
	}
	s.Evaluated = s.Checks - s.Partial - s.NotEvaluated
	for _, f := range res.Findings {
		switch {
		case f.Suppressed:
			s.Suppressed++
		default:
			s.Findings++
			s.BySeverity[f.Severity]++
			if f.Suppression != nil && f.Suppression.Expired {
				s.Expired++
			}
		}
	}
	return s
}
