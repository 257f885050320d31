package verifiedtest

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/verifiedhttp"
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

// WithRegisterer registers the Verified side's metrics (those of
// biometric/verifiedhttp, labelled replica="0", "1", ... with
// WithReplicas) on reg.
func WithRegisterer(reg prometheus.Registerer) Option { return func(s *Server) { s.reg = reg } }

// WithReplicas runs the fake as len(stores) replicas behind its one
// address, each with its own Verifier on the Config and its own replay
// store (the given one; cfg.ReplayStore is then ignored); requests go to
// them in turn, as a round-robin load balancer would send them. With
// stores on one shared Redis (biometric/redisreplay) a session token is
// accepted once across the replicas; with separate in-memory stores, a
// replay sent to another replica is accepted there.
func WithReplicas(stores ...biometric.ReplayStore) Option {
	return func(s *Server) { s.stores = slices.Clone(stores) }
}

// AltTokenParam is the other parameter name some Auth0 redirect templates
// use for the session token; the fake accepts it when the configured one
// (default session_token) is absent.
const AltTokenParam = verifiedhttp.AltTokenParam

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
	v        *biometric.Verifier // the first replica's
	log      *slog.Logger
	postBack bool
	reg      prometheus.Registerer
	stores   []biometric.ReplayStore
	replicas []*verifiedhttp.Handler
	next     atomic.Uint64

	mu      sync.Mutex
	def     biometric.Outcome
	queue   []biometric.Outcome
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
	stores := s.stores
	if len(stores) == 0 {
		stores = []biometric.ReplayStore{cfg.ReplayStore}
	}
	for i, store := range stores {
		rc := cfg
		rc.ReplayStore = store
		v, err := biometric.New(rc)
		if err == nil && i == 0 {
			s.v = v
		}
		var h *verifiedhttp.Handler
		if err == nil {
			hc := verifiedhttp.Config{Verifier: v, Decide: s.decideFor, PostBack: s.postBack, Registerer: s.reg, Observe: s.observe}
			if len(s.stores) > 0 {
				hc.ConstLabels = prometheus.Labels{"replica": fmt.Sprint(i)}
			}
			h, err = verifiedhttp.New(hc)
		}
		if err != nil {
			s.ts.Close()
			return nil, err
		}
		s.replicas = append(s.replicas, h)
	}
	s.cfg, s.URL = cfg, base
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
	s.queue = append(s.queue, o...)
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
// of your own; its URL and issuer then remain those of NewServer). The
// work is biometric/verifiedhttp's Handler (of the next replica in turn);
// the fake adds the outcome rules and the Stats.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != VerifyPath {
		http.NotFound(w, r)
		return
	}
	i := (s.next.Add(1) - 1) % uint64(len(s.replicas))
	s.replicas[i].ServeHTTP(w, r)
}

func (s *Server) decideFor(_ *http.Request, sess *biometric.Session) (biometric.Outcome, error) {
	return s.decide(sess.UserID), nil
}

// observe keeps the Stats and the log of what the Handler did.
func (s *Server) observe(r *http.Request, ev verifiedhttp.Event) {
	s.mu.Lock()
	s.stats.Requests++
	if ev.Result == verifiedhttp.ResultAccepted {
		s.stats.Accepted++
		s.stats.Users = append(s.stats.Users, ev.Session.UserID)
		if ev.Outcome == biometric.OutcomeSuccess {
			s.stats.Succeeded++
		} else {
			s.stats.Failed++
		}
	} else {
		s.stats.Rejected++
		s.stats.LastRejection = ev.Err
	}
	s.mu.Unlock()
	switch {
	case s.log == nil:
	case ev.Err != nil:
		s.log.Warn("verifiedtest: request refused", slog.Int("status", ev.Status), slog.String("error", ev.Err.Error()))
	default:
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "verifiedtest: challenge completed", slog.String("outcome", string(ev.Outcome)))
	}
}

func (s *Server) decide(userID string) biometric.Outcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.perUser[userID]; ok {
		return o
	}
	if len(s.queue) > 0 {
		o := s.queue[0]
		s.queue = s.queue[1:]
		return o
	}
	return s.def
}
