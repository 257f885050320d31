package auth0test

import (
	"crypto"
	"slices"
	"time"
)

// Preset names a tenant size.
type Preset string

// The presets. See PresetSizes for what each holds; all but PresetClean
// hold the demo's weaknesses (see the package documentation).
const (
	// PresetTiny: a handful of each kind, 10 users. The default.
	PresetTiny Preset = "tiny"
	// PresetSmall: 30 clients, 500 users (all reachable by offset paging).
	PresetSmall Preset = "small"
	// PresetMedium: 1,000 clients, 12,000 users, 300 roles, 120
	// organizations, 150 actions, 3,000 logs, 50 connections, 60 APIs.
	PresetMedium Preset = "medium"
	// PresetLarge: like medium with 50,000 users.
	PresetLarge Preset = "large"
	// PresetClean: the sizes of tiny without Rules or Hooks, and every
	// object well configured: a tenant on which a posture scan should find
	// nothing of high or critical severity (see the package documentation).
	PresetClean Preset = "clean"
)

// Sizes are explicit object counts. In Options.Sizes a zero field takes the
// preset's value and a negative one means none.
type Sizes struct {
	Clients         int
	Users           int
	Roles           int
	Organizations   int
	Connections     int
	Actions         int
	Logs            int
	ResourceServers int // including the Auth0 Management API itself
	Rules           int
	Hooks           int
	LogStreams      int
	// MembersPerRole is the average number of users directly assigned to
	// each role. Independently of it, the role named "Member" holds about a
	// quarter of all users (more than 1,000 in the medium and large
	// presets, so that /roles/{id}/users needs checkpoint paging).
	MembersPerRole int
	// MembersPerOrg is the average number of members of an organization.
	MembersPerOrg int
	// InvitationsPerOrg is the average number of pending invitations.
	InvitationsPerOrg int
}

// PresetSizes returns the counts a preset stands for (PresetTiny for an
// unknown name).
func PresetSizes(p Preset) Sizes {
	switch p {
	case PresetSmall:
		return Sizes{Clients: 30, Users: 500, Roles: 12, Organizations: 8, Connections: 12, Actions: 18,
			Logs: 400, ResourceServers: 6, Rules: 4, Hooks: 2, LogStreams: 4,
			MembersPerRole: 40, MembersPerOrg: 60, InvitationsPerOrg: 2}
	case PresetMedium:
		return Sizes{Clients: 1000, Users: 12000, Roles: 300, Organizations: 120, Connections: 50, Actions: 150,
			Logs: 3000, ResourceServers: 60, Rules: 8, Hooks: 4, LogStreams: 6,
			MembersPerRole: 60, MembersPerOrg: 100, InvitationsPerOrg: 3}
	case PresetLarge:
		s := PresetSizes(PresetMedium)
		s.Users = 50000
		s.MembersPerOrg = 250
		return s
	case PresetClean:
		s := PresetSizes(PresetTiny)
		s.Rules, s.Hooks = 0, 0
		return s
	default:
		return Sizes{Clients: 8, Users: 10, Roles: 3, Organizations: 2, Connections: 8, Actions: 6,
			Logs: 40, ResourceServers: 3, Rules: 3, Hooks: 1, LogStreams: 3,
			MembersPerRole: 3, MembersPerOrg: 4, InvitationsPerOrg: 1}
	}
}

func (s Sizes) merge(over *Sizes) Sizes {
	if over == nil {
		return s
	}
	pick := func(base, o int) int {
		switch {
		case o < 0:
			return 0
		case o > 0:
			return o
		}
		return base
	}
	return Sizes{
		Clients:           pick(s.Clients, over.Clients),
		Users:             pick(s.Users, over.Users),
		Roles:             pick(s.Roles, over.Roles),
		Organizations:     pick(s.Organizations, over.Organizations),
		Connections:       pick(s.Connections, over.Connections),
		Actions:           pick(s.Actions, over.Actions),
		Logs:              pick(s.Logs, over.Logs),
		ResourceServers:   pick(s.ResourceServers, over.ResourceServers),
		Rules:             pick(s.Rules, over.Rules),
		Hooks:             pick(s.Hooks, over.Hooks),
		LogStreams:        pick(s.LogStreams, over.LogStreams),
		MembersPerRole:    pick(s.MembersPerRole, over.MembersPerRole),
		MembersPerOrg:     pick(s.MembersPerOrg, over.MembersPerOrg),
		InvitationsPerOrg: pick(s.InvitationsPerOrg, over.InvitationsPerOrg),
	}
}

// EndpointLimit gives the requests of one endpoint a token bucket of their
// own, as Auth0 does for some endpoints (on self-service plans GET
// /organizations has a burst of 10 and 100 requests per minute, GET
// /organizations/{id}/enabled_connections the same). Such a request draws
// on its endpoint's bucket instead of the tenant's, and its X-RateLimit
// headers and 429 describe that bucket.
type EndpointLimit struct {
	// Method is the request method ("GET"); Path the route below /api/v2/,
	// "*" standing for one segment ("organizations",
	// "organizations/*/enabled_connections").
	Method, Path string
	// RateLimit is the refill rate in requests per second (0: unlimited);
	// Burst the bucket size, default max(1, int(RateLimit)).
	RateLimit float64
	Burst     int
}

// Options configure a Server. The zero value is a tiny, unlimited tenant.
type Options struct {
	// Seed and Preset (or Sizes) decide the tenant: the same values give a
	// byte-identical tenant. Generated timestamps derive from a fixed base
	// time (BaseTime), never from the clock.
	Seed   int64
	Preset Preset
	// Sizes, when set, overrides the preset's counts field by field.
	Sizes *Sizes
	// Domain is the canonical tenant domain used inside the generated data
	// (the Management API identifier https://Domain/api/v2/, log hostnames,
	// client grants' audience). Default "authlens-demo.auth0.example". The
	// token endpoint accepts https://Domain/api/v2/ as an audience too.
	Domain string

	// RateLimit is the refill rate, in requests per second, of the
	// tenant's token bucket shared by all /api/v2 routes (but those of
	// EndpointLimits); 0 means
	// unlimited.
	RateLimit float64
	// Burst is the bucket size (X-RateLimit-Limit); default
	// max(1, int(RateLimit)).
	Burst int
	// EndpointLimits give some endpoints their own bucket, as Auth0 does
	// (see EndpointLimit).
	EndpointLimits []EndpointLimit
	// ResetTruncated writes X-RateLimit-Reset as the second the bucket is
	// full again rounded down (truncated), instead of up: servers differ,
	// and the header does not say which it does. It applies to the
	// tenant's bucket and to EndpointLimits.
	ResetTruncated bool
	// RateLimitJSON makes 429 answers carry the JSON body seen in the wild
	// ({"statusCode":429,"error":"Too Many Requests","message":"Global
	// limit has been reached","errorCode":"too_many_requests"}) instead of
	// the documented plain-text one.
	RateLimitJSON bool

	// ClientID and ClientSecret are the credentials /oauth/token accepts;
	// defaults DefaultClientID and DefaultClientSecret.
	ClientID, ClientSecret string
	// ClientPublicKey registers a Private Key JWT credential for ClientID
	// (an *rsa.PublicKey): /oauth/token then authenticates the client by
	// RFC 7523 client assertions signed with the matching private key,
	// and refuses its client secret, as Auth0 does for an application set
	// to Private Key JWT. ClientKeyID is the credential's kid (an
	// assertion that names another kid is refused; one that names none is
	// tried with the key), ClientKeyAlg its algorithm, RS256 (default) or
	// PS256 (an assertion signed with another is refused). See the package
	// documentation for what an assertion must hold.
	ClientPublicKey crypto.PublicKey
	ClientKeyID     string
	ClientKeyAlg    string
	// Scopes are granted to issued tokens and to Token(); nil means
	// AllReadScopes() (an empty, non-nil slice grants nothing). Add
	// "read:client_keys" to see client secrets.
	Scopes []string

	// TokenLifetime is how long the tokens /oauth/token issues are valid
	// (expires_in); default 24 hours. Token() never expires.
	TokenLifetime time.Duration

	// ExportPolls is how many GET /api/v2/jobs/{id} answers a users export
	// job gives ("pending", then "processing") before "completed". 0 means
	// the default, 2; a negative value means completed at the first poll.
	ExportPolls int
	// ExportDuration, when set, makes a users export job take that long
	// on Options.Now instead of a number of polls: "pending" for its
	// first tenth, then "processing" with percentage_done and
	// time_left_seconds as the time goes, then "completed".
	ExportDuration time.Duration

	// Now is the clock for rate limiting, token expiry, job timestamps and
	// export link expiry; default time.Now. Tests pass a fake clock they
	// advance.
	Now func() time.Time
}

// DefaultClientID and DefaultClientSecret are the credentials the token
// endpoint accepts when Options leave them empty. They are demo values, not
// secrets.
const (
	DefaultClientID     = "authlens-demo-client"
	DefaultClientSecret = "authlens-demo-secret-not-a-real-secret-0123456789"
	DefaultDomain       = "authlens-demo.auth0.example"
)

// BaseTime returns the fixed "now" of every generated tenant: all generated
// created_at, updated_at, last_login and log dates are before it.
func BaseTime() time.Time { return time.Date(2025, time.June, 2, 9, 30, 0, 0, time.UTC) }

// readScopes are the read scopes of the reference, in its order.
var readScopes = []string{
	"read:users", "read:users_app_metadata", "read:clients", "read:client_grants",
	"read:resource_servers", "read:roles", "read:connections", "read:connections_options",
	"read:organizations", "read:organization_members", "read:organization_member_roles",
	"read:organization_connections", "read:organization_invitations", "read:actions",
	"read:triggers", "read:rules", "read:rules_configs", "read:hooks", "read:log_streams",
	"read:logs", "read:tenant_settings", "read:attack_protection", "read:shields",
	"read:guardian_factors", "read:mfa_policies", "read:email_provider",
	"read:email_templates", "read:custom_domains", "read:branding", "read:prompts",
	"read:network_acls", "read:signing_keys",
}

// AllReadScopes returns the read-only scopes a full inventory needs (a new
// slice each call): those of the reference, then those of the newer
// surfaces (Forms and Flows, self-service SSO, SCIM, phone, application
// credentials, stats, users' authentication methods, sessions and refresh
// tokens, event streams, encryption keys, token exchange and user
// attribute profiles). It does not include read:client_keys, which
// returns client secrets.
func AllReadScopes() []string {
	return append(append(slices.Clone(readScopes), surfaceScopes...), orgSurfaceScopes...)
}

// Faults are failures the server injects. The zero value injects none.
// Probabilistic faults draw from a generator seeded by Options.Seed, so a
// sequential client sees the same faults run after run.
type Faults struct {
	// ServerErrorRate is the fraction of /api/v2 requests answered 500 or
	// 503 with a JSON error body.
	ServerErrorRate float64
	// DropRate is the fraction of /api/v2 requests and export downloads
	// whose connection is closed without an answer. (Go's Transport
	// silently retries an idempotent request once when a reused keep-alive
	// connection is dropped; Stats still counts the drop.)
	DropRate float64
	// TruncateRate is the fraction of /api/v2 responses and export
	// downloads sent with the full Content-Length but only half the body,
	// after which the connection is closed.
	TruncateRate float64
	// FailNext: the next N /api/v2 requests answer 503.
	FailNext int
	// TokenFailNext: the next N /oauth/token requests fail, alternately
	// with a dropped connection and a 503 {"error":"temporarily_unavailable"}.
	TokenFailNext int
	// Latency delays every /api/v2 request and export download (the wait
	// ends early when the client goes away).
	Latency time.Duration
	// MissingScopes: tokens behave as if they lacked these scopes.
	MissingScopes []string
	// Unconfigured singletons and collections, answering as when nothing
	// is set up: "email_provider" (404 inexistent_email_provider),
	// "email_templates" (404 for every name), "custom_domains" ([]),
	// "branding" (200 {}), "log_streams" ([]), "network_acls" (none),
	// "rules_configs" ([]); of the newer surfaces "forms", "flows",
	// "flows_vault_connections", "self_service_profiles", "scim",
	// "phone_providers", "phone_templates", "client_credentials",
	// "event_streams", "token_exchange_profiles",
	// "user_attribute_profiles" (none); "organization_discovery_domains",
	// "prompt_renderings" (none), "branding_themes",
	// "universal_login_template" (404); "guardian_providers" (every
	// provider's settings {}).
	Unconfigured []string
	// Unavailable features: "rules" (also /rules-configs) answer 403
	// feature_not_enabled, "hooks" answer 404 Not Found, like tenants past
	// the end of life of Rules and Hooks. Any other first path segment
	// after /api/v2/ ("actions", "organizations", ...) answers 403
	// feature_not_enabled.
	Unavailable []string
}

func (f Faults) clone() Faults {
	f.MissingScopes = slices.Clone(f.MissingScopes)
	f.Unconfigured = slices.Clone(f.Unconfigured)
	f.Unavailable = slices.Clone(f.Unavailable)
	return f
}

// Stats count what the server saw since it started or since ResetStats.
type Stats struct {
	// Total counts every request (API, token endpoint, downloads).
	Total int64
	// ByRoute counts requests by route pattern, e.g. "GET /api/v2/users",
	// "GET /api/v2/users/{id}", "POST /oauth/token",
	// "GET /exports/{job}/{file}"; requests no route matched count as
	// "METHOD (unmatched)".
	ByRoute map[string]int64
	// ByStatus counts answers by HTTP status (dropped connections and
	// clients gone before an answer count as 0). Counters are updated
	// before the answer is sent, so a client that has read an answer sees
	// it counted (except status 0).
	ByStatus map[int]int64
	// RateLimited counts 429 answers.
	RateLimited int64
	// Faults counts injected faults; FaultsByKind splits them into
	// "fail_next", "server_error", "drop", "truncate".
	Faults       int64
	FaultsByKind map[string]int64
	// TokensIssued counts successful /oauth/token answers.
	TokensIssued int64
	// Downloads counts export file downloads answered 200 and not
	// truncated on purpose.
	Downloads int64
}

func (s Stats) clone() Stats {
	c := s
	c.ByRoute = make(map[string]int64, len(s.ByRoute))
	for k, v := range s.ByRoute {
		c.ByRoute[k] = v
	}
	c.ByStatus = make(map[int]int64, len(s.ByStatus))
	for k, v := range s.ByStatus {
		c.ByStatus[k] = v
	}
	c.FaultsByKind = make(map[string]int64, len(s.FaultsByKind))
	for k, v := range s.FaultsByKind {
		c.FaultsByKind[k] = v
	}
	return c
}
