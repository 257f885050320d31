package posture

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// The organization, connection and login-page surfaces: what the login
// page loads from elsewhere (ACUL head tags, the page template),
// connections' signing certificates.
//
// Organizations' discovery domains are not judged: discovery only uses
// verified domains (a pending one is the normal state after adding it,
// and use_for_organization_discovery defaults to true). Organizations'
// client grants are read but not judged: an organization
// grant is one of the tenant's client grants (the machine-to-machine
// checks judge its audience and scopes), and Auth0 does not let
// organization-scoped client credentials reach its Management API.
func orgSurfaceChecks() []check {
	return []check{
		{id: "AL-TEN-012", needs: kinds(inventory.KindPromptRenderings, inventory.KindCustomDomains), run: checkACULHeadTagsSRI},
		{id: "AL-TEN-013", needs: kinds(inventory.KindUniversalLoginTemplate, inventory.KindCustomDomains), run: checkPageTemplateSRI},
		// The scan's time is collected_at, else the newest log event:
		// logs are not needed, and without either the check skips.
		{id: "AL-CONN-020", needs: kinds(inventory.KindConnectionKeys), run: checkConnectionKeyExpiry},
	}
}

// ---- AL-TEN-012 / AL-TEN-013 login page assets -------------------------

// loginAsset is a script or stylesheet the login page loads.
type loginAsset struct {
	script    bool // else a stylesheet
	url       string
	integrity bool
}

// loginOwnHosts returns the hosts the tenant serves its login pages
// from: its canonical domain and its custom domains (lower case).
// Auth0's own hosts (auth0.com and below) are judged by loginAssetRisk.
func loginOwnHosts(t *model.Tenant) map[string]bool {
	own := map[string]bool{}
	if t.Domain != "" {
		own[strings.ToLower(t.Domain)] = true
	}
	ds, _ := t.CustomDomains()
	for _, d := range ds {
		if d.Domain != "" {
			own[strings.ToLower(d.Domain)] = true
		}
	}
	return own
}

// loginAssetRisk grades an asset loaded without Subresource Integrity
// from another host: ok is false when there is nothing to report (a
// relative URL, the tenant's own domains, Auth0's hosts, or integrity
// set). From a public host over https, scripts are high and stylesheets
// medium. Over plain http the asset is low: browsers block active mixed
// content on the https login page, so it is a broken asset, not a way in;
// so is one from a loopback or private address, which cannot load for
// real users (a development asset left on a live screen).
func loginAssetRisk(a loginAsset, own map[string]bool) (sev Severity, why string, ok bool) {
	if a.integrity {
		return 0, "", false
	}
	raw := strings.TrimSpace(a.url)
	if strings.HasPrefix(raw, "//") {
		raw = "https:" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return 0, "", false // relative, or not a URL at all
	}
	host := strings.ToLower(u.Hostname())
	if own[host] || host == "auth0.com" || strings.HasSuffix(host, ".auth0.com") {
		return 0, "", false
	}
	what := "stylesheet"
	if a.script {
		what = "script"
	}
	if surfacePrivateHost(host) {
		return SeverityLow, fmt.Sprintf("development %s on %s, a loopback or private address: it cannot load for real users", what, host), true
	}
	if strings.EqualFold(u.Scheme, "http") {
		return SeverityLow, fmt.Sprintf("%s from %s over plain HTTP: browsers block it as mixed content on the https login page, "+
			"so the screen runs without it (broken, not a way in; served over https it would need Subresource Integrity)", what, host), true
	}
	sev = SeverityMedium
	if a.script {
		sev = SeverityHigh
	}
	return sev, fmt.Sprintf("%s from %s without Subresource Integrity", what, host), true
}

// loginAssetReport is what one page loads that is worth reporting: the
// assets with their kind and why each is reported, the worst grade, and
// the assets counted as development and as third-party ones.
type loginAssetReport struct {
	assets      []map[string]any
	worst       Severity
	dev, remote []string // the hosts or URLs, for the message
}

func (l *loginAssetReport) add(a loginAsset, own map[string]bool) {
	sev, why, bad := loginAssetRisk(a, own)
	if !bad {
		return
	}
	kind := "style"
	if a.script {
		kind = "script"
	}
	l.assets = append(l.assets, map[string]any{"url": a.url, "kind": kind, "severity": sev.String(), "why": why})
	l.worst = max(l.worst, sev)
	if sev == SeverityLow {
		l.dev = append(l.dev, a.url)
	} else {
		l.remote = append(l.remote, a.url)
	}
}

// message says what the page (page: "The login screen (prompt login)")
// loads.
func (l *loginAssetReport) message(page string) string {
	var b strings.Builder
	if len(l.remote) > 0 {
		fmt.Fprintf(&b, "%s loads %s from other hosts without Subresource Integrity (%s): whoever controls those files runs code in, or restyles, the page where users type their passwords and codes.",
			page, plural(len(l.remote), "asset"), strings.Join(l.remote, ", "))
		if len(l.dev) > 0 {
			fmt.Fprintf(&b, " It also loads %s from a loopback or private address (%s), development assets left on a live screen.",
				plural(len(l.dev), "asset"), strings.Join(l.dev, ", "))
		}
		return b.String()
	}
	fmt.Fprintf(&b, "%s loads %s from a loopback or private address (%s): development assets left on a live screen. They cannot load in real users' browsers, so the page is broken or still pointed at a developer's machine.",
		page, plural(len(l.dev), "asset"), strings.Join(l.dev, ", "))
	return b.String()
}

// plural is "1 asset", "3 assets".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// AL-TEN-012: an advanced (ACUL) screen whose head tags load scripts or
// stylesheets from another host without Subresource Integrity: one
// finding per screen, graded by its worst asset.
func checkACULHeadTagsSRI(t *model.Tenant, r *reporter) {
	own := loginOwnHosts(t)
	rs, _ := t.PromptRenderings()
	for i := range rs {
		pr := &rs[i]
		if !pr.Advanced() {
			continue // standard screens render Auth0's page: head tags unused
		}
		var l loginAssetReport
		for _, h := range pr.HeadTags {
			if a, ok := headTagAsset(h); ok {
				l.add(a, own)
			}
		}
		if len(l.assets) == 0 {
			continue
		}
		res := Resource{Kind: inventory.KindPromptRenderings, ID: inventory.PromptRenderingID(pr.Prompt, pr.Screen),
			Name: pr.Prompt + "/" + pr.Screen}
		r.reportSev(l.worst, res, "head_tags", l.message(fmt.Sprintf("The %s screen (prompt %s)", pr.Screen, pr.Prompt)),
			map[string]any{"assets": l.assets, "rendering_mode": pr.RenderingMode})
	}
}

// headTagAsset reads a head tag as a script (src) or stylesheet (link
// rel=stylesheet href).
func headTagAsset(h auth0mgmt.PromptHeadTag) (loginAsset, bool) {
	integrity := len(h.Integrity()) > 0
	switch strings.ToLower(h.Tag) {
	case "script":
		if src := h.Attributes.String("src"); src != "" {
			return loginAsset{script: true, url: src, integrity: integrity}, true
		}
	case "link":
		if strings.Contains(strings.ToLower(h.Attributes.String("rel")), "stylesheet") {
			if href := h.Attributes.String("href"); href != "" {
				return loginAsset{url: href, integrity: integrity}, true
			}
		}
	}
	return loginAsset{}, false
}

var (
	htmlTagRE  = regexp.MustCompile(`(?is)<(script|link)\b([^>]*)>`)
	htmlAttrRE = regexp.MustCompile(`(?is)([a-z_:][-a-z0-9_:.]*)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?`)
)

// templateAssets returns the scripts and stylesheets an HTML page
// template loads.
func templateAssets(body string) []loginAsset {
	var out []loginAsset
	for _, m := range htmlTagRE.FindAllStringSubmatch(body, -1) {
		attrs := map[string]string{}
		for _, a := range htmlAttrRE.FindAllStringSubmatch(m[2], -1) {
			attrs[strings.ToLower(a[1])] = strings.Trim(a[2], `"'`)
		}
		_, integrity := attrs["integrity"]
		integrity = integrity && strings.TrimSpace(attrs["integrity"]) != ""
		switch strings.ToLower(m[1]) {
		case "script":
			if attrs["src"] != "" {
				out = append(out, loginAsset{script: true, url: attrs["src"], integrity: integrity})
			}
		case "link":
			if strings.Contains(strings.ToLower(attrs["rel"]), "stylesheet") && attrs["href"] != "" {
				out = append(out, loginAsset{url: attrs["href"], integrity: integrity})
			}
		}
	}
	return out
}

// AL-TEN-013: the Universal Login page template loads scripts or
// stylesheets from another host without Subresource Integrity: one
// finding for the template, graded by its worst asset.
func checkPageTemplateSRI(t *model.Tenant, r *reporter) {
	tpl, _ := t.UniversalLoginTemplate()
	if tpl == nil {
		return
	}
	own := loginOwnHosts(t)
	var l loginAssetReport
	for _, a := range templateAssets(tpl.Body) {
		l.add(a, own)
	}
	if len(l.assets) == 0 {
		return
	}
	res := Resource{Kind: inventory.KindUniversalLoginTemplate, ID: inventory.UniversalLoginTemplateID, Name: "Universal Login page template"}
	r.reportSev(l.worst, res, "body", l.message("The Universal Login page template, around every login, signup and MFA page,"),
		map[string]any{"assets": l.assets})
}

// ---- AL-CONN-020 connection signing certificates ------------------------

// connectionKeyWarning is how long before its expiry a certificate is
// reported.
const connectionKeyWarning = 30 * 24 * time.Hour

// AL-CONN-020: the signing certificate a connection uses (current, or
// the only one) expired or expires within 30 days of the scan.
func checkConnectionKeyExpiry(t *model.Tenant, r *reporter) {
	asOf, haveTime := t.AsOf()
	recs, _ := t.ConnectionKeys()
	for i := range recs {
		rec := &recs[i]
		res := Resource{Kind: inventory.KindConnectionKeys, ID: rec.ConnectionID, Name: cmpOrStr(rec.ConnectionName, rec.ConnectionID)}
		for j, k := range rec.Keys {
			inUse := k.Current || (!k.Next && !k.Previous)
			if !inUse {
				continue
			}
			notAfter, err := k.NotAfter()
			if err != nil {
				r.skip(res, fmt.Sprintf("key %s: the certificate does not parse: %v", k.Kid, err))
				continue
			}
			if !haveTime {
				r.skip(res, "the snapshot does not say when it was taken (no collected_at, no log event): expiry dates not judged")
				continue
			}
			ev := map[string]any{"kid": k.Kid, "not_after": notAfter.UTC().Format(time.RFC3339), "scan_time": asOf.Format(time.RFC3339),
				"subject_dn": k.SubjectDN}
			p := path("keys", j, "cert")
			switch left := notAfter.Sub(asOf); {
			case left <= 0:
				r.report(res, p, fmt.Sprintf(
					"The signing certificate of connection %q (kid %s) expired on %s: the identity provider may refuse the connection's signed requests, and a key past its validity is one nobody rotated.",
					res.Name, k.Kid, notAfter.UTC().Format("2006-01-02")), ev)
			case left <= connectionKeyWarning:
				r.reportSev(SeverityLow, res, p, fmt.Sprintf(
					"The signing certificate of connection %q (kid %s) expires on %s, in %d days: rotate it before logins through the connection break.",
					res.Name, k.Kid, notAfter.UTC().Format("2006-01-02"), int(left.Hours()/24)), ev)
			}
		}
	}
}

func cmpOrStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
