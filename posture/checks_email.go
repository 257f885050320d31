package posture

import (
	"fmt"
	"net"
	"strings"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Email: the provider that delivers the tenant's mail and the links in
// its templates.
func emailChecks() []check {
	return []check{
		{id: "AL-EMAIL-001", needs: kinds(inventory.KindEmailProvider), run: checkEmailProvider},
		{id: "AL-EMAIL-002", needs: kinds(inventory.KindEmailTemplates), run: checkEmailTemplateRedirects},
	}
}

// AL-EMAIL-001: no email provider, or a disabled one.
func checkEmailProvider(t *model.Tenant, r *reporter) {
	p, _ := t.EmailProvider()
	if p == nil {
		r.report(kindResource(inventory.KindEmailProvider), "",
			"No email provider is configured: verification, password reset and MFA mail goes through Auth0's built-in test provider, which is rate limited and not meant for production.",
			map[string]any{"email_provider": nil})
		return
	}
	if enabled, set := tenantExplicitBool(p.Enabled, p.Extra, "enabled"); !set || enabled {
		return
	}
	r.report(emailProviderResource(p), "enabled", fmt.Sprintf(
		"The email provider %q is disabled: mail goes through Auth0's built-in test provider instead.", p.Name),
		map[string]any{"enabled": false})
}

// AL-EMAIL-002: a template sends the user to a plain-HTTP page.
func checkEmailTemplateRedirects(t *model.Tenant, r *reporter) {
	for _, name := range auth0mgmt.EmailTemplateNames() {
		if gaps := t.Gaps(inventory.KindEmailTemplates, name); len(gaps) > 0 {
			reason := "the email template was not read"
			if gaps[0].Error != "" {
				reason += ": " + gaps[0].Error
			}
			r.skip(Resource{Kind: inventory.KindEmailTemplates, ID: name, Name: name}, reason, "read:email_templates")
		}
	}
	ts, _ := t.EmailTemplates()
	for i := range ts {
		e := &ts[i]
		host, shown, insecure := emailPlainHTTP(e.ResultURL)
		if !insecure {
			continue
		}
		r.report(emailTemplateResource(e), "resultUrl", fmt.Sprintf(
			"The %s template redirects users to %s over plain HTTP after they follow its link: the result (and the email address, when included) travels in clear to %s.",
			e.Template, shown, host), map[string]any{"resultUrl": shown})
	}
}

// emailPlainHTTP reports whether raw is an http:// URL to a host that is
// not loopback, with the host and the URL to show (user info, query and
// fragment left out and generated-looking path segments masked: they may
// hold credentials).
func emailPlainHTTP(raw string) (host, shown string, insecure bool) {
	s := strings.TrimSpace(raw)
	if len(s) < 7 || !strings.EqualFold(s[:7], "http://") {
		return "", "", false
	}
	rest := s[7:]
	hostPort, tail := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		hostPort, tail = rest[:i], rest[i:]
	}
	if i := strings.LastIndexByte(hostPort, '@'); i >= 0 {
		hostPort = hostPort[i+1:]
	}
	host = hostPort
	if h, _, err := net.SplitHostPort(hostPort); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if emailLoopback(host) {
		return host, "", false
	}
	if i := strings.IndexAny(tail, "?#"); i >= 0 {
		tail = tail[:i]
	}
	return host, codeShowURL("http://" + hostPort + tail), true
}

// emailLoopback reports whether host is the local machine.
func emailLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
