// Command stepup shows authID Verified biometric step-up through Auth0's
// signed redirect, end to end, with real HTTP redirects on 127.0.0.1.
//
// Three servers run on loopback ports:
//
//   - the application: /login (plain login), /stepup (the same /authorize
//     request with acr_values=https://authid.ai/policies/multi-factor, built
//     by biometric.StepUpAuthorizeURL) and /callback (code exchange, ID token
//     check, biometric.StepUpSatisfied);
//   - a stand-in for the Auth0 tenant, a minimal authorization server:
//     /authorize does the first factor automatically, decides with
//     biometric.Verifier.NeedsChallenge (mode, acr_values) and redirects to
//     Verified with a signed session token; /continue verifies the result
//     token (biometric.Verifier.Complete: HS256 only, expiry, state bound to
//     the transaction and to a cookie, sub, issuer, single use) and issues a
//     code; /oauth/token returns an HS256 ID token carrying
//     https://authid.ai/claims/amr = mfa after a successful challenge;
//   - the fake authID Verified of biometric/verifiedtest, configured with
//     RequireSessionState (the stand-in's session tokens carry their state,
//     so a state taken from the query is never needed).
//
// Usage:
//
//	go run ./examples/stepup [-mode on-demand|always-on] [-selftest] [-duration 2m] [-post-back]
//		[-replicas N] [-redis redis://127.0.0.1:6379/0] [-redis-timeout 250ms] [-metrics-addr 127.0.0.1:9464]
//	VERIFIED_SESSION_SECRET=... go run ./examples/stepup -verified-url https://verified.example/auth0 \
//		[-integration-id ID] [-tenant-addr 127.0.0.1:8443] -selftest
//
// By default Verified is the built-in fake (-post-back: it returns with an
// auto-submitting POST form, which the walk submits like a browser). With
// -verified-url the stand-in tenant sends users to an external Verified
// instead, signing with the Session Secret from $VERIFIED_SESSION_SECRET
// and the -integration-id; the session tokens' iss is the stand-in's
// host:port (fix it with -tenant-addr), and the login that needs the fake
// to fail is skipped.
//
// The built-in Verified side is biometric/verifiedhttp's Handler (through
// verifiedtest). -replicas N runs N replicas of it behind its one address,
// requests going to each in turn as behind a load balancer, each replica
// with its own Verifier and its own replay store: with -redis URL (or
// $REDIS_URL) a biometric/redisreplay store each, with its own client, on
// the one Redis, so that a session token is accepted once across the
// replicas (-redis-timeout bounds each claim, 250 ms by default);
// without, an in-memory store each, which lets a replayed token
// through on another replica (the walk's fourth step then fails, on
// purpose). While Redis does not answer, every replica refuses (503): a
// replayed step-up is worse than a failed one. -metrics-addr serves the
// Verified side's Prometheus metrics (labelled replica="0", ...) at
// /metrics on a listener of their own.
//
// Several replicas in production are several processes: give each the
// same integration id and Session Secret, the same Issuer and
// VerifiedURL (the load balancer's), and the same Redis URL; run Redis
// with persistence (appendonly yes) or a replica, since a Redis that
// restarts empty forgets which tokens were used.
//
//	docker run -p 6379:6379 redis:7 --appendonly yes   # or apt-get install redis-server
//	go run ./examples/stepup -selftest -replicas 3 -redis redis://127.0.0.1:6379/0 -metrics-addr 127.0.0.1:9464
//
// With -selftest it walks three logins with an http.Client (cookie jar,
// following redirects, each hop printed): a plain login, a step-up that
// Verified fails, and a step-up that succeeds; it exits 0 only if each ends
// as expected and the final ID token carries the amr claim, and (with the
// built-in Verified) the step-up's session token, presented once more, is
// refused by the next replica; 1 otherwise.
// Without -selftest it prints the URL to open in a browser, walks the same
// logins once, and serves until -duration has passed or Ctrl-C. Tokens,
// codes and secrets are never printed.
package main
