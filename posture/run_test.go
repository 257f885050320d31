package posture

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

func TestSeverity(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want Severity
	}{{"critical", SeverityCritical}, {"HIGH", SeverityHigh}, {" medium ", SeverityMedium}, {"moderate", SeverityMedium},
		{"low", SeverityLow}, {"info", SeverityInfo}} {
		got, err := ParseSeverity(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseSeverity(%q) = %v, %v", tc.in, got, err)
		}
		b, err := got.MarshalText()
		if err != nil || string(b) != got.String() {
			t.Errorf("MarshalText(%v) = %s, %v", got, b, err)
		}
	}
	for _, bad := range []string{"", "severe", "0"} {
		if _, err := ParseSeverity(bad); err == nil {
			t.Errorf("ParseSeverity(%q) accepted", bad)
		}
	}
	if !(SeverityInfo < SeverityLow && SeverityLow < SeverityMedium && SeverityMedium < SeverityHigh && SeverityHigh < SeverityCritical) {
		t.Error("severities out of order")
	}
	if _, err := Severity(0).MarshalText(); err == nil {
		t.Error("the zero severity marshals")
	}
	for _, a := range Areas() {
		got, err := ParseArea(a.Code())
		if err != nil || got != a {
			t.Errorf("ParseArea(%q) = %v, %v", a.Code(), got, err)
		}
		if a.Title() == "" || a.Title() == string(a) {
			t.Errorf("area %s has no title", a)
		}
	}
}

func TestPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		parts []any
		want  string
	}{
		{[]any{"callbacks"}, "callbacks"},
		{[]any{"callbacks", 2}, "callbacks[2]"},
		{[]any{"options", "passwordPolicy"}, "options.passwordPolicy"},
		{[]any{"stage", "pre-user-registration", "shields"}, `stage["pre-user-registration"].shields`},
		{[]any{"options", "customScripts", "get_user"}, "options.customScripts.get_user"},
	} {
		if got := path(tc.parts...); got != tc.want {
			t.Errorf("path(%v) = %q, want %q", tc.parts, got, tc.want)
		}
	}
}

func TestRunOptions(t *testing.T) {
	t.Parallel()
	snap := newSnap().add(inventory.KindResourceServers, mgmtAPI).add(inventory.KindClients, m2mSecret).
		add(inventory.KindClientGrants, grant("g1", "c_m2m", mgmtAud, "update:organizations")).build(t)
	ctx := context.Background()

	if _, err := Run(ctx, nil, Options{}); err == nil {
		t.Error("nil snapshot accepted")
	}
	newer := *snap
	newer.Version = inventory.FormatVersion + 1
	if _, err := Run(ctx, &newer, Options{}); !errors.Is(err, inventory.ErrUnsupportedVersion) {
		t.Errorf("newer snapshot: %v", err)
	}
	if _, err := Run(ctx, snap, Options{Checks: []string{"AL-M2M-001", "AL-NOPE-001"}}); !errors.Is(err, ErrUnknownCheck) || !strings.Contains(err.Error(), "AL-NOPE-001") {
		t.Errorf("unknown check: %v", err)
	}
	if _, err := Run(ctx, snap, Options{Areas: []Area{"widgets"}}); err == nil {
		t.Error("unknown area accepted")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Run(cancelled, snap, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}

	res, err := Run(ctx, snap, Options{Checks: []string{"al-m2m-001"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Checks) != 1 || len(res.Findings) != 1 || res.Findings[0].Severity != SeverityMedium {
		t.Fatalf("checks %v findings %+v", res.Checks, res.Findings)
	}
	// A medium finding of a critical check is left out at high.
	res, err = Run(ctx, snap, Options{Checks: []string{"AL-M2M-001"}, MinSeverity: SeverityHigh})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Checks) != 1 || len(res.Findings) != 0 {
		t.Errorf("min severity high: checks %d findings %+v", len(res.Checks), res.Findings)
	}
	// Checks below the minimum do not run.
	res, err = Run(ctx, snap, Options{Areas: []Area{AreaMachineToMachine}, MinSeverity: SeverityMedium})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Checks {
		if c.Severity < SeverityMedium || c.Area != AreaMachineToMachine {
			t.Errorf("check %s (%s, %s) ran", c.ID, c.Severity, c.Area)
		}
	}
}

// A kind not read makes its checks not evaluated, with the scope named,
// and the summary counts them.
func TestNotEvaluatedSummary(t *testing.T) {
	t.Parallel()
	snap := newSnap().add(inventory.KindResourceServers, mgmtAPI).add(inventory.KindClients, m2mSecret).
		status(inventory.KindClientGrants, inventory.StatusForbidden, "read:client_grants").build(t)
	res, err := Run(context.Background(), snap, Options{Areas: []Area{AreaMachineToMachine}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.NotEvaluated != len(res.Checks) || res.Summary.Evaluated != 0 {
		t.Errorf("summary %+v, want every M2M check not evaluated", res.Summary)
	}
	for _, ne := range res.NotEvaluated {
		if !slices.Contains(ne.MissingScopes, "read:client_grants") || !strings.Contains(ne.Reason, "client_grants") {
			t.Errorf("%+v does not name the scope and kind", ne)
		}
	}
}

func TestFindingsPointAtRecords(t *testing.T) {
	t.Parallel()
	ch := check{id: "AL-M2M-004"}
	ch.run = func(_ *model.Tenant, r *reporter) {
		r.report(Resource{Kind: inventory.KindClients, ID: "ghost"}, "", "x", nil)
		r.report(Resource{Kind: inventory.KindClients, ID: "c1"}, "", "y", nil)
	}
	snap := newSnap().add(inventory.KindClients, `{"client_id":"c1"}`).build(t)
	fs, ne := runCheck(model.New(snap), CheckInfo{ID: ch.id, Severity: SeverityLow}, ch)
	if len(fs) != 1 || fs[0].Resource.ID != "c1" || ne == nil || !ne.Partial() || ne.Resources[0].ID != "ghost" ||
		!strings.Contains(ne.Reason, "not in the snapshot") {
		t.Errorf("findings %v, not evaluated %+v", fs, ne)
	}
	// A panicking check is reported, not fatal.
	ch.run = func(*model.Tenant, *reporter) { panic("boom") }
	fs, ne = runCheck(model.New(snap), CheckInfo{ID: ch.id, Severity: SeverityLow}, ch)
	if len(fs) != 0 || ne == nil || !strings.Contains(ne.Reason, "boom") {
		t.Errorf("findings %v, not evaluated %+v", fs, ne)
	}
}

// Fingerprints do not move when a finding's position in a script does, and
// findings that would share one are told apart.
func TestFingerprints(t *testing.T) {
	t.Parallel()
	res := Resource{Kind: inventory.KindActions, ID: "a1"}
	at := func(line int, secret string) Finding {
		f := Finding{Check: "AL-CODE-005", Resource: res, Path: "code", Location: &Location{Line: line, Column: 3},
			Evidence: map[string]any{"masked": secret}}
		f.Fingerprint = fingerprint(&f)
		return f
	}
	if at(3, "sk_l…(26)").Fingerprint != at(9, "sk_l…(26)").Fingerprint {
		t.Error("moving a finding changes its fingerprint")
	}
	if at(3, "sk_l…(26)").Fingerprint == at(3, "ghp_…(40)").Fingerprint {
		t.Error("two different secrets share a fingerprint")
	}
	fs := []Finding{at(3, "x"), at(7, "x"), at(9, "y")}
	distinctFingerprints(fs)
	if fs[0].Fingerprint == fs[1].Fingerprint || !strings.HasSuffix(fs[1].Fingerprint, "-2") || strings.Contains(fs[2].Fingerprint, "-") {
		t.Errorf("fingerprints %s %s %s", fs[0].Fingerprint, fs[1].Fingerprint, fs[2].Fingerprint)
	}
}
