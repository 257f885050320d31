package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// BenchmarkCollect scans a medium tenant (1,000 clients, 12,000 users, 300
// roles with members, 120 organizations with members, 150 actions, 3,000
// logs) through a fake limited to 50 requests/s, burst 50. One iteration
// takes about half a minute; run it with
//
//	go test -run XXX -bench BenchmarkCollect -benchtime 1x ./inventory/
//
// It reports utilization (accepted API requests per second over what the
// bucket allowed: burst + rate × elapsed), requests (every request the
// server saw: token, API, export download), min_requests (the least the
// API's paging needs for this tenant, computed from the fake's counts) and
// requests/min, and fails when a record is lost.
func BenchmarkCollect(b *testing.B) {
	const rate, burst = 50.0, 50
	for range b.N {
		b.StopTimer()
		srv := auth0test.NewServer(auth0test.Options{Seed: 7, Preset: auth0test.PresetMedium, RateLimit: rate, Burst: burst})
		cl := clientFor(b, srv)
		b.StartTimer()
		start := time.Now()
		snap, err := Collect(context.Background(), cl, Options{Now: auth0test.BaseTime, LogWindow: 40 * 24 * time.Hour})
		elapsed := time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		st := srv.Stats()
		srv.Close()
		if lost := lostRecords(srv.Tenant(), snap); len(lost) > 0 {
			b.Fatalf("records lost: %v", lost)
		}
		var api int64
		for route, n := range st.ByRoute {
			if strings.Contains(route, " /api/v2/") {
				api += n
			}
		}
		accepted := float64(api - st.RateLimited)
		allowed := burst + rate*elapsed.Seconds()
		minimum := minRequests(srv.Tenant(), snap)
		b.ReportMetric(accepted/allowed, "utilization")
		b.ReportMetric(float64(st.Total), "requests")
		b.ReportMetric(float64(minimum), "min_requests")
		b.ReportMetric(float64(st.Total)/float64(minimum), "requests/min")
		b.ReportMetric(float64(st.RateLimited), "429s")
		b.ReportMetric(elapsed.Seconds(), "scan_s")
		if float64(st.Total) > 1.05*float64(minimum) {
			b.Errorf("%d requests, more than 5%% over the minimum %d", st.Total, minimum)
		}
		if u := accepted / allowed; u < 0.85 {
			b.Logf("utilization %.3f is below the 0.85 target", u)
		}
	}
}

// BenchmarkCollectExportBeside reads a small tenant whose users (2,500)
// need the export job, over loopback, with the export taking a set time:
// the job starts first and the other kinds are read while it runs. It
// reports ratio, the time taken over max(API requests / rate, export
// duration) (target: at most 1.15).
//
//	go test -run XXX -bench CollectExportBeside -benchtime 1x ./inventory/
func BenchmarkCollectExportBeside(b *testing.B) {
	for _, tc := range []struct {
		rate   float64
		export time.Duration
	}{{20, 12 * time.Second}, {20, 4 * time.Second}, {5, 10 * time.Second}} {
		b.Run(fmt.Sprintf("rate%v_export%s", tc.rate, tc.export), func(b *testing.B) {
			var ratio float64
			for range b.N {
				srv := auth0test.NewServer(auth0test.Options{Seed: 17, Preset: auth0test.PresetSmall, RateLimit: tc.rate,
					Burst: int(tc.rate), ExportDuration: tc.export, Sizes: &auth0test.Sizes{Users: 2500}})
				cl := clientFor(b, srv)
				start := time.Now()
				snap, err := Collect(context.Background(), cl, Options{Now: auth0test.BaseTime, LogWindow: 40 * 24 * time.Hour})
				elapsed := time.Since(start)
				st := srv.Stats()
				srv.Close()
				if err != nil {
					b.Fatal(err)
				}
				if lost := lostRecords(srv.Tenant(), snap); len(lost) > 0 {
					b.Fatalf("records lost: %v", lost)
				}
				var api int64
				for route, n := range st.ByRoute {
					if strings.Contains(route, " /api/v2/") {
						api += n
					}
				}
				optimum := max(float64(api)/tc.rate, tc.export.Seconds())
				ratio += elapsed.Seconds() / optimum
				b.ReportMetric(float64(api), "api_requests")
				b.ReportMetric(optimum, "optimum_s")
				b.ReportMetric(elapsed.Seconds(), "scan_s")
				b.ReportMetric(float64(st.RateLimited), "429s")
			}
			b.ReportMetric(ratio/float64(b.N), "ratio")
		})
	}
}

// minRequests is the least number of requests the API's paging needs to
// read the whole tenant: 1 token; per offset listing with totals
// max(1, ceil(N/100)); per checkpoint listing the same (no "next" on the
// last page); 1 per plain array and singleton; 13 email templates; 4 attack
// protection settings; users past 1000: the first page (to learn the total),
// the export job's POST, its polls (the fake answers 2 before "completed")
// and the download; logs: the first page by search, the rest by
// checkpoint, ceil(N/100) when the search's total (below 1000) says where
// to stop, else up to the first short page. Counts come from the
// fake's Tenant; trigger bindings per trigger, which the fake does not
// expose, from the snapshot.
func minRequests(t *auth0test.Tenant, s *Snapshot) int {
	pages := func(n int) int { return max(1, (n+99)/100) }
	n := 1 // token
	users := t.Count(auth0test.KindUsers)
	if users > 1000 {
		n += 1 + 1 + 3 + 1
	} else {
		n += pages(users)
	}
	n += pages(t.Count(auth0test.KindClients))
	n += pages(t.Count(auth0test.KindClientGrants))
	n += pages(t.Count(auth0test.KindResourceServers))
	n += pages(t.Count(auth0test.KindConnections))
	for _, id := range t.IDs(auth0test.KindConnections) {
		n += pages(len(t.ConnectionClients(id)))
	}
	n += pages(t.Count(auth0test.KindRoles))
	for _, id := range t.IDs(auth0test.KindRoles) {
		n += 1 // permissions: fewer than 100 per role in the fake
		n += pages(len(t.RoleMembers(id)))
	}
	n += pages(t.Count(auth0test.KindOrganizations))
	for _, id := range t.IDs(auth0test.KindOrganizations) {
		n += pages(len(t.OrganizationMembers(id)))
		n += 1 + 1 // enabled connections, invitations: fewer than 100 each
	}
	n += pages(t.Count(auth0test.KindActions))
	n++ // triggers
	for _, id := range s.Kind(KindTriggerBindings).IDs() {
		var tr TriggerRecord
		_ = json.Unmarshal(s.Kind(KindTriggerBindings).Records[id], &tr)
		n += pages(len(tr.Bindings))
	}
	n += pages(t.Count(auth0test.KindRules)) + pages(t.Count(auth0test.KindHooks)) + 1 // rules configs
	n += pages(t.Count(auth0test.KindNetworkACLs))
	n += 1 + 1 + 1 // log streams, custom domains, signing keys
	n += 1 + 1     // guardian factors, policies
	n += 1 + 1 + 1 // tenant settings, branding, prompts
	n += 1 + 13    // email provider, templates
	n += 4         // attack protection
	// newer surfaces: forms and flows listed then read whole, one by
	// one; SCIM listed, then each configuration's tokens; the
	// credentials of each application that has some (found in the
	// clients already read); unpaged singletons and lists
	n += pages(t.Count(auth0test.KindForms)) + t.Count(auth0test.KindForms)
	n += pages(t.Count(auth0test.KindFlows)) + t.Count(auth0test.KindFlows)
	n += pages(t.Count(auth0test.KindFlowVaultConnections)) + pages(t.Count(auth0test.KindSelfServiceProfiles))
	n += pages(len(t.SCIMConnections())) + len(t.SCIMConnections())
	for _, id := range t.IDs(auth0test.KindClients) {
		if len(t.ClientCredentialsOf(id)) > 0 {
			n++
		}
	}
	n += 1 + 1 + 1 + 1 // phone providers and templates, daily stats, active users
	n += pages(t.Count(auth0test.KindEventStreams)) + pages(t.Count(auth0test.KindEncryptionKeys))
	n += pages(t.Count(auth0test.KindTokenExchangeProfiles)) + pages(t.Count(auth0test.KindUserAttributeProfiles))
	if logs := t.Count(auth0test.KindLogs); logs < 1000 {
		n += pages(logs) // stopped by the search's total
	} else {
		n += logs/100 + 1 // totals past 1000 are not trusted: a short (or empty) page ends it
	}
	return n
}

// lostRecords compares the snapshot with the fake's own counts.
func lostRecords(t *auth0test.Tenant, s *Snapshot) []string {
	var lost []string
	check := func(k Kind, fk auth0test.Kind) {
		r := s.Kind(k)
		if r == nil {
			lost = append(lost, string(k)+": absent")
			return
		}
		want := t.IDs(fk)
		if r.Status != StatusOK {
			lost = append(lost, fmt.Sprintf("%s: status %s (%s)", k, r.Status, r.Note()))
		}
		if len(r.Records) != len(want) {
			lost = append(lost, fmt.Sprintf("%s: %d records, want %d", k, len(r.Records), len(want)))
			return
		}
		for _, id := range want {
			if r.Records[id] == nil {
				lost = append(lost, fmt.Sprintf("%s: %s missing", k, id))
				return
			}
		}
	}
	check(KindClients, auth0test.KindClients)
	check(KindClientGrants, auth0test.KindClientGrants)
	check(KindResourceServers, auth0test.KindResourceServers)
	check(KindConnections, auth0test.KindConnections)
	check(KindUsers, auth0test.KindUsers)
	check(KindRoles, auth0test.KindRoles)
	check(KindOrganizations, auth0test.KindOrganizations)
	check(KindActions, auth0test.KindActions)
	check(KindRules, auth0test.KindRules)
	check(KindHooks, auth0test.KindHooks)
	check(KindLogStreams, auth0test.KindLogStreams)
	check(KindLogs, auth0test.KindLogs)
	check(KindCustomDomains, auth0test.KindCustomDomains)
	check(KindNetworkACLs, auth0test.KindNetworkACLs)
	check(KindForms, auth0test.KindForms)
	check(KindFlows, auth0test.KindFlows)
	check(KindFlowVaultConnections, auth0test.KindFlowVaultConnections)
	check(KindSelfServiceProfiles, auth0test.KindSelfServiceProfiles)
	check(KindEventStreams, auth0test.KindEventStreams)
	check(KindEncryptionKeys, auth0test.KindEncryptionKeys)
	check(KindTokenExchangeProfiles, auth0test.KindTokenExchangeProfiles)
	check(KindUserAttributeProfiles, auth0test.KindUserAttributeProfiles)
	if r := s.Kind(KindSCIMConfigurations); r == nil || len(r.Records) != len(t.SCIMConnections()) {
		lost = append(lost, "scim_configurations: records lost")
	}
	if len(lost) > 0 {
		return lost
	}
	roles, err := Records[RoleRecord](s, KindRoles)
	if err != nil {
		return []string{err.Error()}
	}
	for _, r := range roles {
		if want := t.RoleMembers(r.Role.ID); len(r.Members) != len(want) {
			lost = append(lost, fmt.Sprintf("roles/%s: %d members, want %d", r.Role.ID, len(r.Members), len(want)))
		}
	}
	orgs, err := Records[OrganizationRecord](s, KindOrganizations)
	if err != nil {
		return []string{err.Error()}
	}
	for _, o := range orgs {
		if want := t.OrganizationMembers(o.Organization.ID); len(o.Members) != len(want) {
			lost = append(lost, fmt.Sprintf("organizations/%s: %d members, want %d", o.Organization.ID, len(o.Members), len(want)))
		}
	}
	conns, err := Records[auth0mgmt.Connection](s, KindConnections)
	if err != nil {
		return []string{err.Error()}
	}
	for _, c := range conns {
		if want := t.ConnectionClients(c.ID); len(c.EnabledClients) != len(want) {
			lost = append(lost, fmt.Sprintf("connections/%s: %d clients, want %d", c.ID, len(c.EnabledClients), len(want)))
		}
	}
	return lost
}

// syntheticSnapshot builds a snapshot of n user shapes (and a few other
// kinds) without a server; variant changes about 1% of the users, removes
// 0.5% and adds 0.5%.
func syntheticSnapshot(n int, variant bool) *Snapshot {
	users := make(map[string]json.RawMessage, n)
	for i := range n {
		if variant && i%200 == 0 {
			continue // removed
		}
		login := 10 + i%400
		if variant && i%100 == 1 {
			login++ // changed
		}
		s := UserShape{
			UserID:      fmt.Sprintf("auth0|%024x", i),
			Connection:  "Username-Password-Authentication",
			Identities:  []IdentityShape{{Provider: "auth0", Connection: "Username-Password-Authentication"}},
			EmailDomain: []string{"example.com", "example.org", "acme.example"}[i%3],
			Blocked:     i%50 == 0,
			LastLogin:   "2025-05-01T10:00:00.000Z",
			LoginsCount: int64(login),
			CreatedAt:   "2023-01-01T10:00:00.000Z",
			UserMetadata: map[string]string{
				"theme": "string", "language": "string", "newsletter": "boolean",
			},
			AppMetadata: map[string]string{"plan": "string", "seats": "number"},
		}
		if i%5 == 0 {
			s.Multifactor = []string{"guardian"}
		}
		tree, _ := treeOf(s)
		users[s.UserID] = canonical(tree, false)
	}
	if variant {
		for i := range n / 200 {
			id := fmt.Sprintf("google-oauth2|%021d", i)
			tree, _ := treeOf(UserShape{UserID: id, Connection: "google-oauth2"})
			users[id] = canonical(tree, false)
		}
	}
	return &Snapshot{
		Version: FormatVersion,
		Tenant:  "https://bench.auth0.example",
		Scan:    ScanSettings{LogWindow: "24h0m0s", MaxLogs: DefaultMaxLogs},
		Kinds: map[Kind]*KindResult{
			KindUsers:          {Status: StatusOK, Count: len(users), Records: users},
			KindTenantSettings: {Status: StatusOK, Count: 1, Records: map[string]json.RawMessage{"settings": json.RawMessage(`{"friendly_name":"Bench"}`)}},
			KindClients:        {Status: StatusForbidden, MissingScopes: []string{"read:clients"}, Records: map[string]json.RawMessage{}},
		},
	}
}

// BenchmarkSnapshotCodec encodes and decodes a snapshot of 100,000 user
// shapes (target: each under 2 s).
//
//	go test -run XXX -bench 'SnapshotCodec|Diff' -benchmem ./inventory/
func BenchmarkSnapshotCodec(b *testing.B) {
	snap := syntheticSnapshot(100_000, false)
	var buf bytes.Buffer
	if err := snap.WriteJSON(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		var out bytes.Buffer
		out.Grow(len(data))
		for range b.N {
			out.Reset()
			if err := snap.WriteJSON(&out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for range b.N {
			s, err := Load(bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			if s.Kind(KindUsers).Count != 100_000 {
				b.Fatal("users lost")
			}
		}
	})
}

// BenchmarkDiff diffs two snapshots of 100,000 users that differ in about
// 2% of them (target: under 2 s).
func BenchmarkDiff(b *testing.B) {
	old, new := syntheticSnapshot(100_000, false), syntheticSnapshot(100_000, true)
	b.ReportAllocs()
	b.ResetTimer()
	var n int
	for range b.N {
		n = len(Diff(old, new))
	}
	b.ReportMetric(float64(n), "changes")
}
