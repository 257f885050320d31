package verifiedhttp_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/verifiedhttp"
)

// A service embeds the Verified side at the redirect's target and serves
// its metrics on a registry of its own.
func Example() {
	v, err := biometric.New(biometric.Config{
		IntegrationID: "int-123",
		SessionSecret: "an-integration-session-secret-of-32+-bytes",
		Mode:          biometric.OnDemand,
		VerifiedURL:   "https://verified.example.com/auth0",
		Issuer:        "tenant.eu.auth0.com",
		// ReplayStore: a redisreplay.Store shared by the replicas.
	})
	if err != nil {
		log.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	h, err := verifiedhttp.New(verifiedhttp.Config{
		Verifier:   v,
		Registerer: reg,
		Decide: func(r *http.Request, s *biometric.Session) (biometric.Outcome, error) {
			return biometric.OutcomeSuccess, nil // your face and liveness check for s.UserID
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/auth0", h)
	metrics := promhttp.HandlerFor(reg, promhttp.HandlerOpts{}) // serve it on its own listener

	// What Auth0's redirect looks like, twice: the second use is refused.
	tok, _ := v.SignSession(biometric.Challenge{UserID: "auth0|alice", State: "s-123"})
	for range 2 {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest("GET", "/auth0?"+url.Values{"session_token": {tok}, "state": {"s-123"}}.Encode(), nil))
		if loc, err := url.Parse(w.Header().Get("Location")); err == nil && w.Code == http.StatusFound {
			fmt.Println(w.Code, loc.Host+loc.Path)
		} else {
			fmt.Print(w.Code, " ", w.Body.String())
		}
	}
	w := httptest.NewRecorder()
	metrics.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	fmt.Println(w.Code)
	// Output:
	// 302 tenant.eu.auth0.com/continue
	// 400 biometric: verify session: token already used (token already accepted)
	// 200
}
