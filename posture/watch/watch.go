package watch

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/alerts"
)

// Defaults of a Watcher.
const (
	DefaultKeep       = 10
	DefaultMaxPending = 10000
)

// ErrConfig is returned by Run for a Watcher it cannot run.
var ErrConfig = errors.New("watch: invalid configuration")

// Clock is the time a Watcher reads and waits on.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx ends: then it returns ctx.Err().
	Sleep(ctx context.Context, d time.Duration) error
}

// realClock is time.Now and a timer. Under testing/synctest both run on
// the bubble's fake clock.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Watcher scans a tenant on a schedule, judges each scan, compares it
// with the previous one and delivers the alerts. Set its fields, then call
// Run; Run copies them, so a Watcher may be reused but not changed while
// it runs.
type Watcher struct {
	// Scan reads the tenant (typically inventory.Collect). An error is
	// reported and the scan retried at the next tick: a failed scan is
	// never compared.
	Scan func(ctx context.Context) (*inventory.Snapshot, error)
	// ScanSince, when set, is used instead of Scan and is given the last
	// snapshot kept (nil before the first, and after a restart the last
	// one of StateDir), so that a scan can continue from it: pass it as
	// inventory.Options.Previous and logs are read from its checkpoint,
	// none missed between ticks however long they are apart.
	ScanSince func(ctx context.Context, last *inventory.Snapshot) (*inventory.Snapshot, error)
	// Judge are the posture options each scan is judged with; NoJudge
	// skips judging (then only the rules over the diff raise alerts).
	Judge   posture.Options
	NoJudge bool
	// Alerts are the options of alerts.Alerts (Now is the Watcher's
	// clock).
	Alerts alerts.Options
	// StateDir keeps the last Keep snapshots (default 10), the kinds the
	// last scan could not read as last read, and the alerts not yet
	// delivered; created (0700) when missing. One Watcher per directory:
	// Run locks it (see LockFile), and a second Run on it fails with
	// ErrStateLocked.
	StateDir string
	Keep     int
	// Interval is the pause between the end of a tick and the start of
	// the next, plus a random jitter in [0, Jitter] (default Interval/10;
	// negative: none), so that watchers started together drift apart.
	Interval time.Duration
	Jitter   time.Duration
	// Sinks receive the alerts, in order; an alert a sink could not take
	// is kept in StateDir and sent again at the next tick, before the new
	// ones. At most MaxPending alerts wait per sink (default 10,000): past
	// that the oldest are dropped, and an event says so.
	Sinks      []alerts.Sink
	MaxPending int
	// Clock is the time (default: time.Now and timers).
	Clock Clock
	// Requests, when set, counts the requests made so far (the tick
	// reports the difference).
	Requests func() int64
	// OnEvent receives the events, on Run's goroutine; it should return
	// quickly.
	OnEvent func(Event)
	// MaxTicks stops Run after that many ticks (0: until ctx ends).
	MaxTicks int
}

// Run watches until ctx ends (it returns ctx's error) or MaxTicks ticks
// have run (nil). Each tick scans; on a scan error reports it and keeps
// the previous snapshot; judges; compares with the last snapshot of
// StateDir (none: the scan is the baseline, summarised by an event, no
// alerts); delivers the alerts and those earlier ticks could not deliver;
// keeps the new snapshot (written atomically) and prunes the old ones;
// then sleeps. When ctx ends, Run returns between steps: every file in
// StateDir is whole (old or new), and alerts of a tick whose snapshot
// was not kept are raised again by the next run.
//
// Run holds an exclusive lock on StateDir (its LockFile) from start to
// return. It returns an error wrapping ErrConfig for a Watcher without
// Scan, StateDir or a positive Interval, or with two sinks of one name; a
// *LockedError (errors.Is ErrStateLocked) at once, without waiting, when
// another Watcher runs on StateDir; and an error when StateDir cannot be
// created, locked or read.
func (w *Watcher) Run(ctx context.Context) error {
	r, err := w.start()
	if err != nil {
		return err
	}
	defer r.unlock()
	r.emit(Event{Kind: EventStarted, Tick: r.n, Time: r.clock.Now()})
	for {
		if err := r.tick(ctx); err != nil {
			r.emit(Event{Kind: EventStopped, Tick: r.n, Time: r.clock.Now(), Err: err})
			return err
		}
		if r.cfg.MaxTicks > 0 && r.n >= r.cfg.MaxTicks {
			return nil
		}
		if err := r.clock.Sleep(ctx, r.wait()); err != nil {
			r.emit(Event{Kind: EventStopped, Tick: r.n, Time: r.clock.Now(), Err: err})
			return err
		}
	}
}

// run is the state of one Run.
type run struct {
	cfg     Watcher
	clock   Clock
	st      *state
	lock    *stateLock // on StateDir, held until Run returns
	n       int
	prev    *inventory.Snapshot // the last scan kept
	prevRes *posture.Result     // its judgement (nil: not judged yet)
	// carried holds, for the kinds the last scan could not read, the
	// result of the last scan that did.
	carried map[inventory.Kind]*inventory.KindResult
}

func (w *Watcher) start() (*run, error) {
	cfg := *w
	cfg.Sinks = slices.Clone(w.Sinks)
	switch {
	case cfg.Scan == nil && cfg.ScanSince == nil:
		return nil, fmt.Errorf("%w: Watcher.Scan (or ScanSince) is required; set it to the function that reads the tenant, "+
			"typically one calling inventory.Collect", ErrConfig)
	case cfg.StateDir == "":
		return nil, fmt.Errorf("%w: Watcher.StateDir is required; give a directory of its own for the watcher's "+
			"snapshots and undelivered alerts (created when missing)", ErrConfig)
	case cfg.Interval <= 0:
		return nil, fmt.Errorf("%w: Watcher.Interval must be positive; set the pause between scans, e.g. 15*time.Minute", ErrConfig)
	}
	names := map[string]bool{}
	for i, s := range cfg.Sinks {
		switch {
		case s == nil:
			return nil, fmt.Errorf("%w: Watcher.Sinks[%d] is nil; remove it or give a sink (alerts.NewWebhook, NewSlack, NewJSONLines)", ErrConfig, i)
		case names[s.Name()]:
			return nil, fmt.Errorf("%w: Watcher.Sinks[%d] has the name %q of an earlier sink; sinks need distinct names "+
				"(their undelivered alerts are kept by name): give them different URLs or names", ErrConfig, i, s.Name())
		}
		names[s.Name()] = true
	}
	if cfg.Keep <= 0 {
		cfg.Keep = DefaultKeep
	}
	if cfg.MaxPending <= 0 {
		cfg.MaxPending = DefaultMaxPending
	}
	if cfg.Jitter == 0 {
		cfg.Jitter = cfg.Interval / 10
	}
	r := &run{cfg: cfg, clock: cfg.Clock}
	var err error
	if r.clock == nil {
		r.clock = realClock{}
	}
	// The lock first: nothing of the directory is read, cleaned or
	// written before this Run is its only user.
	if r.lock, err = lockState(cfg.StateDir, r.clock.Now()); err != nil {
		return nil, err
	}
	// Released here unless Run gets the run (and defers the release):
	// also when reading the state fails, or OnEvent panics below.
	started := false
	defer func() {
		if !started {
			r.unlock()
		}
	}()
	st, warnings, err := openState(cfg.StateDir)
	if err != nil {
		return nil, err
	}
	r.st = st
	for _, e := range warnings {
		r.emit(Event{Kind: EventStateError, Time: r.clock.Now(), Err: e})
	}
	r.prev, r.carried = st.last, st.carried
	for sink, n := range st.orphans(names) {
		r.emit(Event{Kind: EventDeliveryFailed, Time: r.clock.Now(), Sink: sink, Pending: n,
			Err: fmt.Errorf("%d undelivered alert(s) for a sink no longer configured: kept in %s", n, pendingFile)})
	}
	started = true
	return r, nil
}

// unlock releases the state directory (a failure, which leaves the lock
// to the end of the process, is reported).
func (r *run) unlock() {
	if err := r.lock.unlock(); err != nil {
		r.emit(Event{Kind: EventStateError, Tick: r.n, Time: r.clock.Now(), Err: err})
	}
	r.lock = nil
}

func (r *run) emit(e Event) {
	if r.cfg.OnEvent != nil {
		r.cfg.OnEvent(e)
	}
}

// wait is the interval plus jitter.
func (r *run) wait() time.Duration {
	d := r.cfg.Interval
	if r.cfg.Jitter > 0 {
		d += rand.N(r.cfg.Jitter + 1)
	}
	return d
}

func (r *run) requests() int64 {
	if r.cfg.Requests == nil {
		return -1
	}
	return r.cfg.Requests()
}

// tick runs one scan, judgement, comparison and delivery. It returns an
// error only when ctx ended.
func (r *run) tick(ctx context.Context) error {
	r.n++
	start := r.clock.Now()
	req0 := r.requests()
	ev := Event{Tick: r.n, Time: start, Requests: -1}
	done := func() {
		ev.Duration = r.clock.Now().Sub(start)
		if req0 >= 0 {
			ev.Requests = r.requests() - req0
		}
		ev.Pending = r.st.pendingCount()
		r.emit(ev)
	}

	var snap *inventory.Snapshot
	var err error
	if r.cfg.ScanSince != nil {
		snap, err = r.cfg.ScanSince(ctx, r.prev)
	} else {
		snap, err = r.cfg.Scan(ctx)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err == nil && snap == nil {
		err = errors.New("the scan returned no snapshot")
	}
	if err != nil {
		ev.Kind, ev.Err = EventScanFailed, err
		ev.Delivered = r.deliver(ctx)
		done()
		return ctx.Err()
	}

	var res *posture.Result
	if !r.cfg.NoJudge {
		if res, err = posture.Run(ctx, snap, r.cfg.Judge); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r.emit(Event{Kind: EventJudgeFailed, Tick: r.n, Time: r.clock.Now(), Err: err})
			res = nil
		}
		if r.prev != nil && r.prevRes == nil && res != nil {
			// The first tick after a restart: judge the kept snapshot.
			if r.prevRes, err = posture.Run(ctx, r.prev, r.cfg.Judge); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				r.prevRes = nil
			}
		}
	}
	ev.Kinds, ev.Findings = summarize(snap, res)

	var found []alerts.Alert
	if r.prev == nil {
		ev.Kind = EventBaseline
	} else {
		ev.Kind = EventTick
		opts := r.cfg.Alerts
		opts.Now = r.clock.Now
		oldRes := r.prevRes
		if res == nil {
			oldRes = nil
		}
		found = alerts.Alerts(r.base(snap), snap, oldRes, res, opts)
		ev.Alerts, ev.BySeverity = found, bySeverity(found)
	}
	if err := ctx.Err(); err != nil {
		return err // nothing written: the next run raises the same alerts
	}

	// Keep the alerts before the snapshot: a crash in between raises
	// them again (same keys), never loses them.
	for _, e := range r.st.enqueue(r.cfg.Sinks, found, r.cfg.MaxPending) {
		r.emit(Event{Kind: EventDeliveryFailed, Tick: r.n, Time: r.clock.Now(), Sink: e.sink, Err: e.err})
	}
	if err := r.st.savePending(); err != nil {
		r.emit(Event{Kind: EventStateError, Tick: r.n, Time: r.clock.Now(), Err: err})
	}
	carried := nextCarried(r.prev, r.carried, snap)
	path, err := r.st.saveSnapshot(snap, carried, r.clock.Now(), r.cfg.Keep)
	if err != nil {
		r.emit(Event{Kind: EventStateError, Tick: r.n, Time: r.clock.Now(), Err: err})
	}
	ev.Snapshot = path
	r.prev, r.prevRes, r.carried = snap, res, carried
	if err := ctx.Err(); err != nil {
		return err
	}
	ev.Delivered = r.deliver(ctx)
	done()
	return ctx.Err()
}

// base is what a scan is compared with: the last scan, except that a kind
// it could not read and this scan reads again is compared with its last
// read, so that what changed while the scanner was blind raises alerts.
func (r *run) base(scan *inventory.Snapshot) *inventory.Snapshot {
	if len(r.carried) == 0 {
		return r.prev
	}
	old := *r.prev
	old.Kinds = make(map[inventory.Kind]*inventory.KindResult, len(r.prev.Kinds))
	for k, v := range r.prev.Kinds {
		old.Kinds[k] = v
	}
	for k, v := range r.carried {
		if n := scan.Kind(k); n != nil && n.Status.Read() {
			old.Kinds[k] = v
		}
	}
	return &old
}

// nextCarried is the carried kinds after scan: each kind it did not read,
// as last read.
func nextCarried(prev *inventory.Snapshot, carried map[inventory.Kind]*inventory.KindResult, scan *inventory.Snapshot) map[inventory.Kind]*inventory.KindResult {
	out := map[inventory.Kind]*inventory.KindResult{}
	consider := func(k inventory.Kind) {
		if n := scan.Kind(k); n != nil && n.Status.Read() {
			return
		}
		if c, ok := carried[k]; ok {
			out[k] = c
		} else if p := prev.Kind(k); p != nil && p.Status.Read() {
			out[k] = p
		}
	}
	for k := range carried {
		consider(k)
	}
	if prev != nil {
		for k := range prev.Kinds {
			consider(k)
		}
	}
	return out
}

// deliver sends every pending alert to its sink and returns how many
// were delivered.
func (r *run) deliver(ctx context.Context) int {
	delivered := 0
	for _, s := range r.cfg.Sinks {
		batch := r.st.pendingFor(s.Name())
		if len(batch) == 0 {
			continue
		}
		err := s.Send(ctx, batch)
		failed := map[string]error{}
		var de *alerts.DeliveryError
		switch {
		case err == nil:
		case errors.As(err, &de):
			for _, f := range de.Failures {
				failed[f.Alert.Key] = f.Err
			}
		default: // a sink that does not say: nothing was delivered
			for _, a := range batch {
				failed[a.Key] = err
			}
		}
		delivered += len(batch) - len(failed)
		r.st.settle(s.Name(), batch, failed, r.clock.Now())
		if len(failed) > 0 {
			r.emit(Event{Kind: EventDeliveryFailed, Tick: r.n, Time: r.clock.Now(), Sink: s.Name(),
				Pending: len(failed), Err: err})
		}
	}
	if err := r.st.savePending(); err != nil {
		r.emit(Event{Kind: EventStateError, Tick: r.n, Time: r.clock.Now(), Err: err})
	}
	return delivered
}

func summarize(s *inventory.Snapshot, res *posture.Result) (map[inventory.Status]int, int) {
	kinds := map[inventory.Status]int{}
	for _, k := range s.Kinds {
		if k != nil {
			kinds[k.Status]++
		}
	}
	findings := -1
	if res != nil {
		findings = res.Summary.Findings
	}
	return kinds, findings
}

func bySeverity(as []alerts.Alert) map[posture.Severity]int {
	m := map[posture.Severity]int{}
	for _, a := range as {
		m[a.Severity]++
	}
	return m
}

// joinSeverities writes "1 critical, 2 high".
func joinSeverities(m map[posture.Severity]int) string {
	var parts []string
	for _, s := range posture.Severities() {
		if n := m[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	return strings.Join(parts, ", ")
}
