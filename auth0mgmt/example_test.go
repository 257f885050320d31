package auth0mgmt_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/authlens/authlens/auth0mgmt"
)

func ExampleNew() {
	_, err := auth0mgmt.New(auth0mgmt.Config{Domain: "tenant.eu.auth0.com", ClientID: "abc"})
	var ce *auth0mgmt.ConfigError
	if errors.As(err, &ce) {
		fmt.Println("invalid field:", ce.Field)
	}
	// Output: invalid field: ClientSecret
}

func ExampleRolesService_All() {
	// A stand-in for the Management API serving three roles.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"start":0,"limit":100,"length":3,"total":3,"roles":[
			{"id":"rol_1","name":"admin"},{"id":"rol_2","name":"support"},{"id":"rol_3","name":"viewer"}]}`)
	}))
	defer srv.Close()

	client, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL, Token: "token"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for role, err := range client.Roles.All(context.Background(), nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(role.ID, role.Name)
	}
	// Output:
	// rol_1 admin
	// rol_2 support
	// rol_3 viewer
}

func ExampleAPIError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:roles","errorCode":"insufficient_scope"}`)
	}))
	defer srv.Close()

	client, _ := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL, Token: "token"})
	_, err := client.Roles.Get(context.Background(), "rol_1")
	var ae *auth0mgmt.APIError
	if errors.Is(err, auth0mgmt.ErrInsufficientScope) && errors.As(err, &ae) {
		fmt.Println("missing:", ae.MissingScopes)
	}
	// Output: missing: [read:roles]
}
