// Package redisreplay makes several replicas of the Verified side (or of
// the Auth0 side) accept each step-up token exactly once between them,
// through one Redis. Make a client with NewClient, a Store with New, and
// set it as biometric.Config.ReplayStore on every replica; while Redis is
// away, tokens are refused rather than risk a replay.
//
//	client, err := redisreplay.NewClient(os.Getenv("REDIS_URL"), 0)
//	store, err := redisreplay.New(redisreplay.Config{Client: client})
//	v, err := biometric.New(biometric.Config{..., ReplayStore: store})
//
// Each claim is one SET key 1 NX PX ttl: atomic in Redis, so of several
// replicas presenting the same token id at once exactly one gets "OK" and
// accepts the token; the others see a replay. The TTL is the record's
// until (exp + 2 x leeway + 1 minute, from the Verifier) minus now, plus
// Config.Margin for Redis's own clock, rounded up to the millisecond.
//
// The store fails closed: when Redis cannot be reached, times out or
// answers an error, Claim returns an error wrapping
// biometric.ErrReplayStore and the token is refused (a replayed step-up is
// worse than a failed one). It does so quickly: every claim runs under
// Config.Timeout (default 250 ms) and the caller's context, and
// [NewClient] makes a client that does not retry (a retried SET NX whose
// first answer was lost would report a replay), dials once, and honours
// context deadlines on the socket.
//
// Redis must keep the records for their TTL: a Redis that restarts empty
// (no persistence, no replica promoted) forgets which tokens were used,
// and a token accepted before the restart could be accepted once more
// until it expires (at most MaxTokenLifetime plus leeway). Run it with
// appendonly yes, or as a replicated pair, where that matters; a Redis
// that evicts keys under memory pressure (maxmemory-policy other than
// noeviction or volatile-*) may forget records the same way.
//
// The package biometric itself does not import a Redis client: a service
// that keeps the in-memory store pulls in none.
package redisreplay
