// Package watch keeps an eye on a tenant: a Watcher scans it on a
// schedule, judges each scan with posture, compares it with the last one
// (posture/alerts), delivers the alerts to your sinks, keeps the scan in a
// state directory, and sleeps. Give it a scan function, a directory and
// sinks, and Run it until its context ends.
//
//	w := &watch.Watcher{
//		// given the last scan kept, logs continue from its checkpoint
//		ScanSince: func(ctx context.Context, last *inventory.Snapshot) (*inventory.Snapshot, error) {
//			return inventory.Collect(ctx, client, inventory.Options{Previous: last})
//		},
//		StateDir: "/var/lib/authlens/example-tenant",
//		Interval: time.Hour,
//		Sinks:    []alerts.Sink{alerts.NewJSONLines("", os.Stdout), webhook},
//		OnEvent:  func(e watch.Event) { log.Print(e) },
//	}
//	err := w.Run(ctx) // until ctx ends
//
// # A tick
//
//  1. Scan (Scan, or ScanSince given the last scan kept: after a failed
//     scan the one before it, after a restart the newest of the state
//     directory). A failed scan is reported (EventScanFailed) and retried at the
//     next tick; the previous snapshot stays the base, so a failure is
//     never taken for "everything was removed". A scan that read only
//     some kinds raises alerts only about the kinds it read (see
//     posture/alerts), plus one ALR-SCAN-001 when a kind went dark.
//  2. Judge (posture.Run with Watcher.Judge), unless NoJudge. A failed
//     judgement is reported and the tick goes on with the rules over the
//     diff.
//  3. Compare with the last scan of the state directory. None (a first
//     run with an empty directory): the scan is the baseline, an
//     EventBaseline sums it up, no alerts. A kind the last scan could not
//     read is compared, once read again, with its last read: what changed
//     while the scanner was blind raises alerts then.
//  4. Keep the alerts for every sink (pending.json), then the scan
//     (snapshot-TIME.json, written atomically by inventory's SaveFile),
//     and prune to the newest Keep scans.
//  5. Deliver, sink by sink, the alerts earlier ticks could not deliver,
//     then the new ones. What a sink does not take stays in pending.json
//     and is sent again at the next tick (also after a failed scan, also
//     after a restart), never dropped silently: past MaxPending per sink
//     the oldest go, and an event says so. Receivers tell redeliveries by
//     the alert's key (the webhook's Idempotency-Key).
//  6. Report the tick (EventTick: time, requests, alerts by severity,
//     delivered, pending) and sleep Interval plus a random jitter.
//
// When the context ends, Run returns between steps; every file is whole,
// the old version or the new one. Alerts of a tick whose scan was not kept
// are raised again by the next run, with the same keys.
//
// # The state directory
//
//	snapshot-20250602T093000.000000000Z.json   the last Keep scans (0600)
//	carried.json                               the kinds the last scan could not read, as last read
//	pending.json                               the alerts waiting for a sink
//	watch.lock                                 the lock; while held, who holds it (PID, host, start)
//
// Temporary files a crash left behind are removed at start; an unreadable
// snapshot is skipped (the newest readable one is the base) and an
// unreadable pending.json set aside as pending.json.unreadable, each with
// an EventStateError.
//
// # One Watcher per directory
//
// Run takes an exclusive lock on StateDir before it reads anything in it
// and holds it until it returns: an advisory lock on watch.lock
// (flock(2) on Unix, LockFileEx on Windows, through
// github.com/gofrs/flock), which the operating system drops when the
// process ends, so a watcher that crashed or was killed never blocks the
// next one, and a lock file left on disk locks nothing by itself. A
// second Run on a locked directory, in another process or in the same
// one, does not wait: it returns at once a *LockedError, for which
// errors.Is(err, ErrStateLocked) holds, naming the directory and the
// holder as watch.lock records it (PID, host, start; informational only,
// and not recorded on Windows, AIX or Solaris):
//
//	watch: state directory /var/lib/authlens/example-tenant is in use by another watcher
//	(pid 4242 on host scan-1, running since 2025-06-02T09:30:00Z; lock file
//	/var/lib/authlens/example-tenant/watch.lock); stop that watcher, or give this
//	one a Watcher.StateDir of its own
//
// Run is the only writer of a state directory; nothing else in this
// package writes to it (pruning to Keep is a step of the tick). Reading it
// meanwhile, e.g. a kept snapshot with inventory.LoadFile, is safe: every
// file is replaced atomically. The lock is advisory: it keeps Watchers
// apart, not other programs that write in the directory.
//
// Give StateDir a local file system. On NFS, Linux emulates flock(2)
// with the server's locks: it holds between hosts only where the mount
// has locking (NFSv4, or NFSv3 with lockd), and a mount with nolock or
// local_lock lets a watcher on each host hold "the" lock at once.
//
// # Time
//
// Every wait goes through Watcher.Clock (default: time.Now and timers)
// and ends when the context does. Under testing/synctest the default clock
// is the bubble's: a test runs hours of ticks at once.
package watch
