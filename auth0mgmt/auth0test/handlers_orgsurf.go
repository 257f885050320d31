package auth0test

import "net/http"

// orgSurfaceRoutes are the endpoints of the organization, connection and
// login-page surfaces, with the scope each needs.
func orgSurfaceRoutes() []route {
	return []route{
		{"GET /api/v2/organizations/{id}/discovery-domains", "read:organization_discovery_domains", (*call).orgDiscoveryDomains},
		{"GET /api/v2/organizations/{id}/client-grants", "read:organization_client_grants", (*call).orgClientGrants},
		{"GET /api/v2/connections/{id}/keys", "read:connections_keys", (*call).connectionKeys},
		{"GET /api/v2/prompts/rendering", "read:prompts", (*call).promptRenderings},
		{"GET /api/v2/branding/themes/default", "read:branding", (*call).defaultTheme},
		{"GET /api/v2/branding/templates/universal-login", "read:branding", (*call).universalLoginTemplate},
	}
}

// orgSurfaceScopes are the read scopes these endpoints add (read:prompts
// and read:branding are among the first ones).
var orgSurfaceScopes = []string{
	"read:organization_discovery_domains", "read:organization_client_grants", "read:connections_keys",
}

// orgDiscoveryDomains: checkpoint paging only (take, from), items under
// domains, no next on the last page.
func (c *call) orgDiscoveryDomains() {
	oi, ok := c.findOrg()
	if !ok {
		return
	}
	s := &c.s.tenant.org
	ds, created := s.discovery[oi], s.discoveryCreated[oi]
	if c.unconfigured("organization_discovery_domains") {
		ds, created = nil, nil
	}
	c.list(listSpec{key: "domains", onlyCheckpoint: true}, listing{n: len(ds),
		id:      func(i int) string { return strField(ds[i], "id") },
		created: func(i int) int64 { return created[i] },
		item:    func(i int) obj { return ds[i] }})
}

// orgClientGrants: offset paging, {start, limit, total, client_grants}
// with include_totals.
func (c *call) orgClientGrants() {
	oi, ok := c.findOrg()
	if !ok {
		return
	}
	gs := c.s.tenant.org.orgGrants[oi]
	c.list(listSpec{key: "client_grants", env: envStartFirst}, listing{n: len(gs), item: func(i int) obj { return gs[i] }})
}

// connectionKeys: one plain array; [] for an OIDC or Okta connection
// without keys, 404 for other strategies.
func (c *call) connectionKeys() {
	i, ok := c.lookup(&c.s.tenant.connections, "The connection does not exist", "inexistent_connection")
	if !ok {
		return
	}
	if st := c.s.tenant.connStrategy[i]; st != "oidc" && st != "okta" {
		c.fail(http.StatusNotFound, "Keys are only available for Okta and OIDC connections", "")
		return
	}
	keys := c.s.tenant.org.connKeys[i]
	if keys == nil {
		keys = []obj{}
	}
	c.ok(keys)
}

// promptRenderings: offset paging, {start, limit, total, configs} with
// include_totals.
func (c *call) promptRenderings() {
	rs := c.s.tenant.org.renderings
	if c.unconfigured("prompt_renderings") {
		rs = nil
	}
	c.list(listSpec{key: "configs", env: envStartFirst}, listing{n: len(rs), item: func(i int) obj { return rs[i] }})
}

func (c *call) defaultTheme() {
	if th := c.s.tenant.org.theme; th != nil && !c.unconfigured("branding_themes") {
		c.ok(th)
		return
	}
	c.fail(http.StatusNotFound, "There was an error retrieving branding settings: invalid theme ID", "theme_not_found")
}

func (c *call) universalLoginTemplate() {
	if tpl := c.s.tenant.org.template; tpl != nil && !c.unconfigured("universal_login_template") {
		c.ok(tpl)
		return
	}
	c.fail(http.StatusNotFound, "Template not found", "")
}
