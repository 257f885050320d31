package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

func scan(t *testing.T, args, env []string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, env, &out, &errb)
	return code, out.String(), errb.String()
}

// tenantEnv is the environment that points at srv.
func tenantEnv(srv *auth0test.Server) []string {
	id, secret := srv.ClientCredentials()
	return []string{"AUTH0_DOMAIN=" + srv.URL(), "AUTH0_CLIENT_ID=" + id, "AUTH0_CLIENT_SECRET=" + secret, "HOME=/nowhere"}
}

func TestDemoScan(t *testing.T) {
	t.Parallel()
	code, out, errs := scan(t, []string{"-demo-preset", "tiny"}, []string{"PATH=/usr/bin"})
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if !strings.Contains(errs, "demo tenant") {
		t.Errorf("stderr does not say it scans the demo tenant:\n%s", errs)
	}
	for _, want := range []string{"KIND", "STATUS", "clients", "users", "ok", "25 kinds"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

func TestBadConfig(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 1})
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		name string
		args []string
		env  []string
		want string
	}{
		{"id without secret", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_CLIENT_ID=abc"}, "AUTH0_CLIENT_SECRET"},
		{"secret without id", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_CLIENT_SECRET=abc"}, "AUTH0_CLIENT_ID"},
		{"domain with a path", nil, []string{"AUTH0_DOMAIN=https://example.eu.auth0.com/api/v2", "AUTH0_TOKEN=t"}, "AUTH0_DOMAIN"},
		{"bare domain with a path", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com/x", "AUTH0_TOKEN=t"}, "AUTH0_DOMAIN"},
		{"token and credentials", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com", "AUTH0_TOKEN=t", "AUTH0_CLIENT_ID=a", "AUTH0_CLIENT_SECRET=s"}, "AUTH0_"},
		{"domain without credentials", nil, []string{"AUTH0_DOMAIN=example.eu.auth0.com"}, "AUTH0_"},
		{"credentials without domain", nil, []string{"AUTH0_CLIENT_ID=a", "AUTH0_CLIENT_SECRET=s"}, "AUTH0_DOMAIN"},
		{"unknown flag", []string{"-frobnicate"}, nil, "frobnicate"},
		{"unknown kind", []string{"-kinds", "clients,widgets"}, nil, "widgets"},
		{"stray argument", []string{"now"}, nil, "now"},
		{"missing diff file", []string{"-diff", filepath.Join(t.TempDir(), "nope.json")}, tenantEnv(srv), "-diff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, _, errs := scan(t, tc.args, tc.env)
			if code != 2 {
				t.Fatalf("exit %d, want 2\n%s", code, errs)
			}
			if !strings.Contains(errs, tc.want) {
				t.Errorf("stderr does not name %s:\n%s", tc.want, errs)
			}
			if strings.Contains(errs, "=s") || strings.Contains(errs, "AUTH0_CLIENT_SECRET=abc") {
				t.Errorf("a secret in the message:\n%s", errs)
			}
		})
	}
}

func TestUnreadableTenant(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 1})
	t.Cleanup(srv.Close)
	id, _ := srv.ClientCredentials()
	for _, tc := range []struct {
		name string
		env  []string
	}{
		{"wrong secret", []string{"AUTH0_DOMAIN=" + srv.URL(), "AUTH0_CLIENT_ID=" + id, "AUTH0_CLIENT_SECRET=not-the-secret"}},
		{"bad token", []string{"AUTH0_DOMAIN=" + srv.URL(), "AUTH0_TOKEN=not-a-token"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := scan(t, nil, tc.env)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s", code, errs)
			}
			if !strings.Contains(errs, "cannot be read") {
				t.Errorf("stderr does not say why:\n%s", errs)
			}
			if strings.Contains(errs, "not-the-secret") || strings.Contains(errs, "not-a-token") {
				t.Errorf("credentials in the output:\n%s", errs)
			}
			if out != "" {
				t.Errorf("a summary for an unreadable tenant:\n%s", out)
			}
		})
	}
}

func TestScanWithToken(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 2, Scopes: withoutScope(auth0test.AllReadScopes(), "read:logs")})
	t.Cleanup(srv.Close)
	code, out, errs := scan(t, []string{"-quiet"}, []string{"AUTH0_DOMAIN=" + srv.URL(), "AUTH0_TOKEN=" + srv.Token()})
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if !strings.Contains(out, "forbidden") || !strings.Contains(out, "missing scope read:logs") {
		t.Errorf("the partial scan does not say what it lacks:\n%s", out)
	}
	if strings.Contains(errs, "  users") {
		t.Errorf("-quiet printed progress:\n%s", errs)
	}
}

func withoutScope(scopes []string, drop string) []string {
	out := scopes[:0]
	for _, s := range scopes {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

func TestSnapshotThenDiff(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 3, Preset: auth0test.PresetTiny})
	t.Cleanup(srv.Close)
	env := tenantEnv(srv)
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.json"), filepath.Join(dir, "second.json")
	if code, _, errs := scan(t, []string{"-snapshot", first}, env); code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(first); err != nil {
		t.Fatal(err)
	}
	code, out, errs := scan(t, []string{"-diff", first, "-snapshot", second}, env)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if !strings.Contains(out, "no changes since "+first) {
		t.Errorf("unchanged tenant, but:\n%s", out)
	}
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	if !bytes.Equal(a, b) {
		t.Error("two scans of the unchanged tenant differ")
	}
	srv.SetFaults(auth0test.Faults{MissingScopes: []string{"read:roles"}, Unconfigured: []string{"email_provider"}})
	code, out, errs = scan(t, []string{"-diff", first}, env)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	for _, want := range []string{"change(s) since", `roles status: {"status":"ok"} -> {"missing_scopes":["read:roles"],"status":"forbidden"}`,
		"email_provider/provider removed"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
}

func TestInterrupted(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 4})
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	if code := run(ctx, nil, tenantEnv(srv), &out, &errb); code != 130 {
		t.Fatalf("exit %d, want 130\n%s", code, errb.String())
	}
}

func TestDemoSnapshotsAreIdentical(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var files [2][]byte
	for i := range files {
		p := filepath.Join(dir, "scan"+string(rune('a'+i))+".json")
		if code, _, errs := scan(t, []string{"-demo-preset", "tiny", "-snapshot", p}, nil); code != 0 {
			t.Fatalf("exit %d\n%s", code, errs)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = b
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("two scans of the unchanged demo tenant gave different snapshots")
	}
	if !bytes.Contains(files[0], []byte(`"tenant":"https://authlens-demo.auth0.example"`)) {
		t.Errorf("snapshot does not name the demo tenant by its domain: %.200s", files[0])
	}
}

// savedSnapshot scans a tiny tenant once into a snapshot file for the posture
// tests that judge it with -from.
func savedSnapshot(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "scan.json")
	if code, _, errs := scan(t, []string{"-demo-preset", "tiny", "-quiet", "-snapshot", p}, nil); code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	return p
}

func TestJudgeSavedSnapshot(t *testing.T) {
	t.Parallel()
	snap := savedSnapshot(t)
	dir := t.TempDir()
	files := map[string]string{"-findings": filepath.Join(dir, "f.json"), "-sarif": filepath.Join(dir, "f.sarif"), "-report": filepath.Join(dir, "f.md")}
	args := []string{"-from", snap}
	for flag, p := range files {
		args = append(args, flag, p)
	}
	// -from needs no tenant: credentials in the environment are ignored,
	// nothing is dialled.
	code, out, errs := scan(t, args, []string{"AUTH0_DOMAIN=unreachable.invalid", "AUTH0_TOKEN=x"})
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	for _, want := range []string{"posture:", "findings:", "critical", "AL-M2M-001", "clients"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for flag, p := range files {
		b, err := os.ReadFile(p)
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %v", flag, err)
		}
	}
	b, _ := os.ReadFile(files["-sarif"])
	if !bytes.Contains(b, []byte(`"version": "2.1.0"`)) && !bytes.Contains(b, []byte(`"version":"2.1.0"`)) {
		t.Errorf("-sarif is not SARIF 2.1.0: %.200s", b)
	}
}

func TestFailOnAndSuppressions(t *testing.T) {
	t.Parallel()
	snap := savedSnapshot(t)
	code, _, errs := scan(t, []string{"-from", snap, "-quiet", "-fail-on", "critical"}, nil)
	if code != 3 || !strings.Contains(errs, "at or above critical") {
		t.Fatalf("exit %d, want 3\n%s", code, errs)
	}
	// Accept every critical finding: -fail-on critical passes, high fails.
	sup := filepath.Join(t.TempDir(), "accepted.yaml")
	os.WriteFile(sup, []byte(`suppressions:
  - check: AL-M2M-001
    resource: {kind: client_grants, id: "*"}
    reason: Reviewed in SEC-1
  - check: AL-M2M-002
    resource: {kind: clients, id: "*"}
    reason: Reviewed in SEC-1
    expires: 2099-12-31
`), 0o600)
	code, out, errs := scan(t, []string{"-from", snap, "-suppress", sup, "-fail-on", "critical"}, nil)
	if code != 0 {
		t.Fatalf("exit %d, want 0 with the criticals accepted\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "suppressed") {
		t.Errorf("the summary does not count the suppressed findings:\n%s", out)
	}
	if code, _, _ := scan(t, []string{"-from", snap, "-suppress", sup, "-fail-on", "high"}, nil); code != 3 {
		t.Errorf("-fail-on high: exit %d, want 3", code)
	}
}

func TestJudgeBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.json")
	os.WriteFile(corrupt, []byte(`{"version":1,"kinds":{"clients":{"status":"ok","count":2,"records":{}}}}`), 0o600)
	newer := filepath.Join(dir, "newer.json")
	os.WriteFile(newer, []byte(`{"version":99,"kinds":{}}`), 0o600)
	badSup := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badSup, []byte("suppressions:\n  - check: AL-APP-001\n    resource: {id: x}\n"), 0o600)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing snapshot", []string{"-from", filepath.Join(dir, "nope.json")}, "-from"},
		{"corrupt snapshot", []string{"-from", corrupt}, "corrupt snapshot"},
		{"newer snapshot", []string{"-from", newer}, "version 99"},
		{"bad severity", []string{"-fail-on", "severe"}, "-fail-on"},
		{"unknown check", []string{"-checks", "AL-APP-001,AL-XYZ-001"}, "AL-XYZ-001"},
		{"unknown area", []string{"-areas", "widgets"}, "widgets"},
		{"suppression without reason", []string{"-suppress", badSup}, "reason is missing"},
		{"missing suppressions", []string{"-suppress", filepath.Join(dir, "nope.yaml")}, "-suppress"},
		{"report in a missing directory", []string{"-report", filepath.Join(dir, "no", "r.md")}, "-report"},
		{"negative top", []string{"-top", "-1"}, "-top"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, _, errs := scan(t, tc.args, nil)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, want 2 naming %q:\n%s", code, tc.want, errs)
			}
		})
	}
}

// The demo tenant carries planted problems; the clean preset none at high
// or above: -fail-on high fails the one and passes the other.
func TestDemoPresetsFailOn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		preset string
		code   int
	}{{"small", 3}, {"clean", 0}} {
		t.Run(tc.preset, func(t *testing.T) {
			t.Parallel()
			code, out, errs := scan(t, []string{"-demo-preset", tc.preset, "-quiet", "-fail-on", "high"}, nil)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s\n%s", code, tc.code, out, errs)
			}
		})
	}
}
