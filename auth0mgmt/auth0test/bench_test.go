package auth0test

import (
	"io"
	"net/http"
	"runtime"
	"testing"
)

func BenchmarkGenerate(b *testing.B) {
	for _, p := range []Preset{PresetSmall, PresetMedium, PresetLarge} {
		b.Run(string(p), func(b *testing.B) {
			sizes := PresetSizes(p)
			b.ReportAllocs()
			for b.Loop() {
				generate(1, sizes, DefaultDomain, false)
			}
		})
	}
}

// TestLargeTenantHeap reports the heap a large tenant holds (informative:
// the target is tens of MB, not hundreds).
func TestLargeTenantHeap(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tn := generate(1, PresetSizes(PresetLarge), DefaultDomain, false)
	runtime.GC()
	runtime.ReadMemStats(&after)
	mb := float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
	t.Logf("large tenant: %d users, %.1f MB of heap", tn.Count(KindUsers), mb)
	if mb > 200 {
		t.Errorf("large tenant holds %.0f MB", mb)
	}
	runtime.KeepAlive(tn)
}

func BenchmarkListUsersPage(b *testing.B) {
	s := NewServer(Options{Seed: 1, Preset: PresetMedium})
	defer s.Close()
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/api/v2/users?per_page=100&include_totals=true", nil)
	req.Header.Set("Authorization", "Bearer "+s.Token())
	client := s.Client()
	for b.Loop() {
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
