package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// defaultKinds are the kinds a scan reads when Options ask for nothing
// more: all but the per-user ones.
func defaultKinds() []Kind { return slices.DeleteFunc(Kinds(), Kind.PerUser) }

func TestCollectSurfaces(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 4, Preset: auth0test.PresetSmall})
	defer srv.Close()
	tn := srv.Tenant()
	snap, err := Collect(context.Background(), fastClient(t, srv), Options{Now: auth0test.BaseTime, LogWindow: wideWindow,
		Kinds: []Kind{KindClients, KindForms, KindFlows, KindFlowVaultConnections, KindSelfServiceProfiles, KindSCIMConfigurations,
			KindPhoneProviders, KindPhoneTemplates, KindClientCredentials, KindStatsDaily, KindStatsActiveUsers,
			KindEventStreams, KindEncryptionKeys, KindTokenExchangeProfiles, KindUserAttributeProfiles}})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range snap.KindNames() {
		if r := snap.Kind(k); r.Status != StatusOK {
			t.Errorf("%s: %s (%s)", k, r.Status, r.Note())
		}
	}
	same := func(k Kind, want []string) {
		t.Helper()
		got := snap.Kind(k).IDs()
		if !slices.Equal(got, sorted(want)) || len(got) == 0 {
			t.Errorf("%s: ids %v, want %v", k, got, sorted(want))
		}
	}
	same(KindForms, tn.IDs(auth0test.KindForms))
	same(KindFlows, tn.IDs(auth0test.KindFlows))
	same(KindFlowVaultConnections, tn.IDs(auth0test.KindFlowVaultConnections))
	same(KindSelfServiceProfiles, tn.IDs(auth0test.KindSelfServiceProfiles))
	same(KindSCIMConfigurations, tn.SCIMConnections())
	same(KindEventStreams, tn.IDs(auth0test.KindEventStreams))
	same(KindEncryptionKeys, tn.IDs(auth0test.KindEncryptionKeys))
	same(KindTokenExchangeProfiles, tn.IDs(auth0test.KindTokenExchangeProfiles))
	same(KindUserAttributeProfiles, tn.IDs(auth0test.KindUserAttributeProfiles))
	var withCreds []string
	for _, id := range tn.IDs(auth0test.KindClients) {
		if len(tn.ClientCredentialsOf(id)) > 0 {
			withCreds = append(withCreds, id)
		}
	}
	same(KindClientCredentials, withCreds)

	// forms and flows are read whole: nodes and actions
	forms, _ := Records[auth0mgmt.Form](snap, KindForms)
	flows, _ := Records[auth0mgmt.Flow](snap, KindFlows)
	var nodes, actions int
	for _, f := range forms {
		nodes += len(f.Nodes)
	}
	for _, f := range flows {
		actions += len(f.Actions)
	}
	if nodes == 0 || actions == 0 {
		t.Errorf("%d nodes, %d actions", nodes, actions)
	}
	scim, err := Records[SCIMRecord](snap, KindSCIMConfigurations)
	if err != nil || len(scim) == 0 {
		t.Fatal(err)
	}
	for _, s := range scim {
		if len(s.Tokens) == 0 || s.Tokens[0].TokenID == "" || len(s.Configuration.Mapping) == 0 || len(s.Configuration.Extra) != 0 {
			t.Errorf("SCIM record %+v", s)
		}
	}
	creds, _ := Records[ClientCredentialsRecord](snap, KindClientCredentials)
	expiring := 0
	for _, c := range creds {
		if len(c.Credentials) == 0 {
			t.Errorf("credentials %+v", c)
		}
		for _, cr := range c.Credentials {
			if cr.Kid == "" || cr.Alg == "" {
				t.Errorf("credentials %+v", c)
			}
			if cr.ExpiresAt != "" {
				expiring++
			}
		}
	}
	if len(creds) > 0 && expiring == 0 {
		t.Error("no credential with an expiry")
	}
	if got := snap.Kind(KindStatsDaily).Count; got != StatsWindow {
		t.Errorf("%d days of stats, want %d", got, StatsWindow)
	}
	var au ActiveUsersRecord
	if err := json.Unmarshal(snap.Kind(KindStatsActiveUsers).Record("active_users"), &au); err != nil || au.ActiveUsers != tn.ActiveUsers() {
		t.Errorf("active users %+v %v", au, err)
	}
	out, _ := snap.MarshalJSON()
	for _, want := range []string{`"X-Api-Key":"[REDACTED]"`, `"account_name":"[REDACTED]"`, `"auth_token":"[REDACTED]"`,
		`"secret":"[REDACTED]"`, `"flow_id":"af_`, `"app_id":"HTTP"`, `"name":"CRM API"`, `"sid":"AC`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("snapshot lacks %s", want)
		}
	}
}

func TestCollectSurfacesStatuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		faults auth0test.Faults
		kind   Kind
		status Status
		scopes []string
		gaps   []string
	}{
		{"no read:scim_token: configurations without tokens", auth0test.Faults{MissingScopes: []string{"read:scim_token"}},
			KindSCIMConfigurations, StatusPartial, []string{"read:scim_token"}, []string{"tokens"}},
		{"no read:scim_config", auth0test.Faults{MissingScopes: []string{"read:scim_config"}},
			KindSCIMConfigurations, StatusForbidden, []string{"read:scim_config"}, nil},
		{"no read:forms", auth0test.Faults{MissingScopes: []string{"read:forms"}}, KindForms, StatusForbidden, []string{"read:forms"}, nil},
		{"no read:flows_vault_connections", auth0test.Faults{MissingScopes: []string{"read:flows_vault_connections"}},
			KindFlowVaultConnections, StatusForbidden, []string{"read:flows_vault_connections"}, nil},
		{"no read:client_credentials", auth0test.Faults{MissingScopes: []string{"read:client_credentials"}},
			KindClientCredentials, StatusForbidden, []string{"read:client_credentials"}, []string{"credentials"}},
		{"no read:stats", auth0test.Faults{MissingScopes: []string{"read:stats"}}, KindStatsDaily, StatusForbidden, []string{"read:stats"}, nil},
		{"no read:phone_providers", auth0test.Faults{MissingScopes: []string{"read:phone_providers"}}, KindPhoneProviders, StatusForbidden, []string{"read:phone_providers"}, nil},
		{"event streams not on the plan", auth0test.Faults{Unavailable: []string{"event-streams"}}, KindEventStreams, StatusUnavailable, nil, nil},
		{"forms not enabled", auth0test.Faults{Unavailable: []string{"forms"}}, KindForms, StatusUnavailable, nil, nil},
		{"phone not configured", auth0test.Faults{Unconfigured: []string{"phone_providers"}}, KindPhoneProviders, StatusOK, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := auth0test.NewServer(auth0test.Options{Seed: 4, Preset: auth0test.PresetSmall})
			defer srv.Close()
			srv.SetFaults(tc.faults)
			snap, err := Collect(context.Background(), fastClient(t, srv), Options{Now: auth0test.BaseTime, LogWindow: wideWindow})
			if err != nil {
				t.Fatal(err)
			}
			r := snap.Kind(tc.kind)
			var parts []string
			for _, g := range r.Gaps {
				parts = append(parts, g.Part)
			}
			if r.Status != tc.status || !slices.Equal(r.MissingScopes, tc.scopes) || !slices.Equal(slices.Compact(parts), tc.gaps) {
				t.Errorf("%s: %s %v gaps %v (%s), want %s %v %v", tc.kind, r.Status, r.MissingScopes, parts, r.Note(), tc.status, tc.scopes, tc.gaps)
			}
			for _, s := range tc.scopes {
				if !strings.Contains(r.Note(), s) {
					t.Errorf("note %q does not name %s", r.Note(), s)
				}
			}
			if tc.status == StatusPartial {
				scim, _ := Records[SCIMRecord](snap, KindSCIMConfigurations)
				for _, s := range scim {
					if s.Tokens != nil || s.Configuration.ConnectionID == "" {
						t.Errorf("partial SCIM record %+v", s)
					}
				}
			}
			// the others are read as usual (but the stats' other kind)
			for _, k := range defaultKinds() {
				if k != tc.kind && !(tc.kind == KindStatsDaily && k == KindStatsActiveUsers) && !snap.Kind(k).Status.Read() {
					t.Errorf("%s: %s (%s)", k, snap.Kind(k).Status, snap.Kind(k).Note())
				}
			}
		})
	}
}

// TestCollectSCIMFallback: a tenant without the tenant-wide SCIM listing
// is read connection by connection, with the same records.
func TestCollectSCIMFallback(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 4, Preset: auth0test.PresetSmall})
	defer srv.Close()
	opts := Options{Kinds: []Kind{KindSCIMConfigurations}}
	a, err := Collect(context.Background(), fastClient(t, srv), opts)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetFaults(auth0test.Faults{Unavailable: []string{"connections-scim-configurations"}})
	srv.ResetStats()
	b, err := Collect(context.Background(), fastClient(t, srv), opts)
	if err != nil {
		t.Fatal(err)
	}
	ja, _ := a.MarshalJSON()
	jb, _ := b.MarshalJSON()
	if !bytes.Equal(ja, jb) || b.Kind(KindSCIMConfigurations).Status != StatusOK || b.Kind(KindSCIMConfigurations).Count == 0 {
		t.Errorf("fallback snapshot differs:\n%s\n%s", ja, jb)
	}
	if n := srv.Stats().ByRoute["GET /api/v2/connections/{id}/scim-configuration"]; n == 0 {
		t.Errorf("no per-connection read: %v", srv.Stats().ByRoute)
	}
}

func TestCollectPerUser(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 8, Preset: auth0test.PresetSmall})
	defer srv.Close()
	tn := srv.Tenant()
	var mu sync.Mutex
	reports := map[Kind][]Progress{}
	snap, err := Collect(context.Background(), fastClient(t, srv), Options{Now: auth0test.BaseTime, LogWindow: wideWindow,
		UserAuthenticationMethods: true, UserSessions: true, UserRefreshTokens: true,
		Progress: func(p Progress) {
			mu.Lock()
			reports[p.Kind] = append(reports[p.Kind], p)
			mu.Unlock()
		}})
	if err != nil {
		t.Fatal(err)
	}
	users := tn.IDs(auth0test.KindUsers)
	want := map[Kind][]string{}
	for _, id := range users {
		m, s, r := tn.UserSurfaces(id)
		if m > 0 {
			want[KindUserAuthenticationMethods] = append(want[KindUserAuthenticationMethods], id)
		}
		if s > 0 {
			want[KindUserSessions] = append(want[KindUserSessions], id)
		}
		if r > 0 {
			want[KindUserRefreshTokens] = append(want[KindUserRefreshTokens], id)
		}
	}
	for _, k := range perUserKinds {
		r := snap.Kind(k)
		if r == nil || r.Status != StatusOK || !slices.Equal(r.IDs(), sorted(want[k])) || len(want[k]) == 0 {
			t.Errorf("%s: %v, want %d users", k, r, len(want[k]))
			continue
		}
		// users done, of all of them, with an estimate of the time left
		rs := reports[k]
		var withTotal, withETA bool
		for _, p := range rs {
			if !p.Done {
				withTotal = withTotal || p.Total == len(users)
				withETA = withETA || p.Remaining > 0 || p.Count == p.Total
				if p.Count > p.Total {
					t.Errorf("%s: %d of %d", k, p.Count, p.Total)
				}
			}
		}
		if last := rs[len(rs)-1]; !last.Done || last.Count != r.Count || !withTotal || !withETA {
			t.Errorf("%s: reports %+v", k, rs)
		}
	}
	sessions, _ := Records[UserSessionsRecord](snap, KindUserSessions)
	if s := sessions[0]; s.UserID == "" || len(s.Sessions) == 0 || s.Sessions[0].Device == nil {
		t.Errorf("sessions %+v", s)
	}
	methods, _ := Records[UserAuthenticationMethodsRecord](snap, KindUserAuthenticationMethods)
	for _, m := range methods {
		for _, am := range m.AuthenticationMethods {
			if am.PhoneNumber != "" || am.Email != "" {
				t.Errorf("%s: contact kept without FullProfiles: %+v", m.UserID, am)
			}
		}
	}
	// not asked for: not read
	plain, err := Collect(context.Background(), fastClient(t, srv), Options{Kinds: []Kind{KindUsers}})
	if err != nil || plain.Kind(KindUserSessions) != nil {
		t.Errorf("per-user kinds read unasked: %v", err)
	}
}

func TestCollectPerUserStatuses(t *testing.T) {
	t.Parallel()
	t.Run("missing scope stops early", func(t *testing.T) {
		t.Parallel()
		srv := auth0test.NewServer(auth0test.Options{Seed: 8, Preset: auth0test.PresetSmall})
		defer srv.Close()
		srv.SetFaults(auth0test.Faults{MissingScopes: []string{"read:sessions"}})
		snap, err := Collect(context.Background(), fastClient(t, srv), Options{Kinds: []Kind{KindUsers}, UserSessions: true})
		if err != nil {
			t.Fatal(err)
		}
		r := snap.Kind(KindUserSessions)
		if r.Status != StatusForbidden || !slices.Equal(r.MissingScopes, []string{"read:sessions"}) || len(r.Records) != 0 {
			t.Errorf("%s %v %d records", r.Status, r.MissingScopes, len(r.Records))
		}
		if n := srv.Stats().ByRoute["GET /api/v2/users/{id}/sessions"]; n > 2*DefaultConcurrency {
			t.Errorf("%d session requests after the first refusal", n)
		}
	})
	t.Run("users forbidden", func(t *testing.T) {
		t.Parallel()
		srv := auth0test.NewServer(auth0test.Options{Seed: 8})
		defer srv.Close()
		srv.SetFaults(auth0test.Faults{MissingScopes: []string{"read:users"}})
		snap, err := Collect(context.Background(), fastClient(t, srv), Options{Kinds: []Kind{KindUsers, KindClients, KindUserRefreshTokens}})
		if err != nil {
			t.Fatal(err)
		}
		r := snap.Kind(KindUserRefreshTokens)
		if r.Status != StatusForbidden || !slices.Equal(r.MissingScopes, []string{"read:users"}) || !strings.Contains(r.Note(), "read:users") {
			t.Errorf("%s %v (%s)", r.Status, r.MissingScopes, r.Note())
		}
	})
	t.Run("without the users kind", func(t *testing.T) {
		t.Parallel()
		srv := auth0test.NewServer(auth0test.Options{Seed: 8})
		defer srv.Close()
		snap, err := Collect(context.Background(), fastClient(t, srv), Options{Kinds: []Kind{KindUserAuthenticationMethods}})
		if err != nil {
			t.Fatal(err)
		}
		if r := snap.Kind(KindUserAuthenticationMethods); r.Status != StatusOK || snap.Kind(KindUsers) != nil {
			t.Errorf("%v, users %v", r, snap.Kind(KindUsers))
		}
	})
	t.Run("canceled while waiting for the users", func(t *testing.T) {
		t.Parallel()
		srv := auth0test.NewServer(auth0test.Options{Seed: 8})
		defer srv.Close()
		srv.SetFaults(auth0test.Faults{Latency: 50 * time.Millisecond})
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if _, err := Collect(ctx, fastClient(t, srv), Options{UserSessions: true, Concurrency: 1}); err == nil {
			t.Error("no error")
		}
	})
}
