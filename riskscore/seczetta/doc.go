// Package seczetta reads a person's risk score from SecZetta (Non-Employee
// Risk Management), for riskscore to decide logins on. Make a Client with
// New from your SecZetta tenant's URL, an API key and the ids of the
// profile type and the attribute that hold the username or email, and give
// it to a riskscore.Evaluator as its Provider (or call Score yourself).
//
//	client, err := seczetta.New(seczetta.Config{
//		BaseURL:       "https://TENANT.nonemployee.com",
//		APIKey:        os.Getenv("SECZETTA_API_KEY"),
//		AttributeID:   attributeID, // UUIDs of your SecZetta tenant
//		ProfileTypeID: profileTypeID,
//	})
//	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{Provider: client, Policy: riskscore.DefaultPolicy()})
//
// It finds the user's profile with Advanced Search and reads the profile's
// risk score, as SecZetta's Auth0 integration does. In tests, point it at
// riskscore/seczetta/seczettatest's fake: seczetta.New(fake.Config()).
//
// # The wire
//
// The protocol (see Client.SearchBody, Client.RiskScores):
//
//	POST /api/advanced_search/run   {"advanced_search": {"label": ..., "condition_rules_attributes": [
//	                                   {"type": "ProfileTypeRule", ...}, {"type": "ProfileAttributeRule", ...}]}}
//	                             -> {"profiles": [{id, uid, name, profile_type_id, status, ...}]}
//	GET  /api/risk_scores?object_id=PROFILE_ID
//	                             -> {"risk_scores": [{id, uid, object_id, object_type, overall_score, ...}], "_metadata": {...}}
//
// with "Authorization: Token token=KEY" (default) or "Bearer KEY", and
// Accept/Content-Type application/json.
//
// # Choices
//
// Where the API leaves room, the choices are made for safety and
// determinism:
//
//   - The value searched for is the first non-empty of Config.LookupFields
//     (username, then email), as SecZetta's Auth0 Rule did.
//   - Several profiles: the one whose uid equals the value, else the only
//     Active one, else ErrAmbiguousProfile.
//   - Several scores: the highest overall_score. An entry whose
//     overall_score cannot be read makes the answer ErrMalformed rather than
//     being skipped in favour of a lower score; an empty or null list is
//     ErrNoScore ("profiles": null is ErrProfileNotFound).
//   - UUIDs (profile_type_id, object_id) and object_type are compared
//     without regard to case; Config's UUIDs may be given in any case.
//
// # Errors and retries
//
// Every failure is an *Error matching one kind (ErrProfileNotFound,
// ErrNoScore, ErrUnauthorized, ErrRateLimited, ErrUnavailable,
// ErrMalformed, ...) and the provider-independent riskscore kinds (which
// give the claims' error codes, e.g. "rate_limited", "unauthorized").
// Failed requests (dropped connections, 5xx, truncated answers) are retried
// at most MaxRetries times each and only within a retry budget
// (Config.RetryBudget: at most 10 % of requests, plus a reserve of 10), so
// an outage is not multiplied by the retry count; Retry-After and bounded
// reads come from the shared HTTP policy; a 429 whose Retry-After or reset
// outlasts the deadline is ErrRateLimited at once rather than a timeout.
//
// Client implements riskscore.LookupKeyer: the Evaluator caches and
// coalesces by what is searched (the tenant, profile type, attribute and
// value), not by the user's ids.
//
// The API key never appears in an error, a log line, or any fmt, slog or
// JSON rendering of a Config or Client.
package seczetta
