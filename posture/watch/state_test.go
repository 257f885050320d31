package watch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/alerts"
	"github.com/authlens/authlens/posture/watch"
)

// tiny is the demo tenant's snapshot, scanned once.
var tiny = sync.OnceValues(func() (*inventory.Snapshot, error) {
	srv := auth0test.NewServer(auth0test.Options{Seed: 42})
	defer srv.Close()
	client, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()})
	if err != nil {
		return nil, err
	}
	return inventory.Collect(context.Background(), client, inventory.Options{Now: auth0test.BaseTime,
		Tenant: "https://" + srv.Tenant().Domain()})
})

func snapshot(t *testing.T) *inventory.Snapshot {
	t.Helper()
	s, err := tiny()
	if err != nil {
		t.Fatal(err)
	}
	c := *s
	c.Kinds = map[inventory.Kind]*inventory.KindResult{}
	for k, r := range s.Kinds {
		cr := *r
		cr.Records = maps.Clone(r.Records)
		c.Kinds[k] = &cr
	}
	return &c
}

// widened is the demo tenant with one Management API grant widened.
func widened(t *testing.T) *inventory.Snapshot {
	s := snapshot(t)
	k := s.Kind(inventory.KindClientGrants)
	for _, id := range k.IDs() {
		var g map[string]any
		_ = json.Unmarshal(k.Records[id], &g)
		if strings.HasSuffix(g["audience"].(string), "/api/v2/") && !slices.Contains(g["scope"].([]any), any("update:users")) {
			g["scope"] = append(g["scope"].([]any), "update:users")
			k.Records[id], _ = json.Marshal(g)
			return s
		}
	}
	t.Fatal("no Management API grant")
	return nil
}

func forbidden(s *inventory.Snapshot, k inventory.Kind) *inventory.Snapshot {
	s.Kinds[k] = &inventory.KindResult{Status: inventory.StatusForbidden, MissingScopes: []string{"read:" + string(k)},
		Records: map[string]json.RawMessage{}}
	return s
}

// sequence scans the snapshots in turn (the last one again after that).
func sequence(snaps ...*inventory.Snapshot) func(context.Context) (*inventory.Snapshot, error) {
	i := 0
	return func(context.Context) (*inventory.Snapshot, error) {
		s := snaps[min(i, len(snaps)-1)]
		i++
		return s, nil
	}
}

// sink records what it is sent; it fails while fail is set.
type sink struct {
	name string
	fail bool
	got  []alerts.Alert
}

func (s *sink) Name() string { return s.name }

func (s *sink) Send(_ context.Context, as []alerts.Alert) error {
	if s.fail {
		de := &alerts.DeliveryError{Sink: s.name}
		for _, a := range as {
			de.Failures = append(de.Failures, alerts.Failure{Alert: a, Err: errors.New("unreachable")})
		}
		return de
	}
	s.got = append(s.got, as...)
	return nil
}

func rules(as []alerts.Alert) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Rule)
	}
	return out
}

func collectEvents(events *[]watch.Event) func(watch.Event) {
	return func(e watch.Event) { *events = append(*events, e) }
}

// TestRestart: a second Run on the same directory compares with the last
// scan (no new baseline) and delivers what the first could not.
func TestRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base, wide := snapshot(t), widened(t)
	synctest.Test(t, func(t *testing.T) {
		s := &sink{name: "s", fail: true}
		var events []watch.Event
		w := &watch.Watcher{Scan: sequence(base, wide), StateDir: dir, Interval: time.Minute, NoJudge: true,
			Sinks: []alerts.Sink{s}, OnEvent: collectEvents(&events), MaxTicks: 2}
		if err := w.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "pending.json")); err != nil {
			t.Fatalf("nothing kept for the failing sink: %v", err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "pending.json"))
		if !bytes.Contains(b, []byte(alerts.RuleGrantWidened)) || !bytes.Contains(b, []byte(`"attempts": 1`)) {
			t.Errorf("pending.json: %s", b)
		}

		s.fail = false
		events = nil
		w.Scan, w.MaxTicks = sequence(wide), 1
		if err := w.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(events) != 2 || events[0].Kind != watch.EventStarted || events[1].Kind != watch.EventTick ||
			len(events[1].Alerts) != 0 || events[1].Delivered != 1 {
			t.Fatalf("after the restart: %v", events)
		}
		if !slices.Equal(rules(s.got), []string{alerts.RuleGrantWidened}) {
			t.Errorf("delivered %v", rules(s.got))
		}
		if _, err := os.Stat(filepath.Join(dir, "pending.json")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("pending.json left: %v", err)
		}
	})
}

// TestBlindKinds: a kind the scanner cannot read raises one alert, not one
// per tick; what changed meanwhile raises alerts when it is read again.
func TestBlindKinds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base, wide := snapshot(t), widened(t)
	dark := forbidden(snapshot(t), inventory.KindClientGrants)
	synctest.Test(t, func(t *testing.T) {
		s := &sink{name: "s"}
		var perTick [][]string
		carried := map[int]bool{}
		w := &watch.Watcher{Scan: sequence(base, dark, dark, wide), StateDir: dir, Interval: time.Minute, NoJudge: true,
			Sinks: []alerts.Sink{s}, MaxTicks: 4,
			OnEvent: func(e watch.Event) {
				if e.Kind == watch.EventTick || e.Kind == watch.EventBaseline {
					perTick = append(perTick, rules(e.Alerts))
					_, err := os.Stat(filepath.Join(dir, "carried.json"))
					carried[e.Tick] = err == nil
				}
			}}
		if err := w.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		want := [][]string{nil, {alerts.RuleLostSight}, nil, {alerts.RuleGrantWidened}}
		if len(perTick) != 4 {
			t.Fatalf("ticks %v", perTick)
		}
		for i := range want {
			if !slices.Equal(perTick[i], want[i]) {
				t.Errorf("tick %d: %v, want %v", i+1, perTick[i], want[i])
			}
		}
		if !carried[2] || !carried[3] || carried[4] {
			t.Errorf("carried.json at ticks 2, 3 and not 4: %v", carried)
		}
	})
}

// TestStop: a cancelled context ends Run between steps, every file whole.
func TestStop(t *testing.T) {
	t.Parallel()
	base := snapshot(t)
	for _, tc := range []struct {
		name string
		// cancelAt: in which tick's scan (0: in the first tick's event)
		cancelInScan int
	}{
		{"while sleeping", 0},
		{"while scanning", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				scans := 0
				var last watch.Event
				w := &watch.Watcher{StateDir: dir, Interval: time.Hour, NoJudge: true,
					Scan: func(ctx context.Context) (*inventory.Snapshot, error) {
						scans++
						if scans == tc.cancelInScan {
							cancel()
							return nil, ctx.Err()
						}
						return base, nil
					},
					OnEvent: func(e watch.Event) {
						last = e
						if tc.cancelInScan == 0 && e.Kind == watch.EventBaseline {
							cancel()
						}
					}}
				start := time.Now()
				err := w.Run(ctx)
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("Run: %v", err)
				}
				if last.Kind != watch.EventStopped {
					t.Errorf("last event %v", last)
				}
				if tc.cancelInScan == 0 && time.Since(start) != 0 {
					t.Errorf("Run slept %s after the cancellation", time.Since(start))
				}
				files := listDir(t, dir)
				if len(files) != 2 || !strings.HasPrefix(files[0], "snapshot-") || files[1] != watch.LockFile {
					t.Errorf("state %v, want the baseline and the lock file only", files)
				}
			})
		})
	}
}

// TestStateFiles: pruning to Keep, unreadable files set aside, stray
// temporary files removed.
func TestStateFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := snapshot(t)
	// A good old scan, a corrupt newer one and a stray temporary file.
	if err := base.SaveFile(filepath.Join(dir, "snapshot-20240101T000000.000000000Z.json")); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(dir, "snapshot-20240102T000000.000000000Z.json"), []byte(`{"version":1,"kinds":`), 0o600)
	_ = os.WriteFile(filepath.Join(dir, ".snapshot-x.json.123.tmp"), []byte("half"), 0o600)
	_ = os.WriteFile(filepath.Join(dir, "pending.json"), []byte("{not json"), 0o600)
	synctest.Test(t, func(t *testing.T) {
		var events []watch.Event
		w := &watch.Watcher{Scan: sequence(base), StateDir: dir, Interval: time.Minute, Keep: 2, NoJudge: true,
			OnEvent: collectEvents(&events), MaxTicks: 4}
		if err := w.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		var kinds []watch.EventKind
		for _, e := range events {
			kinds = append(kinds, e.Kind)
		}
		// two warnings while the state is read, then no baseline: the
		// good old scan is the base
		want := []watch.EventKind{watch.EventStateError, watch.EventStateError, watch.EventStarted, watch.EventTick, watch.EventTick, watch.EventTick, watch.EventTick}
		if !slices.Equal(kinds, want) {
			t.Fatalf("events %v, want %v", kinds, want)
		}
		files := listDir(t, dir)
		var snaps int
		for _, f := range files {
			switch {
			case strings.HasPrefix(f, "snapshot-"):
				snaps++
			case f == "pending.json.unreadable", f == watch.LockFile:
			default:
				t.Errorf("unexpected %s", f)
			}
		}
		if snaps != 2 {
			t.Errorf("%d snapshots kept, want 2: %v", snaps, files)
		}
	})
}

func TestMaxPending(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base, wide := snapshot(t), widened(t)
	off := snapshot(t)
	off.Kind(inventory.KindAttackProtection).Records["brute-force-protection"] = json.RawMessage(`{"enabled":false}`)
	synctest.Test(t, func(t *testing.T) {
		var events []watch.Event
		w := &watch.Watcher{Scan: sequence(base, wide, off), StateDir: dir, Interval: time.Minute, NoJudge: true,
			Sinks: []alerts.Sink{&sink{name: "down", fail: true}}, MaxPending: 1, OnEvent: collectEvents(&events), MaxTicks: 3}
		if err := w.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		var dropped bool
		for _, e := range events {
			if e.Kind == watch.EventDeliveryFailed && strings.Contains(e.String(), "dropped the 1 oldest") {
				dropped = true
			}
		}
		if !dropped || events[len(events)-1].Pending != 1 {
			t.Errorf("events %v", events)
		}
	})
}

func TestConfig(t *testing.T) {
	t.Parallel()
	scan := func(context.Context) (*inventory.Snapshot, error) { return nil, nil }
	for _, w := range []*watch.Watcher{
		{StateDir: t.TempDir(), Interval: time.Minute},
		{Scan: scan, Interval: time.Minute},
		{Scan: scan, StateDir: t.TempDir()},
		{Scan: scan, StateDir: t.TempDir(), Interval: time.Minute, Sinks: []alerts.Sink{&sink{name: "a"}, &sink{name: "a"}}},
	} {
		if err := w.Run(context.Background()); !errors.Is(err, watch.ErrConfig) {
			t.Errorf("%+v: %v", w, err)
		}
	}
}
