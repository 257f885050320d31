package verifiedtest_test

import (
	"net/http"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/verifiedtest"
)

// With replicas, the replay store decides: separate in-memory stores let a
// session token through once per replica; one
// shared store lets it through once.
func TestReplicas(t *testing.T) {
	t.Parallel()
	mem := func() biometric.ReplayStore { return new(biometric.MemoryReplayStore) }
	shared := mem()
	for _, tc := range []struct {
		name     string
		stores   []biometric.ReplayStore
		accepted int
	}{
		{"separate memories", []biometric.ReplayStore{mem(), mem(), mem()}, 3},
		{"one shared store", []biometric.ReplayStore{shared, shared, shared}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			reg := prometheus.NewRegistry()
			fake, err := verifiedtest.NewServer(biometric.Config{
				IntegrationID: "int-1", SessionSecret: secret, Mode: biometric.OnDemand, Issuer: "tenant.example.com",
			}, verifiedtest.WithReplicas(tc.stores...), verifiedtest.WithRegisterer(reg))
			if err != nil {
				t.Fatal(err)
			}
			defer fake.Close()
			auth0, err := biometric.New(fake.Config())
			if err != nil {
				t.Fatal(err)
			}
			c := fake.Client()
			c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			u, err := auth0.ChallengeURL(biometric.Challenge{UserID: "auth0|alice", State: biometric.NewState()})
			if err != nil {
				t.Fatal(err)
			}
			for range 3 { // round robin: one request per replica
				resp, err := c.Get(u)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
			if st := fake.Stats(); st.Accepted != tc.accepted || st.Rejected != 3-tc.accepted {
				t.Errorf("stats %+v", st)
			}
			mfs, err := reg.Gather()
			if err != nil || len(mfs) == 0 {
				t.Fatalf("metrics: %v", err)
			}
		})
	}
}
