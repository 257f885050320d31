package auth0mgmt

import (
	"context"
	"iter"
)

// NetworkACL is a tenant access control rule on network properties (IP
// ranges, countries, ASNs, user agents, TLS fingerprints).
type NetworkACL struct {
	ID          string `json:"id,omitempty"`
	TenantID    string `json:"tenant_id,omitempty"`
	Description string `json:"description,omitempty"`
	Active      bool   `json:"active,omitempty"`
	// Priority orders the rules (lower first).
	Priority  int             `json:"priority,omitempty"`
	Rule      *NetworkACLRule `json:"rule,omitempty"`
	CreatedAt string          `json:"created_at,omitempty"`
	UpdatedAt string          `json:"updated_at,omitempty"`
	DeletedAt string          `json:"deleted_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// NetworkACLRule is what a network ACL matches and what it does.
type NetworkACLRule struct {
	Action   *NetworkACLAction `json:"action,omitempty"`
	Match    *NetworkACLMatch  `json:"match,omitempty"`
	NotMatch *NetworkACLMatch  `json:"not_match,omitempty"`
	// Scope: management, authentication or tenant.
	Scope string `json:"scope,omitempty"`
	Extra Extra  `json:"-"`
}

// NetworkACLAction is the effect of a matching rule (one of them is set).
type NetworkACLAction struct {
	Block       bool   `json:"block,omitempty"`
	Allow       bool   `json:"allow,omitempty"`
	Log         bool   `json:"log,omitempty"`
	Redirect    bool   `json:"redirect,omitempty"`
	RedirectURI string `json:"redirect_uri,omitempty"`
	Extra       Extra  `json:"-"`
}

// NetworkACLMatch are the conditions of a rule.
type NetworkACLMatch struct {
	ASNs                []int    `json:"asns,omitempty"`
	GeoCountryCodes     []string `json:"geo_country_codes,omitempty"`
	GeoSubdivisionCodes []string `json:"geo_subdivision_codes,omitempty"`
	IPv4CIDRs           []string `json:"ipv4_cidrs,omitempty"`
	IPv6CIDRs           []string `json:"ipv6_cidrs,omitempty"`
	JA3Fingerprints     []string `json:"ja3_fingerprints,omitempty"`
	JA4Fingerprints     []string `json:"ja4_fingerprints,omitempty"`
	UserAgents          []string `json:"user_agents,omitempty"`
	Extra               Extra    `json:"-"`
}

// All lists every network ACL (offset paging with include_totals, items
// under network_acls; without include_totals the API answers a bare
// array, which is also accepted).
func (s *NetworkACLsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[NetworkACL, error] {
	return offsetAll[NetworkACL](ctx, s.c, "network-acls", "network_acls", opts, true)
}

// List returns one page of network ACLs.
func (s *NetworkACLsService) List(ctx context.Context, opts *ListOptions) (*Page[NetworkACL], error) {
	return offsetList[NetworkACL](ctx, s.c, "network-acls", "network_acls", opts, true)
}

// Get returns one network ACL.
func (s *NetworkACLsService) Get(ctx context.Context, id string) (*NetworkACL, error) {
	var n NetworkACL
	if _, err := s.c.get(ctx, "network-acls/"+escape(id), nil, &n); err != nil {
		return nil, err
	}
	return &n, nil
}
