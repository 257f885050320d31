package posture

import (
	"testing"

	"github.com/authlens/authlens/inventory"
)

// Resource servers shaped like the recorded GET /api/v2/resource-servers
// bodies.
const (
	apiFxOrders = `{"id":"rs_orders","name":"Orders API","identifier":"https://api.example.com/orders",` +
		`"allow_offline_access":false,"skip_consent_for_verifiable_first_party_clients":false,` +
		`"subject_type_authorization":{"client":{"policy":"require_client_grant"},"user":{"policy":"allow_all"}},` +
		`"token_lifetime":86400,"token_lifetime_for_web":7200,"signing_alg":"RS256",` +
		`"scopes":[{"value":"read:orders","description":"Read orders"},{"value":"delete:orders","description":"Delete orders"}],` +
		`"enforce_policies":true,"token_dialect":"access_token_authz"}`
	apiFxReports = `{"id":"rs_reports","name":"Reports API","identifier":"https://api.example.com/reports",` +
		`"allow_offline_access":true,"skip_consent_for_verifiable_first_party_clients":true,` +
		`"subject_type_authorization":{"client":{"policy":"require_client_grant"},"user":{"policy":"allow_all"}},` +
		`"token_lifetime":3600,"token_lifetime_for_web":900,"signing_alg":"RS256",` +
		`"scopes":[{"value":"read:reports","description":"Read reports"},{"value":"export:reports","description":"Export reports"}],` +
		`"enforce_policies":true,"token_dialect":"access_token"}`
	apiFxMgmt = `{"id":"rs_mgmt","name":"Auth0 Management API","identifier":"https://example.eu.auth0.com/api/v2/",` +
		`"allow_offline_access":false,"skip_consent_for_verifiable_first_party_clients":false,` +
		`"subject_type_authorization":{"client":{"policy":"require_client_grant"},"user":{"policy":"allow_all"}},` +
		`"token_lifetime":86400,"token_lifetime_for_web":7200,"signing_alg":"RS256",` +
		`"scopes":[{"description":"Read Users","value":"read:users"},{"description":"Delete Users","value":"delete:users"}],"is_system":true}`
	apiFxExpress = `{"id":"rs_express","name":"Okta OIN Express Configuration API","identifier":"urn:auth0:express-configure",` +
		`"scopes":[{"value":"express_configure:sso","description":"Ability to create SSO configurations"}],"signing_alg":"RS256",` +
		`"allow_offline_access":false,"token_lifetime":300,"token_lifetime_for_web":7200,` +
		`"skip_consent_for_verifiable_first_party_clients":false,"enforce_policies":true,"is_system":true,` +
		`"subject_type_authorization":{"user":{"policy":"allow_all"},"client":{"policy":"deny_all"}}}`
)

func apiFxAPIs(apis ...string) *snapBuilder {
	return newSnap().add(inventory.KindResourceServers, apis...).empty(inventory.KindResourceServers)
}

func apiFxAPIsNotRead() *snapBuilder {
	return newSnap().status(inventory.KindResourceServers, inventory.StatusForbidden, "read:resource_servers")
}

func TestCheckAPIHS256(t *testing.T) {
	t.Parallel()
	runJudgedCases(t, "AL-API-001", []checkCase{
		{name: "HS256", snap: apiFxAPIs(apiFxMgmt, appFxPatch(apiFxOrders, `{"signing_alg":"HS256","signing_secret":"[REDACTED]"}`)),
			want: []string{"rs_orders@signing_alg"}, sev: []Severity{SeverityHigh}},
		{name: "RS256 and PS256", snap: apiFxAPIs(apiFxOrders, appFxPatch(apiFxReports, `{"signing_alg":"PS256"}`))},
		{name: "system APIs are Auth0's", snap: apiFxAPIs(appFxPatch(apiFxExpress, `{"signing_alg":"HS256"}`))},
		{name: "APIs not read", snap: apiFxAPIsNotRead(), notEv: true},
	})
}

func TestCheckAPITokenLifetime(t *testing.T) {
	t.Parallel()
	runJudgedCases(t, "AL-API-002", []checkCase{
		{name: "thirty days", snap: apiFxAPIs(appFxPatch(apiFxOrders, `{"token_lifetime":2592000}`)),
			want: []string{"rs_orders@token_lifetime"}, sev: []Severity{SeverityMedium}},
		{name: "a second over a day", snap: apiFxAPIs(appFxPatch(apiFxReports, `{"token_lifetime":86401}`)),
			want: []string{"rs_reports@token_lifetime"}},
		{name: "the default day and less", snap: apiFxAPIs(apiFxOrders, apiFxReports)},
		{name: "system APIs are Auth0's", snap: apiFxAPIs(appFxPatch(apiFxMgmt, `{"token_lifetime":100000}`))},
		{name: "APIs not read", snap: apiFxAPIsNotRead(), notEv: true},
	})
}

func TestCheckAPIWebTokenLifetime(t *testing.T) {
	t.Parallel()
	runJudgedCases(t, "AL-API-003", []checkCase{
		{name: "a day in the browser", snap: apiFxAPIs(appFxPatch(apiFxOrders, `{"token_lifetime_for_web":86400}`)),
			want: []string{"rs_orders@token_lifetime_for_web"}, sev: []Severity{SeverityLow}},
		{name: "the default two hours and less", snap: apiFxAPIs(apiFxOrders, apiFxReports)},
		{name: "system APIs are Auth0's", snap: apiFxAPIs(appFxPatch(apiFxMgmt, `{"token_lifetime_for_web":86400}`))},
		{name: "APIs not read", snap: apiFxAPIsNotRead(), notEv: true},
	})
}

// apiFxRole is a roles record: the role with its permissions and members.
func apiFxRole(id, name, perms string) string {
	r := `{"id":"` + id + `","name":"` + name + `","description":"` + name + `"`
	if perms != "" {
		r += `,"permissions":` + perms
	}
	return r + `,"members":["auth0|64f1c2a9e0b1d2c3a4b5c6d7"]}`
}

const apiFxOrderPerms = `[{"permission_name":"delete:orders","description":"Delete orders","resource_server_name":"Orders API",` +
	`"resource_server_identifier":"https://api.example.com/orders"},{"permission_name":"read:orders","description":"Read orders",` +
	`"resource_server_name":"Orders API","resource_server_identifier":"https://api.example.com/orders"}]`

func TestCheckAPIRBACOff(t *testing.T) {
	t.Parallel()
	snap := func(apis []string, roles ...string) *snapBuilder {
		return apiFxAPIs(apis...).add(inventory.KindRoles, roles...).empty(inventory.KindRoles)
	}
	off := appFxPatch(apiFxOrders, `{"enforce_policies":false}`)
	unset := appFxPatch(apiFxOrders, `{"enforce_policies":null}`)
	reportsPerm := `[{"permission_name":"read:reports","description":"Read reports","resource_server_name":"Reports API",` +
		`"resource_server_identifier":"https://api.example.com/reports"}]`
	runJudgedCases(t, "AL-API-004", []checkCase{
		{name: "RBAC off with role permissions", snap: snap([]string{off, apiFxReports}, apiFxRole("rol_admin", "Order admin", apiFxOrderPerms),
			apiFxRole("rol_viewer", "Report viewer", reportsPerm)), want: []string{"rs_orders@enforce_policies"}, sev: []Severity{SeverityHigh}},
		{name: "RBAC never set", snap: snap([]string{unset}, apiFxRole("rol_admin", "Order admin", apiFxOrderPerms)),
			want: []string{"rs_orders@enforce_policies"}},
		{name: "an unread role does not hide a read one", snap: snap([]string{off}, apiFxRole("rol_admin", "Order admin", apiFxOrderPerms),
			apiFxRole("rol_other", "Other", "")), want: []string{"rs_orders@enforce_policies"}},
		{name: "RBAC on", snap: snap([]string{apiFxOrders}, apiFxRole("rol_admin", "Order admin", apiFxOrderPerms))},
		{name: "RBAC off but no role uses the API", snap: snap([]string{off, apiFxReports}, apiFxRole("rol_viewer", "Report viewer", reportsPerm),
			apiFxRole("rol_empty", "Empty", "[]"))},
		{name: "system APIs are Auth0's", snap: snap([]string{apiFxMgmt}, apiFxRole("rol_ops", "Ops", `[{"permission_name":"read:users",`+
			`"resource_server_name":"Auth0 Management API","resource_server_identifier":"https://example.eu.auth0.com/api/v2/"}]`))},
		{name: "roles not read", snap: apiFxAPIs(off).status(inventory.KindRoles, inventory.StatusForbidden, "read:roles"), notEv: true},
		{name: "APIs not read", snap: apiFxAPIsNotRead().add(inventory.KindRoles, apiFxRole("rol_admin", "Order admin", apiFxOrderPerms)), notEv: true},
	})
	// A role whose permissions were not read may be the one that uses the
	// API: the API is not judged. An API with RBAC on needs no roles.
	appExpectSkip(t, "AL-API-004", snap([]string{off, apiFxReports}, apiFxRole("rol_viewer", "Report viewer", reportsPerm),
		apiFxRole("rol_other", "Other", "")), "rs_orders")
}

func TestCheckAPIOfflineWriteScopes(t *testing.T) {
	t.Parallel()
	scopes := func(base, list string) string {
		return appFxPatch(base, `{"allow_offline_access":true,"scopes":`+list+`}`)
	}
	runJudgedCases(t, "AL-API-005", []checkCase{
		{name: "delete scope with offline access", snap: apiFxAPIs(appFxPatch(apiFxOrders, `{"allow_offline_access":true}`)),
			want: []string{"rs_orders@allow_offline_access"}, sev: []Severity{SeverityLow}},
		{name: "admin and :all scopes", snap: apiFxAPIs(scopes(apiFxReports, `[{"value":"read:reports"},{"value":"reports:all"}]`),
			scopes(apiFxOrders, `[{"value":"Admin"}]`)), want: []string{"rs_reports@allow_offline_access", "rs_orders@allow_offline_access"}},
		{name: "read and export scopes with offline access", snap: apiFxAPIs(apiFxReports,
			scopes(apiFxOrders, `[{"value":"read:orders"},{"value":"store:create"}]`))},
		{name: "write scopes without offline access", snap: apiFxAPIs(apiFxOrders)},
		{name: "system APIs are Auth0's", snap: apiFxAPIs(appFxPatch(apiFxMgmt, `{"allow_offline_access":true}`))},
		{name: "APIs not read", snap: apiFxAPIsNotRead(), notEv: true},
	})
}

func TestCheckAPIMgmtUserPolicy(t *testing.T) {
	t.Parallel()
	runJudgedCases(t, "AL-API-006", []checkCase{
		{name: "allow_all as recorded", snap: apiFxAPIs(apiFxMgmt, apiFxOrders),
			want: []string{"rs_mgmt@subject_type_authorization.user.policy"}, sev: []Severity{SeverityHigh}},
		{name: "require_client_grant", snap: apiFxAPIs(appFxPatch(apiFxMgmt,
			`{"subject_type_authorization":{"client":{"policy":"require_client_grant"},"user":{"policy":"require_client_grant"}}}`))},
		{name: "other APIs with allow_all are not the Management API", snap: apiFxAPIs(apiFxOrders, apiFxExpress,
			appFxPatch(apiFxOrders, `{"id":"rs_fake","identifier":"https://example.eu.auth0.com/api/v2/x"}`))},
		{name: "APIs not read", snap: apiFxAPIsNotRead(), notEv: true},
	})
	appExpectSkip(t, "AL-API-006", apiFxAPIs(appFxPatch(apiFxMgmt, `{"subject_type_authorization":null}`), apiFxOrders), "rs_mgmt")
	appExpectSkip(t, "AL-API-006", apiFxAPIs(appFxPatch(apiFxMgmt,
		`{"subject_type_authorization":{"client":{"policy":"require_client_grant"}}}`)), "rs_mgmt")
}
