package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/authlens/authlens/internal/version"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

const sarifSchemaID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// TestSARIFSchema validates every fixture's log against the published
// SARIF 2.1.0 schema (testdata/README.md says where the file comes from).
func TestSARIFSchema(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	sch := compileSchema(t, sarifSchemaID, doc)
	withoutChecks := fullResult()
	withoutChecks.Checks = nil
	cases := map[string]*posture.Result{"no checks": withoutChecks}
	for _, fx := range fixtures {
		cases[fx.name] = fx.res()
	}
	for name, res := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := WriteSARIF(&b, res, Options{}); err != nil {
				t.Fatal(err)
			}
			validateJSON(t, sch, b.Bytes())
		})
	}
}

// The parts of a SARIF log the mapping test reads.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string `json:"name"`
				Version        string `json:"version"`
				InformationURI string `json:"informationUri"`
				Rules          []struct {
					ID               string       `json:"id"`
					Name             string       `json:"name"`
					ShortDescription sarifMessage `json:"shortDescription"`
					FullDescription  sarifMessage `json:"fullDescription"`
					Help             sarifMessage `json:"help"`
					HelpURI          string       `json:"helpUri"`
					Default          struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties struct {
						Tags             []string `json:"tags"`
						SecuritySeverity string   `json:"security-severity"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		AutomationDetails struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Results     []sarifResult `json:"results"`
		Invocations []struct {
			ExecutionSuccessful bool                `json:"executionSuccessful"`
			Execution           []sarifNotification `json:"toolExecutionNotifications"`
			Configuration       []sarifNotification `json:"toolConfigurationNotifications"`
		} `json:"invocations"`
	} `json:"runs"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
	CodeFlows []struct {
		Message     sarifMessage `json:"message"`
		ThreadFlows []struct {
			Locations []struct {
				Location       sarifLocation `json:"location"`
				ExecutionOrder int           `json:"executionOrder"`
				Importance     string        `json:"importance"`
			} `json:"locations"`
		} `json:"threadFlows"`
	} `json:"codeFlows"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Suppressions        []struct {
		Kind          string         `json:"kind"`
		Status        string         `json:"status"`
		Justification string         `json:"justification"`
		Properties    map[string]any `json:"properties"`
	} `json:"suppressions"`
	Properties map[string]any `json:"properties"`
}

type sarifLocation struct {
	Message  *sarifMessage `json:"message"`
	Physical *struct {
		Artifact struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
		Region *struct {
			StartLine   int `json:"startLine"`
			StartColumn int `json:"startColumn"`
			EndLine     int `json:"endLine"`
			EndColumn   int `json:"endColumn"`
		} `json:"region"`
	} `json:"physicalLocation"`
	Logical []struct {
		Name string `json:"name"`
		FQN  string `json:"fullyQualifiedName"`
		Kind string `json:"kind"`
	} `json:"logicalLocations"`
}

type sarifNotification struct {
	Level   string       `json:"level"`
	Message sarifMessage `json:"message"`
	Rule    struct {
		ID    string `json:"id"`
		Index int    `json:"index"`
	} `json:"associatedRule"`
	Properties map[string]any `json:"properties"`
}

func writeSARIF(t *testing.T, res *posture.Result, opts Options) sarifLog {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSARIF(&b, res, opts); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return log
}

func TestSARIFTool(t *testing.T) {
	t.Parallel()
	tests := []struct {
		version, want string
	}{
		{"", version.Version},
		{"v0.4.0", "v0.4.0"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			log := writeSARIF(t, fullResult(), Options{ToolVersion: tt.version})
			d := log.Runs[0].Tool.Driver
			if log.Version != "2.1.0" || d.Name != "authlens" || d.Version != tt.want || d.InformationURI == "" {
				t.Fatalf("version %q, driver %q %q %q", log.Version, d.Name, d.Version, d.InformationURI)
			}
			if got := log.Runs[0].AutomationDetails.ID; got != "authlens/posture/acme.eu.auth0.com/" {
				t.Fatalf("automationDetails.id = %q", got)
			}
		})
	}
}

func TestSARIFRules(t *testing.T) {
	t.Parallel()
	res := fullResult()
	log := writeSARIF(t, res, Options{})
	rules := log.Runs[0].Tool.Driver.Rules
	if len(rules) != len(res.Checks) {
		t.Fatalf("%d rules, want one per check (%d)", len(rules), len(res.Checks))
	}
	tests := []struct {
		id, name, level, secSev, area string
	}{
		{"AL-APP-001", "CallbackURLWithAWildcard", "error", "8.0", "applications"},
		{"AL-APP-003", "ApplicationWithoutADescription", "note", "3.0", "applications"},
		{"AL-CODE-001", "UserMetadataFlowsIntoAnAccessTokenClaim", "error", "9.5", "code"},
		{"AL-CONN-001", "WeakPasswordPolicy", "warning", "5.5", "connections"},
		{"AL-LOG-001", "NoLogStream", "note", "1.0", "logging"},
		{"AL-M2M-001", "ManagementAPIGrantWithWriteDeleteOrBulkReadScopes", "error", "9.5", "machine_to_machine"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			i := -1
			for j, r := range rules {
				if r.ID == tt.id {
					i = j
				}
			}
			if i < 0 {
				t.Fatalf("no rule %s", tt.id)
			}
			r := rules[i]
			info := res.Checks[i]
			if info.ID != tt.id {
				t.Fatalf("rule %d is %s, check %d is %s: rules are not in check order", i, tt.id, i, info.ID)
			}
			if r.Name != tt.name || r.Default.Level != tt.level || r.Properties.SecuritySeverity != tt.secSev {
				t.Errorf("name %q level %q security-severity %q; want %q %q %q", r.Name, r.Default.Level, r.Properties.SecuritySeverity, tt.name, tt.level, tt.secSev)
			}
			if len(r.Properties.Tags) != 2 || r.Properties.Tags[0] != "security" || r.Properties.Tags[1] != tt.area {
				t.Errorf("tags %v", r.Properties.Tags)
			}
			if r.ShortDescription.Text != info.Title || r.FullDescription.Text != info.Rationale || r.HelpURI != info.Links[0] {
				t.Errorf("texts %+v %+v %q", r.ShortDescription, r.FullDescription, r.HelpURI)
			}
			if !strings.HasPrefix(r.Help.Text, info.Remediation) || !strings.Contains(r.Help.Text, info.Links[1]) ||
				!strings.Contains(r.Help.Markdown, "- <"+info.Links[0]+">") {
				t.Errorf("help %+v", r.Help)
			}
		})
	}
}

func TestSARIFResults(t *testing.T) {
	t.Parallel()
	res := fullResult()
	log := writeSARIF(t, res, Options{})
	results := log.Runs[0].Results
	if len(results) != len(res.Findings) {
		t.Fatalf("%d results, want one per finding (%d)", len(results), len(res.Findings))
	}
	rules := log.Runs[0].Tool.Driver.Rules
	type region struct{ line, col, endLine, endCol int }
	tests := []struct {
		name       string
		i          int
		level      string
		uri        string
		region     *region
		logical    [2]string // name, fullyQualifiedName
		suppressed bool
		expired    bool
	}{
		{"critical grant", 0, "error", "auth0/client_grants/cgr_1/scope", nil, [2]string{"Billing sync", "client_grants/cgr_1"}, false, false},
		{"suppressed", 1, "error", "auth0/clients/cl_partner/grant_types%5B1%5D", nil, [2]string{"Partner portal", "clients/cl_partner"}, true, false},
		{"code", 2, "error", "auth0/actions/act_1/code", &region{12, 5, 12, 61}, [2]string{"Add roles", "actions/act_1"}, false, false},
		{"hostile, expired suppression", 3, "warning", "auth0/clients/cl_evil/callbacks%5B0%5D", nil, [2]string{hostileName, "clients/cl_evil"}, false, true},
		{"kind-wide low", 4, "note", "auth0/tenant_settings/session_lifetime", nil, [2]string{"tenant_settings", "tenant_settings"}, false, false},
		{"kind-wide info without path", 5, "note", "auth0/log_streams", nil, [2]string{"log_streams", "log_streams"}, false, false},
		{"attack path", 6, "error", "auth0/actions/act_1/code", &region{4, 5, 4, 48}, [2]string{"Add roles", "actions/act_1"}, false, false},
		{"attack path, hostile", 7, "error", "auth0/connections/con_evil/options.should_trust_email_verified_connection", nil, [2]string{hostileName, "connections/con_evil"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, f := results[tt.i], res.Findings[tt.i]
			if r.RuleID != f.Check || r.RuleIndex < 0 || rules[r.RuleIndex].ID != f.Check {
				t.Errorf("ruleId %q ruleIndex %d", r.RuleID, r.RuleIndex)
			}
			if r.Level != tt.level {
				t.Errorf("level %q, want %q (from the finding's severity %s)", r.Level, tt.level, f.Severity)
			}
			if r.PartialFingerprints[FingerprintKey] != f.Fingerprint {
				t.Errorf("partialFingerprints %v", r.PartialFingerprints)
			}
			if len(r.Locations) != 1 || r.Locations[0].Physical == nil || len(r.Locations[0].Logical) != 1 {
				t.Fatalf("locations %+v", r.Locations)
			}
			loc := r.Locations[0]
			if loc.Physical.Artifact.URI != tt.uri {
				t.Errorf("uri %q, want %q", loc.Physical.Artifact.URI, tt.uri)
			}
			switch reg := loc.Physical.Region; {
			case tt.region == nil && reg != nil:
				t.Errorf("region %+v for a finding outside code", reg)
			case tt.region != nil && (reg == nil || *tt.region != region{reg.StartLine, reg.StartColumn, reg.EndLine, reg.EndColumn}):
				t.Errorf("region %+v, want %+v", reg, tt.region)
			}
			if l := loc.Logical[0]; l.Name != tt.logical[0] || l.FQN != tt.logical[1] || l.Kind != "resource" {
				t.Errorf("logical location %+v, want %v", l, tt.logical)
			}
			if tt.suppressed {
				if len(r.Suppressions) != 1 {
					t.Fatalf("suppressions %+v", r.Suppressions)
				}
				s := r.Suppressions[0]
				if s.Kind != "external" || s.Status != "accepted" || s.Justification != f.Suppression.Reason || s.Properties["expires"] != "2027-03-31" {
					t.Errorf("suppression %+v", s)
				}
			} else if len(r.Suppressions) != 0 {
				t.Errorf("suppressions %+v on a finding that counts", r.Suppressions)
			}
			exp, hasExp := r.Properties["expiredSuppression"].(map[string]any)
			if hasExp != tt.expired || (tt.expired && (exp["expired"] != true || exp["reason"] != f.Suppression.Reason || exp["expires"] != "2025-01-31")) {
				t.Errorf("expiredSuppression %v", r.Properties["expiredSuppression"])
			}
			if r.Properties["severity"] != f.Severity.String() || r.Properties["path"] != f.Path {
				t.Errorf("properties %v", r.Properties)
			}
			if rr, _ := r.Properties["resource"].(map[string]any); rr["kind"] != string(f.Resource.Kind) || rr["id"] != f.Resource.ID {
				t.Errorf("resource property %v", r.Properties["resource"])
			}
			if _, ok := r.Properties["evidence"].(map[string]any); !ok {
				t.Errorf("evidence property %v", r.Properties["evidence"])
			}
		})
	}
	// A value from the tenant cannot form an embedded link or a
	// placeholder in a message.
	msg := results[3].Message.Text
	for i, r := range msg {
		if (r == '[' || r == ']') && (i == 0 || msg[i-1] != '\\') {
			t.Errorf("unescaped %q at %d in %q", r, i, msg)
		}
	}
	if !strings.Contains(msg, `\](http://evil.example)`) || !strings.Contains(msg, " {{0}}.") {
		t.Errorf("message not escaped: %q", msg)
	}
}

// TestSARIFCodeFlows: an attack path's result carries its steps, in
// order, as the locations of one thread flow of one code flow; other
// results carry none.
func TestSARIFCodeFlows(t *testing.T) {
	t.Parallel()
	res := fullResult()
	results := writeSARIF(t, res, Options{}).Runs[0].Results
	for i, r := range results {
		if want := len(res.Findings[i].Steps) > 0; (len(r.CodeFlows) > 0) != want {
			t.Errorf("result %d (%s): %d code flows", i, r.RuleID, len(r.CodeFlows))
		}
	}
	type step struct {
		uri     string // "" for no physical location
		region  [4]int
		logical [2]string
	}
	tests := []struct {
		i     int
		msg   string
		steps []step
	}{
		{6, "Attack path of 4 steps, from Username-Password-Authentication to Acme API", []step{
			{"auth0/connections/con_db/options.disable_signup", [4]int{}, [2]string{"Username-Password-Authentication", "connections/con_db"}},
			{"", [4]int{}, [2]string{"user_metadata.is_admin", "user_metadata.is_admin"}},
			{"auth0/actions/act_1/code", [4]int{4, 5, 4, 48}, [2]string{"Add roles", "actions/act_1"}},
			{"auth0/resource_servers/https:%2F%2Fapi.acme.test%2F", [4]int{}, [2]string{"Acme API", "resource_servers/https://api.acme.test/"}},
		}},
		{7, "Attack path of 3 steps, from " + sarifText(hostileName) + " to Admin", []step{
			{"auth0/connections/con_evil/options.should_trust_email_verified_connection", [4]int{}, [2]string{hostileName, "connections/con_evil"}},
			{"auth0/rules/rul_1/script", [4]int{7, 3, 0, 0}, [2]string{"Grant admin by domain", "rules/rul_1"}},
			{"auth0/roles/rol_admin", [4]int{}, [2]string{"Admin", "roles/rol_admin"}},
		}},
	}
	for _, tt := range tests {
		t.Run(results[tt.i].RuleID, func(t *testing.T) {
			t.Parallel()
			r, f := results[tt.i], res.Findings[tt.i]
			if len(r.CodeFlows) != 1 || len(r.CodeFlows[0].ThreadFlows) != 1 {
				t.Fatalf("code flows %+v", r.CodeFlows)
			}
			if got := r.CodeFlows[0].Message.Text; got != tt.msg {
				t.Errorf("code flow message %q, want %q", got, tt.msg)
			}
			locs := r.CodeFlows[0].ThreadFlows[0].Locations
			if len(locs) != len(tt.steps) {
				t.Fatalf("%d locations, want %d", len(locs), len(tt.steps))
			}
			for j, want := range tt.steps {
				l := locs[j]
				if l.ExecutionOrder != j+1 || l.Importance != "essential" {
					t.Errorf("step %d: executionOrder %d, importance %q", j, l.ExecutionOrder, l.Importance)
				}
				if l.Location.Message == nil || l.Location.Message.Text != sarifText(f.Steps[j].Detail) {
					t.Errorf("step %d: message %+v, want %q", j, l.Location.Message, f.Steps[j].Detail)
				}
				switch p := l.Location.Physical; {
				case want.uri == "" && p != nil:
					t.Errorf("step %d: physical location %+v for a derived step", j, p)
				case want.uri != "" && (p == nil || p.Artifact.URI != want.uri):
					t.Errorf("step %d: physical location %+v, want %s", j, p, want.uri)
				case p != nil:
					var got [4]int
					if p.Region != nil {
						got = [4]int{p.Region.StartLine, p.Region.StartColumn, p.Region.EndLine, p.Region.EndColumn}
					}
					if got != want.region {
						t.Errorf("step %d: region %v, want %v", j, got, want.region)
					}
				}
				if len(l.Location.Logical) != 1 || l.Location.Logical[0].Name != want.logical[0] || l.Location.Logical[0].FQN != want.logical[1] {
					t.Errorf("step %d: logical locations %+v, want %v", j, l.Location.Logical, want.logical)
				}
			}
		})
	}
	// A step's detail from the tenant forms no link or placeholder.
	if msg := results[7].CodeFlows[0].ThreadFlows[0].Locations[0].Location.Message.Text; !strings.Contains(msg, `\[x\](http://evil.example) {{0}}.`) {
		t.Errorf("step message not escaped: %q", msg)
	}
}

func TestSARIFNotifications(t *testing.T) {
	t.Parallel()
	res := fullResult()
	log := writeSARIF(t, res, Options{})
	run := log.Runs[0]
	if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful {
		t.Fatalf("invocations %+v", run.Invocations)
	}
	inv := run.Invocations[0]
	if len(inv.Execution) != len(res.NotEvaluated) {
		t.Fatalf("%d execution notifications, want %d", len(inv.Execution), len(res.NotEvaluated))
	}
	rules := run.Tool.Driver.Rules
	for i, ne := range res.NotEvaluated {
		n := inv.Execution[i]
		if n.Level != "warning" || n.Message.Text != ne.Reason || n.Rule.ID != ne.Check || rules[n.Rule.Index].ID != ne.Check {
			t.Errorf("notification %d: %+v", i, n)
		}
		if n.Properties["partial"] != ne.Partial() {
			t.Errorf("notification %d: partial %v", i, n.Properties["partial"])
		}
		if scopes, _ := n.Properties["missingScopes"].([]any); len(scopes) != len(ne.MissingScopes) || scopes[0] != ne.MissingScopes[0] {
			t.Errorf("notification %d: missingScopes %v", i, n.Properties["missingScopes"])
		}
	}
	if len(inv.Configuration) != 1 || inv.Configuration[0].Level != "note" || inv.Configuration[0].Rule.ID != "AL-APP-003" ||
		!strings.Contains(inv.Configuration[0].Message.Text, "matched no finding") {
		t.Errorf("configuration notifications %+v", inv.Configuration)
	}
}

func TestSARIFLevels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sev          posture.Severity
		level, score string
	}{
		{posture.SeverityCritical, "error", "9.5"},
		{posture.SeverityHigh, "error", "8.0"},
		{posture.SeverityMedium, "warning", "5.5"},
		{posture.SeverityLow, "note", "3.0"},
		{posture.SeverityInfo, "note", "1.0"},
	}
	for _, tt := range tests {
		t.Run(tt.sev.String(), func(t *testing.T) {
			t.Parallel()
			if got := SARIFLevel(tt.sev); got != tt.level {
				t.Errorf("SARIFLevel = %q, want %q", got, tt.level)
			}
			if got := SecuritySeverity(tt.sev); got != tt.score {
				t.Errorf("SecuritySeverity = %q, want %q", got, tt.score)
			}
		})
	}
}

func TestArtifactURI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		res  posture.Resource
		path string
		want string
	}{
		{posture.Resource{Kind: inventory.KindActions, ID: "act_1"}, "code", "auth0/actions/act_1/code"},
		{posture.Resource{Kind: inventory.KindClients, ID: "a/b c"}, `options["x y"]`, "auth0/clients/a%2Fb%20c/options%5B%22x%20y%22%5D"},
		{posture.Resource{Kind: inventory.KindTenantSettings}, "", "auth0/tenant_settings"},
		{posture.Resource{Kind: inventory.KindRules, ID: "../../etc"}, "script", "auth0/rules/..%2F..%2Fetc/script"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := artifactURI(tt.res, tt.path); got != tt.want {
				t.Errorf("artifactURI = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUpperCamel(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Management API grant with write, delete or bulk-read scopes", "ManagementAPIGrantWithWriteDeleteOrBulkReadScopes"},
		{"Shared secret guards Management API power", "SharedSecretGuardsManagementAPIPower"},
		{"  ", ""},
		{"über-länge 2fa", "ÜberLänge2fa"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := upperCamel(tt.in); got != tt.want {
				t.Errorf("upperCamel(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSARIFText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"see [here](http://evil)", `see \[here\](http://evil)`},
		{"{0} and {name}", "{{0}} and {{name}}"},
		{"tab\tbell\a\u202eevil", "tab bell  evil"},
		{"two\nlines", "two\nlines"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := sarifText(tt.in); got != tt.want {
				t.Errorf("sarifText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestSARIFCatalogueTexts: a Result read back from JSON carries only the
// id, area, severity and title of its checks; the rules get the rest
// from the catalogue.
func TestSARIFCatalogueTexts(t *testing.T) {
	t.Parallel()
	info, ok := posture.Lookup("AL-M2M-001")
	if !ok {
		t.Fatal("AL-M2M-001 is not in the catalogue")
	}
	res := &posture.Result{Checks: []posture.CheckInfo{{ID: info.ID, Area: info.Area, Severity: info.Severity, Title: info.Title}}}
	var b bytes.Buffer
	if err := WriteJSON(&b, res, Options{}); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	rule := writeSARIF(t, back, Options{}).Runs[0].Tool.Driver.Rules[0]
	if rule.FullDescription.Text != sarifText(info.Rationale) || rule.HelpURI != info.Links[0] ||
		!strings.HasPrefix(rule.Help.Text, sarifText(info.Remediation)) {
		t.Errorf("rule %+v lacks the catalogue's texts", rule)
	}
}
