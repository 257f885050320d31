// Package redisstore lets the replicas of a decision service share
// riskscore's cache on Redis. Make a Store with New from a Redis URL and
// set it as the Evaluator's Cache: scores and short-lived failures are
// then shared with their TTL, and the replicas make one provider lookup
// per key between them. If Redis goes away, logins go on with each
// replica's local cache.
//
//	store, err := redisstore.New(redisstore.Options{URL: "redis://redis:6379/0"})
//	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{
//		Provider: client, Policy: riskscore.DefaultPolicy(), Cache: store})
//
// # Keys
//
// Every key starts with Options.Prefix ("authlens:risk:"), followed by a
// hash of the Evaluator's lookup key (the signal, the tenant, what is
// searched and the value: an email or a username never appears in a Redis
// key) in a hash tag, so that a key's entry and lease share a Redis Cluster
// slot:
//
//	authlens:risk:{3f2a...}:v   the entry: JSON {"v": score, "s": source, "d": detail} or {"f": "unavailable"}, PX = TTL
//	authlens:risk:{3f2a...}:l   the lease: a random token, SET NX PX (the Evaluator's Timeout)
//
// # Coalescing across replicas
//
// On a miss, a replica takes the key's lease (SET NX PX) and looks up; the
// others poll for the entry (GET and PTTL in one round trip, every 5 ms
// doubling to 50 ms) until it is there, or the lease is gone (its holder
// gave up, failed before caching, or died and the lease expired: they then
// try to take it themselves), or their context ends: never beyond the
// login's deadline. The lease is released with a script that deletes it
// only while it holds the holder's token.
//
// # When Redis cannot be reached
//
// A Store made from a URL has short timeouts (Options.Timeout, 200 ms
// for dialling, reads, writes and the pool) and no retries. After a
// failure every call fails at once with ErrUnavailable for Options.Backoff
// (1 s), then one call probes Redis again: a dead Redis costs a login at
// most one Timeout per Backoff, not one per call. The Evaluator treats
// those errors as "the shared cache is away" and goes on with its local
// LRU cache and local coalescing (a login is never blocked by a cache);
// when Redis answers again, sharing resumes. Scores cached only locally
// while Redis was away are not copied to it.
//
// Whoever can write to Redis can set scores: give the risk cache a Redis
// (or a Redis user, ACL-restricted to the prefix) that only the decision
// service writes to, over TLS (rediss://) when it crosses a network.
package redisstore
