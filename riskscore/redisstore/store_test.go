package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/authlens/authlens/internal/redistest"
	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/redisstore"
)

// newStore returns a Store on srv with a short backoff, closed at cleanup.
// Its timeout is long, for a loaded CI machine (-race, every package at
// once): with the default 200 ms a slow Redis read makes a replica go on
// alone, by design, and tests that count lookups would see it. A stopped
// Redis fails at once (connection refused or reset) whatever the timeout.
func newStore(t testing.TB, srv *redistest.Server, mutate func(*redisstore.Options)) *redisstore.Store {
	t.Helper()
	o := redisstore.Options{URL: srv.URL, Backoff: 50 * time.Millisecond, Timeout: 5 * time.Second}
	if mutate != nil {
		mutate(&o)
	}
	s, err := redisstore.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// raw returns a plain client on srv, to look at what the Store wrote.
func raw(t testing.TB, srv *redistest.Server) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: srv.Addr, Protocol: 2, DisableIdentity: true})
	t.Cleanup(func() { c.Close() })
	return c
}

func TestStoreEntries(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s := newStore(t, srv, nil)
	ctx := context.Background()
	tests := []struct {
		name string
		key  string
		e    riskscore.CacheEntry
		ttl  time.Duration
	}{
		{"score", "seczetta|k|bob@example.com", riskscore.CacheEntry{Score: riskscore.Score{Value: 6.25, Source: "seczetta",
			Detail: map[string]string{"profile_id": "633b5e71-090c-4a47-a1a3-d0b8338df872"}}}, time.Minute},
		{"zero score", "seczetta|k|zero", riskscore.CacheEntry{Score: riskscore.Score{Value: 0}}, time.Minute},
		{"failure", "seczetta|k|down", riskscore.CacheEntry{Failure: "unavailable"}, 5 * time.Second},
		{"sub-millisecond TTL rounds up", "seczetta|k|short", riskscore.CacheEntry{Failure: "timeout"}, time.Microsecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, ok, err := s.Get(ctx, tt.key); ok || err != nil {
				t.Fatalf("before Set: ok %v err %v", ok, err)
			}
			if err := s.Set(ctx, tt.key, tt.e, tt.ttl); err != nil {
				t.Fatal(err)
			}
			got, ok, err := s.Get(ctx, tt.key)
			if tt.ttl < time.Millisecond {
				return // may be gone already
			}
			if err != nil || !ok || got.Failure != tt.e.Failure || got.Score.Value != tt.e.Score.Value ||
				got.Score.Source != tt.e.Score.Source || fmt.Sprint(got.Score.Detail) != fmt.Sprint(tt.e.Score.Detail) {
				t.Fatalf("Get = %+v, %v, %v; want %+v", got, ok, err, tt.e)
			}
			if err := s.Delete(ctx, tt.key); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := s.Get(ctx, tt.key); ok {
				t.Fatal("still there after Delete")
			}
		})
	}
	// What lands in Redis: hashed keys under the prefix (no email in a key
	// name), with the TTL as a PX expiry.
	if err := s.Set(ctx, "seczetta|k|carol@example.com", riskscore.CacheEntry{Score: riskscore.Score{Value: 1}}, time.Minute); err != nil {
		t.Fatal(err)
	}
	keys, err := raw(t, srv).Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, redisstore.DefaultPrefix+"{") || strings.Contains(k, "carol") {
			t.Errorf("key %q", k)
		}
		if ttl := raw(t, srv).PTTL(ctx, k).Val(); ttl <= 0 || ttl > time.Minute {
			t.Errorf("key %q has TTL %v", k, ttl)
		}
	}
}

func TestStoreIgnoresForeignValues(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s := newStore(t, srv, func(o *redisstore.Options) { o.Prefix = "p:" })
	ctx := context.Background()
	if err := s.Set(ctx, "k", riskscore.CacheEntry{Failure: "timeout"}, time.Minute); err != nil {
		t.Fatal(err)
	}
	keys := raw(t, srv).Keys(ctx, "p:*").Val()
	if len(keys) != 1 {
		t.Fatalf("keys %v", keys)
	}
	for _, junk := range []string{"not json", `{}`, `{"v":"six"}`, `[]`} {
		raw(t, srv).Set(ctx, keys[0], junk, time.Minute)
		if e, ok, err := s.Get(ctx, "k"); ok || err != nil {
			t.Errorf("%q read as %+v, %v, %v", junk, e, ok, err)
		}
	}
}

func TestStoreLease(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	a, b := newStore(t, srv, nil), newStore(t, srv, nil)
	ctx := context.Background()

	release, ok, err := a.Acquire(ctx, "k", time.Minute)
	if err != nil || !ok {
		t.Fatalf("first Acquire: %v %v", ok, err)
	}
	if _, ok, err := b.Acquire(ctx, "k", time.Minute); ok || err != nil {
		t.Fatalf("second Acquire: %v %v", ok, err)
	}
	// b waits for the value a writes, then returns it.
	got := make(chan riskscore.CacheEntry, 1)
	go func() {
		e, ok, err := b.Await(ctx, "k")
		if err != nil || !ok {
			t.Errorf("Await: %v %v", ok, err)
		}
		got <- e
	}()
	if err := a.Set(ctx, "k", riskscore.CacheEntry{Score: riskscore.Score{Value: 6}}, time.Minute); err != nil {
		t.Fatal(err)
	}
	release()
	if e := <-got; e.Score.Value != 6 {
		t.Fatalf("Await = %+v", e)
	}

	// A lease released without a value ends the wait with ok false.
	release, ok, _ = a.Acquire(ctx, "k2", time.Minute)
	if !ok {
		t.Fatal("Acquire k2")
	}
	done := make(chan bool, 1)
	go func() {
		_, ok, err := b.Await(ctx, "k2")
		if err != nil {
			t.Errorf("Await k2: %v", err)
		}
		done <- ok
	}()
	release()
	if <-done {
		t.Fatal("Await k2 reported a value")
	}

	// A release after the lease was taken over leaves the new holder's.
	release, ok, _ = a.Acquire(ctx, "k3", 20*time.Millisecond)
	if !ok {
		t.Fatal("Acquire k3")
	}
	var release2 func()
	for {
		r, ok, err := b.Acquire(ctx, "k3", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			release2 = r
			break
		}
		_, _, _ = b.Await(ctx, "k3") // returns when the 20ms lease expires
	}
	release() // a's lease is gone: must not delete b's
	if _, ok, _ := a.Acquire(ctx, "k3", time.Minute); ok {
		t.Fatal("a's late release deleted b's lease")
	}
	release2()
	if _, ok, _ := a.Acquire(ctx, "k3", time.Minute); !ok {
		t.Fatal("b's release did not free the lease")
	}

	// Await watches its context.
	cctx, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	if _, ok, err := b.Await(cctx, "k3"); ok || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Await past its deadline: %v %v", ok, err)
	}
}

// TestStoreUnreachable: with Redis gone every call fails with
// ErrUnavailable, then at once (backing off) without touching the network;
// with Redis back, calls work again.
func TestStoreUnreachable(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s := newStore(t, srv, nil)
	ctx := context.Background()
	if err := s.Set(ctx, "k", riskscore.CacheEntry{Failure: "timeout"}, time.Minute); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	ops := map[string]func() error{
		"get":     func() error { _, _, err := s.Get(ctx, "k"); return err },
		"set":     func() error { return s.Set(ctx, "k", riskscore.CacheEntry{Failure: "timeout"}, time.Minute) },
		"delete":  func() error { return s.Delete(ctx, "k") },
		"acquire": func() error { _, _, err := s.Acquire(ctx, "k", time.Second); return err },
		"await":   func() error { _, _, err := s.Await(ctx, "k"); return err },
		"ping":    func() error { return s.Ping(ctx) },
	}
	for name, op := range ops {
		if err := op(); !errors.Is(err, redisstore.ErrUnavailable) {
			t.Errorf("%s with Redis stopped: %v", name, err)
		}
	}
	if err := s.Ping(ctx); err == nil || !strings.Contains(err.Error(), "backing off") {
		t.Errorf("second call within the backoff: %v", err)
	}
	srv.Restart(t)
	guard := time.Now().Add(10 * time.Second) // a hang guard, not a timing assertion
	for s.Ping(ctx) != nil {
		if time.Now().After(guard) {
			t.Fatal("the Store did not reach Redis again")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := s.Set(ctx, "k", riskscore.CacheEntry{Failure: "timeout"}, time.Minute); err != nil {
		t.Fatal(err)
	}
}

func TestNewRefusesBadOptions(t *testing.T) {
	t.Parallel()
	const password = "s3cret-DO-NOT-PRINT"
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	t.Cleanup(func() { client.Close() })
	tests := []struct {
		name  string
		o     redisstore.Options
		field string
	}{
		{"nothing", redisstore.Options{}, "redisstore.Options.URL:"},
		{"both", redisstore.Options{URL: "redis://127.0.0.1:6379", Client: client}, "redisstore.Options.Client:"},
		{"not a URL", redisstore.Options{URL: "http://:" + password + "@127.0.0.1:6379"}, "redisstore.Options.URL:"},
		{"bad db", redisstore.Options{URL: "redis://:" + password + "@127.0.0.1:6379/x"}, "redisstore.Options.URL:"},
		{"prefix with a space", redisstore.Options{URL: "redis://127.0.0.1:6379", Prefix: "a b"}, "redisstore.Options.Prefix:"},
		{"negative timeout", redisstore.Options{URL: "redis://127.0.0.1:6379", Timeout: -1}, "redisstore.Options.Timeout:"},
		{"negative backoff", redisstore.Options{URL: "redis://127.0.0.1:6379", Backoff: -1}, "redisstore.Options.Backoff:"},
		{"polls inverted", redisstore.Options{URL: "redis://127.0.0.1:6379", PollMin: time.Second, PollMax: time.Millisecond}, "redisstore.Options.PollMax:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := redisstore.New(tt.o)
			if err == nil || s != nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, riskscore.ErrInvalidConfig) || !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("error %q does not name %s", err, tt.field)
			}
			for _, shown := range []string{err.Error(), fmt.Sprint(tt.o), fmt.Sprintf("%+v %#v %q %s", tt.o, tt.o, tt.o, tt.o)} {
				if strings.Contains(shown, password) {
					t.Fatalf("the password was shown: %s", shown)
				}
			}
		})
	}
	if got := redisstore.RedactURL("redis://user:" + password + "@host:6379/0"); got != "redis://user:[REDACTED]@host:6379/0" {
		t.Errorf("RedactURL = %q", got)
	}
}

// TestStoreWithAClientGiven: a Store on the caller's client works and
// leaves the client open on Close.
func TestStoreWithAClientGiven(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	c := raw(t, srv)
	s, err := redisstore.New(redisstore.Options{Client: c, Prefix: "mine:"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Set(ctx, "k", riskscore.CacheEntry{Failure: "timeout"}, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(ctx).Err(); err != nil {
		t.Fatalf("Close closed the caller's client: %v", err)
	}
	if n := len(c.Keys(ctx, "mine:*").Val()); n != 1 {
		t.Fatalf("%d keys under the prefix", n)
	}
}

// TestStoreConcurrentLeases: of many concurrent Acquires of one key on
// several stores, exactly one wins.
func TestStoreConcurrentLeases(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	stores := []*redisstore.Store{newStore(t, srv, nil), newStore(t, srv, nil), newStore(t, srv, nil)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := range 300 {
		wg.Go(func() {
			_, ok, err := stores[i%3].Acquire(context.Background(), "one", time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				won++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if won != 1 {
		t.Fatalf("%d leases granted", won)
	}
}
