// Package httpx is the one place where authlens keeps its HTTP policy: the
// go-retryablehttp client and its retry rules, backoff that honours
// Retry-After and X-RateLimit-Reset however long (bounded only by the
// context), client-side pacing learned from X-RateLimit-* headers, bounded
// body reads, and redaction of secrets and tokens in anything that may reach
// an error string or a log line.
//
// It is internal: auth0mgmt, riskscore/seczetta and the other API clients
// build their typed errors and models on top of it.
package httpx
