package alerts

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

// Organizations: who can become a member, and what members may do.

// orgConnections reads an organization's enabled connections by
// connection id (ok false when they were not read).
func orgConnections(o map[string]any) (map[string]map[string]any, bool) {
	l, ok := o["enabled_connections"].([]any)
	if !ok {
		return nil, false
	}
	out := make(map[string]map[string]any, len(l))
	for _, e := range l {
		if m, ok := e.(map[string]any); ok && str(m["connection_id"]) != "" {
			out[str(m["connection_id"])] = m
		}
	}
	return out, true
}

// orgMemberRoles reads an organization's members' role ids by user id (ok
// false when the members or their roles were not read).
func orgMemberRoles(o map[string]any) (map[string][]string, bool) {
	l, ok := o["members"].([]any)
	if !ok {
		return nil, false
	}
	out := make(map[string][]string, len(l))
	for _, e := range l {
		m, _ := e.(map[string]any)
		if _, read := m["roles"].([]any); !read || str(m["user_id"]) == "" {
			return nil, false
		}
		out[str(m["user_id"])] = strList(m["roles"])
	}
	return out, true
}

// organizationRules: ALR-ORG-001 and ALR-ORG-002.
func (p *pass) organizationRules() {
	type graded struct {
		sev  posture.Severity
		what string
	}
	roles := map[string]graded{} // roleIDPower by role id
	for _, r := range p.records[inventory.KindOrganizations] {
		if r.op == inventory.OpRemoved || !r.touches("enabled_connections", "members") {
			continue
		}
		b, a := r.obj()
		name := str(a["display_name"])
		if name == "" {
			name = str(a["name"])
		}
		res := posture.Resource{Kind: inventory.KindOrganizations, ID: r.id, Name: name}

		// ALR-ORG-001: a connection enabled, membership on login or
		// sign-up turned on. A new organization reports only the latter.
		if ac, ok := orgConnections(a); ok && r.touches("enabled_connections") {
			bc, bRead := orgConnections(b)
			if b == nil || bRead {
				var w weakening
				ids := make([]string, 0, len(ac))
				for id := range ac {
					ids = append(ids, id)
				}
				slices.Sort(ids)
				for _, id := range ids {
					c := ac[id]
					cname := str(get(c, "connection", "name"))
					if cname == "" {
						cname = id
					}
					path := "enabled_connections[" + id + "]"
					old, had := bc[id]
					if b != nil && !had {
						var opened []string
						if boolOr(c["assign_membership_on_login"], false) {
							opened = append(opened, "membership on login")
						}
						if boolOr(c["is_signup_enabled"], false) {
							opened = append(opened, "sign-up")
						}
						what := fmt.Sprintf("connection %q (%s) enabled", cname, orNone(str(get(c, "connection", "strategy"))))
						if len(opened) > 0 {
							what += " with " + strings.Join(opened, " and ")
						}
						w.add(sevMedium, what, valueChange(path, nil, orgConnSummary(c)))
						continue
					}
					for _, f := range []struct{ member, what string }{
						{"assign_membership_on_login", "membership on login"},
						{"is_signup_enabled", "sign-up"},
					} {
						if !boolOr(c[f.member], false) || boolOr(get(old, f.member), false) {
							continue
						}
						w.add(sevMedium, fmt.Sprintf("%s turned on for connection %q", f.what, cname),
							valueChange(path+"."+f.member, get(old, f.member), c[f.member]))
					}
				}
				if w.sev > 0 {
					p.raise(RuleOrgConnOpened, w.sev, res, fmt.Sprintf("Organization %q: %s.", name, strings.Join(w.what, "; ")), w.changes, nil)
				}
			}
		}

		// ALR-ORG-002: members given a role that writes or deletes, in
		// the organization. Both scans must have read the members' roles.
		if b == nil || !r.touches("members") {
			continue
		}
		am, ok := orgMemberRoles(a)
		if !ok {
			continue
		}
		bm, ok := orgMemberRoles(b)
		if !ok {
			continue
		}
		var sev posture.Severity
		var strongest string
		var changes []Change
		var users []string
		uids := make([]string, 0, len(am))
		for uid := range am {
			uids = append(uids, uid)
		}
		slices.Sort(uids)
		for _, uid := range uids {
			before, had := bm[uid]
			added := minus(am[uid], before)
			var given []string
			for _, role := range added {
				g, ok := roles[role]
				if !ok {
					g.sev, g.what = p.roleIDPower(role)
					roles[role] = g
				}
				s, what := g.sev, g.what
				if s == 0 {
					continue
				}
				given = append(given, role)
				if s > sev {
					sev, strongest = s, what
				}
			}
			if len(given) == 0 {
				continue
			}
			users = append(users, uid)
			var bl []string
			if had {
				bl = before
			}
			if len(changes) < maxListed {
				changes = append(changes, listChange("members["+uid+"].roles", bl, am[uid], given, nil))
			}
		}
		if sev > 0 {
			p.raise(RuleOrgMemberRoles, sev, res, fmt.Sprintf("%s given a role in organization %q that holds %s.",
				plural(len(users), "member")+" "+wasWere(len(users)), name, strongest), changes, nil)
		}
	}
}

// orgConnSummary is an enabled connection as a Change shows it.
func orgConnSummary(c map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range []string{"connection_id", "assign_membership_on_login", "is_signup_enabled", "show_as_button"} {
		if v, ok := c[k]; ok {
			out[k] = v
		}
	}
	if n := str(get(c, "connection", "name")); n != "" {
		out["name"] = n
	}
	return out
}

// roleIDPower grades a role of the new snapshot by id, as ALR-ROLE-002
// does (0 when the role or its permissions are not in the scan); it names
// the role and its strongest permission.
func (p *pass) roleIDPower(id string) (posture.Severity, string) {
	rec := decodeObj(p.new.Kind(inventory.KindRoles).Record(id))
	perms, ok := permissions(get(rec, "permissions"))
	if !ok {
		return 0, ""
	}
	sev, strongest := p.rolePower(perms)
	return sev, fmt.Sprintf("%s (role %q)", strongest, str(rec["name"]))
}
