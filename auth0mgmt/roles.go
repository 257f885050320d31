package auth0mgmt

import (
	"context"
	"iter"
)

// Role is a role of the tenant's RBAC.
type Role struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// Permission is a permission granted to a role or a user.
type Permission struct {
	ResourceServerIdentifier string `json:"resource_server_identifier,omitempty"`
	ResourceServerName       string `json:"resource_server_name,omitempty"`
	PermissionName           string `json:"permission_name,omitempty"`
	Description              string `json:"description,omitempty"`
	// Sources is set on user permissions: where the permission comes from.
	Sources []PermissionSource `json:"sources,omitempty"`
	Extra   Extra              `json:"-"`
}

// PermissionSource says how a user holds a permission.
type PermissionSource struct {
	SourceID   string `json:"source_id,omitempty"`
	SourceName string `json:"source_name,omitempty"`
	SourceType string `json:"source_type,omitempty"`
	Extra      Extra  `json:"-"`
}

// RoleUser is a member of a role as /roles/{id}/users lists it.
type RoleUser struct {
	UserID  string `json:"user_id,omitempty"`
	Email   string `json:"email,omitempty"`
	Name    string `json:"name,omitempty"`
	Picture string `json:"picture,omitempty"`
	Extra   Extra  `json:"-"`
}

// RolesService reads roles (read:roles; members also need read:users).
type RolesService service

// All lists every role (offset paging). Query filter: "name_filter".
func (s *RolesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Role, error] {
	return offsetAll[Role](ctx, s.c, "roles", "roles", opts, true)
}

// List returns one page of roles.
func (s *RolesService) List(ctx context.Context, opts *ListOptions) (*Page[Role], error) {
	return offsetList[Role](ctx, s.c, "roles", "roles", opts, true)
}

// Get returns one role.
func (s *RolesService) Get(ctx context.Context, id string) (*Role, error) {
	var r Role
	if _, err := s.c.get(ctx, "roles/"+escape(id), nil, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// Permissions lists the permissions granted to a role (offset paging).
func (s *RolesService) Permissions(ctx context.Context, id string, opts *ListOptions) iter.Seq2[Permission, error] {
	return offsetAll[Permission](ctx, s.c, "roles/"+escape(id)+"/permissions", "permissions", opts, true)
}

// Users lists the users assigned to a role (checkpoint paging).
func (s *RolesService) Users(ctx context.Context, id string, opts *ListOptions) iter.Seq2[RoleUser, error] {
	return checkpointAll[RoleUser](ctx, s.c, "roles/"+escape(id)+"/users", "users", opts)
}

// UsersPage returns one checkpoint page of a role's users.
func (s *RolesService) UsersPage(ctx context.Context, id string, opts *ListOptions) (*Page[RoleUser], error) {
	return checkpointList[RoleUser](ctx, s.c, "roles/"+escape(id)+"/users", "users", opts)
}
