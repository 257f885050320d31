package graph

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// BenchmarkGraph builds the identity graph, with every attack path, of a
// tenant of 3,000 clients, 60,000 users, 800 roles and 400 Actions (full)
// and of half that (half), from the loaded snapshot: each iteration
// decodes the records afresh (model.New), as a first Build does. Targets:
// under 2 s and 1 GiB at full size.
//
//	go test -run XXX -bench Graph -benchmem -benchtime 3x ./posture/graph/
func BenchmarkGraph(b *testing.B) {
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
			runtime.GC()
			b.ResetTimer()
			var g *Graph
			for range b.N {
				g, err = Build(model.New(snap), Options{})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(len(g.Entities)), "entities")
			b.ReportMetric(float64(len(g.Relationships)), "relationships")
			b.ReportMetric(float64(len(g.Paths)), "paths")
		})
	}
}
