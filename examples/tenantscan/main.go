package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/report"
)

// Exit statuses.
const (
	exitOK         = 0 // a scan, also a partial one
	exitUnreadable = 1 // the tenant cannot be read at all, or output failed
	exitBadConfig  = 2 // bad flags or environment
	exitFindings   = 3 // an unsuppressed finding at or above -fail-on
	// exitFailures (4, honest.go): a kind failed, or the tenant stopped
	// answering.
	exitInterrupted = 130
)

// The demo tenant: deterministic, small enough to scan in a few seconds,
// rate limited enough to show pacing.
const (
	demoSeed  = 42
	demoRate  = 50
	demoBurst = 50
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// envVars maps auth0mgmt.Config fields to the variables that set them.
var envVars = []struct{ field, name string }{
	{"ClientSecret", "AUTH0_CLIENT_SECRET"},
	{"ClientAssertionKeyFile", "AUTH0_CLIENT_ASSERTION_KEY_FILE"},
	{"ClientAssertionKeyID", "AUTH0_CLIENT_ASSERTION_KEY_ID"},
	{"ClientAssertionAlg", "AUTH0_CLIENT_ASSERTION_ALG"},
	{"ClientID", "AUTH0_CLIENT_ID"},
	{"Domain", "AUTH0_DOMAIN"},
	{"Token", "AUTH0_TOKEN"},
	{"Audience", "AUTH0_AUDIENCE"},
}

// envPhrases turn auth0mgmt's advice into tenantscan's terms: a key is
// given here as a file only.
var envPhrases = []struct{ from, to string }{
	{"ClientAssertionKey or ClientAssertionKeyFile", "AUTH0_CLIENT_ASSERTION_KEY_FILE"},
	{", or give the PEM bytes in ClientAssertionKey", ""},
	{"a client assertion key", "AUTH0_CLIENT_ASSERTION_KEY_FILE"},
}

// envName turns the Go field names in a message into variable names.
func envName(s string) string {
	for _, p := range envPhrases {
		s = strings.ReplaceAll(s, p.from, p.to)
	}
	for _, v := range envVars {
		s = strings.ReplaceAll(s, v.field, v.name)
	}
	return s
}

// config is what the flags and the environment ask for.
type config struct {
	snapshot, diff string
	// diffJSON is where -diff-json writes the changes (diff.go).
	diffJSON string
	// from is a saved snapshot to judge instead of scanning.
	from       string
	judge      judgeConfig
	graph      graphConfig
	opts       inventory.Options
	quiet      bool
	demoPreset string
	watch      watchConfig // -watch and its flags (watch.go)
	// mgmt is nil for the demo tenant.
	mgmt *auth0mgmt.Config
}

// usageError is a bad configuration (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func parse(args, env []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("tenantscan", flag.ContinueOnError)
	// A bad flag gets its error alone (said once, by run); -h the usage.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	usage := func() {
		fs.SetOutput(stderr)
		fmt.Fprintf(stderr, `Usage: tenantscan [flags]

Scans an Auth0 tenant read-only, prints a summary of every resource kind,
then judges the snapshot with authlens's posture checks and prints the
findings by severity. Without AUTH0_DOMAIN it scans a built-in demo tenant;
with -from it judges a saved snapshot without any network.

Environment:
  AUTH0_DOMAIN          tenant domain (example.eu.auth0.com) or full URL (http://127.0.0.1:8080)
  AUTH0_CLIENT_ID       machine-to-machine application authorised for the Management API
  AUTH0_CLIENT_SECRET   its secret
  AUTH0_CLIENT_ASSERTION_KEY_FILE  instead of the secret: the PEM RSA private key of its
                        Private Key JWT credential (private_key_jwt)
  AUTH0_CLIENT_ASSERTION_KEY_ID    that credential's kid (optional)
  AUTH0_CLIENT_ASSERTION_ALG       RS256 (default) or PS256, as the credential was registered
  AUTH0_TOKEN           a Management API token, instead of the client credentials
  AUTH0_AUDIENCE        token audience, when AUTH0_DOMAIN is a custom domain
  AUTHLENS_WEBHOOK_SECRET  with -webhook: the secret each alert is signed with

With -watch INTERVAL -state DIR it scans again every INTERVAL until interrupted:
alerts on the changes that matter as JSON lines on stdout (and to -webhook,
-slack-webhook), one line per scan and the alerts for people on stderr.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nExit status: 0 scanned and judged (also partially, for missing scopes), 1 the tenant or\n"+
			"snapshot cannot be read or a report cannot be written, 2 bad configuration, 3 an unsuppressed\n"+
			"finding at or above -fail-on, 4 a kind failed (error, or partial because a part failed) or the\n"+
			"tenant stopped answering for -retry-budget (4 wins over 3), 130 interrupted.\n")
	}
	c := &config{}
	var kinds string
	fs.StringVar(&c.snapshot, "snapshot", "", "write the snapshot to `FILE`")
	fs.StringVar(&c.diff, "diff", "", "compare with an earlier snapshot `FILE` and print the changes")
	fs.StringVar(&c.diffJSON, "diff-json", "", "with -diff: write the changes as JSON to `FILE`")
	fs.BoolVar(&c.opts.FullProfiles, "full-profiles", false, "keep full user profiles (default: shapes, no personal data)")
	fs.BoolVar(&c.opts.UserPermissions, "user-permissions", false, "read each user's direct permissions (a request per user)")
	fs.DurationVar(&c.opts.LogWindow, "log-window", inventory.DefaultLogWindow, "how far back to read logs")
	fs.IntVar(&c.opts.MaxLogs, "max-logs", inventory.DefaultMaxLogs, "at most this many logs (negative: none)")
	fs.IntVar(&c.opts.Concurrency, "concurrency", inventory.DefaultConcurrency, "requests in flight")
	fs.DurationVar(&c.opts.NoAnswerBudget, "retry-budget", inventory.DefaultNoAnswerBudget,
		"stop the scan (exit 4) when the tenant has not answered for this `DURATION` while requests fail")
	fs.StringVar(&kinds, "kinds", "", "comma-separated kinds to scan (default: all but the per-user ones)")
	fs.BoolVar(&c.opts.UserAuthenticationMethods, "user-auth-methods", false, "read every user's enrolled authentication methods (a request per user)")
	fs.BoolVar(&c.opts.UserSessions, "user-sessions", false, "read every user's sessions (a request per user)")
	fs.BoolVar(&c.opts.UserRefreshTokens, "user-refresh-tokens", false, "read every user's refresh tokens (a request per user)")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress on stderr")
	fs.StringVar(&c.demoPreset, "demo-preset", string(auth0test.PresetSmall), "demo tenant: tiny, small, medium or large (each with planted problems), or clean (well configured)")
	fs.StringVar(&c.from, "from", "", "judge the saved snapshot `FILE` instead of scanning (no network)")
	c.judge.outputs = map[report.Format]string{}
	var findingsFile, sarifFile, reportFile, checks, areas string
	fs.StringVar(&findingsFile, "findings", "", "write the findings as JSON to `FILE`")
	fs.StringVar(&sarifFile, "sarif", "", "write the findings as SARIF 2.1.0 to `FILE` (for code scanning tools)")
	fs.StringVar(&reportFile, "report", "", "write a Markdown report to `FILE`")
	fs.StringVar(&c.judge.suppressFile, "suppress", "", "accept the findings listed in `FILE` (YAML or JSON suppressions)")
	fs.Var(severityFlag{&c.judge.failOn}, "fail-on", "exit 3 when an unsuppressed finding of this `SEVERITY` or higher exists")
	fs.Var(severityFlag{&c.judge.opts.MinSeverity}, "min-severity", "leave out checks and findings below this `SEVERITY`")
	fs.StringVar(&checks, "checks", "", "comma-separated check `IDS` to run (default: all)")
	fs.StringVar(&areas, "areas", "", "comma-separated check `AREAS` to run (applications, machine_to_machine, ...)")
	fs.IntVar(&c.judge.top, "top", 10, "name this many findings in the summary")
	fs.StringVar(&c.graph.picture, "graph", "", "draw the identity graph to `FILE` (.dot for Graphviz, .mmd for Mermaid)")
	fs.StringVar(&c.graph.json, "graph-json", "", "write the identity graph as JSON (JupiterOne entities and relationships) to `FILE`")
	fs.StringVar(&c.graph.access, "access", "", "print the effective access of a user or client `ID`: the APIs and scopes it can reach, and through what")
	fs.StringVar(&c.graph.accessPicture, "access-graph", "", "draw the -access subject's effective access to `FILE` (.dot or .mmd)")
	c.watch.define(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return nil, err
		}
		return nil, &usageError{err.Error() + " (tenantscan -h lists the flags)"}
	}
	if fs.NArg() > 0 {
		return nil, &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	for f, p := range map[report.Format]string{report.FormatJSON: findingsFile, report.FormatSARIF: sarifFile, report.FormatMarkdown: reportFile} {
		if p != "" {
			c.judge.outputs[f] = p
		}
	}
	if err := checkJudgeConfig(&c.judge, checks, areas); err != nil {
		return nil, err
	}
	if err := c.graph.check(); err != nil {
		return nil, err
	}
	if err := c.watch.check(c, fs, env); err != nil {
		return nil, err
	}
	if c.diffJSON != "" {
		if c.diff == "" {
			return nil, &usageError{"-diff-json needs -diff FILE, the snapshot to compare with"}
		}
		if dir := filepath.Dir(c.diffJSON); dir != "." {
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return nil, &usageError{fmt.Sprintf("-diff-json: directory %s does not exist", dir)}
			}
		}
	}
	if c.judge.top < 0 {
		return nil, &usageError{"-top must not be negative"}
	}
	if c.opts.Concurrency <= 0 {
		return nil, &usageError{"-concurrency must be positive"}
	}
	if c.opts.LogWindow <= 0 {
		return nil, &usageError{"-log-window must be positive"}
	}
	if c.opts.NoAnswerBudget <= 0 {
		return nil, &usageError{"-retry-budget must be positive"}
	}
	if c.opts.MaxLogs == 0 {
		c.opts.MaxLogs = -1 // "0 logs" means none, not the default
	}
	if kinds != "" {
		known := map[inventory.Kind]bool{}
		for _, k := range inventory.Kinds() {
			known[k] = true
		}
		for _, k := range strings.Split(kinds, ",") {
			k = strings.TrimSpace(k)
			if !known[inventory.Kind(k)] {
				names := make([]string, 0, len(known))
				for _, kk := range inventory.Kinds() {
					names = append(names, string(kk))
				}
				return nil, &usageError{fmt.Sprintf("-kinds: unknown kind %q; give kinds separated by commas, from: %s", k, strings.Join(names, ", "))}
			}
			c.opts.Kinds = append(c.opts.Kinds, inventory.Kind(k))
		}
	}
	switch auth0test.Preset(c.demoPreset) {
	case auth0test.PresetTiny, auth0test.PresetSmall, auth0test.PresetMedium, auth0test.PresetLarge, auth0test.PresetClean:
	default:
		return nil, &usageError{fmt.Sprintf("-demo-preset: unknown preset %q", c.demoPreset)}
	}

	if c.from != "" {
		return c, nil // a saved snapshot: no tenant, no credentials
	}
	vars := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	cfg := auth0mgmt.Config{
		Domain:       vars["AUTH0_DOMAIN"],
		ClientID:     vars["AUTH0_CLIENT_ID"],
		ClientSecret: vars["AUTH0_CLIENT_SECRET"],
		Token:        vars["AUTH0_TOKEN"],
		Audience:     vars["AUTH0_AUDIENCE"],

		ClientAssertionKeyFile: vars["AUTH0_CLIENT_ASSERTION_KEY_FILE"],
		ClientAssertionKeyID:   vars["AUTH0_CLIENT_ASSERTION_KEY_ID"],
		ClientAssertionAlg:     vars["AUTH0_CLIENT_ASSERTION_ALG"],
	}
	if cfg.Domain == "" {
		for _, v := range envVars {
			if v.name != "AUTH0_DOMAIN" && vars[v.name] != "" {
				return nil, &usageError{v.name + " is set but AUTH0_DOMAIN is not: set AUTH0_DOMAIN too, or unset it to scan the demo tenant"}
			}
		}
		return c, nil // the demo tenant
	}
	if err := cfg.Validate(); err != nil {
		var ce *auth0mgmt.ConfigError
		if errors.As(err, &ce) {
			msg := envName(ce.Field) + " " + envName(ce.Reason)
			if ce.Fix != "" {
				msg += "; " + envName(ce.Fix)
			}
			return nil, &usageError{msg}
		}
		return nil, &usageError{envName(err.Error())}
	}
	c.mgmt = &cfg
	return c, nil
}

func run(ctx context.Context, args, env []string, stdout, stderr io.Writer) int {
	stderr = &syncWriter{w: stderr}
	cfg, err := parse(args, env, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "tenantscan: %v\n", err)
		return exitBadConfig
	}
	// Read the earlier snapshot first: a bad file is bad configuration,
	// better said before a long scan.
	var old *inventory.Snapshot
	if cfg.diff != "" {
		if old, err = inventory.LoadFile(cfg.diff); err != nil {
			fmt.Fprintf(stderr, "tenantscan: -diff: %v\n", err)
			return exitBadConfig
		}
	}

	if cfg.from != "" {
		snap, err := inventory.LoadFile(cfg.from)
		if err != nil {
			fmt.Fprintf(stderr, "tenantscan: -from: %v\n", err)
			return exitBadConfig
		}
		fmt.Fprintf(stderr, "tenantscan: judging the snapshot %s of %s (no network)\n", cfg.from, snap.Tenant)
		return judgeSnapshot(ctx, cfg, snap, old, stdout, stderr)
	}

	var client *auth0mgmt.Client
	if cfg.mgmt == nil {
		srv := auth0test.NewServer(auth0test.Options{Seed: demoSeed, Preset: auth0test.Preset(cfg.demoPreset),
			RateLimit: demoRate, Burst: demoBurst})
		defer srv.Close()
		fmt.Fprintf(stderr, "tenantscan: AUTH0_DOMAIN is not set: scanning the built-in demo tenant (auth0test, preset %s, seed %d, %d requests/s, burst %d) at %s\n",
			cfg.demoPreset, demoSeed, demoRate, demoBurst, srv.URL())
		id, secret := srv.ClientCredentials()
		if client, err = auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: secret}, cfg.clientOptions(stderr)...); err != nil {
			fmt.Fprintf(stderr, "tenantscan: %v\n", err)
			return exitUnreadable
		}
		// The demo tenant's logs end at its fixed base time, and it is
		// named by its domain, not by the random port it listens on: two
		// demo scans give byte-identical snapshots.
		cfg.opts.Now = auth0test.BaseTime
		cfg.opts.Tenant = "https://" + srv.Tenant().Domain()
	} else {
		if client, err = auth0mgmt.New(*cfg.mgmt, cfg.clientOptions(stderr)...); err != nil {
			fmt.Fprintf(stderr, "tenantscan: %s\n", envName(err.Error()))
			return exitBadConfig
		}
		fmt.Fprintf(stderr, "tenantscan: scanning %s\n", client.Domain())
	}

	if cfg.watch.interval > 0 {
		return runWatch(ctx, cfg, client, stdout, stderr)
	}
	if !cfg.quiet {
		cfg.opts.Progress = progress(stderr)
	}
	// Logs continue from the -diff snapshot's checkpoint: a weekly scan
	// given last week's reads the week's events, not one day of them.
	cfg.opts.Previous = old
	start := time.Now()
	snap, err := inventory.Collect(ctx, client, cfg.opts)
	if !cfg.quiet || err != nil {
		fmt.Fprintln(stderr, scanSummary(time.Since(start), client.RequestStats()))
	}
	switch {
	case ctx.Err() != nil:
		fmt.Fprintln(stderr, "tenantscan: interrupted")
		return exitInterrupted
	case err != nil:
		return scanError(stderr, err)
	}

	return judgeSnapshot(ctx, cfg, snap, old, stdout, stderr)
}

// clientOptions are the client's options: a line on stderr for long
// rate-limit waits (unless -quiet or -watch), and the watch's request
// counter.
func (c *config) clientOptions(stderr io.Writer) []auth0mgmt.Option {
	opts := c.watch.clientOptions()
	if !c.quiet && c.watch.interval <= 0 {
		opts = append(opts, waitLine(stderr))
	}
	return opts
}

// judgeSnapshot prints the summary of snap, saves it, prints the changes since
// old and judges it.
func judgeSnapshot(ctx context.Context, cfg *config, snap, old *inventory.Snapshot, stdout, stderr io.Writer) int {
	summary(stdout, snap)
	if cfg.snapshot != "" {
		if err := snap.SaveFile(cfg.snapshot); err != nil {
			fmt.Fprintf(stderr, "tenantscan: %v\n", err)
			return exitUnreadable
		}
		fmt.Fprintf(stderr, "tenantscan: snapshot written to %s\n", cfg.snapshot)
	}
	if old != nil {
		cs := inventory.Diff(old, snap)
		changes(stdout, cfg.diff, cs)
		if cfg.diffJSON != "" {
			if err := writeDiffJSON(cfg.diffJSON, snap.Tenant, cfg.diff, cs); err != nil {
				fmt.Fprintf(stderr, "tenantscan: -diff-json: %v\n", err)
				return exitUnreadable
			}
			fmt.Fprintf(stderr, "tenantscan: %d change(s) written to %s\n", len(cs), cfg.diffJSON)
		}
	}
	code := judge(ctx, &cfg.judge, snap, stdout, stderr)
	if cfg.graph.wanted() {
		if gc := graphs(&cfg.graph, snap, stdout, stderr); gc != exitOK {
			return gc
		}
	}
	if code == exitOK || code == exitFindings {
		code = reportFailures(stderr, snap, code)
	}
	return code
}

// progress prints each kind when it is done, and large kinds every 1000
// records; a kind whose total is known (users with -user-permissions) at
// most every 10 s with the total and the time left. Collect serialises
// the calls.
func progress(w io.Writer) func(inventory.Progress) {
	var last time.Time
	return func(p inventory.Progress) {
		switch {
		case p.Done:
			fmt.Fprintf(w, "  %-30s %-14s %d\n", p.Kind, p.Status, p.Count)
		case p.Total > 0:
			// work done user by user: users done of all, and the time
			// left, at most every 10 s
			if time.Since(last) < 10*time.Second && p.Count != p.Total {
				return
			}
			last = time.Now()
			left := ""
			if p.Remaining > 0 {
				left = fmt.Sprintf(", about %s left", p.Remaining.Round(time.Second))
			}
			fmt.Fprintf(w, "  %-30s ...            %d of %d users%s\n", p.Kind, p.Count, p.Total, left)
		case p.Count > 0 && p.Count%1000 == 0:
			fmt.Fprintf(w, "  %-30s ...            %d\n", p.Kind, p.Count)
		}
	}
}

// summary prints the table of kinds.
func summary(w io.Writer, snap *inventory.Snapshot) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tSTATUS\tCOUNT\tNOTE")
	byStatus := map[inventory.Status]int{}
	for _, k := range snap.KindNames() {
		r := snap.Kind(k)
		byStatus[r.Status]++
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", k, r.Status, r.Count, clip(r.Note(), 100))
	}
	tw.Flush()
	var parts []string
	for _, st := range []inventory.Status{inventory.StatusOK, inventory.StatusPartial, inventory.StatusForbidden,
		inventory.StatusNotConfigured, inventory.StatusUnavailable, inventory.StatusError} {
		if n := byStatus[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	fmt.Fprintf(w, "\n%s: %d kinds: %s\n", snap.Tenant, len(snap.Kinds), strings.Join(parts, ", "))
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xc0 == 0x80 { // not inside a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}
