package posture_test

import (
	"context"
	"log"
	"os"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/report"
)

// Judge a saved snapshot (here with one check, to keep the report short;
// the zero Options run them all) and write the report as Markdown, for
// people. report.FormatSARIF writes it for code scanning, and
// report.FormatJSON for machines.
func ExampleRun_report() {
	snap, err := inventory.LoadFile("testdata/example-snapshot.json")
	if err != nil {
		log.Fatal(err)
	}
	res, err := posture.Run(context.Background(), snap, posture.Options{Checks: []string{"AL-M2M-002"}})
	if err != nil {
		log.Fatal(err)
	}
	if err := report.Write(os.Stdout, res, report.FormatMarkdown, report.Options{}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// # Auth0 posture report: `https://example.eu.auth0.com`
	//
	// 1 check selected: 1 judged everything they read, 0 only part of it, 0 could not run. 1 finding counts (worst: critical); 0 findings are suppressed.
	//
	// ## Summary
	//
	// | Severity | Findings |
	// | :-- | --: |
	// | Critical | 1 |
	// | High | 0 |
	// | Medium | 0 |
	// | Low | 0 |
	// | Info | 0 |
	// | **Total** | **1** |
	//
	// | Area | Checks | Critical | High | Medium | Low | Info |
	// | :-- | --: | --: | --: | --: | --: | --: |
	// | Machine-to-machine access | 1 | 1 | 0 | 0 | 0 | 0 |
	//
	// ## Findings
	//
	// ### Machine-to-machine access
	//
	// #### Critical: `AL-M2M-002` Shared secret guards Management API power
	//
	// - **Resource:** Provisioning job (`clients/c_m2m`)
	// - **Path:** `token_endpoint_auth_method`
	// - **Message:** "Provisioning job" authenticates with a shared client secret (client\_secret\_post) and holds 2 powerful Management API scopes\: whoever has the secret holds them too.
	// - **Evidence:**
	//   - `takeover`: `["create:users","update:users"]`
	//   - `token_endpoint_auth_method`: `"client_secret_post"`
	// - **Remediation:** Switch the application to Private Key JWT (Applications \> the application \> Credentials \> Authentication Methods) where your plan allows it, then rotate the old secret; otherwise rotate the secret, store it in a secrets manager and cut the grant's scopes to what the job needs.
	// - **Links:** <https://auth0.com/docs/get-started/applications/configure-private-key-jwt>, <https://auth0.com/docs/secure/application-credentials>
	// - **Fingerprint:** `a38def3b03a20b87`
}
