package posture

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/internal/secretfmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// The newer surfaces of a tenant (event streams, SCIM, credentials, Flows,
// token exchange), judged in the areas they
// belong to: event streams with the logs (tenant data leaving Auth0),
// SCIM tokens with the connections they provision, application
// credentials with the applications, Flows and custom token exchange with
// the code that runs in the tenant.
func surfaceChecks() []check {
	return []check{
		{id: "AL-LOG-003", needs: kinds(inventory.KindEventStreams), run: checkEventStreamWebhook},
		{id: "AL-CONN-019", needs: kinds(inventory.KindSCIMConfigurations), run: checkSCIMTokenLifetime},
		{id: "AL-APP-018", needs: kinds(inventory.KindClientCredentials, inventory.KindClients), run: checkClientCredentialNoExpiry},
		// The scan's time is collected_at, else the newest log event:
		// logs are not needed, and without either the check skips.
		{id: "AL-APP-019", needs: kinds(inventory.KindClientCredentials, inventory.KindClients), run: checkClientCredentialExpired},
		{id: "AL-CODE-015", needs: kinds(inventory.KindFlows), run: checkFlowSecretInClear},
		{id: "AL-CODE-016", needs: kinds(inventory.KindTokenExchangeProfiles, inventory.KindActions), run: checkTokenExchangeProfile},
	}
}

// ---- AL-LOG-003 event stream webhooks ---------------------------------

// surfacePrivateHost reports whether host is the local machine or an
// address of a private, link-local or unspecified network: not a receiver
// Auth0's cloud delivers to on the internet.
func surfacePrivateHost(host string) bool {
	host = strings.ToLower(strings.Trim(host, "[]"))
	if emailLoopback(host) {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified())
}

// AL-LOG-003: an event stream whose webhook is unprotected: plain HTTP,
// a loopback or private address, or no authorization.
func checkEventStreamWebhook(t *model.Tenant, r *reporter) {
	ss, _ := t.EventStreams()
	for i := range ss {
		s := &ss[i]
		if s.Destination == nil || !strings.EqualFold(s.Destination.Type, "webhook") {
			continue
		}
		res := eventStreamResource(s)
		conf := s.Destination.Configuration
		events := make([]string, 0, len(s.Subscriptions))
		for _, sub := range s.Subscriptions {
			events = append(events, sub.EventType)
		}
		what := "tenant events"
		if len(events) > 0 {
			what = strings.Join(events, ", ") + " events (user profiles)"
		}
		disabled := strings.EqualFold(s.Status, "disabled")
		grade := func(sev Severity) Severity {
			if disabled {
				return SeverityLow // it sends nothing until enabled again
			}
			return sev
		}
		endpoint := strings.TrimSpace(conf.String("webhook_endpoint"))
		var auth map[string]any
		conf.Get("webhook_authorization", &auth)
		method, _ := auth["method"].(string)
		if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
			shown := codeShowURL(endpoint)
			ev := map[string]any{"webhook_endpoint": shown, "status": s.Status}
			switch {
			case surfacePrivateHost(u.Hostname()):
				r.reportSev(grade(SeverityMedium), res, path("destination", "configuration", "webhook_endpoint"), fmt.Sprintf(
					"Event stream %q delivers %s to %s, a loopback or private address: Auth0 delivers from its cloud, so the events fail or reach whatever answers at that address in Auth0's network.",
					s.Name, what, shown), ev)
			case strings.EqualFold(u.Scheme, "http"):
				cred := "its authorization"
				if method != "" {
					cred = "its " + method + " credential"
				}
				r.reportSev(grade(SeverityHigh), res, path("destination", "configuration", "webhook_endpoint"), fmt.Sprintf(
					"Event stream %q posts %s and %s over plain HTTP to %s: anyone on the network path can read them, replay the credential and forge events.",
					s.Name, what, cred, u.Hostname()), ev)
			}
		}
		// The event-streams API requires webhook_authorization (basic,
		// bearer, or a custom header in the newer schema) on a webhook
		// destination, so this branch only fires on hand-made or
		// imported data; it stays for that. (The API's schema also
		// requires an https:// webhook_endpoint.)
		if method == "" || strings.EqualFold(method, "none") {
			r.reportSev(grade(SeverityMedium), res, path("destination", "configuration", "webhook_authorization"), fmt.Sprintf(
				"Event stream %q posts %s to its webhook without authorization: the receiver cannot tell Auth0's events from forged ones.",
				s.Name, what), map[string]any{"webhook_authorization": auth, "status": s.Status})
		}
	}
}

// ---- AL-CONN-019 SCIM tokens -----------------------------------------

// scimMaxLifetime is the longest SCIM token lifetime not reported.
const scimMaxLifetime = 366 * 24 * time.Hour

// AL-CONN-019: a SCIM token that never expires or is valid for more than
// a year.
func checkSCIMTokenLifetime(t *model.Tenant, r *reporter) {
	scs, _ := t.SCIMConfigurations()
	for i := range scs {
		sc := &scs[i]
		res := scimResource(sc)
		if sc.Tokens == nil {
			r.skip(res, "the connection's SCIM tokens were not read", "read:scim_token")
			continue
		}
		for j, tok := range sc.Tokens {
			ev := map[string]any{"token_id": tok.TokenID, "created_at": tok.CreatedAt, "scopes": tok.Scopes}
			if tok.LastUsedAt != "" {
				ev["last_used_at"] = tok.LastUsedAt
			}
			scopes := ""
			if slices.Contains(tok.Scopes, "delete:users") {
				scopes = " It may also delete users (delete:users)."
			}
			if tok.ValidUntil == "" {
				r.report(res, path("tokens", j, "valid_until"), fmt.Sprintf(
					"SCIM token %s of connection %q never expires: whoever holds it (the identity provider's configuration, a leaked copy) can create, change and block this connection's users until someone revokes it.%s",
					tok.TokenID, sc.Configuration.ConnectionName, scopes), ev)
				continue
			}
			created, err1 := time.Parse(time.RFC3339Nano, tok.CreatedAt)
			until, err2 := time.Parse(time.RFC3339Nano, tok.ValidUntil)
			if err1 != nil || err2 != nil {
				continue
			}
			if life := until.Sub(created); life > scimMaxLifetime {
				ev["valid_until"] = tok.ValidUntil
				ev["lifetime_days"] = int(life / (24 * time.Hour))
				r.report(res, path("tokens", j, "valid_until"), fmt.Sprintf(
					"SCIM token %s of connection %q is valid for %d days (until %s): a leaked copy provisions this connection's users for years.%s",
					tok.TokenID, sc.Configuration.ConnectionName, int(life/(24*time.Hour)), tok.ValidUntil[:min(10, len(tok.ValidUntil))], scopes), ev)
			}
		}
	}
}

// ---- AL-APP-018 application credentials ------------------------------

// clientCredentialEach calls f for every public_key credential, the one
// type whose expires_at Auth0 documents, with its JSON path, evidence
// and label. An x509_cert credential's validity is in its certificate
// (the listing says 9999-12-31 whatever it is), and a cert_subject_dn
// credential names a subject: the certificates presented carry their
// own expiry.
func clientCredentialEach(t *model.Tenant, f func(res Resource, c *auth0mgmt.ClientCredential, p, label string, ev map[string]any)) {
	recs, _ := t.ClientCredentials()
	for i := range recs {
		rec := &recs[i]
		res := clientCredentialsResource(t, rec)
		for j := range rec.Credentials {
			c := &rec.Credentials[j]
			if c.CredentialType != "public_key" {
				continue
			}
			ev := map[string]any{"credential_id": c.ID, "credential_type": c.CredentialType, "created_at": c.CreatedAt}
			if c.Kid != "" {
				ev["kid"] = c.Kid
			}
			if c.ExpiresAt != "" {
				ev["expires_at"] = c.ExpiresAt
			}
			f(res, c, path("credentials", j, "expires_at"), fmt.Sprintf("Credential %q (%s) of %q", c.Name, c.CredentialType, res.Name), ev)
		}
	}
}

// credentialNeverExpires reports whether an expiry means none: absent,
// or the year 9999.
func credentialNeverExpires(c *auth0mgmt.ClientCredential) bool {
	if c.ExpiresAt == "" {
		return true
	}
	exp, err := time.Parse(time.RFC3339Nano, c.ExpiresAt)
	return err == nil && exp.Year() >= 9999
}

// AL-APP-018: an application's public key (Private Key JWT, signed
// request objects) that never expires.
func checkClientCredentialNoExpiry(t *model.Tenant, r *reporter) {
	clientCredentialEach(t, func(res Resource, c *auth0mgmt.ClientCredential, p, label string, ev map[string]any) {
		if credentialNeverExpires(c) {
			r.report(res, p, label+
				" never expires: a stolen private key authenticates as the application until someone removes the credential.", ev)
		}
	})
}

// AL-APP-019: an application's public key past its expiry when the
// snapshot was taken.
func checkClientCredentialExpired(t *model.Tenant, r *reporter) {
	asOf, haveTime := t.AsOf()
	clientCredentialEach(t, func(res Resource, c *auth0mgmt.ClientCredential, p, label string, ev map[string]any) {
		if credentialNeverExpires(c) {
			return
		}
		exp, err := time.Parse(time.RFC3339Nano, c.ExpiresAt)
		if err != nil {
			return
		}
		if !haveTime {
			r.skip(res, "the snapshot does not say when it was taken (no collected_at, no log event): expiry dates not judged")
			return
		}
		if !exp.After(asOf) {
			ev["scan_time"] = asOf.Format(time.RFC3339)
			r.report(res, p, fmt.Sprintf(
				"%s expired on %s: the application can no longer authenticate with it; it is broken or stale configuration to rotate or remove.",
				label, c.ExpiresAt[:min(10, len(c.ExpiresAt))]), ev)
		}
	})
}

// ---- AL-CODE-015 secrets in Flows ------------------------------------

// flowSecretHeaders are header names that carry credentials whatever
// codeSecretName makes of them.
var flowSecretHeaders = []string{"authorization", "proxyauthorization", "cookie", "xapikey", "apikey", "xauthtoken",
	"xaccesstoken", "ocpapimsubscriptionkey", "xfunctionskey"}

// flowSecretHeader reports whether a header value is a secret written in
// the flow: a redacted value (the snapshot redacts every header value, so
// the header's name decides) or a literal that looks like one.
func flowSecretHeader(name, v string) (why string, ok bool) {
	if v == "" || secretfmt.TemplateOnly(v) {
		return "", false
	}
	secretName := codeSecretName(name) > 0 || slices.Contains(flowSecretHeaders, codeFlat(name))
	if v == inventory.Redacted {
		return flowRedactedWhy, secretName
	}
	if f := secretfmt.Format(v); f != "" {
		return f, true
	}
	if secretName && (codeSecretByName(name, v) || codeSecretByName("secret", v)) {
		return fmt.Sprintf("bound to %q", name), true
	}
	return "", false
}

// flowRedactedWhy is the reason given for a value the snapshot redacted.
const flowRedactedWhy = "a value written in the flow (redacted in the snapshot)"

// flowSecretValue reports whether a literal of a body or query parameter
// looks like a secret. A redacted one is: the snapshot redacts a value of
// a parameter that is a credential by its name or its format, and keeps
// references ({{vars.token}}), so a literal credential was written there.
func flowSecretValue(name, v string) (why string, ok bool) {
	switch {
	case v == "", secretfmt.TemplateOnly(v):
		return "", false
	case v == inventory.Redacted:
		return flowRedactedWhy, true
	}
	if f := secretfmt.Format(v); f != "" {
		return f, true
	}
	if codeSecretByName(name, v) {
		return fmt.Sprintf("bound to %q", name), true
	}
	return "", false
}

// flowHit is a secret found in a flow action's parameters.
type flowHit struct {
	path  []any // below the action's params
	why   string
	value string // "" when redacted
}

// flowURLScheme starts an absolute URL.
var flowURLScheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*://`)

// flowURLSecrets returns the secrets of a URL: the password of its user
// info (the snapshot keeps it as https://svc:[REDACTED]@host) and its
// query parameters.
func flowURLSecrets(raw string, at []any) []flowHit {
	var out []flowHit
	redactedPW := ":" + inventory.Redacted + "@"
	if head, _, _ := strings.Cut(raw, "?"); strings.Contains(head, redactedPW) {
		out = append(out, flowHit{path: at, why: "URL with a password (redacted in the snapshot)"})
		raw = strings.Replace(raw, redactedPW, ":@", 1)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return out
	}
	if pw, set := u.User.Password(); set && pw != "" && !secretfmt.TemplateOnly(pw) {
		out = append(out, flowHit{path: at, why: "URL with a password", value: pw})
	}
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range q[k] {
			if why, ok := flowSecretValue(k, v); ok {
				h := flowHit{path: at, why: fmt.Sprintf("query parameter %q, %s", k, why)}
				if v != inventory.Redacted {
					h.value = v
				}
				out = append(out, h)
			}
		}
	}
	return out
}

// flowWalk collects the secrets of a parameter tree (query parameters,
// body) by their values and member names.
func flowWalk(node any, at []any, name string, out *[]flowHit) {
	switch v := node.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			flowWalk(v[k], append(slices.Clone(at), k), k, out)
		}
	case []any:
		for i, e := range v {
			flowWalk(e, append(slices.Clone(at), i), name, out)
		}
	case string:
		if flowURLScheme.MatchString(v) {
			if hits := flowURLSecrets(v, at); len(hits) > 0 {
				*out = append(*out, hits...)
				return
			}
		}
		if why, ok := flowSecretValue(name, v); ok {
			h := flowHit{path: at, why: why}
			if v != inventory.Redacted {
				h.value = v
			}
			*out = append(*out, h)
		}
	}
}

// flowActionSecrets returns the secrets an action's parameters hold in
// clear: header values, the basic-auth password, the password and query
// parameters of its URL (and of any URL among its parameters), and
// literals of its query parameters, body and other parameters.
func flowActionSecrets(params auth0mgmt.Object) []flowHit {
	var out []flowHit
	var headers map[string]any
	if params.Get("headers", &headers) {
		names := make([]string, 0, len(headers))
		for h := range headers {
			names = append(names, h)
		}
		sort.Strings(names)
		for _, h := range names {
			v, _ := headers[h].(string)
			if why, ok := flowSecretHeader(h, v); ok {
				hit := flowHit{path: []any{"headers", h}, why: why}
				if v != inventory.Redacted {
					hit.value = v
				}
				out = append(out, hit)
			}
		}
	}
	var basic map[string]any
	if params.Get("basic", &basic) {
		if pw, _ := basic["password"].(string); pw != "" && !secretfmt.TemplateOnly(pw) {
			hit := flowHit{path: []any{"basic", "password"}, why: "an HTTP basic authentication password"}
			if pw != inventory.Redacted {
				hit.value = pw
			}
			out = append(out, hit)
		}
	}
	if raw := params.String("url"); raw != "" {
		out = append(out, flowURLSecrets(raw, []any{"url"})...)
	}
	for _, member := range params.Keys() {
		switch member {
		case "headers", "basic", "url", "connection_id":
			continue
		}
		var tree any
		if params.Get(member, &tree) {
			flowWalk(tree, []any{member}, member, &out)
		}
	}
	return out
}

// AL-CODE-015: a Flow action that holds a credential in clear (a header,
// a basic-auth password, a query parameter or body literal) rather than
// taking it from a vault connection.
func checkFlowSecretInClear(t *model.Tenant, r *reporter) {
	flows, _ := t.Flows()
	for i := range flows {
		f := &flows[i]
		for j, a := range f.Actions {
			for _, h := range flowActionSecrets(a.Params) {
				p := path(append([]any{"actions", j, "params"}, h.path...)...)
				shown := inventory.Redacted
				if h.value != "" {
					shown = codeMask(h.value)
				}
				vault := "it uses no vault connection"
				if id := a.Params.String("connection_id"); id != "" {
					vault = "although it also names vault connection " + id
				}
				step := a.Alias
				if step == "" {
					step = a.ID
				}
				r.report(flowResource(f), p, fmt.Sprintf(
					"Flow %q, action %q (%s %s), holds a credential in its configuration at %s (%s: %s); %s: everyone who can read or export the flow, and every tool that does, gets the credential.",
					f.Name, step, a.Type, a.Action, p, h.why, shown, vault),
					map[string]any{"action_id": a.ID, "value": shown, "reason": h.why})
			}
		}
	}
}

// ---- AL-CODE-016 custom token exchange ---------------------------------

// AL-CODE-016: a custom token exchange profile: an Action decides which
// user the tokens it issues stand for. Listed for review (info), low when
// its Action is gone or never deployed.
func checkTokenExchangeProfile(t *model.Tenant, r *reporter) {
	profiles, _ := t.TokenExchangeProfiles()
	if len(profiles) == 0 {
		return
	}
	actions, _ := t.Actions()
	byID := map[string]*auth0mgmt.Action{}
	for i := range actions {
		byID[actions[i].ID] = &actions[i]
	}
	for i := range profiles {
		p := &profiles[i]
		res := tokenExchangeResource(p)
		ev := map[string]any{"action_id": p.ActionID, "subject_token_type": p.SubjectTokenType, "type": p.Type}
		a, ok := byID[p.ActionID]
		switch {
		case !ok && !t.Complete(inventory.KindActions):
			r.skip(res, "the Actions were not all read: the profile's Action is not known", "read:actions")
		case !ok:
			r.reportSev(SeverityLow, res, "action_id", fmt.Sprintf(
				"Custom token exchange profile %q (subject token type %s) names Action %s, which does not exist: the exchange fails, and the profile is stale configuration that mints tokens again as soon as it is pointed at an Action.",
				p.Name, p.SubjectTokenType, p.ActionID), ev)
		default:
			ev["action_name"] = a.Name
			r.reportSev(SeverityInfo, res, "action_id", fmt.Sprintf(
				"Custom token exchange profile %q lets applications trade a %s token for Auth0 tokens of whichever user Action %q sets: the Action's validation of the subject token is all that stands between a forged token and any account; review it.",
				p.Name, p.SubjectTokenType, a.Name), ev)
		}
	}
}
