// Package riskhttp serves riskscore decisions over HTTP, for an Auth0
// post-login Action to call. Make the Handler with New from your
// riskscore.Evaluator and the bearer token callers must send, and mount it
// on your mux: each POST of a user gets allow, MFA or deny with the claims
// to add. examples/riskgate runs it, with the Action in its action.js.
//
//	h, err := riskhttp.New(riskhttp.Config{Evaluator: ev, Token: os.Getenv("RISKGATE_TOKEN")})
//	mux.Handle("/v1/decisions", h)
//
// # The exchange
//
// JSON; every answer has Cache-Control: no-store:
//
//	POST  Authorization: Bearer TOKEN
//	    {"user_id": "auth0|123", "username": "bob", "email": "bob@example.com",
//	     "risk_assessment": {...}}            // optional: event.authentication.riskAssessment
//	 -> 200 {"outcome": "mfa", "score": 6, "message": "",
//	         "claims": {"https://seczetta.com/risk": {"outcome": "mfa", "score": 6, "source": "seczetta",
//	                                                   "reasons": ["score_above_allowable"]}},
//	         "access_token_claims": {...},     // claims, or {"https://seczetta.com/risk": 6} (Config.AccessTokenClaims)
//	         "reasons": [{"source": "seczetta", "outcome": "mfa", "reason": "score_above_allowable", "score": 6}]}
//	    401 no or wrong token, 405 not POST, 413 body too large,
//	    400 {"error": "bad_request", "message": "the body is refused: duplicate member \"username\""}
//
// # Strict bodies
//
// Bodies are read as the Action that sends them (JavaScript) reads JSON:
// member names match exactly. encoding/json alone would match them without
// regard to case (Unicode folding: "USERNAME", "ſ" for "s", "K" for "k")
// and let the last of duplicate members win, so that
// {"username": "mallory", "Username": "alice"} would be decided as alice.
// Such a body is refused with 400 and a message naming the member: a
// duplicate member at any depth, a member that folds to a known field
// without being it (in the request and in its risk_assessment), invalid
// UTF-8, more than one JSON value. Unknown members are ignored.
//
// A provider failure is not an HTTP error: the answer is a decision (deny,
// or allow when the Evaluator authenticates on error) with "error" set to
// its code ("unavailable", "timeout", "breaker_open", "not_found", ...).
package riskhttp
