package posture

import (
	"crypto/ed25519"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/authlens/authlens/inventory"
)

// rendering is an ACUL render setting with these head tags (JSON array).
func rendering(prompt, screen, mode, tags string) string {
	return `{"tenant":"TENANT","prompt":"` + prompt + `","screen":"` + screen + `","rendering_mode":"` + mode +
		`","context_configuration":["branding.settings"],"default_head_tags_disabled":false,"head_tags":` + tags + `}`
}

func TestCheckACULHeadTagsSRI(t *testing.T) {
	t.Parallel()
	one := func(mode, tags string) *snapBuilder {
		return newSnap().addID(inventory.KindPromptRenderings, "login-id/login-id", rendering("login-id", "login-id", mode, tags))
	}
	src := "head_tags[0].attributes.src"
	href := "head_tags[0].attributes.href"
	runCases(t, "AL-TEN-012", []checkCase{
		{name: "cdn script without integrity", snap: one("advanced", `[{"tag":"script","attributes":{"src":"https://cdn.jsdelivr.net/npm/x@1/index.js","defer":true}}]`),
			want: []string{"login-id/login-id@" + src}, sev: []Severity{SeverityHigh}},
		{name: "stylesheet without integrity", snap: one("advanced", `[{"tag":"link","attributes":{"rel":"stylesheet","href":"https://cdn.example.com/s.css"}}]`),
			want: []string{"login-id/login-id@" + href}, sev: []Severity{SeverityMedium}},
		{name: "script from localhost over http", snap: one("advanced", `[{"tag":"script","attributes":{"src":"http://localhost:8080/assets/main.js","type":"module"}}]`),
			want: []string{"login-id/login-id@" + src}, sev: []Severity{SeverityCritical}},
		{name: "stylesheet over http", snap: one("advanced", `[{"tag":"link","attributes":{"rel":"stylesheet","href":"http://cdn.example.com/s.css"}}]`),
			want: []string{"login-id/login-id@" + href}, sev: []Severity{SeverityHigh}},
		{name: "protocol-relative script", snap: one("advanced", `[{"tag":"script","attributes":{"src":"//cdn.example.com/a.js"}}]`),
			want: []string{"login-id/login-id@" + src}, sev: []Severity{SeverityHigh}},
		{name: "second tag", snap: one("advanced", `[{"tag":"meta","attributes":{"name":"x"}},{"tag":"script","attributes":{"src":"https://cdn.example.com/a.js"}}]`),
			want: []string{"login-id/login-id@head_tags[1].attributes.src"}},
		// negatives and look-alikes
		{name: "with integrity", snap: one("advanced", `[{"tag":"script","attributes":{"src":"https://cdn.example.com/a.js","integrity":["sha384-abc"]}}]`)},
		{name: "empty integrity list", snap: one("advanced", `[{"tag":"script","attributes":{"src":"https://cdn.example.com/a.js","integrity":[]}}]`),
			want: []string{"login-id/login-id@" + src}},
		{name: "standard mode ignores head tags", snap: one("standard", `[{"tag":"script","attributes":{"src":"https://cdn.example.com/a.js"}}]`)},
		{name: "relative script", snap: one("advanced", `[{"tag":"script","attributes":{"src":"/assets/a.js"}}]`)},
		{name: "inline script", snap: one("advanced", `[{"tag":"script","content":"console.log(1)"}]`)},
		{name: "preconnect link", snap: one("advanced", `[{"tag":"link","attributes":{"rel":"preconnect","href":"https://cdn.example.com"}}]`)},
		{name: "auth0 cdn", snap: one("advanced", `[{"tag":"script","attributes":{"src":"https://cdn.auth0.com/js/x.js"}}]`)},
		{name: "none", snap: newSnap().empty(inventory.KindPromptRenderings)},
		{name: "not read", snap: newSnap().status(inventory.KindPromptRenderings, inventory.StatusForbidden, "read:prompts"), notEv: true},
	})
}

func TestCheckPageTemplateSRI(t *testing.T) {
	t.Parallel()
	one := func(body string) *snapBuilder {
		b, _ := json.Marshal(map[string]string{"body": body})
		return newSnap().addID(inventory.KindUniversalLoginTemplate, inventory.UniversalLoginTemplateID, string(b))
	}
	id := inventory.UniversalLoginTemplateID + "@body"
	head := func(s string) string {
		return `<!DOCTYPE html><html><head>{%- auth0:head -%}` + s + `</head><body>{%- auth0:widget -%}</body></html>`
	}
	runCases(t, "AL-TEN-013", []checkCase{
		{name: "analytics script", snap: one(head(`<script src="https://cdn.analytics.example/tag.js" async></script>`)),
			want: []string{id}, sev: []Severity{SeverityHigh}},
		{name: "single-quoted stylesheet", snap: one(head(`<LINK rel='stylesheet' href='https://fonts.example.com/f.css'>`)),
			want: []string{id}, sev: []Severity{SeverityMedium}},
		{name: "http script", snap: one(head(`<script src=http://cdn.example.com/a.js></script>`)),
			want: []string{id}, sev: []Severity{SeverityCritical}},
		{name: "two assets", snap: one(head(`<script src="https://a.example/a.js"></script><link rel="stylesheet" href="https://b.example/b.css">`)),
			want: []string{id, id}},
		{name: "with integrity", snap: one(head(`<script src="https://cdn.example.com/a.js" integrity="sha384-abc" crossorigin="anonymous"></script>`))},
		{name: "inline script", snap: one(head(`<script>var src="https://cdn.example.com/a.js"</script>`))},
		{name: "minimal template", snap: one(head(""))},
		{name: "icon link", snap: one(head(`<link rel="icon" href="https://cdn.example.com/favicon.ico">`))},
		{name: "not configured", snap: newSnap().status(inventory.KindUniversalLoginTemplate, inventory.StatusNotConfigured)},
		{name: "not read", snap: newSnap().status(inventory.KindUniversalLoginTemplate, inventory.StatusForbidden, "read:branding"), notEv: true},
	})
}

// testCert is a PEM certificate valid until notAfter.
func testCert(t *testing.T, notAfter time.Time) string {
	t.Helper()
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "partner"},
		NotBefore: notAfter.AddDate(-1, 0, 0), NotAfter: notAfter}
	der, err := x509.CreateCertificate(nil, tpl, tpl, priv.Public(), priv)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func TestCheckConnectionKeyExpiry(t *testing.T) {
	t.Parallel()
	scan := time.Date(2025, time.June, 2, 9, 30, 0, 0, time.UTC)
	key := func(kid string, notAfter time.Time, flags string) map[string]any {
		k := map[string]any{"kid": kid, "algorithm": "RS256", "key_use": "signing", "subject_dn": "/CN=partner", "cert": testCert(t, notAfter)}
		if flags != "" {
			k[flags] = true
		}
		return k
	}
	rec := func(keys ...map[string]any) string {
		b, _ := json.Marshal(map[string]any{"connection_id": "con_1", "connection_name": "partner-okta", "strategy": "okta", "keys": keys})
		return string(b)
	}
	one := func(keys ...map[string]any) *snapBuilder {
		return newSnap().collectedAt(scan).empty(inventory.KindLogs).addID(inventory.KindConnectionKeys, "con_1", rec(keys...))
	}
	day := 24 * time.Hour
	runCases(t, "AL-CONN-020", []checkCase{
		{name: "current expired", snap: one(key("k1", scan.Add(-day), "current")), want: []string{"con_1@keys[0].cert"}, sev: []Severity{SeverityMedium}},
		{name: "current expires in 10 days", snap: one(key("k1", scan.Add(10*day), "current")), want: []string{"con_1@keys[0].cert"}, sev: []Severity{SeverityLow}},
		{name: "only key, no flags, expired", snap: one(key("k1", scan.Add(-day), "")), want: []string{"con_1@keys[0].cert"}},
		{name: "second key is the current one", snap: one(key("k0", scan.Add(-day), "previous"), key("k1", scan.Add(5*day), "current")),
			want: []string{"con_1@keys[1].cert"}},
		{name: "current valid 31 days", snap: one(key("k1", scan.Add(31*day), "current"))},
		{name: "retired key expired", snap: one(key("k0", scan.Add(-day), "previous"), key("k1", scan.Add(300*day), "current"))},
		{name: "next key not yet in use", snap: one(key("k1", scan.Add(300*day), "current"), key("k2", scan.Add(5*day), "next"))},
		{name: "no scan time", snap: newSnap().empty(inventory.KindLogs).addID(inventory.KindConnectionKeys, "con_1", rec(key("k1", scan.Add(-day), "current"))),
			partial: true},
		{name: "certificate does not parse", snap: newSnap().collectedAt(scan).empty(inventory.KindLogs).addID(inventory.KindConnectionKeys, "con_1",
			`{"connection_id":"con_1","keys":[{"kid":"k1","current":true,"cert":"nope"}]}`), partial: true},
		{name: "none", snap: newSnap().collectedAt(scan).empty(inventory.KindLogs, inventory.KindConnectionKeys)},
		{name: "not read", snap: newSnap().collectedAt(scan).empty(inventory.KindLogs).status(inventory.KindConnectionKeys, inventory.StatusForbidden, "read:connections_keys"),
			notEv: true},
	})
}

func TestCheckDiscoveryDomainUnverified(t *testing.T) {
	t.Parallel()
	domain := func(name, status, used string) string {
		d := `{"id":"ord_` + name + `","domain":"` + name + `.example","status":"` + status + `","verification_host":"_ss-verification.org_1.` + name +
			`.example","verification_txt":"abc"`
		if used != "" {
			d += `,"use_for_organization_discovery":` + used
		}
		return d + "}"
	}
	one := func(domains ...string) *snapBuilder {
		list := "["
		for i, d := range domains {
			if i > 0 {
				list += ","
			}
			list += d
		}
		return newSnap().addID(inventory.KindOrganizationDiscoveryDomains, "org_1", `{"organization_id":"org_1","domains":`+list+`]}`)
	}
	runCases(t, "AL-ORG-002", []checkCase{
		{name: "pending used for discovery", snap: one(domain("acme", "pending", "true")), want: []string{"org_1@domains[0].status"}, sev: []Severity{SeverityMedium}},
		{name: "second domain", snap: one(domain("ok", "verified", "true"), domain("acme", "pending", "true")), want: []string{"org_1@domains[1].status"}},
		{name: "verified", snap: one(domain("acme", "verified", "true"))},
		{name: "pending, not used", snap: one(domain("acme", "pending", "false"))},
		{name: "pending, flag absent", snap: one(domain("acme", "pending", ""))},
		{name: "none", snap: newSnap().empty(inventory.KindOrganizationDiscoveryDomains)},
		{name: "not read", snap: newSnap().status(inventory.KindOrganizationDiscoveryDomains, inventory.StatusForbidden, "read:organization_discovery_domains"), notEv: true},
	})
}

// The demo tenant fires each of these checks where it plants the problem;
// the clean one none.
func TestOrgSurfaceChecksOnPresets(t *testing.T) {
	t.Parallel()
	want := map[string]Severity{"AL-TEN-012": SeverityHigh, "AL-TEN-013": SeverityHigh, "AL-CONN-020": SeverityLow, "AL-ORG-002": SeverityMedium}
	var ids []string
	for _, c := range orgSurfaceChecks() {
		ids = append(ids, c.id)
	}
	for _, tc := range []struct {
		name string
		snap *inventory.Snapshot
	}{{"demo", demoSnapshot(t)}, {"clean", cleanSnapshot(t)}} {
		res, err := Run(t.Context(), tc.snap, Options{Checks: ids})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.NotEvaluated) != 0 {
			t.Errorf("%s: not evaluated %+v", tc.name, res.NotEvaluated)
		}
		worst := map[string]Severity{}
		for _, f := range res.Findings {
			worst[f.Check] = max(worst[f.Check], f.Severity)
		}
		if tc.name == "clean" {
			if len(res.Findings) != 0 {
				t.Errorf("clean:\n%s", describe(res.Findings))
			}
			continue
		}
		for id, sev := range want {
			if worst[id] != sev {
				t.Errorf("demo: %s worst %s, want %s\n%s", id, worst[id], sev, describe(res.Findings))
			}
		}
	}
}
