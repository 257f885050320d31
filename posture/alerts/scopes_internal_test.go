package alerts

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

// TestScopeTiersMatchPosture keeps this package's copy of the Management
// API scope tiers equal to posture's (AL-M2M-001 grades grants with it and
// lists the scopes of each tier in its evidence): one grant holding every
// scope either side knows of is graded by both.
func TestScopeTiersMatchPosture(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 1})
	defer srv.Close()
	client, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := inventory.Collect(context.Background(), client, inventory.Options{
		Kinds:  []inventory.Kind{inventory.KindClients, inventory.KindClientGrants, inventory.KindResourceServers},
		Tenant: "https://" + srv.Tenant().Domain()})
	if err != nil {
		t.Fatal(err)
	}
	mgmt := srv.Tenant().ManagementAudience()

	universe := map[string]bool{"delete:widgets": true, "create:widgets": true, "read:widgets": true, "blacklist:tokens": true}
	maps.Copy(universe, takeoverScopes)
	maps.Copy(universe, bulkReadScopes)
	rs := snap.Kind(inventory.KindResourceServers)
	for _, id := range rs.IDs() {
		var r struct {
			Identifier string `json:"identifier"`
			Scopes     []struct {
				Value string `json:"value"`
			} `json:"scopes"`
		}
		_ = json.Unmarshal(rs.Records[id], &r)
		if r.Identifier == mgmt {
			for _, s := range r.Scopes {
				universe[s.Value] = true
			}
		}
	}
	all := slices.Sorted(maps.Keys(universe))

	grants := snap.Kind(inventory.KindClientGrants)
	var grantID string
	for _, id := range grants.IDs() {
		var g map[string]any
		_ = json.Unmarshal(grants.Records[id], &g)
		if g["audience"] == mgmt {
			g["scope"] = all
			grants.Records[id], _ = json.Marshal(g)
			grantID = id
			break
		}
	}
	if grantID == "" {
		t.Fatal("the demo tenant has no Management API grant")
	}
	res, err := posture.Run(context.Background(), snap, posture.Options{Checks: []string{"AL-M2M-001"}})
	if err != nil {
		t.Fatal(err)
	}
	var ev map[string]any
	for _, f := range res.Findings {
		if f.Resource.ID == grantID {
			ev = f.Evidence
		}
	}
	if ev == nil {
		t.Fatal("posture did not grade the grant")
	}
	ours := classifyMgmtScopes(all)
	for k, name := range tierNames {
		theirs, _ := ev[name].([]string)
		mine := sortedCopy(ours[k])
		if !slices.Equal(mine, sortedCopy(theirs)) {
			t.Errorf("tier %s: posture %v, alerts %v", name, theirs, mine)
		}
	}
}
