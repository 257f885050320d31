package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens"
	"github.com/authlens/authlens/biometric"
)

// app is the relying party: it starts logins and step-ups and checks the
// ID token that comes back.
type app struct {
	url, tenantURL, clientID, clientSecret string
	http                                   *http.Client
	out                                    *printer

	mu     sync.Mutex
	logins map[string]string // state -> nonce
}

// callbackResult is what /callback answers (JSON), and what the walker
// checks.
type callbackResult struct {
	Error   string `json:"error,omitempty"`
	Subject string `json:"sub,omitempty"`
	AMR     any    `json:"amr,omitempty"` // the https://authid.ai/claims/amr claim
	StepUp  bool   `json:"step_up"`       // biometric.StepUpSatisfied
}

const stateCookie = "app_state"

func newApp(url, tenantURL, clientID, clientSecret string, out *printer) *app {
	return &app{
		url: url, tenantURL: tenantURL, clientID: clientID, clientSecret: clientSecret,
		http:   &http.Client{Transport: loopbackTransport(), Timeout: 10 * time.Second},
		out:    out,
		logins: map[string]string{},
	}
}

func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", a.home)
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) { a.start(w, r, false) })
	mux.HandleFunc("GET /stepup", func(w http.ResponseWriter, r *http.Request) { a.start(w, r, true) })
	mux.HandleFunc("GET /callback", a.callback)
	return mux
}

func (a *app) home(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, `<!doctype html><title>step-up example</title>
<h1>authID Verified step-up</h1>
<p><a href="/login">Log in</a> (no acr_values: no challenge in on-demand mode)</p>
<p><a href="/stepup">Step up</a> (acr_values=https://authid.ai/policies/multi-factor)</p>`)
}

func (a *app) start(w http.ResponseWriter, r *http.Request, stepUp bool) {
	state, nonce := rand.Text(), rand.Text()
	a.mu.Lock()
	a.logins[state] = nonce
	a.mu.Unlock()
	q := url.Values{
		"response_type": {"code"}, "client_id": {a.clientID}, "redirect_uri": {a.url + "/callback"},
		"scope": {"openid"}, "state": {state}, "nonce": {nonce},
	}
	if h := r.URL.Query().Get("login_hint"); h != "" {
		q.Set("login_hint", h)
	}
	to := a.tenantURL + "/authorize?" + q.Encode()
	if stepUp {
		var err error
		if to, err = biometric.StepUpAuthorizeURL(to); err != nil {
			http.Error(w, "cannot build the step-up request", http.StatusInternalServerError)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: state, Path: "/callback", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: 900})
	http.Redirect(w, r, to, http.StatusFound)
}

func (a *app) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	c, err := r.Cookie(stateCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(q.Get("state"))) != 1 {
		writeJSON(w, http.StatusBadRequest, callbackResult{Error: "state mismatch"})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Path: "/callback", MaxAge: -1})
	a.mu.Lock()
	nonce, ok := a.logins[q.Get("state")]
	delete(a.logins, q.Get("state"))
	a.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusBadRequest, callbackResult{Error: "unknown login"})
		return
	}
	if e := q.Get("error"); e != "" {
		writeJSON(w, http.StatusForbidden, callbackResult{Error: e + ": " + q.Get("error_description")})
		return
	}
	claims, err := a.exchange(r.Context(), q.Get("code"), nonce)
	if err != nil {
		writeJSON(w, http.StatusBadGateway, callbackResult{Error: err.Error()})
		return
	}
	sub, _ := claims.GetSubject()
	writeJSON(w, http.StatusOK, callbackResult{Subject: sub, AMR: claims[biometric.ClaimAMR], StepUp: biometric.StepUpSatisfied(claims)})
}

// exchange redeems the code and verifies the ID token (HS256 with the client
// secret, issuer, audience, expiry, nonce).
func (a *app) exchange(ctx context.Context, code, nonce string) (jwt.MapClaims, error) {
	form := url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {a.url + "/callback"},
		"client_id": {a.clientID}, "client_secret": {a.clientSecret},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.tenantURL+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", authlens.UserAgent)
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("token endpoint: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("token endpoint: status %d", resp.StatusCode)
	}
	var body struct {
		IDToken string `json:"id_token"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&body); err != nil {
		return nil, fmt.Errorf("token endpoint: bad JSON")
	}
	claims := jwt.MapClaims{}
	_, err = jwt.NewParser(
		jwt.WithValidMethods([]string{"HS256"}),
		jwt.WithIssuer(a.tenantURL+"/"),
		jwt.WithAudience(a.clientID),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
	).ParseWithClaims(body.IDToken, claims, func(*jwt.Token) (any, error) { return []byte(a.clientSecret), nil })
	if err != nil {
		return nil, fmt.Errorf("id token refused") // the jwt error is not echoed to the browser
	}
	if n, _ := claims["nonce"].(string); subtle.ConstantTimeCompare([]byte(n), []byte(nonce)) != 1 {
		return nil, fmt.Errorf("id token nonce mismatch")
	}
	return claims, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
