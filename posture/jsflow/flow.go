package jsflow

import (
	"cmp"
	"slices"
)

// Spec says where flows start and end.
type Spec struct {
	// Params names the entry function's parameters in order: for an
	// Action ["event", "api"] (the entry is the function assigned to
	// exports.<anything> or module.exports.<anything>, e.g.
	// exports.onExecutePostLogin = async (event, api) => {...}; whatever
	// its parameters are called in the source, the first is "event", the
	// second "api"), for a Rule ["user", "context", "callback"], for a
	// Hook ["user", "context", "cb"] or ["client", "scope", "audience",
	// "context", "cb"] (a bare function expression or module.exports =
	// function ...). Source, sink and assignment names below are written
	// with these canonical names.
	Params  []string
	Sources []Source
	Sinks   []Sink
	// AssignSinks are targets whose assignment is a sink (Rules:
	// "context.accessToken", "context.idToken", "context.multifactor";
	// "user.app_metadata" as an app_metadata write).
	AssignSinks []AssignSink
}

// Source is where attacker-influenced data enters a script.
type Source struct {
	// Prefix is a dotted name; reading it or anything below it
	// ("event.user.user_metadata", "event.user.user_metadata.role",
	// event.user.user_metadata["x"], destructured, aliased) is a use.
	// Prefixes match on whole dotted segments: "event.user.user_metadata"
	// does not match event.user.user_metadata_backup. When several
	// prefixes match a name, the longest decides the Source.
	Prefix string
	Label  string // e.g. "user_metadata", "request query"
}

// Sink is a call whose arguments, or whose running at all, matter.
type Sink struct {
	Callee string // dotted name with canonical params: "api.accessToken.addScope"
	Label  string
	// Args are the argument indexes whose values matter (nil: all).
	Args []int
	// Guard: the conditions that decide whether the call runs (or is
	// skipped by an early return/throw before it) matter too: a tainted
	// guard is a flow (e.g. api.multifactor.enable skipped when
	// event.request.query.skip_mfa === 'true'; api.accessToken.addScope('admin:all')
	// inside if (event.user.app_metadata.role === 'admin')).
	Guard bool
}

// AssignSink is an assignment target that is a sink.
type AssignSink struct {
	Prefix string // "context.accessToken" matches context.accessToken.scope = x and context.accessToken['https://x/roles'] = x
	Label  string
	Guard  bool
}

// Flow is one source reaching one sink use.
type Flow struct {
	Source SourceUse
	Sink   SinkUse
	// Guard is true when the source decides whether the sink runs (a
	// condition), false when its value reaches the sink's argument or
	// assigned value.
	Guard bool
	// Steps are the intermediate places the value went through, in order
	// (an alias, a destructuring, a helper's parameter and return...),
	// for a reader and for SARIF code flows.
	Steps []Step
}

// SourceUse is a read of a source.
type SourceUse struct {
	Source Source
	Name   string // the full dotted name read: "event.user.user_metadata.requested_scopes"
	Pos    Pos
}

// SinkUse is a sink call or a sink assignment.
type SinkUse struct {
	Sink Sink   // or the AssignSink as a Sink{Callee: prefix, Label, Guard}
	Name string // the callee, or the assigned dotted name ("context.accessToken.scope")
	Pos  Pos
	// Values are the argument (or assigned) values that are constant
	// strings (the scope in addScope('admin:all'), the claim name in
	// setCustomClaim('https://x/role', role)), by argument index; an
	// assignment's constant value at index 0.
	Values map[int]string
	// Conditional is true when the call runs only under some condition.
	Conditional bool
}

// Step is a place a tainted value went through.
type Step struct {
	Pos  Pos
	Note string // "role = event.user.user_metadata.role", "helper(x) returns it"
}

// Analysis is the result of Analyze.
type Analysis struct {
	Flows []Flow
	// Calls are every sink call and sink assignment of the script, with
	// or without a flow (constant scopes added to everyone, say), in
	// source order.
	Calls []SinkUse
	// Entries are the positions of the entry functions the analysis
	// started from (the function assigned to exports.X, module.exports.X
	// or module.exports, or the bare function of a Rule or Hook), in
	// source order; empty when the script has none and its top-level
	// code was read with the canonical parameter names as free names.
	Entries []Pos
	// Truncated is true when the script was too large or too deeply
	// nested for the analysis's work budget: calls of local helpers
	// past the budget were treated as unknown calls (still conservative
	// for their value, but a sink inside such a helper is then seen
	// only once, with unknown arguments).
	Truncated bool
}

// Analyze finds the flows of s under spec. It never fails: what it cannot
// follow it leaves out (see the package documentation, "Data flow", for
// what it follows and what it does not); it never panics on any Script.
//
// Flows are sorted by the sink's position, then the source's; Calls by
// position. A sink call inside a helper called with different constant
// arguments is one SinkUse per distinct set of Values.
func Analyze(s *Script, spec Spec) (out *Analysis) {
	defer func() {
		if recover() != nil {
			out = &Analysis{}
		}
	}()
	return analyze(s, spec, true)
}

// analyze runs the analysis; with protect, a failure of the analyser
// (a bug) keeps what was found before it.
func analyze(s *Script, spec Spec, protect bool) *Analysis {
	if s == nil || s.Program == nil {
		return &Analysis{}
	}
	a := newAnalyzer(s, &spec)
	if protect {
		func() {
			defer func() { _ = recover() }()
			a.run()
		}()
	} else {
		a.run()
	}
	return a.result()
}

// result assembles the Analysis.
func (a *analyzer) result() *Analysis {
	out := &Analysis{Truncated: a.truncated}
	for _, e := range a.entries {
		out.Entries = append(out.Entries, a.s.Pos(e.node))
	}
	slices.SortFunc(out.Entries, func(x, y Pos) int { return cmp.Compare(x.Offset, y.Offset) })
	out.Entries = slices.Compact(out.Entries)
	out.Calls = make([]SinkUse, len(a.uses))
	for i, u := range a.uses {
		out.Calls[i] = u.use
	}
	slices.SortStableFunc(out.Calls, func(x, y SinkUse) int { return cmp.Compare(x.Pos.Offset, y.Pos.Offset) })
	out.Flows = make([]Flow, 0, len(a.flows))
	memo := map[*stepNode]Step{}
	for _, f := range a.flows {
		t := f.t
		out.Flows = append(out.Flows, Flow{
			Source: SourceUse{Source: a.spec.Sources[t.src], Name: t.name, Pos: a.s.PosAt(t.at)},
			Sink:   a.uses[f.use].use,
			Guard:  f.guard,
			Steps:  t.stepList(a.s, memo),
		})
	}
	slices.SortStableFunc(out.Flows, func(x, y Flow) int {
		if c := cmp.Compare(x.Sink.Pos.Offset, y.Sink.Pos.Offset); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Source.Pos.Offset, y.Source.Pos.Offset); c != 0 {
			return c
		}
		if x.Guard != y.Guard {
			if !x.Guard {
				return -1
			}
			return 1
		}
		return cmp.Compare(x.Source.Name, y.Source.Name)
	})
	return out
}
