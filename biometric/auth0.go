package biometric

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Login describes a post-login event, as far as the challenge decision
// needs it (Auth0's event.request.query / event.transaction).
type Login struct {
	// ACRValues is the space-separated acr_values of /authorize.
	ACRValues string
	// AMR lists the values of ClaimAMR already established for this session
	// (for example recorded after an earlier step-up). In on-demand mode a
	// session holding AMRMFA is not challenged again.
	AMR []string
	// Prompt is the /authorize prompt parameter; "none" forbids redirects.
	Prompt string
	// Protocol is Auth0's event.transaction.protocol; refresh-token and
	// password grants cannot be redirected.
	Protocol string
}

// Decision is the answer of [Verifier.NeedsChallenge].
type Decision struct {
	Challenge bool   // the user must be sent to Verified
	Reason    string // why, in words fit for a log line
}

// redirectImpossible reports the Auth0 transaction protocols for which a
// redirect cannot happen.
func redirectImpossible(protocol string) bool {
	switch protocol {
	case "oauth2-refresh-token", "oauth2-resource-owner", "oauth2-resource-owner-jwt-bearer",
		"oauth2-password", "oauth2-token-exchange", "oauth2-client-credentials":
		return true
	}
	return false
}

// NeedsChallenge decides whether a login is sent to Verified. Always-on mode
// challenges every login; on-demand mode only when acr_values contains
// [ACRMultiFactor] and the session does not already hold the amr. When a
// challenge is needed but the login cannot be redirected (prompt=none,
// refresh-token or password grants) it returns the decision together with
// [ErrInteractionRequired]: the caller should fail the login.
func (v *Verifier) NeedsChallenge(l Login) (Decision, error) {
	var d Decision
	switch v.s.mode {
	case AlwaysOn:
		d = Decision{Challenge: true, Reason: "always-on mode challenges every login"}
	case OnDemand:
		switch {
		case !slices.Contains(strings.Fields(l.ACRValues), ACRMultiFactor):
			return Decision{Reason: "on-demand mode and acr_values does not ask for the biometric policy"}, nil
		case slices.Contains(l.AMR, AMRMFA):
			return Decision{Reason: "on-demand mode and the session already holds the biometric amr"}, nil
		default:
			d = Decision{Challenge: true, Reason: "acr_values asks for " + ACRMultiFactor}
		}
	}
	if slices.Contains(strings.Fields(l.Prompt), "none") || redirectImpossible(l.Protocol) {
		return d, &TokenError{Op: "needs challenge", Kind: ErrInteractionRequired, Reason: "this login cannot be redirected"}
	}
	return d, nil
}

// Challenge is what the Auth0 side puts into a session token.
type Challenge struct {
	UserID string // Auth0 user_id; Verified's external id (sub)
	State  string // the redirect's state, bound into both tokens
	IP     string // optional: the login request's IP
}

// NewState returns a fresh random state (128 bits, base32).
func NewState() string { return newTokenID() }

// SignSession signs the session token sent to Verified: sub, iss (tenant
// host), iat, exp, jti, state, integration_id, continue_uri and optional ip.
func (v *Verifier) SignSession(c Challenge) (string, error) {
	const op = "sign session"
	switch {
	case c.UserID == "" || len(c.UserID) > maxSubjectBytes:
		return "", tokenErr(op, ErrInvalidArgument, "user id empty or too long", nil)
	case c.State == "" || len(c.State) > maxStateBytes:
		return "", tokenErr(op, ErrInvalidArgument, "state empty or too long", nil)
	}
	if c.IP != "" {
		if _, err := netip.ParseAddr(c.IP); err != nil {
			return "", tokenErr(op, ErrInvalidArgument, "ip is not an IP address", nil)
		}
	}
	now := v.now()
	tok, err := v.signClaims(&signedClaims{
		Subject:       c.UserID,
		Issuer:        v.s.issuer,
		IssuedAt:      now.Unix(),
		ExpiresAt:     now.Add(v.s.lifetime).Unix(),
		ID:            newTokenID(),
		State:         c.State,
		IntegrationID: v.s.integrationID,
		ContinueURI:   v.s.continueStr,
		IP:            c.IP,
	})
	if err != nil {
		return "", tokenErr(op, ErrInvalidArgument, "cannot sign", nil)
	}
	return tok, nil
}

// ChallengeURL returns VerifiedURL with the signed session token (in
// TokenParam) and the state appended: where Auth0's Action sends the user
// (api.redirect.sendUserTo).
func (v *Verifier) ChallengeURL(c Challenge) (string, error) {
	tok, err := v.SignSession(c)
	if err != nil {
		return "", err
	}
	return appendQuery(v.s.verifiedURL, v.s.tokenParam, tok, "state", c.State), nil
}

// Outcome is the result of the biometric check.
type Outcome string

// Outcomes carried by the result token.
const (
	OutcomeSuccess Outcome = "success"
	OutcomeFailure Outcome = "failure"
)

func (o Outcome) valid() bool { return o == OutcomeSuccess || o == OutcomeFailure }

// Expect is what the Auth0 side sent and now requires back.
type Expect struct {
	UserID string // the sub of the session token
	State  string // the state of this login transaction
}

// Result is a verified result token.
type Result struct {
	UserID  string
	State   string
	Outcome Outcome // OutcomeSuccess or OutcomeFailure (normalised)
	// OutcomeImplicit: the token had no outcome claim and, since
	// Config.RequireOutcome is false, counts as success.
	OutcomeImplicit bool
	Issuer          string
	TokenID         string // jti; empty when the token has none
	IssuedAt        time.Time
	ExpiresAt       time.Time
}

// Succeeded reports whether the biometric check passed.
func (r *Result) Succeeded() bool { return r != nil && r.Outcome == OutcomeSuccess }

// Claims returns the claims to add to Auth0's tokens ({ClaimAMR: "mfa"}), or
// nil unless the result says success.
func (r *Result) Claims() map[string]any {
	if !r.Succeeded() {
		return nil
	}
	return map[string]any{ClaimAMR: AMRMFA}
}

// VerifyResult verifies the token that comes back to /continue: HS256 only,
// the signature, exp/nbf/iat with leeway, a lifetime of at most
// [MaxResultLifetime] (plus leeway), iss naming the Verified side and
// never the tenant (see Config.VerifiedIssuer), the integration id when
// the claim is present, no session-token claims (continue_uri, ip), sub
// and state equal to want (constant-time), the outcome, and finally that
// the token was never accepted before (by jti, or by signature when it has
// no jti). The clock is read once.
//
// This is at least what Auth0's api.redirect.validateToken checks
// (signature, exp, state), plus the sub check that a hand-written Action
// must add (payload.sub === event.user.user_id): when the session token
// carried no state claim, the Verified side took the state from the
// query, which an attacker controls (see [Verifier.VerifySessionRequest]).
//
// The outcome claim is compared with an ASCII-only case fold ("SUCCESS" is
// success, "ſuccess" is unknown); an absent claim counts as success unless
// Config.RequireOutcome is set (see there); an unknown, empty or null one,
// or a repeated one, is refused ([ErrMalformed]). A failed outcome is not
// an error here: see [Result.Succeeded] or [Verifier.Complete].
func (v *Verifier) VerifyResult(ctx context.Context, token string, want Expect) (*Result, error) {
	const op = "verify result"
	if want.UserID == "" || want.State == "" {
		return nil, tokenErr(op, ErrInvalidArgument, "expected user id and state are required", nil)
	}
	now := v.now()
	c, t, err := v.parse(op, token, now, MaxResultLifetime)
	if err != nil {
		return nil, err
	}
	scheme, host, path, issOK := splitIssuer(c.Issuer)
	switch {
	case !issOK || !v.resultIssuerOK(scheme, host, path):
		return nil, tokenErr(op, ErrIssuer, "iss is not the Verified issuer", nil)
	case c.ContinueURI != "" || c.IP != "":
		return nil, tokenErr(op, ErrMalformed, "continue_uri or ip: a session token is not a result token", nil)
	case c.Subject == "" || !equal(c.Subject, want.UserID):
		return nil, tokenErr(op, ErrSubject, "sub differs from the session's", nil)
	case c.State == "" || !equal(c.State, want.State):
		return nil, tokenErr(op, ErrState, "state differs from the transaction's", nil)
	}
	outcome, implicit := OutcomeSuccess, false
	switch c.Outcome.kind {
	case outcomeSuccess:
	case outcomeFailure:
		outcome = OutcomeFailure
	case outcomeEmpty:
		return nil, tokenErr(op, ErrMalformed, "outcome empty or null", nil)
	case outcomeUnknown:
		return nil, tokenErr(op, ErrMalformed, "unknown outcome", nil)
	default: // absent
		if v.s.requireOutcome {
			return nil, tokenErr(op, ErrMissingClaim, "outcome missing", nil)
		}
		implicit = true
	}
	if err := v.consume(ctx, op, "result", c, t, now); err != nil {
		return nil, err
	}
	r := &Result{
		UserID:          c.Subject,
		State:           c.State,
		Outcome:         outcome,
		OutcomeImplicit: implicit,
		Issuer:          c.Issuer,
		TokenID:         c.ID,
		ExpiresAt:       c.ExpiresAt.time(),
	}
	if c.IssuedAt != nil {
		r.IssuedAt = c.IssuedAt.time()
	}
	return r, nil
}

// Complete is VerifyResult followed by the outcome: it returns the claims to
// add on success, and an error matching [ErrChallengeFailed] on failure.
func (v *Verifier) Complete(ctx context.Context, token string, want Expect) (map[string]any, error) {
	r, err := v.VerifyResult(ctx, token, want)
	if err != nil {
		return nil, err
	}
	if !r.Succeeded() {
		return nil, &TokenError{Op: "complete", Kind: ErrChallengeFailed, Reason: "outcome is failure"}
	}
	return r.Claims(), nil
}
