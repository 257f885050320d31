package inventory

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
)

// Per-user kinds: one listing per user (authentication methods, sessions,
// refresh tokens). They are off by default (Options.UserAuthenticationMethods,
// UserSessions, UserRefreshTokens, or the kind named in Options.Kinds):
// a tenant of N users costs N requests per kind, paced by the rate limit.
// They start when the users kind is done, on its user ids (or, without
// it, on a projected listing of their own); Progress reports them with
// the users done, the users in all and an estimate of the time left.

// UserAuthenticationMethodsRecord lists the authentication methods a
// user enrolled. Without Options.FullProfiles the (masked) email
// addresses and phone numbers are left out.
type UserAuthenticationMethodsRecord struct {
	UserID                string                           `json:"user_id"`
	AuthenticationMethods []auth0mgmt.AuthenticationMethod `json:"authentication_methods"`
}

// UserSessionsRecord lists a user's sessions (devices with their IP
// addresses and user agents, applications, authentication methods).
type UserSessionsRecord struct {
	UserID   string              `json:"user_id"`
	Sessions []auth0mgmt.Session `json:"sessions"`
}

// UserRefreshTokensRecord lists a user's refresh tokens (application,
// APIs, scopes, rotation, expiry; never a token).
type UserRefreshTokensRecord struct {
	UserID        string                   `json:"user_id"`
	RefreshTokens []auth0mgmt.RefreshToken `json:"refresh_tokens"`
}

// perUserKinds are the per-user kinds.
var perUserKinds = []Kind{KindUserAuthenticationMethods, KindUserSessions, KindUserRefreshTokens}

// PerUser reports whether k is read with one request per user.
func (k Kind) PerUser() bool { return slices.Contains(perUserKinds, k) }

// perUserWanted adds to kinds the per-user kinds the options ask for.
func (o Options) perUserWanted(kinds []Kind) []Kind {
	for k, on := range map[Kind]bool{KindUserAuthenticationMethods: o.UserAuthenticationMethods,
		KindUserSessions: o.UserSessions, KindUserRefreshTokens: o.UserRefreshTokens} {
		if on && !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	slices.SortStableFunc(kinds, func(a, b Kind) int { return slices.Index(Kinds(), a) - slices.Index(Kinds(), b) })
	return kinds
}

// perUserRead reads one user's part of a per-user kind: the record to
// store, nil when the user has nothing.
type perUserRead func(ctx context.Context, userID string) (any, error)

func (c *collector) planPerUser() {
	users := c.api.Users
	c.perUser(KindUserAuthenticationMethods, "authentication_methods", func(ctx context.Context, id string) (any, error) {
		ms, err := all(users.AuthenticationMethods(ctx, id, nil))
		if err != nil || len(ms) == 0 {
			return nil, err
		}
		if !c.opts.FullProfiles {
			for i := range ms {
				ms[i].Email, ms[i].PhoneNumber = "", ""
			}
		}
		sortBy(ms, func(m auth0mgmt.AuthenticationMethod) string { return m.ID })
		return UserAuthenticationMethodsRecord{UserID: id, AuthenticationMethods: ms}, nil
	})
	c.perUser(KindUserSessions, "sessions", func(ctx context.Context, id string) (any, error) {
		ss, err := all(users.Sessions(ctx, id, nil))
		if err != nil || len(ss) == 0 {
			return nil, err
		}
		sortBy(ss, func(s auth0mgmt.Session) string { return s.ID })
		return UserSessionsRecord{UserID: id, Sessions: ss}, nil
	})
	c.perUser(KindUserRefreshTokens, "refresh_tokens", func(ctx context.Context, id string) (any, error) {
		ts, err := all(users.RefreshTokens(ctx, id, nil))
		if err != nil || len(ts) == 0 {
			return nil, err
		}
		sortBy(ts, func(t auth0mgmt.RefreshToken) string { return t.ID })
		return UserRefreshTokensRecord{UserID: id, RefreshTokens: ts}, nil
	})
}

func all[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// perUser plans per-user kind k: after the users kind (when it is read
// in the same scan), else on a listing of the user ids.
func (c *collector) perUser(k Kind, part string, read perUserRead) {
	c.startAfter(KindUsers, k, func(ctx context.Context, read0 bool, usersErr error, ids []string) error {
		if !read0 {
			for u, err := range c.api.Users.All(ctx, &auth0mgmt.ListOptions{Fields: []string{"user_id"}}) {
				if err != nil {
					return err
				}
				ids = append(ids, u.UserID)
			}
			slices.Sort(ids)
			ids = slices.Compact(ids)
		} else if usersErr != nil {
			return fmt.Errorf("the users could not be listed: %w", usersErr)
		}
		c.readPerUser(ctx, k, part, ids, read)
		return nil
	})
}

// startAfter queues the main task of kind k to run when kind dep is done,
// if the scan reads dep: f then gets depRead true, dep's failure (nil
// unless its main task failed) and its record ids, sorted. Otherwise f
// runs at once with depRead false.
func (c *collector) startAfter(dep, k Kind, f func(ctx context.Context, depRead bool, depErr error, ids []string) error) {
	if !c.wants(k) {
		return
	}
	if !c.wants(dep) {
		c.start(k, func(ctx context.Context) error { return f(ctx, false, nil, nil) })
		return
	}
	c.mu.Lock()
	c.kinds[k].pending++ // held until dep is done
	c.mu.Unlock()
	c.after(dep, func(depErr error, ids []string) {
		c.mu.Lock()
		c.kinds[k].pending++ // the main task's
		c.mu.Unlock()
		c.pool.push(c.mainTask(k, func(ctx context.Context) error { return f(ctx, true, depErr, ids) }))
		c.finish(k) // the hold
	})
}

// record returns the stored record of kind k with this id.
func (c *collector) record(k Kind, id string) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.kinds[k].records[id]
}

// after runs f when kind dep is done, with dep's failure (nil unless its
// main task failed) and its record ids, sorted.
func (c *collector) after(dep Kind, f func(err error, ids []string)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.followers == nil {
		c.followers = map[Kind][]func(error, []string){}
	}
	c.followers[dep] = append(c.followers[dep], f)
}

// runFollowers starts what waits for kind k (called once, when k is
// done).
func (c *collector) runFollowers(k Kind) {
	c.mu.Lock()
	fs := c.followers[k]
	delete(c.followers, k)
	var err error
	var ids []string
	if len(fs) > 0 {
		ks := c.kinds[k]
		err = ks.mainErr
		ids = make([]string, 0, len(ks.records))
		for id := range ks.records {
			ids = append(ids, id)
		}
	}
	c.mu.Unlock()
	slices.Sort(ids)
	for _, f := range fs {
		f(err, ids)
	}
}

// perUserRun is the progress of one per-user kind.
type perUserRun struct {
	total int
	start time.Time
	done  atomic.Int64
	// stop is set by the first answer that will be the same for every
	// user (a missing scope, a feature the tenant lacks): the remaining
	// users are not asked.
	stop     atomic.Bool
	stopOnce sync.Once
}

// readPerUser queues one read per user.
func (c *collector) readPerUser(ctx context.Context, k Kind, part string, ids []string, read perUserRead) {
	r := &perUserRun{total: len(ids), start: time.Now()}
	c.reportUsers(k, r)
	for _, id := range ids {
		c.sub(k, part, id, func(ctx context.Context) error {
			if r.stop.Load() {
				return nil
			}
			v, err := read(ctx, id)
			switch {
			case err == nil:
				if v != nil {
					c.put(k, id, v)
				}
			case errors.Is(err, auth0mgmt.ErrNotFound):
				// the user was deleted since the listing
			case stopsAll(err):
				r.stopOnce.Do(func() {
					r.stop.Store(true)
					c.mu.Lock()
					if c.kinds[k].mainErr == nil {
						c.kinds[k].mainErr = err
					}
					clear(c.kinds[k].records) // a forbidden kind holds none
					c.mu.Unlock()
				})
			default:
				return err
			}
			if n := r.done.Add(1); n%100 == 0 || int(n) == r.total {
				c.reportUsers(k, r)
			}
			return nil
		})
	}
}

// stopsAll reports whether err would be the answer for every user: a 403
// (a missing scope, a feature the tenant lacks). A 401 is not swallowed:
// it ends the scan (see Collect).
func stopsAll(err error) bool {
	var ae *auth0mgmt.APIError
	return errors.As(err, &ae) && ae.StatusCode == http.StatusForbidden
}

// reportUsers tells Progress how many users of a per-user kind are done,
// of how many, and about how long the rest will take at the pace so far.
func (c *collector) reportUsers(k Kind, r *perUserRun) {
	if c.opts.Progress == nil {
		return
	}
	n := int(r.done.Load())
	var left time.Duration
	if n > 0 && n < r.total {
		left = time.Since(r.start) / time.Duration(n) * time.Duration(r.total-n)
		left = left.Round(time.Second)
	}
	c.progMu.Lock()
	defer c.progMu.Unlock()
	if last, seen := c.prog[k]; last < 0 || (seen && n <= last && n > 0) {
		return
	}
	c.prog[k] = n
	c.opts.Progress(Progress{Kind: k, Count: n, Total: r.total, Remaining: left})
}

// mustRaw encodes v, which cannot fail for the values given.
func mustRaw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
