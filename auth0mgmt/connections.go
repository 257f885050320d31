package auth0mgmt

import (
	"context"
	"fmt"
	"iter"
	"net/url"
)

// Connection is an identity source: a database ("auth0" strategy), a
// social or enterprise provider, or passwordless (sms, email).
//
// Options is kept raw: its members depend on the strategy, mix camelCase
// and snake_case, and hold secrets in clear (client_secret,
// consumer_secret, decryptionKey, gateway_authentication.secret,
// twilio_token, ...); its fmt output shows member names only. The API
// omits it without read:connections_options (see HasOptions). The helper
// methods read the members posture checks need.
type Connection struct {
	ID          string   `json:"id,omitempty"`
	Name        string   `json:"name,omitempty"`
	DisplayName string   `json:"display_name,omitempty"`
	Strategy    string   `json:"strategy,omitempty"`
	Options     Object   `json:"options,omitempty"`
	Realms      []string `json:"realms,omitempty"`
	// IsDomainConnection: the connection is shared by every tenant of the
	// domain (Auth0-managed social connections).
	IsDomainConnection *bool `json:"is_domain_connection,omitempty"`
	// EnabledClients is deprecated; ConnectionsService.Clients lists them.
	EnabledClients []string `json:"enabled_clients,omitempty"`
	Metadata       Object   `json:"metadata,omitempty"`
	ShowAsButton   *bool    `json:"show_as_button,omitempty"`
	// Authentication and ConnectedAccounts are the connection's purposes.
	Authentication    *ConnectionPurpose `json:"authentication,omitempty"`
	ConnectedAccounts *ConnectionPurpose `json:"connected_accounts,omitempty"`
	// ProvisioningTicketURL (AD/LDAP) carries the ticket that registers an
	// AD/LDAP connector for this connection: a Secret.
	ProvisioningTicketURL Secret `json:"provisioning_ticket_url,omitempty"`
	Extra                 Extra  `json:"-"`
}

// ConnectionPurpose says whether a connection serves a purpose
// (authentication, connected accounts).
type ConnectionPurpose struct {
	Active *bool `json:"active,omitempty"`
	Extra  Extra `json:"-"`
}

// IsDatabase reports whether the connection is an Auth0 database
// connection (strategy "auth0").
func (c Connection) IsDatabase() bool { return c.Strategy == "auth0" }

// HasOptions reports whether the API returned the connection's options
// (it does not without read:connections_options).
func (c Connection) HasOptions() bool { return c.Options != nil }

// PasswordPolicy returns options.passwordPolicy of a database connection:
// "none", "low", "fair", "good" or "excellent"; "" when absent or null.
func (c Connection) PasswordPolicy() string { return c.Options.String("passwordPolicy") }

// BruteForceProtection returns options.brute_force_protection and whether
// it was set.
func (c Connection) BruteForceProtection() (enabled, set bool) {
	return c.Options.Bool("brute_force_protection")
}

// DisableSignup reports options.disable_signup (false when absent).
func (c Connection) DisableSignup() bool {
	v, _ := c.Options.Bool("disable_signup")
	return v
}

// EnabledDatabaseCustomization reports options.enabledDatabaseCustomization:
// the database runs custom scripts (see CustomScripts).
func (c Connection) EnabledDatabaseCustomization() bool {
	v, _ := c.Options.Bool("enabledDatabaseCustomization")
	return v
}

// ImportMode reports options.import_mode (lazy migration from a legacy
// store through the login script).
func (c Connection) ImportMode() bool {
	v, _ := c.Options.Bool("import_mode")
	return v
}

// RequiresUsername reports options.requires_username.
func (c Connection) RequiresUsername() bool {
	v, _ := c.Options.Bool("requires_username")
	return v
}

// MFAActive returns options.mfa.active (MFA is applied to logins through
// the connection) and whether it was set.
func (c Connection) MFAActive() (active, set bool) {
	var mfa Object
	if !c.Options.Get("mfa", &mfa) {
		return false, false
	}
	return mfa.Bool("active")
}

// CustomScripts returns options.customScripts: the database action scripts
// (login, create, verify, change_password, delete, get_user, ...) by name,
// JavaScript source as written. Nil when there are none.
func (c Connection) CustomScripts() map[string]string {
	var raw Object
	if !c.Options.Get("customScripts", &raw) || len(raw) == 0 {
		return nil
	}
	out := make(map[string]string, len(raw))
	for k := range raw {
		if s := raw.String(k); s != "" {
			out[k] = s
		}
	}
	return out
}

// SetUserRootAttributes returns options.set_user_root_attributes
// ("on_each_login", "on_first_login", "never_on_login"), "" when absent.
func (c Connection) SetUserRootAttributes() string {
	return c.Options.String("set_user_root_attributes")
}

// ShouldTrustEmailVerifiedConnection returns
// options.should_trust_email_verified_connection
// ("never_set_emails_as_verified", "always_set_emails_as_verified"), ""
// when absent.
func (c Connection) ShouldTrustEmailVerifiedConnection() string {
	return c.Options.String("should_trust_email_verified_connection")
}

// optionPath decodes options.<path...> into v.
func (c Connection) optionPath(v any, path ...string) bool {
	o := c.Options
	for _, k := range path[:len(path)-1] {
		var next Object
		if !o.Get(k, &next) {
			return false
		}
		o = next
	}
	return o.Get(path[len(path)-1], v)
}

// PasswordMinLength returns the minimum password length of a database
// connection (options.password_options.complexity.min_length, or the
// older options.password_complexity_options.min_length) and whether one
// is set.
func (c Connection) PasswordMinLength() (int, bool) {
	var n int
	if c.optionPath(&n, "password_options", "complexity", "min_length") {
		return n, true
	}
	if c.optionPath(&n, "password_complexity_options", "min_length") {
		return n, true
	}
	return 0, false
}

// PasswordHistory returns whether password history is on and how many
// passwords it keeps (options.password_options.history{active, size}, or
// the older options.password_history{enable, size}).
func (c Connection) PasswordHistory() (enabled bool, size int) {
	if c.optionPath(&enabled, "password_options", "history", "active") {
		c.optionPath(&size, "password_options", "history", "size")
		return enabled, size
	}
	c.optionPath(&enabled, "password_history", "enable")
	c.optionPath(&size, "password_history", "size")
	return enabled, size
}

// PasswordDictionary reports whether common passwords are refused
// (options.password_options.dictionary.active, or the older
// options.password_dictionary.enable).
func (c Connection) PasswordDictionary() bool {
	var v bool
	if c.optionPath(&v, "password_options", "dictionary", "active") {
		return v
	}
	c.optionPath(&v, "password_dictionary", "enable")
	return v
}

// PasswordNoPersonalInfo reports whether passwords containing profile
// data are refused (options.password_options.profile_data.active, or the
// older options.password_no_personal_info.enable).
func (c Connection) PasswordNoPersonalInfo() bool {
	var v bool
	if c.optionPath(&v, "password_options", "profile_data", "active") {
		return v
	}
	c.optionPath(&v, "password_no_personal_info", "enable")
	return v
}

// ConnectionClient is an application enabled for a connection.
type ConnectionClient struct {
	ClientID string `json:"client_id,omitempty"`
	Extra    Extra  `json:"-"`
}

// All lists every connection (checkpoint paging). Query filters:
// "strategy" (repeatable), "name".
func (s *ConnectionsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Connection, error] {
	return checkpointAll[Connection](ctx, s.c, "connections", "connections", opts)
}

// List returns one checkpoint page of connections.
func (s *ConnectionsService) List(ctx context.Context, opts *ListOptions) (*Page[Connection], error) {
	return checkpointList[Connection](ctx, s.c, "connections", "connections", opts)
}

// Get returns one connection.
func (s *ConnectionsService) Get(ctx context.Context, id string) (*Connection, error) {
	var c Connection
	if _, err := s.c.get(ctx, "connections/"+escape(id), nil, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// Clients lists the applications enabled for a connection (checkpoint
// paging); it replaces the deprecated Connection.EnabledClients.
func (s *ConnectionsService) Clients(ctx context.Context, id string, opts *ListOptions) iter.Seq2[ConnectionClient, error] {
	return checkpointAll[ConnectionClient](ctx, s.c, "connections/"+escape(id)+"/clients", "clients", opts)
}

// ClientsPage returns one checkpoint page of a connection's applications.
func (s *ConnectionsService) ClientsPage(ctx context.Context, id string, opts *ListOptions) (*Page[ConnectionClient], error) {
	return checkpointList[ConnectionClient](ctx, s.c, "connections/"+escape(id)+"/clients", "clients", opts)
}

// idByName returns the id of the connection with this name.
func (s *ConnectionsService) idByName(ctx context.Context, name string) (string, error) {
	for c, err := range s.All(ctx, &ListOptions{Query: url.Values{"name": {name}}}) {
		if err != nil {
			return "", err
		}
		if c.Name == name {
			return c.ID, nil
		}
	}
	return "", fmt.Errorf("%w: no connection named %q", ErrNotFound, name)
}
