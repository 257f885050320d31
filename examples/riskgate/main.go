package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/redisstore"
	"github.com/authlens/authlens/riskscore/riskhttp"
	"github.com/authlens/authlens/riskscore/riskprom"
	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

func main() {
	// go-redis writes its own connection messages through the standard
	// log package; the Store already says when Redis goes away and comes
	// back, so they go to debug.
	redis.SetLogger(redisLogger{})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitConfig = 2
)

type demoUser struct {
	username, email string
	score           float64 // negative: no profile
}

// demoUsers are the fake tenant's users in demo mode: one in each range
// of the default policy, and one without a profile.
func demoUsers() []demoUser {
	return []demoUser{
		{"alice", "alice@example.com", 2.5},
		{"bob", "bob@example.com", 6},
		{"mallory", "mallory@example.com", 8.25},
		{"nobody", "nobody@example.com", -1},
	}
}

// run is the whole program: it returns when ctx ends (after a graceful
// shutdown) or on a failure, with the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	s, err := loadSettings(args, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintf(stderr, "riskgate: configuration refused:\n%v\n", indent(err))
		return exitConfig
	}

	cfg := s.seczetta
	cfg.Logger = logger
	if s.demo {
		fake := seczettatest.NewServer(seczettatest.Options{})
		defer fake.Close()
		for _, u := range demoUsers() {
			if u.score >= 0 {
				fake.AddUser(u.score, u.username, u.email)
			}
		}
		cfg = fake.Config()
		cfg.Logger = logger
		fmt.Fprintf(stdout, "riskgate: demo mode: no SECZETTA_* settings, using a built-in fake SecZetta at %s\n", fake.URL)
		for _, u := range demoUsers() {
			if u.score < 0 {
				fmt.Fprintf(stdout, "riskgate: demo user %s: no profile\n", u.username)
				continue
			}
			fmt.Fprintf(stdout, "riskgate: demo user %s: score %v (%v)\n", u.username, u.score, riskscore.Decide(u.score, s.policy).Outcome)
		}
	}
	if s.generated {
		fmt.Fprintf(stdout, "riskgate: demo token (RISKGATE_TOKEN is unset): %s\n", s.token)
	}
	client, err := seczetta.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "riskgate: configuration refused:\n%v\n", indent(err))
		return exitConfig
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics, err := riskprom.New(reg, riskprom.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "riskgate: metrics: %v\n", err)
		return exitFailed
	}
	var cache riskscore.Cache
	if s.redisURL != "" {
		store, err := redisstore.New(redisstore.Options{URL: s.redisURL, Timeout: s.redisTimeout, Logger: logger})
		if err != nil {
			fmt.Fprintf(stderr, "riskgate: configuration refused:\n%v\n", indent(errors.Join(renameFields(err, map[string]string{
				"URL": envRedisURL + " (or -redis)", "Prefix": "redis prefix"})...)))
			return exitConfig
		}
		defer store.Close()
		cache = store
		fmt.Fprintf(stdout, "riskgate: sharing the cache with other replicas through Redis at %s\n", redisstore.RedactURL(s.redisURL))
	}
	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{
		Provider:            client,
		Policy:              s.policy,
		AuthenticateOnError: s.authOnError,
		Namespace:           s.namespace,
		CacheTTL:            s.cacheTTL,
		FailureTTL:          s.failureTTL,
		Cache:               cache,
		Logger:              logger,
		Hooks:               metrics.Hooks(),
	})
	if err != nil {
		fmt.Fprintf(stderr, "riskgate: configuration refused:\n%v\n", indent(err))
		return exitConfig
	}
	decisions, err := riskhttp.New(riskhttp.Config{
		Evaluator:         ev,
		Token:             s.token,
		AccessTokenClaims: s.accessClaim,
		Logger:            logger,
	})
	if err != nil {
		fmt.Fprintf(stderr, "riskgate: configuration refused:\n%v\n", indent(err))
		return exitConfig
	}
	handler, err := routes(decisions, reg)
	if err != nil {
		fmt.Fprintf(stderr, "riskgate: metrics: %v\n", err)
		return exitFailed
	}

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", s.addr)
	if err != nil {
		fmt.Fprintf(stderr, "riskgate: %v\n", err)
		return exitFailed
	}
	srv := newServer(ctx, handler, logger)
	servers := []*http.Server{srv}
	served := make(chan error, 2)
	if s.metricsAddr != "" {
		mln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", s.metricsAddr)
		if err != nil {
			ln.Close()
			fmt.Fprintf(stderr, "riskgate: metrics: %v\n", err)
			return exitFailed
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}))
		msrv := newServer(ctx, mux, logger)
		servers = append(servers, msrv)
		go func() { served <- msrv.Serve(mln) }()
		fmt.Fprintf(stdout, "riskgate: metrics on http://%s/metrics\n", mln.Addr())
	}
	fmt.Fprintf(stdout, "riskgate: allow up to %v, MFA above, deny from %v; authenticate on error: %v\n",
		s.policy.AllowableRisk, s.policy.MaxRisk, s.authOnError)
	fmt.Fprintf(stdout, "riskgate: listening on http://%s\n", ln.Addr())
	go func() { served <- srv.Serve(ln) }()

	code := exitOK
	select {
	case err := <-served:
		fmt.Fprintf(stderr, "riskgate: %v\n", err)
		code = exitFailed
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	for _, srv := range servers {
		if err := srv.Shutdown(shutdownCtx); err != nil {
			fmt.Fprintf(stderr, "riskgate: shutdown: %v\n", err)
			code = exitFailed
		}
	}
	if code == exitOK {
		fmt.Fprintln(stdout, "riskgate: stopped")
	}
	return code
}

func newServer(ctx context.Context, h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
}

// redisLogger sends go-redis's messages to slog at debug level.
type redisLogger struct{}

func (redisLogger) Printf(ctx context.Context, format string, v ...any) {
	slog.DebugContext(ctx, fmt.Sprintf(format, v...), slog.String("source", "go-redis"))
}

// indent lists joined errors one per line.
func indent(err error) string {
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	out := ""
	for i, e := range list {
		if i > 0 {
			out += "\n"
		}
		out += "  " + e.Error()
	}
	return out
}
