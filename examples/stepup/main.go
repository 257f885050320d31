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

// stack is the three servers of the example.
type stack struct {
	app    *app
	tenant *tenant
	fake   *verifiedtest.Server
	appURL string
	close  func()
}

func startStack(mode biometric.Mode, out *printer) (*stack, error) {
	tenantLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	appLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tenantLn.Close()
		return nil, err
	}
	tenantHost := tenantLn.Addr().String()

	// The integration's Session Secret: random per run, never printed.
	fake, err := verifiedtest.NewServer(biometric.Config{
		IntegrationID: "stepup-example",
		SessionSecret: biometric.Secret(rand.Text() + rand.Text()),
		Mode:          mode,
		Issuer:        tenantHost,
	})
	if err != nil {
		tenantLn.Close()
		appLn.Close()
		return nil, err
	}
	verifier, err := biometric.New(fake.Config())
	if err != nil {
		fake.Close()
		tenantLn.Close()
		appLn.Close()
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
	out.Printf("application        %s\nAuth0 stand-in     %s (mode %s)\nVerified (fake)    %s\n\n",
		appURL, tenantURL, verifier.Mode(), fake.URL)
	return &stack{
		app: a, tenant: t, fake: fake, appURL: appURL,
		close: func() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			for _, s := range servers {
				_ = s.Shutdown(ctx)
			}
			wg.Wait()
			fake.Close()
		},
	}, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("stepup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	selftest := fs.Bool("selftest", false, "walk the logins with an HTTP client and exit 0 only if the step-up token carries the amr claim")
	modeFlag := fs.String("mode", "on-demand", "Verified request mode: on-demand or always-on")
	duration := fs.Duration("duration", 2*time.Minute, "without -selftest: how long to serve before stopping (Ctrl-C stops earlier)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	mode, err := biometric.ParseMode(*modeFlag)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	out := &printer{w: stdout}

	st, err := startStack(mode, out)
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
