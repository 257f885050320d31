package inventory

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/internal/httpx"
	"github.com/authlens/authlens/internal/suggest"
	"golang.org/x/sync/errgroup"
)

// ErrUnreadable is returned by Collect when the tenant cannot be read at
// all (see Collect); it wraps the cause.
var ErrUnreadable = errors.New("inventory: tenant cannot be read")

// ErrNoAnswer is returned by Collect when the tenant stopped answering for
// longer than Options.NoAnswerBudget: the scan was stopped.
var ErrNoAnswer = errors.New("inventory: the tenant stopped answering")

// Defaults of Options.
const (
	DefaultConcurrency    = 8
	DefaultLogWindow      = 24 * time.Hour
	DefaultMaxLogs        = 10000
	DefaultNoAnswerBudget = 3 * time.Minute
)

// Options shape a collection. The zero value reads every kind with the
// defaults.
type Options struct {
	// Concurrency bounds the requests in flight (0: default 8; negative
	// is refused). The client
	// paces them all under its one rate budget; more workers only help
	// while answers are slow.
	Concurrency int
	// Kinds limits the scan to these kinds (default: all of Kinds()).
	Kinds []Kind
	// FullProfiles keeps users' full profiles (identity provider tokens
	// still redacted) instead of their shapes, and invitations' inviter
	// and invitee as the API gives them.
	FullProfiles bool
	// UserPermissions reads each user's direct permissions (granted to
	// the user, not through a role; GET /users/{id}/permissions) into the
	// user's record as "permissions". Off by default: it costs a request
	// per user. Progress then gives the users' Total and an estimate of
	// the time Left.
	UserPermissions bool
	// Previous is the last snapshot of this tenant, if any: logs continue
	// from its checkpoint (Snapshot.LogCheckpoint) instead of the window,
	// so that consecutive scans together miss no event. A snapshot of
	// another tenant (Snapshot.Tenant) is not used.
	Previous *Snapshot
	// LogCheckpoint, when set, is the log_id to continue from (it
	// overrides Previous).
	LogCheckpoint string
	// LogWindow is how far back logs are read without a checkpoint
	// (0: default 24h; negative is refused); MaxLogs bounds how many are kept (default 10,000;
	// negative: none, the logs kind is skipped). Logs are read oldest
	// first, every one since the checkpoint or in the window (a request
	// per 100); past MaxLogs the oldest are let go, so the newest MaxLogs
	// are kept, and the kind is partial with a gap that says how many
	// older events were left out.
	LogWindow time.Duration
	MaxLogs   int
	// Tenant names the tenant in the snapshot (default the client's
	// domain, e.g. "https://tenant.eu.auth0.com").
	Tenant string
	// NoAnswerBudget bounds the time spent retrying a tenant that does
	// not answer (default 3 minutes; negative: no bound but the
	// context's): when no answer has come for that long and requests are
	// failing without one, the scan stops and Collect returns an error
	// wrapping ErrNoAnswer. Waits for the rate limit, however long, are
	// answers: they do not count.
	NoAnswerBudget time.Duration
	// Now is the clock the log window ends at (default time.Now).
	Now func() time.Time
	// RecordCollectedAt stores the collection time in the snapshot
	// (Snapshot.CollectedAt, written as "collected_at"). Off by default so
	// that two scans of an unchanged tenant give identical bytes.
	RecordCollectedAt bool
	// Progress, when set, is told how each kind advances: at its first
	// record, every 100 records, and once when it is done (Done true, with
	// its final Status). Calls are serialised (never two at once, even
	// though the kinds are read concurrently) and counts of a kind never
	// go down; Progress should return quickly. Per-user kinds report the
	// users done instead (see Progress.Total).
	Progress func(Progress)

	// UserAuthenticationMethods, UserSessions and UserRefreshTokens read,
	// for every user, the enrolled authentication methods, the sessions
	// and the refresh tokens (KindUserAuthenticationMethods,
	// KindUserSessions, KindUserRefreshTokens): one request per user and
	// kind, so they are off by default. Naming the kind in Kinds turns it
	// on too.
	UserAuthenticationMethods bool
	UserSessions              bool
	UserRefreshTokens         bool
}

// Progress reports how far a kind has got.
type Progress struct {
	Kind Kind
	// Count is the number of records read so far.
	Count int
	// Done is true on the kind's last report.
	Done bool
	// Status is the kind's final status (set when Done): one of the
	// snapshot's statuses, or StatusCancelled for a kind the scan stopped
	// before it was read.
	Status Status
	// Total is, for work done user by user (the per-user kinds, users
	// with Options.UserPermissions), the number of users to read (Count is
	// then the users done so far); 0 otherwise.
	Total int
	// Remaining estimates the time the users left will take at the pace
	// so far (0 when unknown).
	Remaining time.Duration
}

func (o Options) withDefaults() Options {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.LogWindow <= 0 {
		o.LogWindow = DefaultLogWindow
	}
	if o.MaxLogs == 0 {
		o.MaxLogs = DefaultMaxLogs
	}
	if o.NoAnswerBudget == 0 {
		o.NoAnswerBudget = DefaultNoAnswerBudget
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if len(o.Kinds) == 0 {
		o.Kinds = slices.DeleteFunc(Kinds(), Kind.PerUser)
	} else {
		o.Kinds = slices.Clone(o.Kinds)
	}
	o.Kinds = o.perUserWanted(o.Kinds)
	if o.MaxLogs < 0 {
		o.Kinds = slices.DeleteFunc(o.Kinds, func(k Kind) bool { return k == KindLogs })
	}
	return o
}

// Collect reads every kind of the tenant behind client (or those of
// opts.Kinds) concurrently, under the client's one rate budget, and
// returns the snapshot.
//
// Each kind carries its status. A kind the token's scopes do not allow is
// forbidden, a sub-listing that failed makes its kind partial (with the
// gap named), a kind that failed is error: the scan still succeeds and the
// snapshot says what it lacks.
//
// Collect returns an error (and no snapshot) only when ctx ends, when the
// tenant stopped answering for Options.NoAnswerBudget (an error wrapping
// ErrNoAnswer: the scan stopped), or when the tenant cannot be read at
// all: then the error wraps ErrUnreadable and the cause. When the scan
// stops early, Progress gets a final report for every kind not finished,
// with StatusCancelled (never ok for a kind that was not read).
// ErrUnreadable is the case when
//   - a request is answered 401 Unauthorized (the credentials or the token
//     are rejected: nothing can be read with them), or
//   - before anything was read, a request fails without an API answer (the
//     host cannot be reached, or answers something that is not the
//     Management API), or
//   - at the end, no kind was read at all (every kind forbidden or error).
//
// Collect does not modify client and shares nothing with other calls:
// several tenants can be collected at once, one client each.
func Collect(ctx context.Context, client *auth0mgmt.Client, opts Options) (*Snapshot, error) {
	if client == nil {
		return nil, errors.New("inventory: Collect needs a client; make one with auth0mgmt.New")
	}
	switch {
	case opts.Concurrency < 0:
		return nil, fmt.Errorf("inventory: Options.Concurrency is %d; give the number of requests in flight, or 0 for "+
			"DefaultConcurrency (%d)", opts.Concurrency, DefaultConcurrency)
	case opts.LogWindow < 0:
		return nil, fmt.Errorf("inventory: Options.LogWindow is %s; give how far back logs are read (e.g. 168*time.Hour "+
			"for a week), or 0 for DefaultLogWindow (%s); MaxLogs < 0 skips the logs", opts.LogWindow, DefaultLogWindow)
	}
	opts = opts.withDefaults()
	for _, k := range opts.Kinds {
		if !knownKind(k) {
			names := make([]string, 0, len(Kinds()))
			for _, kk := range Kinds() {
				names = append(names, string(kk))
			}
			return nil, fmt.Errorf("inventory: unknown kind %q in Options.Kinds; use the kinds inventory.Kinds() lists "+
				"(e.g. clients, users, connections)%s", k, suggest.DidYouMean(string(k), names))
		}
	}
	start := opts.Now()
	tenant := opts.Tenant
	if tenant == "" {
		tenant = client.Domain()
	}
	sctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	c := &collector{
		api:    client,
		opts:   opts,
		cancel: cancel,
		kinds:  map[Kind]*kstate{},
		prog:   map[Kind]int{},
	}
	c.logFrom = c.logStart(tenant)
	c.pool.cond = sync.NewCond(&c.pool.mu)
	for _, k := range opts.Kinds {
		c.kinds[k] = &kstate{records: map[string][]byte{}, gaps: map[gapKey]*Gap{}}
	}
	c.plan()
	g, gctx := errgroup.WithContext(sctx)
	// Workers waiting for tasks wake when the scan ends early. The hook is
	// on gctx, the context they check, so that they see it done.
	stop := context.AfterFunc(gctx, c.pool.wake)
	defer stop()
	for range opts.Concurrency {
		g.Go(func() error { c.pool.work(gctx); return nil })
	}
	stopWatch := c.watchAnswers(gctx, time.Now())
	_ = g.Wait()
	stopWatch()
	if err := context.Cause(sctx); err != nil {
		c.cancelled()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	snap := c.snapshot(tenant)
	if opts.RecordCollectedAt {
		snap.CollectedAt = start.UTC()
	}
	if err := unreadable(snap, opts.Kinds); err != nil {
		return nil, err
	}
	return snap, nil
}

// unreadable returns ErrUnreadable when no kind was read.
func unreadable(s *Snapshot, kinds []Kind) error {
	var first string
	for _, k := range kinds {
		r := s.Kinds[k]
		if r == nil {
			continue
		}
		if r.Status.Read() {
			return nil
		}
		if first == "" {
			first = string(k) + ": " + string(r.Status)
			if n := r.Note(); n != "" {
				first += " (" + n + ")"
			}
		}
	}
	return fmt.Errorf("%w: no kind could be read; first: %s", ErrUnreadable, first)
}

// collector is the state of one Collect call.
type collector struct {
	api    *auth0mgmt.Client
	opts   Options
	cancel context.CancelCauseFunc
	pool   pool
	anyOK  atomic.Bool

	mu    sync.Mutex
	kinds map[Kind]*kstate

	progMu sync.Mutex
	prog   map[Kind]int // last count reported

	// followers wait for a kind to be done (see after); guarded by mu.
	followers map[Kind][]func(error, []string)
	// logFrom is the checkpoint logs continue from ("": the window);
	// logNext the newest log id read (under mu).
	logFrom, logNext string
	// perms is the state of Options.UserPermissions (userperms.go).
	perms userPerms
}

// kstate is what is known of one kind while it is read.
type kstate struct {
	records map[string][]byte
	pending int // tasks not finished
	mainErr error
	gaps    map[gapKey]*Gap
	notConf bool
	done    bool
	status  Status
	// stopped: a task ended because the scan stopped.
	stopped bool
}

type gapKey struct{ part, err string }

// task is a unit of work of the pool.
type task func(ctx context.Context)

// pool runs tasks on a bounded number of workers; tasks may add tasks.
type pool struct {
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []task
	pending int // queued or running
}

func (p *pool) push(t task) {
	p.mu.Lock()
	p.queue = append(p.queue, t)
	p.pending++
	p.mu.Unlock()
	p.cond.Signal()
}

func (p *pool) wake() {
	p.mu.Lock()
	p.cond.Broadcast()
	p.mu.Unlock()
}

// work runs tasks until none is left or ctx ends.
func (p *pool) work(ctx context.Context) {
	for {
		p.mu.Lock()
		for len(p.queue) == 0 && p.pending > 0 && ctx.Err() == nil {
			p.cond.Wait()
		}
		if ctx.Err() != nil || len(p.queue) == 0 {
			p.mu.Unlock()
			return
		}
		t := p.queue[0]
		p.queue[0] = nil
		p.queue = p.queue[1:]
		p.mu.Unlock()
		t(ctx)
		p.mu.Lock()
		p.pending--
		last := p.pending == 0
		p.mu.Unlock()
		if last {
			p.cond.Broadcast()
		}
	}
}

func (c *collector) wants(k Kind) bool { _, ok := c.kinds[k]; return ok }

// start queues the main task of kind k.
func (c *collector) start(k Kind, f func(ctx context.Context) error) {
	if !c.wants(k) {
		return
	}
	c.mu.Lock()
	c.kinds[k].pending++
	c.mu.Unlock()
	c.pool.push(c.mainTask(k, f))
}

// mainTask is the task that runs the main part of kind k.
func (c *collector) mainTask(k Kind, f func(ctx context.Context) error) task {
	return func(ctx context.Context) {
		err := f(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			c.check(err)
			c.mu.Lock()
			if c.kinds[k].mainErr == nil {
				c.kinds[k].mainErr = err
			}
			c.mu.Unlock()
		case err == nil:
			c.anyOK.Store(true)
		default:
			c.stopped(k)
		}
		c.finish(k)
	}
}

// sub queues a task that reads part of record id of kind k; its failure is
// a gap (the record stays, without that part).
func (c *collector) sub(k Kind, part, id string, f func(ctx context.Context) error) {
	c.mu.Lock()
	c.kinds[k].pending++
	c.mu.Unlock()
	c.pool.push(func(ctx context.Context) {
		if err := f(ctx); err != nil {
			if ctx.Err() == nil {
				c.check(err)
				c.gap(k, part, id, err)
			} else {
				c.stopped(k)
			}
		} else {
			c.anyOK.Store(true)
		}
		c.finish(k)
	})
}

// check cancels the scan when err means that the tenant cannot be read:
// credentials rejected, or no answer at all (no token, unreachable host)
// before anything was read. An answer of the wrong shape only fails its
// kind.
func (c *collector) check(err error) {
	var ae *auth0mgmt.APIError
	var te *httpx.TransportError
	noAnswer := errors.As(err, &te) || (errors.Is(err, auth0mgmt.ErrToken) && !errors.As(err, &ae))
	switch {
	case errors.Is(err, auth0mgmt.ErrUnauthorized):
		c.cancel(fmt.Errorf("%w: %w", ErrUnreadable, err))
	case noAnswer && !c.anyOK.Load():
		c.cancel(fmt.Errorf("%w: %w", ErrUnreadable, err))
	}
}

// gap records a missing part.
func (c *collector) gap(k Kind, part, id string, err error) {
	st, scopes, msg := classify(k, err)
	if id != "" {
		// One gap for the same failure of many records: the record's id
		// in the request path becomes {id}.
		esc := url.PathEscape(id)
		msg = strings.ReplaceAll(msg, "/"+esc+"/", "/{id}/")
		if strings.HasSuffix(msg, "/"+esc) {
			msg = strings.TrimSuffix(msg, esc) + "{id}"
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ks := c.kinds[k]
	key := gapKey{part, msg}
	g := ks.gaps[key]
	if g == nil {
		g = &Gap{Part: part, Status: st, MissingScopes: scopes, Error: msg}
		ks.gaps[key] = g
	}
	if id != "" {
		g.IDs = append(g.IDs, id)
	}
}

// notConfigured marks kind k as set up with nothing.
func (c *collector) notConfigured(k Kind) {
	c.mu.Lock()
	c.kinds[k].notConf = true
	c.mu.Unlock()
}

// finish ends one task of kind k; the last one settles the kind's status.
func (c *collector) finish(k Kind) {
	c.mu.Lock()
	ks := c.kinds[k]
	ks.pending--
	if ks.pending > 0 || ks.done {
		c.mu.Unlock()
		return
	}
	ks.done = true
	ks.status = ks.settle(k)
	n, st := len(ks.records), ks.status
	c.mu.Unlock()
	c.report(k, n, true, st)
	c.runFollowers(k)
}

// settle decides the status of a finished kind.
func (ks *kstate) settle(k Kind) Status {
	if ks.stopped && ks.mainErr == nil {
		return StatusCancelled
	}
	if ks.mainErr != nil {
		st, _, _ := classify(k, ks.mainErr)
		return st
	}
	if len(ks.gaps) > 0 {
		if len(ks.records) > 0 {
			return StatusPartial
		}
		// Every part failed (fan-out singletons): say how.
		st := Status("")
		for _, g := range ks.gaps {
			if st == "" {
				st = g.Status
			} else if st != g.Status {
				st = StatusError
			}
		}
		return st
	}
	if ks.notConf && len(ks.records) == 0 {
		return StatusNotConfigured
	}
	return StatusOK
}

// put stores the record tree of kind k under id, canonical and redacted.
func (c *collector) put(k Kind, id string, tree any) {
	c.store(k, id, canonical(tree, true))
}

// store stores canonical record bytes.
func (c *collector) store(k Kind, id string, b []byte) {
	c.anyOK.Store(true)
	c.mu.Lock()
	ks := c.kinds[k]
	ks.records[id] = b
	n := len(ks.records)
	c.mu.Unlock()
	if n == 1 || n%100 == 0 {
		c.report(k, n, false, "")
	}
}

// report calls Progress, serialised, never with a smaller count than
// before nor after the kind's final report.
func (c *collector) report(k Kind, n int, done bool, st Status) {
	if c.opts.Progress == nil || (!done && k.PerUser()) {
		return // per-user kinds report users, not records (reportUsers)
	}
	c.progMu.Lock()
	defer c.progMu.Unlock()
	last, seen := c.prog[k]
	if last < 0 || (!done && seen && n <= last) {
		return
	}
	if done {
		c.prog[k] = -1
	} else {
		c.prog[k] = n
	}
	p := Progress{Kind: k, Count: n, Done: done, Status: st}
	if k == KindUsers && !done {
		p.Total, p.Remaining = c.permsProgress()
	}
	c.opts.Progress(p)
}

// snapshot assembles the result.
func (c *collector) snapshot(tenant string) *Snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := &Snapshot{
		Version: FormatVersion,
		Tenant:  tenant,
		Scan: ScanSettings{
			FullProfiles: c.opts.FullProfiles,
			LogWindow:    c.opts.LogWindow.String(),
			MaxLogs:      max(c.opts.MaxLogs, 0),
			ClientID:     c.api.ClientID(),
		},
		Kinds: map[Kind]*KindResult{},
	}
	if c.wants(KindLogs) {
		s.Scan.LogsFrom = c.logFrom
		s.Scan.LogCheckpoint = cmp.Or(c.logNext, c.logFrom)
	} else if p := c.opts.Previous; p != nil && p.Tenant == tenant {
		// Logs not read this time: the next scan continues where the
		// last one that read them stopped.
		s.Scan.LogCheckpoint = p.LogCheckpoint()
	} else {
		s.Scan.LogCheckpoint = c.opts.LogCheckpoint
	}
	for k, ks := range c.kinds {
		r := &KindResult{Status: ks.status, Count: len(ks.records), Records: make(map[string]json.RawMessage, len(ks.records))}
		for id, b := range ks.records {
			r.Records[id] = b
		}
		scopes := map[string]bool{}
		if ks.mainErr != nil {
			_, sc, msg := classify(k, ks.mainErr)
			for _, s := range sc {
				scopes[s] = true
			}
			if ks.status == StatusError || ks.status == StatusUnavailable || (ks.status == StatusForbidden && len(sc) == 0) {
				r.Error = msg
			}
		}
		for _, g := range ks.gaps {
			gg := *g
			slices.Sort(gg.IDs)
			gg.IDs = slices.Compact(gg.IDs)
			for _, s := range gg.MissingScopes {
				scopes[s] = true
			}
			r.Gaps = append(r.Gaps, gg)
		}
		slices.SortFunc(r.Gaps, func(a, b Gap) int {
			if c := strings.Compare(a.Part, b.Part); c != 0 {
				return c
			}
			return strings.Compare(a.Error, b.Error)
		})
		if r.Status == StatusError && r.Error == "" && len(r.Gaps) > 0 {
			r.Error = r.Gaps[0].Error
		}
		for s := range scopes {
			r.MissingScopes = append(r.MissingScopes, s)
		}
		slices.Sort(r.MissingScopes)
		s.Kinds[k] = r
	}
	return s
}

// classify turns a failure into a status, the missing scopes and a
// message without request ids or credentials.
func classify(k Kind, err error) (Status, []string, string) {
	msg := errText(err)
	var ae *auth0mgmt.APIError
	if !errors.As(err, &ae) {
		return StatusError, nil, msg
	}
	eol := k == KindRules || k == KindRulesConfigs || k == KindHooks || k == KindHookSecrets || optionalFeature(k)
	switch {
	case ae.Is(auth0mgmt.ErrInsufficientScope):
		return StatusForbidden, slices.Clone(ae.MissingScopes), msg
	case eol && (ae.StatusCode == 403 || ae.StatusCode == 404):
		return StatusUnavailable, nil, msg
	case ae.StatusCode == 403:
		return StatusForbidden, nil, msg
	case ae.StatusCode == 404 && k == KindEmailProvider:
		return StatusNotConfigured, nil, msg
	}
	return StatusError, nil, msg
}

// errText is err's message without the request id (which differs on every
// call and would make two scans differ).
func errText(err error) string {
	var ae *auth0mgmt.APIError
	if errors.As(err, &ae) {
		var b strings.Builder
		if ae.Method != "" {
			b.WriteString(ae.Method + " " + ae.Path + ": ")
		}
		fmt.Fprintf(&b, "%d", ae.StatusCode)
		if ae.ErrorCode != "" {
			b.WriteString(" " + ae.ErrorCode)
		} else if ae.Err != "" {
			b.WriteString(" " + ae.Err)
		}
		if ae.Message != "" {
			b.WriteString(": " + ae.Message)
		}
		return b.String()
	}
	return err.Error()
}
