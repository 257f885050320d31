package auth0mgmt_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"

	"github.com/authlens/authlens/auth0mgmt"
)

// ExampleClientsService_All lists every application of a tenant. The
// listing pages through /api/v2/clients (per_page=100, include_totals)
// and stops by the total, without a trailing empty request; breaking out
// of the loop stops it at once.
func ExampleClientsService_All() {
	// A stand-in for the tenant: one page of three applications.
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"total":3,"start":0,"limit":100,"clients":[
			{"client_id":"c1","name":"Storefront","app_type":"spa","callbacks":["https://shop.example.com/*"],
			 "client_secret":"s3cr3t-never-printed"},
			{"client_id":"c2","name":"Billing worker","app_type":"non_interactive","grant_types":["client_credentials"],
			 "jwt_configuration":{"alg":"RS256","lifetime_in_seconds":"36000"}},
			{"client_id":"c3","name":"Back office","app_type":"regular_web","callbacks":["https://admin.example.com/cb"]}]}`)
	}))
	defer srv.Close()

	c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL, Token: "example-token"},
		auth0mgmt.WithHTTPClient(srv.Client()))
	if err != nil {
		fmt.Println(err)
		return
	}
	for app, err := range c.Clients.All(context.Background(), nil) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Printf("%s %-14s m2m=%-5v wildcard=%-5v secret=%v",
			app.ClientID, app.Name, app.IsM2M(), app.HasWildcardCallback(), app.ClientSecret)
		if j := app.JWTConfiguration; j != nil && j.LifetimeInSeconds != nil {
			n, _ := j.LifetimeInSeconds.Int()
			fmt.Print(" id_token_lifetime=" + strconv.FormatInt(n, 10))
		}
		fmt.Println()
	}
	fmt.Println("requests:", requests)
	// Output:
	// c1 Storefront     m2m=false wildcard=true  secret=[REDACTED]
	// c2 Billing worker m2m=true  wildcard=false secret= id_token_lifetime=36000
	// c3 Back office    m2m=false wildcard=false secret=
	// requests: 1
}
