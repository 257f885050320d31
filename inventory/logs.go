package inventory

import (
	"context"
	"fmt"
	"net/url"

	"github.com/authlens/authlens/auth0mgmt"
)

// LogCheckpoint returns the log_id a scan after s continues reading logs
// from: the checkpoint s recorded (Scan.LogCheckpoint), or for snapshots
// older than that member, its newest log event; "" when s read no logs.
func (s *Snapshot) LogCheckpoint() string {
	if s == nil {
		return ""
	}
	if s.Scan.LogCheckpoint != "" {
		return s.Scan.LogCheckpoint
	}
	newest := ""
	if r := s.Kind(KindLogs); r != nil {
		for id := range r.Records {
			newest = max(newest, id)
		}
	}
	return newest
}

// logStart is the checkpoint this scan continues from ("" for none: the
// window): Options.LogCheckpoint, or the checkpoint of Options.Previous
// when it is a snapshot of the same tenant.
func (c *collector) logStart(tenant string) string {
	if c.opts.LogCheckpoint != "" {
		return c.opts.LogCheckpoint
	}
	if p := c.opts.Previous; p != nil && p.Tenant == tenant {
		return p.LogCheckpoint()
	}
	return ""
}

// logs reads the logs: from the checkpoint onwards when there is one (so
// that consecutive scans together miss no event), else the window (the
// oldest page of the window from a date search sorted date:1). Then every
// newer log by checkpoint, oldest first, to the newest. Past MaxLogs the
// oldest are let go, so the newest MaxLogs are kept, and the kind says how
// many older ones were left out.
func (c *collector) logs(ctx context.Context) error {
	limit := c.opts.MaxLogs
	var (
		kept    []string // ids kept, oldest first (a queue)
		dropped int
		cursor  = c.logFrom
	)
	add := func(items []auth0mgmt.Log) {
		for _, l := range items {
			if l.LogID == "" || (c.logFrom != "" && l.LogID <= c.logFrom) {
				continue
			}
			if l.LogID > cursor {
				cursor = l.LogID
			}
			c.put(KindLogs, l.LogID, c.logRecord(l))
			kept = append(kept, l.LogID)
			if len(kept) > limit {
				c.drop(KindLogs, kept[0])
				kept[0] = ""
				kept = kept[1:]
				dropped++
			}
		}
		// Where the next scan continues, also when this one fails later:
		// what was read is in the records.
		c.mu.Lock()
		c.logNext = cursor
		c.mu.Unlock()
	}
	total := -1 // the window's size, from the search (see below)
	read := 0
	if c.logFrom == "" {
		since := c.opts.Now().Add(-c.opts.LogWindow).UTC()
		first, err := c.api.Logs.SearchPage(ctx, &auth0mgmt.ListOptions{PerPage: auth0mgmt.MaxPerPage, Query: url.Values{
			"q":    {"date:[" + since.Format("2006-01-02T15:04:05.000Z") + " TO *]"},
			"sort": {"date:1"},
		}})
		if err != nil {
			return err
		}
		add(first.Items)
		read = len(first.Items)
		// The search's total is the window's size when the scan started:
		// reading up to it needs no trailing empty page. A total of 1000
		// or more is not trusted (search results are capped at 1000, and
		// whether totals are is not documented): then, as without a
		// total, a short page is the end.
		if first.HasTotal && first.Total < 1000 {
			total = first.Total
		}
		if len(first.Items) < auth0mgmt.MaxPerPage || (total >= 0 && read >= total) {
			c.logsDone(dropped)
			return nil
		}
	}
	for {
		p, err := c.api.Logs.FromPage(ctx, cursor, auth0mgmt.MaxPerPage)
		if err != nil {
			return err
		}
		add(p.Items)
		read += len(p.Items)
		if len(p.Items) < auth0mgmt.MaxPerPage || (total >= 0 && read >= total) {
			break
		}
	}
	c.logsDone(dropped)
	return nil
}

// logsDone records the events left out.
func (c *collector) logsDone(dropped int) {
	if dropped > 0 {
		c.gapNote(KindLogs, "records", fmt.Sprintf("%d older log event(s) left out: MaxLogs (%d) keeps the newest", dropped, c.opts.MaxLogs))
	}
}

// gapNote records a gap that is a bound, not a failure.
func (c *collector) gapNote(k Kind, part, msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kinds[k].gaps[gapKey{part, msg}] = &Gap{Part: part, Status: StatusPartial, Error: msg}
}

// drop removes a record stored earlier.
func (c *collector) drop(k Kind, id string) {
	c.mu.Lock()
	delete(c.kinds[k].records, id)
	c.mu.Unlock()
}
