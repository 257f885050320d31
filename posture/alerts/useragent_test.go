package alerts_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/authlens/authlens/internal/version"
	"github.com/authlens/authlens/posture/alerts"
)

// Both HTTP sinks say who they are: authlens and its version.
func TestSinksUserAgent(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Get("User-Agent"))
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	slack, err := alerts.NewSlack(alerts.SlackConfig{URL: srv.URL + "/services/T/B/x"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []alerts.Sink{newWebhook(t, srv.URL, alerts.HTTPOptions{}), slack} {
		if err := s.Send(context.Background(), sampleAlerts(1)); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 {
		t.Fatalf("%d requests, want 2", len(got))
	}
	for _, ua := range got {
		if ua != version.UserAgent {
			t.Errorf("User-Agent %q, want %q", ua, version.UserAgent)
		}
	}
}
