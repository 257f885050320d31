package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/alerts"
	"github.com/authlens/authlens/posture/watch"
)

// webhookSecretVar holds the secret -webhook signs with.
const webhookSecretVar = "AUTHLENS_WEBHOOK_SECRET"

// watchConfig is what the watch flags ask for.
type watchConfig struct {
	interval    time.Duration
	state       string
	keep        int
	webhook     string
	slack       string
	minSeverity posture.Severity
	// sinks are the webhook and Slack sinks, built (not dialled) by check.
	sinks []alerts.Sink
	// requests counts the requests to the tenant.
	requests atomic.Int64
}

// watchFlags are the flags that only make sense with -watch.
var watchFlags = []string{"state", "keep", "webhook", "slack-webhook", "alerts-min-severity"}

func (w *watchConfig) define(fs *flag.FlagSet) {
	fs.DurationVar(&w.interval, "watch", 0, "scan every `INTERVAL` (30m, 1h) until interrupted, and alert on the changes that matter (needs -state)")
	fs.StringVar(&w.state, "state", "", "with -watch: keep the last snapshots and the undelivered alerts in `DIR`")
	fs.IntVar(&w.keep, "keep", watch.DefaultKeep, "with -watch: keep the last `N` snapshots")
	fs.StringVar(&w.webhook, "webhook", "", "with -watch: POST each alert to `URL`, signed with "+webhookSecretVar)
	fs.StringVar(&w.slack, "slack-webhook", "", "with -watch: post each alert to the Slack incoming webhook `URL`")
	fs.Var(severityFlag{&w.minSeverity}, "alerts-min-severity", "with -watch: leave out alerts below this `SEVERITY`")
}

// check validates the watch flags (exit 2 on error) and builds the sinks.
func (w *watchConfig) check(c *config, fs *flag.FlagSet, env []string) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if w.interval == 0 {
		for _, name := range watchFlags {
			if set[name] {
				return &usageError{fmt.Sprintf("-%s needs -watch", name)}
			}
		}
		return nil
	}
	switch {
	case w.interval < 0:
		return &usageError{"-watch must be positive"}
	case w.state == "":
		return &usageError{"-watch needs -state DIR, where snapshots and undelivered alerts are kept"}
	case w.keep < 1:
		return &usageError{"-keep must be at least 1"}
	}
	for _, name := range []string{"from", "diff", "snapshot", "findings", "sarif", "report", "fail-on"} {
		if set[name] {
			return &usageError{fmt.Sprintf("-%s cannot be combined with -watch", name)}
		}
	}
	if st, err := os.Stat(w.state); err == nil && !st.IsDir() {
		return &usageError{fmt.Sprintf("-state: %s is not a directory", w.state)}
	}
	if w.webhook != "" {
		secret := ""
		for _, kv := range env {
			if k, v, ok := strings.Cut(kv, "="); ok && k == webhookSecretVar {
				secret = v
			}
		}
		if secret == "" {
			return &usageError{webhookSecretVar + " is not set: -webhook signs every request with it (share it with the receiver)"}
		}
		s, err := alerts.NewWebhook(alerts.WebhookConfig{URL: w.webhook, Secret: alerts.NewSecret(secret)})
		if err != nil {
			return &usageError{"-webhook: " + strings.ReplaceAll(strings.TrimPrefix(err.Error(), "alerts: "), "WebhookConfig.URL", "the URL")}
		}
		w.sinks = append(w.sinks, s)
	}
	if w.slack != "" {
		s, err := alerts.NewSlack(alerts.SlackConfig{URL: w.slack})
		if err != nil {
			return &usageError{"-slack-webhook: " + strings.ReplaceAll(strings.TrimPrefix(err.Error(), "alerts: "), "SlackConfig.URL", "the URL")}
		}
		w.sinks = append(w.sinks, s)
	}
	return nil
}

// clientOptions count the requests of a watch.
func (w *watchConfig) clientOptions() []auth0mgmt.Option {
	if w.interval <= 0 {
		return nil
	}
	return []auth0mgmt.Option{auth0mgmt.WithHTTPClient(&http.Client{Transport: countingTransport{http.DefaultTransport, &w.requests}})}
}

type countingTransport struct {
	base http.RoundTripper
	n    *atomic.Int64
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.base.RoundTrip(r)
}

// runWatch scans, judges and compares every -watch interval until ctx
// ends: alerts as JSON lines on stdout (and to the webhooks), one line
// per tick and the alerts for people on stderr.
func runWatch(ctx context.Context, cfg *config, client *auth0mgmt.Client, stdout, stderr io.Writer) int {
	w := &cfg.watch
	sinks := append([]alerts.Sink{alerts.NewJSONLines("stdout", stdout)}, w.sinks...)
	names := make([]string, 0, len(sinks))
	for _, s := range sinks {
		names = append(names, s.Name())
	}
	opts := cfg.opts
	opts.Progress = nil
	var mu sync.Mutex // the events come from one goroutine; the lock keeps lines whole all the same
	watcher := &watch.Watcher{
		// Each scan continues the logs from the last one kept.
		ScanSince: func(ctx context.Context, last *inventory.Snapshot) (*inventory.Snapshot, error) {
			o := opts
			o.Previous = last
			return inventory.Collect(ctx, client, o)
		},
		Judge:    cfg.judge.opts,
		Alerts:   alerts.Options{MinSeverity: w.minSeverity},
		StateDir: w.state,
		Keep:     w.keep,
		Interval: w.interval,
		Sinks:    sinks,
		Requests: w.requests.Load,
		OnEvent: func(e watch.Event) {
			mu.Lock()
			defer mu.Unlock()
			if e.Kind == watch.EventStarted {
				// said once the state directory is ours: a second watch
				// on it says only that it is in use
				fmt.Fprintf(stderr, "tenantscan: watching every %s (state in %s, the last %d snapshots kept); alerts to %s\n",
					w.interval, w.state, w.keep, strings.Join(names, ", "))
				return
			}
			printEvent(stderr, e)
		},
	}
	err := watcher.Run(ctx)
	var locked *watch.LockedError
	switch {
	case ctx.Err() != nil:
		fmt.Fprintln(stderr, "tenantscan: interrupted")
		return exitInterrupted
	case errors.As(err, &locked):
		// Another watch keeps its state there: two would deliver every
		// alert twice and interleave their snapshots.
		who := "its holder not recorded"
		if locked.Holder != nil {
			who = locked.Holder.String()
		}
		fmt.Fprintf(stderr, "tenantscan: -state %s is in use by another watch (%s; lock file %s): "+
			"stop that watch, or give this one another -state directory\n", locked.Dir, who, locked.Lock)
		return exitBadConfig
	case errors.Is(err, watch.ErrConfig):
		fmt.Fprintf(stderr, "tenantscan: %v\n", err)
		return exitBadConfig
	case err != nil:
		fmt.Fprintf(stderr, "tenantscan: %v\n", err)
		return exitUnreadable
	}
	return exitOK
}

// printEvent writes an event for people: the tick's line, then one line
// per alert with its changes indented below it.
func printEvent(w io.Writer, e watch.Event) {
	if e.Kind == watch.EventStopped {
		return
	}
	fmt.Fprintln(w, e)
	for _, a := range e.Alerts {
		fmt.Fprintf(w, "  %-8s %-13s %s: %s\n", strings.ToUpper(a.Severity.String()), a.Rule,
			resourceLabel(a.Resource), clip(a.Message, 240))
		for i, c := range a.Changes {
			if i == 3 {
				fmt.Fprintf(w, "      ... and %d more change(s)\n", len(a.Changes)-i)
				break
			}
			fmt.Fprintf(w, "      %s\n", clip(c.String(), 200))
		}
	}
}
