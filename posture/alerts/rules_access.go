package alerts

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

// Who can do what: Management API grants, new machine-to-machine
// applications, roles and their members.

// field returns a string member of a record, from the new snapshot or else
// the old one.
func (p *pass) field(k inventory.Kind, id, key string) string {
	for _, s := range []*inventory.Snapshot{p.new, p.old} {
		if rec := s.Kind(k).Record(id); rec != nil {
			if v := str(get(decodeObj(rec), key)); v != "" {
				return v
			}
		}
	}
	return ""
}

func (p *pass) clientName(id string) string {
	if n := p.field(inventory.KindClients, id, "name"); n != "" {
		return n
	}
	return id
}

// apiInfo is what the rules need of an API.
type apiInfo struct {
	name   string
	system bool
}

// api looks an API up by identifier, in the new snapshot first.
func (p *pass) api(identifier string) (apiInfo, bool) {
	if p.apis == nil {
		p.apis = map[string]apiInfo{}
		for _, s := range []*inventory.Snapshot{p.old, p.new} { // new last: it wins
			k := s.Kind(inventory.KindResourceServers)
			if k == nil {
				continue
			}
			for _, rec := range k.Records {
				var r struct {
					Identifier string `json:"identifier"`
					Name       string `json:"name"`
					IsSystem   bool   `json:"is_system"`
				}
				if json.Unmarshal(rec, &r) == nil && r.Identifier != "" {
					p.apis[r.Identifier] = apiInfo{name: r.Name, system: r.IsSystem}
				}
			}
		}
	}
	a, ok := p.apis[identifier]
	return a, ok
}

func (p *pass) apiName(identifier string) string {
	if a, ok := p.api(identifier); ok && a.name != "" {
		return a.name
	}
	return identifier
}

// isMgmt reports whether an audience names the Management API: the
// tenant's own (https://DOMAIN/api/v2/), or a system API whose identifier
// ends in /api/v2/ (a tenant scanned through a custom domain or a proxy
// still names the API by its canonical domain), as posture decides.
func (p *pass) isMgmt(aud string) bool {
	u, err := url.Parse(aud)
	if err != nil || u.Scheme != "https" || (u.Path != "/api/v2/" && u.Path != "/api/v2") {
		return false
	}
	for _, s := range []*inventory.Snapshot{p.new, p.old} {
		if t, err := url.Parse(s.Tenant); err == nil && t.Host != "" && strings.EqualFold(t.Hostname(), u.Hostname()) {
			return true
		}
	}
	a, ok := p.api(aud)
	if !ok {
		// An audience no API of the scans names: judge by its shape, as
		// posture does when the APIs were not read.
		k := p.new.Kind(inventory.KindResourceServers)
		return k == nil || !k.Status.Read()
	}
	return a.system
}

// resource names a record for an alert.
func (p *pass) resource(k inventory.Kind, id string) posture.Resource {
	name := ""
	switch k {
	case inventory.KindCustomDomains:
		name = p.field(k, id, "domain")
	case inventory.KindEmailTemplates, inventory.KindGuardianFactors, inventory.KindTriggerBindings:
		name = id
	default:
		name = p.field(k, id, "name")
	}
	return posture.Resource{Kind: k, ID: id, Name: name}
}

// isM2M reports whether a client record is a machine-to-machine
// application.
func isM2M(c map[string]any) bool {
	return str(c["app_type"]) == "non_interactive" || slices.Contains(strList(c["grant_types"]), "client_credentials")
}

// grantRules: ALR-GRANT-001 and ALR-GRANT-002.
func (p *pass) grantRules() {
	for _, r := range p.records[inventory.KindClientGrants] {
		if r.op == inventory.OpRemoved || !r.touches("scope", "audience") {
			continue
		}
		b, a := r.obj()
		aud := str(a["audience"])
		if !p.isMgmt(aud) {
			continue
		}
		after := strList(a["scope"])
		var before []string
		if b != nil && p.isMgmt(str(b["audience"])) {
			before = strList(b["scope"])
		}
		added := minus(after, before)
		if len(added) == 0 {
			continue
		}
		tiers := classifyMgmtScopes(added)
		sev := tiers.severity()
		clientID := str(a["client_id"])
		who := fmt.Sprintf("%q", p.clientName(clientID))
		users := ""
		if str(a["subject_type"]) == "user" {
			users = " on behalf of users"
		}
		var changes []Change
		if b != nil && str(b["audience"]) != aud {
			changes = append(changes, valueChange("audience", b["audience"], aud))
		}
		changes = append(changes, listChange("scope", nilIfAdded(r, before), after, added, minus(before, after)))
		if cr := p.byID[inventory.KindClients][clientID]; cr != nil && cr.op == inventory.OpAdded {
			if _, c := cr.obj(); c != nil && isM2M(c) {
				res := posture.Resource{Kind: inventory.KindClients, ID: clientID, Name: p.clientName(clientID)}
				changes = append([]Change{valueChange("", nil, map[string]any{
					"name": c["name"], "app_type": c["app_type"], "grant_types": c["grant_types"]})}, changes...)
				p.raise(RuleNewM2MWithMgmtGrant, sev, res, fmt.Sprintf(
					"A new machine-to-machine application %s can call the Management API%s with %s: %s.",
					who, users, plural(len(after), "scope"), tiers.describe()), changes, p.findingsOn(inventory.KindClientGrants, r.id))
				continue
			}
		}
		res := posture.Resource{Kind: inventory.KindClientGrants, ID: r.id, Name: p.clientName(clientID) + " → " + p.apiName(aud)}
		verb := "gained"
		if r.op == inventory.OpAdded || before == nil {
			verb = "was granted"
		}
		p.raise(RuleGrantWidened, sev, res, fmt.Sprintf("%s %s %s on the Management API%s: %s.",
			who, verb, plural(len(added), "scope"), users, tiers.describe()), changes, nil)
	}
}

// nilIfAdded returns nil for a new record's "before" (so that a Change
// shows no before list), else the list (non-nil).
func nilIfAdded(r *record, before []string) []string {
	if r.op == inventory.OpAdded {
		return nil
	}
	if before == nil {
		return []string{}
	}
	return before
}

// permission is a role permission.
type permission struct{ api, name string }

func permissions(v any) ([]permission, bool) {
	l, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]permission, 0, len(l))
	for _, e := range l {
		m, _ := e.(map[string]any)
		out = append(out, permission{str(m["resource_server_identifier"]), str(m["permission_name"])})
	}
	return out, true
}

// permGrade grades a permission: Management API ones by tier, others by
// verb (apiScopeGrade); reads 0 (bulk reads of the Management API high).
func (p *pass) permGrade(pm permission) posture.Severity {
	if p.isMgmt(pm.api) {
		if mgmtTier(pm.name) == tierRead {
			return 0
		}
		return classifyMgmtScopes([]string{pm.name}).severity()
	}
	return apiScopeGrade(pm.name)
}

// roleRules: ALR-ROLE-001 and ALR-ROLE-002.
func (p *pass) roleRules() {
	for _, r := range p.records[inventory.KindRoles] {
		if r.op == inventory.OpRemoved || !r.touches("permissions", "members") {
			continue
		}
		b, a := r.obj()
		res := posture.Resource{Kind: inventory.KindRoles, ID: r.id, Name: str(a["name"])}
		after, ok := permissions(a["permissions"])
		if !ok {
			continue // not read
		}
		before, _ := permissions(get(b, "permissions"))
		// ALR-ROLE-001: write or delete permissions gained.
		var gained []string
		var sev posture.Severity
		for _, pm := range after {
			if slices.Contains(before, pm) {
				continue
			}
			if g := p.permGrade(pm); g > 0 {
				sev = max(sev, g)
				gained = append(gained, pm.name+" ("+p.apiName(pm.api)+")")
			}
		}
		if len(gained) > 0 {
			var bl []string
			if b != nil {
				bl = permNames(before)
			}
			ch := listChange("permissions", bl, permNames(after), gained, nil)
			verb := "that write or delete"
			if len(gained) == 1 {
				verb = "that writes or deletes"
			}
			p.raise(RuleRoleWritePerms, sev, res, fmt.Sprintf("Role %q gained %s %s: %s.",
				str(a["name"]), plural(len(gained), "permission"), verb, sample(gained, 4)), []Change{ch}, nil)
		}
		// ALR-ROLE-002: members added to a role that holds such power.
		am, ok := a["members"].([]any)
		if !ok {
			continue
		}
		var bm []string
		if b != nil {
			if _, ok := b["members"].([]any); !ok {
				continue // members not read before
			}
			bm = strList(b["members"])
		}
		addedMembers, ok := r.setAdded("members")
		if !ok {
			addedMembers = minus(strList(am), bm)
		}
		if len(addedMembers) == 0 {
			continue
		}
		power, strongest := p.rolePower(after)
		if power == 0 {
			continue
		}
		ch := listChange("members", nilIfAdded(r, bm), strList(am), addedMembers, nil)
		p.raise(RuleRoleMembersAdded, power, res, fmt.Sprintf("%s assigned to role %q, which holds %s.",
			plural(len(addedMembers), "user")+" "+wasWere(len(addedMembers)), str(a["name"]), strongest), []Change{ch}, nil)
	}
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func permNames(ps []permission) []string {
	out := make([]string, len(ps))
	for i, pm := range ps {
		out[i] = pm.name
	}
	return out
}

// rolePower grades what a role's holders can do, for ALR-ROLE-002:
// Management API take-over high, other Management API writes, deletes
// and bulk reads medium, other deletes or admin low, other writes info;
// 0 for a read-only role. It names the strongest permission.
func (p *pass) rolePower(perms []permission) (posture.Severity, string) {
	var sev posture.Severity
	strongest := ""
	for _, pm := range perms {
		var s posture.Severity
		if p.isMgmt(pm.api) {
			switch mgmtTier(pm.name) {
			case tierTakeover:
				s = posture.SeverityHigh
			case tierDestructive, tierBulkRead, tierWrite:
				s = posture.SeverityMedium
			}
		} else {
			switch apiScopeGrade(pm.name) {
			case posture.SeverityMedium:
				s = posture.SeverityLow
			case posture.SeverityLow:
				s = posture.SeverityInfo
			}
		}
		if s > sev {
			sev, strongest = s, pm.name+" on "+p.apiName(pm.api)
		}
	}
	return sev, strongest
}

// everyApp lists the client ids a connection must be enabled for to count
// as enabled for every application: the applications users log in to
// (not the global "All Applications" client, not machine-to-machine
// ones) of a snapshot whose clients were all read (nil otherwise).
func everyApp(s *inventory.Snapshot) []string {
	k := s.Kind(inventory.KindClients)
	if k == nil || !k.Status.Complete() {
		return nil
	}
	ids := []string{}
	for _, id := range k.IDs() {
		c := decodeObj(k.Records[id])
		if boolOr(c["global"], false) || str(c["app_type"]) == "non_interactive" {
			continue
		}
		ids = append(ids, id)
	}
	return ids
}
