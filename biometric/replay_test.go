package biometric

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestMemoryReplayStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := epoch
	claim := func(s *MemoryReplayStore, id string, at, until time.Time) bool {
		t.Helper()
		ok, err := s.Claim(ctx, id, at, until)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}

	t.Run("once", func(t *testing.T) {
		t.Parallel()
		var s MemoryReplayStore // zero value is usable
		if !claim(&s, "a", now, now.Add(time.Minute)) || claim(&s, "a", now, now.Add(time.Minute)) {
			t.Error("second claim accepted")
		}
		if !claim(&s, "b", now, now.Add(time.Minute)) {
			t.Error("other id refused")
		}
	})
	t.Run("lapses after until", func(t *testing.T) {
		t.Parallel()
		s := NewMemoryReplayStore(0)
		claim(s, "a", now, now.Add(time.Minute))
		if claim(s, "a", now.Add(59*time.Second), now.Add(2*time.Minute)) {
			t.Error("accepted before lapse")
		}
		if !claim(s, "a", now.Add(time.Minute), now.Add(2*time.Minute)) {
			t.Error("refused after lapse")
		}
		if s.Len() != 1 {
			t.Errorf("Len = %d", s.Len())
		}
	})
	t.Run("prunes", func(t *testing.T) {
		t.Parallel()
		s := NewMemoryReplayStore(0)
		for i := range 100 {
			claim(s, fmt.Sprint(i), now, now.Add(time.Duration(i)*time.Second))
		}
		claim(s, "late", now.Add(time.Hour), now.Add(2*time.Hour))
		if s.Len() != 1 {
			t.Errorf("Len = %d after pruning", s.Len())
		}
	})
	t.Run("full fails closed", func(t *testing.T) {
		t.Parallel()
		s := NewMemoryReplayStore(2)
		claim(s, "a", now, now.Add(time.Minute))
		claim(s, "b", now, now.Add(time.Minute))
		if ok, err := s.Claim(ctx, "c", now, now.Add(time.Minute)); ok || err == nil {
			t.Errorf("full store: %v %v", ok, err)
		}
		if !claim(s, "c", now.Add(time.Minute), now.Add(2*time.Minute)) {
			t.Error("refused once records lapsed")
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		t.Parallel()
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := NewMemoryReplayStore(0).Claim(cctx, "a", now, now.Add(time.Minute)); err == nil {
			t.Error("no error on a cancelled context")
		}
	})
	t.Run("concurrent claims: one winner", func(t *testing.T) {
		t.Parallel()
		s := NewMemoryReplayStore(0)
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 32 {
			wg.Go(func() {
				if ok, _ := s.Claim(ctx, "same", now, now.Add(time.Minute)); ok {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Errorf("%d winners", wins.Load())
		}
	})
}

func TestConcurrentReplayThroughVerifier(t *testing.T) {
	t.Parallel()
	v, clk := newTestVerifier(t)
	tok := craft(t, hsHeader(), resultClaims(clk.Now()), hs256(testSecret))
	var ok atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if _, err := v.VerifyResult(context.Background(), tok, Expect{UserID: testUser, State: testState}); err == nil {
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 1 {
		t.Errorf("token accepted %d times", ok.Load())
	}
}

func TestExpiryHeapOrder(t *testing.T) {
	t.Parallel()
	var h expiryHeap
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		h.push(expiry{id: fmt.Sprint(i), until: r.Int64N(1000)})
	}
	prev := int64(-1)
	for len(h) > 0 {
		e := h.pop()
		if e.until < prev {
			t.Fatalf("popped %d after %d", e.until, prev)
		}
		prev = e.until
	}
}
