package httpx

import (
	"net/url"
	"strings"
)

// Redacted is what stands in place of a secret.
const Redacted = "[REDACTED]"

// Redactor replaces known secret strings with Redacted. The zero value and a
// nil *Redactor redact nothing but are safe to use.
type Redactor struct {
	secrets []string
}

// NewRedactor returns a Redactor for the given secrets. Empty strings are
// ignored; secrets are matched as given and also in their URL-query-escaped
// form, so a secret that travelled in a form body is caught as well.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	seen := map[string]bool{}
	for _, s := range secrets {
		for _, v := range []string{s, url.QueryEscape(s)} {
			if v == "" || seen[v] {
				continue
			}
			seen[v] = true
			r.secrets = append(r.secrets, v)
		}
	}
	// Longest first so that a secret containing another is replaced whole.
	for i := 1; i < len(r.secrets); i++ {
		for j := i; j > 0 && len(r.secrets[j]) > len(r.secrets[j-1]); j-- {
			r.secrets[j], r.secrets[j-1] = r.secrets[j-1], r.secrets[j]
		}
	}
	return r
}

// String returns s with every known secret replaced.
func (r *Redactor) String(s string) string {
	if r == nil {
		return s
	}
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, Redacted)
		}
	}
	return s
}

// sensitiveParam reports whether a query parameter's value must not be shown.
func sensitiveParam(name string) bool {
	n := strings.ToLower(name)
	for _, frag := range []string{"token", "secret", "signature", "key", "credential", "password", "sig", "code", "assertion", "auth"} {
		if strings.Contains(n, frag) {
			return true
		}
	}
	return false
}

// RedactURL renders u for errors and logs: scheme, host and path kept, user
// info dropped, and the value of every query parameter whose name suggests a
// credential (token, secret, signature, key, ...) replaced with Redacted.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.Fragment = ""
	c.RawFragment = ""
	if c.RawQuery != "" {
		q, err := url.ParseQuery(c.RawQuery)
		if err != nil {
			c.RawQuery = Redacted
		} else {
			for k, vs := range q {
				if sensitiveParam(k) {
					for i := range vs {
						vs[i] = Redacted
					}
				}
			}
			c.RawQuery = q.Encode()
		}
	}
	s := c.String()
	return strings.ReplaceAll(s, url.QueryEscape(Redacted), Redacted)
}

// RedactHeader returns a copy of h with credential-bearing headers replaced.
func RedactHeader(h map[string][]string) map[string][]string {
	out := make(map[string][]string, len(h))
	for k, vs := range h {
		lk := strings.ToLower(k)
		if lk == "authorization" || lk == "cookie" || lk == "set-cookie" || lk == "proxy-authorization" || sensitiveParam(lk) {
			out[k] = []string{Redacted}
			continue
		}
		out[k] = append([]string(nil), vs...)
	}
	return out
}
