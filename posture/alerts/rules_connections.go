package alerts

import (
	"fmt"
	"strings"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

// Connections: who may log in and sign up, and with what passwords.

// passwordPolicies are the strengths of options.passwordPolicy, weakest
// first (absent is none, Auth0's default).
var passwordPolicies = []string{"none", "low", "fair", "good", "excellent"}

// connectionRules: ALR-CONN-001 to ALR-CONN-004.
func (p *pass) connectionRules() {
	recs := p.records[inventory.KindConnections]
	if len(recs) == 0 {
		return
	}
	allNew, allOld := everyApp(p.new), everyApp(p.old)
	for _, r := range recs {
		if r.op == inventory.OpRemoved || !r.touches("enabled_clients", "options") {
			continue
		}
		b, a := r.obj()
		name := fmt.Sprintf("%q", str(a["name"]))
		res := posture.Resource{Kind: inventory.KindConnections, ID: r.id, Name: str(a["name"])}

		// ALR-CONN-001: enabled for every application.
		if _, ok := a["enabled_clients"].([]any); ok && len(allNew) >= 2 {
			ae := strList(a["enabled_clients"])
			_, bRead := b["enabled_clients"].([]any)
			be := strList(get(b, "enabled_clients"))
			ref := allOld
			if allOld == nil {
				ref = allNew
			}
			wasAll := b != nil && bRead && containsAll(be, ref)
			if containsAll(ae, allNew) && !wasAll && (b == nil || bRead) {
				p.raise(RuleConnEveryApp, sevMedium, res, fmt.Sprintf(
					"Connection %s (%s) is now enabled for every application (%d).", name, str(a["strategy"]), len(allNew)),
					[]Change{listChange("enabled_clients", nilIfAdded(r, be), ae, minus(ae, be), nil)}, nil)
			}
		}

		// The option rules compare options both scans returned.
		bo, _ := get(b, "options").(map[string]any)
		ao, _ := a["options"].(map[string]any)
		if bo == nil || ao == nil {
			continue
		}

		// ALR-CONN-002: signup opened.
		if boolOr(bo["disable_signup"], false) && !boolOr(ao["disable_signup"], false) {
			p.raise(RuleConnSignupOpened, sevMedium, res, fmt.Sprintf(
				"Anyone can now sign up on connection %s (%s).", name, str(a["strategy"])),
				[]Change{valueChange("options.disable_signup", bo["disable_signup"], ao["disable_signup"])}, nil)
		}

		// ALR-CONN-003: password policy weakened.
		var w weakening
		bp, ap := str(bo["passwordPolicy"]), str(ao["passwordPolicy"])
		if bp == "" {
			bp = "none"
		}
		if ap == "" {
			ap = "none"
		}
		if bi, ai := indexOf(passwordPolicies, bp), indexOf(passwordPolicies, ap); bi >= 0 && ai >= 0 && ai < bi {
			sev := sevMedium
			if ai <= 1 {
				sev = sevHigh
			}
			w.add(sev, fmt.Sprintf("password strength lowered from %s to %s", bp, ap),
				valueChange("options.passwordPolicy", bo["passwordPolicy"], ao["passwordPolicy"]))
		}
		if bl, ok := num(get(bo, "password_complexity_options", "min_length")); ok {
			if al, ok := num(get(ao, "password_complexity_options", "min_length")); ok && al < bl {
				sev := sevLow
				if al < 8 {
					sev = sevMedium
				}
				w.add(sev, fmt.Sprintf("minimum length lowered from %s to %s", fmtNum(bl), fmtNum(al)),
					valueChange("options.password_complexity_options.min_length", bl, al))
			}
		}
		for _, m := range []struct{ key, what string }{
			{"password_history", "password history off"},
			{"password_dictionary", "common-password dictionary off"},
			{"password_no_personal_info", "personal data allowed in passwords"},
		} {
			if boolOr(get(bo, m.key, "enable"), false) && !boolOr(get(ao, m.key, "enable"), false) {
				w.add(sevLow, m.what, valueChange("options."+m.key+".enable", get(bo, m.key, "enable"), get(ao, m.key, "enable")))
			}
		}
		if w.sev > 0 {
			p.raise(RuleConnPasswordWeaker, w.sev, res, fmt.Sprintf("Connection %s: %s.", name, strings.Join(w.what, "; ")), w.changes, nil)
		}

		// ALR-CONN-004: brute-force protection off.
		if boolOr(bo["brute_force_protection"], true) && !boolOr(ao["brute_force_protection"], true) {
			p.raise(RuleConnBruteForceOff, sevHigh, res, fmt.Sprintf(
				"Brute-force protection is now off for connection %s: password guesses against its accounts are never blocked.", name),
				[]Change{valueChange("options.brute_force_protection", bo["brute_force_protection"], false)}, nil)
		}
	}
}

func indexOf(l []string, s string) int {
	for i, v := range l {
		if v == s {
			return i
		}
	}
	return -1
}
