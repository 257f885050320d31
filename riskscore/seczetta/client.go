package seczetta

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/authlens/authlens/internal/httpx"
	"github.com/authlens/authlens/internal/version"
	"github.com/authlens/authlens/riskscore"
)

// Name is the Source of the scores a Client gives.
const Name = "seczetta"

// Client looks SecZetta risk scores up. It implements riskscore.Provider
// and is safe for concurrent use. Like Config, it never prints its API key.
type Client struct {
	// Everything secret sits behind pointers, so that even printing a
	// dereferenced Client (which bypasses its Format) shows addresses only.
	cfg       *Config
	auth      *string // Authorization header value
	http      *httpx.Client
	redactor  *httpx.Redactor
	searchURL *url.URL
	scoresURL *url.URL
	keyPrefix string // LookupKey's prefix: the tenant and what is searched
	budget    *riskscore.RetryBudget
}

var (
	_ riskscore.Provider    = (*Client)(nil)
	_ riskscore.LookupKeyer = (*Client)(nil)
)

// New checks cfg (see Config.Validate; no network call) and returns a
// Client. The error joins one *riskscore.FieldError per refused field and
// matches ErrInvalidConfig.
func New(cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	base, _ := url.Parse(cfg.BaseURL) // validated
	base.Path = strings.TrimRight(base.Path, "/")
	base.RawPath = ""
	search := *base
	search.Path += "/api/advanced_search/run"
	scores := *base
	scores.Path += "/api/risk_scores"

	auth := "Token token=" + cfg.APIKey
	if cfg.AuthScheme == AuthBearer {
		auth = "Bearer " + cfg.APIKey
	}
	c := &Client{cfg: &cfg, auth: &auth, searchURL: &search, scoresURL: &scores, budget: cfg.RetryBudget}
	if c.budget == nil {
		c.budget = riskscore.DefaultRetryBudget()
	}
	c.keyPrefix = "seczetta|" + search.String() + "|" + cfg.ProfileTypeID + "|" + cfg.AttributeID + "|"
	c.redactor = httpx.NewRedactor(cfg.APIKey)
	c.http = httpx.New(httpx.Options{
		HTTPClient: cfg.HTTPClient,
		Logger:     cfg.Logger,
		// Retries of failures are made here (do), under the retry
		// budget; httpx only waits out 429s as the server asks.
		MaxRetries:        -1,
		MaxRateLimitWaits: max(cfg.MaxRateLimitWaits, 0), // negative: context only (0 in httpx)
		MinWait:           cfg.MinRetryWait,
		MaxWait:           cfg.MaxRetryWait,
		MaxBodyBytes:      maxResponseBytes,
		Redactor:          c.redactor,
		// Score always runs under a deadline (Timeout): a 429 (or a 503)
		// whose Retry-After or reset outlasts it comes back at once as
		// ErrRateLimited (ErrUnavailable), not as a timeout at the
		// deadline.
		FailFast: true,
	})
	return c, nil
}

// Name returns "seczetta" (riskscore.Named).
func (c *Client) Name() string { return Name }

// LookupKey returns what Score searches SecZetta by for s: the tenant's
// search URL, the profile type, the attribute and the value (the first
// usable LookupFields value), or "" when s has none
// (riskscore.LookupKeyer). The Evaluator caches and coalesces by it, so
// the same person under several user ids, or logging in by username on
// one replica and by the same value on another, is one lookup.
func (c *Client) LookupKey(s riskscore.Subject) string {
	_, v := c.lookupValue(s)
	if v == "" {
		return ""
	}
	return c.keyPrefix + v
}

// Score looks s up: the first non-empty field of LookupFields (username,
// then email, by default) is searched for with Advanced Search, then the
// profile's risk scores are read, and the highest overall_score is the
// Score (see RiskScore). Both requests together are bounded by
// Config.Timeout.
func (c *Client) Score(ctx context.Context, s riskscore.Subject) (riskscore.Score, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	field, value := c.lookupValue(s)
	if value == "" {
		return riskscore.Score{}, &Error{Op: OpLookup, Kind: ErrNoLookupValue, redactor: c.redactor}
	}
	p, err := c.FindProfile(ctx, value)
	if err != nil {
		return riskscore.Score{}, err
	}
	rs, err := c.RiskScore(ctx, p.ID)
	if err != nil {
		return riskscore.Score{}, err
	}
	return riskscore.Score{
		Value:  rs.OverallScore,
		Source: Name,
		Detail: map[string]string{
			"lookup_field":          string(field),
			"profile_id":            p.ID,
			"profile_status":        p.Status,
			"risk_score_id":         rs.ID,
			"overall_risk_level_id": rs.OverallRiskLevelID,
		},
	}, nil
}

// lookupValue returns the first usable subject field.
func (c *Client) lookupValue(s riskscore.Subject) (LookupField, string) {
	for _, f := range c.cfg.LookupFields {
		var v string
		switch f {
		case LookupUsername:
			v = s.Username
		case LookupEmail:
			v = s.Email
		case LookupUserID:
			v = s.UserID
		}
		if v != "" {
			if len(v) > MaxLookupValueBytes || !utf8.ValidString(v) {
				return f, ""
			}
			return f, v
		}
	}
	return "", ""
}

type profileTypeRule struct {
	Type               string `json:"type"`
	ComparisonOperator string `json:"comparison_operator"`
	Value              string `json:"value"`
}

type attributeRule struct {
	Type                string `json:"type"`
	ConditionObjectID   string `json:"condition_object_id"`
	ObjectType          string `json:"object_type,omitempty"`
	ConditionObjectType string `json:"condition_object_type,omitempty"`
	ComparisonOperator  string `json:"comparison_operator"`
	Value               string `json:"value"`
}

type searchBody struct {
	AdvancedSearch struct {
		Label                    string `json:"label"`
		ConditionRulesAttributes []any  `json:"condition_rules_attributes"`
	} `json:"advanced_search"`
}

// SearchBody returns the Advanced Search request body for value, as sent:
//
//	{"advanced_search": {"label": "All Contractors", "condition_rules_attributes": [
//	  {"type": "ProfileTypeRule", "comparison_operator": "==", "value": PROFILE_TYPE_ID},
//	  {"type": "ProfileAttributeRule", "condition_object_id": ATTRIBUTE_ID,
//	   "object_type": "NeAttribute", "comparison_operator": "==", "value": VALUE}]}}
//
// With AttributeType TextFieldAttribute or TextAreaAttribute the attribute
// rule carries "condition_object_type" instead of "object_type".
func (c *Client) SearchBody(value string) []byte {
	var b searchBody
	b.AdvancedSearch.Label = c.cfg.SearchLabel
	ar := attributeRule{Type: "ProfileAttributeRule", ConditionObjectID: c.cfg.AttributeID, ComparisonOperator: "==", Value: value}
	if c.cfg.AttributeType == AttributeNe {
		ar.ObjectType = AttributeNe
	} else {
		ar.ConditionObjectType = c.cfg.AttributeType
	}
	b.AdvancedSearch.ConditionRulesAttributes = []any{
		profileTypeRule{Type: "ProfileTypeRule", ComparisonOperator: "==", Value: c.cfg.ProfileTypeID},
		ar,
	}
	out, _ := json.Marshal(b) // strings only: cannot fail
	return out
}

// SearchProfiles runs the Advanced Search for value and returns the
// profiles as answered.
func (c *Client) SearchProfiles(ctx context.Context, value string) ([]Profile, error) {
	body, err := c.do(ctx, OpAdvancedSearch, &httpx.Request{
		Method:     http.MethodPost,
		URL:        c.searchURL,
		Header:     c.header(true),
		Body:       c.SearchBody(value),
		Idempotent: true, // a search is a read
		Validate:   validJSON,
	})
	if err != nil {
		return nil, err
	}
	ps, err := decodeProfiles(body)
	if err != nil {
		return nil, c.malformed(OpAdvancedSearch, err)
	}
	return ps, nil
}

// FindProfile returns the one profile that value identifies:
//
//   - profiles of another profile type than ProfileTypeID (compared
//     without regard to case, as UUIDs are) are ignored;
//   - none left: ErrProfileNotFound;
//   - one: that one;
//   - several: the one whose uid equals value, if exactly one does; else
//     the one whose status is Active, if exactly one is; else
//     ErrAmbiguousProfile (the login is not judged on a guess).
func (c *Client) FindProfile(ctx context.Context, value string) (Profile, error) {
	ps, err := c.SearchProfiles(ctx, value)
	if err != nil {
		return Profile{}, err
	}
	kept := ps[:0]
	for _, p := range ps {
		if p.ProfileTypeID == "" || strings.EqualFold(p.ProfileTypeID, c.cfg.ProfileTypeID) {
			kept = append(kept, p)
		}
	}
	switch len(kept) {
	case 0:
		return Profile{}, &Error{Op: OpAdvancedSearch, Kind: ErrProfileNotFound, redactor: c.redactor}
	case 1:
		return kept[0], nil
	}
	if p, ok := only(kept, func(p Profile) bool { return p.UID == value }); ok {
		return p, nil
	}
	if p, ok := only(kept, func(p Profile) bool { return strings.EqualFold(p.Status, "Active") }); ok {
		return p, nil
	}
	return Profile{}, &Error{Op: OpAdvancedSearch, Kind: ErrAmbiguousProfile, redactor: c.redactor,
		Err: fmt.Errorf("%d profiles match", len(kept))}
}

func only(ps []Profile, match func(Profile) bool) (Profile, bool) {
	n, at := 0, -1
	for i, p := range ps {
		if match(p) {
			n, at = n+1, i
		}
	}
	if n != 1 {
		return Profile{}, false
	}
	return ps[at], true
}

// RiskScores reads GET /api/risk_scores?object_id=profileID as answered.
func (c *Client) RiskScores(ctx context.Context, profileID string) ([]RiskScore, Metadata, error) {
	u := *c.scoresURL
	u.RawQuery = url.Values{"object_id": {profileID}}.Encode()
	body, err := c.do(ctx, OpRiskScores, &httpx.Request{
		Method:   http.MethodGet,
		URL:      &u,
		Header:   c.header(false),
		Validate: validJSON,
	})
	if err != nil {
		return nil, Metadata{}, err
	}
	rs, md, err := decodeRiskScores(body)
	if err != nil {
		return nil, Metadata{}, c.malformed(OpRiskScores, err)
	}
	return rs, md, nil
}

// RiskScore returns the score that decides profileID's logins: among the
// entries for this profile (object_id equal to profileID or empty,
// object_type Profile or empty, both compared without regard to case;
// others are ignored) the highest
// overall_score, the first of equals. The safest choice: several scores
// never lower the risk. None: ErrNoScore. Only the first page is read (the
// API normally answers with one entry).
func (c *Client) RiskScore(ctx context.Context, profileID string) (RiskScore, error) {
	rs, _, err := c.RiskScores(ctx, profileID)
	if err != nil {
		return RiskScore{}, err
	}
	best := -1
	for i, r := range rs {
		if (r.ObjectID != "" && !strings.EqualFold(r.ObjectID, profileID)) ||
			(r.ObjectType != "" && !strings.EqualFold(r.ObjectType, "Profile")) {
			continue
		}
		if best < 0 || r.OverallScore > rs[best].OverallScore {
			best = i
		}
	}
	if best < 0 {
		return RiskScore{}, &Error{Op: OpRiskScores, Kind: ErrNoScore, redactor: c.redactor}
	}
	return rs[best], nil
}

func (c *Client) header(body bool) http.Header {
	h := http.Header{}
	h.Set("Authorization", *c.auth)
	h.Set("Accept", "application/json")
	if body {
		h.Set("Content-Type", "application/json")
	}
	h.Set("User-Agent", version.UserAgent)
	return h
}

// errNotJSON makes httpx count a 2xx answer that is not JSON (e.g.
// truncated) as a failed attempt, to be retried.
var errNotJSON = errors.New("response is not valid JSON")

func validJSON(b []byte) error {
	if !json.Valid(b) {
		return errNotJSON
	}
	return nil
}

// do sends r, retrying failures (dropped connections, 5xx, truncated or
// invalid JSON) at most MaxRetries times and only while the retry budget
// allows, and maps everything but a 2xx answer to an *Error.
func (c *Client) do(ctx context.Context, op string, r *httpx.Request) ([]byte, error) {
	c.budget.Request()
	attempts := 0
	for retry := 0; ; retry++ {
		resp, err := c.http.Do(ctx, r)
		if resp != nil {
			attempts += resp.Attempts
		} else {
			var te *httpx.TransportError
			if errors.As(err, &te) {
				attempts += te.Attempts
			}
		}
		if retry >= c.cfg.MaxRetries || !retryable(resp, err) || ctx.Err() != nil {
			return c.answer(ctx, op, resp, err, attempts)
		}
		wait := c.backoff(retry, resp)
		if dl, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(dl) {
			return c.answer(ctx, op, resp, err, attempts) // no time left to retry
		}
		if !c.budget.Retry() {
			if c.cfg.Logger != nil {
				c.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "seczetta retry skipped: retry budget spent", slog.String("op", op))
			}
			return c.answer(ctx, op, resp, err, attempts)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return c.answer(ctx, op, resp, err, attempts)
		case <-t.C:
		}
	}
}

// retryable reports whether an attempt failed in a way worth another.
func retryable(resp *httpx.Response, err error) bool {
	if err != nil {
		return !errors.Is(err, httpx.ErrBodyTooLarge) &&
			!errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled)
	}
	switch resp.StatusCode {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff is the wait before retry number retry+1: the server's
// Retry-After when it gave one, else exponential from MinRetryWait up to
// MaxRetryWait, with jitter.
func (c *Client) backoff(retry int, resp *httpx.Response) time.Duration {
	if resp != nil {
		if d, ok := httpx.RetryAfter(resp.Header, time.Now()); ok {
			return d
		}
	}
	d := c.cfg.MinRetryWait << min(retry, 20)
	if d <= 0 || d > c.cfg.MaxRetryWait {
		d = c.cfg.MaxRetryWait
	}
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2)
}

// answer maps the last attempt to the body or an *Error.
func (c *Client) answer(ctx context.Context, op string, resp *httpx.Response, err error, attempts int) ([]byte, error) {
	if err != nil {
		e := &Error{Op: op, Kind: ErrUnavailable, Err: err, Attempts: attempts, redactor: c.redactor}
		if errors.Is(err, errNotJSON) || errors.Is(err, httpx.ErrBodyTooLarge) {
			e.Kind = ErrMalformed
		}
		return nil, e
	}
	e := &Error{Op: op, StatusCode: resp.StatusCode, Attempts: attempts, redactor: c.redactor}
	switch sc := resp.StatusCode; {
	case sc >= 200 && sc < 300:
		if c.cfg.Logger != nil {
			c.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "seczetta answer", slog.String("op", op),
				slog.Int("status", sc), slog.Int("attempts", attempts), slog.Int("bytes", len(resp.Body)))
		}
		return resp.Body, nil
	case sc == http.StatusUnauthorized || sc == http.StatusForbidden:
		e.Kind = ErrUnauthorized
	case sc == http.StatusTooManyRequests:
		e.Kind = ErrRateLimited
		if ra := resp.Header.Get("Retry-After"); ra != "" {
			if _, err := strconv.Atoi(strings.TrimSpace(ra)); err == nil {
				e.Err = fmt.Errorf("retry after %ss", strings.TrimSpace(ra))
			}
		}
	case sc >= 500:
		e.Kind = ErrUnavailable
	default:
		e.Kind = ErrUnexpectedStatus
	}
	return nil, e
}

func (c *Client) malformed(op string, err error) error {
	return &Error{Op: op, Kind: ErrMalformed, StatusCode: http.StatusOK, Err: err, redactor: c.redactor}
}

// String describes c with the API key redacted. Client's printing methods
// have value receivers so that a dereferenced Client prints redacted too.
func (c Client) String() string {
	if c.cfg == nil {
		return "seczetta.Client{}"
	}
	return "seczetta.Client{" + strings.TrimPrefix(c.cfg.String(), "seczetta.Config{")
}

// GoString is String.
func (c Client) GoString() string { return c.String() }

// Format prints String for every verb.
func (c Client) Format(f fmt.State, verb rune) { formatRedacted(f, verb, c.String()) }

// LogValue logs c's configuration without the key.
func (c Client) LogValue() slog.Value {
	if c.cfg == nil {
		return slog.StringValue("seczetta.Client{}")
	}
	return c.cfg.LogValue()
}
