package auth0mgmt_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// Stats agree with what the fake saw, and a slow bucket's wait is told.
func TestClientStatsAndWaitHook(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 1, RateLimit: 0.25, Burst: 1, Now: time.Now})
	t.Cleanup(srv.Close)
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var waits []auth0mgmt.RateLimitWait
		id, secret := srv.ClientCredentials()
		c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: secret},
			auth0mgmt.WithHTTPClient(&http.Client{Transport: srv.Transport()}),
			auth0mgmt.WithRateLimitWaitHook(0, func(w auth0mgmt.RateLimitWait) { mu.Lock(); waits = append(waits, w); mu.Unlock() }))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				if _, err := c.Tenant.Settings(context.Background()); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		st, fake := c.RequestStats(), srv.Stats()
		if st.Requests != fake.Total-fake.ByRoute["POST /oauth/token"] || st.TokenRequests != 1 || st.RateLimited != fake.RateLimited || st.NoAnswer != 0 {
			t.Errorf("client stats %+v; the fake saw %d requests, %d 429s", st, fake.Total, fake.RateLimited)
		}
		if st.LastAnswer.IsZero() || !st.LastNoAnswer.IsZero() {
			t.Errorf("last answer %v, last failure %v", st.LastAnswer, st.LastNoAnswer)
		}
		if len(waits) != 1 || waits[0].Duration <= 2*time.Second {
			t.Errorf("waits told %+v, want one of about 4 s", waits)
		}
	})
}
