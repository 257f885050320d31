package alerts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

// The tenant's defences: attack protection, MFA, log streams.

// The attack protection records (inventory.KindAttackProtection).
const (
	bruteForceID       = "brute-force-protection"
	breachedPasswordID = "breached-password-detection"
	suspiciousIPID     = "suspicious-ip-throttling"
	botDetectionID     = "bot-detection"
)

// weakening collects what a record lost.
type weakening struct {
	sev     posture.Severity
	what    []string
	changes []Change
}

func (w *weakening) add(sev posture.Severity, what string, c Change) {
	w.sev = max(w.sev, sev)
	w.what = append(w.what, what)
	w.changes = append(w.changes, c)
}

// onOff checks a member that protects when true (def when absent).
func (w *weakening) onOff(sev posture.Severity, b, a map[string]any, path []string, def bool, what string) {
	bv, av := boolOr(get(b, path...), def), boolOr(get(a, path...), def)
	if bv && !av {
		w.add(sev, what, valueChange(strings.Join(path, "."), get(b, path...), get(a, path...)))
	}
}

// shields checks a shields list (def when absent) for shields removed.
func (w *weakening) shields(b, a map[string]any, path []string, def []string, grade map[string]posture.Severity, what string) {
	read := func(m map[string]any) []string {
		v := get(m, path...)
		if v == nil {
			return def
		}
		return strList(v)
	}
	bs, as := read(b), read(a)
	removed := minus(bs, as)
	var sev posture.Severity
	for _, s := range removed {
		sev = max(sev, grade[s])
	}
	if sev > 0 {
		w.add(sev, fmt.Sprintf("%s no longer %s", what, strings.Join(removed, ", ")),
			listChange(strings.Join(path, "."), bs, as, nil, removed))
	}
}

// allowlist checks a list of exempt addresses for growth.
func (w *weakening) allowlist(sev posture.Severity, b, a map[string]any, path []string, what string) {
	bl, al := strList(get(b, path...)), strList(get(a, path...))
	if added := minus(al, bl); len(added) > 0 {
		w.add(sev, fmt.Sprintf("%s exempts %s more (%s)", what, plural(len(added), "address"), sample(added, 3)),
			listChange(strings.Join(path, "."), bl, al, added, nil))
	}
}

// raised checks a threshold that protects less the higher it is.
func (w *weakening) raised(sev posture.Severity, b, a map[string]any, path []string, def float64, what string) {
	// A negative def: no default, compare only when both are set.
	bv, ok := num(get(b, path...))
	if !ok {
		if def < 0 {
			return
		}
		bv = def
	}
	av, ok := num(get(a, path...))
	if !ok {
		if def < 0 {
			return
		}
		av = def
	}
	if av > bv {
		w.add(sev, fmt.Sprintf("%s raised from %s to %s", what, fmtNum(bv), fmtNum(av)),
			valueChange(strings.Join(path, "."), get(b, path...), get(a, path...)))
	}
}

// lowered checks a ranked setting (rank: the order, weakest first) for a
// lower rank; absent is def.
func (w *weakening) lowered(sev posture.Severity, b, a map[string]any, path []string, rank []string, def, what string) {
	read := func(m map[string]any) string {
		if v := str(get(m, path...)); v != "" {
			return v
		}
		return def
	}
	bv, av := read(b), read(a)
	bi, ai := slices.Index(rank, bv), slices.Index(rank, av)
	if bi >= 0 && ai >= 0 && ai < bi {
		w.add(sev, fmt.Sprintf("%s lowered from %s to %s", what, bv, av),
			valueChange(strings.Join(path, "."), get(b, path...), get(a, path...)))
	}
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

var (
	sevLow    = posture.SeverityLow
	sevMedium = posture.SeverityMedium
	sevHigh   = posture.SeverityHigh
)

// attackProtectionRules: ALR-ATK-001 to ALR-ATK-004.
func (p *pass) attackProtectionRules() {
	names := map[string]string{bruteForceID: "Brute-force protection", suspiciousIPID: "Suspicious IP throttling",
		breachedPasswordID: "Breached password detection", botDetectionID: "Bot detection"}
	for _, r := range p.records[inventory.KindAttackProtection] {
		if r.op != inventory.OpChanged {
			continue // nothing to compare a new singleton with
		}
		b, a := r.obj()
		if b == nil || a == nil {
			continue
		}
		var w weakening
		var rule string
		switch r.id {
		case bruteForceID:
			rule = RuleBruteForceDown
			w.onOff(sevHigh, b, a, []string{"enabled"}, true, "disabled")
			if boolOr(a["enabled"], true) {
				w.shields(b, a, []string{"shields"}, []string{"block", "user_notification"},
					map[string]posture.Severity{"block": sevHigh, "user_notification": sevLow}, "shields")
				w.raised(sevLow, b, a, []string{"max_attempts"}, 10, "threshold")
			}
			w.allowlist(sevMedium, b, a, []string{"allowlist"}, "allowlist")
		case suspiciousIPID:
			rule = RuleSuspiciousIPDown
			w.onOff(sevHigh, b, a, []string{"enabled"}, true, "disabled")
			if boolOr(a["enabled"], true) {
				w.shields(b, a, []string{"shields"}, []string{"block", "admin_notification"},
					map[string]posture.Severity{"block": sevHigh, "admin_notification": sevLow}, "shields")
				for _, st := range []string{"pre-login", "pre-user-registration"} {
					w.raised(sevLow, b, a, []string{"stage", st, "max_attempts"}, -1, st+" threshold")
				}
			}
			w.allowlist(sevMedium, b, a, []string{"allowlist"}, "allowlist")
		case breachedPasswordID:
			rule = RuleBreachedPasswordDown
			w.onOff(sevHigh, b, a, []string{"enabled"}, false, "disabled")
			if boolOr(a["enabled"], false) {
				w.shields(b, a, []string{"shields"}, nil,
					map[string]posture.Severity{"block": sevHigh, "user_notification": sevLow, "admin_notification": sevLow}, "shields")
				for _, st := range []string{"pre-user-registration", "pre-change-password"} {
					w.shields(b, a, []string{"stage", st, "shields"}, nil,
						map[string]posture.Severity{"block": sevMedium, "admin_notification": sevLow}, st+" shields")
				}
				w.lowered(sevLow, b, a, []string{"method"}, []string{"standard", "enhanced"}, "standard", "method")
			}
		case botDetectionID:
			rule = RuleBotDetectionDown
			w.lowered(sevMedium, b, a, []string{"bot_detection_level"}, []string{"low", "medium", "high"}, "", "level")
			for _, pol := range []string{"challenge_password_policy", "challenge_passwordless_policy", "challenge_password_reset_policy"} {
				w.lowered(sevMedium, b, a, []string{pol}, []string{"never", "when_risky", "always"}, "never", pol)
			}
			if !boolOr(b["monitoring_mode_enabled"], false) && boolOr(a["monitoring_mode_enabled"], false) {
				w.add(sevMedium, "monitoring mode on: suspected bots are no longer challenged",
					valueChange("monitoring_mode_enabled", b["monitoring_mode_enabled"], true))
			}
			w.allowlist(sevMedium, b, a, []string{"allowlist"}, "allowlist")
		default:
			continue
		}
		if w.sev == 0 {
			continue
		}
		p.raise(rule, w.sev, posture.Resource{Kind: inventory.KindAttackProtection, ID: r.id, Name: names[r.id]},
			names[r.id]+": "+strings.Join(w.what, "; ")+".", w.changes, nil)
	}
}

// mfaRules: ALR-MFA-001 and ALR-MFA-002.
func (p *pass) mfaRules() {
	for _, r := range p.records[inventory.KindGuardianPolicies] {
		if r.op != inventory.OpChanged {
			continue
		}
		b, a := r.obj()
		bp, ap := strList(b["policies"]), strList(a["policies"])
		if !slices.Contains(bp, "all-applications") || slices.Contains(ap, "all-applications") {
			continue
		}
		sev, what := sevHigh, "MFA is no longer required for any login"
		if len(ap) > 0 {
			sev, what = sevMedium, "MFA is now asked only when the adaptive policy ("+strings.Join(ap, ", ")+") says so"
		}
		p.raise(RuleMFAPolicyEmptied, sev, posture.Resource{Kind: inventory.KindGuardianPolicies, ID: r.id, Name: "MFA policies"},
			"The MFA policy lost all-applications: "+what+".", []Change{listChange("policies", bp, ap, nil, minus(bp, ap))}, nil)
	}

	// usable: enabled, and not a trial that expired (Auth0 keeps such a
	// factor enabled but unusable)
	usable := func(f map[string]any) bool {
		return f != nil && boolOr(f["enabled"], false) && !boolOr(f["trial_expired"], false)
	}
	var lost []*record
	for _, r := range p.records[inventory.KindGuardianFactors] {
		b, a := r.obj()
		if usable(b) && !usable(a) {
			lost = append(lost, r)
		}
	}
	if len(lost) == 0 {
		return
	}
	// the factors left that users can enrol with: recovery codes come
	// with another factor, they are none on their own
	left := 0
	if k := p.new.Kind(inventory.KindGuardianFactors); k != nil {
		for id, rec := range k.Records {
			if id != "recovery-code" && usable(decodeObj(rec)) {
				left++
			}
		}
	}
	for _, r := range lost {
		b, a := r.obj()
		sev, what := sevMedium, "disabled"
		change := valueChange("enabled", b["enabled"], nil)
		switch {
		case a == nil:
			what = "removed"
		case boolOr(a["enabled"], false):
			what, change = "left without its trial (trial_expired)", valueChange("trial_expired", b["trial_expired"], a["trial_expired"])
		default:
			change = valueChange("enabled", b["enabled"], a["enabled"])
		}
		if left == 0 {
			sev = sevHigh
		}
		msg := fmt.Sprintf("MFA factor %s was %s; %s enabled and usable.", r.id, what, plural(left, "factor")+" "+isAre(left))
		p.raise(RuleMFAFactorDisabled, sev, posture.Resource{Kind: inventory.KindGuardianFactors, ID: r.id, Name: r.id},
			msg, []Change{change}, nil)
	}
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// logStreamRules: ALR-LOG-001.
func (p *pass) logStreamRules() {
	active := func(m map[string]any) bool { s := str(m["status"]); return s == "" || s == "active" }
	var stopped []*record
	for _, r := range p.records[inventory.KindLogStreams] {
		b, a := r.obj()
		if b == nil || !active(b) || (a != nil && active(a)) {
			continue
		}
		stopped = append(stopped, r)
	}
	if len(stopped) == 0 {
		return
	}
	left, known := 0, false
	if k := p.new.Kind(inventory.KindLogStreams); k != nil && k.Status.Complete() {
		known = true
		for _, rec := range k.Records {
			if active(decodeObj(rec)) {
				left++
			}
		}
	}
	for _, r := range stopped {
		b, a := r.obj()
		sev := sevMedium
		if known && left == 0 {
			sev = sevHigh
		}
		var what string
		var ch Change
		if a == nil {
			what = "was removed"
			ch = valueChange("", map[string]any{"name": b["name"], "type": b["type"], "status": b["status"]}, nil)
		} else {
			what = "is now " + str(a["status"])
			ch = valueChange("status", b["status"], a["status"])
		}
		msg := fmt.Sprintf("Log stream %q (%s) %s", str(b["name"]), str(b["type"]), what)
		if known {
			msg += fmt.Sprintf("; %s active", plural(left, "stream")+" "+isAre(left))
		}
		p.raise(RuleLogStreamStopped, sev, posture.Resource{Kind: inventory.KindLogStreams, ID: r.id, Name: str(b["name"])},
			msg+".", []Change{ch}, nil)
	}
}
