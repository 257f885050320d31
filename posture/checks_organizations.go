package posture

import (
	"fmt"
	"strings"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Organizations: who can become a member.
func organizationChecks() []check {
	return []check{
		{id: "AL-ORG-001", needs: kinds(inventory.KindOrganizations, inventory.KindConnections), run: checkOrgOpenMembership},
	}
}

// orgSocialStrategies are the strategies of Auth0's social connections:
// anyone can create an account at these providers.
var orgSocialStrategies = setOf(
	"google-oauth2", "facebook", "apple", "windowslive", "linkedin", "github", "twitter", "amazon",
	"bitbucket", "box", "baidu", "daccount", "dropbox", "dwolla", "evernote", "evernote-sandbox", "exact",
	"fitbit", "instagram", "line", "paypal", "paypal-sandbox", "planningcenter", "renren",
	"salesforce", "salesforce-community", "salesforce-sandbox", "shopify", "soundcloud",
	"thecity", "thecity-sandbox", "thirtysevensignals", "vkontakte", "weibo", "wordpress", "yahoo", "yandex",
)

// AL-ORG-001: an organization that adds as a member whoever logs in
// through a connection where anyone can create an identity.
func checkOrgOpenMembership(t *model.Tenant, r *reporter) {
	orgs, _ := t.Organizations()
	for i := range orgs {
		o := &orgs[i]
		res := organizationResource(o)
		if o.EnabledConnections == nil {
			r.skip(res, "the organization's enabled connections were not read",
				roleGapScopes(t, inventory.KindOrganizations, "enabled_connections", o.Organization.ID, "read:organization_connections")...)
			continue
		}
		var open []map[string]any
		var names []string
		for _, ec := range o.EnabledConnections {
			if ec.AssignMembershipOnLogin == nil || !*ec.AssignMembershipOnLogin {
				continue
			}
			c, found := t.ConnectionByID(ec.ConnectionID)
			name, strategy := ec.ConnectionID, ""
			if ec.Connection != nil {
				name, strategy = ec.Connection.Name, ec.Connection.Strategy
			}
			if found {
				name, strategy = c.Name, c.Strategy
			}
			var why string
			switch {
			case orgSocialStrategies[strategy]:
				why = fmt.Sprintf("social connection (%s): anyone with an account there can log in", strategy)
			case strategy == "auth0" || connPasswordless[strategy]:
				if strategy == "auth0" && (ec.IsSignupEnabled == nil || !*ec.IsSignupEnabled) {
					continue // no signup through the organization
				}
				if !found {
					r.skip(res, fmt.Sprintf("connection %s is not in the snapshot", ec.ConnectionID))
					continue
				}
				if !c.HasOptions() {
					r.skip(res, "connection options not returned", "read:connections_options")
					continue
				}
				if c.DisableSignup() {
					continue
				}
				if strategy == "auth0" {
					why = "database connection with signup open, and signup enabled for the organization"
				} else {
					why = fmt.Sprintf("passwordless connection (%s) with signup open", strategy)
				}
			default:
				continue // enterprise: membership by login is what it is for
			}
			open = append(open, map[string]any{"connection_id": ec.ConnectionID, "name": name, "strategy": strategy, "why": why})
			names = append(names, fmt.Sprintf("%q (%s)", name, why))
		}
		if len(open) == 0 {
			continue
		}
		r.report(res, "enabled_connections", fmt.Sprintf(
			"Anyone can make themselves a member of the organization %q: it assigns membership on login through %s.",
			res.Name, strings.Join(names, "; ")), map[string]any{"connections": open})
	}
}
