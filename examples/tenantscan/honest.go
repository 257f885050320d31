package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
)

// exitFailures: a kind ended in error, or partial because a part of it
// failed (not for a missing scope), or the scan stopped because the tenant
// stopped answering (-retry-budget). It wins over exitFindings: the
// judgement of an incomplete scan is incomplete.
const exitFailures = 4

// failed lists the kinds of snap that were not read completely because
// something failed: status error, or partial with a gap of status error.
// Missing scopes (forbidden), features the tenant does not have
// (not_configured, unavailable) and bounds (MaxLogs) are not failures.
func failed(snap *inventory.Snapshot) []string {
	var out []string
	for _, k := range snap.KindNames() {
		r := snap.Kind(k)
		switch r.Status {
		case inventory.StatusError:
			out = append(out, fmt.Sprintf("%s (error: %s)", k, r.Note()))
		case inventory.StatusPartial:
			for _, g := range r.Gaps {
				if g.Status == inventory.StatusError {
					out = append(out, fmt.Sprintf("%s (partial: %s)", k, r.Note()))
					break
				}
			}
		}
	}
	return out
}

// reportFailures tells stderr which kinds failed and returns
// exitFailures, or returns code when none did.
func reportFailures(stderr io.Writer, snap *inventory.Snapshot, code int) int {
	fs := failed(snap)
	if len(fs) == 0 {
		return code
	}
	fmt.Fprintf(stderr, "tenantscan: %d kind(s) not read completely because of failures (exit %d):\n", len(fs), exitFailures)
	for _, f := range fs {
		fmt.Fprintf(stderr, "  %s\n", f)
	}
	return exitFailures
}

// waitLine prints a line on w when a wait for the rate limit of more than
// 2 s begins.
func waitLine(w io.Writer) auth0mgmt.Option {
	return auth0mgmt.WithRateLimitWaitHook(2*time.Second, func(rw auth0mgmt.RateLimitWait) {
		why := "the tenant's rate limit: its bucket refills slowly"
		if rw.After429 {
			why = "a 429 answer: the tenant's bucket is empty until its reset"
		}
		fmt.Fprintf(w, "  waiting %s for %s\n", rw.Duration.Round(100*time.Millisecond), why)
	})
}

// scanSummary is the line that ends a scan: elapsed time, requests, 429s.
func scanSummary(elapsed time.Duration, st auth0mgmt.RequestStats) string {
	parts := []string{fmt.Sprintf("%d requests", st.Requests)}
	if st.TokenRequests > 0 {
		parts = append(parts, fmt.Sprintf("%d token request(s)", st.TokenRequests))
	}
	parts = append(parts, fmt.Sprintf("%d answered 429", st.RateLimited))
	if st.NoAnswer > 0 {
		parts = append(parts, fmt.Sprintf("%d without an answer", st.NoAnswer))
	}
	return fmt.Sprintf("tenantscan: scanned in %s: %s", elapsed.Round(10*time.Millisecond), strings.Join(parts, ", "))
}

// scanError prints why a scan returned no snapshot and returns the exit
// status: 1 when the tenant cannot be read at all, exitFailures when it
// stopped answering mid-scan.
func scanError(stderr io.Writer, err error) int {
	msg := err.Error()
	var ae *auth0mgmt.APIError
	if errors.Is(err, auth0mgmt.ErrToken) || errors.As(err, &ae) && ae.Hint != "" {
		msg = envName(msg) // the advice names the variables to check
	}
	fmt.Fprintf(stderr, "tenantscan: %s\n", msg)
	if errors.Is(err, inventory.ErrNoAnswer) && !errors.Is(err, inventory.ErrUnreadable) {
		fmt.Fprintf(stderr, "tenantscan: no snapshot written (exit %d); -retry-budget sets how long a tenant that does not answer is retried\n", exitFailures)
		return exitFailures
	}
	return exitUnreadable
}

// syncWriter serialises writes: progress, the wait lines and the messages
// come from several goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
