package biometric

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// Session is a verified session token, as the Verified side sees it.
type Session struct {
	UserID        string // sub: the Auth0 user_id, Verified's external id
	State         string // to send back, in the query and in the result token
	Issuer        string // the tenant host
	IntegrationID string
	ContinueURI   string // where to send the user back (checked: issuer's host)
	IP            string // optional
	TokenID       string // jti
	IssuedAt      time.Time
	ExpiresAt     time.Time
}

// VerifySession verifies an incoming session token on the Verified side:
// HS256 only, the signature, exp/nbf/iat with leeway, a bounded lifetime,
// iss equal to the tenant (Config.Issuer), the integration id, sub and state
// present, continue_uri on the issuer's host, and finally that its jti was
// never accepted before.
func (v *Verifier) VerifySession(ctx context.Context, token string) (*Session, error) {
	const op = "verify session"
	c, _, err := v.parse(op, token)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Issuer == "" || !issuerMatches(c.Issuer, v.s.issuer):
		return nil, tokenErr(op, ErrIssuer, "iss is not the tenant", nil)
	case c.Outcome != "":
		return nil, tokenErr(op, ErrMalformed, "a result token is not a session token", nil)
	case c.Subject == "" || len(c.Subject) > maxSubjectBytes:
		return nil, tokenErr(op, ErrSubject, "sub missing or too long", nil)
	case c.State == "" || len(c.State) > maxStateBytes:
		return nil, tokenErr(op, ErrState, "state missing or too long", nil)
	}
	cont, err := v.continueURI(c.ContinueURI)
	if err != nil {
		return nil, tokenErr(op, ErrContinueURI, "continue_uri must be https on the issuer's host", nil)
	}
	if err := v.consume(ctx, op, "session", c); err != nil {
		return nil, err
	}
	s := &Session{
		UserID:        c.Subject,
		State:         c.State,
		Issuer:        c.Issuer,
		IntegrationID: c.IntegrationID,
		ContinueURI:   cont.String(),
		IP:            c.IP,
		TokenID:       c.ID,
		ExpiresAt:     c.ExpiresAt.Time,
	}
	if c.IssuedAt != nil {
		s.IssuedAt = c.IssuedAt.time()
	}
	return s, nil
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
	if !strings.EqualFold(u.Host, v.s.issuer) {
		return nil, ErrContinueURI
	}
	return u, nil
}

// SignResult signs the result token the Verified side sends back: sub and
// state of the session, iss = the Verified issuer, iat, a short exp
// (Config.ResultLifetime), jti, integration_id and the outcome.
func (v *Verifier) SignResult(s *Session, o Outcome) (string, error) {
	const op = "sign result"
	switch {
	case s == nil || s.UserID == "" || s.State == "":
		return "", tokenErr(op, ErrInvalidArgument, "session with user id and state required", nil)
	case !o.valid():
		return "", tokenErr(op, ErrInvalidArgument, "outcome must be success or failure", nil)
	}
	now := v.now()
	claims := &tokenClaims{
		Subject:       s.UserID,
		Issuer:        v.s.verifiedIssuer,
		IssuedAt:      newDate(now),
		ExpiresAt:     newDate(now.Add(v.s.resultLifetime)),
		ID:            newTokenID(),
		State:         s.State,
		IntegrationID: v.s.integrationID,
		Outcome:       o,
	}
	tok, err := v.sign(claims)
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
		return "", tokenErr("result url", ErrContinueURI, "continue_uri must be https on the issuer's host", nil)
	}
	return appendQuery(u, "state", s.State, v.s.tokenParam, tok), nil
}
