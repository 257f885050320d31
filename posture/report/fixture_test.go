package report

import (
	"bytes"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

// hostileName is an application name written to break a report: HTML, a
// table cell, a link, a code span, a mention.
const hostileName = "<script>alert(1)</script> | ](http://evil.example) `x` @team"

// checkInfo is a catalogue entry with every text set, so that no writer
// falls back to the catalogue (whose entries other checks may add).
func checkInfo(id string, area posture.Area, sev posture.Severity, title string) posture.CheckInfo {
	return posture.CheckInfo{
		ID: id, Area: area, Severity: sev, Title: title,
		Rationale:   "Why " + title + " matters.",
		Remediation: "Fix " + title + ".",
		Links:       []string{"https://auth0.com/docs/" + id, "https://auth0.com/docs/secure"},
		Kinds:       []inventory.Kind{inventory.KindClients},
	}
}

// fullResult is a Result as Run would return it: findings of every
// severity, one in code with a location, one suppressed, one whose
// suppression expired, a hostile application name, two attack paths
// with their steps (one through a connection with the hostile name), a
// check that could not run, one that ran on part of the tenant, and an
// unused suppression.
func fullResult() *posture.Result {
	checks := []posture.CheckInfo{
		checkInfo("AL-APP-001", posture.AreaApplications, posture.SeverityHigh, "Callback URL with a wildcard"),
		checkInfo("AL-APP-002", posture.AreaApplications, posture.SeverityHigh, "Implicit grant enabled"),
		checkInfo("AL-APP-003", posture.AreaApplications, posture.SeverityLow, "Application without a description"),
		checkInfo("AL-CODE-001", posture.AreaCode, posture.SeverityCritical, "User metadata flows into an access token claim"),
		checkInfo("AL-CONN-001", posture.AreaConnections, posture.SeverityMedium, "Weak password policy"),
		checkInfo("AL-LOG-001", posture.AreaLogging, posture.SeverityInfo, "No log stream"),
		checkInfo("AL-M2M-001", posture.AreaMachineToMachine, posture.SeverityCritical, "Management API grant with write, delete or bulk-read scopes"),
		checkInfo("AL-ORG-001", posture.AreaOrganizations, posture.SeverityMedium, "Organization members without MFA"),
		checkInfo("AL-PATH-001", posture.AreaAttackPaths, posture.SeverityCritical, "User-writable metadata reaches a privileged scope"),
		checkInfo("AL-PATH-002", posture.AreaAttackPaths, posture.SeverityHigh, "Federated email decides a privilege"),
		checkInfo("AL-TEN-001", posture.AreaTenant, posture.SeverityLow, "Long session lifetime"),
	}
	byID := map[string]posture.CheckInfo{}
	for _, c := range checks {
		byID[c.ID] = c
	}
	finding := func(id string, sev posture.Severity, res posture.Resource, path, msg string, ev map[string]any, fp string) posture.Finding {
		c := byID[id]
		return posture.Finding{
			Check: id, Severity: sev, Area: c.Area, Title: c.Title, Message: msg, Resource: res, Path: path,
			Evidence: ev, Remediation: c.Remediation, Links: c.Links, Fingerprint: fp,
		}
	}

	critical := finding("AL-M2M-001", posture.SeverityCritical,
		posture.Resource{Kind: inventory.KindClientGrants, ID: "cgr_1", Name: "Billing sync"}, "scope",
		`The grant gives "Billing sync" Management API scopes that take the tenant over: create:clients, update:users.`,
		map[string]any{
			"takeover":  []any{"create:clients", "update:users", "update:connections", "create:actions", "update:tenant_settings", "create:client_grants"},
			"audience":  "https://acme.eu.auth0.com/api/v2/",
			"scope_cnt": 6,
		}, "1a2b3c4d5e6f7a8b")
	suppressed := finding("AL-APP-002", posture.SeverityHigh,
		posture.Resource{Kind: inventory.KindClients, ID: "cl_partner", Name: "Partner portal"}, "grant_types[1]",
		"The application may use the implicit grant.", map[string]any{"grant_type": "implicit"}, "2b3c4d5e6f7a8b9c")
	suppressed.Suppressed = true
	suppressed.Suppression = &posture.SuppressionMatch{Reason: "Partner SPA, accepted in SEC-123", Expires: "2027-03-31"}
	code := finding("AL-CODE-001", posture.SeverityHigh,
		posture.Resource{Kind: inventory.KindActions, ID: "act_1", Name: "Add roles"}, "code",
		"event.user.user_metadata.role reaches api.accessToken.setCustomClaim without a check.",
		map[string]any{"source": "event.user.user_metadata.role", "sink": "api.accessToken.setCustomClaim"}, "3c4d5e6f7a8b9c0d")
	code.Location = &posture.Location{Line: 12, Column: 5, EndLine: 12, EndColumn: 61}
	hostile := finding("AL-APP-001", posture.SeverityMedium,
		posture.Resource{Kind: inventory.KindClients, ID: "cl_evil", Name: hostileName}, "callbacks[0]",
		"Application "+hostileName+" accepts callbacks on any subdomain of example.com: https://*.example.com/cb {0}.",
		map[string]any{"callback": "https://*.example.com/cb?next=<script>|`"}, "4d5e6f7a8b9c0d1e")
	hostile.Suppression = &posture.SuppressionMatch{Reason: "Reviewed in SEC-1", Expires: "2025-01-31", Expired: true}
	low := finding("AL-TEN-001", posture.SeverityLow,
		posture.Resource{Kind: inventory.KindTenantSettings}, "session_lifetime",
		"Sessions last 720 hours.", map[string]any{"session_lifetime": 720}, "5e6f7a8b9c0d1e2f")
	info := finding("AL-LOG-001", posture.SeverityInfo,
		posture.Resource{Kind: inventory.KindLogStreams}, "", "No log stream is active.", nil, "6f7a8b9c0d1e2f3a")

	// CYBRET's first example path: anyone who signs up sets user_metadata,
	// which an Action turns into a scope; steps in code and outside it,
	// and one the graph derives (no kind, no id).
	userInput := finding("AL-PATH-001", posture.SeverityCritical,
		posture.Resource{Kind: inventory.KindActions, ID: "act_1", Name: "Add roles"}, "code",
		`Anyone who signs up can set user_metadata.is_admin, which the Action "Add roles" turns into the scope admin:write of Acme API.`,
		map[string]any{"scope": "admin:write", "api": "https://api.acme.test/"}, "8b9c0d1e2f3a4b5c")
	userInput.Location = &posture.Location{Line: 4, Column: 5, EndLine: 4, EndColumn: 48}
	userInput.Steps = []posture.Step{
		{Kind: inventory.KindConnections, ID: "con_db", Name: "Username-Password-Authentication",
			Detail: "Anyone can sign up: self-signup is on.", Path: "options.disable_signup"},
		{Name: "user_metadata.is_admin", Detail: "Every user writes their own user_metadata."},
		{Kind: inventory.KindActions, ID: "act_1", Name: "Add roles",
			Detail: `api.accessToken.addScope("admin:write") runs when event.user.user_metadata.is_admin is true.`,
			Path:   "code", Location: &posture.Location{Line: 4, Column: 5, EndLine: 4, EndColumn: 48}, Breaks: true},
		{Kind: inventory.KindResourceServers, ID: "https://api.acme.test/", Name: "Acme API",
			Detail: "Accepts admin:write: write access to every account."},
	}
	userInput.Remediation = "Decide on app_metadata, which users cannot write, not on user_metadata."
	// CYBRET's second example path, through a connection with a hostile name.
	federated := finding("AL-PATH-002", posture.SeverityHigh,
		posture.Resource{Kind: inventory.KindConnections, ID: "con_evil", Name: hostileName}, "options.should_trust_email_verified_connection",
		"The identity provider of "+hostileName+" decides email_verified, and a Rule grants Admin by email domain.",
		map[string]any{"should_trust_email_verified_connection": "always_set_emails_as_verified"}, "9c0d1e2f3a4b5c6d")
	federated.Steps = []posture.Step{
		{Kind: inventory.KindConnections, ID: "con_evil", Name: hostileName,
			Detail: "The identity provider decides email and email_verified [x](http://evil.example) {0}.",
			Path:   "options.should_trust_email_verified_connection", Breaks: true},
		{Kind: inventory.KindRules, ID: "rul_1", Name: "Grant admin by domain",
			Detail: "Assigns the role Admin when user.email ends with @acme.test.", Path: "script",
			Location: &posture.Location{Line: 7, Column: 3}},
		{Kind: inventory.KindRoles, ID: "rol_admin", Name: "Admin", Detail: "Holds admin:write on Acme API."},
	}
	federated.Remediation = "Set should_trust_email_verified_connection to never_set_emails_as_verified on the connection."

	return &posture.Result{
		Tenant:   "https://acme.eu.auth0.com",
		Checks:   checks,
		Findings: []posture.Finding{critical, suppressed, code, hostile, low, info, userInput, federated},
		NotEvaluated: []posture.NotEvaluated{
			{Check: "AL-CONN-001", Reason: "connections: forbidden: missing scope read:connections", MissingScopes: []string{"read:connections"}},
			{Check: "AL-ORG-001", Reason: "organizations/org_2: members not read",
				MissingScopes: []string{"read:organization_members"},
				Resources:     []posture.Resource{{Kind: inventory.KindOrganizations, ID: "org_2", Name: "Partner | Org"}}},
		},
		UnusedSuppressions: []posture.Suppression{
			{Check: "AL-APP-003", Resource: posture.SuppressionResource{Kind: inventory.KindClients, Name: "Old app"}, Reason: "legacy", Expires: "2026-01-01"},
		},
		Summary: posture.Summary{
			Checks: 11, Evaluated: 9, Partial: 1, NotEvaluated: 1, Findings: 7,
			BySeverity: map[posture.Severity]int{
				posture.SeverityCritical: 2, posture.SeverityHigh: 2, posture.SeverityMedium: 1,
				posture.SeverityLow: 1, posture.SeverityInfo: 1,
			},
			Suppressed: 1, Expired: 1,
		},
	}
}

// emptyResult is a clean tenant: checks ran, nothing found.
func emptyResult() *posture.Result {
	return &posture.Result{
		Tenant:       "https://clean.us.auth0.com",
		Checks:       []posture.CheckInfo{checkInfo("AL-TEN-001", posture.AreaTenant, posture.SeverityLow, "Long session lifetime")},
		Findings:     []posture.Finding{},
		NotEvaluated: []posture.NotEvaluated{},
		Summary:      posture.Summary{Checks: 1, Evaluated: 1, BySeverity: map[posture.Severity]int{}},
	}
}

var fixtures = []struct {
	name string
	res  func() *posture.Result
}{
	{"full", fullResult},
	{"empty", emptyResult},
}

// compileSchema compiles a JSON Schema document registered at url.
func compileSchema(t *testing.T, url string, doc []byte) *jsonschema.Schema {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("schema %s: %v", url, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, v); err != nil {
		t.Fatalf("schema %s: %v", url, err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("schema %s: %v", url, err)
	}
	return sch
}

// validateJSON validates a document against a compiled schema.
func validateJSON(t *testing.T, sch *jsonschema.Schema, doc []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if err := sch.Validate(v); err != nil {
		t.Fatalf("output does not validate:\n%v", err)
	}
}
