package redisreplay_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/redisreplay"
	"github.com/authlens/authlens/internal/redistest"
)

const secret = "redisreplay-test-secret-0123456789-abcdef"

func TestMain(m *testing.M) {
	// go-redis logs every failed dial through its global logger: the
	// outage tests would print thousands of lines.
	redis.SetLogger(redisreplay.NewLogger(slog.New(slog.DiscardHandler), time.Minute))
	os.Exit(m.Run())
}

// newStore makes a client and a store with the same timeout (after
// mutate: DefaultTimeout unless it sets one).
func newStore(t testing.TB, url string, mutate ...func(*redisreplay.Config)) (*redisreplay.Store, *redis.Client) {
	t.Helper()
	cfg := redisreplay.Config{}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := redisreplay.NewClient(url, cfg.Timeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	cfg.Client = c
	s, err := redisreplay.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func TestClaim(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s, c := newStore(t, srv.URL, func(c *redisreplay.Config) { c.Prefix = "test:"; c.Margin = time.Second })
	ctx := context.Background()
	now := time.Now()
	until := now.Add(90*time.Second + 300*time.Microsecond)
	for i, want := range []bool{true, false, false} {
		ok, err := s.Claim(ctx, "authid:1:x:result:jti:a", now, until)
		if err != nil || ok != want {
			t.Fatalf("claim %d: %v %v, want %v", i, ok, err, want)
		}
	}
	// The TTL is until - now + margin, rounded up to the millisecond.
	ttl, err := c.PTTL(ctx, "test:authid:1:x:result:jti:a").Result()
	if err != nil {
		t.Fatal(err)
	}
	if ttl <= 90*time.Second || ttl > 91*time.Second+time.Millisecond {
		t.Errorf("PTTL %v, want about 91 s", ttl)
	}
	// Another id is free; an until already past is not stored.
	if ok, err := s.Claim(ctx, "authid:1:x:result:jti:b", now, until); !ok || err != nil {
		t.Errorf("other id: %v %v", ok, err)
	}
	if ok, err := s.Claim(ctx, "authid:1:x:result:jti:c", now, now.Add(-time.Second)); !ok || err != nil {
		t.Errorf("past until: %v %v", ok, err)
	}
	if n, _ := c.Exists(ctx, "test:authid:1:x:result:jti:c").Result(); n != 0 {
		t.Error("a lapsed record was stored")
	}
}

func TestConfig(t *testing.T) {
	t.Parallel()
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer c.Close()
	for _, tc := range []struct {
		cfg   redisreplay.Config
		field string
	}{
		{redisreplay.Config{}, "redisreplay.Config.Client"},
		{redisreplay.Config{Client: c, Timeout: -1}, "redisreplay.Config.Timeout"},
		{redisreplay.Config{Client: c, Timeout: time.Minute}, "redisreplay.Config.Timeout"},
		{redisreplay.Config{Client: c, Margin: -1}, "redisreplay.Config.Margin"},
		{redisreplay.Config{Client: c, Prefix: strings.Repeat("p", 129)}, "redisreplay.Config.Prefix"},
	} {
		_, err := redisreplay.New(tc.cfg)
		var ce *biometric.ConfigError
		if !errors.As(err, &ce) || ce.Field != tc.field || !errors.Is(err, biometric.ErrConfig) {
			t.Errorf("%+v: err = %v, want a ConfigError for %s", tc.cfg, err, tc.field)
		}
	}
	// A store prints without the client's password.
	pc, err := redisreplay.NewClient("redis://user:hunter2@127.0.0.1:1/0", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	s, err := redisreplay.New(redisreplay.Config{Client: pc})
	if err != nil {
		t.Fatal(err)
	}
	if text := fmt.Sprintf("%v %+v %#v %s", s, s, s, pc); strings.Contains(text, "hunter2") {
		t.Errorf("printed: %s", text)
	}
	if _, err := redisreplay.NewClient("redis://127.0.0.1:1/0", time.Minute); !errors.Is(err, biometric.ErrConfig) {
		t.Errorf("a one-minute client timeout: %v", err)
	}
	// A bad URL is refused without repeating it (it may hold a password).
	for _, u := range []string{"http://user:hunter2@host", "redis://user:hunter2@host:6379/notadb", "redis://:hunter2@[::1/0"} {
		_, err := redisreplay.NewClient(u, 0)
		if err == nil || strings.Contains(err.Error(), "hunter2") || !errors.Is(err, biometric.ErrConfig) {
			t.Errorf("NewClient(%q) = %v", u, err)
		}
	}
}

// replica is one instance of the Verified side: its own Verifier, its own
// Redis client and store, on the shared Redis.
func replicas(t *testing.T, url string, n int, timeout time.Duration) []*biometric.Verifier {
	t.Helper()
	vs := make([]*biometric.Verifier, n)
	for i := range vs {
		store, _ := newStore(t, url, func(c *redisreplay.Config) { c.Timeout = timeout })
		v, err := biometric.New(biometric.Config{
			IntegrationID: "int-redis", SessionSecret: secret, Mode: biometric.OnDemand,
			VerifiedURL: "https://verified.example.com/verify", Issuer: "tenant.example.auth0.com",
			ReplayStore: store,
		})
		if err != nil {
			t.Fatal(err)
		}
		vs[i] = v
	}
	return vs
}

// sendToAll presents tok to every replica at once and counts the
// outcomes: accepted, refused as a replay, refused because the store
// failed; any other error fails the test.
func sendToAll(t *testing.T, ctx context.Context, vs []*biometric.Verifier, tok string) (accepted, replays, storeErrs int) {
	t.Helper()
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		bad []error
	)
	start := make(chan struct{})
	for _, v := range vs {
		wg.Go(func() {
			<-start
			_, err := v.VerifySession(ctx, tok)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				accepted++
			case errors.Is(err, biometric.ErrReplay):
				replays++
			case errors.Is(err, biometric.ErrReplayStore):
				storeErrs++
			default:
				bad = append(bad, err)
			}
		})
	}
	close(start)
	wg.Wait()
	for _, err := range bad {
		t.Errorf("unexpected refusal: %v", err)
	}
	return accepted, replays, storeErrs
}

func sessionToken(t *testing.T, v *biometric.Verifier, i int) string {
	t.Helper()
	tok, err := v.SignSession(biometric.Challenge{UserID: fmt.Sprintf("auth0|user-%d", i), State: biometric.NewState()})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// One token sent to three replicas at once is accepted exactly once, every
// time.
func TestThreeReplicasAcceptOnce(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	// A generous timeout: this test is about atomicity; under a loaded
	// machine a claim that times out is refused (fail closed), which is
	// right but not what is counted here.
	vs := replicas(t, srv.URL, 3, 2*time.Second)
	ctx := context.Background()
	for i := range 300 {
		tok := sessionToken(t, vs[i%3], i)
		accepted, replays, storeErrs := sendToAll(t, ctx, vs, tok)
		if accepted != 1 || replays != 2 || storeErrs != 0 {
			t.Fatalf("token %d: accepted %d, replays %d, store errors %d", i, accepted, replays, storeErrs)
		}
	}
}

// Redis stops mid-run: nothing is accepted while it is away (fresh tokens
// and replays alike fail closed), every verification returns before its
// deadline, and once Redis is back acceptance resumes. No token is ever
// accepted twice.
func TestThreeReplicasRedisOutage(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	vs := replicas(t, srv.URL, 3, 500*time.Millisecond)
	const deadline = 2 * time.Second

	// A Redis restarted empty forgets the tokens used before (see the
	// package doc): each token is accepted at most once per lifetime of
	// the Redis, which is what is counted.
	var (
		stop       atomic.Bool
		lifetime   atomic.Int32
		mu         sync.Mutex
		acceptedBy = map[string]int{}
		wg         sync.WaitGroup
		sent       atomic.Int64
	)
	// Load: tokens presented to all three replicas, and each one again
	// later (a replay), until told to stop.
	wg.Go(func() {
		var old []string
		for i := 0; !stop.Load(); i++ {
			tok := sessionToken(t, vs[i%3], i)
			for _, tk := range []string{tok, pick(old, i)} {
				if tk == "" {
					continue
				}
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				began := time.Now()
				accepted, _, _ := sendToAll(t, ctx, vs, tk)
				if time.Since(began) >= deadline {
					t.Errorf("a verification outlived its %s deadline", deadline)
				}
				cancel()
				mu.Lock()
				acceptedBy[fmt.Sprint(lifetime.Load(), tk)] += accepted
				mu.Unlock()
				sent.Add(1)
			}
			old = append(old, tok)
		}
	})
	waitSent := func(n int64) {
		for target := sent.Load() + n; sent.Load() < target; {
			time.Sleep(time.Millisecond)
		}
	}
	waitSent(50)
	srv.Stop()

	// Redis away: every fresh token and every replay is refused as a
	// store failure, quickly.
	for i := range 20 {
		tok := sessionToken(t, vs[0], 10_000+i)
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		accepted, replays, storeErrs := sendToAll(t, ctx, vs, tok)
		cancel()
		if accepted != 0 || replays != 0 || storeErrs != 3 {
			t.Fatalf("Redis away: accepted %d, replays %d, store errors %d", accepted, replays, storeErrs)
		}
	}
	waitSent(20)

	lifetime.Store(1)
	srv.Restart(t)
	// Back: acceptance resumes (the load goes on meanwhile).
	var resumed bool
	for i := 0; i < 200 && !resumed; i++ {
		tok := sessionToken(t, vs[1], 20_000+i)
		accepted, replays, storeErrs := sendToAll(t, context.Background(), vs, tok)
		if accepted > 1 {
			t.Fatalf("accepted %d times", accepted)
		}
		resumed = accepted == 1 && replays == 2 && storeErrs == 0
		if !resumed {
			time.Sleep(10 * time.Millisecond) // the pool reconnects
		}
	}
	if !resumed {
		t.Fatal("acceptance did not resume after Redis came back")
	}
	waitSent(20)
	stop.Store(true)
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	for _, n := range acceptedBy {
		if n > 1 {
			t.Fatalf("a token was accepted %d times", n)
		}
	}
}

// pick returns an earlier token to replay (empty at first).
func pick(old []string, i int) string {
	if len(old) == 0 {
		return ""
	}
	return old[(i*7)%len(old)]
}

// BenchmarkClaimRedis: claims per second through a real Redis on
// loopback, from 8 x GOMAXPROCS goroutines (one client, its pool: as
// concurrent logins on one replica).
func BenchmarkClaimRedis(b *testing.B) {
	srv := redistest.Start(b)
	s, _ := newStore(b, srv.URL)
	var n atomic.Int64
	now := time.Now()
	until := now.Add(5 * time.Minute)
	b.ReportAllocs()
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			id := fmt.Sprintf("authid:7:int-123:result:jti:%026d", n.Add(1))
			if ok, err := s.Claim(ctx, id, now, until); !ok || err != nil {
				b.Fatal(ok, err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "claims/s")
}
