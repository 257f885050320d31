package posture

import (
	"runtime"
	"slices"
	"sync"
	"weak"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/graph"
	"github.com/authlens/authlens/posture/model"
)

// Attack paths: paths through the identity graph (posture/graph) from a
// foothold an outsider or a low-privileged user has to a privilege. Each
// finding is one path, with its steps.
func pathChecks() []check {
	var out []check
	for i, k := range graph.PathKinds() {
		out = append(out, check{id: []string{"AL-PATH-001", "AL-PATH-002", "AL-PATH-003", "AL-PATH-004"}[i],
			needs: graph.PathNeeds(k), run: pathCheck(k)})
	}
	return out
}

// pathGraphKinds are the kinds the path checks' graph is built from:
// every kind some path needs (users and organizations are not).
func pathGraphKinds() []inventory.Kind {
	var ks []inventory.Kind
	for _, k := range graph.PathKinds() {
		ks = append(ks, graph.PathNeeds(k)...)
	}
	slices.Sort(ks)
	return slices.Compact(ks)
}

// pathGraphs holds one graph per decoded tenant, so that the four path
// checks of a Run build it once. Entries are keyed weakly and leave with
// their tenant.
var pathGraphs = struct {
	mu sync.Mutex
	m  map[weak.Pointer[model.Tenant]]*pathGraphEntry
}{m: map[weak.Pointer[model.Tenant]]*pathGraphEntry{}}

type pathGraphEntry struct {
	once sync.Once
	g    *graph.Graph
	err  error
}

// pathGraph returns the tenant's graph, built on first use.
func pathGraph(t *model.Tenant) (*graph.Graph, error) {
	wp := weak.Make(t)
	pathGraphs.mu.Lock()
	e, ok := pathGraphs.m[wp]
	if !ok {
		e = &pathGraphEntry{}
		pathGraphs.m[wp] = e
		runtime.AddCleanup(t, func(wp weak.Pointer[model.Tenant]) {
			pathGraphs.mu.Lock()
			delete(pathGraphs.m, wp)
			pathGraphs.mu.Unlock()
		}, wp)
	}
	pathGraphs.mu.Unlock()
	e.once.Do(func() { e.g, e.err = graph.Build(t, graph.Options{Kinds: pathGraphKinds()}) })
	return e.g, e.err
}

// pathCheck reports the paths of one kind, each graded by its impact and
// placed at the step that breaks it.
func pathCheck(kind graph.PathKind) func(t *model.Tenant, r *reporter) {
	return func(t *model.Tenant, r *reporter) {
		g, err := pathGraph(t)
		if err != nil {
			panic(err) // runCheck reports the check as not evaluated
		}
		for _, u := range g.Unjudged {
			if slices.Contains(u.Kinds, kind) {
				r.skip(Resource{Kind: u.Kind, ID: u.ID, Name: u.Name}, u.Reason, u.Scopes...)
			}
		}
		for i := range g.Paths {
			if p := &g.Paths[i]; p.Kind == kind {
				pathReport(t, r, p)
			}
		}
	}
}

func pathReport(t *model.Tenant, r *reporter, p *graph.Path) {
	at := pathAnchor(t, p)
	s := p.Steps[at]
	sev, err := ParseSeverity(p.Impact)
	if err != nil {
		sev = r.info.Severity
	}
	steps := make([]Step, len(p.Steps))
	for i, st := range p.Steps {
		steps[i] = Step{Kind: st.Kind, ID: st.ID, Name: st.Name, Detail: st.Detail, Path: st.Path, Breaks: i == p.Breaks}
		if st.Line > 0 {
			steps[i].Location = &Location{Line: st.Line, Column: st.Column}
		}
	}
	f := Finding{Severity: sev, Resource: Resource{Kind: s.Kind, ID: s.ID, Name: s.Name}, Path: s.Path,
		Message: p.Title, Steps: steps,
		Evidence: map[string]any{"foothold": p.Foothold, "privilege": p.Privilege, "fix": p.Break, "path_id": p.ID}}
	if s.Line > 0 {
		f.Location = &Location{Line: s.Line, Column: s.Column}
	}
	r.add(f)
}

// pathAnchor is the step a finding is reported at: the one that breaks
// the path, when it is a record of the snapshot; else the last step in
// code; else the first step that is a record.
func pathAnchor(t *model.Tenant, p *graph.Path) int {
	isRecord := func(s graph.Step) bool { return s.Kind != "" && s.ID != "" && t.Has(s.Kind, s.ID) }
	if p.Breaks >= 0 && p.Breaks < len(p.Steps) && isRecord(p.Steps[p.Breaks]) {
		return p.Breaks
	}
	for i := len(p.Steps) - 1; i >= 0; i-- {
		if p.Steps[i].Line > 0 && isRecord(p.Steps[i]) {
			return i
		}
	}
	for i, s := range p.Steps {
		if isRecord(s) {
			return i
		}
	}
	return 0
}
