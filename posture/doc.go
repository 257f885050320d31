// Package posture finds the security gaps of an Auth0 tenant. Give Run a
// snapshot taken by inventory.Collect (or loaded from a file: posture reads
// nothing else, so a saved scan is judged offline) and read the findings,
// each with a stable check id, a severity, the record and field it is
// about, the evidence and the fix; write them with package posture/report.
//
//	snap, _ := inventory.LoadFile("scan.json")
//	res, err := posture.Run(ctx, snap, posture.Options{MinSeverity: posture.SeverityMedium})
//	for _, f := range res.Unsuppressed() {
//		fmt.Println(f.Severity, f.Check, f.Resource, f.Message)
//	}
//	report.WriteSARIF(w, res, report.Options{}) // package posture/report
//
// # The catalogue
//
// [Catalogue] lists every check: its id (AL-<AREA>-<NNN>, stable across
// releases), area, severity, title, rationale, remediation and links to
// Auth0's documentation (texts in the embedded catalogue/*.yaml; logic in
// the checks_*.go files), and the snapshot kinds it reads. The areas:
// applications (callbacks, origins and logout URLs with wildcards, plain
// HTTP or localhost; grant types the application type does not need;
// password, implicit and legacy grants; HS256 ID tokens; cross-origin
// authentication; refresh tokens that do not rotate or never expire; ID
// token lifetimes; consent skipped for applications with unverifiable
// callbacks; confidential application types without client
// authentication; OIDC conformance; trusted forwarded-IP headers;
// Private Key JWT and mTLS credentials that never expire or have expired),
// machine-to-machine access (Management API grants graded by blast
// radius, shared secrets guarding that power, grants to APIs or
// applications that no longer exist, unused applications), APIs (HS256,
// token lifetimes, RBAC off while roles grant permissions, offline access
// for write scopes, the Management API's user access policy), connections
// (open signup, password policy and its parts, brute-force protection,
// federated connections that trust email_verified, connections enabled for
// every application, SAML with SHA-1 or debug on, social connections on
// Auth0's developer keys, custom database and OAuth2 scripts read as code:
// secrets, SQL built from input, fast password hashes, email_verified set
// by script, SCIM tokens that never expire or live longer than a year),
// attack protection, MFA factors and policy (with the phone factor's voice
// codes and security keys without user verification), tenant settings
// (session lifetimes, sandbox version, legacy flags, clickjacking headers,
// dynamic client registration, default audience, the error page,
// passwordless start), custom domains, the email provider and templates,
// log streams and event stream webhooks (plain HTTP, private addresses, no
// authorization), Actions, Rules and Hooks read as code (end-of-life runtimes
// and trigger versions, Rules and Hooks past their end of life, secrets in
// code, known-vulnerable and unpinned npm dependencies, user enumeration at
// registration, password reset without a second factor, logging of events
// and secrets, code that does not parse, eval, plain-HTTP calls, disabled
// TLS verification; with them, credentials written into Forms and Flows
// actions instead of the vault, and custom token exchange profiles with
// the Action that picks the user), roles (unused, dangling or Management API
// permissions, privileged roles held by many users) and organizations
// (self-signup with automatic membership).
//
// # What a check could not see
//
// A check whose kinds were not read (forbidden without a scope, failed, or
// left out of the scan) is reported in Result.NotEvaluated with the reason
// and the missing scopes, never passed silently; a check that could judge
// only some records (connection options the API leaves out without
// read:connections_options, role members not read, a script redacted in the
// snapshot) lists the records it skipped. Result.Summary counts both. A
// finding always points at a record of the snapshot, or at a kind as a
// whole for what the tenant lacks (no log stream, no custom domain).
//
// # Accepting a risk
//
// Suppressions (YAML or JSON, see [Suppression] and [ParseSuppressions])
// accept the findings of a check on a resource, with a reason and an
// optional expiry date. Suppressed findings stay in the result, marked; an
// expired suppression counts again and says so; suppressions that matched
// nothing are returned as unused.
//
// # Reports
//
// Package posture/report writes a Result as JSON (a documented, versioned
// schema), SARIF 2.1.0 for code scanning tools, and Markdown.
package posture
