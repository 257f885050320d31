package inventory

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// TestLogsIncremental: a scan that knows the previous one continues from
// its newest event, so that two consecutive scans together miss none,
// whatever the time between them; a scan that does not reads its window.
func TestLogsIncremental(t *testing.T) {
	t.Parallel()
	week := 7 * 24 * time.Hour
	for _, tc := range []struct {
		name     string
		added    int           // events between the two scans, hourly
		maxLogs  int           // of the second scan
		previous bool          // the second scan is given the first
		window   time.Duration // of the second scan
		// want: events of the added ones the second scan keeps, and the
		// number it says it left out
		want, leftOut int
	}{
		{"weekly with the previous snapshot", 168, 0, true, 0, 168, 0},
		{"weekly with a 24h window", 168, 0, false, 0, 25, 0}, // the window holds its first hour
		{"with the previous snapshot, past MaxLogs", 250, 100, true, 0, 100, 150},
		{"nothing new", 0, 0, true, 0, 0, 0},
		{"a window of a week, past MaxLogs", 250, 100, false, week, 100, 69},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := auth0test.NewServer(auth0test.Options{Seed: 10, Preset: auth0test.PresetSmall})
			defer srv.Close()
			cl := fastClient(t, srv)
			first, err := Collect(context.Background(), cl, Options{Kinds: []Kind{KindLogs}, Now: auth0test.BaseTime})
			if err != nil {
				t.Fatal(err)
			}
			all := srv.Tenant().IDs(auth0test.KindLogs)
			if cp := first.Scan.LogCheckpoint; cp != all[len(all)-1] || first.Scan.LogsFrom != "" {
				t.Fatalf("first scan: checkpoint %q from %q, want the newest event %q", cp, first.Scan.LogsFrom, all[len(all)-1])
			}
			added, err := srv.AddLogs(tc.added, auth0test.BaseTime().Add(time.Hour), time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			now := func() time.Time { return auth0test.BaseTime().Add(time.Duration(tc.added) * time.Hour) }
			opts := Options{Kinds: []Kind{KindLogs}, Now: now, MaxLogs: tc.maxLogs, LogWindow: tc.window}
			if tc.previous {
				opts.Previous = first
			}
			second, err := Collect(context.Background(), cl, opts)
			if err != nil {
				t.Fatal(err)
			}
			r := second.Kind(KindLogs)
			var got []string
			for _, id := range r.IDs() {
				if slices.Contains(added, id) {
					got = append(got, id)
				}
			}
			covered := map[string]bool{}
			for _, s := range []*Snapshot{first, second} {
				for id := range s.Kind(KindLogs).Records {
					covered[id] = true
				}
			}
			n := 0
			for _, id := range added {
				if covered[id] {
					n++
				}
			}
			t.Logf("%s: the first scan kept %d events, the second %d (%d of the %d new); together they cover %d of the %d new events",
				tc.name, first.Kind(KindLogs).Count, r.Count, len(got), len(added), n, len(added))
			if len(got) != tc.want {
				t.Fatalf("%d of the new events kept, want %d (%s)", len(got), tc.want, r.Note())
			}
			if tc.want > 0 && !slices.Equal(got, added[len(added)-tc.want:]) {
				t.Error("the kept events are not the newest")
			}
			if tc.previous && r.Count != len(got) {
				t.Errorf("%d events, %d of them new: the second scan read old ones again", r.Count, len(got))
			}
			wantCP := all[len(all)-1]
			if len(added) > 0 {
				wantCP = added[len(added)-1]
			}
			if second.Scan.LogCheckpoint != wantCP {
				t.Errorf("checkpoint %q, want %q", second.Scan.LogCheckpoint, wantCP)
			}
			if tc.previous && second.Scan.LogsFrom != first.Scan.LogCheckpoint {
				t.Errorf("logs_from %q, want %q", second.Scan.LogsFrom, first.Scan.LogCheckpoint)
			}
			switch {
			case tc.leftOut > 0:
				if r.Status != StatusPartial || !strings.Contains(r.Note(), fmt.Sprintf("%d older log event(s) left out", tc.leftOut)) {
					t.Errorf("status %s, note %q; want %d left out", r.Status, r.Note(), tc.leftOut)
				}
			case r.Status != StatusOK:
				t.Errorf("status %s (%s)", r.Status, r.Note())
			}
			// The checkpoint survives a save and a load.
			b, _ := second.MarshalJSON()
			back, err := Load(bytes.NewReader(b))
			if err != nil || back.LogCheckpoint() != wantCP || back.Scan.LogsFrom != second.Scan.LogsFrom {
				t.Errorf("after a round trip: %v %q", err, back.LogCheckpoint())
			}
		})
	}
}

func TestLogCheckpointSources(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 10, Preset: auth0test.PresetSmall})
	t.Cleanup(srv.Close)
	cl := fastClient(t, srv)
	all := srv.Tenant().IDs(auth0test.KindLogs)
	mid := all[len(all)-10]
	old := &Snapshot{Version: FormatVersion, Tenant: srv.URL(), Kinds: map[Kind]*KindResult{
		KindLogs: {Status: StatusOK, Records: recs(all[len(all)-30], `{}`, mid, `{}`)}}}
	for _, tc := range []struct {
		name string
		opts Options
		want int // events read
	}{
		// an old snapshot without log_checkpoint: its newest event
		{"an older snapshot", Options{Previous: old}, 9},
		{"an explicit checkpoint wins", Options{Previous: old, LogCheckpoint: all[len(all)-3]}, 2},
		{"another tenant's snapshot is not used", Options{Previous: &Snapshot{Tenant: "https://other.example", Scan: ScanSettings{LogCheckpoint: mid}}},
			-1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.opts.Kinds, tc.opts.Now = []Kind{KindLogs}, auth0test.BaseTime
			snap, err := Collect(context.Background(), cl, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want < 0 {
				if snap.Scan.LogsFrom != "" {
					t.Errorf("continued from %q", snap.Scan.LogsFrom)
				}
				return
			}
			if got := snap.Kind(KindLogs).Count; got != tc.want {
				t.Errorf("%d events, want %d", got, tc.want)
			}
		})
	}
	// A scan without the logs kind carries the checkpoint on.
	prev := &Snapshot{Tenant: srv.URL(), Scan: ScanSettings{LogCheckpoint: mid}}
	snap, err := Collect(context.Background(), cl, Options{Kinds: []Kind{KindPrompts}, Previous: prev})
	if err != nil {
		t.Fatal(err)
	}
	if snap.Scan.LogCheckpoint != mid {
		t.Errorf("checkpoint %q not carried on", snap.Scan.LogCheckpoint)
	}
}
