// Package alerts says which changes between two scans of an Auth0 tenant
// matter for security, and tells someone. Give Alerts the previous and the
// current snapshot (with their posture results, for new findings) and
// deliver what it returns through a Sink: JSON lines, a signed webhook
// (whose receiver checks it with VerifySignature) or Slack. Each alert has
// a stable rule id, a severity, the resource, the change (field, before,
// after) and why it matters.
//
//	found := alerts.Alerts(previous, current, previousResult, currentResult,
//		alerts.Options{MinSeverity: posture.SeverityMedium})
//	for _, a := range found {
//		fmt.Println(a) // "critical ALR-GRANT-001 client_grants/cgr_1 (Reporting → Auth0 Management API): ..."
//	}
//	err := webhook.Send(ctx, found) // a *DeliveryError lists what was not delivered
//
// Package posture/watch runs scan, judge, compare and deliver on a
// schedule.
//
// # The rules
//
// Each rule looks at the fields it names, so changes nobody acts on
// (timestamps, counters, last logins, log events, stats) raise nothing,
// nor do changes that tighten security (a resolved finding aside). The
// severity is the rule's grade of the change; new findings attached to an
// alert raise it to theirs.
//
//	ALR-GRANT-001 critical  a Management API client grant added or widened, graded by the scopes
//	                        added: take-over critical, delete or bulk read high, other writes
//	                        medium, other reads low (the tiers of posture's AL-M2M-001)
//	ALR-GRANT-002 critical  a new machine-to-machine application with a Management API grant
//	ALR-CODE-001  medium+   a deployed Action added, deployed, or its deployed code changed
//	ALR-CODE-002  medium+   an enabled Rule added, a Rule enabled, or an enabled Rule's script changed
//	ALR-CODE-003  medium+   the same for Hooks
//	ALR-CODE-004  medium+   an Action bound to a trigger
//	ALR-ATK-001   high      brute-force protection disabled or no longer blocking (high), its
//	                        allowlist grown (medium), user notification off or threshold raised (low)
//	ALR-ATK-002   high      suspicious IP throttling: the same (thresholds per stage)
//	ALR-ATK-003   high      breached password detection disabled or no longer blocking (high), its
//	                        blocking at sign-up or password change removed (medium)
//	ALR-ATK-004   medium    bot detection's level or challenge policies lowered, monitoring mode
//	                        on, its allowlist grown
//	ALR-MFA-001   high      the MFA policy lost all-applications (medium when the adaptive one is left)
//	ALR-MFA-002   high      an MFA factor disabled, removed or its trial expired (medium; high when
//	                        no usable factor is left: recovery codes and expired trials do not count)
//	ALR-CONN-001  medium    a connection became enabled for every application
//	ALR-CONN-002  medium    sign-up opened (options.disable_signup true → false or absent)
//	ALR-CONN-003  high      password policy weakened: strength (high to none or low, else
//	                        medium), minimum length (medium below 8), history, dictionary or
//	                        personal-data rules off (low)
//	ALR-CONN-004  high      brute-force protection turned off for a connection
//	ALR-ROLE-001  critical  a role gained write or delete permissions (Management API ones graded
//	                        as grants; elsewhere delete or admin medium, writes low)
//	ALR-ROLE-002  high      users assigned to a role that holds them (Management API take-over
//	                        high, other Management API writes medium, delete or admin low, other
//	                        writes info)
//	ALR-APP-001   high      a callback, origin or logout URL added with a wildcard or over plain
//	                        http (callbacks high, others medium), or to localhost (callbacks
//	                        medium, others low)
//	ALR-APP-002   high      an application's ID tokens moved to HS256
//	ALR-APP-003   high      an application allowed the password or a legacy grant (implicit: medium)
//	ALR-API-001   high      an API's access tokens moved to HS256
//	ALR-LOG-001   high      an active log stream paused, suspended or removed (medium; high when
//	                        no active stream is left)
//	ALR-TEN-001   medium    session_lifetime raised beyond 720 hours or idle_session_lifetime
//	                        beyond 72 (medium), session cookie made persistent (low)
//	ALR-TEN-002   high      a tenant flag that lowers security turned on (dynamic client
//	                        registration, legacy ro or delegation grants high; legacy endpoints
//	                        and profile, clickjacking headers off medium; ...) or a protective
//	                        one turned off (client authentication on /passwordless/start medium)
//	ALR-TEN-003   medium    a tenant logout URL added with a wildcard or over plain http (medium),
//	                        or to localhost (low)
//	ALR-TEN-004   medium    the default audience or default directory set or changed
//	ALR-DOM-001   medium    a custom domain added or no longer ready (medium), or removed (low)
//	ALR-DOM-002   high      a custom domain's client IP header set or changed (high), its TLS
//	                        policy lowered to compatible (medium)
//	ALR-ORG-001   medium    a connection enabled for an organization, or its membership on login
//	                        or sign-up turned on
//	ALR-ORG-002   high      organization members given a role in it that writes or deletes
//	                        (graded as ALR-ROLE-002)
//	ALR-EMAIL-001 medium    the email provider configured, or its provider, SMTP host, sending
//	                        domain or from address changed (medium); disabled or removed (low)
//	ALR-FIND-001  critical  a new posture finding at or above Options.MinSeverity, graded as the finding
//	ALR-FIND-002  info      a posture finding resolved
//	ALR-SCAN-001  medium    a kind the scanner read before became forbidden or failed
//
// Rules returns them with their conditions and rationale.
//
// # What a partial scan raises
//
// A kind that was not read in the new scan (or in the old one) raises no
// alert about its records, only ALR-SCAN-001 when the scanner lost sight
// of it; a record is reported removed only when the new scan read its
// whole kind (ok, not_configured or unavailable: not partial, forbidden or
// error); records a gap names (a role whose members could not be read) are
// not compared. A finding counts as new only where its check judged the
// resource in the old result, and as resolved only where it judged it in
// the new one, so a kind going dark resolves nothing.
//
// # Findings
//
// Given both posture results, new findings (by fingerprint) on a record
// whose change raised an alert (on the record itself, or on a step of an
// attack path through it, as AL-PATH-* findings have) are attached to
// that alert: a deployed Action arrives with the code and attack-path
// findings it brings. The others raise ALR-FIND-001; findings that went
// away raise ALR-FIND-002. A finding that moved (the same check on the
// same resource, at another line of a script) is neither.
//
// # Alerts as JSON
//
// An Alert marshals as
//
//	{"rule":"ALR-GRANT-001","severity":"critical",
//	 "title":"Management API grant added or widened",
//	 "message":"\"Reporting Service\" gained 1 scope on the Management API: 1 that can take the tenant over (update:users).",
//	 "tenant":"https://example.eu.auth0.com",
//	 "resource":{"kind":"client_grants","id":"cgr_IWMKx9WvsV4CjQQx","name":"Reporting Service → Auth0 Management API"},
//	 "changes":[{"path":"scope","before":["read:users","read:logs"],"after":["read:users","read:logs","update:users"],"added":["update:users"]}],
//	 "why":"A Management API grant is a standing key to the tenant: ...",
//	 "findings":[{"check":"AL-M2M-001","fingerprint":"...","severity":"critical","state":"new",...}],
//	 "key":"9f0c2d6e4b1a7c3e5d8f0a2b4c6d8e0f",
//	 "detected_at":"2025-06-02T09:30:00Z"}
//
// Values are those of the snapshots, redacted where they are; code is
// never copied (its digest is: {"sha256","bytes","lines"}), and long lists
// are given by what they gained and lost. Key is a hash of the tenant, the
// rule, the resource and the change: the same change seen twice has the
// same key, whatever the time or the delivery.
//
// # Delivery
//
// A Sink delivers alerts in order and returns a *DeliveryError naming the
// ones it could not deliver; a caller (posture/watch does) keeps those and
// sends them again later: nothing is dropped silently.
//
// JSONLines writes one alert per line to a writer.
//
// Webhook POSTs one alert per request, its JSON as the body
// (Content-Type: application/json), with the headers
//
//	X-Authlens-Timestamp: 1748856600
//	X-Authlens-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
//	Idempotency-Key: <the alert's Key>
//
// Requests go through internal/httpx, authlens's one HTTP policy, on
// go-retryablehttp: a 5xx answer or a failed connection is retried with
// exponential backoff and jitter (HTTPOptions.MaxRetries, default 3), a
// 429 or a 503 with Retry-After is waited out as the server asks, at most
// 3 times, and everything for one alert is bounded by HTTPOptions.Timeout
// (default 30 s): a Retry-After beyond it ends the attempt at once. An
// alert the receiver refuses (a 4xx other than 408 and 429) fails alone;
// any other failure stops the batch, the rest failing with it, so that a
// receiver that is down is not hammered. The receiver may see an alert
// more than once (a retry after a lost answer, a redelivery the next
// tick): the Idempotency-Key tells it so, and it should answer 2xx to a
// key it has already processed.
//
// Slack posts one Slack incoming-webhook message per alert: "text" (the
// notification line) and "blocks" (severity and title, the message, the
// resource and tenant, up to five changes and findings, why, the rule and
// the key), with the same retry policy.
//
// # Verifying a webhook
//
// A receiver, holding the shared secret:
//
//  1. reads the raw body, before decoding any JSON;
//  2. checks that X-Authlens-Timestamp is within five minutes of its clock
//     (replayed requests are refused);
//  3. computes HMAC-SHA256 with the secret over the timestamp, a dot and
//     the body, hex-encodes it and compares it, in constant time, with the
//     value after "sha256=" in X-Authlens-Signature (during a secret
//     rotation several comma-separated signatures may be listed: one must
//     match);
//  4. processes each Idempotency-Key once.
//
// VerifySignature does steps 1 to 3 in Go (see its Example). In other
// languages: Python hmac.compare_digest(hmac.new(secret, ts + b"." + body,
// sha256).hexdigest(), sig), Node crypto.timingSafeEqual on the hex digests.
//
// # Secrets
//
// The webhook's secret is a Secret, which prints, formats and marshals as
// "[REDACTED]"; sink names and errors show a URL's scheme and host only
// (a Slack webhook's path is its credential; a webhook's query may hold a
// token), and every error text is scrubbed of the secret and the URL.
package alerts
