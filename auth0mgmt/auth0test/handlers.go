package auth0test

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// route is one /api/v2 endpoint: its pattern and the read scope it needs.
type route struct {
	pattern string
	scope   string
	h       func(*call)
}

// Route is an endpoint the server answers and the scope it needs.
type Route struct {
	// Pattern is the method and path pattern, as Stats.ByRoute counts it,
	// e.g. "GET /api/v2/users/{id}".
	Pattern string
	// Scope is the one scope the route needs.
	Scope string
}

// Routes lists the /api/v2 endpoints the server answers, with the scope
// each needs (the token endpoint and export downloads need none).
func Routes() []Route {
	rs := apiRoutes()
	out := make([]Route, len(rs))
	for i, r := range rs {
		p := r.pattern
		if p == orgByNamePattern {
			p = "GET /api/v2/organizations/name/{name}"
		}
		out[i] = Route{Pattern: p, Scope: r.scope}
	}
	return out
}

// apiRoutes is the endpoint table (see the package documentation).
func apiRoutes() []route {
	return append([]route{
		{"GET /api/v2/clients", "read:clients", (*call).clients},
		{"GET /api/v2/clients/{id}", "read:clients", (*call).client},
		{"GET /api/v2/client-grants", "read:client_grants", (*call).clientGrants},
		{"GET /api/v2/client-grants/{id}", "read:client_grants", (*call).clientGrant},
		{"GET /api/v2/resource-servers", "read:resource_servers", (*call).resourceServers},
		{"GET /api/v2/resource-servers/{id}", "read:resource_servers", (*call).resourceServer},
		{"GET /api/v2/connections", "read:connections", (*call).connections},
		{"GET /api/v2/connections/{id}", "read:connections", (*call).connection},
		{"GET /api/v2/connections/{id}/clients", "read:connections", (*call).connectionClients},
		{"GET /api/v2/users", "read:users", (*call).users},
		{"GET /api/v2/users/{id}", "read:users", (*call).user},
		{"GET /api/v2/users/{id}/roles", "read:users", (*call).userRoles},
		{"GET /api/v2/users/{id}/permissions", "read:users", (*call).userPermissions},
		{"GET /api/v2/users/{id}/organizations", "read:users", (*call).userOrganizations},
		{"GET /api/v2/roles", "read:roles", (*call).rolesList},
		{"GET /api/v2/roles/{id}", "read:roles", (*call).role},
		{"GET /api/v2/roles/{id}/permissions", "read:roles", (*call).rolePermissions},
		{"GET /api/v2/roles/{id}/users", "read:roles", (*call).roleUsers},
		{"GET /api/v2/organizations", "read:organizations", (*call).organizations},
		{"GET /api/v2/organizations/{id}", "read:organizations", (*call).organization},
		// GET /api/v2/organizations/name/{name}: this pattern, because
		// ServeMux cannot tell name/{name} from {id}/members (Stats
		// counts it as "GET /api/v2/organizations/name/{name}")
		{orgByNamePattern, "read:organizations", (*call).organizationByName},
		{"GET /api/v2/organizations/{id}/members", "read:organization_members", (*call).orgMembers},
		{"GET /api/v2/organizations/{id}/members/{user_id}/roles", "read:organization_member_roles", (*call).orgMemberRoles},
		{"GET /api/v2/organizations/{id}/enabled_connections", "read:organization_connections", (*call).orgConnections},
		{"GET /api/v2/organizations/{id}/enabled_connections/{connection_id}", "read:organization_connections", (*call).orgConnection},
		{"GET /api/v2/organizations/{id}/invitations", "read:organization_invitations", (*call).orgInvitations},
		{"GET /api/v2/organizations/{id}/invitations/{invitation_id}", "read:organization_invitations", (*call).orgInvitation},
		{"GET /api/v2/actions/actions", "read:actions", (*call).actionsList},
		{"GET /api/v2/actions/actions/{id}", "read:actions", (*call).action},
		{"GET /api/v2/actions/triggers", "read:actions", (*call).triggers},
		{"GET /api/v2/actions/triggers/{triggerId}/bindings", "read:actions", (*call).bindings},
		{"GET /api/v2/rules", "read:rules", (*call).rulesList},
		{"GET /api/v2/rules/{id}", "read:rules", (*call).rule},
		{"GET /api/v2/rules-configs", "read:rules_configs", (*call).rulesConfigs},
		{"GET /api/v2/hooks", "read:hooks", (*call).hooksList},
		{"GET /api/v2/hooks/{id}", "read:hooks", (*call).hook},
		{"GET /api/v2/log-streams", "read:log_streams", (*call).logStreams},
		{"GET /api/v2/log-streams/{id}", "read:log_streams", (*call).logStream},
		{"GET /api/v2/logs", "read:logs", (*call).logsList},
		{"GET /api/v2/logs/{id}", "read:logs", (*call).logEvent},
		{"GET /api/v2/tenants/settings", "read:tenant_settings", (*call).tenantSettings},
		{"GET /api/v2/attack-protection/brute-force-protection", "read:attack_protection", func(c *call) { c.ok(c.s.tenant.bruteForce) }},
		{"GET /api/v2/attack-protection/breached-password-detection", "read:attack_protection", func(c *call) { c.ok(c.s.tenant.breachedPassword) }},
		{"GET /api/v2/attack-protection/suspicious-ip-throttling", "read:attack_protection", func(c *call) { c.ok(c.s.tenant.suspiciousIP) }},
		{"GET /api/v2/attack-protection/bot-detection", "read:attack_protection", func(c *call) { c.ok(c.s.tenant.botDetection) }},
		{"GET /api/v2/guardian/factors", "read:guardian_factors", func(c *call) { c.ok(c.s.tenant.guardianFactors) }},
		{"GET /api/v2/guardian/policies", "read:mfa_policies", func(c *call) { c.ok(c.s.tenant.guardianPolicies) }},
		{"GET /api/v2/emails/provider", "read:email_provider", (*call).emailProvider},
		{"GET /api/v2/email-templates/{templateName}", "read:email_templates", (*call).emailTemplate},
		{"GET /api/v2/custom-domains", "read:custom_domains", (*call).customDomains},
		{"GET /api/v2/custom-domains/{id}", "read:custom_domains", (*call).customDomain},
		{"GET /api/v2/branding", "read:branding", (*call).brandingSettings},
		{"GET /api/v2/prompts", "read:prompts", func(c *call) { c.ok(c.s.tenant.prompts) }},
		{"GET /api/v2/keys/signing", "read:signing_keys", func(c *call) { c.ok(c.s.tenant.signingKeys) }},
		{"GET /api/v2/keys/signing/{kid}", "read:signing_keys", (*call).signingKey},
		{"GET /api/v2/network-acls", "read:network_acls", (*call).networkACLs},
		{"GET /api/v2/network-acls/{id}", "read:network_acls", (*call).networkACL},
		{"POST /api/v2/jobs/users-exports", "read:users", (*call).createExport},
		{"GET /api/v2/jobs/{id}", "read:users", (*call).getJob},
	}, append(append(surfaceRoutes(), orgSurfaceRoutes()...), guardianRoutes()...)...)
}

func (s *Server) routes() {
	for _, rt := range apiRoutes() {
		s.mux.HandleFunc(rt.pattern, func(w http.ResponseWriter, r *http.Request) {
			c, _ := r.Context().Value(keyCall).(*call)
			if c == nil { // not through serveAPI: cannot happen on the httptest server
				writeError(w, r, http.StatusUnauthorized, "Missing authentication", "")
				return
			}
			c.w, c.r, c.q = w, r, r.URL.Query()
			if c.unavailable() {
				return
			}
			if !c.has(rt.scope) {
				c.fail(http.StatusForbidden, "Insufficient scope, expected any of: "+rt.scope, "insufficient_scope")
				return
			}
			rt.h(c)
		})
	}
	s.mux.HandleFunc("/api/v2/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, "Not Found", "")
	})
	s.mux.HandleFunc("POST /oauth/token", s.handleToken)
	s.mux.HandleFunc("GET /exports/{job}/{file}", s.handleDownload)
}

// unavailable answers for features listed in Faults.Unavailable.
func (c *call) unavailable() bool {
	if len(c.f.Unavailable) == 0 {
		return false
	}
	seg, _, _ := strings.Cut(strings.TrimPrefix(c.r.URL.Path, "/api/v2/"), "/")
	for _, u := range c.f.Unavailable {
		if u == seg || (u == "rules" && seg == "rules-configs") || strings.ReplaceAll(u, "_", "-") == seg {
			if seg == "hooks" {
				c.fail(http.StatusNotFound, "Not Found", "")
			} else {
				c.fail(http.StatusForbidden, "This feature is not enabled for this tenant.", "feature_not_enabled")
			}
			return true
		}
	}
	return false
}

func boolParam(v string) (val, set bool) {
	switch v {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

func strField(o obj, k string) string {
	v, _ := o.get(k)
	s, _ := v.(string)
	return s
}

// ---- clients ----------------------------------------------------------

func (c *call) clientObj(i int) obj {
	o := c.s.tenant.clients.items[i]
	if !c.has("read:client_keys") {
		o = o.without("client_secret")
	}
	fields, include := c.fields()
	if len(fields) > 0 && include && !slices.Contains(fields, "tenant") {
		fields = append([]string{"tenant"}, fields...) // the API adds tenant to projections
	}
	return o.project(fields, include)
}

func (c *call) clients() {
	t := c.s.tenant
	var appTypes []string
	if v := c.q.Get("app_type"); v != "" {
		appTypes = strings.Split(v, ",")
	}
	global, hasGlobal := boolParam(c.q.Get("is_global"))
	fp, hasFP := boolParam(c.q.Get("is_first_party"))
	keep := func(i int) bool {
		o := t.clients.items[i]
		if appTypes != nil && !slices.Contains(appTypes, strField(o, "app_type")) {
			return false
		}
		if g, _ := o.get("global"); hasGlobal && g != global {
			return false
		}
		if f, _ := o.get("is_first_party"); hasFP && f != fp {
			return false
		}
		return true
	}
	c.list(listSpec{key: "clients", env: envTotalFirst}, collListing(&t.clients, keep, c.clientObj))
}

func (c *call) client() {
	if i, ok := c.lookup(&c.s.tenant.clients, "The client does not exist", "inexistent_client"); ok {
		c.ok(c.clientObj(i))
	}
}

// ---- client grants ----------------------------------------------------

func (c *call) clientGrants() {
	t := c.s.tenant
	aud, cid := c.q.Get("audience"), c.q.Get("client_id")
	anyOrg, hasAnyOrg := boolParam(c.q.Get("allow_any_organization"))
	subj := c.q.Get("subject_type")
	keep := func(i int) bool {
		o := t.clientGrants.items[i]
		if aud != "" && strField(o, "audience") != aud {
			return false
		}
		if cid != "" && strField(o, "client_id") != cid {
			return false
		}
		if v, _ := o.get("allow_any_organization"); hasAnyOrg && v != anyOrg {
			return false
		}
		if subj != "" && strField(o, "subject_type") != subj {
			return false
		}
		return true
	}
	c.list(listSpec{key: "client_grants", env: envTotalFirst, checkpoint: true},
		collListing(&t.clientGrants, keep, func(i int) obj { return t.clientGrants.items[i] }))
}

func (c *call) clientGrant() {
	if i, ok := c.lookup(&c.s.tenant.clientGrants, "The grant does not exist.", "inexistent_client_grant"); ok {
		c.ok(c.s.tenant.clientGrants.items[i])
	}
}

// ---- resource servers -------------------------------------------------

func (c *call) resourceServers() {
	t := c.s.tenant
	ids := c.q["identifiers"]
	keep := func(i int) bool {
		return len(ids) == 0 || slices.Contains(ids, strField(t.resourceServers.items[i], "identifier"))
	}
	c.list(listSpec{key: "resource_servers", env: envTotalFirst},
		collListing(&t.resourceServers, keep, func(i int) obj { return c.project(t.resourceServers.items[i]) }))
}

func (c *call) resourceServer() {
	t := c.s.tenant
	id := c.r.PathValue("id")
	i, ok := t.resourceServers.find(id)
	if !ok {
		i, ok = t.rsByIdentifier[id]
	}
	if !ok {
		c.fail(http.StatusNotFound, "The resource server does not exist", "inexistent_resource_server")
		return
	}
	c.ok(c.project(t.resourceServers.items[i]))
}

// ---- connections ------------------------------------------------------

func (c *call) connectionObj(i int) obj {
	o := c.s.tenant.connections.items[i]
	if !c.has("read:connections_options") {
		o = o.without("options")
	}
	return c.project(o)
}

func (c *call) connections() {
	t := c.s.tenant
	strategies := c.q["strategy"]
	name := c.q.Get("name")
	keep := func(i int) bool {
		if len(strategies) > 0 && !slices.Contains(strategies, t.connStrategy[i]) {
			return false
		}
		return name == "" || t.connNames[i] == name
	}
	c.list(listSpec{key: "connections", env: envTotalFirst, checkpoint: true},
		collListing(&t.connections, keep, c.connectionObj))
}

func (c *call) connection() {
	if i, ok := c.lookup(&c.s.tenant.connections, "The connection does not exist", "inexistent_connection"); ok {
		c.ok(c.connectionObj(i))
	}
}

func (c *call) connectionClients() {
	t := c.s.tenant
	ci, ok := c.lookup(&t.connections, "The connection does not exist", "inexistent_connection")
	if !ok {
		return
	}
	ids := t.connClients[ci]
	c.list(listSpec{key: "clients", onlyCheckpoint: true}, listing{
		n:       len(ids),
		id:      func(i int) string { return t.clients.ids[ids[i]] },
		created: func(i int) int64 { return t.clients.created[ids[i]] },
		item:    func(i int) obj { return obj{{"client_id", t.clients.ids[ids[i]]}} },
	})
}

// ---- users ------------------------------------------------------------

func (c *call) userObj(i int) obj {
	return c.project(c.s.tenant.userObj(i, c.has("read:users_app_metadata")))
}

var userSortFields = map[string]func(a, b *user) int{
	"created_at":   func(a, b *user) int { return cmp64(a.created, b.created) },
	"updated_at":   func(a, b *user) int { return cmp64(a.updated, b.updated) },
	"last_login":   func(a, b *user) int { return cmp64(a.lastLogin, b.lastLogin) },
	"logins_count": func(a, b *user) int { return cmp64(int64(a.logins), int64(b.logins)) },
	"email":        func(a, b *user) int { return strings.Compare(a.email, b.email) },
	"user_id":      func(a, b *user) int { return strings.Compare(a.id, b.id) },
	"name":         func(a, b *user) int { return strings.Compare(a.name(), b.name()) },
	"nickname":     func(a, b *user) int { return strings.Compare(a.nickname, b.nickname) },
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (c *call) users() {
	t := c.s.tenant
	switch se := c.q.Get("search_engine"); se {
	case "", "v3", "v2":
	default:
		c.queryError("'No enum match for: \"" + se + "\"' on property search_engine (The version of the search engine).")
		return
	}
	m, err := parseQuery(c.q.Get("q"))
	if err != nil {
		c.queryError(err.Error())
		return
	}
	var cmp func(a, b *user) int
	if s := c.q.Get("sort"); s != "" {
		field, dir, _ := strings.Cut(s, ":")
		f, ok := userSortFields[field]
		if !ok || (dir != "1" && dir != "-1") {
			c.queryError("'sort' must be FIELD:1 or FIELD:-1 with a sortable field; got " + strconv.Quote(s) + ".")
			return
		}
		cmp = f
		if dir == "-1" {
			cmp = func(a, b *user) int { return -f(a, b) }
		}
	}
	p, ok := c.paging()
	if !ok || c.capExceeded(p) {
		return
	}
	conn := c.q.Get("connection")
	idx := make([]int32, 0, len(t.users))
	for i := range t.users {
		u := &t.users[i]
		if conn != "" && t.connNames[u.conn] != conn && (u.linked < 0 || t.connNames[u.linked] != conn) {
			continue
		}
		if m != nil && !m.match(userFields{t, i}) {
			continue
		}
		idx = append(idx, int32(i))
	}
	if cmp != nil {
		sort.SliceStable(idx, func(a, b int) bool { return cmp(&t.users[idx[a]], &t.users[idx[b]]) < 0 })
	}
	c.offset(listSpec{key: "users", env: envLength}, p,
		t.userListing(idx, func(u int32) obj { return c.userObj(int(u)) }))
}

func (c *call) findUser() (int32, bool) {
	i, ok := c.s.tenant.userIdx[c.r.PathValue("id")]
	if !ok {
		c.fail(http.StatusNotFound, "The user does not exist.", "inexistent_user")
	}
	return i, ok
}

func (c *call) user() {
	if i, ok := c.findUser(); ok {
		c.ok(c.userObj(int(i)))
	}
}

func (c *call) roleObj(r int32) obj { return c.s.tenant.roles.items[r] }

func (c *call) userRoles() {
	i, ok := c.findUser()
	if !ok {
		return
	}
	roles := c.s.tenant.users[i].roles
	c.list(listSpec{key: "roles", env: envStartFirst}, listing{n: len(roles),
		item: func(k int) obj { return c.roleObj(roles[k]) }})
}

func (c *call) userPermissions() {
	i, ok := c.findUser()
	if !ok {
		return
	}
	t := c.s.tenant
	type perm struct {
		o       obj
		sources []obj
	}
	var order []string
	perms := map[string]*perm{}
	for _, r := range t.users[i].roles {
		for _, p := range t.rolePerms[r] {
			key := strField(p, "resource_server_identifier") + " " + strField(p, "permission_name")
			if perms[key] == nil {
				perms[key] = &perm{o: p}
				order = append(order, key)
			}
			perms[key].sources = append(perms[key].sources, obj{{"source_id", t.roles.ids[r]},
				{"source_name", strField(t.roles.items[r], "name")}, {"source_type", "ROLE"}})
		}
	}
	for _, p := range t.directPerms(int(i)) { // user_perms.go
		key := strField(p, "resource_server_identifier") + " " + strField(p, "permission_name")
		if perms[key] == nil {
			perms[key] = &perm{o: p}
			order = append(order, key)
		}
		perms[key].sources = append(perms[key].sources, obj{{"source_id", ""}, {"source_name", ""}, {"source_type", "DIRECT"}})
	}
	slices.Sort(order)
	c.list(listSpec{key: "permissions", env: envStartFirst}, listing{n: len(order), item: func(k int) obj {
		p := perms[order[k]]
		return append(slices.Clone(p.o), kv{"sources", p.sources})
	}})
}

func (c *call) orgSummary(o int32) obj {
	return c.s.tenant.orgs.items[o].without("metadata")
}

func (c *call) userOrganizations() {
	i, ok := c.findUser()
	if !ok {
		return
	}
	orgs := c.s.tenant.users[i].orgs
	c.list(listSpec{key: "organizations", env: envStartFirst}, listing{n: len(orgs),
		item: func(k int) obj { return c.orgSummary(orgs[k]) }})
}

// ---- roles ------------------------------------------------------------

func (c *call) rolesList() {
	t := c.s.tenant
	nf := strings.ToLower(c.q.Get("name_filter"))
	keep := func(i int) bool {
		return nf == "" || strings.Contains(strings.ToLower(strField(t.roles.items[i], "name")), nf)
	}
	c.list(listSpec{key: "roles", env: envStartFirst}, collListing(&t.roles, keep, func(i int) obj { return t.roles.items[i] }))
}

func (c *call) findRole() (int, bool) {
	return c.lookup(&c.s.tenant.roles, "The role does not exist.", "")
}

func (c *call) role() {
	if i, ok := c.findRole(); ok {
		c.ok(c.s.tenant.roles.items[i])
	}
}

func (c *call) rolePermissions() {
	i, ok := c.findRole()
	if !ok {
		return
	}
	perms := c.s.tenant.rolePerms[i]
	c.list(listSpec{key: "permissions", env: envStartFirst}, listing{n: len(perms), item: func(k int) obj { return perms[k] }})
}

func (c *call) roleUsers() {
	i, ok := c.findRole()
	if !ok {
		return
	}
	t := c.s.tenant
	c.list(listSpec{key: "users", env: envStartFirst, checkpoint: true, cap1000: true},
		t.userListing(t.roleMembers[i], t.memberObj))
}

// ---- organizations ----------------------------------------------------

func (c *call) organizations() {
	t := c.s.tenant
	c.list(listSpec{key: "organizations", env: envStartFirst, checkpoint: true, cap1000: true},
		collListing(&t.orgs, nil, func(i int) obj { return t.orgs.items[i] }))
}

func (c *call) findOrg() (int, bool) {
	return c.lookup(&c.s.tenant.orgs, "No organization found by that id or name", "")
}

func (c *call) organization() {
	if i, ok := c.findOrg(); ok {
		c.ok(c.s.tenant.orgs.items[i])
	}
}

const orgByNamePattern = "GET /api/v2/organizations/{id}/{name}"

func (c *call) organizationByName() {
	t := c.s.tenant
	if c.r.PathValue("id") != "name" {
		c.fail(http.StatusNotFound, "Not Found", "")
		return
	}
	name := c.r.PathValue("name")
	for i, o := range t.orgs.items {
		if strField(o, "name") == name {
			c.ok(t.orgs.items[i])
			return
		}
	}
	c.fail(http.StatusNotFound, "No organization found by that id or name", "")
}

func (c *call) orgMembers() {
	oi, ok := c.findOrg()
	if !ok {
		return
	}
	t := c.s.tenant
	fields, include := c.fields()
	withRoles := include && slices.Contains(fields, "roles")
	if withRoles && !c.has("read:organization_member_roles") {
		// Inline roles need the member-roles scope as well.
		c.fail(http.StatusForbidden, "Insufficient scope, expected any of: read:organization_member_roles", "insufficient_scope")
		return
	}
	mr := t.orgMemberRoles[oi]
	item := func(u int32) obj {
		o := t.memberObj(u)
		if withRoles {
			roles := []obj{}
			for _, r := range mr[u] {
				roles = append(roles, obj{{"id", t.roles.ids[r]}, {"name", strField(t.roles.items[r], "name")}})
			}
			o = append(o, kv{"roles", roles})
		}
		return o.project(fields, include)
	}
	c.list(listSpec{key: "members", env: envStartFirst, checkpoint: true, cap1000: true},
		t.userListing(t.orgMembers[oi], item))
}

func (c *call) orgMemberRoles() {
	oi, ok := c.findOrg()
	if !ok {
		return
	}
	t := c.s.tenant
	ui, ok := t.userIdx[c.r.PathValue("user_id")]
	var roles []int32
	if ok {
		roles = t.orgMemberRoles[oi][ui]
	}
	c.list(listSpec{key: "roles", env: envStartFirst}, listing{n: len(roles), item: func(k int) obj { return c.roleObj(roles[k]) }})
}

func (c *call) orgConnections() {
	oi, ok := c.findOrg()
	if !ok {
		return
	}
	conns := c.s.tenant.orgConns[oi]
	c.list(listSpec{key: "enabled_connections", env: envLimitLen}, listing{n: len(conns), item: func(k int) obj { return conns[k] }})
}

func (c *call) orgConnection() {
	oi, ok := c.findOrg()
	if !ok {
		return
	}
	id := c.r.PathValue("connection_id")
	for _, o := range c.s.tenant.orgConns[oi] {
		if strField(o, "connection_id") == id {
			c.ok(o)
			return
		}
	}
	c.fail(http.StatusNotFound, "No connection found by that id", "")
}

func (c *call) orgInvitations() {
	oi, ok := c.findOrg()
	if !ok {
		return
	}
	inv := c.s.tenant.orgInvites[oi]
	if c.q.Get("sort") == "created_at:-1" {
		inv = slices.Clone(inv)
		slices.Reverse(inv)
	}
	c.list(listSpec{key: "invitations", env: envNoTotal}, listing{n: len(inv), item: func(k int) obj { return c.project(inv[k]) }})
}

func (c *call) orgInvitation() {
	oi, ok := c.findOrg()
	if !ok {
		return
	}
	id := c.r.PathValue("invitation_id")
	for _, o := range c.s.tenant.orgInvites[oi] {
		if strField(o, "id") == id {
			c.ok(c.project(o))
			return
		}
	}
	c.fail(http.StatusNotFound, "The invitation does not exist.", "inexistent_invitation")
}

// ---- actions ----------------------------------------------------------

// actionsEnvelope is {total, [page], per_page, KEY}: page only when the
// request named it, as the API does.
func (c *call) actionsEnvelope(key string, items []obj) {
	p, ok := c.paging()
	if !ok {
		return
	}
	start := min(p.page*p.perPage, len(items))
	end := min(start+p.perPage, len(items))
	o := obj{{"total", len(items)}}
	if p.hasPage {
		o = append(o, kv{"page", p.page})
	}
	o = append(o, kv{"per_page", p.perPage}, kv{key, items[start:end]})
	c.ok(o)
}

func (c *call) actionsList() {
	t := c.s.tenant
	trigger, name := c.q.Get("triggerId"), c.q.Get("actionName")
	deployed, hasDeployed := boolParam(c.q.Get("deployed"))
	if trigger != "" && !knownTrigger(trigger) {
		c.queryError("'No enum match for: \"" + trigger + "\"' on property triggerId (An actions extensibility point.).")
		return
	}
	items := []obj{}
	for i, o := range t.actions.items {
		if trigger != "" && !slices.Contains(t.actionTriggers[i], trigger) {
			continue
		}
		if name != "" && strField(o, "name") != name {
			continue
		}
		if hasDeployed && t.actionDeployed[i] != deployed {
			continue
		}
		items = append(items, o)
	}
	c.actionsEnvelope("actions", items)
}

func (c *call) action() {
	if i, ok := c.lookup(&c.s.tenant.actions, "That action does not exist.", ""); ok {
		c.ok(c.s.tenant.actions.items[i])
	}
}

func (c *call) triggers() { c.ok(obj{{"triggers", c.s.tenant.triggers}}) }

func (c *call) bindings() {
	tr := c.r.PathValue("triggerId")
	if !knownTrigger(tr) {
		c.fail(http.StatusBadRequest, "Path validation error: 'No enum match for: \""+tr+"\"' on property triggerId (An actions extensibility point.).", "invalid_uri")
		return
	}
	b := c.s.tenant.bindings[tr]
	if b == nil {
		b = []obj{}
	}
	c.actionsEnvelope("bindings", b)
}

// ---- rules and hooks --------------------------------------------------

func (c *call) rulesList() {
	t := c.s.tenant
	enabled, hasEnabled := boolParam(c.q.Get("enabled"))
	keep := func(i int) bool {
		v, _ := t.rules.items[i].get("enabled")
		return !hasEnabled || v == enabled
	}
	c.list(listSpec{key: "rules", env: envTotalFirst}, collListing(&t.rules, keep, func(i int) obj { return c.project(t.rules.items[i]) }))
}

func (c *call) rule() {
	if i, ok := c.lookup(&c.s.tenant.rules, "The rule does not exist", "inexistent_rule"); ok {
		c.ok(c.project(c.s.tenant.rules.items[i]))
	}
}

func (c *call) rulesConfigs() {
	if c.unconfigured("rules_configs") || c.s.tenant.rulesConfigs == nil {
		c.ok([]obj{})
		return
	}
	c.ok(c.s.tenant.rulesConfigs)
}

func (c *call) hooksList() {
	t := c.s.tenant
	enabled, hasEnabled := boolParam(c.q.Get("enabled"))
	trigger := c.q.Get("triggerId")
	keep := func(i int) bool {
		o := t.hooks.items[i]
		if v, _ := o.get("enabled"); hasEnabled && v != enabled {
			return false
		}
		return trigger == "" || strField(o, "triggerId") == trigger
	}
	c.list(listSpec{key: "hooks", env: envTotalFirst}, collListing(&t.hooks, keep, func(i int) obj { return c.project(t.hooks.items[i]) }))
}

func (c *call) hook() {
	if i, ok := c.lookup(&c.s.tenant.hooks, "Error: Hook does not exist", "HookDoesNotExist"); ok {
		c.ok(c.project(c.s.tenant.hooks.items[i]))
	}
}

// ---- log streams ------------------------------------------------------

func (c *call) logStreams() {
	if c.unconfigured("log_streams") {
		c.ok([]obj{})
		return
	}
	items := c.s.tenant.logStreams.items
	if items == nil {
		items = []obj{}
	}
	c.ok(items)
}

func (c *call) logStream() {
	i, ok := c.s.tenant.logStreams.find(c.r.PathValue("id"))
	if !ok || c.unconfigured("log_streams") {
		c.fail(http.StatusNotFound, "The log stream does not exist.", "")
		return
	}
	c.ok(c.s.tenant.logStreams.items[i])
}

// ---- logs -------------------------------------------------------------

func (c *call) logsList() {
	t := c.s.tenant
	p, ok := c.paging()
	if !ok {
		return
	}
	if p.hasFrom {
		// checkpoint: log_id greater than from, ascending; other
		// parameters are ignored
		start := sort.SearchStrings(t.logs.ids, p.from)
		if start < t.logs.len() && t.logs.ids[start] == p.from {
			start++
		}
		end := min(start+p.take, t.logs.len())
		items := make([]obj, 0, end-start)
		last := p.from
		for i := start; i < end; i++ {
			items = append(items, t.logs.items[i])
			last = t.logs.ids[i]
		}
		c.w.Header().Set("Link", "<"+c.s.URL()+"/api/v2/logs?from="+last+"&take="+strconv.Itoa(p.take)+`>; rel="next"`)
		c.ok(items)
		return
	}
	if !p.hasPerPage && p.hasTake {
		p.perPage = p.take
	}
	m, err := parseQuery(c.q.Get("q"))
	if err != nil {
		c.queryError(err.Error())
		return
	}
	desc := true
	switch s := c.q.Get("sort"); s {
	case "", "date:-1":
	case "date:1":
		desc = false
	default:
		c.queryError("'sort' must be date:1 or date:-1; got " + strconv.Quote(s) + ".")
		return
	}
	if c.capExceeded(p) {
		return
	}
	idx := make([]int32, 0, t.logs.len())
	for i := range t.logs.len() {
		if m == nil || m.match(logFields{t, i}) {
			idx = append(idx, int32(i))
		}
	}
	if desc {
		slices.Reverse(idx)
	}
	c.offset(listSpec{key: "logs", env: envLength}, p, listing{n: len(idx),
		item: func(k int) obj { return c.project(t.logs.items[idx[k]]) }})
}

func (c *call) logEvent() {
	if i, ok := c.lookup(&c.s.tenant.logs, "log not found", "inexistent_log"); ok {
		c.ok(c.s.tenant.logs.items[i])
	}
}

// ---- singletons -------------------------------------------------------

func (c *call) tenantSettings() { c.ok(c.project(c.s.tenant.tenantSettings)) }

func (c *call) emailProvider() {
	if c.unconfigured("email_provider") {
		c.fail(http.StatusNotFound, "There is not a configured email provider", "inexistent_email_provider")
		return
	}
	c.ok(c.project(c.s.tenant.emailProvider))
}

func (c *call) emailTemplate() {
	name := c.r.PathValue("templateName")
	if !slices.Contains(emailTemplateNames, name) {
		c.fail(http.StatusBadRequest, "Path validation error: 'No enum match for: \""+name+"\"' on property templateName (Template name).", "invalid_uri")
		return
	}
	o, ok := c.s.tenant.emailTemplates[name]
	if !ok || c.unconfigured("email_templates") {
		c.fail(http.StatusNotFound, "The template does not exist.", "inexistent_email_template")
		return
	}
	c.ok(o)
}

func (c *call) customDomains() {
	t := c.s.tenant
	items := t.customDomains.items
	if c.unconfigured("custom_domains") || items == nil {
		items = []obj{}
	}
	p, ok := c.paging()
	if !ok {
		return
	}
	if p.hasTake || p.hasFrom {
		c.checkpoint("custom_domains", p, listing{n: len(items),
			id:      func(i int) string { return t.customDomains.ids[i] },
			created: func(i int) int64 { return t.customDomains.created[i] },
			item:    func(i int) obj { return items[i] }})
		return
	}
	c.ok(items)
}

func (c *call) customDomain() {
	id := c.r.PathValue("id")
	i, ok := c.s.tenant.customDomains.find(id)
	if !ok || c.unconfigured("custom_domains") {
		c.fail(http.StatusNotFound, "The custom domain "+id+" does not exist", "inexistent_custom_domain")
		return
	}
	c.ok(c.s.tenant.customDomains.items[i])
}

func (c *call) brandingSettings() {
	if c.unconfigured("branding") {
		c.ok(obj{})
		return
	}
	c.ok(c.s.tenant.branding)
}

func (c *call) signingKey() {
	kid := c.r.PathValue("kid")
	for _, k := range c.s.tenant.signingKeys {
		if strField(k, "kid") == kid {
			c.ok(k)
			return
		}
	}
	c.fail(http.StatusNotFound, "Signing key not found", "")
}

func (c *call) networkACLs() {
	t := c.s.tenant
	var keep func(int) bool
	if c.unconfigured("network_acls") {
		keep = func(int) bool { return false }
	}
	c.list(listSpec{key: "network_acls", env: envStartFirst}, collListing(&t.networkACLs, keep, func(i int) obj { return t.networkACLs.items[i] }))
}

func (c *call) networkACL() {
	i, ok := c.s.tenant.networkACLs.find(c.r.PathValue("id"))
	if !ok || c.unconfigured("network_acls") {
		c.fail(http.StatusNotFound, "NetworkACL with this ID was not found", "")
		return
	}
	c.ok(c.s.tenant.networkACLs.items[i])
}

// lookup finds the record named by the {id} path value in col, answering
// 404 with msg and code when there is none.
func (c *call) lookup(col *coll, msg, code string) (int, bool) {
	i, ok := col.find(c.r.PathValue("id"))
	if !ok {
		c.fail(http.StatusNotFound, msg, code)
	}
	return i, ok
}
