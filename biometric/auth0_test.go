package biometric

import (
	"errors"
	"testing"
)

func TestNeedsChallenge(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		mode      Mode
		login     Login
		challenge bool
		err       error
	}{
		{"always-on, plain login", AlwaysOn, Login{}, true, nil},
		{"always-on, amr already present", AlwaysOn, Login{AMR: []string{AMRMFA}}, true, nil},
		{"on-demand, no acr", OnDemand, Login{}, false, nil},
		{"on-demand, other acr", OnDemand, Login{ACRValues: "urn:mace:incommon:iap:silver"}, false, nil},
		{"on-demand, acr alone", OnDemand, Login{ACRValues: ACRMultiFactor}, true, nil},
		{"on-demand, acr in a list", OnDemand, Login{ACRValues: "urn:a  " + ACRMultiFactor + " urn:b"}, true, nil},
		{"on-demand, acr prefix only", OnDemand, Login{ACRValues: ACRMultiFactor + "-x"}, false, nil},
		{"on-demand, amr already present", OnDemand, Login{ACRValues: ACRMultiFactor, AMR: []string{"pwd", AMRMFA}}, false, nil},
		{"on-demand, other amr", OnDemand, Login{ACRValues: ACRMultiFactor, AMR: []string{"pwd"}}, true, nil},
		{"prompt=none", OnDemand, Login{ACRValues: ACRMultiFactor, Prompt: "none"}, true, ErrInteractionRequired},
		{"refresh token", AlwaysOn, Login{Protocol: "oauth2-refresh-token"}, true, ErrInteractionRequired},
		{"password grant", AlwaysOn, Login{Protocol: "oauth2-password"}, true, ErrInteractionRequired},
		{"prompt=none but no challenge needed", OnDemand, Login{Prompt: "none"}, false, nil},
		{"authorization code", AlwaysOn, Login{Protocol: "oidc-basic-profile", Prompt: "login"}, true, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, _ := newTestVerifier(t, func(c *Config) { c.Mode = tc.mode })
			d, err := v.NeedsChallenge(tc.login)
			if d.Challenge != tc.challenge || d.Reason == "" {
				t.Errorf("decision = %+v", d)
			}
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Errorf("err = %v, want %v", err, tc.err)
			}
		})
	}
}
