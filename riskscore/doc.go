// Package riskscore decides whether a login is allowed, needs MFA, or is
// denied, from risk signals such as a SecZetta risk score (seed 000) or
// Auth0's Adaptive MFA risk assessment. It stands alone: it imports nothing
// of Auth0's Management API, and a service that only wants the decision
// engine pulls in this package and go-playground/validator, x/sync.
//
// # Deciding one score
//
// [Decide] is pure, allocation-free and never fails:
//
//	d := riskscore.Decide(8.25, riskscore.DefaultPolicy()) // AllowableRisk 5, MaxRisk 7.5
//	d.Outcome   // riskscore.Deny
//	d.Message() // "A 8.25 Risk score is too high. Maximum acceptable risk is 7.5"
//
// The boundaries are seed 000's, kept as floats (7.5 stays 7.5): MFA when
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
// timeout, a TTL cache of scores (never of errors), one lookup for any
// number of concurrent logins of the same subject (singleflight), and the
// "authenticate on error" choice (default false: a provider failure
// denies). [Evaluator.Evaluate] always returns a decision and the [Claims]
// to put on the token, on the allow, MFA, deny and error paths alike:
//
//	{"https://seczetta.com/risk": {"outcome": "mfa", "score": 6, "source": "seczetta",
//	                               "reasons": ["score_above_allowable"]}}
//
// Claims carry error codes ([ErrorCode]: "timeout", "rate_limited",
// "unauthorized", "malformed", "ambiguous", "not_found", "no_score",
// "unavailable", "error"...), never error text.
package riskscore
