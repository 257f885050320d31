package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
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

// configError is a refused setting; its text names the variable or flag.
type configError struct {
	name, problem string
}

func (e *configError) Error() string { return e.name + ": " + e.problem }

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
	bad := func(name, problem string) { errs = append(errs, &configError{name: name, problem: problem}) }
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
				bad(name, "is required when any SECZETTA_* setting is given")
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
		bad(envNamespace, "must not contain spaces or control characters")
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
		bad(envToken, "must be at least "+strconv.Itoa(minTokenLen)+" characters")
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
// named by environment variable.
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
				out = append(out, &configError{name: name, problem: fe.Problem})
				continue
			}
		}
		out = append(out, &configError{name: "config", problem: e.Error()})
	}
	return out
}

func randomToken() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
