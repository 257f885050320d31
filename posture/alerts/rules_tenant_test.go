package alerts_test

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/alerts"
)

const settings = "settings"

func settingsEdit(t *testing.T, s *inventory.Snapshot, kv ...any) {
	edit(t, s, inventory.KindTenantSettings, settings, set(kv...))
}

func domainOf(t *testing.T, s *inventory.Snapshot, domain string) string {
	return find(t, s, inventory.KindCustomDomains, func(m map[string]any) bool { return m["domain"] == domain })
}

func org(t *testing.T, s *inventory.Snapshot, name string) string {
	return find(t, s, inventory.KindOrganizations, named(name))
}

func role(t *testing.T, s *inventory.Snapshot, name string) string {
	return find(t, s, inventory.KindRoles, named(name))
}

// editOrgMember changes the roles of one member of an organization.
func editOrgMember(user string, roles ...any) func(map[string]any) {
	return func(m map[string]any) {
		for _, e := range list(m["members"]) {
			if mm := e.(map[string]any); mm["user_id"] == user {
				mm["roles"] = append(list(mm["roles"]), roles...)
			}
		}
	}
}

// editOrgConn changes one enabled connection of an organization.
func editOrgConn(conn string, kv ...any) func(map[string]any) {
	return func(m map[string]any) {
		for _, e := range list(m["enabled_connections"]) {
			if mm := e.(map[string]any); mm["connection"].(map[string]any)["name"] == conn {
				set(kv...)(mm)
			}
		}
	}
}

func changeIs(path, before, after string) func(t *testing.T, a alerts.Alert) {
	return func(t *testing.T, a alerts.Alert) {
		t.Helper()
		if len(a.Changes) != 1 || a.Changes[0].Path != path || string(a.Changes[0].Before) != before || string(a.Changes[0].After) != after {
			t.Errorf("changes %+v, want %s: %s → %s", a.Changes, path, before, after)
		}
	}
}

// tenantRuleCases are the cases of the tenant settings, custom domain,
// organization and email provider rules (see ruleCases).
func tenantRuleCases() []ruleCase {
	const member = "google-oauth2|844927812015266563677"
	return []ruleCase{
		// ALR-TEN-001
		{name: "session lifetime lengthened beyond 30 days", rule: alerts.RuleTenantSessions, sev: posture.SeverityMedium,
			change: func(t *testing.T, o, _ *inventory.Snapshot) { settingsEdit(t, o, "session_lifetime", 720) },
			check: func(t *testing.T, a alerts.Alert) {
				changeIs("session_lifetime", "720", "2160")(t, a)
				if a.Resource.Kind != inventory.KindTenantSettings || a.Resource.ID != settings || a.Resource.Name != "Tenant settings" ||
					!strings.Contains(a.Message, "Tenant settings") || !strings.Contains(a.Message, "from 720 to 2160") {
					t.Errorf("resource %v, message %q", a.Resource, a.Message)
				}
			}},
		{name: "idle session lifetime lengthened beyond 3 days", rule: alerts.RuleTenantSessions, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) { settingsEdit(t, n, "idle_session_lifetime", 240) },
			check:  changeIs("idle_session_lifetime", "72", "240")},
		{name: "session lifetime lengthened within the limit", rule: "",
			change: func(t *testing.T, o, n *inventory.Snapshot) {
				settingsEdit(t, o, "session_lifetime", 168, "idle_session_lifetime", 24)
				settingsEdit(t, n, "session_lifetime", 700, "idle_session_lifetime", 72)
			}},
		{name: "session lifetime set where none was", rule: "",
			change: func(t *testing.T, o, _ *inventory.Snapshot) { settingsEdit(t, o, "session_lifetime", nil) }},
		{name: "session cookie made persistent", rule: alerts.RuleTenantSessions, sev: posture.SeverityLow,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				settingsEdit(t, o, "session_cookie.mode", "non-persistent")
			},
			check: changeIs("session_cookie.mode", `"non-persistent"`, `"persistent"`)},

		// ALR-TEN-002
		{name: "dynamic client registration turned on", rule: alerts.RuleTenantFlags, sev: posture.SeverityHigh,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				settingsEdit(t, o, "flags.enable_dynamic_client_registration", false)
			},
			check: func(t *testing.T, a alerts.Alert) {
				changeIs("flags.enable_dynamic_client_registration", "false", "true")(t, a)
				if !strings.Contains(a.Message, "/oidc/register") {
					t.Errorf("message %q", a.Message)
				}
			}},
		{name: "a flag absent before counts as off", rule: alerts.RuleTenantFlags, sev: posture.SeverityHigh,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				settingsEdit(t, o, "flags.allow_legacy_ro_grant_types", nil)
			},
			check: changeIs("flags.allow_legacy_ro_grant_types", "", "true")},
		{name: "clickjacking headers and legacy profile turned on", rule: alerts.RuleTenantFlags, sev: posture.SeverityMedium,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				settingsEdit(t, o, "flags.disable_clickjack_protection_headers", false, "flags.enable_legacy_profile", false)
			},
			check: func(t *testing.T, a alerts.Alert) {
				if len(a.Changes) != 2 {
					t.Errorf("changes %+v", a.Changes)
				}
			}},
		{name: "legacy change password flow turned on (a flag the model does not decode)", rule: alerts.RuleTenantFlags, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) { settingsEdit(t, n, "flags.change_pwd_flow_v1", true) },
			check:  changeIs("flags.change_pwd_flow_v1", "", "true")},
		{name: "user-exists error at sign-up turned on", rule: alerts.RuleTenantFlags, sev: posture.SeverityLow,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				settingsEdit(t, o, "flags.enable_public_signup_user_exists_error", false)
			}},
		{name: "client authentication on passwordless start turned off", rule: alerts.RuleTenantFlags, sev: posture.SeverityMedium,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				settingsEdit(t, o, "flags.enforce_client_authentication_on_passwordless_start", true)
			},
			check: changeIs("flags.enforce_client_authentication_on_passwordless_start", "true", "false")},
		{name: "flags of no security meaning", rule: "",
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				settingsEdit(t, o, "flags.enable_apis_section", false, "flags.enable_pipeline2", false, "flags.enable_sso", false,
					"sandbox_version", "22", "friendly_name", "Old name")
			}},
		{name: "flags not returned by the old scan", rule: "",
			change: func(t *testing.T, o, _ *inventory.Snapshot) { settingsEdit(t, o, "flags", nil) }},

		// ALR-TEN-003
		{name: "tenant logout URL with a wildcard", rule: alerts.RuleTenantLogoutURLs, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindTenantSettings, settings, appendTo("allowed_logout_urls", "https://*.authlens-demo.example/bye"))
			},
			check: func(t *testing.T, a alerts.Alert) {
				c := a.Changes
				if len(c) != 1 || c[0].Path != "allowed_logout_urls" || string(c[0].Added) != `["https://*.authlens-demo.example/bye"]` ||
					string(c[0].Before) != `["https://authlens-demo.example/logout"]` {
					t.Errorf("changes %+v", c)
				}
			}},
		{name: "tenant logout URL to localhost", rule: alerts.RuleTenantLogoutURLs, sev: posture.SeverityLow,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindTenantSettings, settings, appendTo("allowed_logout_urls", "http://localhost:3000"))
			}},
		{name: "tenant logout URLs reordered", rule: "",
			change: func(t *testing.T, o, n *inventory.Snapshot) {
				settingsEdit(t, o, "allowed_logout_urls", []any{"http://a.example/bye", "https://authlens-demo.example/logout"})
				settingsEdit(t, n, "allowed_logout_urls", []any{"https://authlens-demo.example/logout", "http://a.example/bye"})
			}},
		{name: "safe tenant logout URL", rule: "",
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindTenantSettings, settings, appendTo("allowed_logout_urls", "https://authlens-demo.example/bye"))
			}},

		// ALR-TEN-004
		{name: "default audience changed", rule: alerts.RuleTenantDefaults, sev: posture.SeverityMedium, reverse: alerts.RuleTenantDefaults,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				settingsEdit(t, n, "default_audience", "https://api.authlens-demo.example/billing")
			},
			check: changeIs("default_audience", `"https://api.authlens-demo.example/orders"`, `"https://api.authlens-demo.example/billing"`)},
		{name: "default audience set to the Management API", rule: alerts.RuleTenantDefaults, sev: posture.SeverityMedium,
			change: func(t *testing.T, o, n *inventory.Snapshot) {
				settingsEdit(t, o, "default_audience", nil)
				settingsEdit(t, n, "default_audience", mgmtAud)
			},
			check: func(t *testing.T, a alerts.Alert) {
				if !strings.Contains(a.Message, "Management API") {
					t.Errorf("message %q", a.Message)
				}
			}},
		{name: "default audience removed", rule: "", reverse: alerts.RuleTenantDefaults,
			change: func(t *testing.T, _, n *inventory.Snapshot) { settingsEdit(t, n, "default_audience", nil) }},
		{name: "default directory changed", rule: alerts.RuleTenantDefaults, sev: posture.SeverityMedium, reverse: alerts.RuleTenantDefaults,
			change: func(t *testing.T, _, n *inventory.Snapshot) { settingsEdit(t, n, "default_directory", "partners-db") }},

		// ALR-DOM-001
		{name: "custom domain added", rule: alerts.RuleDomainChanged, sev: posture.SeverityMedium, reverse: alerts.RuleDomainChanged,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				put(t, n, inventory.KindCustomDomains, "cd_new", map[string]any{"custom_domain_id": "cd_new", "domain": "id.evil.example",
					"status": "pending_verification", "type": "self_managed_certs", "tls_policy": "recommended"})
			},
			check: func(t *testing.T, a alerts.Alert) {
				changeIs("domain", "", `"id.evil.example"`)(t, a)
				if a.Resource.Name != "id.evil.example" || !strings.Contains(a.Message, "id.evil.example") {
					t.Errorf("resource %v, message %q", a.Resource, a.Message)
				}
			}},
		{name: "custom domain removed", rule: alerts.RuleDomainChanged, sev: posture.SeverityLow, reverse: alerts.RuleDomainChanged,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				drop(n, inventory.KindCustomDomains, domainOf(t, n, "login.authlens-demo.example"))
			}},
		{name: "custom domain no longer ready", rule: alerts.RuleDomainChanged, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindCustomDomains, domainOf(t, n, "login.authlens-demo.example"), set("status", "failed"))
			},
			check: changeIs("status", `"ready"`, `"failed"`)},
		{name: "custom domain verification details changed", rule: "",
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindCustomDomains, domainOf(t, n, "login.authlens-demo.example"),
					set("verification.last_verified_at", "2025-06-02T09:00:00Z", "verification.status", "verified", "updated_at", "2025-06-02T09:00:00Z"))
			}},

		// ALR-DOM-002
		{name: "custom domain trusts a client IP header", rule: alerts.RuleDomainLoosened, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindCustomDomains, domainOf(t, n, "login.authlens-demo.example"), set("custom_client_ip_header", "x-forwarded-for"))
			},
			check: changeIs("custom_client_ip_header", "", `"x-forwarded-for"`)},
		{name: "custom domain's TLS policy lowered", rule: alerts.RuleDomainLoosened, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindCustomDomains, domainOf(t, n, "login.authlens-demo.example"), set("tls_policy", "compatible"))
			},
			check: changeIs("tls_policy", `"recommended"`, `"compatible"`)},

		// ALR-ORG-001
		{name: "connection enabled for an organization", rule: alerts.RuleOrgConnOpened, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindOrganizations, org(t, n, "globex"), appendTo("enabled_connections", map[string]any{
					"connection_id": "con_ecLULJJqcfRv9vF8", "assign_membership_on_login": true, "show_as_button": true,
					"connection": map[string]any{"name": "google-oauth2", "strategy": "google-oauth2"}}))
			},
			check: func(t *testing.T, a alerts.Alert) {
				if len(a.Changes) != 1 || a.Changes[0].Path != "enabled_connections[con_ecLULJJqcfRv9vF8]" ||
					!strings.Contains(string(a.Changes[0].After), `"assign_membership_on_login":true`) {
					t.Errorf("changes %+v", a.Changes)
				}
				if a.Resource.Name != "Globex" || !strings.Contains(a.Message, `"Globex"`) || !strings.Contains(a.Message, "membership on login") {
					t.Errorf("resource %v, message %q", a.Resource, a.Message)
				}
			}},
		{name: "membership on login turned on", rule: alerts.RuleOrgConnOpened, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindOrganizations, org(t, n, "globex"),
					editOrgConn("Username-Password-Authentication", "assign_membership_on_login", true))
			},
			check: changeIs("enabled_connections[con_SInDVJ1hFIGKTqAz].assign_membership_on_login", "false", "true")},
		{name: "organization sign-up turned on", rule: alerts.RuleOrgConnOpened, sev: posture.SeverityMedium,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindOrganizations, org(t, n, "globex"),
					editOrgConn("Username-Password-Authentication", "is_signup_enabled", true))
			}},
		{name: "organization connections reordered, button hidden", rule: "",
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindOrganizations, org(t, n, "acme"), func(m map[string]any) {
					l := list(m["enabled_connections"])
					slices.Reverse(l)
					editOrgConn("google-oauth2", "show_as_button", false)(m)
				})
			}},
		{name: "organization branding and metadata changed", rule: "",
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindOrganizations, org(t, n, "acme"), set("branding.logo_url", "https://cdn.example/x.png", "metadata.tier", "gold"))
			}},

		// ALR-ORG-002
		{name: "member given a Management API role in an organization", rule: alerts.RuleOrgMemberRoles, sev: posture.SeverityHigh,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindOrganizations, org(t, n, "acme"), editOrgMember(member, role(t, n, "Admin")))
			},
			check: func(t *testing.T, a alerts.Alert) {
				if len(a.Changes) != 1 || a.Changes[0].Path != "members["+member+"].roles" || string(a.Changes[0].Before) != `[]` {
					t.Errorf("changes %+v", a.Changes)
				}
				if !strings.Contains(a.Message, `"Acme"`) || !strings.Contains(a.Message, `role "Admin"`) {
					t.Errorf("message %q", a.Message)
				}
			}},
		{name: "member given a role that writes an API in an organization", rule: alerts.RuleOrgMemberRoles, sev: posture.SeverityInfo,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindOrganizations, org(t, n, "acme"), editOrgMember(member, role(t, n, "Member")))
			}},
		{name: "member given a read-only role in an organization", rule: "",
			change: func(t *testing.T, o, n *inventory.Snapshot) {
				ro := map[string]any{"id": "rol_ro", "name": "Viewer", "members": []any{}, "permissions": []any{map[string]any{
					"permission_name": "read:orders", "resource_server_identifier": "https://api.authlens-demo.example/orders"}}}
				put(t, o, inventory.KindRoles, "rol_ro", ro)
				put(t, n, inventory.KindRoles, "rol_ro", ro)
				edit(t, n, inventory.KindOrganizations, org(t, n, "acme"), editOrgMember(member, "rol_ro"))
			}},

		// ALR-EMAIL-001
		{name: "email provider's SMTP host changed", rule: alerts.RuleEmailProviderChanged, sev: posture.SeverityMedium, reverse: alerts.RuleEmailProviderChanged,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindEmailProvider, "provider", set("credentials.smtp_host", "mail.evil.example"))
			},
			check: func(t *testing.T, a alerts.Alert) {
				changeIs("credentials.smtp_host", `"smtp.authlens-demo.example"`, `"mail.evil.example"`)(t, a)
				if a.Resource.Name != "smtp" || !strings.Contains(a.Message, `"smtp"`) {
					t.Errorf("resource %v, message %q", a.Resource, a.Message)
				}
			}},
		{name: "email from address and provider changed", rule: alerts.RuleEmailProviderChanged, sev: posture.SeverityMedium, reverse: alerts.RuleEmailProviderChanged,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindEmailProvider, "provider", set("name", "sendgrid", "default_from_address", "security@authlens-demo.help"))
			},
			check: func(t *testing.T, a alerts.Alert) {
				if len(a.Changes) != 2 {
					t.Errorf("changes %+v", a.Changes)
				}
			}},
		{name: "email provider disabled", rule: alerts.RuleEmailProviderChanged, sev: posture.SeverityLow,
			change: func(t *testing.T, o, _ *inventory.Snapshot) {
				edit(t, o, inventory.KindEmailProvider, "provider", set("enabled", true))
			},
			check: changeIs("enabled", "true", "false")},
		{name: "email provider removed", rule: alerts.RuleEmailProviderChanged, sev: posture.SeverityLow, reverse: alerts.RuleEmailProviderChanged,
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				n.Kinds[inventory.KindEmailProvider] = &inventory.KindResult{Status: inventory.StatusNotConfigured, Records: map[string]json.RawMessage{}}
			}},
		{name: "email provider's SMTP port and settings changed", rule: "",
			change: func(t *testing.T, _, n *inventory.Snapshot) {
				edit(t, n, inventory.KindEmailProvider, "provider", set("credentials.smtp_port", 2525, "settings.message", "x"))
			}},
	}
}

// TestTenantRulesPartialScan: a kind the new (or the old) scan did not
// read raises nothing about its records, only ALR-SCAN-001 when it was
// read before; a record a gap names is not compared.
func TestTenantRulesPartialScan(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		kind   inventory.Kind
		change func(t *testing.T, o, n *inventory.Snapshot)
	}{
		{"tenant settings", inventory.KindTenantSettings, func(t *testing.T, o, _ *inventory.Snapshot) {
			settingsEdit(t, o, "session_lifetime", 24, "flags.enable_dynamic_client_registration", false, "default_audience", nil)
		}},
		{"custom domains", inventory.KindCustomDomains, func(t *testing.T, o, _ *inventory.Snapshot) {
			drop(o, inventory.KindCustomDomains, domainOf(t, o, "auth.authlens-demo.example"))
			edit(t, o, inventory.KindCustomDomains, domainOf(t, o, "login.authlens-demo.example"), set("custom_client_ip_header", nil))
		}},
		{"organizations", inventory.KindOrganizations, func(t *testing.T, _, n *inventory.Snapshot) {
			edit(t, n, inventory.KindOrganizations, org(t, n, "acme"), editOrgMember("google-oauth2|844927812015266563677", role(t, n, "Admin")))
			edit(t, n, inventory.KindOrganizations, org(t, n, "globex"), editOrgConn("Username-Password-Authentication", "assign_membership_on_login", true))
		}},
		{"email provider", inventory.KindEmailProvider, func(t *testing.T, _, n *inventory.Snapshot) {
			edit(t, n, inventory.KindEmailProvider, "provider", set("credentials.smtp_host", "mail.evil.example"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// The change alone raises alerts of the kind.
			old, new := base(t), base(t)
			tc.change(t, old, new)
			if got := alerts.Alerts(old, new, nil, nil, alerts.Options{}); len(got) == 0 {
				t.Fatal("the change raises nothing: the case tests nothing")
			}
			for _, status := range []inventory.Status{inventory.StatusForbidden, inventory.StatusError} {
				// Not read by the new scan: only ALR-SCAN-001.
				old, new := base(t), base(t)
				tc.change(t, old, new)
				n := *new.Kind(tc.kind)
				n.Status = status
				n.Records = map[string]json.RawMessage{}
				new.Kinds[tc.kind] = &n
				got := alerts.Alerts(old, new, nil, nil, alerts.Options{})
				if len(got) != 1 || got[0].Rule != alerts.RuleLostSight {
					t.Errorf("%s in the new scan: want only ALR-SCAN-001, got %v", status, got)
				}
				// Not read by the old scan: nothing.
				old, new = base(t), base(t)
				tc.change(t, old, new)
				old.Kinds[tc.kind] = &inventory.KindResult{Status: status, Records: map[string]json.RawMessage{}}
				if got := alerts.Alerts(old, new, nil, nil, alerts.Options{}); len(got) != 0 {
					t.Errorf("%s in the old scan: want nothing, got %v", status, got)
				}
			}
			// Left out of the old scan: nothing.
			old, new = base(t), base(t)
			tc.change(t, old, new)
			delete(old.Kinds, tc.kind)
			if got := alerts.Alerts(old, new, nil, nil, alerts.Options{}); len(got) != 0 {
				t.Errorf("left out of the old scan: want nothing, got %v", got)
			}
			// Every record named by a gap of both scans: nothing compared.
			old, new = base(t), base(t)
			tc.change(t, old, new)
			ids := append(old.Kind(tc.kind).IDs(), new.Kind(tc.kind).IDs()...)
			for _, s := range []*inventory.Snapshot{old, new} {
				k := *s.Kind(tc.kind)
				k.Status = inventory.StatusPartial
				k.Gaps = append(slices.Clone(k.Gaps), inventory.Gap{Part: "members", Status: inventory.StatusError, Error: "HTTP 503", IDs: ids})
				s.Kinds[tc.kind] = &k
			}
			for _, a := range alerts.Alerts(old, new, nil, nil, alerts.Options{}) {
				if a.Rule != alerts.RuleLostSight {
					t.Errorf("records named by a gap: want nothing, got %v", a)
				}
			}
		})
	}
}

// TestTenantRulesJSON: an alert of the new rules marshals as the others.
func TestTenantRulesJSON(t *testing.T) {
	t.Parallel()
	old, new := base(t), base(t)
	id := domainOf(t, new, "login.authlens-demo.example")
	edit(t, new, inventory.KindCustomDomains, id, set("custom_client_ip_header", "true-client-ip"))
	got := alerts.Alerts(old, new, nil, nil, alerts.Options{})
	if len(got) != 1 {
		t.Fatalf("got %v", got)
	}
	b, err := json.Marshal(got[0])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"rule": "ALR-DOM-002", "severity": "high",
		"title":    "Custom domain trusts a client IP header or accepts old TLS",
		"message":  "Custom domain login.authlens-demo.example: the client's IP is now read from the true-client-ip header.",
		"tenant":   new.Tenant,
		"resource": map[string]any{"kind": "custom_domains", "id": id, "name": "login.authlens-demo.example"},
		"changes":  []any{map[string]any{"path": "custom_client_ip_header", "after": "true-client-ip"}},
		"why":      got[0].Why,
		"key":      got[0].Key,
	}
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(m)
	if string(wb) != string(gb) {
		t.Errorf("JSON\n got %s\nwant %s", gb, wb)
	}
	if len(got[0].Key) != 32 || !strings.HasPrefix(got[0].Why, "Auth0 takes the client's IP") {
		t.Errorf("key %q, why %q", got[0].Key, got[0].Why)
	}
}

// TestRulesDocTable: the rule table of the package documentation lists
// every rule of Rules, in order, with its severity.
func TestRulesDocTable(t *testing.T) {
	t.Parallel()
	f, err := os.Open("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := regexp.MustCompile(`^//\t(ALR-[A-Z]+-\d{3})\s+([a-z]+)\+?\s`)
	var doc []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := row.FindStringSubmatch(sc.Text()); m != nil {
			doc = append(doc, m[1]+" "+m[2])
		}
	}
	var code []string
	for _, r := range alerts.Rules() {
		code = append(code, r.ID+" "+r.Severity.String())
	}
	if !slices.Equal(doc, code) {
		t.Errorf("doc.go's table\n%s\nRules()\n%s", strings.Join(doc, "\n"), strings.Join(code, "\n"))
	}
}
