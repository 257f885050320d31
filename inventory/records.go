package inventory

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/authlens/authlens/auth0mgmt"
)

// UserShape is a user as a snapshot keeps it by default: how the account
// is set up, not who the person is. There is no email address, name,
// picture, phone number or IP address in it, and of the metadata only the
// member names and their JSON types.
type UserShape struct {
	UserID string `json:"user_id"`
	// Connection is the connection of the primary identity.
	Connection string `json:"connection,omitempty"`
	// Identities are the linked identities, primary first.
	Identities []IdentityShape `json:"identities,omitempty"`
	// EmailVerified is nil when the user has no email.
	EmailVerified *bool `json:"email_verified,omitempty"`
	// EmailDomain is the lower-cased domain of the email address.
	EmailDomain string `json:"email_domain,omitempty"`
	// Multifactor lists the MFA providers the user is enrolled with.
	Multifactor []string `json:"multifactor,omitempty"`
	Blocked     bool     `json:"blocked"`
	LastLogin   string   `json:"last_login,omitempty"`
	LoginsCount int64    `json:"logins_count"`
	CreatedAt   string   `json:"created_at,omitempty"`
	// UserMetadata and AppMetadata map each top-level member name to its
	// JSON type: "string", "number", "boolean", "null", "object" or
	// "array".
	UserMetadata map[string]string `json:"user_metadata,omitempty"`
	AppMetadata  map[string]string `json:"app_metadata,omitempty"`
	// Permissions are the permissions granted to the user directly, not
	// through a role, sorted by API and name, when Options.UserPermissions
	// read them (nil otherwise, or when they could not be read: see the
	// kind's gaps). Full profiles hold them under the same name.
	Permissions []auth0mgmt.Permission `json:"permissions,omitempty"`
}

// IdentityShape is one identity of a user: where it comes from, not its
// tokens or profile.
type IdentityShape struct {
	Provider   string `json:"provider,omitempty"`
	Connection string `json:"connection,omitempty"`
	IsSocial   bool   `json:"is_social"`
}

// ShapeOf returns the shape of a full user profile: what a snapshot keeps
// of u without Options.FullProfiles (with the direct permissions a
// profile of a snapshot holds as "permissions"). Code that reads users from snapshots
// of either kind uses it to see every user as a shape.
func ShapeOf(u *auth0mgmt.User) UserShape {
	s := UserShape{
		UserID:      u.UserID,
		Multifactor: u.Multifactor,
		Blocked:     u.IsBlocked(),
		LastLogin:   u.LastLogin,
		LoginsCount: u.LoginsCount,
		CreatedAt:   u.CreatedAt,
	}
	for i, id := range u.Identities {
		if i == 0 {
			s.Connection = id.Connection
		}
		s.Identities = append(s.Identities, IdentityShape{
			Provider: id.Provider, Connection: id.Connection, IsSocial: id.IsSocial != nil && *id.IsSocial,
		})
	}
	if u.Email != "" {
		if at := strings.LastIndexByte(u.Email, '@'); at >= 0 {
			s.EmailDomain = strings.ToLower(u.Email[at+1:])
		}
		ev := u.EmailVerified != nil && *u.EmailVerified
		s.EmailVerified = &ev
	}
	s.UserMetadata = metaShape(u.UserMetadata)
	s.AppMetadata = metaShape(u.AppMetadata)
	// a full profile of a snapshot holds the direct permissions
	// (Options.UserPermissions) under the same name
	if raw, ok := u.Extra["permissions"]; ok {
		var ps []auth0mgmt.Permission
		if json.Unmarshal(raw, &ps) == nil && ps != nil {
			s.Permissions = ps
		}
	}
	return s
}

func metaShape(o auth0mgmt.Object) map[string]string {
	if o == nil {
		return nil
	}
	m := make(map[string]string, len(o))
	for k, raw := range o {
		m[k] = rawTypeName(raw)
	}
	return m
}

// rawTypeName is the JSON type of a raw value.
func rawTypeName(raw json.RawMessage) string {
	for _, c := range raw {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '"':
			return "string"
		case '{':
			return "object"
		case '[':
			return "array"
		case 't', 'f':
			return "boolean"
		case 'n':
			return "null"
		default:
			return "number"
		}
	}
	return "null"
}

// RoleRecord decodes a record of KindRoles: the role as the API returns it,
// with its permissions and the ids of the users assigned to it.
type RoleRecord struct {
	Role auth0mgmt.Role
	// Permissions are sorted by API identifier, then permission name; nil
	// when they could not be read (see the kind's Gaps).
	Permissions []auth0mgmt.Permission
	// Members are the user ids assigned to the role, sorted; nil when they
	// could not be read.
	Members []string
}

// UnmarshalJSON decodes the record.
func (r *RoleRecord) UnmarshalJSON(b []byte) error {
	var aux struct {
		Permissions []auth0mgmt.Permission `json:"permissions"`
		Members     []string               `json:"members"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	if err := json.Unmarshal(b, &r.Role); err != nil {
		return err
	}
	delete(r.Role.Extra, "permissions")
	delete(r.Role.Extra, "members")
	r.Permissions, r.Members = aux.Permissions, aux.Members
	return nil
}

// OrganizationRecord decodes a record of KindOrganizations: the
// organization as the API returns it, with its members (and their roles in
// it), enabled connections and pending invitations. A nil list could not be
// read (see the kind's Gaps).
type OrganizationRecord struct {
	Organization auth0mgmt.Organization
	// Members are sorted by user id.
	Members []OrganizationMemberRecord
	// EnabledConnections are sorted by connection id.
	EnabledConnections []auth0mgmt.OrganizationEnabledConnection
	// Invitations are sorted by id; their URL and ticket are redacted,
	// and without Options.FullProfiles the inviter's name is dropped and
	// the invitee's email is reduced to its domain (invitee.email_domain).
	Invitations []auth0mgmt.OrganizationInvitation
}

// OrganizationMemberRecord is a member of an organization.
type OrganizationMemberRecord struct {
	UserID string `json:"user_id"`
	// Roles are the ids of the member's roles in the organization, sorted;
	// nil when they could not be read (the kind's gap "member_roles").
	Roles []string `json:"roles"`
}

// UnmarshalJSON decodes the record.
func (r *OrganizationRecord) UnmarshalJSON(b []byte) error {
	var aux struct {
		Members            []OrganizationMemberRecord                `json:"members"`
		EnabledConnections []auth0mgmt.OrganizationEnabledConnection `json:"enabled_connections"`
		Invitations        []auth0mgmt.OrganizationInvitation        `json:"invitations"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	if err := json.Unmarshal(b, &r.Organization); err != nil {
		return err
	}
	delete(r.Organization.Extra, "members")
	delete(r.Organization.Extra, "invitations")
	r.Members, r.EnabledConnections, r.Invitations = aux.Members, aux.EnabledConnections, aux.Invitations
	return nil
}

// TriggerRecord is a record of KindTriggerBindings: the Actions bound to a
// trigger, in the order they run.
type TriggerRecord struct {
	TriggerID string                    `json:"trigger_id"`
	Bindings  []auth0mgmt.ActionBinding `json:"bindings"`
}

// sortBy sorts s by the key function (stable, so equal keys keep their
// order).
func sortBy[T any](s []T, key func(T) string) {
	sort.SliceStable(s, func(i, j int) bool { return key(s[i]) < key(s[j]) })
}
