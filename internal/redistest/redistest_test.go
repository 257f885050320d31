package redistest

import (
	"context"
	"testing"
	"time"
)

func TestStartStopRestart(t *testing.T) {
	t.Parallel()
	s := Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ping(ctx, s.Addr); err != nil {
		t.Fatal(err)
	}
	s.Stop()
	if err := ping(ctx, s.Addr); err == nil {
		t.Fatal("a stopped server answers")
	}
	s.Restart(t)
	if err := ping(ctx, s.Addr); err != nil {
		t.Fatal(err)
	}
	s.Stop()
	s.Stop() // idempotent
}
