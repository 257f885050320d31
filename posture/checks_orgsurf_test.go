package posture

import (
	"crypto/ed25519"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/inventory"
)

// rendering is an ACUL render setting with these head tags (JSON array).
func rendering(prompt, screen, mode, tags string) string {
	return `{"tenant":"TENANT","prompt":"` + prompt + `","screen":"` + screen + `","rendering_mode":"` + mode +
		`","context_configuration":["branding.settings"],"default_head_tags_disabled":false,"head_tags":` + tags + `}`
}

// customDomain is a custom domain record of the tenant.
func customDomain(domain string) string {
	return `{"custom_domain_id":"cd_` + domain + `","domain":"` + domain + `","primary":true,"status":"ready","type":"auth0_managed_certs"}`
}

func TestCheckACULHeadTagsSRI(t *testing.T) {
	t.Parallel()
	one := func(mode, tags string) *snapBuilder {
		return newSnap().empty(inventory.KindCustomDomains).
			addID(inventory.KindPromptRenderings, "login-id/login-id", rendering("login-id", "login-id", mode, tags))
	}
	id := "login-id/login-id@head_tags"
	local := `{"tag":"script","attributes":{"src":"http://localhost:8080/assets/main.js","type":"module"}}`
	localCSS := `{"tag":"link","attributes":{"rel":"stylesheet","href":"http://localhost:8080/assets/main.css"}}`
	runCases(t, "AL-TEN-012", []checkCase{
		{name: "cdn script without integrity", snap: one("advanced", `[{"tag":"script","attributes":{"src":"https://cdn.jsdelivr.net/npm/x@1/index.js","defer":true}}]`),
			want: []string{id}, sev: []Severity{SeverityHigh}},
		{name: "stylesheet without integrity", snap: one("advanced", `[{"tag":"link","attributes":{"rel":"stylesheet","href":"https://cdn.example.com/s.css"}}]`),
			want: []string{id}, sev: []Severity{SeverityMedium}},
		{name: "script from localhost over http is a dev asset", snap: one("advanced", "["+local+"]"),
			want: []string{id}, sev: []Severity{SeverityLow}},
		{name: "private address", snap: one("advanced", `[{"tag":"script","attributes":{"src":"https://10.1.2.3/a.js"}},{"tag":"script","attributes":{"src":"http://127.0.0.1:3000/b.js"}}]`),
			want: []string{id}, sev: []Severity{SeverityLow}},
		{name: "several dev assets, one finding", snap: one("advanced", "["+local+","+localCSS+","+local+"]"),
			want: []string{id}, sev: []Severity{SeverityLow}},
		{name: "cdn script beside dev assets: graded by the worst", snap: one("advanced",
			"["+local+","+localCSS+`,{"tag":"script","attributes":{"src":"https://cdn.example.com/a.js"}}]`),
			want: []string{id}, sev: []Severity{SeverityHigh}},
		{name: "stylesheet over http: blocked as mixed content", snap: one("advanced", `[{"tag":"link","attributes":{"rel":"stylesheet","href":"http://cdn.example.com/s.css"}}]`),
			want: []string{id}, sev: []Severity{SeverityLow}},
		{name: "script over http: blocked as mixed content", snap: one("advanced", `[{"tag":"script","attributes":{"src":"http://cdn.example.com/a.js"}}]`),
			want: []string{id}, sev: []Severity{SeverityLow}},
		{name: "protocol-relative script", snap: one("advanced", `[{"tag":"script","attributes":{"src":"//cdn.example.com/a.js"}}]`),
			want: []string{id}, sev: []Severity{SeverityHigh}},
		{name: "second tag", snap: one("advanced", `[{"tag":"meta","attributes":{"name":"x"}},{"tag":"script","attributes":{"src":"https://cdn.example.com/a.js"}}]`),
			want: []string{id}},
		{name: "two screens, two findings", snap: one("advanced", "["+local+"]").addID(inventory.KindPromptRenderings, "login/login",
			rendering("login", "login", "advanced", `[{"tag":"script","attributes":{"src":"https://cdn.example.com/a.js"}}]`)),
			want: []string{id, "login/login@head_tags"}, sev: []Severity{SeverityLow, SeverityHigh}},
		// negatives and look-alikes
		{name: "with integrity", snap: one("advanced", `[{"tag":"script","attributes":{"src":"https://cdn.example.com/a.js","integrity":["sha384-abc"]}}]`)},
		{name: "empty integrity list", snap: one("advanced", `[{"tag":"script","attributes":{"src":"https://cdn.example.com/a.js","integrity":[]}}]`),
			want: []string{id}},
		{name: "standard mode ignores head tags", snap: one("standard", "["+local+"]")},
		{name: "relative script", snap: one("advanced", `[{"tag":"script","attributes":{"src":"/assets/a.js"}}]`)},
		{name: "inline script", snap: one("advanced", `[{"tag":"script","content":"console.log(1)"}]`)},
		{name: "preconnect link", snap: one("advanced", `[{"tag":"link","attributes":{"rel":"preconnect","href":"https://cdn.example.com"}}]`)},
		{name: "auth0 cdn", snap: one("advanced", `[{"tag":"script","attributes":{"src":"https://cdn.auth0.com/js/x.js"}}]`)},
		{name: "canonical domain", snap: one("advanced", `[{"tag":"script","attributes":{"src":"https://EXAMPLE.eu.auth0.com/a.js"}}]`)},
		{name: "the tenant's custom domain", snap: one("advanced", `[{"tag":"script","attributes":{"src":"https://login.example.com/assets/a.js"}}]`).
			add(inventory.KindCustomDomains, customDomain("login.example.com"))},
		{name: "a look-alike of the custom domain", snap: one("advanced", `[{"tag":"script","attributes":{"src":"https://login.example.com.evil.example/a.js"}}]`).
			add(inventory.KindCustomDomains, customDomain("login.example.com")),
			want: []string{id}, sev: []Severity{SeverityHigh}},
		{name: "none", snap: newSnap().empty(inventory.KindCustomDomains, inventory.KindPromptRenderings)},
		{name: "not read", snap: newSnap().empty(inventory.KindCustomDomains).status(inventory.KindPromptRenderings, inventory.StatusForbidden, "read:prompts"), notEv: true},
		{name: "custom domains not read", snap: one("advanced", "["+local+"]").status(inventory.KindCustomDomains, inventory.StatusForbidden, "read:custom_domains"),
			notEv: true},
	})
}

// One finding per page lists every asset it reports, with its kind and
// why, and says whether they are development assets.
func TestLoginAssetEvidence(t *testing.T) {
	t.Parallel()
	tpl := func(head string) *snapBuilder {
		b, _ := json.Marshal(map[string]string{"body": `<html><head>{%- auth0:head -%}` + head + `</head><body>{%- auth0:widget -%}</body></html>`})
		return newSnap().empty(inventory.KindCustomDomains).addID(inventory.KindUniversalLoginTemplate, inventory.UniversalLoginTemplateID, string(b))
	}
	acul := func(tags string) *snapBuilder {
		return newSnap().empty(inventory.KindCustomDomains).
			addID(inventory.KindPromptRenderings, "login/login", rendering("login", "login", "advanced", tags))
	}
	type asset struct{ url, kind string }
	for _, tc := range []struct {
		name    string
		check   string
		snap    *snapBuilder
		assets  []asset
		message string // a part of the message
	}{
		{name: "acul dev assets", check: "AL-TEN-012",
			snap: acul(`[{"tag":"script","attributes":{"src":"http://localhost:8080/a.js"}},{"tag":"link","attributes":{"rel":"stylesheet","href":"http://localhost:8080/a.css"}},` +
				`{"tag":"script","attributes":{"src":"/rel.js"}}]`),
			assets:  []asset{{"http://localhost:8080/a.js", "script"}, {"http://localhost:8080/a.css", "style"}},
			message: "development assets left on a live screen"},
		{name: "acul cdn and dev", check: "AL-TEN-012",
			snap:    acul(`[{"tag":"script","attributes":{"src":"http://localhost:8080/a.js"}},{"tag":"link","attributes":{"rel":"stylesheet","href":"https://cdn.example.com/s.css"}}]`),
			assets:  []asset{{"http://localhost:8080/a.js", "script"}, {"https://cdn.example.com/s.css", "style"}},
			message: "loads 1 asset from other hosts without Subresource Integrity (https://cdn.example.com/s.css)"},
		{name: "template two assets", check: "AL-TEN-013",
			snap:    tpl(`<script src="https://a.example/a.js"></script><link rel="stylesheet" href="https://b.example/b.css">`),
			assets:  []asset{{"https://a.example/a.js", "script"}, {"https://b.example/b.css", "style"}},
			message: "loads 2 assets from other hosts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fs, ne := runCheckOn(t, tc.check, tc.snap.build(t))
			if len(fs) != 1 || len(ne) != 0 {
				t.Fatalf("%d findings, not evaluated %+v, want 1 finding\n%s", len(fs), ne, describe(fs))
			}
			if !strings.Contains(fs[0].Message, tc.message) {
				t.Errorf("message %q lacks %q", fs[0].Message, tc.message)
			}
			got, _ := fs[0].Evidence["assets"].([]map[string]any)
			if len(got) != len(tc.assets) {
				t.Fatalf("assets %v, want %v", got, tc.assets)
			}
			for i, a := range tc.assets {
				if got[i]["url"] != a.url || got[i]["kind"] != a.kind || got[i]["why"] == "" {
					t.Errorf("asset %d: %v, want %v", i, got[i], a)
				}
			}
		})
	}
}

func TestCheckPageTemplateSRI(t *testing.T) {
	t.Parallel()
	one := func(body string) *snapBuilder {
		b, _ := json.Marshal(map[string]string{"body": body})
		return newSnap().empty(inventory.KindCustomDomains).addID(inventory.KindUniversalLoginTemplate, inventory.UniversalLoginTemplateID, string(b))
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
		{name: "http script: blocked as mixed content", snap: one(head(`<script src=http://cdn.example.com/a.js></script>`)),
			want: []string{id}, sev: []Severity{SeverityLow}},
		{name: "http stylesheet: blocked as mixed content", snap: one(head(`<link rel="stylesheet" href="http://cdn.example.com/a.css">`)),
			want: []string{id}, sev: []Severity{SeverityLow}},
		{name: "localhost script", snap: one(head(`<script src="http://localhost:3000/dev.js"></script>`)),
			want: []string{id}, sev: []Severity{SeverityLow}},
		{name: "two assets, one finding, the worst grade", snap: one(head(`<script src="https://a.example/a.js"></script><link rel="stylesheet" href="https://b.example/b.css">`)),
			want: []string{id}, sev: []Severity{SeverityHigh}},
		{name: "with integrity", snap: one(head(`<script src="https://cdn.example.com/a.js" integrity="sha384-abc" crossorigin="anonymous"></script>`))},
		{name: "the tenant's custom domain", snap: one(head(`<script src="https://id.example.org/a.js"></script>`)).
			add(inventory.KindCustomDomains, customDomain("login.example.com"), customDomain("id.example.org"))},
		{name: "inline script", snap: one(head(`<script>var src="https://cdn.example.com/a.js"</script>`))},
		{name: "minimal template", snap: one(head(""))},
		{name: "icon link", snap: one(head(`<link rel="icon" href="https://cdn.example.com/favicon.ico">`))},
		{name: "not configured", snap: newSnap().empty(inventory.KindCustomDomains).status(inventory.KindUniversalLoginTemplate, inventory.StatusNotConfigured)},
		{name: "not read", snap: newSnap().empty(inventory.KindCustomDomains).status(inventory.KindUniversalLoginTemplate, inventory.StatusForbidden, "read:branding"), notEv: true},
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

// The demo tenant fires each of these checks where it plants the problem;
// the clean one none.
func TestOrgSurfaceChecksOnPresets(t *testing.T) {
	t.Parallel()
	want := map[string]Severity{"AL-TEN-012": SeverityHigh, "AL-TEN-013": SeverityHigh, "AL-CONN-020": SeverityLow}
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
