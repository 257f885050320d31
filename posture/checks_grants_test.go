package posture

import (
	"testing"

	"github.com/authlens/authlens/inventory"
)

const (
	mgmtAPI   = `{"id":"rs_mgmt","name":"Auth0 Management API","identifier":"https://example.eu.auth0.com/api/v2/","is_system":true,"signing_alg":"RS256","token_lifetime":86400,"scopes":[{"value":"read:users","description":"Read Users"}]}`
	ordersAPI = `{"id":"rs_orders","name":"Orders API","identifier":"https://api.example.com/orders","signing_alg":"RS256","scopes":[{"value":"read:orders","description":"Read orders"}],"enforce_policies":true}`
	m2mSecret = `{"client_id":"c_m2m","name":"Provisioning job","app_type":"non_interactive","token_endpoint_auth_method":"client_secret_post","grant_types":["client_credentials"],"is_first_party":true}`
	m2mPKJWT  = `{"client_id":"c_pkjwt","name":"Signed job","app_type":"non_interactive","client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"cred_1"}]}},"grant_types":["client_credentials"],"is_first_party":true}`
)

func grant(id, client, audience string, scopes ...string) string {
	b := `{"id":"` + id + `","client_id":"` + client + `","audience":"` + audience + `","scope":[`
	for i, s := range scopes {
		if i > 0 {
			b += ","
		}
		b += `"` + s + `"`
	}
	return b + `],"organization_usage":"deny","allow_any_organization":false,"subject_type":"client"}`
}

const mgmtAud = "https://example.eu.auth0.com/api/v2/"

func TestCheckMgmtGrantScopes(t *testing.T) {
	t.Parallel()
	base := func(grants ...string) *snapBuilder {
		return newSnap().add(inventory.KindResourceServers, mgmtAPI, ordersAPI).add(inventory.KindClients, m2mSecret).
			add(inventory.KindClientGrants, grants...).empty(inventory.KindClientGrants)
	}
	runCases(t, "AL-M2M-001", []checkCase{
		{name: "takeover scopes are critical", snap: base(grant("g1", "c_m2m", mgmtAud, "read:clients", "update:clients")),
			want: []string{"g1@scope"}, sev: []Severity{SeverityCritical}},
		{name: "bulk read is high", snap: base(grant("g1", "c_m2m", mgmtAud, "read:users", "read:stats")),
			want: []string{"g1@scope"}, sev: []Severity{SeverityHigh}},
		{name: "delete is high", snap: base(grant("g1", "c_m2m", mgmtAud, "delete:roles")),
			want: []string{"g1@scope"}, sev: []Severity{SeverityHigh}},
		{name: "other writes are medium", snap: base(grant("g1", "c_m2m", mgmtAud, "update:branding", "read:branding")),
			want: []string{"g1@scope"}, sev: []Severity{SeverityMedium}},
		{name: "harmless reads are quiet", snap: base(grant("g1", "c_m2m", mgmtAud, "read:clients", "read:roles", "read:stats"))},
		{name: "powerful scopes on another API are not this check's", snap: base(grant("g1", "c_m2m", "https://api.example.com/orders", "delete:users"))},
		{name: "user-access grants are not client credentials", snap: base(`{"id":"g1","client_id":"c_m2m","audience":"` + mgmtAud + `","scope":["update:users"],"subject_type":"user"}`)},
		{name: "grants not read", snap: newSnap().add(inventory.KindResourceServers, mgmtAPI).add(inventory.KindClients, m2mSecret).
			status(inventory.KindClientGrants, inventory.StatusForbidden, "read:client_grants"), notEv: true},
	})
}

func TestCheckSharedSecretMgmtPower(t *testing.T) {
	t.Parallel()
	snap := func(clients []string, grants ...string) *snapBuilder {
		return newSnap().add(inventory.KindResourceServers, mgmtAPI).add(inventory.KindClients, clients...).
			add(inventory.KindClientGrants, grants...).empty(inventory.KindClientGrants)
	}
	runCases(t, "AL-M2M-002", []checkCase{
		{name: "secret with takeover scopes", snap: snap([]string{m2mSecret}, grant("g1", "c_m2m", mgmtAud, "create:users")),
			want: []string{"c_m2m@token_endpoint_auth_method"}, sev: []Severity{SeverityCritical}},
		{name: "secret with bulk read", snap: snap([]string{m2mSecret}, grant("g1", "c_m2m", mgmtAud, "read:logs")),
			want: []string{"c_m2m@token_endpoint_auth_method"}, sev: []Severity{SeverityHigh}},
		{name: "private_key_jwt is quiet", snap: snap([]string{m2mPKJWT}, grant("g1", "c_pkjwt", mgmtAud, "create:users", "read:users"))},
		{name: "secret with harmless reads is quiet", snap: snap([]string{m2mSecret}, grant("g1", "c_m2m", mgmtAud, "read:clients"))},
		{name: "secret with plain writes is quiet", snap: snap([]string{m2mSecret}, grant("g1", "c_m2m", mgmtAud, "update:branding"))},
	})
}

func TestCheckGrantMissingAPI(t *testing.T) {
	t.Parallel()
	snap := func(grants ...string) *snapBuilder {
		return newSnap().add(inventory.KindResourceServers, mgmtAPI, ordersAPI).add(inventory.KindClients, m2mSecret).
			add(inventory.KindClientGrants, grants...)
	}
	runCases(t, "AL-M2M-003", []checkCase{
		{name: "deleted API", snap: snap(grant("g1", "c_m2m", "https://api.example.com/retired", "read:x")), want: []string{"g1@audience"}},
		{name: "existing API", snap: snap(grant("g1", "c_m2m", "https://api.example.com/orders", "read:orders"))},
		{name: "the Management API is always there", snap: newSnap().add(inventory.KindResourceServers, ordersAPI).
			add(inventory.KindClients, m2mSecret).add(inventory.KindClientGrants, grant("g1", "c_m2m", mgmtAud, "read:users"))},
	})
}

func TestCheckGrantMissingClient(t *testing.T) {
	t.Parallel()
	snap := func(grants ...string) *snapBuilder {
		return newSnap().add(inventory.KindResourceServers, mgmtAPI).add(inventory.KindClients, m2mSecret).
			add(inventory.KindClientGrants, grants...)
	}
	runCases(t, "AL-M2M-004", []checkCase{
		{name: "deleted application", snap: snap(grant("g1", "c_gone", mgmtAud, "read:users")), want: []string{"g1@client_id"}},
		{name: "existing application", snap: snap(grant("g1", "c_m2m", mgmtAud, "read:users"))},
	})
}

func TestCheckUnusedM2M(t *testing.T) {
	t.Parallel()
	logOf := func(client string) string {
		return `{"log_id":"900` + client + `","date":"2025-06-02T08:00:00.000Z","type":"seccft","client_id":"` + client + `"}`
	}
	snap := func(logs ...string) *snapBuilder {
		return newSnap().add(inventory.KindResourceServers, mgmtAPI).add(inventory.KindClients, m2mSecret, m2mPKJWT).
			add(inventory.KindClientGrants, grant("g1", "c_m2m", mgmtAud, "read:users"), grant("g2", "c_pkjwt", mgmtAud, "read:users")).
			add(inventory.KindLogs, logs...).empty(inventory.KindLogs)
	}
	runCases(t, "AL-M2M-005", []checkCase{
		{name: "one used, one not", snap: snap(logOf("c_pkjwt")), want: []string{"c_m2m"}},
		{name: "both used", snap: snap(logOf("c_pkjwt"), logOf("c_m2m"))},
		{name: "logs not read", snap: newSnap().add(inventory.KindResourceServers, mgmtAPI).add(inventory.KindClients, m2mSecret).
			add(inventory.KindClientGrants, grant("g1", "c_m2m", mgmtAud, "read:users")).
			status(inventory.KindLogs, inventory.StatusForbidden, "read:logs"), notEv: true},
	})
	// Logs cut at MaxLogs cannot prove an application idle: the check
	// names what it could not judge.
	s := snap(logOf("c_pkjwt")).gap(inventory.KindLogs, inventory.Gap{Part: "records", Status: inventory.StatusPartial, Error: "capped"}).build(t)
	fs, ne := runCheckOn(t, "AL-M2M-005", s)
	if len(fs) != 0 || len(ne) != 1 || !ne[0].Partial() || ne[0].Resources[0].ID != "c_m2m" {
		t.Errorf("capped logs: findings %v, not evaluated %+v", fs, ne)
	}
}
