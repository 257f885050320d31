package alerts

import (
	"fmt"
	"strings"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

// The tenant as a whole: its settings, custom domains and email provider.

// The singleton records' ids (inventory.KindTenantSettings,
// inventory.KindEmailProvider).
const (
	settingsID      = "settings"
	emailProviderID = "provider"
)

// Auth0's self-service limits on session lifetimes, in hours (those
// posture's AL-TEN-001 judges by): sessions end after 30 days whatever the
// activity, and after 3 days of inactivity.
const (
	maxSessionHours = 720
	maxIdleHours    = 72
)

// tenantFlag is a member of the tenant's flags whose change lowers
// security: turned on, or, for a protective flag, turned off (absent reads
// false, as Auth0's API treats it).
type tenantFlag struct {
	name       string
	protective bool // true protects: turning it off weakens
	sev        posture.Severity
	what       string
}

// tenantFlags are the flags ALR-TEN-002 watches. Flags of the dashboard
// (enable_apis_section, dashboard_*), of the login page's looks, of
// features (enable_sso, universal_login, enable_pipeline2) and of JWKS
// formatting have no security meaning and are left out, as are the
// read-only disable_impersonation and allow_other_legacy_grant_types,
// whose meaning Auth0 does not document.
var tenantFlags = []tenantFlag{
	{"enable_dynamic_client_registration", false, sevHigh, "anyone can register an application at /oidc/register without a token"},
	{"allow_legacy_ro_grant_types", false, sevHigh, "the legacy /oauth/ro resource-owner endpoint is allowed"},
	{"allow_legacy_delegation_grant_types", false, sevHigh, "the legacy /delegation endpoint is allowed"},
	{"enable_idtoken_api2", false, sevMedium, "ID tokens are accepted as Management API credentials on the users endpoints"},
	{"change_pwd_flow_v1", false, sevMedium, "the legacy change password flow, where the requester picks the new password, is back"},
	{"allow_legacy_tokeninfo_endpoint", false, sevMedium, "the legacy /tokeninfo endpoint answers with the full profile"},
	{"enable_legacy_profile", false, sevMedium, "legacy flows return the full user profile, metadata included"},
	{"disable_clickjack_protection_headers", false, sevMedium, "login pages may be framed by other sites"},
	{"enforce_client_authentication_on_passwordless_start", true, sevMedium, "/passwordless/start no longer requires client authentication"},
	{"enable_public_signup_user_exists_error", false, sevLow, "sign-up tells whether an email has an account"},
	{"disable_management_api_sms_obfuscation", false, sevLow, "Management API answers show SMS phone numbers in clear"},
	{"enable_client_connections", false, sevLow, "new applications get every connection enabled"},
	{"no_disclose_enterprise_connections", true, sevLow, "the enterprise connections' names are disclosed again"},
	{"revoke_refresh_token_grant", true, sevLow, "revoking a refresh token no longer deletes its grant"},
}

// tenantRules: ALR-TEN-001 to ALR-TEN-004.
func (p *pass) tenantRules() {
	r := p.byID[inventory.KindTenantSettings][settingsID]
	if r == nil || r.op != inventory.OpChanged {
		return // added or removed: nothing to compare
	}
	if !r.touches("session_lifetime", "idle_session_lifetime", "session_cookie", "flags", "allowed_logout_urls",
		"default_audience", "default_directory") {
		return
	}
	b, a := r.obj()
	if b == nil || a == nil {
		return
	}
	res := posture.Resource{Kind: inventory.KindTenantSettings, ID: settingsID, Name: "Tenant settings"}

	// ALR-TEN-001: sessions lengthened beyond the limits, or made persistent.
	if r.touches("session_lifetime", "idle_session_lifetime", "session_cookie") {
		var w weakening
		for _, l := range []struct {
			member string
			limit  float64
			what   string
		}{
			{"session_lifetime", maxSessionHours, "session lifetime (hours)"},
			{"idle_session_lifetime", maxIdleHours, "idle session lifetime (hours)"},
		} {
			if av, ok := num(a[l.member]); ok && av > l.limit {
				w.raised(sevMedium, b, a, []string{l.member}, -1, l.what)
			}
		}
		if str(get(b, "session_cookie", "mode")) == "non-persistent" && str(get(a, "session_cookie", "mode")) == "persistent" {
			w.add(sevLow, "session cookies made persistent", valueChange("session_cookie.mode", "non-persistent", "persistent"))
		}
		if w.sev > 0 {
			p.raise(RuleTenantSessions, w.sev, res, fmt.Sprintf("Tenant settings: %s.", strings.Join(w.what, "; ")), w.changes, nil)
		}
	}

	// ALR-TEN-002: flags that lower security. Compared only when both
	// scans returned the flags.
	bf, _ := b["flags"].(map[string]any)
	af, _ := a["flags"].(map[string]any)
	if bf != nil && af != nil && r.touches("flags") {
		var w weakening
		for _, f := range tenantFlags {
			bv, av := boolOr(bf[f.name], false), boolOr(af[f.name], false)
			if bv == av || av == f.protective {
				continue
			}
			turned := "on"
			if f.protective {
				turned = "off"
			}
			w.add(f.sev, fmt.Sprintf("flags.%s turned %s (%s)", f.name, turned, f.what),
				valueChange("flags."+f.name, bf[f.name], af[f.name]))
		}
		if w.sev > 0 {
			p.raise(RuleTenantFlags, w.sev, res, fmt.Sprintf("Tenant settings: %s.", strings.Join(w.what, "; ")), w.changes, nil)
		}
	}

	// ALR-TEN-003: tenant logout URLs widened, graded as an application's.
	if r.touches("allowed_logout_urls") {
		before, after := strList(b["allowed_logout_urls"]), strList(a["allowed_logout_urls"])
		added, ok := r.setAdded("allowed_logout_urls")
		if !ok {
			added = minus(after, before)
		}
		var sev posture.Severity
		var risky, what []string
		for _, u := range added {
			if s, why := urlRisk(u, sevMedium, sevMedium, sevLow); s > 0 {
				sev = max(sev, s)
				risky = append(risky, u)
				what = append(what, fmt.Sprintf("%s (%s)", u, why))
			}
		}
		if sev > 0 {
			p.raise(RuleTenantLogoutURLs, sev, res, fmt.Sprintf("Tenant settings: the tenant's logout URLs accept %s: %s.",
				plural(len(what), "new risky URL"), sample(what, 3)),
				[]Change{listChange("allowed_logout_urls", before, after, risky, nil)}, nil)
		}
	}

	// ALR-TEN-004: the default audience or directory set or changed.
	if !r.touches("default_audience", "default_directory") {
		return
	}
	var w weakening
	for _, d := range []struct{ member, what string }{
		{"default_audience", "default audience"},
		{"default_directory", "default directory"},
	} {
		bv, av := str(b[d.member]), str(a[d.member])
		if av == "" || av == bv {
			continue
		}
		msg := fmt.Sprintf("%s set to %q", d.what, av)
		if bv != "" {
			msg = fmt.Sprintf("%s changed from %q to %q", d.what, bv, av)
		}
		if d.member == "default_audience" && p.isMgmt(av) {
			msg += " (the Management API)"
		}
		w.add(sevMedium, msg, valueChange(d.member, b[d.member], a[d.member]))
	}
	if w.sev > 0 {
		p.raise(RuleTenantDefaults, w.sev, res, fmt.Sprintf("Tenant settings: %s.", strings.Join(w.what, "; ")), w.changes, nil)
	}
}

// customDomainRules: ALR-DOM-001 and ALR-DOM-002.
func (p *pass) customDomainRules() {
	for _, r := range p.records[inventory.KindCustomDomains] {
		if !r.touches("status", "tls_policy", "custom_client_ip_header") {
			continue
		}
		b, a := r.obj()
		rec := a
		if rec == nil {
			rec = b
		}
		domain := str(rec["domain"])
		if domain == "" {
			domain = r.id
		}
		res := posture.Resource{Kind: inventory.KindCustomDomains, ID: r.id, Name: domain}

		// ALR-DOM-001: added, removed, or no longer ready.
		switch {
		case r.op == inventory.OpAdded:
			p.raise(RuleDomainChanged, sevMedium, res, fmt.Sprintf("Custom domain %s was added (status %s, %s).",
				domain, orNone(str(a["status"])), orNone(str(a["type"]))),
				[]Change{valueChange("domain", nil, a["domain"])}, nil)
		case r.op == inventory.OpRemoved:
			p.raise(RuleDomainChanged, sevLow, res, fmt.Sprintf("Custom domain %s was removed.", domain),
				[]Change{valueChange("domain", b["domain"], nil)}, nil)
			continue
		case str(b["status"]) == "ready" && str(a["status"]) != "ready":
			p.raise(RuleDomainChanged, sevMedium, res, fmt.Sprintf("Custom domain %s is no longer ready: its status is %s.",
				domain, orNone(str(a["status"]))), []Change{valueChange("status", b["status"], a["status"])}, nil)
		}

		// ALR-DOM-002: client IP header trusted, TLS policy lowered.
		var w weakening
		if h := str(a["custom_client_ip_header"]); h != "" && !strings.EqualFold(h, str(get(b, "custom_client_ip_header"))) {
			w.add(sevHigh, fmt.Sprintf("the client's IP is now read from the %s header", h),
				valueChange("custom_client_ip_header", get(b, "custom_client_ip_header"), a["custom_client_ip_header"]))
		}
		if strings.EqualFold(str(a["tls_policy"]), "compatible") && !strings.EqualFold(str(get(b, "tls_policy")), "compatible") {
			w.add(sevMedium, "TLS policy lowered to compatible (TLS 1.0 and 1.1 accepted)",
				valueChange("tls_policy", get(b, "tls_policy"), a["tls_policy"]))
		}
		if w.sev > 0 {
			p.raise(RuleDomainLoosened, w.sev, res, fmt.Sprintf("Custom domain %s: %s.", domain, strings.Join(w.what, "; ")), w.changes, nil)
		}
	}
}

// emailProviderRules: ALR-EMAIL-001.
func (p *pass) emailProviderRules() {
	r := p.byID[inventory.KindEmailProvider][emailProviderID]
	if r == nil || !r.touches("name", "default_from_address", "credentials", "enabled") {
		return
	}
	b, a := r.obj()
	rec := a
	if rec == nil {
		rec = b
	}
	res := posture.Resource{Kind: inventory.KindEmailProvider, ID: emailProviderID, Name: str(rec["name"])}
	name := fmt.Sprintf("%q", str(rec["name"]))
	if r.op == inventory.OpRemoved {
		p.raise(RuleEmailProviderChanged, sevLow, res, fmt.Sprintf(
			"The email provider %s was removed: mail goes through Auth0's built-in test provider.", name),
			[]Change{valueChange("name", b["name"], nil)}, nil)
		return
	}
	var w weakening
	for _, m := range []struct {
		path []string
		what string
	}{
		{[]string{"name"}, "provider"},
		{[]string{"credentials", "smtp_host"}, "SMTP host"},
		{[]string{"credentials", "domain"}, "sending domain"},
		{[]string{"default_from_address"}, "from address"},
	} {
		bv, av := get(b, m.path...), get(a, m.path...)
		if str(av) == "" || str(av) == str(bv) {
			continue
		}
		msg := fmt.Sprintf("%s %s", m.what, str(av))
		if str(bv) != "" {
			msg = fmt.Sprintf("%s changed from %s to %s", m.what, str(bv), str(av))
		}
		w.add(sevMedium, msg, valueChange(strings.Join(m.path, "."), bv, av))
	}
	if b != nil && boolOr(b["enabled"], false) && !boolOr(a["enabled"], false) {
		w.add(sevLow, "disabled: mail goes through Auth0's built-in test provider", valueChange("enabled", b["enabled"], a["enabled"]))
	}
	if w.sev == 0 {
		return
	}
	msg := fmt.Sprintf("The email provider %s: %s.", name, strings.Join(w.what, "; "))
	if r.op == inventory.OpAdded {
		msg = fmt.Sprintf("An email provider was configured: %s.", strings.Join(w.what, "; "))
	}
	p.raise(RuleEmailProviderChanged, w.sev, res, msg, w.changes, nil)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
