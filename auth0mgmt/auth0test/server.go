package auth0test

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"math"
	mrand "math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Server is a fake Auth0 tenant: the Management API v2 read side, the
// client-credentials token endpoint and users export downloads, served by
// an httptest.Server on 127.0.0.1. Its methods are safe for concurrent use.
type Server struct {
	ts       *httptest.Server
	tenant   *Tenant
	mux      *http.ServeMux
	now      func() time.Time
	clientID string
	secret   string
	scopes   []string
	polls    int
	exportD  time.Duration
	json429  bool
	truncate bool // X-RateLimit-Reset rounded down
	tokenTTL time.Duration
	static   string
	reqSeq   atomic.Uint64

	bucket    bucket
	endpoints []endpointBucket

	fmu           sync.Mutex
	faults        Faults
	failNext      int
	tokenFailNext int
	frng          *mrand.Rand

	tmu    sync.Mutex
	tokens map[string]tokenInfo

	// Private Key JWT: the registered credential and the jti values
	// seen, until their assertion expires.
	assertKey assertionKey
	jmuA      sync.Mutex
	jtis      map[string]time.Time

	jmu  sync.Mutex
	jobs map[string]*job

	smu   sync.Mutex
	stats Stats

	// dmu guards the tenant's data: every request reads under it,
	// SetField and SetSetting write under it.
	dmu sync.RWMutex
}

type tokenInfo struct {
	scopes  map[string]bool
	expires time.Time // zero: never
}

// NewServer generates the tenant Options describe and starts serving it.
// Close the server when done.
func NewServer(opts Options) *Server {
	sizes := PresetSizes(opts.Preset).merge(opts.Sizes)
	domain := opts.Domain
	if domain == "" {
		domain = DefaultDomain
	}
	s := &Server{
		tenant:   generate(opts.Seed, sizes, domain, opts.Preset == PresetClean),
		now:      opts.Now,
		clientID: opts.ClientID,
		secret:   opts.ClientSecret,
		scopes:   slices.Clone(opts.Scopes),
		polls:    opts.ExportPolls,
		exportD:  opts.ExportDuration,
		json429:  opts.RateLimitJSON,
		truncate: opts.ResetTruncated,
		tokenTTL: opts.TokenLifetime,
		tokens:   map[string]tokenInfo{},
		jobs:     map[string]*job{},
		frng:     mrand.New(mrand.NewPCG(uint64(opts.Seed), 0xfa017)),
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.clientID == "" {
		s.clientID = DefaultClientID
	}
	if s.tokenTTL <= 0 {
		s.tokenTTL = 24 * time.Hour
	}
	if s.secret == "" {
		s.secret = DefaultClientSecret
	}
	if opts.Scopes == nil {
		s.scopes = AllReadScopes()
	}
	switch {
	case s.polls == 0:
		s.polls = 2
	case s.polls < 0:
		s.polls = 0
	}
	s.assertKey = newAssertionKey(opts)
	s.jtis = map[string]time.Time{}
	s.bucket.set(opts.RateLimit, opts.Burst)
	for _, e := range opts.EndpointLimits {
		eb := endpointBucket{method: e.Method, segs: strings.Split(strings.Trim(e.Path, "/"), "/"), b: new(bucket)}
		eb.b.set(e.RateLimit, e.Burst)
		s.endpoints = append(s.endpoints, eb)
	}
	s.resetStatsLocked()
	s.static = s.mintToken(s.scopes, time.Time{})
	s.mux = http.NewServeMux()
	s.routes()
	s.ts = httptest.NewServer(s)
	return s
}

// URL is the server's base URL, http://127.0.0.1:PORT, usable as the
// auth0mgmt Domain.
func (s *Server) URL() string { return s.ts.URL }

// Client is an *http.Client for this server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Transport serves each request with the fake's handler in the calling
// goroutine, without a socket: give it as the Transport of the
// *http.Client your code uses (auth0mgmt.WithHTTPClient) to test under
// testing/synctest, where the fake then runs on the bubble's clock.
func (s *Server) Transport() http.RoundTripper { return inProcess{s} }

type inProcess struct{ s *Server }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.s.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// Close shuts the server down and waits for pending requests.
func (s *Server) Close() { s.ts.Close() }

// Token is a valid bearer token with the granted scopes that never
// expires.
func (s *Server) Token() string { return s.static }

// Tenant is the generated data, for tests that count what they expect.
func (s *Server) Tenant() *Tenant { return s.tenant }

// ClientCredentials are the client_id and client_secret the token endpoint
// accepts.
func (s *Server) ClientCredentials() (clientID, clientSecret string) { return s.clientID, s.secret }

// Audience is the audience for /oauth/token that names this server,
// URL()+"/api/v2/".
func (s *Server) Audience() string { return s.ts.URL + "/api/v2/" }

// SetFaults replaces the injected faults (FailNext starts counting anew).
func (s *Server) SetFaults(f Faults) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.faults = f.clone()
	s.failNext = f.FailNext
	s.tokenFailNext = f.TokenFailNext
}

// Faults are the current faults; FailNext is what remains of it.
func (s *Server) Faults() Faults {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	f := s.faults.clone()
	f.FailNext = s.failNext
	f.TokenFailNext = s.tokenFailNext
	return f
}

// SetRateLimit changes the bucket (see Options.RateLimit and Burst) and
// fills it.
func (s *Server) SetRateLimit(rate float64, burst int) { s.bucket.set(rate, burst) }

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.smu.Lock()
	defer s.smu.Unlock()
	return s.stats.clone()
}

// ResetStats zeroes the counters.
func (s *Server) ResetStats() {
	s.smu.Lock()
	defer s.smu.Unlock()
	s.resetStatsLocked()
}

func (s *Server) resetStatsLocked() {
	s.stats = Stats{ByRoute: map[string]int64{}, ByStatus: map[int]int64{}, FaultsByKind: map[string]int64{}}
}

func (s *Server) count(f func(*Stats)) {
	s.smu.Lock()
	defer s.smu.Unlock()
	f(&s.stats)
}

// ---- rate limiting ----------------------------------------------------

// bucket is the tenant's token bucket: size burst, continuous refill at
// rate tokens per second. A 429 does not take a token.
type bucket struct {
	mu     sync.Mutex
	rate   float64
	burst  int
	tokens float64
	last   time.Time
}

// endpointBucket is an EndpointLimit's bucket.
type endpointBucket struct {
	method string
	segs   []string
	b      *bucket
}

// bucketFor is the bucket r draws on: its endpoint's, or the tenant's.
func (s *Server) bucketFor(r *http.Request) *bucket {
	if len(s.endpoints) == 0 {
		return &s.bucket
	}
	segs := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.EscapedPath(), "/api/v2/"), "/"), "/")
	for _, e := range s.endpoints {
		if e.method == r.Method && len(e.segs) == len(segs) && matchSegs(e.segs, segs) {
			return e.b
		}
	}
	return &s.bucket
}

func matchSegs(pattern, segs []string) bool {
	for i, p := range pattern {
		if p != "*" && p != segs[i] {
			return false
		}
	}
	return true
}

// unlimitedLimit is the X-RateLimit-Limit of an unlimited server without a
// Burst.
const unlimitedLimit = 1000

func (b *bucket) set(rate float64, burst int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if burst <= 0 {
		burst = max(1, int(rate))
		if rate <= 0 {
			burst = unlimitedLimit
		}
	}
	b.rate, b.burst, b.tokens, b.last = rate, burst, float64(burst), time.Time{}
}

// take spends one token if there is one. It returns the X-RateLimit
// values: the bucket size, the whole tokens left, and the epoch second
// at which the bucket is full again, rounded up (truncated: down).
func (b *bucket) take(now time.Time, truncate bool) (ok bool, limit, remaining int, reset int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	round := ceilUnix
	if truncate {
		round = func(t time.Time) int64 { return t.Unix() }
	}
	if b.rate <= 0 {
		return true, b.burst, b.burst - 1, round(now)
	}
	if !b.last.IsZero() && now.After(b.last) {
		b.tokens = math.Min(float64(b.burst), b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	if b.last.IsZero() || now.After(b.last) {
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		ok = true
	}
	deficit := float64(b.burst) - b.tokens
	full := now.Add(time.Duration(deficit / b.rate * float64(time.Second)))
	return ok, b.burst, int(math.Floor(b.tokens)), round(full)
}

func ceilUnix(t time.Time) int64 {
	sec := t.Unix()
	if t.Nanosecond() > 0 {
		sec++
	}
	return sec
}

// ---- faults -----------------------------------------------------------

const (
	faultFailNext    = "fail_next"
	faultServerError = "server_error"
	faultDrop        = "drop"
	faultTruncate    = "truncate"
)

// draw decides the fault of one request. api is false for downloads,
// where only drops and truncation apply.
func (s *Server) draw(api bool) (fault string, status int) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	f := s.faults
	if api && s.failNext > 0 {
		s.failNext--
		return faultFailNext, http.StatusServiceUnavailable
	}
	if f.DropRate > 0 && s.frng.Float64() < f.DropRate {
		return faultDrop, 0
	}
	if api && f.ServerErrorRate > 0 && s.frng.Float64() < f.ServerErrorRate {
		if s.frng.IntN(2) == 0 {
			return faultServerError, http.StatusInternalServerError
		}
		return faultServerError, http.StatusServiceUnavailable
	}
	if f.TruncateRate > 0 && s.frng.Float64() < f.TruncateRate {
		return faultTruncate, 0
	}
	return "", 0
}

func (s *Server) countFault(kind string) {
	s.count(func(st *Stats) { st.Faults++; st.FaultsByKind[kind]++ })
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// sleep waits d unless ctx ends first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// ---- the handler ------------------------------------------------------

type ctxKey int

const (
	keyCall ctxKey = iota
	keyTruncate
)

// statusWriter counts the status in Stats when the header is written,
// before the client can see the answer.
type statusWriter struct {
	http.ResponseWriter
	s      *Server
	status int
}

func (w *statusWriter) record(code int) {
	if w.status != 0 {
		return
	}
	w.status = code
	w.s.count(func(st *Stats) {
		st.ByStatus[code]++
		if code == http.StatusTooManyRequests {
			st.RateLimited++
		}
	})
}

func (w *statusWriter) WriteHeader(code int) {
	w.record(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.record(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ServeHTTP serves the fake tenant. Server itself is mounted on the
// httptest server; it is exported so that a Server can also be mounted
// elsewhere.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, pattern := s.mux.Handler(r)
	switch pattern {
	case "", "/api/v2/":
		pattern = r.Method + " (unmatched)"
	case orgByNamePattern:
		pattern = "GET /api/v2/organizations/name/{name}"
	}
	s.count(func(st *Stats) {
		st.Total++
		st.ByRoute[pattern]++
	})
	sw := &statusWriter{ResponseWriter: w, s: s}
	s.dmu.RLock()
	defer s.dmu.RUnlock()
	defer func() {
		if sw.status == 0 { // dropped, or the client went away
			s.count(func(st *Stats) { st.ByStatus[0]++ })
		}
	}()
	if strings.HasPrefix(r.URL.Path, "/api/v2/") {
		s.serveAPI(sw, r)
		return
	}
	s.mux.ServeHTTP(sw, r)
}

func (s *Server) requestID() string {
	n := s.reqSeq.Add(1)
	// splitmix64 of the sequence: unique, random-looking
	z := n + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return strconv.FormatUint(z, 16) + strconv.FormatUint(n, 16)
}

func (s *Server) currentFaults() Faults {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	return s.faults
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	f := s.currentFaults()
	if !sleep(r.Context(), f.Latency) {
		return
	}
	h := w.Header()
	h.Set("X-Auth0-RequestId", s.requestID())
	ok, limit, remaining, reset := s.bucketFor(r).take(s.now(), s.truncate)
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
	if !ok {
		if s.json429 {
			writeBody(w, r, http.StatusTooManyRequests, "application/json; charset=utf-8",
				appendJSON(nil, errObj(http.StatusTooManyRequests, "Global limit has been reached", "too_many_requests")))
			return
		}
		writeBody(w, r, http.StatusTooManyRequests, "text/plain; charset=utf-8",
			[]byte("Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers."))
		return
	}
	fault, status := s.draw(true)
	switch fault {
	case faultFailNext, faultServerError:
		s.countFault(fault)
		writeBody(w, r, status, "application/json; charset=utf-8",
			appendJSON(nil, errObj(status, http.StatusText(status), "")))
		return
	case faultDrop:
		s.countFault(fault)
		drop(w)
		return
	case faultTruncate:
		s.countFault(fault)
		r = r.WithContext(context.WithValue(r.Context(), keyTruncate, true))
	}
	// authentication
	authz := r.Header.Get("Authorization")
	scheme, tok, _ := strings.Cut(authz, " ")
	if authz == "" || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		writeError(w, r, http.StatusUnauthorized, "Missing authentication", "")
		return
	}
	s.tmu.Lock()
	info, known := s.tokens[strings.TrimSpace(tok)]
	s.tmu.Unlock()
	if !known {
		writeError(w, r, http.StatusUnauthorized, "Invalid token", "")
		return
	}
	if !info.expires.IsZero() && !s.now().Before(info.expires) {
		writeError(w, r, http.StatusUnauthorized, "Expired token received for JSON Web Token validation", "")
		return
	}
	c := &call{s: s, f: f, scopes: info.scopes}
	s.mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyCall, c)))
}

// writeBody writes a whole response with its Content-Length; when the
// request is marked for truncation, only the first half is sent and the
// connection is closed.
func writeBody(w http.ResponseWriter, r *http.Request, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	if trunc, _ := r.Context().Value(keyTruncate).(bool); trunc {
		_, _ = w.Write(body[:len(body)/2])
		_ = http.NewResponseController(w).Flush()
		// the short body makes net/http close the connection after the
		// handler returns; closing it here makes that immediate
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
		}
		return
	}
	_, _ = w.Write(body)
}

func errObj(status int, msg, code string) obj {
	o := obj{{"statusCode", status}, {"error", http.StatusText(status)}, {"message", msg}}
	if code != "" {
		o = append(o, kv{"errorCode", code})
	}
	return o
}

func writeError(w http.ResponseWriter, r *http.Request, status int, msg, code string) {
	writeBody(w, r, status, "application/json; charset=utf-8", appendJSON(nil, errObj(status, msg, code)))
}

// ---- tokens -----------------------------------------------------------

// mintToken creates a JWT-looking opaque token mapped to scopes.
func (s *Server) mintToken(scopes []string, expires time.Time) string {
	set := make(map[string]bool, len(scopes))
	for _, sc := range scopes {
		set[sc] = true
	}
	iat := s.now().Unix()
	exp := iat + 86400
	if !expires.IsZero() {
		exp = expires.Unix()
	}
	hdr := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT","kid":"authlens-demo-key"}`))
	payload := base64.RawURLEncoding.EncodeToString(appendJSON(nil, obj{
		{"iss", "https://" + s.tenant.domain + "/"}, {"sub", s.clientID + "@clients"},
		{"aud", s.tenant.ManagementAudience()}, {"iat", iat}, {"exp", exp},
		{"scope", strings.Join(scopes, " ")}, {"gty", "client-credentials"}, {"azp", s.clientID}}))
	sig := make([]byte, 64)
	_, _ = rand.Read(sig)
	tok := hdr + "." + payload + "." + base64.RawURLEncoding.EncodeToString(sig)
	s.tmu.Lock()
	s.tokens[tok] = tokenInfo{scopes: set, expires: expires}
	s.tmu.Unlock()
	return tok
}

func oauthError(w http.ResponseWriter, r *http.Request, status int, code, desc string) {
	writeBody(w, r, status, "application/json; charset=utf-8",
		appendJSON(nil, obj{{"error", code}, {"error_description", desc}}))
}

// handleToken is POST /oauth/token (client credentials only).
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	s.fmu.Lock()
	n := s.tokenFailNext
	if n > 0 {
		s.tokenFailNext--
	}
	s.fmu.Unlock()
	if n > 0 {
		s.countFault("token")
		if n%2 == 1 {
			drop(w)
			return
		}
		oauthError(w, r, http.StatusServiceUnavailable, "temporarily_unavailable", "The service is temporarily unavailable")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	params := url.Values{}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		var m map[string]any
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&m); err != nil {
			oauthError(w, r, http.StatusBadRequest, "invalid_request", "Invalid JSON body")
			return
		}
		for k, v := range m {
			if str, ok := v.(string); ok {
				params.Set(k, str)
			}
		}
	} else {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
		if err := r.ParseForm(); err != nil {
			oauthError(w, r, http.StatusBadRequest, "invalid_request", "Invalid form body")
			return
		}
		params = r.PostForm
	}
	id, secret := params.Get("client_id"), params.Get("client_secret")
	_, _, basic := r.BasicAuth()
	assertion := params.Get("client_assertion") != "" || params.Get("client_assertion_type") != ""
	if u, p, ok := r.BasicAuth(); ok {
		id, secret = u, p
		if uu, err := url.QueryUnescape(u); err == nil {
			id = uu
		}
		if pp, err := url.QueryUnescape(p); err == nil {
			secret = pp
		}
	}
	switch gt := params.Get("grant_type"); gt {
	case "client_credentials":
	case "":
		oauthError(w, r, http.StatusBadRequest, "invalid_request", "Missing required parameter: grant_type")
		return
	default:
		oauthError(w, r, http.StatusForbidden, "unauthorized_client", "Grant type '"+gt+"' not allowed for the client.")
		return
	}
	switch {
	case assertion:
		if secret != "" || basic {
			oauthError(w, r, http.StatusBadRequest, "invalid_request", "Use only one client authentication method: client_secret or client_assertion.")
			return
		}
		status, code, desc := s.verifyAssertion(params)
		if status != 0 {
			oauthError(w, r, status, code, desc)
			return
		}
	case s.assertKey.pub != nil && id == s.clientID:
		// the application authenticates with Private Key JWT only
		oauthError(w, r, http.StatusUnauthorized, "invalid_client", "Client authentication method not allowed for this client: use private_key_jwt.")
		return
	case subtle.ConstantTimeCompare([]byte(id), []byte(s.clientID)) != 1 ||
		subtle.ConstantTimeCompare([]byte(secret), []byte(s.secret)) != 1:
		oauthError(w, r, http.StatusUnauthorized, "access_denied", "Unauthorized")
		return
	}
	aud := params.Get("audience")
	if aud == "" {
		oauthError(w, r, http.StatusForbidden, "access_denied", "Non-global clients are not allowed access to APIv1")
		return
	}
	if !s.acceptsAudience(aud) {
		oauthError(w, r, http.StatusForbidden, "access_denied", "Service not enabled within domain: "+aud)
		return
	}
	granted := s.scopes
	if want := strings.Fields(params.Get("scope")); len(want) > 0 {
		var missing []string
		for _, sc := range want {
			if !slices.Contains(s.scopes, sc) {
				missing = append(missing, sc)
			}
		}
		if len(missing) > 0 {
			oauthError(w, r, http.StatusForbidden, "access_denied", "Client has not been granted scopes: "+strings.Join(missing, ", "))
			return
		}
		granted = want
	}
	tok := s.mintToken(granted, s.now().Add(s.tokenTTL))
	s.count(func(st *Stats) { st.TokensIssued++ })
	writeBody(w, r, http.StatusOK, "application/json; charset=utf-8", appendJSON(nil, obj{
		{"access_token", tok}, {"scope", strings.Join(granted, " ")}, {"expires_in", int64(s.tokenTTL / time.Second)}, {"token_type", "Bearer"}}))
}

// acceptsAudience: URL()/api/v2/, https://HOST:PORT/api/v2/ and the
// canonical https://DOMAIN/api/v2/.
func (s *Server) acceptsAudience(aud string) bool {
	host := strings.TrimPrefix(s.ts.URL, "http://")
	return aud == s.ts.URL+"/api/v2/" || aud == "https://"+host+"/api/v2/" || aud == s.tenant.ManagementAudience()
}
