// Package auth0test is a fake Auth0 tenant for testing code that reads the
// Management API, in the spirit of net/http/httptest. NewServer starts it
// on 127.0.0.1 with a generated tenant; point your client at its URL with
// its credentials, make it fail with SetFaults, and compare what your
// code read with Tenant, the data it serves.
//
//	srv := auth0test.NewServer(auth0test.Options{Seed: 1}) // a tiny tenant
//	defer srv.Close()
//	id, secret := srv.ClientCredentials()
//	client, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: secret})
//	srv.SetFaults(auth0test.Faults{MissingScopes: []string{"read:clients"}}) // your code's error path
//
// It speaks JSON over HTTP only and imports nothing else of authlens, so
// any client (auth0mgmt, another SDK, plain net/http) can be tested
// against it. It serves the read side of the Management API v2, the
// client-credentials token endpoint (client secret or Private Key JWT)
// and users export downloads.
//
// # In a test
//
//   - Options.Seed with Options.Preset (or Options.Sizes) decide the
//     tenant, byte for byte, so expected values can be written in a test:
//     Tenant returns the data served. PresetTiny is the default;
//     PresetClean is a well-configured tenant, for the "nothing to
//     report" case (see Presets).
//   - Credentials: ClientCredentials for the client-credentials grant,
//     Token for a ready bearer token that never expires, Audience for the
//     token audience; Options.Scopes decides what tokens may read (nil:
//     AllReadScopes), Options.ClientPublicKey makes the application use
//     Private Key JWT.
//   - Failures: SetFaults, at any time, injects 5xx answers, failing
//     token requests, dropped connections, truncated bodies, latency,
//     missing scopes, unconfigured singletons and unavailable features
//     (see Faults); the zero Faults clears them.
//   - Limits: Options.RateLimit and Burst (or SetRateLimit) turn on the
//     tenant's rate limit with the real X-RateLimit-* headers and 429s;
//     Options.EndpointLimits gives endpoints buckets of their own.
//   - Time: Options.Now is the clock for rate limits, token expiry and
//     export jobs; pass a fake clock and advance it. Generated timestamps
//     derive from BaseTime, never from the clock.
//   - Change: SetField and SetSetting change a record between two reads;
//     AddLogs adds log events (see Changing the tenant).
//   - Counting: Stats says what the server saw (requests by route and
//     status, 429s, faults, tokens issued, downloads); ResetStats zeroes it.
//
// The sections after Faults describe the HTTP answers themselves, for
// tests of a client's handling of the wire.
//
// # The tenant
//
// Options.Seed with Options.Preset (or Options.Sizes) decide the tenant,
// byte for byte: timestamps derive from BaseTime, never from the clock.
// Objects copy the field sets of recorded real responses: clients (with
// tenant, global, callback_url_template; client_secret only for tokens
// with read:client_keys), client grants, resource servers (the Auth0
// Management API first, identifier https://DOMAIN/api/v2/), connections of
// many strategies (options only with read:connections_options), users
// (auth0|24hex, google-oauth2|digits, facebook|digits, samlp|conn|email,
// oauth2|conn|hex, waad|..., with
// identities, metadata of varied JSON types, multifactor, blocked,
// last_login; app_metadata only with read:users_app_metadata; every
// seventh user also holds a permission or two directly, which
// /users/{id}/permissions lists with source_type DIRECT beside those of
// its roles, see Tenant.UserDirectPermissions), roles and
// permissions, organizations with members, member roles, enabled
// connections and invitations, Actions with triggers and bindings, Rules,
// Hooks, log streams, logs (log_id: 56 fixed-width digits that sort in
// time order), tenant settings, attack protection, Guardian, email
// provider and templates, custom domains, branding, prompts, signing keys
// and network ACLs; and the newer surfaces: Forms (listed as summaries,
// whole by id) and Flows (summaries; by id with their actions and webhook
// trigger), the Flows vault's connections, self-service SSO profiles,
// SCIM on the first enterprise connections (with tokens, never their
// values), a twilio phone provider (with the credentials the create body
// has, so that scanners prove they never copy them) and five phone
// templates, the credentials of every application on Private Key JWT,
// 30 days of daily stats and the active users, event streams (a webhook
// and EventBridge), encryption keys, a token exchange profile, a user
// attribute profile, and for each user, made on request from the user
// alone, the authentication methods of its MFA enrolment, a session when
// it logged in within 90 days and a refresh token when it logged in more
// than three times. The demo's Flow sends a CRM API key in a header in
// clear and can be started by a webhook, its event stream posts over
// http, its first SCIM token never expires and may delete users, the
// Audit Exporter's credential expired a month ago and its token exchange
// profile names an Action that no longer exists. The Guardian factors'
// providers (message types, Twilio, SMS templates, APNs, SNS, Duo,
// WebAuthn settings; credentials random, read:guardian_factors), the first
// hook's secrets (names, values "_VALUE_NOT_SHOWN_" as Auth0 answers;
// read:hooks) and the risk assessment settings (read:attack_protection)
// are served too: the demo's phone factor also calls with the code and
// its security keys (enabled, trial expired) ask for no user
// verification.
//
// The organization, connection and login-page surfaces: the first
// organization's discovery domains (one verified, one pending) and one
// client grant, two signing keys (current and next, self-signed Ed25519
// certificates so that the tenant stays the same byte for byte) on each
// OIDC and Okta connection, two prompt render settings (login-id
// advanced, with head tags), a default theme and a page template. The
// demo's pending domain is used for discovery (ordinary data: discovery
// only uses verified domains), its first OIDC
// connection's current certificate expires 10 days after BaseTime, its
// login-id screen loads a CDN script and a loopback http:// stylesheet
// without Subresource Integrity and its page template an analytics
// script without it; the clean tenant pins every asset and uses only the
// verified domain.
//
// # Presets
//
// PresetTiny (the default), PresetSmall, PresetMedium and PresetLarge
// differ in size (see PresetSizes) and hold what scanners look for, the
// scenario objects first in each list (a smaller preset keeps the first
// ones of each kind): wildcard, http and localhost callbacks, HS256
// clients and APIs, password, implicit, password-realm and legacy ro
// grants, device_code on a web application, public clients and a web
// application without client authentication, non-rotating refresh tokens,
// ID tokens of a week, a trusted IP header, cross-origin authentication,
// M2M clients with write scopes on the Management API behind shared
// secrets, client grants for a deleted API and of a deleted application,
// roles with permissions on the Management API, on a deleted API and on a
// scope the API does not define, a role nobody holds, a write permission
// on the big "Member" role, a database connection with passwordPolicy
// "none" and no brute-force protection plus custom scripts (SQL built by
// concatenation, md5, a hard-coded token), social and enterprise
// connections with client secrets in clear, Facebook on Auth0's developer
// keys, a SAML connection with a decryptionKey, SHA-1, debug on and a
// claim mapped to email_verified, Azure AD trusting email_verified, OIDC
// with mapping_mode bind_all, a custom OAuth2 connection whose
// fetchUserProfile vouches for every email, an organization that admits
// anyone with a Google account, log streams with sink tokens (one over
// http), APIs with signing secrets, Actions that add scopes from
// user_metadata, skip MFA on a query parameter (on a deprecated trigger
// version), copy user_metadata into app_metadata, eval app_metadata, log
// whole events, hard-code an API key and turn TLS verification off
// (with a vulnerable axios and an unpinned lodash), tell who has an
// account at sign-up, an undeployed draft that does not parse, one on
// node18; Rules setting context.multifactor, legacy tenant flags on, a
// default audience, an error page printing error_description, sessions of
// 90 days, brute-force protection without shields and with an allowlist,
// breached password detection that only notifies, suspicious IP
// throttling off, bot detection never challenging, only SMS and email MFA
// factors and an MFA policy of [] (never), a disabled email provider, an
// http resultUrl in an email template, and a custom domain still pending
// verification on the compatible TLS policy.
//
// PresetClean has the sizes of tiny without Rules or Hooks, and the same
// generator makes every object well configured (also with Options.Sizes
// set): https-only URLs, RS256, only the grant types each application
// type needs, rotating and expiring refresh tokens, machine-to-machine
// applications on Private Key JWT with read-only Management API grants
// (read:clients, read:roles, read:stats), back-channel logout on web
// applications, APIs with RBAC, short tokens and no offline access,
// database connections with strong password policies, brute-force
// protection, MFA, passkeys, no sign-up and no scripts, enterprise
// connections that do not vouch for emails, social connections on their
// own keys, each connection enabled for some applications only,
// organizations that add members on login only from enterprise connections,
// roles held by someone with permissions on existing scopes only, Actions
// on node22 and current trigger versions with secrets from event.secrets
// and pinned dependencies, requiring MFA at login and on password reset,
// every attack protection on and blocking, OTP, security keys and push
// for MFA for all applications, no legacy flags, a ready custom domain on
// which users log in, an enabled email provider, active log streams over
// https, and a recent token exchange by every machine-to-machine
// application. It is meant to give a posture scan nothing of high or
// critical severity to report.
//
// # Changing the tenant
//
// Server.SetField changes one member of one object ("scope" of a client
// grant, "options.disable_signup" of a connection, "deployed_version.code"
// of an Action) and Server.SetSetting one of a singleton
// ("brute-force-protection" "enabled"), as every later request sees it: a
// tenant that changes between two scans, for tests of change monitoring.
// Ids and the members the data is indexed by cannot be changed.
//
// # Faults
//
// Server.SetFaults injects, at any time: 500/503 answers at a rate, the
// next N requests as 503, the next N token requests failing (dropped or
// 503), dropped connections, truncated bodies (full
// Content-Length, half the body, connection closed; downloads: the chunked
// stream broken off after about half the file),
// latency, scopes the tokens behave as lacking, unconfigured singletons and
// unavailable features (see Faults). Probabilistic faults are drawn from a
// generator seeded with Options.Seed.
//
// # The wire: authentication
//
// POST /oauth/token takes a form or JSON body (client_id and client_secret
// in the body or as HTTP Basic), grant_type=client_credentials, and an
// audience of URL()+"/api/v2/", "https://HOST:PORT/api/v2/" or the
// canonical "https://DOMAIN/api/v2/". It answers
// {"access_token","scope","expires_in":86400,"token_type":"Bearer"}; the
// token (JWT-shaped, opaque to the server) expires 24 h later on
// Options.Now (Options.TokenLifetime sets another lifetime). Errors: wrong credentials 401
// {"error":"access_denied","error_description":"Unauthorized"}; unknown
// audience 403 "Service not enabled within domain: AUD"; no audience 403;
// grant_type missing 400 invalid_request, other 403 unauthorized_client; a
// scope parameter asking for scopes not granted 403 "Client has not been
// granted scopes: ...". The token endpoint is not rate limited.
//
// With Options.ClientPublicKey the client authenticates with Private Key
// JWT only (its secret answers 401 invalid_client): client_assertion_type
// urn:ietf:params:oauth:client-assertion-type:jwt-bearer and
// client_assertion, a JWT signed with the matching private key in
// Options.ClientKeyAlg (RS256 by default), whose iss and sub are the
// client id, aud one string naming the tenant (URL()+"/",
// "https://HOST:PORT/" or "https://DOMAIN/"; an array or the token
// endpoint's URL are refused, as Auth0 has announced), exp within 5
// minutes (iat and nbf at most 10 s ahead), and a jti of at most 64
// characters never seen before its assertion expired. An assertion that
// fails any of these, names another kid than Options.ClientKeyID, or
// comes without a registered key answers 401 {"error":"invalid_client",
// "error_description":...}; a request that is no assertion (another
// client_assertion_type, no JWT, a secret as well) 400 invalid_request.
//
// Every /api/v2 request needs "Authorization: Bearer TOKEN": without it 401
// {"statusCode":401,"error":"Unauthorized","message":"Missing
// authentication"}, with an unknown one "Invalid token", with an expired
// one "Expired token received for JSON Web Token validation". Each route
// needs one read scope, else 403 {"statusCode":403,"error":"Forbidden",
// "message":"Insufficient scope, expected any of: read:clients",
// "errorCode":"insufficient_scope"}. Write routes do not exist (404).
//
// # The wire: rate limits
//
// The tenant's token bucket covers every /api/v2 route (not the token
// endpoint, not downloads): size Options.Burst, continuous refill at
// Options.RateLimit per second, clock Options.Now. Options.EndpointLimits
// give endpoints a bucket of their own, as Auth0 does for GET
// /organizations and its neighbours: their requests draw on it instead,
// and their headers describe it. Every /api/v2 answer
// but a dropped connection carries X-RateLimit-Limit (the bucket size),
// X-RateLimit-Remaining (whole tokens left after this request) and
// X-RateLimit-Reset (epoch seconds, rounded up, when the bucket is full
// again; equal to "now" when it is full). An empty bucket answers 429 with
// the text/plain body "Too many requests. Check the X-RateLimit-Limit,
// X-RateLimit-Remaining and X-RateLimit-Reset headers." (or, with
// Options.RateLimitJSON, {"statusCode":429,"error":"Too Many Requests",
// "message":"Global limit has been reached","errorCode":"too_many_requests"});
// no Retry-After; a 429 takes no token. The rate limit is checked before
// faults and authentication, so 401s and injected 5xx spend tokens too.
// RateLimit 0 is unlimited: Limit is Burst (1000 when unset), Remaining
// Limit-1, Reset now. Every answer also has an X-Auth0-RequestId.
//
// # The wire: paging
//
// per_page and take above 100 answer 400 {"errorCode":"invalid_query_string",
// "message":"Query validation error: 'Number is greater than the maximum
// value of 100' on property per_page (...)."}; the default page size is 50.
//
// Offset endpoints (page from 0, per_page; a bare array, or with
// include_totals=true an object whose keys, in this order, are):
//
//	/users, /logs (search)                   start, limit, length, total, KEY
//	/clients, /resource-servers, /rules,
//	/hooks                                   total, start, limit, KEY
//	/roles, /roles/{id}/permissions,
//	/users/{id}/roles|permissions|organizations,
//	/organizations/{id}/members/{uid}/roles,
//	/network-acls                            start, limit, total, KEY
//	/organizations/{id}/enabled_connections  start, limit, total, KEY (limit = items in the page)
//	/organizations/{id}/invitations          start, limit, KEY (no total; limit = items in the page)
//
// KEY is the endpoint's name with underscores (users, logs, clients,
// resource_servers, rules, hooks, roles, permissions, organizations,
// network_acls, enabled_connections, invitations). start is page*per_page
// and limit per_page (except where noted).
//
// Checkpoint endpoints (take, from = the opaque "next" cursor, base64url of
// "<created>,<id>"): {KEY: [...], "next": CURSOR}, no "next" on the last
// page (so a full last page is not followed by an empty request):
// /client-grants (client_grants), /connections (connections; filters
// strategy, repeatable, and name), /organizations (organizations),
// /organizations/{id}/members (members), /roles/{id}/users (users),
// /connections/{id}/clients (clients: [{client_id}]; checkpoint only, even
// without take), /custom-domains with take (custom_domains). Without take
// and from these (but /connections/{id}/clients) answer offset style:
// /client-grants and /connections {total, start, limit, KEY},
// /organizations, members and role users {start, limit, total, KEY}. An
// unknown cursor answers 400 invalid_query_string.
//
// Organization members are {user_id, email, picture, name}; with
// fields=user_id,roles&include_fields=true they are {user_id, roles:
// [{id, name}]} (the member's roles in that organization). Role users are
// {user_id, email, picture, name}.
//
// Actions: /actions/actions {total, [page], per_page, actions} (page only
// when the request has it; filters triggerId, actionName, deployed);
// /actions/triggers/{id}/bindings {total, [page], per_page, bindings};
// /actions/triggers {triggers}.
//
// Plain arrays: /log-streams, /guardian/factors, /guardian/policies,
// /custom-domains, /rules-configs ([{key}]), /keys/signing.
//
// The newer surfaces: offset with include_totals {start, limit, total,
// KEY}: /forms (forms), /flows (flows), /flows/vault/connections
// (connections), /self-service-profiles (self_service_profiles),
// /keys/encryption (keys), /users/{id}/authentication-methods
// (authenticators); checkpoint only: /connections-scim-configurations
// (scim_configurations), /event-streams (eventStreams),
// /token-exchange-profiles, /user-attribute-profiles, /users/{id}/sessions
// (sessions), /users/{id}/refresh-tokens (tokens); unpaged:
// /branding/phone/providers {providers}, /branding/phone/templates
// {templates}, /clients/{id}/credentials, /connections/{id}/scim-
// configuration/tokens and /stats/daily (from, to: YYYYMMDD) as arrays,
// /stats/active-users a number, /connections/{id}/scim-configuration an
// object (404 when the connection has none). Faults.Unconfigured takes
// "forms", "flows", "flows_vault_connections", "self_service_profiles",
// "scim", "phone_providers", "phone_templates", "client_credentials",
// "event_streams", "token_exchange_profiles", "user_attribute_profiles",
// "organization_discovery_domains", "prompt_renderings" (none),
// "branding_themes" and "universal_login_template" (404). Checkpoint only:
// /organizations/{id}/discovery-domains (domains); offset with totals
// {start, limit, total, ...}: /organizations/{id}/client-grants
// (client_grants), /prompts/rendering (configs); unpaged:
// /connections/{id}/keys an array (404 for strategies other than oidc and
// okta), /branding/themes/default and
// /branding/templates/universal-login objects (404 when not set).
//
// Guardian providers, hook secrets, risk assessments: objects at
// /guardian/factors/{phone/message-types, phone/selected-provider,
// sms/providers/twilio, sms/templates, push-notification/providers/apns,
// push-notification/providers/sns, push-notification/selected-provider,
// duo/settings, webauthn-platform/settings, webauthn-roaming/settings}
// ({} for each with Faults.Unconfigured "guardian_providers"),
// /hooks/{id}/secrets (name → value, {} for a hook without), and
// /risk-assessments/settings and /settings/new-device (Faults.Unavailable
// "risk-assessments": 403 feature_not_enabled).
//
// # The wire: the 1000-record cap
//
// /users and /logs in search mode answer 400 {"statusCode":400,"error":
// "Bad Request","message":"You can only page through the first 1000
// records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation",
// "errorCode":"invalid_paging"} when (page+1)*per_page > 1000, whatever the
// total. The same holds for offset paging of /organizations,
// /organizations/{id}/members and /roles/{id}/users (the documentation
// says checkpoint paging must be used past 1000 there). Totals are true
// match counts and may exceed 1000. In the medium and large presets the
// role "Member" has more than 1,000 users.
//
// # The wire: users search
//
// /users takes q (search_engine v3 or absent; v1 is refused), sort
// (created_at, updated_at, last_login, logins_count, email, name,
// nickname, user_id with :1 or :-1; without sort users come in creation
// order), connection (an identity's connection name), fields and
// include_fields. q is a Lucene subset: field:value (case-insensitive,
// * and ? wildcards, field:* for "has the field"), field:"quoted value",
// ranges [A TO B], {A TO B} and mixed, with * for an open end (dates are
// compared as instants and may be 2024, 2024-03, 2024-03-01 or full
// RFC 3339), AND (or juxtaposition), OR, NOT / -, and parentheses. Fields:
// user_id, email, name, nickname, given_name, family_name, username,
// email_verified, blocked, created_at, updated_at, last_login,
// logins_count, last_ip, multifactor, identities.connection,
// identities.provider, identities.user_id, user_metadata.KEY and
// app_metadata.KEY (dotted). A bad q answers 400 invalid_query_string.
// Users are created at strictly increasing instants, so created_at windows
// split the tenant exactly.
//
// # The wire: logs
//
// With from=LOG_ID (take, default 50): the events whose log_id is greater,
// ascending, as a bare array, with a Link: <URL/api/v2/logs?from=LAST&take=N>;
// rel="next" header (LAST is the last id returned; on an empty page it is
// from again). from=0 starts at the oldest event. Without from: search
// mode with page, per_page (or take), include_totals, sort=date:-1
// (default) or date:1, q (date:[A TO B], type:s, user_id:..., any field),
// fields, and the 1000 cap. /logs/{id} by log_id.
//
// # The wire: users export
//
// POST /api/v2/jobs/users-exports {connection_id?, format: "json"|"csv",
// limit?, fields?: [{name, export_as?}]} (read:users) answers 201
// {type: "users_export", status: "pending", connection_id?, format,
// limit?, fields?, connection?, created_at, id: "job_..."}. GET
// /api/v2/jobs/{id} answers "pending", then "processing" with
// percentage_done and time_left_seconds, Options.ExportPolls answers in
// all (or, with Options.ExportDuration, for that long on Options.Now:
// pending for its first tenth, then processing with the percentage and
// the time left as the time goes), then "completed" with location:
// URL/exports/JOB/authlens-demo.json.gz?X-Amz-...&X-Amz-Expires=60&X-Amz-Signature=...
// (a new signature each time, valid 60 s on Options.Now; expired or wrong
// answers 403 with an S3 XML error). The download needs no Authorization,
// is not rate limited, and streams (chunked) gzip of NDJSON
// (one user per line; each requested field under its export_as or its
// name, values as the API gives them, so "identities" is the whole array
// and "identities[0].connection" a string; absent values are left out;
// without fields the whole user) or of CSV (a header row). Unknown jobs
// answer 404 inexistent_job.
//
// # The wire: not found
//
// Unknown ids answer the real bodies: inexistent_user, inexistent_client,
// inexistent_connection, inexistent_client_grant, inexistent_resource_server
// (resource servers are also found by identifier), inexistent_rule,
// HookDoesNotExist, "The role does not exist.", "No organization found by
// that id or name", "That action does not exist.", "The log stream does
// not exist.", inexistent_invitation, inexistent_custom_domain,
// inexistent_email_template (also for templates the tenant did not
// customise; only verify_email, reset_email, welcome_email,
// blocked_account and user_invitation are), inexistent_log, inexistent_job.
// Unknown paths answer 404 {"statusCode":404,"error":"Not Found","message":"Not Found"}.
package auth0test
