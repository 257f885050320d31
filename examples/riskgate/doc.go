// Command riskgate is an HTTP service that decides Auth0 logins from
// SecZetta risk scores: allow, MFA, or deny (as SecZetta's Auth0
// integration does), for the post-login Action in action.js beside this
// file. Run it with go run ./examples/riskgate (a built-in fake SecZetta
// without SECZETTA_* settings). It embeds riskscore.Evaluator behind
// riskscore/riskhttp's handler: one SecZetta lookup per person per minute
// however many logins arrive (and however many replicas, with -redis), a
// 3 s budget per lookup, a circuit breaker and a retry budget around
// SecZetta, and a decision on every path.
//
// Usage:
//
//	riskgate [-addr 127.0.0.1:8081] [-redis redis://host:6379/0] [-metrics-addr 127.0.0.1:9464]
//
// API (JSON; every answer has Cache-Control: no-store):
//
//	POST /v1/decisions   Authorization: Bearer $RISKGATE_TOKEN
//	    {"user_id": "auth0|123", "username": "bob", "email": "bob@example.com",
//	     "risk_assessment": {...}}            // optional: event.authentication.riskAssessment
//	 -> 200 {"outcome": "mfa", "score": 6, "message": "",
//	         "claims": {"https://seczetta.com/risk": {"outcome": "mfa", "score": 6, "source": "seczetta",
//	                                                   "reasons": ["score_above_allowable"]}},
//	         "access_token_claims": {...},    // claims, or {"https://seczetta.com/risk": 6} with ACCESS_TOKEN_CLAIM=score
//	         "reasons": [{"source": "seczetta", "outcome": "mfa", "reason": "score_above_allowable", "score": 6}]}
//	    401 no or wrong token, 405 not POST, 413 body over 64 KiB,
//	    400 malformed JSON, no user_id/username/email, or an ambiguous
//	        body: a duplicate member, or one that differs from a known
//	        member only by case ({"username": "mallory", "Username": "alice"}),
//	        with a message naming it (see riskscore/riskhttp)
//	GET /healthz -> 200 {"status": "ok"} (no token)
//
// Any Content-Type is accepted (curl -d sends
// application/x-www-form-urlencoded, fetch with a string body text/plain):
// the body is read as JSON whatever the header says.
//
// A SecZetta failure is not an HTTP error: the answer is a decision (deny,
// or allow with AUTHENTICATE_ON_ERROR=yes) with "error" set to a code:
// "not_found", "ambiguous", "no_score", "unauthorized", "rate_limited",
// "malformed", "unavailable", "timeout", "breaker_open" (the circuit
// breaker is open: SecZetta was not asked) or "error". A failure is
// remembered for FAILURE_CACHE_TTL, so an outage costs one SecZetta lookup
// per person per window; retries of failed requests are at most 10 % of
// requests; warnings are written once per cause, then once a minute with a
// count.
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
//	FAILURE_CACHE_TTL         how long a failed lookup is remembered (default 5s;
//	                          negative: not at all)
//	ACCESS_TOKEN_CLAIM        object (default: the claim object on both tokens) or
//	                          score: the score alone as a number on the access
//	                          token, as SecZetta's own Action set it, for APIs
//	                          that read it (the ID token keeps the object)
//	REDIS_URL                 as -redis (the flag wins)
//	REDIS_TIMEOUT             Redis dial, read and write timeout (default 200ms)
//
// # Running several replicas
//
// Start every replica with the same -redis URL (redis://[:password@]host:6379/0,
// rediss:// for TLS) and the same SecZetta settings, behind any load
// balancer:
//
//	REDIS_URL=redis://redis:6379/0 riskgate -addr :8081 -metrics-addr :9464
//
// Scores and short-lived failures are then shared through Redis with their
// TTLs, and a cold person is looked up once by all replicas together: one
// replica takes a short lease on the lookup key (SET NX PX), the others wait
// for its answer, never beyond the login's deadline. Keys are hashed: no
// email or username appears in Redis. Each replica keeps its own circuit
// breaker and retry budget, and its local cache: if Redis cannot be reached
// (200 ms timeouts, then a retry once a second), the replica goes on alone
// on its local cache and says so once in its log; when Redis is back,
// sharing resumes. A login is never blocked by Redis.
//
// # Metrics
//
// With -metrics-addr, GET /metrics on that listener (not on -addr) serves
// Prometheus metrics: authlens_risk_decisions_total{outcome,reason},
// authlens_risk_upstream_requests_total{signal,code},
// authlens_risk_upstream_duration_seconds, authlens_risk_cache_reads_total
// {signal,tier,result}, authlens_risk_shared_cache_errors_total{op},
// authlens_risk_breaker_state{signal} (0 closed, 1 half-open, 2 open),
// authlens_risk_breaker_transitions_total, authlens_riskgate_http_responses_total
// {code}, and the Go and process collectors.
//
// With none of the four SECZETTA_* settings, riskgate runs in demo mode on a
// built-in fake SecZetta (riskscore/seczetta/seczettatest) with the users
// alice (score 2.5: allow), bob (6: MFA), mallory (8.25: deny) and nobody
// (no profile: deny), says so on start, and prints a generated token if
// RISKGATE_TOKEN is unset. With SecZetta settings RISKGATE_TOKEN is required.
// A refused setting exits with status 2 and a message naming the variable.
// SIGINT or SIGTERM shut the server down gracefully.
package main
