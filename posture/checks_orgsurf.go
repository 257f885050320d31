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
// connections' signing certificates, organizations' discovery domains.
//
// Organizations' client grants are read but not judged: an organization
// grant is one of the tenant's client grants (the machine-to-machine
// checks judge its audience and scopes), and Auth0 does not let
// organization-scoped client credentials reach its Management API.
func orgSurfaceChecks() []check {
	return []check{
		{id: "AL-TEN-012", needs: kinds(inventory.KindPromptRenderings), run: checkACULHeadTagsSRI},
		{id: "AL-TEN-013", needs: kinds(inventory.KindUniversalLoginTemplate), run: checkPageTemplateSRI},
		{id: "AL-CONN-020", needs: kinds(inventory.KindConnectionKeys, inventory.KindLogs), run: checkConnectionKeyExpiry},
		{id: "AL-ORG-002", needs: kinds(inventory.KindOrganizationDiscoveryDomains), run: checkDiscoveryDomainUnverified},
	}
}

// ---- AL-TEN-012 / AL-TEN-013 login page assets -------------------------

// loginAsset is a script or stylesheet the login page loads.
type loginAsset struct {
	script    bool // else a stylesheet
	url       string
	integrity bool
}

// loginAssetRisk grades an asset loaded without Subresource Integrity
// from another host: ok is false when there is nothing to report (a
// relative URL, Auth0's own hosts, or integrity set). Scripts are high,
// stylesheets medium; plain http or a loopback or private address one
// step worse.
func loginAssetRisk(a loginAsset, tenantDomain string) (sev Severity, why string, ok bool) {
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
	if host == strings.ToLower(tenantDomain) || host == "auth0.com" || strings.HasSuffix(host, ".auth0.com") {
		return 0, "", false
	}
	sev, what := SeverityMedium, "a stylesheet"
	if a.script {
		sev, what = SeverityHigh, "a script"
	}
	why = fmt.Sprintf("%s from %s without Subresource Integrity", what, host)
	switch {
	case surfacePrivateHost(host):
		sev++
		why += ", from a loopback or private address (whatever answers there on each visitor's machine or network)"
	case strings.EqualFold(u.Scheme, "http"):
		sev++
		why += ", over plain HTTP (anyone on the network path can replace it)"
	}
	return sev, why, true
}

// AL-TEN-012: an advanced (ACUL) screen whose head tags load a script or
// stylesheet from another host without Subresource Integrity.
func checkACULHeadTagsSRI(t *model.Tenant, r *reporter) {
	rs, _ := t.PromptRenderings()
	for i := range rs {
		pr := &rs[i]
		if !pr.Advanced() {
			continue // standard screens render Auth0's page: head tags unused
		}
		res := Resource{Kind: inventory.KindPromptRenderings, ID: inventory.PromptRenderingID(pr.Prompt, pr.Screen),
			Name: pr.Prompt + "/" + pr.Screen}
		for j, h := range pr.HeadTags {
			a, ok := headTagAsset(h)
			if !ok {
				continue
			}
			sev, why, bad := loginAssetRisk(a, t.Domain)
			if !bad {
				continue
			}
			attr := "href"
			if a.script {
				attr = "src"
			}
			r.reportSev(sev, res, path("head_tags", j, "attributes", attr), fmt.Sprintf(
				"The %s screen (prompt %s) loads %s: whoever controls that file runs code in, or restyles, the page where users type their passwords and codes.",
				pr.Screen, pr.Prompt, why), map[string]any{"tag": h.Tag, "url": a.url, "rendering_mode": pr.RenderingMode})
		}
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

// AL-TEN-013: the Universal Login page template loads a script or
// stylesheet from another host without Subresource Integrity.
func checkPageTemplateSRI(t *model.Tenant, r *reporter) {
	tpl, _ := t.UniversalLoginTemplate()
	if tpl == nil {
		return
	}
	res := Resource{Kind: inventory.KindUniversalLoginTemplate, ID: inventory.UniversalLoginTemplateID, Name: "Universal Login page template"}
	for _, a := range templateAssets(tpl.Body) {
		sev, why, bad := loginAssetRisk(a, t.Domain)
		if !bad {
			continue
		}
		r.reportSev(sev, res, "body", fmt.Sprintf(
			"The Universal Login page template, around every login, signup and MFA page, loads %s: whoever controls that file runs code in, or restyles, the page where users type their passwords and codes.",
			why), map[string]any{"url": a.url})
	}
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

// ---- AL-ORG-002 discovery domains -------------------------------------

// AL-ORG-002: an organization discovery domain used for discovery while
// its ownership is not verified.
func checkDiscoveryDomainUnverified(t *model.Tenant, r *reporter) {
	recs, _ := t.OrganizationDiscoveryDomains()
	names := map[string]string{}
	if orgs, err := t.Organizations(); err == nil {
		for _, o := range orgs {
			names[o.Organization.ID] = cmpOrStr(o.Organization.DisplayName, o.Organization.Name)
		}
	}
	for i := range recs {
		rec := &recs[i]
		res := Resource{Kind: inventory.KindOrganizationDiscoveryDomains, ID: rec.OrganizationID, Name: cmpOrStr(names[rec.OrganizationID], rec.OrganizationID)}
		for j, d := range rec.Domains {
			if !d.UsedForDiscovery() || d.Verified() {
				continue
			}
			r.report(res, path("domains", j, "status"), fmt.Sprintf(
				"Organization %q uses discovery domain %s for organization discovery while its ownership is %s: nobody proved the organization owns it, so users of that email domain may be routed to an organization that is not theirs, and whoever can publish the TXT record at %s can complete the claim.",
				res.Name, d.Domain, cmpOrStr(d.Status, "unknown"), d.VerificationHost),
				map[string]any{"domain": d.Domain, "status": d.Status, "use_for_organization_discovery": true, "domain_id": d.ID})
		}
	}
}
