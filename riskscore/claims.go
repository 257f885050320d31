package riskscore

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// DefaultNamespace is the claim name used by SecZetta's Auth0 Action.
const DefaultNamespace = "https://seczetta.com/risk"

// Claims is what a host puts on the tokens of a login: one custom claim
// named Namespace whose value is Risk. It is produced on every path (allow,
// MFA, deny, error), so a token always says how its login was judged.
//
// Its JSON form is an object with one member:
//
//	{"https://seczetta.com/risk": {"outcome": "mfa", "score": 6, "source": "seczetta",
//	                               "reasons": ["score_above_allowable"]}}
//
// and on the error path, e.g. with AuthenticateOnError:
//
//	{"https://seczetta.com/risk": {"outcome": "allow", "reasons": ["provider_error"], "error": "unavailable"}}
type Claims struct {
	Namespace string
	Risk      RiskClaim
}

// MarshalJSON encodes c as {Namespace: Risk}.
func (c Claims) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]RiskClaim{c.Namespace: c.Risk})
}

// Map returns c as {Namespace: Risk.Map()}, e.g. to hand to a token
// library.
func (c Claims) Map() map[string]any {
	return map[string]any{c.Namespace: c.Risk.Map()}
}

// RiskClaim is the value of the risk claim.
type RiskClaim struct {
	// Outcome is the combined outcome ("outcome").
	Outcome Outcome
	// Score is the first signal's score that was a finite number
	// ("score"); NaN when none was, and then omitted from JSON.
	Score float64
	// Source is the signal the score came from or, without a score, the
	// deciding signal ("source").
	Source string
	// Reasons holds every signal's reason, in signal order ("reasons").
	Reasons []Reason
	// Error is ErrorCode of the provider error, if any ("error"): never
	// the error's text.
	Error string
}

type riskClaimJSON struct {
	Outcome Outcome  `json:"outcome"`
	Score   *float64 `json:"score,omitempty"`
	Source  string   `json:"source,omitempty"`
	Reasons []Reason `json:"reasons"`
	Error   string   `json:"error,omitempty"`
}

// MarshalJSON encodes r; a NaN or infinite Score is left out.
func (r RiskClaim) MarshalJSON() ([]byte, error) {
	j := riskClaimJSON{Outcome: r.Outcome, Source: r.Source, Reasons: r.Reasons, Error: r.Error}
	if finite(r.Score) {
		j.Score = &r.Score
	}
	if j.Reasons == nil {
		j.Reasons = []Reason{}
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes r; a missing score reads as NaN.
func (r *RiskClaim) UnmarshalJSON(b []byte) error {
	var j riskClaimJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*r = RiskClaim{Outcome: j.Outcome, Score: math.NaN(), Source: j.Source, Reasons: j.Reasons, Error: j.Error}
	if j.Score != nil {
		r.Score = *j.Score
	}
	return nil
}

// Map returns r as a map with the JSON names and JSON-ready values.
func (r RiskClaim) Map() map[string]any {
	m := map[string]any{"outcome": r.Outcome.String()}
	if finite(r.Score) {
		m["score"] = r.Score
	}
	if r.Source != "" {
		m["source"] = r.Source
	}
	rs := make([]string, len(r.Reasons))
	for i, x := range r.Reasons {
		rs[i] = x.String()
	}
	m["reasons"] = rs
	if r.Error != "" {
		m["error"] = r.Error
	}
	return m
}

// ClaimShape selects the form of the risk claim on a token.
type ClaimShape uint8

const (
	// ClaimObject is the claim as Claims marshals it:
	// {Namespace: {"outcome": ..., "score": ..., "source": ...,
	// "reasons": [...], "error": ...}}.
	ClaimObject ClaimShape = iota
	// ClaimScore is the shape of SecZetta's own Auth0 Action on the
	// access token: {Namespace: 6.5}, the score alone as a number, for
	// APIs that read it. Without a score (a provider failure, an invalid
	// score) there is no claim at all: a number cannot say "unknown".
	ClaimScore
)

// String returns "object" or "score".
func (s ClaimShape) String() string {
	if s == ClaimScore {
		return "score"
	}
	if s == ClaimObject {
		return "object"
	}
	return "ClaimShape(" + strconv.Itoa(int(s)) + ")"
}

// ParseClaimShape parses "object" or "score" (exactly, lower case).
func ParseClaimShape(s string) (ClaimShape, error) {
	switch s {
	case "object":
		return ClaimObject, nil
	case "score":
		return ClaimScore, nil
	}
	return 0, fmt.Errorf("riskscore: unknown claim shape %q (want object or score)", truncate(s, 32))
}

// Shaped returns c in shape, ready to put on a token: Map() for
// ClaimObject; {Namespace: score} or an empty map for ClaimScore.
func (c Claims) Shaped(shape ClaimShape) map[string]any {
	if shape != ClaimScore {
		return c.Map()
	}
	if !finite(c.Risk.Score) {
		return map[string]any{}
	}
	return map[string]any{c.Namespace: c.Risk.Score}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// claimsFor builds the claims of a verdict.
func claimsFor(ns string, v Verdict, err error) Claims {
	rc := RiskClaim{Outcome: v.Outcome.strictness(), Score: math.NaN(), Error: ErrorCode(err)}
	rc.Reasons = make([]Reason, len(v.Signals))
	for i, d := range v.Signals {
		rc.Reasons[i] = d.Reason
		if !finite(rc.Score) && finite(d.Score) {
			rc.Score, rc.Source = d.Score, d.Source
		}
	}
	if len(v.Signals) == 0 {
		rc.Reasons = append(rc.Reasons, v.Reason)
	}
	if rc.Source == "" {
		rc.Source = v.Source
	}
	return Claims{Namespace: ns, Risk: rc}
}
