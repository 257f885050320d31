package redisreplay

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Logger adapts go-redis's own log lines (one per failed dial, per pool
// event: thousands a minute while Redis is away) to log/slog, rate
// limited: at most one WARN line per interval, carrying the number of
// lines held back since the last one. go-redis logs through one global
// logger; install it once, in main:
//
//	redis.SetLogger(redisreplay.NewLogger(slog.Default(), time.Minute))
type Logger struct {
	l     *slog.Logger
	every time.Duration
	now   func() time.Time

	mu      sync.Mutex
	last    time.Time
	dropped int
}

// NewLogger returns a Logger writing to l (nil: slog.Default()) at most
// once per every (at least one second; less is raised to it).
func NewLogger(l *slog.Logger, every time.Duration) *Logger {
	if l == nil {
		l = slog.Default()
	}
	return &Logger{l: l, every: max(every, time.Second), now: time.Now}
}

// Printf implements go-redis's internal.Logging.
func (g *Logger) Printf(ctx context.Context, format string, v ...any) {
	g.mu.Lock()
	now := g.now()
	if !g.last.IsZero() && now.Sub(g.last) < g.every {
		g.dropped++
		g.mu.Unlock()
		return
	}
	dropped := g.dropped
	g.last, g.dropped = now, 0
	g.mu.Unlock()
	g.l.LogAttrs(ctx, slog.LevelWarn, "redis client", slog.String("message", fmt.Sprintf(format, v...)),
		slog.Int("held_back", dropped))
}
