package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// TestOrganizationOwnConnections: an organization that carries its own
// enabled_connections keeps them. Where they agree with the listing the
// entries gain what only the listing says (the connection's name); where
// they disagree the organization's own stay as they are and the kind
// names the organization in a gap.
func TestOrganizationOwnConnections(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 15, Preset: auth0test.PresetSmall})
	defer srv.Close()
	orgs := srv.Tenant().IDs(auth0test.KindOrganizations)
	if len(orgs) < 3 {
		t.Fatal("too few organizations")
	}
	listed := func(org string) []map[string]any {
		req := httptest.NewRequest("GET", "/api/v2/organizations/"+org+"/enabled_connections", nil)
		req.Header.Set("Authorization", "Bearer "+srv.Token())
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		var out []map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out) == 0 {
			t.Fatalf("%s: %v %s", org, err, rec.Body)
		}
		return out
	}
	agreeing, disagreeing, none := orgs[0], orgs[1], orgs[2]
	own := map[string][]map[string]any{}
	for _, e := range listed(agreeing) {
		own[agreeing] = append(own[agreeing], map[string]any{"connection_id": e["connection_id"],
			"assign_membership_on_login": e["assign_membership_on_login"]})
	}
	for i, e := range listed(disagreeing) {
		if i == 0 {
			continue // the organization does not list its first connection
		}
		own[disagreeing] = append(own[disagreeing], map[string]any{"connection_id": e["connection_id"]})
	}
	own[disagreeing] = append(own[disagreeing], map[string]any{"connection_id": "con_onlyintheorganization"})
	own[none] = []map[string]any{}
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v2/organizations" {
			srv.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		var page map[string]json.RawMessage
		var items []map[string]any
		if json.Unmarshal(rec.Body.Bytes(), &page) != nil || json.Unmarshal(page["organizations"], &items) != nil {
			t.Errorf("organizations page: %s", rec.Body)
			return
		}
		for _, o := range items {
			if ec, ok := own[o["id"].(string)]; ok {
				o["enabled_connections"] = ec
			}
		}
		page["organizations"], _ = json.Marshal(items)
		b, _ := json.Marshal(page)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = io.Copy(w, bytes.NewReader(b))
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
	if r.Status != StatusPartial || len(r.Gaps) != 1 {
		t.Fatalf("status %s, gaps %+v", r.Status, r.Gaps)
	}
	if g := r.Gaps[0]; g.Part != "enabled_connections" || g.Status != StatusPartial || len(g.IDs) != 2 ||
		!strings.Contains(g.Error, "disagree") {
		t.Errorf("gap %+v, want the disagreeing organization and the one that lists none", g)
	}
	recs, err := Records[OrganizationRecord](snap, KindOrganizations)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range recs {
		switch o.Organization.ID {
		case agreeing:
			if len(o.EnabledConnections) != len(own[agreeing]) {
				t.Fatalf("agreeing: %d connections", len(o.EnabledConnections))
			}
			for _, ec := range o.EnabledConnections {
				if ec.Connection == nil || ec.Connection.Name == "" {
					t.Errorf("agreeing: %s lacks the listing's connection name", ec.ConnectionID)
				}
			}
		case disagreeing:
			var ids []string
			for _, ec := range o.EnabledConnections {
				ids = append(ids, ec.ConnectionID)
				if ec.Connection != nil {
					t.Errorf("disagreeing: %s was completed from the listing", ec.ConnectionID)
				}
			}
			if len(ids) != len(own[disagreeing]) || ids[len(ids)-1] != "con_onlyintheorganization" {
				t.Errorf("disagreeing: kept %v, want the organization's own", ids)
			}
		case none:
			if o.EnabledConnections == nil || len(o.EnabledConnections) != 0 {
				t.Errorf("an organization listing none: %v", o.EnabledConnections)
			}
		default:
			if len(o.EnabledConnections) == 0 {
				t.Errorf("%s: no connections from the listing", o.Organization.ID)
			}
		}
	}
	if !strings.Contains(r.Note(), "disagree") {
		t.Errorf("note %q", r.Note())
	}
}
