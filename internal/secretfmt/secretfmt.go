package secretfmt

import (
	"encoding/base64"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// formats are credential formats recognised wherever a value holds them.
var formats = []struct {
	name string
	re   *regexp.Regexp
}{
	{"AWS access key id", regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{"Stripe live secret key", regexp.MustCompile(`\b[sr]k_live_[0-9A-Za-z]{10,}`)},
	{"Slack token", regexp.MustCompile(`\bxox[abpr]-[0-9A-Za-z-]{10,}`)},
	{"GitHub token", regexp.MustCompile(`\bgh[po]_[0-9A-Za-z]{36}\b|\bgithub_pat_[0-9A-Za-z_]{22,}`)},
	{"private key", regexp.MustCompile(`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----`)},
	{"Google API key", regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}`)},
	{"JSON Web Token", regexp.MustCompile(`\beyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]*`)},
	{"bearer token", regexp.MustCompile(`(?i)\bbearer\s+[0-9A-Za-z\-._~+/]{20,}=*`)},
	{"Twilio API key", regexp.MustCompile(`\bSK[0-9a-fA-F]{32}\b`)},
	{"SendGrid API key", regexp.MustCompile(`\bSG\.[0-9A-Za-z_-]{16,}\.[0-9A-Za-z_-]{16,}`)},
}

var (
	basicAuth   = regexp.MustCompile(`(?i)^basic\s+([A-Za-z0-9+/]{8,}={0,2})$`)
	urlPassword = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*://([^/\s:@]+):([^/\s@]+)@`)
)

// placeholders are parts of values that mark them as stand-ins (in lower
// case).
var placeholders = []string{
	"xxxx", "changeme", "change_me", "change-me", "placeholder", "example", "dummy", "sample", "redacted",
	"replace_me", "replaceme", "replace-me", "todo", "****", "${", "{{", "<", "insert_", "insert-",
}

// Format returns the name of the credential format v holds ("AWS access
// key id", "URL with a password", ...), or "" when it holds none. A match
// that is an obvious stand-in, like AWS's documented
// AKIAIOSFODNN7EXAMPLE, does not count.
func Format(v string) string {
	for _, f := range formats {
		for _, m := range f.re.FindAllString(v, -1) {
			if !Placeholder(m) {
				return f.name
			}
		}
	}
	if m := basicAuth.FindStringSubmatch(strings.TrimSpace(v)); m != nil {
		if dec, err := base64.StdEncoding.DecodeString(m[1]); err == nil && strings.Contains(string(dec), ":") && !Placeholder(string(dec)) {
			return "HTTP Basic credentials"
		}
	}
	if m := urlPassword.FindStringSubmatch(v); m != nil {
		pw := m[2]
		switch strings.ToLower(pw) {
		case "pass", "password", "passwd", "pwd", "secret", "changeme":
		default:
			if utf8.RuneCountInString(pw) >= 6 && !Placeholder(pw) {
				return "URL with a password"
			}
		}
	}
	return ""
}

// Placeholder reports whether a value is an obvious stand-in: "your_key",
// "changeme", "xxxx", "<token>", "${TOKEN}", "{{vars.token}}", a value
// that says example or redacted, one character repeated. The empty
// string is not one.
func Placeholder(v string) bool {
	if v == "" {
		return false
	}
	l := strings.ToLower(v)
	if strings.HasPrefix(l, "your_") || strings.HasPrefix(l, "your-") || strings.HasPrefix(l, "your ") ||
		strings.HasPrefix(v, "your") && len(v) > 4 && unicode.IsUpper(rune(v[4])) {
		return true
	}
	for _, p := range placeholders {
		if strings.Contains(l, p) {
			return true
		}
	}
	return strings.Trim(v, string(v[0])) == "" // one character repeated
}

// StripAuthScheme removes an HTTP authentication scheme prefix ("Bearer
// ", "Basic ", "token=", ...) from v.
func StripAuthScheme(v string) string {
	l := strings.ToLower(v)
	for _, p := range []string{"bearer ", "basic ", "token ", "token=", "apikey ", "apikey="} {
		if strings.HasPrefix(l, p) {
			return strings.TrimSpace(v[len(p):])
		}
	}
	return v
}

// TemplateOnly reports whether a value is made of template expressions
// ({{fields.x}}, {{vars.y}}, {{actions.get_token.access_token}}) and an
// authentication scheme only: a reference to a value kept elsewhere, not
// a literal one.
func TemplateOnly(v string) bool {
	rest := v
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			break
		}
		rest = rest[:i] + rest[i+j+2:]
	}
	if rest == v {
		return false
	}
	rest = strings.TrimSpace(StripAuthScheme(strings.TrimSpace(rest) + " "))
	return rest == "" || strings.EqualFold(rest, "bearer") || strings.EqualFold(rest, "basic")
}
