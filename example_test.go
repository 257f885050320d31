package authlens_test

import (
	"context"
	"fmt"
	"log"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

// Scan a tenant and judge it. The tenant here is auth0test's fake, which
// holds an example of every problem the checks look for; for a real
// tenant, give auth0mgmt.New its domain and a machine-to-machine
// application's credentials instead.
func Example() {
	ctx := context.Background()
	tenant := auth0test.NewServer(auth0test.Options{Seed: 1})
	defer tenant.Close()
	id, secret := tenant.ClientCredentials()

	client, err := auth0mgmt.New(auth0mgmt.Config{Domain: tenant.URL(), ClientID: id, ClientSecret: secret})
	if err != nil {
		log.Fatal(err)
	}
	snap, err := inventory.Collect(ctx, client, inventory.Options{
		Now: auth0test.BaseTime, // the fake tenant's clock; leave unset for a real one
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := posture.Run(ctx, snap, posture.Options{MinSeverity: posture.SeverityCritical})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Summary.Findings, "critical findings; the first three:")
	for _, f := range res.Unsuppressed()[:3] {
		fmt.Printf("%s %s: %s\n", f.Check, f.Resource.Name, f.Title)
	}
	// Output:
	// 10 critical findings; the first three:
	// AL-M2M-001 API Explorer Application → Auth0 Management API: Management API grant with write, delete or bulk-read scopes
	// AL-M2M-001 Management Automation → Auth0 Management API: Management API grant with write, delete or bulk-read scopes
	// AL-M2M-002 API Explorer Application: Shared secret guards Management API power
}
