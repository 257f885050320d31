package riskscore_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/authlens/authlens/riskscore"
)

func up(f float64) float64   { return math.Nextafter(f, math.Inf(1)) }
func down(f float64) float64 { return math.Nextafter(f, math.Inf(-1)) }

func TestDecideBoundaries(t *testing.T) {
	t.Parallel()
	def := riskscore.DefaultPolicy()
	zeroAllowable := riskscore.Policy{AllowableRisk: 0, MaxRisk: 7.5}
	tests := []struct {
		name   string
		score  float64
		policy riskscore.Policy
		want   riskscore.Outcome
		reason riskscore.Reason
	}{
		{"zero", 0, def, riskscore.Allow, riskscore.ReasonWithinAllowable},
		{"negative zero is not negative", math.Copysign(0, -1), def, riskscore.Allow, riskscore.ReasonWithinAllowable},
		{"smallest positive", math.SmallestNonzeroFloat64, def, riskscore.Allow, riskscore.ReasonWithinAllowable},
		{"just below allowable", down(5), def, riskscore.Allow, riskscore.ReasonWithinAllowable},
		{"at allowable", 5, def, riskscore.Allow, riskscore.ReasonWithinAllowable},
		{"just above allowable", up(5), def, riskscore.MFA, riskscore.ReasonAboveAllowable},
		{"mfa range", 6, def, riskscore.MFA, riskscore.ReasonAboveAllowable},
		{"7 is not 7.5 (the old integer bug)", 7, def, riskscore.MFA, riskscore.ReasonAboveAllowable},
		{"just below max", down(7.5), def, riskscore.MFA, riskscore.ReasonAboveAllowable},
		{"at max", 7.5, def, riskscore.Deny, riskscore.ReasonAtOrAboveMax},
		{"just above max", up(7.5), def, riskscore.Deny, riskscore.ReasonAtOrAboveMax},
		{"seed example", 8.25, def, riskscore.Deny, riskscore.ReasonAtOrAboveMax},
		{"huge", math.MaxFloat64, def, riskscore.Deny, riskscore.ReasonAtOrAboveMax},
		{"NaN", math.NaN(), def, riskscore.Deny, riskscore.ReasonScoreNaN},
		{"+Inf", math.Inf(1), def, riskscore.Deny, riskscore.ReasonScoreInfinite},
		{"-Inf", math.Inf(-1), def, riskscore.Deny, riskscore.ReasonScoreInfinite},
		{"negative", -1, def, riskscore.Deny, riskscore.ReasonScoreNegative},
		{"tiny negative", -math.SmallestNonzeroFloat64, def, riskscore.Deny, riskscore.ReasonScoreNegative},
		// allowable 0 (the old Rule: MFA for all, never deny).
		{"allowable 0, score 0", 0, zeroAllowable, riskscore.Allow, riskscore.ReasonWithinAllowable},
		{"allowable 0, score above", up(0), zeroAllowable, riskscore.MFA, riskscore.ReasonAboveAllowable},
		{"allowable 0, score at max", 7.5, zeroAllowable, riskscore.Deny, riskscore.ReasonAtOrAboveMax},
		// invalid policies deny everything.
		{"zero policy", 0, riskscore.Policy{}, riskscore.Deny, riskscore.ReasonInvalidPolicy},
		{"max == allowable", 1, riskscore.Policy{AllowableRisk: 5, MaxRisk: 5}, riskscore.Deny, riskscore.ReasonInvalidPolicy},
		{"max < allowable", 1, riskscore.Policy{AllowableRisk: 7.5, MaxRisk: 5}, riskscore.Deny, riskscore.ReasonInvalidPolicy},
		{"NaN allowable", 1, riskscore.Policy{AllowableRisk: math.NaN(), MaxRisk: 5}, riskscore.Deny, riskscore.ReasonInvalidPolicy},
		{"NaN max", 1, riskscore.Policy{AllowableRisk: 1, MaxRisk: math.NaN()}, riskscore.Deny, riskscore.ReasonInvalidPolicy},
		{"infinite max", 1, riskscore.Policy{AllowableRisk: 1, MaxRisk: math.Inf(1)}, riskscore.Deny, riskscore.ReasonInvalidPolicy},
		{"negative allowable", 1, riskscore.Policy{AllowableRisk: -1, MaxRisk: 5}, riskscore.Deny, riskscore.ReasonInvalidPolicy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := riskscore.Decide(tt.score, tt.policy)
			if d.Outcome != tt.want || d.Reason != tt.reason {
				t.Fatalf("Decide(%v) = %v/%v, want %v/%v", tt.score, d.Outcome, d.Reason, tt.want, tt.reason)
			}
			if d.AllowableRisk != tt.policy.AllowableRisk && !math.IsNaN(tt.policy.AllowableRisk) {
				t.Errorf("AllowableRisk = %v", d.AllowableRisk)
			}
			if math.Float64bits(d.Score) != math.Float64bits(tt.score) && !math.IsNaN(tt.score) {
				t.Errorf("Score = %v, want %v", d.Score, tt.score)
			}
			msg := d.Message()
			if (d.Outcome == riskscore.Deny) != (msg != "") {
				t.Errorf("Message() = %q for %v", msg, d.Outcome)
			}
		})
	}
}

func TestDecisionMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		score  float64
		policy riskscore.Policy
		want   string
	}{
		{"seed text", 8.25, riskscore.DefaultPolicy(), "A 8.25 Risk score is too high. Maximum acceptable risk is 7.5"},
		{"integers print without decimals", 9, riskscore.Policy{AllowableRisk: 5, MaxRisk: 8}, "A 9 Risk score is too high. Maximum acceptable risk is 8"},
		{"no rounding", 7.123456789, riskscore.Policy{AllowableRisk: 1.25, MaxRisk: 7.1}, "A 7.123456789 Risk score is too high. Maximum acceptable risk is 7.1"},
		{"no exponent", 1e21, riskscore.DefaultPolicy(), "A 1000000000000000000000 Risk score is too high. Maximum acceptable risk is 7.5"},
		{"template", 8.25, riskscore.Policy{AllowableRisk: 5, MaxRisk: 7.5, DenyMessage: "Risk {score} >= {max} (MFA above {allowable})"}, "Risk 8.25 >= 7.5 (MFA above 5)"},
		{"unknown placeholders and braces kept", 8, riskscore.Policy{AllowableRisk: 5, MaxRisk: 7.5, DenyMessage: "{user} {{score}} {score"}, "{user} {8} {score"},
		{"trailing brace", 8, riskscore.Policy{AllowableRisk: 5, MaxRisk: 7.5, DenyMessage: "x{"}, "x{"},
		{"invalid score has fixed text", math.NaN(), riskscore.DefaultPolicy(), riskscore.MessageInvalidScore},
		{"negative score has fixed text", -3, riskscore.Policy{AllowableRisk: 5, MaxRisk: 7.5, DenyMessage: "{score}"}, riskscore.MessageInvalidScore},
		{"invalid policy has fixed text", 1, riskscore.Policy{}, riskscore.MessageUnavailable},
		{"mfa has none", 6, riskscore.DefaultPolicy(), ""},
		{"allow has none", 1, riskscore.DefaultPolicy(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := riskscore.Decide(tt.score, tt.policy)
			if got := d.Message(); got != tt.want {
				t.Fatalf("Message() = %q, want %q", got, tt.want)
			}
			if got := string(d.AppendMessage([]byte("> "))); got != "> "+tt.want {
				t.Fatalf("AppendMessage = %q", got)
			}
		})
	}
	var zero riskscore.Decision
	if got := zero.Message(); got != riskscore.MessageUnavailable {
		t.Errorf("zero Decision message = %q", got)
	}
}

func TestDecideDoesNotAllocate(t *testing.T) {
	p := riskscore.Policy{AllowableRisk: 5, MaxRisk: 7.5, DenyMessage: "A {score} risk is over {max}"}
	buf := make([]byte, 0, 128)
	var sink riskscore.Decision
	allocs := testing.AllocsPerRun(200, func() {
		sink = riskscore.Decide(8.25, p)
		buf = sink.AppendMessage(buf[:0])
	})
	if allocs != 0 {
		t.Fatalf("Decide + AppendMessage allocate %v times per run", allocs)
	}
	if string(buf) != "A 8.25 risk is over 7.5" {
		t.Fatalf("message %q", buf)
	}
}

func TestDecisionString(t *testing.T) {
	t.Parallel()
	d := riskscore.Decide(6, riskscore.DefaultPolicy())
	d.Source = "seczetta"
	if got, want := d.String(), "mfa (seczetta: score_above_allowable, score 6)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	d = riskscore.Decide(math.NaN(), riskscore.DefaultPolicy())
	if got, want := d.String(), "deny (score_nan)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestOutcome(t *testing.T) {
	t.Parallel()
	if !(riskscore.Allow < riskscore.MFA && riskscore.MFA < riskscore.Deny) {
		t.Fatal("outcomes are not ordered Allow < MFA < Deny")
	}
	var zero riskscore.Outcome
	if zero.Valid() || zero == riskscore.Allow {
		t.Fatal("the zero Outcome must not be valid nor Allow")
	}
	for _, tt := range []struct {
		o    riskscore.Outcome
		text string
	}{{riskscore.Allow, "allow"}, {riskscore.MFA, "mfa"}, {riskscore.Deny, "deny"}} {
		if tt.o.String() != tt.text {
			t.Errorf("%d.String() = %q", tt.o, tt.o.String())
		}
		b, err := json.Marshal(tt.o)
		if err != nil || string(b) != `"`+tt.text+`"` {
			t.Errorf("json.Marshal(%v) = %s, %v", tt.o, b, err)
		}
		var back riskscore.Outcome
		if err := json.Unmarshal(b, &back); err != nil || back != tt.o {
			t.Errorf("round trip of %v = %v, %v", tt.o, back, err)
		}
	}
	if _, err := json.Marshal(zero); err == nil {
		t.Error("marshalling the zero Outcome succeeded")
	}
	if zero.String() != "Outcome(0)" {
		t.Errorf("zero.String() = %q", zero.String())
	}
	for _, bad := range []string{"", "Allow", "ALLOW", "block", "mfa "} {
		if _, err := riskscore.ParseOutcome(bad); err == nil {
			t.Errorf("ParseOutcome(%q) succeeded", bad)
		}
	}
}

func TestReasonText(t *testing.T) {
	t.Parallel()
	for r := riskscore.ReasonNone; r <= riskscore.ReasonAssessmentMalformed; r++ {
		b, err := r.MarshalText()
		if err != nil || strings.HasPrefix(string(b), "Reason(") {
			t.Fatalf("%d has no text: %s %v", r, b, err)
		}
		var back riskscore.Reason
		if err := back.UnmarshalText(b); err != nil || back != r {
			t.Fatalf("round trip of %s: %v %v", b, back, err)
		}
	}
	if got := riskscore.Reason(200).String(); got != "Reason(200)" {
		t.Errorf("unknown reason prints %q", got)
	}
	var r riskscore.Reason
	if err := r.UnmarshalText([]byte("nope")); err == nil {
		t.Error("unknown reason parsed")
	}
}

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		policy riskscore.Policy
		fields []string // fields that must be named; nil: valid
	}{
		{"default", riskscore.DefaultPolicy(), nil},
		{"allowable zero", riskscore.Policy{AllowableRisk: 0, MaxRisk: 0.01}, nil},
		{"template", riskscore.Policy{AllowableRisk: 1, MaxRisk: 2, DenyMessage: "Nope: {score} ≥ {max}"}, nil},
		{"zero policy", riskscore.Policy{}, []string{"MaxRisk"}},
		{"max equals allowable", riskscore.Policy{AllowableRisk: 5, MaxRisk: 5}, []string{"MaxRisk"}},
		{"max below allowable", riskscore.Policy{AllowableRisk: 7.5, MaxRisk: 5}, []string{"MaxRisk"}},
		{"negative allowable", riskscore.Policy{AllowableRisk: -0.5, MaxRisk: 5}, []string{"AllowableRisk"}},
		{"NaN allowable", riskscore.Policy{AllowableRisk: math.NaN(), MaxRisk: 5}, []string{"AllowableRisk"}},
		{"infinite max", riskscore.Policy{AllowableRisk: 5, MaxRisk: math.Inf(1)}, []string{"MaxRisk"}},
		{"both NaN", riskscore.Policy{AllowableRisk: math.NaN(), MaxRisk: math.NaN()}, []string{"AllowableRisk", "MaxRisk"}},
		{"long message", riskscore.Policy{AllowableRisk: 5, MaxRisk: 7.5, DenyMessage: strings.Repeat("x", 1025)}, []string{"DenyMessage"}},
		{"control characters", riskscore.Policy{AllowableRisk: 5, MaxRisk: 7.5, DenyMessage: "a\nb"}, []string{"DenyMessage"}},
		{"invalid UTF-8", riskscore.Policy{AllowableRisk: 5, MaxRisk: 7.5, DenyMessage: "\xff"}, []string{"DenyMessage"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.policy.Validate()
			if tt.fields == nil {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate() accepted an invalid policy")
			}
			if !errors.Is(err, riskscore.ErrInvalidConfig) {
				t.Errorf("error %v is not ErrInvalidConfig", err)
			}
			var fe *riskscore.FieldError
			if !errors.As(err, &fe) || fe.Struct != "riskscore.Policy" {
				t.Errorf("error %v holds no *FieldError for riskscore.Policy", err)
			}
			for _, f := range tt.fields {
				if !strings.Contains(err.Error(), "riskscore.Policy."+f+":") {
					t.Errorf("error %q does not name %s", err, f)
				}
			}
		})
	}
}

func TestCombine(t *testing.T) {
	t.Parallel()
	p := riskscore.DefaultPolicy()
	allow := riskscore.Decide(1, p)
	mfa := riskscore.Decide(6, p)
	deny := riskscore.Decide(8.25, p)
	deny2 := riskscore.Decide(9, p)
	tests := []struct {
		name   string
		in     []riskscore.Decision
		want   riskscore.Outcome
		reason riskscore.Reason
		score  float64
	}{
		{"nothing denies", nil, riskscore.Deny, riskscore.ReasonNoSignal, math.NaN()},
		{"one", []riskscore.Decision{mfa}, riskscore.MFA, riskscore.ReasonAboveAllowable, 6},
		{"strictest wins", []riskscore.Decision{allow, deny, mfa}, riskscore.Deny, riskscore.ReasonAtOrAboveMax, 8.25},
		{"first of equals", []riskscore.Decision{deny, deny2}, riskscore.Deny, riskscore.ReasonAtOrAboveMax, 8.25},
		{"mfa over allow", []riskscore.Decision{allow, mfa}, riskscore.MFA, riskscore.ReasonAboveAllowable, 6},
		{"invalid outcome counts as deny", []riskscore.Decision{allow, {}}, riskscore.Deny, riskscore.ReasonNone, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := riskscore.Combine(tt.in...)
			if v.Outcome != tt.want || v.Reason != tt.reason {
				t.Fatalf("Combine = %v/%v, want %v/%v", v.Outcome, v.Reason, tt.want, tt.reason)
			}
			if !(v.Score == tt.score || math.IsNaN(v.Score) && math.IsNaN(tt.score)) {
				t.Errorf("Score = %v, want %v", v.Score, tt.score)
			}
			if len(v.Signals) != len(tt.in) {
				t.Errorf("kept %d signals of %d", len(v.Signals), len(tt.in))
			}
			if v.Outcome == riskscore.Deny && v.Message() == "" {
				t.Error("deny verdict without a message")
			}
		})
	}
}

func BenchmarkDecide(b *testing.B) {
	p := riskscore.DefaultPolicy()
	scores := [...]float64{1, 6, 8.25, 5, 7.5, math.NaN()}
	var sink riskscore.Decision
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sink = riskscore.Decide(scores[i%len(scores)], p)
	}
	_ = sink
}

func BenchmarkDecideMessage(b *testing.B) {
	p := riskscore.DefaultPolicy()
	buf := make([]byte, 0, 128)
	b.ReportAllocs()
	for b.Loop() {
		buf = riskscore.Decide(8.25, p).AppendMessage(buf[:0])
	}
}
