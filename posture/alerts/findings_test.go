package alerts_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/alerts"
)

func judge(t *testing.T, s *inventory.Snapshot) *posture.Result {
	t.Helper()
	res, err := posture.Run(context.Background(), s, posture.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func setCode(code string) func(map[string]any) {
	return set("code", code, "deployed_version.code", code, "current_version.code", code)
}

func TestFindingAlerts(t *testing.T) {
	t.Parallel()
	type want struct {
		rule string
		sev  posture.Severity
	}
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, old, new *inventory.Snapshot)
		// results, when set, replaces posture.Run on the two snapshots.
		results      func(t *testing.T, old, new *inventory.Snapshot) (*posture.Result, *posture.Result)
		opts         alerts.Options
		want, undone []want
		check        func(t *testing.T, got []alerts.Alert)
	}{
		// Changes no rule watches, so that their findings raise ALR-FIND-001.
		{name: "new finding", opts: alerts.Options{},
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindClients, client(t, n, "Admin Dashboard"), set("cross_origin_authentication", true))
			},
			want:   []want{{alerts.RuleFindingNew, posture.SeverityMedium}},
			undone: []want{{alerts.RuleFindingResolved, posture.SeverityInfo}},
			check: func(t *testing.T, got []alerts.Alert) {
				f := got[0].Findings
				if len(f) != 1 || f[0].Check != "AL-APP-010" || f[0].State != "new" || f[0].Fingerprint == "" {
					t.Errorf("findings %+v", f)
				}
			}},
		{name: "new finding below the threshold", opts: alerts.Options{MinSeverity: posture.SeverityHigh},
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindClients, client(t, n, "Admin Dashboard"), set("cross_origin_authentication", true))
			}},
		{name: "resolution of a finding at the threshold", opts: alerts.Options{MinSeverity: posture.SeverityHigh},
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindTenantSettings, "settings", set("error_page.html", "<p>{{ error_description | escape }}</p>"))
			},
			want:   []want{{alerts.RuleFindingResolved, posture.SeverityInfo}},
			undone: []want{{alerts.RuleFindingNew, posture.SeverityHigh}}},
		{name: "code findings go with the deployment", opts: alerts.Options{},
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindActions, find(t, n, inventory.KindActions, named("Deny blocked countries")), setCode(riskyCode))
			},
			want: []want{{alerts.RuleActionDeployed, posture.SeverityHigh}},
			check: func(t *testing.T, got []alerts.Alert) {
				if len(got[0].Findings) == 0 || !strings.Contains(got[0].Message, "new finding") {
					t.Errorf("no findings attached: %+v", got[0])
				}
				for _, f := range got[0].Findings {
					if f.Resource.Kind != inventory.KindActions || f.State != "new" {
						t.Errorf("attached %+v", f)
					}
				}
			},
			undone: []want{{alerts.RuleActionDeployed, posture.SeverityMedium}, {alerts.RuleFindingResolved, posture.SeverityInfo},
				{alerts.RuleFindingResolved, posture.SeverityInfo}}},
		{name: "a finding that moves in the code is neither new nor resolved", opts: alerts.Options{},
			change: func(t *testing.T, o, n *inventory.Snapshot) {
				id := find(t, n, inventory.KindActions, named("Deny blocked countries"))
				edit(t, o, inventory.KindActions, id, setCode(riskyCode))
				edit(t, n, inventory.KindActions, id, setCode("// reformatted\n\n"+riskyCode))
			},
			want:   []want{{alerts.RuleActionDeployed, posture.SeverityMedium}},
			undone: []want{{alerts.RuleActionDeployed, posture.SeverityMedium}},
			check: func(t *testing.T, got []alerts.Alert) {
				if len(got[0].Findings) != 0 {
					t.Errorf("moved findings attached: %+v", got[0].Findings)
				}
			}},
		{name: "a kind no longer read resolves nothing", opts: alerts.Options{},
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				n.Kinds[inventory.KindConnections] = &inventory.KindResult{Status: inventory.StatusError, Error: "HTTP 503",
					Records: map[string]json.RawMessage{}}
			},
			want: []want{{alerts.RuleLostSight, posture.SeverityMedium}}},
		{name: "attack paths through a changed Action", opts: alerts.Options{},
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindActions, find(t, n, inventory.KindActions, named("Deny blocked countries")),
					set("deployed_version.code", "exports.onExecutePostLogin = async (event, api) => {};"))
			},
			results: func(t *testing.T, o, n *inventory.Snapshot) (*posture.Result, *posture.Result) {
				oldRes, newRes := judge(t, o), judge(t, n)
				action := find(t, n, inventory.KindActions, named("Deny blocked countries"))
				for _, r := range []*posture.Result{oldRes, newRes} {
					r.Checks = append(r.Checks, posture.CheckInfo{ID: "AL-PATH-001", Area: posture.AreaAttackPaths, Severity: posture.SeverityCritical})
				}
				newRes.Findings = append(newRes.Findings, posture.Finding{Check: "AL-PATH-001", Severity: posture.SeverityCritical,
					Title: "Path to the Management API", Message: "metadata to scopes",
					Resource:    posture.Resource{Kind: inventory.KindClients, ID: "some-client"},
					Steps:       []posture.Step{{Kind: inventory.KindActions, ID: action, Detail: "adds scopes"}},
					Fingerprint: "path-fp-1"})
				return oldRes, newRes
			},
			want: []want{{alerts.RuleActionDeployed, posture.SeverityCritical}},
			check: func(t *testing.T, got []alerts.Alert) {
				if f := got[0].Findings; len(f) != 1 || f[0].Check != "AL-PATH-001" {
					t.Errorf("findings %+v", f)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			old, new := base(t), base(t)
			tc.change(t, old, new)
			results := tc.results
			if results == nil {
				results = func(t *testing.T, o, n *inventory.Snapshot) (*posture.Result, *posture.Result) {
					return judge(t, o), judge(t, n)
				}
			}
			oldRes, newRes := results(t, old, new)
			match := func(dir string, got []alerts.Alert, exp []want) {
				t.Helper()
				var g []want
				for _, a := range got {
					g = append(g, want{a.Rule, a.Severity})
				}
				ok := len(g) == len(exp)
				for i := 0; ok && i < len(g); i++ {
					ok = g[i] == exp[i]
				}
				if !ok {
					var lines []string
					for _, a := range got {
						lines = append(lines, a.String())
					}
					t.Errorf("%s: got %v, want %v\n%s", dir, g, exp, strings.Join(lines, "\n"))
				}
			}
			got := alerts.Alerts(old, new, oldRes, newRes, tc.opts)
			match("change", got, tc.want)
			if tc.check != nil && len(got) > 0 {
				tc.check(t, got)
			}
			if tc.results == nil {
				undone := alerts.Alerts(new, old, newRes, oldRes, tc.opts)
				match("undone", undone, tc.undone)
			}
		})
	}
}

// TestNoChange scans an unchanged tenant twice: nothing to say.
func TestNoChange(t *testing.T) {
	t.Parallel()
	for _, preset := range []auth0test.Preset{auth0test.PresetSmall, auth0test.PresetClean} {
		t.Run(string(preset), func(t *testing.T) {
			t.Parallel()
			a, err := scan(auth0test.Options{Seed: 7, Preset: preset})
			if err != nil {
				t.Fatal(err)
			}
			b, err := scan(auth0test.Options{Seed: 7, Preset: preset})
			if err != nil {
				t.Fatal(err)
			}
			var ab, bb bytes.Buffer
			_ = a.WriteJSON(&ab)
			_ = b.WriteJSON(&bb)
			if !bytes.Equal(ab.Bytes(), bb.Bytes()) {
				t.Fatal("two scans of an unchanged tenant differ")
			}
			if got := alerts.Alerts(a, b, judge(t, a), judge(t, b), alerts.Options{}); len(got) != 0 {
				t.Errorf("alerts on an unchanged tenant: %v", got)
			}
			if got := alerts.Alerts(nil, b, nil, judge(t, b), alerts.Options{}); len(got) != 0 {
				t.Errorf("alerts on a first scan: %v", got)
			}
		})
	}
}

// TestPartialScans: a kind the new scan did not fully read raises no
// alert about its records, removals least of all.
func TestPartialScans(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, n *inventory.Snapshot)
		want   []string
	}{
		{"grants forbidden", func(t *testing.T, n *inventory.Snapshot) {
			n.Kinds[inventory.KindClientGrants] = &inventory.KindResult{Status: inventory.StatusForbidden,
				MissingScopes: []string{"read:client_grants"}, Records: map[string]json.RawMessage{}}
		}, []string{alerts.RuleLostSight}},
		{"log streams failed half-way", func(t *testing.T, n *inventory.Snapshot) {
			k := n.Kinds[inventory.KindLogStreams]
			k.Status, k.Error = inventory.StatusError, "HTTP 503"
			drop(n, inventory.KindLogStreams, find(t, n, inventory.KindLogStreams, named("SIEM webhook")))
		}, []string{alerts.RuleLostSight}},
		{"log streams partial", func(t *testing.T, n *inventory.Snapshot) {
			k := n.Kinds[inventory.KindLogStreams]
			k.Status = inventory.StatusPartial
			k.Gaps = []inventory.Gap{{Part: "records", Status: inventory.StatusPartial, Error: "bounded"}}
			drop(n, inventory.KindLogStreams, find(t, n, inventory.KindLogStreams, named("SIEM webhook")))
		}, nil},
		{"role members not read", func(t *testing.T, n *inventory.Snapshot) {
			id := find(t, n, inventory.KindRoles, named("Admin"))
			edit(t, n, inventory.KindRoles, id, set("members", nil, "permissions", append(list(nil), map[string]any{
				"permission_name": "delete:users", "resource_server_identifier": mgmtAud})))
			k := n.Kinds[inventory.KindRoles]
			k.Status = inventory.StatusPartial
			k.Gaps = []inventory.Gap{{Part: "members", IDs: []string{id}, Status: inventory.StatusForbidden}}
		}, nil},
		{"kind absent from the new scan", func(t *testing.T, n *inventory.Snapshot) {
			delete(n.Kinds, inventory.KindConnections)
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			old, new := base(t), base(t)
			tc.change(t, new)
			var got []string
			for _, a := range alerts.Alerts(old, new, nil, nil, alerts.Options{}) {
				got = append(got, a.Rule)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// riskyCode is an Action that evaluates metadata and holds an API key.
const riskyCode = `exports.onExecutePostLogin = async (event, api) => {
  const apiKey = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
  eval(event.user.user_metadata.script);
};`
