package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/seczetta"
)

// Environment variables riskgate reads.
const (
	envBaseURL       = "SECZETTA_BASE_URL"
	envAPIKey        = "SECZETTA_API_KEY"
	envAttributeID   = "SECZETTA_ATTRIBUTE_ID"
	envProfileTypeID = "SECZETTA_PROFILE_TYPE_ID"
	envAuthScheme    = "SECZETTA_AUTH_SCHEME"
	envAllowable     = "ALLOWABLE_RISK"
	envMax           = "MAX_RISK"
	envAuthOnError   = "AUTHENTICATE_ON_ERROR"
	envToken         = "RISKGATE_TOKEN"
	envNamespace     = "CLAIM_NAMESPACE"
	envCacheTTL      = "CACHE_TTL"
	envDenyMessage   = "DENY_MESSAGE"
	envFailureTTL    = "FAILURE_CACHE_TTL"
	envAccessClaim   = "ACCESS_TOKEN_CLAIM"
	envRedisURL      = "REDIS_URL"
	envRedisTimeout  = "REDIS_TIMEOUT"
)

// minTokenLen is the shortest RISKGATE_TOKEN accepted.
const minTokenLen = 16

// settings is riskgate's whole configuration.
type settings struct {
	addr         string
	demo         bool
	seczetta     seczetta.Config // without HTTPClient/Logger; demo: filled in later
	policy       riskscore.Policy
	authOnError  bool
	token        string
	generated    bool // token generated for the demo
	namespace    string
	cacheTTL     time.Duration
	failureTTL   time.Duration
	accessClaim  riskscore.ClaimShape
	redisURL     string // may hold a password: never printed as is
	redisTimeout time.Duration
	metricsAddr  string
}

// configError is a refused setting; its text names the variable or flag,
// what is wrong and what to do.
type configError struct {
	name, problem, fix string
}

func (e *configError) Error() string {
	s := e.name + ": " + e.problem
	if e.fix != "" {
		s += "; " + e.fix
	}
	return s
}

// envFixes say what to do about a variable the library refused, in the
// variable's terms (the library's own advice names Go fields).
var envFixes = map[string]string{
	envBaseURL:       "set it to the SecZetta tenant's origin, e.g. https://TENANT.nonemployee.com",
	envAPIKey:        "set it to the API token SecZetta issued for this integration, without quotes, spaces or line breaks",
	envAttributeID:   "copy from SecZetta the id (a UUID) of the attribute the profiles are searched by",
	envProfileTypeID: "copy from SecZetta the id (a UUID) of the users' profile type",
	envAuthScheme:    "set token (the default) or bearer, as the tenant expects",
	envAllowable:     "set the score above which MFA is asked, below " + envMax + ", or unset both for the defaults 5 and 7.5",
	envMax:           "set the score from which logins are denied, above " + envAllowable + ", or unset both for the defaults 5 and 7.5",
	envDenyMessage:   "keep it on one line and under 1024 characters, or unset it for the default message",
	envToken:         "set a random token of 16 characters or more (e.g. openssl rand -hex 24) and give the same to the Auth0 Action",
}

// loadSettings reads flags and the environment. Every problem is reported
// (joined), each naming its variable; none shows a secret's value.
func loadSettings(args []string, getenv func(string) string, stderr io.Writer) (settings, error) {
	s := settings{policy: riskscore.DefaultPolicy()}
	fs := flag.NewFlagSet("riskgate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&s.addr, "addr", "127.0.0.1:8081", "listen address")
	fs.StringVar(&s.redisURL, "redis", "", "Redis URL (redis://host:6379/0) to share the cache and coalesce lookups with other replicas (default $"+envRedisURL+"; none: this replica alone)")
	fs.StringVar(&s.metricsAddr, "metrics-addr", "", "listen address of the Prometheus metrics (GET /metrics), e.g. 127.0.0.1:9464 (default: no metrics listener)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: riskgate [-addr host:port] [-redis URL] [-metrics-addr host:port]\n\nConfigured from the environment: "+
			strings.Join([]string{envBaseURL, envAPIKey, envAttributeID, envProfileTypeID, envAuthScheme,
				envAllowable, envMax, envDenyMessage, envAuthOnError, envToken, envNamespace, envCacheTTL,
				envFailureTTL, envAccessClaim, envRedisURL, envRedisTimeout}, ", ")+".\n"+
			"Without SECZETTA_* settings it runs in demo mode on a built-in fake SecZetta.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return s, err
		}
		return s, &configError{name: "flags", problem: err.Error()}
	}
	if fs.NArg() > 0 {
		return s, &configError{name: "flags", problem: "unexpected arguments: " + strings.Join(fs.Args(), " ")}
	}

	var errs []error
	bad := func(name, problem string) {
		errs = append(errs, &configError{name: name, problem: problem, fix: envFixes[name]})
	}
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }

	sz := map[string]string{}
	for _, name := range []string{envBaseURL, envAPIKey, envAttributeID, envProfileTypeID} {
		if v := get(name); v != "" {
			sz[name] = v
		}
	}
	s.demo = len(sz) == 0
	if !s.demo {
		for _, name := range []string{envBaseURL, envAPIKey, envAttributeID, envProfileTypeID} {
			if sz[name] == "" {
				errs = append(errs, &configError{name: name, problem: "is required when any SECZETTA_* setting is given",
					fix: envFixes[name] + "; or unset every SECZETTA_* variable to run the demo on a built-in fake SecZetta"})
			}
		}
	}
	s.seczetta = seczetta.Config{
		BaseURL:       sz[envBaseURL],
		APIKey:        sz[envAPIKey],
		AttributeID:   sz[envAttributeID],
		ProfileTypeID: sz[envProfileTypeID],
		AuthScheme:    seczetta.AuthScheme(strings.ToLower(get(envAuthScheme))),
	}
	if !s.demo && len(errs) == 0 {
		errs = append(errs, renameFields(s.seczetta.Validate(), map[string]string{
			"BaseURL": envBaseURL, "APIKey": envAPIKey, "AttributeID": envAttributeID,
			"ProfileTypeID": envProfileTypeID, "AuthScheme": envAuthScheme,
		})...)
	}

	number := func(name string, dst *float64) {
		v := get(name)
		if v == "" {
			return
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			bad(name, "must be a number like 7.5")
			return
		}
		*dst = f
	}
	number(envAllowable, &s.policy.AllowableRisk)
	number(envMax, &s.policy.MaxRisk)
	s.policy.DenyMessage = getenv(envDenyMessage)
	if !hasName(errs, envAllowable, envMax) {
		errs = append(errs, thresholdErrors(s.policy, get(envAllowable) == "", get(envMax) == "")...)
	}
	if !hasName(errs, envAllowable, envMax) {
		errs = append(errs, renameFields(s.policy.Validate(), map[string]string{
			"AllowableRisk": envAllowable, "MaxRisk": envMax, "DenyMessage": envDenyMessage,
		})...)
	}

	if v := get(envAuthOnError); v != "" {
		b, ok := parseYesNo(v)
		if !ok {
			bad(envAuthOnError, "must be yes or no (or true/false, 1/0)")
		}
		s.authOnError = b
	}
	s.namespace = getenv(envNamespace)
	if strings.ContainsFunc(s.namespace, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		errs = append(errs, &configError{name: envNamespace, problem: "must not contain spaces or control characters",
			fix: "give a URL-like claim name such as https://example.com/risk, or unset it for " + riskscore.DefaultNamespace})
	}
	if v := get(envCacheTTL); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			bad(envCacheTTL, "must be a duration like 60s (negative: no cache)")
		}
		s.cacheTTL = d
	}
	if v := get(envFailureTTL); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			bad(envFailureTTL, "must be a duration like 5s (negative: failures are not cached)")
		}
		s.failureTTL = d
	}
	if v := get(envAccessClaim); v != "" {
		shape, err := riskscore.ParseClaimShape(strings.ToLower(v))
		if err != nil {
			bad(envAccessClaim, "must be object (the risk claim object, the default) or score (the score as a number, as SecZetta's own Action set it)")
		}
		s.accessClaim = shape
	}
	if s.redisURL == "" {
		s.redisURL = get(envRedisURL)
	}
	if v := get(envRedisTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			bad(envRedisTimeout, "must be a positive duration like 200ms")
		}
		s.redisTimeout = d
	}

	s.token = getenv(envToken) // not trimmed: used exactly as given
	switch {
	case s.token == "" && s.demo:
		s.token, s.generated = randomToken(), true
	case s.token == "":
		bad(envToken, "is required with SecZetta settings (callers authenticate with it as a bearer token)")
	case len(s.token) < minTokenLen:
		bad(envToken, "is shorter than "+strconv.Itoa(minTokenLen)+" characters")
	case strings.ContainsFunc(s.token, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		bad(envToken, "must not contain spaces or control characters")
	}
	return s, errors.Join(errs...)
}

// parseYesNo reads a boolean setting: yes/no (the Auth0 Marketplace
// setting's values), true/false, on/off, 1/0, in any case.
func parseYesNo(v string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "y", "true", "t", "on", "1":
		return true, true
	case "no", "n", "false", "f", "off", "0":
		return false, true
	}
	return false, false
}

// thresholdErrors checks the two thresholds in the variables' terms:
// MAX_RISK must be above ALLOWABLE_RISK (each may come from its default).
func thresholdErrors(p riskscore.Policy, allowableDefault, maxDefault bool) []error {
	show := func(v float64, isDefault bool) string {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if isDefault {
			s += ", the default"
		}
		return s
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	var errs []error
	if !finite(p.AllowableRisk) || !finite(p.MaxRisk) {
		return nil // said by Policy.Validate
	}
	if p.AllowableRisk < 0 {
		errs = append(errs, &configError{name: envAllowable, problem: "is " + show(p.AllowableRisk, false) + ", below 0",
			fix: "scores are 0 or more: " + envFixes[envAllowable]})
	}
	if p.MaxRisk <= p.AllowableRisk {
		errs = append(errs, &configError{name: envMax,
			problem: "is " + show(p.MaxRisk, maxDefault) + ", not above " + envAllowable + " (" + show(p.AllowableRisk, allowableDefault) + ")",
			fix: "logins are denied from " + envMax + " and asked for MFA above " + envAllowable + ": set " + envMax +
				" higher (swap the two if they are reversed), or unset both for the defaults 5 and 7.5"})
	}
	return errs
}

func hasName(errs []error, names ...string) bool {
	for _, err := range errs {
		var ce *configError
		if errors.As(err, &ce) {
			for _, n := range names {
				if ce.name == n {
					return true
				}
			}
		}
	}
	return false
}

// renameFields turns the field errors of a Validate into configErrors
// named by environment variable: the problem with the Go field names it
// mentions replaced by the variables', and the variable's own fix (the
// library's, so renamed, when it has none).
func renameFields(err error, names map[string]string) []error {
	if err == nil {
		return nil
	}
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	out := make([]error, 0, len(list))
	for _, e := range list {
		var fe *riskscore.FieldError
		if errors.As(e, &fe) {
			field, _, _ := strings.Cut(fe.Field, "[")
			if name, ok := names[field]; ok {
				fix, ok := envFixes[name]
				if !ok {
					fix = renameWords(fe.Fix, names)
				}
				out = append(out, &configError{name: name, problem: renameWords(fe.Problem, names), fix: fix})
				continue
			}
		}
		out = append(out, &configError{name: "config", problem: e.Error()})
	}
	return out
}

// renameWords replaces the Go field names in s (whole words) by the
// settings that set them.
func renameWords(s string, names map[string]string) string {
	if s == "" {
		return s
	}
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_')
	})
	for _, w := range words {
		if name, ok := names[w]; ok {
			s = replaceWord(s, w, name)
		}
	}
	return s
}

// replaceWord replaces w in s where it stands as a whole word.
func replaceWord(s, w, by string) string {
	isWord := func(b byte) bool {
		return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
	}
	var out strings.Builder
	for {
		i := strings.Index(s, w)
		if i < 0 {
			out.WriteString(s)
			return out.String()
		}
		end := i + len(w)
		// Not part of a longer word, nor a qualified name (pkg.Type.Field).
		if (i == 0 || !isWord(s[i-1]) && s[i-1] != '.') && (end == len(s) || !isWord(s[end])) {
			out.WriteString(s[:i])
			out.WriteString(by)
		} else {
			out.WriteString(s[:end])
		}
		s = s[end:]
	}
}

func randomToken() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
