package riskscore

import (
	"math"
	"strconv"
	"strings"
)

// DefaultDenyMessage is the message of a score-based denial unless the
// Policy gives its own. It renders as SecZetta's Auth0 Action's
// "A 8.25 Risk score is too high. Maximum acceptable risk is 7.5".
const DefaultDenyMessage = "A {score} Risk score is too high. Maximum acceptable risk is {max}"

// Fixed messages for denials that are not about a score being too high.
// They carry no placeholder and no detail of the cause.
const (
	// MessageInvalidScore is shown when the provider's score is NaN,
	// infinite or negative.
	MessageInvalidScore = "Risk score could not be evaluated"
	// MessageUnavailable is shown when no usable score was available: the
	// provider failed, the policy is invalid, or no signal was combined.
	MessageUnavailable = "Risk could not be assessed"
)

// Default thresholds suggested by SecZetta's Auth0 integration.
const (
	DefaultAllowableRisk = 5
	DefaultMaxRisk       = 7.5
)

// Policy holds the thresholds that turn a risk score into an Outcome.
//
// A score above AllowableRisk requires MFA; a score at or above MaxRisk is
// denied. Thresholds are float64: 7.5 stays 7.5. Use [Policy.Validate] (or
// [NewEvaluator], which calls it) to check a policy once; [Decide] never
// fails and denies under a policy whose numbers are invalid.
type Policy struct {
	// AllowableRisk: scores above it require MFA. Finite, >= 0.
	AllowableRisk float64
	// MaxRisk: scores at or above it are denied. Finite, > AllowableRisk.
	MaxRisk float64
	// DenyMessage replaces DefaultDenyMessage for score-based denials. The
	// placeholders {score}, {max} and {allowable} are replaced by the
	// numbers as given (strconv 'f', -1: 8.25 prints 8.25, 5 prints 5);
	// other text, including other braces, is kept as is. At most 1024
	// characters of valid UTF-8, no control characters.
	DenyMessage string
}

// DefaultPolicy returns SecZetta's suggested policy: MFA above 5, deny at
// 7.5 and above, the default deny message.
func DefaultPolicy() Policy {
	return Policy{AllowableRisk: DefaultAllowableRisk, MaxRisk: DefaultMaxRisk}
}

// thresholdsValid is the allocation-free part of Validate that Decide
// relies on.
func (p Policy) thresholdsValid() bool {
	return p.AllowableRisk >= 0 && p.MaxRisk > p.AllowableRisk && // false for NaN
		!math.IsInf(p.MaxRisk, 1) // AllowableRisk < MaxRisk < +Inf: both finite
}

// Decision is the outcome for one score under one policy, or for one
// signal of several. It is a small value: no pointers to shared state, no
// allocation to make one. The user-facing text is rendered on demand by
// [Decision.Message] or [Decision.AppendMessage].
type Decision struct {
	// Outcome is Allow, MFA or Deny.
	Outcome Outcome
	// Reason says why.
	Reason Reason
	// Score is the score decided on; NaN when there was none (provider
	// error, Auth0 assessment).
	Score float64
	// AllowableRisk and MaxRisk are the thresholds applied (zero when the
	// decision did not come from a threshold policy).
	AllowableRisk, MaxRisk float64
	// Source names the signal ("seczetta", "auth0", ...); empty for a
	// bare Decide.
	Source string
	// Detail is a short, non-secret explanation that some signals add
	// (e.g. which Auth0 assessments were low); empty for Decide.
	Detail string

	// template is the deny message template; "" means the default one.
	template string
}

// Decide turns a risk score into a Decision under p. It is pure, never
// fails and does not allocate.
//
//   - MFA when score > p.AllowableRisk; deny when score >= p.MaxRisk;
//     allow otherwise (score <= AllowableRisk).
//   - A NaN, infinite or negative score is denied, with ReasonScoreNaN,
//     ReasonScoreInfinite or ReasonScoreNegative: a broken or hostile
//     provider must not be able to let a login through. (-0 is not
//     negative.)
//   - A policy whose thresholds [Policy.Validate] would refuse (NaN,
//     infinite, negative, MaxRisk <= AllowableRisk, the zero Policy)
//     denies every score with ReasonInvalidPolicy.
func Decide(score float64, p Policy) Decision {
	d := Decision{Score: score, AllowableRisk: p.AllowableRisk, MaxRisk: p.MaxRisk, template: p.DenyMessage}
	switch {
	case !p.thresholdsValid():
		d.Outcome, d.Reason, d.template = Deny, ReasonInvalidPolicy, MessageUnavailable
	case score != score:
		d.Outcome, d.Reason, d.template = Deny, ReasonScoreNaN, MessageInvalidScore
	case math.IsInf(score, 0):
		d.Outcome, d.Reason, d.template = Deny, ReasonScoreInfinite, MessageInvalidScore
	case score < 0:
		d.Outcome, d.Reason, d.template = Deny, ReasonScoreNegative, MessageInvalidScore
	case score >= p.MaxRisk:
		d.Outcome, d.Reason = Deny, ReasonAtOrAboveMax
	case score > p.AllowableRisk:
		d.Outcome, d.Reason = MFA, ReasonAboveAllowable
	default:
		d.Outcome, d.Reason = Allow, ReasonWithinAllowable
	}
	return d
}

// Message returns the text to show the user when the outcome is Deny (the
// policy's template with the numbers filled in, or a fixed text for
// denials that are not about the score's size); "" for Allow and MFA.
func (d Decision) Message() string {
	if d.Outcome == Allow || d.Outcome == MFA {
		return ""
	}
	var buf [256]byte
	return string(d.AppendMessage(buf[:0]))
}

// AppendMessage appends Message to dst; it does not allocate when dst has
// room.
func (d Decision) AppendMessage(dst []byte) []byte {
	if d.Outcome == Allow || d.Outcome == MFA {
		return dst
	}
	t := d.template
	if t == "" {
		t = DefaultDenyMessage
		if !d.Outcome.Valid() {
			t = MessageUnavailable
		}
	}
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			return append(dst, t...)
		}
		dst = append(dst, t[:i]...)
		t = t[i:]
		switch {
		case strings.HasPrefix(t, "{score}"):
			dst = appendNumber(dst, d.Score)
			t = t[len("{score}"):]
		case strings.HasPrefix(t, "{max}"):
			dst = appendNumber(dst, d.MaxRisk)
			t = t[len("{max}"):]
		case strings.HasPrefix(t, "{allowable}"):
			dst = appendNumber(dst, d.AllowableRisk)
			t = t[len("{allowable}"):]
		default:
			dst = append(dst, '{')
			t = t[1:]
		}
	}
}

// appendNumber prints f as given: the shortest decimal that reads back as
// f, never rounded to an integer, never in exponent form.
func appendNumber(dst []byte, f float64) []byte {
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}

// String describes d for logs, e.g. "mfa (seczetta: score_above_allowable,
// score 6)".
func (d Decision) String() string {
	var b strings.Builder
	b.WriteString(d.Outcome.String())
	b.WriteString(" (")
	if d.Source != "" {
		b.WriteString(d.Source)
		b.WriteString(": ")
	}
	b.WriteString(d.Reason.String())
	if d.Score == d.Score { // not NaN
		b.WriteString(", score ")
		b.Write(appendNumber(nil, d.Score))
	}
	if d.Detail != "" {
		b.WriteString(", ")
		b.WriteString(d.Detail)
	}
	b.WriteByte(')')
	return b.String()
}

func nan() float64 { return math.NaN() }
