package graph

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
)

// pathStrings writes paths as "kind impact: step key>step key".
func pathStrings(g *Graph, kind PathKind) []string {
	var out []string
	for _, p := range g.Paths {
		if p.Kind != kind {
			continue
		}
		var steps []string
		for _, s := range p.Steps {
			k := s.EntityKey
			if k == "" {
				k = s.Name
			}
			if s.Line > 0 {
				k += fmt.Sprintf("@%d", s.Line)
			}
			steps = append(steps, k)
		}
		out = append(out, p.Impact+": "+strings.Join(steps, ">"))
	}
	slices.Sort(out)
	return out
}

func TestSharedSecretPaths(t *testing.T) {
	t.Parallel()
	g := build(t, baseSnap())
	// Automation: a shared secret and takeover scopes; the Audit
	// Exporter reads logs with Private Key JWT: no path
	sameStrings(t, "paths", pathStrings(g, PathSharedSecretToManagement), []string{
		"critical: cl_m2m>auth0_client_grant:cgr_m2m>" + mgmtAPI,
	})
	p := g.Paths[0]
	if p.Steps[0].Path != "token_endpoint_auth_method" || p.Steps[1].Path != "scope" || p.Breaks != 0 ||
		!strings.Contains(p.Break, "Private Key JWT") || p.ID == "" || !strings.Contains(p.Title, `"Automation"`) {
		t.Errorf("path %+v", p)
	}
	if p.Steps[0].Kind != inventory.KindClients || p.Steps[0].ID != "cl_m2m" || p.Steps[2].Kind != inventory.KindResourceServers {
		t.Errorf("steps %+v", p.Steps)
	}
	// bulk read only: high; a default (absent) method is a secret too
	s := baseSnap().add(inventory.KindClients,
		`{"client_id":"cl_m2m","name":"Automation","app_type":"non_interactive","grant_types":["client_credentials"]}`).
		add(inventory.KindClientGrants,
			`{"id":"cgr_m2m","client_id":"cl_m2m","audience":"`+mgmtAPI+`","scope":["read:users","read:stats"],"subject_type":"client"}`)
	sameStrings(t, "bulk read", pathStrings(build(t, s), PathSharedSecretToManagement), []string{
		"high: cl_m2m>auth0_client_grant:cgr_m2m>" + mgmtAPI,
	})
	// read:stats only: no path; a user grant: no path
	s = baseSnap().add(inventory.KindClientGrants,
		`{"id":"cgr_m2m","client_id":"cl_m2m","audience":"`+mgmtAPI+`","scope":["read:stats"]}`,
		`{"id":"cgr_user","client_id":"cl_portal","audience":"`+mgmtAPI+`","scope":["update:users"],"subject_type":"user"}`)
	sameStrings(t, "harmless", pathStrings(build(t, s), PathSharedSecretToManagement), nil)
	// grants not read: no path kind 3 at all
	g = build(t, baseSnap().forbid(inventory.KindClientGrants, "read:client_grants"))
	sameStrings(t, "not read", pathStrings(g, PathSharedSecretToManagement), nil)
}

func TestMgmtScopeTier(t *testing.T) {
	t.Parallel()
	for scope, want := range map[string]string{
		"create:client_grants": TierTakeover, "update:users": TierTakeover, "delete:users": TierDestructive,
		"read:users": TierBulkRead, "read:logs": TierBulkRead, "blacklist:tokens": TierWrite, "read:stats": "",
	} {
		if got := MgmtScopeTier(scope); got != want {
			t.Errorf("%s: %q, want %q", scope, got, want)
		}
	}
	if !slices.Contains(PathNeeds(PathSharedSecretToManagement), inventory.KindClientGrants) || PathNeeds("nope") != nil {
		t.Error("PathNeeds")
	}
}
