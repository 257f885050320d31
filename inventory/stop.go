package inventory

import (
	"fmt"
	"time"

	"context"
)

// StatusCancelled is the Progress status of a kind the scan stopped before
// it was read (Collect then returns an error, and no snapshot: it is never
// a snapshot's status).
const StatusCancelled Status = "cancelled"

// stopped marks kind k as cut short by the end of the scan.
func (c *collector) stopped(k Kind) {
	c.mu.Lock()
	c.kinds[k].stopped = true
	c.mu.Unlock()
}

// cancelled reports, once the scan has stopped, every kind that had not
// finished as cancelled: tasks still queued never ran.
func (c *collector) cancelled() {
	c.mu.Lock()
	var left []Kind
	counts := map[Kind]int{}
	for _, k := range c.opts.Kinds {
		ks := c.kinds[k]
		if ks.done {
			continue
		}
		ks.done, ks.status = true, StatusCancelled
		left = append(left, k)
		counts[k] = len(ks.records)
	}
	c.mu.Unlock()
	for _, k := range left {
		c.report(k, counts[k], true, StatusCancelled)
	}
}

// watchAnswers stops the scan when the tenant has not answered for
// Options.NoAnswerBudget while requests fail without an answer (the
// retries of a host that is gone would otherwise go on for minutes per
// request). It returns a function that ends the watch.
func (c *collector) watchAnswers(ctx context.Context, start time.Time) func() {
	budget := c.opts.NoAnswerBudget
	if budget <= 0 {
		return func() {}
	}
	period := min(max(budget/20, 10*time.Millisecond), 5*time.Second)
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-done:
				return
			case now := <-t.C:
				st := c.api.RequestStats()
				since := st.LastAnswer
				if since.Before(start) {
					since = start
				}
				if !st.LastNoAnswer.After(since) || now.Sub(since) < budget {
					continue
				}
				err := fmt.Errorf("%w: no answer from %s for %s (the retry budget): the scan stopped", ErrNoAnswer,
					c.api.Domain(), now.Sub(since).Round(time.Second))
				if !c.anyOK.Load() {
					err = fmt.Errorf("%w: %w", ErrUnreadable, err)
				}
				c.cancel(err)
				return
			}
		}
	}()
	return func() { close(done) }
}
