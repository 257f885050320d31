package posture

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/inventory"
)

func TestParseSuppressions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		want     int
		err      string // substring of the error; "" for none
	}{
		{"yaml", `
suppressions:
  - check: AL-M2M-001
    resource: {kind: client_grants, id: cgr_1}
    reason: Provisioning needs it, SEC-12
    expires: 2027-01-31
  - check: al-m2m-004
    resource: {name: "Old job"}
    path: client_id
    reason: Cleanup scheduled
`, 2, ""},
		{"json", `{"suppressions":[{"check":"AL-M2M-003","resource":{"id":"*"},"reason":"all accepted"}]}`, 1, ""},
		{"empty file", "", 0, ""},
		{"empty list", "suppressions: []\n", 0, ""},
		{"unknown member", "suppressions:\n  - check: AL-M2M-001\n    resource: {id: x}\n    reason: r\n    because: typo\n", 0, "because"},
		{"unknown json member", `{"suppressions":[{"check":"AL-M2M-001","resource":{"id":"x"},"reason":"r","expiry":"2027-01-01"}]}`, 0, "expiry"},
		{"unknown check", "suppressions:\n  - check: AL-M2M-999\n    resource: {id: x}\n    reason: r\n", 0, "AL-M2M-999 is not a check"},
		{"not a check id", "suppressions:\n  - check: brute-force\n    resource: {id: x}\n    reason: r\n", 0, "not a check id"},
		{"missing check", "suppressions:\n  - resource: {id: x}\n    reason: r\n", 0, "check is missing"},
		{"missing reason", "suppressions:\n  - check: AL-M2M-001\n    resource: {id: x}\n", 0, "reason is missing"},
		{"blank reason", "suppressions:\n  - check: AL-M2M-001\n    resource: {id: x}\n    reason: '  '\n", 0, "reason is missing"},
		{"missing resource", "suppressions:\n  - check: AL-M2M-001\n    reason: r\n", 0, "resource needs an id or a name"},
		{"unknown kind", "suppressions:\n  - check: AL-M2M-001\n    resource: {kind: widgets, id: x}\n    reason: r\n", 0, "widgets"},
		{"bad date", "suppressions:\n  - check: AL-M2M-001\n    resource: {id: x}\n    reason: r\n    expires: next year\n", 0, "line 2"},
		{"newer version", "version: 2\nsuppressions: []\n", 0, "version 2"},
		{"not yaml", "suppressions: [unclosed\n", 0, "bad suppressions"},
		{"trailing json", `{"suppressions":[]} {}`, 0, "trailing"},
		{"list at top", "- check: AL-M2M-001\n", 0, "bad suppressions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseSuppressions([]byte(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrBadSuppressions) {
					t.Fatalf("err %v, want one containing %q wrapping ErrBadSuppressions", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.want {
				t.Fatalf("%d suppressions, want %d: %+v", len(got), tc.want, got)
			}
		})
	}
}

func TestSuppressionsApplied(t *testing.T) {
	t.Parallel()
	snap := newSnap().add(inventory.KindResourceServers, mgmtAPI).add(inventory.KindClients, m2mSecret, m2mPKJWT).
		add(inventory.KindClientGrants,
			grant("g1", "c_m2m", mgmtAud, "update:clients"),
			grant("g2", "c_pkjwt", mgmtAud, "read:users"),
			grant("g3", "c_gone", mgmtAud, "delete:users")).build(t)
	sup, err := ParseSuppressions([]byte(`
suppressions:
  - check: AL-M2M-001
    resource: {kind: client_grants, id: g1}
    reason: Provisioning job, reviewed in SEC-12
  - check: AL-M2M-001
    resource: {id: g2}
    reason: Temporary export
    expires: 2025-01-31
  - check: AL-M2M-001
    resource: {id: g9}
    reason: Gone since
  - check: AL-M2M-004
    resource: {id: "*"}
    path: client_id
    reason: Cleanup ticket OPS-7
  - check: AL-M2M-003
    resource: {id: x}
    reason: Not run in this test
`))
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC) }
	res, err := Run(t.Context(), snap, Options{Checks: []string{"AL-M2M-001", "AL-M2M-004"}, Suppressions: sup, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Finding{}
	for _, f := range res.Findings {
		byID[f.Check+" "+f.Resource.ID] = f
	}
	if f := byID["AL-M2M-001 g1"]; !f.Suppressed || f.Suppression == nil || f.Suppression.Reason != "Provisioning job, reviewed in SEC-12" {
		t.Errorf("g1 not suppressed: %+v", f)
	}
	if f := byID["AL-M2M-001 g2"]; f.Suppressed || f.Suppression == nil || !f.Suppression.Expired {
		t.Errorf("g2's suppression expired in January 2025, yet: %+v", f)
	}
	if f := byID["AL-M2M-001 g3"]; f.Suppressed || f.Suppression != nil {
		t.Errorf("g3 has no suppression: %+v", f)
	}
	if f := byID["AL-M2M-004 g3"]; !f.Suppressed {
		t.Errorf("the wildcard suppression does not hold: %+v", f)
	}
	if len(res.UnusedSuppressions) != 1 || res.UnusedSuppressions[0].Resource.ID != "g9" {
		t.Errorf("unused suppressions %+v, want the one for g9 (AL-M2M-003 did not run)", res.UnusedSuppressions)
	}
	if res.Summary.Suppressed != 2 || res.Summary.Expired != 1 {
		t.Errorf("summary %+v", res.Summary)
	}
	for _, f := range res.Unsuppressed() {
		if f.Suppressed {
			t.Errorf("Unsuppressed returned a suppressed finding %+v", f)
		}
	}
	if n := res.AtLeast(SeverityCritical); n != 0 {
		t.Errorf("AtLeast(critical) = %d: g1, the only critical grant, is suppressed", n)
	}
	if n := res.AtLeast(SeverityHigh); n != 2 {
		t.Errorf("AtLeast(high) = %d, want g2 and g3", n)
	}

	// A suppression naming an unknown check is refused at Run too (for
	// suppressions built in code).
	_, err = Run(t.Context(), snap, Options{Suppressions: []Suppression{{Check: "AL-XXX-001", Resource: SuppressionResource{ID: "x"}, Reason: "r"}}})
	if !errors.Is(err, ErrUnknownCheck) {
		t.Errorf("err %v, want ErrUnknownCheck", err)
	}
}

func TestLoadSuppressions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "accepted.yaml")
	if err := os.WriteFile(p, []byte("suppressions:\n  - check: AL-M2M-001\n    resource: {id: x}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSuppressions(p); err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("err %v does not name the file and line", err)
	}
	if _, err := LoadSuppressions(filepath.Join(dir, "missing.yaml")); !errors.Is(err, ErrBadSuppressions) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err %v", err)
	}
}

func FuzzParseSuppressions(f *testing.F) {
	for _, s := range []string{
		"suppressions:\n  - check: AL-M2M-001\n    resource: {kind: client_grants, id: g1}\n    reason: r\n    expires: 2027-01-31\n",
		`{"suppressions":[{"check":"AL-M2M-003","resource":{"id":"*"},"reason":"r","path":"audience"}]}`,
		"version: 1\nsuppressions: []\n",
		"suppressions:\n  - check: AL-M2M-001\n    resource: {name: \"x\"}\n    reason: r\n    expires: 2027-01-31T10:00:00Z\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sup, err := ParseSuppressions(data)
		if err != nil {
			if !errors.Is(err, ErrBadSuppressions) {
				t.Fatalf("error %v does not wrap ErrBadSuppressions", err)
			}
			return
		}
		for _, s := range sup {
			if _, ok := Lookup(s.Check); !ok || strings.TrimSpace(s.Reason) == "" || (s.Resource.ID == "" && s.Resource.Name == "") {
				t.Fatalf("accepted an invalid suppression %+v", s)
			}
			_ = s.expired(time.Now())
		}
	})
}

// A fingerprint accepts one finding, not its neighbours on the same field.
func TestSuppressByFingerprint(t *testing.T) {
	t.Parallel()
	snap := newSnap().add(inventory.KindResourceServers, mgmtAPI).add(inventory.KindClients, m2mSecret).
		add(inventory.KindClientGrants, grant("g1", "c_gone", mgmtAud, "read:users"), grant("g2", "c_gone2", mgmtAud, "read:users")).build(t)
	first, err := Run(t.Context(), snap, Options{Checks: []string{"AL-M2M-004"}})
	if err != nil || len(first.Findings) != 2 {
		t.Fatalf("%v %+v", err, first)
	}
	fp := first.Findings[0].Fingerprint
	sup, err := ParseSuppressions([]byte("suppressions:\n  - check: AL-M2M-004\n    fingerprint: " + fp + "\n    reason: known\n"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(t.Context(), snap, Options{Checks: []string{"AL-M2M-004"}, Suppressions: sup})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Suppressed != (f.Fingerprint == fp) {
			t.Errorf("%s (%s) suppressed=%v", f.Resource.ID, f.Fingerprint, f.Suppressed)
		}
	}
}
