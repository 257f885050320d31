package authlens

// Version is this module's semantic version (without the "v" of its git
// tag), e.g. for a service that reports the libraries it runs on. It is
// raised with each release (see CHANGELOG.md); while the module is 0.x, a
// minor release may change the API.
const Version = "0.1.0"

// UserAgent is the User-Agent header that the module's HTTP clients send
// unless told otherwise (auth0mgmt.WithUserAgent): the Management API and
// its token endpoint, SecZetta, and the webhook and Slack alert sinks.
const UserAgent = "authlens/" + Version + " (+https://github.com/authlens/authlens)"
