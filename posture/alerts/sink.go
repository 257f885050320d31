package alerts

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
)

// Sink delivers alerts somewhere: a stream of JSON lines, a webhook, a
// Slack channel.
type Sink interface {
	// Name identifies the sink in errors, events and a watcher's state
	// ("jsonl", "webhook https://hooks.example.com (1a2b3c4d)"). It never
	// holds a secret or a URL's path or query.
	Name() string
	// Send delivers the alerts in order. It returns nil when every alert
	// was delivered, else a *DeliveryError listing the alerts that were
	// not (the others were). It stops early when ctx ends, listing the
	// rest.
	Send(ctx context.Context, alerts []Alert) error
}

// Failure is an alert a sink could not deliver, and why.
type Failure struct {
	Alert Alert
	Err   error
}

// DeliveryError lists the alerts a sink could not deliver.
type DeliveryError struct {
	Sink     string
	Failures []Failure
}

// Error says how many alerts failed and the first cause.
func (e *DeliveryError) Error() string {
	if len(e.Failures) == 0 {
		return e.Sink + ": delivery failed"
	}
	return fmt.Sprintf("%s: %s not delivered: %v", e.Sink, plural(len(e.Failures), "alert"), e.Failures[0].Err)
}

// Unwrap returns the causes (for errors.Is with context.Canceled, ...).
func (e *DeliveryError) Unwrap() []error {
	out := make([]error, 0, len(e.Failures))
	for _, f := range e.Failures {
		out = append(out, f.Err)
	}
	return out
}

// failRest builds the DeliveryError of alerts[i:] (and earlier failures).
func failRest(name string, failed []Failure, rest []Alert, err error) error {
	for _, a := range rest {
		failed = append(failed, Failure{Alert: a, Err: err})
	}
	if len(failed) == 0 {
		return nil
	}
	return &DeliveryError{Sink: name, Failures: failed}
}

// JSONLines writes each alert as one line of JSON (the Alert's JSON
// form) to a writer, e.g. stdout. It is safe for concurrent use.
type JSONLines struct {
	name string
	mu   sync.Mutex
	w    io.Writer
}

// NewJSONLines returns a sink writing to w, named name ("jsonl" when
// empty).
func NewJSONLines(name string, w io.Writer) *JSONLines {
	if name == "" {
		name = "jsonl"
	}
	return &JSONLines{name: name, w: w}
}

// Name returns the sink's name.
func (j *JSONLines) Name() string { return j.name }

// Send writes one line per alert; a failed write fails that alert and the
// rest.
func (j *JSONLines) Send(ctx context.Context, alerts []Alert) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i, a := range alerts {
		if err := ctx.Err(); err != nil {
			return failRest(j.name, nil, alerts[i:], err)
		}
		b, err := marshalAlert(a)
		if err == nil {
			_, err = j.w.Write(append(b, '\n'))
		}
		if err != nil {
			return failRest(j.name, nil, alerts[i:], fmt.Errorf("writing: %w", err))
		}
	}
	return nil
}

// marshalAlert is the alert's JSON without HTML escaping, on one line.
func marshalAlert(a Alert) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// String renders a change for people: "scope: +create:users, +update:users",
// "enabled: true → false".
func (c Change) String() string {
	path := c.Path
	if path == "" {
		path = "record"
	}
	var parts []string
	for _, l := range []struct {
		raw  json.RawMessage
		sign string
	}{{c.Added, "+"}, {c.Removed, "-"}} {
		var items []any
		if json.Unmarshal(l.raw, &items) == nil {
			for _, it := range items {
				s, ok := it.(string)
				if !ok {
					b, _ := json.Marshal(it)
					s = string(b)
				}
				parts = append(parts, l.sign+s)
			}
		}
	}
	if len(parts) > 0 {
		return path + ": " + sample(parts, 6)
	}
	show := func(r json.RawMessage) string {
		if r == nil {
			return "(absent)"
		}
		return string(r)
	}
	return path + ": " + show(c.Before) + " → " + show(c.After)
}

// clip cuts s to n bytes on a rune boundary, with an ellipsis.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xc0 == 0x80 {
		cut--
	}
	return strings.TrimSpace(s[:cut]) + "…"
}
