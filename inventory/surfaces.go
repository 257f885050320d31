package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/internal/secretfmt"
)

// The newer surfaces of a tenant: Forms and Flows, self-service
// SSO, SCIM, phone, application credentials, stats, event streams,
// encryption keys, token exchange and user attribute profiles. Per-user
// kinds (authentication methods, sessions, refresh tokens) are in
// peruser.go.

// SCIMRecord is what a snapshot keeps of a connection's SCIM provisioning:
// the configuration and, when read:scim_token allows, its tokens' ids,
// scopes and dates (never a token value). Tokens is nil when the tokens
// could not be read (the kind then has a gap "tokens").
type SCIMRecord struct {
	Configuration auth0mgmt.SCIMConfiguration
	Tokens        []auth0mgmt.SCIMToken
}

// UnmarshalJSON decodes the record.
func (r *SCIMRecord) UnmarshalJSON(b []byte) error {
	var aux struct {
		Tokens []auth0mgmt.SCIMToken `json:"tokens"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	if err := json.Unmarshal(b, &r.Configuration); err != nil {
		return err
	}
	delete(r.Configuration.Extra, "tokens")
	r.Tokens = aux.Tokens
	return nil
}

// ClientCredentialsRecord lists the credentials of an application that
// authenticates with them (Private Key JWT, mTLS or signed request
// objects): public keys and certificates with their algorithms and expiry.
type ClientCredentialsRecord struct {
	ClientID    string                       `json:"client_id"`
	Credentials []auth0mgmt.ClientCredential `json:"credentials"`
}

// ActiveUsersRecord is the one record of KindStatsActiveUsers.
type ActiveUsersRecord struct {
	ActiveUsers int `json:"active_users"`
}

// StatsWindow is how many days of daily stats Collect reads.
const StatsWindow = 30

// optionalFeature reports whether kind k is a feature some tenants lack
// (plan, add-on or early access): a 403 that is not a missing scope, or a
// 404 of its listing, means it is not available there, not that the scan
// failed.
func optionalFeature(k Kind) bool {
	switch k {
	case KindForms, KindFlows, KindFlowVaultConnections, KindSelfServiceProfiles, KindSCIMConfigurations,
		KindPhoneProviders, KindPhoneTemplates, KindEventStreams, KindEncryptionKeys,
		KindTokenExchangeProfiles, KindUserAttributeProfiles,
		KindGuardianProviders, KindRiskAssessments:
		return true
	case KindOrganizationDiscoveryDomains, KindOrganizationClientGrants, KindConnectionKeys,
		KindPromptRenderings, KindBrandingThemes, KindUniversalLoginTemplate:
		return true
	}
	return false
}

// planSurfaces queues the main tasks of the newer surfaces.
func (c *collector) planSurfaces() {
	a := c.api
	c.start(KindForms, func(ctx context.Context) error {
		for f, err := range a.Forms.All(ctx, nil) {
			if err != nil {
				return err
			}
			if f.Nodes != nil || f.ID == "" {
				c.put(KindForms, f.ID, f) // the listing gave the whole form
				continue
			}
			c.detail(KindForms, "form", f.ID, f, func(ctx context.Context) (any, error) { return a.Forms.Get(ctx, f.ID) })
		}
		return nil
	})
	c.start(KindFlows, func(ctx context.Context) error {
		for f, err := range a.Flows.All(ctx, nil) {
			if err != nil {
				return err
			}
			if f.Actions != nil || f.ID == "" {
				c.put(KindFlows, f.ID, scrubFlow(f))
				continue
			}
			c.detail(KindFlows, "flow", f.ID, f, func(ctx context.Context) (any, error) {
				full, err := a.Flows.Get(ctx, f.ID)
				if err != nil {
					return nil, err
				}
				return scrubFlow(*full), nil
			})
		}
		return nil
	})
	c.start(KindFlowVaultConnections, func(ctx context.Context) error {
		for v, err := range a.Flows.VaultConnections(ctx, nil) {
			if err != nil {
				return err
			}
			c.put(KindFlowVaultConnections, v.ID, scrubVaultConnection(v))
		}
		return nil
	})
	c.start(KindSelfServiceProfiles, func(ctx context.Context) error {
		return putAll(c, KindSelfServiceProfiles, a.SelfServiceProfiles.All(ctx, nil), func(x auth0mgmt.SelfServiceProfile) string { return x.ID })
	})
	c.start(KindSCIMConfigurations, c.scimConfigurations)
	c.start(KindPhoneProviders, func(ctx context.Context) error {
		list, err := a.Branding.PhoneProviders(ctx)
		return putList(c, KindPhoneProviders, list, err, func(x auth0mgmt.PhoneProvider) string { return cmpOr(x.ID, x.Name) })
	})
	c.start(KindPhoneTemplates, func(ctx context.Context) error {
		list, err := a.Branding.PhoneTemplates(ctx)
		return putList(c, KindPhoneTemplates, list, err, func(x auth0mgmt.PhoneTemplate) string { return cmpOr(x.ID, x.Type) })
	})
	c.clientCredentials()
	c.start(KindStatsDaily, func(ctx context.Context) error {
		now := c.opts.Now().UTC()
		days, err := a.Stats.Daily(ctx, now.AddDate(0, 0, -StatsWindow), now)
		if err != nil {
			return err
		}
		for _, d := range days {
			if len(d.Date) >= 10 {
				c.put(KindStatsDaily, d.Date[:10], d)
			}
		}
		return nil
	})
	c.start(KindStatsActiveUsers, func(ctx context.Context) error {
		n, err := a.Stats.ActiveUsers(ctx)
		if err != nil {
			return err
		}
		c.put(KindStatsActiveUsers, "active_users", ActiveUsersRecord{ActiveUsers: n})
		return nil
	})
	c.start(KindEventStreams, func(ctx context.Context) error {
		return putAll(c, KindEventStreams, a.EventStreams.All(ctx, nil), func(x auth0mgmt.EventStream) string { return x.ID })
	})
	c.start(KindEncryptionKeys, func(ctx context.Context) error {
		return putAll(c, KindEncryptionKeys, a.EncryptionKeys.All(ctx, nil), func(x auth0mgmt.EncryptionKey) string { return x.Kid })
	})
	c.start(KindTokenExchangeProfiles, func(ctx context.Context) error {
		return putAll(c, KindTokenExchangeProfiles, a.TokenExchangeProfiles.All(ctx, nil), func(x auth0mgmt.TokenExchangeProfile) string { return x.ID })
	})
	c.start(KindUserAttributeProfiles, func(ctx context.Context) error {
		return putAll(c, KindUserAttributeProfiles, a.UserAttributeProfiles.All(ctx, nil), func(x auth0mgmt.UserAttributeProfile) string { return x.ID })
	})
	c.planPerUser()
	c.planOrgSurfaces()
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// detail queues the read of a whole object a listing gave in summary: on
// failure the summary is stored and the kind gets a gap.
func (c *collector) detail(k Kind, part, id string, summary any, get func(ctx context.Context) (any, error)) {
	c.sub(k, part, id, func(ctx context.Context) error {
		v, err := get(ctx)
		if err != nil {
			c.put(k, id, summary)
			return err
		}
		c.put(k, id, v)
		return nil
	})
}

// ---- scrubbing ------------------------------------------------------
//
// Beyond the redaction rule every record goes through, the newer
// surfaces hold credentials under names the rule cannot tell from
// harmless ones: they are replaced here, before the rule runs.

// scrubFlow redacts the credentials a flow's actions hold in their
// parameters: every HTTP header value (names kept: which headers are set
// is worth knowing, their values may be API keys), the password of HTTP
// basic authentication, and, anywhere in the parameters (url, query
// parameters, body, nested JSON), a string under a secret's name, a value
// of a credential format (secretfmt) and, in a URL, the password of its
// user info and the query parameters whose name or value is a secret (the
// URL keeps its shape: https://svc:[REDACTED]@host/p?api_key=[REDACTED]).
// Values made of template expressions only ({{vars.token}}) are
// references, not secrets: they are kept.
func scrubFlow(f auth0mgmt.Flow) auth0mgmt.Flow {
	f.Actions = slices.Clone(f.Actions)
	for i, a := range f.Actions {
		if len(a.Params) == 0 {
			continue
		}
		p := auth0mgmt.Object{}
		for k, raw := range a.Params {
			p[k] = raw
			v, err := decodeNumbers(raw)
			if err != nil {
				p[k] = mustRaw(Redacted) // not JSON: nothing to tell a secret from
				continue
			}
			var changed bool
			switch k {
			case "headers":
				v, changed = scrubFlowHeaders(v)
			case "basic":
				v, changed = scrubFlowBasic(v)
			default:
				v, changed = scrubFlowValue(k, v)
			}
			if changed {
				p[k] = mustRaw(v)
			}
		}
		f.Actions[i].Params = p
	}
	return f
}

// decodeNumbers decodes raw keeping numbers as written.
func decodeNumbers(raw json.RawMessage) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// scrubFlowHeaders redacts every header value but references.
func scrubFlowHeaders(v any) (any, bool) {
	headers, ok := v.(map[string]any)
	if !ok {
		return scrubFlowValue("headers", v)
	}
	changed := false
	for h, x := range headers {
		if s, isStr := x.(string); x == nil || isStr && (s == "" || s == Redacted || secretfmt.TemplateOnly(s)) {
			continue
		}
		headers[h] = Redacted
		changed = true
	}
	return headers, changed
}

// scrubFlowBasic redacts the basic-auth password (unless a reference)
// and what the other members hold as any parameter.
func scrubFlowBasic(v any) (any, bool) {
	basic, ok := v.(map[string]any)
	if !ok {
		return scrubFlowValue("basic", v)
	}
	changed := false
	for k, x := range basic {
		if k == "password" {
			if s, isStr := x.(string); x == nil || isStr && (s == "" || s == Redacted || secretfmt.TemplateOnly(s)) {
				continue
			}
			basic[k] = Redacted
			changed = true
			continue
		}
		if y, ch := scrubFlowValue(k, x); ch {
			basic[k], changed = y, true
		}
	}
	return basic, changed
}

// scrubFlowValue redacts the secrets of a parameter value, the value of
// member name (an array's elements take their array's name).
func scrubFlowValue(name string, v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		changed := false
		for k, e := range x {
			if y, ch := scrubFlowValue(k, e); ch {
				x[k], changed = y, true
			}
		}
		return x, changed
	case []any:
		changed := false
		for i, e := range x {
			if y, ch := scrubFlowValue(name, e); ch {
				x[i], changed = y, true
			}
		}
		return x, changed
	case json.Number:
		if sensitiveName(normName(name)) {
			return Redacted, true
		}
	case string:
		if y := scrubFlowString(name, x); y != x {
			return y, true
		}
	}
	return v, false
}

// flowURLScheme starts an absolute URL.
var flowURLScheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*://`)

// scrubFlowString returns what stands for the string s, the value of
// member name.
func scrubFlowString(name, s string) string {
	switch {
	case s == "", s == Redacted, secretfmt.TemplateOnly(s):
		return s
	case sensitiveName(normName(name)):
		return Redacted
	}
	if flowURLScheme.MatchString(s) {
		s = scrubURL(s)
	}
	if secretfmt.Format(s) != "" {
		return Redacted
	}
	return s
}

// scrubURL redacts the password of a URL's user info (a user info that
// is a credential whole, like a token, is redacted whole) and the values
// of its query parameters, and of fragment parameters, whose name or
// value is a secret. The URL is rewritten only where it changes: the rest
// keeps its spelling.
func scrubURL(s string) string {
	scheme := flowURLScheme.FindString(s)
	rest := s[len(scheme):]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		user, host := authority[:at], authority[at:]
		if c := strings.Index(user, ":"); c >= 0 {
			if pw := unescapeOr(user[c+1:]); pw != "" && pw != Redacted && !secretfmt.TemplateOnly(pw) {
				user = user[:c+1] + Redacted
			}
		} else if u := unescapeOr(user); u != Redacted && !secretfmt.TemplateOnly(u) && secretfmt.Format(u) != "" {
			user = Redacted
		}
		authority = user + host
	}
	frag := ""
	if h := strings.Index(tail, "#"); h >= 0 {
		tail, frag = tail[:h], tail[h:]
	}
	if q := strings.Index(tail, "?"); q >= 0 {
		tail = tail[:q+1] + scrubQuery(tail[q+1:])
	}
	if frag != "" {
		frag = "#" + scrubQuery(frag[1:])
	}
	return scheme + authority + tail + frag
}

// scrubQuery redacts the values of the parameters of a query string whose
// name is a secret's or whose value has a credential format.
func scrubQuery(q string) string {
	parts := strings.Split(q, "&")
	for i, part := range parts {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		name, val := unescapeOr(k), unescapeOr(v)
		if val == "" || val == Redacted || secretfmt.TemplateOnly(val) {
			continue
		}
		if sensitiveName(normName(name)) || secretfmt.Format(val) != "" {
			parts[i] = k + "=" + Redacted
		}
	}
	return strings.Join(parts, "&")
}

// unescapeOr is s with its %-escapes decoded, or s when they do not decode.
func unescapeOr(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// scrubVaultConnection redacts the account name (for an HTTP connection,
// the bearer token masked in its middle) and any setup value but its
// type.
func scrubVaultConnection(v auth0mgmt.FlowVaultConnection) auth0mgmt.FlowVaultConnection {
	if v.AccountName != "" {
		v.AccountName = Redacted
	}
	if len(v.Setup) > 0 {
		s := auth0mgmt.Object{}
		for k, raw := range v.Setup {
			if k == "type" {
				s[k] = raw
				continue
			}
			s[k] = mustRaw(Redacted)
		}
		v.Setup = s
	}
	return v
}

// ---- SCIM --------------------------------------------------------------

// scimStrategies are the strategies Auth0 offers inbound SCIM on: the
// connections read one by one on tenants without the tenant-wide listing.
var scimStrategies = []string{"samlp", "oidc", "okta", "waad", "adfs", "pingfederate"}

// scimConfigurations reads every SCIM configuration with the tenant-wide
// listing; where the tenant does not serve it (404, or 403 without a
// missing scope), the SCIM-capable connections one by one (404: none).
func (c *collector) scimConfigurations(ctx context.Context) error {
	n := 0
	for sc, err := range c.api.Connections.SCIMConfigurations(ctx, nil) {
		if err != nil {
			if n > 0 || !scimFallback(err) {
				return err
			}
			return c.scimByConnection(ctx)
		}
		c.scimRecord(sc)
		n++
	}
	return nil
}

func scimFallback(err error) bool {
	var ae *auth0mgmt.APIError
	if !errors.As(err, &ae) || ae.Is(auth0mgmt.ErrInsufficientScope) {
		return false
	}
	return ae.StatusCode == http.StatusNotFound || ae.StatusCode == http.StatusForbidden
}

func (c *collector) scimByConnection(ctx context.Context) error {
	for conn, err := range c.api.Connections.All(ctx, &auth0mgmt.ListOptions{Fields: []string{"id", "name", "strategy"}}) {
		if err != nil {
			return err
		}
		if !slices.Contains(scimStrategies, conn.Strategy) {
			continue
		}
		id := conn.ID
		c.sub(KindSCIMConfigurations, "scim_configuration", id, func(ctx context.Context) error {
			sc, err := c.api.Connections.SCIMConfiguration(ctx, id)
			if errors.Is(err, auth0mgmt.ErrNotFound) {
				return nil // no SCIM on this connection
			}
			if err != nil {
				return err
			}
			c.scimRecord(*sc)
			return nil
		})
	}
	return nil
}

// scimRecord stores a configuration, its tokens to follow.
func (c *collector) scimRecord(sc auth0mgmt.SCIMConfiguration) {
	id := sc.ConnectionID
	a, err := c.assemble(KindSCIMConfigurations, id, sc, 1)
	if err != nil {
		c.gap(KindSCIMConfigurations, "scim_configuration", id, err)
		return
	}
	a.part("tokens", "tokens", func(ctx context.Context) (any, error) {
		toks, err := c.api.Connections.SCIMTokens(ctx, id)
		if err != nil {
			return nil, err
		}
		out := make([]auth0mgmt.SCIMToken, 0, len(toks))
		for _, t := range toks {
			// never a token value, whatever the API sends
			if t.Extra != nil {
				delete(t.Extra, "token")
			}
			out = append(out, t)
		}
		sortBy(out, func(t auth0mgmt.SCIMToken) string { return t.TokenID })
		return out, nil
	})
}

// ---- application credentials ----------------------------------------

// clientCredentials reads the credentials of every application that
// authenticates with some (client_authentication_methods or signed
// request objects set): one request each. The applications are those the
// clients kind read (or, when the scan does not read it, a projected
// listing).
func (c *collector) clientCredentials() {
	c.startAfter(KindClients, KindClientCredentials, func(ctx context.Context, read bool, clientsErr error, ids []string) error {
		// the members that say whether an application has credentials
		type app struct {
			ClientID string          `json:"client_id"`
			CAM      json.RawMessage `json:"client_authentication_methods"`
			SRO      json.RawMessage `json:"signed_request_object"`
		}
		var apps []app
		switch {
		case !read:
			opts := &auth0mgmt.ListOptions{Fields: []string{"client_id", "client_authentication_methods", "signed_request_object"}}
			for a, err := range c.api.Clients.All(ctx, opts) {
				if err != nil {
					return err
				}
				x := app{ClientID: a.ClientID}
				if len(a.ClientAuthenticationMethods) > 0 {
					x.CAM = mustRaw(a.ClientAuthenticationMethods)
				}
				if len(a.SignedRequestObject) > 0 {
					x.SRO = mustRaw(a.SignedRequestObject)
				}
				apps = append(apps, x)
			}
		case clientsErr != nil:
			return fmt.Errorf("the applications could not be listed: %w", clientsErr)
		default:
			for _, id := range ids {
				var a app
				if err := json.Unmarshal(c.record(KindClients, id), &a); err != nil {
					return fmt.Errorf("inventory: clients/%s: %w", id, err)
				}
				apps = append(apps, a)
			}
		}
		for _, a := range apps {
			if zeroish(a.CAM) && zeroish(a.SRO) {
				continue
			}
			id := a.ClientID
			c.sub(KindClientCredentials, "credentials", id, func(ctx context.Context) error {
				creds, err := c.api.Clients.Credentials(ctx, id)
				if err != nil {
					return err
				}
				sortBy(creds, func(x auth0mgmt.ClientCredential) string { return x.ID })
				c.put(KindClientCredentials, id, ClientCredentialsRecord{ClientID: id, Credentials: nonNil(creds)})
				return nil
			})
		}
		return nil
	})
}

// zeroish reports whether raw JSON is absent or an empty value.
func zeroish(raw json.RawMessage) bool {
	switch string(raw) {
	case "", "null", "{}", "[]", "false":
		return true
	}
	return false
}
