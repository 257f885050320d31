// Package report writes the findings of posture.Run to a file: JSON with a
// stable, versioned schema for machines (ReadJSON reads it back), SARIF
// 2.1.0 for code-scanning tools (GitHub code scanning and the like), and
// Markdown for people. Pass the Result and a writer to WriteJSON,
// WriteSARIF or WriteMarkdown, or to Write with a Format.
//
//	res, err := posture.Run(ctx, snap, posture.Options{})
//	...
//	err = report.WriteSARIF(f, res, report.Options{ToolVersion: version})
//
// Every writer takes the Result as it is (Run orders the findings,
// highest severity first), adds no timestamp, and writes the same bytes
// for the same Result; the output is written with one Write call, and
// nothing is written when the Result cannot be (ErrInvalidResult).
//
// # JSON
//
// WriteJSON writes one object, indented, whose "schema" member is
// SchemaID ("https://authlens.dev/schemas/posture-report/v1"). Its JSON
// Schema (draft 2020-12) is schema/report.schema.json, returned by
// Schema. Every member below is always written unless marked optional;
// lists are [] when empty, never null.
//
//	{
//	  "schema": "https://authlens.dev/schemas/posture-report/v1",
//	  "tenant": "https://example.eu.auth0.com",
//	  "summary": {
//	    "checks": 12,            // checks selected
//	    "evaluated": 9,          // judged everything they look at
//	    "partial": 1,            // judged part of it (see not_evaluated)
//	    "not_evaluated": 2,      // could not run
//	    "findings": 5,           // findings that count: unsuppressed, or suppression expired
//	    "by_severity": {"critical": 1, "high": 1, "medium": 1, "low": 1, "info": 1},
//	    "suppressed": 1,         // accepted by an unexpired suppression
//	    "expired_suppressions": 1
//	  },
//	  "findings": [{
//	    "check": "AL-APP-001",   // AL-<AREA>-<NNN>
//	    "severity": "high",      // critical, high, medium, low, info
//	    "area": "applications",
//	    "title": "...",          // the check's title
//	    "message": "...",        // what is wrong with this resource
//	    "resource": {"kind": "clients", "id": "...", "name": "..."},  // name optional; id "" = the whole kind
//	    "path": "callbacks[0]",  // JSON path in the record, "" for the whole record
//	    "location": {"line": 3, "column": 5, "end_line": 3, "end_column": 40},  // optional, code only; end_* optional
//	    "steps": [{              // optional: an attack path's steps, foothold first
//	      "kind": "actions", "id": "...",  // the step's record; both "" for what the graph derives
//	      "name": "...",         // optional
//	      "detail": "...",       // what the step contributes
//	      "path": "code",        // optional: the field
//	      "location": {...}      // optional: the position, for a step in code
//	    }],
//	    "evidence": {...},       // the offending values
//	    "remediation": "...",
//	    "links": ["https://auth0.com/docs/..."],
//	    "fingerprint": "9f2c...",  // stable across scans
//	    "suppressed": false,
//	    "suppression": {"reason": "...", "expires": "2027-03-31", "expired": true}  // optional; expires optional
//	  }],
//	  "not_evaluated": [{"check": "...", "reason": "...", "missing_scopes": ["read:connections"], "resources": []}],
//	  "unused_suppressions": [{"check": "...", "resource": {"kind": "...", "id": "...", "name": "..."}, "path": "...", "reason": "...", "expires": "..."}],
//	  "checks": [{"id": "AL-APP-001", "area": "applications", "severity": "high", "title": "..."}]
//	}
//
// In unused_suppressions, the resource's members, path and expires are
// optional, as in a suppressions file. A reader of version 1 must ignore
// members it does not know; removing or changing the meaning of a member
// makes a new SchemaID. ReadJSON reads the format back into a
// posture.Result (for diffs of findings between scans) and refuses any
// other schema id with ErrUnsupportedSchema.
//
// # SARIF
//
// WriteSARIF writes a SARIF 2.1.0 log (built with
// github.com/owenrumney/go-sarif/v3) with one run:
//
//   - tool.driver: name "authlens", informationUri, version
//     (Options.ToolVersion, authlens.Version by default), and one rule per check
//     of Result.Checks (texts the Result lacks come from the catalogue):
//     id, name (the title in UpperCamelCase), shortDescription (title),
//     fullDescription (rationale), help (remediation and links, as text
//     and Markdown), helpUri (the first link),
//     defaultConfiguration.level from the check's severity (see
//     SARIFLevel), and properties tags ["security", area] and
//     "security-severity" (see SecuritySeverity), which GitHub code
//     scanning reads. GitHub reads it per rule only: the findings of a
//     check that grades them (AL-M2M-001: critical for takeover scopes,
//     medium for plain writes) show at the check's severity there, while
//     each result's level is its own.
//   - one result per finding, suppressed ones included: ruleId,
//     ruleIndex, level from the finding's own severity, the message, one
//     location with a logical location (name: the resource's name or id,
//     fullyQualifiedName "kind/id", kind "resource") and a physical one at
//     the virtual path auth0/<kind>/<id>/<path> (segments URI-escaped,
//     empty ones left out) with, for findings in code, the region
//     (startLine, startColumn, endLine and endColumn when set);
//     partialFingerprints {"authlens/v1": fingerprint}; properties
//     resource, path, evidence and severity. Every result has the
//     physical location because GitHub code scanning refuses a log in
//     which one result lacks an artifact URI.
//   - an attack path's result (a finding with steps) carries codeFlows:
//     one code flow (its message "Attack path of N steps, from ... to
//     ...") of one thread flow whose locations are the steps in order
//     (executionOrder 1, 2, ..., importance "essential"), each with the
//     step's detail as its message, a logical location for its record
//     and, for a step that names a record, the physical location
//     auth0/<kind>/<id>/<path> with the region for a step in code. A
//     step the graph derives (no kind: a scope, a metadata field) has
//     the logical location only.
//   - a suppressed finding carries suppressions [{kind "external",
//     status "accepted", justification: the reason}] (the expiry in the
//     suppression's properties); a finding whose suppression has expired
//     carries none, and its properties hold "expiredSuppression".
//   - run.invocations[0]: executionSuccessful true; a
//     toolExecutionNotification (level "warning", the reason as message,
//     associatedRule the check's rule, properties partial, missingScopes,
//     resources) per check that could not judge everything, and a
//     toolConfigurationNotification (level "note") per unused
//     suppression.
//   - automationDetails.id "authlens/posture/<tenant host>/": GitHub code
//     scanning keeps the alerts of each category apart, so that the logs
//     of several tenants uploaded to one repository do not close each
//     other's alerts.
//
// Message texts escape "[" and "]" and double "{" and "}", as SARIF
// requires of plain-text messages, so that a value from the tenant reads
// as text and not as an embedded link or a placeholder.
//
// # Markdown
//
// WriteMarkdown writes a report for people: the tenant; counts by
// severity and, per area (posture.Areas order), of checks and findings by
// severity; the checks that could not run, with the reason and the
// missing scopes; the findings by area, highest severity first, each with
// its check, severity, title, resource, path and position, message,
// evidence (code-formatted, long values cut at Options.EvidenceWidth),
// remediation, links and, when its suppression has expired, that
// suppression; then the attack paths that count, highest severity first,
// each with its severity, check, title and message, its steps as a
// numbered list (record, detail, field and position), the change that
// breaks it (the finding's remediation) and a Mermaid flowchart of its
// steps, left to right, foothold and privilege marked (drawn by
// posture/render; a Finding does not say which step the remediation
// changes, so the flowchart marks none); then the suppressed findings
// with their reason and expiry, and the suppressions that matched
// nothing. Values from the tenant or the suppressions file are escaped:
// a hostile application name cannot add a link, an image, HTML, a
// mention or a table cell, nor, in a Mermaid flowchart, close a label,
// start a statement or close the fence (labels are quoted, and every
// character but letters, digits, spaces and .,_-/()?!'+= is an entity
// code).
package report
