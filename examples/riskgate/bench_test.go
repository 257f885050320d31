package main

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkRiskgateDecisions measures whole decisions over loopback HTTP
// (keep-alive connections, parallel clients) on cache hits, and reports
// decisions per second.
func BenchmarkRiskgateDecisions(b *testing.B) {
	srv, fake := newTestService(b, false)
	tr := srv.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 4 * runtime.GOMAXPROCS(0)
	client := &http.Client{Transport: tr}
	b.Cleanup(tr.CloseIdleConnections)
	url := srv.URL + "/v1/decisions"
	const body = `{"user_id":"auth0|64b7c2f1","username":"bob","email":"bob@example.com"}`
	if a := call(b, client, "POST", url, "Bearer "+testToken, "application/json", strings.NewReader(body)); a.status != 200 {
		b.Fatalf("warm-up: %d %s", a.status, a.body)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, strings.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
	if c := fake.Counts(); c.Searches != 1 || c.ScoreReads != 1 {
		b.Fatalf("cache missed: %+v", c)
	}
}
