package posture

import (
	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Resources of the records checks report on. Each uses the id that keys
// the record in the snapshot.

func clientResource(c *auth0mgmt.Application) Resource {
	return Resource{Kind: inventory.KindClients, ID: c.ClientID, Name: c.Name}
}

// grantResource names a grant by its application and API:
// "Reporting Service → Auth0 Management API".
func grantResource(t *model.Tenant, g *auth0mgmt.ClientGrant) Resource {
	client := g.ClientID
	if c, ok := t.Client(g.ClientID); ok && c.Name != "" {
		client = c.Name
	}
	api := g.Audience
	if rs, ok := t.ResourceServer(g.Audience); ok && rs.Name != "" {
		api = rs.Name
	}
	return Resource{Kind: inventory.KindClientGrants, ID: g.ID, Name: client + " → " + api}
}

func apiResource(rs *auth0mgmt.ResourceServer) Resource {
	name := rs.Name
	if name == "" {
		name = rs.Identifier
	}
	return Resource{Kind: inventory.KindResourceServers, ID: rs.ID, Name: name}
}

func connectionResource(c *model.Connection) Resource {
	return Resource{Kind: inventory.KindConnections, ID: c.ID, Name: c.Name}
}

func roleResource(r *inventory.RoleRecord) Resource {
	return Resource{Kind: inventory.KindRoles, ID: r.Role.ID, Name: r.Role.Name}
}

func organizationResource(o *inventory.OrganizationRecord) Resource {
	name := o.Organization.DisplayName
	if name == "" {
		name = o.Organization.Name
	}
	return Resource{Kind: inventory.KindOrganizations, ID: o.Organization.ID, Name: name}
}

func actionResource(a *auth0mgmt.Action) Resource {
	return Resource{Kind: inventory.KindActions, ID: a.ID, Name: a.Name}
}

func triggerResource(triggerID string) Resource {
	return Resource{Kind: inventory.KindTriggerBindings, ID: triggerID, Name: triggerID}
}

func ruleResource(r *auth0mgmt.Rule) Resource {
	return Resource{Kind: inventory.KindRules, ID: r.ID, Name: r.Name}
}

func hookResource(h *auth0mgmt.Hook) Resource {
	return Resource{Kind: inventory.KindHooks, ID: h.ID, Name: h.Name}
}

func logStreamResource(s *auth0mgmt.LogStream) Resource {
	return Resource{Kind: inventory.KindLogStreams, ID: s.ID, Name: s.Name}
}

func customDomainResource(d *auth0mgmt.CustomDomain) Resource {
	return Resource{Kind: inventory.KindCustomDomains, ID: d.CustomDomainID, Name: d.Domain}
}

func emailTemplateResource(e *auth0mgmt.EmailTemplate) Resource {
	return Resource{Kind: inventory.KindEmailTemplates, ID: e.Template, Name: e.Template}
}

func settingsResource() Resource {
	return Resource{Kind: inventory.KindTenantSettings, ID: model.SettingsID, Name: "Tenant settings"}
}

func emailProviderResource(p *auth0mgmt.EmailProvider) Resource {
	return Resource{Kind: inventory.KindEmailProvider, ID: model.EmailProviderID, Name: p.Name}
}

func guardianPoliciesResource() Resource {
	return Resource{Kind: inventory.KindGuardianPolicies, ID: model.GuardianPoliciesID, Name: "MFA policies"}
}

// attackResource names one of the four attack protection settings by its
// record id (model.BruteForceID, ...).
func attackResource(id string) Resource {
	names := map[string]string{
		model.BruteForceID:       "Brute-force protection",
		model.BreachedPasswordID: "Breached password detection",
		model.SuspiciousIPID:     "Suspicious IP throttling",
		model.BotDetectionID:     "Bot detection",
	}
	return Resource{Kind: inventory.KindAttackProtection, ID: id, Name: names[id]}
}

// kindResource is a kind as a whole, for findings about what a tenant
// lacks ("no active log stream").
func kindResource(k inventory.Kind) Resource { return Resource{Kind: k} }

func eventStreamResource(s *auth0mgmt.EventStream) Resource {
	return Resource{Kind: inventory.KindEventStreams, ID: s.ID, Name: s.Name}
}

func scimResource(s *inventory.SCIMRecord) Resource {
	return Resource{Kind: inventory.KindSCIMConfigurations, ID: s.Configuration.ConnectionID, Name: s.Configuration.ConnectionName}
}

// clientCredentialsResource names an application's credentials by the
// application's name when the snapshot has it.
func clientCredentialsResource(t *model.Tenant, c *inventory.ClientCredentialsRecord) Resource {
	name := c.ClientID
	if app, ok := t.Client(c.ClientID); ok && app.Name != "" {
		name = app.Name
	}
	return Resource{Kind: inventory.KindClientCredentials, ID: c.ClientID, Name: name}
}

func flowResource(f *auth0mgmt.Flow) Resource {
	return Resource{Kind: inventory.KindFlows, ID: f.ID, Name: f.Name}
}

func tokenExchangeResource(p *auth0mgmt.TokenExchangeProfile) Resource {
	return Resource{Kind: inventory.KindTokenExchangeProfiles, ID: p.ID, Name: p.Name}
}
