package inventory

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// goneAfter serves requests with the fake's handler, in the calling
// goroutine (no network: it runs on synctest's clock), until n have been
// answered; then the host is gone: each attempt hangs until the dial
// timeout (30 s) and fails without an answer.
type goneAfter struct {
	srv    *auth0test.Server
	n      int64
	served atomic.Int64
	mu     sync.Mutex
	goneAt time.Time
}

func (g *goneAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	if g.served.Add(1) > g.n {
		g.mu.Lock()
		if g.goneAt.IsZero() {
			g.goneAt = time.Now()
		}
		g.mu.Unlock()
		t := time.NewTimer(30 * time.Second)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			return nil, r.Context().Err()
		case <-t.C:
		}
		return nil, errors.New("dial tcp: i/o timeout")
	}
	return g.srv.Transport().RoundTrip(r)
}

// progressLog records each kind's final report.
type progressLog struct {
	mu   sync.Mutex
	done map[Kind]Progress
}

func (l *progressLog) report(p Progress) {
	if !p.Done {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done == nil {
		l.done = map[Kind]Progress{}
	}
	l.done[p.Kind] = p
}

// TestCollectStopsWhenTheHostIsGone: a tenant that stops answering
// mid-scan is retried for NoAnswerBudget, no longer; Collect says so
// (ErrNoAnswer), and every kind's last report says what it is: read (ok),
// or cancelled or error, never ok with nothing read.
func TestCollectStopsWhenTheHostIsGone(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		served     int64
		budget     time.Duration
		unreadable bool
	}{
		{"gone mid-scan, default budget", 40, 0, false},
		{"gone mid-scan, 1 minute", 40, time.Minute, false},
		{"never there", 0, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := auth0test.NewServer(auth0test.Options{Seed: 2, Preset: auth0test.PresetSmall, Now: time.Now})
			t.Cleanup(srv.Close)
			synctest.Test(t, func(t *testing.T) {
				tr := &goneAfter{srv: srv, n: tc.served}
				cl, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()},
					auth0mgmt.WithHTTPClient(&http.Client{Transport: tr}))
				if err != nil {
					t.Fatal(err)
				}
				var log progressLog
				_, err = Collect(context.Background(), cl, Options{NoAnswerBudget: tc.budget, Progress: log.report})
				end := time.Now()
				budget := tc.budget
				if budget == 0 {
					budget = DefaultNoAnswerBudget
				}
				if !errors.Is(err, ErrNoAnswer) || errors.Is(err, ErrUnreadable) != tc.unreadable {
					t.Fatalf("err = %v, want ErrNoAnswer (and ErrUnreadable: %v)", err, tc.unreadable)
				}
				took := end.Sub(tr.goneAt)
				t.Logf("%s: stopped %s after the host went (budget %s): %v", tc.name, took.Round(time.Second), budget, err)
				if took > budget+budget/10+time.Second {
					t.Errorf("retried for %s, past the %s budget", took, budget)
				}
				if len(log.done) != len(defaultKinds()) {
					t.Errorf("%d kinds reported done, want %d", len(log.done), len(defaultKinds()))
				}
				for k, p := range log.done {
					switch p.Status {
					case StatusOK, StatusNotConfigured, StatusUnavailable, StatusPartial:
						if p.Count == 0 && p.Status == StatusOK && tc.served == 0 {
							t.Errorf("%s: ok with nothing read", k)
						}
					case StatusCancelled, StatusError:
					default:
						t.Errorf("%s: %s", k, p.Status)
					}
				}
			})
		})
	}
}

// TestProgressWhenUnreadable: with credentials the tenant rejects, no kind
// reports ok: the one that met the rejection says error, the others
// cancelled.
func TestProgressWhenUnreadable(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 1})
	t.Cleanup(srv.Close)
	id, _ := srv.ClientCredentials()
	cl, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: "wrong"})
	if err != nil {
		t.Fatal(err)
	}
	var log progressLog
	if _, err := Collect(context.Background(), cl, Options{Progress: log.report}); !errors.Is(err, ErrUnreadable) {
		t.Fatalf("err = %v", err)
	}
	statuses := map[Status]int{}
	for _, p := range log.done {
		statuses[p.Status]++
	}
	if n := len(defaultKinds()); len(log.done) != n || statuses[StatusError] == 0 || statuses[StatusError]+statuses[StatusCancelled] != n {
		t.Errorf("final reports by status %v, want error and cancelled only, for all %d kinds", statuses, n)
	}
}
