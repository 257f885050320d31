package riskscore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/authlens/authlens/riskscore"
)

func TestErrorCode(t *testing.T) {
	t.Parallel()
	wrap := func(err error) error { return fmt.Errorf("provider x: %w", err) }
	tests := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{context.DeadlineExceeded, "timeout"},
		{wrap(context.Canceled), "canceled"},
		{wrap(riskscore.ErrRateLimited), "rate_limited"},
		{wrap(riskscore.ErrUnauthorized), "unauthorized"},
		{wrap(riskscore.ErrMalformed), "malformed"},
		{wrap(riskscore.ErrAmbiguousSubject), "ambiguous"},
		{wrap(riskscore.ErrSubjectNotFound), "not_found"},
		{wrap(riskscore.ErrNoScore), "no_score"},
		{wrap(riskscore.ErrUnavailable), "unavailable"},
		{errors.New("boom"), "error"},
		{riskscore.ErrProviderPanic, "error"},
		// A timeout wins over the kind it interrupted.
		{errors.Join(riskscore.ErrRateLimited, context.DeadlineExceeded), "timeout"},
	}
	for _, tt := range tests {
		if got := riskscore.ErrorCode(tt.err); got != tt.want {
			t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	if !errors.Is(riskscore.ErrRateLimited, riskscore.ErrUnavailable) {
		t.Error("ErrRateLimited is not ErrUnavailable")
	}
	for _, err := range []error{riskscore.ErrUnauthorized, riskscore.ErrMalformed, riskscore.ErrAmbiguousSubject} {
		if errors.Is(err, riskscore.ErrUnavailable) || errors.Is(err, riskscore.ErrSubjectNotFound) {
			t.Errorf("%v matches another kind", err)
		}
	}
}
