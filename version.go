package authlens

import "github.com/authlens/authlens/internal/version"

// Version is this module's semantic version (without the "v" of its git
// tag), e.g. for a service that reports the libraries it runs on.
const Version = version.Version

// UserAgent is the User-Agent header that the module's HTTP clients send
// unless told otherwise (auth0mgmt.WithUserAgent): "authlens/<Version>
// (+https://github.com/authlens/authlens)".
const UserAgent = version.UserAgent
