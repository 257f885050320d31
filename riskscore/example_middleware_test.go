package riskscore_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

// sessionOf stands for your session handling: who is logged in, and
// whether they completed MFA in this session (e.g. the amr claim of their
// ID token). The example keeps both in headers; a real service reads its
// session cookie.
func sessionOf(r *http.Request) (user string, didMFA bool) {
	return r.Header.Get("X-Example-User"), r.Header.Get("X-Example-MFA") == "done"
}

// requireAcceptableRisk is HTTP middleware around the decision: it lets a
// request through when the user's risk allows it, sends the user to log in
// again with MFA when the risk asks for it, and refuses the request when
// the risk is too high (or could not be assessed: the Evaluator denies by
// default).
func requireAcceptableRisk(ev *riskscore.Evaluator, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, didMFA := sessionOf(r)
		res := ev.Evaluate(r.Context(), riskscore.Subject{Username: user})
		if res.Err != nil {
			log.Printf("risk lookup failed: %v", res.Err) // for logs, never for users
		}
		switch {
		case res.Outcome == riskscore.Allow, res.Outcome == riskscore.MFA && didMFA:
			next.ServeHTTP(w, r)
		case res.Outcome == riskscore.MFA:
			// Your login route, asking Auth0 for MFA (acr_values
			// http://schemas.openid.net/pape/policies/2007/06/multi-factor).
			http.Redirect(w, r, "/login?step_up=mfa", http.StatusSeeOther)
		default:
			http.Error(w, res.Message(), http.StatusForbidden)
		}
	})
}

// An Evaluator in HTTP middleware that asks for MFA: SecZetta (here its
// fake) scores alice 2, bob 6 and eve 9; the default policy allows up to
// 5 and denies from 7.5.
func Example_middleware() {
	sz := seczettatest.NewServer(seczettatest.Options{})
	defer sz.Close()
	sz.AddUser(2, "alice")
	sz.AddUser(6, "bob")
	sz.AddUser(9, "eve")
	provider, err := seczetta.New(sz.Config())
	if err != nil {
		log.Fatal(err)
	}
	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{Provider: provider, Policy: riskscore.DefaultPolicy()})
	if err != nil {
		log.Fatal(err)
	}
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "the account page") })
	h := requireAcceptableRisk(ev, app)

	for _, req := range []struct{ user, mfa string }{{"alice", ""}, {"bob", ""}, {"bob", "done"}, {"eve", "done"}} {
		r := httptest.NewRequest(http.MethodGet, "/account", nil)
		r.Header.Set("X-Example-User", req.user)
		r.Header.Set("X-Example-MFA", req.mfa)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		answer := strings.TrimSpace(w.Body.String())
		if loc := w.Header().Get("Location"); loc != "" {
			answer = "to " + loc
		}
		fmt.Printf("%-5s mfa=%-4s -> %d %s\n", req.user, req.mfa, w.Code, answer)
	}
	// Output:
	// alice mfa=     -> 200 the account page
	// bob   mfa=     -> 303 to /login?step_up=mfa
	// bob   mfa=done -> 200 the account page
	// eve   mfa=done -> 403 A 9 Risk score is too high. Maximum acceptable risk is 7.5
}
