// Riskgate is an HTTP service that decides Auth0 logins from SecZetta risk
// scores: allow, MFA, or deny (seed 000), for the post-login Action in
// action.js beside this file. It embeds riskscore.Evaluator: one SecZetta
// lookup per subject per minute however many logins arrive, a 3 s budget per
// lookup, and a decision on every path.
//
// Usage:
//
//	riskgate [-addr 127.0.0.1:8081]
//
// API (JSON; every answer has Cache-Control: no-store):
//
//	POST /v1/decisions   Authorization: Bearer $RISKGATE_TOKEN
//	    {"user_id": "auth0|123", "username": "bob", "email": "bob@example.com",
//	     "risk_assessment": {...}}            // optional: event.authentication.riskAssessment
//	 -> 200 {"outcome": "mfa", "score": 6, "message": "",
//	         "claims": {"https://seczetta.com/risk": {"outcome": "mfa", "score": 6, "source": "seczetta",
//	                                                   "reasons": ["score_above_allowable"]}},
//	         "reasons": [{"source": "seczetta", "outcome": "mfa", "reason": "score_above_allowable", "score": 6}]}
//	    401 no or wrong token, 405 not POST, 413 body over 64 KiB,
//	    400 malformed JSON or no user_id/username/email
//	GET /healthz -> 200 {"status": "ok"} (no token)
//
// Any Content-Type is accepted (curl -d sends
// application/x-www-form-urlencoded, fetch with a string body text/plain):
// the body is read as JSON whatever the header says.
//
// A SecZetta failure is not an HTTP error: the answer is a decision (deny,
// or allow with AUTHENTICATE_ON_ERROR=yes) with "error" set to a code:
// "not_found", "ambiguous", "no_score", "unauthorized", "rate_limited",
// "malformed", "unavailable", "timeout" or "error".
//
// Environment:
//
//	SECZETTA_BASE_URL         tenant URL, https (http only for loopback)
//	SECZETTA_API_KEY          API token
//	SECZETTA_ATTRIBUTE_ID     attribute searched on (UUID v4)
//	SECZETTA_PROFILE_TYPE_ID  profile type (UUID v4)
//	SECZETTA_AUTH_SCHEME      token (default: "Token token=") or bearer
//	ALLOWABLE_RISK            MFA above it (default 5)
//	MAX_RISK                  deny at or above it (default 7.5)
//	DENY_MESSAGE              deny text; {score}, {max}, {allowable} are replaced
//	                          (default "A {score} Risk score is too high. Maximum acceptable risk is {max}")
//	AUTHENTICATE_ON_ERROR     yes: allow when SecZetta fails (default no: deny);
//	                          yes/no, true/false, on/off or 1/0, any case
//	RISKGATE_TOKEN            bearer token callers must present (16+ characters)
//	CLAIM_NAMESPACE           claim name (default https://seczetta.com/risk)
//	CACHE_TTL                 score cache lifetime (default 1m; negative: none)
//
// With none of the four SECZETTA_* settings, riskgate runs in demo mode on a
// built-in fake SecZetta (riskscore/seczetta/seczettatest) with the users
// alice (score 2.5: allow), bob (6: MFA), mallory (8.25: deny) and nobody
// (no profile: deny), says so on start, and prints a generated token if
// RISKGATE_TOKEN is unset. With SecZetta settings RISKGATE_TOKEN is required.
// A refused setting exits with status 2 and a message naming the variable.
// SIGINT or SIGTERM shut the server down gracefully.
package main
