package biometric_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/biometric"
)

// The Verified side of the step-up, written by hand
// (biometric/verifiedhttp is the same as a ready http.Handler): check the
// session token Auth0 sends, run your own check, and send the user back
// to Auth0 with a signed result.
func ExampleVerifier_VerifySessionRequest() {
	const secret = "0123456789abcdef0123456789abcdef" // the integration's Session Secret, from a secret store
	v, err := biometric.New(biometric.Config{
		IntegrationID: "int-123",
		SessionSecret: secret,
		Mode:          biometric.OnDemand,
		VerifiedURL:   "https://verified.example.com/auth0",
		Issuer:        "tenant.eu.auth0.com",
		Now:           fixedClock,
	})
	if err != nil {
		log.Fatal(err)
	}

	verified := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, err := v.VerifySessionRequest(r.Context(), r.FormValue("session_token"), r.FormValue("state"))
		if errors.Is(err, biometric.ErrReplayStore) {
			http.Error(w, "try again later", http.StatusServiceUnavailable) // the replay store is away
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest) // fixed texts: no token or secret in them
			return
		}
		outcome := biometric.OutcomeSuccess // your face and liveness check of sess.UserID
		back, err := v.ResultURL(sess, outcome)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.Redirect(w, r, back, http.StatusFound)
	})

	// What Auth0 sends: a post-login Action's api.redirect.encodeToken
	// (sub, iss, iat, exp; no jti, no state), with the state in the query.
	now := fixedClock()
	tok, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": "auth0|alice", "iss": "tenant.eu.auth0.com",
		"iat": now.Unix(), "exp": now.Add(15 * time.Minute).Unix(),
	}).SignedString([]byte(secret))
	target := "/auth0?" + url.Values{"session_token": {tok}, "state": {"state-from-auth0"}}.Encode()

	for range 2 { // the second use of the same token is refused
		w := httptest.NewRecorder()
		verified.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
		if w.Code != http.StatusFound {
			fmt.Println(w.Code, "refused")
			continue
		}
		back, _ := url.Parse(w.Header().Get("Location"))
		fmt.Println(w.Code, "to", back.Host+back.Path, "state", back.Query().Get("state"))

		// Auth0, at /continue, checks the result for the user it sent.
		claims, err := v.Complete(context.Background(), back.Query().Get("session_token"),
			biometric.Expect{UserID: "auth0|alice", State: "state-from-auth0"})
		fmt.Println(claims, err)
	}
	// Output:
	// 302 to tenant.eu.auth0.com/continue state state-from-auth0
	// map[https://authid.ai/claims/amr:mfa] <nil>
	// 400 refused
}
