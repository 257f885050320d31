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
	"sync"
	"syscall"
	"time"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/verifiedtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
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
	app    *app
	tenant *tenant
	fake   *verifiedtest.Server // nil with an external Verified
	appURL string
	close  func()
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
		fake *verifiedtest.Server
		cfg  biometric.Config
	)
	if opt.verifiedURL == "" {
		// The integration's Session Secret: random per run, never printed.
		var fopts []verifiedtest.Option
		if opt.postBack {
			fopts = append(fopts, verifiedtest.WithPostBack())
		}
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
	verifier, err := biometric.New(cfg)
	if err != nil {
		if fake != nil {
			fake.Close()
		}
		closeListeners()
		return nil, err
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
	var wg sync.WaitGroup
	for i, ln := range []net.Listener{tenantLn, appLn} {
		srv := servers[i]
		wg.Go(func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				out.Printf("server error: %v\n", err)
			}
		})
	}
	verified := "(external) " + verifier.VerifiedURL()
	if fake != nil {
		verified = "(fake)    " + fake.URL
	}
	out.Printf("application        %s\nAuth0 stand-in     %s (mode %s)\nVerified %s\n\n",
		appURL, tenantURL, verifier.Mode(), verified)
	return &stack{
		app: a, tenant: t, fake: fake, appURL: appURL,
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
		},
	}, nil
}

// secretEnv names the environment variable holding the Session Secret of
// an external Verified integration.
const secretEnv = "VERIFIED_SESSION_SECRET"

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runEnv(ctx, args, os.Getenv, stdout, stderr)
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
	if err := fs.Parse(args); err != nil {
		return 2
	}
	mode, err := biometric.ParseMode(*modeFlag)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	opt := options{mode: mode, verifiedURL: *verifiedURL, integrationID: *integrationID, tenantAddr: *tenantAddr, postBack: *postBack}
	if opt.verifiedURL != "" {
		opt.secret = biometric.Secret(getenv(secretEnv))
		if opt.secret == "" {
			fmt.Fprintf(stderr, "-verified-url needs the integration's Session Secret in $%s\n", secretEnv)
			return 2
		}
	}
	out := &printer{w: stdout}

	st, err := startStack(opt, out)
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
