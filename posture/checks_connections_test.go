package posture

import (
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
)

// Connection records shaped like GET /api/v2/connections (with the
// enabled_clients the inventory lists through /connections/{id}/clients).

// connRec builds a connection record; options "" leaves them out (as
// without read:connections_options), clients nil leaves enabled_clients
// out (not read).
func connRec(id, name, strategy, options string, clients ...string) string {
	b := `{"id":"` + id + `",`
	if options != "" {
		b += `"options":` + options + `,`
	}
	b += `"strategy":"` + strategy + `","name":"` + name + `","is_domain_connection":false,`
	if clients != nil {
		b += `"enabled_clients":[`
		for i, c := range clients {
			if i > 0 {
				b += ","
			}
			b += `"` + c + `"`
		}
		b += `],`
	}
	return b + `"realms":["` + name + `"]}`
}

// connNone is an empty client list (read, no application).
var connNone = []string{}

// connDB builds a database connection with the given extra options
// (members after the common ones, without braces).
func connDB(id, name, extra string) string { return connDBApps(id, name, extra, connNone...) }

// connDBApps is connDB enabled for the applications clients (nil: not
// read).
func connDBApps(id, name, extra string, clients ...string) string {
	opts := `{"mfa":{"active":true,"return_enroll_settings":true},"strategy_version":2,` +
		`"authentication_methods":{"password":{"enabled":true},"passkey":{"enabled":false}},"brute_force_protection":true`
	if extra != "" {
		opts += "," + extra
	}
	return connRec(id, name, "auth0", opts+"}", clients...)
}

// Legacy password options of a well-configured database connection.
const connGoodLegacy = `"passwordPolicy":"good","password_history":{"size":5,"enable":true},` +
	`"password_dictionary":{"enable":true,"dictionary":[]},"password_no_personal_info":{"enable":true},` +
	`"password_complexity_options":{"min_length":12},"disable_signup":true`

// Flexible Password Policy of a well-configured database connection.
const connGoodFlexible = `"password_options":{"complexity":{"character_type_rule":"three_of_four","identical_characters":"block",` +
	`"sequential_characters":"block","max_length_exceeded":"error","min_length":12,"character_types":["uppercase","lowercase","number","special"]},` +
	`"profile_data":{"active":true,"blocked_fields":["name","username","email"]},"history":{"active":true,"size":5},` +
	`"dictionary":{"active":true,"custom":[],"default":"en_100k"}},"disable_signup":true`

func connSnap(records ...string) *snapBuilder {
	return newSnap().add(inventory.KindConnections, records...).empty(inventory.KindConnections)
}

func connForbidden() *snapBuilder {
	return newSnap().status(inventory.KindConnections, inventory.StatusForbidden, "read:connections")
}

// connWantSkipped runs a check and requires it to have judged the others
// but not the records ids (partial), with no finding on them.
func connWantSkipped(t *testing.T, id string, s *snapBuilder, ids ...string) {
	t.Helper()
	fs, ne := runCheckOn(t, id, s.build(t))
	if len(ne) != 1 || !ne[0].Partial() {
		t.Fatalf("%s: not_evaluated %+v, want partial", id, ne)
	}
	var got []string
	for _, r := range ne[0].Resources {
		got = append(got, r.ID)
	}
	if !slices.Equal(sortedCopy(got), sortedCopy(ids)) {
		t.Errorf("%s: skipped %v, want %v (%s)", id, got, ids, ne[0].Reason)
	}
	for _, f := range fs {
		if slices.Contains(ids, f.Resource.ID) {
			t.Errorf("%s: finding on skipped %s", id, f.Resource.ID)
		}
	}
}

func TestCheckConnSignupOpen(t *testing.T) {
	t.Parallel()
	email := func(signup string, clients ...string) string {
		return connRec("con_email", "email", "email", `{"name":"email","email":{"syntax":"liquid","from":"{{application.name}} <test@example.com>",`+
			`"subject":"Email Login - {{application.name}}","body":"<html></html>"},"totp":{"time_step":300,"length":6},`+
			`"authParams":{"scope":"openid profile"},`+signup+`"brute_force_protection":true}`, clients...)
	}
	apps := []string{`{"client_id":"c_spa","name":"Storefront","app_type":"spa","is_first_party":true,"callbacks":["https://shop.example.com/cb"]}`,
		`{"client_id":"c_native","name":"Mobile","app_type":"native","is_first_party":true}`,
		`{"client_id":"c_m2m","name":"Billing Sync","app_type":"non_interactive","is_first_party":true,"grant_types":["client_credentials"]}`,
		`{"client_id":"c_global","name":"All Applications","global":true,"callbacks":[]}`}
	snap := func(conns ...string) *snapBuilder { return connSnap(conns...).add(inventory.KindClients, apps...) }
	runCases(t, "AL-CONN-001", []checkCase{
		{name: "database without disable_signup", snap: snap(connDBApps("con_db", "Users", `"passwordPolicy":"good"`, "c_spa")),
			want: []string{"con_db@options.disable_signup"}},
		{name: "database with disable_signup false", snap: snap(connDBApps("con_db", "Users", `"disable_signup":false`, "c_native", "c_m2m")),
			want: []string{"con_db@options.disable_signup"}},
		{name: "database with signup disabled", snap: snap(connDBApps("con_db", "Users", `"disable_signup":true`, "c_spa"))},
		{name: "database enabled for no application", snap: snap(connDBApps("con_db", "Users", `"disable_signup":false`, connNone...))},
		{name: "database enabled only for a machine-to-machine application, the global client and a deleted one",
			snap: snap(connDBApps("con_db", "Users", `"disable_signup":false`, "c_m2m", "c_global", "c_gone"))},
		{name: "enabled applications not read: reported", snap: snap(connDBApps("con_db", "Users", `"disable_signup":false`)),
			want: []string{"con_db@options.disable_signup"}},
		{name: "passwordless email open", snap: snap(email(`"disable_signup":false,`, "c_spa")), want: []string{"con_email@options.disable_signup"}},
		{name: "passwordless email closed", snap: snap(email(`"disable_signup":true,`, "c_spa"))},
		{name: "social connections are not this check's", snap: snap(connRec("con_g", "google-oauth2", "google-oauth2",
			`{"email":true,"profile":true,"scope":["email","profile"]}`, "c_spa"))},
		{name: "connections not read", snap: connForbidden().add(inventory.KindClients, apps...), notEv: true},
		{name: "clients not read", snap: connSnap(connDBApps("con_db", "Users", `"disable_signup":false`, "c_spa")).
			status(inventory.KindClients, inventory.StatusForbidden, "read:clients"), notEv: true},
	})
	connWantSkipped(t, "AL-CONN-001", snap(connRec("con_db", "Users", "auth0", "", "c_spa"),
		connDBApps("con_db2", "Staff", `"disable_signup":true`, "c_spa")), "con_db")
}

func TestCheckConnWeakPasswordPolicy(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-CONN-002", []checkCase{
		{name: "policy none", snap: connSnap(connDB("con_db", "Users", `"passwordPolicy":"none"`)),
			want: []string{"con_db@options.passwordPolicy"}, sev: []Severity{SeverityHigh}},
		{name: "policy low", snap: connSnap(connDB("con_db", "Users", `"passwordPolicy":"low"`)),
			want: []string{"con_db@options.passwordPolicy"}, sev: []Severity{SeverityHigh}},
		{name: "policy absent defaults to none", snap: connSnap(connDB("con_db", "Users", "")),
			want: []string{"con_db@options.passwordPolicy"}},
		{name: "policy null", snap: connSnap(connDB("con_db", "Users", `"passwordPolicy":null`)),
			want: []string{"con_db@options.passwordPolicy"}},
		{name: "low with a long minimum length is medium", snap: connSnap(connDB("con_db", "Users",
			`"passwordPolicy":"low","password_complexity_options":{"min_length":14}`)),
			want: []string{"con_db@options.passwordPolicy"}, sev: []Severity{SeverityMedium}},
		{name: "policy good", snap: connSnap(connDB("con_db", "Users", connGoodLegacy))},
		{name: "policy fair", snap: connSnap(connDB("con_db", "Users", `"passwordPolicy":"fair"`))},
		{name: "flexible password policy", snap: connSnap(connDB("con_db", "Users", connGoodFlexible))},
		{name: "password login off", snap: connSnap(connRec("con_db", "Passkeys", "auth0",
			`{"passwordPolicy":"none","authentication_methods":{"password":{"enabled":false},"passkey":{"enabled":true}}}`, connNone...))},
		{name: "connections not read", snap: connForbidden(), notEv: true},
	})
	connWantSkipped(t, "AL-CONN-002", connSnap(connRec("con_db", "Users", "auth0", "", connNone...)), "con_db")
}

func TestCheckConnShortMinLength(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-CONN-003", []checkCase{
		{name: "legacy min length 6", snap: connSnap(connDB("con_db", "Users", `"passwordPolicy":"good","password_complexity_options":{"min_length":6}`)),
			want: []string{"con_db@options.password_complexity_options.min_length"}},
		{name: "flexible min length 4", snap: connSnap(connDB("con_db", "Users",
			strings.Replace(connGoodFlexible, `"min_length":12`, `"min_length":4`, 1))),
			want: []string{"con_db@options.password_options.complexity.min_length"}},
		{name: "min length 8", snap: connSnap(connDB("con_db", "Users", `"passwordPolicy":"good","password_complexity_options":{"min_length":8}`))},
		{name: "flexible min length 12", snap: connSnap(connDB("con_db", "Users", connGoodFlexible))},
		{name: "not set", snap: connSnap(connDB("con_db", "Users", `"passwordPolicy":"good"`))},
		{name: "connections not read", snap: connForbidden(), notEv: true},
	})
}

func TestCheckConnPasswordOptions(t *testing.T) {
	t.Parallel()
	offLegacy := `"passwordPolicy":"good","password_history":{"size":5,"enable":false},` +
		`"password_dictionary":{"enable":false,"dictionary":[]},"password_no_personal_info":{"enable":false}`
	offFlexible := strings.NewReplacer(`"history":{"active":true`, `"history":{"active":false`,
		`"dictionary":{"active":true`, `"dictionary":{"active":false`,
		`"profile_data":{"active":true`, `"profile_data":{"active":false`).Replace(connGoodFlexible)
	for _, tc := range []struct{ id, legacy, flexible string }{
		{"AL-CONN-004", "password_history", "password_options.history"},
		{"AL-CONN-005", "password_dictionary", "password_options.dictionary"},
		{"AL-CONN-006", "password_no_personal_info", "password_options.profile_data"},
	} {
		runCases(t, tc.id, []checkCase{
			{name: "legacy off", snap: connSnap(connDB("con_db", "Users", offLegacy)), want: []string{"con_db@options." + tc.legacy}},
			{name: "legacy absent", snap: connSnap(connDB("con_db", "Users", `"passwordPolicy":"good"`)), want: []string{"con_db@options." + tc.legacy}},
			{name: "flexible off", snap: connSnap(connDB("con_db", "Users", offFlexible)), want: []string{"con_db@options." + tc.flexible}},
			{name: "legacy on", snap: connSnap(connDB("con_db", "Users", connGoodLegacy))},
			{name: "flexible on", snap: connSnap(connDB("con_db", "Users", connGoodFlexible))},
			{name: "password login off", snap: connSnap(connRec("con_db", "Passkeys", "auth0",
				`{"authentication_methods":{"password":{"enabled":false},"passkey":{"enabled":true}}}`, connNone...))},
			{name: "not a database", snap: connSnap(connRec("con_sms", "sms", "sms", `{"disable_signup":true,"brute_force_protection":true}`, connNone...))},
			{name: "connections not read", snap: connForbidden(), notEv: true},
		})
	}
}

func TestCheckConnBruteForceOff(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-CONN-007", []checkCase{
		{name: "database off", snap: connSnap(connRec("con_db", "Users", "auth0", `{"passwordPolicy":"good","brute_force_protection":false}`, connNone...)),
			want: []string{"con_db@options.brute_force_protection"}},
		{name: "sms off", snap: connSnap(connRec("con_sms", "sms", "sms", `{"disable_signup":true,"brute_force_protection":false}`, connNone...)),
			want: []string{"con_sms@options.brute_force_protection"}},
		{name: "on", snap: connSnap(connDB("con_db", "Users", connGoodLegacy))},
		{name: "absent means Auth0's default (on)", snap: connSnap(connRec("con_db", "Users", "auth0", `{"passwordPolicy":"good"}`, connNone...))},
		{name: "connections not read", snap: connForbidden(), notEv: true},
	})
	connWantSkipped(t, "AL-CONN-007", connSnap(connRec("con_db", "Users", "auth0", "", connNone...),
		connRec("con_g", "google-oauth2", "google-oauth2", "", connNone...)), "con_db")
}

func TestCheckConnTrustEmailVerified(t *testing.T) {
	t.Parallel()
	waad := func(trust string, common bool) string {
		c := "false"
		if common {
			c = "true"
		}
		return connRec("con_aad", "Contoso-AAD", "waad", `{"client_id":"123456","client_secret":"[REDACTED]","tenant_domain":"contoso.onmicrosoft.com",`+
			`"domain":"contoso.onmicrosoft.com","identity_api":"microsoft-identity-platform-v2.0","useCommonEndpoint":`+c+`,`+
			`"should_trust_email_verified_connection":"`+trust+`","waad_common_endpoint":false,"waad_protocol":"openid-connect"}`, connNone...)
	}
	adfs := func(trust string) string {
		return connRec("con_adfs", "Contoso-ADFS", "adfs", `{"adfs_server":"https://adfs.contoso.example/FederationMetadata/2007-06/FederationMetadata.xml",`+
			`"signInEndpoint":"https://adfs.contoso.example/adfs/ls/","should_trust_email_verified_connection":"`+trust+`",`+
			`"thumbprints":["a1b2c3"],"tenant_domain":"contoso.example","domain_aliases":["contoso.example"]}`, connNone...)
	}
	const member = "@options.should_trust_email_verified_connection"
	runCases(t, "AL-CONN-009", []checkCase{
		{name: "single-tenant Azure AD is medium", snap: connSnap(waad("always_set_emails_as_verified", false)),
			want: []string{"con_aad" + member}, sev: []Severity{SeverityMedium}},
		{name: "the common endpoint is high", snap: connSnap(waad("always_set_emails_as_verified", true)),
			want: []string{"con_aad" + member}, sev: []Severity{SeverityHigh}},
		{name: "waad_common_endpoint is high", snap: connSnap(strings.Replace(waad("always_set_emails_as_verified", false),
			`"waad_common_endpoint":false`, `"waad_common_endpoint":true`, 1)),
			want: []string{"con_aad" + member}, sev: []Severity{SeverityHigh}},
		{name: "ADFS (Auth0's default) is low", snap: connSnap(adfs("always_set_emails_as_verified")),
			want: []string{"con_adfs" + member}, sev: []Severity{SeverityLow}},
		{name: "ADFS never verified", snap: connSnap(adfs("never_set_emails_as_verified"))},
		{name: "never verified", snap: connSnap(waad("never_set_emails_as_verified", true))},
		{name: "connections not read", snap: connForbidden(), notEv: true},
	})
}

func TestCheckConnBindAll(t *testing.T) {
	t.Parallel()
	oidc := func(mode string) string {
		return connRec("con_oidc", "Partner-OIDC", "oidc", `{"client_id":"4ef8d976","discovery_url":"https://idp.example.com/.well-known/openid-configuration",`+
			`"issuer":"https://idp.example.com","type":"front_channel","scope":"openid profile email","attribute_map":{"mapping_mode":"`+mode+`"}}`, connNone...)
	}
	runCases(t, "AL-CONN-010", []checkCase{
		{name: "bind_all (Auth0's default) is low", snap: connSnap(oidc("bind_all")), want: []string{"con_oidc@options.attribute_map.mapping_mode"},
			sev: []Severity{SeverityLow}},
		{name: "use_map", snap: connSnap(oidc("use_map"))},
		{name: "okta basic_profile", snap: connSnap(connRec("con_okta", "Okta", "okta",
			`{"client_id":"x","domain":"example.okta.com","attribute_map":{"mapping_mode":"basic_profile"}}`, connNone...))},
		{name: "connections not read", snap: connForbidden(), notEv: true},
	})
	connWantSkipped(t, "AL-CONN-010", connSnap(connRec("con_oidc", "Partner-OIDC", "oidc", "", connNone...)), "con_oidc")
}

func TestCheckConnSAMLEmailVerified(t *testing.T) {
	t.Parallel()
	saml := func(member, fields string) string {
		return connRec("con_saml", "Acme-SAML", "samlp", `{"signInEndpoint":"https://idp.acme.example/sso","signatureAlgorithm":"rsa-sha256",`+
			`"digestAlgorithm":"sha256","signSAMLRequest":true,"`+member+`":`+fields+`,"debug":false}`, connNone...)
	}
	runCases(t, "AL-CONN-011", []checkCase{
		{name: "fieldsMap email_verified", snap: connSnap(saml("fieldsMap", `{"email":"EmailAddress","email_verified":"EmailVerified"}`)),
			want: []string{"con_saml@options.fieldsMap.email_verified"}},
		{name: "fields_map email_verified", snap: connSnap(saml("fields_map", `{"email_verified":"verified"}`)),
			want: []string{"con_saml@options.fields_map.email_verified"}},
		{name: "mapping without email_verified", snap: connSnap(saml("fieldsMap", `{"email":"EmailAddress","family_name":"LastName","given_name":"FirstName"}`))},
		{name: "connections not read", snap: connForbidden(), notEv: true},
	})
	connWantSkipped(t, "AL-CONN-011", connSnap(connRec("con_saml", "Acme-SAML", "samlp", "", connNone...)), "con_saml")
}

func TestCheckConnEveryApp(t *testing.T) {
	t.Parallel()
	app := func(id, typ string) string {
		return `{"client_id":"` + id + `","name":"App ` + id + `","app_type":"` + typ + `","is_first_party":true,"callbacks":["https://app.example.com/cb"]}`
	}
	apps := []string{app("c_spa", "spa"), app("c_web", "regular_web"), app("c_native", "native"), app("c_m2m", "non_interactive"),
		`{"client_id":"c_global","name":"All Applications","global":true,"callbacks":[]}`}
	snap := func(conns ...string) *snapBuilder {
		return newSnap().add(inventory.KindClients, apps...).add(inventory.KindConnections, conns...)
	}
	runCases(t, "AL-CONN-013", []checkCase{
		{name: "enabled for every interactive app", snap: snap(connRec("con_db", "Users", "auth0", `{}`, "c_native", "c_spa", "c_web")),
			want: []string{"con_db@enabled_clients"}},
		{name: "enabled for all but one", snap: snap(connRec("con_db", "Users", "auth0", `{}`, "c_spa", "c_web", "c_m2m"))},
		{name: "fewer than three interactive apps", snap: newSnap().add(inventory.KindClients, app("c_spa", "spa"), app("c_web", "regular_web")).
			add(inventory.KindConnections, connRec("con_db", "Users", "auth0", `{}`, "c_spa", "c_web"))},
		{name: "clients not read", snap: newSnap().status(inventory.KindClients, inventory.StatusForbidden, "read:clients").
			add(inventory.KindConnections, connRec("con_db", "Users", "auth0", `{}`, "c_spa")), notEv: true},
	})
	connWantSkipped(t, "AL-CONN-013", snap(connRec("con_db", "Users", "auth0", `{}`), connRec("con_g", "google", "google-oauth2", `{}`, "c_spa")), "con_db")
}

func TestCheckConnSAMLSHA1(t *testing.T) {
	t.Parallel()
	saml := func(sig, dig string) string {
		return connRec("con_saml", "Acme-SAML", "samlp", `{"signInEndpoint":"https://idp.acme.example/sso","signatureAlgorithm":"`+sig+`",`+
			`"digestAlgorithm":"`+dig+`","signSAMLRequest":true,"fieldsMap":{}}`, connNone...)
	}
	unsigned := func(signs string) string {
		return connRec("con_saml", "Acme-SAML", "samlp", `{"signInEndpoint":"https://idp.acme.example/sso","signatureAlgorithm":"rsa-sha1",`+
			`"digestAlgorithm":"sha1",`+signs+`"fieldsMap":{}}`, connNone...)
	}
	runCases(t, "AL-CONN-014", []checkCase{
		{name: "rsa-sha1 without signSAMLRequest: requests are not signed", snap: connSnap(unsigned(""))},
		{name: "rsa-sha1 with signSAMLRequest false", snap: connSnap(unsigned(`"signSAMLRequest":false,`))},
		{name: "rsa-sha1 signature", snap: connSnap(saml("rsa-sha1", "sha256")), want: []string{"con_saml@options.signatureAlgorithm"}},
		{name: "sha1 digest", snap: connSnap(saml("rsa-sha256", "sha1")), want: []string{"con_saml@options.digestAlgorithm"}},
		{name: "both: one finding on the signature", snap: connSnap(saml("rsa-sha1", "sha1")), want: []string{"con_saml@options.signatureAlgorithm"}},
		{name: "sha256", snap: connSnap(saml("rsa-sha256", "sha256"))},
		{name: "connections not read", snap: connForbidden(), notEv: true},
	})
}

func TestCheckConnSAMLDebug(t *testing.T) {
	t.Parallel()
	saml := func(debug string) string {
		return connRec("con_saml", "Acme-SAML", "samlp", `{"signInEndpoint":"https://idp.acme.example/sso","signatureAlgorithm":"rsa-sha256",`+
			`"digestAlgorithm":"sha256","debug":`+debug+`}`, connNone...)
	}
	runCases(t, "AL-CONN-015", []checkCase{
		{name: "debug on", snap: connSnap(saml("true")), want: []string{"con_saml@options.debug"}},
		{name: "debug off", snap: connSnap(saml("false"))},
		{name: "connections not read", snap: connForbidden(), notEv: true},
	})
}

func TestCheckConnDevKeys(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-CONN-016", []checkCase{
		{name: "google without client_id", snap: connSnap(connRec("con_g", "google-oauth2", "google-oauth2",
			`{"email":true,"profile":true,"scope":["email","profile"]}`, connNone...)), want: []string{"con_g@options.client_id"}},
		{name: "github with an empty client_id", snap: connSnap(connRec("con_gh", "github", "github",
			`{"client_id":"","client_secret":"","scope":[]}`, connNone...)), want: []string{"con_gh@options.client_id"}},
		{name: "google with its own keys", snap: connSnap(connRec("con_g", "google-oauth2", "google-oauth2",
			`{"client_id":"1234-abc.apps.googleusercontent.com","client_secret":"[REDACTED]","email":true,"profile":true}`, connNone...))},
		{name: "custom social without client_id is not Auth0's dev keys", snap: connSnap(connRec("con_line", "line", "line",
			`{"scope":["openid"]}`, connNone...))},
		{name: "connections not read", snap: connForbidden(), notEv: true},
	})
	connWantSkipped(t, "AL-CONN-016", connSnap(connRec("con_g", "google-oauth2", "google-oauth2", "", connNone...),
		connRec("con_saml", "Acme", "samlp", "", connNone...)), "con_g")
}
