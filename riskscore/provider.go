package riskscore

import "context"

// Subject is who is logging in, as the host knows them. Providers pick the
// fields they look up by (riskscore/seczetta: Username, else Email).
// Subject is comparable; the Evaluator caches and coalesces by the whole
// value.
type Subject struct {
	// UserID is the identity provider's id, e.g. Auth0's event.user.user_id.
	UserID string `json:"user_id,omitempty"`
	// Username, e.g. event.user.username.
	Username string `json:"username,omitempty"`
	// Email, e.g. event.user.email.
	Email string `json:"email,omitempty"`
}

// IsZero reports whether s names nobody.
func (s Subject) IsZero() bool { return s == Subject{} }

// Score is a provider's risk score for a subject. Higher is riskier.
type Score struct {
	// Value is the score, e.g. SecZetta's overall_score.
	Value float64
	// Source names the provider ("seczetta").
	Source string
	// Detail carries provider facts worth keeping (e.g. "profile_id",
	// "risk_score_id"), never secrets. Treat it as read-only: the
	// Evaluator's cache shares it.
	Detail map[string]string
}

// Provider gives a risk score for a subject. Implementations must honour
// ctx (its deadline is the Evaluator's per-call timeout), be safe for
// concurrent use, and return errors that match ErrSubjectNotFound,
// ErrNoScore or ErrUnavailable with errors.Is where those apply.
type Provider interface {
	Score(ctx context.Context, s Subject) (Score, error)
}

// ProviderFunc adapts a function to Provider.
type ProviderFunc func(ctx context.Context, s Subject) (Score, error)

// Score calls f.
func (f ProviderFunc) Score(ctx context.Context, s Subject) (Score, error) { return f(ctx, s) }

// Named is implemented by providers that have a name for their signal
// ("seczetta"); the Evaluator uses it as the Decision's Source unless the
// configuration names the signal.
type Named interface {
	Name() string
}

// Verdict is several signals combined: the strictest Decision (embedded,
// so Outcome, Reason, Score and Message are the deciding signal's) and
// every signal's Decision in order, each with its own reason.
type Verdict struct {
	Decision
	// Signals are all decisions that were combined, in the order given.
	Signals []Decision
}

// Combine returns the strictest of ds (Deny over MFA over Allow; the first
// among equals decides and gives the message) and keeps them all in
// Signals (the slice ds itself, not a copy). An invalid Outcome counts as,
// and is reported as, Deny. With no decision at all the verdict is Deny
// with ReasonNoSignal: no signal is no permission.
func Combine(ds ...Decision) Verdict {
	if len(ds) == 0 {
		return Verdict{Decision: Decision{Outcome: Deny, Reason: ReasonNoSignal, Score: nan(), template: MessageUnavailable}}
	}
	best := 0
	for i := 1; i < len(ds); i++ {
		if ds[i].Outcome.strictness() > ds[best].Outcome.strictness() {
			best = i
		}
	}
	d := ds[best]
	if !d.Outcome.Valid() {
		d.Outcome = Deny
		d.template = MessageUnavailable
	}
	return Verdict{Decision: d, Signals: ds}
}
