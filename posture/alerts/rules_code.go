package alerts

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

// Code that runs at login: Actions (deployed, bound), Rules and Hooks.

// bindingActions lists the Action ids bound in a trigger_bindings record.
func bindingActions(m map[string]any) []string {
	l, _ := m["bindings"].([]any)
	var out []string
	for _, e := range l {
		b, _ := e.(map[string]any)
		if id := str(get(b, "action", "id")); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// codeRules: ALR-CODE-001 to ALR-CODE-004.
func (p *pass) codeRules() {
	// Actions newly bound to a trigger.
	bound := map[string][]string{}
	for _, r := range p.records[inventory.KindTriggerBindings] {
		if r.op == inventory.OpRemoved {
			continue
		}
		b, a := r.obj()
		trigger := str(a["trigger_id"])
		if trigger == "" {
			trigger = r.id
		}
		if b == nil && r.op == inventory.OpAdded {
			b = map[string]any{}
		}
		for _, id := range minus(bindingActions(a), bindingActions(b)) {
			bound[id] = append(bound[id], trigger)
		}
	}

	for _, r := range p.records[inventory.KindActions] {
		if r.op == inventory.OpRemoved || (!r.touches("deployed_version") && bound[r.id] == nil) {
			continue
		}
		b, a := r.obj()
		ac, deployed := get(a, "deployed_version", "code").(string)
		if !deployed {
			continue
		}
		bc, was := get(b, "deployed_version", "code").(string)
		name := fmt.Sprintf("%q", str(a["name"]))
		var msg string
		switch {
		case b == nil:
			msg = "A deployed Action " + name + " was added"
		case !was:
			msg = "Action " + name + " was deployed"
		case bc != ac:
			msg = "The deployed code of Action " + name + " changed"
		default:
			continue // only bound: ALR-CODE-004 below
		}
		if tr := actionTrigger(a); tr != "" {
			msg += " (trigger " + tr + ")"
		}
		var before any
		if was {
			before = codeDigest(bc)
		}
		changes := []Change{valueChange("deployed_version.code", before, codeDigest(ac))}
		if ts := bound[r.id]; ts != nil {
			changes = append(changes, listChange("triggers", nil, ts, ts, nil))
			msg += " and bound to " + strings.Join(ts, ", ")
			delete(bound, r.id)
		}
		findings := p.findingsOn(inventory.KindActions, r.id)
		p.raise(RuleActionDeployed, posture.SeverityMedium, p.resource(inventory.KindActions, r.id),
			msg+findingsNote(findings)+".", changes, findings)
	}

	ids := make([]string, 0, len(bound))
	for id := range bound {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		ts := bound[id]
		findings := p.findingsOn(inventory.KindActions, id)
		res := p.resource(inventory.KindActions, id)
		label := res.Name
		if label == "" {
			label = id
		}
		p.raise(RuleActionBound, posture.SeverityMedium, res, fmt.Sprintf("Action %q now runs on the %s trigger%s%s.",
			label, strings.Join(ts, ", "), map[bool]string{true: "s"}[len(ts) > 1], findingsNote(findings)),
			[]Change{listChange("triggers", nil, ts, ts, nil)}, findings)
	}

	p.scriptRules(inventory.KindRules, RuleRuleChanged, "Rule")
	p.scriptRules(inventory.KindHooks, RuleHookChanged, "Hook")
}

// actionTrigger is the first trigger an Action supports.
func actionTrigger(a map[string]any) string {
	l, _ := a["supported_triggers"].([]any)
	if len(l) == 0 {
		return ""
	}
	t, _ := l[0].(map[string]any)
	return str(t["id"])
}

// scriptRules raises rule for Rules or Hooks added enabled, enabled, or
// whose script changed while enabled (an absent "enabled" is true).
func (p *pass) scriptRules(k inventory.Kind, rule, noun string) {
	for _, r := range p.records[k] {
		if r.op == inventory.OpRemoved || !r.touches("enabled", "script") {
			continue
		}
		b, a := r.obj()
		if !boolOr(a["enabled"], true) {
			continue
		}
		name := fmt.Sprintf("%q", str(a["name"]))
		var msg string
		var changes []Change
		switch {
		case b == nil:
			msg = fmt.Sprintf("An enabled %s %s was added", noun, name)
			changes = append(changes, valueChange("script", nil, codeDigest(a["script"])))
		case !boolOr(b["enabled"], true):
			msg = fmt.Sprintf("%s %s was enabled", noun, name)
			changes = append(changes, valueChange("enabled", b["enabled"], a["enabled"]))
			if str(b["script"]) != str(a["script"]) {
				msg += " with a new script"
				changes = append(changes, valueChange("script", codeDigest(b["script"]), codeDigest(a["script"])))
			}
		case str(b["script"]) != str(a["script"]):
			msg = fmt.Sprintf("The script of %s %s changed", noun, name)
			changes = append(changes, valueChange("script", codeDigest(b["script"]), codeDigest(a["script"])))
		default:
			continue
		}
		if st := str(a["stage"]) + str(a["triggerId"]); st != "" {
			msg += " (" + st + ")"
		}
		findings := p.findingsOn(k, r.id)
		p.raise(rule, posture.SeverityMedium, p.resource(k, r.id), msg+findingsNote(findings)+".", changes, findings)
	}
}

// findingsNote sums up the findings attached to an alert.
func findingsNote(fs []FindingRef) string {
	if len(fs) == 0 {
		return ""
	}
	var parts []string
	for _, f := range fs {
		parts = append(parts, f.Check+" ("+f.Severity.String()+")")
	}
	return fmt.Sprintf(", with %s: %s", plural(len(fs), "new finding"), sample(parts, 4))
}
