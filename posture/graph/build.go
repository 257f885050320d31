package graph

import (
	"cmp"
	"errors"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Entity types.
const (
	TypeAccount       = "auth0_account"
	TypeClient        = "auth0_client"
	TypeUser          = "auth0_user"
	TypeRole          = "auth0_role"
	TypeServer        = "auth0_server"
	TypeScope         = "auth0_scope"
	TypeConnection    = "auth0_connection"
	TypeClientGrant   = "auth0_client_grant"
	TypeOrganization  = "auth0_organization"
	TypeAction        = "auth0_action"
	TypeRule          = "auth0_rule"
	TypeHook          = "auth0_hook"
	TypeTrigger       = "auth0_trigger"
	TypeMetadataField = "auth0_metadata_field"
	TypeClaim         = "auth0_claim"
)

// Relationship classes (verbs).
const (
	VerbHas      = "HAS"
	VerbAssigned = "ASSIGNED"
	VerbProtects = "PROTECTS"
	VerbAllows   = "ALLOWS"
	VerbUses     = "USES"
	VerbTriggers = "TRIGGERS"
	VerbReads    = "READS"
	VerbWrites   = "WRITES"
	VerbGrants   = "GRANTS"
	VerbAdds     = "ADDS"
)

// entityClass is each type's JupiterOne class.
var entityClass = map[string]string{
	TypeAccount:       "Account",
	TypeClient:        "Application",
	TypeUser:          "User",
	TypeRole:          "AccessRole",
	TypeServer:        "Host",
	TypeScope:         "Resource",
	TypeConnection:    "Directory",
	TypeClientGrant:   "AccessPolicy",
	TypeOrganization:  "Organization",
	TypeAction:        "Function",
	TypeRule:          "Rule",
	TypeHook:          "Function",
	TypeTrigger:       "Workflow",
	TypeMetadataField: "DataObject",
	TypeClaim:         "DataObject",
}

// rawKeyTypes are keyed by the record's own id, as graph-auth0 keys
// them; every other type's key is "<type>:<id>".
var rawKeyTypes = map[string]bool{TypeClient: true, TypeUser: true, TypeRole: true, TypeServer: true}

// Options choose what Build reads.
type Options struct {
	// Kinds limits Build to these kinds (nil: every kind it reads, see
	// Kinds). A kind left out is neither read nor reported missing; the
	// paths and access that need it are left out too.
	Kinds []inventory.Kind
}

// Kinds returns every kind Build reads.
func Kinds() []inventory.Kind {
	return []inventory.Kind{
		inventory.KindClients, inventory.KindClientGrants, inventory.KindResourceServers,
		inventory.KindConnections, inventory.KindRoles, inventory.KindOrganizations, inventory.KindUsers,
		inventory.KindActions, inventory.KindTriggerBindings, inventory.KindRules, inventory.KindHooks,
		inventory.KindGuardianPolicies,
	}
}

// PathNeeds returns the kinds the paths of kind k are computed from (nil
// for an unknown kind): a Graph built from these kinds finds the same
// paths of kind k as one built from every kind.
func PathNeeds(k PathKind) []inventory.Kind {
	code := []inventory.Kind{inventory.KindActions, inventory.KindTriggerBindings, inventory.KindRules}
	switch k {
	case PathUserInputToPrivilege:
		return append(code, inventory.KindConnections, inventory.KindResourceServers)
	case PathFederatedEmailToPrivilege:
		return append(code, inventory.KindConnections, inventory.KindResourceServers, inventory.KindGuardianPolicies)
	case PathSharedSecretToManagement:
		return []inventory.Kind{inventory.KindClients, inventory.KindClientGrants, inventory.KindResourceServers}
	case PathRequestInputSkipsMFA:
		return append(code, inventory.KindGuardianPolicies)
	}
	return nil
}

// PathKinds returns every kind of path, in the order of their checks.
func PathKinds() []PathKind {
	return []PathKind{PathUserInputToPrivilege, PathFederatedEmailToPrivilege, PathSharedSecretToManagement, PathRequestInputSkipsMFA}
}

// builder carries one Build.
type builder struct {
	t        *model.Tenant
	g        *Graph
	want     map[inventory.Kind]bool
	ok       map[inventory.Kind]bool     // wanted and read
	ids      map[string]map[string]int32 // type → record id → entity index
	relTypes map[[3]string]string
	account  string
	// the records, by id, of the kinds read
	apis    []auth0mgmt.ResourceServer
	conns   []model.Connection
	clients []auth0mgmt.Application
	grants  []auth0mgmt.ClientGrant
	roles   []inventory.RoleRecord
	orgs    []inventory.OrganizationRecord
	actions []auth0mgmt.Action
	trigs   []inventory.TriggerRecord
	rules   []auth0mgmt.Rule
	hooks   []auth0mgmt.Hook
	users   []inventory.UserShape
	// policies are the MFA policies (nil when the record is absent)
	policies     []string
	policiesRead bool
	apiByID      map[string]*auth0mgmt.ResourceServer
	// scripts are the scripts that run, in run order; analyzed those
	// read as code
	scripts  []script
	analyzed []analyzed
	// scopeAPIs are the APIs that define each scope
	scopeAPIs map[string][]string
	// the footholds of the code paths, computed on first use
	signup *foothold
	email  []foothold
}

// Build builds the identity graph of a decoded tenant: its entities and
// relationships, what its running Actions and Rules read, write and add,
// and the attack paths through it. It reads nothing but the tenant. Kinds
// the snapshot lacks are left out and listed in Graph.Missing; Build
// fails only for a nil tenant.
func Build(t *model.Tenant, opts Options) (*Graph, error) {
	if t == nil || t.Snapshot() == nil {
		return nil, errors.New("graph: nil tenant")
	}
	b := &builder{t: t, g: &Graph{byKey: map[string]int{}, adj: &adjacency{}}, want: map[inventory.Kind]bool{}, ok: map[inventory.Kind]bool{},
		ids: map[string]map[string]int32{}, relTypes: map[[3]string]string{}}
	ks := opts.Kinds
	if ks == nil {
		ks = Kinds()
	}
	for _, k := range ks {
		b.want[k] = true
	}
	b.read()
	b.reserve()
	b.accountEntity()
	b.apiEntities()
	b.connectionEntities()
	b.clientEntities()
	b.grantEntities()
	b.roleEntities()
	b.userEntities()
	b.organizationEntities()
	b.codeEntities()
	b.code()
	b.paths()
	b.finish()
	return b.g, nil
}

// read decodes the kinds wanted, several at a time (the model is safe
// for concurrent use); those that do not decode are missing.
func (b *builder) read() {
	t := b.t
	type job struct {
		k inventory.Kind
		f func() error
	}
	jobs := []job{
		{inventory.KindUsers, func() (err error) { b.users, err = t.Users(); return }},
		{inventory.KindOrganizations, func() (err error) { b.orgs, err = t.Organizations(); return }},
		{inventory.KindClients, func() (err error) { b.clients, err = t.Clients(); return }},
		{inventory.KindRoles, func() (err error) { b.roles, err = t.Roles(); return }},
		{inventory.KindResourceServers, func() (err error) { b.apis, err = t.ResourceServers(); return }},
		{inventory.KindConnections, func() (err error) { b.conns, err = t.Connections(); return }},
		{inventory.KindClientGrants, func() (err error) { b.grants, err = t.ClientGrants(); return }},
		{inventory.KindActions, func() (err error) { b.actions, err = t.Actions(); return }},
		{inventory.KindTriggerBindings, func() (err error) { b.trigs, err = t.Triggers(); return }},
		{inventory.KindRules, func() (err error) { b.rules, err = t.Rules(); return }},
		{inventory.KindHooks, func() (err error) { b.hooks, err = t.Hooks(); return }},
		{inventory.KindGuardianPolicies, func() (err error) {
			b.policies, err = t.GuardianPolicies()
			b.policiesRead = err == nil && t.Has(inventory.KindGuardianPolicies, model.GuardianPoliciesID)
			return
		}},
	}
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	for i, j := range jobs {
		if !b.want[j.k] {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = j.f()
		}()
	}
	wg.Wait()
	for i, j := range jobs {
		switch {
		case !b.want[j.k]:
		case errs[i] != nil:
			b.g.Missing = append(b.g.Missing, j.k)
		default:
			b.ok[j.k] = true
		}
	}
	slices.Sort(b.g.Missing)
	b.apiByID = make(map[string]*auth0mgmt.ResourceServer, len(b.apis))
	for i := range b.apis {
		b.apiByID[b.apis[i].Identifier] = &b.apis[i]
	}
}

// reserve sizes the entity and relationship lists for the records read:
// a tenant of 60,000 users has hundreds of thousands of relationships.
func (b *builder) reserve() {
	ents := 1 + len(b.apis) + len(b.conns) + len(b.clients) + len(b.grants) + len(b.roles) + len(b.users) +
		len(b.orgs) + len(b.actions) + len(b.rules) + len(b.hooks) + len(b.trigs)
	rels := ents + 2*len(b.users)
	for i := range b.users {
		rels += len(b.users[i].Permissions)
	}
	for i := range b.apis {
		ents += len(b.apis[i].Scopes)
		rels += len(b.apis[i].Scopes)
	}
	for i := range b.conns {
		rels += len(b.conns[i].EnabledClients)
	}
	for i := range b.grants {
		rels += 1 + len(b.grants[i].Scope)
	}
	for i := range b.roles {
		rels += len(b.roles[i].Members) + 2*len(b.roles[i].Permissions)
	}
	for i := range b.orgs {
		rels += len(b.orgs[i].EnabledConnections)
		for _, m := range b.orgs[i].Members {
			rels += 1 + len(m.Roles)
		}
	}
	b.g.Entities = make([]Entity, 0, ents+64)
	b.g.Relationships = make([]Relationship, 0, rels+256)
	b.g.byKey = make(map[string]int, ents+64)
}

// isMgmt reports whether an audience names the Management API, as
// model.Tenant.IsManagementAudience does, from the APIs Build read.
func (b *builder) isMgmt(aud string) bool {
	if aud == "" {
		return false
	}
	if strings.EqualFold(strings.TrimSuffix(aud, "/"), strings.TrimSuffix(b.t.ManagementAudience(), "/")) {
		return true
	}
	rs, ok := b.apiByID[aud]
	if !ok || !boolOf(rs.IsSystem) {
		return false
	}
	u, err := url.Parse(aud)
	return err == nil && u.Scheme == "https" && (u.Path == "/api/v2/" || u.Path == "/api/v2")
}

// ---- entities and relationships ------------------------------------------

// entity adds an entity (once per type and id) and returns its key.
func (b *builder) entity(typ, id, name string, kind inventory.Kind, recID string, props map[string]any) string {
	return b.g.Entities[b.entityIdx(typ, id, name, kind, recID, props)].Key
}

// entityIdx is entity returning the entity's index.
func (b *builder) entityIdx(typ, id, name string, kind inventory.Kind, recID string, props map[string]any) int32 {
	ids := b.ids[typ]
	if ids == nil {
		ids = map[string]int32{}
		b.ids[typ] = ids
	}
	if i, ok := ids[id]; ok {
		return i
	}
	key := id
	if !rawKeyTypes[typ] {
		key = typ + ":" + id
	}
	if _, taken := b.g.byKey[key]; taken {
		key = typ + ":" + id
	}
	if name == "" {
		name = id
	}
	i := int32(len(b.g.Entities))
	ids[id] = i
	b.g.byKey[key] = int(i)
	b.g.Entities = append(b.g.Entities, Entity{Key: key, Type: typ, Class: entityClass[typ], DisplayName: name,
		Kind: kind, ID: recID, Properties: props})
	return i
}

// key returns the key of the entity of this type and id ("" when there
// is none).
func (b *builder) key(typ, id string) string {
	if i, ok := b.ids[typ][id]; ok {
		return b.g.Entities[i].Key
	}
	return ""
}

// index returns the index of the entity of this type and id (-1 when
// there is none).
func (b *builder) index(typ, id string) int32 {
	if i, ok := b.ids[typ][id]; ok {
		return i
	}
	return -1
}

// rel adds a relationship between two entities of the graph; disc tells
// apart two of one verb between the same entities. A relationship added
// twice is kept once (finish drops the later one).
func (b *builder) rel(from, verb, to, disc string, props map[string]any) {
	if from == "" || to == "" {
		return
	}
	fi, ok1 := b.g.byKey[from]
	ti, ok2 := b.g.byKey[to]
	if ok1 && ok2 {
		b.relIdx(int32(fi), verb, int32(ti), disc, props)
	}
}

// relIdx is rel by entity index.
func (b *builder) relIdx(fi int32, verb string, ti int32, disc string, props map[string]any) {
	if fi < 0 || ti < 0 {
		return
	}
	from, to := &b.g.Entities[fi], &b.g.Entities[ti]
	key := from.Key + "|" + verb + "|" + to.Key
	if disc != "" {
		key += "|" + disc
	}
	tk := [3]string{from.Type, verb, to.Type}
	typ, ok := b.relTypes[tk]
	if !ok {
		typ = relType(from.Type, verb, to.Type)
		b.relTypes[tk] = typ
	}
	b.g.Relationships = append(b.g.Relationships, Relationship{Key: key, Type: typ, Class: verb, From: from.Key, To: to.Key,
		Properties: props, seq: int32(len(b.g.Relationships))})
}

// relType names a relationship type as graph-auth0 does:
// auth0_user_assigned_role.
func relType(from, verb, to string) string {
	return from + "_" + strings.ToLower(verb) + "_" + strings.TrimPrefix(to, "auth0_")
}

func (b *builder) accountEntity() {
	snap := b.t.Snapshot()
	domain := cmp.Or(b.t.Domain, snap.Tenant)
	b.account = b.entity(TypeAccount, domain, domain, "", "", map[string]any{"domain": domain, "tenant": snap.Tenant})
}

func boolOf(p *bool) bool { return p != nil && *p }

func (b *builder) apiEntities() {
	for i := range b.apis {
		rs := &b.apis[i]
		props := map[string]any{
			"id": rs.ID, "identifier": rs.Identifier, "name": rs.Name, "signing_alg": rs.SigningAlg,
			"enforce_policies": boolOf(rs.EnforcePolicies), "is_system": boolOf(rs.IsSystem),
			"allow_offline_access": boolOf(rs.AllowOfflineAccess), "token_lifetime": rs.TokenLifetime,
			"management_api": b.isMgmt(rs.Identifier), "scope_count": len(rs.Scopes),
		}
		setIf(props, "token_dialect", rs.TokenDialect)
		setIf(props, "user_policy", rs.UserAccessPolicy())
		setIf(props, "client_policy", rs.ClientAccessPolicy())
		key := b.entity(TypeServer, rs.Identifier, cmp.Or(rs.Name, rs.Identifier), inventory.KindResourceServers, rs.ID, props)
		b.rel(b.account, VerbHas, key, "", nil)
		for _, sc := range rs.Scopes {
			if sc.Value == "" {
				continue
			}
			s := b.scopeEntity(rs.Identifier, sc.Value, true)
			b.rel(key, VerbHas, s, "", nil)
		}
	}
}

// scopeEntity adds the entity of a scope of an API; defined is false for
// a scope a role or grant names that the API does not define (or an API
// that does not exist).
func (b *builder) scopeEntity(api, scope string, defined bool) string {
	id := api + " " + scope
	if k := b.key(TypeScope, id); k != "" {
		return k
	}
	return b.entity(TypeScope, id, scope, "", "", map[string]any{"scope": scope, "api": api, "defined": defined})
}

func setIf(m map[string]any, k, v string) {
	if v != "" {
		m[k] = v
	}
}

// connPasswordless are the passwordless strategies.
var connPasswordless = map[string]bool{"email": true, "sms": true}

// connSignupKind says whether anyone can sign up on a connection: a
// database or passwordless connection whose options.disable_signup is not
// true. known is false when the options were not read.
func connSignupOpen(c *model.Connection) (open, known bool) {
	if !c.IsDatabase() && !connPasswordless[c.Strategy] {
		return false, true
	}
	if !c.HasOptions() {
		return false, false
	}
	return !c.DisableSignup(), true
}

func (b *builder) connectionEntities() {
	for i := range b.conns {
		c := &b.conns[i]
		props := map[string]any{"id": c.ID, "name": c.Name, "strategy": c.Strategy,
			"is_domain_connection": boolOf(c.IsDomainConnection), "options_read": c.HasOptions()}
		setIf(props, "display_name", c.DisplayName)
		if open, known := connSignupOpen(c); known && (c.IsDatabase() || connPasswordless[c.Strategy]) {
			props["signup_open"] = open
		}
		if c.HasOptions() {
			tr := emailTrustOf(c)
			props["trusts_email_verified"] = tr.path != ""
			setIf(props, "email_verified_source", tr.path)
		}
		if c.EnabledClientsRead {
			props["enabled_clients"] = len(c.EnabledClients)
		}
		key := b.entity(TypeConnection, c.ID, c.Name, inventory.KindConnections, c.ID, props)
		b.rel(b.account, VerbHas, key, "", nil)
	}
}

// authMethod is the application's way of authenticating to the token
// endpoint: token_endpoint_auth_method, else the first of
// client_authentication_methods, else Auth0's default.
func authMethod(c *auth0mgmt.Application) string {
	if c.TokenEndpointAuthMethod != "" {
		return c.TokenEndpointAuthMethod
	}
	if ks := c.ClientAuthenticationMethods.Keys(); len(ks) > 0 {
		return ks[0]
	}
	return ""
}

// usesSharedSecret reports whether the application authenticates to the
// token endpoint with its client secret (client_secret_post or
// client_secret_basic; Auth0's default for confidential applications when
// nothing else is configured), and how.
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

func (b *builder) clientEntities() {
	for i := range b.clients {
		c := &b.clients[i]
		shared, _ := usesSharedSecret(c)
		props := map[string]any{"client_id": c.ClientID, "name": c.Name, "global": boolOf(c.Global),
			"is_first_party": boolOf(c.IsFirstParty), "oidc_conformant": boolOf(c.OIDCConformant),
			"grant_types": slices.Clone(c.GrantTypes), "shared_secret": shared && c.TokenEndpointAuthMethod != "none" && !boolOf(c.Global)}
		setIf(props, "app_type", c.AppType)
		setIf(props, "token_endpoint_auth_method", authMethod(c))
		if ks := c.ClientAuthenticationMethods.Keys(); len(ks) > 0 {
			props["client_authentication_methods"] = ks
		}
		setIf(props, "organization_usage", c.OrganizationUsage)
		if c.JWTConfiguration != nil {
			setIf(props, "jwt_alg", c.JWTConfiguration.Alg)
		}
		if c.CrossOriginAuthentication != nil || c.CrossOriginAuth != nil {
			props["cross_origin_authentication"] = boolOf(c.CrossOriginAuthentication) || boolOf(c.CrossOriginAuth)
		}
		key := b.entity(TypeClient, c.ClientID, cmp.Or(c.Name, c.ClientID), inventory.KindClients, c.ClientID, props)
		b.rel(b.account, VerbHas, key, "", nil)
	}
	// connection ALLOWS client, for the applications it is enabled for
	for i := range b.conns {
		c := &b.conns[i]
		ck := b.key(TypeConnection, c.ID)
		for _, id := range c.EnabledClients {
			b.rel(ck, VerbAllows, b.key(TypeClient, id), "", nil)
		}
	}
}

// apiName names an API by its identifier: its name when the graph has it.
func (b *builder) apiName(identifier string) string {
	if k := b.key(TypeServer, identifier); k != "" {
		return b.g.Entities[b.g.byKey[k]].DisplayName
	}
	if b.isMgmt(identifier) {
		return "Auth0 Management API"
	}
	return identifier
}

// scopeOf returns the scope entity for a scope of an API, adding it as
// not defined when the API does not define it.
func (b *builder) scopeOf(api, scope string) string {
	if k := b.key(TypeScope, api+" "+scope); k != "" {
		return k
	}
	return b.scopeEntity(api, scope, false)
}

func (b *builder) grantEntities() {
	for i := range b.grants {
		gr := &b.grants[i]
		client := gr.ClientID
		if k := b.key(TypeClient, gr.ClientID); k != "" {
			client = b.g.Entities[b.g.byKey[k]].DisplayName
		}
		props := map[string]any{"id": gr.ID, "client_id": gr.ClientID, "audience": gr.Audience,
			"scope": slices.Clone(gr.Scope), "management_api": b.isMgmt(gr.Audience)}
		setIf(props, "subject_type", gr.SubjectType)
		setIf(props, "organization_usage", gr.OrganizationUsage)
		key := b.entity(TypeClientGrant, gr.ID, client+" → "+b.apiName(gr.Audience), inventory.KindClientGrants, gr.ID, props)
		b.rel(b.key(TypeClient, gr.ClientID), VerbHas, key, "", nil)
		b.rel(key, VerbAllows, b.key(TypeServer, gr.Audience), "", nil)
		for _, s := range gr.Scope {
			b.rel(key, VerbAllows, b.scopeOf(gr.Audience, s), "", nil)
		}
	}
}

func (b *builder) roleEntities() {
	for i := range b.roles {
		r := &b.roles[i]
		props := map[string]any{"id": r.Role.ID, "name": r.Role.Name, "permissions_read": r.Permissions != nil,
			"members_read": r.Members != nil}
		key := b.entity(TypeRole, r.Role.ID, cmp.Or(r.Role.Name, r.Role.ID), inventory.KindRoles, r.Role.ID, props)
		b.rel(b.account, VerbHas, key, "", nil)
		for _, p := range r.Permissions {
			b.rel(key, VerbProtects, b.key(TypeServer, p.ResourceServerIdentifier), "", nil)
			b.rel(key, VerbAllows, b.scopeOf(p.ResourceServerIdentifier, p.PermissionName), "",
				map[string]any{"api": p.ResourceServerIdentifier})
		}
	}
}

func (b *builder) userEntities() {
	connByName := make(map[string]int32, len(b.conns))
	for i := range b.conns {
		connByName[b.conns[i].Name] = b.index(TypeConnection, b.conns[i].ID)
	}
	acct := int32(b.g.byKey[b.account])
	b.g.userPermsScanned = userPermsScanned(b.t.Snapshot(), b.users)
	for i := range b.users {
		u := &b.users[i]
		props := make(map[string]any, 11)
		props["user_id"], props["blocked"], props["logins_count"], props["mfa_enrolled"] = u.UserID, u.Blocked, u.LoginsCount, len(u.Multifactor) > 0
		setIf(props, "connection", u.Connection)
		setIf(props, "email_domain", u.EmailDomain)
		setIf(props, "last_login", u.LastLogin)
		setIf(props, "created_at", u.CreatedAt)
		if u.EmailVerified != nil {
			props["email_verified"] = *u.EmailVerified
		}
		if len(u.Multifactor) > 0 {
			props["multifactor"] = slices.Clone(u.Multifactor)
		}
		props["permissions_read"] = u.Permissions != nil
		ui := b.entityIdx(TypeUser, u.UserID, u.UserID, inventory.KindUsers, u.UserID, props)
		b.relIdx(acct, VerbHas, ui, "", nil)
		// user ASSIGNED scope: the permissions granted to the user
		// directly, not through a role
		for _, p := range u.Permissions {
			if p.ResourceServerIdentifier == "" || p.PermissionName == "" {
				continue
			}
			si := int32(b.g.byKey[b.scopeOf(p.ResourceServerIdentifier, p.PermissionName)])
			b.relIdx(ui, VerbAssigned, si, "", map[string]any{"api": p.ResourceServerIdentifier})
		}
		conns := u.Identities
		if len(conns) == 0 && u.Connection != "" {
			conns = []inventory.IdentityShape{{Connection: u.Connection}}
		}
		for j, id := range conns {
			c, ok := connByName[id.Connection]
			if !ok {
				continue
			}
			props := map[string]any{"primary": j == 0}
			setIf(props, "provider", id.Provider)
			b.relIdx(ui, VerbUses, c, "", props)
		}
	}
	for i := range b.roles {
		r := &b.roles[i]
		rk := b.index(TypeRole, r.Role.ID)
		for _, m := range r.Members {
			b.relIdx(b.index(TypeUser, m), VerbAssigned, rk, "", nil)
		}
	}
}

// userPermsScanned reports whether the scan read users' direct
// permissions (inventory.Options.UserPermissions): a user record holds
// them (an empty list for none), or the users kind has a gap for those
// it could not read.
func userPermsScanned(snap *inventory.Snapshot, users []inventory.UserShape) bool {
	for i := range users {
		if users[i].Permissions != nil {
			return true
		}
	}
	if r := snap.Kind(inventory.KindUsers); r != nil {
		for _, gp := range r.Gaps {
			if gp.Part == "permissions" {
				return true
			}
		}
	}
	return false
}

func (b *builder) organizationEntities() {
	for i := range b.orgs {
		o := &b.orgs[i].Organization
		rec := &b.orgs[i]
		props := map[string]any{"id": o.ID, "name": o.Name, "members_read": rec.Members != nil,
			"enabled_connections_read": rec.EnabledConnections != nil}
		setIf(props, "display_name", o.DisplayName)
		key := b.entity(TypeOrganization, o.ID, cmp.Or(o.DisplayName, o.Name, o.ID), inventory.KindOrganizations, o.ID, props)
		b.rel(b.account, VerbHas, key, "", nil)
		oi := b.index(TypeOrganization, o.ID)
		for _, m := range rec.Members {
			ui := b.index(TypeUser, m.UserID)
			b.relIdx(oi, VerbHas, ui, "", nil)
			for _, rid := range m.Roles {
				b.relIdx(ui, VerbAssigned, b.index(TypeRole, rid), o.ID,
					map[string]any{"organization": o.ID, "organization_name": cmp.Or(o.DisplayName, o.Name)})
			}
		}
		for _, ec := range rec.EnabledConnections {
			props := map[string]any{"assign_membership_on_login": boolOf(ec.AssignMembershipOnLogin)}
			if ec.IsSignupEnabled != nil {
				props["is_signup_enabled"] = *ec.IsSignupEnabled
			}
			if ec.ShowAsButton != nil {
				props["show_as_button"] = *ec.ShowAsButton
			}
			b.rel(key, VerbUses, b.key(TypeConnection, ec.ConnectionID), "", props)
		}
	}
}

// finish sorts entities and relationships by key and indexes them.
func (b *builder) finish() {
	g := b.g
	slices.SortFunc(g.Entities, func(x, y Entity) int { return strings.Compare(x.Key, y.Key) })
	slices.SortFunc(g.Relationships, func(x, y Relationship) int {
		return cmp.Or(strings.Compare(x.Key, y.Key), cmp.Compare(x.seq, y.seq))
	})
	g.Relationships = slices.CompactFunc(g.Relationships, func(x, y Relationship) bool { return x.Key == y.Key })
	for i := range g.Entities {
		g.byKey[g.Entities[i].Key] = i
	}
	slices.SortFunc(g.Paths, func(x, y Path) int {
		return cmp.Or(cmp.Compare(x.Kind, y.Kind), cmp.Compare(impactRank(y.Impact), impactRank(x.Impact)),
			cmp.Compare(x.Title, y.Title), cmp.Compare(x.ID, y.ID))
	})
	slices.SortFunc(g.Unjudged, func(x, y Unjudged) int {
		return cmp.Or(cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.ID, y.ID), cmp.Compare(x.Reason, y.Reason))
	})
	g.Unjudged = slices.CompactFunc(g.Unjudged, func(x, y Unjudged) bool {
		return x.Kind == y.Kind && x.ID == y.ID && x.Reason == y.Reason && slices.Equal(x.Kinds, y.Kinds)
	})
}

// impactRank orders impacts: critical highest.
func impactRank(s string) int {
	return map[string]int{"low": 1, "medium": 2, "high": 3, "critical": 4}[s]
}
