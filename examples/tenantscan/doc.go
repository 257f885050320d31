// Command tenantscan takes a read-only inventory of an Auth0 tenant and
// prints a summary of every resource kind: its status (ok, partial,
// forbidden with the missing scope, not_configured, unavailable, error),
// its count and a note.
//
// Without credentials it starts the built-in demo tenant (an
// auth0test server, preset small, seed 42, limited to 50 requests/s with a
// burst of 50 to show the pacing) and scans that, saying so on stderr:
//
//	go run ./examples/tenantscan
//
// With AUTH0_DOMAIN (a bare host such as example.eu.auth0.com, or a full
// URL such as http://127.0.0.1:8080) and AUTH0_CLIENT_ID with
// AUTH0_CLIENT_SECRET, or AUTH0_TOKEN, it scans that tenant. The
// application needs the read scopes listed in auth0mgmt's documentation;
// do not grant read:client_keys.
//
//	tenantscan -snapshot scan.json            # write the snapshot
//	tenantscan -snapshot scan2.json -diff scan.json   # and print what changed
//
// Progress goes to stderr, the summary and the changes to stdout. Exit
// status: 0 after a scan, also a partial one; 2 on bad configuration, with
// a message naming the variable or flag (AUTH0_CLIENT_ID without
// AUTH0_CLIENT_SECRET, a domain with a path, an unreadable -diff file); 1
// when the tenant cannot be read at all (credentials rejected, host
// unreachable); 130 when interrupted (Ctrl-C stops the scan cleanly).
package main
