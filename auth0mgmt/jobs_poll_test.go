package auth0mgmt_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// TestExportPolling: a job is seen complete within about half a poll
// interval of its end, whatever its length (it is polled at half the
// interval once it says it ends within one), and a long one is not polled
// every second.
func TestExportPolling(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		duration time.Duration
		maxPolls int64
	}{
		{3 * time.Second, 6},
		{20 * time.Second, 20},
		{2 * time.Minute, 40},
		{20 * time.Minute, 80},
	} {
		t.Run(fmt.Sprint(tc.duration), func(t *testing.T) {
			t.Parallel()
			srv := auth0test.NewServer(auth0test.Options{Seed: 1, ExportDuration: tc.duration, Now: time.Now})
			t.Cleanup(srv.Close)
			synctest.Test(t, func(t *testing.T) {
				c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()},
					auth0mgmt.WithHTTPClient(&http.Client{Transport: srv.Transport()}))
				if err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				job, err := c.Jobs.CreateUsersExport(context.Background(), auth0mgmt.UsersExportRequest{})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.Jobs.Wait(context.Background(), job.ID); err != nil {
					t.Fatal(err)
				}
				late := time.Since(start) - tc.duration
				polls := srv.Stats().ByRoute["GET /api/v2/jobs/{id}"]
				t.Logf("a %s job: seen complete %s after its end, %d polls", tc.duration, late, polls)
				if late > max(750*time.Millisecond, tc.duration/8) {
					t.Errorf("seen complete %s after its end", late)
				}
				if polls > tc.maxPolls {
					t.Errorf("%d polls, want at most %d", polls, tc.maxPolls)
				}
			})
		})
	}
}
