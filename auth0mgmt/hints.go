package auth0mgmt

import (
	"fmt"
	"net/http"
	"strings"
)

// fixAuthorised says where an application is authorised for the
// Management API.
const fixAuthorised = "that the application is authorised for the Management API " +
	"(Dashboard > Applications > APIs > Auth0 Management API > Machine To Machine Applications)"

// audience is the audience the Client asks tokens for.
func (c *Client) audience() string {
	if c.cfg.Audience != "" {
		return c.cfg.Audience
	}
	return c.base.String() + "/api/v2/"
}

// tokenHint says what to check after the token endpoint refused the
// Client's credentials: which credentials (the client id, never the
// secret or the key) and where they are set. "" when nothing in the
// configuration is the likely cause.
func (c *Client) tokenHint(ae *APIError) string {
	who := fmt.Sprintf("client id %q", c.cfg.ClientID)
	msg := strings.ToLower(ae.Message)
	switch st := ae.StatusCode; {
	case st == http.StatusUnauthorized && c.signer == nil && strings.Contains(msg, "private_key_jwt"):
		return "the tenant's token endpoint refused " + who + " with a client secret: the application authenticates with " +
			"Private Key JWT; set ClientAssertionKey or ClientAssertionKeyFile (and ClientAssertionKeyID) instead of ClientSecret"
	case st == http.StatusUnauthorized && c.signer != nil:
		return "the tenant's token endpoint refused " + who + " and its client assertion (private_key_jwt): check that " +
			"ClientAssertionKey or ClientAssertionKeyFile holds the private key of a credential of this application, " +
			"that ClientAssertionKeyID and ClientAssertionAlg match that credential, and " + fixAuthorised
	case st == http.StatusUnauthorized:
		return "the tenant's token endpoint refused " + who + " and its client secret: check ClientID and ClientSecret " +
			"(Dashboard > Applications > the application > Settings) and " + fixAuthorised
	case st == http.StatusForbidden && strings.Contains(msg, "service not enabled"):
		return "the tenant has no API with the audience " + c.audience() + ": set Domain to the tenant's own domain " +
			"(example.eu.auth0.com), or, when Domain is a custom domain, Audience to https://<canonical tenant domain>/api/v2/"
	case st == http.StatusForbidden && strings.Contains(msg, "granted scopes"):
		return "grant the application those scopes of the Auth0 Management API " +
			"(Dashboard > Applications > APIs > Auth0 Management API > Machine To Machine Applications)"
	case st == http.StatusForbidden && strings.Contains(msg, "grant type"):
		return "enable the Client Credentials grant for " + who + " (Dashboard > Applications > the application > " +
			"Settings > Advanced Settings > Grant Types): a Machine to Machine application has it"
	case st == http.StatusForbidden:
		return "the tenant's token endpoint accepted " + who + " but refused it a Management API token: check " + fixAuthorised
	case st == http.StatusNotFound || st == http.StatusMethodNotAllowed:
		return "no Auth0 token endpoint answers at " + c.base.String() + "/oauth/token: check that Domain is the " +
			"tenant's domain (example.eu.auth0.com), not a website or an API's URL"
	}
	return ""
}

// unreachableHint follows a token request that got no answer.
func (c *Client) unreachableHint() string {
	return "check that Domain (" + c.base.Host + ") is the tenant's domain and that this host can reach it"
}
