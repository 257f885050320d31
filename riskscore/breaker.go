package riskscore

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/sony/gobreaker/v2"
)

// Breaker defaults.
const (
	DefaultBreakerFailures = 5
	DefaultBreakerOpenFor  = 5 * time.Second
	DefaultBreakerProbes   = 1
)

// BreakerConfig configures the circuit breaker the Evaluator puts around
// each provider (one per signal, per Evaluator: per replica). The zero
// value is the default breaker.
//
// Failures that open it are those of an upstream in trouble: timeouts,
// "unavailable" and "rate_limited" answers, malformed answers, panics and
// unclassified errors. Answers about the subject ("not_found", "no_score",
// "ambiguous") and refused credentials ("unauthorized") are answers: they
// keep it closed.
type BreakerConfig struct {
	// Disabled turns the breaker off: every lookup reaches the provider.
	Disabled bool
	// Failures is the number of consecutive failures that open the
	// breaker (default DefaultBreakerFailures).
	Failures int
	// OpenFor is how long it stays open, failing lookups at once with
	// ErrBreakerOpen, before letting Probes lookups through (default
	// DefaultBreakerOpenFor).
	OpenFor time.Duration
	// Probes is the number of lookups let through while half-open; that
	// many successes close the breaker, one failure opens it again
	// (default DefaultBreakerProbes).
	Probes int
}

func (c BreakerConfig) validate(st, prefix string) []error {
	var errs []error
	if c.Failures < 0 || c.Failures > 1<<20 {
		errs = append(errs, &FieldError{Struct: st, Field: prefix + "Failures", Problem: "must be between 0 and 1048576",
			Fix: "0 means DefaultBreakerFailures; set Disabled to turn the breaker off"})
	}
	if c.OpenFor < 0 {
		errs = append(errs, &FieldError{Struct: st, Field: prefix + "OpenFor", Problem: "must not be negative",
			Fix: "0 means DefaultBreakerOpenFor (" + DefaultBreakerOpenFor.String() + ")"})
	}
	if c.Probes < 0 || c.Probes > 1<<20 {
		errs = append(errs, &FieldError{Struct: st, Field: prefix + "Probes", Problem: "must be between 0 and 1048576",
			Fix: "0 means DefaultBreakerProbes"})
	}
	return errs
}

// BreakerState is a circuit breaker's state.
type BreakerState uint8

const (
	// BreakerClosed: lookups reach the provider.
	BreakerClosed BreakerState = iota
	// BreakerHalfOpen: a few probe lookups reach the provider; the others
	// fail at once with ErrBreakerOpen.
	BreakerHalfOpen
	// BreakerOpen: every lookup fails at once with ErrBreakerOpen.
	BreakerOpen
)

// String returns "closed", "half_open" or "open".
func (s BreakerState) String() string {
	switch s {
	case BreakerClosed:
		return "closed"
	case BreakerHalfOpen:
		return "half_open"
	case BreakerOpen:
		return "open"
	}
	return "BreakerState(" + strconv.Itoa(int(s)) + ")"
}

func stateOf(s gobreaker.State) BreakerState {
	switch s {
	case gobreaker.StateHalfOpen:
		return BreakerHalfOpen
	case gobreaker.StateOpen:
		return BreakerOpen
	}
	return BreakerClosed
}

// breaker wraps a gobreaker two-step breaker; nil means no breaker.
type breaker struct {
	cb *gobreaker.TwoStepCircuitBreaker[struct{}]
}

func newBreaker(name string, c BreakerConfig, onChange func(from, to BreakerState)) *breaker {
	if c.Disabled {
		return nil
	}
	failures := uint32(c.Failures)
	if failures == 0 {
		failures = DefaultBreakerFailures
	}
	probes := uint32(c.Probes)
	if probes == 0 {
		probes = DefaultBreakerProbes
	}
	openFor := c.OpenFor
	if openFor == 0 {
		openFor = DefaultBreakerOpenFor
	}
	return &breaker{cb: gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
		Name:        name,
		MaxRequests: probes,
		Timeout:     openFor,
		ReadyToTrip: func(c gobreaker.Counts) bool { return c.ConsecutiveFailures >= failures },
		// Called under the breaker's lock: onChange must not call back.
		OnStateChange: func(_ string, from, to gobreaker.State) { onChange(stateOf(from), stateOf(to)) },
		IsSuccessful:  func(err error) bool { return !breakerFailure(err) },
		IsExcluded:    func(err error) bool { return errors.Is(err, context.Canceled) },
	})}
}

// allow asks the breaker for a lookup; done reports its error.
func (b *breaker) allow() (done func(error), err error) {
	if b == nil {
		return func(error) {}, nil
	}
	done, err = b.cb.Allow()
	if err != nil {
		return nil, ErrBreakerOpen
	}
	return done, nil
}

func (b *breaker) state() BreakerState {
	if b == nil {
		return BreakerClosed
	}
	return stateOf(b.cb.State())
}

// breakerFailure reports whether err says the upstream is in trouble.
func breakerFailure(err error) bool {
	switch ErrorCode(err) {
	case "", CodeNotFound, CodeNoScore, CodeAmbiguous, CodeUnauthorized, CodeCanceled:
		return false
	}
	return true
}
