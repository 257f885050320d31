package auth0mgmt

import (
	"testing"
	"time"
)

func TestNextPoll(t *testing.T) {
	t.Parallel()
	const base = time.Second
	for _, tc := range []struct {
		name  string
		cur   time.Duration
		still int
		left  int // time_left_seconds
		want  time.Duration
	}{
		{"no estimate: the base interval", base, 0, 0, base},
		{"a long job: an eighth of the time left", base, 0, 80, 10 * time.Second},
		{"a very long job: at most 30 s", base, 0, 3600, 30 * time.Second},
		{"a few seconds left: the base interval", 1350 * time.Millisecond, 0, 5, base},
		{"ends within the interval: half of it", base, 0, 1, base / 2},
		{"nothing moved twice before: twice the last", 2 * time.Second, 2, 0, 4 * time.Second},
		{"stuck with a second left: still backs off", 2 * time.Second, 2, 1, 4 * time.Second},
		{"stuck for long: at most 30 s", 20 * time.Second, 5, 0, 30 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := nextPoll(base, tc.cur, tc.still, &Job{TimeLeftSeconds: tc.left}); got != tc.want {
				t.Errorf("nextPoll(%s, %s, %d, left %ds) = %s, want %s", base, tc.cur, tc.still, tc.left, got, tc.want)
			}
		})
	}
}
