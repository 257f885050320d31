package auth0mgmt

import (
	"testing"
	"time"
)

func TestNextPoll(t *testing.T) {
	t.Parallel()
	const base = time.Second // the default export poll interval
	for _, tc := range []struct {
		name  string
		base  time.Duration
		cur   time.Duration
		still int
		left  int // time_left_seconds
		want  time.Duration
	}{
		{"no estimate: the base interval", base, base, 0, 0, base},
		{"a long job: an eighth of the time left", base, base, 0, 80, 10 * time.Second},
		{"a very long job: at most 30 s", base, base, 0, 3600, 30 * time.Second},
		{"a few seconds left: the base interval", base, 1350 * time.Millisecond, 0, 5, base},
		{"ends within the interval: half of it", base, base, 0, 1, base / 2},
		{"nothing moved twice before: twice the last", base, 2 * time.Second, 2, 0, 4 * time.Second},
		{"stuck with a second left: still backs off", base, 2 * time.Second, 2, 1, 4 * time.Second},
		{"stuck for long: at most 30 s", base, 20 * time.Second, 5, 0, 30 * time.Second},
		{"a 5 s base, 3 s left: half of it", 5 * time.Second, 5 * time.Second, 0, 3, 2500 * time.Millisecond},
		{"a 5 s base, 6 s left: the base", 5 * time.Second, 5 * time.Second, 0, 6, 5 * time.Second},
		{"a 45 s base: above the 30 s bound", 45 * time.Second, 45 * time.Second, 0, 0, 45 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := nextPoll(tc.base, tc.cur, tc.still, &Job{TimeLeftSeconds: tc.left}); got != tc.want {
				t.Errorf("nextPoll(%s, %s, %d, left %ds) = %s, want %s", tc.base, tc.cur, tc.still, tc.left, got, tc.want)
			}
		})
	}
}
