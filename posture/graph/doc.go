// Package graph builds a tenant's identity graph from a decoded snapshot:
// entities and relationships in JupiterOne's shape (auth0_account HAS
// auth0_client and auth0_user, auth0_user ASSIGNED auth0_role,
// auth0_role PROTECTS auth0_server, extended to connections, client
// grants and their scopes, organizations and their members, Actions,
// Rules and Hooks with their triggers, the scopes and claims each can add
// and the metadata each reads and writes); effective access (what a user
// or a client can reach, and through what); and the attack paths through
// it, from a foothold an outsider or a low-privileged user has to a
// privilege.
package graph
