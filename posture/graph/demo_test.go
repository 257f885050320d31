package graph

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// collectTenant scans a generated tenant (no rate limit) and returns its
// snapshot as bytes.
func collectTenant(tb testing.TB, seed int64, preset auth0test.Preset, sizes *auth0test.Sizes) []byte {
	tb.Helper()
	return collectTenantWith(tb, seed, preset, sizes, false, nil)
}

// collectTenantWith is collectTenant, reading users' direct permissions
// when userPerms, with a look at the fake's tenant before it closes.
func collectTenantWith(tb testing.TB, seed int64, preset auth0test.Preset, sizes *auth0test.Sizes, userPerms bool, look func(*auth0test.Tenant)) []byte {
	tb.Helper()
	srv := auth0test.NewServer(auth0test.Options{Seed: seed, Preset: preset, Sizes: sizes, ExportPolls: -1})
	defer srv.Close()
	if look != nil {
		look(srv.Tenant())
	}
	id, secret := srv.ClientCredentials()
	cl, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: secret})
	if err != nil {
		tb.Fatal(err)
	}
	snap, err := inventory.Collect(context.Background(), cl, inventory.Options{
		Now: auth0test.BaseTime, LogWindow: 24 * time.Hour, Tenant: "https://" + srv.Tenant().Domain(),
		UserPermissions: userPerms})
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := snap.WriteJSON(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

var (
	demoOnce, cleanOnce, demoPermsOnce sync.Once
	demoData, cleanData, demoPermsData []byte
	// demoDirect is each demo user's direct permissions
	// ("identifier permission"), as the fake holds them
	demoDirect map[string][]string
)

// demoPermsTenant is the demo tenant scanned with its users' direct
// permissions (-user-permissions), decoded afresh.
func demoPermsTenant(t *testing.T) *model.Tenant {
	t.Helper()
	demoPermsOnce.Do(func() {
		demoPermsData = collectTenantWith(t, 42, auth0test.PresetSmall, nil, true, func(tn *auth0test.Tenant) {
			demoDirect = map[string][]string{}
			for _, id := range tn.IDs(auth0test.KindUsers) {
				if ps := tn.UserDirectPermissions(id); len(ps) > 0 {
					demoDirect[id] = ps
				}
			}
		})
	})
	s, err := inventory.Load(bytes.NewReader(demoPermsData))
	if err != nil {
		t.Fatal(err)
	}
	return model.New(s)
}

// demoTenant is the demo tenant (preset small, seed 42), decoded afresh.
func demoTenant(t *testing.T) *model.Tenant {
	t.Helper()
	demoOnce.Do(func() { demoData = collectTenant(t, 42, auth0test.PresetSmall, nil) })
	s, err := inventory.Load(bytes.NewReader(demoData))
	if err != nil {
		t.Fatal(err)
	}
	return model.New(s)
}

func cleanTenant(t *testing.T) *model.Tenant {
	t.Helper()
	cleanOnce.Do(func() { cleanData = collectTenant(t, 42, auth0test.PresetClean, nil) })
	s, err := inventory.Load(bytes.NewReader(cleanData))
	if err != nil {
		t.Fatal(err)
	}
	return model.New(s)
}

// pathSignature writes a path as "kind impact: foothold > scripts >
// privilege".
func pathSignature(p Path) string {
	var scripts []string
	for _, s := range p.Steps {
		if s.Line > 0 && (len(scripts) == 0 || scripts[len(scripts)-1] != s.Name) {
			scripts = append(scripts, s.Name)
		}
	}
	return fmt.Sprintf("%s %s: %s > %s > %s", p.Kind, p.Impact, p.Steps[0].Name, strings.Join(scripts, " > "), p.Privilege)
}

// The demo tenant carries the three example paths (and the MFA one), and
// the analysis finds exactly those: none through the safe look-alikes
// (the locale claim, the gold-plan scope, the Audit Exporter on Private
// Key JWT, the signup-only email checks, the draft that does not parse).
func TestDemoPaths(t *testing.T) {
	t.Parallel()
	g, err := Build(demoTenant(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range g.Paths {
		got = append(got, pathSignature(p))
	}
	slices.Sort(got)
	want := []string{
		"federated_email_to_privilege critical: contoso-azure > Grant staff access by email domain > scope admin:all of Orders API",
		"federated_email_to_privilege critical: corp-saml > Grant staff access by email domain > scope admin:all of Orders API",
		"federated_email_to_privilege critical: partner-oauth2 > Grant staff access by email domain > scope admin:all of Orders API",
		"federated_email_to_privilege critical: partner-okta > Grant staff access by email domain > scope admin:all of Orders API",
		"request_input_skips_mfa high: authlens-demo.auth0.example > Skip MFA for trusted callers > a login without the second factor",
		"request_input_skips_mfa high: authlens-demo.auth0.example > Skip MFA from office network > a login without the second factor",
		"shared_secret_to_management_api critical: API Explorer Application >  > 47 Management API scope(s) that take the tenant over (create:actions, create:client_grants, create:client_keys and 44 more)",
		"shared_secret_to_management_api critical: Management Automation >  > 5 Management API scope(s) that take the tenant over (create:client_grants, create:users, update:clients and 2 more)",
		"shared_secret_to_management_api high: Reporting Service >  > 2 Management API scope(s) that read personal data or secrets in bulk (read:logs, read:users)",
		// a generated application with read:users on a shared secret
		"shared_secret_to_management_api high: Umbrella Kiosk 23 >  > 1 Management API scope(s) that read personal data or secrets in bulk (read:users)",
		"user_input_to_privilege critical: Username-Password-Authentication > Add scopes from metadata > any scope an application may request",
		"user_input_to_privilege critical: Username-Password-Authentication > Grant requested scopes > any scope an application may request",
		"user_input_to_privilege critical: Username-Password-Authentication > Sync role from profile > Add role claim > access token claim https://authlens-demo.example/role",
		"user_input_to_privilege critical: Username-Password-Authentication > Sync role from profile > Add role claim > scope admin:all of Orders API",
	}
	if !slices.Equal(got, want) {
		t.Errorf("demo paths:\n got  %q\n want %q", got, want)
	}
	for _, p := range g.Paths {
		if strings.Contains(p.Title, "Personalize") || strings.Contains(p.Title, "Premium") || strings.Contains(p.Title, "Audit Exporter") {
			t.Errorf("a path through a safe look-alike: %s", p.Title)
		}
		if p.ID == "" || p.Break == "" || p.Breaks < 0 || p.Breaks >= len(p.Steps) || p.Foothold == "" || p.Privilege == "" {
			t.Errorf("incomplete path %+v", p)
		}
	}
	if len(g.Unjudged) != 0 || len(g.Missing) != 0 {
		t.Errorf("unjudged %+v, missing %v", g.Unjudged, g.Missing)
	}
	// the safe look-alikes are in the graph all the same
	for _, key := range []string{"auth0_metadata_field:user_metadata.language", "auth0_claim:id_token https://authlens-demo.example/locale",
		"auth0_metadata_field:app_metadata.plan"} {
		e, ok := g.Entity(key)
		if !ok {
			t.Errorf("no entity %s", key)
		} else if e.Properties["written_from_user_input"] == true || e.Properties["authorization"] == true {
			t.Errorf("%s: %v", key, e.Properties)
		}
	}
	var buf, again bytes.Buffer
	if err := g.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	g2, err := Build(demoTenant(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := g2.WriteJSON(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) || !reflect.DeepEqual(g.Paths, g2.Paths) {
		t.Error("two builds of the demo tenant differ")
	}
	for _, secret := range []string{auth0test.DefaultClientSecret, "Legacy-DB-Passw0rd!", "a8Fj3kL0pQ9zX2mN7vB4cD6e", "crm_live_9f8e7d6c5b4a3928170615", inventory.Redacted} {
		if bytes.Contains(buf.Bytes(), []byte(secret)) {
			t.Errorf("the graph holds %.6s…", secret)
		}
	}
}

// The clean preset has no path.
func TestCleanTenantHasNoPaths(t *testing.T) {
	t.Parallel()
	g, err := Build(cleanTenant(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range g.Paths {
		t.Errorf("path on the clean tenant: %s", p.Title)
	}
	if len(g.Unjudged) != 0 || len(g.Missing) != 0 {
		t.Errorf("unjudged %+v, missing %v", g.Unjudged, g.Missing)
	}
}

// PathNeeds is enough: a graph built from only the kinds one path kind
// needs finds the same paths of that kind as the whole graph.
func TestPathNeedsSuffice(t *testing.T) {
	t.Parallel()
	whole, err := Build(demoTenant(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range PathKinds() {
		part, err := Build(demoTenant(t), Options{Kinds: PathNeeds(k)})
		if err != nil {
			t.Fatal(err)
		}
		var a, b []Path
		for _, p := range whole.Paths {
			if p.Kind == k {
				a = append(a, p)
			}
		}
		for _, p := range part.Paths {
			if p.Kind == k {
				b = append(b, p)
			}
		}
		if len(a) == 0 || !reflect.DeepEqual(a, b) {
			t.Errorf("%s: %d paths from every kind, %d from its own", k, len(a), len(b))
		}
	}
}

// The demo tenant scanned with -user-permissions: every user's Access
// lists exactly the permissions the fake grants it directly, through
// WayDirectPermission, and the graph holds one user ASSIGNED scope for
// each; scanned without, Access says they were not read. The paths are
// the same either way (no kind of path is about a held scope).
func TestDemoDirectPermissions(t *testing.T) {
	t.Parallel()
	with, err := Build(demoPermsTenant(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	without, err := Build(demoTenant(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(demoDirect) == 0 {
		t.Fatal("the demo tenant grants no permission directly")
	}
	total := 0
	for _, ps := range demoDirect {
		total += len(ps)
	}
	rels := 0
	for _, r := range with.Relationships {
		if r.Type == "auth0_user_assigned_scope" {
			rels++
		}
	}
	t.Logf("%d users hold %d permissions directly", len(demoDirect), total)
	if rels != total {
		t.Errorf("%d user ASSIGNED scope relationships, want %d", rels, total)
	}
	for _, tc := range []struct {
		name    string
		g       *Graph
		read    bool
		notRead string
	}{
		{name: "with -user-permissions", g: with, read: true},
		{name: "without", g: without, notRead: "tenantscan -user-permissions, inventory.Options.UserPermissions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			users := 0
			for _, e := range tc.g.Entities {
				if e.Type != TypeUser {
					continue
				}
				users++
				a, err := tc.g.Access(e.ID)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, gr := range a.Grants {
					if gr.Via[len(gr.Via)-1].Detail == WayDirectPermission {
						got = append(got, gr.API+" "+gr.Scope)
					}
				}
				var want []string
				if tc.read {
					want = slices.Sorted(slices.Values(demoDirect[e.ID]))
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: direct %q, want %q", e.ID, got, want)
				}
				switch {
				case tc.read && len(a.NotRead) != 0:
					t.Errorf("%s: NotRead %q", e.ID, a.NotRead)
				case !tc.read && (len(a.NotRead) != 1 || !strings.Contains(a.NotRead[0], tc.notRead)):
					t.Errorf("%s: NotRead %q, want it to name %q", e.ID, a.NotRead, tc.notRead)
				}
			}
			if users == 0 {
				t.Error("no user")
			}
		})
	}
	if !reflect.DeepEqual(with.Paths, without.Paths) {
		t.Errorf("direct permissions changed the paths: %d with, %d without", len(with.Paths), len(without.Paths))
	}
}
