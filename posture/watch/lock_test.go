package watch_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/alerts"
	"github.com/authlens/authlens/posture/watch"
)

// recordsHolder says whether the lock file names its holder on this
// platform (see watch.LockedError.Holder).
func recordsHolder() bool {
	switch runtime.GOOS {
	case "linux", "darwin", "freebsd", "openbsd", "netbsd", "dragonfly", "illumos":
		return true
	}
	return false
}

// lockedError checks that err is a watch.LockedError on dir held by pid.
func lockedError(t *testing.T, err error, dir string, pid int) {
	t.Helper()
	if !errors.Is(err, watch.ErrStateLocked) {
		t.Fatalf("Run: %v, want ErrStateLocked", err)
	}
	var le *watch.LockedError
	if !errors.As(err, &le) {
		t.Fatalf("Run: %T, want a *watch.LockedError", err)
	}
	if le.Dir != dir || le.Lock != filepath.Join(dir, watch.LockFile) {
		t.Errorf("LockedError{Dir: %q, Lock: %q}, want %q and its %s", le.Dir, le.Lock, dir, watch.LockFile)
	}
	msg := err.Error()
	for _, want := range []string{dir, "in use by another watcher", "stop that watcher", "StateDir of its own"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	if !recordsHolder() {
		return
	}
	host, _ := os.Hostname()
	if le.Holder == nil || le.Holder.PID != pid || le.Holder.Host != host || le.Holder.Started.IsZero() {
		t.Fatalf("holder %+v, want pid %d on %s", le.Holder, pid, host)
	}
	for _, want := range []string{fmt.Sprintf("pid %d on host %s, running since ", pid, host)} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
}

// TestLockTwoWatchers: while a Watcher runs, a second one on its directory
// fails at once with ErrStateLocked, whatever it is set to do, without
// scanning or touching a file; once the first has stopped, a new one
// starts.
func TestLockTwoWatchers(t *testing.T) {
	t.Parallel()
	base := snapshot(t)
	for _, tc := range []struct {
		name   string
		second func(dir string, scanned *bool) *watch.Watcher
	}{
		{"Scan", func(dir string, scanned *bool) *watch.Watcher {
			return &watch.Watcher{StateDir: dir, Interval: time.Minute, NoJudge: true, MaxTicks: 1,
				Scan: func(context.Context) (*inventory.Snapshot, error) { *scanned = true; return base, nil }}
		}},
		{"ScanSince", func(dir string, scanned *bool) *watch.Watcher {
			return &watch.Watcher{StateDir: dir, Interval: time.Minute, MaxTicks: 1,
				ScanSince: func(context.Context, *inventory.Snapshot) (*inventory.Snapshot, error) {
					*scanned = true
					return base, nil
				}}
		}},
		{"pruning to Keep 1", func(dir string, scanned *bool) *watch.Watcher {
			return &watch.Watcher{StateDir: dir, Interval: time.Minute, NoJudge: true, Keep: 1,
				Scan: func(context.Context) (*inventory.Snapshot, error) { *scanned = true; return base, nil }}
		}},
		{"with sinks", func(dir string, scanned *bool) *watch.Watcher {
			return &watch.Watcher{StateDir: dir, Interval: time.Minute, NoJudge: true, Sinks: []alerts.Sink{&sink{name: "other"}},
				Scan: func(context.Context) (*inventory.Snapshot, error) { *scanned = true; return base, nil }}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				ready := make(chan struct{})
				done := make(chan error, 1)
				first := &watch.Watcher{Scan: sequence(base), StateDir: dir, Interval: time.Hour, NoJudge: true,
					Sinks: []alerts.Sink{&sink{name: "down", fail: true}},
					OnEvent: func(e watch.Event) {
						if e.Kind == watch.EventBaseline {
							close(ready)
						}
					}}
				go func() { done <- first.Run(ctx) }()
				select {
				case <-ready:
				case err := <-done:
					t.Fatalf("first Run: %v", err)
				}
				// A stray temporary file: a second watcher that cleaned up
				// would remove it from under the first.
				_ = os.WriteFile(filepath.Join(dir, ".pending.json.1.tmp"), []byte("half"), 0o600)
				before := listDir(t, dir)

				scanned := false
				var events []watch.Event
				second := tc.second(dir, &scanned)
				second.OnEvent = collectEvents(&events)
				second.MaxTicks = 1 // were the lock broken, a failure, not a test running forever
				start := time.Now()
				err := second.Run(ctx)
				lockedError(t, err, dir, os.Getpid())
				if strings.Contains(err.Error(), "pid") && !strings.Contains(err.Error(), "(this process)") {
					t.Errorf("%q does not say the holder is this process", err)
				}
				if waited := time.Since(start); waited != 0 {
					t.Errorf("the second Run waited %s for the lock", waited)
				}
				if scanned || len(events) != 0 {
					t.Errorf("the second Run scanned (%v) or reported %v", scanned, events)
				}
				if after := listDir(t, dir); !slices.Equal(after, before) {
					t.Errorf("the second Run changed the state: %v, was %v", after, before)
				}

				cancel()
				if err := <-done; !errors.Is(err, context.Canceled) {
					t.Fatalf("first Run: %v", err)
				}
				third := tc.second(dir, &scanned)
				third.MaxTicks = 1
				if err := third.Run(context.Background()); err != nil {
					t.Fatalf("Run after the first stopped: %v", err)
				}
				if !scanned {
					t.Error("the Run after the first stopped did not scan")
				}
			})
		})
	}
}

// TestLockAcrossTicks: the lock is held from the start of Run to its
// return, during ticks and the sleeps between them, and released after
// the last tick.
func TestLockAcrossTicks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base, wide := snapshot(t), widened(t)
	synctest.Test(t, func(t *testing.T) {
		other := func() error {
			w := &watch.Watcher{Scan: sequence(base), StateDir: dir, Interval: time.Minute, NoJudge: true, MaxTicks: 1}
			return w.Run(context.Background())
		}
		var inTicks []error
		done := make(chan error, 1)
		first := &watch.Watcher{Scan: sequence(base, wide, base, wide), StateDir: dir, Interval: time.Hour, Jitter: -1,
			NoJudge: true, MaxTicks: 4,
			OnEvent: func(e watch.Event) {
				if e.Kind == watch.EventBaseline || e.Kind == watch.EventTick {
					inTicks = append(inTicks, other())
				}
			}}
		go func() { done <- first.Run(context.Background()) }()
		// The ticks start at 0, 1h, 2h and 3h; in between the watcher
		// sleeps.
		var inSleeps []error
		for range 3 {
			time.Sleep(30 * time.Minute)
			inSleeps = append(inSleeps, other())
			time.Sleep(30 * time.Minute)
		}
		if err := <-done; err != nil {
			t.Fatalf("Run: %v", err)
		}
		if len(inTicks) != 4 || len(inSleeps) != 3 {
			t.Fatalf("%d attempts in ticks, %d in sleeps", len(inTicks), len(inSleeps))
		}
		for _, err := range append(inTicks, inSleeps...) {
			lockedError(t, err, dir, os.Getpid())
		}
		if err := other(); err != nil {
			t.Fatalf("Run after the last tick: %v", err)
		}
	})
}

// TestStaleLockFile: a lock file that no process holds, whatever it says,
// does not stop a Watcher; while it runs the file names it, and it is
// cleared when Run returns.
func TestStaleLockFile(t *testing.T) {
	t.Parallel()
	base := snapshot(t)
	for _, tc := range []struct {
		name    string
		content string
	}{
		{"empty", ""},
		{"a crashed watcher's record", `{"pid":999999,"host":"gone","started":"2025-06-02T09:30:00Z"}` + "\n"},
		{"half written", `{"pid":12`},
		{"garbage", "\x00\x01 not a lock record"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			lock := filepath.Join(dir, watch.LockFile)
			if err := os.WriteFile(lock, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			synctest.Test(t, func(t *testing.T) {
				var recorded []watch.Holder
				w := &watch.Watcher{Scan: sequence(base), StateDir: dir, Interval: time.Minute, NoJudge: true, MaxTicks: 2,
					OnEvent: func(watch.Event) {
						b, _ := os.ReadFile(lock)
						var h watch.Holder
						_ = json.Unmarshal(b, &h)
						recorded = append(recorded, h)
					}}
				if err := w.Run(context.Background()); err != nil {
					t.Fatalf("Run: %v", err)
				}
				if len(recorded) != 3 { // started, two ticks
					t.Fatalf("%d events, want 3", len(recorded))
				}
				if !recordsHolder() {
					return
				}
				for _, h := range recorded {
					if h.PID != os.Getpid() {
						t.Errorf("while running, %s records %+v, want pid %d", watch.LockFile, h, os.Getpid())
					}
				}
				if b, err := os.ReadFile(lock); err != nil || len(b) != 0 {
					t.Errorf("after Run, %s holds %q (%v), want it empty", watch.LockFile, b, err)
				}
			})
		})
	}
}

// holderEnv makes the test binary a watcher that holds a directory until
// it is killed (TestLockReleasedWhenProcessDies).
const holderEnv = "AUTHLENS_WATCH_TEST_HOLD_DIR"

// TestLockReleasedWhenProcessDies: another process watching a directory
// locks this one out, with its PID named; once it is killed (no clean
// stop: the system drops the lock), the directory is free at once,
// though the lock file with the dead process's record is still there.
func TestLockReleasedWhenProcessDies(t *testing.T) {
	if dir := os.Getenv(holderEnv); dir != "" {
		w := &watch.Watcher{StateDir: dir, Interval: time.Hour,
			Scan: func(ctx context.Context) (*inventory.Snapshot, error) {
				fmt.Println("holding") // the lock is taken before the first scan
				<-ctx.Done()
				return nil, ctx.Err()
			}}
		err := w.Run(context.Background())
		t.Fatalf("the holder returned: %v", err)
	}
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestLockReleasedWhenProcessDies$", "-test.count=1")
	cmd.Env = append(os.Environ(), holderEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	t.Cleanup(func() {
		if !killed {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	lines := bufio.NewScanner(out)
	for lines.Scan() && lines.Text() != "holding" {
	}
	if lines.Text() != "holding" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		killed = true
		t.Fatalf("the holder did not start: %s", stderr.String())
	}

	base := snapshot(t)
	w := &watch.Watcher{Scan: sequence(base), StateDir: dir, Interval: time.Minute, NoJudge: true, MaxTicks: 1}
	lockedError(t, w.Run(ctx), dir, cmd.Process.Pid)

	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	killed = true
	b, err := os.ReadFile(filepath.Join(dir, watch.LockFile))
	if err != nil {
		t.Fatalf("the lock file is gone: %v", err)
	}
	if recordsHolder() && !bytes.Contains(b, fmt.Appendf(nil, `"pid":%d`, cmd.Process.Pid)) {
		t.Errorf("the dead holder's lock file holds %q", b)
	}
	if err := w.Run(ctx); err != nil {
		t.Fatalf("Run after the holder died: %v", err)
	}
}

// TestLockReleasedWhenOnEventPanics: an OnEvent that panics while Run
// starts (here on the warning about an unreadable pending file) does not
// leave the directory locked for the rest of the process.
func TestLockReleasedWhenOnEventPanics(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := snapshot(t)
	if err := os.WriteFile(filepath.Join(dir, "pending.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	synctest.Test(t, func(t *testing.T) {
		panicky := &watch.Watcher{Scan: sequence(base), StateDir: dir, Interval: time.Minute, NoJudge: true, MaxTicks: 1,
			OnEvent: func(e watch.Event) {
				if e.Kind == watch.EventStateError {
					panic("the caller's bug")
				}
			}}
		func() {
			defer func() {
				if recover() == nil {
					t.Fatal("OnEvent's panic did not reach the caller")
				}
			}()
			_ = panicky.Run(context.Background())
		}()
		next := &watch.Watcher{Scan: sequence(base), StateDir: dir, Interval: time.Minute, NoJudge: true, MaxTicks: 1}
		if err := next.Run(context.Background()); err != nil {
			t.Fatalf("after the panic: %v", err)
		}
	})
}
