package seczettatest

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/authlens/authlens/riskscore/seczetta"
)

// Fixed IDs a Server uses unless Options say otherwise.
const (
	DefaultAttributeID   = "7cffa07d-ad6d-4398-ba07-b3d1e5f9ee9f"
	DefaultProfileTypeID = "2b8c4f0e-5d1a-4c3b-9e7f-6a0d1c2b3e4f"
)

// Options configure a Server. The zero value is usable.
type Options struct {
	// APIKey is the key the server accepts (default: random).
	APIKey string
	// Scheme, when set, is the only accepted auth scheme
	// (seczetta.AuthToken or seczetta.AuthBearer); default both.
	Scheme seczetta.AuthScheme
	// AttributeID and ProfileTypeID are the IDs searches must use
	// (defaults DefaultAttributeID, DefaultProfileTypeID).
	AttributeID, ProfileTypeID string
}

// Server is a fake SecZetta tenant on a loopback httptest server. It
// answers POST /api/advanced_search/run and GET /api/risk_scores with the
// real shapes, checks the Authorization header and the Advanced Search body
// as the API would (strictly: any other body shape is refused with 422),
// counts requests and injects faults. UUIDs (attribute, profile type,
// object_id) are compared without regard to case. It is safe for
// concurrent use.
type Server struct {
	// URL is the base URL (http://127.0.0.1:PORT).
	URL string
	// APIKey, AttributeID and ProfileTypeID are what the server expects.
	APIKey, AttributeID, ProfileTypeID string

	scheme seczetta.AuthScheme
	srv    *httptest.Server

	mu         sync.Mutex
	profiles   []entry
	scores     map[string][]seczetta.RiskScore
	faults     []*Fault
	counts     Counts
	lastSearch []byte
}

type entry struct {
	p      seczetta.Profile
	values []string
}

// Counts are the requests a Server received, by endpoint (every request
// that reached the endpoint, whatever the answer) and by refusal.
type Counts struct {
	// Searches: POST /api/advanced_search/run.
	Searches int
	// ScoreReads: GET /api/risk_scores.
	ScoreReads int
	// Unauthorized: answered 401 for a missing or wrong Authorization.
	Unauthorized int
	// Rejected: answered 4xx for a malformed request (method, headers,
	// body shape).
	Rejected int
	// Faulted: answered by an injected fault (dropped ones included).
	Faulted int
	// Dropped: connections closed without an answer by a Drop fault.
	Dropped int
}

// Upstream returns the requests that reached the API endpoints (Searches
// + ScoreReads), what a client's load on SecZetta is measured in.
func (c Counts) Upstream() int { return c.Searches + c.ScoreReads }

// Endpoint selects which requests a Fault applies to.
type Endpoint int

const (
	// AnyEndpoint (the zero value): both.
	AnyEndpoint Endpoint = iota
	// SearchEndpoint: POST /api/advanced_search/run.
	SearchEndpoint
	// ScoresEndpoint: GET /api/risk_scores.
	ScoresEndpoint
)

// Fault is a misbehaviour to inject. Faults apply in the order added; the
// first active one that matches a request answers it (Latency alone
// delays and lets the request go on).
type Fault struct {
	// Endpoint the fault applies to.
	Endpoint Endpoint
	// Status answers with this status (401, 403, 429, 500, 503, ...) and
	// a small JSON error body.
	Status int
	// RetryAfter, with Status, sets the Retry-After header (e.g. "0",
	// "30").
	RetryAfter string
	// Malformed answers 200 with truncated JSON.
	Malformed bool
	// EmptyScores answers risk_scores with an empty list.
	EmptyScores bool
	// Drop closes the connection without an answer once the request is
	// read, as a failing load balancer or a crashed server does: the
	// client sees the connection reset or an EOF.
	Drop bool
	// Latency delays the answer (ended early when the client gives up).
	Latency time.Duration
	// Times limits the fault to that many requests; 0: until cleared.
	Times int

	used int
}

// NewServer starts a fake SecZetta. Close it when done.
func NewServer(opts Options) *Server {
	s := &Server{
		APIKey:        opts.APIKey,
		AttributeID:   opts.AttributeID,
		ProfileTypeID: opts.ProfileTypeID,
		scheme:        opts.Scheme,
		scores:        map[string][]seczetta.RiskScore{},
	}
	if s.APIKey == "" {
		s.APIKey = "sz_" + randomHex(20)
	}
	if s.AttributeID == "" {
		s.AttributeID = DefaultAttributeID
	}
	if s.ProfileTypeID == "" {
		s.ProfileTypeID = DefaultProfileTypeID
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/advanced_search/run", s.search)
	mux.HandleFunc("/api/risk_scores", s.riskScores)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "Not Found"})
	})
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Client returns an *http.Client for the server (plain HTTP on loopback).
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Config returns a seczetta.Config that points at the server.
func (s *Server) Config() seczetta.Config {
	return seczetta.Config{
		BaseURL:       s.URL,
		APIKey:        s.APIKey,
		AttributeID:   s.AttributeID,
		ProfileTypeID: s.ProfileTypeID,
		HTTPClient:    s.srv.Client(),
	}
}

// AddProfile stores p, found by Advanced Search for any of values (the
// value of the configured attribute: a username, an email...). Empty ID,
// UID, ProfileTypeID, Status and timestamps are filled in. It returns the
// stored profile.
func (s *Server) AddProfile(p seczetta.Profile, values ...string) seczetta.Profile {
	if p.ID == "" {
		p.ID = NewUUID()
	}
	if p.UID == "" {
		p.UID = randomHex(16)
	}
	if p.ProfileTypeID == "" {
		p.ProfileTypeID = s.ProfileTypeID
	}
	if p.Status == "" {
		p.Status = "Active"
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	}
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = p.CreatedAt
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.profiles = append(s.profiles, entry{p: p, values: slices.Clone(values)})
	return p
}

// RemoveProfile deletes the profile with that id and its scores.
func (s *Server) RemoveProfile(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.profiles = slices.DeleteFunc(s.profiles, func(e entry) bool { return strings.EqualFold(e.p.ID, id) })
	delete(s.scores, strings.ToLower(id))
}

// SetScores replaces profileID's risk scores with rs (none: an empty
// risk_scores list). Empty ID, UID, ObjectID and ObjectType are filled in.
func (s *Server) SetScores(profileID string, rs ...seczetta.RiskScore) []seczetta.RiskScore {
	out := make([]seczetta.RiskScore, len(rs))
	for i, r := range rs {
		if r.ID == "" {
			r.ID = NewUUID()
		}
		if r.UID == "" {
			r.UID = randomHex(16)
		}
		if r.ObjectID == "" {
			r.ObjectID = profileID
		}
		if r.ObjectType == "" {
			r.ObjectType = "Profile"
		}
		out[i] = r
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scores[strings.ToLower(profileID)] = out
	return slices.Clone(out)
}

// SetScore gives profileID one risk score with that overall score.
func (s *Server) SetScore(profileID string, overall float64) seczetta.RiskScore {
	return s.SetScores(profileID, seczetta.RiskScore{
		OverallScore:           overall,
		OverallRiskLevelID:     "29fc4382-2c60-4c6d-891b-15102cdc9e01",
		ImpactScore:            overall,
		ImpactRiskLevelID:      "29fc4382-2c60-4c6d-891b-15102cdc9e01",
		ProbabilityScore:       0,
		ProbabilityRiskLevelID: "c1f10e76-44c0-4bda-b344-8ae2a256d6c4",
	})[0]
}

// AddUser adds a profile found by values with one score, and returns it.
func (s *Server) AddUser(overall float64, values ...string) seczetta.Profile {
	name := ""
	if len(values) > 0 {
		name = values[0]
	}
	p := s.AddProfile(seczetta.Profile{Name: name}, values...)
	s.SetScore(p.ID, overall)
	return p
}

// AddFault turns a fault on.
func (s *Server) AddFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults turns every fault off.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// Counts returns the request counters.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts
}

// LastSearchBody returns the body of the latest Advanced Search request.
func (s *Server) LastSearchBody() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.lastSearch)
}

// fault returns the fault that answers a request to ep, if any, after
// applying latency. It reports false when the client went away.
func (s *Server) fault(w http.ResponseWriter, r *http.Request, ep Endpoint) (handled bool) {
	s.mu.Lock()
	var delay time.Duration
	var answer *Fault
	for _, f := range s.faults {
		if (f.Endpoint != AnyEndpoint && f.Endpoint != ep) || (f.Times > 0 && f.used >= f.Times) {
			continue
		}
		if f.Latency > 0 && delay == 0 {
			delay = f.Latency
			if f.Status == 0 && !f.Malformed && !f.EmptyScores && !f.Drop {
				f.used++
			}
		}
		if f.Status != 0 || f.Malformed || f.Drop || (f.EmptyScores && ep == ScoresEndpoint) {
			answer = f
			f.used++
			s.counts.Faulted++
			if f.Drop {
				s.counts.Dropped++
			}
			break
		}
	}
	var copyF Fault
	if answer != nil {
		copyF = *answer
	}
	s.mu.Unlock()

	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-r.Context().Done():
			t.Stop()
			return true
		case <-t.C:
		}
	}
	if answer == nil {
		return false
	}
	switch {
	case copyF.Drop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler) // closes the connection too
	case copyF.Status != 0:
		if copyF.RetryAfter != "" {
			w.Header().Set("Retry-After", copyF.RetryAfter)
		}
		writeJSON(w, copyF.Status, map[string]any{"error": http.StatusText(copyF.Status)})
	case copyF.Malformed:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"profiles": [{"id": "633b5e71-090c-4a47`)
	case copyF.EmptyScores:
		writeJSON(w, http.StatusOK, scoresPage(nil))
	}
	return true
}

// authorized checks the Authorization header, answering 401 if wrong.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	got := r.Header.Get("Authorization")
	ok := false
	if s.scheme == "" || s.scheme == seczetta.AuthToken {
		ok = ok || constantEq(got, "Token token="+s.APIKey)
	}
	if s.scheme == "" || s.scheme == seczetta.AuthBearer {
		ok = ok || constantEq(got, "Bearer "+s.APIKey)
	}
	if !ok {
		s.mu.Lock()
		s.counts.Unauthorized++
		s.mu.Unlock()
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "Not Authorized"})
	}
	return ok
}

func constantEq(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func (s *Server) reject(w http.ResponseWriter, status int, msg string) {
	s.mu.Lock()
	s.counts.Rejected++
	s.mu.Unlock()
	writeJSON(w, status, map[string]any{"errors": []string{msg}})
}

func acceptsJSON(r *http.Request) bool {
	a := r.Header.Get("Accept")
	return a == "" || strings.Contains(a, "application/json") || strings.Contains(a, "*/*")
}

type wireRule struct {
	Type                string  `json:"type"`
	ComparisonOperator  string  `json:"comparison_operator"`
	Value               *string `json:"value"`
	ConditionObjectID   *string `json:"condition_object_id,omitempty"`
	ObjectType          *string `json:"object_type,omitempty"`
	ConditionObjectType *string `json:"condition_object_type,omitempty"`
}

type wireSearch struct {
	AdvancedSearch *struct {
		Label                    string     `json:"label"`
		ConditionRulesAttributes []wireRule `json:"condition_rules_attributes"`
	} `json:"advanced_search"`
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.counts.Searches++
	s.mu.Unlock()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		s.reject(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	if !s.authorized(w, r) {
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		s.reject(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
		return
	}
	if !acceptsJSON(r) {
		s.reject(w, http.StatusNotAcceptable, "Accept must allow application/json")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		s.reject(w, http.StatusBadRequest, "unreadable body")
		return
	}
	s.mu.Lock()
	s.lastSearch = body
	s.mu.Unlock()
	profileType, attrID, value, problem := parseSearch(body)
	if problem != "" {
		s.reject(w, http.StatusUnprocessableEntity, problem)
		return
	}
	if s.fault(w, r, SearchEndpoint) {
		return
	}
	s.mu.Lock()
	out := []seczetta.Profile{}
	// UUIDs are compared without regard to case, as SecZetta does.
	if strings.EqualFold(attrID, s.AttributeID) {
		for _, e := range s.profiles {
			if strings.EqualFold(e.p.ProfileTypeID, profileType) && slices.Contains(e.values, value) {
				out = append(out, e.p)
			}
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"profiles": out})
}

// parseSearch checks the body's shape as the API does and returns the
// profile type, attribute id and value searched for, or a problem.
func parseSearch(body []byte) (profileType, attrID, value, problem string) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var ws wireSearch
	if err := dec.Decode(&ws); err != nil {
		return "", "", "", "body is not the advanced_search shape: " + err.Error()
	}
	if dec.More() {
		return "", "", "", "trailing data after the body"
	}
	if ws.AdvancedSearch == nil {
		return "", "", "", "advanced_search is required"
	}
	rules := ws.AdvancedSearch.ConditionRulesAttributes
	if ws.AdvancedSearch.Label == "" {
		return "", "", "", "advanced_search.label is required"
	}
	if len(rules) != 2 {
		return "", "", "", "want exactly two condition rules"
	}
	var sawType, sawAttr bool
	for _, rule := range rules {
		if rule.ComparisonOperator != "==" || rule.Value == nil {
			return "", "", "", "each rule needs comparison_operator == and a value"
		}
		switch rule.Type {
		case "ProfileTypeRule":
			if rule.ConditionObjectID != nil || rule.ObjectType != nil || rule.ConditionObjectType != nil {
				return "", "", "", "ProfileTypeRule takes type, comparison_operator and value only"
			}
			sawType, profileType = true, *rule.Value
		case "ProfileAttributeRule":
			if rule.ConditionObjectID == nil {
				return "", "", "", "ProfileAttributeRule needs condition_object_id"
			}
			legacy := rule.ObjectType != nil && *rule.ObjectType == "NeAttribute" && rule.ConditionObjectType == nil
			newer := rule.ObjectType == nil && rule.ConditionObjectType != nil &&
				(*rule.ConditionObjectType == "TextFieldAttribute" || *rule.ConditionObjectType == "TextAreaAttribute")
			if !legacy && !newer {
				return "", "", "", "ProfileAttributeRule needs object_type NeAttribute or condition_object_type TextFieldAttribute|TextAreaAttribute"
			}
			sawAttr, attrID, value = true, *rule.ConditionObjectID, *rule.Value
		default:
			return "", "", "", "unknown rule type"
		}
	}
	if !sawType || !sawAttr {
		return "", "", "", "want one ProfileTypeRule and one ProfileAttributeRule"
	}
	return profileType, attrID, value, ""
}

func (s *Server) riskScores(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.counts.ScoreReads++
	s.mu.Unlock()
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		s.reject(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	if !s.authorized(w, r) {
		return
	}
	if !acceptsJSON(r) {
		s.reject(w, http.StatusNotAcceptable, "Accept must allow application/json")
		return
	}
	id := r.URL.Query().Get("object_id")
	if id == "" {
		// Stricter than the API, which would list every score: a client
		// that forgets object_id must not pass a test by luck.
		s.reject(w, http.StatusBadRequest, "object_id is required")
		return
	}
	if s.fault(w, r, ScoresEndpoint) {
		return
	}
	s.mu.Lock()
	rs := slices.Clone(s.scores[strings.ToLower(id)])
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, scoresPage(rs))
}

func scoresPage(rs []seczetta.RiskScore) map[string]any {
	if rs == nil {
		rs = []seczetta.RiskScore{}
	}
	return map[string]any{
		"risk_scores": rs,
		"_metadata":   map[string]any{"limit": 25, "offset": 0, "total": len(rs), "next": nil, "previous": nil},
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// NewUUID returns a random UUID v4 in lower case.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
