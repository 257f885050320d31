package main

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/biometric"
)

// client is the one application registered with the tenant.
type client struct {
	id, secret, redirectURI string
}

// transaction is a login waiting for the Verified result.
type transaction struct {
	userID, clientState, nonce string
	created                    time.Time
}

// grant is an issued authorization code.
type grant struct {
	userID, nonce string
	claims        map[string]any // extra ID token claims (the amr)
	expires       time.Time
}

// tenant is a minimal stand-in for the Auth0 tenant: /authorize with an
// automatic first factor, the post-login decision and redirect, /continue,
// and /oauth/token.
type tenant struct {
	url    string // http://127.0.0.1:port
	v      *biometric.Verifier
	client client
	out    *printer

	mu    sync.Mutex
	txs   map[string]transaction // by redirect state
	codes map[string]grant
}

const txCookie = "auth0_tx"

func newTenant(url string, v *biometric.Verifier, c client, out *printer) *tenant {
	return &tenant{url: url, v: v, client: c, out: out, txs: map[string]transaction{}, codes: map[string]grant{}}
}

func (t *tenant) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /authorize", t.authorize)
	mux.HandleFunc("GET /continue", t.continueLogin)
	mux.HandleFunc("POST /continue", t.continueLogin)
	mux.HandleFunc("POST /oauth/token", t.token)
	return mux
}

func (t *tenant) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != t.client.id || q.Get("redirect_uri") != t.client.redirectURI {
		http.Error(w, "unknown client or redirect_uri", http.StatusBadRequest)
		return
	}
	if q.Get("response_type") != "code" {
		t.fail(w, r, q.Get("state"), "unsupported_response_type", "only the code flow")
		return
	}
	user := "auth0|" + valueOr(q.Get("login_hint"), "alice")
	t.out.Printf("       tenant: first factor done automatically for %s\n", user)

	d, err := t.v.NeedsChallenge(biometric.Login{
		ACRValues: q.Get("acr_values"),
		Prompt:    q.Get("prompt"),
		Protocol:  "oidc-basic-profile",
	})
	t.out.Printf("       tenant: challenge=%v (%s)\n", d.Challenge, d.Reason)
	if err != nil {
		t.fail(w, r, q.Get("state"), "interaction_required", "biometric step-up needs a redirect")
		return
	}
	if !d.Challenge {
		t.issueCode(w, r, user, q.Get("state"), q.Get("nonce"), nil)
		return
	}

	state := biometric.NewState()
	t.mu.Lock()
	t.txs[state] = transaction{userID: user, clientState: q.Get("state"), nonce: q.Get("nonce"), created: time.Now()}
	t.mu.Unlock()
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	to, err := t.v.ChallengeURL(biometric.Challenge{UserID: user, State: state, IP: ip})
	if err != nil {
		t.fail(w, r, q.Get("state"), "server_error", "cannot build the challenge")
		return
	}
	// The transaction is bound to this browser as well as to the state.
	http.SetCookie(w, &http.Cookie{Name: txCookie, Value: state, Path: "/continue", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: 900})
	http.Redirect(w, r, to, http.StatusFound)
}

func (t *tenant) continueLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	state := r.Form.Get("state")
	c, err := r.Cookie(txCookie)
	if err != nil || state == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(state)) != 1 {
		http.Error(w, "invalid_request: state not bound to this browser", http.StatusBadRequest)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: txCookie, Path: "/continue", MaxAge: -1})
	t.mu.Lock()
	tx, ok := t.txs[state]
	delete(t.txs, state) // one use
	t.mu.Unlock()
	if !ok || time.Since(tx.created) > biometric.MaxTokenLifetime {
		http.Error(w, "invalid_request: unknown or stale transaction", http.StatusBadRequest)
		return
	}

	tok := r.Form.Get(t.v.TokenParam())
	if tok == "" {
		tok = r.Form.Get("token") // the other name some templates use
	}
	claims, err := t.v.Complete(r.Context(), tok, biometric.Expect{UserID: tx.userID, State: state})
	switch {
	case errors.Is(err, biometric.ErrChallengeFailed):
		t.out.Printf("       tenant: result verified, outcome failure\n")
		t.fail(w, r, tx.clientState, "access_denied", "biometric verification failed")
		return
	case err != nil:
		t.out.Printf("       tenant: result refused: %v\n", err) // never contains the token
		t.fail(w, r, tx.clientState, "invalid_request", "invalid result token")
		return
	}
	t.out.Printf("       tenant: result verified, outcome success, adding %s\n", biometric.ClaimAMR)
	t.issueCode(w, r, tx.userID, tx.clientState, tx.nonce, claims)
}

func (t *tenant) issueCode(w http.ResponseWriter, r *http.Request, user, state, nonce string, claims map[string]any) {
	code := rand.Text()
	t.mu.Lock()
	t.codes[code] = grant{userID: user, nonce: nonce, claims: claims, expires: time.Now().Add(time.Minute)}
	t.mu.Unlock()
	u, _ := url.Parse(t.client.redirectURI)
	u.RawQuery = url.Values{"code": {code}, "state": {state}}.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func (t *tenant) fail(w http.ResponseWriter, r *http.Request, state, code, desc string) {
	u, _ := url.Parse(t.client.redirectURI)
	u.RawQuery = url.Values{"error": {code}, "error_description": {desc}, "state": {state}}.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func (t *tenant) token(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	f := r.PostForm
	if f.Get("grant_type") != "authorization_code" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	if f.Get("client_id") != t.client.id ||
		subtle.ConstantTimeCompare([]byte(f.Get("client_secret")), []byte(t.client.secret)) != 1 {
		oauthError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	t.mu.Lock()
	g, ok := t.codes[f.Get("code")]
	delete(t.codes, f.Get("code"))
	t.mu.Unlock()
	if !ok || time.Now().After(g.expires) || f.Get("redirect_uri") != t.client.redirectURI {
		oauthError(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	now := time.Now()
	claims := jwt.MapClaims{
		"iss": t.url + "/", "sub": g.userID, "aud": t.client.id,
		"iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
	}
	if g.nonce != "" {
		claims["nonce"] = g.nonce
	}
	for k, v := range g.claims {
		claims[k] = v
	}
	// OIDC allows HS256 ID tokens keyed with the client secret.
	idToken, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(t.client.secret))
	if err != nil {
		oauthError(w, http.StatusInternalServerError, "server_error")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]any{"id_token": idToken, "token_type": "Bearer", "expires_in": 600})
}

func oauthError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code})
}

func valueOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
