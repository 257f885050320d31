package posture

import (
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
)

// orgEC is an enabled connection as /organizations/{id}/enabled_connections
// returns it.
func orgEC(connID, name, strategy string, assign, signup bool) string {
	b := `{"connection_id":"` + connID + `","assign_membership_on_login":` + orgBoolJSON(assign) + `,"show_as_button":true,`
	if strategy == "auth0" {
		b += `"is_signup_enabled":` + orgBoolJSON(signup) + `,`
	}
	return b + `"connection":{"name":"` + name + `","strategy":"` + strategy + `"}}`
}

func orgBoolJSON(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// orgRec builds an organization record; ecs nil leaves its enabled
// connections out (not read).
func orgRec(id string, ecs []string) string {
	b := `{"id":"` + id + `","name":"acme","display_name":"Acme Corp","branding":{"logo_url":"https://example.com/logo.gif"},"members":[]`
	if ecs != nil {
		b += `,"enabled_connections":[` + strings.Join(ecs, ",") + `]`
	}
	return b + `,"invitations":[]}`
}

func TestCheckOrgOpenMembership(t *testing.T) {
	t.Parallel()
	conns := []string{
		connRec("con_g", "google-oauth2", "google-oauth2", `{"email":true,"profile":true,"scope":["email","profile"]}`, connNone...),
		connDB("con_open", "Customers", `"passwordPolicy":"good"`),
		connDB("con_closed", "Staff", `"passwordPolicy":"good","disable_signup":true`),
		connRec("con_email", "email", "email", `{"name":"email","disable_signup":false,"brute_force_protection":true}`, connNone...),
		connRec("con_saml", "Acme-SAML", "samlp", `{"signInEndpoint":"https://idp.acme.example/sso","signatureAlgorithm":"rsa-sha256"}`, connNone...),
		connRec("con_noopts", "Partners", "auth0", "", connNone...),
	}
	snap := func(ecs ...string) *snapBuilder {
		return newSnap().add(inventory.KindConnections, conns...).add(inventory.KindOrganizations, orgRec("org_1", append([]string{}, ecs...)))
	}
	runJudgedCases(t, "AL-ORG-001", []checkCase{
		{name: "social with auto-membership", snap: snap(orgEC("con_g", "google-oauth2", "google-oauth2", true, false)),
			want: []string{"org_1@enabled_connections"}},
		{name: "open database with organization signup", snap: snap(orgEC("con_open", "Customers", "auth0", true, true)),
			want: []string{"org_1@enabled_connections"}},
		{name: "open passwordless", snap: snap(orgEC("con_email", "email", "email", true, false)),
			want: []string{"org_1@enabled_connections"}},
		{name: "social without auto-membership", snap: snap(orgEC("con_g", "google-oauth2", "google-oauth2", false, false))},
		{name: "open database without organization signup", snap: snap(orgEC("con_open", "Customers", "auth0", true, false))},
		{name: "closed database with organization signup", snap: snap(orgEC("con_closed", "Staff", "auth0", true, true))},
		{name: "enterprise with auto-membership", snap: snap(orgEC("con_saml", "Acme-SAML", "samlp", true, false))},
		{name: "no enabled connection", snap: snap()},
		{name: "organizations not read", snap: newSnap().add(inventory.KindConnections, conns...).
			status(inventory.KindOrganizations, inventory.StatusForbidden, "read:organizations"), notEv: true},
		{name: "connections not read", snap: newSnap().add(inventory.KindOrganizations, orgRec("org_1", nil)).
			status(inventory.KindConnections, inventory.StatusForbidden, "read:connections"), notEv: true},
	})
	// Enabled connections not read, or a database connection without its
	// options: the organization is not judged.
	connWantSkipped(t, "AL-ORG-001", newSnap().add(inventory.KindConnections, conns...).
		add(inventory.KindOrganizations, orgRec("org_1", nil)), "org_1")
	connWantSkipped(t, "AL-ORG-001", snap(orgEC("con_noopts", "Partners", "auth0", true, true)), "org_1")
}
