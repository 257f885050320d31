package inventory

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/authlens/authlens/auth0mgmt"
)

// The organization, connection and login-page surfaces: organizations'
// discovery domains and client grants, connections' signing keys, the
// render settings of prompt screens (ACUL), the default theme and the
// Universal Login page template.
//
// Discovery domains and client grants are kinds of their own, keyed by
// organization, rather than parts of the organizations' records (as
// members, enabled connections and invitations are): both are newer
// features many tenants lack, and a part that fails makes the
// organization's record partial and out of Diff's reach, on every
// organization of such a tenant. As kinds they are unavailable there,
// forbidden with their own scope, and judged (or not) on their own.

// OrganizationDiscoveryDomainsRecord is a record of
// KindOrganizationDiscoveryDomains: the discovery domains of one
// organization, sorted by id.
type OrganizationDiscoveryDomainsRecord struct {
	OrganizationID string                                  `json:"organization_id"`
	Domains        []auth0mgmt.OrganizationDiscoveryDomain `json:"domains"`
}

// OrganizationClientGrantsRecord is a record of
// KindOrganizationClientGrants: the client grants associated with one
// organization, sorted by grant id.
type OrganizationClientGrantsRecord struct {
	OrganizationID string                              `json:"organization_id"`
	ClientGrants   []auth0mgmt.OrganizationClientGrant `json:"client_grants"`
}

// ConnectionKeysRecord is a record of KindConnectionKeys: the signing
// keys of one connection, sorted by kid.
type ConnectionKeysRecord struct {
	ConnectionID   string                    `json:"connection_id"`
	ConnectionName string                    `json:"connection_name,omitempty"`
	Strategy       string                    `json:"strategy,omitempty"`
	Keys           []auth0mgmt.ConnectionKey `json:"keys"`
}

// Record ids of the login-page singletons.
const (
	BrandingThemeID          = "default"
	UniversalLoginTemplateID = "universal-login"
)

// connectionKeyStrategies are the strategies whose connections have
// signing keys (GET /connections/{id}/keys serves Okta and OIDC).
var connectionKeyStrategies = []string{"oidc", "okta"}

// PromptRenderingID is the record id of a screen's render setting.
func PromptRenderingID(prompt, screen string) string { return prompt + "/" + screen }

func (c *collector) planOrgSurfaces() {
	a := c.api
	c.orgSubKind(KindOrganizationDiscoveryDomains, "discovery_domains", func(ctx context.Context, orgID string) (any, bool, error) {
		var ds []auth0mgmt.OrganizationDiscoveryDomain
		for d, err := range a.Organizations.DiscoveryDomains(ctx, orgID, nil) {
			if err != nil {
				return nil, false, err
			}
			ds = append(ds, d)
		}
		sortBy(ds, func(x auth0mgmt.OrganizationDiscoveryDomain) string { return x.ID })
		return OrganizationDiscoveryDomainsRecord{OrganizationID: orgID, Domains: ds}, len(ds) > 0, nil
	})
	c.orgSubKind(KindOrganizationClientGrants, "client_grants", func(ctx context.Context, orgID string) (any, bool, error) {
		var gs []auth0mgmt.OrganizationClientGrant
		for g, err := range a.Organizations.ClientGrants(ctx, orgID, nil) {
			if err != nil {
				return nil, false, err
			}
			gs = append(gs, g)
		}
		sortBy(gs, func(x auth0mgmt.OrganizationClientGrant) string { return x.GrantRef() })
		return OrganizationClientGrantsRecord{OrganizationID: orgID, ClientGrants: gs}, len(gs) > 0, nil
	})
	c.connectionKeys()
	c.start(KindPromptRenderings, func(ctx context.Context) error {
		for r, err := range a.Prompts.Renderings(ctx, nil) {
			if err != nil {
				return err
			}
			c.put(KindPromptRenderings, PromptRenderingID(r.Prompt, r.Screen), r)
		}
		return nil
	})
	c.start(KindBrandingThemes, func(ctx context.Context) error {
		return c.singleton(KindBrandingThemes, BrandingThemeID, func(ctx context.Context) (any, error) { return a.Branding.DefaultTheme(ctx) }, ctx)
	})
	c.start(KindUniversalLoginTemplate, func(ctx context.Context) error {
		return c.singleton(KindUniversalLoginTemplate, UniversalLoginTemplateID, func(ctx context.Context) (any, error) {
			return a.Branding.UniversalLoginTemplate(ctx)
		}, ctx)
	})
}

// singleton stores a singleton; 404 means not configured.
func (c *collector) singleton(k Kind, id string, get func(context.Context) (any, error), ctx context.Context) error {
	v, err := get(ctx)
	if errors.Is(err, auth0mgmt.ErrNotFound) {
		c.notConfigured(k)
		return nil
	}
	if err != nil {
		return err
	}
	c.put(k, id, v)
	return nil
}

// kindWide reports whether a sub-read's failure holds for every record
// alike (a missing scope, a feature the tenant lacks): the kind then
// takes that status instead of one gap per record.
func kindWide(k Kind, err error) bool {
	st, _, _ := classify(k, err)
	return st == StatusForbidden || st == StatusUnavailable
}

// orgSubKind reads kind k one organization at a time, after the
// organizations (or, when the scan does not read them, from a listing of
// its own). read returns the record and whether to keep it (organizations
// with nothing of the kind have no record). The first organization is
// read by the main task: a missing scope or a feature the tenant lacks
// makes the whole kind forbidden or unavailable; the others' failures
// are gaps naming the organization.
func (c *collector) orgSubKind(k Kind, part string, read func(ctx context.Context, orgID string) (any, bool, error)) {
	c.startAfter(KindOrganizations, k, func(ctx context.Context, orgsRead bool, orgsErr error, ids []string) error {
		switch {
		case !orgsRead:
			for o, err := range c.api.Organizations.All(ctx, nil) {
				if err != nil {
					return err
				}
				ids = append(ids, o.ID)
			}
			slices.Sort(ids)
		case orgsErr != nil:
			return fmt.Errorf("the organizations could not be listed: %w", orgsErr)
		}
		for i, id := range ids {
			if i == 0 {
				v, keep, err := read(ctx, id)
				if err != nil && kindWide(k, err) {
					return err
				}
				if err != nil {
					c.gap(k, part, id, err)
					continue
				}
				if keep {
					c.put(k, id, v)
				}
				continue
			}
			c.sub(k, part, id, func(ctx context.Context) error {
				v, keep, err := read(ctx, id)
				if err != nil {
					return err
				}
				if keep {
					c.put(k, id, v)
				}
				return nil
			})
		}
		return nil
	})
}

// connectionKeys reads the signing keys of every Okta and OIDC
// connection, after the connections (or from a projected listing of its
// own). A connection the API has no keys for (404) has no record.
func (c *collector) connectionKeys() {
	c.startAfter(KindConnections, KindConnectionKeys, func(ctx context.Context, connsRead bool, connsErr error, ids []string) error {
		type conn struct {
			ID       string `json:"id"`
			Name     string `json:"name"`
			Strategy string `json:"strategy"`
		}
		var conns []conn
		switch {
		case !connsRead:
			for x, err := range c.api.Connections.All(ctx, &auth0mgmt.ListOptions{Fields: []string{"id", "name", "strategy"}}) {
				if err != nil {
					return err
				}
				conns = append(conns, conn{x.ID, x.Name, x.Strategy})
			}
		case connsErr != nil:
			return fmt.Errorf("the connections could not be listed: %w", connsErr)
		default:
			for _, id := range ids {
				var x conn
				if err := json.Unmarshal(c.record(KindConnections, id), &x); err != nil {
					return fmt.Errorf("inventory: connections/%s: %w", id, err)
				}
				conns = append(conns, x)
			}
		}
		first := true
		for _, x := range conns {
			if !slices.Contains(connectionKeyStrategies, x.Strategy) {
				continue
			}
			read := func(ctx context.Context) error {
				keys, err := c.api.Connections.Keys(ctx, x.ID)
				if errors.Is(err, auth0mgmt.ErrNotFound) {
					return nil // no keys provisioned
				}
				if err != nil {
					return err
				}
				if len(keys) == 0 {
					return nil
				}
				sortBy(keys, func(k auth0mgmt.ConnectionKey) string { return k.Kid })
				c.put(KindConnectionKeys, x.ID, ConnectionKeysRecord{ConnectionID: x.ID, ConnectionName: x.Name, Strategy: x.Strategy, Keys: keys})
				return nil
			}
			if first {
				first = false
				if err := read(ctx); err != nil {
					if kindWide(KindConnectionKeys, err) {
						return err
					}
					c.gap(KindConnectionKeys, "keys", x.ID, err)
				}
				continue
			}
			c.sub(KindConnectionKeys, "keys", x.ID, read)
		}
		return nil
	})
}
