package auth0mgmt_test

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// orgLimits are endpoint buckets like Auth0's for the organizations
// routes, scaled to keep the test short.
func orgLimits(rate float64, burst int) []auth0test.EndpointLimit {
	return []auth0test.EndpointLimit{
		{Method: "GET", Path: "organizations", RateLimit: rate, Burst: burst},
		{Method: "GET", Path: "organizations/*/enabled_connections", RateLimit: rate, Burst: burst},
	}
}

// Listing through an endpoint bucket and the tenant's at once reads
// everything, and the client keeps the two apart: Rate reports the
// tenant's bucket, not whichever answered last.
func TestEndpointBucketsKeptApart(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, auth0test.Options{Seed: 3, Preset: auth0test.PresetSmall, RateLimit: 200, Burst: 50,
		EndpointLimits: orgLimits(40, 5)})
	ctx := context.Background()
	tn := srv.Tenant()
	var wg sync.WaitGroup
	var orgs, conns, clients, roles, servers atomic.Int64
	wg.Go(func() {
		for o, err := range c.Organizations.All(ctx, nil) {
			if err != nil {
				t.Error(err)
				return
			}
			orgs.Add(1)
			for _, err := range c.Organizations.EnabledConnections(ctx, o.ID, nil) {
				if err != nil {
					t.Error(err)
					return
				}
				conns.Add(1)
			}
		}
	})
	for range 3 {
		wg.Go(func() {
			for _, err := range c.Clients.All(ctx, nil) {
				if err != nil {
					t.Error(err)
					return
				}
				clients.Add(1)
			}
		})
	}
	// Two more routes on the tenant's bucket: it is the one most routes
	// draw on, which is how the client tells it from endpoint buckets.
	wg.Go(func() {
		for _, err := range c.Roles.All(ctx, nil) {
			if err != nil {
				t.Error(err)
				return
			}
			roles.Add(1)
		}
		for _, err := range c.ResourceServers.All(ctx, nil) {
			if err != nil {
				t.Error(err)
				return
			}
			servers.Add(1)
		}
	})
	wg.Wait()
	if roles.Load() != int64(tn.Count(auth0test.KindRoles)) || servers.Load() != int64(tn.Count(auth0test.KindResourceServers)) {
		t.Errorf("%d roles, %d resource servers", roles.Load(), servers.Load())
	}
	if got, want := orgs.Load(), int64(tn.Count(auth0test.KindOrganizations)); got != want {
		t.Errorf("%d organizations, want %d", got, want)
	}
	if got, want := clients.Load(), 3*int64(tn.Count(auth0test.KindClients)); got != want {
		t.Errorf("%d clients, want %d", got, want)
	}
	if conns.Load() == 0 {
		t.Error("no enabled connections read")
	}
	// The last answer may have come from either bucket; Rate is the
	// tenant's.
	if r := c.Rate(); r.Limit != 50 {
		t.Errorf("Rate().Limit = %d, want the tenant bucket's 50", r.Limit)
	}
}

// BenchmarkEndpointBucketListing: 6 goroutines list clients (tenant
// bucket 20/s, burst 20) while 2 list organizations, whose endpoint bucket
// is Auth0's self-service one (burst 10, 100 per minute), for 8 s. It
// reports each bucket's utilization and the 429s per 100 requests. (Two
// buckets of the same size cannot be told apart by their headers and are
// paced as one: see httpx.Buckets.)
//
//	go test -run XXX -bench EndpointBucketListing -benchtime 1x ./auth0mgmt/
func BenchmarkEndpointBucketListing(b *testing.B) {
	const rate, burst, orgRate, orgBurst, budget = 20.0, 20, 100.0 / 60, 10, 8 * time.Second
	var tutil, outil, r429 float64
	for range b.N {
		srv := auth0test.NewServer(auth0test.Options{Seed: 1, Preset: auth0test.PresetMedium, RateLimit: rate, Burst: burst,
			EndpointLimits: orgLimits(orgRate, orgBurst)})
		c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), budget)
		start := time.Now()
		var wg sync.WaitGroup
		var tenantOK, orgOK atomic.Int64
		for i := range 8 {
			wg.Go(func() {
				for ctx.Err() == nil {
					var err error
					if i < 6 {
						if _, err = c.Clients.List(ctx, &auth0mgmt.ListOptions{Page: i}); err == nil {
							tenantOK.Add(1)
						}
					} else if _, err = c.Organizations.List(ctx, nil); err == nil {
						orgOK.Add(1)
					}
					if err != nil && ctx.Err() == nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		elapsed := time.Since(start).Seconds()
		cancel()
		st := srv.Stats()
		srv.Close()
		tutil += float64(tenantOK.Load()) / (burst + rate*elapsed)
		outil += float64(orgOK.Load()) / (orgBurst + orgRate*elapsed)
		r429 += 100 * float64(st.RateLimited) / math.Max(1, float64(st.Total))
	}
	b.ReportMetric(tutil/float64(b.N), "tenant-util")
	b.ReportMetric(outil/float64(b.N), "org-util")
	b.ReportMetric(r429/float64(b.N), "r429/op")
}
