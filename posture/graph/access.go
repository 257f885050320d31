package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/authlens/authlens/auth0mgmt"
)

// adjacency indexes the relationships by the entity they leave.
type adjacency struct {
	once sync.Once
	out  map[string][]int32
}

func (g *Graph) outEdges(key string) []int32 {
	if g.adj == nil {
		return nil
	}
	g.adj.once.Do(func() {
		g.adj.out = make(map[string][]int32, len(g.Entities))
		for i := range g.Relationships {
			f := g.Relationships[i].From
			g.adj.out[f] = append(g.adj.out[f], int32(i))
		}
	})
	return g.adj.out[key]
}

// hopOf is the hop of an entity, with what it contributes.
func (g *Graph) hopOf(key, detail string) Hop {
	e, ok := g.Entity(key)
	if !ok {
		return Hop{EntityKey: key, Detail: detail}
	}
	return Hop{EntityKey: key, Kind: e.Kind, ID: e.ID, Name: e.DisplayName, Detail: detail}
}

// Access returns what a user (by user id) or an application (by client
// id) can reach: every API and scope, with each way it gets them. For a
// user: its roles, directly or in an organization; the APIs whose RBAC
// is off (any scope they define, once the user can log in to an
// application); the permissions granted to it directly (the hop of the
// API says WayDirectPermission; Access.NotRead says so when the snapshot
// lacks them); the scopes post-login Actions and Rules add, with their
// condition (Scope "*" when the code adds whatever scope a value names).
// For an application: its client grants and the scopes
// credentials-exchange Actions add to its tokens. Grants are sorted by
// API, scope, condition and chain.
//
// Access returns ErrUnknownSubject for an id that is no user or
// application of the graph.
func (g *Graph) Access(id string) (*Access, error) {
	if k, ok := g.typedKey(TypeUser, id); ok {
		return g.userAccess(k), nil
	}
	if k, ok := g.typedKey(TypeClient, id); ok {
		return g.clientAccess(k), nil
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownSubject, id)
}

// typedKey finds the entity of a type for a record id.
func (g *Graph) typedKey(typ, id string) (string, bool) {
	for _, k := range []string{id, typ + ":" + id} {
		if e, ok := g.Entity(k); ok && e.Type == typ {
			return k, true
		}
	}
	return "", false
}

type accessSet struct {
	g       *Graph
	out     []AccessGrant
	notRead []string
}

// WayDirectPermission is the Detail of the hop (the API) through which
// Access lists a permission granted to a user directly, not through a
// role (the relationship user ASSIGNED scope).
const WayDirectPermission = "direct permission (granted to the user, not through a role)"

// userNotRead says what of a user the snapshot lacks that could grant it
// more: its direct permissions.
func (g *Graph) userNotRead(user Entity) []string {
	if read, ok := user.Properties["permissions_read"].(bool); !ok || read {
		return nil
	}
	if g.userPermsScanned {
		return []string{"direct permissions not read: the scan could not read this user's (see the users kind's \"permissions\" gap); " +
			"the user may hold API permissions granted directly that are not listed"}
	}
	return []string{"direct permissions not read: the snapshot was taken without them (tenantscan -user-permissions, " +
		"inventory.Options.UserPermissions); the user may hold API permissions granted directly that are not listed"}
}

func (a *accessSet) add(api, scope, condition string, via ...Hop) {
	name := api
	if k, ok := a.g.typedKey(TypeServer, api); ok {
		e, _ := a.g.Entity(k)
		name = e.DisplayName
	}
	if api == "*" {
		name = "any API an application requests"
	}
	a.out = append(a.out, AccessGrant{API: api, APIName: name, Scope: scope, Via: via, Condition: condition})
}

func (a *accessSet) result(subject Entity) *Access {
	viaKey := func(x AccessGrant) string {
		var b strings.Builder
		for _, h := range x.Via {
			b.WriteString(h.EntityKey + "\x00" + h.Detail + "\x00")
		}
		return b.String()
	}
	slices.SortFunc(a.out, func(x, y AccessGrant) int {
		return cmp.Or(cmp.Compare(x.API, y.API), cmp.Compare(x.Scope, y.Scope), cmp.Compare(x.Condition, y.Condition),
			cmp.Compare(viaKey(x), viaKey(y)))
	})
	a.out = slices.CompactFunc(a.out, func(x, y AccessGrant) bool {
		return x.API == y.API && x.Scope == y.Scope && x.Condition == y.Condition && viaKey(x) == viaKey(y)
	})
	if a.out == nil {
		a.out = []AccessGrant{}
	}
	return &Access{Subject: subject, Grants: a.out, NotRead: a.notRead}
}

func (g *Graph) userAccess(uk string) *Access {
	user, _ := g.Entity(uk)
	a := &accessSet{g: g}
	self := g.hopOf(uk, "the user")
	var login []string // connections the user logs in through that serve an application
	for _, ri := range g.outEdges(uk) {
		r := &g.Relationships[ri]
		switch {
		case r.Class == VerbAssigned && strings.HasPrefix(r.To, TypeScope+":"):
			// a permission granted to the user directly
			if sc, ok := g.Entity(r.To); ok && sc.Type == TypeScope {
				api, _ := sc.Properties["api"].(string)
				scope, _ := sc.Properties["scope"].(string)
				a.add(api, scope, "", self, g.apiHop(api, WayDirectPermission))
			}
		case r.Class == VerbAssigned:
			org, _ := r.Properties["organization"].(string)
			role := g.hopOf(r.To, "assigned the role")
			chain := []Hop{self, role}
			if org != "" {
				role.Detail = "assigned the role in the organization"
				chain = []Hop{self, g.hopOf(TypeOrganization+":"+org, "member of the organization"), role}
			}
			for _, si := range g.outEdges(r.To) {
				p := &g.Relationships[si]
				if p.Class != VerbAllows {
					continue
				}
				sc, ok := g.Entity(p.To)
				if !ok || sc.Type != TypeScope {
					continue
				}
				api, _ := sc.Properties["api"].(string)
				scope, _ := sc.Properties["scope"].(string)
				a.add(api, scope, "", chain...)
			}
		case r.Class == VerbUses:
			if c, ok := g.Entity(r.To); ok && c.Type == TypeConnection && g.servesApplications(r.To) {
				login = append(login, r.To)
			}
		}
	}
	a.notRead = g.userNotRead(user)
	if len(login) == 0 {
		return a.result(user)
	}
	slices.Sort(login)
	conn := g.hopOf(login[0], "logs in through it to the applications it is enabled for")
	// APIs whose RBAC is off give any scope they define
	for i := range g.Entities {
		e := &g.Entities[i]
		if e.Type != TypeServer || e.Properties["enforce_policies"] == true || e.Properties["is_system"] == true {
			continue
		}
		switch e.Properties["user_policy"] {
		case "deny_all", "require_client_grant":
			continue
		}
		api, _ := e.Properties["identifier"].(string)
		a.add(api, "*", "", self, conn, g.hopOf(e.Key, "RBAC is off: its tokens carry any scope it defines that the application requests"))
	}
	// scopes the login scripts add
	if g.code != nil {
		for _, sa := range g.code.scopes {
			if sa.s.phase != phaseLogin {
				continue
			}
			hop := sa.s.hop(sa.describe())
			if sa.scope == "" {
				a.add("*", "*", sa.condition, self, conn, hop)
				continue
			}
			for _, api := range g.apisDefining(sa.scope, false) {
				a.add(api, sa.scope, sa.condition, self, conn, hop)
			}
		}
	}
	return a.result(user)
}

// apiHop is the hop of an API by its identifier (no record, named by the
// identifier, when the graph lacks the API).
func (g *Graph) apiHop(api, detail string) Hop {
	if k, ok := g.typedKey(TypeServer, api); ok {
		return g.hopOf(k, detail)
	}
	return Hop{Name: api, Detail: detail}
}

// servesApplications reports whether a connection is enabled for an
// application.
func (g *Graph) servesApplications(connKey string) bool {
	for _, ri := range g.outEdges(connKey) {
		if g.Relationships[ri].Class == VerbAllows {
			return true
		}
	}
	return false
}

// apisDefining returns the identifiers of the APIs that define a scope,
// sorted; system APIs (the Management API) only when system is set.
func (g *Graph) apisDefining(scope string, system bool) []string {
	var out []string
	for i := range g.Entities {
		e := &g.Entities[i]
		if e.Type != TypeScope || e.Properties["scope"] != scope || e.Properties["defined"] != true {
			continue
		}
		api, _ := e.Properties["api"].(string)
		if k, ok := g.typedKey(TypeServer, api); ok && !system {
			if s, _ := g.Entity(k); s.Properties["is_system"] == true {
				continue
			}
		}
		out = append(out, api)
	}
	slices.Sort(out)
	return out
}

func (g *Graph) clientAccess(ck string) *Access {
	client, _ := g.Entity(ck)
	a := &accessSet{g: g}
	self := g.hopOf(ck, "the application")
	var audiences []string // APIs the application holds a client-credentials grant on
	for _, ri := range g.outEdges(ck) {
		r := &g.Relationships[ri]
		gr, ok := g.Entity(r.To)
		if r.Class != VerbHas || !ok || gr.Type != TypeClientGrant {
			continue
		}
		cond := ""
		if gr.Properties["subject_type"] == "user" {
			cond = "on behalf of a user (a user access grant)"
		} else if aud, _ := gr.Properties["audience"].(string); aud != "" {
			audiences = append(audiences, aud)
		}
		hop := g.hopOf(r.To, "client grant")
		for _, si := range g.outEdges(r.To) {
			p := &g.Relationships[si]
			sc, ok := g.Entity(p.To)
			if p.Class != VerbAllows || !ok || sc.Type != TypeScope {
				continue
			}
			api, _ := sc.Properties["api"].(string)
			scope, _ := sc.Properties["scope"].(string)
			a.add(api, scope, cond, self, hop)
		}
	}
	slices.Sort(audiences)
	audiences = slices.Compact(audiences)
	if g.code != nil && len(audiences) > 0 {
		for _, sa := range g.code.scopes {
			if sa.s.trigger != auth0mgmt.TriggerCredentialsExchange {
				continue
			}
			hop := sa.s.hop(sa.describe())
			for _, aud := range audiences {
				if sa.scope == "" {
					a.add(aud, "*", sa.condition, self, hop)
				} else if slices.Contains(g.apisDefining(sa.scope, true), aud) {
					a.add(aud, sa.scope, sa.condition, self, hop)
				}
			}
		}
	}
	return a.result(client)
}

// describe says what a scope-adding call does, for an access chain.
func (sa scopeAdd) describe() string {
	what := "adds scope " + sa.scope
	if sa.scope == "" {
		what = "adds whatever scope " + sa.source + " names"
	}
	if sa.condition != "" {
		what += " when " + sa.condition + " allows it"
	}
	return fmt.Sprintf("%s (line %d)", what, sa.line)
}
