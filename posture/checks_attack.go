package posture

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Attack protection: brute-force protection, suspicious IP throttling,
// breached password detection and bot detection (the four records of
// inventory.KindAttackProtection).
func attackProtectionChecks() []check {
	ap := kinds(inventory.KindAttackProtection)
	return []check{
		{id: "AL-ATK-001", needs: ap, run: checkBruteForceBlocks},
		{id: "AL-ATK-002", needs: ap, run: checkBruteForceNotifies},
		{id: "AL-ATK-003", needs: kinds(inventory.KindAttackProtection, inventory.KindClients, inventory.KindCustomDomains), run: checkAttackAllowlists},
		{id: "AL-ATK-004", needs: ap, run: checkBruteForceThreshold},
		{id: "AL-ATK-005", needs: ap, run: checkSuspiciousIPBlocks},
		{id: "AL-ATK-006", needs: ap, run: checkBreachedPasswordBlocks},
		{id: "AL-ATK-007", needs: ap, run: checkBreachedPasswordStages},
		{id: "AL-ATK-008", needs: ap, run: checkBotDetectionChallenges},
		{id: "AL-ATK-009", needs: ap, run: checkBotDetectionMonitoring},
	}
}

// Auth0's documented defaults for members a record may lack: brute-force
// protection and suspicious IP throttling are on by default and block;
// the default brute-force threshold is 10 attempts.
var (
	atkBruteForceDefaultShields   = []string{"block", "user_notification"}
	atkSuspiciousIPDefaultShields = []string{"block", "admin_notification"}
)

const atkBruteForceDefaultMax = 10

// atkSkip records that one attack protection setting was not read (the
// kind's gap for it says why).
func atkSkip(t *model.Tenant, r *reporter, id string) {
	res := attackResource(id)
	reason := fmt.Sprintf("%s settings were not read", strings.ToLower(res.Name[:1])+res.Name[1:])
	if gaps := t.Gaps(inventory.KindAttackProtection, id); len(gaps) > 0 && gaps[0].Error != "" {
		reason += ": " + gaps[0].Error
	}
	r.skip(res, reason, "read:attack_protection")
}

// tenantExplicitBool reads a bool member of a typed record: typed is the
// decoded field (false whether absent or false), extra the record's Extra
// (which keeps an explicit false). set is false when the member is absent.
func tenantExplicitBool(typed bool, extra auth0mgmt.Extra, key string) (v, set bool) {
	if typed {
		return true, true
	}
	if raw, ok := extra[key]; ok {
		var b bool
		if json.Unmarshal(raw, &b) == nil {
			return b, true
		}
	}
	return false, false
}

// atkShields reads a shields list: typed is the decoded field, extra keeps
// an explicit empty list. set is false when the member is absent (or
// null).
func atkShields(typed []string, extra auth0mgmt.Extra) (shields []string, set bool) {
	if len(typed) > 0 {
		return atkSorted(typed), true
	}
	if raw, ok := extra["shields"]; ok {
		var s []string
		if json.Unmarshal(raw, &s) == nil && s != nil {
			return atkSorted(s), true
		}
	}
	return nil, false
}

// atkSorted returns a sorted copy, never nil (an empty JSON list in
// evidence).
func atkSorted(s []string) []string {
	out := append([]string{}, s...)
	slices.Sort(out)
	return out
}

// atkProtection is the on/off state and shields of a protection, with
// Auth0's defaults for absent members.
type atkProtection struct {
	enabled, enabledSet bool
	shields             []string
	shieldsSet          bool
}

func atkState(enabled bool, shields []string, extra auth0mgmt.Extra, defEnabled bool, defShields []string) atkProtection {
	p := atkProtection{}
	p.enabled, p.enabledSet = tenantExplicitBool(enabled, extra, "enabled")
	if !p.enabledSet {
		p.enabled = defEnabled
	}
	p.shields, p.shieldsSet = atkShields(shields, extra)
	if !p.shieldsSet {
		p.shields = atkSorted(defShields)
	}
	return p
}

// AL-ATK-001: brute-force protection is off or does not block.
func checkBruteForceBlocks(t *model.Tenant, r *reporter) {
	bf, _ := t.BruteForce()
	if bf == nil {
		atkSkip(t, r, model.BruteForceID)
		return
	}
	p := atkState(bf.Enabled, bf.Shields, bf.Extra, true, atkBruteForceDefaultShields)
	res := attackResource(model.BruteForceID)
	switch {
	case !p.enabled:
		r.report(res, "enabled", "Brute-force protection is disabled: repeated password guesses against one account are never blocked.",
			map[string]any{"enabled": false})
	case !slices.Contains(p.shields, "block"):
		r.report(res, "shields", fmt.Sprintf(
			"Brute-force protection is on but its shields (%s) do not include block: failed logins are only recorded, the attacker keeps guessing.",
			atkList(p.shields)), map[string]any{"shields": p.shields})
	}
}

// AL-ATK-002: brute-force protection does not notify the user.
func checkBruteForceNotifies(t *model.Tenant, r *reporter) {
	bf, _ := t.BruteForce()
	if bf == nil {
		atkSkip(t, r, model.BruteForceID)
		return
	}
	p := atkState(bf.Enabled, bf.Shields, bf.Extra, true, atkBruteForceDefaultShields)
	if !p.enabled || slices.Contains(p.shields, "user_notification") {
		return
	}
	r.report(attackResource(model.BruteForceID), "shields", fmt.Sprintf(
		"Brute-force protection does not notify users (shields: %s): the owner of an attacked account learns nothing and gets no unblock link.",
		atkList(p.shields)), map[string]any{"shields": p.shields})
}

// atkInternalBlocks are the addresses that never reach Auth0 as a
// login's source on their own: loopback, link-local and private (RFC
// 1918, RFC 4193).
var atkInternalBlocks = func() []netip.Prefix {
	var out []netip.Prefix
	for _, b := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16",
		"::1/128", "fc00::/7", "fe80::/10"} {
		out = append(out, netip.MustParsePrefix(b))
	}
	return out
}()

// atkEntry is one allowlist entry, read.
type atkEntry struct {
	internal bool // loopback, link-local or private
	single   bool // one address
	wide     bool // wider than /24 (IPv6 /48)
	ok       bool // parsed
}

func atkReadEntry(e string) atkEntry {
	e = strings.TrimSpace(e)
	var p netip.Prefix
	if strings.Contains(e, "/") {
		var err error
		if p, err = netip.ParsePrefix(e); err != nil {
			return atkEntry{}
		}
	} else {
		a, err := netip.ParseAddr(e)
		if err != nil {
			return atkEntry{}
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	p = p.Masked()
	out := atkEntry{ok: true, single: p.Bits() == p.Addr().BitLen()}
	if p.Addr().Is4() {
		out.wide = p.Bits() < 24
	} else {
		out.wide = p.Bits() < 48
	}
	for _, b := range atkInternalBlocks {
		if b.Addr().BitLen() == p.Addr().BitLen() && b.Bits() <= p.Bits() && b.Contains(p.Addr()) {
			out.internal = true
		}
	}
	return out
}

// atkForwardedIPSources names what may set the address Auth0 sees for a
// login: applications trusted to send auth0-forwarded-for (AL-APP-017)
// and custom domains behind a proxy that passes the client's address in
// custom_client_ip_header. Only through them do internal addresses reach
// Auth0.
func atkForwardedIPSources(t *model.Tenant) []string {
	var out []string
	cs, _ := t.Clients()
	for i := range cs {
		c := &cs[i]
		if c.IsTokenEndpointIPHeaderTrusted != nil && *c.IsTokenEndpointIPHeaderTrusted && (c.Global == nil || !*c.Global) {
			out = append(out, fmt.Sprintf("application %q (auth0-forwarded-for)", c.Name))
		}
	}
	ds, _ := t.CustomDomains()
	for i := range ds {
		if h := ds[i].CustomClientIPHeader; h != "" {
			out = append(out, fmt.Sprintf("custom domain %s (%s)", ds[i].Domain, h))
		}
	}
	slices.Sort(out)
	return out
}

// atkGradeAllowlist returns the entries of an allowlist that can exempt
// a login, sorted, graded: medium for a range wider than /24 (IPv6 /48)
// or any public range, low for one public address or a narrow internal
// range. Internal entries count only when something may set the address
// Auth0 sees (forwarded); the others are returned apart.
func atkGradeAllowlist(list []string, forwarded bool) (counted, unreachable []string, sev Severity) {
	for _, e := range atkSorted(list) {
		x := atkReadEntry(e)
		switch {
		case !x.ok:
			sev = max(sev, SeverityLow)
		case x.internal && !forwarded:
			unreachable = append(unreachable, e)
			continue
		case x.wide || !x.internal && !x.single:
			sev = max(sev, SeverityMedium)
		default:
			sev = max(sev, SeverityLow)
		}
		counted = append(counted, e)
	}
	return counted, unreachable, sev
}

// atkReportAllowlist reports one protection's allowlist.
func atkReportAllowlist(r *reporter, id string, list []string, sources []string, what, consequence string) {
	counted, unreachable, sev := atkGradeAllowlist(list, len(sources) > 0)
	if len(counted) == 0 {
		return
	}
	ev := map[string]any{"allowlist": counted}
	msg := fmt.Sprintf("%s %d allowlisted address(es) (%s)", what, len(counted), sample(counted, 4))
	if len(unreachable) > 0 {
		ev["not_reaching_auth0"] = unreachable
	}
	for _, e := range counted {
		if x := atkReadEntry(e); x.ok && x.internal {
			ev["forwarded_ip_sources"] = sources
			msg += fmt.Sprintf("; internal addresses reach Auth0 because %s may set the address it sees", sample(sources, 2))
			break
		}
	}
	r.reportSev(sev, attackResource(id), "allowlist", msg+": "+consequence+".", ev)
}

// AL-ATK-003: addresses exempt from brute-force protection or suspicious
// IP throttling. Loopback, link-local and private entries count only when
// an application or a custom domain may set the address Auth0 sees.
func checkAttackAllowlists(t *model.Tenant, r *reporter) {
	sources := atkForwardedIPSources(t)
	bf, _ := t.BruteForce()
	if bf == nil {
		atkSkip(t, r, model.BruteForceID)
	} else {
		atkReportAllowlist(r, model.BruteForceID, bf.Allowlist, sources,
			"Brute-force protection never blocks logins from", "whoever controls or shares them can guess passwords without limit")
	}
	sip, _ := t.SuspiciousIP()
	if sip == nil {
		atkSkip(t, r, model.SuspiciousIPID)
	} else {
		atkReportAllowlist(r, model.SuspiciousIPID, sip.Allowlist, sources,
			"Suspicious IP throttling never throttles", "credential stuffing from them runs at full speed")
	}
}

// AL-ATK-004: the brute-force threshold is above Auth0's default of 10.
func checkBruteForceThreshold(t *model.Tenant, r *reporter) {
	bf, _ := t.BruteForce()
	if bf == nil {
		atkSkip(t, r, model.BruteForceID)
		return
	}
	if bf.MaxAttempts <= atkBruteForceDefaultMax {
		return // absent or 0 reads as the default
	}
	r.report(attackResource(model.BruteForceID), "max_attempts", fmt.Sprintf(
		"Brute-force protection allows %d failed attempts per account before it acts (Auth0's default is %d).",
		bf.MaxAttempts, atkBruteForceDefaultMax), map[string]any{"max_attempts": bf.MaxAttempts})
}

// AL-ATK-005: suspicious IP throttling is off or does not block.
func checkSuspiciousIPBlocks(t *model.Tenant, r *reporter) {
	sip, _ := t.SuspiciousIP()
	if sip == nil {
		atkSkip(t, r, model.SuspiciousIPID)
		return
	}
	p := atkState(sip.Enabled, sip.Shields, sip.Extra, true, atkSuspiciousIPDefaultShields)
	res := attackResource(model.SuspiciousIPID)
	switch {
	case !p.enabled:
		r.report(res, "enabled", "Suspicious IP throttling is disabled: one address may try logins and sign-ups against many accounts at any rate.",
			map[string]any{"enabled": false})
	case !slices.Contains(p.shields, "block"):
		r.report(res, "shields", fmt.Sprintf(
			"Suspicious IP throttling is on but its shields (%s) do not include block: high-velocity attacks are only recorded.",
			atkList(p.shields)), map[string]any{"shields": p.shields})
	}
}

// AL-ATK-006: breached password detection is off or does not block logins.
func checkBreachedPasswordBlocks(t *model.Tenant, r *reporter) {
	bp, _ := t.BreachedPassword()
	if bp == nil {
		atkSkip(t, r, model.BreachedPasswordID)
		return
	}
	// Breached password detection is off unless turned on; an absent
	// shields list blocks nothing.
	p := atkState(bp.Enabled, bp.Shields, bp.Extra, false, nil)
	res := attackResource(model.BreachedPasswordID)
	switch {
	case !p.enabled:
		r.report(res, "enabled", "Breached password detection is disabled: logins with credentials published in known breaches succeed.",
			map[string]any{"enabled": p.enabledOrNil()})
	case !slices.Contains(p.shields, "block"):
		r.report(res, "shields", fmt.Sprintf(
			"Breached password detection is on but does not block logins (shields: %s): leaked credentials still log in.",
			atkList(p.shields)), map[string]any{"shields": p.shields})
	}
}

// enabledOrNil is the enabled member as the record has it (nil when
// absent).
func (p atkProtection) enabledOrNil() any {
	if !p.enabledSet {
		return nil
	}
	return p.enabled
}

// AL-ATK-007: breached passwords are accepted at sign-up or password
// change.
func checkBreachedPasswordStages(t *model.Tenant, r *reporter) {
	bp, _ := t.BreachedPassword()
	if bp == nil {
		atkSkip(t, r, model.BreachedPasswordID)
		return
	}
	if !bp.Enabled {
		return // AL-ATK-006
	}
	var reg, chg *auth0mgmt.AttackProtectionShields
	if bp.Stage != nil {
		reg, chg = bp.Stage.PreUserRegistration, bp.Stage.PreChangePassword
	}
	stageShields := func(s *auth0mgmt.AttackProtectionShields) []string {
		if s == nil {
			return []string{}
		}
		return atkSorted(s.Shields)
	}
	stages := []struct {
		name, what string
		shields    []string
	}{
		{"pre-user-registration", "sign-up", stageShields(reg)},
		{"pre-change-password", "password change", stageShields(chg)},
	}
	var open []string
	first := ""
	for _, s := range stages {
		if !slices.Contains(s.shields, "block") {
			open = append(open, s.what)
			if first == "" {
				first = s.name
			}
		}
	}
	if first == "" {
		return
	}
	r.report(attackResource(model.BreachedPasswordID), path("stage", first, "shields"), fmt.Sprintf(
		"Breached password detection does not block breached passwords at %s: users can choose a password attackers already have.",
		strings.Join(open, " and ")), map[string]any{
		"pre-user-registration": stages[0].shields,
		"pre-change-password":   stages[1].shields,
	})
}

// atkPolicy is a bot detection challenge policy, absent read as never.
func atkPolicy(v string) string {
	if v == "" {
		return "never"
	}
	return v
}

// AL-ATK-008: bot detection never challenges.
func checkBotDetectionChallenges(t *model.Tenant, r *reporter) {
	bd, _ := t.BotDetection()
	if bd == nil {
		atkSkip(t, r, model.BotDetectionID)
		return
	}
	pw, pwless, reset := atkPolicy(bd.ChallengePasswordPolicy), atkPolicy(bd.ChallengePasswordlessPolicy),
		atkPolicy(bd.ChallengePasswordResetPolicy)
	if pw != "never" || pwless != "never" || reset != "never" {
		return
	}
	r.report(attackResource(model.BotDetectionID), "challenge_password_policy",
		"Bot detection never challenges password logins, passwordless logins or password resets: scripted credential stuffing meets no CAPTCHA.",
		map[string]any{
			"challenge_password_policy":       atkRawString(bd.ChallengePasswordPolicy),
			"challenge_passwordless_policy":   atkRawString(bd.ChallengePasswordlessPolicy),
			"challenge_password_reset_policy": atkRawString(bd.ChallengePasswordResetPolicy),
		})
}

// atkRawString is a string member as the record has it (nil when absent
// or empty).
func atkRawString(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// AL-ATK-009: bot detection in monitoring mode.
func checkBotDetectionMonitoring(t *model.Tenant, r *reporter) {
	bd, _ := t.BotDetection()
	if bd == nil {
		atkSkip(t, r, model.BotDetectionID)
		return
	}
	if !bd.MonitoringModeEnabled {
		return
	}
	r.report(attackResource(model.BotDetectionID), "monitoring_mode_enabled",
		"Bot detection runs in monitoring mode: suspected bots are logged but never challenged.",
		map[string]any{"monitoring_mode_enabled": true})
}

// atkList joins a list for a message ("none" when empty).
func atkList(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
