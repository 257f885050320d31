package inventory

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
)

// userPerms is the state of Options.UserPermissions: a request per user.
type userPerms struct {
	mu      sync.Mutex
	queued  map[string]bool // users whose permissions were asked for
	done    int             // answered (or failed)
	total   int             // users the tenant holds (0: unknown)
	started time.Time       // the first request
}

// userRecord stores user u's record (tree, canonical and redacted when
// redact), after reading its direct permissions when
// Options.UserPermissions asks for them.
func (c *collector) userRecord(id string, tree any, redact bool) {
	if !c.opts.UserPermissions {
		c.store(KindUsers, id, canonical(tree, redact))
		return
	}
	p := &c.perms
	p.mu.Lock()
	if p.queued == nil {
		p.queued = map[string]bool{}
	}
	if p.queued[id] {
		p.mu.Unlock()
		return // listed again after a retry: on its way already
	}
	p.queued[id] = true
	p.mu.Unlock()
	c.sub(KindUsers, "permissions", id, func(ctx context.Context) error {
		p.mu.Lock()
		if p.started.IsZero() {
			p.started = time.Now()
		}
		p.mu.Unlock()
		ps, err := c.directPermissions(ctx, id)
		p.mu.Lock()
		p.done++
		p.mu.Unlock()
		if m, ok := tree.(map[string]any); ok && err == nil {
			m["permissions"] = ps
		}
		if ctx.Err() == nil {
			// Without its permissions when they could not be read (the
			// kind's gap names the user).
			c.store(KindUsers, id, canonical(tree, redact))
		}
		return err
	})
}

// directPermissions lists the permissions user id holds directly, not
// through a role (GET /users/{id}/permissions, sources of type DIRECT),
// sorted by API and name, without their sources.
func (c *collector) directPermissions(ctx context.Context, id string) ([]auth0mgmt.Permission, error) {
	out := []auth0mgmt.Permission{}
	for p, err := range c.api.Users.Permissions(ctx, id, nil) {
		if err != nil {
			return nil, err
		}
		direct := len(p.Sources) == 0 // an answer without sources: all direct
		for _, s := range p.Sources {
			if s.SourceType == "DIRECT" {
				direct = true
			}
		}
		if direct {
			p.Sources = nil
			out = append(out, p)
		}
	}
	sortBy(out, func(p auth0mgmt.Permission) string {
		return p.ResourceServerIdentifier + "\x00" + p.PermissionName
	})
	return slices.CompactFunc(out, func(a, b auth0mgmt.Permission) bool {
		return a.ResourceServerIdentifier == b.ResourceServerIdentifier && a.PermissionName == b.PermissionName
	}), nil
}

// countUsers learns how many users the tenant holds, for the estimate of
// the time left (one request; a failure leaves it unknown).
func (c *collector) countUsers(ctx context.Context) {
	if !c.opts.UserPermissions {
		return
	}
	if n, err := c.api.Users.Count(ctx, nil); err == nil {
		c.perms.mu.Lock()
		c.perms.total = n
		c.perms.mu.Unlock()
	}
}

// permsProgress is the users' expected count and an estimate of the time
// their permissions still take (0 while unknown), from the rate of the
// answers so far.
func (c *collector) permsProgress() (total int, left time.Duration) {
	if !c.opts.UserPermissions {
		return 0, 0
	}
	p := &c.perms
	p.mu.Lock()
	defer p.mu.Unlock()
	total = max(p.total, len(p.queued))
	if p.done == 0 || p.started.IsZero() {
		return total, 0
	}
	rate := float64(p.done) / time.Since(p.started).Seconds()
	if rate <= 0 {
		return total, 0
	}
	return total, time.Duration(float64(total-p.done) / rate * float64(time.Second))
}
