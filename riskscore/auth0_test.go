package riskscore_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/authlens/authlens/riskscore"
)

const lowAssessment = `{
  "confidence": "low",
  "version": "1",
  "assessments": {
    "UntrustedIP": {"confidence": "high", "code": "not_found_on_deny_list"},
    "NewDevice": {"confidence": "low", "code": "no_match", "details": {"device": "unknown"}},
    "ImpossibleTravel": {"confidence": "low", "code": "impossible_travel_from_last_login"}
  }
}`

func TestAuth0PolicyDecide(t *testing.T) {
	t.Parallel()
	strict := riskscore.Auth0Policy{Low: riskscore.Deny, DenyCodes: []string{"found_on_deny_list"}}
	tests := []struct {
		name   string
		policy riskscore.Auth0Policy
		raw    string
		want   riskscore.Outcome
		reason riskscore.Reason
		detail string
	}{
		{"low: mfa by default", riskscore.Auth0Policy{}, lowAssessment, riskscore.MFA, riskscore.ReasonConfidenceLow,
			"ImpossibleTravel=low(impossible_travel_from_last_login), NewDevice=low(no_match)"},
		{"low: deny when asked", strict, lowAssessment, riskscore.Deny, riskscore.ReasonConfidenceLow, ""},
		{"medium allows", riskscore.Auth0Policy{}, `{"confidence":"medium","version":"1","assessments":{}}`, riskscore.Allow, riskscore.ReasonConfidenceMedium, ""},
		{"medium mfa when asked", riskscore.Auth0Policy{Medium: riskscore.MFA}, `{"confidence":"medium"}`, riskscore.MFA, riskscore.ReasonConfidenceMedium, ""},
		{"high allows", riskscore.Auth0Policy{}, `{"confidence":"high","version":"1"}`, riskscore.Allow, riskscore.ReasonConfidenceHigh, ""},
		{"neutral allows", riskscore.Auth0Policy{}, `{"confidence":"neutral"}`, riskscore.Allow, riskscore.ReasonConfidenceNeutral, ""},
		{"missing confidence: mfa", riskscore.Auth0Policy{}, `{"version":"1"}`, riskscore.MFA, riskscore.ReasonConfidenceUnknown, ""},
		{"unknown confidence: mfa", riskscore.Auth0Policy{}, `{"confidence":"LOW"}`, riskscore.MFA, riskscore.ReasonConfidenceUnknown, ""},
		{"deny code beats high", strict, `{"confidence":"high","assessments":{"UntrustedIP":{"confidence":"high","code":"found_on_deny_list"}}}`,
			riskscore.Deny, riskscore.ReasonDenyCode, ""},
		{"malformed: unknown", riskscore.Auth0Policy{}, `{"confidence":`, riskscore.MFA, riskscore.ReasonAssessmentMalformed, ""},
		{"not an object", riskscore.Auth0Policy{}, `["low"]`, riskscore.MFA, riskscore.ReasonAssessmentMalformed, ""},
		{"wrong types", riskscore.Auth0Policy{}, `{"confidence": 3}`, riskscore.MFA, riskscore.ReasonAssessmentMalformed, ""},
		{"empty", riskscore.Auth0Policy{}, ``, riskscore.MFA, riskscore.ReasonAssessmentMalformed, ""},
		{"too large", riskscore.Auth0Policy{Unknown: riskscore.Deny}, `{"version":"` + strings.Repeat("x", riskscore.MaxAuth0AssessmentBytes) + `"}`, riskscore.Deny, riskscore.ReasonAssessmentMalformed, ""},
		{"hostile names are not echoed", riskscore.Auth0Policy{}, `{"confidence":"low","assessments":{"a,b=c":{"confidence":"low\n","code":"x"}}}`,
			riskscore.MFA, riskscore.ReasonConfidenceLow, "?=?(x)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := tt.policy.DecideJSON([]byte(tt.raw))
			if d.Outcome != tt.want || d.Reason != tt.reason {
				t.Fatalf("DecideJSON = %v/%v, want %v/%v", d.Outcome, d.Reason, tt.want, tt.reason)
			}
			if d.Source != riskscore.Auth0Source || !math.IsNaN(d.Score) {
				t.Errorf("Source %q, Score %v", d.Source, d.Score)
			}
			if tt.detail != "" && d.Detail != tt.detail {
				t.Errorf("Detail = %q, want %q", d.Detail, tt.detail)
			}
			if d.Outcome == riskscore.Deny && d.Message() != riskscore.DefaultAuth0DenyMessage {
				t.Errorf("Message = %q", d.Message())
			}
		})
	}
}

func TestAuth0PolicyValidate(t *testing.T) {
	t.Parallel()
	if err := (riskscore.Auth0Policy{}).Validate(); err != nil {
		t.Fatalf("zero policy: %v", err)
	}
	if err := riskscore.DefaultAuth0Policy().Validate(); err != nil {
		t.Fatalf("default policy: %v", err)
	}
	err := riskscore.Auth0Policy{Low: 9, DenyCodes: []string{""}, DenyMessage: "a\x00"}.Validate()
	if !errors.Is(err, riskscore.ErrInvalidConfig) {
		t.Fatalf("err = %v", err)
	}
	for _, f := range []string{"Low", "DenyCodes", "DenyMessage"} {
		if !strings.Contains(err.Error(), "riskscore.Auth0Policy."+f+":") {
			t.Errorf("%q does not name %s", err, f)
		}
	}
}

func TestParseAuth0Assessment(t *testing.T) {
	t.Parallel()
	a, err := riskscore.ParseAuth0Assessment([]byte(lowAssessment))
	if err != nil {
		t.Fatal(err)
	}
	if a.Confidence != "low" || a.Version != "1" || len(a.Assessments) != 3 {
		t.Fatalf("parsed %+v", a)
	}
	if nd := a.Assessments["NewDevice"]; nd.Code != "no_match" || string(nd.Details) != `{"device": "unknown"}` {
		t.Errorf("NewDevice = %+v", nd)
	}
}

func TestCombineWithAuth0(t *testing.T) {
	t.Parallel()
	sz := riskscore.Decide(2, riskscore.DefaultPolicy())
	sz.Source = "seczetta"
	a0 := riskscore.Auth0Policy{}.DecideJSON([]byte(lowAssessment))
	v := riskscore.Combine(sz, a0)
	if v.Outcome != riskscore.MFA || v.Source != riskscore.Auth0Source {
		t.Fatalf("verdict %v", v.Decision)
	}
	if v.Signals[0].Reason != riskscore.ReasonWithinAllowable || v.Signals[1].Reason != riskscore.ReasonConfidenceLow {
		t.Fatalf("reasons not kept: %v", v.Signals)
	}
}
