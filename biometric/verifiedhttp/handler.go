package verifiedhttp

import (
	"errors"
	"html/template"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/authlens/authlens/biometric"
)

// AltTokenParam is the other parameter name some Auth0 redirect templates
// use for the session token; the Handler reads it when the Verifier's
// TokenParam is absent.
const AltTokenParam = "token"

// Defaults.
const (
	DefaultLogInterval  = time.Minute
	DefaultMaxBodyBytes = 64 << 10
)

// Decide performs (or looks up) the biometric check for a verified
// session and returns its outcome. An error answers 502 and signs no
// result. r is the incoming request (its context ends with it).
type Decide func(r *http.Request, s *biometric.Session) (biometric.Outcome, error)

// Event is what the Handler did with one request, for Config.Observe.
type Event struct {
	Result  Result             // ResultAccepted, or why the request was refused
	Status  int                // the HTTP status answered
	Session *biometric.Session // the verified session; nil when refused before
	Outcome biometric.Outcome  // the outcome signed, when a result was sent
	Err     error              // the refusal (fixed texts only), nil when accepted
}

// Config configures a [Handler].
type Config struct {
	// Verifier verifies session tokens and signs results; required. Its
	// ReplayStore decides single use: share one (biometric/redisreplay)
	// between replicas.
	Verifier *biometric.Verifier
	// Decide returns the outcome of the biometric check; required.
	Decide Decide
	// PostBack answers with an auto-submitting POST form to continue_uri
	// (state and the result token as fields) instead of a 302 GET.
	PostBack bool
	// Registerer receives the metrics (see the package doc); nil: none.
	Registerer prometheus.Registerer
	// ConstLabels are added to every metric (e.g. {"replica": "a"}) so
	// that several Handlers can share one registry.
	ConstLabels prometheus.Labels
	// Logger receives refusals (WARN), rate limited; nil: none.
	Logger *slog.Logger
	// LogInterval is the least time between two lines for one result;
	// zero means DefaultLogInterval.
	LogInterval time.Duration
	// MaxBodyBytes bounds a POST body; zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Observe, when set, is called once per request, after the answer.
	Observe func(r *http.Request, e Event)
	// Now is the clock of the log rate limit; nil means time.Now.
	Now func() time.Time
}

// Handler is the Verified side as an http.Handler. It serves any path
// (mount it where the redirect points). It is safe for concurrent use.
type Handler struct {
	cfg     Config
	metrics *metrics
	logs    *limiter
}

// New validates cfg and returns a Handler, registering its metrics on
// cfg.Registerer. Each invalid field is a *biometric.ConfigError naming it.
func New(cfg Config) (*Handler, error) {
	var errs []error
	bad := func(field, reason, fix string) {
		errs = append(errs, &biometric.ConfigError{Field: "verifiedhttp.Config." + field, Reason: reason, Fix: fix})
	}
	if cfg.Verifier == nil {
		bad("Verifier", "is required", "make one with biometric.New, with the integration's Session Secret")
	}
	if cfg.Decide == nil {
		bad("Decide", "is required", "give the function that runs the biometric check and returns its outcome")
	}
	switch {
	case cfg.LogInterval < 0:
		bad("LogInterval", "must be at least 0", "0 means DefaultLogInterval")
	case cfg.LogInterval == 0:
		cfg.LogInterval = DefaultLogInterval
	}
	switch {
	case cfg.MaxBodyBytes < 0:
		bad("MaxBodyBytes", "must be at least 0", "0 means DefaultMaxBodyBytes")
	case cfg.MaxBodyBytes == 0:
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.ConstLabels = maps.Clone(cfg.ConstLabels)
	h := &Handler{cfg: cfg, logs: newLimiter(cfg.LogInterval, cfg.Now)}
	if cfg.Registerer != nil {
		m, err := newMetrics(cfg.Registerer, cfg.ConstLabels, cfg.Verifier.ReplayStore())
		if err != nil {
			return nil, &biometric.ConfigError{Field: "verifiedhttp.Config.Registerer", Reason: "cannot register the metrics: " + err.Error(),
				Fix: "give each Handler on one registry its own ConstLabels (e.g. {\"replica\": \"a\"}), or its own Registerer"}
		}
		h.metrics = m
	}
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	ev := h.serve(w, r)
	h.metrics.observe(ev)
	if ev.Err != nil && h.cfg.Logger != nil {
		if held, ok := h.logs.allow(string(ev.Result)); ok {
			h.cfg.Logger.LogAttrs(r.Context(), slog.LevelWarn, "verifiedhttp: request refused",
				slog.String("result", string(ev.Result)), slog.Int("status", ev.Status),
				slog.String("error", ev.Err.Error()), slog.Int("held_back", held))
		}
	}
	if h.cfg.Observe != nil {
		h.cfg.Observe(r, ev)
	}
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request) Event {
	v := h.cfg.Verifier
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		return refuse(w, http.StatusMethodNotAllowed, ResultBadRequest, errors.New("verifiedhttp: method not allowed"))
	}
	r.Body = http.MaxBytesReader(w, r.Body, h.cfg.MaxBodyBytes)
	if err := r.ParseForm(); err != nil {
		return refuse(w, http.StatusBadRequest, ResultBadRequest, errors.New("verifiedhttp: unreadable form"))
	}
	tok := r.Form.Get(v.TokenParam())
	if tok == "" {
		tok = r.Form.Get(AltTokenParam)
	}
	began := time.Now()
	sess, err := v.VerifySessionRequest(r.Context(), tok, r.Form.Get("state"))
	h.metrics.verified(time.Since(began))
	if err != nil {
		res := resultOf(err)
		status := http.StatusBadRequest
		if res == ResultStoreError {
			status = http.StatusServiceUnavailable
		}
		return refuse(w, status, res, err)
	}
	outcome, err := h.cfg.Decide(r, sess)
	if err == nil && outcome != biometric.OutcomeSuccess && outcome != biometric.OutcomeFailure {
		err = errors.New("verifiedhttp: Decide returned no outcome")
	}
	if err != nil {
		ev := refuse(w, http.StatusBadGateway, ResultDecideError, errors.New("verifiedhttp: the biometric check did not complete"))
		ev.Session = sess
		return ev
	}
	var (
		loc    string
		fields url.Values
	)
	if h.cfg.PostBack {
		loc, fields, err = v.ResultForm(sess, outcome)
	} else {
		loc, err = v.ResultURL(sess, outcome)
	}
	if err != nil {
		ev := refuse(w, http.StatusInternalServerError, ResultOther, err)
		ev.Session = sess
		return ev
	}
	if h.cfg.PostBack {
		writePostForm(w, loc, fields)
	} else {
		http.Redirect(w, r, loc, http.StatusFound)
	}
	status := http.StatusFound
	if h.cfg.PostBack {
		status = http.StatusOK
	}
	return Event{Result: ResultAccepted, Status: status, Session: sess, Outcome: outcome}
}

func refuse(w http.ResponseWriter, status int, res Result, err error) Event {
	// The error texts of this module never contain a token or a secret.
	http.Error(w, err.Error(), status)
	return Event{Result: res, Status: status, Err: err}
}

// postForm is the auto-submitting form of PostBack; html/template escapes
// the action and every value.
var postForm = template.Must(template.New("post").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Returning to sign-in</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="{{.Action}}">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<noscript><button type="submit">Continue</button></noscript>
</form></body></html>
`))

type formField struct{ Name, Value string }

func writePostForm(w http.ResponseWriter, action string, fields url.Values) {
	data := struct {
		Action template.URL
		Fields []formField
	}{Action: template.URL(action)}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		for _, v := range fields[k] {
			data.Fields = append(data.Fields, formField{k, v})
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; form-action *")
	_ = postForm.Execute(w, data)
}

// limiter allows one line per key per interval and counts the others.
type limiter struct {
	every time.Duration
	now   func() time.Time
	mu    sync.Mutex
	keys  map[string]*limitState
}

type limitState struct {
	last time.Time
	held int
}

func newLimiter(every time.Duration, now func() time.Time) *limiter {
	return &limiter{every: every, now: now, keys: map[string]*limitState{}}
}

// allow reports whether a line for key may be written now, and how many
// were held back since the last one.
func (l *limiter) allow(key string) (held int, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	st := l.keys[key]
	if st == nil {
		st = &limitState{}
		l.keys[key] = st // keys are the fixed Result values: bounded
	} else if now.Sub(st.last) < l.every {
		st.held++
		return 0, false
	}
	held, st.held, st.last = st.held, 0, now
	return held, true
}
