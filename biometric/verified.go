package biometric

import (
	"context"
	"net/url"
	"time"
)

// Session is a verified session token, as the Verified side sees it.
type Session struct {
	UserID string // sub: the Auth0 user_id, Verified's external id
	State  string // to send back, in the query and in the result token
	// StateFromQuery: the token had no state claim; State is the one
	// Auth0 appended to the redirect's query.
	//
	// Such a state is attacker-controlled: whoever holds a valid session
	// token for their own account can present it with a victim's state,
	// and the result signed for them carries the victim's state. Only the
	// Auth0 side's comparison of the result's sub with the logged-in user
	// stops that (VerifyResult does it; a hand-written Action MUST check
	// payload.sub === event.user.user_id). Config.RequireSessionState
	// refuses such tokens instead.
	StateFromQuery bool
	Issuer         string // the tenant host
	IntegrationID  string // empty when the token has none
	ContinueURI    string // where to send the user back (checked: Issuer or ContinueHosts)
	IP             string // optional
	TokenID        string // jti; empty when the token has none
	IssuedAt       time.Time
	ExpiresAt      time.Time
}

// VerifySession is VerifySessionRequest without a query state: the token
// itself must carry the state claim.
func (v *Verifier) VerifySession(ctx context.Context, token string) (*Session, error) {
	return v.VerifySessionRequest(ctx, token, "")
}

// VerifySessionRequest verifies an incoming session token on the Verified
// side: HS256 only, the signature, exp/nbf/iat with leeway, a bounded
// lifetime, iss equal to the tenant (Config.Issuer, compared in canonical
// form), the integration id when the claim is present, sub present, no
// outcome claim, continue_uri on the Issuer's host or one of
// ContinueHosts, and finally that the token was never accepted before (by
// jti, or by signature when it has no jti). The clock is read once.
//
// queryState is the state parameter of the request (Auth0 appends it to
// the redirect URL; tokens made with api.redirect.encodeToken carry no
// state claim). When the token has a state claim and queryState is not
// empty they must be equal (constant time); when both are empty the token
// is refused with [ErrState]. When the token has none, queryState is the
// state ([Session.StateFromQuery]), unless Config.RequireSessionState is
// set, which refuses the token ([ErrState]).
//
// SECURITY: a state taken from the query is attacker-controlled. An
// attacker with a valid session token for their own account can present
// it with a victim's state and obtain a result token that carries the
// attacker's sub and the victim's state. The state binding alone
// therefore does not protect the victim's login: the Auth0 side MUST
// compare the result's sub with the logged-in user. [Verifier.VerifyResult]
// and [Verifier.Complete] do; a hand-written post-login Action, after
// api.redirect.validateToken, must check payload.sub ===
// event.user.user_id. Set Config.RequireSessionState when every session
// token carries its state.
func (v *Verifier) VerifySessionRequest(ctx context.Context, token, queryState string) (*Session, error) {
	const op = "verify session"
	now := v.now()
	c, t, err := v.parse(op, token, now, MaxTokenLifetime)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Issuer == "" || !issuerMatches(c.Issuer, v.s.issuer):
		return nil, tokenErr(op, ErrIssuer, "iss is not the tenant", nil)
	case c.Outcome.kind != outcomeAbsent:
		return nil, tokenErr(op, ErrMalformed, "a result token is not a session token", nil)
	case c.Subject == "" || len(c.Subject) > maxSubjectBytes:
		return nil, tokenErr(op, ErrSubject, "sub missing or too long", nil)
	case len(c.State) > maxStateBytes || len(queryState) > maxStateBytes:
		return nil, tokenErr(op, ErrState, "state too long", nil)
	case c.State == "" && v.s.requireSessionState:
		return nil, tokenErr(op, ErrState, "state missing from token", nil)
	case c.State == "" && queryState == "":
		return nil, tokenErr(op, ErrState, "state missing from token and query", nil)
	case c.State != "" && queryState != "" && !equal(c.State, queryState):
		return nil, tokenErr(op, ErrState, "query state differs from the token's", nil)
	}
	state, fromQuery := c.State, false
	if state == "" {
		state, fromQuery = queryState, true
	}
	cont, err := v.continueURI(c.ContinueURI)
	if err != nil {
		return nil, tokenErr(op, ErrContinueURI, "continue_uri must be https on the issuer's host or a continue host", nil)
	}
	if err := v.consume(ctx, op, "session", c, t, now); err != nil {
		return nil, err
	}
	s := &Session{
		UserID:         c.Subject,
		State:          state,
		StateFromQuery: fromQuery,
		Issuer:         c.Issuer,
		IntegrationID:  c.IntegrationID,
		ContinueURI:    v.continueString(cont),
		IP:             c.IP,
		TokenID:        c.ID,
		ExpiresAt:      c.ExpiresAt.Time,
	}
	if c.IssuedAt != nil {
		s.IssuedAt = c.IssuedAt.time()
	}
	return s, nil
}

// continueString is cont as a string, without formatting the configured
// ContinueURL again.
func (v *Verifier) continueString(cont *url.URL) string {
	if cont == v.s.continueURL {
		return v.s.continueStr
	}
	return cont.String()
}

// continueURI checks continue_uri (default: the configured ContinueURL).
func (v *Verifier) continueURI(raw string) (*url.URL, error) {
	if raw == "" || raw == v.s.continueStr {
		return v.s.continueURL, nil
	}
	u, err := parseEndpoint(raw)
	if err != nil {
		return nil, err
	}
	if !v.s.continueHostAllowed(u.Host) {
		return nil, ErrContinueURI
	}
	return u, nil
}

// SignResult signs the result token the Verified side sends back: sub and
// state of the session, iss = the Verified issuer, iat, a short exp
// (Config.ResultLifetime), jti, integration_id and the outcome. Every
// result token carries sub: a session without a user id (or state) is
// refused.
func (v *Verifier) SignResult(s *Session, o Outcome) (string, error) {
	const op = "sign result"
	switch {
	case s == nil || s.UserID == "" || s.State == "":
		return "", tokenErr(op, ErrInvalidArgument, "session with user id and state required", nil)
	case len(s.UserID) > maxSubjectBytes || len(s.State) > maxStateBytes:
		return "", tokenErr(op, ErrInvalidArgument, "user id or state too long", nil)
	case !o.valid():
		return "", tokenErr(op, ErrInvalidArgument, "outcome must be success or failure", nil)
	}
	now := v.now()
	tok, err := v.signClaims(&signedClaims{
		Subject:       s.UserID,
		Issuer:        v.s.verifiedIssuer,
		IssuedAt:      now.Unix(),
		ExpiresAt:     now.Add(v.s.resultLifetime).Unix(),
		ID:            newTokenID(),
		State:         s.State,
		IntegrationID: v.s.integrationID,
		Outcome:       o,
	})
	if err != nil {
		return "", tokenErr(op, ErrInvalidArgument, "cannot sign", nil)
	}
	return tok, nil
}

// ResultURL signs the result and returns the session's continue URI with
// state and the result token (in TokenParam) appended: where the Verified
// side redirects the user (GET; POST is preferable against replay through
// logs and referrers, and the jti check refuses a second use either way).
func (v *Verifier) ResultURL(s *Session, o Outcome) (string, error) {
	tok, err := v.SignResult(s, o)
	if err != nil {
		return "", err
	}
	u, err := v.continueURI(s.ContinueURI)
	if err != nil {
		return "", tokenErr("result url", ErrContinueURI, "continue_uri must be https on the issuer's host or a continue host", nil)
	}
	return appendQuery(u, "state", s.State, v.s.tokenParam, tok), nil
}

// ResultForm is ResultURL for a POST back (what Auth0 prefers: the token
// then stays out of logs, history and referrers): it signs the result and
// returns the form's action (the session's continue URI with state in its
// query, as Auth0 expects state there) and the fields to post (state and
// the token in TokenParam). Render them as an auto-submitting HTML form,
// escaping every value.
func (v *Verifier) ResultForm(s *Session, o Outcome) (action string, fields url.Values, err error) {
	tok, err := v.SignResult(s, o)
	if err != nil {
		return "", nil, err
	}
	u, err := v.continueURI(s.ContinueURI)
	if err != nil {
		return "", nil, tokenErr("result form", ErrContinueURI, "continue_uri must be https on the issuer's host or a continue host", nil)
	}
	return appendQuery(u, "state", s.State), url.Values{"state": {s.State}, v.s.tokenParam: {tok}}, nil
}
