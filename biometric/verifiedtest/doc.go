// Package verifiedtest provides a fake authID Verified endpoint for tests,
// in the manner of net/http/httptest.
//
// [NewServer] starts it on a loopback address. It plays the Verified side of
// Auth0's signed redirect: it accepts GET (or POST) on [VerifyPath] with the
// session token and state that biometric.Verifier.ChallengeURL builds,
// verifies the token with biometric.Verifier.VerifySession (HS256 pinned,
// expiry, issuer, integration id, single use), "performs" the face and
// liveness check, and redirects (302 Found, GET) to the token's continue_uri
// with state and a signed result token, which the Auth0 side checks with
// biometric.Verifier.VerifyResult. The real service may come back with an
// auto-submitting POST form instead; the fake keeps to GET for simplicity,
// and both ends refuse a second use of a token either way.
//
// A test decides the outcome: [Server.SetNextOutcome] queues one-shot
// outcomes, [Server.SetOutcomeFor] fixes one per user, and
// [Server.SetDefaultOutcome] changes the default (success). [Server.Stats]
// counts what the fake saw.
package verifiedtest
