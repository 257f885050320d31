package seczetta_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

// TestRetryBudget: with SecZetta dropping every connection, retries stay
// within the budget's share of requests (not MaxRetries per request), and
// every failure is ErrUnavailable.
func TestRetryBudget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		ratio          float64
		reserve        int
		maxRetries     int
		calls          int
		minUp, maxUp   int
		sharedByTwo    bool
		concurrentCall bool
	}{
		{"default budget", riskscore.DefaultRetryRatio, riskscore.DefaultRetryReserve, 2, 300, 300 + 10, 300 + 10 + 30, false, false},
		{"no reserve", 0.1, 0, 2, 300, 300, 330, false, false},
		{"no budget at all", 0, 0, 2, 100, 100, 100, false, false},
		{"a generous budget still obeys MaxRetries", 1, 100, 2, 50, 150, 150, false, false},
		{"concurrent calls", 0.1, 5, 2, 400, 400, 400 + 5 + 40, false, true},
		{"one budget shared by two clients", 0.1, 0, 2, 200, 200, 220, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := riskscore.NewRetryBudget(tt.ratio, tt.reserve)
			if err != nil {
				t.Fatal(err)
			}
			f := newFixture(t, seczettatest.Options{}, func(c *seczetta.Config) {
				c.RetryBudget, c.MaxRetries = b, tt.maxRetries
			})
			f.srv.AddUser(1, "bob")
			f.srv.AddFault(seczettatest.Fault{Drop: true})
			clients := []*seczetta.Client{f.client}
			if tt.sharedByTwo {
				cfg := f.srv.Config()
				cfg.RetryBudget = b
				c2, err := seczetta.New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				clients = append(clients, c2)
			}
			call := func(i int) {
				_, err := clients[i%len(clients)].Score(context.Background(), riskscore.Subject{Username: "bob"})
				if !errors.Is(err, seczetta.ErrUnavailable) {
					t.Errorf("call %d: %v", i, err)
				}
			}
			if tt.concurrentCall {
				var wg sync.WaitGroup
				for i := range tt.calls {
					wg.Go(func() { call(i) })
				}
				wg.Wait()
			} else {
				for i := range tt.calls {
					call(i)
				}
			}
			c := f.srv.Counts()
			if c.Dropped != c.Upstream() || c.ScoreReads != 0 {
				t.Fatalf("counts %+v", c)
			}
			if up := c.Upstream(); up < tt.minUp || up > tt.maxUp {
				t.Fatalf("%d upstream requests for %d calls, want %d to %d", up, tt.calls, tt.minUp, tt.maxUp)
			}
		})
	}
}

// TestDroppedConnectionsAreUnavailable: a dropped connection (no answer at
// all) is ErrUnavailable with no status, retried like a 5xx.
func TestDroppedConnectionsAreUnavailable(t *testing.T) {
	t.Parallel()
	f := newFixture(t, seczettatest.Options{}, nil)
	f.srv.AddUser(3, "dee")
	f.srv.AddFault(seczettatest.Fault{Endpoint: seczettatest.ScoresEndpoint, Drop: true, Times: 1})
	sc, err := f.client.Score(context.Background(), riskscore.Subject{Username: "dee"})
	if err != nil || sc.Value != 3 {
		t.Fatalf("Score = %v, %v", sc.Value, err)
	}
	if c := f.srv.Counts(); c.Dropped != 1 || c.ScoreReads != 2 {
		t.Fatalf("counts %+v", c)
	}
	f.srv.AddFault(seczettatest.Fault{Drop: true})
	_, err = f.client.Score(context.Background(), riskscore.Subject{Username: "dee"})
	var se *seczetta.Error
	if !errors.As(err, &se) || se.StatusCode != 0 || !errors.Is(err, riskscore.ErrUnavailable) || se.Attempts != 3 {
		t.Fatalf("err %#v", err)
	}
	checkNoKey(t, err)
}

func TestLookupKey(t *testing.T) {
	t.Parallel()
	srv := seczettatest.NewServer(seczettatest.Options{})
	t.Cleanup(srv.Close)
	mk := func(mutate func(*seczetta.Config)) *seczetta.Client {
		cfg := srv.Config()
		if mutate != nil {
			mutate(&cfg)
		}
		c, err := seczetta.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := mk(nil)
	bob := c.LookupKey(riskscore.Subject{Username: "bob"})
	tests := []struct {
		name string
		key  string
		same bool
	}{
		{"another user id", c.LookupKey(riskscore.Subject{UserID: "auth0|2", Username: "bob"}), true},
		{"with an email (the username wins)", c.LookupKey(riskscore.Subject{Username: "bob", Email: "bob@example.com"}), true},
		{"the value from the email field", c.LookupKey(riskscore.Subject{Email: "bob"}), true},
		{"IDs in upper case", mk(func(cfg *seczetta.Config) {
			cfg.AttributeID, cfg.ProfileTypeID = strings.ToUpper(cfg.AttributeID), strings.ToUpper(cfg.ProfileTypeID)
		}).LookupKey(riskscore.Subject{Username: "bob"}), true},
		{"another label", mk(func(cfg *seczetta.Config) { cfg.SearchLabel = "Others" }).LookupKey(riskscore.Subject{Username: "bob"}), true},
		{"another value", c.LookupKey(riskscore.Subject{Username: "Bob"}), false},
		{"another attribute", mk(func(cfg *seczetta.Config) { cfg.AttributeID = seczettatest.NewUUID() }).LookupKey(riskscore.Subject{Username: "bob"}), false},
		{"another profile type", mk(func(cfg *seczetta.Config) { cfg.ProfileTypeID = seczettatest.NewUUID() }).LookupKey(riskscore.Subject{Username: "bob"}), false},
		{"another tenant", mk(func(cfg *seczetta.Config) { cfg.BaseURL += "/other" }).LookupKey(riskscore.Subject{Username: "bob"}), false},
		{"searched by user id", mk(func(cfg *seczetta.Config) { cfg.LookupFields = []seczetta.LookupField{seczetta.LookupUserID} }).LookupKey(riskscore.Subject{UserID: "bob", Username: "x"}), true},
	}
	for _, tt := range tests {
		if (tt.key == bob) != tt.same {
			t.Errorf("%s: key %q vs %q", tt.name, tt.key, bob)
		}
	}
	if k := c.LookupKey(riskscore.Subject{UserID: "auth0|1"}); k != "" {
		t.Errorf("no lookup value: %q", k)
	}
	if k := c.LookupKey(riskscore.Subject{Username: "\xff"}); k != "" {
		t.Errorf("invalid value: %q", k)
	}
	if strings.Contains(bob, srv.APIKey) {
		t.Error("the key holds the API key")
	}
}
