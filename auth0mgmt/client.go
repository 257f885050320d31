package auth0mgmt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/authlens/authlens/internal/httpx"
	"github.com/authlens/authlens/internal/version"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
	"golang.org/x/sync/singleflight"
)

// Rate is the rate-limit state learned from X-RateLimit-* headers.
type Rate = httpx.Rate

// Response describes the HTTP answer behind a call.
type Response struct {
	StatusCode int
	Header     http.Header
	// Rate is what this response said about the rate limit.
	Rate Rate
	// Attempts is how many attempts the call took (retries included).
	Attempts int
}

// Client reads one Auth0 tenant through the Management API v2. It is safe
// for concurrent use; all goroutines share one rate budget.
type Client struct {
	cfg     Config
	base    *url.URL // scheme://host
	api     *url.URL // base + /api/v2/
	hx      *httpx.Client
	pacer   *httpx.Buckets
	redact  *httpx.Redactor
	opts    options
	ccfg    *clientcredentials.Config
	tokenHC *http.Client
	// signer signs private_key_jwt client assertions (nil with a client
	// secret or a static token).
	signer *assertionSigner

	tokMu      sync.Mutex
	tok        *oauth2.Token
	tokFetched time.Time // when tok was asked for (token_refresh.go)
	// tokRejected is the token endpoint's refusal of the credentials
	// (401/403): they will not change for this Client, so later calls get
	// the same error without asking again.
	tokRejected error
	sf          singleflight.Group
	tokStats    tokenStats // stats.go

	// One service per API area.
	Users            *UsersService
	Clients          *ClientsService
	ClientGrants     *ClientGrantsService
	ResourceServers  *ResourceServersService
	Roles            *RolesService
	Organizations    *OrganizationsService
	Connections      *ConnectionsService
	Actions          *ActionsService
	Rules            *RulesService
	RulesConfigs     *RulesConfigsService
	Hooks            *HooksService
	LogStreams       *LogStreamsService
	Logs             *LogsService
	Jobs             *JobsService
	Tenant           *TenantService
	AttackProtection *AttackProtectionService
	Guardian         *GuardianService
	Emails           *EmailsService
	CustomDomains    *CustomDomainsService
	Branding         *BrandingService
	Prompts          *PromptsService
	NetworkACLs      *NetworkACLsService
	SigningKeys      *SigningKeysService

	Forms                 *FormsService
	Flows                 *FlowsService
	SelfServiceProfiles   *SelfServiceProfilesService
	Stats                 *StatsService
	EventStreams          *EventStreamsService
	EncryptionKeys        *EncryptionKeysService
	TokenExchangeProfiles *TokenExchangeProfilesService
	UserAttributeProfiles *UserAttributeProfilesService
	RiskAssessments       *RiskAssessmentsService
}

type service struct{ c *Client }

// New validates cfg and returns a Client. It makes no network call.
func New(cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	key, err := cfg.assertionKey()
	if err != nil {
		return nil, err
	}
	// The parsed key is kept by the signer; the Client keeps no copy of
	// the PEM bytes (nor of the caller's slice).
	cfg.ClientAssertionKey = nil
	o := options{pollInterval: time.Second, exportAbove: 1000, userAgent: version.UserAgent}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.now == nil {
		o.now = time.Now
	}
	if o.pollInterval <= 0 {
		o.pollInterval = time.Second
	}
	base, _ := parseDomain(cfg.Domain)
	c := &Client{cfg: cfg, base: base, opts: o}
	c.api = base.JoinPath("/api/v2/")
	c.redact = httpx.NewRedactor(cfg.ClientSecret, cfg.Token)
	if !o.noPacing {
		c.pacer = httpx.NewBuckets(o.now)
	}
	c.hx = httpx.New(httpx.Options{
		HTTPClient:          o.httpClient,
		Logger:              o.logger,
		MaxRetries:          o.maxRetries,
		MaxRateLimitWaits:   o.maxRLWaits,
		MinWait:             o.minWait,
		MaxWait:             o.maxWait,
		Buckets:             c.pacer,
		Redactor:            c.redact,
		Now:                 o.now,
		OnRateLimitWait:     o.waitHook,
		RateLimitWaitNotice: o.waitMin,
	})
	if cfg.Token == "" {
		aud := cfg.Audience
		if aud == "" {
			aud = base.String() + "/api/v2/"
		}
		c.ccfg = &clientcredentials.Config{
			ClientID:       cfg.ClientID,
			ClientSecret:   cfg.ClientSecret,
			TokenURL:       base.String() + "/oauth/token",
			EndpointParams: url.Values{"audience": {aud}},
			AuthStyle:      oauth2.AuthStyleInParams,
		}
		if key != nil {
			c.signer = newAssertionSigner(cfg, key, base, o.now)
		}
		// The token endpoint is outside the API's rate bucket: plain
		// client, user's transport.
		c.tokenHC = &http.Client{Timeout: 30 * time.Second}
		if o.httpClient != nil {
			*c.tokenHC = *o.httpClient
		}
		c.tokenHC = c.countTokens(c.tokenHC)
	}
	c.Users = &UsersService{c}
	c.Clients = &ClientsService{c}
	c.ClientGrants = &ClientGrantsService{c}
	c.ResourceServers = &ResourceServersService{c}
	c.Roles = &RolesService{c}
	c.Organizations = &OrganizationsService{c}
	c.Connections = &ConnectionsService{c}
	c.Actions = &ActionsService{c}
	c.Rules = &RulesService{c}
	c.RulesConfigs = &RulesConfigsService{c}
	c.Hooks = &HooksService{c}
	c.LogStreams = &LogStreamsService{c}
	c.Logs = &LogsService{c}
	c.Jobs = &JobsService{c}
	c.Tenant = &TenantService{c}
	c.AttackProtection = &AttackProtectionService{c}
	c.Guardian = &GuardianService{c}
	c.Emails = &EmailsService{c}
	c.CustomDomains = &CustomDomainsService{c}
	c.Branding = &BrandingService{c}
	c.Prompts = &PromptsService{c}
	c.NetworkACLs = &NetworkACLsService{c}
	c.SigningKeys = &SigningKeysService{c}
	c.Forms = &FormsService{c}
	c.Flows = &FlowsService{c}
	c.SelfServiceProfiles = &SelfServiceProfilesService{c}
	c.Stats = &StatsService{c}
	c.EventStreams = &EventStreamsService{c}
	c.EncryptionKeys = &EncryptionKeysService{c}
	c.TokenExchangeProfiles = &TokenExchangeProfilesService{c}
	c.UserAttributeProfiles = &UserAttributeProfilesService{c}
	c.RiskAssessments = &RiskAssessmentsService{c}
	return c, nil
}

// String never shows credentials.
func (c *Client) String() string { return "auth0mgmt.Client{" + c.base.String() + "}" }

// Format makes every verb go through String.
func (c *Client) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

// Domain returns the tenant's base URL (scheme and host).
func (c *Client) Domain() string { return c.base.String() }

// ClientID returns the id of the application the client authenticates as
// (Config.ClientID), "" with a static token. It is not a secret: posture
// uses it to recognise the scanner's own application.
func (c *Client) ClientID() string { return c.cfg.ClientID }

// Rate returns the latest rate-limit figures the client has seen for the
// tenant's bucket, the one most endpoints draw on (zero before the first
// response, or when pacing is off). Endpoints with buckets of their own
// are paced apart and not reported here.
func (c *Client) Rate() Rate {
	if c.pacer == nil {
		return Rate{}
	}
	return c.pacer.Rate()
}

// token returns a valid access token, fetching one (once for all waiting
// goroutines) when needed.
func (c *Client) token(ctx context.Context) (string, error) {
	if c.cfg.Token != "" {
		return c.cfg.Token, nil
	}
	c.tokMu.Lock()
	rejected := c.tokRejected
	c.tokMu.Unlock()
	if rejected != nil {
		return "", rejected
	}
	if t, ok := c.freshToken(); ok {
		return t.AccessToken, nil
	}
	ch := c.sf.DoChan("token", func() (any, error) {
		// Another flight may have replaced the token since this caller
		// looked: one refresh for all of them.
		if cur, ok := c.freshToken(); ok {
			return cur, nil
		}
		fetched := time.Now()
		// Detached from any one caller's cancellation, bounded on its own.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		fctx = context.WithValue(fctx, oauth2.HTTPClient, c.tokenHC)
		tok, err := c.fetchToken(fctx)
		if err != nil {
			err = c.tokenError(err)
			if errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrForbidden) {
				c.tokMu.Lock()
				c.tokRejected = err
				c.tokMu.Unlock()
			}
			return nil, err
		}
		c.tokMu.Lock()
		c.tok, c.tokFetched = tok, fetched
		c.tokMu.Unlock()
		return tok, nil
	})
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case r := <-ch:
		if r.Err != nil {
			return "", r.Err
		}
		return r.Val.(*oauth2.Token).AccessToken, nil
	}
}

// fetchToken asks /oauth/token for a token, retrying dropped connections,
// 5xx and 429 answers (honouring Retry-After) a few times; rejected
// credentials are not retried.
func (c *Client) fetchToken(ctx context.Context) (*oauth2.Token, error) {
	wait := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		tok, err := c.requestToken(ctx)
		if err == nil {
			return tok, nil
		}
		if errors.Is(err, errClientAssertion) {
			return nil, err
		}
		d := wait
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil {
			st := re.Response.StatusCode
			if st != http.StatusTooManyRequests && st < 500 {
				return nil, err
			}
			if ra, ok := httpx.RetryAfter(re.Response.Header, time.Now()); ok {
				d = ra
			}
		}
		if attempt > max(c.opts.maxRetries, 3) || ctx.Err() != nil {
			return nil, err
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, err
		case <-t.C:
		}
		wait = min(wait*2, 5*time.Second)
	}
}

func (c *Client) invalidateToken(bad string) {
	c.tokMu.Lock()
	if c.tok != nil && c.tok.AccessToken == bad {
		c.tok = nil
	}
	c.tokMu.Unlock()
}

// tokenError turns an oauth2 failure into an *APIError without credentials.
func (c *Client) tokenError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		body := []byte(c.redact.String(string(re.Body)))
		ae := newAPIError(http.MethodPost, "/oauth/token", re.Response.StatusCode, re.Response.Header, body, Rate{})
		ae.Message = c.redact.String(ae.Message)
		ae.Hint = c.redact.String(c.tokenHint(ae))
		return ae
	}
	if errors.Is(err, errClientAssertion) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %s", ErrToken, c.redact.String(err.Error()))
	}
	return fmt.Errorf("%w: %s; %s", ErrToken, c.redact.String(err.Error()), c.unreachableHint())
}

// call describes one API request.
type call struct {
	// idempotent marks a POST that is safe to repeat (retried on 5xx and
	// dropped connections like a GET).
	idempotent bool
	method     string
	path       string // relative to /api/v2/, already escaped
	query      url.Values
	body       any
}

func (c *Client) url(path string, q url.Values) *url.URL {
	u := *c.api
	u.Path = strings.TrimSuffix(c.api.Path, "/") + "/" + strings.TrimPrefix(path, "/")
	u.RawPath = ""
	if p, err := url.PathUnescape(u.Path); err == nil && p != u.Path {
		u.RawPath = u.Path
		u.Path = p
	}
	if len(q) > 0 {
		u.RawQuery = q.Encode()
	}
	return &u
}

// do sends a request and decodes a 2xx JSON body into out (when non-nil).
func (c *Client) do(ctx context.Context, k call, out any) (*Response, error) {
	u := c.url(k.path, k.query)
	var body []byte
	if k.body != nil {
		b, err := json.Marshal(k.body)
		if err != nil {
			return nil, fmt.Errorf("auth0mgmt: encoding request: %w", err)
		}
		body = b
	}
	path := "/api/v2/" + strings.TrimPrefix(k.path, "/")
	route := routeOf(k.method, k.path)
	for attempt := 0; ; attempt++ {
		tok, err := c.token(ctx)
		if err != nil {
			return nil, err
		}
		h := http.Header{}
		h.Set("Authorization", "Bearer "+tok)
		h.Set("Accept", "application/json")
		h.Set("User-Agent", c.opts.userAgent)
		if body != nil {
			h.Set("Content-Type", "application/json")
		}
		resp, err := c.hx.Do(ctx, &httpx.Request{
			Method:     k.method,
			URL:        u,
			Header:     h,
			Body:       body,
			Idempotent: k.idempotent,
			Validate:   validJSON,
			Route:      route,
		})
		if err != nil {
			return nil, c.transportError(err)
		}
		rate, _ := httpx.ParseRate(resp.Header)
		r := &Response{StatusCode: resp.StatusCode, Header: resp.Header, Rate: rate, Attempts: resp.Attempts}
		if resp.StatusCode == http.StatusUnauthorized && c.cfg.Token == "" && attempt == 0 {
			// The token expired or was revoked early: fetch a new one once.
			c.invalidateToken(tok)
			continue
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			ae := newAPIError(k.method, path, resp.StatusCode, resp.Header, resp.Body, rate)
			ae.Message = c.redact.String(ae.Message)
			if resp.StatusCode == http.StatusUnauthorized && c.cfg.Token != "" {
				ae.Hint = "the Management API refused Token: check that it is a Management API token of this tenant " +
					"(audience " + c.audience() + ") and that it has not expired, or use ClientID with ClientSecret, " +
					"which fetch fresh tokens"
			}
			return r, ae
		}
		if out != nil && len(bytes.TrimSpace(resp.Body)) > 0 {
			if err := json.Unmarshal(resp.Body, out); err != nil {
				return r, fmt.Errorf("%w: %s %s: %s", ErrDecode, k.method, path, c.redact.String(err.Error()))
			}
		}
		return r, nil
	}
}

func validJSON(b []byte) error {
	if len(bytes.TrimSpace(b)) == 0 || json.Valid(b) {
		return nil
	}
	return errors.New("truncated or invalid JSON")
}

func (c *Client) transportError(err error) error {
	if errors.Is(err, httpx.ErrRateLimitWait) {
		// Matches ErrRateLimited and the context's error alike.
		return fmt.Errorf("%w: %w", ErrRateLimited, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("auth0mgmt: %w", err)
	}
	if errors.Is(err, httpx.ErrBadBody) {
		return fmt.Errorf("%w: %w", ErrDecode, err)
	}
	return fmt.Errorf("auth0mgmt: %w", err)
}

// get is do for GET.
func (c *Client) get(ctx context.Context, path string, q url.Values, out any) (*Response, error) {
	return c.do(ctx, call{method: http.MethodGet, path: path, query: q}, out)
}

// escape escapes one path segment (ids such as "auth0|123").
func escape(s string) string { return url.PathEscape(s) }
