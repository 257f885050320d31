package biometric

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every refusal of this package matches exactly one of the
// token errors below (plus, for configuration problems, [ErrConfig]) with
// [errors.Is]. Error messages are fixed texts: they never contain a secret, a
// token, a state or any other value taken from the input.
var (
	// ErrAlgorithm: the token's alg header is not HS256 (none, HS384,
	// RS256, an unknown or a missing alg, ...).
	ErrAlgorithm = errors.New("biometric: signing algorithm not allowed")
	// ErrSignature: the HMAC does not match (another secret, a modified
	// header or payload, a truncated signature).
	ErrSignature = errors.New("biometric: signature invalid")
	// ErrExpired: exp (plus leeway) has passed.
	ErrExpired = errors.New("biometric: token expired")
	// ErrNotYetValid: nbf or iat lies in the future (beyond the leeway).
	ErrNotYetValid = errors.New("biometric: token not yet valid")
	// ErrLifetime: exp lies further in the future (from now, or from iat)
	// than [MaxTokenLifetime] for a session token, or [MaxResultLifetime]
	// for a result token, plus leeway, allows.
	ErrLifetime = errors.New("biometric: token lifetime too long")
	// ErrMissingClaim: exp is missing, or (with Config.RequireOutcome) a
	// result token's outcome.
	ErrMissingClaim = errors.New("biometric: required claim missing")
	// ErrState: the state claim is missing or differs from the expected one.
	ErrState = errors.New("biometric: state mismatch")
	// ErrSubject: the sub claim is missing or differs from the expected one.
	ErrSubject = errors.New("biometric: subject mismatch")
	// ErrIssuer: the iss claim is missing or not the expected issuer.
	ErrIssuer = errors.New("biometric: issuer mismatch")
	// ErrIntegration: the token carries an integration_id claim that
	// differs from the configured one (a token without the claim is
	// accepted); for [New], the integration id is empty or invalid.
	ErrIntegration = errors.New("biometric: integration id mismatch")
	// ErrReplay: the token was already accepted once (same jti or, for a
	// token without jti, the same signature).
	ErrReplay = errors.New("biometric: token already used")
	// ErrTokenTooLarge: the token is longer than [MaxTokenBytes]; it is
	// refused before any decoding.
	ErrTokenTooLarge = errors.New("biometric: token too large")
	// ErrMalformed: the token is not well formed. Every such refusal
	// matches it; those about the encoding or the JSON also match the more
	// precise [ErrMalformedEncoding] or [ErrMalformedJSON]. Matching only
	// ErrMalformed: an unknown, empty or null outcome, a crit header, a jti
	// over 256 bytes, an outcome claim in a session token, a continue_uri
	// or ip claim in a result token. A repeated claim, or one that is not
	// of its type, is [ErrMalformedJSON].
	ErrMalformed = errors.New("biometric: token malformed")
	// ErrMalformedEncoding (matches [ErrMalformed] too): not three
	// segments of unpadded base64url.
	ErrMalformedEncoding = fmt.Errorf("%w: bad base64url encoding", ErrMalformed)
	// ErrMalformedJSON (matches [ErrMalformed] too): the header or the
	// payload is not a JSON object, or the payload is not read as Auth0's
	// jsonwebtoken reads it: a claim of this package given twice, or under
	// a name equal to its own only in another case ("SUB", "ſub"), a claim
	// of the wrong type (a date that is not a number in range, a string
	// claim that is not a string, null included), invalid UTF-8 or a lone
	// surrogate escape. The reason names the claim, never its value.
	ErrMalformedJSON = fmt.Errorf("%w: bad JSON", ErrMalformed)
	// ErrContinueURI: the session token's continue_uri is not an absolute
	// https URL (http on loopback) on the issuer's host.
	ErrContinueURI = errors.New("biometric: continue_uri not allowed")
	// ErrReplayStore: the replay store failed; the token is refused (fail
	// closed).
	ErrReplayStore = errors.New("biometric: replay store failure")
	// ErrChallengeFailed: the result token is valid but says the biometric
	// check failed.
	ErrChallengeFailed = errors.New("biometric: biometric challenge failed")
	// ErrInteractionRequired: a challenge is needed but the login cannot be
	// redirected (prompt=none, refresh-token or password grants).
	ErrInteractionRequired = errors.New("biometric: interaction required")
	// ErrInvalidArgument: a caller passed an unusable value (an empty user
	// id or state, a bad IP, an unparsable URL, ...).
	ErrInvalidArgument = errors.New("biometric: invalid argument")

	// ErrConfig: [New] refused the configuration; errors.As with
	// *[ConfigError] names the field.
	ErrConfig = errors.New("biometric: invalid config")
	// ErrWeakSecret: the session secret is shorter than [MinSecretBytes].
	ErrWeakSecret = errors.New("biometric: session secret too short")
)

// TokenError is the error returned for every refused token. It matches its
// Kind (one of the sentinels) with errors.Is. Its message is built only from
// fixed texts, so it is safe to log.
type TokenError struct {
	Op     string // "verify session", "verify result", "sign session", ...
	Kind   error  // the sentinel, e.g. ErrExpired
	Reason string // fixed detail text, never input data
	cause  error  // the underlying library error, reachable via errors.As but never printed
}

func (e *TokenError) Error() string {
	var b strings.Builder
	b.WriteString("biometric: ")
	b.WriteString(e.Op)
	b.WriteString(": ")
	b.WriteString(strings.TrimPrefix(e.Kind.Error(), "biometric: "))
	if e.Reason != "" {
		b.WriteString(" (")
		b.WriteString(e.Reason)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the sentinel kind and, when there is one, the underlying
// cause (for example a jwt/v5 error).
func (e *TokenError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.cause}
}

func tokenErr(op string, kind error, reason string, cause error) error {
	return &TokenError{Op: op, Kind: kind, Reason: reason, cause: cause}
}

// ConfigError is returned by [New] for each invalid field (several are
// joined with errors.Join). It matches [ErrConfig] and, for the session
// secret and the integration id, [ErrWeakSecret] and [ErrIntegration].
type ConfigError struct {
	Field  string // the Config field, e.g. "SessionSecret"
	Reason string // fixed text, never the field's value
	Fix    string // what to do, naming the fields to set (may be empty)
	kind   error
}

func (e *ConfigError) Error() string {
	s := "biometric: invalid config: " + e.Field + ": " + e.Reason
	if e.Fix != "" {
		s += "; " + e.Fix
	}
	return s
}

// Unwrap lets errors.Is match ErrConfig and the field-specific sentinel.
func (e *ConfigError) Unwrap() []error {
	if e.kind == nil {
		return []error{ErrConfig}
	}
	return []error{ErrConfig, e.kind}
}
