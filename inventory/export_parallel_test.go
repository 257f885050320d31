package inventory

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// TestExportRunsBesideTheRest: the users export job starts first and the
// other kinds are read while it runs, so a whole-tenant read takes the
// longer of the two, the rate limit's time for every request or the
// export's: within 1.15 of max(requests / rate, export duration), on the
// fake clock.
func TestExportRunsBesideTheRest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rate   float64
		export time.Duration
	}{
		{20, 3 * time.Second}, {20, 12 * time.Second}, {20, 40 * time.Second}, // the export the longer
		{5, 10 * time.Second}, {2, 30 * time.Second}, // the rate limit the bound
	} {
		rate, burst, export := tc.rate, int(tc.rate), tc.export
		t.Run(fmt.Sprintf("%v per s, export %s", rate, export), func(t *testing.T) {
			t.Parallel()
			srv := auth0test.NewServer(auth0test.Options{Seed: 17, Preset: auth0test.PresetSmall, RateLimit: rate, Burst: burst,
				ExportDuration: export, Sizes: &auth0test.Sizes{Users: 2500}, Now: time.Now})
			t.Cleanup(srv.Close)
			synctest.Test(t, func(t *testing.T) {
				id, secret := srv.ClientCredentials()
				cl, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: secret},
					auth0mgmt.WithHTTPClient(&http.Client{Transport: srv.Transport()}))
				if err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				snap, err := Collect(context.Background(), cl, Options{Now: auth0test.BaseTime, LogWindow: wideWindow})
				if err != nil {
					t.Fatal(err)
				}
				elapsed := time.Since(start)
				if lost := lostRecords(srv.Tenant(), snap); len(lost) > 0 {
					t.Fatalf("records lost: %v", lost)
				}
				st := srv.Stats()
				var api int64
				for route, n := range st.ByRoute {
					if strings.Contains(route, " /api/v2/") {
						api += n
					}
				}
				optimum := max(time.Duration(float64(api)/rate*float64(time.Second)), export)
				ratio := elapsed.Seconds() / optimum.Seconds()
				t.Logf("export %s, %d API requests at %v/s: read in %s, optimum %s, ratio %.3f (429s: %d)",
					export, api, rate, elapsed.Round(10*time.Millisecond), optimum.Round(10*time.Millisecond), ratio, st.RateLimited)
				if ratio > 1.15 {
					t.Errorf("read in %s, %.2f times the optimum %s", elapsed, ratio, optimum)
				}
			})
		})
	}
}
