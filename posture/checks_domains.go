package posture

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Custom domains: whether the tenant serves its login pages from a
// domain of its own, over modern TLS, and whether users actually use it.
func customDomainChecks() []check {
	return []check{
		{id: "AL-DOM-001", needs: kinds(inventory.KindCustomDomains), run: checkCustomDomainReady},
		{id: "AL-DOM-002", needs: kinds(inventory.KindCustomDomains), run: checkCustomDomainTLS},
		{id: "AL-DOM-003", needs: kinds(inventory.KindCustomDomains, inventory.KindLogs), run: checkCanonicalDomainLogins},
	}
}

// AL-DOM-001: no custom domain, or one that is not ready.
func checkCustomDomainReady(t *model.Tenant, r *reporter) {
	ds, _ := t.CustomDomains()
	if len(ds) == 0 {
		if !t.Complete(inventory.KindCustomDomains) {
			r.skip(kindResource(inventory.KindCustomDomains), "the custom domains were not all read", "read:custom_domains")
			return
		}
		r.report(kindResource(inventory.KindCustomDomains), "",
			"The tenant has no custom domain: users log in on an auth0.com host that is not yours, which trains them to trust any look-alike Auth0 page.",
			map[string]any{"custom_domains": 0})
		return
	}
	var ready []string
	for i := range ds {
		if ds[i].Status == "ready" {
			ready = append(ready, ds[i].Domain)
		}
	}
	slices.Sort(ready)
	for i := range ds {
		d := &ds[i]
		switch d.Status {
		case "ready":
		case "":
			r.skip(customDomainResource(d), "the custom domain's status is absent")
		default:
			if len(ready) > 0 {
				// The tenant has a domain of its own that works: this one
				// is unfinished or abandoned, not a gap in protection.
				r.reportSev(SeverityInfo, customDomainResource(d), "status", fmt.Sprintf(
					"Custom domain %s is %q, not ready; logins use the ready custom domain %s meanwhile. Finish its verification or delete it.",
					d.Domain, d.Status, sample(ready, 2)), map[string]any{"status": d.Status, "ready_custom_domains": ready})
				continue
			}
			r.report(customDomainResource(d), "status", fmt.Sprintf(
				"Custom domain %s is %q, not ready: logins cannot use it until its DNS verification and certificate complete, and no other custom domain of the tenant is ready.",
				d.Domain, d.Status), map[string]any{"status": d.Status})
		}
	}
}

// AL-DOM-002: a custom domain accepts TLS 1.0 and 1.1.
func checkCustomDomainTLS(t *model.Tenant, r *reporter) {
	ds, _ := t.CustomDomains()
	for i := range ds {
		d := &ds[i]
		if !strings.EqualFold(d.TLSPolicy, "compatible") {
			continue
		}
		r.report(customDomainResource(d), "tls_policy", fmt.Sprintf(
			"Custom domain %s uses the \"compatible\" TLS policy, which still accepts TLS 1.0 and 1.1.", d.Domain),
			map[string]any{"tls_policy": d.TLSPolicy})
	}
}

// AL-DOM-003: a ready custom domain exists, yet users log in through the
// canonical domain.
func checkCanonicalDomainLogins(t *model.Tenant, r *reporter) {
	ds, _ := t.CustomDomains()
	var ready []*auth0mgmt.CustomDomain
	for i := range ds {
		if strings.EqualFold(ds[i].Domain, t.Domain) {
			// The snapshot names the tenant by a custom domain: its
			// canonical host is unknown.
			r.skip(customDomainResource(&ds[i]), "the snapshot names the tenant by its custom domain, so its canonical domain is unknown")
			return
		}
		if ds[i].Status == "ready" {
			ready = append(ready, &ds[i])
		}
	}
	if len(ready) == 0 || t.Domain == "" {
		return
	}
	logs, _ := t.Logs()
	n := 0
	for _, l := range logs {
		if l.Type == "s" && strings.EqualFold(l.Hostname, t.Domain) {
			n++
		}
	}
	if n == 0 {
		return
	}
	// Report on the domain users should use: the default one, then the
	// primary one, then the first.
	slices.SortStableFunc(ready, func(a, b *auth0mgmt.CustomDomain) int {
		return cmp.Or(domBoolFirst(a.IsDefault, b.IsDefault), domBoolFirst(a.Primary, b.Primary))
	})
	d := ready[0]
	r.report(customDomainResource(d), "", fmt.Sprintf(
		"%d successful login(s) in the scan's logs went through the canonical domain %s instead of %s: users are trained to log in on a host that is not yours.",
		n, t.Domain, d.Domain), map[string]any{"canonical_logins": n, "hostname": t.Domain, "custom_domain": d.Domain})
}

// domBoolFirst orders true before false.
func domBoolFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
