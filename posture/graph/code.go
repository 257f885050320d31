package graph

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
)

// Phases of the scripts that see a user, in the order they run: once at
// signup, then at every login. A write to app_metadata persists: a login
// script sees what any login script wrote at an earlier login, and what
// the signup scripts wrote.
const (
	phaseRegistration = iota
	phaseLogin
	phaseOther
)

// script is code that runs: an Action bound to a trigger (its deployed
// version) or an enabled Rule.
type script struct {
	// key is the Action's or Rule's entity; kind, id and name its record.
	key  string
	kind inventory.Kind
	id   string
	name string
	// path is the script's member in the record ("deployed_version.code",
	// "code", "script").
	path    string
	src     string
	trigger string // the trigger id; "rules" for a Rule
	phase   int
	seq     int // run order within the phase
	rule    bool
}

// label names the script for people: `Action "Add role claim"`.
func (s *script) label() string {
	if s.rule {
		return fmt.Sprintf("Rule %q", s.name)
	}
	return fmt.Sprintf("Action %q", s.name)
}

func (s *script) hop(detail string) Hop {
	return Hop{EntityKey: s.key, Kind: s.kind, ID: s.id, Name: s.name, Detail: detail}
}

// triggerPhase places a trigger's bindings in the run order.
func triggerPhase(trigger string, i int) (phase, seq int) {
	switch trigger {
	case auth0mgmt.TriggerPreUserRegistration:
		return phaseRegistration, i
	case auth0mgmt.TriggerPostUserRegistration:
		return phaseRegistration, 100000 + i
	case auth0mgmt.TriggerPostLogin:
		return phaseLogin, 1000000 + i
	}
	return phaseOther, i
}

// pathTriggers are the triggers whose bindings the paths read, with the
// path kinds each can hide when its bindings were not read.
var pathTriggers = map[string][]PathKind{
	auth0mgmt.TriggerPostLogin:           {PathUserInputToPrivilege, PathFederatedEmailToPrivilege, PathRequestInputSkipsMFA},
	auth0mgmt.TriggerPreUserRegistration: {PathUserInputToPrivilege},
}

// codeEntities adds the Actions, their triggers, the Rules and the Hooks,
// and lists the scripts that run.
func (b *builder) codeEntities() {
	bound := map[string]bool{}
	for _, tr := range b.trigs {
		for _, bd := range tr.Bindings {
			if bd.Action != nil {
				bound[bd.Action.ID] = true
			}
		}
	}
	for i := range b.actions {
		a := &b.actions[i]
		props := map[string]any{"id": a.ID, "name": a.Name, "deployed": a.DeployedVersion != nil,
			"bound": bound[a.ID], "all_changes_deployed": a.AllChangesDeployed}
		if len(a.SupportedTriggers) > 0 {
			props["trigger"] = a.SupportedTriggers[0].ID
			setIf(props, "trigger_version", a.SupportedTriggers[0].Version)
		}
		setIf(props, "runtime", a.Runtime)
		setIf(props, "status", a.Status)
		key := b.entity(TypeAction, a.ID, cmp.Or(a.Name, a.ID), inventory.KindActions, a.ID, props)
		b.rel(b.account, VerbHas, key, "", nil)
	}
	byID := make(map[string]*auth0mgmt.Action, len(b.actions))
	for i := range b.actions {
		byID[b.actions[i].ID] = &b.actions[i]
	}
	for _, tr := range b.trigs {
		tk := b.triggerEntity(tr.TriggerID)
		for i, bd := range tr.Bindings {
			if bd.Action == nil {
				b.unjudged(tr.TriggerID, inventory.KindTriggerBindings, tr.TriggerID, tr.TriggerID,
					fmt.Sprintf("a binding of the %s trigger (%s) names no Action", tr.TriggerID, bd.DisplayName))
				continue
			}
			ak := b.key(TypeAction, bd.Action.ID)
			b.rel(tk, VerbTriggers, ak, "", map[string]any{"order": i + 1})
			a := byID[bd.Action.ID]
			name := cmp.Or(bd.Action.Name, bd.DisplayName, bd.Action.ID)
			if a != nil {
				name = cmp.Or(a.Name, name)
			}
			s := script{key: ak, kind: inventory.KindActions, id: bd.Action.ID, name: name, trigger: tr.TriggerID}
			s.phase, s.seq = triggerPhase(tr.TriggerID, i)
			switch {
			case ak == "":
				b.unjudged(tr.TriggerID, inventory.KindTriggerBindings, tr.TriggerID, tr.TriggerID,
					fmt.Sprintf("the Action %q bound to the %s trigger is not in the snapshot", name, tr.TriggerID))
				continue
			case a != nil && a.DeployedVersion != nil && a.DeployedVersion.Code != "":
				s.path, s.src = "deployed_version.code", a.DeployedVersion.Code
			case bd.Action.DeployedVersion != nil && bd.Action.DeployedVersion.Code != "":
				s.path, s.src = "deployed_version.code", bd.Action.DeployedVersion.Code
			case a != nil && a.AllChangesDeployed && a.Code != "":
				s.path, s.src = "code", a.Code
			default:
				b.unjudged(tr.TriggerID, inventory.KindActions, bd.Action.ID, name,
					fmt.Sprintf("the deployed code of the Action %q bound to the %s trigger is not in the snapshot", name, tr.TriggerID))
				continue
			}
			b.scripts = append(b.scripts, s)
		}
	}
	if b.ok[inventory.KindTriggerBindings] {
		for _, gap := range b.t.Gaps(inventory.KindTriggerBindings, "bindings") {
			for _, tr := range slices.Sorted(maps.Keys(pathTriggers)) {
				if len(gap.IDs) == 0 || slices.Contains(gap.IDs, tr) {
					b.g.Unjudged = append(b.g.Unjudged, Unjudged{Kinds: pathTriggers[tr], Kind: inventory.KindTriggerBindings,
						ID: tr, Name: tr, Reason: "the bindings of the " + tr + " trigger were not read", Scopes: slices.Clone(gap.MissingScopes)})
				}
			}
		}
	}
	for i := range b.rules {
		r := &b.rules[i]
		props := map[string]any{"id": r.ID, "name": r.Name, "order": r.Order, "enabled": r.Enabled}
		setIf(props, "stage", r.Stage)
		key := b.entity(TypeRule, r.ID, cmp.Or(r.Name, r.ID), inventory.KindRules, r.ID, props)
		b.rel(b.account, VerbHas, key, "", nil)
		if r.Enabled && r.Script != "" && (r.Stage == "" || r.Stage == "login_success") {
			b.scripts = append(b.scripts, script{key: key, kind: inventory.KindRules, id: r.ID, name: r.Name, path: "script",
				src: r.Script, trigger: "rules", phase: phaseLogin, seq: r.Order, rule: true})
		}
	}
	for i := range b.hooks {
		h := &b.hooks[i]
		props := map[string]any{"id": h.ID, "name": h.Name, "enabled": h.Enabled}
		setIf(props, "trigger_id", h.TriggerID)
		key := b.entity(TypeHook, h.ID, cmp.Or(h.Name, h.ID), inventory.KindHooks, h.ID, props)
		b.rel(b.account, VerbHas, key, "", nil)
		if h.Enabled && h.TriggerID != "" {
			b.rel(b.triggerEntity(h.TriggerID), VerbTriggers, key, "", nil)
		}
	}
	slices.SortStableFunc(b.scripts, func(x, y script) int {
		return cmp.Or(cmp.Compare(x.phase, y.phase), cmp.Compare(x.seq, y.seq), cmp.Compare(x.id, y.id))
	})
}

func (b *builder) triggerEntity(id string) string {
	key := b.entity(TypeTrigger, id, id, inventory.KindTriggerBindings, id, map[string]any{"id": id})
	b.rel(b.account, VerbHas, key, "", nil)
	return key
}

// unjudged records that a record of a trigger's code could not be read;
// triggers no path reads are not recorded.
func (b *builder) unjudged(trigger string, kind inventory.Kind, id, name, reason string) {
	kinds, ok := pathTriggers[trigger]
	if !ok {
		return
	}
	b.g.Unjudged = append(b.g.Unjudged, Unjudged{Kinds: kinds, Kind: kind, ID: id, Name: name, Reason: reason})
}

// redacted reports whether the snapshot replaced a script whole.
func redacted(src string) bool { return strings.TrimSpace(src) == inventory.Redacted }

// codeFacts are what the running scripts do that access and paths read.
type codeFacts struct {
	// scopes are the scopes the scripts add to access tokens.
	scopes []scopeAdd
}

// scopeAdd is one call that adds a scope to an access token.
type scopeAdd struct {
	s *script
	// scope is the scope added; "" when it comes from a value the code
	// does not fix (dynamic).
	scope string
	// fromInput is set when the scope comes from what the user or the
	// request sends (user_metadata, the request's query or body).
	fromInput bool
	// source names the value a dynamic scope comes from
	// ("user_metadata.requested_scopes").
	source string
	// condition is the guard's sources ("app_metadata.role"), or a
	// description of the condition when none of its sources is known;
	// "" when the call is unconditional.
	condition string
	line, col int
}
