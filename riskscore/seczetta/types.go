package seczetta

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Profile is a SecZetta profile as Advanced Search returns it. Its JSON
// form is the API's.
type Profile struct {
	ID               string         `json:"id"`
	UID              string         `json:"uid"`
	Name             string         `json:"name"`
	ProfileTypeID    string         `json:"profile_type_id"`
	Status           string         `json:"status"` // Active, Inactive, On Leave, Terminated
	IDProofingStatus string         `json:"id_proofing_status"`
	CreatedAt        time.Time      `json:"created_at"`
	UpdatedAt        time.Time      `json:"updated_at"`
	Attributes       map[string]any `json:"attributes"`
}

// RiskScore is one entry of GET /api/risk_scores. Its JSON form is the
// API's.
type RiskScore struct {
	ID                     string  `json:"id"`
	UID                    string  `json:"uid"`
	ObjectID               string  `json:"object_id"`
	ObjectType             string  `json:"object_type"` // Profile or WorkflowSession
	OverallScore           float64 `json:"overall_score"`
	OverallRiskLevelID     string  `json:"overall_risk_level_id"`
	ImpactScore            float64 `json:"impact_score"`
	ImpactRiskLevelID      string  `json:"impact_risk_level_id"`
	ProbabilityScore       float64 `json:"probability_score"`
	ProbabilityRiskLevelID string  `json:"probability_risk_level_id"`
}

// Metadata is the paging block of GET /api/risk_scores ("_metadata").
type Metadata struct {
	Limit    int     `json:"limit"`
	Offset   int     `json:"offset"`
	Total    int     `json:"total"`
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
}

// errShape marks a response that is JSON but not the expected shape.
var errShape = errors.New("unexpected response shape")

// flexString accepts a JSON string, number, boolean or null (as "").
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return errShape
	}
	switch b[0] {
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	case 'n':
		*f = ""
	case '{', '[':
		return fmt.Errorf("%w: object or array where text was expected", errShape)
	default: // number or boolean, kept as written
		*f = flexString(b)
	}
	return nil
}

// flexNumber accepts a JSON number or a string holding a decimal number;
// null or absent leaves it unset. NaN and infinities are refused.
type flexNumber struct {
	v   float64
	set bool
}

func (f *flexNumber) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return errShape
	}
	var s string
	switch b[0] {
	case 'n':
		if string(b) != "null" {
			return errShape
		}
		*f = flexNumber{}
		return nil
	case '"':
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		s = string(b)
	default:
		return fmt.Errorf("%w: not a number", errShape)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%w: not a finite number", errShape)
	}
	*f = flexNumber{v: v, set: true}
	return nil
}

func (f flexNumber) or0() float64 {
	if f.set {
		return f.v
	}
	return 0
}

type wireProfile struct {
	ID               flexString      `json:"id"`
	UID              flexString      `json:"uid"`
	Name             flexString      `json:"name"`
	ProfileTypeID    flexString      `json:"profile_type_id"`
	Status           flexString      `json:"status"`
	IDProofingStatus flexString      `json:"id_proofing_status"`
	CreatedAt        flexString      `json:"created_at"`
	UpdatedAt        flexString      `json:"updated_at"`
	Attributes       json.RawMessage `json:"attributes"`
}

// decodeProfiles decodes an Advanced Search answer: {"profiles": [...]}.
// "profiles": null is no profile. A missing or non-array "profiles", a
// profile that is not an object or has no id, or attributes that are not
// an object, are errShape. Unknown fields are ignored; timestamps that do
// not parse are left zero.
func decodeProfiles(b []byte) ([]Profile, error) {
	var top struct {
		Profiles json.RawMessage `json:"profiles"`
	}
	if err := decodeObject(b, &top); err != nil {
		return nil, err
	}
	var wire []json.RawMessage
	if err := decodeArray(top.Profiles, "profiles", &wire); err != nil {
		return nil, err
	}
	out := make([]Profile, 0, len(wire))
	for i, raw := range wire {
		var w wireProfile
		if err := decodeObject(raw, &w); err != nil {
			return nil, fmt.Errorf("profiles[%d]: %w", i, err)
		}
		if w.ID == "" {
			return nil, fmt.Errorf("%w: profiles[%d] has no id", errShape, i)
		}
		p := Profile{
			ID: string(w.ID), UID: string(w.UID), Name: string(w.Name),
			ProfileTypeID: string(w.ProfileTypeID), Status: string(w.Status),
			IDProofingStatus: string(w.IDProofingStatus),
			CreatedAt:        parseTime(string(w.CreatedAt)),
			UpdatedAt:        parseTime(string(w.UpdatedAt)),
		}
		if a := bytes.TrimSpace(w.Attributes); len(a) > 0 && !bytes.Equal(a, []byte("null")) {
			if a[0] != '{' {
				return nil, fmt.Errorf("%w: profiles[%d].attributes is not an object", errShape, i)
			}
			if err := json.Unmarshal(a, &p.Attributes); err != nil {
				return nil, fmt.Errorf("profiles[%d].attributes: %w", i, err)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

type wireRiskScore struct {
	ID                     flexString `json:"id"`
	UID                    flexString `json:"uid"`
	ObjectID               flexString `json:"object_id"`
	ObjectType             flexString `json:"object_type"`
	OverallScore           flexNumber `json:"overall_score"`
	OverallRiskLevelID     flexString `json:"overall_risk_level_id"`
	ImpactScore            flexNumber `json:"impact_score"`
	ImpactRiskLevelID      flexString `json:"impact_risk_level_id"`
	ProbabilityScore       flexNumber `json:"probability_score"`
	ProbabilityRiskLevelID flexString `json:"probability_risk_level_id"`
}

// decodeRiskScores decodes {"risk_scores": [...], "_metadata": {...}}.
// "risk_scores": null is no score. A missing or non-array "risk_scores",
// or an entry without a finite
// overall_score (a number, or a string holding one), is errShape: a score
// that cannot be read must not be skipped in favour of a lower one.
// _metadata is read on a best-effort basis.
func decodeRiskScores(b []byte) ([]RiskScore, Metadata, error) {
	var top struct {
		RiskScores json.RawMessage `json:"risk_scores"`
		Metadata   json.RawMessage `json:"_metadata"`
	}
	var md Metadata
	if err := decodeObject(b, &top); err != nil {
		return nil, md, err
	}
	var wire []json.RawMessage
	if err := decodeArray(top.RiskScores, "risk_scores", &wire); err != nil {
		return nil, md, err
	}
	out := make([]RiskScore, 0, len(wire))
	for i, raw := range wire {
		var w wireRiskScore
		if err := decodeObject(raw, &w); err != nil {
			return nil, md, fmt.Errorf("risk_scores[%d]: %w", i, err)
		}
		if !w.OverallScore.set {
			return nil, md, fmt.Errorf("%w: risk_scores[%d] has no overall_score", errShape, i)
		}
		out = append(out, RiskScore{
			ID: string(w.ID), UID: string(w.UID), ObjectID: string(w.ObjectID), ObjectType: string(w.ObjectType),
			OverallScore: w.OverallScore.v, OverallRiskLevelID: string(w.OverallRiskLevelID),
			ImpactScore: w.ImpactScore.or0(), ImpactRiskLevelID: string(w.ImpactRiskLevelID),
			ProbabilityScore: w.ProbabilityScore.or0(), ProbabilityRiskLevelID: string(w.ProbabilityRiskLevelID),
		})
	}
	if len(top.Metadata) > 0 {
		_ = json.Unmarshal(top.Metadata, &md) // informative only
	}
	return out, md, nil
}

// decodeObject decodes one JSON object (nothing else, nothing after it).
func decodeObject(b []byte, v any) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return fmt.Errorf("%w: not a JSON object", errShape)
	}
	if err := json.Unmarshal(b, v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("invalid JSON at offset %d", se.Offset)
		}
		return fmt.Errorf("%w: %s", errShape, err.Error())
	}
	return nil
}

// decodeArray decodes the array b into v. null is an empty list (an
// answer with nothing to list may say so); a missing member (len(b) == 0)
// or any other value is errShape.
func decodeArray(b json.RawMessage, name string, v *[]json.RawMessage) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*v = nil
		return nil
	}
	if len(b) == 0 || b[0] != '[' {
		return fmt.Errorf("%w: %q is missing or not an array", errShape, name)
	}
	return json.Unmarshal(b, v)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02 15:04:05 MST", "2006-01-02 15:04:05 -0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
