package auth0test

import (
	"slices"
	"strings"
)

// Kind names a collection of the tenant.
type Kind string

// The kinds a Tenant can count and list.
const (
	KindClients         Kind = "clients"
	KindClientGrants    Kind = "client_grants"
	KindResourceServers Kind = "resource_servers"
	KindConnections     Kind = "connections"
	KindUsers           Kind = "users"
	KindRoles           Kind = "roles"
	KindOrganizations   Kind = "organizations"
	KindActions         Kind = "actions"
	KindRules           Kind = "rules"
	KindHooks           Kind = "hooks"
	KindLogStreams      Kind = "log_streams"
	KindLogs            Kind = "logs"
	KindCustomDomains   Kind = "custom_domains"
	KindNetworkACLs     Kind = "network_acls"

	KindForms                 Kind = "forms"
	KindFlows                 Kind = "flows"
	KindFlowVaultConnections  Kind = "flows_vault_connections"
	KindSelfServiceProfiles   Kind = "self_service_profiles"
	KindEventStreams          Kind = "event_streams"
	KindEncryptionKeys        Kind = "encryption_keys"
	KindTokenExchangeProfiles Kind = "token_exchange_profiles"
	KindUserAttributeProfiles Kind = "user_attribute_profiles"
)

// Kinds lists every Kind.
func Kinds() []Kind {
	return []Kind{KindClients, KindClientGrants, KindResourceServers, KindConnections, KindUsers,
		KindRoles, KindOrganizations, KindActions, KindRules, KindHooks, KindLogStreams, KindLogs,
		KindCustomDomains, KindNetworkACLs, KindForms, KindFlows, KindFlowVaultConnections, KindSelfServiceProfiles,
		KindEventStreams, KindEncryptionKeys, KindTokenExchangeProfiles, KindUserAttributeProfiles}
}

// coll is an ordered collection of generated objects.
type coll struct {
	items   []obj
	ids     []string
	idx     map[string]int
	created []int64 // unix ms, for checkpoint cursors
}

func (c *coll) add(id string, created int64, o obj) {
	if c.idx == nil {
		c.idx = make(map[string]int)
	}
	c.idx[id] = len(c.items)
	c.items = append(c.items, o)
	c.ids = append(c.ids, id)
	c.created = append(c.created, created)
}

func (c *coll) len() int { return len(c.items) }

func (c *coll) find(id string) (int, bool) {
	i, ok := c.idx[id]
	return i, ok
}

// Tenant is the generated data of a Server. It changes only through
// Server.SetField and Server.SetSetting; apart from those its methods are
// safe for concurrent use. What they return are copies.
type Tenant struct {
	domain string
	sizes  Sizes

	resourceServers coll
	rsByIdentifier  map[string]int
	clients         coll
	clientGrants    coll
	connections     coll
	connNames       []string
	connStrategy    []string
	connClients     [][]int // client indexes enabled on each connection
	socialIdx       int     // index of the google-oauth2 connection, -1 when none
	roles           coll
	rolePerms       [][]obj
	roleMembers     [][]int32 // user indexes, ascending
	users           []user
	userIdx         map[string]int32
	orgs            coll
	orgMembers      [][]int32
	orgMemberRoles  []map[int32][]int32
	orgConns        [][]obj
	orgInvites      [][]obj
	actions         coll
	actionTriggers  [][]string
	actionDeployed  []bool
	triggers        []obj
	bindings        map[string][]obj
	rules           coll
	rulesConfigs    []obj
	hooks           coll
	logStreams      coll
	logs            coll // ascending by log_id
	customDomains   coll
	networkACLs     coll

	tenantSettings   obj
	bruteForce       obj
	breachedPassword obj
	suspiciousIP     obj
	botDetection     obj
	guardianFactors  []obj
	guardianPolicies []string
	emailProvider    obj
	emailTemplates   map[string]obj
	branding         obj
	prompts          obj
	signingKeys      []obj

	// seed makes the per-user surfaces; surf holds the newer surfaces
	// (gen_surfaces.go).
	seed int64
	surf surfaces
	// org holds the organization, connection and login-page surfaces
	// (gen_orgsurf.go).
	org orgSurfaces
	// guard holds the Guardian providers, hook secrets and risk
	// assessments (gen_guardian.go).
	guard guardianData
}

func (t *Tenant) coll(k Kind) *coll {
	switch k {
	case KindClients:
		return &t.clients
	case KindClientGrants:
		return &t.clientGrants
	case KindResourceServers:
		return &t.resourceServers
	case KindConnections:
		return &t.connections
	case KindRoles:
		return &t.roles
	case KindOrganizations:
		return &t.orgs
	case KindActions:
		return &t.actions
	case KindRules:
		return &t.rules
	case KindHooks:
		return &t.hooks
	case KindLogStreams:
		return &t.logStreams
	case KindLogs:
		return &t.logs
	case KindCustomDomains:
		return &t.customDomains
	case KindNetworkACLs:
		return &t.networkACLs
	case KindForms:
		return &t.surf.forms
	case KindFlows:
		return &t.surf.flows
	case KindFlowVaultConnections:
		return &t.surf.vaultConnections
	case KindSelfServiceProfiles:
		return &t.surf.selfServiceProfiles
	case KindEventStreams:
		return &t.surf.eventStreams
	case KindEncryptionKeys:
		return &t.surf.encryptionKeys
	case KindTokenExchangeProfiles:
		return &t.surf.tokenExchangeProfiles
	case KindUserAttributeProfiles:
		return &t.surf.userAttributeProfiles
	}
	return nil
}

// Domain is the canonical tenant domain used inside the data.
func (t *Tenant) Domain() string { return t.domain }

// ManagementAudience is the identifier of the tenant's Auth0 Management
// API resource server, https://DOMAIN/api/v2/.
func (t *Tenant) ManagementAudience() string { return "https://" + t.domain + "/api/v2/" }

// Sizes are the counts the tenant was generated with.
func (t *Tenant) Sizes() Sizes { return t.sizes }

// Count is the number of objects of a kind the list endpoint reaches in
// total (users: all users; logs: all log events).
func (t *Tenant) Count(k Kind) int {
	if k == KindUsers {
		return len(t.users)
	}
	if c := t.coll(k); c != nil {
		return c.len()
	}
	return 0
}

// IDs lists the ids of a kind in the order the list endpoint returns them
// (users: creation order, which is also sort=created_at:1; logs: ascending
// log_id, the checkpoint order). Client grants, roles, and so on use their
// own id field; clients use client_id; custom domains custom_domain_id.
func (t *Tenant) IDs(k Kind) []string {
	if k == KindUsers {
		out := make([]string, len(t.users))
		for i := range t.users {
			out[i] = t.users[i].id
		}
		return out
	}
	if c := t.coll(k); c != nil {
		return slices.Clone(c.ids)
	}
	return nil
}

// Object returns the JSON the server answers for GET of one object by id,
// as seen with AllReadScopes plus read:client_keys (so connection options and
// client secrets are included). Logs are looked up by log_id.
func (t *Tenant) Object(k Kind, id string) ([]byte, bool) {
	if k == KindUsers {
		i, ok := t.userIdx[id]
		if !ok {
			return nil, false
		}
		return appendJSON(nil, t.userObj(int(i), true)), true
	}
	c := t.coll(k)
	if c == nil {
		return nil, false
	}
	i, ok := c.find(id)
	if !ok {
		return nil, false
	}
	return appendJSON(nil, c.items[i]), true
}

// RoleMembers lists the user ids directly assigned to a role, in the order
// /roles/{id}/users returns them.
func (t *Tenant) RoleMembers(roleID string) []string {
	i, ok := t.roles.find(roleID)
	if !ok {
		return nil
	}
	return t.userIDs(t.roleMembers[i])
}

// OrganizationMembers lists the user ids of an organization's members, in
// the order /organizations/{id}/members returns them.
func (t *Tenant) OrganizationMembers(orgID string) []string {
	i, ok := t.orgs.find(orgID)
	if !ok {
		return nil
	}
	return t.userIDs(t.orgMembers[i])
}

// UserRoles lists the role ids assigned to a user.
func (t *Tenant) UserRoles(userID string) []string {
	i, ok := t.userIdx[userID]
	if !ok {
		return nil
	}
	out := make([]string, 0, len(t.users[i].roles))
	for _, r := range t.users[i].roles {
		out = append(out, t.roles.ids[r])
	}
	return out
}

// UserOrganizations lists the organization ids a user is a member of.
func (t *Tenant) UserOrganizations(userID string) []string {
	i, ok := t.userIdx[userID]
	if !ok {
		return nil
	}
	out := make([]string, 0, len(t.users[i].orgs))
	for _, o := range t.users[i].orgs {
		out = append(out, t.orgs.ids[o])
	}
	return out
}

// ConnectionClients lists the client ids enabled on a connection (what
// /connections/{id}/clients returns).
func (t *Tenant) ConnectionClients(connectionID string) []string {
	i, ok := t.connections.find(connectionID)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(t.connClients[i]))
	for _, c := range t.connClients[i] {
		out = append(out, t.clients.ids[c])
	}
	return out
}

// CountUsers is the number of users a /users search with this q (Lucene
// subset, see the package documentation) matches: the "total" the server
// reports.
func (t *Tenant) CountUsers(q string) (int, error) {
	m, err := parseQuery(q)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range t.users {
		if m == nil || m.match(userFields{t, i}) {
			n++
		}
	}
	return n, nil
}

// ConnectionUsers is the number of users whose primary identity is on the
// named connection (what a users export with that connection_id yields).
func (t *Tenant) ConnectionUsers(connectionName string) int {
	n := 0
	for i := range t.users {
		if strings.EqualFold(t.connNames[t.users[i].conn], connectionName) {
			n++
		}
	}
	return n
}

func (t *Tenant) userIDs(idx []int32) []string {
	out := make([]string, len(idx))
	for i, u := range idx {
		out[i] = t.users[u].id
	}
	return out
}
