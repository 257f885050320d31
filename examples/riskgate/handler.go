package main

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/authlens/authlens/riskscore"
)

const (
	// maxBodyBytes bounds a decision request.
	maxBodyBytes = 64 << 10
	// maxFieldBytes bounds user_id, username and email.
	maxFieldBytes = 512
)

// gate serves the riskgate API.
type gate struct {
	ev        *riskscore.Evaluator
	auth0     riskscore.Auth0Policy
	tokenHash [sha256.Size]byte
	logger    *slog.Logger
}

func newGate(ev *riskscore.Evaluator, token string, logger *slog.Logger) *gate {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &gate{ev: ev, tokenHash: sha256.Sum256([]byte(token)), logger: logger}
}

// routes returns the service's handler:
//
//	POST /v1/decisions   (bearer token) decide a login
//	GET  /healthz        liveness, no token
func (g *gate) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/decisions", g.decisions)
	mux.HandleFunc("/healthz", g.healthz)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such endpoint")
	})
	return mux
}

// decisionRequest is the body of POST /v1/decisions. At least one of
// user_id, username, email is required. risk_assessment is Auth0's
// event.authentication.riskAssessment, optional.
type decisionRequest struct {
	UserID         string          `json:"user_id"`
	Username       string          `json:"username"`
	Email          string          `json:"email"`
	RiskAssessment json.RawMessage `json:"risk_assessment,omitempty"`
}

// decisionResponse is the answer: the combined outcome, the score (null
// when there is none), the message to show on deny, the claims to set on
// the tokens, and one reason per signal.
type decisionResponse struct {
	Outcome riskscore.Outcome `json:"outcome"`
	Score   *float64          `json:"score"`
	Message string            `json:"message"`
	Claims  riskscore.Claims  `json:"claims"`
	Reasons []reasonJSON      `json:"reasons"`
	Error   string            `json:"error,omitempty"`
}

type reasonJSON struct {
	Source  string            `json:"source"`
	Outcome riskscore.Outcome `json:"outcome"`
	Reason  riskscore.Reason  `json:"reason"`
	Score   *float64          `json:"score,omitempty"`
	Detail  string            `json:"detail,omitempty"`
}

func finite(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

// authorized checks "Authorization: Bearer <RISKGATE_TOKEN>" in constant
// time (hashes of equal length are compared, so the token's length does
// not leak either).
func (g *gate) authorized(r *http.Request) bool {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		tok = ""
	}
	sum := sha256.Sum256([]byte(tok))
	return subtle.ConstantTimeCompare(sum[:], g.tokenHash[:]) == 1 && tok != ""
}

func (g *gate) decisions(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if !g.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="riskgate"`)
		writeError(w, http.StatusUnauthorized, "unauthorized", "a valid bearer token is required")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "use POST")
		return
	}
	// Any Content-Type is accepted: curl -d sends
	// application/x-www-form-urlencoded, fetch with a string body
	// text/plain. The body itself is judged as JSON (malformed: 400).
	req, status, msg := readRequest(w, r)
	if status != 0 {
		writeError(w, status, http.StatusText(status), msg)
		return
	}
	subject := riskscore.Subject{UserID: req.UserID, Username: req.Username, Email: req.Email}
	var extra []riskscore.Decision
	if a := bytes.TrimSpace(req.RiskAssessment); len(a) > 0 && !bytes.Equal(a, []byte("null")) {
		extra = append(extra, g.auth0.DecideJSON(a))
	}
	res := g.ev.Evaluate(r.Context(), subject, extra...)

	out := decisionResponse{
		Outcome: res.Outcome,
		Score:   finite(res.Claims.Risk.Score),
		Message: res.Message(),
		Claims:  res.Claims,
		Reasons: make([]reasonJSON, len(res.Signals)),
		Error:   res.Claims.Risk.Error,
	}
	for i, d := range res.Signals {
		out.Reasons[i] = reasonJSON{Source: d.Source, Outcome: d.Outcome, Reason: d.Reason, Score: finite(d.Score), Detail: d.Detail}
	}
	writeJSON(w, http.StatusOK, out)
	g.logger.LogAttrs(r.Context(), slog.LevelDebug, "decision",
		slog.String("outcome", res.Outcome.String()), slog.String("reason", res.Reason.String()),
		slog.String("error", res.Claims.Risk.Error), slog.Duration("took", time.Since(start)))
}

// readRequest decodes and checks the body; status is non-zero on failure.
func readRequest(w http.ResponseWriter, r *http.Request) (req decisionRequest, status int, msg string) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return req, http.StatusRequestEntityTooLarge, "the body is larger than 64 KiB"
		}
		return req, http.StatusBadRequest, "the body could not be read"
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&req); err != nil {
		return req, http.StatusBadRequest, "the body is not a JSON object of the expected shape"
	}
	if _, err := dec.Token(); err != io.EOF {
		return req, http.StatusBadRequest, "the body holds more than one JSON value"
	}
	if req.UserID == "" && req.Username == "" && req.Email == "" {
		return req, http.StatusBadRequest, "one of user_id, username, email is required"
	}
	if len(req.UserID) > maxFieldBytes || len(req.Username) > maxFieldBytes || len(req.Email) > maxFieldBytes {
		return req, http.StatusBadRequest, "user_id, username and email are limited to 512 bytes"
	}
	return req, 0, ""
}

func (g *gate) healthz(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "use GET")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

type errorJSON struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	code = strings.ToLower(strings.ReplaceAll(code, " ", "_"))
	writeJSON(w, status, errorJSON{Error: code, Message: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":"internal","message":"the answer could not be encoded"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
