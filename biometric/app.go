package biometric

import (
	"net/url"
	"slices"
	"strings"
)

// StepUpACRValues returns acrValues (a space-separated list) with
// [ACRMultiFactor] added once.
func StepUpACRValues(acrValues string) string {
	fields := strings.Fields(acrValues)
	if slices.Contains(fields, ACRMultiFactor) {
		return strings.Join(fields, " ")
	}
	return strings.Join(append(fields, ACRMultiFactor), " ")
}

// StepUpAuthorizeURL turns an /authorize URL into an on-demand step-up
// request: acr_values gains [ACRMultiFactor] (once); every other parameter
// is kept, in its order.
func StepUpAuthorizeURL(authorizeURL string) (string, error) {
	u, err := url.Parse(authorizeURL)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return "", &TokenError{Op: "step-up url", Kind: ErrInvalidArgument, Reason: "authorize URL must be absolute"}
	}
	var parts []string
	if u.RawQuery != "" {
		parts = strings.Split(u.RawQuery, "&")
	}
	found := false
	for i, p := range parts {
		k, val, _ := strings.Cut(p, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return "", &TokenError{Op: "step-up url", Kind: ErrInvalidArgument, Reason: "query is not URL-encoded"}
		}
		if key != "acr_values" {
			continue
		}
		if found {
			return "", &TokenError{Op: "step-up url", Kind: ErrInvalidArgument, Reason: "acr_values given twice"}
		}
		found = true
		cur, err := url.QueryUnescape(val)
		if err != nil {
			return "", &TokenError{Op: "step-up url", Kind: ErrInvalidArgument, Reason: "query is not URL-encoded"}
		}
		parts[i] = "acr_values=" + url.QueryEscape(StepUpACRValues(cur))
	}
	if !found {
		parts = append(parts, "acr_values="+url.QueryEscape(ACRMultiFactor))
	}
	u.RawQuery = strings.Join(parts, "&")
	return u.String(), nil
}

// StepUpSatisfied reports whether ID token claims (a map[string]any, or
// jwt.MapClaims) carry [ClaimAMR] = "mfa", as a string or in a list. Check
// the token's signature, issuer, audience and expiry first: this only reads
// the claim.
func StepUpSatisfied(claims map[string]any) bool {
	switch v := claims[ClaimAMR].(type) {
	case string:
		return v == AMRMFA
	case []string:
		return slices.Contains(v, AMRMFA)
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok && s == AMRMFA {
				return true
			}
		}
	}
	return false
}
