package inventory

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
)

// plan queues the main task of every kind wanted: the long chains first
// (the users export job waits for its file; logs and role members page
// one after another), singletons last.
func (c *collector) plan() {
	a := c.api
	c.start(KindUsers, c.users)
	c.start(KindLogs, c.logs)
	c.start(KindRoles, c.roles)
	c.start(KindOrganizations, c.organizations)
	c.start(KindConnections, c.connections)
	c.start(KindClients, func(ctx context.Context) error {
		return putAll(c, KindClients, a.Clients.All(ctx, nil), func(x auth0mgmt.Application) string { return x.ClientID })
	})
	c.start(KindClientGrants, func(ctx context.Context) error {
		return putAll(c, KindClientGrants, a.ClientGrants.All(ctx, nil), func(x auth0mgmt.ClientGrant) string { return x.ID })
	})
	c.start(KindResourceServers, func(ctx context.Context) error {
		return putAll(c, KindResourceServers, a.ResourceServers.All(ctx, nil), func(x auth0mgmt.ResourceServer) string { return x.ID })
	})
	c.start(KindActions, func(ctx context.Context) error {
		return putAll(c, KindActions, a.Actions.All(ctx, nil), func(x auth0mgmt.Action) string { return x.ID })
	})
	c.start(KindTriggerBindings, c.triggerBindings)
	c.start(KindNetworkACLs, func(ctx context.Context) error {
		return putAll(c, KindNetworkACLs, a.NetworkACLs.All(ctx, nil), func(x auth0mgmt.NetworkACL) string { return x.ID })
	})
	c.start(KindRules, func(ctx context.Context) error {
		return putAll(c, KindRules, a.Rules.All(ctx, nil), func(x auth0mgmt.Rule) string { return x.ID })
	})
	c.start(KindHooks, func(ctx context.Context) error {
		return putAll(c, KindHooks, a.Hooks.All(ctx, nil), func(x auth0mgmt.Hook) string { return x.ID })
	})
	c.start(KindRulesConfigs, func(ctx context.Context) error {
		list, err := a.RulesConfigs.List(ctx)
		if err != nil {
			return err
		}
		for _, rc := range list {
			// Keys only, by construction; a key is a name, not a secret.
			c.store(KindRulesConfigs, rc.Key, canonical(map[string]any{"key": rc.Key}, false))
		}
		return nil
	})
	c.start(KindLogStreams, func(ctx context.Context) error {
		list, err := a.LogStreams.List(ctx)
		return putList(c, KindLogStreams, list, err, func(x auth0mgmt.LogStream) string { return x.ID })
	})
	c.start(KindCustomDomains, func(ctx context.Context) error {
		list, err := a.CustomDomains.List(ctx)
		return putList(c, KindCustomDomains, list, err, func(x auth0mgmt.CustomDomain) string { return x.CustomDomainID })
	})
	c.start(KindSigningKeys, func(ctx context.Context) error {
		list, err := a.SigningKeys.List(ctx)
		return putList(c, KindSigningKeys, list, err, func(x auth0mgmt.SigningKey) string { return x.Kid })
	})
	c.start(KindGuardianFactors, func(ctx context.Context) error {
		list, err := a.Guardian.Factors(ctx)
		return putList(c, KindGuardianFactors, list, err, func(x auth0mgmt.GuardianFactor) string { return x.Name })
	})
	c.start(KindGuardianPolicies, func(ctx context.Context) error {
		list, err := a.Guardian.Policies(ctx)
		if err != nil {
			return err
		}
		c.put(KindGuardianPolicies, "mfa_policies", map[string]any{"policies": nonNil(list)})
		return nil
	})
	c.start(KindTenantSettings, func(ctx context.Context) error {
		return putOne(c, KindTenantSettings, "settings", a.Tenant.Settings, ctx)
	})
	c.start(KindBranding, func(ctx context.Context) error {
		return putOne(c, KindBranding, "branding", a.Branding.Get, ctx)
	})
	c.start(KindPrompts, func(ctx context.Context) error {
		return putOne(c, KindPrompts, "prompts", a.Prompts.Get, ctx)
	})
	c.start(KindEmailProvider, func(ctx context.Context) error {
		// 404: no provider configured (classify makes it not_configured).
		return putOne(c, KindEmailProvider, "provider", a.Emails.Provider, ctx)
	})
	c.start(KindEmailTemplates, func(ctx context.Context) error {
		c.notConfigured(KindEmailTemplates) // unless one template is
		for _, name := range auth0mgmt.EmailTemplateNames() {
			c.sub(KindEmailTemplates, name, "", func(ctx context.Context) error {
				t, err := a.Emails.Template(ctx, name)
				if errors.Is(err, auth0mgmt.ErrNotFound) {
					return nil // never configured
				}
				if err != nil {
					return err
				}
				c.put(KindEmailTemplates, name, t)
				return nil
			})
		}
		return nil
	})
	c.start(KindAttackProtection, func(ctx context.Context) error {
		ap := a.AttackProtection
		subs := []struct {
			id  string
			get func(context.Context) (any, error)
		}{
			{"brute-force-protection", func(ctx context.Context) (any, error) { return ap.BruteForceProtection(ctx) }},
			{"breached-password-detection", func(ctx context.Context) (any, error) { return ap.BreachedPasswordDetection(ctx) }},
			{"suspicious-ip-throttling", func(ctx context.Context) (any, error) { return ap.SuspiciousIPThrottling(ctx) }},
			{"bot-detection", func(ctx context.Context) (any, error) { return ap.BotDetection(ctx) }},
		}
		for _, s := range subs {
			c.sub(KindAttackProtection, s.id, "", func(ctx context.Context) error {
				v, err := s.get(ctx)
				if err != nil {
					return err
				}
				c.put(KindAttackProtection, s.id, v)
				return nil
			})
		}
		return nil
	})
	c.planSurfaces()
	c.planGuardian()
}

// putAll stores every item of a listing.
func putAll[T any](c *collector, k Kind, seq iter.Seq2[T, error], id func(T) string) error {
	for v, err := range seq {
		if err != nil {
			return err
		}
		c.put(k, id(v), v)
	}
	return nil
}

// putList stores the items of a one-request listing.
func putList[T any](c *collector, k Kind, list []T, err error, id func(T) string) error {
	if err != nil {
		return err
	}
	for _, v := range list {
		c.put(k, id(v), v)
	}
	return nil
}

// putOne stores a singleton.
func putOne[T any](c *collector, k Kind, id string, get func(context.Context) (*T, error), ctx context.Context) error {
	v, err := get(ctx)
	if err != nil {
		return err
	}
	c.put(k, id, v)
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// assembly is a record whose parts come from several requests; it is
// stored when the last part has arrived or failed.
type assembly struct {
	c       *collector
	k       Kind
	id      string
	mu      sync.Mutex
	tree    map[string]any
	pending int
}

// assemble starts a record of kind k from the object v, to be completed by
// parts calls.
func (c *collector) assemble(k Kind, id string, v any, parts int) (*assembly, error) {
	t, err := treeOf(v)
	if err != nil {
		return nil, err
	}
	m, ok := t.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("inventory: %s %s is not a JSON object", k, id)
	}
	return &assembly{c: c, k: k, id: id, tree: m, pending: parts}, nil
}

// part queues the read of one part of the record: on success its value is
// set under key; on failure the record is stored without key and the kind
// gets a gap.
func (a *assembly) part(part, key string, read func(ctx context.Context) (any, error)) {
	a.c.sub(a.k, part, a.id, func(ctx context.Context) error {
		v, err := read(ctx)
		a.mu.Lock()
		if err == nil {
			a.tree[key] = v
		}
		a.pending--
		last := a.pending == 0
		a.mu.Unlock()
		if last {
			a.c.put(a.k, a.id, a.tree)
		}
		return err
	})
}

// ---- users ----------------------------------------------------------------

// usersAttempts bounds how often the users listing is started again after
// a transient failure (see users).
const usersAttempts = 3

// users reads every user. A listing that still fails on a transient error
// after auth0mgmt's own retries (a download that keeps breaking, a job that
// failed) is started again (records are keyed by user_id, so users already
// stored are simply stored again).
func (c *collector) users(ctx context.Context) error {
	c.countUsers(ctx)
	var err error
	for attempt := range usersAttempts {
		if attempt > 0 {
			t := time.NewTimer(time.Duration(attempt) * 200 * time.Millisecond)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
		if err = c.usersOnce(ctx); err == nil || !transient(err) {
			return err
		}
	}
	return err
}

// transient reports whether err may go away on a new attempt: a 5xx, a
// 429 that was not waited out, a failed export job, a bad body, or a
// failure without an API answer.
func transient(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ae *auth0mgmt.APIError
	if errors.As(err, &ae) {
		return ae.StatusCode >= 500 || ae.StatusCode == 429
	}
	return true
}

func (c *collector) usersOnce(ctx context.Context) error {
	for u, err := range c.api.Users.All(ctx, nil) {
		if err != nil {
			return err
		}
		if c.opts.FullProfiles {
			t, err := treeOf(u)
			if err != nil {
				return err
			}
			c.userRecord(u.UserID, t, true)
			continue
		}
		// A shape holds no values, only names and types: nothing to
		// redact (and a metadata member called "api_key" must keep its
		// type name).
		t, err := treeOf(ShapeOf(&u))
		if err != nil {
			return err
		}
		c.userRecord(u.UserID, t, false)
	}
	return nil
}

// ---- roles ----------------------------------------------------------------

func (c *collector) roles(ctx context.Context) error {
	for r, err := range c.api.Roles.All(ctx, nil) {
		if err != nil {
			return err
		}
		id := r.ID
		a, err := c.assemble(KindRoles, id, r, 2)
		if err != nil {
			return err
		}
		a.part("permissions", "permissions", func(ctx context.Context) (any, error) {
			ps := []auth0mgmt.Permission{}
			for p, err := range c.api.Roles.Permissions(ctx, id, nil) {
				if err != nil {
					return nil, err
				}
				ps = append(ps, p)
			}
			sortBy(ps, func(p auth0mgmt.Permission) string {
				return p.ResourceServerIdentifier + "\x00" + p.PermissionName
			})
			return ps, nil
		})
		a.part("members", "members", func(ctx context.Context) (any, error) {
			ids := []string{}
			for u, err := range c.api.Roles.Users(ctx, id, nil) {
				if err != nil {
					return nil, err
				}
				ids = append(ids, u.UserID)
			}
			slices.Sort(ids)
			return slices.Compact(ids), nil
		})
	}
	return nil
}

// ---- organizations --------------------------------------------------------

func (c *collector) organizations(ctx context.Context) error {
	for o, err := range c.api.Organizations.All(ctx, nil) {
		if err != nil {
			return err
		}
		id := o.ID
		// Listings do not carry enabled_connections, the part below
		// reads them; an organization that carries its own keeps them
		// (see ownConnections).
		own := o.EnabledConnections
		a, err := c.assemble(KindOrganizations, id, o, 3)
		if err != nil {
			return err
		}
		a.part("members", "members", func(ctx context.Context) (any, error) {
			ms, err := c.orgMembers(ctx, id, true)
			if first := err; err != nil && missingScope(err, "read:organization_member_roles") {
				// The members without their roles are still worth having;
				// the roles are a gap of their own.
				if ms, err = c.orgMembers(ctx, id, false); err == nil {
					c.gap(KindOrganizations, "member_roles", id, first)
				}
			}
			return ms, err
		})
		a.part("enabled_connections", "enabled_connections", func(ctx context.Context) (any, error) {
			cs := []auth0mgmt.OrganizationEnabledConnection{}
			for ec, err := range c.api.Organizations.EnabledConnections(ctx, id, nil) {
				if err != nil {
					return nil, err
				}
				cs = append(cs, ec)
			}
			sortBy(cs, func(x auth0mgmt.OrganizationEnabledConnection) string { return x.ConnectionID })
			if own != nil {
				return c.ownConnections(id, own, cs)
			}
			return cs, nil
		})
		a.part("invitations", "invitations", func(ctx context.Context) (any, error) {
			invs := []any{}
			var ids []string
			for inv, err := range c.api.Organizations.Invitations(ctx, id, nil) {
				if err != nil {
					return nil, err
				}
				t, err := c.invitation(inv)
				if err != nil {
					return nil, err
				}
				invs = append(invs, t)
				ids = append(ids, inv.ID)
			}
			// Sorted by invitation id.
			idx := make([]int, len(invs))
			for i := range idx {
				idx[i] = i
			}
			slices.SortStableFunc(idx, func(x, y int) int { return strings.Compare(ids[x], ids[y]) })
			out := make([]any, len(invs))
			for i, j := range idx {
				out[i] = invs[j]
			}
			return out, nil
		})
	}
	return nil
}

// orgMembers lists the members of an organization, sorted by user id. With
// roles, one listing carries each member's roles inline (fields user_id,
// roles), not one request per member; without, members have no "roles"
// member at all (unknown, not none).
func (c *collector) orgMembers(ctx context.Context, orgID string, roles bool) ([]any, error) {
	fields := []string{"user_id"}
	if roles {
		fields = append(fields, "roles")
	}
	var ids []string
	byID := map[string]any{}
	for m, err := range c.api.Organizations.Members(ctx, orgID, &auth0mgmt.ListOptions{Fields: fields}) {
		if err != nil {
			return nil, err
		}
		rec := map[string]any{"user_id": m.UserID}
		if roles {
			rs := nonNil(m.RoleIDs())
			slices.Sort(rs)
			rec["roles"] = slices.Compact(rs)
		}
		if _, dup := byID[m.UserID]; !dup {
			ids = append(ids, m.UserID)
		}
		byID[m.UserID] = rec
	}
	slices.Sort(ids)
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		out = append(out, byID[id])
	}
	return out, nil
}

// missingScope reports whether err is a 403 insufficient_scope naming
// scope.
func missingScope(err error, scope string) bool {
	var ae *auth0mgmt.APIError
	return errors.As(err, &ae) && ae.Is(auth0mgmt.ErrInsufficientScope) && slices.Contains(ae.MissingScopes, scope)
}

// logRecord is what a snapshot keeps of a log event. Without FullProfiles
// the user's name (often an email address) is cut to its email domain
// (user_name_domain) and location_info to its country code; the user_id,
// the IP address and the user agent stay, as the security signals that
// posture reads from logs.
func (c *collector) logRecord(l auth0mgmt.Log) any {
	if c.opts.FullProfiles {
		return l
	}
	if l.UserName != "" {
		if at := strings.LastIndexByte(l.UserName, '@'); at >= 0 {
			if l.Extra == nil {
				l.Extra = auth0mgmt.Extra{}
			}
			dom, _ := json.Marshal(strings.ToLower(l.UserName[at+1:]))
			l.Extra["user_name_domain"] = dom
		}
		l.UserName = ""
	}
	if l.Extra != nil {
		delete(l.Extra, "user_name") // an explicit null or "" kept for the round trip
	}
	if l.LocationInfo != nil {
		loc := auth0mgmt.Object{}
		if cc, ok := l.LocationInfo["country_code"]; ok {
			loc["country_code"] = cc
		}
		l.LocationInfo = loc
	}
	return l
}

// invitation is the tree of an invitation; without FullProfiles the
// inviter's name is dropped and the invitee's email cut to its domain.
func (c *collector) invitation(inv auth0mgmt.OrganizationInvitation) (any, error) {
	t, err := treeOf(inv)
	if err != nil {
		return nil, err
	}
	m, ok := t.(map[string]any)
	if !ok || c.opts.FullProfiles {
		return t, nil
	}
	delete(m, "inviter")
	if inv.Invitee != nil {
		iv := map[string]any{}
		if at := strings.LastIndexByte(inv.Invitee.Email, '@'); at >= 0 {
			iv["email_domain"] = strings.ToLower(inv.Invitee.Email[at+1:])
		}
		m["invitee"] = iv
	}
	return m, nil
}

// ---- connections ----------------------------------------------------------

func (c *collector) connections(ctx context.Context) error {
	for conn, err := range c.api.Connections.All(ctx, nil) {
		if err != nil {
			return err
		}
		id := conn.ID
		// The deprecated enabled_clients member is replaced by the
		// authoritative listing (or left out when that fails).
		conn.EnabledClients = nil
		a, err := c.assemble(KindConnections, id, conn, 1)
		if err != nil {
			return err
		}
		delete(a.tree, "enabled_clients")
		a.part("clients", "enabled_clients", func(ctx context.Context) (any, error) {
			ids := []string{}
			for cc, err := range c.api.Connections.Clients(ctx, id, nil) {
				if err != nil {
					return nil, err
				}
				ids = append(ids, cc.ClientID)
			}
			slices.Sort(ids)
			return slices.Compact(ids), nil
		})
	}
	return nil
}

// ---- trigger bindings -----------------------------------------------------

func (c *collector) triggerBindings(ctx context.Context) error {
	trs, err := c.api.Actions.Triggers(ctx)
	if err != nil {
		return err
	}
	var ids []string
	for _, t := range trs {
		if t.ID != "" {
			ids = append(ids, t.ID)
		}
	}
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		c.sub(KindTriggerBindings, "bindings", id, func(ctx context.Context) error {
			bs := []auth0mgmt.ActionBinding{}
			for b, err := range c.api.Actions.Bindings(ctx, id, nil) {
				if err != nil {
					return err
				}
				bs = append(bs, b)
			}
			// Execution order, as the API lists them.
			c.put(KindTriggerBindings, id, TriggerRecord{TriggerID: id, Bindings: bs})
			return nil
		})
	}
	return nil
}
