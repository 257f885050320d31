package graph

import (
	"errors"

	"github.com/authlens/authlens/inventory"
)

// Entity is a node of the identity graph, in JupiterOne's shape: _key,
// _type and _class, a display name, and properties written flat beside
// them in JSON.
type Entity struct {
	// Key is unique in the graph: the record's id where the record has
	// one (client_id, user_id, role id, API identifier, ...), prefixed
	// where two types could share an id.
	Key string
	// Type is auth0_account, auth0_client, auth0_user, auth0_role,
	// auth0_server (an API), auth0_scope, auth0_connection,
	// auth0_client_grant, auth0_organization, auth0_action, auth0_rule,
	// auth0_hook, auth0_trigger, auth0_metadata_field or auth0_claim.
	Type string
	// Class is JupiterOne's class: Account, Application, User,
	// AccessRole, Host (an API, as graph-auth0 has it), AccessPolicy,
	// Directory, Organization, Function, Rule, DataObject, ...
	Class       string
	DisplayName string
	// Kind and ID name the snapshot record the entity stands for; both
	// empty for entities the graph derives (the account, scopes, claims,
	// metadata fields).
	Kind inventory.Kind
	ID   string
	// Properties are written flat into the entity's JSON object (never
	// a secret: the snapshot is redacted and the graph keeps no
	// credential).
	Properties map[string]any
}

// Relationship is an edge of the graph, in JupiterOne's shape.
type Relationship struct {
	// Key is "<from>|<verb>|<to>" (plus a discriminator when two edges of
	// one verb join the same entities).
	Key string
	// Type is <from type>_<verb in lower case>_<to type>
	// (auth0_user_assigned_auth0_role is written auth0_user_assigned_role,
	// as graph-auth0 does: the to type's "auth0_" prefix is dropped).
	Type string
	// Class is the verb: HAS, ASSIGNED, PROTECTS, ALLOWS, USES, TRUSTS,
	// CONTAINS, READS, WRITES, GRANTS, TRIGGERS, ...
	Class      string
	From, To   string
	Properties map[string]any

	seq int32 // the order Build added it in (the first of two equal keys wins)
}

// Graph is a tenant's identity graph: its entities and relationships,
// sorted by key, and the attack paths found through it.
type Graph struct {
	Entities      []Entity
	Relationships []Relationship
	Paths         []Path
	// Missing lists the kinds Build was to read that the snapshot does
	// not hold (not read, forbidden, failed, or a record that does not
	// decode), sorted: their entities and relationships, and the access
	// and paths through them, are left out.
	Missing []inventory.Kind
	// Unjudged are the records the paths could not be judged on: a
	// running script that does not parse or is redacted, a trigger
	// whose bindings or bound code are not in the snapshot, a
	// connection whose options or applications were not read.
	Unjudged []Unjudged

	byKey map[string]int // entity key → index in Entities
	// userPermsScanned: the scan read users' direct permissions (those
	// of a user without them could not be read)
	userPermsScanned bool
	code             *codeFacts // what the running scripts do (access, paths)
	adj              *adjacency // relationships by entity, built on first use
}

// Unjudged is a record a kind of path could not be judged on.
type Unjudged struct {
	// Kinds are the path kinds the record could hide.
	Kinds []PathKind
	// Kind, ID and Name name the snapshot record.
	Kind inventory.Kind
	ID   string
	Name string
	// Reason says what is missing; Scopes the read scopes that would
	// have allowed it, when a scope would.
	Reason string
	Scopes []string
}

// Entity returns the entity with this key.
func (g *Graph) Entity(key string) (Entity, bool) {
	i, ok := g.byKey[key]
	if !ok {
		return Entity{}, false
	}
	return g.Entities[i], true
}

// ErrUnknownSubject is returned by Access for an id that is no user or
// client of the graph.
var ErrUnknownSubject = errors.New("graph: unknown user or client")

// Access is what a user or a client can reach: the APIs and scopes, each
// with every way it gets them.
type Access struct {
	// Subject is the user or client entity.
	Subject Entity
	Grants  []AccessGrant
	// NotRead says, one sentence each, what the snapshot lacks that
	// could grant the subject more than Grants lists, and how to read it:
	// a user's direct permissions when the scan ran without them
	// (tenantscan -user-permissions, inventory.Options.UserPermissions)
	// or could not read them. Empty when nothing is missing.
	NotRead []string
}

// AccessGrant is one scope of one API a subject can get, and through
// what.
type AccessGrant struct {
	// API is the API's identifier (audience), APIName its name.
	API, APIName string
	// Scope is the scope; "*" when the subject can get any scope the API
	// defines (its RBAC is off, or an Action adds whatever scope the
	// subject's own metadata names).
	Scope string
	// Via is the chain that grants it, subject first: a role (direct, or
	// in an organization), a permission granted to the user directly
	// (the API, with the Detail "direct permission ..."), a client
	// grant, an Action (with its condition), the API's settings.
	Via []Hop
	// Condition, when set, is what must hold for the grant (an Action's
	// condition, as written in its code).
	Condition string
}

// Hop is one link of an access chain or one step of a path.
type Hop struct {
	// EntityKey is the graph entity; Kind and ID the snapshot record
	// (when the entity has one), Name its display name.
	EntityKey string
	Kind      inventory.Kind
	ID        string
	Name      string
	// Detail says what this hop contributes ("assigned the role",
	// "adds scope admin:all when app_metadata.role is admin").
	Detail string
}

// PathKind names the shape of an attack path.
type PathKind string

// The attack paths the graph looks for.
const (
	// PathUserInputToPrivilege: a value an outsider or a low-privileged
	// user controls (user_metadata, which anyone who signs up writes;
	// the request's query or body) reaches a scope, a role-like claim or
	// app_metadata that a later script turns into one.
	PathUserInputToPrivilege PathKind = "user_input_to_privilege"
	// PathFederatedEmailToPrivilege: a federated connection whose
	// identity provider decides email and email_verified, and a script,
	// grant or role that decides on email or email_verified downstream.
	PathFederatedEmailToPrivilege PathKind = "federated_email_to_privilege"
	// PathSharedSecretToManagement: a machine-to-machine client
	// authenticated by a shared secret that holds Management API scopes
	// with tenant-wide power.
	PathSharedSecretToManagement PathKind = "shared_secret_to_management_api"
	// PathRequestInputSkipsMFA: request input decides whether an Action
	// or Rule asks for the second factor.
	PathRequestInputSkipsMFA PathKind = "request_input_skips_mfa"
)

// Path is an attack path: from a foothold an outsider or a low-privileged
// user has to a privilege, through records of the tenant.
type Path struct {
	// ID is stable for the same steps (a hash of their keys).
	ID   string
	Kind PathKind
	// Title says it in one line; Impact grades what it reaches:
	// "critical", "high", "medium" or "low".
	Title  string
	Impact string
	// Foothold says who can start the path ("anyone who signs up"),
	// Privilege what it reaches ("scope admin:all of Orders API").
	Foothold, Privilege string
	// Steps run from the foothold (first) to the privilege (last).
	Steps []Step
	// Break is the one change that breaks the path, and Breaks the
	// index of the step it changes.
	Break  string
	Breaks int
}

// Step is one step of a path: a record of the snapshot (or a derived
// entity), what it contributes, and for code the position.
type Step struct {
	Hop
	// Path is the JSON path of the field in the record ("code",
	// "options.should_trust_email_verified_connection",
	// "token_endpoint_auth_method").
	Path string
	// Line and Column locate the step in the script at Path (0 when the
	// step is not in code).
	Line, Column int
}
