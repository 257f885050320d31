package seczetta_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

func ExampleClient_Score() {
	srv := seczettatest.NewServer(seczettatest.Options{})
	defer srv.Close()
	srv.AddUser(8.25, "mallory")

	client, err := seczetta.New(srv.Config())
	if err != nil {
		panic(err)
	}
	score, err := client.Score(context.Background(), riskscore.Subject{Username: "mallory"})
	if err != nil {
		panic(err)
	}
	d := riskscore.Decide(score.Value, riskscore.DefaultPolicy())
	fmt.Println(score.Source, score.Value, d.Outcome)
	fmt.Println(d.Message())

	_, err = client.Score(context.Background(), riskscore.Subject{Username: "nobody"})
	fmt.Println(err)
	fmt.Println(errors.Is(err, seczetta.ErrProfileNotFound), errors.Is(err, riskscore.ErrSubjectNotFound))

	srv.AddFault(seczettatest.Fault{Status: http.StatusUnauthorized})
	_, err = client.Score(context.Background(), riskscore.Subject{Username: "mallory"})
	fmt.Println(err)
	// Output:
	// seczetta 8.25 deny
	// A 8.25 Risk score is too high. Maximum acceptable risk is 7.5
	// seczetta: advanced_search: profile not found
	// true true
	// seczetta: advanced_search: unauthorized (HTTP 401); SecZetta refused the API key: check that APIKey is a current API token of this tenant (BaseURL) and that AuthScheme (token or bearer) is the one the tenant expects
}

func ExampleNew_invalid() {
	_, err := seczetta.New(seczetta.Config{
		BaseURL:       "http://tenant.nonemployee.com",
		APIKey:        "secret-key",
		AttributeID:   "user_name",
		ProfileTypeID: "7cffa07d-ad6d-4398-ba07-b3d1e5f9ee9f",
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, seczetta.ErrInvalidConfig))
	// Output:
	// seczetta.Config.AttributeID: must be a UUID v4 (like 7cffa07d-ad6d-4398-ba07-b3d1e5f9ee9f); copy from SecZetta the id of the attribute the profiles are searched by (the one holding the username or email)
	// seczetta.Config.BaseURL: must use https (http is allowed for loopback hosts only); set it to the SecZetta tenant's origin, e.g. https://TENANT.nonemployee.com
	// true
}

func ExampleConfig_String() {
	cfg := seczetta.Config{
		BaseURL:       "https://tenant.nonemployee.com",
		APIKey:        "secret-key",
		AttributeID:   "7cffa07d-ad6d-4398-ba07-b3d1e5f9ee9f",
		ProfileTypeID: "2b8c4f0e-5d1a-4c3b-9e7f-6a0d1c2b3e4f",
	}
	fmt.Printf("%v\n", cfg)
	// Output:
	// seczetta.Config{BaseURL: "https://tenant.nonemployee.com", APIKey: [REDACTED], AttributeID: "7cffa07d-ad6d-4398-ba07-b3d1e5f9ee9f", ProfileTypeID: "2b8c4f0e-5d1a-4c3b-9e7f-6a0d1c2b3e4f", AuthScheme: "", LookupFields: [], AttributeType: "", Timeout: 0s}
}
