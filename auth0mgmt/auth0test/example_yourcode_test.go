package auth0test_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// listApplications stands for your code: it lists a tenant's applications
// by name with auth0mgmt.
func listApplications(ctx context.Context, client *auth0mgmt.Client) ([]string, error) {
	var names []string
	for app, err := range client.Clients.All(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("listing applications: %w", err)
		}
		names = append(names, app.Name)
	}
	return names, nil
}

// Test your own code against a fake tenant: the tenant as generated, a
// tenant that fails twice before it answers (the client retries), and a
// token without the scope your code needs. In a _test.go file the same
// lines go in a TestXxx function, with t.Fatal where this prints.
func Example_testingYourCode() {
	srv := auth0test.NewServer(auth0test.Options{Seed: 1})
	defer srv.Close()
	id, secret := srv.ClientCredentials()
	client, err := auth0mgmt.New(
		auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: secret},
		auth0mgmt.WithBackoff(time.Millisecond, 10*time.Millisecond), // short retries for tests
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	names, err := listApplications(ctx, client)
	fmt.Println(len(names), "applications, the first:", names[0], err)
	fmt.Println("as the tenant holds:", len(names) == srv.Tenant().Count(auth0test.KindClients))

	srv.SetFaults(auth0test.Faults{FailNext: 2}) // the next two requests answer 503
	names, err = listApplications(ctx, client)
	fmt.Println(len(names), "applications", err, "after", srv.Stats().ByStatus[503], "answers 503")

	srv.SetFaults(auth0test.Faults{MissingScopes: []string{"read:clients"}})
	_, err = listApplications(ctx, client)
	var apiErr *auth0mgmt.APIError
	if errors.Is(err, auth0mgmt.ErrInsufficientScope) && errors.As(err, &apiErr) {
		fmt.Println("missing scopes:", apiErr.MissingScopes)
	}
	// Output:
	// 8 applications, the first: All Applications <nil>
	// as the tenant holds: true
	// 8 applications <nil> after 2 answers 503
	// missing scopes: [read:clients]
}
