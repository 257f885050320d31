package graph

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/jsflow"
	"github.com/authlens/authlens/posture/model"
)

// Taint classes: what an attacker controls.
const (
	classInput = "input" // user_metadata, the login request's query or body
	classEmail = "email" // email and email_verified, as a federated provider sends them
)

// taint is an attacker-controlled value on its way: where it started and
// the steps it took so far (earlier scripts and the app_metadata fields
// they wrote).
type taint struct {
	class  string
	origin string // the root source's label
	// steps are the steps before the current script's (nil for a root)
	steps   []Step
	clauses []string
	// breakAt is the index in steps of the step that breaks the path; -1
	// until the first code step is known.
	breakAt   int
	breakText string
	// writer is the script that wrote the field (nil for a root).
	writer *script
}

// fieldTaint is an app_metadata field written from an attacker's value.
type fieldTaint struct {
	key string // "" for the whole object (or a key the code computes)
	t   *taint
}

// codePaths follows attacker-controlled values through the running
// scripts, across the app_metadata fields they write, to privileges.
func (b *builder) codePaths() {
	kinds := map[PathKind]bool{}
	for _, k := range []PathKind{PathUserInputToPrivilege, PathFederatedEmailToPrivilege, PathRequestInputSkipsMFA} {
		kinds[k] = b.have(k)
	}
	if !kinds[PathUserInputToPrivilege] && !kinds[PathFederatedEmailToPrivilege] && !kinds[PathRequestInputSkipsMFA] {
		return
	}
	// app_metadata fields written from attacker values, to a fixpoint
	var fields []fieldTaint
	for pass := 0; pass <= len(b.analyzed)+1; pass++ {
		changed := false
		for _, an := range b.analyzed {
			for _, f := range an.a.Flows {
				si := sinkOf(f.Sink)
				if si.kind != sinkAppWrite || an.s.phase == phaseOther {
					continue
				}
				for _, t := range b.taintsOf(an, f, fields) {
					if fieldTainted(fields, si.key, t.class) {
						continue
					}
					steps, clauses, breakAt, breakText := b.extend(t, an, f, si)
					field := b.fieldEntity(srcAppMetadata, si.key)
					steps = append(steps, Step{Hop: b.entityHop(field, fmt.Sprintf("%s now holds what %s controls", fieldLabel(si.key), originWho(t.origin)))})
					fields = append(fields, fieldTaint{key: si.key, t: &taint{class: t.class, origin: t.origin, steps: steps,
						clauses: clauses, breakAt: breakAt, breakText: breakText, writer: an.s}})
					b.g.Entities[b.g.byKey[field]].Properties["written_from_user_input"] = true
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	seen := map[string]bool{}
	for _, an := range b.analyzed {
		for _, f := range an.a.Flows {
			si := sinkOf(f.Sink)
			for _, t := range b.taintsOf(an, f, fields) {
				b.pathsOf(an, f, si, t, kinds, seen)
			}
		}
	}
}

func fieldTainted(fields []fieldTaint, key, class string) bool {
	for _, ft := range fields {
		if ft.key == key && ft.t.class == class {
			return true
		}
	}
	return false
}

func fieldLabel(key string) string {
	if key == "" {
		return "app_metadata"
	}
	return "app_metadata." + key
}

// originWho says who controls a root source.
func originWho(origin string) string {
	switch origin {
	case srcUserMetadata:
		return "the user"
	case srcQuery, srcBody:
		return "whoever starts the login"
	}
	return "the identity provider"
}

// taintsOf returns the attacker values a flow's source carries in this
// script: a root source, or an app_metadata field an earlier script
// wrote from one.
func (b *builder) taintsOf(an analyzed, f jsflow.Flow, fields []fieldTaint) []*taint {
	label := f.Source.Source.Label
	switch {
	case inputLabels[label]:
		if an.s.phase == phaseOther {
			return nil
		}
		return []*taint{{class: classInput, origin: label, breakAt: -1}}
	case label == srcEmail || label == srcEmailVerified:
		if an.s.phase != phaseLogin {
			return nil // federated users never run the signup triggers
		}
		return []*taint{{class: classEmail, origin: label, breakAt: -1}}
	case label == srcAppMetadata:
		_, key := metadataField(f.Source.Name)
		var out []*taint
		for _, ft := range fields {
			if (ft.key == key || ft.key == "") && ft.t.writer != an.s && visible(ft.t.writer, an.s) {
				out = append(out, ft.t)
			}
		}
		return out
	}
	return nil
}

// visible reports whether what script w writes to app_metadata is there
// when script r runs: a signup script's write for every later script; an
// Action's write at login for every login script (it persists, so even
// one that runs before it sees it at the next login); a Rule's write for
// the scripts after it.
func visible(w, r *script) bool {
	switch {
	case r.phase == phaseRegistration:
		return w.phase == phaseRegistration && w.seq < r.seq
	case r.phase != phaseLogin:
		return false
	case w.phase == phaseRegistration:
		return true
	case w.phase == phaseLogin && w.rule:
		return w.seq < r.seq
	}
	return w.phase == phaseLogin
}

// extend appends a flow's code steps to a taint's: the source read, each
// place the value went through, the sink.
func (b *builder) extend(t *taint, an analyzed, f jsflow.Flow, si sinkInfo) (steps []Step, clauses []string, breakAt int, breakText string) {
	s := an.s
	steps = append(steps, t.steps...)
	breakAt, breakText = t.breakAt, t.breakText
	if t.steps == nil && t.origin == srcUserMetadata {
		if obj, field := metadataField(f.Source.Name); obj != "" {
			k := b.fieldEntity(obj, field)
			b.g.Entities[b.g.byKey[k]].Properties["user_writable"] = true
			steps = append(steps, Step{Hop: b.entityHop(k, fmt.Sprintf("%s: the user edits it, and sets it at signup", shortName(f.Source.Name)))})
		}
	}
	if breakAt < 0 {
		breakAt = len(steps)
		breakText = rootBreak(t, si)
	}
	code := func(p jsflow.Pos, detail string) {
		if n := len(steps); n > 0 && steps[n-1].EntityKey == s.key && steps[n-1].Line == p.Line && steps[n-1].Column == p.Column {
			return
		}
		steps = append(steps, Step{Hop: s.hop(detail), Path: s.path, Line: p.Line, Column: p.Column})
	}
	code(f.Source.Pos, "reads "+f.Source.Name)
	for _, st := range f.Steps {
		code(st.Pos, st.Note)
	}
	what := sinkWhat(f, si, guardCondition(an, f.Sink))
	code(f.Sink.Pos, what)
	clauses = append(append(clauses, t.clauses...), fmt.Sprintf("%s %s (line %d)", s.label(), what, f.Sink.Pos.Line))
	return steps, clauses, breakAt, breakText
}

// rootBreak is the change at the first code step that breaks a path.
func rootBreak(t *taint, si sinkInfo) string {
	switch {
	case t.origin == srcUserMetadata && si.kind == sinkAppWrite:
		return "stop copying user_metadata into app_metadata: let only your backend (or an admin) write " + fieldLabel(si.key)
	case t.origin == srcUserMetadata:
		return "read the flag from app_metadata that only your backend writes, not user_metadata"
	case si.kind == sinkMFA:
		return "decide MFA from what the caller cannot send (the user's roles, app_metadata your backend writes), not the login request's parameters; or set the MFA policy to Always"
	case t.class == classInput:
		return "decide from data the caller cannot send, not the login request's query or body"
	}
	return "decide from roles or app_metadata your backend writes, not from email or email_verified"
}

// sinkWhat says what a sink use does with the value.
func sinkWhat(f jsflow.Flow, si sinkInfo, cond string) string {
	src := shortName(f.Source.Name)
	if cond == "" || strings.HasPrefix(cond, "a condition") {
		cond = src
	}
	when := " when " + cond + " allows it"
	if strings.Contains(cond, " and ") {
		when = " when " + cond + " allow it"
	}
	switch si.kind {
	case sinkScope:
		scope := "a scope"
		if si.scope != "" {
			scope = "scope " + si.scope
		}
		if f.Guard {
			return "adds " + scope + " to the access token" + when
		}
		return "passes " + src + " to " + si.call + " as the scope"
	case sinkAccessClaim, sinkIDClaim:
		claim := "a claim"
		if si.claim != "" {
			claim = "claim " + si.claim
		}
		if f.Guard {
			return "sets " + claim + when
		}
		return "puts " + src + " into " + claim
	case sinkAppWrite:
		if f.Guard {
			return "writes " + fieldLabel(si.key) + when
		}
		return "copies " + src + " into " + fieldLabel(si.key)
	case sinkMFA:
		return "decides on " + cond + " whether to ask for the second factor (" + si.call + ")"
	case sinkDeny:
		return "decides on " + cond + " whether to refuse the login"
	}
	return "passes " + src + " to " + si.call
}

// guardedBy reports whether a condition on a source of this label
// guards a sink use.
func guardedBy(an analyzed, u jsflow.SinkUse, label string) bool {
	key := useKey(an.s, u)
	for _, f := range an.a.Flows {
		if f.Guard && f.Source.Source.Label == label && useKey(an.s, f.Sink) == key {
			return true
		}
	}
	return false
}

// mfaAlways reports whether a login script asks for MFA on every login:
// an api.multifactor.enable or challenge call, or a Rule's
// context.multifactor, that no condition guards.
func (b *builder) mfaAlways() bool {
	for _, an := range b.analyzed {
		if an.s.phase != phaseLogin {
			continue
		}
		for _, u := range an.a.Calls {
			if u.Sink.Label == sinkMFA && !u.Conditional && u.Values[0] != "none" {
				return true
			}
		}
	}
	return false
}

// privilege is what a path reaches: its steps and how bad it is.
type privilege struct {
	text   string
	steps  []Step
	impact string
}

// privilegeOf returns the privilege a sink use gives (ok false when it
// gives none: a claim that is no authorization, a scope no API defines).
func (b *builder) privilegeOf(an analyzed, f jsflow.Flow, si sinkInfo) (privilege, bool) {
	switch si.kind {
	case sinkScope:
		if si.scope == "" {
			return privilege{text: "any scope an application may request",
				steps:  []Step{{Hop: Hop{Name: "any scope", Detail: "any scope an application requests, of any API, lands in the access token"}}},
				impact: "critical"}, true
		}
		apis := b.apisDefining(si.scope)
		if len(apis) == 0 {
			return privilege{}, false
		}
		api := apis[0]
		text := fmt.Sprintf("scope %s of %s", si.scope, b.apiName(api))
		detail := text
		if len(apis) > 1 {
			detail += fmt.Sprintf(" (and of %d more APIs)", len(apis)-1)
		}
		return privilege{text: text, impact: scopeImpact(si.scope), steps: []Step{
			{Hop: b.entityHop(b.key(TypeScope, api+" "+si.scope), detail)},
			{Hop: b.entityHop(b.key(TypeServer, api), "accepts the access token with scope "+si.scope)},
		}}, true
	case sinkAccessClaim, sinkIDClaim:
		if si.claim == "" || !authorizationClaim(si.claim) {
			return privilege{}, false
		}
		token := "access token"
		if si.kind == sinkIDClaim {
			token = "ID token"
		}
		impact := "high"
		if roleLikeClaim(si.claim) {
			impact = "critical"
		}
		if si.kind == sinkIDClaim {
			impact = lower(impact) // the application reads it, no API does
		}
		text := fmt.Sprintf("%s claim %s", token, si.claim)
		return privilege{text: text, impact: impact, steps: []Step{
			{Hop: b.entityHop(b.claimEntity(si.kind, si.claim), text+", which "+map[bool]string{true: "the application reads", false: "APIs read"}[si.kind == sinkIDClaim]+" as authorization")},
		}}, true
	case sinkMFA:
		if !f.Guard && !an.s.rule {
			return privilege{}, false
		}
		return privilege{text: "a login without the second factor", impact: "high", steps: []Step{
			{Hop: Hop{Kind: inventory.KindGuardianPolicies, ID: model.GuardianPoliciesID, Name: "MFA policies",
				Detail: "the MFA policy is Never: only code asks for the second factor"}, Path: "policies"},
			{Hop: Hop{Name: "login without the second factor", Detail: "the login completes on the password alone"}},
		}}, true
	case sinkDeny:
		if !f.Guard {
			return privilege{}, false
		}
		return privilege{text: "a login the code means to refuse", impact: "high", steps: []Step{
			{Hop: Hop{Name: "login the code means to refuse", Detail: "the login goes through where " + an.s.label() + " would deny it"}},
		}}, true
	}
	return privilege{}, false
}

// scopeImpact grades a scope: critical for write, admin and delete
// scopes, high for the others.
func scopeImpact(scope string) string {
	l := strings.ToLower(scope)
	verb, _, _ := strings.Cut(l, ":")
	switch verb {
	case "write", "admin", "delete", "create", "update", "manage", "full", "all", "*":
		return "critical"
	}
	if strings.Contains(l, "admin") || strings.Contains(l, "write") {
		return "critical"
	}
	return "high"
}

// lower is one grade below an impact.
func lower(impact string) string {
	switch impact {
	case "critical":
		return "high"
	case "high":
		return "medium"
	}
	return "low"
}

// foothold is where a path starts.
type foothold struct {
	step Step
	who  string
	// full is false when the foothold takes an account of the tenant
	// that not anyone can get (the path is graded one lower)
	full bool
	// breaks is set when the foothold step is the one to change
	breaks string
}

// pathsOf adds the paths a flow completes.
func (b *builder) pathsOf(an analyzed, f jsflow.Flow, si sinkInfo, t *taint, kinds map[PathKind]bool, seen map[string]bool) {
	var kind PathKind
	switch {
	case t.class == classInput && si.kind == sinkMFA:
		if t.origin != srcQuery && t.origin != srcBody {
			return
		}
		kind = PathRequestInputSkipsMFA
	case t.class == classInput && (si.kind == sinkScope || si.kind == sinkAccessClaim || si.kind == sinkIDClaim):
		kind = PathUserInputToPrivilege
	case t.class == classEmail && si.kind != sinkAppWrite && si.kind != sinkUserWrite:
		kind = PathFederatedEmailToPrivilege
	default:
		return
	}
	if !kinds[kind] || an.s.phase == phaseOther {
		return
	}
	if si.kind == sinkMFA || (kind == PathFederatedEmailToPrivilege && si.kind == sinkDeny) {
		if an.s.phase != phaseLogin {
			return
		}
	}
	if kind == PathFederatedEmailToPrivilege && guardedBy(an, f.Sink, srcConnection) {
		return // the decision is limited to some connections
	}
	if si.kind == sinkMFA {
		if b.mfaAlways() {
			return // a login script asks for MFA whatever the request says
		}
		if !b.policiesRead {
			b.g.Unjudged = append(b.g.Unjudged, Unjudged{Kinds: []PathKind{kind}, Kind: inventory.KindGuardianPolicies,
				ID: model.GuardianPoliciesID, Name: "MFA policies", Reason: "the MFA policies record is not in the snapshot", Scopes: []string{"read:mfa_policies"}})
			return
		}
		if len(b.policies) > 0 {
			return // MFA is required by policy: code can only add to it
		}
	}
	priv, ok := b.privilegeOf(an, f, si)
	if !ok {
		return
	}
	steps, clauses, breakAt, breakText := b.extend(t, an, f, si)
	var footholds []foothold
	switch {
	case t.class == classEmail:
		footholds = b.emailFootholds()
		if si.kind == sinkMFA {
			priv.impact = "low"
		}
		if si.kind == sinkDeny && t.origin == srcEmailVerified {
			priv.impact = "low" // only the verification gate is passed
		}
	case t.origin == srcUserMetadata:
		footholds = []foothold{b.signupFoothold()}
	default:
		fh := b.signupFoothold()
		footholds = []foothold{{step: Step{Hop: b.entityHop(b.account, "sends the parameter with the login request")},
			who: "anyone who can start a login", full: fh.full}}
	}
	for _, fh := range footholds {
		key := string(kind) + "|" + fh.step.EntityKey + "|" + useKey(an.s, f.Sink) + "|" + priv.text
		if seen[key] {
			continue
		}
		seen[key] = true
		impact := priv.impact
		if kind == PathUserInputToPrivilege && !fh.full {
			impact = lower(impact)
		}
		if kind == PathRequestInputSkipsMFA {
			impact = "high"
		}
		all := append([]Step{fh.step}, steps...)
		all = append(all, priv.steps...)
		p := Path{Kind: kind, Impact: impact, Steps: all, Foothold: fh.who, Privilege: priv.text,
			Break: breakText, Breaks: breakAt + 1}
		if fh.breaks != "" {
			p.Break, p.Breaks = fh.breaks, 0
		}
		tail := strings.Join(clauses, ", then ")
		if kind == PathFederatedEmailToPrivilege {
			tail = fmt.Sprintf("the connection %s, and %s", strings.TrimPrefix(fh.step.Detail, "it "), tail)
		}
		if si.kind == sinkMFA {
			tail += ", and the MFA policy is Never"
		}
		p.Title = fmt.Sprintf("%s can get %s: %s.", capitalize(fh.who), priv.text, tail)
		b.addPath(p)
	}
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// signupFoothold is who can write user_metadata: anyone who signs up on
// a database or passwordless connection with signup open that serves an
// application, else any user of the tenant.
func (b *builder) signupFoothold() foothold {
	if b.signup != nil {
		return *b.signup
	}
	var open []*model.Connection
	for i := range b.conns {
		c := &b.conns[i]
		if !c.IsDatabase() && !connPasswordless[c.Strategy] {
			continue
		}
		isOpen, known := connSignupOpen(c)
		if !known {
			b.g.Unjudged = append(b.g.Unjudged, Unjudged{Kinds: []PathKind{PathUserInputToPrivilege}, Kind: inventory.KindConnections,
				ID: c.ID, Name: c.Name, Reason: "connection options not returned (whether anyone can sign up is unknown)", Scopes: []string{"read:connections_options"}})
			continue
		}
		if !c.EnabledClientsRead {
			b.g.Unjudged = append(b.g.Unjudged, Unjudged{Kinds: []PathKind{PathUserInputToPrivilege}, Kind: inventory.KindConnections,
				ID: c.ID, Name: c.Name, Reason: "the connection's enabled applications were not read", Scopes: []string{"read:connections"}})
			continue
		}
		if isOpen && len(c.EnabledClients) > 0 {
			open = append(open, c)
		}
	}
	fh := foothold{who: "any user of the tenant (user_metadata is theirs to edit)",
		step: Step{Hop: b.entityHop(b.account, "any user of the tenant edits their own user_metadata")}}
	if len(open) > 0 {
		c := open[0]
		for _, o := range open[1:] {
			if o.Name < c.Name {
				c = o
			}
		}
		detail := fmt.Sprintf("anyone can sign up through it (options.disable_signup is not true) and log in to the %d applications it is enabled for; a signup sets user_metadata", len(c.EnabledClients))
		if len(open) > 1 {
			detail += fmt.Sprintf(" (%d more connections let anyone sign up)", len(open)-1)
		}
		fh = foothold{who: "anyone who signs up", full: true,
			step: Step{Hop: b.entityHop(b.key(TypeConnection, c.ID), detail), Path: "options.disable_signup"}}
	}
	b.signup = &fh
	return fh
}

// emailFootholds are the connections whose identity provider decides
// email_verified and that serve an application.
func (b *builder) emailFootholds() []foothold {
	if b.email != nil {
		return b.email
	}
	b.email = []foothold{}
	for i := range b.conns {
		c := &b.conns[i]
		if !c.HasOptions() {
			if !c.IsDatabase() && !connPasswordless[c.Strategy] {
				b.g.Unjudged = append(b.g.Unjudged, Unjudged{Kinds: []PathKind{PathFederatedEmailToPrivilege}, Kind: inventory.KindConnections,
					ID: c.ID, Name: c.Name, Reason: "connection options not returned", Scopes: []string{"read:connections_options"}})
			}
			continue
		}
		tr := emailTrustOf(c)
		if tr.unparsed != "" {
			b.g.Unjudged = append(b.g.Unjudged, Unjudged{Kinds: []PathKind{PathFederatedEmailToPrivilege}, Kind: inventory.KindConnections,
				ID: c.ID, Name: c.Name, Reason: tr.unparsed})
			continue
		}
		if tr.path == "" {
			continue
		}
		if !c.EnabledClientsRead {
			b.g.Unjudged = append(b.g.Unjudged, Unjudged{Kinds: []PathKind{PathFederatedEmailToPrivilege}, Kind: inventory.KindConnections,
				ID: c.ID, Name: c.Name, Reason: "the connection's enabled applications were not read", Scopes: []string{"read:connections"}})
			continue
		}
		if len(c.EnabledClients) == 0 {
			continue
		}
		b.email = append(b.email, foothold{
			who:    fmt.Sprintf("whoever controls an account at the identity provider of connection %q", c.Name),
			full:   true,
			breaks: tr.fix,
			step: Step{Hop: b.entityHop(b.key(TypeConnection, c.ID), fmt.Sprintf("it %s; it is enabled for %d applications", tr.detail, len(c.EnabledClients))),
				Path: tr.path}})
	}
	return b.email
}
