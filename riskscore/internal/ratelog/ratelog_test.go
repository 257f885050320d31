package ratelog_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/riskscore/internal/ratelog"
)

type buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *buffer) lines() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := strings.TrimSpace(b.b.String())
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestLimiter(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var buf buffer
		l := ratelog.New(slog.New(slog.NewTextHandler(&buf, nil)), time.Minute)
		ctx := context.Background()
		for i := range 1000 {
			l.Log(ctx, slog.LevelWarn, "a", "cause a", slog.Int("i", i))
			if i%10 == 0 {
				l.Log(ctx, slog.LevelWarn, "b", "cause b")
			}
		}
		if got := buf.lines(); len(got) != 2 || !strings.Contains(got[0], "i=0") || !strings.Contains(got[1], "cause=b") {
			t.Fatalf("first lines: %q", got)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		got := buf.lines()
		if len(got) != 4 {
			t.Fatalf("after the window: %q", got)
		}
		summary := strings.Join(got[2:], "\n")
		for _, want := range []string{`"cause a (999 more in the last 1m0s)"`, "i=999", "suppressed=999", `"cause b (99 more in the last 1m0s)"`} {
			if !strings.Contains(summary, want) {
				t.Errorf("summaries lack %s:\n%s", want, summary)
			}
		}
		// A window without occurrences closes the cause; the next is
		// written at once.
		time.Sleep(time.Minute)
		synctest.Wait()
		if n := len(buf.lines()); n != 4 {
			t.Fatalf("a quiet window wrote %d lines", n-4)
		}
		l.Log(ctx, slog.LevelWarn, "a", "cause a again")
		if got := buf.lines(); len(got) != 5 || !strings.Contains(got[4], "cause a again") {
			t.Fatalf("after a quiet window: %q", got)
		}
		time.Sleep(time.Minute)
	})
}

func TestLimiterBounds(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var buf buffer
		l := ratelog.New(slog.New(slog.NewTextHandler(&buf, nil)), time.Minute)
		for i := range 5000 {
			l.Log(context.Background(), slog.LevelWarn, fmt.Sprint("cause", i), "many causes")
		}
		if n := len(buf.lines()); n > 1025 {
			t.Fatalf("%d lines for 5000 causes", n)
		}
		time.Sleep(2 * time.Minute)
	})
	var nilLimiter *ratelog.Limiter
	nilLimiter.Log(context.Background(), slog.LevelWarn, "x", "no logger") // no panic
	if ratelog.New(nil, 0) != nil {
		t.Fatal("a Limiter without a logger")
	}
}
