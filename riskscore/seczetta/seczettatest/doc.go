// Package seczettatest is a fake SecZetta tenant for tests and demos, like
// net/http/httptest: an in-process HTTP server on loopback that answers
// Advanced Search and risk_scores with the real response shapes, checks the
// Authorization header (Token or Bearer scheme) and the Advanced Search body
// as strictly as the API, counts lookups, and injects faults (401/403, 429
// with Retry-After, 5xx, malformed JSON, latency, an empty score list,
// connections dropped without an answer).
//
//	srv := seczettatest.NewServer(seczettatest.Options{})
//	defer srv.Close()
//	srv.AddUser(6, "bob")                 // profile found by "bob", overall_score 6
//	client, _ := seczetta.New(srv.Config())
package seczettatest
