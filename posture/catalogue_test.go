package posture

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Every check has a catalogue entry and every entry a check; ids are
// AL-<AREA>-<NNN> of their area; texts and links are there.
func TestCatalogueMatchesChecks(t *testing.T) {
	t.Parallel()
	cat, err := loadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cat.infos); n < 60 {
		t.Errorf("%d checks, want at least 60", n)
	}
	ids := map[string]bool{}
	for _, info := range Catalogue() {
		if ids[info.ID] {
			t.Errorf("%s twice", info.ID)
		}
		ids[info.ID] = true
		if !strings.HasPrefix(info.ID, "AL-"+info.Area.Code()+"-") {
			t.Errorf("%s is in area %s", info.ID, info.Area)
		}
		if len(info.Kinds) == 0 {
			t.Errorf("%s reads no kind", info.ID)
		}
		for _, l := range info.Links {
			if !strings.HasPrefix(l, "https://auth0.com/docs/") {
				t.Errorf("%s: link %s is not Auth0's documentation", info.ID, l)
			}
		}
		for _, text := range []string{info.Title, info.Rationale, info.Remediation} {
			if strings.Contains(strings.ToLower(text), "seed 0") {
				t.Errorf("%s: private jargon in %q", info.ID, text)
			}
		}
	}
	// The loader refuses a check without an entry and an entry without a
	// check.
	entry := func(id string) string {
		return "  - id: " + id + "\n    severity: low\n    title: T\n    rationale: R\n    remediation: M\n    links: [https://auth0.com/docs/x]\n"
	}
	noop := func(id string) check { return check{id: id, needs: kinds(inventory.KindClients), run: nil} }
	fsys := fstest.MapFS{"catalogue/a.yaml": {Data: []byte("area: roles\nchecks:\n" + entry("AL-ROLE-001"))}}
	if _, err := buildCatalogue(fsys, []check{noop("AL-ROLE-001"), noop("AL-ROLE-002")}); err == nil || !strings.Contains(err.Error(), "AL-ROLE-002 has no entry") {
		t.Errorf("check without an entry: %v", err)
	}
	if _, err := buildCatalogue(fsys, nil); err == nil || !strings.Contains(err.Error(), "AL-ROLE-001 has no check") {
		t.Errorf("entry without a check: %v", err)
	}
	for name, data := range map[string]string{
		"wrong area":   "area: roles\nchecks:\n" + entry("AL-APP-001"),
		"no link":      "area: roles\nchecks:\n  - id: AL-ROLE-001\n    severity: low\n    title: T\n    rationale: R\n    remediation: M\n",
		"bad severity": "area: roles\nchecks:\n" + strings.Replace(entry("AL-ROLE-001"), "low", "severe", 1),
		"unknown area": "area: widgets\nchecks: []\n",
		"unknown key":  "area: roles\nchecks: []\nextra: 1\n",
	} {
		if _, err := buildCatalogue(fstest.MapFS{"catalogue/a.yaml": {Data: []byte(data)}}, nil); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// A check reads only the kinds it declares: run over a snapshot holding
// only those kinds, it finds exactly what it finds over the whole one.
func TestChecksReadOnlyTheirKinds(t *testing.T) {
	t.Parallel()
	full := recordedSnapshot(t)
	whole, err := Run(context.Background(), full, Options{})
	if err != nil {
		t.Fatal(err)
	}
	asOf, _ := model.New(full).AsOf()
	byCheck := map[string][]Finding{}
	for _, f := range whole.Findings {
		byCheck[f.Check] = append(byCheck[f.Check], f)
	}
	for _, info := range Catalogue() {
		t.Run(info.ID, func(t *testing.T) {
			t.Parallel()
			// The scan's time (collected_at, else the newest log event)
			// is the snapshot's, not a kind a check reads: the part keeps
			// it as its collected_at.
			part := &inventory.Snapshot{Version: full.Version, Tenant: full.Tenant, Scan: full.Scan, CollectedAt: asOf,
				Kinds: map[inventory.Kind]*inventory.KindResult{}}
			for _, k := range info.Kinds {
				part.Kinds[k] = full.Kinds[k]
			}
			res, err := Run(context.Background(), part, Options{Checks: []string{info.ID}})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Findings, byCheck[info.ID]) && !(len(res.Findings) == 0 && len(byCheck[info.ID]) == 0) {
				t.Errorf("with only %v: %d findings, with everything: %d", info.Kinds, len(res.Findings), len(byCheck[info.ID]))
			}
		})
	}
}

// The catalogue runs over every recorded body of a real tenant: no check
// fails, and nothing is left unjudged that the data does not explain.
func TestCatalogueOnRecordedTenant(t *testing.T) {
	t.Parallel()
	res, err := Run(context.Background(), recordedSnapshot(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ne := range res.NotEvaluated {
		if strings.Contains(ne.Reason, "does not decode") || strings.Contains(ne.Reason, "check failed") ||
			strings.Contains(ne.Reason, "not in the snapshot") {
			t.Errorf("%s: %s", ne.Check, ne.Reason)
		}
		if !ne.Partial() {
			t.Errorf("%s not evaluated at all: %s", ne.Check, ne.Reason)
		}
	}
	if len(res.Findings) == 0 {
		t.Error("a test tenant with legacy clients and default settings gave no finding")
	}
	// Auth0's own objects are no finding of the tenant's: grants and APIs
	// marked is_system (but the Management API's user access policy,
	// which the tenant sets), the global client.
	snap := recordedSnapshot(t)
	system := func(r Resource) bool {
		raw := snap.Kind(r.Kind).Record(r.ID)
		var m struct {
			IsSystem bool `json:"is_system"`
			Global   bool `json:"global"`
		}
		_ = json.Unmarshal(raw, &m)
		return m.IsSystem || m.Global
	}
	for _, f := range res.Findings {
		if f.Resource.ID != "" && system(f.Resource) && f.Check != "AL-API-006" {
			t.Errorf("%s on Auth0's own %s: %s", f.Check, f.Resource, f.Message)
		}
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	// secrets the recorded bodies hold in clear (see the recording's
	// INDEX.md) never reach a finding
	for _, secret := range recordedSecrets(t) {
		if strings.Contains(string(b), secret) {
			t.Errorf("the findings hold a secret of the recorded tenant: %.12s…", secret)
		}
	}
	t.Logf("%d findings, %d partially evaluated checks", len(res.Findings), res.Summary.Partial)
}

const recordedDir = "../auth0mgmt/testdata/recorded"

func readRecorded(t testing.TB, name string) []json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(recordedDir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []json.RawMessage
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

// recordedSnapshot builds the snapshot inventory would write for a tenant
// holding every recorded object: records redacted, keyed as Collect keys
// them, sub-listings read (empty where nothing was recorded).
func recordedSnapshot(t testing.TB) *inventory.Snapshot {
	t.Helper()
	s := &inventory.Snapshot{Version: inventory.FormatVersion, Tenant: "https://TENANT.auth0.example",
		Scan: inventory.ScanSettings{LogWindow: "24h0m0s", MaxLogs: 10000}, Kinds: map[inventory.Kind]*inventory.KindResult{}}
	put := func(k inventory.Kind, id string, v any) {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		red, err := inventory.Redact(raw)
		if err != nil {
			t.Fatal(err)
		}
		r := s.Kinds[k]
		if r == nil {
			r = &inventory.KindResult{Status: inventory.StatusOK, Records: map[string]json.RawMessage{}}
			s.Kinds[k] = r
		}
		r.Records[id] = red
		r.Count = len(r.Records)
	}
	empty := func(k inventory.Kind) {
		if s.Kinds[k] == nil {
			s.Kinds[k] = &inventory.KindResult{Status: inventory.StatusOK, Records: map[string]json.RawMessage{}}
		}
	}
	keyed := func(file string, k inventory.Kind, key string, extra map[string]any) {
		for _, raw := range readRecorded(t, file) {
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			id, _ := m[key].(string)
			if id == "" {
				continue
			}
			for k2, v := range extra {
				if _, ok := m[k2]; !ok {
					m[k2] = v
				}
			}
			put(k, id, m)
		}
		empty(k)
	}
	keyed("clients", inventory.KindClients, "client_id", nil)
	keyed("client_grants", inventory.KindClientGrants, "id", nil)
	keyed("resource_servers", inventory.KindResourceServers, "id", nil)
	keyed("connections", inventory.KindConnections, "id", map[string]any{"enabled_clients": []string{}})
	keyed("roles", inventory.KindRoles, "id", map[string]any{"permissions": []any{}, "members": []string{}})
	keyed("organizations", inventory.KindOrganizations, "id", map[string]any{"members": []any{}, "enabled_connections": []any{}, "invitations": []any{}})
	keyed("actions", inventory.KindActions, "id", nil)
	keyed("rules", inventory.KindRules, "id", nil)
	keyed("hooks", inventory.KindHooks, "id", nil)
	keyed("log_streams", inventory.KindLogStreams, "id", nil)
	keyed("logs", inventory.KindLogs, "log_id", nil)
	keyed("custom_domains", inventory.KindCustomDomains, "custom_domain_id", nil)
	keyed("email_templates", inventory.KindEmailTemplates, "template", nil)
	keyed("guardian_factors", inventory.KindGuardianFactors, "name", nil)
	keyed("network_acls", inventory.KindNetworkACLs, "id", nil)
	keyed("signing_keys", inventory.KindSigningKeys, "kid", nil)
	for _, raw := range readRecorded(t, "users") {
		var u auth0mgmt.User
		if err := json.Unmarshal(raw, &u); err != nil {
			t.Fatal(err)
		}
		put(inventory.KindUsers, u.UserID, inventory.ShapeOf(&u))
	}
	// bindings by trigger, in the recorded order
	byTrigger := map[string][]json.RawMessage{}
	for _, raw := range readRecorded(t, "action_bindings") {
		var b struct {
			TriggerID string `json:"trigger_id"`
		}
		_ = json.Unmarshal(raw, &b)
		if b.TriggerID != "" {
			byTrigger[b.TriggerID] = append(byTrigger[b.TriggerID], raw)
		}
	}
	for tr, bs := range byTrigger {
		put(inventory.KindTriggerBindings, tr, map[string]any{"trigger_id": tr, "bindings": bs})
	}
	empty(inventory.KindTriggerBindings)
	last := func(file string) json.RawMessage {
		all := readRecorded(t, file)
		return all[len(all)-1]
	}
	put(inventory.KindTenantSettings, "settings", last("tenant_settings"))
	put(inventory.KindEmailProvider, "provider", last("email_provider"))
	put(inventory.KindBranding, "branding", last("branding"))
	put(inventory.KindPrompts, "prompts", last("prompts"))
	var policies []string
	_ = json.Unmarshal(last("guardian_policies"), &policies)
	put(inventory.KindGuardianPolicies, "mfa_policies", map[string]any{"policies": append([]string{}, policies...)})
	for id, file := range map[string]string{
		"brute-force-protection":      "attack_protection_brute_force_protection",
		"breached-password-detection": "attack_protection_breached_password_detection",
		"suspicious-ip-throttling":    "attack_protection_suspicious_ip_throttling",
		"bot-detection":               "attack_protection_bot_detection",
	} {
		put(inventory.KindAttackProtection, id, last(file))
	}
	empty(inventory.KindRulesConfigs)
	// the newer surfaces
	keyed("forms", inventory.KindForms, "id", nil)
	keyed("flows", inventory.KindFlows, "id", nil)
	keyed("flows_vault_connections", inventory.KindFlowVaultConnections, "id", nil)
	keyed("self_service_profiles", inventory.KindSelfServiceProfiles, "id", nil)
	keyed("connection_scim_configurations", inventory.KindSCIMConfigurations, "connection_id", map[string]any{"tokens": []any{}})
	keyed("branding_phone_providers", inventory.KindPhoneProviders, "id", nil)
	keyed("branding_phone_templates", inventory.KindPhoneTemplates, "id", nil)
	keyed("event_streams", inventory.KindEventStreams, "id", nil)
	keyed("encryption_keys", inventory.KindEncryptionKeys, "kid", nil)
	keyed("token_exchange_profiles", inventory.KindTokenExchangeProfiles, "id", nil)
	keyed("user_attribute_profiles", inventory.KindUserAttributeProfiles, "id", nil)
	keyed("stats_daily", inventory.KindStatsDaily, "date", nil)
	put(inventory.KindStatsActiveUsers, "active_users", map[string]any{"active_users": last("stats_active_users")})
	put(inventory.KindClientCredentials, "CLIENT", map[string]any{"client_id": "CLIENT", "credentials": readRecorded(t, "client_credentials")})
	// the organization, connection and login-page surfaces
	put(inventory.KindOrganizationDiscoveryDomains, "ORG", map[string]any{"organization_id": "ORG", "domains": readRecorded(t, "organization_discovery_domains")})
	put(inventory.KindOrganizationClientGrants, "ORG", map[string]any{"organization_id": "ORG", "client_grants": readRecorded(t, "organization_client_grants")})
	put(inventory.KindConnectionKeys, "CONN", map[string]any{"connection_id": "CONN", "strategy": "oidc", "keys": readRecorded(t, "connection_keys")})
	for _, raw := range readRecorded(t, "prompt_renderings") {
		var pr auth0mgmt.PromptRendering
		if err := json.Unmarshal(raw, &pr); err != nil {
			t.Fatal(err)
		}
		if pr.Prompt != "" && pr.Screen != "" {
			put(inventory.KindPromptRenderings, inventory.PromptRenderingID(pr.Prompt, pr.Screen), raw)
		}
	}
	put(inventory.KindBrandingThemes, inventory.BrandingThemeID, last("branding_themes"))
	put(inventory.KindUniversalLoginTemplate, inventory.UniversalLoginTemplateID, last("branding_universal_login_template"))
	// the Guardian providers, hook secrets (names only) and risk
	// assessments
	for id, file := range map[string]string{
		inventory.GuardianPhoneMessageTypes:     "guardian_phone_message_types",
		inventory.GuardianPhoneSelectedProvider: "guardian_phone_selected_provider",
		inventory.GuardianSMSTwilio:             "guardian_sms_twilio",
		inventory.GuardianSMSTemplates:          "guardian_sms_templates",
		inventory.GuardianPushAPNS:              "guardian_push_apns",
		inventory.GuardianPushSNS:               "guardian_push_sns",
		inventory.GuardianPushSelectedProvider:  "guardian_push_selected_provider",
		inventory.GuardianDuo:                   "guardian_duo_settings",
		inventory.GuardianWebAuthnPlatform:      "guardian_webauthn_platform_settings",
		inventory.GuardianWebAuthnRoaming:       "guardian_webauthn_roaming_settings",
	} {
		put(inventory.KindGuardianProviders, id, last(file))
	}
	for i, raw := range readRecorded(t, "hook_secrets") {
		var sec map[string]string
		_ = json.Unmarshal(raw, &sec)
		rec := inventory.HookSecretsRecord{HookID: fmt.Sprintf("hook-%d", i), Secrets: map[string]string{}}
		for name := range sec {
			rec.Secrets[name] = inventory.Redacted
		}
		put(inventory.KindHookSecrets, rec.HookID, rec)
	}
	put(inventory.KindRiskAssessments, inventory.RiskAssessmentSettings, last("risk_assessments_settings"))
	put(inventory.KindRiskAssessments, inventory.RiskAssessmentNewDevice, last("risk_assessments_new_device"))
	for _, k := range inventory.Kinds() {
		if k.PerUser() {
			continue // read only when asked for
		}
		if s.Kinds[k] == nil {
			t.Fatalf("the recorded snapshot lacks %s", k)
		}
	}
	return s
}

// recordedSecrets are values the recorded bodies hold in clear.
func recordedSecrets(t testing.TB) []string {
	t.Helper()
	var out []string
	var walk func(name string, v any)
	walk = func(name string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(k, e)
			}
		case []any:
			for _, e := range x {
				walk(name, e)
			}
		case string:
			n := strings.ToLower(name)
			if len(x) >= 8 && x != inventory.Redacted && (slices.Contains([]string{"client_secret", "consumer_secret", "key", "signing_secret", "twilio_token", "auth_token", "skey", "aws_secret_access_key"}, n) ||
				strings.HasSuffix(n, "apikey") || strings.HasSuffix(n, "token") && n != "token_endpoint_auth_method") {
				out = append(out, x)
			}
		}
	}
	for _, file := range []string{"connections", "resource_servers", "log_streams", "guardian_sms_twilio", "guardian_duo_settings", "guardian_push_sns"} {
		for _, raw := range readRecorded(t, file) {
			var v any
			_ = json.Unmarshal(raw, &v)
			walk("", v)
		}
	}
	if len(out) == 0 {
		t.Fatal("found no recorded secret to look for")
	}
	return out
}

func ExampleRun() {
	snap, err := inventory.LoadFile("testdata/example-snapshot.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := Run(context.Background(), snap, Options{MinSeverity: SeverityHigh})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings {
		fmt.Printf("%s %s %s: %s\n", f.Severity, f.Check, f.Resource, f.Title)
	}
	// Output:
	// critical AL-M2M-001 client_grants/cgr_1 (Provisioning job → Auth0 Management API): Management API grant with write, delete or bulk-read scopes
	// critical AL-M2M-002 clients/c_m2m (Provisioning job): Shared secret guards Management API power
	// critical AL-PATH-003 clients/c_m2m (Provisioning job): A shared client secret holds tenant-wide Management API power
}
