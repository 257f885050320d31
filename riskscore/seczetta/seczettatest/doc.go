// Package seczettatest is a fake SecZetta tenant for testing code that
// reads risk scores, like net/http/httptest. NewServer starts it on
// loopback; add people with their scores (AddUser), give Config to
// seczetta.New, make it fail with AddFault, and count what it received
// with Counts.
//
//	srv := seczettatest.NewServer(seczettatest.Options{})
//	defer srv.Close()
//	srv.AddUser(6, "bob")                 // profile found by "bob", overall_score 6
//	client, _ := seczetta.New(srv.Config())
//	srv.AddFault(seczettatest.Fault{Status: 503, Times: 1}) // the next request fails
//
// It answers Advanced Search and risk_scores with the real response
// shapes, and checks the Authorization header (Token or Bearer scheme) and
// the Advanced Search body as strictly as the API. Faults (see Fault):
// 401/403, 429 with Retry-After, 5xx, malformed JSON, latency, an empty
// score list, connections dropped without an answer; each on one endpoint
// or both, for a number of requests or until ClearFaults. AddProfile,
// SetScore, SetScores and RemoveProfile shape the data further.
package seczettatest
