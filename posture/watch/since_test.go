package watch_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/watch"
)

// TestWatchScanSince: each tick's scan is given the last snapshot kept
// (the one before a failed scan, and after a restart the last one of the
// state directory), and continuing from its log checkpoint the ticks
// together read every event, however many arrive between them.
func TestWatchScanSince(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 42}) // outside the bubble: its socket is not used
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		client, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()},
			auth0mgmt.WithHTTPClient(&http.Client{Transport: handlerTransport{h: srv}}))
		if err != nil {
			t.Fatal(err)
		}
		tenant := "https://" + srv.Tenant().Domain()
		clock := auth0test.BaseTime()
		next := clock
		seen := map[string]bool{}
		var lasts []string // the checkpoint of the snapshot each scan was given
		scans := 0
		run := func(ticks int) {
			w := &watch.Watcher{
				ScanSince: func(ctx context.Context, last *inventory.Snapshot) (*inventory.Snapshot, error) {
					scans++
					lasts = append(lasts, last.LogCheckpoint())
					// A busy hour: more events than a page between ticks.
					if _, err := srv.AddLogs(150, next.Add(time.Second), 20*time.Second); err != nil {
						return nil, err
					}
					next = next.Add(time.Hour)
					if scans == 3 {
						return nil, errors.New("tenant unreachable")
					}
					now := next
					snap, err := inventory.Collect(ctx, client, inventory.Options{Kinds: []inventory.Kind{inventory.KindLogs},
						Now: func() time.Time { return now }, Tenant: tenant, Previous: last})
					if err == nil {
						for id := range snap.Kind(inventory.KindLogs).Records {
							seen[id] = true
						}
					}
					return snap, err
				},
				NoJudge: true, StateDir: dir, Interval: time.Hour, Jitter: -1, MaxTicks: ticks,
			}
			if err := w.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		run(3)
		run(2) // a restart: the state directory's last snapshot
		if lasts[0] != "" {
			t.Errorf("the first scan was given a snapshot")
		}
		for i := 1; i < len(lasts); i++ {
			if lasts[i] == "" {
				t.Errorf("scan %d was given no snapshot", i+1)
			}
		}
		if lasts[3] != lasts[2] {
			t.Errorf("after the failed scan 3, scan 4 was given %q, want the last kept %q", lasts[3], lasts[2])
		}
		if lasts[4] == lasts[3] {
			t.Error("after the restart, scan 5 was not given scan 4's snapshot")
		}
		// Every event since the first scan's window began was read.
		since := clock.Add(-inventory.DefaultLogWindow).Format("2006-01-02T15:04:05.000Z")
		missed, total := 0, 0
		for _, id := range srv.Tenant().IDs(auth0test.KindLogs) {
			b, _ := srv.Tenant().Object(auth0test.KindLogs, id)
			var l struct{ Date string }
			_ = json.Unmarshal(b, &l)
			if l.Date < since && !seen[id] {
				continue // older than the first window
			}
			total++
			if !seen[id] {
				missed++
			}
		}
		t.Logf("5 ticks, one failed: %d events read of %d since the first window began", total-missed, total)
		if missed > 0 {
			t.Errorf("%d of %d events missed", missed, total)
		}
	})
}
