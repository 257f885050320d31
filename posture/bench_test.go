package posture

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
)

// collectTenant scans a generated tenant of the given sizes (no rate
// limit) and returns its snapshot as bytes, the form Run's callers load.
func collectTenant(tb testing.TB, seed int64, preset auth0test.Preset, sizes *auth0test.Sizes) []byte {
	tb.Helper()
	srv := auth0test.NewServer(auth0test.Options{Seed: seed, Preset: preset, Sizes: sizes, ExportPolls: -1})
	defer srv.Close()
	id, secret := srv.ClientCredentials()
	cl, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: secret})
	if err != nil {
		tb.Fatal(err)
	}
	snap, err := inventory.Collect(context.Background(), cl, inventory.Options{
		Now: auth0test.BaseTime, LogWindow: 24 * time.Hour, Tenant: "https://" + srv.Tenant().Domain()})
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := snap.WriteJSON(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkRunAll runs the whole catalogue over a snapshot of a tenant of
// 3,000 clients, 60,000 users, 800 roles and 400 Actions (full) and of half
// that (half), from the loaded snapshot: every kind is decoded inside the
// timed loop, as a fresh Run does. Targets: under 1 s and 512 MiB at full
// size, growing linearly.
//
//	go test -run XXX -bench RunAll -benchmem -benchtime 3x ./posture/
func BenchmarkRunAll(b *testing.B) {
	for _, tc := range []struct {
		name  string
		scale int // per cent
	}{{"half", 50}, {"full", 100}} {
		b.Run(tc.name, func(b *testing.B) {
			sz := &auth0test.Sizes{
				Clients: 3000 * tc.scale / 100, Users: 60000 * tc.scale / 100, Roles: 800 * tc.scale / 100,
				Actions: 400 * tc.scale / 100, Organizations: 200 * tc.scale / 100, Connections: 60 * tc.scale / 100,
				ResourceServers: 80 * tc.scale / 100, Logs: 3000,
			}
			data := collectTenant(b, 11, auth0test.PresetLarge, sz)
			snap, err := inventory.Load(bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(data))/(1<<20), "snapshot_MiB")
			runtime.GC()
			b.ResetTimer()
			var res *Result
			for range b.N {
				// a fresh copy of the records each time: Run decodes
				// the snapshot, nothing is cached between runs
				res, err = Run(context.Background(), snap, Options{})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(len(res.Findings)), "findings")
			b.ReportMetric(float64(len(res.Checks)), "checks")
			if len(res.NotEvaluated) > 0 {
				b.Logf("not evaluated: %+v", fmt.Sprint(res.NotEvaluated))
			}
		})
	}
}
