package riskscore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
)

// Provider-independent kinds of failure. Providers return errors that match
// these with [errors.Is] (riskscore/seczetta's errors do), so that a host can
// react without knowing which provider it runs on, and so that claims can
// carry a short error code ([ErrorCode]).
var (
	// ErrSubjectNotFound: the provider does not know the subject.
	ErrSubjectNotFound = errors.New("riskscore: subject not found")
	// ErrNoScore: the subject is known but has no score.
	ErrNoScore = errors.New("riskscore: no score for subject")
	// ErrUnavailable: the provider could not be reached or asked to be
	// left alone (5xx, rate limited, connection failures).
	ErrUnavailable = errors.New("riskscore: provider unavailable")
	// ErrRateLimited: the provider refused for now (HTTP 429). It wraps
	// ErrUnavailable: errors.Is(ErrRateLimited, ErrUnavailable) holds.
	ErrRateLimited = fmt.Errorf("%w: rate limited", ErrUnavailable)
	// ErrUnauthorized: the provider refused the host's credentials (HTTP
	// 401 or 403).
	ErrUnauthorized = errors.New("riskscore: provider refused the credentials")
	// ErrMalformed: the provider answered, but not in the expected form.
	ErrMalformed = errors.New("riskscore: malformed provider answer")
	// ErrAmbiguousSubject: several of the provider's records match the
	// subject and none could be chosen.
	ErrAmbiguousSubject = errors.New("riskscore: subject is ambiguous")
	// ErrBreakerOpen: the Evaluator's circuit breaker around the provider
	// is open (or half-open with its probes out), so the provider was not
	// asked. It wraps ErrUnavailable.
	ErrBreakerOpen = fmt.Errorf("%w: circuit breaker open", ErrUnavailable)
	// ErrRecentFailure: the provider failed for this subject moments ago
	// and the failure is cached (EvaluatorConfig.FailureTTL), so it was
	// not asked again. The error also matches the original failure's
	// kind (ErrUnavailable, context.DeadlineExceeded, ...), so ErrorCode
	// gives the original code.
	ErrRecentFailure = errors.New("riskscore: provider failed recently")
	// ErrProviderPanic: the provider panicked; the Evaluator recovered.
	ErrProviderPanic = errors.New("riskscore: provider panicked")
	// ErrInvalidConfig: a Policy, EvaluatorConfig or provider
	// configuration was refused. Every such error is (or joins) one or
	// more *FieldError naming the field.
	ErrInvalidConfig = errors.New("riskscore: invalid configuration")
)

// Error codes, as [ErrorCode] returns them and claims carry them.
const (
	CodeTimeout      = "timeout"      // context.DeadlineExceeded
	CodeCanceled     = "canceled"     // context.Canceled
	CodeBreakerOpen  = "breaker_open" // ErrBreakerOpen
	CodeRateLimited  = "rate_limited" // ErrRateLimited
	CodeUnauthorized = "unauthorized" // ErrUnauthorized
	CodeMalformed    = "malformed"    // ErrMalformed
	CodeAmbiguous    = "ambiguous"    // ErrAmbiguousSubject
	CodeNotFound     = "not_found"    // ErrSubjectNotFound
	CodeNoScore      = "no_score"     // ErrNoScore
	CodeUnavailable  = "unavailable"  // ErrUnavailable
	CodeError        = "error"        // anything else
)

// ErrorCode returns a short, stable, non-secret code for err, as put in
// claims: "timeout", "canceled", "breaker_open", "rate_limited", "unauthorized",
// "malformed", "ambiguous", "not_found", "no_score", "unavailable" (checked
// in that order), "error" for anything else, and "" for nil.
func ErrorCode(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout
	case errors.Is(err, context.Canceled):
		return CodeCanceled
	case errors.Is(err, ErrBreakerOpen):
		return CodeBreakerOpen
	case errors.Is(err, ErrRateLimited):
		return CodeRateLimited
	case errors.Is(err, ErrUnauthorized):
		return CodeUnauthorized
	case errors.Is(err, ErrMalformed):
		return CodeMalformed
	case errors.Is(err, ErrAmbiguousSubject):
		return CodeAmbiguous
	case errors.Is(err, ErrSubjectNotFound):
		return CodeNotFound
	case errors.Is(err, ErrNoScore):
		return CodeNoScore
	case errors.Is(err, ErrUnavailable):
		return CodeUnavailable
	}
	return CodeError
}

// recentFailure is a cached failure, read back by its code.
type recentFailure struct{ code string }

func (e *recentFailure) Error() string {
	return "riskscore: provider failed recently (" + e.code + "); not asked again until the cached failure expires"
}

// Is matches ErrRecentFailure and the kind the code stands for.
func (e *recentFailure) Is(target error) bool {
	if target == ErrRecentFailure {
		return true
	}
	switch e.code {
	case CodeTimeout:
		return target == context.DeadlineExceeded
	case CodeCanceled:
		return target == context.Canceled
	case CodeRateLimited:
		return target == ErrRateLimited || target == ErrUnavailable
	case CodeUnauthorized:
		return target == ErrUnauthorized
	case CodeMalformed:
		return target == ErrMalformed
	case CodeAmbiguous:
		return target == ErrAmbiguousSubject
	case CodeNotFound:
		return target == ErrSubjectNotFound
	case CodeNoScore:
		return target == ErrNoScore
	case CodeUnavailable:
		return target == ErrUnavailable
	}
	return false
}

// FieldError is one refused configuration field. It matches
// ErrInvalidConfig with errors.Is. Its text names the field, what is
// wrong and what to do; it shows no value that may be a secret (numbers
// such as thresholds are shown).
type FieldError struct {
	// Struct is the qualified type, e.g. "riskscore.Policy" or
	// "seczetta.Config".
	Struct string
	// Field is the Go field name, e.g. "MaxRisk".
	Field string
	// Problem says what is wrong, e.g. "is 5, not greater than
	// AllowableRisk (7.5)".
	Problem string
	// Fix says what to do, naming the fields to set (may be empty).
	Fix string
}

func (e *FieldError) Error() string {
	s := e.Struct + "." + e.Field + ": " + e.Problem
	if e.Fix != "" {
		s += "; " + e.Fix
	}
	return s
}

// Is reports whether target is ErrInvalidConfig.
func (e *FieldError) Is(target error) bool { return target == ErrInvalidConfig }

// What to do about a Policy whose thresholds are unset or refused.
const (
	fixDefaultPolicy = "start from riskscore.DefaultPolicy() (MFA above 5, deny at 7.5)"
	fixPolicy        = fixDefaultPolicy + ", or set MaxRisk (deny at or above) greater than AllowableRisk (MFA above), both 0 or more"
)

// Validate checks p: both thresholds finite, AllowableRisk >= 0, MaxRisk >
// AllowableRisk, DenyMessage at most 1024 characters of valid UTF-8 without
// control characters. The error joins one *FieldError per problem; the
// zero Policy (thresholds unset) is one error pointing at DefaultPolicy.
func (p Policy) Validate() error {
	const st = "riskscore.Policy"
	var errs []error
	add := func(field, problem, fix string) {
		errs = append(errs, &FieldError{Struct: st, Field: field, Problem: problem, Fix: fix})
	}
	if p.AllowableRisk == 0 && p.MaxRisk == 0 {
		add("MaxRisk", "is 0, like AllowableRisk: the thresholds are not set", fixPolicy)
	}
	finite := true
	for _, f := range []struct {
		name string
		v    float64
	}{{"AllowableRisk", p.AllowableRisk}, {"MaxRisk", p.MaxRisk}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			add(f.name, "must be a finite number", "give a score, e.g. "+num(DefaultMaxRisk))
			finite = false
		}
	}
	if finite {
		for _, err := range structErrors(st, p.rules()) {
			fe, ok := err.(*FieldError)
			switch {
			case !ok:
			case fe.Field == "MaxRisk" && len(errs) > 0:
				continue // the zero Policy: said above
			case fe.Field == "MaxRisk":
				fe.Problem = "is " + num(p.MaxRisk) + ", not greater than AllowableRisk (" + num(p.AllowableRisk) + ")"
				fe.Fix = "denial starts at MaxRisk, MFA above AllowableRisk: swap them if they are reversed, or " + fixDefaultPolicy
			case fe.Field == "AllowableRisk":
				fe.Problem = "is " + num(p.AllowableRisk) + ", below 0"
				fe.Fix = "scores are 0 or more: set the score above which MFA is asked (" + num(DefaultAllowableRisk) + " in riskscore.DefaultPolicy())"
			case fe.Field == "DenyMessage":
				fe.Fix = "shorten it, or leave it empty for DefaultDenyMessage"
			}
			errs = append(errs, err)
		}
	}
	if !utf8.ValidString(p.DenyMessage) || strings.ContainsFunc(p.DenyMessage, isControl) {
		add("DenyMessage", "must be valid UTF-8 without control characters", "write it on one line, or leave it empty for DefaultDenyMessage")
	}
	return errors.Join(errs...)
}

// nestFieldErrors re-reports the *FieldError of a nested struct's
// Validate as fields of the outer struct (st, prefix "Policy."), so that
// the message names the setting as the caller wrote it:
// "riskscore.EvaluatorConfig.Policy.MaxRisk". Other errors are kept.
func nestFieldErrors(err error, st, prefix string) []error {
	if err == nil {
		return nil
	}
	list := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	}
	out := make([]error, 0, len(list))
	for _, e := range list {
		if fe, ok := e.(*FieldError); ok {
			n := *fe
			n.Struct, n.Field = st, prefix+fe.Field
			e = &n
		}
		out = append(out, e)
	}
	return out
}

// num prints a threshold as given (7.5 stays 7.5).
func num(f float64) string { return string(appendNumber(nil, f)) }

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// policyRules holds the declarative checks of Policy as validator tags,
// out of Policy's documentation; its fields are Policy's, by the same
// names.
type policyRules struct {
	AllowableRisk float64 `validate:"gte=0"`
	MaxRisk       float64 `validate:"gtfield=AllowableRisk"`
	DenyMessage   string  `validate:"max=1024"`
}

// rules converts p: the two structs differ only in their tags.
func (p Policy) rules() policyRules { return policyRules(p) }

// structErrors runs go-playground/validator over s and turns its field
// errors into *FieldError.
func structErrors(structName string, s any) []error {
	v := validator.New(validator.WithRequiredStructEnabled())
	err := v.Struct(s)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return []error{&FieldError{Struct: structName, Field: "?", Problem: err.Error()}}
	}
	out := make([]error, 0, len(ves))
	for _, fe := range ves {
		out = append(out, &FieldError{Struct: structName, Field: fe.StructField(), Problem: describeTag(fe)})
	}
	return out
}

func describeTag(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "gte":
		return "must be >= " + fe.Param()
	case "gt":
		return "must be > " + fe.Param()
	case "gtfield":
		return "must be greater than " + fe.Param()
	case "max":
		if fe.Kind() == reflect.String {
			return "must be at most " + fe.Param() + " characters"
		}
		return "must be at most " + fe.Param()
	case "min":
		if fe.Kind() == reflect.String {
			return "must be at least " + fe.Param() + " characters"
		}
		return "must be at least " + fe.Param()
	}
	return fmt.Sprintf("fails the %q rule", fe.Tag())
}
