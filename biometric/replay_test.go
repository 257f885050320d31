package biometric

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// lineCounter is a slog handler that counts records (and keeps the text).
type lineCounter struct {
	mu  sync.Mutex
	buf bytes.Buffer
	n   int
}

func (l *lineCounter) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.n++
		return l.buf.Write(p)
	}), nil))
}

func (l *lineCounter) lines() (int, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n, l.buf.String()
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestMemoryReplayStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := epoch
	claim := func(t *testing.T, s *MemoryReplayStore, id string, at, until time.Time) bool {
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
		if !claim(t, &s, "a", now, now.Add(time.Minute)) || claim(t, &s, "a", now, now.Add(time.Minute)) {
			t.Error("second claim accepted")
		}
		if !claim(t, &s, "b", now, now.Add(time.Minute)) {
			t.Error("other id refused")
		}
		if s.Len() != 2 || s.Bytes() != 2*(1+ReplayEntryOverhead) || s.MaxBytes() != DefaultMaxReplayBytes {
			t.Errorf("Len %d Bytes %d MaxBytes %d", s.Len(), s.Bytes(), s.MaxBytes())
		}
	})
	t.Run("lapses at until, not before", func(t *testing.T) {
		t.Parallel()
		s := newMemStore(t)
		until := now.Add(90 * time.Second) // mid-bucket: the bucket ends later
		claim(t, s, "a", now, until)
		if claim(t, s, "a", until.Add(-time.Nanosecond), until.Add(time.Minute)) {
			t.Error("accepted before lapse")
		}
		if !claim(t, s, "a", until, until.Add(time.Minute)) {
			t.Error("refused once lapsed (its bucket not yet dropped)")
		}
		if s.Len() != 1 || s.Bytes() != 1+ReplayEntryOverhead {
			t.Errorf("Len %d Bytes %d", s.Len(), s.Bytes())
		}
	})
	t.Run("until in the past is not kept", func(t *testing.T) {
		t.Parallel()
		s := newMemStore(t)
		if !claim(t, s, "a", now, now.Add(-time.Second)) || s.Len() != 0 {
			t.Errorf("Len %d", s.Len())
		}
	})
	t.Run("far untils share the last bucket", func(t *testing.T) {
		t.Parallel()
		s := newMemStore(t)
		for i := range 200 {
			claim(t, s, fmt.Sprint(i), now, now.Add(time.Duration(i)*time.Hour+time.Second))
		}
		if len(s.buckets) > maxReplayBuckets {
			t.Fatalf("%d buckets", len(s.buckets))
		}
		// Each record is still kept at least until its until.
		for i := range 200 {
			at := now.Add(time.Duration(i) * time.Hour)
			if claim(t, s, fmt.Sprint(i), at, at.Add(time.Second)) {
				t.Fatalf("record %d dropped before its until", i)
			}
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		t.Parallel()
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := newMemStore(t).Claim(cctx, "a", now, now.Add(time.Minute))
		if !errors.Is(err, ErrReplayStore) || !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("concurrent claims: one winner", func(t *testing.T) {
		t.Parallel()
		s := newMemStore(t)
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

func TestMemoryReplayConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cfg   MemoryReplayConfig
		field string
	}{
		{MemoryReplayConfig{MaxBytes: -1}, "MemoryReplayConfig.MaxBytes"},
		{MemoryReplayConfig{MaxBytes: 1000}, "MemoryReplayConfig.MaxBytes"},
		{MemoryReplayConfig{MaxBytes: MinReplayBytes - 1}, "MemoryReplayConfig.MaxBytes"},
		{MemoryReplayConfig{LogInterval: -time.Second}, "MemoryReplayConfig.LogInterval"},
	} {
		_, err := NewMemoryReplayStore(tc.cfg)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Field != tc.field || !errors.Is(err, ErrConfig) {
			t.Errorf("%+v: err = %v, want a ConfigError for %s", tc.cfg, err, tc.field)
		}
	}
}

// The bound is in bytes (ids counted with their length), a full store
// refuses with ErrReplayStoreFull, logs one line for any number of
// refusals, one more per LogInterval with the count, and one when it has
// room again.
func TestMemoryReplayStoreFull(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var log lineCounter
	const max = 64 << 10
	s, err := NewMemoryReplayStore(MemoryReplayConfig{MaxBytes: max, Logger: log.logger(), LogInterval: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	now := epoch
	until := now.Add(2 * time.Minute)
	short, long := strings.Repeat("s", 10), strings.Repeat("L", 400)
	held := 0
	for i := 0; ; i++ {
		id := fmt.Sprintf("%s-%d", short, i)
		if i%2 == 1 {
			id = fmt.Sprintf("%s-%d", long, i)
		}
		ok, err := s.Claim(ctx, id, now, until)
		if err != nil {
			if !errors.Is(err, ErrReplayStoreFull) || !errors.Is(err, ErrReplayStore) || ok {
				t.Fatalf("full store: %v %v", ok, err)
			}
			break
		}
		held += len(id) + ReplayEntryOverhead
		if s.Bytes() != held || s.Bytes() > max {
			t.Fatalf("Bytes %d, counted %d, bound %d", s.Bytes(), held, max)
		}
	}
	if max-held > 500+ReplayEntryOverhead {
		t.Errorf("refused with %d of %d bytes free", max-held, max)
	}
	for i := range 1000 {
		if _, err := s.Claim(ctx, fmt.Sprint(long, "more-", i), now.Add(time.Duration(i)*time.Millisecond), until); !errors.Is(err, ErrReplayStoreFull) {
			t.Fatalf("claim %d: %v", i, err)
		}
	}
	if n, text := log.lines(); n != 1 || !strings.Contains(text, "replay store full") || strings.Contains(text, short) {
		t.Fatalf("%d lines after 1001 refusals:\n%s", n, text)
	}
	// A minute later, still full: one more line, with the count.
	if _, err := s.Claim(ctx, long+"later", now.Add(time.Minute), until); !errors.Is(err, ErrReplayStoreFull) {
		t.Fatal(err)
	}
	if n, text := log.lines(); n != 2 || !strings.Contains(text, "refused=1001") {
		t.Fatalf("%d lines:\n%s", n, text)
	}
	// The records lapse with their bucket: room again, one line.
	if ok, err := s.Claim(ctx, "after", until, until.Add(time.Minute)); !ok || err != nil {
		t.Fatalf("after the lapse: %v %v", ok, err)
	}
	if n, text := log.lines(); n != 3 || !strings.Contains(text, "room again") {
		t.Fatalf("%d lines:\n%s", n, text)
	}
	if s.Len() != 1 {
		t.Errorf("Len %d", s.Len())
	}

	// Through a Verifier: a clear refusal.
	tiny, _ := NewMemoryReplayStore(MemoryReplayConfig{MaxBytes: MinReplayBytes, Logger: log.logger()})
	v, clk := newTestVerifier(t, func(c *Config) { c.ReplayStore = tiny })
	for _, prefix := range []string{long, ""} { // fill it to the last few bytes
		for i := 0; ; i++ {
			if _, err := tiny.Claim(ctx, fmt.Sprint(prefix, i), clk.Now(), clk.Now().Add(time.Hour)); err != nil {
				break
			}
		}
	}
	tok := craft(t, hsHeader(), resultClaims(clk.Now()), hs256(testSecret))
	_, err = v.VerifyResult(ctx, tok, Expect{UserID: testUser, State: testState})
	checkRefusal(t, err, ErrReplayStore, tok)
	if !errors.Is(err, ErrReplayStoreFull) || !strings.Contains(err.Error(), "replay store full") {
		t.Errorf("err = %v", err)
	}
}

// fillStore claims n records spread over spread (until from now+1m to
// now+1m+spread), with ids like the Verifier's.
func fillStore(tb testing.TB, s *MemoryReplayStore, n int, now time.Time, spread time.Duration) {
	tb.Helper()
	ctx := context.Background()
	prefix := "authid:7:int-123:session:jti:"
	for i := range n {
		until := now.Add(time.Minute + time.Duration(int64(spread)*int64(i)/int64(n)))
		if ok, err := s.Claim(ctx, fmt.Sprintf("%s%026d", prefix, i), now, until); !ok || err != nil {
			tb.Fatalf("claim %d: %v %v", i, ok, err)
		}
	}
}

// Pruning does constant work per bucket and none per record: at 1M
// records, no Claim drops more than the buckets that ended, and the
// store's byte count and buckets go back to zero after the burst.
func TestMemoryReplayPruneWorkBound(t *testing.T) {
	t.Parallel()
	n := 1 << 20
	if testing.Short() || raceEnabled {
		n = 1 << 17
	}
	s, err := NewMemoryReplayStore(MemoryReplayConfig{MaxBytes: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	now := epoch
	fillStore(t, s, n, now, 18*time.Minute)
	if s.Len() != n || len(s.buckets) > 20 {
		t.Fatalf("Len %d, %d buckets", s.Len(), len(s.buckets))
	}
	peak := s.Bytes()
	// Time moves on a second per claim for 25 minutes: every bucket ends.
	ctx := context.Background()
	for i := range 25 * 60 {
		at := now.Add(time.Duration(i) * time.Second)
		if _, err := s.Claim(ctx, fmt.Sprint("probe-", i), at, at.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	if s.stats.maxDropped > 1 {
		t.Errorf("one claim dropped %d buckets", s.stats.maxDropped)
	}
	if s.stats.bucketsDropped < 19 {
		t.Errorf("%d buckets dropped", s.stats.bucketsDropped)
	}
	// After the burst: nothing held, no map left (the memory is the
	// garbage collector's).
	// (the last minute's probes remain, in one bucket).
	if s.Len() > 60 || s.Bytes() > 60*(20+ReplayEntryOverhead) || len(s.buckets) > 1 {
		t.Errorf("after the burst: Len %d, Bytes %d (peak %d), %d buckets", s.Len(), s.Bytes(), peak, len(s.buckets))
	}
	for _, b := range s.buckets[len(s.buckets):cap(s.buckets)] {
		if b.m != nil {
			t.Errorf("a dropped bucket's map is still referenced (%d records)", len(b.m))
		}
	}
}

// BenchmarkMemoryReplayClaim: claims per second in memory, steady state
// (fresh ids, time moving on so that buckets lapse).
func BenchmarkMemoryReplayClaim(b *testing.B) {
	s := newMemStore(b)
	ctx := context.Background()
	now := epoch
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		now = now.Add(time.Millisecond)
		if ok, err := s.Claim(ctx, fmt.Sprintf("authid:7:int-123:result:jti:%026d", i), now, now.Add(5*time.Minute)); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "claims/s")
}

// BenchmarkMemoryReplayPrune: 1M records over 18 minutes, then claims as
// time passes; reports the worst wait of one Claim (pruning included),
// and the heap before the burst, at 1M records and after they lapsed.
func BenchmarkMemoryReplayPrune(b *testing.B) {
	const n = 1 << 20
	var ms runtime.MemStats
	heap := func() float64 {
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc) / (1 << 20)
	}
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		before := heap()
		s, _ := NewMemoryReplayStore(MemoryReplayConfig{MaxBytes: 1 << 30})
		now := epoch
		fillStore(b, s, n, now, 18*time.Minute)
		full := heap()
		b.ReportMetric(float64(s.Bytes())/(1<<20), "counted-MiB@1M")
		b.ReportMetric((full-before)*(1<<20)/n, "heap-B/record")
		b.StartTimer()
		var worst time.Duration
		for i := range 25 * 60 {
			at := now.Add(time.Duration(i) * time.Second)
			t0 := time.Now()
			if _, err := s.Claim(ctx, "probe", at, at.Add(time.Second)); err != nil {
				b.Fatal(err)
			}
			worst = max(worst, time.Since(t0))
		}
		b.StopTimer()
		after := heap()
		b.ReportMetric(float64(worst.Nanoseconds()), "worst-ns/claim")
		b.ReportMetric(full-before, "heap-MiB@1M")
		b.ReportMetric(after-before, "heap-MiB-after")
		runtime.KeepAlive(s)
		b.StartTimer()
	}
}
