package seczetta

import (
	"errors"
	"strconv"
	"strings"

	"github.com/authlens/authlens/internal/httpx"
	"github.com/authlens/authlens/riskscore"
)

// Kinds of failure; every error of Client.Score and friends is an *Error
// whose Kind is one of these, and matches it with errors.Is. They also
// match the provider-independent riskscore kinds noted below.
var (
	// ErrProfileNotFound: Advanced Search found no profile (of the
	// configured type). Also riskscore.ErrSubjectNotFound.
	ErrProfileNotFound = errors.New("seczetta: profile not found")
	// ErrAmbiguousProfile: several profiles matched and none could be
	// chosen (see Client.FindProfile). Also riskscore.ErrAmbiguousSubject.
	ErrAmbiguousProfile = errors.New("seczetta: several profiles match")
	// ErrNoLookupValue: the subject has no usable value in any of the
	// LookupFields (empty, too long, or not UTF-8). Also
	// riskscore.ErrSubjectNotFound.
	ErrNoLookupValue = errors.New("seczetta: subject has no lookup value")
	// ErrNoScore: the profile has no risk score (empty risk_scores, or
	// none for this profile). Also riskscore.ErrNoScore.
	ErrNoScore = errors.New("seczetta: no risk score")
	// ErrUnauthorized: 401 or 403; the API key is wrong or lacks rights.
	// Also riskscore.ErrUnauthorized.
	ErrUnauthorized = errors.New("seczetta: unauthorized")
	// ErrRateLimited: 429 after MaxRateLimitWaits waits, or at once when
	// the wait the server asks for (Retry-After, X-RateLimit-Reset) would
	// outlast the deadline. Also riskscore.ErrRateLimited and
	// riskscore.ErrUnavailable.
	ErrRateLimited = errors.New("seczetta: rate limited")
	// ErrUnavailable: 5xx after retries, or no answer (connection
	// failures, timeout: then errors.Is(err, context.DeadlineExceeded)
	// holds too). Also riskscore.ErrUnavailable.
	ErrUnavailable = errors.New("seczetta: unavailable")
	// ErrMalformed: a 2xx answer that is not the expected JSON. Also
	// riskscore.ErrMalformed.
	ErrMalformed = errors.New("seczetta: malformed response")
	// ErrUnexpectedStatus: any other non-2xx answer (400, 404, 422, ...).
	ErrUnexpectedStatus = errors.New("seczetta: unexpected status")
	// ErrInvalidConfig is riskscore.ErrInvalidConfig: New refused the
	// Config.
	ErrInvalidConfig = riskscore.ErrInvalidConfig
)

// Operations named in errors.
const (
	OpLookup         = "lookup"
	OpAdvancedSearch = "advanced_search"
	OpRiskScores     = "risk_scores"
)

// Error is a SecZetta failure. Its text names the operation, the kind, the
// HTTP status and the cause; never the API key, the looked-up value or a
// response body.
type Error struct {
	// Op is OpLookup, OpAdvancedSearch or OpRiskScores.
	Op string
	// Kind is one of the Err* kinds above.
	Kind error
	// StatusCode is the HTTP status, 0 when no answer arrived.
	StatusCode int
	// Attempts is how many requests were made.
	Attempts int
	// Err is the cause (an *httpx.TransportError, a decoding error), if
	// any.
	Err error

	redactor *httpx.Redactor
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("seczetta: ")
	b.WriteString(e.Op)
	b.WriteString(": ")
	if e.Kind != nil {
		b.WriteString(strings.TrimPrefix(e.Kind.Error(), "seczetta: "))
	} else {
		b.WriteString("error")
	}
	if e.StatusCode != 0 {
		b.WriteString(" (HTTP ")
		b.WriteString(strconv.Itoa(e.StatusCode))
		if e.Attempts > 1 {
			b.WriteString(", ")
			b.WriteString(strconv.Itoa(e.Attempts))
			b.WriteString(" attempts")
		}
		b.WriteByte(')')
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if h := e.hint(); h != "" {
		b.WriteString("; ")
		b.WriteString(h)
	}
	return e.redactor.String(b.String())
}

// hint says what to check when the likely cause is the Client's
// configuration.
func (e *Error) hint() string {
	switch {
	case e.Kind == ErrUnauthorized && e.StatusCode == 403:
		return "SecZetta accepted the API key but refused this request: give the key's account the right to run " +
			"Advanced Search on profiles and to read their risk scores"
	case e.Kind == ErrUnauthorized:
		return "SecZetta refused the API key: check that APIKey is a current API token of this tenant (BaseURL) " +
			"and that AuthScheme (token or bearer) is the one the tenant expects"
	case e.Kind == ErrUnexpectedStatus && e.StatusCode == 404:
		return "check BaseURL: the SecZetta tenant's origin, e.g. https://TENANT.nonemployee.com, without /api"
	}
	return ""
}

// Is matches Kind and its riskscore counterpart.
func (e *Error) Is(target error) bool {
	if target == nil {
		return false
	}
	if target == e.Kind {
		return true
	}
	switch e.Kind {
	case ErrProfileNotFound, ErrNoLookupValue:
		return target == riskscore.ErrSubjectNotFound
	case ErrNoScore:
		return target == riskscore.ErrNoScore
	case ErrRateLimited:
		return target == riskscore.ErrRateLimited || target == riskscore.ErrUnavailable
	case ErrUnavailable:
		return target == riskscore.ErrUnavailable
	case ErrUnauthorized:
		return target == riskscore.ErrUnauthorized
	case ErrMalformed:
		return target == riskscore.ErrMalformed
	case ErrAmbiguousProfile:
		return target == riskscore.ErrAmbiguousSubject
	}
	return false
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }
