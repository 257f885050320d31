// Command tenantscan takes a read-only inventory of an Auth0 tenant,
// prints a summary of every resource kind (its status: ok, partial,
// forbidden with the missing scope, not_configured, unavailable, error; its
// count and a note), then judges the snapshot with the posture checks and
// prints the findings by severity, the worst ones named, and the checks
// that could not run with the scope they lacked.
//
// Without credentials it starts the built-in demo tenant (an
// auth0test server, preset small, seed 42, limited to 50 requests/s with a
// burst of 50 to show the pacing) and scans that, saying so on stderr:
//
//	go run ./examples/tenantscan
//
// With AUTH0_DOMAIN (a bare host such as example.eu.auth0.com, or a full
// URL such as http://127.0.0.1:8080) and AUTH0_CLIENT_ID with
// AUTH0_CLIENT_SECRET, or AUTH0_TOKEN, it scans that tenant. With
// AUTH0_CLIENT_ASSERTION_KEY_FILE (a PEM RSA private key) instead of the
// secret, the application authenticates with Private Key JWT;
// AUTH0_CLIENT_ASSERTION_KEY_ID names its credential's kid and
// AUTH0_CLIENT_ASSERTION_ALG its algorithm (RS256, the default, or
// PS256). The application needs the read scopes listed in auth0mgmt's
// documentation; do not grant read:client_keys.
//
//	tenantscan -snapshot scan.json            # write the snapshot
//	tenantscan -snapshot scan2.json -diff scan.json   # and print what changed
//	tenantscan -user-sessions -user-auth-methods -user-refresh-tokens   # one request per user each
//	tenantscan -diff scan.json -diff-json changes.json  # and write the changes as JSON
//
// -user-permissions reads each user's direct permissions (granted to the
// user, not through a role) into the snapshot: a request per user, so off
// by default; progress then shows the users read, their total and an
// estimate of the time left. -access lists them as "direct permission";
// from a snapshot without them it adds a note that they were not read.
//
// With -diff, the logs continue from that snapshot's checkpoint (the
// newest event it read): a weekly scan given last week's snapshot reads
// the week's events, none missed, where a scan without reads the last
// -log-window (24h). -watch does the same from scan to scan. -max-logs
// bounds the events kept, the newest; the logs kind says how many older
// ones were left out.
//
// Changes print whole, wrapped at 100 columns, never cut; a set (role
// members, scopes, callbacks, ...) as the members added (+) and removed
// (-). -diff-json writes {"tenant", "since", "changes": [...]} with each
// change's kind, id, op, path, before, after, added and removed.
//
// Judging:
//
//	tenantscan -report posture.md -sarif posture.sarif -findings posture.json
//	tenantscan -from scan.json                   # judge a saved snapshot, no network
//	tenantscan -suppress accepted.yaml           # accept findings (posture.Suppression)
//	tenantscan -fail-on high                     # exit 3 on an unsuppressed high or critical finding
//	tenantscan -checks AL-APP-001,AL-M2M-002 -areas connections -min-severity medium
//	tenantscan -demo-preset clean                # a well-configured demo tenant
//
// The identity graph (posture/graph, posture/render): entities and
// relationships in JupiterOne's shape, effective access, and the attack
// paths, which are findings of the AL-PATH checks (the Markdown report
// draws each as a Mermaid diagram, SARIF gives its steps as code flows):
//
//	tenantscan -graph tenant.dot -graph-json tenant.json   # or tenant.mmd for Mermaid
//	tenantscan -access 'auth0|64b...'                      # what a user or client can reach, and through what
//	tenantscan -access CLIENT_ID -access-graph access.mmd
//
// Watching (posture/watch, posture/alerts):
//
//	tenantscan -watch 1h -state /var/lib/tenantscan -keep 24 -alerts-min-severity medium
//	AUTHLENS_WEBHOOK_SECRET=... tenantscan -watch 1h -state DIR -webhook https://siem.example/authlens
//	tenantscan -watch 1h -state DIR -slack-webhook https://hooks.slack.com/services/...
//
// scans every INTERVAL (plus up to a tenth of it at random) until
// interrupted. The first scan of an empty -state directory is the
// baseline; each later one is judged and compared with the last, and the
// changes that matter (a widened Management API grant, attack protection
// turned down, new deployed code, a new finding, ...; see posture/alerts)
// go as JSON lines to stdout, to -webhook (one signed POST per alert:
// X-Authlens-Signature, X-Authlens-Timestamp, Idempotency-Key; the secret
// from AUTHLENS_WEBHOOK_SECRET, required with -webhook) and to
// -slack-webhook. stderr gets one line per scan (time, requests, alerts by
// severity, deliveries) and each alert for people. A failed scan is
// reported and retried at the next tick; an alert a webhook did not take
// is kept in -state and sent again; the last -keep snapshots are kept
// (written atomically). One watch per -state directory: a watch locks
// it while it runs (posture/watch's lock file, released by the system
// however the watch ends), and a second one on it exits 2 at once, naming
// the holder's PID, host and start. Ctrl-C or SIGTERM ends the watch
// between steps (exit 130). -watch cannot be combined with -from, -diff, -snapshot,
// -findings, -sarif, -report or -fail-on.
//
// Progress goes to stderr: each kind when it is done, with its status (a
// kind the scan did not get to is "cancelled", never "ok 0"), a line when
// a wait for the rate limit lasts more than 2 s, and a last line with the
// time the scan took, its requests and the 429 answers. The summaries and
// the changes go to stdout.
//
// A tenant that stops answering is retried for -retry-budget (default
// 3m); then the scan stops, says so, and writes no snapshot.
//
// Exit status: 0 after a scan and its judgement, also of a scan partial
// because of missing scopes (forbidden kinds, forbidden parts) or of
// features the tenant lacks; 2 on bad configuration, with a message
// naming the variable or flag (AUTH0_CLIENT_ID without
// AUTH0_CLIENT_SECRET, a domain with a path, an unreadable -diff file, a
// corrupt or newer -from snapshot, a suppression without a reason, an
// unknown check id, -webhook without AUTHLENS_WEBHOOK_SECRET, -diff-json
// without -diff); 1 when the tenant cannot be read at all (credentials
// rejected, host unreachable from the start) or a report cannot be
// written; 3 when an unsuppressed finding at or above -fail-on exists; 4
// when a kind ended in error, or partial because a part of it failed (the
// kinds are named on stderr), or the tenant stopped answering mid-scan (4
// wins over 3: the judgement of an incomplete scan is incomplete); 130
// when interrupted (Ctrl-C stops the scan cleanly).
package main
