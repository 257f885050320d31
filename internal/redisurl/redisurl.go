// Package redisurl says what is wrong with a Redis URL that go-redis's
// ParseURL refused, without repeating the URL: it may hold a password.
package redisurl

import (
	"errors"
	"net/url"
	"strings"
)

// Problem is the reason to give for a URL that redis.ParseURL refused
// with err: which part is wrong (the scheme, the database number, an
// option), or only that the text is no URL when the URL parser refused it
// (its error quotes the URL, so none of it is kept).
func Problem(err error) string {
	if err == nil {
		return ""
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return "is not a URL (a bad port, host or %-escape; the URL is not repeated, it may hold a password)"
	}
	return "is not a Redis URL: " + strings.TrimPrefix(err.Error(), "redis: ")
}
