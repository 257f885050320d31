package watch

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/alerts"
)

// EventKind says what an Event reports.
type EventKind string

// The events of a watch.
const (
	// EventStarted: Run holds StateDir (its lock taken, its state read)
	// and starts its first tick. A second Watcher on the same directory
	// gets ErrStateLocked instead, and no event.
	EventStarted EventKind = "started"
	// EventBaseline: the first scan, kept as the baseline; no alerts.
	EventBaseline EventKind = "baseline"
	// EventTick: a scan compared with the previous one, its alerts
	// raised and delivered.
	EventTick EventKind = "tick"
	// EventScanFailed: the scan failed (Err); the previous snapshot
	// stays, the scan is retried at the next tick. Undelivered alerts
	// were retried all the same.
	EventScanFailed EventKind = "scan_failed"
	// EventJudgeFailed: posture.Run failed (Err); the tick went on with
	// the rules over the diff only.
	EventJudgeFailed EventKind = "judge_failed"
	// EventDeliveryFailed: a sink could not take Pending alerts (Err);
	// they are kept and sent again at the next tick. Also: alerts
	// dropped past MaxPending, alerts kept for a sink no longer
	// configured.
	EventDeliveryFailed EventKind = "delivery_failed"
	// EventStateError: the state directory could not be read or written
	// (Err), or a file in it was unreadable and set aside.
	EventStateError EventKind = "state_error"
	// EventStopped: Run is returning (Err: the context's error).
	EventStopped EventKind = "stopped"
)

// Event is what a watch reports, through Watcher.OnEvent.
type Event struct {
	Kind EventKind
	// Tick numbers the ticks of this Run from 1 (0 before the first).
	Tick int
	// Time is when the tick started (for other events, when they
	// happened); Duration how long the tick took.
	Time     time.Time
	Duration time.Duration
	// Requests is the number of requests of the tick (-1: unknown, see
	// Watcher.Requests).
	Requests int64
	// Kinds counts the scan's kinds by status; Findings its unsuppressed
	// posture findings (-1: not judged). Baseline and tick events.
	Kinds    map[inventory.Status]int
	Findings int
	// Alerts are the alerts the tick raised, BySeverity their count by
	// severity.
	Alerts     []alerts.Alert
	BySeverity map[posture.Severity]int
	// Delivered counts the alerts the sinks took this tick (new ones and
	// earlier ones, once per sink); Pending those waiting for the next.
	Delivered int
	Pending   int
	// Sink names the sink of a delivery event.
	Sink string
	// Snapshot is the file the scan was kept in.
	Snapshot string
	Err      error
}

// String renders the event on one line for a terminal:
//
//	2025-06-02T09:30:00Z tick 3: 412 requests, 2 alerts (1 critical, 1 high), 2 delivered, 0 pending
func (e Event) String() string {
	head := fmt.Sprintf("%s tick %d:", e.Time.UTC().Format(time.RFC3339), e.Tick)
	var req []string
	if e.Requests >= 0 {
		req = []string{fmt.Sprintf("%d requests", e.Requests)}
	}
	tail := []string{fmt.Sprintf("%d delivered", e.Delivered), fmt.Sprintf("%d pending", e.Pending)}
	switch e.Kind {
	case EventBaseline:
		parts := append([]string{fmt.Sprintf("baseline kept (%s%s)", kindSummary(e.Kinds), findingsNote(e.Findings))}, req...)
		return head + " " + strings.Join(append(append(parts, "no alerts"), tail...), ", ")
	case EventTick:
		n := "no alerts"
		if len(e.Alerts) > 0 {
			n = fmt.Sprintf("%d alert(s) (%s)", len(e.Alerts), joinSeverities(e.BySeverity))
		}
		return head + " " + strings.Join(append(append(req, n), tail...), ", ")
	case EventScanFailed:
		return fmt.Sprintf("%s scan failed, the previous snapshot stays, retrying at the next tick: %v (%s)",
			head, e.Err, strings.Join(tail, ", "))
	case EventJudgeFailed:
		return fmt.Sprintf("%s judging failed, alerts from the changes only: %v", head, e.Err)
	case EventDeliveryFailed:
		msg := fmt.Sprint(e.Err)
		if !strings.HasPrefix(msg, e.Sink) {
			msg = e.Sink + ": " + msg
		}
		var de *alerts.DeliveryError
		if errors.As(e.Err, &de) {
			msg += " (kept for the next tick)"
		}
		return head + " " + msg
	case EventStarted:
		return head + " started"
	case EventStateError:
		return fmt.Sprintf("%s state: %v", head, e.Err)
	case EventStopped:
		return fmt.Sprintf("%s stopped: %v", head, e.Err)
	}
	return head + " " + string(e.Kind)
}

func findingsNote(n int) string {
	if n < 0 {
		return ""
	}
	return fmt.Sprintf("; %d findings", n)
}

// kindSummary writes "25 kinds: 24 ok, 1 forbidden".
func kindSummary(m map[inventory.Status]int) string {
	total := 0
	var parts []string
	for _, st := range []inventory.Status{inventory.StatusOK, inventory.StatusPartial, inventory.StatusForbidden,
		inventory.StatusNotConfigured, inventory.StatusUnavailable, inventory.StatusError} {
		if n := m[st]; n > 0 {
			total += n
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	return fmt.Sprintf("%d kinds: %s", total, strings.Join(parts, ", "))
}
