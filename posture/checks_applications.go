package posture

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Applications: where they send users and tokens (callbacks, origins,
// logout URLs), which flows they allow, how their tokens are signed and
// how long they live.
func applicationChecks() []check {
	return []check{
		{id: "AL-APP-001", needs: kinds(inventory.KindClients), run: checkAppWildcardCallbacks},
		{id: "AL-APP-002", needs: kinds(inventory.KindClients), run: checkAppWildcardOrigins},
		{id: "AL-APP-003", needs: kinds(inventory.KindClients), run: checkAppInsecureHTTP},
		{id: "AL-APP-004", needs: kinds(inventory.KindClients), run: checkAppLoopbackURLs},
		{id: "AL-APP-005", needs: kinds(inventory.KindClients), run: checkAppUnneededGrants},
		{id: "AL-APP-006", needs: kinds(inventory.KindClients), run: checkAppPasswordGrant},
		{id: "AL-APP-007", needs: kinds(inventory.KindClients), run: checkAppImplicitGrant},
		{id: "AL-APP-008", needs: kinds(inventory.KindClients), run: checkAppLegacyGrants},
		{id: "AL-APP-009", needs: kinds(inventory.KindClients), run: checkAppHS256},
		{id: "AL-APP-010", needs: kinds(inventory.KindClients), run: checkAppCrossOriginAuth},
		{id: "AL-APP-011", needs: kinds(inventory.KindClients), run: checkAppPublicRefreshNotRotating},
		{id: "AL-APP-012", needs: kinds(inventory.KindClients), run: checkAppRefreshNeverExpires},
		{id: "AL-APP-013", needs: kinds(inventory.KindClients), run: checkAppIDTokenLifetime},
		{id: "AL-APP-014", needs: kinds(inventory.KindClients, inventory.KindResourceServers), run: checkAppConsentSkipRedirect},
		{id: "AL-APP-015", needs: kinds(inventory.KindClients), run: checkAppConfidentialWithoutAuth},
		{id: "AL-APP-016", needs: kinds(inventory.KindClients), run: checkAppNotOIDCConformant},
		{id: "AL-APP-017", needs: kinds(inventory.KindClients), run: checkAppTrustsIPHeader},
	}
}

// ---- helpers --------------------------------------------------------------

// appJudged returns the applications the APP checks look at: every client
// but the tenant's global client ("All Applications") and the clients
// that represent an API (app_type resource_server).
func appJudged(t *model.Tenant) []*auth0mgmt.Application {
	cs, _ := t.Clients()
	var out []*auth0mgmt.Application
	for i := range cs {
		c := &cs[i]
		if c.Global != nil && *c.Global {
			continue
		}
		if c.AppType == "resource_server" {
			continue
		}
		out = append(out, c)
	}
	return out
}

// appInteractive reports whether users log in to the application: a
// single-page, native or regular web application, or a legacy client with
// no app_type.
func appInteractive(c *auth0mgmt.Application) bool {
	switch c.AppType {
	case "spa", "native", "regular_web", "":
		return true
	}
	return false
}

// appTypeLabel names the application type for messages.
func appTypeLabel(c *auth0mgmt.Application) string {
	if c.AppType == "" {
		return "legacy, no app_type"
	}
	return c.AppType
}

// appURLList is one URL member of an application.
type appURLList struct {
	member string
	urls   []string
}

// appURLLists returns the URL lists users and tokens are sent to, in a
// fixed order.
func appURLLists(c *auth0mgmt.Application) []appURLList {
	return []appURLList{
		{"callbacks", c.Callbacks},
		{"web_origins", c.WebOrigins},
		{"allowed_origins", c.AllowedOrigins},
		{"allowed_logout_urls", c.AllowedLogoutURLs},
	}
}

// appSplitURL returns the lower-cased scheme and host of an absolute URL.
// URLs with wildcards (a "*" port, say) do not always parse: then the host
// is cut out of the text.
func appSplitURL(raw string) (scheme, host string, ok bool) {
	s := strings.TrimSpace(raw)
	i := strings.Index(s, "://")
	if i <= 0 {
		return "", "", false
	}
	scheme = strings.ToLower(s[:i])
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		host = u.Hostname()
	} else {
		rest := s[i+3:]
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			rest = rest[:j]
		}
		if j := strings.LastIndex(rest, "@"); j >= 0 {
			rest = rest[j+1:]
		}
		switch {
		case strings.HasPrefix(rest, "["):
			if j := strings.Index(rest, "]"); j > 0 {
				rest = rest[1:j]
			}
		default:
			if j := strings.LastIndex(rest, ":"); j >= 0 {
				rest = rest[:j]
			}
		}
		host = rest
	}
	return scheme, strings.TrimSuffix(strings.ToLower(host), "."), true
}

// appLoopbackHost reports whether host names this machine: localhost,
// *.localhost, 127.0.0.0/8 or ::1.
func appLoopbackHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if i := strings.IndexByte(h, '%'); i >= 0 { // IPv6 zone
		h = h[:i]
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// appInsecureHTTP reports whether u is a plain http:// URL to a host
// other than this machine.
func appInsecureHTTP(u string) bool {
	scheme, host, ok := appSplitURL(u)
	return ok && scheme == "http" && !appLoopbackHost(host)
}

// appLoopbackURL reports whether u is an http(s) URL to this machine.
func appLoopbackURL(u string) bool {
	scheme, host, ok := appSplitURL(u)
	return ok && (scheme == "http" || scheme == "https") && appLoopbackHost(host)
}

// URLTraits says what makes a callback, origin or logout URL risky.
type URLTraits struct {
	// Wildcard: the entry holds a "*".
	Wildcard bool
	// PlainHTTP: an http:// URL to a host other than this machine.
	PlainHTTP bool
	// Loopback: an http(s) URL to this machine (localhost, *.localhost,
	// 127.0.0.0/8, ::1).
	Loopback bool
}

// ClassifyURL reads an application's URL entry (a callback, an origin, a
// logout URL) as the application checks do; the alerts on widened URLs
// read it the same way.
func ClassifyURL(u string) URLTraits {
	return URLTraits{Wildcard: appHasWildcard(u), PlainHTTP: appInsecureHTTP(u), Loopback: appLoopbackURL(u)}
}

// appMatching returns the entries of urls that match, sorted.
func appMatching(urls []string, match func(string) bool) []string {
	var out []string
	for _, u := range urls {
		if match(u) {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func appHasWildcard(u string) bool { return strings.Contains(u, "*") }

// appCount writes "1 URL", "2 URLs", "3 entries".
func appCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// appDevWords are the words that mark an application as one for
// development or testing.
var appDevWords = setOf("dev", "develop", "development", "local", "localhost", "test", "testing",
	"staging", "stage", "sandbox", "qa", "preview")

// appIsDev reports whether the application's name or description holds a
// development word as a whole word ("Orders (dev)", "orders-staging"; not
// "Developer portal").
func appIsDev(c *auth0mgmt.Application) bool {
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	for _, s := range []string{c.Name, c.Description} {
		for _, w := range strings.FieldsFunc(strings.ToLower(s), notWord) {
			if appDevWords[w] {
				return true
			}
		}
	}
	return false
}

// appGrants returns the entries of grant_types that match, sorted.
func appGrants(c *auth0mgmt.Application, match func(string) bool) []string {
	return appMatching(c.GrantTypes, match)
}

// appOnlyClientCredentials reports whether a machine-to-machine
// application can get nothing but client-credentials tokens (and so no ID
// tokens).
func appOnlyClientCredentials(c *auth0mgmt.Application) bool {
	if !c.IsM2M() {
		return false
	}
	for _, g := range c.GrantTypes {
		if g != "client_credentials" {
			return false
		}
	}
	return true
}

// appExtraString returns a member of the application the Go type does not
// model ("" when absent).
func appExtraString(c *auth0mgmt.Application, key string) string {
	return auth0mgmt.Object(c.Extra).String(key)
}

// ---- URLs -----------------------------------------------------------------

// AL-APP-001: a callback URL with a wildcard.
func checkAppWildcardCallbacks(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		bad := appMatching(c.Callbacks, appHasWildcard)
		if len(bad) == 0 {
			continue
		}
		r.report(clientResource(c), path("callbacks"), fmt.Sprintf(
			"%q accepts %s with a wildcard (%s): authorization codes and tokens can be sent to any host the pattern matches.",
			c.Name, appCount(len(bad), "callback URL"), sample(bad, 3)), map[string]any{"callbacks": bad})
	}
}

// AL-APP-002: a wildcard in web origins, allowed origins (CORS) or logout
// URLs, one finding per member.
func checkAppWildcardOrigins(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		for _, l := range appURLLists(c)[1:] {
			bad := appMatching(l.urls, appHasWildcard)
			if len(bad) == 0 {
				continue
			}
			r.report(clientResource(c), path(l.member), fmt.Sprintf(
				"%q lists %s in %s with a wildcard (%s): any origin or page the pattern matches is trusted.",
				c.Name, appCount(len(bad), "entry"), l.member, sample(bad, 3)),
				map[string]any{l.member: bad})
		}
	}
}

// appHTTPExposure grades a plain http:// URL by the member that lists it
// and says what crosses the network: callbacks receive codes and tokens,
// origins the browser's token and CORS requests, logout URLs only the
// redirect after logout.
var appHTTPExposure = map[string]struct {
	sev  Severity
	what string
}{
	"callbacks":           {SeverityHigh, "authorization codes and tokens are delivered to them unencrypted"},
	"web_origins":         {SeverityMedium, "the pages that receive tokens from Auth0 in the browser load unencrypted, so anyone on the path can inject script into them"},
	"allowed_origins":     {SeverityMedium, "the pages that call Auth0 from the browser load unencrypted, so anyone on the path can inject script into them"},
	"allowed_logout_urls": {SeverityLow, "users are sent there unencrypted after logout, where anyone on the path can change the page"},
}

// AL-APP-003: a plain http:// URL to a host other than this machine,
// graded by the member: callbacks and the login URI high, origins medium,
// logout URLs low.
func checkAppInsecureHTTP(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		for _, l := range appURLLists(c) {
			bad := appMatching(l.urls, appInsecureHTTP)
			if len(bad) == 0 {
				continue
			}
			x := appHTTPExposure[l.member]
			r.reportSev(x.sev, clientResource(c), path(l.member), fmt.Sprintf(
				"%q lists %s in %s over plain http:// (%s): %s.",
				c.Name, appCount(len(bad), "URL"), l.member, sample(bad, 3), x.what), map[string]any{l.member: bad})
		}
		if u := c.InitiateLoginURI; u != "" && appInsecureHTTP(u) {
			r.reportSev(SeverityHigh, clientResource(c), path("initiate_login_uri"), fmt.Sprintf(
				"%q starts logins from a plain http:// URL (%s): anyone on the path can send users to a login page of their own.", c.Name, u),
				map[string]any{"initiate_login_uri": u})
		}
	}
}

// AL-APP-004: a loopback URL in a production web application. Native
// applications are exempt: loopback redirects are how RFC 8252 has them
// receive the code.
func checkAppLoopbackURLs(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		switch c.AppType {
		case "spa", "regular_web", "":
		default:
			continue
		}
		if appIsDev(c) {
			continue
		}
		for _, l := range appURLLists(c) {
			bad := appMatching(l.urls, appLoopbackURL)
			if len(bad) == 0 {
				continue
			}
			r.report(clientResource(c), path(l.member), fmt.Sprintf(
				"%q (%s) lists %s in %s (%s): they point at the user's own machine, where any program listening on that port can receive what Auth0 sends.",
				c.Name, appTypeLabel(c), appCount(len(bad), "loopback URL"), l.member, sample(bad, 3)), map[string]any{l.member: bad})
		}
	}
}

// ---- grant types ----------------------------------------------------------

const (
	appGrantDeviceCode = "urn:ietf:params:oauth:grant-type:device_code"
	appGrantCIBA       = "urn:openid:params:grant-type:ciba"
)

// appKnownGrants are the grants AL-APP-005 judges; appNeededGrants the
// ones each application type needs.
var (
	appKnownGrants  = setOf("authorization_code", "refresh_token", "client_credentials", appGrantDeviceCode, appGrantCIBA)
	appNeededGrants = map[string]map[string]bool{
		"regular_web":     setOf("authorization_code", "refresh_token", "client_credentials", appGrantCIBA),
		"spa":             setOf("authorization_code", "refresh_token"),
		"native":          setOf("authorization_code", "refresh_token", appGrantDeviceCode),
		"non_interactive": setOf("client_credentials"),
	}
)

// AL-APP-005: grant types the application's type does not need.
func checkAppUnneededGrants(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		needed, ok := appNeededGrants[c.AppType]
		if !ok {
			continue
		}
		bad := appGrants(c, func(g string) bool { return appKnownGrants[g] && !needed[g] })
		if len(bad) == 0 {
			continue
		}
		r.report(clientResource(c), path("grant_types"), fmt.Sprintf(
			"%q is a %s application but allows %s, which that type does not use.",
			c.Name, c.AppType, strings.Join(bad, ", ")),
			map[string]any{"app_type": c.AppType, "grant_types": bad})
	}
}

// AL-APP-006: the resource owner password grant.
func checkAppPasswordGrant(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		bad := appGrants(c, func(g string) bool {
			return g == "password" || g == "http://auth0.com/oauth/grant-type/password-realm"
		})
		if len(bad) == 0 {
			continue
		}
		r.report(clientResource(c), path("grant_types"), fmt.Sprintf(
			"%q allows the resource owner password grant (%s): it takes users' passwords itself and can be used to guess them outside Universal Login.",
			c.Name, strings.Join(bad, ", ")), map[string]any{"grant_types": bad})
	}
}

// AL-APP-007: the implicit grant. Auth0 puts it in the default
// grant_types of applications created through the Management API, so on
// its own it is low; it is medium when tokens in the URL can also reach
// an attacker's page (a wildcard or plain http:// callback) or the
// application runs on the legacy pipeline (oidc_conformant false), where
// implicit responses are not bound by the OIDC rules.
func checkAppImplicitGrant(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		if !c.HasGrant("implicit") {
			continue
		}
		ev := map[string]any{"grant_types": []string{"implicit"}}
		var worse []string
		if bad := appMatching(c.Callbacks, func(u string) bool { return appHasWildcard(u) || appInsecureHTTP(u) }); len(bad) > 0 {
			ev["callbacks"] = bad
			worse = append(worse, fmt.Sprintf("its callbacks include %s, so tokens can be delivered to a host an attacker controls or reads", sample(bad, 2)))
		}
		if c.OIDCConformant != nil && !*c.OIDCConformant {
			ev["oidc_conformant"] = false
			worse = append(worse, "it runs on the legacy pipeline (oidc_conformant false), which keeps the legacy implicit behaviours")
		}
		sev := SeverityLow
		msg := fmt.Sprintf("%q allows the implicit grant: tokens are returned in the browser's URL, where history, logs and scripts can read them (Auth0 adds implicit to the default grant types of applications created through the API; turn it off unless the application uses it).", c.Name)
		if len(worse) > 0 {
			sev = SeverityMedium
			msg = fmt.Sprintf("%q allows the implicit grant: tokens are returned in the browser's URL, where history, logs and scripts can read them; %s.",
				c.Name, strings.Join(worse, "; "))
		}
		r.reportSev(sev, clientResource(c), path("grant_types"), msg, ev)
	}
}

// AL-APP-008: Auth0's legacy grant types.
func checkAppLegacyGrants(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		bad := appGrants(c, func(g string) bool {
			return strings.HasPrefix(g, "http://auth0.com/oauth/legacy/grant-type/")
		})
		if len(bad) == 0 {
			continue
		}
		r.report(clientResource(c), path("grant_types"), fmt.Sprintf(
			"%q allows %s (%s), which Auth0 keeps for old tenants only.", c.Name, appCount(len(bad), "legacy grant type"), sample(bad, 3)),
			map[string]any{"grant_types": bad})
	}
}

// ---- tokens ---------------------------------------------------------------

// AL-APP-009: ID tokens signed with HS256, that is with the client secret.
func checkAppHS256(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		if c.JWTConfiguration == nil || c.JWTConfiguration.Alg != "HS256" || appOnlyClientCredentials(c) {
			continue
		}
		r.report(clientResource(c), path("jwt_configuration", "alg"), fmt.Sprintf(
			"%q has its ID tokens signed with HS256: the key is the client secret, so whoever holds the secret can forge tokens, and a public application's secret is no secret.",
			c.Name), map[string]any{"alg": "HS256", "app_type": c.AppType})
	}
}

// AL-APP-010: cross-origin authentication on.
func checkAppCrossOriginAuth(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		member := ""
		switch {
		case c.CrossOriginAuthentication != nil && *c.CrossOriginAuthentication:
			member = "cross_origin_authentication"
		case c.CrossOriginAuth != nil && *c.CrossOriginAuth:
			member = "cross_origin_auth"
		default:
			continue
		}
		r.report(clientResource(c), path(member), fmt.Sprintf(
			"%q has cross-origin authentication on: its pages may collect users' passwords and post them to Auth0 from another origin.",
			c.Name), map[string]any{member: true})
	}
}

// appPublic reports whether the application cannot keep a secret: a SPA or
// native application, or one with no token endpoint authentication.
func appPublic(c *auth0mgmt.Application) bool {
	return c.AppType == "spa" || c.AppType == "native" || c.IsPublic()
}

// AL-APP-011: a public application's refresh tokens do not rotate.
func checkAppPublicRefreshNotRotating(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		if !appPublic(c) || !c.HasGrant("refresh_token") {
			continue
		}
		if c.RefreshToken == nil {
			r.skip(clientResource(c), "refresh token settings not in the snapshot")
			continue
		}
		if c.RefreshToken.Rotating() {
			continue
		}
		rot := c.RefreshToken.RotationType
		shown := rot
		if shown == "" {
			shown = "absent (non-rotating)"
		}
		r.report(clientResource(c), path("refresh_token", "rotation_type"), fmt.Sprintf(
			"%q is a public application (%s) with refresh tokens that do not rotate (rotation_type %s): a stolen refresh token keeps working and its reuse goes unnoticed.",
			c.Name, appTypeLabel(c), shown), map[string]any{"rotation_type": rot, "app_type": c.AppType,
			"token_endpoint_auth_method": c.TokenEndpointAuthMethod})
	}
}

// AL-APP-012: refresh tokens that never expire.
func checkAppRefreshNeverExpires(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		if !c.HasGrant("refresh_token") {
			continue
		}
		rt := c.RefreshToken
		if rt == nil {
			r.skip(clientResource(c), "refresh token settings not in the snapshot")
			continue
		}
		infinite := rt.InfiniteTokenLifetime != nil && *rt.InfiniteTokenLifetime &&
			rt.InfiniteIdleTokenLifetime != nil && *rt.InfiniteIdleTokenLifetime
		ev := map[string]any{"expiration_type": rt.ExpirationType}
		if rt.InfiniteTokenLifetime != nil {
			ev["infinite_token_lifetime"] = *rt.InfiniteTokenLifetime
		}
		if rt.InfiniteIdleTokenLifetime != nil {
			ev["infinite_idle_token_lifetime"] = *rt.InfiniteIdleTokenLifetime
		}
		switch {
		case rt.ExpirationType == "non-expiring":
			r.report(clientResource(c), path("refresh_token", "expiration_type"), fmt.Sprintf(
				"%q issues refresh tokens that never expire (expiration_type non-expiring): one stolen token gives access for good.",
				c.Name), ev)
		case infinite:
			r.report(clientResource(c), path("refresh_token", "infinite_token_lifetime"), fmt.Sprintf(
				"%q issues refresh tokens with neither a maximum nor an idle lifetime: one stolen token gives access for good.",
				c.Name), ev)
		}
	}
}

// appMaxIDTokenLifetime is the longest ID token lifetime AL-APP-013
// accepts: one day.
const appMaxIDTokenLifetime = 86400

// AL-APP-013: ID tokens valid for more than a day.
func checkAppIDTokenLifetime(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		if c.JWTConfiguration == nil || c.JWTConfiguration.LifetimeInSeconds == nil || appOnlyClientCredentials(c) {
			continue
		}
		lt := c.JWTConfiguration.LifetimeInSeconds
		n, ok := lt.Int()
		if !ok || n <= appMaxIDTokenLifetime {
			continue
		}
		var shown any = n
		if lt.IsString() {
			shown = lt.String()
		}
		r.report(clientResource(c), path("jwt_configuration", "lifetime_in_seconds"), fmt.Sprintf(
			"%q issues ID tokens valid for %d seconds (%.1f days), more than a day.", c.Name, n, float64(n)/86400),
			map[string]any{"lifetime_in_seconds": shown})
	}
}

// ---- consent ---------------------------------------------------------------

// AL-APP-014: a first-party application that Auth0 may redirect to an
// attacker's host (a wildcard or plain http:// callback) while some API
// lets first-party applications skip the consent screen.
func checkAppConsentSkipRedirect(t *model.Tenant, r *reporter) {
	rss, _ := t.ResourceServers()
	var skipping []string
	for _, rs := range rss {
		if rs.IsSystem != nil && *rs.IsSystem {
			continue
		}
		if rs.SkipConsentForVerifiableFirstPartyClients != nil && *rs.SkipConsentForVerifiableFirstPartyClients {
			skipping = append(skipping, apiResource(&rs).Name)
		}
	}
	if len(skipping) == 0 {
		return
	}
	slices.Sort(skipping)
	skipping = slices.Compact(skipping)
	for _, c := range appJudged(t) {
		if !appInteractive(c) || (c.IsFirstParty != nil && !*c.IsFirstParty) {
			continue
		}
		bad := appMatching(c.Callbacks, func(u string) bool {
			scheme, host, ok := appSplitURL(u)
			if ok && (scheme == "http" || scheme == "https") && appLoopbackHost(host) {
				return false // Auth0 always asks for consent on localhost
			}
			return appHasWildcard(u) || appInsecureHTTP(u)
		})
		if len(bad) == 0 {
			continue
		}
		r.report(clientResource(c), path("callbacks"), fmt.Sprintf(
			"%q is a first-party application with %s an attacker may control (%s), and first-party applications skip the consent screen on %s (%s): a crafted login link can deliver tokens for them to the attacker without the user being asked.",
			c.Name, appCount(len(bad), "callback"), sample(bad, 3), appCount(len(skipping), "API"), sample(skipping, 3)),
			map[string]any{"callbacks": bad, "consent_skipping_apis": skipping})
	}
}

// ---- client authentication and protocol -------------------------------------

// AL-APP-015: a confidential application type with no client
// authentication. Clients registered from a Client ID Metadata Document
// are public by their document and exempt.
func checkAppConfidentialWithoutAuth(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		if c.AppType != "regular_web" && c.AppType != "non_interactive" {
			continue
		}
		if c.TokenEndpointAuthMethod != "none" || appExtraString(c, "external_metadata_type") == "cimd" {
			continue
		}
		r.report(clientResource(c), path("token_endpoint_auth_method"), fmt.Sprintf(
			"%q is a %s application but authenticates with nothing at the token endpoint (token_endpoint_auth_method none): anyone who knows its client id can use its grants.",
			c.Name, c.AppType), map[string]any{"app_type": c.AppType, "token_endpoint_auth_method": "none"})
	}
}

// AL-APP-016: an interactive application on the legacy, non-OIDC
// pipeline.
func checkAppNotOIDCConformant(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		if !appInteractive(c) || c.OIDCConformant == nil || *c.OIDCConformant {
			continue
		}
		r.report(clientResource(c), path("oidc_conformant"), fmt.Sprintf(
			"%q (%s) runs on the legacy authentication pipeline (oidc_conformant false), which keeps deprecated flows and token behaviours.",
			c.Name, appTypeLabel(c)), map[string]any{"oidc_conformant": false})
	}
}

// AL-APP-017: the token endpoint trusts the application's
// auth0-forwarded-for header.
func checkAppTrustsIPHeader(t *model.Tenant, r *reporter) {
	for _, c := range appJudged(t) {
		if c.IsTokenEndpointIPHeaderTrusted == nil || !*c.IsTokenEndpointIPHeaderTrusted {
			continue
		}
		r.report(clientResource(c), path("is_token_endpoint_ip_header_trusted"), fmt.Sprintf(
			"%q may set the auth0-forwarded-for header: whoever holds its credentials chooses the IP address that brute-force protection and suspicious IP throttling see.",
			c.Name), map[string]any{"is_token_endpoint_ip_header_trusted": true, "auth_methods": c.AuthMethods()})
	}
}
