package posture

import (
	"fmt"
	"strings"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Multi-factor authentication: the tenant's MFA factors and the
// connections that opt out of them.
func mfaChecks() []check {
	return []check{
		{id: "AL-MFA-001", needs: kinds(inventory.KindGuardianFactors), run: checkMFAFactors},
		{id: "AL-MFA-003", needs: kinds(inventory.KindConnections, inventory.KindGuardianFactors), run: checkConnectionMFAOptOut},
	}
}

// mfaWeakFactors deliver a code over a channel that can be phished,
// intercepted or taken over (SIM swap, mailbox compromise).
var mfaWeakFactors = setOf(auth0mgmt.GuardianFactorSMS, auth0mgmt.GuardianFactorEmail, "phone", "voice")

// mfaEnabledFactors returns the enabled factors (sorted, as the snapshot
// names them), those of them a user can enrol alone (recovery codes only
// back up another factor; a factor whose trial expired cannot be used)
// and the enabled ones whose trial expired.
func mfaEnabledFactors(t *model.Tenant) (enabled, usable, expired []string) {
	fs, _ := t.GuardianFactors()
	for _, f := range fs {
		if !f.Enabled {
			continue
		}
		enabled = append(enabled, f.Name)
		switch {
		case f.TrialExpired:
			expired = append(expired, f.Name)
		case f.Name != auth0mgmt.GuardianFactorRecoveryCode:
			usable = append(usable, f.Name)
		}
	}
	return atkSorted(enabled), atkSorted(usable), atkSorted(expired)
}

// AL-MFA-001: no MFA factor is enabled (high), or only factors that can
// be phished or SIM-swapped (medium).
func checkMFAFactors(t *model.Tenant, r *reporter) {
	enabled, usable, expired := mfaEnabledFactors(t)
	res := kindResource(inventory.KindGuardianFactors)
	ev := map[string]any{"enabled_factors": enabled}
	note := ""
	if len(expired) > 0 {
		ev["trial_expired"] = expired
		note = fmt.Sprintf(" (%s enabled but its trial has expired, so it cannot be used)", strings.Join(expired, ", "))
	}
	if len(usable) == 0 {
		msg := "No MFA factor is enabled: no user can be asked for a second factor, whatever the MFA policy or an Action requires."
		switch {
		case len(expired) > 0:
			msg = "No usable MFA factor is enabled" + note + ": no user can be asked for a second factor, whatever the MFA policy or an Action requires."
		case len(enabled) > 0:
			msg = "Only recovery codes are enabled, which back up another factor and cannot be enrolled alone: no user can be asked for a second factor."
		}
		r.reportSev(SeverityHigh, res, "", msg, ev)
		return
	}
	for _, f := range usable {
		if !mfaWeakFactors[f] {
			return
		}
	}
	r.reportSev(SeverityMedium, res, "", fmt.Sprintf(
		"The only usable MFA factors enabled (%s) send codes by SMS, voice or email%s: they can be phished in real time or taken over with the phone number or mailbox.",
		strings.Join(usable, ", "), note), ev)
}

// AL-MFA-003: a database connection opts out of MFA while factors are
// enabled.
func checkConnectionMFAOptOut(t *model.Tenant, r *reporter) {
	_, usable, _ := mfaEnabledFactors(t)
	if len(usable) == 0 {
		return // nothing to opt out of (AL-MFA-001)
	}
	cs, _ := t.Connections()
	for i := range cs {
		c := &cs[i]
		if !c.IsDatabase() {
			continue
		}
		if !c.HasOptions() {
			r.skip(connectionResource(c), "connection options were not read", "read:connections_options")
			continue
		}
		active, set := c.MFAActive()
		if !set || active {
			continue
		}
		r.report(connectionResource(c), path("options", "mfa", "active"), fmt.Sprintf(
			"Database connection %q turns MFA off (options.mfa.active is false): its users are never asked for a second factor although %s are enabled.",
			c.Name, strings.Join(usable, ", ")), map[string]any{"options.mfa.active": false, "enabled_factors": usable})
	}
}
