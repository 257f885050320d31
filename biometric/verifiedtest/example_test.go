package verifiedtest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/verifiedtest"
)

// Test an Auth0-side flow against the fake: send a user to it, follow the
// 302 back, check the result.
func Example() {
	fake, err := verifiedtest.NewServer(biometric.Config{
		IntegrationID: "int-123",
		SessionSecret: "0123456789abcdef0123456789abcdef",
		Mode:          biometric.OnDemand,
		Issuer:        "tenant.example.com",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer fake.Close()
	fake.SetOutcomeFor("auth0|mallory", biometric.OutcomeFailure)

	auth0, _ := biometric.New(fake.Config()) // the Auth0 side of the same integration
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	for _, user := range []string{"auth0|alice", "auth0|mallory"} {
		state := biometric.NewState()
		to, _ := auth0.ChallengeURL(biometric.Challenge{UserID: user, State: state})
		resp, err := client.Get(to)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		back, _ := url.Parse(resp.Header.Get("Location"))
		claims, err := auth0.Complete(context.Background(), back.Query().Get("session_token"),
			biometric.Expect{UserID: user, State: state})
		fmt.Println(resp.StatusCode, back.Host+back.Path, user, claims, err)
	}
	st := fake.Stats()
	fmt.Printf("requests=%d accepted=%d succeeded=%d failed=%d\n", st.Requests, st.Accepted, st.Succeeded, st.Failed)
	// Output:
	// 302 tenant.example.com/continue auth0|alice map[https://authid.ai/claims/amr:mfa] <nil>
	// 302 tenant.example.com/continue auth0|mallory map[] biometric: complete: biometric challenge failed (outcome is failure)
	// requests=2 accepted=2 succeeded=1 failed=1
}
