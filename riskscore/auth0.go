package riskscore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/authlens/authlens/riskscore/internal/strictjson"
)

// auth0Schema is the member names of Auth0Assessment, computed once and
// never changed.
var auth0Schema = sync.OnceValue(func() *strictjson.Schema {
	return strictjson.SchemaOf(reflect.TypeFor[Auth0Assessment]())
})

// Auth0Source is the Source of decisions made from Auth0's risk assessment.
const Auth0Source = "auth0"

// DefaultAuth0DenyMessage is shown when Auth0's assessment denies a login.
const DefaultAuth0DenyMessage = "Login blocked: this sign-in looks too risky"

// MaxAuth0AssessmentBytes bounds the JSON ParseAuth0Assessment accepts.
const MaxAuth0AssessmentBytes = 16 << 10

// Auth0Assessment is Auth0's Adaptive MFA risk assessment as an Action sees
// it in event.authentication.riskAssessment:
//
//	{"confidence": "low", "version": "1",
//	 "assessments": {"UntrustedIP": {"confidence": "low", "code": "found_on_deny_list", "details": {...}},
//	                 "NewDevice": {...}, "ImpossibleTravel": {...}}}
type Auth0Assessment struct {
	// Confidence is the overall confidence that the login is legitimate:
	// "low", "medium", "high" or "neutral".
	Confidence string `json:"confidence"`
	// Version of the assessment format ("1").
	Version string `json:"version"`
	// Assessments by assessor name (UntrustedIP, NewDevice,
	// ImpossibleTravel, ...).
	Assessments map[string]Auth0Assessor `json:"assessments"`
}

// Auth0Assessor is one of Auth0's individual assessments.
type Auth0Assessor struct {
	Confidence string `json:"confidence"`
	// Code, e.g. "found_on_deny_list", "no_match",
	// "impossible_travel_from_last_login".
	Code string `json:"code"`
	// Details as Auth0 sent them (IP, device, locations); kept raw.
	Details json.RawMessage `json:"details,omitempty"`
}

// ParseAuth0Assessment decodes Auth0's riskAssessment JSON. It must be one
// JSON object (at most MaxAuth0AssessmentBytes) of valid UTF-8; unknown
// fields are ignored. Member names match exactly, as the Action's
// JavaScript reads them: a duplicate member, or a member whose name differs
// from a known field's only by case ("Confidence", "CODE"), is refused
// rather than read the way encoding/json would (case-insensitively, the
// last duplicate winning).
func ParseAuth0Assessment(raw []byte) (Auth0Assessment, error) {
	var a Auth0Assessment
	if len(raw) > MaxAuth0AssessmentBytes {
		return a, fmt.Errorf("riskscore: auth0 risk assessment larger than %d bytes", MaxAuth0AssessmentBytes)
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return a, errors.New("riskscore: auth0 risk assessment is not a JSON object")
	}
	if err := strictjson.Unmarshal(raw, auth0Schema(), &a); err != nil {
		return Auth0Assessment{}, fmt.Errorf("riskscore: decoding auth0 risk assessment: %w", err)
	}
	return a, nil
}

// Auth0Policy maps Auth0's risk assessment to an Outcome. The mapping:
//
//   - An assessor whose code is listed in DenyCodes denies
//     (ReasonDenyCode), whatever the overall confidence.
//   - Otherwise the overall confidence decides: Low (default MFA), Medium
//     (default Allow), High (default Allow), Neutral (default Allow: Auth0
//     reserves it and does not ask for MFA on it), and Unknown (default
//     MFA) for a missing or unrecognised confidence or an assessment that
//     cannot be decoded.
//
// Zero Outcome fields take those defaults, so the zero Auth0Policy is
// Auth0's own Adaptive MFA rule: MFA on low confidence only. The decision's
// Detail lists the assessors that were not high confidence, e.g.
// "ImpossibleTravel=low(impossible_travel_from_last_login)".
type Auth0Policy struct {
	Low, Medium, High, Neutral, Unknown Outcome
	// DenyCodes are assessor codes that deny outright, e.g.
	// "found_on_deny_list", "impossible_travel_from_last_login".
	DenyCodes []string
	// DenyMessage replaces DefaultAuth0DenyMessage. No placeholders.
	DenyMessage string
}

// DefaultAuth0Policy returns the zero policy's effective settings: MFA on
// low or unknown confidence, allow otherwise, nothing denied outright.
func DefaultAuth0Policy() Auth0Policy {
	return Auth0Policy{Low: MFA, Medium: Allow, High: Allow, Neutral: Allow, Unknown: MFA}
}

// Validate checks that every set outcome is valid and DenyMessage is short
// printable text.
func (p Auth0Policy) Validate() error {
	const st = "riskscore.Auth0Policy"
	var errs []error
	for _, f := range []struct {
		name string
		o    Outcome
	}{{"Low", p.Low}, {"Medium", p.Medium}, {"High", p.High}, {"Neutral", p.Neutral}, {"Unknown", p.Unknown}} {
		if f.o != 0 && !f.o.Valid() {
			errs = append(errs, &FieldError{Struct: st, Field: f.name, Problem: "must be allow, mfa or deny",
				Fix: "use riskscore.Allow, riskscore.MFA or riskscore.Deny, or leave it zero for Auth0's own rule"})
		}
	}
	for _, c := range p.DenyCodes {
		if c == "" {
			errs = append(errs, &FieldError{Struct: st, Field: "DenyCodes", Problem: "must not hold an empty code",
				Fix: "remove the empty entry"})
			break
		}
	}
	if len(p.DenyMessage) > 1024 || strings.ContainsFunc(p.DenyMessage, isControl) {
		errs = append(errs, &FieldError{Struct: st, Field: "DenyMessage", Problem: "must be at most 1024 bytes without control characters",
			Fix: "shorten it and keep it on one line, or leave it empty for the default"})
	}
	return errors.Join(errs...)
}

func or(o, def Outcome) Outcome {
	if o == 0 {
		return def
	}
	return o
}

// Decide maps a to a Decision with Source "auth0" and a NaN Score.
func (p Auth0Policy) Decide(a Auth0Assessment) Decision {
	d := Decision{Source: Auth0Source, Score: nan(), template: p.DenyMessage}
	if d.template == "" {
		d.template = DefaultAuth0DenyMessage
	}
	names := make([]string, 0, len(a.Assessments))
	for name := range a.Assessments {
		names = append(names, name)
	}
	slices.Sort(names)
	var detail strings.Builder
	denied := false
	for _, name := range names {
		as := a.Assessments[name]
		if as.Code != "" && slices.Contains(p.DenyCodes, as.Code) {
			denied = true
		}
		if as.Confidence == "high" {
			continue
		}
		if detail.Len() > 0 {
			detail.WriteString(", ")
		}
		detail.WriteString(clean(name))
		detail.WriteByte('=')
		detail.WriteString(clean(as.Confidence))
		if as.Code != "" {
			detail.WriteByte('(')
			detail.WriteString(clean(as.Code))
			detail.WriteByte(')')
		}
	}
	d.Detail = detail.String()
	switch {
	case denied:
		d.Outcome, d.Reason = Deny, ReasonDenyCode
	case a.Confidence == "low":
		d.Outcome, d.Reason = or(p.Low, MFA), ReasonConfidenceLow
	case a.Confidence == "medium":
		d.Outcome, d.Reason = or(p.Medium, Allow), ReasonConfidenceMedium
	case a.Confidence == "high":
		d.Outcome, d.Reason = or(p.High, Allow), ReasonConfidenceHigh
	case a.Confidence == "neutral":
		d.Outcome, d.Reason = or(p.Neutral, Allow), ReasonConfidenceNeutral
	default:
		d.Outcome, d.Reason = or(p.Unknown, MFA), ReasonConfidenceUnknown
	}
	return d
}

// DecideJSON parses raw (see ParseAuth0Assessment) and decides it; an
// assessment that cannot be parsed is decided as an unknown confidence
// with ReasonAssessmentMalformed.
func (p Auth0Policy) DecideJSON(raw []byte) Decision {
	a, err := ParseAuth0Assessment(raw)
	if err != nil {
		d := p.Decide(Auth0Assessment{})
		d.Reason = ReasonAssessmentMalformed
		return d
	}
	return p.Decide(a)
}

// clean keeps names and codes from Auth0 printable and short in Detail.
func clean(s string) string {
	s = truncate(s, 64)
	if strings.ContainsFunc(s, func(r rune) bool { return isControl(r) || r == ',' || r == '=' || r == '(' || r == ')' }) {
		return "?"
	}
	return s
}
