package posture

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Tenant settings: sessions, the extensibility runtime, legacy endpoints
// and flags, the default audience and the custom pages.
func tenantChecks() []check {
	ts := kinds(inventory.KindTenantSettings)
	return []check{
		{id: "AL-TEN-001", needs: ts, run: checkSessionLifetimes},
		{id: "AL-TEN-002", needs: kinds(inventory.KindTenantSettings, inventory.KindRules, inventory.KindHooks, inventory.KindConnections), run: checkSandboxVersion},
		{id: "AL-TEN-003", needs: ts, run: checkLegacyGrantFlags},
		{id: "AL-TEN-004", needs: ts, run: checkLegacyEndpointFlags},
		{id: "AL-TEN-005", needs: ts, run: checkClickjackHeaders},
		{id: "AL-TEN-006", needs: ts, run: checkSignupUserExists},
		{id: "AL-TEN-007", needs: ts, run: checkSMSObfuscation},
		{id: "AL-TEN-008", needs: ts, run: checkDynamicClientRegistration},
		{id: "AL-TEN-009", needs: ts, run: checkDefaultAudience},
		{id: "AL-TEN-010", needs: ts, run: checkCustomPageEscaping},
		{id: "AL-TEN-011", needs: kinds(inventory.KindTenantSettings, inventory.KindConnections), run: checkPasswordlessClientAuth},
	}
}

// tenantSettings returns the settings record, or skips when it is absent.
func tenantSettings(t *model.Tenant, r *reporter) *auth0mgmt.TenantSettings {
	s, _ := t.Settings()
	if s == nil {
		r.skip(settingsResource(), "the tenant settings record is not in the snapshot", "read:tenant_settings")
	}
	return s
}

// Auth0's self-service limits, in hours: sessions end after 30 days
// whatever the activity, and after 3 days of inactivity. Enterprise plans
// may go up to 365 and 100 days.
const (
	tenantMaxSessionHours = 720
	tenantMaxIdleHours    = 72
)

// AL-TEN-001: session lifetimes beyond the self-service limits.
func checkSessionLifetimes(t *model.Tenant, r *reporter) {
	s := tenantSettings(t, r)
	if s == nil {
		return
	}
	var over []string
	if s.SessionLifetime > tenantMaxSessionHours {
		over = append(over, fmt.Sprintf("sessions last up to %s (limit %d hours)", tenantHours(s.SessionLifetime), tenantMaxSessionHours))
	}
	if s.IdleSessionLifetime > tenantMaxIdleHours {
		over = append(over, fmt.Sprintf("idle sessions survive %s (limit %d hours)", tenantHours(s.IdleSessionLifetime), tenantMaxIdleHours))
	}
	if len(over) == 0 {
		return
	}
	p := "session_lifetime"
	if s.SessionLifetime <= tenantMaxSessionHours {
		p = "idle_session_lifetime"
	}
	r.report(settingsResource(), p, "Login sessions outlive Auth0's self-service limits: "+strings.Join(over, "; ")+
		". A stolen session cookie stays useful that long.", map[string]any{
		"session_lifetime":      tenantHoursOrNil(s.SessionLifetime),
		"idle_session_lifetime": tenantHoursOrNil(s.IdleSessionLifetime),
	})
}

func tenantHours(h float64) string {
	if h >= 48 && h == float64(int(h)) && int(h)%24 == 0 {
		return fmt.Sprintf("%g hours (%d days)", h, int(h)/24)
	}
	return fmt.Sprintf("%g hours", h)
}

func tenantHoursOrNil(h float64) any {
	if h == 0 {
		return nil
	}
	return h
}

// tenantMinNode is the oldest Node.js major the extensibility runtime
// should run: Node 18 and 20 are past their end of life.
const tenantMinNode = 22

// tenantKindIncomplete reports whether records of kind k may be missing
// from the snapshot (the listing of a connection's applications does not
// count: it holds no record).
func tenantKindIncomplete(t *model.Tenant, k inventory.Kind) bool {
	if t.Complete(k) {
		return false
	}
	res := t.Snapshot().Kind(k)
	if res == nil || len(res.Gaps) == 0 {
		return true
	}
	for _, g := range res.Gaps {
		if k != inventory.KindConnections || g.Part != "clients" {
			return true
		}
	}
	return false
}

// tenantSandboxUsers returns what runs on the extensibility sandbox
// (enabled Rules and Hooks, custom database scripts that are on, custom
// social connection scripts), sorted, and what could not be told.
func tenantSandboxUsers(t *model.Tenant) (users, unknown []string) {
	rules, _ := t.Rules()
	for i := range rules {
		if rules[i].Enabled {
			users = append(users, fmt.Sprintf("Rule %q", rules[i].Name))
		}
	}
	if tenantKindIncomplete(t, inventory.KindRules) {
		unknown = append(unknown, "the Rules were not all read")
	}
	hooks, _ := t.Hooks()
	for i := range hooks {
		if hooks[i].Enabled {
			users = append(users, fmt.Sprintf("Hook %q", hooks[i].Name))
		}
	}
	if tenantKindIncomplete(t, inventory.KindHooks) {
		unknown = append(unknown, "the Hooks were not all read")
	}
	conns, _ := t.Connections()
	for i := range conns {
		c := &conns[i]
		social := c.Strategy == "oauth2" || c.Strategy == "oauth1"
		if !c.IsDatabase() && !social {
			continue
		}
		if !c.HasOptions() {
			unknown = append(unknown, fmt.Sprintf("the options of connection %q were not read", c.Name))
			continue
		}
		if c.IsDatabase() {
			if c.EnabledDatabaseCustomization() {
				users = append(users, fmt.Sprintf("the custom database scripts of %q", c.Name))
			}
			continue
		}
		var scripts auth0mgmt.Object
		if c.Options.Get("scripts", &scripts) {
			for _, name := range scripts.Keys() {
				if strings.TrimSpace(scripts.String(name)) != "" {
					users = append(users, fmt.Sprintf("the scripts of custom social connection %q", c.Name))
					break
				}
			}
		}
	}
	if tenantKindIncomplete(t, inventory.KindConnections) {
		unknown = append(unknown, "the connections were not all read")
	}
	slices.Sort(users)
	slices.Sort(unknown)
	return users, unknown
}

// AL-TEN-002: the extensibility sandbox (custom database scripts, Rules,
// Hooks, custom social connection scripts) is an old Node.js: high when
// code runs on it, or when the scan could not tell; info when nothing
// does.
func checkSandboxVersion(t *model.Tenant, r *reporter) {
	s := tenantSettings(t, r)
	if s == nil {
		return
	}
	major, ok := tenantNodeMajor(s.SandboxVersion)
	if !ok {
		r.skip(settingsResource(), fmt.Sprintf("sandbox_version %q is absent or not a Node.js version", s.SandboxVersion))
		return
	}
	if major >= tenantMinNode {
		return
	}
	users, unknown := tenantSandboxUsers(t)
	ev := map[string]any{"sandbox_version": s.SandboxVersion}
	head := fmt.Sprintf("The extensibility sandbox (custom database scripts, Rules, Hooks, custom social connection scripts) runs Node.js %d, which no longer gets security fixes (use Node.js %d)", major, tenantMinNode)
	switch {
	case len(users) > 0:
		ev["running_on_it"] = users
		r.reportSev(SeverityHigh, settingsResource(), "sandbox_version", fmt.Sprintf("%s; %s run on it.", head, sample(users, 3)), ev)
	case len(unknown) > 0:
		ev["not_read"] = unknown
		r.reportSev(SeverityHigh, settingsResource(), "sandbox_version", fmt.Sprintf(
			"%s; whether any code runs on it could not be told (%s), so it is treated as in use.", head, strings.Join(unknown, "; ")), ev)
	default:
		ev["running_on_it"] = []string{}
		r.reportSev(SeverityInfo, settingsResource(), "sandbox_version", head+
			"; nothing runs on it now (no enabled Rule or Hook, no custom database or custom social connection scripts), so it matters only when such code is added.", ev)
	}
}

// tenantNodeMajor reads the major number of "22", "18.20.1", "node18" or
// "v16".
func tenantNodeMajor(v string) (int, bool) {
	v = strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(v)), "node"), "v")
	end := 0
	for end < len(v) && v[end] >= '0' && v[end] <= '9' {
		end++
	}
	n, err := strconv.Atoi(v[:end])
	return n, err == nil
}

// tenantFlag is one tenant flag the checks read.
type tenantFlag struct {
	name  string
	value func(*auth0mgmt.TenantFlags) bool
	why   string
}

// tenantReportFlags reports each flag that is true: one finding per flag.
func tenantReportFlags(t *model.Tenant, r *reporter, flags ...tenantFlag) {
	s := tenantSettings(t, r)
	if s == nil || s.Flags == nil {
		return
	}
	for _, f := range flags {
		if !f.value(s.Flags) {
			continue
		}
		r.report(settingsResource(), path("flags", f.name), fmt.Sprintf("flags.%s is true: %s", f.name, f.why),
			map[string]any{f.name: true})
	}
}

// AL-TEN-003: legacy resource-owner or delegation grants allowed.
func checkLegacyGrantFlags(t *model.Tenant, r *reporter) {
	tenantReportFlags(t, r,
		tenantFlag{"allow_legacy_ro_grant_types", func(f *auth0mgmt.TenantFlags) bool { return f.AllowLegacyROGrantTypes },
			"applications may use the deprecated /oauth/ro endpoint, which exchanges a password or one-time code for tokens outside the OIDC-conformant pipeline."},
		tenantFlag{"allow_legacy_delegation_grant_types", func(f *auth0mgmt.TenantFlags) bool { return f.AllowLegacyDelegationGrantTypes },
			"applications may use the deprecated /delegation endpoint, which trades one application's ID token for another's tokens."},
	)
}

// AL-TEN-004: the legacy /tokeninfo endpoint or legacy user profile.
func checkLegacyEndpointFlags(t *model.Tenant, r *reporter) {
	tenantReportFlags(t, r,
		tenantFlag{"allow_legacy_tokeninfo_endpoint", func(f *auth0mgmt.TenantFlags) bool { return f.AllowLegacyTokenInfoEndpoint },
			"the deprecated /tokeninfo endpoint answers with the full user profile for an ID token."},
		tenantFlag{"enable_legacy_profile", func(f *auth0mgmt.TenantFlags) bool { return f.EnableLegacyProfile },
			"ID tokens and /userinfo of legacy flows carry the complete user profile, metadata included."},
	)
}

// AL-TEN-005: clickjacking protection headers off.
func checkClickjackHeaders(t *model.Tenant, r *reporter) {
	tenantReportFlags(t, r, tenantFlag{"disable_clickjack_protection_headers",
		func(f *auth0mgmt.TenantFlags) bool { return f.DisableClickjackProtectionHeaders },
		"Classic Universal Login pages are sent without the headers that forbid framing, so another site can frame the login page and trick users into clicking."})
}

// AL-TEN-006: sign-up reveals whether an account exists.
func checkSignupUserExists(t *model.Tenant, r *reporter) {
	tenantReportFlags(t, r, tenantFlag{"enable_public_signup_user_exists_error",
		func(f *auth0mgmt.TenantFlags) bool { return f.EnablePublicSignupUserExistsError },
		"public sign-up answers \"user exists\" for a taken address, so anyone can test which emails have accounts."})
}

// AL-TEN-007: phone numbers in clear in Management API answers.
func checkSMSObfuscation(t *model.Tenant, r *reporter) {
	tenantReportFlags(t, r, tenantFlag{"disable_management_api_sms_obfuscation",
		func(f *auth0mgmt.TenantFlags) bool { return f.DisableManagementAPISMSObfuscation },
		"Management API answers show users' SMS phone numbers in clear to every holder of a read token."})
}

// AL-TEN-008: open dynamic client registration.
func checkDynamicClientRegistration(t *model.Tenant, r *reporter) {
	tenantReportFlags(t, r, tenantFlag{"enable_dynamic_client_registration",
		func(f *auth0mgmt.TenantFlags) bool { return f.EnableDynamicClientRegistration },
		"anyone can register a third-party application at /oidc/register without a token and use it to phish consent from your users."})
}

// AL-TEN-009: a default audience.
func checkDefaultAudience(t *model.Tenant, r *reporter) {
	s := tenantSettings(t, r)
	if s == nil || s.DefaultAudience == "" {
		return
	}
	what := fmt.Sprintf("API %q", s.DefaultAudience)
	if strings.EqualFold(strings.TrimSuffix(s.DefaultAudience, "/"), strings.TrimSuffix(t.ManagementAudience(), "/")) {
		what = "the Management API"
	}
	r.report(settingsResource(), "default_audience", fmt.Sprintf(
		"Every token request that names no audience gets an access token for %s, from every application of the tenant.", what),
		map[string]any{"default_audience": s.DefaultAudience})
}

// tenantPage is a custom page whose HTML Auth0 renders with Liquid.
type tenantPage struct {
	member, name string
	html         string
}

// AL-TEN-010: the custom error page renders Liquid output without
// escaping.
func checkCustomPageEscaping(t *model.Tenant, r *reporter) {
	s := tenantSettings(t, r)
	if s == nil {
		return
	}
	var pages []tenantPage
	if s.ErrorPage != nil && s.ErrorPage.HTML != "" {
		pages = append(pages, tenantPage{"error_page", "custom error page", s.ErrorPage.HTML})
	}
	// Only the error page: it prints values of the failed request's query
	// (error, error_description). The classic password reset and MFA page
	// templates print values Auth0 computes, and Auth0's own stock
	// templates print them unescaped: judging them would flag Auth0's
	// defaults.
	for _, p := range pages {
		exprs := tenantUnescapedOutputs(p.html)
		if len(exprs) == 0 {
			continue
		}
		// The message names the variables only: the tags' braces are
		// mangled by SARIF viewers and stay in the evidence.
		r.report(settingsResource(), path(p.member, "html"), fmt.Sprintf(
			"The %s prints %d Liquid output(s) without the escape filter (%s): a value from the request can inject script into the page.",
			p.name, len(exprs), sample(tenantLiquidVariables(exprs), 3)), map[string]any{"expressions": exprs})
	}
}

var (
	// Liquid blocks whose content is not rendered as Liquid output.
	tenantLiquidRaw     = regexp.MustCompile(`(?s)\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}`)
	tenantLiquidComment = regexp.MustCompile(`(?s)\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}`)
	// An output tag: {{ expression }} (with optional whitespace control).
	tenantLiquidOutput = regexp.MustCompile(`(?s)\{\{-?(.*?)-?\}\}`)
	tenantNumber       = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
)

// tenantEscapingFilters make an output safe to place in HTML.
var tenantEscapingFilters = setOf("escape", "escape_once", "url_encode")

// tenantUnescapedOutputs returns the output tags of a Liquid template that
// print a variable without an escaping filter, sorted and distinct (long
// tags shortened).
func tenantUnescapedOutputs(html string) []string {
	html = tenantLiquidRaw.ReplaceAllString(html, "")
	html = tenantLiquidComment.ReplaceAllString(html, "")
	var out []string
	for _, m := range tenantLiquidOutput.FindAllStringSubmatch(html, -1) {
		parts := tenantSplitOutside(m[1], '|')
		escaped := false
		literal := tenantLiquidLiteral(parts[0])
		for _, f := range parts[1:] {
			name, args, _ := strings.Cut(f, ":")
			if tenantEscapingFilters[strings.TrimSpace(name)] {
				escaped = true
			}
			for _, a := range tenantSplitOutside(args, ',') {
				if strings.TrimSpace(a) != "" && !tenantLiquidLiteral(a) {
					literal = false
				}
			}
		}
		if escaped || literal {
			continue
		}
		tag := strings.Join(strings.Fields(m[0]), " ")
		if len(tag) > 120 {
			tag = tag[:117] + "..."
		}
		out = append(out, tag)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// tenantLiquidVariables returns the expressions the output tags print
// (the tag without its braces and filters), sorted and distinct.
func tenantLiquidVariables(tags []string) []string {
	var out []string
	for _, tag := range tags {
		m := tenantLiquidOutput.FindStringSubmatch(tag)
		if m == nil {
			continue
		}
		v := strings.TrimSpace(tenantSplitOutside(m[1], '|')[0])
		v = strings.Trim(strings.Map(func(r rune) rune {
			if r == '{' || r == '}' {
				return -1
			}
			return r
		}, v), " -")
		if v != "" {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// tenantLiquidLiteral reports whether a Liquid expression is a constant
// (a quoted string, a number, true, false, nil, empty or blank).
func tenantLiquidLiteral(e string) bool {
	e = strings.TrimSpace(e)
	if len(e) >= 2 && (e[0] == '\'' || e[0] == '"') && e[len(e)-1] == e[0] && !strings.ContainsRune(e[1:len(e)-1], rune(e[0])) {
		return true
	}
	switch e {
	case "true", "false", "nil", "null", "empty", "blank":
		return true
	}
	return tenantNumber.MatchString(e)
}

// tenantSplitOutside splits s at sep where sep is not inside a quoted
// string.
func tenantSplitOutside(s string, sep byte) []string {
	var parts []string
	var quote byte
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// tenantPasswordlessStrategies are the passwordless connections whose
// codes and links /passwordless/start sends.
var tenantPasswordlessStrategies = setOf("sms", "email")

// AL-TEN-011: /passwordless/start does not require client authentication
// while passwordless connections exist.
func checkPasswordlessClientAuth(t *model.Tenant, r *reporter) {
	s := tenantSettings(t, r)
	if s == nil {
		return
	}
	var flags *auth0mgmt.TenantFlags
	var value any
	if s.Flags != nil {
		flags = s.Flags
		if v, set := tenantExplicitBool(flags.EnforceClientAuthenticationOnPasswordlessStart, flags.Extra,
			"enforce_client_authentication_on_passwordless_start"); set {
			value = v
		}
	}
	if flags != nil && flags.EnforceClientAuthenticationOnPasswordlessStart {
		return
	}
	cs, _ := t.Connections()
	var names []string
	for _, c := range cs {
		if tenantPasswordlessStrategies[c.Strategy] {
			names = append(names, c.Name)
		}
	}
	if len(names) == 0 {
		return
	}
	slices.Sort(names)
	r.report(settingsResource(), path("flags", "enforce_client_authentication_on_passwordless_start"), fmt.Sprintf(
		"/passwordless/start does not require client authentication while %d passwordless connection(s) exist (%s): anyone with a public client id can make the tenant send codes and links (SMS pumping, email floods).",
		len(names), sample(names, 3)), map[string]any{
		"enforce_client_authentication_on_passwordless_start": value,
		"passwordless_connections":                            names,
	})
}
