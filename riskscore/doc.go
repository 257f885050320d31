// Package riskscore decides whether a login is allowed, needs MFA, or is
// denied, from risk signals such as a SecZetta risk score or Auth0's
// Adaptive MFA risk assessment. Build an Evaluator around a provider
// (riskscore/seczetta) and a Policy, and call Evaluate for each login: it
// always returns a decision, and the claims to put on the token. Decide
// alone turns one score into a decision.
//
//	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{
//		Provider: seczettaClient, // *seczetta.Client, or any Provider
//		Policy:   riskscore.DefaultPolicy(),
//	})
//	res := ev.Evaluate(ctx, riskscore.Subject{UserID: id, Email: email})
//	switch res.Outcome {
//	case riskscore.Allow: // let the login through
//	case riskscore.MFA: // ask for a second factor
//	case riskscore.Deny: // refuse, showing res.Message()
//	}
//
// It stands alone: it imports nothing of Auth0's Management API, and a
// service that only wants the decision engine pulls in this package and
// go-playground/validator, x/sync, hashicorp/golang-lru and
// sony/gobreaker (no Redis or Prometheus client). In a web application,
// call Evaluate in a middleware (see the middleware Example); as a
// service for an Auth0 Action, serve it with riskscore/riskhttp.
//
// # Deciding one score
//
// [Decide] is pure, allocation-free and never fails:
//
//	d := riskscore.Decide(8.25, riskscore.DefaultPolicy()) // AllowableRisk 5, MaxRisk 7.5
//	d.Outcome   // riskscore.Deny
//	d.Message() // "A 8.25 Risk score is too high. Maximum acceptable risk is 7.5"
//
// The boundaries are SecZetta's Action's, kept as floats (7.5 stays 7.5): MFA when
// score > AllowableRisk, deny when score >= MaxRisk, allow otherwise. A
// NaN, infinite or negative score is denied with a reason saying so, and so
// is any score under a policy whose thresholds are not valid (see
// [Policy.Validate]: finite, MaxRisk > AllowableRisk >= 0). [Outcome]'s zero
// value is not a valid outcome, so a forgotten Decision never allows.
//
// The deny message is a template with {score}, {max} and {allowable}
// placeholders, rendered on demand ([Decision.Message],
// [Decision.AppendMessage]) with numbers printed as given.
//
// # Several signals
//
// A [Provider] gives a [Score] for a [Subject]; riskscore/seczetta is one.
// [Combine] reduces several Decisions to the strictest outcome (Deny > MFA >
// Allow) and keeps every one of them, each with its own reason, in
// [Verdict].Signals. [Auth0Policy] maps Auth0's
// event.authentication.riskAssessment (low confidence: MFA by default; codes
// listed in DenyCodes: deny) to a Decision that combines with the others.
//
// # Evaluating logins
//
// An [Evaluator] wraps providers for the login hot path: a per-call
// timeout, a circuit breaker per provider, a cache of scores for a TTL and
// of failures for a few seconds, one lookup for any number of concurrent
// logins of the same lookup key, and the "authenticate on error" choice
// (default false: a provider failure denies). [Evaluator.Evaluate] always
// returns a decision and the [Claims] to put on the token, on the allow,
// MFA, deny and error paths alike:
//
//	{"https://seczetta.com/risk": {"outcome": "mfa", "score": 6, "source": "seczetta",
//	                               "reasons": ["score_above_allowable"]}}
//
// Claims carry error codes ([ErrorCode]: "timeout", "breaker_open",
// "rate_limited", "unauthorized", "malformed", "ambiguous", "not_found",
// "no_score", "unavailable", "error"...), never error text.
// [Claims.Shaped] with [ClaimScore] gives SecZetta's own Action's shape,
// the score alone as a number, for the access tokens of APIs that read it.
//
// # Caching and coalescing
//
// The cache key is what the provider searches by, when it says so
// ([LookupKeyer]; riskscore/seczetta: the tenant, profile type, attribute
// and value), so the same person under several user ids is one lookup. The
// local cache is a least-recently-used [MemoryCache] with an expiry per
// entry: a working set that fits CacheSize is never evicted. Failures are
// cached for FailureTTL (5 s), so an outage costs one lookup per person per
// window ([ErrRecentFailure] keeps the original error code).
//
// A [Cache] shared by replicas (riskscore/redisstore, on Redis) makes the
// cache and, through [Coalescer], the coalescing span replicas: one replica
// takes a short lease on the key, the others wait for its answer within
// their deadline. If the shared cache fails, the Evaluator goes on with its
// local cache and local coalescing: a login is never blocked by a cache.
// riskscore itself does not import a Redis client.
//
// # When the provider fails
//
// A circuit breaker per provider (sony/gobreaker; [BreakerConfig]) opens
// after 5 consecutive upstream failures (timeouts, unavailable, rate
// limited, malformed; not "not found" answers): for 5 s logins are decided
// at once with [ReasonBreakerOpen] and the claim error "breaker_open",
// without asking; then one probe is let through. Providers bound their
// retries with a [RetryBudget] (riskscore/seczetta: at most 10 % of
// requests, plus a reserve of 10). Warnings are rate-limited per cause: the
// first at once, then one line a minute saying how many more there were.
// [Hooks] report decisions, lookups, cache reads and breaker states, e.g.
// to Prometheus (riskscore/riskprom); riskscore/riskhttp serves decisions
// over HTTP.
package riskscore
