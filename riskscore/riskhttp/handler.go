package riskhttp

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/internal/strictjson"
)

// Limits.
const (
	// DefaultMaxBodyBytes bounds a decision request unless Config says
	// otherwise.
	DefaultMaxBodyBytes = 64 << 10
	// MaxFieldBytes bounds user_id, username and email.
	MaxFieldBytes = 512
	// MinTokenLen is the shortest bearer token accepted.
	MinTokenLen = 16
)

// Config configures a Handler. Evaluator is required, and either Token or
// Unauthenticated.
//
// Config never shows Token: String, GoString, Format (every fmt verb) and
// LogValue print "[REDACTED]" in its place.
type Config struct {
	// Evaluator decides.
	Evaluator *riskscore.Evaluator
	// Token is the bearer token callers must present ("Authorization:
	// Bearer <Token>", compared in constant time): at least MinTokenLen
	// printable ASCII characters without spaces.
	Token string
	// Unauthenticated serves without a token, for a service that
	// authenticates callers in front of the handler (a mesh with mTLS, a
	// gateway). Token must then be empty.
	Unauthenticated bool
	// Auth0 maps the request's risk_assessment (Auth0's Adaptive MFA
	// assessment) to a decision combined with the others (zero value:
	// Auth0's own rule, MFA on low confidence).
	Auth0 riskscore.Auth0Policy
	// AccessTokenClaims is the shape of the answer's access_token_claims:
	// riskscore.ClaimObject (default, the same as claims) or
	// riskscore.ClaimScore, the score alone as a number under the
	// namespace, as SecZetta's own Action set it, for APIs that read it.
	AccessTokenClaims riskscore.ClaimShape
	// MaxBodyBytes bounds the request body (default DefaultMaxBodyBytes,
	// at most 1 MiB).
	MaxBodyBytes int64
	// Logger receives one debug line per decision (outcome, reason, error
	// code, duration; never a subject's identifiers). Nil: none.
	Logger *slog.Logger
}

// Handler serves the decision endpoint: POST a Request, get a Response.
// Mount it where the service wants it, e.g.
//
//	mux.Handle("/v1/decisions", h)
//
// It is safe for concurrent use.
type Handler struct {
	ev        *riskscore.Evaluator
	auth0     riskscore.Auth0Policy
	tokenHash [sha256.Size]byte
	open      bool
	shape     riskscore.ClaimShape
	maxBody   int64
	logger    *slog.Logger
}

// requestSchema is the member names of a Request, its risk_assessment
// included; computed once, never changed.
var requestSchema = sync.OnceValue(func() *strictjson.Schema {
	s := strictjson.SchemaOf(reflect.TypeFor[Request]())
	s.Fields["risk_assessment"] = strictjson.SchemaOf(reflect.TypeFor[riskscore.Auth0Assessment]())
	return s
})

// Request is the body of a decision request. At least one of UserID,
// Username, Email is required (each at most MaxFieldBytes). Members are
// matched exactly (see New); unknown members are ignored.
type Request struct {
	UserID   string `json:"user_id"`
	Username string `json:"username"`
	Email    string `json:"email"`
	// RiskAssessment is Auth0's event.authentication.riskAssessment
	// (optional; null is none).
	RiskAssessment json.RawMessage `json:"risk_assessment,omitempty"`
}

// Response is the answer to a decision request: the combined outcome, the
// score (null when there is none), the message to show on deny, the claims
// for the ID token (claims) and for the access token
// (access_token_claims, in Config.AccessTokenClaims's shape), one reason
// per signal, and the error code of a provider failure.
type Response struct {
	Outcome           riskscore.Outcome `json:"outcome"`
	Score             *float64          `json:"score"`
	Message           string            `json:"message"`
	Claims            riskscore.Claims  `json:"claims"`
	AccessTokenClaims map[string]any    `json:"access_token_claims"`
	Reasons           []Reason          `json:"reasons"`
	Error             string            `json:"error,omitempty"`
}

// Reason is one signal's decision.
type Reason struct {
	Source  string            `json:"source"`
	Outcome riskscore.Outcome `json:"outcome"`
	Reason  riskscore.Reason  `json:"reason"`
	Score   *float64          `json:"score,omitempty"`
	Detail  string            `json:"detail,omitempty"`
}

// ErrorBody is the body of every non-200 answer.
type ErrorBody struct {
	// Error is a stable code: "unauthorized", "method_not_allowed",
	// "request_entity_too_large", "bad_request".
	Error string `json:"error"`
	// Message says what is wrong, for people.
	Message string `json:"message"`
}

// New checks cfg and returns a Handler. Errors join one
// *riskscore.FieldError per refused field; none shows the token.
func New(cfg Config) (*Handler, error) {
	const st = "riskhttp.Config"
	var errs []error
	bad := func(field, problem, fix string) {
		errs = append(errs, &riskscore.FieldError{Struct: st, Field: field, Problem: problem, Fix: fix})
	}
	const fixToken = "use a random token, e.g. the output of openssl rand -hex 24, and give the same to the Auth0 Action that calls the handler"
	if cfg.Evaluator == nil {
		bad("Evaluator", "is required", "make one with riskscore.NewEvaluator")
	}
	switch {
	case cfg.Unauthenticated && cfg.Token != "":
		bad("Token", "must be empty when Unauthenticated is set", "keep Token (callers present it) or Unauthenticated (a gateway in front authenticates them), not both")
	case cfg.Unauthenticated:
	case cfg.Token == "":
		bad("Token", "is required", fixToken+"; or set Unauthenticated when callers are authenticated in front of the handler")
	case len(cfg.Token) < MinTokenLen:
		bad("Token", "is shorter than "+strconv.Itoa(MinTokenLen)+" characters", fixToken)
	case strings.ContainsFunc(cfg.Token, func(r rune) bool { return r <= ' ' || r >= 0x7f }):
		bad("Token", "must be printable ASCII without spaces", fixToken)
	}
	if err := cfg.Auth0.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("%s.Auth0: %w", st, err))
	}
	if cfg.AccessTokenClaims != riskscore.ClaimObject && cfg.AccessTokenClaims != riskscore.ClaimScore {
		bad("AccessTokenClaims", "is not a claim shape", "use riskscore.ClaimObject (the default) or riskscore.ClaimScore")
	}
	if cfg.MaxBodyBytes < 0 || cfg.MaxBodyBytes > 1<<20 {
		bad("MaxBodyBytes", "must be between 0 and 1048576", "0 means DefaultMaxBodyBytes")
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	h := &Handler{
		ev:      cfg.Evaluator,
		auth0:   cfg.Auth0,
		open:    cfg.Unauthenticated,
		shape:   cfg.AccessTokenClaims,
		maxBody: cfg.MaxBodyBytes,
		logger:  cfg.Logger,
	}
	if h.maxBody == 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	if h.logger == nil {
		h.logger = slog.New(slog.DiscardHandler)
	}
	h.tokenHash = sha256.Sum256([]byte(cfg.Token))
	return h, nil
}

// authorized checks "Authorization: Bearer <token>" in constant time
// (hashes of equal length are compared, so the token's length does not
// leak either).
func (h *Handler) authorized(r *http.Request) bool {
	if h.open {
		return true
	}
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		tok = ""
	}
	sum := sha256.Sum256([]byte(tok))
	return subtle.ConstantTimeCompare(sum[:], h.tokenHash[:]) == 1 && tok != ""
}

// ServeHTTP decides one login:
//
//	401 no or wrong token (WWW-Authenticate: Bearer), 405 not POST,
//	413 body too large, 400 a body that is not one JSON object of the
//	Request shape (with a message saying what is wrong), 200 a Response.
//
// Any Content-Type is accepted (curl -d sends
// application/x-www-form-urlencoded, fetch with a string body
// text/plain): the body is judged as JSON whatever the header says. A
// provider failure is not an HTTP error: the answer is a decision with
// "error" set to its code.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if !h.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="riskgate"`)
		WriteError(w, http.StatusUnauthorized, "unauthorized", "a valid bearer token is required")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		WriteError(w, http.StatusMethodNotAllowed, "method_not_allowed", "use POST")
		return
	}
	req, status, msg := h.readRequest(w, r)
	if status != 0 {
		WriteError(w, status, strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_")), msg)
		return
	}
	subject := riskscore.Subject{UserID: req.UserID, Username: req.Username, Email: req.Email}
	var extra []riskscore.Decision
	if a := bytes.TrimSpace(req.RiskAssessment); len(a) > 0 && !bytes.Equal(a, []byte("null")) {
		extra = append(extra, h.auth0.DecideJSON(a))
	}
	res := h.ev.Evaluate(r.Context(), subject, extra...)

	out := Response{
		Outcome:           res.Outcome,
		Score:             finite(res.Claims.Risk.Score),
		Message:           res.Message(),
		Claims:            res.Claims,
		AccessTokenClaims: res.Claims.Shaped(h.shape),
		Reasons:           make([]Reason, len(res.Signals)),
		Error:             res.Claims.Risk.Error,
	}
	for i, d := range res.Signals {
		out.Reasons[i] = Reason{Source: d.Source, Outcome: d.Outcome, Reason: d.Reason, Score: finite(d.Score), Detail: d.Detail}
	}
	WriteJSON(w, http.StatusOK, out)
	h.logger.LogAttrs(r.Context(), slog.LevelDebug, "decision",
		slog.String("outcome", res.Outcome.String()), slog.String("reason", res.Reason.String()),
		slog.String("error", res.Claims.Risk.Error), slog.Duration("took", time.Since(start)))
}

// readRequest reads and strictly decodes the body; status is non-zero on
// failure, with a message for the caller.
func (h *Handler) readRequest(w http.ResponseWriter, r *http.Request) (req Request, status int, msg string) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return req, http.StatusRequestEntityTooLarge, "the body is larger than " + strconv.FormatInt(h.maxBody, 10) + " bytes"
		}
		return req, http.StatusBadRequest, "the body could not be read"
	}
	req, err = DecodeRequest(body)
	if err != nil {
		return req, http.StatusBadRequest, err.Error()
	}
	if req.UserID == "" && req.Username == "" && req.Email == "" {
		return req, http.StatusBadRequest, "one of user_id, username, email is required"
	}
	if len(req.UserID) > MaxFieldBytes || len(req.Username) > MaxFieldBytes || len(req.Email) > MaxFieldBytes {
		return req, http.StatusBadRequest, "user_id, username and email are limited to " + strconv.Itoa(MaxFieldBytes) + " bytes"
	}
	return req, 0, ""
}

// DecodeRequest decodes a decision request body strictly: one JSON object
// of valid UTF-8; member names match exactly, as JavaScript reads them; a
// duplicate member (at any depth), or a member whose name differs from a
// known field's only by case ("Username", "EMAIL", "ſub"-style Unicode
// folds), is refused rather than read the way encoding/json would
// (case-insensitively, the last duplicate winning); unknown members are
// ignored. The error says what is wrong and where, never a value.
func DecodeRequest(body []byte) (Request, error) {
	var req Request
	if err := strictjson.Check(body, requestSchema()); err != nil {
		return Request{}, fmt.Errorf("the body is refused: %w", err)
	}
	if err := json.Unmarshal(body, &req); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) && ute.Field != "" {
			return Request{}, errors.New("the body is refused: " + strconv.Quote(ute.Field) + " must be a " + ute.Type.String())
		}
		return Request{}, errors.New("the body is not a JSON object of the expected shape")
	}
	return req, nil
}

func finite(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

// WriteError writes an ErrorBody with status.
func WriteError(w http.ResponseWriter, status int, code, msg string) {
	WriteJSON(w, status, ErrorBody{Error: code, Message: msg})
}

// WriteJSON writes v as JSON with status, Cache-Control: no-store and
// X-Content-Type-Options: nosniff.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":"internal","message":"the answer could not be encoded"}`)
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/json")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// String describes c with the token redacted.
func (c Config) String() string {
	tok := `""`
	if c.Token != "" {
		tok = "[REDACTED]"
	}
	return "riskhttp.Config{Token: " + tok + ", Unauthenticated: " + strconv.FormatBool(c.Unauthenticated) +
		", AccessTokenClaims: " + c.AccessTokenClaims.String() + ", MaxBodyBytes: " + strconv.FormatInt(c.MaxBodyBytes, 10) + "}"
}

// GoString is String.
func (c Config) GoString() string { return c.String() }

// Format prints String for every verb.
func (c Config) Format(f fmt.State, verb rune) {
	s := c.String()
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}

// LogValue logs c without the token.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }
