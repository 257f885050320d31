// Package biometric adds authID Verified facial-biometric step-up to Auth0
// logins, over Auth0's signed redirect (as authID's Verified integration
// for Auth0 does). Build one Verifier with New from the integration's
// settings and use it on the side you run: on the Auth0 side, ChallengeURL
// sends the user to Verified and Complete checks what comes back; on the
// Verified side, VerifySessionRequest checks the incoming session token
// and ResultURL signs the way back; in the application,
// StepUpAuthorizeURL asks for a step-up and StepUpSatisfied sees it done.
//
//	v, err := biometric.New(biometric.Config{
//		IntegrationID: "int-123",
//		SessionSecret: biometric.Secret(os.Getenv("VERIFIED_SESSION_SECRET")),
//		Mode:          biometric.OnDemand,
//		VerifiedURL:   "https://verified.example.com/auth0",
//		Issuer:        "tenant.eu.auth0.com",
//	})
//	// The Verified side, at VerifiedURL:
//	sess, err := v.VerifySessionRequest(ctx, r.FormValue("session_token"), r.FormValue("state"))
//	back, err := v.ResultURL(sess, biometric.OutcomeSuccess) // after your face and liveness check
//	http.Redirect(w, r, back, http.StatusFound)
//
// biometric/verifiedhttp is that Verified side as a ready http.Handler;
// biometric/verifiedtest fakes Verified for tests of the Auth0 side.
//
// # How it works
//
// After the first factor, a post-login Action sends the user to Verified
// with a signed session token; Verified checks face and liveness and sends
// the user back to Auth0's /continue with a signed result token; Auth0 then
// adds the claim https://authid.ai/claims/amr = "mfa". Both tokens are HS256
// JWTs keyed with the integration's Session Secret, and the security of the
// whole scheme rests on how they are checked. This package checks them the
// same way on both ends:
//
//   - tokens longer than [MaxTokenBytes] are refused before decoding;
//   - the algorithm is pinned to HS256 (alg none, HS384, RS256 and every
//     other value are refused with [ErrAlgorithm]);
//   - every token goes through github.com/golang-jwt/jwt/v5 (structure,
//     strict base64url, header, HMAC compared in constant time), and its
//     payload through one strict decoder that reads it as Auth0's
//     jsonwebtoken (JSON.parse) does, or refuses it ([ErrMalformedJSON]):
//     member names match exactly, a claim this package reads may appear
//     once, a name equal to one of them only under case folding ("SUB",
//     "ſub") is refused, each claim must have its type, the payload must
//     be valid UTF-8 without lone surrogate escapes;
//   - exp is required, exp/nbf/iat are checked against the injected clock
//     (read once per verification) with the configured leeway, and exp may
//     not lie further ahead than [MaxTokenLifetime] for a session token,
//     [MaxResultLifetime] for a result token;
//   - hosts are compared in canonical form (ASCII lower case, no trailing
//     dot, no default port 443 or 80) in the configuration and in every
//     iss; a result token's iss may never name the tenant (Issuer or a
//     ContinueHosts entry), nor use http when VerifiedURL is https, and a
//     result token carrying session-token claims (continue_uri, ip) is
//     refused;
//   - iss, integration_id (when present), sub and state are compared with
//     crypto/subtle;
//   - each token is accepted once, by its jti or, when it has none (as
//     Auth0's api.redirect.encodeToken makes them), by the SHA-256 of its
//     signature, through a [ReplayStore] (by default a
//     [MemoryReplayStore], bounded in bytes; biometric/redisreplay shares
//     one between replicas over Redis; keys name the integration; a store
//     that fails refuses the token, [ErrReplayStore]), consulted
//     only after every other check passed, which keeps the record until
//     exp + 2 x leeway + 1 minute so that instances with skewed clocks
//     sharing a store cannot accept a token twice;
//   - the default leeway is [DefaultLeeway] (60 s), so that Auth0's default
//     900 s tokens pass under ordinary clock skew.
//
// Every refusal matches one sentinel error with errors.Is ([ErrAlgorithm],
// [ErrSignature], [ErrExpired], [ErrNotYetValid], [ErrState], [ErrSubject],
// [ErrIssuer], [ErrReplay], [ErrTokenTooLarge], [ErrMalformed],
// [ErrIntegration], ...). Error messages are fixed texts: no secret, token,
// state or user id ever appears in them, so they can be logged. The
// [Secret] type, and [Verifier], print redacted under every fmt verb, in
// JSON and in log/slog.
//
// # Roles
//
// One [Verifier], built by [New] from a [Config], serves every role:
//
//   - the Auth0 side (a post-login Action, or a Go authorization server):
//     [Verifier.NeedsChallenge] decides per mode and acr_values;
//     [Verifier.ChallengeURL] (or [Verifier.SignSession]) builds the
//     redirect; [Verifier.VerifyResult] or [Verifier.Complete] checks what
//     comes back to /continue and yields the claims to add.
//   - the Verified side (a service standing in the redirect's place):
//     [Verifier.VerifySession] checks the incoming token;
//     [Verifier.ResultURL] (or [Verifier.SignResult]) signs the outcome and
//     builds the way back.
//   - the application: [StepUpAuthorizeURL] asks for an on-demand step-up;
//     [StepUpSatisfied] reads the amr claim from verified ID token claims.
//
// # Tokens
//
// Session token (Auth0 -> Verified, query parameter session_token by
// default, with state also in the query): sub (Auth0 user_id), iss (tenant
// host), iat, exp (default 5 min, at most 15), jti, state, integration_id,
// continue_uri, and optionally ip.
//
// Result token (Verified -> /continue?state=...&session_token=...): sub,
// iss (the Verified issuer, which must differ from the tenant's so that one
// kind never passes for the other), iat, exp (default 1 min), jti, state,
// integration_id and outcome ("success" or "failure").
//
// Incoming tokens need only what Auth0 documents: a session token sub, iss,
// exp (state may come in the query: [Verifier.VerifySessionRequest], unless
// Config.RequireSessionState is set); a result token sub, iss, exp, state.
// Without an outcome claim a valid result token counts as success unless
// Config.RequireOutcome is set; an outcome claim is compared with an
// ASCII-only case fold, and an empty, null, unknown or repeated one is
// refused.
//
// A state taken from the query is attacker-controlled, so the state
// binding alone does not tie a result to the victim's login: the Auth0 side
// MUST compare the result's sub with the logged-in user.
// [Verifier.VerifyResult] does; a hand-written post-login Action must check
// payload.sub === event.user.user_id after api.redirect.validateToken.
//
// Beside it: biometric/verifiedhttp is the Verified side as an importable
// http.Handler (with Prometheus metrics); biometric/redisreplay is a
// ReplayStore over Redis for several replicas; biometric/verifiedtest
// provides a fake Verified endpoint for tests; examples/stepup runs the
// whole redirect dance on loopback, with replicas of the Verified side.
package biometric
