package inventory

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

var orgSurfaceKinds = []Kind{KindOrganizationDiscoveryDomains, KindOrganizationClientGrants, KindConnectionKeys,
	KindPromptRenderings, KindBrandingThemes, KindUniversalLoginTemplate}

func TestCollectOrgSurfaces(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 4, Preset: auth0test.PresetSmall})
	defer srv.Close()
	tn := srv.Tenant()
	for _, withParents := range []bool{true, false} {
		kinds := slices.Clone(orgSurfaceKinds)
		if withParents {
			kinds = append(kinds, KindOrganizations, KindConnections)
		}
		snap, err := Collect(context.Background(), fastClient(t, srv), Options{Now: auth0test.BaseTime, LogWindow: wideWindow, Kinds: kinds})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range kinds {
			if r := snap.Kind(k); r.Status != StatusOK || r.Count == 0 {
				t.Errorf("parents read %v: %s: %s, %d records (%s)", withParents, k, r.Status, r.Count, r.Note())
			}
		}
		org0 := tn.IDs(auth0test.KindOrganizations)[0]
		if ids := snap.Kind(KindOrganizationDiscoveryDomains).IDs(); !slices.Equal(ids, []string{org0}) {
			t.Errorf("discovery domains of %v, want %s", ids, org0)
		}
		recs, err := Records[ConnectionKeysRecord](snap, KindConnectionKeys)
		if err != nil || len(recs) == 0 {
			t.Fatalf("connection keys %v, %v", recs, err)
		}
		for _, rec := range recs {
			if rec.Strategy != "oidc" && rec.Strategy != "okta" || len(rec.Keys) != 2 {
				t.Errorf("keys of %s (%s): %d", rec.ConnectionName, rec.Strategy, len(rec.Keys))
			}
			for _, k := range rec.Keys {
				// public material: nothing redacted
				if _, err := k.NotAfter(); err != nil || strings.Contains(k.Cert, Redacted) || k.Kid == Redacted {
					t.Errorf("key %s: %v", k.Kid, err)
				}
			}
		}
		if snap.Kind(KindPromptRenderings).Record(PromptRenderingID("login-id", "login-id")) == nil {
			t.Errorf("renderings %v", snap.Kind(KindPromptRenderings).IDs())
		}
		if snap.Kind(KindUniversalLoginTemplate).Record(UniversalLoginTemplateID) == nil || snap.Kind(KindBrandingThemes).Record(BrandingThemeID) == nil {
			t.Error("singletons missing")
		}
	}
}

func TestCollectOrgSurfacesStatuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		faults auth0test.Faults
		want   map[Kind]Status
		scope  map[Kind]string
	}{
		{"missing scopes", auth0test.Faults{MissingScopes: []string{"read:organization_discovery_domains",
			"read:organization_client_grants", "read:connections_keys", "read:prompts", "read:branding"}},
			map[Kind]Status{KindOrganizationDiscoveryDomains: StatusForbidden, KindOrganizationClientGrants: StatusForbidden,
				KindConnectionKeys: StatusForbidden, KindPromptRenderings: StatusForbidden, KindBrandingThemes: StatusForbidden,
				KindUniversalLoginTemplate: StatusForbidden},
			map[Kind]string{KindOrganizationDiscoveryDomains: "read:organization_discovery_domains",
				KindOrganizationClientGrants: "read:organization_client_grants", KindConnectionKeys: "read:connections_keys",
				KindPromptRenderings: "read:prompts", KindUniversalLoginTemplate: "read:branding"}},
		{"not configured", auth0test.Faults{Unconfigured: []string{"branding_themes", "universal_login_template", "prompt_renderings",
			"organization_discovery_domains"}},
			map[Kind]Status{KindBrandingThemes: StatusNotConfigured, KindUniversalLoginTemplate: StatusNotConfigured,
				KindPromptRenderings: StatusOK, KindOrganizationDiscoveryDomains: StatusOK}, nil},
		{"organizations unavailable", auth0test.Faults{Unavailable: []string{"organizations"}},
			map[Kind]Status{KindOrganizationDiscoveryDomains: StatusUnavailable, KindOrganizationClientGrants: StatusUnavailable}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := auth0test.NewServer(auth0test.Options{Seed: 4, Preset: auth0test.PresetSmall})
			defer srv.Close()
			srv.SetFaults(tc.faults)
			snap, err := Collect(context.Background(), fastClient(t, srv), Options{Now: auth0test.BaseTime, LogWindow: wideWindow,
				Kinds: append(slices.Clone(orgSurfaceKinds), KindOrganizations, KindConnections)})
			if err != nil {
				t.Fatal(err)
			}
			for k, st := range tc.want {
				r := snap.Kind(k)
				if r.Status != st {
					t.Errorf("%s: %s (%s), want %s", k, r.Status, r.Note(), st)
				}
				if s := tc.scope[k]; s != "" && !slices.Equal(r.MissingScopes, []string{s}) {
					t.Errorf("%s: missing scopes %v, want %s", k, r.MissingScopes, s)
				}
			}
		})
	}
}

// failPath answers 400 to GET requests whose path ends with suffix.
type failPath struct {
	next   http.RoundTripper
	suffix string
}

func (f failPath) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, f.suffix) {
		body := `{"statusCode":400,"error":"Bad Request","message":"broken","errorCode":"invalid_query_string"}`
		return &http.Response{StatusCode: 400, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	}
	return f.next.RoundTrip(r)
}

// A sub-read that fails for one organization is a gap naming it; the
// others' records stay (partial).
func TestCollectOrgSurfacesGap(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 4, Preset: auth0test.PresetSmall})
	defer srv.Close()
	orgs := srv.Tenant().IDs(auth0test.KindOrganizations)
	sortedIDs := slices.Sorted(slices.Values(orgs))
	var victim string
	for _, id := range sortedIDs[1:] {
		if id != orgs[0] {
			victim = id
			break
		}
	}
	hc := &http.Client{Transport: failPath{http.DefaultTransport, "/organizations/" + victim + "/discovery-domains"}}
	cl := clientFor(t, srv, auth0mgmt.WithHTTPClient(hc), auth0mgmt.WithBackoff(1, 2))
	snap, err := Collect(context.Background(), cl, Options{Now: auth0test.BaseTime, LogWindow: wideWindow,
		Kinds: []Kind{KindOrganizations, KindOrganizationDiscoveryDomains}})
	if err != nil {
		t.Fatal(err)
	}
	r := snap.Kind(KindOrganizationDiscoveryDomains)
	if r.Status != StatusPartial || len(r.Gaps) != 1 || !slices.Equal(r.Gaps[0].IDs, []string{victim}) ||
		r.Gaps[0].Part != "discovery_domains" || r.Record(orgs[0]) == nil {
		t.Errorf("status %s, gaps %+v, ids %v", r.Status, r.Gaps, r.IDs())
	}
}
