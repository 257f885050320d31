package render

import (
	"cmp"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/authlens/authlens/posture/graph"
)

// The entity types the pictures know by name, in the order their
// clusters are drawn: who signs in, where, with what, to reach which
// API, and the code in between. Types not listed come after, by name.
var typeOrder = []struct{ typ, title string }{
	{"auth0_account", "Account"},
	{typeUser, "Users"},
	{"auth0_organization", "Organizations"},
	{"auth0_connection", "Connections"},
	{"auth0_client", "Applications"},
	{"auth0_client_grant", "Client grants"},
	{typeRole, "Roles"},
	{"auth0_server", "APIs"},
	{"auth0_scope", "Scopes"},
	{"auth0_trigger", "Triggers"},
	{"auth0_action", "Actions"},
	{"auth0_rule", "Rules"},
	{"auth0_hook", "Hooks"},
	{"auth0_metadata_field", "Metadata fields"},
	{"auth0_claim", "Claims"},
}

const (
	typeUser = "auth0_user"
	typeRole = "auth0_role"
)

// missingType is the cluster of the keys a relationship names that no
// entity has (no entity type has spaces).
const missingType = "Not in the graph"

// WriteGraph draws a whole identity graph in format f. Users are never
// drawn one by one: each role that has users is one node ("Role Admin:
// 1,204 users"), and the users without a role one more; a user with
// several roles counts in each of their groups. Every other entity is
// drawn, in a cluster per type. A relationship from or to a user is
// drawn from or to each of the user's groups, and the relationships
// that then join the same two nodes with the same verb are one edge
// labelled with their count ("MEMBER_OF (310)"); a user's relationship
// to a role is drawn only from that role's group. Nodes, clusters and
// edges come in a fixed order: the same graph gives the same bytes.
func WriteGraph(w io.Writer, g *graph.Graph, f Format, opts Options) error {
	if g == nil {
		return errors.New("render: nil graph")
	}
	return write(w, graphDiagram(g, opts), f)
}

// graphDiagram lays the whole graph out.
func graphDiagram(g *graph.Graph, opts Options) *diagram {
	width := opts.labelWidth()
	ids := newIDSet()
	byKey := make(map[string]*graph.Entity, len(g.Entities))
	for i := range g.Entities {
		byKey[g.Entities[i].Key] = &g.Entities[i]
	}
	isUser := func(key string) bool {
		e := byKey[key]
		return e != nil && e.Type == typeUser
	}
	isRole := func(key string) bool {
		e := byKey[key]
		return e != nil && e.Type == typeRole
	}

	// Each user's roles, from their relationships to role entities.
	roles := map[string][]string{}
	for _, r := range g.Relationships {
		if isUser(r.From) && isRole(r.To) && !slices.Contains(roles[r.From], r.To) {
			roles[r.From] = append(roles[r.From], r.To)
		}
	}
	const noRole = "" // the group key of users without a role
	groupIDs := map[string]string{}
	groupID := func(role string) string {
		id, ok := groupIDs[role]
		if !ok {
			if role == noRole {
				id = ids.id("users", "without a role")
			} else {
				id = ids.id("users", role)
			}
			groupIDs[role] = id
		}
		return id
	}
	groupSize := map[string]int{}
	users := 0
	for _, e := range g.Entities {
		if e.Type != typeUser {
			continue
		}
		users++
		rs := roles[e.Key]
		if len(rs) == 0 {
			groupSize[noRole]++
		}
		for _, r := range rs {
			groupSize[r]++
		}
	}

	// The clusters: one per type, users as their groups.
	clusters := map[string]*cluster{}
	clusterOf := func(typ string) *cluster {
		c := clusters[typ]
		if c == nil {
			c = &cluster{id: nodeID("cluster", typ)}
			clusters[typ] = c
		}
		return c
	}
	entities := make([]*graph.Entity, 0, len(g.Entities)-users)
	for i := range g.Entities {
		if g.Entities[i].Type != typeUser {
			entities = append(entities, &g.Entities[i])
		}
	}
	slices.SortFunc(entities, func(a, b *graph.Entity) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(strings.ToLower(entityName(a)), strings.ToLower(entityName(b))), cmp.Compare(a.Key, b.Key))
	})
	nodeOf := map[string]string{} // entity key -> node id (not users)
	for _, e := range entities {
		id := ids.id("n", e.Key)
		nodeOf[e.Key] = id
		c := clusterOf(e.Type)
		c.nodes = append(c.nodes, &node{id: id, lines: entityLines(e, width)})
	}
	if users > 0 {
		c := clusterOf(typeUser)
		groups := make([]string, 0, len(groupSize))
		for r := range groupSize {
			if r != noRole {
				groups = append(groups, r)
			}
		}
		slices.SortFunc(groups, func(a, b string) int {
			return cmp.Or(cmp.Compare(strings.ToLower(entityName(byKey[a])), strings.ToLower(entityName(byKey[b]))), cmp.Compare(a, b))
		})
		if groupSize[noRole] > 0 {
			groups = append(groups, noRole)
		}
		for _, r := range groups {
			var label string
			if r == noRole {
				label = plural(groupSize[r], "user", "users") + " without a role"
			} else {
				label = "Role " + entityName(byKey[r]) + ": " + plural(groupSize[r], "user", "users")
			}
			c.nodes = append(c.nodes, &node{id: groupID(r), lines: wrap(label, width), classes: []class{classUsers}})
		}
	}

	// The edges, users' ones through their groups, counted.
	type edgeKey struct{ from, to, verb string }
	counts := map[edgeKey]int{}
	grouped := map[edgeKey]bool{}
	var missing []string
	// endpoints calls fn with the node of an entity, or each group of a
	// user.
	endpoints := func(key string, fn func(id string)) {
		if id, ok := nodeOf[key]; ok {
			fn(id)
			return
		}
		if isUser(key) {
			rs := roles[key]
			if len(rs) == 0 {
				fn(groupID(noRole))
			}
			for _, r := range rs {
				fn(groupID(r))
			}
			return
		}
		id := ids.id("missing", key)
		nodeOf[key] = id
		missing = append(missing, key)
		fn(id)
	}
	for _, r := range g.Relationships {
		verb := cmp.Or(r.Class, r.Type)
		if isUser(r.From) && isRole(r.To) {
			// The group of a role stands for its users' assignment.
			k := edgeKey{groupID(r.To), nodeOf[r.To], verb}
			counts[k]++
			grouped[k] = true
			continue
		}
		viaUser := isUser(r.From) || isUser(r.To)
		endpoints(r.From, func(from string) {
			endpoints(r.To, func(to string) {
				k := edgeKey{from, to, verb}
				counts[k]++
				if viaUser {
					grouped[k] = true
				}
			})
		})
	}
	if len(missing) > 0 {
		c := clusterOf(missingType)
		slices.Sort(missing)
		for _, key := range missing {
			c.nodes = append(c.nodes, &node{id: nodeOf[key], lines: wrap(key, width), classes: []class{classMissing}})
		}
	}
	keys := make([]edgeKey, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b edgeKey) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to), cmp.Compare(a.verb, b.verb))
	})
	d := &diagram{}
	for _, k := range keys {
		label := k.verb
		if n := counts[k]; n > 1 || grouped[k] {
			label += " (" + count(n) + ")"
		}
		d.edges = append(d.edges, &edge{from: k.from, to: k.to, label: wrap(label, width)})
	}

	// Clusters in type order, each titled with its count.
	var types []string
	for _, t := range typeOrder {
		if clusters[t.typ] != nil {
			types = append(types, t.typ)
		}
	}
	var other []string
	for t := range clusters {
		if !knownType(t) && t != missingType {
			other = append(other, t)
		}
	}
	slices.Sort(other)
	types = append(types, other...)
	if clusters[missingType] != nil {
		types = append(types, missingType)
	}
	for _, t := range types {
		c := clusters[t]
		n := len(c.nodes)
		if t == typeUser {
			n = users
		}
		c.label = typeTitle(t) + " (" + count(n) + ")"
		d.clusters = append(d.clusters, c)
	}
	d.title = opts.title("Identity graph: " + plural(len(g.Entities), "entity", "entities") +
		" (" + plural(users, "user", "users") + " in " + plural(len(groupSize), "group", "groups") + "), " +
		plural(len(g.Relationships), "relationship", "relationships"))
	return d
}

// knownType reports whether typeOrder lists a type.
func knownType(typ string) bool {
	for _, t := range typeOrder {
		if t.typ == typ {
			return true
		}
	}
	return false
}

// typeTitle is the cluster title of an entity type (the type itself
// when it has none).
func typeTitle(typ string) string {
	for _, t := range typeOrder {
		if t.typ == typ {
			return t.title
		}
	}
	if typ == "" {
		return "Without a type"
	}
	return typ
}

// entityName is an entity's display name, or its key.
func entityName(e *graph.Entity) string {
	if e == nil {
		return ""
	}
	return cmp.Or(e.DisplayName, e.ID, e.Key)
}

// entityLines labels an entity: its name, and its id below when that
// says something more.
func entityLines(e *graph.Entity, width int) []string {
	lines := wrap(entityName(e), width)
	if e.ID != "" && e.ID != entityName(e) {
		lines = append(lines, wrap(e.ID, width)...)
	}
	if len(lines) == 0 {
		lines = []string{" "}
	}
	return lines
}
