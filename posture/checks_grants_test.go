package posture

import (
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
)

const (
	mgmtAPI   = `{"id":"rs_mgmt","name":"Auth0 Management API","identifier":"https://example.eu.auth0.com/api/v2/","is_system":true,"signing_alg":"RS256","token_lifetime":86400,"scopes":[{"value":"read:users","description":"Read Users"}]}`
	ordersAPI = `{"id":"rs_orders","name":"Orders API","identifier":"https://api.example.com/orders","signing_alg":"RS256","scopes":[{"value":"read:orders","description":"Read orders"}],"enforce_policies":true}`
	m2mSecret = `{"client_id":"c_m2m","name":"Provisioning job","app_type":"non_interactive","token_endpoint_auth_method":"client_secret_post","grant_types":["client_credentials"],"is_first_party":true}`
	m2mPKJWT  = `{"client_id":"c_pkjwt","name":"Signed job","app_type":"non_interactive","client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"cred_1"}]}},"grant_types":["client_credentials"],"is_first_party":true}`
)

// systemGrant is the recorded Express Configuration grant (is_system
// true) Auth0 creates on the Management API for Okta's OIN integration.
func systemGrant(client, audience string) string {
	return `{"id":"cgr_F59AaazknDG6nxPP","client_id":"` + client + `","audience":"` + audience + `","scope":["read:clients",` +
		`"read:user_attribute_profiles","read:connection_profiles","read:organizations_summary","read:connections",` +
		`"create:connections","update:connections","read:connections_options","update:connections_options",` +
		`"read:organization_connections","create:organization_connections","update:organization_connections",` +
		`"create:scim_config","read:scim_token","create:scim_token","delete:scim_token"],"is_system":true,"subject_type":"client"}`
}

// expressClient is the recorded Express Configuration client.
const expressClient = `{"name":"Express Config Client (Nov 14 12:15:14.650)","client_id":"0v4ARY1WxQi9ICbbSUMZPYimMarvlo5Y",` +
	`"client_secret":"[REDACTED]","app_type":"express_configuration","is_first_party":true,"is_token_endpoint_ip_header_trusted":false,` +
	`"oidc_conformant":true,"callbacks":["https://system-admin.okta.com/admin/app/generic/oauth20redirect"],` +
	`"jwt_configuration":{"secret_encoded":false,"alg":"RS256"},"grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_post"}`

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
		{name: "other writes are medium", snap: base(grant("g1", "c_m2m", mgmtAud, "update:organizations", "read:branding")),
			want: []string{"g1@scope"}, sev: []Severity{SeverityMedium}},
		{name: "login page templates and prompts can phish on the tenant's own page", snap: base(grant("g1", "c_m2m", mgmtAud, "update:branding"),
			grant("g2", "c_m2m", mgmtAud, "update:prompts")),
			want: []string{"g1@scope", "g2@scope"}, sev: []Severity{SeverityCritical, SeverityCritical}},
		{name: "log stream tokens and MFA provider credentials are secrets read in bulk", snap: base(grant("g1", "c_m2m", mgmtAud, "read:log_streams"),
			grant("g2", "c_m2m", mgmtAud, "read:guardian_factors")),
			want: []string{"g1@scope", "g2@scope"}, sev: []Severity{SeverityHigh, SeverityHigh}},
		{name: "Auth0's own Express Configuration grant (is_system)", snap: base(systemGrant("c_m2m", mgmtAud))},
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
		{name: "secret with plain writes is quiet", snap: snap([]string{m2mSecret}, grant("g1", "c_m2m", mgmtAud, "update:organizations"))},
		{name: "secret holding only Auth0's system grant", snap: snap([]string{m2mSecret, expressClient},
			systemGrant("0v4ARY1WxQi9ICbbSUMZPYimMarvlo5Y", mgmtAud), grant("g1", "c_m2m", mgmtAud, "read:clients"))},
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
		{name: "Auth0's own APIs the listing leaves out", snap: snap(
			grant("g1", "c_m2m", "https://example.eu.auth0.com/me/", "read:me:authentication_methods"),
			grant("g2", "c_m2m", "https://example.eu.auth0.com/my-org/", "read:my_org:details"),
			grant("g3", "c_m2m", "urn:auth0:express-configure", "express_configure:sso"))},
		{name: "a /me/ path on another host is no Auth0 API", snap: snap(
			grant("g1", "c_m2m", "https://api.example.com/me/", "read:profile")), want: []string{"g1@audience"}},
		{name: "a system grant to an API the listing omits", snap: snap(systemGrant("c_m2m", "https://api.example.com/retired"))},
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
		{name: "Auth0's system grant for a client the listing omits", snap: snap(systemGrant("0v4ARY1WxQi9ICbbSUMZPYimMarvlo5Y", mgmtAud))},
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
		{name: "an application with only an Auth0 system grant", snap: newSnap().add(inventory.KindResourceServers, mgmtAPI).
			add(inventory.KindClients, m2mSecret, m2mPKJWT).
			add(inventory.KindClientGrants, systemGrant("c_m2m", mgmtAud), grant("g2", "c_pkjwt", mgmtAud, "read:users")).
			add(inventory.KindLogs, logOf("c_pkjwt"))},
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

// The application that took the snapshot holds the read grants a scan
// needs: reported low while it only reads, in full once it may write;
// never "unused" (it just read the tenant).
func TestScannerOwnClient(t *testing.T) {
	t.Parallel()
	scanner := func(scopes ...string) *inventory.Snapshot {
		s := newSnap().add(inventory.KindResourceServers, mgmtAPI).add(inventory.KindClients, m2mSecret).
			add(inventory.KindClientGrants, grant("g1", "c_m2m", mgmtAud, scopes...)).empty(inventory.KindLogs).build(t)
		s.Scan.ClientID = "c_m2m"
		return s
	}
	pkjwtScanner := func(scopes ...string) *inventory.Snapshot {
		s := newSnap().add(inventory.KindResourceServers, mgmtAPI).add(inventory.KindClients, m2mPKJWT).
			add(inventory.KindClientGrants, grant("g1", "c_pkjwt", mgmtAud, scopes...)).empty(inventory.KindLogs).build(t)
		s.Scan.ClientID = "c_pkjwt"
		return s
	}
	for _, tc := range []struct {
		name   string
		snap   *inventory.Snapshot
		checks map[string]Severity // check -> severity of its one finding (0: none)
	}{
		{"read-only scanner", scanner("read:users", "read:logs", "read:clients"),
			map[string]Severity{"AL-M2M-001": SeverityLow, "AL-M2M-002": SeverityLow, "AL-M2M-005": 0}},
		{"scanner that may write", scanner("read:users", "update:users"),
			map[string]Severity{"AL-M2M-001": SeverityCritical, "AL-M2M-002": SeverityCritical}},
		// the scanner on private_key_jwt (auth0mgmt.Config with a client
		// assertion key): no shared secret to flag, its read grant low
		{"read-only scanner on private_key_jwt", pkjwtScanner("read:users", "read:logs", "read:clients"),
			map[string]Severity{"AL-M2M-001": SeverityLow, "AL-M2M-002": 0, "AL-M2M-005": 0}},
		{"private_key_jwt scanner with bulk reads and writes", pkjwtScanner("read:users", "update:users"),
			map[string]Severity{"AL-M2M-001": SeverityCritical, "AL-M2M-002": 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for id, want := range tc.checks {
				fs, _ := runCheckOn(t, id, tc.snap)
				switch {
				case want == 0 && len(fs) != 0:
					t.Errorf("%s: %s", id, describe(fs))
				case want != 0 && (len(fs) != 1 || fs[0].Severity != want):
					t.Errorf("%s: want one %s finding, got\n%s", id, want, describe(fs))
				case want == SeverityLow && !strings.Contains(fs[0].Message, "took this snapshot"):
					t.Errorf("%s: the message does not say it is the scanner: %s", id, fs[0].Message)
				case want == SeverityLow && strings.Contains(tc.name, "private_key_jwt") && strings.Contains(fs[0].Message, "secret in a secrets manager"):
					t.Errorf("%s: a private_key_jwt scanner told to guard its secret: %s", id, fs[0].Message)
				}
			}
		})
	}
}
