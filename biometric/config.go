package biometric

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
)

// Protocol constants from authID Verified's Auth0 integration and Auth0's redirect protocol.
const (
	// ACRMultiFactor is the acr value that asks for the biometric step-up in
	// on-demand mode.
	ACRMultiFactor = "https://authid.ai/policies/multi-factor"
	// ClaimAMR is the claim added to the Auth0 token after a successful
	// challenge.
	ClaimAMR = "https://authid.ai/claims/amr"
	// AMRMFA is the value of [ClaimAMR] after a successful challenge.
	AMRMFA = "mfa"
	// DefaultTokenParam is the query parameter carrying the token in both
	// directions (Auth0's api.redirect default).
	DefaultTokenParam = "session_token"
)

// Limits and defaults.
const (
	MinSecretBytes        = 32               // shortest accepted Session Secret
	MaxTokenBytes         = 8 << 10          // longer tokens are refused before parsing
	DefaultTokenLifetime  = 5 * time.Minute  // session token lifetime when Config leaves it zero
	MaxTokenLifetime      = 15 * time.Minute // longest session-token lifetime signed or accepted
	DefaultResultLifetime = time.Minute      // result token lifetime when Config leaves it zero
	MaxResultLifetime     = 5 * time.Minute  // longest result-token lifetime signed or accepted
	MaxLeeway             = 5 * time.Minute
	// DefaultLeeway is the clock skew allowed on exp, nbf, iat and the
	// lifetime cap when Config.Leeway is zero. Auth0 signs session tokens
	// with exp = now + 900 s (= MaxTokenLifetime) by default, so without
	// leeway a verifier whose clock is a second behind would refuse them.
	DefaultLeeway   = time.Minute
	maxIDBytes      = 256  // jti
	maxSubjectBytes = 512  // sub
	maxStateBytes   = 1024 // state
)

// NoLeeway asks, as Config.Leeway, for no leeway at all (zero means
// DefaultLeeway).
const NoLeeway time.Duration = -1

// Mode says when a login is challenged.
type Mode int

const (
	// AlwaysOn challenges every interactive login.
	AlwaysOn Mode = iota + 1
	// OnDemand challenges only when acr_values contains [ACRMultiFactor].
	OnDemand
)

// String returns "always-on", "on-demand" or "unset".
func (m Mode) String() string {
	switch m {
	case AlwaysOn:
		return "always-on"
	case OnDemand:
		return "on-demand"
	default:
		return "unset"
	}
}

// ParseMode parses "always-on" or "on-demand".
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "always-on", "alwayson", "always":
		return AlwaysOn, nil
	case "on-demand", "ondemand":
		return OnDemand, nil
	}
	return 0, fmt.Errorf("%w: mode must be always-on or on-demand", ErrInvalidArgument)
}

// MarshalText implements encoding.TextMarshaler.
func (m Mode) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Mode) UnmarshalText(b []byte) error {
	v, err := ParseMode(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Config configures a [Verifier]. The same Config (same secret, integration
// id and issuers) serves both ends: the Auth0 side and the Verified side.
type Config struct {
	// IntegrationID is the authID integration id: printable ASCII, at
	// most 256 bytes, no spaces around it. It is required, is put
	// into every token this package signs (claim "integration_id"), and an
	// incoming token that carries the claim must carry this value. Tokens
	// without the claim are accepted: Auth0's api.redirect.encodeToken does
	// not add it, and the per-integration Session Secret already binds a
	// token to its integration.
	IntegrationID string
	// SessionSecret is the shared HS256 key (required), at least
	// MinSecretBytes bytes.
	SessionSecret Secret
	// Mode is AlwaysOn or OnDemand (required).
	Mode Mode
	// VerifiedURL (required) is where the user is sent for the
	// challenge: an absolute https URL of at most 2048 bytes, or http on
	// a loopback host (tests and examples).
	VerifiedURL string
	// VerifiedIssuer is the iss of result tokens this package signs;
	// default VerifiedURL's host. It must differ from Issuer and from every
	// ContinueHosts entry so that one token kind can never pass for the
	// other.
	//
	// Hosts are always compared in canonical form: ASCII lower case,
	// without a trailing dot and without the default ports 443 and 80
	// ("Tenant.Auth0.com.:443" is "tenant.auth0.com"), here, in Issuer and
	// ContinueHosts, and in the iss of every incoming token.
	//
	// Result tokens are accepted with iss equal (after that normalisation
	// and a trailing slash) to VerifiedIssuer (bare or as scheme://host),
	// to VerifiedURL itself (without its query), to VerifiedURL's origin,
	// or to VerifiedURL's host; the VerifiedURL forms only when its host is
	// neither Issuer's nor one of ContinueHosts. A result iss that names
	// the Issuer or one of ContinueHosts (in any of these forms) is always
	// refused, and so is an http:// iss when VerifiedURL is https.
	VerifiedIssuer string
	// Issuer (required) is the Auth0 tenant domain ("tenant.eu.auth0.com", or
	// "127.0.0.1:8443" for a local stand-in). "https://tenant/" is accepted
	// and reduced to the host.
	Issuer string
	// ContinueURL is where Verified sends the user back; default
	// https://Issuer/continue (http for a loopback Issuer). Its host must be
	// Issuer's host or one of ContinueHosts.
	ContinueURL string
	// ContinueHosts lists further hosts (host or host:port) on which a
	// session token's continue_uri may point, besides Issuer: typically the
	// tenant's Auth0 custom domain ("login.example.com"); at most 16. A
	// result token's iss may name none of them.
	ContinueHosts []string
	// TokenParam names the query parameter carrying the tokens (letters,
	// digits, '_' and '-', at most 64); default DefaultTokenParam.
	TokenParam string
	// TokenLifetime of signed session tokens; default DefaultTokenLifetime,
	// at most MaxTokenLifetime.
	TokenLifetime time.Duration
	// ResultLifetime of signed result tokens; default DefaultResultLifetime,
	// at most MaxResultLifetime. Incoming result tokens whose exp lies
	// more than MaxResultLifetime (plus Leeway) after their iat, or after
	// now, are refused (ErrLifetime), whatever this setting.
	ResultLifetime time.Duration
	// Leeway allowed on exp, nbf, iat and on the lifetime cap, at most
	// MaxLeeway. Zero means DefaultLeeway (60 s); NoLeeway means none.
	// Other negative values are refused.
	Leeway time.Duration
	// RequireOutcome makes VerifyResult refuse a result token without an
	// "outcome" claim (ErrMissingClaim). When false (the default), such a
	// token counts as success: in Auth0's documented protocol the redirect
	// back to /continue with a valid token, signed with the Session Secret
	// and bound to the transaction's state and the user, is itself the
	// success signal, and validateToken reads no outcome. An explicit
	// outcome is honoured either way ("failure" fails; compared with an
	// ASCII-only case fold, so "SUCCESS" is success but "ſuccess" is not),
	// and an unknown, empty ("") or null one is refused (ErrMalformed):
	// only an absent claim is an implicit success.
	//
	// The Auth0 side accepts a result, implicit or not, only for the user
	// it sent (VerifyResult compares sub with Expect.UserID): that, not
	// state, is what stops a result obtained for one user from completing
	// another user's login (see Verifier.VerifySessionRequest).
	RequireOutcome bool
	// RequireSessionState makes the Verified side (VerifySession,
	// VerifySessionRequest) refuse a session token without a state claim
	// (ErrState), instead of taking the state from the request's query.
	//
	// Set it when every session token comes from this package's
	// SignSession (or another signer that puts state into the token), as
	// in a Go authorization server or the example: the state in the query
	// is attacker-controlled, and a state bound into the signed token is
	// what ties the Verified result to the login that asked for it. Leave
	// it false to accept tokens made with Auth0's
	// api.redirect.encodeToken, which carry no state claim; the Auth0 side
	// MUST then compare the result's sub with the logged-in user
	// (VerifyResult does; see VerifySessionRequest).
	RequireSessionState bool
	// ReplayStore remembers accepted jti values; nil means a fresh
	// MemoryReplayStore (DefaultMaxReplayBytes) for this Verifier. Use a
	// shared store (biometric/redisreplay) when several instances verify
	// tokens (see ReplayStore for what it must do).
	ReplayStore ReplayStore `json:"-"`
	// Now is the clock; nil means time.Now.
	Now func() time.Time `json:"-"`
}

// configRules holds the declarative checks of Config as validator tags,
// out of Config's documentation. Its fields are Config's, by the same
// names: the errors name them.
type configRules struct {
	IntegrationID  string        `validate:"required,max=256,printascii"`
	SessionSecret  Secret        `validate:"required"`
	Mode           Mode          `validate:"required,oneof=1 2"`
	VerifiedURL    string        `validate:"required,url,max=2048"`
	VerifiedIssuer string        `validate:"omitempty,max=255"`
	Issuer         string        `validate:"required,max=255"`
	ContinueURL    string        `validate:"omitempty,url,max=2048"`
	ContinueHosts  []string      `validate:"max=16"`
	TokenParam     string        `validate:"omitempty,max=64"`
	TokenLifetime  time.Duration `validate:"gte=0,lte=15m"`
	ResultLifetime time.Duration `validate:"gte=0,lte=5m"`
	Leeway         time.Duration `validate:"lte=5m"`
}

func (c *Config) rules() *configRules {
	return &configRules{
		IntegrationID: c.IntegrationID, SessionSecret: c.SessionSecret, Mode: c.Mode,
		VerifiedURL: c.VerifiedURL, VerifiedIssuer: c.VerifiedIssuer, Issuer: c.Issuer,
		ContinueURL: c.ContinueURL, ContinueHosts: c.ContinueHosts, TokenParam: c.TokenParam,
		TokenLifetime: c.TokenLifetime, ResultLifetime: c.ResultLifetime, Leeway: c.Leeway,
	}
}

// settings is a validated, normalised Config.
type settings struct {
	integrationID  string
	key            []byte
	mode           Mode
	verifiedURL    *url.URL
	verifiedIssuer string
	issuer         string
	continueURL    *url.URL
	continueStr    string   // continueURL.String()
	continueHosts  []string // Issuer, then ContinueHosts, normalised
	// Result-token issuer forms derived from VerifiedURL (empty when its
	// host is the Issuer's or one of ContinueHosts): lower-case scheme,
	// canonical host, escaped path without trailing slash.
	vuScheme, vuHost, vuPath string
	requireOutcome           bool
	requireSessionState      bool
	replayPrefix             string // replay-store key prefix naming the integration
	tokenParam               string
	lifetime                 time.Duration
	resultLifetime           time.Duration
	leeway                   time.Duration
	store                    ReplayStore
	now                      func() time.Time
}

func (c *Config) validate() (*settings, error) {
	var errs []error
	bad := func(field, reason string, kind error) {
		errs = append(errs, &ConfigError{Field: field, Reason: reason, Fix: configFix(field), kind: kind})
	}
	failed := map[string]bool{}

	v := validator.New(validator.WithRequiredStructEnabled())
	if err := v.Struct(c.rules()); err != nil {
		var ves validator.ValidationErrors
		if !errors.As(err, &ves) {
			return nil, &ConfigError{Field: "Config", Reason: "cannot be validated"}
		}
		for _, fe := range ves {
			field := fe.StructField()
			failed[field] = true
			var kind error
			switch field {
			case "IntegrationID":
				kind = ErrIntegration
			case "SessionSecret":
				kind = ErrWeakSecret
			}
			bad(field, describeTag(fe.Tag(), fe.Param()), kind)
		}
	}

	s := &settings{
		integrationID:       c.IntegrationID,
		key:                 []byte(c.SessionSecret),
		mode:                c.Mode,
		tokenParam:          c.TokenParam,
		lifetime:            c.TokenLifetime,
		resultLifetime:      c.ResultLifetime,
		leeway:              c.Leeway,
		requireOutcome:      c.RequireOutcome,
		requireSessionState: c.RequireSessionState,
		replayPrefix:        "authid:" + strconv.Itoa(len(c.IntegrationID)) + ":" + c.IntegrationID + ":",
		store:               c.ReplayStore,
		now:                 c.Now,
	}

	if !failed["IntegrationID"] && strings.TrimSpace(c.IntegrationID) != c.IntegrationID {
		bad("IntegrationID", "must not have leading or trailing spaces", ErrIntegration)
	}
	if !failed["SessionSecret"] && len(c.SessionSecret) < MinSecretBytes {
		bad("SessionSecret", fmt.Sprintf("must be at least %d bytes", MinSecretBytes), ErrWeakSecret)
	}
	if !failed["Issuer"] {
		host, err := normalizeIssuer(c.Issuer)
		if err != nil {
			bad("Issuer", "must be a host name (tenant domain), optionally with port", nil)
		}
		s.issuer = host
	}
	if !failed["VerifiedURL"] {
		u, err := parseEndpoint(c.VerifiedURL)
		if err != nil {
			bad("VerifiedURL", err.Error(), nil)
		}
		s.verifiedURL = u
	}
	if !failed["VerifiedIssuer"] {
		switch {
		case c.VerifiedIssuer != "":
			host, err := normalizeIssuer(c.VerifiedIssuer)
			if err != nil {
				bad("VerifiedIssuer", "must be a host name, optionally with port", nil)
			}
			s.verifiedIssuer = host
		case s.verifiedURL != nil:
			// parseEndpoint has checked the host.
			s.verifiedIssuer, _ = normalizeHost(s.verifiedURL.Host)
		}
	}
	if s.issuer != "" {
		s.continueHosts = append(s.continueHosts, s.issuer)
	}
	if !failed["ContinueHosts"] {
		for _, h := range c.ContinueHosts {
			host, err := normalizeIssuer(h)
			if err != nil {
				bad("ContinueHosts", "each must be a host name, optionally with port", nil)
				break
			}
			s.continueHosts = append(s.continueHosts, host)
		}
	}
	// Hosts compare in canonical form (lower case, no default port, no
	// trailing dot): "tenant.auth0.com:443" is "tenant.auth0.com".
	if s.verifiedIssuer != "" && s.isTenantHost(s.verifiedIssuer) {
		bad("VerifiedIssuer", "must differ from Issuer and from every ContinueHosts entry", nil)
	}
	if s.verifiedURL != nil && s.issuer != "" {
		if vh, err := normalizeHost(s.verifiedURL.Host); err == nil && !s.isTenantHost(vh) {
			s.vuScheme = s.verifiedURL.Scheme // url.Parse lower-cases it
			s.vuHost = vh
			s.vuPath = strings.TrimRight(s.verifiedURL.EscapedPath(), "/")
		}
	}
	if !failed["ContinueURL"] && s.issuer != "" {
		raw := c.ContinueURL
		if raw == "" {
			scheme := "https"
			if isLoopback(hostOnly(s.issuer)) {
				scheme = "http"
			}
			raw = scheme + "://" + s.issuer + "/continue"
		}
		u, err := parseEndpoint(raw)
		switch {
		case err != nil:
			bad("ContinueURL", err.Error(), nil)
		case !s.continueHostAllowed(u.Host):
			bad("ContinueURL", "host must be the Issuer's host or one of ContinueHosts", nil)
		}
		s.continueURL = u
		if u != nil {
			s.continueStr = u.String()
		}
	}
	if !failed["TokenParam"] {
		if s.tokenParam == "" {
			s.tokenParam = DefaultTokenParam
		}
		if !isToken(s.tokenParam) {
			bad("TokenParam", "must contain only letters, digits, '_' or '-'", nil)
		}
	}
	switch {
	case s.leeway == 0:
		s.leeway = DefaultLeeway
	case s.leeway == NoLeeway:
		s.leeway = 0
	case s.leeway < 0 && !failed["Leeway"]:
		bad("Leeway", "must be at least 0 (or NoLeeway)", nil)
	}
	if s.lifetime == 0 {
		s.lifetime = DefaultTokenLifetime
	}
	if s.resultLifetime == 0 {
		s.resultLifetime = DefaultResultLifetime
	}
	if s.store == nil {
		s.store = new(MemoryReplayStore)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// continueHostAllowed reports whether host (host[:port], as in a URL) is,
// in canonical form, the Issuer's or one of ContinueHosts.
func (s *settings) continueHostAllowed(host string) bool {
	h, err := normalizeHost(host)
	return err == nil && s.isTenantHost(h)
}

// isTenantHost reports whether the canonical host h is the Issuer or one of
// ContinueHosts: a host that Auth0 (not Verified) speaks for.
func (s *settings) isTenantHost(h string) bool {
	for _, t := range s.continueHosts {
		if h == t {
			return true
		}
	}
	return false
}

// configFix says what to do about a refused Config field.
func configFix(field string) string {
	switch field {
	case "IntegrationID":
		return "set it to the authID integration id, as the integration's settings in Auth0 show it"
	case "SessionSecret":
		return "use the integration's Session Secret exactly as set in Auth0 (32 bytes or more); " +
			"for a new one take 32 random bytes, e.g. openssl rand -base64 32, and set it on both sides"
	case "Mode":
		return "set it to biometric.AlwaysOn or biometric.OnDemand (ParseMode reads \"always-on\" and \"on-demand\")"
	case "VerifiedURL":
		return "set it to the Verified challenge URL: an absolute https URL (http only on a loopback host)"
	case "VerifiedIssuer":
		return "leave it empty (VerifiedURL's host), or give Verified's own host, never the tenant's"
	case "Issuer":
		return "set it to the Auth0 tenant domain, e.g. tenant.eu.auth0.com (the iss of Auth0's session tokens)"
	case "ContinueURL":
		return "leave it empty for https://<Issuer>/continue, or use a URL on the Issuer's host or on one of ContinueHosts " +
			"(add the tenant's custom domain there)"
	case "ContinueHosts":
		return "list host names (host or host:port), e.g. the tenant's custom domain login.example.com; at most 16"
	case "TokenParam":
		return "leave it empty for " + DefaultTokenParam + ", or name a query parameter of letters, digits, '_' or '-'"
	case "TokenLifetime":
		return "0 means DefaultTokenLifetime (" + DefaultTokenLifetime.String() + "); at most MaxTokenLifetime (" + MaxTokenLifetime.String() + ")"
	case "ResultLifetime":
		return "0 means DefaultResultLifetime (" + DefaultResultLifetime.String() + "); at most MaxResultLifetime (" + MaxResultLifetime.String() + ")"
	case "Leeway":
		return "0 means DefaultLeeway (" + DefaultLeeway.String() + "), biometric.NoLeeway none; at most MaxLeeway (" + MaxLeeway.String() + ")"
	}
	return ""
}

func describeTag(tag, param string) string {
	switch tag {
	case "required":
		return "is required"
	case "max":
		return "must be at most " + param
	case "lte":
		return "must be at most " + param
	case "gte":
		return "must be at least " + param
	case "oneof":
		return "must be AlwaysOn or OnDemand"
	case "url":
		return "must be an absolute URL"
	case "printascii":
		return "must be printable ASCII"
	default:
		return "failed the " + tag + " check"
	}
}

// normalizeIssuer reduces "host", "host:port", "https://host" and
// "https://host/" to the canonical host[:port] (see normalizeHost).
func normalizeIssuer(raw string) (string, error) {
	if raw == "" {
		return "", errors.New("empty issuer")
	}
	host := raw
	if strings.Contains(raw, "://") {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
			return "", errors.New("issuer URL must be scheme://host[/]")
		}
		host = u.Host
	}
	return normalizeHost(host)
}

var errInvalidHost = errors.New("invalid host")

// normalizeHost validates host[:port] (a DNS name or an IP address, IPv6 in
// brackets when a port follows) and returns its canonical form, the one
// every host comparison of this package uses: ASCII lower case, without a
// trailing dot, the port in decimal without leading zeros, and without the
// default ports 443 and 80 (so "Tenant.Auth0.com.:443" is
// "tenant.auth0.com"); an IPv6 address is written in its canonical form,
// in brackets. An already canonical DNS host is returned without
// allocating.
func normalizeHost(hp string) (string, error) {
	if hp == "" || len(hp) > 255 {
		return "", errInvalidHost
	}
	hp = asciiLower(hp)
	host, port := hp, ""
	switch {
	case strings.HasPrefix(hp, "[") && strings.HasSuffix(hp, "]"):
		host = hp[1 : len(hp)-1]
	case strings.HasPrefix(hp, "[") || strings.Count(hp, ":") == 1:
		h, p, err := net.SplitHostPort(hp)
		if err != nil || p == "" || len(p) > 5 {
			return "", errInvalidHost
		}
		n := 0
		for _, r := range p {
			if r < '0' || r > '9' {
				return "", errInvalidHost
			}
			n = n*10 + int(r-'0')
		}
		if n == 0 || n > 65535 {
			return "", errInvalidHost
		}
		host = h
		if n != 443 && n != 80 {
			port = strconv.Itoa(n)
		}
	}
	if host == "" {
		return "", errInvalidHost
	}
	if strings.Contains(host, ":") || strings.Trim(host, "0123456789.") == "" {
		// An IP address (all digits and dots, or a colon): nothing else.
		ip := net.ParseIP(host)
		if ip == nil {
			return "", errInvalidHost
		}
		h := ip.String()
		if ip.To4() == nil {
			h = "[" + h + "]"
		}
		if port != "" {
			h += ":" + port
		}
		return h, nil
	}
	host = strings.TrimSuffix(host, ".")
	for label := range strings.SplitSeq(host, ".") {
		if label == "" || len(label) > 63 {
			return "", errInvalidHost
		}
		for i := 0; i < len(label); i++ {
			if r := label[i]; !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return "", errInvalidHost
			}
		}
	}
	switch {
	case port != "":
		return host + ":" + port, nil
	case len(host) == len(hp):
		return hp, nil
	}
	return host, nil
}

// asciiLower lower-cases ASCII letters only (strings.ToLower also maps,
// for example, the Kelvin sign U+212A to 'k'); it allocates only when
// there is something to change.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// asciiEqualFold reports whether b equals the lower-case ASCII word want
// under ASCII case folding only: strings.EqualFold folds Unicode too, so
// that "ſuccess" (U+017F) would equal "success".
func asciiEqualFold(b, want string) bool {
	if len(b) != len(want) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != want[i] {
			return false
		}
	}
	return true
}

// hostOnly strips the port (and the brackets of an IPv6 address).
func hostOnly(hp string) string {
	if h, _, err := net.SplitHostPort(hp); err == nil {
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(hp, "["), "]")
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// parseEndpoint accepts absolute https URLs, or http on loopback, without
// user info or fragment.
func parseEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("must be an absolute URL")
	}
	switch {
	case !u.IsAbs() || u.Host == "" || u.Opaque != "":
		return nil, errors.New("must be an absolute URL")
	case u.User != nil:
		return nil, errors.New("must not carry user info")
	case u.Fragment != "":
		return nil, errors.New("must not have a fragment")
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	default:
		return nil, errors.New("must use https (http only on loopback)")
	}
	if _, err := normalizeHost(u.Host); err != nil {
		return nil, errors.New("has an invalid host")
	}
	return u, nil
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
