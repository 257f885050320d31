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
// With -selftest it walks three logins with an http.Client (cookie jar,
// following redirects, each hop printed): a plain login, a step-up that
// Verified fails, and a step-up that succeeds; it exits 0 only if each ends
// as expected and the final ID token carries the amr claim, 1 otherwise.
// Without -selftest it prints the URL to open in a browser, walks the same
// logins once, and serves until -duration has passed or Ctrl-C. Tokens,
// codes and secrets are never printed.
package main
