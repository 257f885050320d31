package verifiedtest

import (
	"errors"
	"html/template"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"

	"github.com/authlens/authlens/biometric"
)

// VerifyPath is the path of the challenge endpoint on the fake.
const VerifyPath = "/verify"

// Stats counts what the fake saw. Every request to VerifyPath is either
// Rejected or Accepted; every accepted one ends Succeeded or Failed.
type Stats struct {
	Requests  int      // requests to VerifyPath
	Accepted  int      // session tokens that verified
	Rejected  int      // refused requests (bad token, replay, state mismatch, method)
	Succeeded int      // results signed with outcome success
	Failed    int      // results signed with outcome failure
	Users     []string // user ids (sub) of accepted sessions, in order
	// LastRejection is the last refusal (a *biometric.TokenError, whose
	// text holds no token or secret), or nil.
	LastRejection error
}

// Option configures a Server.
type Option func(*Server)

// WithLogger logs each request's fate (never a token or secret).
func WithLogger(l *slog.Logger) Option { return func(s *Server) { s.log = l } }

// WithPostBack makes the fake send the user back with an auto-submitting
// HTML form (200 OK, POST to continue_uri?state=... with state and the
// result token as fields), the way Auth0 prefers, instead of a 302 GET.
func WithPostBack() Option { return func(s *Server) { s.postBack = true } }

// AltTokenParam is the other parameter name some Auth0 redirect templates
// use for the session token; the fake accepts it when the configured one
// (default session_token) is absent.
const AltTokenParam = "token"

// Server is a fake authID Verified endpoint on a loopback httptest.Server.
// On GET or POST to VerifyPath with a session token (query or form
// parameter: the configured TokenParam, default session_token, else
// AltTokenParam "token") and state (in the token, in the query, or both,
// then equal), it verifies the token with the same rigour as the real
// service, "completes" the biometric step with the configured outcome, and
// answers 302 Found to the token's continue_uri with state and a signed
// result token (or, WithPostBack, an auto-submitting POST form). Invalid
// requests get 400 and are never redirected.
//
// Outcomes: a per-user outcome (SetOutcomeFor) wins over queued one-shot
// outcomes (SetNextOutcome), which win over the default (success, or
// SetDefaultOutcome). Server is safe for concurrent use.
type Server struct {
	// URL is the base URL, http://127.0.0.1:port.
	URL string

	ts       *httptest.Server
	cfg      biometric.Config
	v        *biometric.Verifier
	log      *slog.Logger
	postBack bool

	mu      sync.Mutex
	def     biometric.Outcome
	next    []biometric.Outcome
	perUser map[string]biometric.Outcome
	stats   Stats
}

// NewServer starts a fake Verified endpoint for the integration described
// by cfg. cfg.VerifiedURL is ignored and replaced by the fake's own
// URL+VerifyPath; the other fields (secret, integration id, Issuer = the
// tenant, lifetimes, clock, replay store) are used as given. Close the
// server when done.
func NewServer(cfg biometric.Config, opts ...Option) (*Server, error) {
	s := &Server{def: biometric.OutcomeSuccess, perUser: map[string]biometric.Outcome{}}
	for _, o := range opts {
		o(s)
	}
	s.ts = httptest.NewUnstartedServer(s)
	base := "http://" + s.ts.Listener.Addr().String()
	cfg.VerifiedURL = base + VerifyPath
	v, err := biometric.New(cfg)
	if err != nil {
		s.ts.Close()
		return nil, err
	}
	s.cfg, s.v, s.URL = cfg, v, base
	s.ts.Start()
	return s, nil
}

// Close shuts the server down.
func (s *Server) Close() { s.ts.Close() }

// Client returns an http.Client for the server (see httptest.Server.Client).
func (s *Server) Client() *http.Client { return s.ts.Client() }

// VerifyURL is URL + VerifyPath.
func (s *Server) VerifyURL() string { return s.URL + VerifyPath }

// Config returns the configuration the fake runs with, VerifiedURL filled
// in: give it (with your own clock or replay store if you like) to
// biometric.New for the Auth0 side.
func (s *Server) Config() biometric.Config { return s.cfg }

// Verifier returns the fake's own (Verified side) Verifier.
func (s *Server) Verifier() *biometric.Verifier { return s.v }

// SetDefaultOutcome sets the outcome used when no other rule applies.
func (s *Server) SetDefaultOutcome(o biometric.Outcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.def = o
}

// SetNextOutcome queues one-shot outcomes for the next accepted sessions.
func (s *Server) SetNextOutcome(o ...biometric.Outcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next = append(s.next, o...)
}

// SetOutcomeFor fixes the outcome for one user id until cleared with
// ClearOutcomeFor.
func (s *Server) SetOutcomeFor(userID string, o biometric.Outcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.perUser[userID] = o
}

// ClearOutcomeFor removes a per-user outcome.
func (s *Server) ClearOutcomeFor(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.perUser, userID)
}

// Stats returns a snapshot of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Users = slices.Clone(s.stats.Users)
	return st
}

// ServeHTTP implements http.Handler (the fake can also be mounted in a mux
// of your own; its URL and issuer then remain those of NewServer).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != VerifyPath {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.count(func(st *Stats) { st.Requests++ })

	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		s.reject(w, http.StatusMethodNotAllowed, errors.New("verifiedtest: method not allowed"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.reject(w, http.StatusBadRequest, errors.New("verifiedtest: unreadable form"))
		return
	}
	tok := r.Form.Get(s.v.TokenParam())
	if tok == "" {
		tok = r.Form.Get(AltTokenParam)
	}
	// Auth0 appends state to the redirect URL; tokens made with
	// api.redirect.encodeToken carry none. The library binds the two
	// (equal when both are present).
	sess, err := s.v.VerifySessionRequest(r.Context(), tok, r.Form.Get("state"))
	if err != nil {
		s.reject(w, http.StatusBadRequest, err)
		return
	}

	outcome := s.decide(sess.UserID)
	var (
		loc    string
		fields url.Values
	)
	if s.postBack {
		loc, fields, err = s.v.ResultForm(sess, outcome)
	} else {
		loc, err = s.v.ResultURL(sess, outcome)
	}
	if err != nil {
		s.reject(w, http.StatusInternalServerError, err)
		return
	}
	s.count(func(st *Stats) {
		st.Accepted++
		st.Users = append(st.Users, sess.UserID)
		if outcome == biometric.OutcomeSuccess {
			st.Succeeded++
		} else {
			st.Failed++
		}
	})
	if s.log != nil {
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "verifiedtest: challenge completed", slog.String("outcome", string(outcome)))
	}
	if s.postBack {
		writePostForm(w, loc, fields)
		return
	}
	http.Redirect(w, r, loc, http.StatusFound)
}

// postForm is the auto-submitting form of WithPostBack; html/template
// escapes the action and every value.
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
	keys := slices.Sorted(maps.Keys(fields))
	for _, k := range keys {
		for _, v := range fields[k] {
			data.Fields = append(data.Fields, formField{k, v})
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; form-action *")
	_ = postForm.Execute(w, data)
}

func (s *Server) decide(userID string) biometric.Outcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.perUser[userID]; ok {
		return o
	}
	if len(s.next) > 0 {
		o := s.next[0]
		s.next = s.next[1:]
		return o
	}
	return s.def
}

func (s *Server) count(f func(*Stats)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.stats)
}

func (s *Server) reject(w http.ResponseWriter, code int, err error) {
	s.count(func(st *Stats) {
		st.Rejected++
		st.LastRejection = err
	})
	if s.log != nil {
		s.log.Warn("verifiedtest: request refused", slog.Int("status", code), slog.String("error", err.Error()))
	}
	// The error texts of this module never contain a token or a secret.
	http.Error(w, err.Error(), code)
}
