package watch_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/alerts"
	"github.com/authlens/authlens/posture/watch"
)

// A watch of the demo tenant, in which someone grants an application the
// power to update users between two scans.
func ExampleWatcher() {
	srv := auth0test.NewServer(auth0test.Options{Seed: 42})
	defer srv.Close()
	client, _ := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()})
	dir, _ := os.MkdirTemp("", "authlens-watch")
	defer os.RemoveAll(dir)

	scans := 0
	w := &watch.Watcher{
		Scan: func(ctx context.Context) (*inventory.Snapshot, error) {
			if scans++; scans == 2 {
				_ = srv.SetField(auth0test.KindClientGrants, "cgr_IWMKx9WvsV4CjQQx", "scope",
					[]string{"read:users", "read:logs", "read:stats", "update:users"})
			}
			return inventory.Collect(ctx, client, inventory.Options{Now: auth0test.BaseTime})
		},
		StateDir: dir,
		Interval: 10 * time.Millisecond,
		Alerts:   alerts.Options{MinSeverity: posture.SeverityMedium},
		// Sinks: []alerts.Sink{alerts.NewJSONLines("", os.Stdout), webhook},
		OnEvent: func(e watch.Event) {
			fmt.Println(e.Kind)
			for _, a := range e.Alerts {
				fmt.Println("  ", a.Severity, a.Rule, a.Resource.Name)
			}
		},
		MaxTicks: 2,
	}
	if err := w.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// started
	// baseline
	// tick
	//    critical ALR-GRANT-001 Reporting Service → Auth0 Management API
}
