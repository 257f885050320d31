// Package version holds the module's version and the User-Agent that every
// HTTP client of the module sends, for the packages that cannot import the
// root. The root package spells both out as authlens.Version and
// authlens.UserAgent (for go doc); a test keeps the two the same.
package version

// Version is the module's semantic version, without the "v" of its git
// tag. It is raised with each release (see CHANGELOG.md); while the
// module is 0.x, a minor release may change the API.
const Version = "0.1.0"

// UserAgent is the User-Agent header of the module's HTTP clients: the
// Management API and its token endpoint (auth0mgmt), SecZetta
// (riskscore/seczetta), and the webhook and Slack alert sinks
// (posture/alerts).
const UserAgent = "authlens/" + Version + " (+https://github.com/authlens/authlens)"
