package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// wideWindow covers every log the fake generates (the 30 days before its
// base time).
const wideWindow = 40 * 24 * time.Hour

func fastClient(tb testing.TB, srv *auth0test.Server) *auth0mgmt.Client {
	return clientFor(tb, srv, auth0mgmt.WithExportPollInterval(time.Millisecond),
		auth0mgmt.WithBackoff(time.Millisecond, 20*time.Millisecond))
}

func TestCollectCompleteTenant(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts auth0test.Options
	}{
		{"tiny", auth0test.Options{Seed: 1, Preset: auth0test.PresetTiny}},
		{"small", auth0test.Options{Seed: 2, Preset: auth0test.PresetSmall}},
		// past the 1000 cap: the users export job
		{"export", auth0test.Options{Seed: 3, Preset: auth0test.PresetTiny, ExportPolls: 1,
			Sizes: &auth0test.Sizes{Users: 1234, MembersPerRole: 150, MembersPerOrg: 120}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := auth0test.NewServer(tc.opts)
			defer srv.Close()
			snap, err := Collect(context.Background(), fastClient(t, srv), Options{Now: auth0test.BaseTime, LogWindow: wideWindow})
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range defaultKinds() {
				r := snap.Kind(k)
				if r == nil {
					t.Fatalf("%s: absent", k)
				}
				if r.Status != StatusOK {
					t.Errorf("%s: status %s (%s), want ok", k, r.Status, r.Note())
				}
			}
			if lost := lostRecords(srv.Tenant(), snap); len(lost) > 0 {
				t.Fatalf("records lost: %v", lost)
			}
			if got, want := snap.Kind(KindAttackProtection).Count, 4; got != want {
				t.Errorf("attack protection: %d records, want %d", got, want)
			}
			if got := snap.Kind(KindTriggerBindings).Count; got != len(auth0mgmt.TriggerIDs()) {
				t.Errorf("trigger bindings: %d triggers, want %d", got, len(auth0mgmt.TriggerIDs()))
			}
			if snap.Kind(KindEmailTemplates).Count == 0 {
				t.Error("no email templates")
			}
		})
	}
}

// TestCollectStatuses: kinds the scopes or the tenant do not allow are
// reported as such, the others are read, and the scan succeeds.
func TestCollectStatuses(t *testing.T) {
	t.Parallel()
	type want struct {
		status Status
		scopes []string
		gaps   []string // parts
	}
	for _, tc := range []struct {
		name   string
		faults auth0test.Faults
		want   map[Kind]want
	}{
		{"missing read:clients", auth0test.Faults{MissingScopes: []string{"read:clients"}},
			map[Kind]want{KindClients: {status: StatusForbidden, scopes: []string{"read:clients"}},
				// the applications' credentials are found by listing them
				KindClientCredentials: {status: StatusForbidden, scopes: []string{"read:clients"}}}},
		{"missing read:users", auth0test.Faults{MissingScopes: []string{"read:users"}},
			map[Kind]want{KindUsers: {status: StatusForbidden, scopes: []string{"read:users"}}}},
		{"missing member scopes", auth0test.Faults{MissingScopes: []string{"read:organization_members", "read:organization_invitations"}},
			map[Kind]want{KindOrganizations: {status: StatusPartial,
				scopes: []string{"read:organization_invitations", "read:organization_members"},
				gaps:   []string{"invitations", "members"}}}},
		{"missing read:attack_protection", auth0test.Faults{MissingScopes: []string{"read:attack_protection"}},
			map[Kind]want{KindAttackProtection: {status: StatusForbidden, scopes: []string{"read:attack_protection"},
				gaps: []string{"bot-detection", "breached-password-detection", "brute-force-protection", "suspicious-ip-throttling"}},
				KindRiskAssessments: {status: StatusForbidden, scopes: []string{"read:attack_protection"}, gaps: []string{"new-device", "settings"}}}},
		{"missing read:email_templates", auth0test.Faults{MissingScopes: []string{"read:email_templates"}},
			map[Kind]want{KindEmailTemplates: {status: StatusForbidden, scopes: []string{"read:email_templates"}}}},
		{"unconfigured", auth0test.Faults{Unconfigured: []string{"email_provider", "email_templates", "custom_domains", "log_streams"}},
			map[Kind]want{
				KindEmailProvider:  {status: StatusNotConfigured},
				KindEmailTemplates: {status: StatusNotConfigured},
				KindCustomDomains:  {status: StatusOK},
				KindLogStreams:     {status: StatusOK},
			}},
		{"rules and hooks gone", auth0test.Faults{Unavailable: []string{"rules", "hooks"}},
			map[Kind]want{
				KindRules:        {status: StatusUnavailable},
				KindRulesConfigs: {status: StatusUnavailable},
				KindHooks:        {status: StatusUnavailable},
				KindHookSecrets:  {status: StatusUnavailable},
			}},
		{"organizations not enabled", auth0test.Faults{Unavailable: []string{"organizations"}},
			map[Kind]want{KindOrganizations: {status: StatusForbidden},
				// a tenant without organizations has none of their parts
				KindOrganizationDiscoveryDomains: {status: StatusUnavailable},
				KindOrganizationClientGrants:     {status: StatusUnavailable}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := auth0test.NewServer(auth0test.Options{Seed: 11, Preset: auth0test.PresetTiny})
			defer srv.Close()
			srv.SetFaults(tc.faults)
			snap, err := Collect(context.Background(), fastClient(t, srv), Options{Now: auth0test.BaseTime, LogWindow: wideWindow})
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range defaultKinds() {
				r := snap.Kind(k)
				w, special := tc.want[k]
				if !special {
					w = want{status: StatusOK}
				}
				if r.Status != w.status {
					t.Errorf("%s: status %s (%s), want %s", k, r.Status, r.Note(), w.status)
					continue
				}
				if !slices.Equal(r.MissingScopes, w.scopes) {
					t.Errorf("%s: missing scopes %v, want %v", k, r.MissingScopes, w.scopes)
				}
				if w.gaps != nil {
					var parts []string
					for _, g := range r.Gaps {
						parts = append(parts, g.Part)
					}
					if !slices.Equal(parts, w.gaps) {
						t.Errorf("%s: gaps %v, want %v", k, parts, w.gaps)
					}
				}
				if !r.Status.Read() && len(r.Records) > 0 {
					t.Errorf("%s: %s with %d records", k, r.Status, len(r.Records))
				}
			}
		})
	}
}

// TestCollectPartialIsPrecise: a sub-listing that fails leaves its records
// without the part (absent, not empty) and names them in the gap.
func TestCollectPartialIsPrecise(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 5, Preset: auth0test.PresetTiny})
	defer srv.Close()
	srv.SetFaults(auth0test.Faults{MissingScopes: []string{"read:organization_invitations"}})
	snap, err := Collect(context.Background(), fastClient(t, srv), Options{Kinds: []Kind{KindOrganizations}})
	if err != nil {
		t.Fatal(err)
	}
	r := snap.Kind(KindOrganizations)
	if r.Status != StatusPartial || len(r.Gaps) != 1 {
		t.Fatalf("status %s, gaps %+v", r.Status, r.Gaps)
	}
	g := r.Gaps[0]
	if g.Part != "invitations" || g.Status != StatusForbidden || !slices.Equal(g.IDs, srv.Tenant().IDs(auth0test.KindOrganizations)) && !slices.Equal(g.IDs, sorted(srv.Tenant().IDs(auth0test.KindOrganizations))) {
		t.Fatalf("gap %+v", g)
	}
	orgs, err := Records[OrganizationRecord](snap, KindOrganizations)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Invitations != nil {
			t.Errorf("%s: invitations %v, want absent", o.Organization.ID, o.Invitations)
		}
		if o.Members == nil || o.EnabledConnections == nil {
			t.Errorf("%s: members or connections missing", o.Organization.ID)
		}
		if bytes.Contains(r.Records[o.Organization.ID], []byte(`"invitations"`)) {
			t.Errorf("%s: record claims invitations", o.Organization.ID)
		}
	}
	if !strings.Contains(r.Note(), "read:organization_invitations") {
		t.Errorf("note %q does not name the scope", r.Note())
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestCollectUnreadable(t *testing.T) {
	t.Parallel()
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL
	down.Close() // nothing listens there any more
	for _, tc := range []struct {
		name   string
		client func(t *testing.T) *auth0mgmt.Client
		is     error
	}{
		{"wrong secret", func(t *testing.T) *auth0mgmt.Client {
			srv := auth0test.NewServer(auth0test.Options{Seed: 1})
			t.Cleanup(srv.Close)
			id, _ := srv.ClientCredentials()
			cl, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: "wrong"})
			if err != nil {
				t.Fatal(err)
			}
			return cl
		}, auth0mgmt.ErrUnauthorized},
		{"revoked token", func(t *testing.T) *auth0mgmt.Client {
			srv := auth0test.NewServer(auth0test.Options{Seed: 1})
			t.Cleanup(srv.Close)
			cl, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: "not-a-token"})
			if err != nil {
				t.Fatal(err)
			}
			return cl
		}, auth0mgmt.ErrUnauthorized},
		{"no scope at all", func(t *testing.T) *auth0mgmt.Client {
			srv := auth0test.NewServer(auth0test.Options{Seed: 1, Scopes: []string{"read:grants"}})
			t.Cleanup(srv.Close)
			return fastClient(t, srv)
		}, auth0mgmt.ErrInsufficientScope},
		{"host down", func(t *testing.T) *auth0mgmt.Client {
			cl, err := auth0mgmt.New(auth0mgmt.Config{Domain: downURL, ClientID: "id", ClientSecret: "secret"})
			if err != nil {
				t.Fatal(err)
			}
			return cl
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			snap, err := Collect(context.Background(), tc.client(t), Options{})
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("err = %v, want ErrUnreadable", err)
			}
			if snap != nil {
				t.Error("snapshot returned with the error")
			}
			if tc.is != nil && !errors.Is(err, tc.is) && !strings.Contains(err.Error(), "forbidden") {
				t.Errorf("err = %v, want it to wrap %v", err, tc.is)
			}
			if strings.Contains(err.Error(), "wrong") || strings.Contains(err.Error(), "not-a-token") {
				t.Errorf("credentials in the error: %v", err)
			}
		})
	}
}

// TestCollectWithFaults: 5xx answers, dropped connections and truncated
// bodies (about 2% each) are retried; nothing is lost.
func TestCollectWithFaults(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 9, Preset: auth0test.PresetSmall, RateLimit: 2000, Burst: 200,
		ExportPolls: 1, Sizes: &auth0test.Sizes{Users: 1500}})
	defer srv.Close()
	srv.SetFaults(auth0test.Faults{ServerErrorRate: 0.02, DropRate: 0.02, TruncateRate: 0.02})
	snap, err := Collect(context.Background(), fastClient(t, srv), Options{Now: auth0test.BaseTime, LogWindow: wideWindow})
	if err != nil {
		t.Fatal(err)
	}
	if lost := lostRecords(srv.Tenant(), snap); len(lost) > 0 {
		t.Fatalf("records lost: %v", lost)
	}
	for _, k := range defaultKinds() {
		if st := snap.Kind(k).Status; st != StatusOK {
			t.Errorf("%s: %s (%s)", k, st, snap.Kind(k).Note())
		}
	}
	st := srv.Stats()
	if st.Faults == 0 {
		t.Error("no fault was injected")
	}
	t.Logf("%d requests, %d faults %v", st.Total, st.Faults, st.FaultsByKind)
}

// TestCollectDeterministic: two scans of an unchanged tenant give the same
// bytes.
func TestCollectDeterministic(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 4, Preset: auth0test.PresetTiny})
	defer srv.Close()
	cl := fastClient(t, srv)
	var out [2][]byte
	for i := range out {
		snap, err := Collect(context.Background(), cl, Options{Now: auth0test.BaseTime, LogWindow: wideWindow, Concurrency: 3 + i*5})
		if err != nil {
			t.Fatal(err)
		}
		if out[i], err = snap.MarshalJSON(); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Fatal("two scans of the same tenant differ")
	}
}

// TestCollectTwoTenants: two tenants collected at once share nothing.
func TestCollectTwoTenants(t *testing.T) {
	t.Parallel()
	srvs := []*auth0test.Server{
		auth0test.NewServer(auth0test.Options{Seed: 21, Preset: auth0test.PresetSmall, RateLimit: 500, Burst: 50}),
		auth0test.NewServer(auth0test.Options{Seed: 22, Preset: auth0test.PresetTiny, RateLimit: 500, Burst: 50,
			Scopes: withoutScope(auth0test.AllReadScopes(), "read:clients")}),
	}
	snaps := make([]*Snapshot, len(srvs))
	errs := make([]error, len(srvs))
	var wg sync.WaitGroup
	for i, srv := range srvs {
		defer srv.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			snaps[i], errs[i] = Collect(context.Background(), fastClient(t, srv), Options{Now: auth0test.BaseTime, LogWindow: wideWindow})
		}()
	}
	wg.Wait()
	for i, srv := range srvs {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if snaps[i].Tenant != srv.URL() {
			t.Errorf("snapshot %d is of %s, want %s", i, snaps[i].Tenant, srv.URL())
		}
		if got, want := snaps[i].Kind(KindUsers).Count, srv.Tenant().Count(auth0test.KindUsers); got != want {
			t.Errorf("tenant %d: %d users, want %d", i, got, want)
		}
	}
	if snaps[0].Kind(KindClients).Status != StatusOK || snaps[1].Kind(KindClients).Status != StatusForbidden {
		t.Errorf("clients: %s and %s, want ok and forbidden", snaps[0].Kind(KindClients).Status, snaps[1].Kind(KindClients).Status)
	}
}

func withoutScope(scopes []string, drop string) []string {
	return slices.DeleteFunc(scopes, func(s string) bool { return s == drop })
}

func TestCollectProgress(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 6, Preset: auth0test.PresetSmall})
	defer srv.Close()
	var (
		inCall atomic.Int32
		last   = map[Kind]int{}
		done   = map[Kind]Status{}
		bad    []string
	)
	snap, err := Collect(context.Background(), fastClient(t, srv), Options{
		Now: auth0test.BaseTime, LogWindow: wideWindow,
		Progress: func(p Progress) {
			if inCall.Add(1) != 1 {
				bad = append(bad, "concurrent call")
			}
			defer inCall.Add(-1)
			if _, ok := done[p.Kind]; ok {
				bad = append(bad, string(p.Kind)+": report after done")
			}
			if p.Count < last[p.Kind] {
				bad = append(bad, string(p.Kind)+": count went down")
			}
			last[p.Kind] = p.Count
			if p.Done {
				done[p.Kind] = p.Status
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Fatal(bad)
	}
	for _, k := range defaultKinds() {
		r := snap.Kind(k)
		st, ok := done[k]
		if !ok || st != r.Status || last[k] != r.Count {
			t.Errorf("%s: final report %v %s count %d, snapshot %s %d", k, ok, st, last[k], r.Status, r.Count)
		}
	}
}

func TestCollectUsers(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 8, Preset: auth0test.PresetTiny})
	t.Cleanup(srv.Close)
	cl := fastClient(t, srv)
	for _, tc := range []struct {
		name       string
		full       bool
		want, deny []string
	}{
		{"shapes", false, []string{`"email_domain":`, `"app_metadata":{`, `"identities":[{"connection":`, `"logins_count":`},
			[]string{`"email":`, `"name":`, `"picture":`, `"last_ip":`, `"given_name":`}},
		{"full profiles", true, []string{`"email":`, `"name":`, `"picture":`, `"identities":`}, []string{`"email_domain":`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			snap, err := Collect(context.Background(), cl, Options{Kinds: []Kind{KindUsers, KindOrganizations}, FullProfiles: tc.full})
			if err != nil {
				t.Fatal(err)
			}
			var all []byte
			for _, rec := range snap.Kind(KindUsers).Records {
				all = append(all, rec...)
			}
			for _, s := range tc.want {
				if !bytes.Contains(all, []byte(s)) {
					t.Errorf("no %s in the user records", s)
				}
			}
			for _, s := range tc.deny {
				if bytes.Contains(all, []byte(s)) {
					t.Errorf("%s in the user records", s)
				}
			}
			if snap.Scan.FullProfiles != tc.full {
				t.Error("scan settings do not say which")
			}
			// invitations: the invitee's email only in full profiles
			orgs, _ := snap.MarshalJSON()
			if hasEmail := bytes.Contains(orgs, []byte(`"invitee":{"email":`)); hasEmail != tc.full {
				t.Errorf("invitee email present: %v", hasEmail)
			}
			if strings.Contains(string(orgs), `"inviter":`) != tc.full {
				t.Error("inviter presence does not follow FullProfiles")
			}
		})
	}
	// Shapes against the fake's own data.
	snap, err := Collect(context.Background(), cl, Options{Kinds: []Kind{KindUsers}})
	if err != nil {
		t.Fatal(err)
	}
	users, err := Records[UserShape](snap, KindUsers)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		raw, ok := srv.Tenant().Object(auth0test.KindUsers, u.UserID)
		if !ok {
			t.Fatalf("%s: unknown to the fake", u.UserID)
		}
		var full auth0mgmt.User
		if err := json.Unmarshal(raw, &full); err != nil {
			t.Fatal(err)
		}
		want := ShapeOf(&full)
		if u.EmailDomain != want.EmailDomain || u.Connection != want.Connection || u.Blocked != want.Blocked ||
			u.LoginsCount != want.LoginsCount || len(u.AppMetadata) != len(want.AppMetadata) || len(u.UserMetadata) != len(want.UserMetadata) {
			t.Errorf("%s: shape %+v, want %+v", u.UserID, u, want)
		}
		for k, typ := range u.UserMetadata {
			if typ == Redacted || want.UserMetadata[k] != typ {
				t.Errorf("%s: user_metadata.%s type %q, want %q", u.UserID, k, typ, want.UserMetadata[k])
			}
		}
	}
}

func TestCollectLogWindow(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 10, Preset: auth0test.PresetSmall})
	t.Cleanup(srv.Close)
	cl := fastClient(t, srv)
	// The fake's 400 logs span the 30 days before BaseTime.
	var dates []string
	for _, id := range srv.Tenant().IDs(auth0test.KindLogs) {
		raw, _ := srv.Tenant().Object(auth0test.KindLogs, id)
		var l auth0mgmt.Log
		if err := json.Unmarshal(raw, &l); err != nil {
			t.Fatal(err)
		}
		dates = append(dates, l.Date)
	}
	inWindow := func(w time.Duration) int {
		since := auth0test.BaseTime().Add(-w).Format("2006-01-02T15:04:05.000Z")
		n := 0
		for _, d := range dates {
			if d >= since {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		name    string
		window  time.Duration
		maxLogs int
		want    int
		status  Status
	}{
		{"default window", 0, 0, inWindow(24 * time.Hour), StatusOK},
		{"a week", 7 * 24 * time.Hour, 0, inWindow(7 * 24 * time.Hour), StatusOK},
		{"all", wideWindow, 0, len(dates), StatusOK},
		{"bounded", wideWindow, 150, 150, StatusPartial},
		{"bounded below a page", wideWindow, 30, 30, StatusPartial},
		{"none", 0, -1, -1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			snap, err := Collect(context.Background(), cl, Options{Kinds: []Kind{KindLogs, KindPrompts}, Now: auth0test.BaseTime,
				LogWindow: tc.window, MaxLogs: tc.maxLogs})
			if err != nil {
				t.Fatal(err)
			}
			r := snap.Kind(KindLogs)
			if tc.want < 0 {
				if r != nil {
					t.Fatal("logs read with MaxLogs < 0")
				}
				return
			}
			if r.Count != tc.want || r.Status != tc.status {
				t.Fatalf("%d logs, status %s (%s); want %d, %s", r.Count, r.Status, r.Note(), tc.want, tc.status)
			}
			// The oldest of the window first.
			ids := r.IDs()
			all := srv.Tenant().IDs(auth0test.KindLogs)
			first := slices.Index(all, ids[0])
			if !slices.Equal(all[first:first+len(ids)], ids) {
				t.Error("the logs read are not a contiguous run of the tenant's")
			}
		})
	}
}

func TestCollectCanceled(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 1, Preset: auth0test.PresetSmall})
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err := Collect(ctx, fastClient(t, srv), Options{Progress: func(Progress) {
		calls++
		if calls == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestCollectOptions(t *testing.T) {
	t.Parallel()
	if _, err := Collect(context.Background(), nil, Options{}); err == nil {
		t.Error("nil client accepted")
	}
	srv := auth0test.NewServer(auth0test.Options{Seed: 1})
	defer srv.Close()
	if _, err := Collect(context.Background(), fastClient(t, srv), Options{Kinds: []Kind{"widgets"}}); err == nil {
		t.Error("unknown kind accepted")
	}
	for field, o := range map[string]Options{
		"Options.Concurrency": {Concurrency: -1},
		"Options.LogWindow":   {LogWindow: -time.Hour},
	} {
		before := srv.Stats().Total
		_, err := Collect(context.Background(), fastClient(t, srv), o)
		if err == nil || !strings.Contains(err.Error(), field) || !strings.Contains(err.Error(), "or 0 for Default") {
			t.Errorf("%s negative: err = %v", field, err)
		}
		if srv.Stats().Total != before {
			t.Errorf("%s negative: requests were sent", field)
		}
	}
	snap, err := Collect(context.Background(), fastClient(t, srv), Options{Kinds: []Kind{KindClients}, RecordCollectedAt: true, Now: auth0test.BaseTime})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Kinds) != 1 || snap.Kind(KindClients) == nil {
		t.Errorf("kinds %v, want clients only", snap.KindNames())
	}
	if !snap.CollectedAt.Equal(auth0test.BaseTime()) {
		t.Errorf("collected at %v", snap.CollectedAt)
	}
	b, _ := snap.MarshalJSON()
	if !bytes.Contains(b, []byte(`"collected_at":"2025-06-02T09:30:00Z"`)) {
		t.Errorf("collected_at not written: %.200s", b)
	}
}

// TestCollectMemberRolesFallback: where the token may list members but not
// their roles (the real API wants read:organization_member_roles for the
// inline roles; the fake does not check it, so a wrapper answers as the
// API would), the members are kept without roles and the roles are a gap.
func TestCollectMemberRolesFallback(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 14, Preset: auth0test.PresetTiny})
	defer srv.Close()
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/members") && strings.Contains(r.URL.Query().Get("fields"), "roles") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:organization_member_roles","errorCode":"insufficient_scope"}`))
			return
		}
		srv.ServeHTTP(w, r)
	}))
	defer front.Close()
	cl, err := auth0mgmt.New(auth0mgmt.Config{Domain: front.URL, Token: srv.Token()})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := Collect(context.Background(), cl, Options{Kinds: []Kind{KindOrganizations}})
	if err != nil {
		t.Fatal(err)
	}
	r := snap.Kind(KindOrganizations)
	if r.Status != StatusPartial || !slices.Equal(r.MissingScopes, []string{"read:organization_member_roles"}) ||
		len(r.Gaps) != 1 || r.Gaps[0].Part != "member_roles" || len(r.Gaps[0].IDs) != srv.Tenant().Count(auth0test.KindOrganizations) {
		t.Fatalf("status %s, scopes %v, gaps %+v", r.Status, r.MissingScopes, r.Gaps)
	}
	orgs, err := Records[OrganizationRecord](snap, KindOrganizations)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if want := srv.Tenant().OrganizationMembers(o.Organization.ID); len(o.Members) != len(want) {
			t.Errorf("%s: %d members, want %d", o.Organization.ID, len(o.Members), len(want))
		}
		for _, m := range o.Members {
			if m.Roles != nil {
				t.Errorf("%s: member %s claims roles %v", o.Organization.ID, m.UserID, m.Roles)
			}
		}
	}
}

func TestCollectLogsPrivacy(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 10, Preset: auth0test.PresetSmall})
	t.Cleanup(srv.Close)
	cl := fastClient(t, srv)
	for _, full := range []bool{false, true} {
		snap, err := Collect(context.Background(), cl, Options{Kinds: []Kind{KindLogs}, Now: auth0test.BaseTime, LogWindow: wideWindow, FullProfiles: full})
		if err != nil {
			t.Fatal(err)
		}
		named, withIP := 0, 0
		for _, id := range snap.Kind(KindLogs).IDs() {
			var rec map[string]any
			if err := json.Unmarshal(snap.Kind(KindLogs).Record(id), &rec); err != nil {
				t.Fatal(err)
			}
			if un, _ := rec["user_name"].(string); strings.Contains(un, "@") {
				named++
			}
			if ip, _ := rec["ip"].(string); ip != "" {
				withIP++
			}
			if loc, ok := rec["location_info"].(map[string]any); ok && !full {
				for k := range loc {
					if k != "country_code" {
						t.Fatalf("location_info keeps %q without FullProfiles", k)
					}
				}
			}
		}
		if full && named == 0 {
			t.Error("FullProfiles dropped log user names")
		}
		if !full && named != 0 {
			t.Errorf("%d log records keep an email user name without FullProfiles", named)
		}
		if withIP == 0 {
			t.Error("log IP addresses were dropped")
		}
	}
}

// The snapshot names the application that took it (the scanner's own
// client), and keeps it through a save and a load.
func TestSnapshotRecordsScannerClient(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 5})
	t.Cleanup(srv.Close)
	snap, err := Collect(context.Background(), clientFor(t, srv), Options{Kinds: []Kind{KindClients}})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := srv.ClientCredentials()
	if snap.Scan.ClientID != id {
		t.Fatalf("scan client %q, want %q", snap.Scan.ClientID, id)
	}
	b, err := snap.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load(bytes.NewReader(b))
	if err != nil || back.Scan.ClientID != id {
		t.Fatalf("after a round trip: %v %q", err, back.Scan.ClientID)
	}
}
