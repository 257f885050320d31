package seczetta

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/authlens/authlens/internal/httpx"
	"github.com/authlens/authlens/riskscore"
)

// AuthScheme selects the Authorization header format.
type AuthScheme string

const (
	// AuthToken sends the legacy "Authorization: Token token=<API key>"
	// (the default, as the original Rule did).
	AuthToken AuthScheme = "token"
	// AuthBearer sends "Authorization: Bearer <API key>", as the newer
	// API description declares.
	AuthBearer AuthScheme = "bearer"
)

// LookupField names a Subject field the profile is searched by.
type LookupField string

const (
	LookupUsername LookupField = "username"
	LookupEmail    LookupField = "email"
	LookupUserID   LookupField = "user_id"
)

// Attribute rule flavours of the Advanced Search body.
const (
	// AttributeNe is the legacy rule key: "object_type": "NeAttribute"
	// (the default, the body SecZetta's Auth0 Action sends).
	AttributeNe = "NeAttribute"
	// AttributeTextField and AttributeTextArea send the newer API
	// description's "condition_object_type" key instead.
	AttributeTextField = "TextFieldAttribute"
	AttributeTextArea  = "TextAreaAttribute"
)

// Defaults.
const (
	DefaultTimeout           = 10 * time.Second
	DefaultMaxRetries        = 2
	DefaultMaxRateLimitWaits = 2
	DefaultMinRetryWait      = 100 * time.Millisecond
	DefaultMaxRetryWait      = 2 * time.Second
	DefaultSearchLabel       = "All Contractors"
	// MaxLookupValueBytes bounds the username or email sent to SecZetta.
	MaxLookupValueBytes = 1024
	// maxResponseBytes bounds what is read of one answer.
	maxResponseBytes = 4 << 20
)

// Config configures a Client. BaseURL, APIKey, AttributeID and
// ProfileTypeID are required; the rest has defaults. New checks it and
// copies it.
//
// Config never shows APIKey: its String, GoString, Format (every fmt verb),
// LogValue and MarshalJSON print "[REDACTED]" in its place.
type Config struct {
	// BaseURL is the tenant origin, e.g. https://TENANT.nonemployee.com
	// (a path prefix is kept, for proxies). https is required unless the
	// host is loopback (127.0.0.0/8, ::1, localhost). No user info, query
	// or fragment.
	BaseURL string
	// APIKey is the SecZetta API token (required). Printable ASCII, no
	// spaces.
	APIKey string
	// AttributeID is the SecZetta attribute searched on (UUID v4, e.g.
	// 7cffa07d-ad6d-4398-ba07-b3d1e5f9ee9f; upper case is accepted and
	// lower-cased).
	AttributeID string
	// ProfileTypeID is the profile type of the users (UUID v4, any case;
	// lower-cased). Profiles' profile_type_id is compared to it without
	// regard to case.
	ProfileTypeID string
	// AuthScheme: AuthToken (default) or AuthBearer.
	AuthScheme AuthScheme
	// LookupFields is the order of preference of the subject's fields:
	// the first non-empty one is the value searched for; at most three,
	// each of LookupUsername, LookupEmail, LookupUserID once. Default
	// username, then email (the original Rule's choice).
	LookupFields []LookupField
	// AttributeType selects the attribute rule's form: AttributeNe
	// (default), AttributeTextField or AttributeTextArea.
	AttributeType string
	// SearchLabel is the Advanced Search label (default
	// DefaultSearchLabel), at most 200 bytes.
	SearchLabel string
	// HTTPClient carries the requests (default: a client on
	// http.DefaultTransport). It is copied, not modified.
	HTTPClient *http.Client
	// Logger receives httpx's per-attempt debug lines and per-retry
	// warnings; they never carry the API key or the looked-up value.
	Logger *slog.Logger
	// Timeout bounds one Score call, both requests and all retries
	// (default DefaultTimeout; not negative). A shorter context deadline
	// wins.
	Timeout time.Duration
	// MaxRetries bounds retries of 5xx answers, dropped connections and
	// truncated bodies per request (default DefaultMaxRetries; negative:
	// none). Retries are also bounded by RetryBudget across requests.
	MaxRetries int
	// RetryBudget bounds retries to a share of requests (default: a
	// budget of its own per Client, riskscore.DefaultRetryBudget: 10 %
	// of requests plus a reserve of 10), so that an outage is not
	// multiplied by MaxRetries. Several clients may share one. 429
	// answers are not retried from it: they are waited out as the server
	// asks (Retry-After, at most MaxRateLimitWaits times, never past the
	// deadline).
	RetryBudget *riskscore.RetryBudget
	// MaxRateLimitWaits bounds how many 429 answers are waited out
	// (honouring Retry-After) before ErrRateLimited (default
	// DefaultMaxRateLimitWaits; negative: no bound but the context).
	MaxRateLimitWaits int
	// MinRetryWait and MaxRetryWait bound the backoff when the server
	// says nothing (defaults DefaultMinRetryWait, DefaultMaxRetryWait;
	// not negative, MaxRetryWait not below MinRetryWait).
	MinRetryWait time.Duration
	MaxRetryWait time.Duration
}

const redacted = httpx.Redacted

// Validate checks c without any network call. The error joins one
// *riskscore.FieldError per problem (errors.Is ErrInvalidConfig); none
// shows a value.
func (c Config) Validate() error {
	const st = "seczetta.Config"
	c = c.normalized()
	var errs []error
	add := func(field, problem string) {
		errs = append(errs, &riskscore.FieldError{Struct: st, Field: field, Problem: problem, Fix: fixFor(field)})
	}
	if err := validator(c); err != nil {
		var ves validationErrors
		if errors.As(err, &ves) {
			for _, fe := range ves {
				add(fe.StructField(), describe(fe.Tag(), fe.Param()))
			}
		} else {
			add("?", "cannot be validated")
		}
	}
	if strings.ContainsRune(c.APIKey, ' ') {
		add("APIKey", describe("printascii", ""))
	}
	if c.BaseURL != "" {
		if p := baseURLProblem(c.BaseURL); p != "" {
			add("BaseURL", p)
		}
	}
	if c.MaxRetryWait > 0 && c.MinRetryWait > c.MaxRetryWait {
		add("MaxRetryWait", "must not be below MinRetryWait")
	}
	return errors.Join(errs...)
}

// fixFor says what to do about a refused field.
func fixFor(field string) string {
	switch field {
	case "BaseURL":
		return "set it to the SecZetta tenant's origin, e.g. https://TENANT.nonemployee.com"
	case "APIKey":
		return "set it to the API token SecZetta issued for this integration, copied without spaces, quotes or line breaks"
	case "AttributeID":
		return "copy from SecZetta the id of the attribute the profiles are searched by (the one holding the username or email)"
	case "ProfileTypeID":
		return "copy from SecZetta the id of the profile type the users have (e.g. the people or contractors type)"
	case "AuthScheme":
		return "use seczetta.AuthToken (the default when empty) or seczetta.AuthBearer, as the tenant expects"
	case "LookupFields":
		return "list seczetta.LookupUsername, LookupEmail or LookupUserID, each at most once, or leave it empty for username then email"
	case "AttributeType":
		return "use seczetta.AttributeNe (the default when empty), AttributeTextField or AttributeTextArea"
	case "SearchLabel":
		return "shorten it, or leave it empty for DefaultSearchLabel"
	case "Timeout":
		return "0 means DefaultTimeout (" + DefaultTimeout.String() + ")"
	case "MinRetryWait", "MaxRetryWait":
		return "0 means the default (" + DefaultMinRetryWait.String() + " to " + DefaultMaxRetryWait.String() + "); MaxRetryWait must not be below MinRetryWait"
	}
	return ""
}

func describe(tag, param string) string {
	switch tag {
	case "required":
		return "is required"
	case "uuid4":
		return "must be a UUID v4 (like 7cffa07d-ad6d-4398-ba07-b3d1e5f9ee9f)"
	case "printascii":
		return "must be printable ASCII without spaces"
	case "oneof":
		return "must be one of: " + strings.ReplaceAll(param, " ", ", ")
	case "unique":
		return "must not repeat a field"
	case "max":
		return "must be at most " + param + " long"
	case "gte":
		return "must not be negative"
	}
	return "fails the " + strconv.Quote(tag) + " rule"
}

// baseURLProblem says what is wrong with a base URL, or "".
func baseURLProblem(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "must be an absolute URL like https://TENANT.nonemployee.com"
	}
	if u.User != nil {
		return "must not hold user info"
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "must not hold a query or fragment"
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "must use https (http is allowed for loopback hosts only)"
		}
	default:
		return "must use https"
	}
	return ""
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// normalized returns c with the UUIDs in lower case: SecZetta's IDs are
// case-insensitive, and the uuid4 rule (and the search body) want the
// canonical form.
func (c Config) normalized() Config {
	c.AttributeID = strings.ToLower(c.AttributeID)
	c.ProfileTypeID = strings.ToLower(c.ProfileTypeID)
	return c
}

// withDefaults returns c normalized, with every default filled in.
func (c Config) withDefaults() Config {
	c = c.normalized()
	if c.AuthScheme == "" {
		c.AuthScheme = AuthToken
	}
	if len(c.LookupFields) == 0 {
		c.LookupFields = []LookupField{LookupUsername, LookupEmail}
	} else {
		c.LookupFields = append([]LookupField(nil), c.LookupFields...)
	}
	if c.AttributeType == "" {
		c.AttributeType = AttributeNe
	}
	if c.SearchLabel == "" {
		c.SearchLabel = DefaultSearchLabel
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = DefaultMaxRetries
	}
	if c.MaxRateLimitWaits == 0 {
		c.MaxRateLimitWaits = DefaultMaxRateLimitWaits
	}
	if c.MinRetryWait == 0 {
		c.MinRetryWait = DefaultMinRetryWait
	}
	if c.MaxRetryWait == 0 {
		c.MaxRetryWait = max(DefaultMaxRetryWait, c.MinRetryWait)
	}
	return c
}

// String describes c with the API key redacted.
func (c Config) String() string {
	var b strings.Builder
	b.WriteString("seczetta.Config{BaseURL: ")
	b.WriteString(strconv.Quote(c.BaseURL))
	b.WriteString(", APIKey: ")
	b.WriteString(keyText(c.APIKey))
	fmt.Fprintf(&b, ", AttributeID: %q, ProfileTypeID: %q, AuthScheme: %q, LookupFields: %v, AttributeType: %q, Timeout: %v}",
		c.AttributeID, c.ProfileTypeID, string(c.AuthScheme), c.LookupFields, c.AttributeType, c.Timeout)
	return b.String()
}

func keyText(k string) string {
	if k == "" {
		return `""`
	}
	return redacted
}

// GoString is String: %#v never shows the key either.
func (c Config) GoString() string { return c.String() }

// Format prints String for every verb, so no verb or flag shows the key.
func (c Config) Format(f fmt.State, verb rune) { formatRedacted(f, verb, c.String()) }

func formatRedacted(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}

// LogValue logs c without the key.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", c.BaseURL),
		slog.String("api_key", keyText(c.APIKey)),
		slog.String("attribute_id", c.AttributeID),
		slog.String("profile_type_id", c.ProfileTypeID),
		slog.String("auth_scheme", string(c.AuthScheme)),
	)
}

// MarshalJSON encodes c with the API key replaced by "[REDACTED]".
func (c Config) MarshalJSON() ([]byte, error) {
	type plain Config // no methods: no recursion
	p := plain(c)
	if p.APIKey != "" {
		p.APIKey = redacted
	}
	p.HTTPClient, p.Logger, p.RetryBudget = nil, nil, nil
	return json.Marshal(struct {
		plain
		HTTPClient  *struct{} `json:"HTTPClient,omitempty"`
		Logger      *struct{} `json:"Logger,omitempty"`
		RetryBudget *struct{} `json:"RetryBudget,omitempty"`
	}{plain: p})
}
