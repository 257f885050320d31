package inventory

import (
	"testing"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// clientFor returns a client of srv using its client credentials.
func clientFor(tb testing.TB, srv *auth0test.Server, opts ...auth0mgmt.Option) *auth0mgmt.Client {
	tb.Helper()
	id, secret := srv.ClientCredentials()
	cl, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: secret}, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return cl
}
