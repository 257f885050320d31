package alerts

import "github.com/authlens/authlens/posture"

// The rule ids. They are stable across releases.
const (
	RuleGrantWidened         = "ALR-GRANT-001"
	RuleNewM2MWithMgmtGrant  = "ALR-GRANT-002"
	RuleActionDeployed       = "ALR-CODE-001"
	RuleRuleChanged          = "ALR-CODE-002"
	RuleHookChanged          = "ALR-CODE-003"
	RuleActionBound          = "ALR-CODE-004"
	RuleBruteForceDown       = "ALR-ATK-001"
	RuleSuspiciousIPDown     = "ALR-ATK-002"
	RuleBreachedPasswordDown = "ALR-ATK-003"
	RuleBotDetectionDown     = "ALR-ATK-004"
	RuleMFAPolicyEmptied     = "ALR-MFA-001"
	RuleMFAFactorDisabled    = "ALR-MFA-002"
	RuleConnEveryApp         = "ALR-CONN-001"
	RuleConnSignupOpened     = "ALR-CONN-002"
	RuleConnPasswordWeaker   = "ALR-CONN-003"
	RuleConnBruteForceOff    = "ALR-CONN-004"
	RuleRoleWritePerms       = "ALR-ROLE-001"
	RuleRoleMembersAdded     = "ALR-ROLE-002"
	RuleAppURLsWidened       = "ALR-APP-001"
	RuleAppHS256             = "ALR-APP-002"
	RuleAppRiskyGrant        = "ALR-APP-003"
	RuleAPIHS256             = "ALR-API-001"
	RuleLogStreamStopped     = "ALR-LOG-001"
	RuleTenantSessions       = "ALR-TEN-001"
	RuleTenantFlags          = "ALR-TEN-002"
	RuleTenantLogoutURLs     = "ALR-TEN-003"
	RuleTenantDefaults       = "ALR-TEN-004"
	RuleDomainChanged        = "ALR-DOM-001"
	RuleDomainLoosened       = "ALR-DOM-002"
	RuleOrgConnOpened        = "ALR-ORG-001"
	RuleOrgMemberRoles       = "ALR-ORG-002"
	RuleEmailProviderChanged = "ALR-EMAIL-001"
	RuleFindingNew           = "ALR-FIND-001"
	RuleFindingResolved      = "ALR-FIND-002"
	RuleLostSight            = "ALR-SCAN-001"
)

// RuleInfo describes a rule.
type RuleInfo struct {
	ID string `json:"id"`
	// Severity is the highest severity the rule raises by itself (new
	// findings attached to an alert may raise it further).
	Severity posture.Severity `json:"severity"`
	Title    string           `json:"title"`
	// Condition says what raises it; Why, why it matters.
	Condition string `json:"condition"`
	Why       string `json:"why"`
}

var rules = []RuleInfo{
	{RuleGrantWidened, posture.SeverityCritical, "Management API grant added or widened",
		"a client grant on the Management API is new, or gained scopes; graded by the scopes added: take-over scopes critical, delete or bulk-read high, other writes medium, other reads low",
		"A Management API grant is a standing key to the tenant: whoever holds the application's credentials can use every scope it lists, without a user, MFA or a log-in anyone sees."},
	{RuleNewM2MWithMgmtGrant, posture.SeverityCritical, "New machine-to-machine application with Management API access",
		"a machine-to-machine application was created with a Management API grant (graded as ALR-GRANT-001)",
		"A new application with Management API scopes is a new credential that can change the tenant; attackers who gained an admin session create one to keep access."},
	{RuleActionDeployed, posture.SeverityMedium, "Deployed Action added or its code changed",
		"an Action with a deployed version was added, deployed for the first time, or its deployed code changed; new code and attack-path findings on it are attached and raise the severity",
		"Deployed Actions run at every login or registration with the power to add scopes, claims and skip MFA: changed code changes who gets in and with what."},
	{RuleRuleChanged, posture.SeverityMedium, "Rule added, enabled or its script changed",
		"an enabled Rule was added, a Rule was enabled, or an enabled Rule's script changed; new findings on it are attached",
		"Rules run at every login with full access to the user and the tokens: a changed Rule changes who gets in and with what."},
	{RuleHookChanged, posture.SeverityMedium, "Hook added, enabled or its script changed",
		"an enabled Hook was added, a Hook was enabled, or an enabled Hook's script changed; new findings on it are attached",
		"Hooks run at registration and token exchange and can add scopes to machine tokens."},
	{RuleActionBound, posture.SeverityMedium, "Action bound to a trigger",
		"an Action was added to a trigger's flow (post-login, pre-user-registration, ...); new findings on it are attached",
		"An Action runs only once bound: binding it puts its code on every login or registration."},
	{RuleBruteForceDown, posture.SeverityHigh, "Brute-force protection turned down",
		"brute-force protection disabled (high) or its block shield removed (high), its allowlist grown (medium), its user notification removed or its threshold raised (low)",
		"Brute-force protection is what stops password guessing against one account."},
	{RuleSuspiciousIPDown, posture.SeverityHigh, "Suspicious IP throttling turned down",
		"suspicious IP throttling disabled or its block shield removed (high), its allowlist grown (medium), its thresholds raised or admin notification removed (low)",
		"IP throttling is what slows credential stuffing from one address across many accounts."},
	{RuleBreachedPasswordDown, posture.SeverityHigh, "Breached password detection turned down",
		"breached password detection disabled or its block shield removed (high), blocking at sign-up or password change removed (medium), notifications removed or the method downgraded (low)",
		"Breached password detection stops logins and sign-ups with passwords attackers already have."},
	{RuleBotDetectionDown, posture.SeverityMedium, "Bot detection lowered",
		"bot detection's level or a challenge policy lowered, monitoring mode turned on, or its allowlist grown",
		"Bot detection puts a CAPTCHA in front of scripted logins, sign-ups and password resets."},
	{RuleMFAPolicyEmptied, posture.SeverityHigh, "MFA policy emptied",
		"the tenant's MFA policy lost all-applications (high when nothing is left, medium when only the adaptive policy is)",
		"Without an MFA policy, a stolen password is enough to log in, unless an Action asks for MFA."},
	{RuleMFAFactorDisabled, posture.SeverityHigh, "MFA factor disabled",
		"an MFA factor was disabled or removed, or its trial expired (medium; high when no usable factor is left: recovery codes and expired trials do not count)",
		"Users enrolled with a factor that is turned off lose it, and with no factor left nobody can be asked for MFA."},
	{RuleConnEveryApp, posture.SeverityMedium, "Connection enabled for every application",
		"a connection became enabled for every application users log in to (at least two; machine-to-machine ones aside)",
		"A connection enabled for every application lets its users (social accounts, a partner's directory, open sign-ups) log in to applications meant for others."},
	{RuleConnSignupOpened, posture.SeverityMedium, "Signup opened on a connection",
		"a connection's options.disable_signup went from true to false or absent",
		"Open sign-up lets anyone create an account, and with it reach whatever the applications give any logged-in user."},
	{RuleConnPasswordWeaker, posture.SeverityHigh, "Password policy weakened",
		"a connection's password strength lowered (high to none or low, else medium), its minimum length lowered (medium below 8, else low), or its history, dictionary or personal-data rules turned off (low)",
		"Weaker password rules make guessing and credential stuffing work."},
	{RuleConnBruteForceOff, posture.SeverityHigh, "Brute-force protection turned off for a connection",
		"a connection's options.brute_force_protection went from true (or absent) to false",
		"Without it, repeated password guesses against one account of the connection are never blocked."},
	{RuleRoleWritePerms, posture.SeverityCritical, "Role gained write or delete permissions",
		"a role gained permissions that write or delete; on the Management API graded like grants (take-over critical, delete or bulk-read high, writes medium), on other APIs delete or admin medium, other writes low",
		"Every user holding the role, and every user assigned to it later, gets the new power at their next login."},
	{RuleRoleMembersAdded, posture.SeverityHigh, "Users assigned to a role with write or delete permissions",
		"users were assigned to a role holding write or delete permissions; graded by the role's strongest: Management API take-over high, other Management API writes medium, delete or admin low, other writes info",
		"Role assignment is how a compromised admin session, or an Action writing roles from metadata, hands out privilege."},
	{RuleAppURLsWidened, posture.SeverityHigh, "Application URLs widened",
		"an application gained a callback, origin or logout URL with a wildcard (callbacks high, others medium), over plain http:// (callbacks high, others medium) or to localhost (callbacks medium, others low)",
		"Callbacks and origins decide where Auth0 sends codes and tokens: a wildcard or an http URL lets an attacker's page receive them."},
	{RuleAppHS256, posture.SeverityHigh, "Application ID tokens moved to HS256",
		"an application's jwt_configuration.alg became HS256",
		"HS256 ID tokens are signed with the client secret: anyone holding it (every copy of a public application's secret) can mint tokens."},
	{RuleAppRiskyGrant, posture.SeverityHigh, "Application allowed a risky grant type",
		"an application gained the password, implicit or a legacy grant type (password and legacy high, implicit medium)",
		"These grants hand tokens to the application without the protections of the authorization code flow."},
	{RuleAPIHS256, posture.SeverityHigh, "API access tokens moved to HS256",
		"an API's signing_alg became HS256",
		"HS256 access tokens are signed with a shared secret every verifier holds: any of them can mint tokens."},
	{RuleLogStreamStopped, posture.SeverityHigh, "Log stream paused, suspended or removed",
		"an active log stream was paused, suspended or removed (medium; high when no active stream is left)",
		"Log streams are how a security team sees logins and changes; attackers turn them off first."},
	{RuleTenantSessions, posture.SeverityMedium, "Tenant sessions lengthened",
		"the tenant's session_lifetime raised beyond 720 hours or its idle_session_lifetime beyond 72 hours (Auth0's self-service limits) (medium), or its session cookie made persistent (low)",
		"The longer a session lives, the longer a stolen session cookie, or a shared computer left logged in, opens the account."},
	{RuleTenantFlags, posture.SeverityHigh, "Tenant flag lowered security",
		"a tenant flag turned on that opens the tenant: dynamic client registration, legacy /oauth/ro or /delegation grants (high); ID tokens as Management API credentials, the legacy change password flow, /tokeninfo, the legacy profile, clickjacking headers off (medium); user-exists errors at sign-up, SMS numbers in clear, connections enabled for new applications (low); or a protective one turned off: client authentication on /passwordless/start (medium), enterprise connections undisclosed, grant revoked with its refresh token (low)",
		"These flags switch on endpoints and behaviours Auth0 keeps only for old integrations: each is a way in (registering applications, trading passwords or ID tokens for tokens) or a way to learn about users that the tenant had closed."},
	{RuleTenantLogoutURLs, posture.SeverityMedium, "Tenant logout URLs widened",
		"the tenant's allowed_logout_urls gained a URL with a wildcard or over plain http:// (medium) or to localhost (low)",
		"After logout Auth0 redirects only to the listed URLs: a wildcard or an http URL turns the tenant's logout into an open redirect for phishing."},
	{RuleTenantDefaults, posture.SeverityMedium, "Tenant default audience or directory changed",
		"the tenant's default_audience or default_directory was set or changed",
		"The default audience decides which API every token request that names none gets an access token for; the default directory, which connection the password grant checks passwords against."},
	{RuleDomainChanged, posture.SeverityMedium, "Custom domain added, removed or no longer ready",
		"a custom domain was added (medium), went from ready to another status (medium), or was removed (low)",
		"Users log in, and Auth0 sets its session cookies, on the custom domain: a new one is a new host trusted with credentials, and one no longer ready may have lost its DNS record to someone else."},
	{RuleDomainLoosened, posture.SeverityHigh, "Custom domain trusts a client IP header or accepts old TLS",
		"a custom domain's custom_client_ip_header was set or changed (high), or its tls_policy became compatible (medium)",
		"Auth0 takes the client's IP from that header: unless the proxy in front overwrites it, anyone can set it and slip past IP throttling, brute-force blocks and allowlists; the compatible TLS policy accepts TLS 1.0 and 1.1."},
	{RuleOrgConnOpened, posture.SeverityMedium, "Organization connection enabled or opened",
		"a connection was enabled for an organization, or its assign_membership_on_login or is_signup_enabled turned on; a new organization reports the latter only; new findings on it (AL-ORG-001) are attached and raise the severity",
		"Whoever can log in or sign up through an organization's connection can enter the organization, and with membership on login becomes a member, with whatever the organization's applications give members."},
	{RuleOrgMemberRoles, posture.SeverityHigh, "Members given a role in an organization",
		"organization members were given, in the organization, a role holding write or delete permissions; graded as ALR-ROLE-002 by the role's strongest (tenant-wide role assignments are ALR-ROLE-002's)",
		"A role given in an organization puts its permissions in the member's tokens for that organization: it hands out privilege as a tenant-wide assignment does."},
	{RuleEmailProviderChanged, posture.SeverityMedium, "Email provider changed or disabled",
		"the email provider was configured, or its name, SMTP host, sending domain or default_from_address changed (medium); or it was disabled or removed (low)",
		"Password reset, verification and magic links travel through the email provider: a new relay reads them all, and a new from address is what phishing mails imitate; without a provider, mail goes through Auth0's rate-limited test provider."},
	{RuleFindingNew, posture.SeverityCritical, "New posture finding",
		"a posture finding at or above Options.MinSeverity that was not in the old result (by fingerprint), graded as the finding",
		"The tenant's posture got worse since the last scan."},
	{RuleFindingResolved, posture.SeverityInfo, "Posture finding resolved",
		"a posture finding at or above Options.MinSeverity is gone from the new result, its check having judged the resource",
		"The tenant's posture improved: the finding no longer holds."},
	{RuleLostSight, posture.SeverityMedium, "The scanner lost sight of a kind",
		"a kind read before became forbidden (a scope removed from the scanner's grant) or failed",
		"Changes to what the scanner cannot read raise no alert: someone may have removed the scope on purpose."},
}

var ruleByID = func() map[string]RuleInfo {
	m := make(map[string]RuleInfo, len(rules))
	for _, r := range rules {
		m[r.ID] = r
	}
	return m
}()

// Rules returns every rule, grouped by what it watches.
func Rules() []RuleInfo {
	out := append([]RuleInfo(nil), rules...)
	return out
}

// LookupRule returns the rule with this id.
func LookupRule(id string) (RuleInfo, bool) {
	r, ok := ruleByID[id]
	return r, ok
}
