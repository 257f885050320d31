package posture

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Connections: where identities come from. Database and passwordless
// connections (signup, password policy, brute-force protection), social
// connections (Auth0's developer keys), enterprise connections (what
// they let the identity provider assert: email_verified above all) and
// SAML (algorithms, debug logging). The checks that read connection
// scripts as code live elsewhere.
func connectionChecks() []check {
	conns := kinds(inventory.KindConnections)
	return []check{
		{id: "AL-CONN-001", needs: kinds(inventory.KindConnections, inventory.KindClients), run: checkConnSignupOpen},
		{id: "AL-CONN-002", needs: conns, run: checkConnWeakPasswordPolicy},
		{id: "AL-CONN-003", needs: conns, run: checkConnShortMinLength},
		{id: "AL-CONN-004", needs: conns, run: checkConnPasswordHistory},
		{id: "AL-CONN-005", needs: conns, run: checkConnPasswordDictionary},
		{id: "AL-CONN-006", needs: conns, run: checkConnPasswordPersonalData},
		{id: "AL-CONN-007", needs: conns, run: checkConnBruteForceOff},
		{id: "AL-CONN-009", needs: conns, run: checkConnTrustEmailVerified},
		{id: "AL-CONN-010", needs: conns, run: checkConnBindAll},
		{id: "AL-CONN-011", needs: conns, run: checkConnSAMLEmailVerified},
		{id: "AL-CONN-013", needs: kinds(inventory.KindConnections, inventory.KindClients), run: checkConnEveryApp},
		{id: "AL-CONN-014", needs: conns, run: checkConnSAMLSHA1},
		{id: "AL-CONN-015", needs: conns, run: checkConnSAMLDebug},
		{id: "AL-CONN-016", needs: conns, run: checkConnDevKeys},
	}
}

// Strategies by what the checks ask of them.
var (
	// connPasswordless are the passwordless strategies.
	connPasswordless = setOf("email", "sms")
	// connBruteForceStrategies carry options.brute_force_protection.
	connBruteForceStrategies = setOf("auth0", "email", "sms", "ad", "auth0-adldap")
	// connEmailVerifiedStrategies carry
	// options.should_trust_email_verified_connection (Azure AD, ADFS).
	connEmailVerifiedStrategies = setOf("waad", "adfs")
	// connOIDCStrategies carry options.attribute_map.
	connOIDCStrategies = setOf("oidc", "okta")
	// connSAMLStrategies are the SAML family (fieldsMap, algorithms,
	// debug).
	connSAMLStrategies = setOf("samlp", "adfs", "pingfederate")
	// connDevKeyStrategies are the social connections for which Auth0
	// offers its own developer keys: without a client_id of their own
	// they log users in through Auth0's shared applications.
	connDevKeyStrategies = setOf("google-oauth2", "facebook", "apple", "windowslive", "linkedin", "github", "twitter")
)

// connOptionsRead reports whether c's options were returned, and records
// c as not judged when they were not.
func connOptionsRead(c *model.Connection, r *reporter) bool {
	if c.HasOptions() {
		return true
	}
	r.skip(connectionResource(c), "connection options not returned", "read:connections_options")
	return false
}

// connOpt returns options.<path...> as the snapshot has it (decoded JSON,
// nil when absent).
func connOpt(c *model.Connection, keys ...string) any {
	o := c.Options
	for i, k := range keys {
		raw, ok := o[k]
		if !ok {
			return nil
		}
		if i == len(keys)-1 {
			var v any
			if json.Unmarshal(raw, &v) != nil {
				return nil
			}
			return v
		}
		var next auth0mgmt.Object
		if json.Unmarshal(raw, &next) != nil || next == nil {
			return nil
		}
		o = next
	}
	return nil
}

// connHasOpt reports whether options.<path...> is present (and not null).
func connHasOpt(c *model.Connection, keys ...string) bool {
	return connOpt(c, keys...) != nil
}

// connPasswordAuth reports whether users of a database connection log in
// with passwords: options.authentication_methods.password.enabled is not
// false (absent means the classic password-only connection).
func connPasswordAuth(c *model.Connection) bool {
	v, ok := connOpt(c, "authentication_methods", "password", "enabled").(bool)
	return !ok || v
}

// connFlexiblePolicy reports whether the connection uses the Flexible
// Password Policy (options.password_options) instead of the legacy
// members.
func connFlexiblePolicy(c *model.Connection) bool {
	return connHasOpt(c, "password_options")
}

// connPasswordDBs returns the database connections whose users log in
// with passwords; those without options are recorded as not judged.
func connPasswordDBs(t *model.Tenant, r *reporter) []*model.Connection {
	cs, _ := t.Connections()
	var out []*model.Connection
	for i := range cs {
		c := &cs[i]
		if !c.IsDatabase() || !connOptionsRead(c, r) || !connPasswordAuth(c) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// connScan calls f for every connection of the strategies in scope (every
// connection when scope is nil) whose options were returned, and records
// those in scope without options as not judged.
func connScan(t *model.Tenant, r *reporter, scope map[string]bool, f func(c *model.Connection)) {
	cs, _ := t.Connections()
	for i := range cs {
		c := &cs[i]
		if !c.HasOptions() {
			if scope == nil || scope[c.Strategy] {
				connOptionsRead(c, r)
			}
			continue
		}
		f(c)
	}
}

// connInteractiveEnabled returns the interactive applications (see
// connInteractive) of the tenant a connection is enabled for, sorted.
// Enabled ids that name no application of the tenant do not count.
func connInteractiveEnabled(t *model.Tenant, c *model.Connection) []string {
	var out []string
	for _, id := range c.EnabledClients {
		if a, ok := t.Client(id); ok && connInteractive(a) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// AL-CONN-001: a database or passwordless connection that lets anyone
// sign up. Signing up (/dbconnections/signup, /passwordless/start) needs
// the client_id of an application the connection is enabled for: a
// connection enabled for no interactive application cannot be signed up
// to. When its applications were not read, it is reported.
func checkConnSignupOpen(t *model.Tenant, r *reporter) {
	cs, _ := t.Connections()
	for i := range cs {
		c := &cs[i]
		if !c.IsDatabase() && !connPasswordless[c.Strategy] {
			continue
		}
		if !connOptionsRead(c, r) || c.DisableSignup() {
			continue
		}
		var apps []string
		if c.EnabledClientsRead {
			apps = connInteractiveEnabled(t, c)
			if len(apps) == 0 {
				continue // no application to sign up through
			}
		}
		kind := "database"
		if connPasswordless[c.Strategy] {
			kind = "passwordless (" + c.Strategy + ")"
		}
		state := "is false"
		if !connHasOpt(c, "disable_signup") {
			state = "is not set (Auth0's default allows signup)"
		}
		ev := map[string]any{"strategy": c.Strategy, "disable_signup": connOpt(c, "disable_signup")}
		through := " (its enabled applications were not read)"
		if c.EnabledClientsRead {
			ev["enabled_clients"] = len(c.EnabledClients)
			ev["interactive_applications"] = len(apps)
			through = fmt.Sprintf(" through any of the %d interactive applications it is enabled for", len(apps))
			if len(apps) == 1 {
				through = " through the interactive application it is enabled for"
			}
		}
		r.report(connectionResource(c), path("options", "disable_signup"), fmt.Sprintf(
			"The %s connection %q lets anyone create an account%s: options.disable_signup %s.", kind, c.Name, through, state), ev)
	}
}

// AL-CONN-002: a database connection with the legacy password strength
// "none" or "low", or none set (Auth0's default is "none": any non-empty
// password).
func checkConnWeakPasswordPolicy(t *model.Tenant, r *reporter) {
	for _, c := range connPasswordDBs(t, r) {
		if connFlexiblePolicy(c) {
			// The Flexible Password Policy replaces the strength levels:
			// AL-CONN-003 judges its length.
			continue
		}
		policy := c.PasswordPolicy()
		var what string
		switch policy {
		case "none", "low":
			what = fmt.Sprintf("password strength is %q", policy)
		case "":
			what = "no password strength is set (Auth0's default is \"none\": any non-empty password)"
		default:
			continue
		}
		ev := map[string]any{"passwordPolicy": connOpt(c, "passwordPolicy")}
		sev := SeverityHigh
		if n, ok := c.PasswordMinLength(); ok {
			ev["min_length"] = n
			if n >= 10 {
				// A long minimum length makes up for much of it.
				sev = SeverityMedium
			}
		}
		r.reportSev(sev, connectionResource(c), path("options", "passwordPolicy"), fmt.Sprintf(
			"The database connection %q accepts weak passwords: %s.", c.Name, what), ev)
	}
}

// AL-CONN-003: a minimum password length set below 8.
func checkConnShortMinLength(t *model.Tenant, r *reporter) {
	for _, c := range connPasswordDBs(t, r) {
		n, ok := c.PasswordMinLength()
		if !ok || n >= 8 {
			continue
		}
		p := path("options", "password_complexity_options", "min_length")
		if connHasOpt(c, "password_options", "complexity", "min_length") {
			p = path("options", "password_options", "complexity", "min_length")
		}
		r.report(connectionResource(c), p, fmt.Sprintf(
			"The database connection %q accepts passwords of %d characters; at least 8 is the floor, 12 or more is better.", c.Name, n),
			map[string]any{"min_length": n, "passwordPolicy": connOpt(c, "passwordPolicy")})
	}
}

// connPasswordOption reports one of the password options that are off:
// the member of the form the connection uses (Flexible Password Policy or
// legacy) and its value.
func connPasswordOption(r *reporter, c *model.Connection, on bool, flexible, legacy, what, consequence string) {
	if on {
		return
	}
	keys := []string{legacy}
	if connFlexiblePolicy(c) {
		keys = []string{"password_options", flexible}
	}
	state := "off"
	if !connHasOpt(c, keys...) {
		state = "off (not set; Auth0's default is off)"
	}
	p := path(append([]any{"options"}, connAnySlice(keys)...)...)
	r.report(connectionResource(c), p, fmt.Sprintf("%s is %s for the database connection %q: %s.", what, state, c.Name, consequence),
		map[string]any{p: connOpt(c, keys...)})
}

func connAnySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// AL-CONN-004: password history off.
func checkConnPasswordHistory(t *model.Tenant, r *reporter) {
	for _, c := range connPasswordDBs(t, r) {
		on, _ := c.PasswordHistory()
		connPasswordOption(r, c, on, "history", "password_history", "Password history",
			"users may set a previous password again, so a leaked password comes back after a reset")
	}
}

// AL-CONN-005: common-password dictionary off.
func checkConnPasswordDictionary(t *model.Tenant, r *reporter) {
	for _, c := range connPasswordDBs(t, r) {
		connPasswordOption(r, c, c.PasswordDictionary(), "dictionary", "password_dictionary", "The common-password dictionary",
			"the passwords attackers try first are accepted")
	}
}

// AL-CONN-006: passwords may contain the user's personal data.
func checkConnPasswordPersonalData(t *model.Tenant, r *reporter) {
	for _, c := range connPasswordDBs(t, r) {
		connPasswordOption(r, c, c.PasswordNoPersonalInfo(), "profile_data", "password_no_personal_info", "The block on personal data in passwords",
			"a password may be the user's name, username or email")
	}
}

// AL-CONN-007: brute-force protection explicitly turned off for a
// connection (absent means on, Auth0's default).
func checkConnBruteForceOff(t *model.Tenant, r *reporter) {
	connScan(t, r, connBruteForceStrategies, func(c *model.Connection) {
		on, set := c.BruteForceProtection()
		if !set || on {
			return
		}
		r.report(connectionResource(c), path("options", "brute_force_protection"), fmt.Sprintf(
			"Brute-force protection is off for the %s connection %q: repeated password or code guesses against one account are never blocked.",
			c.Strategy, c.Name), map[string]any{"strategy": c.Strategy, "brute_force_protection": false})
	})
}

// connOnPremStrategies are the enterprise connections to a directory
// the customer runs itself (ADFS, Active Directory/LDAP, PingFederate):
// only its own administrators set the addresses it sends.
var connOnPremStrategies = setOf("adfs", "ad", "auth0-adldap", "pingfederate")

// AL-CONN-009: every email the identity provider sends is marked
// verified, graded by who can set those addresses: an on-premises
// directory (Auth0's default for ADFS) low, another connection (an Azure
// AD tenant of one organization) medium, Azure AD's common endpoint (any
// Microsoft account) high.
func checkConnTrustEmailVerified(t *model.Tenant, r *reporter) {
	connScan(t, r, connEmailVerifiedStrategies, func(c *model.Connection) {
		v := c.ShouldTrustEmailVerifiedConnection()
		if v != "always_set_emails_as_verified" {
			return
		}
		ev := map[string]any{"strategy": c.Strategy, "should_trust_email_verified_connection": v}
		common := false
		for _, k := range []string{"useCommonEndpoint", "waad_common_endpoint"} {
			if b, ok := c.Options.Bool(k); ok && b {
				ev[k] = true
				common = true
			}
		}
		var sev Severity
		var who string
		switch {
		case c.Strategy == "waad" && common:
			sev = SeverityHigh
			who = "the connection uses Azure AD's common endpoint, so a user of any Microsoft tenant can log in and assert any address"
		case connOnPremStrategies[c.Strategy]:
			sev = SeverityLow
			who = "only the administrators of your own directory can set them (this is Auth0's default for ADFS)"
		default:
			sev = SeverityMedium
			who = "whoever administers that directory can present any address"
		}
		r.reportSev(sev, connectionResource(c), path("options", "should_trust_email_verified_connection"), fmt.Sprintf(
			"The %s connection %q marks every email address its identity provider sends as verified: %s, and every decision on email or email_verified trusts them.",
			c.Strategy, c.Name, who), ev)
	})
}

// AL-CONN-010: every claim of the identity provider, email_verified
// included, is copied onto the profile.
func checkConnBindAll(t *model.Tenant, r *reporter) {
	connScan(t, r, connOIDCStrategies, func(c *model.Connection) {
		mode, _ := connOpt(c, "attribute_map", "mapping_mode").(string)
		if mode != "bind_all" {
			return
		}
		r.report(connectionResource(c), path("options", "attribute_map", "mapping_mode"), fmt.Sprintf(
			"The %s connection %q copies every claim of its identity provider onto the user profile (mapping_mode bind_all, Auth0's default), email_verified included: the provider's own email verification is what Auth0 trusts.",
			c.Strategy, c.Name), map[string]any{"strategy": c.Strategy, "mapping_mode": mode})
	})
}

// AL-CONN-011: a SAML mapping that sets email_verified from an
// assertion attribute.
func checkConnSAMLEmailVerified(t *model.Tenant, r *reporter) {
	connScan(t, r, connSAMLStrategies, func(c *model.Connection) {
		for _, member := range []string{"fieldsMap", "fields_map"} {
			var m auth0mgmt.Object
			if !c.Options.Get(member, &m) || !m.Has("email_verified") {
				continue
			}
			p := path("options", member, "email_verified")
			r.report(connectionResource(c), p, fmt.Sprintf(
				"The %s connection %q maps email_verified from a SAML attribute: the identity provider decides which addresses Auth0 treats as verified.",
				c.Strategy, c.Name), map[string]any{"strategy": c.Strategy, p: connOpt(c, member, "email_verified")})
		}
	})
}

// connInteractive reports whether an application logs users in: a
// single-page, native or regular web application (or one without a type),
// not the global client and not a machine-to-machine application.
func connInteractive(a *auth0mgmt.Application) bool {
	if a.Global != nil && *a.Global {
		return false
	}
	switch a.AppType {
	case "spa", "native", "regular_web", "":
		return true
	}
	return false
}

// AL-CONN-013: a connection enabled for every interactive application
// of a tenant that has several.
func checkConnEveryApp(t *model.Tenant, r *reporter) {
	apps, _ := t.Clients()
	var interactive []string
	for i := range apps {
		if connInteractive(&apps[i]) {
			interactive = append(interactive, apps[i].ClientID)
		}
	}
	if len(interactive) < 3 {
		return
	}
	cs, _ := t.Connections()
	for i := range cs {
		c := &cs[i]
		if !c.EnabledClientsRead {
			r.skip(connectionResource(c), "the connection's enabled applications were not read", "read:connections")
			continue
		}
		all := true
		for _, id := range interactive {
			if !slices.Contains(c.EnabledClients, id) {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		r.report(connectionResource(c), "enabled_clients", fmt.Sprintf(
			"The %s connection %q is enabled for all %d interactive applications of the tenant: whoever has an identity there can log in to each of them.",
			c.Strategy, c.Name, len(interactive)),
			map[string]any{"strategy": c.Strategy, "interactive_applications": len(interactive), "enabled_clients": len(c.EnabledClients)})
	}
}

// AL-CONN-014: SAML requests signed or digested with SHA-1.
// signatureAlgorithm and digestAlgorithm govern only the signing of the
// requests Auth0 sends, which happens only with options.signSAMLRequest
// true.
func checkConnSAMLSHA1(t *model.Tenant, r *reporter) {
	connScan(t, r, setOf("samlp", "pingfederate"), func(c *model.Connection) {
		if signs, _ := c.Options.Bool("signSAMLRequest"); !signs {
			return // requests are not signed: the algorithms are not used
		}
		sig, dig := c.Options.String("signatureAlgorithm"), c.Options.String("digestAlgorithm")
		var member string
		switch {
		case sig == "rsa-sha1":
			member = "signatureAlgorithm"
		case dig == "sha1":
			member = "digestAlgorithm"
		default:
			return
		}
		ev := map[string]any{"strategy": c.Strategy, "signSAMLRequest": true}
		for k, v := range map[string]string{"signatureAlgorithm": sig, "digestAlgorithm": dig} {
			if v != "" {
				ev[k] = v
			}
		}
		r.report(connectionResource(c), path("options", member), fmt.Sprintf(
			"The %s connection %q signs its SAML requests with SHA-1 (signature %s, digest %s), which collision attacks have broken.",
			c.Strategy, c.Name, connOrDefault(sig), connOrDefault(dig)), ev)
	})
}

// connOrDefault names an unset algorithm.
func connOrDefault(s string) string {
	if s == "" {
		return "default"
	}
	return s
}

// AL-CONN-015: SAML debug mode writes full SAML responses to the logs.
func checkConnSAMLDebug(t *model.Tenant, r *reporter) {
	connScan(t, r, setOf("samlp", "pingfederate"), func(c *model.Connection) {
		if on, _ := c.Options.Bool("debug"); !on {
			return
		}
		r.report(connectionResource(c), path("options", "debug"), fmt.Sprintf(
			"The %s connection %q is in debug mode: full SAML responses, with every user attribute, are written to the tenant logs.",
			c.Strategy, c.Name), map[string]any{"strategy": c.Strategy, "debug": true})
	})
}

// AL-CONN-016: a social connection that uses Auth0's developer keys.
func checkConnDevKeys(t *model.Tenant, r *reporter) {
	connScan(t, r, connDevKeyStrategies, func(c *model.Connection) {
		if !connDevKeyStrategies[c.Strategy] || c.Options.String("client_id") != "" {
			return
		}
		r.report(connectionResource(c), path("options", "client_id"), fmt.Sprintf(
			"The %s connection %q has no client_id of its own, so it uses Auth0's shared developer keys: meant for testing only, they show Auth0's consent screen and break SSO, federated logout, MFA and redirects.",
			c.Strategy, c.Name), map[string]any{"strategy": c.Strategy, "client_id": connOpt(c, "client_id")})
	})
}
