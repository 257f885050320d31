package posture

import (
	"testing"

	"github.com/authlens/authlens/inventory"
)

// domDomain is a custom domain shaped like the recorded /custom-domains
// items.
func domDomain(id, domain, status, tls string, primary bool) string {
	p := "false"
	if primary {
		p = "true"
	}
	return `{"custom_domain_id":"` + id + `","domain":"` + domain + `","primary":` + p + `,"status":"` + status +
		`","type":"auth0_managed_certs","verification":{"methods":[{"name":"CNAME","record":"example-cd-x.edge.tenants.eu.auth0.com","domain":"` +
		domain + `"}]},"tls_policy":"` + tls + `"}`
}

func TestCheckCustomDomainReady(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-DOM-001", []checkCase{
		{name: "none", snap: newSnap().empty(inventory.KindCustomDomains), want: []string{""}},
		{name: "pending and failed, none ready", snap: newSnap().add(inventory.KindCustomDomains,
			domDomain("cd_1", "login.example.com", "pending_verification", "recommended", true),
			domDomain("cd_2", "auth.example.com", "failed", "recommended", false)),
			want: []string{"cd_1@status", "cd_2@status"}, sev: []Severity{SeverityMedium, SeverityMedium}},
		{name: "ready", snap: newSnap().add(inventory.KindCustomDomains, domDomain("cd_1", "login.example.com", "ready", "recommended", true))},
		{name: "ready beside a pending and an abandoned one: info", snap: newSnap().add(inventory.KindCustomDomains,
			domDomain("cd_1", "login.example.com", "ready", "recommended", true),
			domDomain("cd_2", "old.example.com", "disabled", "recommended", false),
			domDomain("cd_3", "auth.example.com", "pending_verification", "recommended", false)),
			want: []string{"cd_2@status", "cd_3@status"}, sev: []Severity{SeverityInfo, SeverityInfo}},
		{name: "not read", snap: newSnap().status(inventory.KindCustomDomains, inventory.StatusForbidden, "read:custom_domains"), notEv: true},
	})
}

func TestCheckCustomDomainTLS(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-DOM-002", []checkCase{
		{name: "compatible", snap: newSnap().add(inventory.KindCustomDomains, domDomain("cd_1", "login.example.com", "ready", "compatible", true)),
			want: []string{"cd_1@tls_policy"}},
		{name: "recommended", snap: newSnap().add(inventory.KindCustomDomains, domDomain("cd_1", "login.example.com", "ready", "recommended", true))},
		{name: "not read", snap: newSnap().status(inventory.KindCustomDomains, inventory.StatusForbidden, "read:custom_domains"), notEv: true},
	})
}

// domLogin is a successful login event as /logs records it.
func domLogin(id, hostname string) string {
	return `{"_id":"` + id + `","log_id":"` + id + `","date":"2025-06-02T08:00:00.000Z","type":"s","description":"","connection":"Username-Password-Authentication","client_id":"c_web","client_name":"Web","ip":"[REDACTED]","hostname":"` +
		hostname + `","user_id":"auth0|1","user_name":"a@example.com","strategy":"auth0","strategy_type":"database"}`
}

func TestCheckCanonicalDomainLogins(t *testing.T) {
	t.Parallel()
	const canonical = "example.eu.auth0.com"
	ready := domDomain("cd_1", "login.example.com", "ready", "recommended", true)
	runCases(t, "AL-DOM-003", []checkCase{
		{name: "logins on the canonical domain", snap: newSnap().add(inventory.KindCustomDomains, ready).
			add(inventory.KindLogs, domLogin("9001", canonical), domLogin("9002", "login.example.com"), domLogin("9003", canonical)),
			want: []string{"cd_1"}},
		{name: "logins on the custom domain", snap: newSnap().add(inventory.KindCustomDomains, ready).
			add(inventory.KindLogs, domLogin("9002", "login.example.com"))},
		{name: "a failed login on the canonical domain", snap: newSnap().add(inventory.KindCustomDomains, ready).
			add(inventory.KindLogs, `{"log_id":"9004","date":"2025-06-02T08:00:00.000Z","type":"f","hostname":"`+canonical+`"}`)},
		{name: "no ready custom domain is AL-DOM-001's", snap: newSnap().add(inventory.KindCustomDomains,
			domDomain("cd_1", "login.example.com", "pending_verification", "recommended", true)).add(inventory.KindLogs, domLogin("9001", canonical))},
		{name: "logs not read", snap: newSnap().add(inventory.KindCustomDomains, ready).status(inventory.KindLogs, inventory.StatusForbidden, "read:logs"), notEv: true},
	})
	fs, _ := runCheckOn(t, "AL-DOM-003", newSnap().add(inventory.KindCustomDomains, ready).
		add(inventory.KindLogs, domLogin("9001", canonical), domLogin("9003", canonical)).build(t))
	if len(fs) != 1 || fs[0].Evidence["canonical_logins"] != 2 || fs[0].Evidence["hostname"] != canonical {
		t.Errorf("findings %s", describe(fs))
	}
}
