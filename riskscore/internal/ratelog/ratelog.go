// Package ratelog writes log lines rate-limited per cause, with counts:
// the first occurrence of a cause is written at once; the ones that follow
// within the window are counted, and when the window ends one summary line
// says how many more there were ("N more in the last 1m0s"). An outage
// writes a line per cause per window, not one per login.
package ratelog

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"time"
)

// DefaultWindow is the summary period.
const DefaultWindow = time.Minute

// maxCauses bounds the causes tracked at once; beyond it, further causes
// share one entry ("other").
const maxCauses = 1024

// Limiter rate-limits log lines per cause. The zero value is not usable;
// a nil *Limiter logs nothing.
type Limiter struct {
	logger *slog.Logger
	window time.Duration

	mu     sync.Mutex
	causes map[string]*cause
}

type cause struct {
	suppressed int
	level      slog.Level
	msg        string
	attrs      []slog.Attr
}

// New returns a Limiter writing to logger (nil: a nil Limiter, which logs
// nothing) with a summary every window (<= 0: DefaultWindow).
func New(logger *slog.Logger, window time.Duration) *Limiter {
	if logger == nil {
		return nil
	}
	if window <= 0 {
		window = DefaultWindow
	}
	return &Limiter{logger: logger, window: window, causes: map[string]*cause{}}
}

// Log writes msg with attrs (and "cause") if it is the first of its cause
// in the current window; otherwise it counts it, and the window's summary
// carries the latest one's message and attributes.
func (l *Limiter) Log(ctx context.Context, level slog.Level, key, msg string, attrs ...slog.Attr) {
	if l == nil || !l.logger.Enabled(ctx, level) {
		return
	}
	l.mu.Lock()
	c, ok := l.causes[key]
	if !ok && len(l.causes) >= maxCauses {
		key = "other"
		c, ok = l.causes[key]
	}
	if ok {
		c.suppressed++
		c.level, c.msg, c.attrs = max(c.level, level), msg, attrs
		l.mu.Unlock()
		return
	}
	l.causes[key] = &cause{}
	l.mu.Unlock()
	time.AfterFunc(l.window, func() { l.flush(key) })
	l.logger.LogAttrs(ctx, level, msg, slices.Concat(attrs, []slog.Attr{slog.String("cause", key)})...)
}

// flush ends key's window: with suppressed lines, it writes the summary
// and opens the next window; without, it forgets the cause.
func (l *Limiter) flush(key string) {
	l.mu.Lock()
	c := l.causes[key]
	if c == nil {
		l.mu.Unlock()
		return
	}
	if c.suppressed == 0 {
		delete(l.causes, key)
		l.mu.Unlock()
		return
	}
	n, level, msg, attrs := c.suppressed, c.level, c.msg, c.attrs
	c.suppressed, c.attrs = 0, nil
	l.mu.Unlock()
	time.AfterFunc(l.window, func() { l.flush(key) })
	l.logger.LogAttrs(context.Background(), level,
		msg+" ("+strconv.Itoa(n)+" more in the last "+l.window.String()+")",
		slices.Concat(attrs, []slog.Attr{slog.String("cause", key), slog.Int("suppressed", n), slog.Duration("window", l.window)})...)
}
