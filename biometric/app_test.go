package biometric

import (
	"errors"
	"net/url"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

func TestStepUpAuthorizeURL(t *testing.T) {
	t.Parallel()
	enc := url.QueryEscape(ACRMultiFactor)
	cases := []struct {
		name, in, want string
		err            error
	}{
		{"adds acr_values, keeps order",
			"https://t.auth0.com/authorize?response_type=code&client_id=abc&redirect_uri=https%3A%2F%2Fapp%2Fcb&state=xyz",
			"https://t.auth0.com/authorize?response_type=code&client_id=abc&redirect_uri=https%3A%2F%2Fapp%2Fcb&state=xyz&acr_values=" + enc, nil},
		{"appends to existing acr_values",
			"https://t.auth0.com/authorize?acr_values=urn%3Aa&scope=openid",
			"https://t.auth0.com/authorize?acr_values=urn%3Aa+" + enc + "&scope=openid", nil},
		{"idempotent",
			"https://t.auth0.com/authorize?acr_values=" + enc + "&scope=openid",
			"https://t.auth0.com/authorize?acr_values=" + enc + "&scope=openid", nil},
		{"no query", "https://t.auth0.com/authorize", "https://t.auth0.com/authorize?acr_values=" + enc, nil},
		{"relative", "/authorize?x=1", "", ErrInvalidArgument},
		{"acr twice", "https://t/authorize?acr_values=a&acr_values=b", "", ErrInvalidArgument},
		{"bad escape", "https://t/authorize?acr_values=%zz", "", ErrInvalidArgument},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := StepUpAuthorizeURL(tc.in)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if err == nil {
				u, _ := url.Parse(got)
				d, _ := (&Verifier{s: &settings{mode: OnDemand}}).NeedsChallenge(Login{ACRValues: u.Query().Get("acr_values")})
				if !d.Challenge {
					t.Errorf("the step-up URL does not trigger a challenge")
				}
			}
		})
	}
}

func TestStepUpSatisfied(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		claims map[string]any
		want   bool
	}{
		{"string", map[string]any{ClaimAMR: "mfa"}, true},
		{"list", map[string]any{ClaimAMR: []any{"pwd", "mfa"}}, true},
		{"string list", map[string]any{ClaimAMR: []string{"mfa"}}, true},
		{"jwt.MapClaims", jwt.MapClaims{ClaimAMR: "mfa"}, true},
		{"other value", map[string]any{ClaimAMR: "pwd"}, false},
		{"standard amr only", map[string]any{"amr": []any{"mfa"}}, false},
		{"wrong type", map[string]any{ClaimAMR: true}, false},
		{"nil", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := StepUpSatisfied(tc.claims); got != tc.want {
				t.Errorf("got %v", got)
			}
		})
	}
	if got := StepUpACRValues("a " + ACRMultiFactor); got != "a "+ACRMultiFactor {
		t.Errorf("StepUpACRValues = %q", got)
	}
}
