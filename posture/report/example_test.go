package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/report"
)

// result stands for what posture.Run returns for a snapshot.
func result() *posture.Result {
	check := posture.CheckInfo{
		ID: "AL-APP-001", Area: posture.AreaApplications, Severity: posture.SeverityHigh,
		Title:       "Callback URL with a wildcard",
		Rationale:   "A wildcard callback lets any matching host receive codes and tokens.",
		Remediation: "List every callback URL in full.",
		Links:       []string{"https://auth0.com/docs/get-started/applications/wildcards-for-subdomains"},
	}
	return &posture.Result{
		Tenant: "https://example.eu.auth0.com",
		Checks: []posture.CheckInfo{check},
		Findings: []posture.Finding{{
			Check: check.ID, Severity: posture.SeverityHigh, Area: check.Area, Title: check.Title,
			Message:     "Legacy Portal accepts callbacks on any subdomain of example.com.",
			Resource:    posture.Resource{Kind: "clients", ID: "cl_1", Name: "Legacy Portal"},
			Path:        "callbacks[0]",
			Evidence:    map[string]any{"callback": "https://*.example.com/callback"},
			Remediation: check.Remediation, Links: check.Links, Fingerprint: "0f1e2d3c4b5a6978",
		}},
		NotEvaluated: []posture.NotEvaluated{},
		Summary: posture.Summary{Checks: 1, Evaluated: 1, Findings: 1,
			BySeverity: map[posture.Severity]int{posture.SeverityHigh: 1}},
	}
}

func ExampleWriteMarkdown() {
	if err := report.WriteMarkdown(os.Stdout, result(), report.Options{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # Auth0 posture report: `https://example.eu.auth0.com`
	//
	// 1 check selected: 1 judged everything they read, 0 only part of it, 0 could not run. 1 finding counts (worst: high); 0 findings are suppressed.
	//
	// ## Summary
	//
	// | Severity | Findings |
	// | :-- | --: |
	// | Critical | 0 |
	// | High | 1 |
	// | Medium | 0 |
	// | Low | 0 |
	// | Info | 0 |
	// | **Total** | **1** |
	//
	// | Area | Checks | Critical | High | Medium | Low | Info |
	// | :-- | --: | --: | --: | --: | --: | --: |
	// | Applications | 1 | 0 | 1 | 0 | 0 | 0 |
	//
	// ## Findings
	//
	// ### Applications
	//
	// #### High: `AL-APP-001` Callback URL with a wildcard
	//
	// - **Resource:** Legacy Portal (`clients/cl_1`)
	// - **Path:** `callbacks[0]`
	// - **Message:** Legacy Portal accepts callbacks on any subdomain of example\.com.
	// - **Evidence:**
	//   - `callback`: `"https://*.example.com/callback"`
	// - **Remediation:** List every callback URL in full.
	// - **Links:** <https://auth0.com/docs/get-started/applications/wildcards-for-subdomains>
	// - **Fingerprint:** `0f1e2d3c4b5a6978`
}

func ExampleWriteSARIF() {
	var b bytes.Buffer
	if err := report.WriteSARIF(&b, result(), report.Options{ToolVersion: "v1.0.0"}); err != nil {
		fmt.Println(err)
		return
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version string `json:"version"`
					Rules   []struct {
						ID         string         `json:"id"`
						Name       string         `json:"name"`
						Properties map[string]any `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				Level     string `json:"level"`
				Locations []struct {
					Physical struct {
						Artifact struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		fmt.Println(err)
		return
	}
	run := log.Runs[0]
	rule := run.Tool.Driver.Rules[0]
	fmt.Println("authlens", run.Tool.Driver.Version)
	fmt.Println(rule.ID, rule.Name, rule.Properties["security-severity"], rule.Properties["tags"])
	for _, r := range run.Results {
		fmt.Println(r.Level, r.Locations[0].Physical.Artifact.URI, r.PartialFingerprints[report.FingerprintKey])
	}
	// Output:
	// authlens v1.0.0
	// AL-APP-001 CallbackURLWithAWildcard 8.0 [security applications]
	// error auth0/clients/cl_1/callbacks%5B0%5D 0f1e2d3c4b5a6978
}

func ExampleReadJSON() {
	var b bytes.Buffer
	if err := report.WriteJSON(&b, result(), report.Options{}); err != nil {
		fmt.Println(err)
		return
	}
	res, err := report.ReadJSON(&b)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings {
		fmt.Println(f.Fingerprint, f.Severity, f.Check, f.Resource)
	}

	_, err = report.ReadJSON(bytes.NewReader([]byte(`{"schema": "https://authlens.dev/schemas/posture-report/v9"}`)))
	fmt.Println(err)
	// Output:
	// 0f1e2d3c4b5a6978 high AL-APP-001 clients/cl_1 (Legacy Portal)
	// report: unsupported schema: the document is "https://authlens.dev/schemas/posture-report/v9"; this reads https://authlens.dev/schemas/posture-report/v1
}

func ExampleWrite() {
	f, err := report.ParseFormat("json")
	if err != nil {
		fmt.Println(err)
		return
	}
	var b bytes.Buffer
	if err := report.Write(&b, result(), f, report.Options{}); err != nil {
		fmt.Println(err)
		return
	}
	var doc struct {
		Schema  string `json:"schema"`
		Summary struct {
			Findings   int            `json:"findings"`
			BySeverity map[string]int `json:"by_severity"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Schema)
	fmt.Println(doc.Summary.Findings, doc.Summary.BySeverity["high"])
	// Output:
	// https://authlens.dev/schemas/posture-report/v1
	// 1 1
}
