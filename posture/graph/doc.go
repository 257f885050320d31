// Package graph answers who can reach what in an Auth0 tenant, and how an
// attacker would get there. Build the identity graph from a snapshot
// (decoded once by posture/model), then ask Access what a user or an
// application can reach and through what, read the attack paths in
// Graph.Paths, or write the graph for JupiterOne-style tools with
// WriteJSON; posture/render draws it.
//
//	g, err := graph.Build(model.New(snap), graph.Options{})
//	access, err := g.Access("auth0|64b...") // a user id or a client id
//	for _, grant := range access.Grants {
//		fmt.Println(grant.APIName, grant.Scope, grant.Condition)
//	}
//
// The graph holds entities and relationships in JupiterOne's shape
// (auth0_account HAS auth0_client and auth0_user, auth0_user ASSIGNED
// auth0_role, auth0_role PROTECTS auth0_server), extended to connections,
// client grants and their scopes, organizations and their members,
// Actions, Rules and Hooks with their triggers, the scopes and claims each
// can add and the metadata each reads and writes. Attack paths run from a
// foothold an outsider or a low-privileged user has to a privilege.
//
// # Building
//
// Build reads the kinds of a model.Tenant (Options.Kinds limits them) and
// returns a Graph: Entities and Relationships sorted by key, the Paths it
// found, the kinds that were Missing and the records it could not judge
// (Unjudged). It reads nothing but the snapshot, and the same snapshot
// gives the same graph. WriteJSON writes it as
// {"entities":[...],"relationships":[...]} with JupiterOne's member names
// (_key, _type, _class, displayName, _fromEntityKey, _toEntityKey,
// properties flat beside them).
//
// Entity types (and classes): auth0_account (Account), auth0_client
// (Application, keyed by client_id), auth0_user (User, user_id),
// auth0_role (AccessRole, role id), auth0_server (Host, the API
// identifier), auth0_scope (Resource: a scope of an API), auth0_connection
// (Directory), auth0_client_grant (AccessPolicy), auth0_organization
// (Organization), auth0_action and auth0_hook (Function), auth0_rule
// (Rule), auth0_trigger (Workflow), auth0_metadata_field and auth0_claim
// (DataObject). Types other than client, user, role and server are keyed
// "<type>:<id>". Properties are what a security team queries (app_type,
// token_endpoint_auth_method, is_first_party, grant_types, signing_alg,
// enforce_policies, strategy, signup_open, trusts_email_verified,
// email_verified, mfa_enrolled, blocked, ...), never a secret.
//
// Relationships: account HAS client, user, role, server, connection,
// organization, action, rule, hook and trigger; user ASSIGNED role (with
// organization and organization_name for a role held in an organization);
// user ASSIGNED scope (with api) for a permission granted to the user
// directly, not through a role (read only with
// inventory.Options.UserPermissions, tenantscan -user-permissions; the
// user's permissions_read property says whether they were): ASSIGNED, as
// for a role, because Auth0 assigns permissions to a user as it assigns
// roles (POST /users/{id}/permissions, "Assign permissions to a user")
// and JupiterOne has a User ASSIGNED what it holds, while GRANTS stays
// the verb of code that adds a scope at login;
// role PROTECTS server and ALLOWS scope (with api); server HAS scope;
// connection ALLOWS client (the applications it is enabled for); user
// USES connection (its identities); client HAS client_grant;
// client_grant ALLOWS server and ALLOWS scope; organization HAS user and
// USES connection (assign_membership_on_login, is_signup_enabled);
// trigger TRIGGERS action (order) and hook; and, from the data flow of the
// code that runs (posture/jsflow), action or rule READS and WRITES
// metadata_field, GRANTS scope (a constant scope an API defines, with its
// condition) and ADDS claim. Relationship types are named as graph-auth0
// names them: auth0_user_assigned_role.
//
// # Access and paths
//
// Access answers what a user or an application can reach: roles (direct
// or in an organization), permissions granted to the user directly (the
// way WayDirectPermission), APIs whose RBAC is off, scopes that
// post-login Actions and Rules add (with their condition), client grants,
// and scopes credentials-exchange Actions add. What the snapshot lacks
// that could grant more is said in Access.NotRead: a user's direct
// permissions when the scan ran without -user-permissions
// (inventory.Options.UserPermissions) or could not read them, rather
// than none implied.
//
// Paths are of four kinds (PathKind): user input (user_metadata, the
// login request) reaching a scope, an authorization claim or app_metadata
// that a later script turns into one; a federated identity provider's
// email deciding a privilege; a shared client secret holding Management
// API power; and request input deciding whether MFA is asked. Only code
// that runs is read: Actions deployed and bound to a trigger, enabled
// Rules. A value written to app_metadata from user input taints that
// field for the scripts that see it: at every later login for an Action's
// write, for the scripts after it for a Rule's, for everything after
// signup for a signup Action's. No kind of path is about a user or role
// merely holding a privileged scope (only client grants of the
// Management API are, for applications), so direct permissions, like
// roles, feed Access and not the paths. Each path lists its steps from the
// foothold to the privilege (with the line and column of each step in
// code), grades its impact, and names the one change that breaks it.
package graph
