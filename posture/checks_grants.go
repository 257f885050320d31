package posture

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/graph"
	"github.com/authlens/authlens/posture/model"
)

// Machine-to-machine access: client grants, above all those on the
// Management API, and the applications that hold them.
func machineToMachineChecks() []check {
	return []check{
		{id: "AL-M2M-001", needs: kinds(inventory.KindClientGrants, inventory.KindResourceServers, inventory.KindClients), run: checkMgmtGrantScopes},
		{id: "AL-M2M-002", needs: kinds(inventory.KindClientGrants, inventory.KindResourceServers, inventory.KindClients), run: checkSharedSecretMgmtPower},
		{id: "AL-M2M-003", needs: kinds(inventory.KindClientGrants, inventory.KindResourceServers, inventory.KindClients), run: checkGrantMissingAPI},
		{id: "AL-M2M-004", needs: kinds(inventory.KindClientGrants, inventory.KindClients, inventory.KindResourceServers), run: checkGrantMissingClient},
		{id: "AL-M2M-005", needs: kinds(inventory.KindClients, inventory.KindClientGrants, inventory.KindResourceServers, inventory.KindLogs), run: checkUnusedM2M},
	}
}

func setOf(s ...string) map[string]bool {
	m := make(map[string]bool, len(s))
	for _, v := range s {
		m[v] = true
	}
	return m
}

// scopeTiers splits Management API scopes by blast radius; read-only
// scopes outside bulkReadScopes fall in no tier.
type scopeTiers struct {
	takeover, destructive, bulkRead, write []string
}

// classifyMgmtScopes splits scopes by the tiers of graph.MgmtScopeTier
// (the one table of Management API scope tiers).
func classifyMgmtScopes(scopes []string) scopeTiers {
	var t scopeTiers
	for _, s := range scopes {
		switch graph.MgmtScopeTier(s) {
		case graph.TierTakeover:
			t.takeover = append(t.takeover, s)
		case graph.TierDestructive:
			t.destructive = append(t.destructive, s)
		case graph.TierBulkRead:
			t.bulkRead = append(t.bulkRead, s)
		case graph.TierWrite:
			t.write = append(t.write, s)
		}
	}
	for _, l := range []*[]string{&t.takeover, &t.destructive, &t.bulkRead, &t.write} {
		slices.Sort(*l)
	}
	return t
}

// ManagementScopeTier grades a Management API scope by what its holder can
// do to the tenant: "takeover" (mint credentials, run code, rewrite
// identities or their proofs, the login page or the defences),
// "destructive" (delete:), "bulk_read" (personal data or secrets in
// bulk), "write" (any other create:, update:, ...), or "" for a harmless
// read. AL-M2M-001 grades grants by it, the attack paths and the alerts on
// widened grants too (see graph.MgmtScopeTier).
func ManagementScopeTier(scope string) string { return graph.MgmtScopeTier(scope) }

// severity is the grade of the worst tier (0 when there is none).
func (t scopeTiers) severity() Severity {
	switch {
	case len(t.takeover) > 0:
		return SeverityCritical
	case len(t.destructive) > 0, len(t.bulkRead) > 0:
		return SeverityHigh
	case len(t.write) > 0:
		return SeverityMedium
	}
	return 0
}

func (t scopeTiers) evidence() map[string]any {
	ev := map[string]any{}
	for name, l := range map[string][]string{"takeover": t.takeover, "destructive": t.destructive,
		"bulk_read": t.bulkRead, "write": t.write} {
		if len(l) > 0 {
			ev[name] = l
		}
	}
	return ev
}

// grantIsSystem reports whether Auth0 manages the grant itself
// (is_system true, such as the grants of Okta's Express Configuration):
// the tenant's administrators neither created nor can change it.
func grantIsSystem(g *auth0mgmt.ClientGrant) bool { return g.IsSystem != nil && *g.IsSystem }

// customerGrants returns the client grants the tenant's administrators
// manage (Auth0's own system grants left out).
func customerGrants(t *model.Tenant) []*auth0mgmt.ClientGrant {
	gs, _ := t.ClientGrants()
	var out []*auth0mgmt.ClientGrant
	for i := range gs {
		if !grantIsSystem(&gs[i]) {
			out = append(out, &gs[i])
		}
	}
	return out
}

// mgmtGrants returns the client-credentials grants on the Management API
// (Auth0's own system grants left out).
func mgmtGrants(t *model.Tenant) []*auth0mgmt.ClientGrant {
	var out []*auth0mgmt.ClientGrant
	for _, g := range customerGrants(t) {
		if !g.IsUserGrant() && t.IsManagementAudience(g.Audience) {
			out = append(out, g)
		}
	}
	return out
}

// AL-M2M-001: a grant on the Management API with write, delete or
// bulk-read scopes, graded by the worst of them.
func checkMgmtGrantScopes(t *model.Tenant, r *reporter) {
	for _, g := range mgmtGrants(t) {
		tiers := classifyMgmtScopes(g.Scope)
		sev := tiers.severity()
		if sev == 0 {
			continue
		}
		var what []string
		if n := len(tiers.takeover); n > 0 {
			what = append(what, fmt.Sprintf("%d that can take the tenant over (%s)", n, sample(tiers.takeover, 4)))
		}
		if n := len(tiers.destructive); n > 0 {
			what = append(what, fmt.Sprintf("%d that delete (%s)", n, sample(tiers.destructive, 3)))
		}
		if n := len(tiers.bulkRead); n > 0 {
			what = append(what, fmt.Sprintf("%d that read personal data or secrets in bulk (%s)", n, sample(tiers.bulkRead, 3)))
		}
		if n := len(tiers.write); n > 0 {
			what = append(what, fmt.Sprintf("%d other write scopes (%s)", n, sample(tiers.write, 3)))
		}
		res := grantResource(t, g)
		msg := fmt.Sprintf("The grant gives %s Management API scopes: %s.", clientLabel(t, g.ClientID), strings.Join(what, "; "))
		if grantScannerReadOnly(t, g.ClientID, tiers) {
			// The scan's own read grant: a known, needed risk, graded
			// low; any write scope on it counts in full.
			sev = SeverityLow
			msg += " It is the application that took this snapshot (the scanner's own read-only grant): keep its secret in a secrets manager, or better, authenticate it with private_key_jwt."
			if c, ok := t.Client(g.ClientID); ok {
				if shared, _ := usesSharedSecret(c); !shared {
					msg = strings.TrimSuffix(msg, " keep its secret in a secrets manager, or better, authenticate it with private_key_jwt.") +
						" it authenticates without a shared secret; keep its private key out of reach."
				}
			}
		}
		r.reportSev(sev, res, "scope", msg, tiers.evidence())
	}
}

// grantScannerReadOnly reports whether clientID is the application that
// took the snapshot and tiers hold nothing but reads.
func grantScannerReadOnly(t *model.Tenant, clientID string, tiers scopeTiers) bool {
	return clientID != "" && clientID == t.Snapshot().Scan.ClientID &&
		len(tiers.takeover) == 0 && len(tiers.destructive) == 0 && len(tiers.write) == 0
}

// sample lists up to n items, "and k more" after them.
func sample(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}

func clientLabel(t *model.Tenant, id string) string {
	if c, ok := t.Client(id); ok && c.Name != "" {
		return fmt.Sprintf("%q", c.Name)
	}
	return "application " + id
}

// usesSharedSecret reports whether the application authenticates to the
// token endpoint with its client secret (client_secret_post or
// client_secret_basic; Auth0's default for confidential applications when
// nothing else is configured).
func usesSharedSecret(c *auth0mgmt.Application) (bool, string) {
	switch m := c.TokenEndpointAuthMethod; m {
	case "client_secret_post", "client_secret_basic":
		return true, m
	case "":
		if len(c.ClientAuthenticationMethods) == 0 {
			return true, "client_secret_post (default)"
		}
	}
	return false, ""
}

// AL-M2M-002: an application authenticated by a shared secret holds
// Management API scopes that take over, destroy or read the tenant in
// bulk: its secret is a tenant-wide key.
func checkSharedSecretMgmtPower(t *model.Tenant, r *reporter) {
	byClient := map[string]scopeTiers{}
	var order []string
	for _, g := range mgmtGrants(t) {
		tiers := classifyMgmtScopes(g.Scope)
		if tiers.severity() < SeverityHigh {
			continue
		}
		prev, seen := byClient[g.ClientID]
		if !seen {
			order = append(order, g.ClientID)
		}
		prev.takeover = append(prev.takeover, tiers.takeover...)
		prev.destructive = append(prev.destructive, tiers.destructive...)
		prev.bulkRead = append(prev.bulkRead, tiers.bulkRead...)
		byClient[g.ClientID] = prev
	}
	slices.Sort(order)
	for _, id := range order {
		c, ok := t.Client(id)
		if !ok {
			continue // AL-M2M-004 reports grants of applications that are gone
		}
		shared, method := usesSharedSecret(c)
		if !shared {
			continue
		}
		tiers := byClient[id]
		sev := SeverityHigh
		if len(tiers.takeover) > 0 {
			sev = SeverityCritical
		}
		ev := tiers.evidence()
		ev["token_endpoint_auth_method"] = method
		n := len(tiers.takeover) + len(tiers.destructive) + len(tiers.bulkRead)
		msg := fmt.Sprintf("%q authenticates with a shared client secret (%s) and holds %d powerful Management API scopes: whoever has the secret holds them too.",
			c.Name, method, n)
		if grantScannerReadOnly(t, id, tiers) {
			sev = SeverityLow
			msg += " It is the application that took this snapshot: its read scopes are what a scan needs; authenticate it with private_key_jwt to take its secret out of circulation."
		}
		r.reportSev(sev, clientResource(c), "token_endpoint_auth_method", msg, ev)
	}
}

// grantSystemAudience reports whether aud names one of Auth0's own APIs
// that the resource servers listing may leave out: the My Account API
// (https://TENANT/me/), the My Organization API (https://TENANT/my-org/)
// and any urn:auth0: identifier. The host must be the tenant's, or the
// host of a system API the tenant lists (a snapshot named after a custom
// domain still names them by the canonical domain).
func grantSystemAudience(t *model.Tenant, aud string) bool {
	if strings.HasPrefix(strings.ToLower(aud), "urn:auth0:") {
		return true
	}
	u, err := url.Parse(aud)
	if err != nil || u.Scheme != "https" || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	switch strings.TrimSuffix(u.Path, "/") {
	case "/me", "/my-org":
	default:
		return false
	}
	host := strings.ToLower(u.Host)
	if host == strings.ToLower(t.Domain) {
		return true
	}
	rss, _ := t.ResourceServers()
	for i := range rss {
		rs := &rss[i]
		if rs.IsSystem == nil || !*rs.IsSystem {
			continue
		}
		if su, err := url.Parse(rs.Identifier); err == nil && su.Scheme == "https" && strings.EqualFold(su.Host, host) {
			return true
		}
	}
	return false
}

// AL-M2M-003: a grant for an API that no longer exists.
func checkGrantMissingAPI(t *model.Tenant, r *reporter) {
	for _, g := range customerGrants(t) {
		if t.IsManagementAudience(g.Audience) || grantSystemAudience(t, g.Audience) {
			continue
		}
		if _, ok := t.ResourceServer(g.Audience); ok {
			continue
		}
		r.report(grantResource(t, g), "audience", fmt.Sprintf(
			"The grant lets %s request tokens for %q, which is no API of the tenant: an API created later with that identifier would trust it at once.",
			clientLabel(t, g.ClientID), g.Audience), map[string]any{"audience": g.Audience, "scope": g.Scope})
	}
}

// AL-M2M-004: a grant for an application that no longer exists.
func checkGrantMissingClient(t *model.Tenant, r *reporter) {
	for _, g := range customerGrants(t) {
		if _, ok := t.Client(g.ClientID); ok {
			continue
		}
		r.report(grantResource(t, g), "client_id", fmt.Sprintf(
			"The grant names application %s, which is not in the tenant.", g.ClientID),
			map[string]any{"client_id": g.ClientID, "audience": g.Audience})
	}
}

// AL-M2M-005: a machine-to-machine application with grants that no log
// event of the scan's window mentions.
func checkUnusedM2M(t *model.Tenant, r *reporter) {
	grants := map[string][]string{}
	for _, g := range customerGrants(t) {
		if !g.IsUserGrant() {
			grants[g.ClientID] = append(grants[g.ClientID], g.Audience)
		}
	}
	logs, _ := t.Logs()
	seen := map[string]bool{}
	for _, l := range logs {
		seen[l.ClientID] = true
	}
	window := humanWindow(t.Snapshot().Scan.LogWindow)
	complete := t.Complete(inventory.KindLogs)
	cs, _ := t.Clients()
	for i := range cs {
		c := &cs[i]
		if !c.IsM2M() || len(grants[c.ClientID]) == 0 || seen[c.ClientID] || c.ClientID == t.Snapshot().Scan.ClientID {
			continue
		}
		if !complete {
			r.skip(clientResource(c), "the logs of the scan's window were not all read")
			continue
		}
		auds := slices.Clone(grants[c.ClientID])
		slices.Sort(auds)
		r.report(clientResource(c), "", fmt.Sprintf(
			"%q holds grants to %d API(s) but no log event of the last %s mentions it.", c.Name, len(auds), window),
			map[string]any{"audiences": slices.Compact(auds), "log_window": t.Snapshot().Scan.LogWindow})
	}
}

// humanWindow writes a Go duration ("168h0m0s") for people ("7 days").
func humanWindow(d string) string {
	v, err := time.ParseDuration(d)
	switch {
	case err != nil || v <= 0:
		return "scan window"
	case v%(24*time.Hour) == 0:
		if n := int(v / (24 * time.Hour)); n != 1 {
			return fmt.Sprintf("%d days", n)
		}
		return "24 hours"
	case v%time.Hour == 0:
		return fmt.Sprintf("%d hours", int(v/time.Hour))
	}
	return v.String()
}
