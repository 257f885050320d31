package posture

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
)

// The demo tenant tenantscan scans (preset small, seed 42) and the clean
// preset, scanned once and shared by the tests below.
var (
	demoOnce, cleanOnce sync.Once
	demoData, cleanData []byte
)

func demoSnapshot(t *testing.T) *inventory.Snapshot {
	t.Helper()
	demoOnce.Do(func() { demoData = collectTenant(t, 42, auth0test.PresetSmall, nil) })
	s, err := inventory.Load(bytes.NewReader(demoData))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func cleanSnapshot(t *testing.T) *inventory.Snapshot {
	t.Helper()
	cleanOnce.Do(func() { cleanData = collectTenant(t, 42, auth0test.PresetClean, nil) })
	s, err := inventory.Load(bytes.NewReader(cleanData))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// On the demo tenant every check of the catalogue fires at least once,
// every check runs on everything it reads, and no finding holds a secret
// of the tenant.
func TestDemoTenantFiresEveryCheck(t *testing.T) {
	t.Parallel()
	res, err := Run(context.Background(), demoSnapshot(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	fired := map[string]int{}
	for _, f := range res.Findings {
		fired[f.Check]++
	}
	for _, info := range Catalogue() {
		if fired[info.ID] == 0 {
			t.Errorf("%s (%s) found nothing on the demo tenant", info.ID, info.Title)
		}
	}
	for _, ne := range res.NotEvaluated {
		// The demo's broken Action draft cannot be read as code: the code
		// checks say so (and AL-CODE-011 reports it); nothing else is
		// left unjudged.
		if !ne.Partial() || ne.Reason != "a script does not parse (AL-CODE-011 reports it)" {
			t.Errorf("%s not evaluated on the demo tenant: %s %v", ne.Check, ne.Reason, ne.Resources)
		}
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{auth0test.DefaultClientSecret, "Legacy-DB-Passw0rd!",
		"a8Fj3kL0pQ9zX2mN7vB4cD6e", "crm_live_9f8e7d6c5b4a3928170615"} {
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("the findings hold the secret %.6s…", secret)
		}
	}
}

// A well-configured tenant: nothing at high or critical. Whatever lower
// findings remain are listed in the log, for a person to judge.
func TestCleanTenantHasNoHighFindings(t *testing.T) {
	t.Parallel()
	res, err := Run(context.Background(), cleanSnapshot(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Severity >= SeverityHigh {
			t.Errorf("%s %s on %s: %s", f.Severity, f.Check, f.Resource, f.Message)
		} else {
			t.Logf("%s %s on %s: %s", f.Severity, f.Check, f.Resource, f.Message)
		}
	}
	for _, ne := range res.NotEvaluated {
		t.Errorf("%s not evaluated on the clean tenant: %s", ne.Check, ne.Reason)
	}
}

// A scan without some scopes: the checks of the kinds it lacks say so,
// with the scope, and the others run.
func TestForbiddenKindsAreNotEvaluated(t *testing.T) {
	t.Parallel()
	snap := demoSnapshot(t)
	snap.Kinds[inventory.KindClientGrants] = &inventory.KindResult{Status: inventory.StatusForbidden,
		MissingScopes: []string{"read:client_grants"}, Error: "insufficient_scope", Records: map[string]json.RawMessage{}}
	delete(snap.Kinds, inventory.KindLogs) // a scan with -kinds that left logs out
	res, err := Run(context.Background(), snap, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ne := map[string]NotEvaluated{}
	for _, n := range res.NotEvaluated {
		ne[n.Check] = n
	}
	for _, info := range Catalogue() {
		needsGrants, needsLogs := slices.Contains(info.Kinds, inventory.KindClientGrants), slices.Contains(info.Kinds, inventory.KindLogs)
		n, skipped := ne[info.ID]
		switch {
		case needsGrants && (!skipped || !slices.Contains(n.MissingScopes, "read:client_grants")):
			t.Errorf("%s reads client grants but is not reported as lacking read:client_grants: %+v", info.ID, n)
		case needsLogs && (!skipped || !strings.Contains(n.Reason, "not in the snapshot")):
			t.Errorf("%s reads logs but does not say they are missing: %+v", info.ID, n)
		case !needsGrants && !needsLogs && skipped && strings.Contains(n.Reason, "does not say when it was taken"):
			// dates judged against the scan's time, which the demo
			// snapshot takes from its logs only: what needs it is
			// skipped, asking for no scope
			if !n.Partial() || len(n.MissingScopes) != 0 {
				t.Errorf("%s without the scan's time: %+v", info.ID, n)
			}
		case !needsGrants && !needsLogs && skipped && !strings.Contains(n.Reason, "does not parse"):
			t.Errorf("%s does not read client grants or logs, yet: %+v", info.ID, n)
		}
	}
	if res.Summary.NotEvaluated == 0 {
		t.Error("the summary counts no check that could not run")
	}
}
