package auth0mgmt_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// TestShortTokenLifetimes: tokens that live a few seconds are replaced a
// margin before they expire (a share of their lifetime), once for all the
// goroutines that need one, and never sent expired.
func TestShortTokenLifetimes(t *testing.T) {
	t.Parallel()
	for _, lifetime := range []time.Duration{2 * time.Second, 5 * time.Second, 10 * time.Second, time.Minute} {
		t.Run(fmt.Sprint(lifetime), func(t *testing.T) {
			t.Parallel()
			// Made outside the bubble (its listener is unused); its
			// handler runs in the bubble's goroutines, on its clock.
			srv := auth0test.NewServer(auth0test.Options{Seed: 1, TokenLifetime: lifetime, Now: time.Now})
			defer srv.Close()
			synctest.Test(t, func(t *testing.T) {
				id, secret := srv.ClientCredentials()
				c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: secret},
					auth0mgmt.WithHTTPClient(&http.Client{Transport: srv.Transport()}))
				if err != nil {
					t.Fatal(err)
				}
				const span = time.Minute
				ctx, cancel := context.WithTimeout(context.Background(), span)
				defer cancel()
				var wg sync.WaitGroup
				for range 8 {
					wg.Go(func() {
						for ctx.Err() == nil {
							if _, err := c.Tenant.Settings(ctx); err != nil && ctx.Err() == nil {
								t.Errorf("request: %v", err)
								return
							}
							time.Sleep(50 * time.Millisecond)
						}
					})
				}
				wg.Wait()
				st := srv.Stats()
				api := st.ByRoute["GET /api/v2/tenants/settings"]
				// A token is used for at least three quarters of its
				// lifetime: at most span/(0.75 lifetime) of them, plus
				// the first.
				most := int64(span/(lifetime*3/4)) + 2
				t.Logf("lifetime %s: %d tokens for %d API requests (at most %d)", lifetime, st.TokensIssued, api, most)
				if st.TokensIssued > most {
					t.Errorf("%d tokens for %d requests over %s, want at most %d", st.TokensIssued, api, span, most)
				}
				if n := st.ByStatus[http.StatusUnauthorized]; n > 0 {
					t.Errorf("%d requests sent with an expired token", n)
				}
				if api < 5000 {
					t.Errorf("only %d API requests", api)
				}
			})
		})
	}
}
