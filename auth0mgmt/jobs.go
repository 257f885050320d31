package auth0mgmt

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"time"

	"github.com/authlens/authlens/internal/httpx"
)

// ExportUserFields returns the user fields a users export asks for when the
// caller names none: everything User models.
func ExportUserFields() []string {
	return []string{
		"user_id", "email", "email_verified", "username", "phone_number", "phone_verified",
		"name", "nickname", "given_name", "family_name", "picture", "created_at", "updated_at",
		"last_login", "last_ip", "logins_count", "last_password_reset", "blocked", "multifactor",
		"identities", "app_metadata", "user_metadata",
	}
}

// Job is a Management API job (users export or import).
type Job struct {
	ID              string        `json:"id,omitempty"`
	Type            string        `json:"type,omitempty"`
	Status          string        `json:"status,omitempty"`
	ConnectionID    string        `json:"connection_id,omitempty"`
	Connection      string        `json:"connection,omitempty"`
	Format          string        `json:"format,omitempty"`
	Limit           int           `json:"limit,omitempty"`
	Fields          []ExportField `json:"fields,omitempty"`
	CreatedAt       string        `json:"created_at,omitempty"`
	Location        string        `json:"location,omitempty"`
	PercentageDone  int           `json:"percentage_done,omitempty"`
	TimeLeftSeconds int           `json:"time_left_seconds,omitempty"`
	Summary         Object        `json:"summary,omitempty"`
	Extra           Extra         `json:"-"`
}

// String never shows the download location: it is a signed URL.
func (j Job) String() string {
	return fmt.Sprintf("auth0mgmt.Job{ID:%s Type:%s Status:%s}", j.ID, j.Type, j.Status)
}

// GoString never shows the download location either.
func (j Job) GoString() string { return j.String() }

// ExportField names one field of a users export.
type ExportField struct {
	Name     string `json:"name"`
	ExportAs string `json:"export_as,omitempty"`
}

// UsersExportRequest is the body of POST /jobs/users-exports.
type UsersExportRequest struct {
	ConnectionID string        `json:"connection_id,omitempty"`
	Format       string        `json:"format,omitempty"` // "json" (NDJSON) or "csv"
	Limit        int           `json:"limit,omitempty"`
	Fields       []ExportField `json:"fields,omitempty"`
}

// Get returns a job.
func (s *JobsService) Get(ctx context.Context, id string) (*Job, error) {
	var j Job
	if _, err := s.c.get(ctx, "jobs/"+escape(id), nil, &j); err != nil {
		return nil, err
	}
	return &j, nil
}

// CreateUsersExport starts a users export job (needs only read:users).
func (s *JobsService) CreateUsersExport(ctx context.Context, req UsersExportRequest) (*Job, error) {
	if req.Format == "" {
		req.Format = "json"
	}
	var j Job
	// Creating an export reads nothing and changes nothing: safe to repeat.
	if _, err := s.c.do(ctx, call{method: http.MethodPost, path: "jobs/users-exports", body: req, idempotent: true}, &j); err != nil {
		return nil, err
	}
	return &j, nil
}

// Wait polls a job until it completes. Polls come every export poll
// interval (1 s by default) and back off only when the job reports slow
// progress (see nextPoll): a job that finishes is seen within about half
// a poll interval, and a long one does not spend the tenant's rate limit
// on polls. A failed or expired job gives ErrExportFailed.
func (s *JobsService) Wait(ctx context.Context, id string) (*Job, error) {
	base := s.c.opts.pollInterval
	interval := base
	var prev *Job
	still := 0 // polls in a row that saw nothing move
	for {
		j, err := s.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		switch j.Status {
		case "completed":
			if j.Location == "" {
				return nil, fmt.Errorf("%w: job %s completed without a location", ErrExportFailed, id)
			}
			return j, nil
		case "failed", "expired", "cancelled":
			return nil, fmt.Errorf("%w: job %s is %s", ErrExportFailed, id, j.Status)
		}
		if prev != nil && prev.Status == j.Status && prev.PercentageDone == j.PercentageDone &&
			prev.TimeLeftSeconds == j.TimeLeftSeconds {
			still++
		} else {
			still = 0
		}
		interval = nextPoll(base, interval, still, j)
		prev = j
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// maxPoll bounds the interval between two polls of a job.
const maxPoll = 30 * time.Second

// nextPoll is the interval before the poll after j (cur the last one;
// still the polls in a row, j's included, whose answer was the previous
// one's: status, percentage_done and time_left_seconds the same). The
// base interval, unless the job reports slow progress:
//   - much time left (time_left_seconds): an eighth of it, so that polls
//     thin out on a long job and close in as it ends;
//   - from the second such poll in a row on (still >= 2: three answers
//     alike, a job queued or stuck): twice the last interval;
//
// never more than 30 s, or the base interval when that is longer. A job
// that says it ends within the base interval is polled at half of it, so
// that its end is seen within half an interval rather than a whole one
// (a poll or two more per job).
func nextPoll(base, cur time.Duration, still int, j *Job) time.Duration {
	next := base
	left := time.Duration(j.TimeLeftSeconds) * time.Second
	switch {
	case left/8 > next:
		next = left / 8
	case left > 0 && left <= base:
		next = base / 2
	}
	if still >= 2 {
		next = max(next, cur*2)
	}
	return min(next, max(maxPoll, base))
}

// ExportUsers runs a users export job and yields its users one by one as
// the gzip NDJSON file streams in. If the download breaks off it is
// fetched again and the records already yielded are skipped, so no user is
// lost or yielded twice.
func (s *JobsService) ExportUsers(ctx context.Context, req UsersExportRequest) iter.Seq2[User, error] {
	return func(yield func(User, error) bool) {
		if req.Format != "" && req.Format != "json" {
			yield(User{}, fmt.Errorf("auth0mgmt: ExportUsers streams json exports only, not %q", req.Format))
			return
		}
		job, err := s.CreateUsersExport(ctx, req)
		if err != nil {
			yield(User{}, err)
			return
		}
		job, err = s.Wait(ctx, job.ID)
		if err != nil {
			yield(User{}, err)
			return
		}
		for u, err := range s.Download(ctx, job) {
			if !yield(u, err) || err != nil {
				return
			}
		}
	}
}

// Download streams the users of a completed json export job.
func (s *JobsService) Download(ctx context.Context, job *Job) iter.Seq2[User, error] {
	return func(yield func(User, error) bool) {
		loc, err := url.Parse(job.Location)
		if err != nil || (loc.Scheme != "https" && loc.Scheme != "http") {
			yield(User{}, fmt.Errorf("%w: job %s has an invalid location", ErrExportFailed, job.ID))
			return
		}
		done := 0
		retries := 0
		for {
			n, stop, err := s.downloadOnce(ctx, loc, done, yield)
			done += n
			if stop || err == nil {
				return
			}
			if ctx.Err() != nil || retries >= max(s.c.opts.maxRetries, 3) {
				yield(User{}, fmt.Errorf("%w: job %s: download broke off after %d users: %v", ErrExportFailed, job.ID, done, err))
				return
			}
			retries++
			// Back off before fetching the file again.
			t := time.NewTimer(s.c.opts.pollInterval << retries)
			select {
			case <-ctx.Done():
				t.Stop()
				yield(User{}, ctx.Err())
				return
			case <-t.C:
			}
		}
	}
}

// downloadOnce reads the file, skipping the first skip records. It returns
// how many new records it yielded, whether the caller stopped, and the
// error that broke the stream (nil at a clean end).
func (s *JobsService) downloadOnce(ctx context.Context, loc *url.URL, skip int, yield func(User, error) bool) (n int, stop bool, err error) {
	// The location is a pre-signed URL on another host: no bearer token.
	resp, err := s.c.hx.DoStream(ctx, &httpx.Request{Method: http.MethodGet, URL: loc, Header: http.Header{"User-Agent": {s.c.opts.userAgent}}})
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, false, fmt.Errorf("download answered %d", resp.StatusCode)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		return 0, false, err
	}
	defer zr.Close()
	dec := json.NewDecoder(zr)
	i := 0
	for {
		var u User
		if err := dec.Decode(&u); err != nil {
			if errors.Is(err, io.EOF) {
				return n, false, nil
			}
			return n, false, err
		}
		i++
		if i <= skip {
			continue
		}
		n++
		if !yield(u, nil) {
			return n, true, nil
		}
	}
}
