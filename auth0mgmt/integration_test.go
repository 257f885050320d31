package auth0mgmt_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

func newFake(t testing.TB, o auth0test.Options) (*auth0test.Server, *auth0mgmt.Client) {
	t.Helper()
	srv := auth0test.NewServer(o)
	t.Cleanup(srv.Close)
	id, secret := srv.ClientCredentials()
	c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: secret},
		auth0mgmt.WithBackoff(time.Millisecond, 5*time.Millisecond), auth0mgmt.WithExportPollInterval(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func collectIDs[T any](t *testing.T, seq iter.Seq2[T, error], id func(T) string) []string {
	t.Helper()
	var ids []string
	for v, err := range seq {
		if err != nil {
			t.Fatalf("listing: %v", err)
		}
		ids = append(ids, id(v))
	}
	return ids
}

// TestListingsReachEveryRecord lists every kind of a small fake tenant
// through the client and compares with what the fake generated.
func TestListingsReachEveryRecord(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, auth0test.Options{Seed: 7, Preset: auth0test.PresetSmall})
	ctx := context.Background()
	tn := srv.Tenant()
	small := &auth0mgmt.ListOptions{PerPage: 7} // many pages, odd size
	cases := []struct {
		kind auth0test.Kind
		got  func(t *testing.T) []string
	}{
		{auth0test.KindClients, func(t *testing.T) []string {
			return collectIDs(t, c.Clients.All(ctx, small), func(a auth0mgmt.Application) string { return a.ClientID })
		}},
		{auth0test.KindClientGrants, func(t *testing.T) []string {
			return collectIDs(t, c.ClientGrants.All(ctx, small), func(g auth0mgmt.ClientGrant) string { return g.ID })
		}},
		{auth0test.KindResourceServers, func(t *testing.T) []string {
			return collectIDs(t, c.ResourceServers.All(ctx, small), func(r auth0mgmt.ResourceServer) string { return r.ID })
		}},
		{auth0test.KindConnections, func(t *testing.T) []string {
			return collectIDs(t, c.Connections.All(ctx, small), func(r auth0mgmt.Connection) string { return r.ID })
		}},
		{auth0test.KindUsers, func(t *testing.T) []string {
			return collectIDs(t, c.Users.All(ctx, nil), func(u auth0mgmt.User) string { return u.UserID })
		}},
		{auth0test.KindRoles, func(t *testing.T) []string {
			return collectIDs(t, c.Roles.All(ctx, small), func(r auth0mgmt.Role) string { return r.ID })
		}},
		{auth0test.KindOrganizations, func(t *testing.T) []string {
			return collectIDs(t, c.Organizations.All(ctx, small), func(o auth0mgmt.Organization) string { return o.ID })
		}},
		{auth0test.KindActions, func(t *testing.T) []string {
			return collectIDs(t, c.Actions.All(ctx, small), func(a auth0mgmt.Action) string { return a.ID })
		}},
		{auth0test.KindRules, func(t *testing.T) []string {
			return collectIDs(t, c.Rules.All(ctx, small), func(r auth0mgmt.Rule) string { return r.ID })
		}},
		{auth0test.KindHooks, func(t *testing.T) []string {
			return collectIDs(t, c.Hooks.All(ctx, small), func(h auth0mgmt.Hook) string { return h.ID })
		}},
		{auth0test.KindNetworkACLs, func(t *testing.T) []string {
			return collectIDs(t, c.NetworkACLs.All(ctx, small), func(n auth0mgmt.NetworkACL) string { return n.ID })
		}},
		{auth0test.KindLogs, func(t *testing.T) []string {
			return collectIDs(t, c.Logs.From(ctx, "0", 100), func(l auth0mgmt.Log) string { return l.LogID })
		}},
		{auth0test.KindLogStreams, func(t *testing.T) []string {
			ls, err := c.LogStreams.List(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, l := range ls {
				ids = append(ids, l.ID)
			}
			return ids
		}},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind), func(t *testing.T) {
			t.Parallel()
			got := tc.got(t)
			want := tn.IDs(tc.kind)
			if len(want) == 0 {
				t.Fatalf("fake tenant has no %s", tc.kind)
			}
			slices.Sort(got)
			want = slices.Clone(want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: got %d records, want %d", tc.kind, len(got), len(want))
			}
		})
	}
	t.Run("sub-listings", func(t *testing.T) {
		t.Parallel()
		roles := tn.IDs(auth0test.KindRoles)
		members := collectIDs(t, c.Roles.Users(ctx, roles[0], small), func(u auth0mgmt.RoleUser) string { return u.UserID })
		if want := tn.RoleMembers(roles[0]); len(members) != len(want) {
			t.Errorf("role members: got %d, want %d", len(members), len(want))
		}
		orgs := tn.IDs(auth0test.KindOrganizations)
		var n int
		for m, err := range c.Organizations.MembersWithRoles(ctx, orgs[0], small) {
			if err != nil {
				t.Fatal(err)
			}
			if m.Roles == nil {
				t.Errorf("member %s without inline roles", m.UserID)
			}
			n++
		}
		if want := len(tn.OrganizationMembers(orgs[0])); n != want {
			t.Errorf("org members: got %d, want %d", n, want)
		}
		conns := tn.IDs(auth0test.KindConnections)
		cc := collectIDs(t, c.Connections.Clients(ctx, conns[0], nil), func(x auth0mgmt.ConnectionClient) string { return x.ClientID })
		if want := tn.ConnectionClients(conns[0]); len(cc) != len(want) {
			t.Errorf("connection clients: got %d, want %d", len(cc), len(want))
		}
	})
}

func TestSingletonsAndScopes(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, auth0test.Options{Seed: 3, Preset: auth0test.PresetTiny})
	ctx := context.Background()
	if s, err := c.Tenant.Settings(ctx); err != nil || s.FriendlyName == "" {
		t.Errorf("tenant settings: %v %v", s, err)
	}
	if _, err := c.AttackProtection.BruteForceProtection(ctx); err != nil {
		t.Errorf("brute force: %v", err)
	}
	if f, err := c.Guardian.Factors(ctx); err != nil || len(f) == 0 {
		t.Errorf("guardian factors: %v %v", f, err)
	}
	srv.SetFaults(auth0test.Faults{MissingScopes: []string{"read:clients"}, Unconfigured: []string{"email_provider"}})
	_, err := c.Clients.List(ctx, nil)
	var ae *auth0mgmt.APIError
	if !errors.Is(err, auth0mgmt.ErrInsufficientScope) || !errors.As(err, &ae) || !slices.Contains(ae.MissingScopes, "read:clients") {
		t.Errorf("missing scope: %v", err)
	}
	if _, err := c.Emails.Provider(ctx); !errors.Is(err, auth0mgmt.ErrNotFound) {
		t.Errorf("unconfigured email provider: %v", err)
	}
}

func TestUsersPastTheCapThroughExport(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, auth0test.Options{Seed: 11, Preset: auth0test.PresetSmall, Sizes: &auth0test.Sizes{Users: 2600}})
	srv.SetFaults(auth0test.Faults{TruncateRate: 0.05, ServerErrorRate: 0.05})
	seen := map[string]bool{}
	for u, err := range c.Users.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[u.UserID] {
			t.Fatalf("%s twice", u.UserID)
		}
		seen[u.UserID] = true
	}
	if want := srv.Tenant().Count(auth0test.KindUsers); len(seen) != want || want != 2600 {
		t.Errorf("%d users, want %d", len(seen), want)
	}
	if srv.Stats().ByRoute["POST /api/v2/jobs/users-exports"] == 0 {
		t.Error("no export job was created")
	}
}

func TestFaultsLoseNothing(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, auth0test.Options{Seed: 5, Preset: auth0test.PresetSmall})
	srv.SetFaults(auth0test.Faults{ServerErrorRate: 0.05, DropRate: 0.03, TruncateRate: 0.03})
	ids := collectIDs(t, c.Clients.All(context.Background(), &auth0mgmt.ListOptions{PerPage: 5}), func(a auth0mgmt.Application) string { return a.ClientID })
	if want := srv.Tenant().Count(auth0test.KindClients); len(ids) != want {
		t.Errorf("%d clients, want %d", len(ids), want)
	}
	if srv.Stats().Faults == 0 {
		t.Error("no fault was injected")
	}
}

// BenchmarkRateLimitedListing: 8 goroutines list from a tenant limited to
// 20 req/s with burst 10, for 6 s of budget per iteration; then the
// buckets the pacer finds hardest: 1 and 2 tokens (10 req/s) and 10 tokens
// (20 req/s), with X-RateLimit-Reset rounded up and truncated, for 20 s
// each. utilization is accepted requests divided by what the limit allowed
// (burst + rate × elapsed); r429/op is 429 answers per 100 requests;
// steady-r429/op the same after the first 8 s (the pacer learns a bucket
// it has never seen from its first answers).
//
//	go test -run XXX -bench RateLimitedListing -benchtime 1x ./auth0mgmt/
func BenchmarkRateLimitedListing(b *testing.B) {
	b.Run("burst10", func(b *testing.B) { benchListing(b, 20, 10, false, 6*time.Second, 0) })
	for _, tc := range []struct {
		burst int
		rate  float64
	}{{1, 10}, {2, 10}, {10, 20}} {
		for _, trunc := range []bool{false, true} {
			name := fmt.Sprintf("burst%d_rate%v_reset_%s", tc.burst, tc.rate, map[bool]string{false: "up", true: "truncated"}[trunc])
			b.Run(name, func(b *testing.B) { benchListing(b, tc.rate, tc.burst, trunc, 20*time.Second, 8*time.Second) })
		}
	}
}

func benchListing(b *testing.B, rate float64, burst int, truncate bool, budget, warm time.Duration) {
	const workers = 8
	var util, r429, steady float64
	for range b.N {
		srv := auth0test.NewServer(auth0test.Options{Seed: 1, Preset: auth0test.PresetMedium, RateLimit: rate, Burst: burst,
			ResetTruncated: truncate})
		c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), budget)
		start := time.Now()
		var warmStats atomic.Pointer[auth0test.Stats]
		if warm > 0 {
			time.AfterFunc(warm, func() { st := srv.Stats(); warmStats.Store(&st) })
		}
		var wg sync.WaitGroup
		var page atomic.Int64
		for range workers {
			wg.Go(func() {
				for ctx.Err() == nil {
					p := int(page.Add(1)-1) % 10
					if _, err := c.Clients.List(ctx, &auth0mgmt.ListOptions{Page: p}); err != nil && ctx.Err() == nil {
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
		accepted := float64(st.Total - st.RateLimited)
		util += accepted / (float64(burst) + rate*elapsed)
		r429 += 100 * float64(st.RateLimited) / math.Max(1, float64(st.Total))
		if w := warmStats.Load(); w != nil {
			steady += 100 * float64(st.RateLimited-w.RateLimited) / math.Max(1, float64(st.Total-w.Total))
		}
	}
	b.ReportMetric(util/float64(b.N), "utilization")
	b.ReportMetric(r429/float64(b.N), "r429/op")
	if warm > 0 {
		b.ReportMetric(steady/float64(b.N), "steady-r429/op")
	}
}

// BenchmarkUsersExportHeap lists the 50,000 users of the large preset
// through the export job and reports the peak heap growth while streaming.
//
//	go test -run XXX -bench UsersExportHeap -benchtime 1x ./auth0mgmt/
func BenchmarkUsersExportHeap(b *testing.B) {
	srv := auth0test.NewServer(auth0test.Options{Seed: 1, Preset: auth0test.PresetLarge, ExportPolls: -1})
	defer srv.Close()
	want := srv.Tenant().Count(auth0test.KindUsers)
	var peak uint64
	for range b.N {
		c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()}, auth0mgmt.WithExportPollInterval(time.Millisecond))
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapAlloc
		n := 0
		for _, err := range c.Users.All(context.Background(), nil) {
			if err != nil {
				b.Fatal(err)
			}
			if n++; n%2000 == 0 {
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > base {
					peak = max(peak, ms.HeapAlloc-base)
				}
			}
		}
		if n != want {
			b.Fatalf("%d users, want %d", n, want)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(want), "users")
}

func TestTokenEndpointFaultsRetried(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, auth0test.Options{Seed: 2, Preset: auth0test.PresetTiny})
	srv.SetFaults(auth0test.Faults{TokenFailNext: 2})
	if _, err := c.Tenant.Settings(context.Background()); err != nil {
		t.Fatalf("after a dropped and a 503 token request: %v", err)
	}
	if st := srv.Stats(); st.FaultsByKind["token"] != 2 || st.TokensIssued != 1 {
		t.Errorf("stats: %d token faults, %d tokens issued", st.FaultsByKind["token"], st.TokensIssued)
	}
}
