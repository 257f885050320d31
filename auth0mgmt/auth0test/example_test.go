package auth0test_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// A tiny tenant: get a token with the client-credentials grant, then list
// the clients with their total.
func ExampleNewServer() {
	srv := auth0test.NewServer(auth0test.Options{Seed: 1, Preset: auth0test.PresetTiny})
	defer srv.Close()

	id, secret := srv.ClientCredentials()
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {id},
		"client_secret": {secret},
		"audience":      {srv.URL() + "/api/v2/"},
	}
	resp, err := http.Post(srv.URL()+"/oauth/token", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		panic(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()

	req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/api/v2/clients?include_totals=true&per_page=100", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var page struct {
		Total   int `json:"total"`
		Clients []struct {
			Name string `json:"name"`
		} `json:"clients"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&page)
	fmt.Println(resp.Status, page.Total, "clients, the first:", page.Clients[0].Name)
	fmt.Println("rate limit headers:", resp.Header.Get("X-RateLimit-Limit") != "")
	// Output:
	// 200 OK 8 clients, the first: All Applications
	// rate limit headers: true
}

// Faults are set at any time; here the next request answers 503.
func ExampleServer_SetFaults() {
	srv := auth0test.NewServer(auth0test.Options{Seed: 1})
	defer srv.Close()
	srv.SetFaults(auth0test.Faults{FailNext: 1, Unconfigured: []string{"email_provider"}})

	for range 2 {
		req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/api/v2/emails/provider", nil)
		req.Header.Set("Authorization", "Bearer "+srv.Token())
		resp, err := srv.Client().Do(req)
		if err != nil {
			panic(err)
		}
		var e struct {
			ErrorCode string `json:"errorCode"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		fmt.Println(strings.TrimSpace(fmt.Sprint(resp.StatusCode, " ", e.ErrorCode)))
	}
	// Output:
	// 503
	// 404 inexistent_email_provider
}
