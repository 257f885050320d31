// Package verifiedhttp is the Verified side of Auth0's signed redirect as
// an http.Handler, for a service that stands where the redirect points
// (authID Verified, or your own step-up service). Make the Handler with New
// from a biometric.Verifier and a Decide function that runs your face and
// liveness check, and mount it at the redirect's target: it checks the
// session token Auth0 sends and returns the user to Auth0 with a signed
// result.
//
//	h, err := verifiedhttp.New(verifiedhttp.Config{
//		Verifier: v, // biometric.New(...) with the integration's Session Secret
//		Decide: func(r *http.Request, s *biometric.Session) (biometric.Outcome, error) {
//			return check(r, s.UserID) // your biometric check
//		},
//	})
//	mux.Handle("/auth0", h)
//
// On GET or POST with the session token (the Verifier's TokenParam,
// default session_token, else "token") and state, the [Handler] verifies
// the token with biometric.Verifier.VerifySessionRequest (HS256 pinned,
// expiry, issuer, integration id, state bound, continue_uri allowed, and
// accepted once through the Verifier's ReplayStore), asks Config.Decide
// for the outcome of the biometric check, and sends the user back to the
// token's continue_uri with state and a signed result token: a 302, or
// with Config.PostBack an auto-submitting POST form (what Auth0 prefers).
// A refused request gets 400 (a replay store failure 503) with the
// refusal's fixed text, and is never redirected.
//
// Several replicas: give every replica's Verifier the same Config (secret,
// integration id, issuers) and a shared ReplayStore (biometric/redisreplay
// on one Redis); a session token is then accepted by exactly one replica,
// and while the store is unreachable every replica refuses (503) rather
// than risk a replay.
//
// Metrics (github.com/prometheus/client_golang), registered on the
// Config.Registerer you pass (no global registry), with Config.ConstLabels
// (e.g. replica) on each:
//
//	authlens_verified_verifications_total{result}   requests by result: accepted, replay,
//	                                                store_error, expired, signature, ... (see Result)
//	authlens_verified_replay_refusals_total         tokens refused as already used
//	authlens_verified_replay_store_errors_total     verifications refused because the store failed
//	authlens_verified_results_total{outcome}        result tokens signed: success, failure
//	authlens_verified_verification_seconds          time to verify a session token
//	authlens_verified_replay_store_records          records held (stores with Len() int)
//	authlens_verified_replay_store_bytes            bytes counted (stores with Bytes() int)
//	authlens_verified_replay_store_max_bytes        the bound (stores with MaxBytes() int)
//
// Refusals are logged (Config.Logger) at most once per Config.LogInterval
// per result, with the count of those held back; tokens, secrets and user
// ids are never logged.
package verifiedhttp
