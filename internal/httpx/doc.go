// Package httpx is the one place where authlens keeps its HTTP policy: the
// go-retryablehttp client and its retry rules, backoff that honours
// Retry-After and X-RateLimit-Reset however long (bounded only by the
// context; after a 429 the pacer holds the retry until a token is back when
// it knows the refill rate), client-side pacing learned from X-RateLimit-*
// headers (buckets of any size, Reset rounded either way), counters of
// requests and 429s, a hook for long rate-limit waits, bounded
// body reads, and redaction of secrets and tokens in anything that may reach
// an error string or a log line.
//
// It is internal: auth0mgmt, riskscore/seczetta and the other API clients
// build their typed errors and models on top of it.
package httpx
