// Package inventory takes a snapshot of a whole Auth0 tenant. Call Collect
// with an auth0mgmt.Client: it reads every resource kind the token's scopes
// allow (every user too, past the API's 1000-record cap) and returns a
// Snapshot that says what it could not read, holds none of the secrets the
// API hands out in clear, and is the same bytes for an unchanged tenant.
// Save it, judge it with package posture, and Diff two of them.
//
//	client, _ := auth0mgmt.New(auth0mgmt.Config{Domain: domain, ClientID: id, ClientSecret: secret})
//	snap, err := inventory.Collect(ctx, client, inventory.Options{})
//	if errors.Is(err, inventory.ErrUnreadable) { ... } // credentials rejected, host unreachable
//	for _, k := range snap.KindNames() {
//		r := snap.Kind(k)
//		fmt.Println(k, r.Status, r.Count, r.Note())
//	}
//	_ = snap.SaveFile("scan.json")
//	for _, c := range inventory.Diff(previous, snap) { fmt.Println(c) }
//
// # Collection
//
// Collect reads the kinds concurrently (Options.Concurrency workers,
// default 8) through one auth0mgmt.Client, which paces every request under
// the tenant's one rate budget: the rate limit is the only bound. It reads
// tenant settings, attack protection (4 settings), Guardian factors and
// policies, the email provider and templates, custom domains, branding,
// prompts, network ACLs, signing keys (public parts), clients, client
// grants, resource servers, connections (with the clients each is enabled
// for), roles (with permissions and member user ids), organizations (with
// members and their roles in one listing, fields user_id,roles, not one
// request per member; without read:organization_member_roles the members
// without roles and a "member_roles" gap; enabled connections and
// invitations; an organization that carries its own enabled_connections
// keeps them, completed from the listing where the two agree, and where
// they disagree kept as they are with an "enabled_connections" gap of
// status partial naming it), users (the export job past 1000: the users
// are the first kind started, so the job runs while the other kinds are
// read, polled every second and less often only while it reports slow
// progress), Actions (code, runtime,
// dependencies, secret names, deployment state), the bindings of every
// trigger in execution order, Rules, rules config keys, Hooks, log streams
// and the logs.
//
// # Logs
//
// Given the previous snapshot of the tenant (Options.Previous, or a log_id
// in Options.LogCheckpoint), the logs continue from its checkpoint, the
// newest event it read: every newer event is read by checkpoint, so that
// consecutive scans together miss no event, however far apart they are.
// Without one, the scan reads Options.LogWindow (default 24h): the oldest
// event of the window from a date search sorted date:1, then every newer
// one by checkpoint. Options.MaxLogs (default 10,000) bounds what is kept,
// not what is read: past it the oldest events are let go, the newest kept,
// and the kind is partial with a gap saying how many older events were
// left out. The snapshot records where the next scan continues
// (Scan.LogCheckpoint, written as "log_checkpoint") and where this one
// started ("logs_from"); Snapshot.LogCheckpoint reads it, from snapshots
// older than these members too (their newest event). A scan whose window
// held no event records no checkpoint: the next one reads its window.
//
// It reads the newer surfaces too: Forms and Flows (listed, then read
// whole one by one when the listing gives summaries; HTTP header values
// and basic-auth passwords of flow actions redacted, and anywhere in their
// parameters a URL's password, query values and other values that are
// credentials by name or by format, templates like {{vars.token}} kept),
// the Flows vault's
// connections (names and services kept, account names and setup values
// redacted), self-service SSO profiles, SCIM configurations with their
// tokens' ids, scopes and dates (one tenant-wide listing, or each
// SCIM-capable connection on tenants without it), phone providers
// (credentials redacted) and templates, the credentials of the
// applications that authenticate with some (public keys, algorithms,
// expiry), the last StatsWindow days of daily stats and the active users,
// event streams (destination credentials redacted), encryption keys
// (metadata), token exchange and user attribute profiles. A tenant
// without one of these features (a 403 that names no scope, or a 404)
// has the kind unavailable.
//
// And the organization, connection and login-page surfaces: each
// organization's discovery domains and client grants (kinds of their own,
// keyed by organization, read one organization at a time after the
// organizations kind: a missing scope or a tenant without the feature
// makes the whole kind forbidden or unavailable, another failure is a gap
// naming the organization), the signing keys of Okta and OIDC connections
// (public certificates, nothing to redact), the render settings of prompt
// screens with their head tags, the default theme and the Universal Login
// page template (these two not_configured when the API answers 404).
//
// It reads the settings of the MFA factors' providers (guardian_providers:
// the phone factor's message types and provider, Twilio, the SMS
// templates, APNs, Amazon SNS and the push provider, Duo, WebAuthn with
// security keys and with device biometrics; one record per endpoint that
// answers some, credentials redacted: Twilio's auth_token, Duo's ikey and
// skey, the AWS keys, an APNs certificate), the names of each hook's
// secrets (hook_secrets: every value Redacted, never read into a
// snapshot; unavailable as hooks are, one request per hook) and the risk
// assessment settings (risk_assessments: settings and new-device; needs
// read:attack_protection).
//
// Per-user kinds, off by default (Options.UserAuthenticationMethods,
// UserSessions, UserRefreshTokens), read every user's enrolled
// authentication methods, sessions and refresh tokens: one request per
// user, after the users kind (on its ids). Progress reports them with the
// users done, their total and the time left at the pace so far. A 403 on
// the first users stops the kind (forbidden, the scope named) instead of
// asking for every user.
//
// Every kind records a Status: ok; partial (records read, some parts
// missing: KindResult.Gaps names each part and the records it is missing
// from; a record never claims a part it lacks: the member is absent, not
// empty); forbidden (KindResult.MissingScopes names the scope); not_configured
// (e.g. no email provider: known to be empty); unavailable (Rules and Hooks
// past their end of life: 403/404 there); error (KindResult.Error, without
// credentials or request ids). A kind is never ok with records missing.
// A scan with kinds forbidden succeeds and says so; Collect fails only when
// the tenant cannot be read at all (ErrUnreadable, see Collect) or stops
// answering: Options.NoAnswerBudget (default 3 minutes) bounds the time
// spent retrying a tenant that gives no answer, after which the scan
// stops (ErrNoAnswer) and Progress reports the kinds it did not finish as
// cancelled.
//
// The API does not say when read:connections_options or
// read:users_app_metadata is missing: it leaves connection options and
// app_metadata out. Records then lack those members.
//
// # Users
//
// By default a user is a UserShape: user_id, the connection and the
// identities' providers, email_verified, the email's domain (not the
// address), MFA enrolment (multifactor), blocked, last login and login
// count, created_at, and the member names and JSON types of user_metadata
// and app_metadata, not their values. Options.FullProfiles keeps the full
// profiles (identity provider tokens still redacted).
// Options.UserPermissions adds each user's direct permissions (granted to
// the user, not through a role) as "permissions": a request per user, off
// by default; Progress then gives the users' Total and the time Left.
//
// Role and organization members are user ids only; invitations keep the
// invitee's email domain unless FullProfiles. Log events keep user_id, IP address and user agent
// (the security signals), but unless FullProfiles the user's name is cut to
// its email domain (user_name_domain) and location_info to its country
// code; everything else is kept as the API returns it, redacted, within the
// window.
//
// # Redaction
//
// The Management API returns some secrets to read scopes in clear. Every
// record goes through one pass (Redact) that keeps each member but replaces
// the value of a secret with the string "[REDACTED]". Member names are
// compared normalised (lower case, letters and digits only). A string or
// number is a secret when
//   - it holds a PEM private key ("PRIVATE KEY"), whatever its name;
//   - its name is one of key, secret, password, pass, passwd, pwd, token,
//     apikey, skey, privatekey, private, credential(s), authorization,
//     bearer, cookie, connectionstring, masterkey, saskey, sessiontoken,
//     invitation_url, ticket(_id), provisioning_ticket_url;
//   - or its name (or its name without a plural "s") ends with secret,
//     password, passwd, pass, token, key, apikey, authorization,
//     accesskeyid, connectionstring or ticketurl: client_secret,
//     consumer_secret, signing_secret, gateway_authentication.secret,
//     X-Auth0-Client-Secret, twilio_token, access_token, refresh_token,
//     splunkToken, httpAuthorization, datadogApiKey, segmentWriteKey,
//     secretAccessKey, awsAccessKeyId, smtp_pass, decryptionKey.key, ...;
//   - or it sits inside a secret container and its name is not listed as
//     harmless there: "credentials" (email provider and application
//     credentials; keeps id, name, kid, alg, dates, public pem, smtp_host, smtp_port,
//     smtp_user, region, domain, scope(s)), "sink" (log streams; keeps
//     endpoints, regions, account and project ids, content types, the
//     Splunk domain and port, the Mixpanel user name, but not Sumo's source
//     address, which embeds a token), "customHeaders" and
//     "httpCustomHeaders" (values), and "configuration" (custom database
//     variables);
//
// except under the names kid, keyid, cert, certificate, pkcs7,
// thumbprint(s), fingerprint, publickey, pubkey, pub, passkey(_options):
// public key material and identifiers stay.
//
// Code is never redacted: custom database scripts (customScripts, the
// change_password script included), custom social connections' scripts,
// Actions' code (and deployed_version.code), Rules' and Hooks' script are
// kept whole, whatever their names and whatever literals they hold
// (secrets written into code are for the posture checks to report).
// Metadata keeps its values too: custom domains' domain_metadata, clients'
// client_metadata, organizations' metadata and users' user_metadata (a PEM
// private key there is still redacted); app_metadata, where Rules and
// Actions keep what they fetched for a user, follows the rule above.
//
// Applications' signing_keys are
// replaced whole. Booleans, nulls and empty strings are never replaced
// ("no secret set" is worth knowing), and objects and arrays under a
// sensitive name are walked, not replaced: Actions' secrets keep their
// names, decryptionKey keeps its cert, refresh_token settings stay. Rules
// configs are stored as their keys only and user shapes hold no values, so
// neither goes through the pass.
//
// # The snapshot format
//
// (*Snapshot).WriteJSON writes version 1:
//
//	{"version":1,"tenant":"https://example.eu.auth0.com",
//	 "scan":{"full_profiles":false,"log_window":"24h0m0s","max_logs":10000,
//	   "log_checkpoint":"900202506020929...","logs_from":"900202505260930..."},
//	 "kinds":{
//	 "clients":{"status":"ok","count":2,"records":{
//	 "<client_id>":{...},
//	 "<client_id>":{...}}},
//	 "connections":{"status":"partial","count":1,"missing_scopes":[...],
//	   "gaps":[{"part":"clients","ids":["con_..."],"status":"forbidden","missing_scopes":[...],"error":"..."}],
//	   "records":{...}},
//	 "email_provider":{"status":"not_configured","count":0,"records":{}},
//	 ...}}
//
// Kinds are sorted by name, records by id, one record per line; each record
// is compact JSON with its object members sorted, numbers as the API wrote
// them and strings escaped only where JSON requires it. Arrays keep the
// API's order, except the lists the collector builds (permissions, members,
// enabled clients and connections, invitations), which are sorted. There is
// no clock time in it unless Options.RecordCollectedAt adds "collected_at",
// so two scans of an unchanged tenant give the same bytes. Load refuses a
// newer version (ErrUnsupportedVersion) and data that is not a snapshot
// (ErrCorrupt), without panicking on any input, and reads a record in any
// JSON formatting (indented, members in another order, other escapes)
// into its canonical bytes.
//
// # Diffs
//
// Diff compares two snapshots by kind and record id: added, removed, and
// changed with the field path (jwt_configuration.alg) and the JSON before
// and after, plus changes of a kind's status (a kind that became
// forbidden). Arrays that are sets (role members and permissions, scopes,
// grant types, callbacks and origins, enabled clients and connections, ...;
// see SetMembers) change by members: Change.Added and Change.Removed list
// what came and went, and an order change is no change. Numbers are
// compared by value. Records equal in their canonical bytes are skipped
// without decoding. See Diff for what is compared when a side is
// incomplete.
//
// Load brings every record back to its canonical form, so a snapshot that
// a formatter rewrote (jq ., an editor) diffs as the one it was.
//
// # Concurrency
//
// Nothing is global: each Collect call has its own state, and a Snapshot is
// a plain value (safe for concurrent reads). Collecting several tenants at
// once takes one client each.
package inventory
