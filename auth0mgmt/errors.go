package auth0mgmt

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Sentinel errors, matched with errors.Is against *APIError and other
// errors this package returns.
var (
	// ErrNotFound: 404, the object or singleton does not exist (or, for
	// email provider and templates, is not configured).
	ErrNotFound = errors.New("auth0mgmt: not found")
	// ErrInsufficientScope: 403 insufficient_scope; the missing scopes are
	// in APIError.MissingScopes.
	ErrInsufficientScope = errors.New("auth0mgmt: insufficient scope")
	// ErrForbidden: any 403.
	ErrForbidden = errors.New("auth0mgmt: forbidden")
	// ErrUnauthorized: 401 from the API or the token endpoint.
	ErrUnauthorized = errors.New("auth0mgmt: unauthorized")
	// ErrRateLimited: a 429 that was not waited out: the wait bound
	// (WithMaxRateLimitWaits) was reached, or the context ended during the
	// wait (then the error matches the context's error as well).
	ErrRateLimited = errors.New("auth0mgmt: rate limited")
	// ErrInvalidPaging: 400 invalid_paging, e.g. past the 1000-record cap.
	ErrInvalidPaging = errors.New("auth0mgmt: invalid paging")
	// ErrBadRequest: any other 400.
	ErrBadRequest = errors.New("auth0mgmt: bad request")
	// ErrServer: 5xx after retries.
	ErrServer = errors.New("auth0mgmt: server error")
	// ErrDecode: a 2xx body that is not the JSON the endpoint documents.
	ErrDecode = errors.New("auth0mgmt: cannot decode response")
	// ErrIncomplete: a listing ended before the total the API announced.
	ErrIncomplete = errors.New("auth0mgmt: listing incomplete")
	// ErrToken: no access token could be obtained from /oauth/token
	// (rejected credentials, unreachable endpoint).
	ErrToken = errors.New("auth0mgmt: cannot obtain an access token")
	// ErrExportFailed: the users export job failed or expired.
	ErrExportFailed = errors.New("auth0mgmt: users export job failed")
)

// APIError is a non-2xx answer of the Management API or its token endpoint.
// It never contains credentials: the request's token and the client secret
// are not part of it, and its text is scrubbed of them.
type APIError struct {
	// StatusCode is the HTTP status.
	StatusCode int `json:"statusCode"`
	// Err is the status text the API puts in "error" ("Not Found").
	Err string `json:"error"`
	// Message is the API's human readable message.
	Message string `json:"message"`
	// ErrorCode is the API's machine readable code ("inexistent_user",
	// "insufficient_scope", "invalid_paging", ...), when given.
	ErrorCode string `json:"errorCode"`
	// RequestID is the X-Auth0-RequestId (or X-Request-Id) header.
	RequestID string `json:"-"`
	// Method and Path of the request (no query string).
	Method string `json:"-"`
	Path   string `json:"-"`
	// MissingScopes names the scopes a 403 insufficient_scope asked for.
	MissingScopes []string `json:"-"`
	// Rate is the rate-limit state the response carried.
	Rate Rate `json:"-"`
	// Hint says what to check when the likely cause is the Client's
	// configuration: credentials the token endpoint refused (which ones,
	// never their value), an application not authorised for the
	// Management API, a static token the API refused. Empty otherwise.
	Hint string `json:"-"`
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("auth0mgmt: ")
	if e.Method != "" {
		b.WriteString(e.Method + " " + e.Path + ": ")
	}
	fmt.Fprintf(&b, "%d", e.StatusCode)
	if e.ErrorCode != "" {
		b.WriteString(" " + e.ErrorCode)
	} else if e.Err != "" {
		b.WriteString(" " + e.Err)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request id " + e.RequestID + ")")
	}
	if e.Hint != "" {
		b.WriteString("; " + e.Hint)
	}
	return b.String()
}

// Is matches the sentinel errors of this package.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrInsufficientScope:
		return e.StatusCode == http.StatusForbidden && e.ErrorCode == "insufficient_scope"
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrInvalidPaging:
		return e.StatusCode == http.StatusBadRequest && e.ErrorCode == "invalid_paging"
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrServer:
		return e.StatusCode >= 500
	case ErrToken:
		return e.Path == "/oauth/token"
	}
	return false
}

var scopeRE = regexp.MustCompile(`[a-z_]+:[a-z_]+`)

// maxMessage bounds how much of an error body is kept.
const maxMessage = 2048

// newAPIError builds an APIError from a response body. Bodies that are not
// the JSON error shape (a plain-text 429, an HTML 502) keep their text,
// bounded, as the message.
func newAPIError(method, path string, status int, header http.Header, body []byte, rate Rate) *APIError {
	e := &APIError{}
	if err := json.Unmarshal(body, e); err != nil || e.Message == "" {
		// The token endpoint speaks OAuth: {"error","error_description"}
		// ("error" fills Err, the description is the message).
		var oe struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		switch {
		case json.Unmarshal(body, &oe) == nil && oe.Description != "":
			if e.ErrorCode == "" {
				e.ErrorCode = oe.Error
			}
			e.Message = truncate(oe.Description, maxMessage)
		case err != nil || (e.Err == "" && e.ErrorCode == ""):
			e.Message = strings.TrimSpace(truncate(string(body), maxMessage))
		}
	}
	e.StatusCode = status
	if e.Err == "" {
		e.Err = http.StatusText(status)
	}
	e.Method, e.Path, e.Rate = method, path, rate
	for _, h := range []string{"X-Auth0-RequestId", "X-Request-Id"} {
		if v := header.Get(h); v != "" {
			e.RequestID = truncate(v, 128)
			break
		}
	}
	if status == http.StatusForbidden && e.ErrorCode == "insufficient_scope" {
		_, after, ok := strings.Cut(e.Message, ":")
		if !ok {
			after = e.Message
		}
		e.MissingScopes = scopeRE.FindAllString(after, -1)
	}
	return e
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) && len(s) > 0 {
		s = s[:len(s)-1]
	}
	return s + "…"
}
