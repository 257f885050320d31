package riskscore

import (
	"errors"
	"math"
	"sync"
)

// Retry budget defaults: retries are at most 10 % of requests, plus a
// reserve of 10 for quiet times.
const (
	DefaultRetryRatio   = 0.1
	DefaultRetryReserve = 10
)

// RetryBudget bounds the retries of a client to a fixed share of its
// requests, so that an outage is not multiplied by the retry count: every
// first attempt deposits Ratio of a token (up to Reserve tokens), every
// retry withdraws one token, and a retry without a token is not made. Over
// any run of N requests, at most Reserve + Ratio*N retries are made.
//
// It is a token bucket without a clock (the same bound under any load)
// and safe for concurrent use; one budget may be shared by several
// clients (riskscore/seczetta takes one in its Config).
type RetryBudget struct {
	mu sync.Mutex
	// In millionths of a token, so that ten deposits of 0.1 make one.
	deposit, limit, balance int64
}

const token = 1_000_000

// NewRetryBudget returns a budget that lets ratio (0 to 1) of requests be
// retried, with a reserve of reserve retries (0 to 1,000,000) that a quiet client
// has at hand; it starts full. Bad values are refused with a *FieldError.
func NewRetryBudget(ratio float64, reserve int) (*RetryBudget, error) {
	const st = "riskscore.RetryBudget"
	var errs []error
	if math.IsNaN(ratio) || ratio < 0 || ratio > 1 {
		errs = append(errs, &FieldError{Struct: st, Field: "Ratio", Problem: "must be between 0 and 1"})
	}
	if reserve < 0 || reserve > 1_000_000 {
		errs = append(errs, &FieldError{Struct: st, Field: "Reserve", Problem: "must be between 0 and 1000000"})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	limit := max(int64(reserve), 1) * token
	return &RetryBudget{deposit: int64(math.Round(ratio * token)), limit: limit, balance: int64(reserve) * token}, nil
}

// DefaultRetryBudget returns NewRetryBudget(DefaultRetryRatio,
// DefaultRetryReserve).
func DefaultRetryBudget() *RetryBudget {
	b, _ := NewRetryBudget(DefaultRetryRatio, DefaultRetryReserve)
	return b
}

// Request records a first attempt.
func (b *RetryBudget) Request() {
	b.mu.Lock()
	b.balance = min(b.balance+b.deposit, b.limit)
	b.mu.Unlock()
}

// Retry reports whether a retry may be made now, and if so counts it.
func (b *RetryBudget) Retry() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.balance < token {
		return false
	}
	b.balance -= token
	return true
}
