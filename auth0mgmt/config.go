package auth0mgmt

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
)

// Config says which tenant to read and how to authenticate. It is validated
// by New and never causes a network call by itself.
type Config struct {
	// Domain (required) is the tenant: a bare host
	// ("example.eu.auth0.com", meaning https) or a full URL with scheme
	// and no path ("http://127.0.0.1:8080") for fakes and proxies.
	Domain string
	// ClientID and ClientSecret of a machine-to-machine application
	// authorised for the Management API (client credentials grant). With
	// private_key_jwt, ClientID and a client assertion key (below) take
	// the place of the secret. Give either ClientID (with ClientSecret or
	// a client assertion key) or Token, not both.
	ClientID     string
	ClientSecret string
	// Token is a static Management API access token, instead of client
	// credentials (then leave ClientID, ClientSecret and the client
	// assertion key empty).
	Token string
	// Audience (optional, a URL) overrides the token audience; default
	// "https://<Domain host>/api/v2/" (or the full URL's origin + /api/v2/).
	// With a custom domain, set it to the canonical tenant domain's.
	Audience string

	// ClientAssertionKey is the PEM-encoded RSA private key (PKCS#1 "RSA
	// PRIVATE KEY" or PKCS#8 "PRIVATE KEY", unencrypted, 2048 bits or
	// more) of the application's private_key_jwt credential, instead of
	// ClientSecret: every token request then carries a fresh RFC 7523
	// client assertion signed with it. ClientAssertionKeyFile names a file
	// holding it instead; set at most one of the two. The key is read and
	// checked by Validate (and New) and never printed: Config's fmt output
	// says only whether it is set.
	ClientAssertionKey     []byte
	ClientAssertionKeyFile string
	// ClientAssertionKeyID is the kid Auth0 gave the credential, sent in
	// the assertion's header (optional: Auth0 tries the application's
	// keys without it).
	ClientAssertionKeyID string
	// ClientAssertionAlg is the signing algorithm the credential was
	// registered with: RS256 (the default) or PS256.
	ClientAssertionAlg string
}

// String never shows the secret, the token or the private key.
func (c Config) String() string {
	key := redactedIf(string(c.ClientAssertionKey))
	return fmt.Sprintf("auth0mgmt.Config{Domain:%q ClientID:%q ClientSecret:%s Token:%s Audience:%q ClientAssertionKey:%s ClientAssertionKeyFile:%q ClientAssertionKeyID:%q ClientAssertionAlg:%q}",
		c.Domain, c.ClientID, redactedIf(c.ClientSecret), redactedIf(c.Token), c.Audience, key,
		c.ClientAssertionKeyFile, c.ClientAssertionKeyID, c.ClientAssertionAlg)
}

// GoString never shows the secret or the token.
func (c Config) GoString() string { return c.String() }

// Format makes every verb (%v, %+v, %#v, %s, %q) go through String.
func (c Config) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

func redactedIf(s string) string {
	if s == "" {
		return `""`
	}
	return "[REDACTED]"
}

// ConfigError names the invalid field of a Config, says what is wrong
// with it and what to do. It never shows a secret, a token or a key.
type ConfigError struct {
	// Field is the Config field, e.g. "ClientSecret".
	Field string
	// Reason says what is wrong, e.g. "is required with ClientID, unless
	// a client assertion key is set".
	Reason string
	// Fix says what to do, naming the fields to set (may be empty).
	Fix string
}

func (e *ConfigError) Error() string {
	s := "auth0mgmt: invalid config: " + e.Field + ": " + e.Reason
	if e.Fix != "" {
		s += "; " + e.Fix
	}
	return s
}

// ErrInvalidConfig matches every *ConfigError.
var ErrInvalidConfig = errors.New("auth0mgmt: invalid config")

// Is makes errors.Is(err, ErrInvalidConfig) true.
func (e *ConfigError) Is(target error) bool { return target == ErrInvalidConfig }

// configRules holds the declarative checks of Config as validator tags,
// out of Config's documentation. Its fields are Config's, by the same
// names: the errors name them.
type configRules struct {
	Domain       string `validate:"required"`
	ClientID     string `validate:"required_without=Token,excluded_with=Token"`
	ClientSecret string `validate:"excluded_with=Token"`
	Token        string `validate:"required_without=ClientID"`
	Audience     string `validate:"omitempty,url"`
}

func (c Config) rules() configRules {
	return configRules{Domain: c.Domain, ClientID: c.ClientID, ClientSecret: c.ClientSecret, Token: c.Token, Audience: c.Audience}
}

// Validate checks the config without any network call.
func (c Config) Validate() error {
	v := validator.New(validator.WithRequiredStructEnabled())
	if err := v.Struct(c.rules()); err != nil {
		var ves validator.ValidationErrors
		if errors.As(err, &ves) && len(ves) > 0 {
			fe := ves[0]
			return &ConfigError{Field: fe.Field(), Reason: reason(fe), Fix: fixFor(fe.Field(), fe.Tag())}
		}
		return &ConfigError{Field: "Config", Reason: "invalid"}
	}
	if _, err := parseDomain(c.Domain); err != nil {
		return &ConfigError{Field: "Domain", Reason: err.Error(), Fix: fixDomainForm}
	}
	if err := c.validateAuth(); err != nil {
		return err
	}
	_, err := c.assertionKey()
	return err
}

func reason(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "required_without":
		return "is required when " + fe.Param() + " is not set"
	case "required_with":
		return "is required with " + fe.Param()
	case "required_without_all":
		return "is required when none of " + strings.ReplaceAll(fe.Param(), " ", ", ") + " is set"
	case "excluded_with":
		return "must not be set together with " + fe.Param()
	case "url":
		return "must be a URL"
	}
	return "fails " + fe.Tag()
}

// What to do about each field the rules refuse.
const (
	fixDomain = "set it to the tenant's domain as the Auth0 Dashboard shows it " +
		"(Settings > General, e.g. example.eu.auth0.com), or to a full URL such as http://127.0.0.1:8080 for a fake or a proxy"
	fixDomainForm  = "give the host alone (example.eu.auth0.com) or scheme://host[:port], without /api/v2/ or any other path"
	fixCredentials = "set ClientID and ClientSecret (or ClientAssertionKey or ClientAssertionKeyFile) of a machine-to-machine " +
		"application authorised for the Management API, or set Token to a Management API token"
	fixOneWay   = "authenticate one way: ClientID with ClientSecret or a client assertion key, or Token alone"
	fixAudience = "set it to https://<canonical tenant domain>/api/v2/ (needed only when Domain is a custom domain), or leave it empty"
	// fixKey is what a client assertion key must be.
	fixKey = "give the unencrypted PEM private key (RSA, 2048 bits or more, PKCS#1 or PKCS#8) whose public key " +
		"is registered as a credential of the application (Dashboard > Applications > the application > Credentials)"
)

func fixFor(field, tag string) string {
	switch {
	case field == "Domain":
		return fixDomain
	case tag == "excluded_with":
		return fixOneWay
	case field == "Audience":
		return fixAudience
	case field == "ClientID" || field == "Token":
		return fixCredentials
	}
	return ""
}

// parseDomain turns a Domain into the base URL (scheme and host only).
func parseDomain(d string) (*url.URL, error) {
	d = strings.TrimSpace(d)
	if d == "" {
		return nil, errors.New("is required")
	}
	if strings.ContainsAny(d, " \t\r\n") {
		return nil, errors.New("must not contain spaces")
	}
	raw := d
	if !strings.Contains(d, "://") {
		if strings.ContainsAny(d, "/?#@") {
			return nil, errors.New("must be a bare host (no path, query or user info) or a full URL")
		}
		raw = "https://" + d
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("is not a valid host or URL")
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("scheme %q is not http or https", u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, errors.New("has no host")
	}
	if u.User != nil {
		return nil, errors.New("must not carry user info")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("must not have a path, query or fragment")
	}
	host := u.Host
	if (u.Scheme == "https" && u.Port() == "443") || (u.Scheme == "http" && u.Port() == "80") {
		host = u.Hostname() // the default port would change the token audience
	}
	return &url.URL{Scheme: u.Scheme, Host: host}, nil
}

// Option changes how a Client works.
type Option func(*options)

type options struct {
	httpClient   *http.Client
	logger       *slog.Logger
	maxRetries   int
	minWait      time.Duration
	maxWait      time.Duration
	userAgent    string
	pollInterval time.Duration
	exportAbove  int
	now          func() time.Time
	noPacing     bool
	maxRLWaits   int
	waitHook     func(RateLimitWait) // stats.go
	waitMin      time.Duration
}

// WithHTTPClient sets the HTTP client (its transport, timeouts, proxy).
// It is copied; the pacing and retries of this package wrap it.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }

// WithLogger logs requests (debug) and retries (warn) through l. Lines
// never carry tokens, secrets or query values that look like credentials.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithMaxRetries bounds the retries of 5xx answers and dropped connections
// per request (default 5). 429s are waited out until the context ends.
func WithMaxRetries(n int) Option { return func(o *options) { o.maxRetries = n } }

// WithMaxRateLimitWaits bounds how many 429s one request waits out; past
// it the request fails with ErrRateLimited. Default 0: until the context
// ends.
func WithMaxRateLimitWaits(n int) Option { return func(o *options) { o.maxRLWaits = n } }

// WithBackoff sets the bounds of the exponential backoff used when the
// server gives no reset time (default 200ms to 10s).
func WithBackoff(minWait, maxWait time.Duration) Option {
	return func(o *options) { o.minWait, o.maxWait = minWait, maxWait }
}

// WithUserAgent sets the User-Agent header of the API and token requests
// (default "authlens/<version> (+https://github.com/authlens/authlens)",
// authlens.UserAgent).
func WithUserAgent(ua string) Option { return func(o *options) { o.userAgent = ua } }

// WithExportPollInterval sets the interval between polls of a users
// export job (default 1s; longer only while the job reports slow progress,
// see JobsService.Wait).
func WithExportPollInterval(d time.Duration) Option {
	return func(o *options) { o.pollInterval = d }
}

// WithExportThreshold sets the user count at or above which Users.All
// switches to the export job (default 1000, the API's paging cap).
func WithExportThreshold(n int) Option { return func(o *options) { o.exportAbove = n } }

// WithClock sets the clock used for rate-limit arithmetic (tests).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithoutPacing turns off client-side pacing; 429s are still waited out.
func WithoutPacing() Option { return func(o *options) { o.noPacing = true } }
