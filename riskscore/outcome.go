package riskscore

import (
	"fmt"
	"strconv"
)

// Outcome is what a login should do. Outcomes are ordered by strictness:
// Allow < MFA < Deny, so the strictest of several is the largest.
//
// The zero value is not a valid outcome (it is neither Allow nor anything
// else): a forgotten or uninitialised Decision never lets a login through.
// [Combine] treats an invalid outcome as Deny.
type Outcome uint8

const (
	// Allow lets the login continue without a further factor.
	Allow Outcome = iota + 1
	// MFA requires a second factor before the login continues.
	MFA
	// Deny refuses the login.
	Deny
)

// Valid reports whether o is Allow, MFA or Deny.
func (o Outcome) Valid() bool { return o >= Allow && o <= Deny }

// String returns "allow", "mfa" or "deny" ("Outcome(N)" for invalid
// values).
func (o Outcome) String() string {
	switch o {
	case Allow:
		return "allow"
	case MFA:
		return "mfa"
	case Deny:
		return "deny"
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

// MarshalText encodes o as "allow", "mfa" or "deny"; invalid outcomes are an
// error, so that an invalid outcome never reaches a token or a caller.
func (o Outcome) MarshalText() ([]byte, error) {
	if !o.Valid() {
		return nil, fmt.Errorf("riskscore: cannot marshal invalid outcome %d", uint8(o))
	}
	return []byte(o.String()), nil
}

// UnmarshalText parses "allow", "mfa" or "deny".
func (o *Outcome) UnmarshalText(b []byte) error {
	v, err := ParseOutcome(string(b))
	if err != nil {
		return err
	}
	*o = v
	return nil
}

// ParseOutcome parses "allow", "mfa" or "deny" (exactly, lower case).
func ParseOutcome(s string) (Outcome, error) {
	switch s {
	case "allow":
		return Allow, nil
	case "mfa":
		return MFA, nil
	case "deny":
		return Deny, nil
	}
	return 0, fmt.Errorf("riskscore: unknown outcome %q (want allow, mfa or deny)", truncate(s, 32))
}

// strictness ranks o for combination: invalid outcomes count as Deny.
func (o Outcome) strictness() Outcome {
	if !o.Valid() {
		return Deny
	}
	return o
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// Reason says why a Decision came out as it did. Reasons are stable codes
// (their text form is used in claims and JSON), not prose.
type Reason uint8

const (
	// ReasonNone is the zero Reason; no decision made by this package
	// carries it.
	ReasonNone Reason = iota
	// ReasonWithinAllowable: score <= AllowableRisk (allow).
	ReasonWithinAllowable
	// ReasonAboveAllowable: AllowableRisk < score < MaxRisk (MFA).
	ReasonAboveAllowable
	// ReasonAtOrAboveMax: score >= MaxRisk (deny).
	ReasonAtOrAboveMax
	// ReasonScoreNaN: the score is NaN (deny).
	ReasonScoreNaN
	// ReasonScoreInfinite: the score is +Inf or -Inf (deny).
	ReasonScoreInfinite
	// ReasonScoreNegative: the score is below zero (deny).
	ReasonScoreNegative
	// ReasonInvalidPolicy: the policy's thresholds are not valid (deny);
	// see [Policy.Validate].
	ReasonInvalidPolicy
	// ReasonProviderError: the provider gave no score (deny, or allow when
	// the Evaluator authenticates on error).
	ReasonProviderError
	// ReasonNoSignal: nothing was combined (deny).
	ReasonNoSignal
	// ReasonConfidenceLow .. ReasonConfidenceUnknown: the overall
	// confidence of Auth0's risk assessment.
	ReasonConfidenceLow
	ReasonConfidenceMedium
	ReasonConfidenceHigh
	ReasonConfidenceNeutral
	ReasonConfidenceUnknown
	// ReasonDenyCode: one of Auth0's assessments returned a code listed in
	// [Auth0Policy.DenyCodes] (deny).
	ReasonDenyCode
	// ReasonAssessmentMalformed: Auth0's risk assessment could not be
	// decoded; decided as an unknown confidence.
	ReasonAssessmentMalformed
	// ReasonBreakerOpen: the provider was not asked because the
	// Evaluator's circuit breaker around it is open (deny, or allow when
	// the Evaluator authenticates on error).
	ReasonBreakerOpen
	reasonCount
)

func (r Reason) code() string {
	switch r {
	case ReasonNone:
		return "none"
	case ReasonWithinAllowable:
		return "score_within_allowable"
	case ReasonAboveAllowable:
		return "score_above_allowable"
	case ReasonAtOrAboveMax:
		return "score_at_or_above_max"
	case ReasonScoreNaN:
		return "score_nan"
	case ReasonScoreInfinite:
		return "score_infinite"
	case ReasonScoreNegative:
		return "score_negative"
	case ReasonInvalidPolicy:
		return "invalid_policy"
	case ReasonProviderError:
		return "provider_error"
	case ReasonNoSignal:
		return "no_signal"
	case ReasonConfidenceLow:
		return "confidence_low"
	case ReasonConfidenceMedium:
		return "confidence_medium"
	case ReasonConfidenceHigh:
		return "confidence_high"
	case ReasonConfidenceNeutral:
		return "confidence_neutral"
	case ReasonConfidenceUnknown:
		return "confidence_unknown"
	case ReasonDenyCode:
		return "assessment_deny_code"
	case ReasonAssessmentMalformed:
		return "assessment_malformed"
	case ReasonBreakerOpen:
		return "breaker_open"
	}
	return ""
}

// String returns the reason's stable code, e.g. "score_above_allowable".
func (r Reason) String() string {
	if c := r.code(); c != "" {
		return c
	}
	return "Reason(" + strconv.Itoa(int(r)) + ")"
}

// MarshalText encodes r as its code.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText parses a reason code.
func (r *Reason) UnmarshalText(b []byte) error {
	for i := ReasonNone; i < reasonCount; i++ {
		if i.code() == string(b) {
			*r = i
			return nil
		}
	}
	return fmt.Errorf("riskscore: unknown reason %q", truncate(string(b), 32))
}
