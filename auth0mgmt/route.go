package auth0mgmt

import "strings"

// isRouteWord reports the literal path segments of the Management API
// routes this package calls (and their neighbours). Every other segment is
// an id, a name or a key and is blanked out of a route.
func isRouteWord(seg string) bool {
	switch seg {
	case "actions", "triggers", "bindings", "versions", "attack-protection",
		"bot-detection", "breached-password-detection", "brute-force-protection",
		"suspicious-ip-throttling", "branding", "templates", "universal-login",
		"themes", "phone", "client-grants", "clients", "credentials",
		"connections", "status", "scim-configuration", "custom-domains",
		"email-templates", "emails", "provider", "guardian", "factors", "policies",
		"hooks", "jobs", "users-exports", "users-imports", "errors", "keys",
		"signing", "encryption", "log-streams", "logs", "network-acls",
		"organizations", "name", "members", "roles", "enabled_connections",
		"invitations", "client-grants-organizations", "permissions", "users",
		"users-by-email", "prompts", "custom-text", "partials", "rendering",
		"resource-servers", "rules", "rules-configs", "tenants", "settings",
		"stats", "daily", "active-users", "sessions", "refresh-tokens",
		"authentication-methods", "identities", "multifactor",
		"recovery-code-regeneration", "forms", "flows", "vault",
		"self-service-profiles", "tokens", "providers", "event-streams",
		"token-exchange-profiles", "user-attribute-profiles",
		"connections-scim-configurations",
		"message-types", "selected-provider", "sms", "twilio", "push-notification", "apns", "sns",
		"duo", "webauthn-platform", "webauthn-roaming", "secrets", "risk-assessments", "new-device":
		return true
	}
	return false
}

// routeOf names the rate bucket a request draws on: the method and the
// path relative to /api/v2/ with every id replaced by "*" ("GET
// organizations/*/members"). Requests to one endpoint share a name
// whatever ids they carry, so that httpx.Buckets learns the endpoint's
// bucket once.
func routeOf(method, path string) string {
	path = strings.Trim(path, "/")
	var b strings.Builder
	b.Grow(len(method) + 1 + len(path))
	b.WriteString(method)
	b.WriteByte(' ')
	for i, seg := range strings.Split(path, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		if isRouteWord(seg) {
			b.WriteString(seg)
		} else {
			b.WriteByte('*')
		}
	}
	return b.String()
}
