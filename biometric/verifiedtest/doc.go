// Package verifiedtest is a fake authID Verified for testing the Auth0
// side of a biometric step-up, in the manner of net/http/httptest. Start
// it with NewServer, send a user to it with the Auth0 side's
// ChallengeURL, follow the redirect back, and check the result with
// Complete; decide each outcome with SetNextOutcome, SetOutcomeFor or
// SetDefaultOutcome.
//
//	fake, err := verifiedtest.NewServer(biometric.Config{IntegrationID: "int-123",
//		SessionSecret: secret, Mode: biometric.OnDemand, Issuer: "tenant.example.com"})
//	defer fake.Close()
//	auth0, _ := biometric.New(fake.Config()) // the Auth0 side, pointed at the fake
//	fake.SetOutcomeFor("auth0|mallory", biometric.OutcomeFailure)
//
// [NewServer] starts it on a loopback address. It plays the Verified side of
// Auth0's signed redirect: it accepts GET (or POST) on [VerifyPath] with the
// session token (parameter session_token, or token) and state, as
// biometric.Verifier.ChallengeURL builds them or as Auth0's Action sends
// them (state only in the query, no jti, no integration id), verifies the
// token with biometric.Verifier.VerifySessionRequest (HS256 pinned, expiry,
// issuer, integration id when present, state bound, single use),
// "performs" the face and liveness check, and sends the user to the
// token's continue_uri with state and a signed result token, which the
// Auth0 side checks with biometric.Verifier.VerifyResult: by default a 302
// (GET), or with [WithPostBack] an auto-submitting POST form, which Auth0
// prefers. Both ends refuse a second use of a token either way.
//
// A session token without a state claim (as Auth0's encodeToken makes
// them) takes its state from the query, which whoever follows the link
// controls; the fake, like the real service, then signs a result that
// binds that state to the token's sub. The Auth0 side must therefore
// check the result's sub against the logged-in user, as
// biometric.Verifier.VerifyResult does. Give the fake a Config with
// RequireSessionState set to make it refuse such tokens instead.
//
// The work is done by biometric/verifiedhttp's Handler, the importable
// Verified side; the fake adds outcome rules, Stats, [WithReplicas]
// (several Verifiers, each with its own replay store, behind its one
// address in turn, as behind a load balancer) and [WithRegisterer] (the
// Handler's Prometheus metrics).
//
// A test decides the outcome: [Server.SetNextOutcome] queues one-shot
// outcomes, [Server.SetOutcomeFor] fixes one per user, and
// [Server.SetDefaultOutcome] changes the default (success). [Server.Stats]
// counts what the fake saw.
package verifiedtest
