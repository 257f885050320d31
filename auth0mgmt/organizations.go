package auth0mgmt

import (
	"context"
	"iter"
)

// Organization is an Auth0 organization (B2B tenant-within-a-tenant).
type Organization struct {
	ID          string                `json:"id,omitempty"`
	Name        string                `json:"name,omitempty"`
	DisplayName string                `json:"display_name,omitempty"`
	Branding    *OrganizationBranding `json:"branding,omitempty"`
	// Metadata is open-ended (string values); fmt shows keys only.
	Metadata Object `json:"metadata,omitempty"`
	// TokenQuota holds the organization's token quotas
	// ({client_credentials: {per_day, per_hour, enforce}}).
	TokenQuota Object `json:"token_quota,omitempty"`
	// EnabledConnections is only present in the answer of a create call
	// that set it; listings do not carry it (use
	// OrganizationsService.EnabledConnections).
	EnabledConnections []OrganizationEnabledConnection `json:"enabled_connections,omitempty"`
	Extra              Extra                           `json:"-"`
}

// OrganizationBranding is an organization's logo and colours.
type OrganizationBranding struct {
	LogoURL string                      `json:"logo_url,omitempty"`
	Colors  *OrganizationBrandingColors `json:"colors,omitempty"`
	Extra   Extra                       `json:"-"`
}

// OrganizationBrandingColors are the colours of an organization's login
// pages (CSS hex values).
type OrganizationBrandingColors struct {
	Primary        string `json:"primary,omitempty"`
	PageBackground string `json:"page_background,omitempty"`
	Extra          Extra  `json:"-"`
}

// OrganizationMember is a member of an organization. Roles is only filled
// when the listing asked for it through Fields (see
// OrganizationsService.MembersWithRoles).
type OrganizationMember struct {
	UserID  string             `json:"user_id,omitempty"`
	Email   string             `json:"email,omitempty"`
	Name    string             `json:"name,omitempty"`
	Picture string             `json:"picture,omitempty"`
	Roles   []OrganizationRole `json:"roles,omitempty"`
	Extra   Extra              `json:"-"`
}

// RoleIDs returns the ids of the member's roles in the organization (nil
// when the listing did not ask for roles).
func (m OrganizationMember) RoleIDs() []string {
	var ids []string
	for _, r := range m.Roles {
		ids = append(ids, r.ID)
	}
	return ids
}

// OrganizationRole is a role as a member listing carries it inline.
type OrganizationRole struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name,omitempty"`
	Extra Extra  `json:"-"`
}

// OrganizationEnabledConnection is a connection enabled for an
// organization.
type OrganizationEnabledConnection struct {
	ConnectionID string `json:"connection_id,omitempty"`
	// AssignMembershipOnLogin: users who log in through the connection
	// become members automatically.
	AssignMembershipOnLogin *bool `json:"assign_membership_on_login,omitempty"`
	ShowAsButton            *bool `json:"show_as_button,omitempty"`
	// IsSignupEnabled: database connections only.
	IsSignupEnabled *bool                        `json:"is_signup_enabled,omitempty"`
	Connection      *OrganizationConnectionBrief `json:"connection,omitempty"`
	Extra           Extra                        `json:"-"`
}

// OrganizationConnectionBrief names the connection of an enabled
// connection.
type OrganizationConnectionBrief struct {
	Name     string `json:"name,omitempty"`
	Strategy string `json:"strategy,omitempty"`
	Extra    Extra  `json:"-"`
}

// OrganizationInvitation is a pending invitation to join an organization.
//
// InvitationURL and TicketID are Secrets: the ticket (the "invitation"
// parameter of the URL, equal to ticket_id) is all it takes to accept the
// invitation and join the organization.
type OrganizationInvitation struct {
	ID             string                         `json:"id,omitempty"`
	OrganizationID string                         `json:"organization_id,omitempty"`
	Inviter        *OrganizationInvitationInviter `json:"inviter,omitempty"`
	Invitee        *OrganizationInvitationInvitee `json:"invitee,omitempty"`
	InvitationURL  Secret                         `json:"invitation_url,omitempty"`
	CreatedAt      string                         `json:"created_at,omitempty"`
	ExpiresAt      string                         `json:"expires_at,omitempty"`
	ClientID       string                         `json:"client_id,omitempty"`
	ConnectionID   string                         `json:"connection_id,omitempty"`
	AppMetadata    Object                         `json:"app_metadata,omitempty"`
	UserMetadata   Object                         `json:"user_metadata,omitempty"`
	// Roles are the role ids the invitee gets on joining.
	Roles    []string `json:"roles,omitempty"`
	TicketID Secret   `json:"ticket_id,omitempty"`
	Extra    Extra    `json:"-"`
}

// OrganizationInvitationInviter names who sent an invitation.
type OrganizationInvitationInviter struct {
	Name  string `json:"name,omitempty"`
	Extra Extra  `json:"-"`
}

// OrganizationInvitationInvitee names who an invitation is for.
type OrganizationInvitationInvitee struct {
	Email string `json:"email,omitempty"`
	Extra Extra  `json:"-"`
}

// memberFieldsWithRoles are the fields that make a members listing carry
// each member's roles inline.
var memberFieldsWithRoles = []string{"user_id", "email", "name", "picture", "roles"}

func orgPath(id string) string { return "organizations/" + escape(id) }

// All lists every organization (checkpoint paging,
// read:organizations).
func (s *OrganizationsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Organization, error] {
	return checkpointAll[Organization](ctx, s.c, "organizations", "organizations", opts)
}

// List returns one checkpoint page of organizations (opts.From is the
// cursor; Page.Next the next one).
func (s *OrganizationsService) List(ctx context.Context, opts *ListOptions) (*Page[Organization], error) {
	return checkpointList[Organization](ctx, s.c, "organizations", "organizations", opts)
}

// Get returns one organization by id.
func (s *OrganizationsService) Get(ctx context.Context, id string) (*Organization, error) {
	var o Organization
	if _, err := s.c.get(ctx, orgPath(id), nil, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// ByName returns one organization by its name.
func (s *OrganizationsService) ByName(ctx context.Context, name string) (*Organization, error) {
	var o Organization
	if _, err := s.c.get(ctx, "organizations/name/"+escape(name), nil, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// Members lists the members of an organization (checkpoint paging,
// read:organization_members). By default a member carries user_id, email,
// name and picture; with opts.Fields = {"user_id", "email", "name",
// "picture", "roles"} the API also returns each member's roles in the
// organization (needs read:organization_member_roles), which saves one
// MemberRoles call per member: MembersWithRoles does exactly that.
func (s *OrganizationsService) Members(ctx context.Context, orgID string, opts *ListOptions) iter.Seq2[OrganizationMember, error] {
	return checkpointAll[OrganizationMember](ctx, s.c, orgPath(orgID)+"/members", "members", opts)
}

// MembersWithRoles lists the members of an organization with their roles
// inline: Members with Fields set to user_id, email, name, picture and
// roles (other fields of opts are kept; opts is not modified).
func (s *OrganizationsService) MembersWithRoles(ctx context.Context, orgID string, opts *ListOptions) iter.Seq2[OrganizationMember, error] {
	o := ListOptions{}
	if opts != nil {
		o = *opts
	}
	o.Fields = append([]string(nil), memberFieldsWithRoles...)
	o.ExcludeFields = false
	return s.Members(ctx, orgID, &o)
}

// MembersPage returns one checkpoint page of an organization's members.
func (s *OrganizationsService) MembersPage(ctx context.Context, orgID string, opts *ListOptions) (*Page[OrganizationMember], error) {
	return checkpointList[OrganizationMember](ctx, s.c, orgPath(orgID)+"/members", "members", opts)
}

// MemberRoles lists the roles a member holds in an organization (offset
// paging, read:organization_member_roles).
func (s *OrganizationsService) MemberRoles(ctx context.Context, orgID, userID string, opts *ListOptions) iter.Seq2[Role, error] {
	return offsetAll[Role](ctx, s.c, orgPath(orgID)+"/members/"+escape(userID)+"/roles", "roles", opts, true)
}

// EnabledConnections lists the connections enabled for an organization
// (offset paging, read:organization_connections).
func (s *OrganizationsService) EnabledConnections(ctx context.Context, orgID string, opts *ListOptions) iter.Seq2[OrganizationEnabledConnection, error] {
	return offsetAll[OrganizationEnabledConnection](ctx, s.c, orgPath(orgID)+"/enabled_connections", "enabled_connections", opts, true)
}

// Invitations lists the pending invitations of an organization (offset
// paging, read:organization_invitations). The API gives no total for
// this endpoint, even with include_totals: the listing ends at the first
// page shorter than the page size, so a count that is an exact multiple
// of the page size costs one more (empty) request.
func (s *OrganizationsService) Invitations(ctx context.Context, orgID string, opts *ListOptions) iter.Seq2[OrganizationInvitation, error] {
	return offsetAll[OrganizationInvitation](ctx, s.c, orgPath(orgID)+"/invitations", "invitations", opts, true)
}

// OrganizationDiscoveryDomain is an email domain an organization claims
// for organization discovery: users who enter an address of the domain
// are routed to the organization. The organization proves it owns the
// domain with a DNS TXT record (verification_host, verification_txt);
// Status is "pending" until it does, then "verified".
type OrganizationDiscoveryDomain struct {
	ID               string `json:"id,omitempty"`
	Domain           string `json:"domain,omitempty"`
	Status           string `json:"status,omitempty"`
	VerificationHost string `json:"verification_host,omitempty"`
	VerificationTXT  string `json:"verification_txt,omitempty"`
	// UseForOrganizationDiscovery: the domain routes users to the
	// organization (nil when the API did not say: older answers lack it).
	UseForOrganizationDiscovery *bool `json:"use_for_organization_discovery,omitempty"`
	Extra                       Extra `json:"-"`
}

// Verified reports whether the domain's ownership was proven.
func (d OrganizationDiscoveryDomain) Verified() bool { return d.Status == "verified" }

// UsedForDiscovery reports whether the API says the domain is used for
// organization discovery (false when it does not say).
func (d OrganizationDiscoveryDomain) UsedForDiscovery() bool {
	return d.UseForOrganizationDiscovery != nil && *d.UseForOrganizationDiscovery
}

// OrganizationClientGrant is a client grant associated with an
// organization: the application may get tokens for the audience, with
// the scopes, on behalf of the organization (client credentials with an
// organization parameter). Listings name the grant by ID; the answer
// that associates one names it by GrantID.
type OrganizationClientGrant struct {
	ID       string   `json:"id,omitempty"`
	GrantID  string   `json:"grant_id,omitempty"`
	ClientID string   `json:"client_id,omitempty"`
	Audience string   `json:"audience,omitempty"`
	Scope    []string `json:"scope,omitempty"`
	// OrganizationUsage: deny, allow or require.
	OrganizationUsage    string `json:"organization_usage,omitempty"`
	AllowAnyOrganization bool   `json:"allow_any_organization,omitempty"`
	SubjectType          string `json:"subject_type,omitempty"`
	Extra                Extra  `json:"-"`
}

// GrantRef returns the grant's id, whichever member carries it.
func (g OrganizationClientGrant) GrantRef() string {
	if g.ID != "" {
		return g.ID
	}
	return g.GrantID
}

// DiscoveryDomains lists the discovery domains of an organization
// (checkpoint paging, items under domains;
// read:organization_discovery_domains).
func (s *OrganizationsService) DiscoveryDomains(ctx context.Context, orgID string, opts *ListOptions) iter.Seq2[OrganizationDiscoveryDomain, error] {
	return checkpointAll[OrganizationDiscoveryDomain](ctx, s.c, orgPath(orgID)+"/discovery-domains", "domains", opts)
}

// DiscoveryDomainsPage returns one checkpoint page of an organization's
// discovery domains.
func (s *OrganizationsService) DiscoveryDomainsPage(ctx context.Context, orgID string, opts *ListOptions) (*Page[OrganizationDiscoveryDomain], error) {
	return checkpointList[OrganizationDiscoveryDomain](ctx, s.c, orgPath(orgID)+"/discovery-domains", "domains", opts)
}

// ClientGrants lists the client grants associated with an organization
// (offset paging with totals, items under client_grants;
// read:organization_client_grants).
func (s *OrganizationsService) ClientGrants(ctx context.Context, orgID string, opts *ListOptions) iter.Seq2[OrganizationClientGrant, error] {
	return offsetAll[OrganizationClientGrant](ctx, s.c, orgPath(orgID)+"/client-grants", "client_grants", opts, true)
}

// ClientGrantsPage returns one offset page of an organization's client
// grants.
func (s *OrganizationsService) ClientGrantsPage(ctx context.Context, orgID string, opts *ListOptions) (*Page[OrganizationClientGrant], error) {
	return offsetList[OrganizationClientGrant](ctx, s.c, orgPath(orgID)+"/client-grants", "client_grants", opts, true)
}
