package auth0test

import (
	"net/http"
	"time"
)

// surfaceRoutes are the endpoints of the newer surfaces, with
// the scope each needs.
func surfaceRoutes() []route {
	return []route{
		{"GET /api/v2/forms", "read:forms", (*call).forms},
		{"GET /api/v2/forms/{id}", "read:forms", (*call).form},
		{"GET /api/v2/flows", "read:flows", (*call).flowsList},
		{"GET /api/v2/flows/{id}", "read:flows", (*call).flow},
		{"GET /api/v2/flows/vault/connections", "read:flows_vault_connections", (*call).vaultConnections},
		{"GET /api/v2/flows/vault/connections/{id}", "read:flows_vault_connections", (*call).vaultConnection},
		{"GET /api/v2/self-service-profiles", "read:self_service_profiles", (*call).selfServiceProfiles},
		{"GET /api/v2/self-service-profiles/{id}", "read:self_service_profiles", (*call).selfServiceProfile},
		{"GET /api/v2/connections-scim-configurations", "read:scim_config", (*call).scimConfigurations},
		{"GET /api/v2/connections/{id}/scim-configuration", "read:scim_config", (*call).scimConfiguration},
		{"GET /api/v2/connections/{id}/scim-configuration/tokens", "read:scim_token", (*call).scimTokens},
		{"GET /api/v2/branding/phone/providers", "read:phone_providers", (*call).phoneProviders},
		{"GET /api/v2/branding/phone/templates", "read:phone_templates", (*call).phoneTemplates},
		{"GET /api/v2/clients/{id}/credentials", "read:client_credentials", (*call).clientCredentials},
		{"GET /api/v2/stats/daily", "read:stats", (*call).statsDaily},
		{"GET /api/v2/stats/active-users", "read:stats", func(c *call) { c.ok(c.s.tenant.surf.activeUsers) }},
		{"GET /api/v2/users/{id}/authentication-methods", "read:authentication_methods", (*call).userAuthenticationMethods},
		{"GET /api/v2/users/{id}/sessions", "read:sessions", (*call).userSessions},
		{"GET /api/v2/users/{id}/refresh-tokens", "read:refresh_tokens", (*call).userRefreshTokens},
		{"GET /api/v2/event-streams", "read:event_streams", (*call).eventStreams},
		{"GET /api/v2/event-streams/{id}", "read:event_streams", (*call).eventStream},
		{"GET /api/v2/keys/encryption", "read:encryption_keys", (*call).encryptionKeys},
		{"GET /api/v2/keys/encryption/{kid}", "read:encryption_keys", (*call).encryptionKey},
		{"GET /api/v2/token-exchange-profiles", "read:token_exchange_profiles", (*call).tokenExchangeProfiles},
		{"GET /api/v2/token-exchange-profiles/{id}", "read:token_exchange_profiles", (*call).tokenExchangeProfile},
		{"GET /api/v2/user-attribute-profiles", "read:user_attribute_profiles", (*call).userAttributeProfiles},
		{"GET /api/v2/user-attribute-profiles/{id}", "read:user_attribute_profiles", (*call).userAttributeProfile},
	}
}

// surfaceScopes are the read scopes of the newer surfaces, in the order of
// surfaceRoutes.
var surfaceScopes = []string{
	"read:forms", "read:flows", "read:flows_vault_connections", "read:self_service_profiles",
	"read:scim_config", "read:scim_token", "read:phone_providers", "read:phone_templates",
	"read:client_credentials", "read:stats", "read:authentication_methods", "read:sessions",
	"read:refresh_tokens", "read:event_streams", "read:encryption_keys",
	"read:token_exchange_profiles", "read:user_attribute_profiles",
}

// none is a filter that keeps nothing: the kind is not configured.
func (c *call) keepUnless(name string) func(int) bool {
	if c.unconfigured(name) {
		return func(int) bool { return false }
	}
	return nil
}

// one answers the object of col named by the {id} path value (or by
// pathKey), 404 with msg when there is none or the kind is unconfigured.
func (c *call) one(col *coll, name, pathKey, msg, code string) {
	i, ok := col.find(c.r.PathValue(pathKey))
	if !ok || c.unconfigured(name) {
		c.fail(http.StatusNotFound, msg, code)
		return
	}
	c.ok(col.items[i])
}

// ---- Forms and Flows --------------------------------------------------

func (c *call) forms() {
	s := &c.s.tenant.surf
	c.list(listSpec{key: "forms", env: envStartFirst}, collListing(&s.forms, c.keepUnless("forms"), func(i int) obj { return summary(s.forms.items[i]) }))
}

func (c *call) form() {
	c.one(&c.s.tenant.surf.forms, "forms", "id", "The form does not exist", "")
}

func (c *call) flowsList() {
	s := &c.s.tenant.surf
	c.list(listSpec{key: "flows", env: envStartFirst}, collListing(&s.flows, c.keepUnless("flows"), func(i int) obj { return summary(s.flows.items[i]) }))
}

func (c *call) flow() {
	c.one(&c.s.tenant.surf.flows, "flows", "id", "The flow does not exist", "")
}

func (c *call) vaultConnections() {
	s := &c.s.tenant.surf
	c.list(listSpec{key: "connections", env: envStartFirst}, collListing(&s.vaultConnections, c.keepUnless("flows_vault_connections"),
		func(i int) obj { return s.vaultConnections.items[i] }))
}

func (c *call) vaultConnection() {
	c.one(&c.s.tenant.surf.vaultConnections, "flows_vault_connections", "id", "The connection does not exist", "")
}

// ---- self-service SSO ---------------------------------------------------

func (c *call) selfServiceProfiles() {
	s := &c.s.tenant.surf
	c.list(listSpec{key: "self_service_profiles", env: envStartFirst}, collListing(&s.selfServiceProfiles, c.keepUnless("self_service_profiles"),
		func(i int) obj { return s.selfServiceProfiles.items[i] }))
}

func (c *call) selfServiceProfile() {
	c.one(&c.s.tenant.surf.selfServiceProfiles, "self_service_profiles", "id", "Self-service profile not found", "")
}

// ---- SCIM --------------------------------------------------------------

func (c *call) scimConfigurations() {
	t := c.s.tenant
	order := t.surf.scimOrder
	if c.unconfigured("scim") {
		order = nil
	}
	c.list(listSpec{key: "scim_configurations", onlyCheckpoint: true}, listing{n: len(order),
		id:      func(i int) string { return t.connections.ids[order[i]] },
		created: func(i int) int64 { return t.connections.created[order[i]] },
		item:    func(i int) obj { return t.surf.scim[order[i]] }})
}

// scimConnection finds the connection of the path and its SCIM
// configuration, answering 404 when either is missing.
func (c *call) scimConnection() (int, bool) {
	t := c.s.tenant
	ci, ok := t.connections.find(c.r.PathValue("id"))
	if !ok {
		c.fail(http.StatusNotFound, "The connection does not exist", "inexistent_connection")
		return 0, false
	}
	if _, has := t.surf.scim[ci]; !has || c.unconfigured("scim") {
		c.fail(http.StatusNotFound, "Not Found", "")
		return 0, false
	}
	return ci, true
}

func (c *call) scimConfiguration() {
	if ci, ok := c.scimConnection(); ok {
		c.ok(c.s.tenant.surf.scim[ci])
	}
}

func (c *call) scimTokens() {
	if ci, ok := c.scimConnection(); ok {
		c.ok(c.s.tenant.surf.scimTokens[ci])
	}
}

// ---- phone ------------------------------------------------------------

func (c *call) phoneProviders() {
	items := c.s.tenant.surf.phoneProviders
	if c.unconfigured("phone_providers") || items == nil {
		items = []obj{}
	}
	c.ok(obj{{"providers", items}})
}

func (c *call) phoneTemplates() {
	items := c.s.tenant.surf.phoneTemplates
	if c.unconfigured("phone_templates") || items == nil {
		items = []obj{}
	}
	c.ok(obj{{"templates", items}})
}

// ---- application credentials ----------------------------------------

func (c *call) clientCredentials() {
	i, ok := c.lookup(&c.s.tenant.clients, "The client does not exist", "inexistent_client")
	if !ok {
		return
	}
	creds := c.s.tenant.surf.clientCredentials[i]
	if creds == nil || c.unconfigured("client_credentials") {
		creds = []obj{}
	}
	c.ok(creds)
}

// ---- stats ----------------------------------------------------------

func (c *call) statsDaily() {
	day := func(name string) (string, bool) {
		v := c.q.Get(name)
		if v == "" {
			return "", true
		}
		d, err := time.Parse("20060102", v)
		if err != nil {
			c.queryError("'String does not match pattern ^\\d{8}$: " + v + "' on property " + name + " (Optional first day of the date range (inclusive) in YYYYMMDD format).")
			return "", false
		}
		return d.Format("2006-01-02"), true
	}
	from, ok := day("from")
	if !ok {
		return
	}
	to, ok := day("to")
	if !ok {
		return
	}
	out := []obj{}
	for _, d := range c.s.tenant.surf.dailyStats {
		date := strField(d, "date")[:10]
		if (from == "" || date >= from) && (to == "" || date <= to) {
			out = append(out, d)
		}
	}
	c.ok(out)
}

// ---- per-user ---------------------------------------------------------

func (c *call) userAuthenticationMethods() {
	i, ok := c.findUser()
	if !ok {
		return
	}
	methods, _, _ := c.s.tenant.userSurfaces(c.s.tenant.seed, i)
	c.list(listSpec{key: "authenticators", env: envStartFirst}, listing{n: len(methods), item: func(k int) obj { return methods[k] }})
}

func (c *call) userSessions() {
	i, ok := c.findUser()
	if !ok {
		return
	}
	_, sessions, _ := c.s.tenant.userSurfaces(c.s.tenant.seed, i)
	c.list(listSpec{key: "sessions", onlyCheckpoint: true}, objListing(sessions))
}

func (c *call) userRefreshTokens() {
	i, ok := c.findUser()
	if !ok {
		return
	}
	_, _, tokens := c.s.tenant.userSurfaces(c.s.tenant.seed, i)
	c.list(listSpec{key: "tokens", onlyCheckpoint: true}, objListing(tokens))
}

// objListing pages through objects by their "id".
func objListing(items []obj) listing {
	return listing{n: len(items),
		id:      func(i int) string { return strField(items[i], "id") },
		created: func(i int) int64 { return int64(i) },
		item:    func(i int) obj { return items[i] }}
}

// ---- event streams, keys, profiles -----------------------------------

func (c *call) eventStreams() {
	s := &c.s.tenant.surf
	c.list(listSpec{key: "eventStreams", onlyCheckpoint: true}, collListing(&s.eventStreams, c.keepUnless("event_streams"),
		func(i int) obj { return s.eventStreams.items[i] }))
}

func (c *call) eventStream() {
	c.one(&c.s.tenant.surf.eventStreams, "event_streams", "id", "The event stream does not exist.", "")
}

func (c *call) encryptionKeys() {
	s := &c.s.tenant.surf
	c.list(listSpec{key: "keys", env: envStartFirst}, collListing(&s.encryptionKeys, nil, func(i int) obj { return s.encryptionKeys.items[i] }))
}

func (c *call) encryptionKey() {
	c.one(&c.s.tenant.surf.encryptionKeys, "", "kid", "Encryption key not found", "")
}

func (c *call) tokenExchangeProfiles() {
	s := &c.s.tenant.surf
	c.list(listSpec{key: "token_exchange_profiles", onlyCheckpoint: true}, collListing(&s.tokenExchangeProfiles, c.keepUnless("token_exchange_profiles"),
		func(i int) obj { return s.tokenExchangeProfiles.items[i] }))
}

func (c *call) tokenExchangeProfile() {
	c.one(&c.s.tenant.surf.tokenExchangeProfiles, "token_exchange_profiles", "id", "Token exchange profile not found", "")
}

func (c *call) userAttributeProfiles() {
	s := &c.s.tenant.surf
	c.list(listSpec{key: "user_attribute_profiles", onlyCheckpoint: true}, collListing(&s.userAttributeProfiles, c.keepUnless("user_attribute_profiles"),
		func(i int) obj { return s.userAttributeProfiles.items[i] }))
}

func (c *call) userAttributeProfile() {
	c.one(&c.s.tenant.surf.userAttributeProfiles, "user_attribute_profiles", "id", "User attribute profile not found", "")
}

// SCIMConnections lists the ids of the connections with a SCIM
// configuration, in the order the listing returns them.
func (t *Tenant) SCIMConnections() []string {
	out := make([]string, 0, len(t.surf.scimOrder))
	for _, ci := range t.surf.scimOrder {
		out = append(out, t.connections.ids[ci])
	}
	return out
}

// ClientCredentialsOf lists the credential ids of an application (what
// /clients/{id}/credentials returns).
func (t *Tenant) ClientCredentialsOf(clientID string) []string {
	i, ok := t.clients.find(clientID)
	if !ok {
		return nil
	}
	var out []string
	for _, c := range t.surf.clientCredentials[i] {
		out = append(out, strField(c, "id"))
	}
	return out
}

// UserSurfaces counts a user's authentication methods, sessions and
// refresh tokens.
func (t *Tenant) UserSurfaces(userID string) (methods, sessions, refreshTokens int) {
	i, ok := t.userIdx[userID]
	if !ok {
		return 0, 0, 0
	}
	m, s, r := t.userSurfaces(t.seed, i)
	return len(m), len(s), len(r)
}

// DailyStatsDays is the number of days of daily stats the tenant has.
func (t *Tenant) DailyStatsDays() int { return len(t.surf.dailyStats) }

// ActiveUsers is what /stats/active-users answers.
func (t *Tenant) ActiveUsers() int { return t.surf.activeUsers }
