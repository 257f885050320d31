package auth0mgmt

import (
	"time"

	"golang.org/x/oauth2"
)

// Token lifetimes: a token is replaced a margin before it expires, a
// quarter of its lifetime and at most maxTokenMargin. x/oauth2's own test
// (Token.Valid) replaces a token 10 s before expiry, whatever its
// lifetime: a token that lives 10 s or less is then never valid, and
// every request fetched one.
const maxTokenMargin = 30 * time.Second

// tokenMargin is how long before its expiry a token of this lifetime is
// replaced.
func tokenMargin(lifetime time.Duration) time.Duration {
	return min(max(lifetime/4, 0), maxTokenMargin)
}

// tokenFresh reports whether t can still be sent at now: it has an access
// token, and either no expiry or one further away than its margin.
// fetched is when t was asked for (its lifetime is Expiry - fetched).
func tokenFresh(t *oauth2.Token, fetched, now time.Time) bool {
	if t == nil || t.AccessToken == "" {
		return false
	}
	if t.Expiry.IsZero() {
		return true
	}
	return now.Before(t.Expiry.Add(-tokenMargin(t.Expiry.Sub(fetched))))
}

// freshToken returns the client's current token when it is fresh.
func (c *Client) freshToken() (*oauth2.Token, bool) {
	c.tokMu.Lock()
	defer c.tokMu.Unlock()
	if tokenFresh(c.tok, c.tokFetched, time.Now()) {
		return c.tok, true
	}
	return nil, false
}
