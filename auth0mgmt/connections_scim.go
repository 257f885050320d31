package auth0mgmt

import (
	"context"
	"iter"
)

// SCIMConfiguration is the inbound SCIM provisioning set up on an
// enterprise connection: the identity provider pushes users through
// Auth0's SCIM endpoint with a SCIM token.
type SCIMConfiguration struct {
	ConnectionID   string `json:"connection_id,omitempty"`
	ConnectionName string `json:"connection_name,omitempty"`
	Strategy       string `json:"strategy,omitempty"`
	TenantName     string `json:"tenant_name,omitempty"`
	// UserIDAttribute is the SCIM attribute user ids are made from.
	UserIDAttribute string `json:"user_id_attribute,omitempty"`
	// Mapping maps SCIM attributes to Auth0 user fields (app_metadata
	// among them).
	Mapping   []SCIMMapping `json:"mapping,omitempty"`
	CreatedAt string        `json:"created_at,omitempty"`
	UpdatedOn string        `json:"updated_on,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// SCIMMapping maps one SCIM attribute to one Auth0 field.
type SCIMMapping struct {
	Auth0 string `json:"auth0,omitempty"`
	SCIM  string `json:"scim,omitempty"`
	Extra Extra  `json:"-"`
}

// SCIMToken describes a SCIM bearer token of a connection: its id,
// scopes and validity. The API never returns the token itself after it
// was created, and this type has no field for it.
type SCIMToken struct {
	TokenID    string   `json:"token_id,omitempty"`
	Scopes     []string `json:"scopes,omitempty"`
	CreatedAt  string   `json:"created_at,omitempty"`
	ValidUntil string   `json:"valid_until,omitempty"`
	LastUsedAt string   `json:"last_used_at,omitempty"`
	Extra      Extra    `json:"-"`
}

// SCIMConfiguration returns the SCIM configuration of a connection;
// ErrNotFound when the connection has none (read:scim_config).
func (s *ConnectionsService) SCIMConfiguration(ctx context.Context, connectionID string) (*SCIMConfiguration, error) {
	var sc SCIMConfiguration
	if _, err := s.c.get(ctx, "connections/"+escape(connectionID)+"/scim-configuration", nil, &sc); err != nil {
		return nil, err
	}
	return &sc, nil
}

// SCIMTokens lists the SCIM tokens of a connection: ids, scopes, dates,
// never the token values (one unpaged array; read:scim_token).
func (s *ConnectionsService) SCIMTokens(ctx context.Context, connectionID string) ([]SCIMToken, error) {
	out, _, err := plainList[SCIMToken](ctx, s.c, "connections/"+escape(connectionID)+"/scim-configuration/tokens", nil)
	return out, err
}

// SCIMConfigurations lists the SCIM configurations of every connection
// of the tenant in one listing (GET /connections-scim-configurations,
// checkpoint paging, items under scim_configurations; read:scim_config).
// Tenants that do not serve it answer 404: read each connection's with
// SCIMConfiguration then.
func (s *ConnectionsService) SCIMConfigurations(ctx context.Context, opts *ListOptions) iter.Seq2[SCIMConfiguration, error] {
	return checkpointAll[SCIMConfiguration](ctx, s.c, "connections-scim-configurations", "scim_configurations", opts)
}
