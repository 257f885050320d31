package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/redisreplay"
	"github.com/authlens/authlens/biometric/verifiedtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// go-redis logs each failed dial through one global logger: at most
	// one line a minute, with the count held back.
	redis.SetLogger(redisreplay.NewLogger(nil, time.Minute))
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// printer serialises output from the servers and the walker.
type printer struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *printer) Printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format, args...)
}

// loopbackTransport never uses a proxy: nothing leaves 127.0.0.1.
func loopbackTransport() *http.Transport {
	return &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 4,
	}
}

// stack is the three servers of the example (two when Verified is
// external).
type stack struct {
	app        *app
	tenant     *tenant
	fake       *verifiedtest.Server // nil with an external Verified
	appURL     string
	metricsURL string // empty without -metrics-addr
	replicas   int    // of the built-in Verified side
	close      func()
}

// options select the Verified the stack talks to: the built-in fake
// (verifiedURL empty) or an external one.
type options struct {
	mode          biometric.Mode
	verifiedURL   string           // external Verified challenge URL; empty: the fake
	integrationID string           // the integration id (default "stepup-example")
	secret        biometric.Secret // external: VERIFIED_SESSION_SECRET; fake: random
	tenantAddr    string           // listen address of the Auth0 stand-in
	postBack      bool             // the fake answers with a POST form
	redisURL      string           // the Verified side's shared replay store; empty: in memory
	redisTimeout  time.Duration    // per claim (and the client's socket timeouts); 0: redisreplay.DefaultTimeout
	replicas      int              // replicas of the built-in Verified side (default 1)
	metricsAddr   string           // listen address of /metrics; empty: none
}

func startStack(opt options, out *printer) (*stack, error) {
	if opt.tenantAddr == "" {
		opt.tenantAddr = "127.0.0.1:0"
	}
	if opt.integrationID == "" {
		opt.integrationID = "stepup-example"
	}
	tenantLn, err := net.Listen("tcp", opt.tenantAddr)
	if err != nil {
		return nil, err
	}
	appLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tenantLn.Close()
		return nil, err
	}
	tenantHost := tenantLn.Addr().String()
	closeListeners := func() {
		tenantLn.Close()
		appLn.Close()
	}

	var (
		fake     *verifiedtest.Server
		cfg      biometric.Config
		cleanups []func()
		reg      = prometheus.NewRegistry()
	)
	cleanup := func() {
		for _, c := range slices.Backward(cleanups) {
			c()
		}
	}
	if opt.replicas < 1 {
		opt.replicas = 1
	}
	if opt.verifiedURL == "" {
		// The integration's Session Secret: random per run, never printed.
		fopts := []verifiedtest.Option{verifiedtest.WithRegisterer(reg)}
		if opt.postBack {
			fopts = append(fopts, verifiedtest.WithPostBack())
		}
		stores, closeStores, err := replayStores(opt, out)
		if err != nil {
			closeListeners()
			return nil, err
		}
		cleanups = append(cleanups, closeStores)
		fopts = append(fopts, verifiedtest.WithReplicas(stores...))
		fake, err = verifiedtest.NewServer(biometric.Config{
			IntegrationID: opt.integrationID,
			SessionSecret: biometric.Secret(rand.Text() + rand.Text()),
			Mode:          opt.mode,
			Issuer:        tenantHost,
			// The tenant stand-in signs its session tokens with
			// biometric's SignSession, which binds state into the token:
			// the fake need not (and so does not) take a state from the
			// query, which the user's browser controls.
			RequireSessionState: true,
		}, fopts...)
		if err != nil {
			cleanup()
			closeListeners()
			return nil, err
		}
		cfg = fake.Config()
	} else {
		cfg = biometric.Config{
			IntegrationID: opt.integrationID,
			SessionSecret: opt.secret,
			Mode:          opt.mode,
			Issuer:        tenantHost,
			VerifiedURL:   opt.verifiedURL,
		}
	}
	// The Auth0 stand-in keeps its own replay store (in memory): -redis
	// is for the Verified side.
	cfg.ReplayStore = nil
	verifier, err := biometric.New(cfg)
	if err != nil {
		if fake != nil {
			fake.Close()
		}
		cleanup()
		closeListeners()
		return nil, err
	}
	var metricsLn net.Listener
	if opt.metricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", opt.metricsAddr); err != nil {
			if fake != nil {
				fake.Close()
			}
			cleanup()
			closeListeners()
			return nil, err
		}
	}

	appURL := "http://" + appLn.Addr().String()
	tenantURL := "http://" + tenantHost
	clientSecret := rand.Text() + rand.Text()
	t := newTenant(tenantURL, verifier, client{id: "stepup-app", secret: clientSecret, redirectURI: appURL + "/callback"}, out)
	a := newApp(appURL, tenantURL, "stepup-app", clientSecret, out)

	servers := []*http.Server{
		{Handler: t.routes(), ReadHeaderTimeout: 5 * time.Second},
		{Handler: a.routes(), ReadHeaderTimeout: 5 * time.Second},
	}
	listeners := []net.Listener{tenantLn, appLn}
	metricsURL := ""
	if metricsLn != nil {
		// The metrics have their own listener: keep it off the public one.
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
		servers = append(servers, &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second})
		listeners = append(listeners, metricsLn)
		metricsURL = "http://" + metricsLn.Addr().String() + "/metrics"
	}
	var wg sync.WaitGroup
	for i, ln := range listeners {
		srv := servers[i]
		wg.Go(func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				out.Printf("server error: %v\n", err)
			}
		})
	}
	verified := "(external) " + verifier.VerifiedURL()
	if fake != nil {
		store := "replay store in memory"
		if opt.redisURL != "" {
			store = "replay store on Redis"
		}
		verified = fmt.Sprintf("(fake)    %s (%d replica(s), %s)", fake.URL, opt.replicas, store)
	}
	out.Printf("application        %s\nAuth0 stand-in     %s (mode %s)\nVerified %s\n",
		appURL, tenantURL, verifier.Mode(), verified)
	if metricsURL != "" {
		out.Printf("metrics            %s\n", metricsURL)
	}
	out.Printf("\n")
	return &stack{
		app: a, tenant: t, fake: fake, appURL: appURL, metricsURL: metricsURL, replicas: opt.replicas,
		close: func() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			for _, s := range servers {
				_ = s.Shutdown(ctx)
			}
			wg.Wait()
			if fake != nil {
				fake.Close()
			}
			cleanup()
		},
	}, nil
}

// replayStores makes one replay store per replica of the built-in
// Verified side: with a Redis URL, a redisreplay.Store each (its own
// client, as separate processes would have) on the one Redis; without, a
// MemoryReplayStore each, which do not see one another's records.
func replayStores(opt options, out *printer) ([]biometric.ReplayStore, func(), error) {
	var (
		stores  []biometric.ReplayStore
		clients []*redis.Client
	)
	closeAll := func() {
		for _, c := range clients {
			_ = c.Close()
		}
	}
	for range opt.replicas {
		if opt.redisURL == "" {
			stores = append(stores, new(biometric.MemoryReplayStore))
			continue
		}
		c, err := redisreplay.NewClient(opt.redisURL, opt.redisTimeout)
		if err != nil {
			closeAll()
			return nil, nil, err // names the flag's problem, never the URL
		}
		clients = append(clients, c)
		s, err := redisreplay.New(redisreplay.Config{Client: c, Timeout: opt.redisTimeout})
		if err != nil {
			closeAll()
			return nil, nil, err
		}
		stores = append(stores, s)
	}
	if len(clients) > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := clients[0].Ping(ctx).Err(); err != nil {
			// Not fatal: the Verified side fails closed (503) until Redis answers.
			out.Printf("warning: Redis does not answer yet; the Verified side refuses every login until it does\n")
		}
	} else if opt.replicas > 1 {
		out.Printf("warning: %d replicas with in-memory replay stores: a session token replayed to another replica is accepted there (use -redis)\n", opt.replicas)
	}
	return stores, closeAll, nil
}

// secretEnv names the environment variable holding the Session Secret of
// an external Verified integration.
const secretEnv = "VERIFIED_SESSION_SECRET"

// redisEnv names the environment variable holding the Redis URL when
// -redis is not given.
const redisEnv = "REDIS_URL"

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runEnv(ctx, args, os.Getenv, stdout, stderr)
}

// settingNames map the configuration fields stepup fills to the flags
// and variables that set them.
var settingNames = map[string]string{
	"SessionSecret":               "$" + secretEnv,
	"VerifiedURL":                 "-verified-url",
	"IntegrationID":               "-integration-id",
	"Issuer":                      "-tenant-addr",
	"ContinueURL":                 "-tenant-addr",
	"redisreplay: Redis URL":      "-redis (or $" + redisEnv + ")",
	"redisreplay: client timeout": "-redis-timeout",
	"redisreplay.Config.Timeout":  "-redis-timeout",
}

// configMessage says a configuration error in stepup's terms, one line
// per refused setting; ok is false when err is not one.
func configMessage(err error) (msg string, ok bool) {
	if !errors.Is(err, biometric.ErrConfig) {
		return "", false
	}
	list := []error{err}
	if _, one := err.(*biometric.ConfigError); !one {
		if j, ok := err.(interface{ Unwrap() []error }); ok { // errors.Join
			list = j.Unwrap()
		}
	}
	var lines []string
	for _, e := range list {
		var ce *biometric.ConfigError
		if !errors.As(e, &ce) {
			lines = append(lines, "stepup: "+e.Error())
			continue
		}
		name := settingNames[ce.Field]
		if name == "" {
			name = ce.Field
		}
		line := "stepup: " + name + ": " + ce.Reason
		if ce.Fix != "" {
			line += "; " + ce.Fix
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n"), true
}

func runEnv(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("stepup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	selftest := fs.Bool("selftest", false, "walk the logins with an HTTP client and exit 0 only if the step-up token carries the amr claim")
	modeFlag := fs.String("mode", "on-demand", "Verified request mode: on-demand or always-on")
	duration := fs.Duration("duration", 2*time.Minute, "without -selftest: how long to serve before stopping (Ctrl-C stops earlier)")
	verifiedURL := fs.String("verified-url", "", "an external Verified challenge URL (its Session Secret in $"+secretEnv+"); empty: the built-in fake")
	integrationID := fs.String("integration-id", "stepup-example", "the Verified integration id")
	tenantAddr := fs.String("tenant-addr", "127.0.0.1:0", "listen address of the Auth0 stand-in (its host:port is the session tokens' iss)")
	postBack := fs.Bool("post-back", false, "the built-in fake returns with an auto-submitting POST form instead of a 302")
	redisURL := fs.String("redis", "", "redis://host:port/db of the replay store the built-in Verified side's replicas share (default $"+redisEnv+"; empty: in memory)")
	redisTimeout := fs.Duration("redis-timeout", redisreplay.DefaultTimeout, "how long a replay claim may wait on Redis before the login is refused")
	replicas := fs.Int("replicas", 1, "replicas of the built-in Verified side, behind one address in turn")
	metricsAddr := fs.String("metrics-addr", "", "listen address for the Verified side's Prometheus /metrics (e.g. 127.0.0.1:9464); empty: none")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *redisURL == "" {
		*redisURL = getenv(redisEnv)
	}
	switch {
	case *replicas < 1 || *replicas > 16:
		fmt.Fprintln(stderr, "-replicas must be between 1 and 16")
		return 2
	case *redisTimeout <= 0 || *redisTimeout > redisreplay.MaxTimeout:
		fmt.Fprintf(stderr, "-redis-timeout must be above 0 and at most %s\n", redisreplay.MaxTimeout)
		return 2
	case *verifiedURL != "" && (*replicas > 1 || *redisURL != ""):
		fmt.Fprintln(stderr, "-replicas and -redis configure the built-in Verified side: not with -verified-url")
		return 2
	}
	mode, err := biometric.ParseMode(*modeFlag)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	opt := options{mode: mode, verifiedURL: *verifiedURL, integrationID: *integrationID, tenantAddr: *tenantAddr,
		postBack: *postBack, redisURL: *redisURL, redisTimeout: *redisTimeout, replicas: *replicas, metricsAddr: *metricsAddr}
	if opt.verifiedURL != "" {
		opt.secret = biometric.Secret(getenv(secretEnv))
		if opt.secret == "" {
			fmt.Fprintf(stderr, "-verified-url needs the integration's Session Secret in $%s\n", secretEnv)
			return 2
		}
	}
	out := &printer{w: stdout}

	st, err := startStack(opt, out)
	if msg, ok := configMessage(err); ok {
		fmt.Fprintln(stderr, msg)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "start:", err)
		return 1
	}
	defer st.close()

	if !*selftest {
		out.Printf("Open %s/ in a browser. Serving for %s or until Ctrl-C.\nMeanwhile, one walk through the logins:\n\n", st.appURL, *duration)
	}
	ok := walkAll(ctx, st, mode, out)
	if *selftest {
		if !ok {
			out.Printf("SELFTEST FAILED\n")
			return 1
		}
		out.Printf("SELFTEST OK: the step-up ID token carries %s = %s\n", biometric.ClaimAMR, biometric.AMRMFA)
		return 0
	}
	if !ok {
		out.Printf("the walk did not end as expected\n")
	}
	timer := time.NewTimer(*duration)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		out.Printf("\ninterrupted, stopping\n")
	case <-timer.C:
		out.Printf("\n%s passed, stopping\n", *duration)
	}
	if !ok {
		return 1
	}
	return 0
}
