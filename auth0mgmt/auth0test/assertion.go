package auth0test

import (
	"bytes"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// clientAssertionType is the only client_assertion_type Auth0 knows.
const clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// Limits Auth0 documents for client assertions.
const (
	assertionMaxLifetime = 5 * time.Minute
	assertionSkew        = 10 * time.Second
	assertionMaxClaim    = 64 // characters of iss, sub and jti
)

// assertionKey is the registered Private Key JWT credential.
type assertionKey struct {
	pub *rsa.PublicKey
	kid string
	alg string
}

func newAssertionKey(o Options) assertionKey {
	k := assertionKey{kid: o.ClientKeyID, alg: o.ClientKeyAlg}
	if k.alg == "" {
		k.alg = "RS256"
	}
	switch p := o.ClientPublicKey.(type) {
	case *rsa.PublicKey:
		k.pub = p
	case rsa.PublicKey:
		k.pub = &p
	case *rsa.PrivateKey: // a convenience for tests: its public half
		k.pub = &p.PublicKey
	}
	return k
}

// ClientAssertionAudience is the aud a client assertion for this server
// carries: its issuer identifier, URL()+"/". The canonical
// "https://DOMAIN/" and "https://HOST:PORT/" are accepted too.
func (s *Server) ClientAssertionAudience() string { return s.ts.URL + "/" }

// acceptsAssertionAudience reports whether aud names this server as Auth0
// requires: one of its issuer identifiers, as one string.
func (s *Server) acceptsAssertionAudience(aud string) bool {
	host := strings.TrimPrefix(s.ts.URL, "http://")
	return aud == s.ts.URL+"/" || aud == "https://"+host+"/" || aud == "https://"+s.tenant.domain+"/"
}

// assertionClaims are the members of a client assertion the server reads.
type assertionClaims struct {
	Iss string          `json:"iss"`
	Sub string          `json:"sub"`
	Aud json.RawMessage `json:"aud"`
	Exp *float64        `json:"exp"`
	Iat *float64        `json:"iat"`
	Nbf *float64        `json:"nbf"`
	Jti string          `json:"jti"`
}

func unixOf(f float64) time.Time { return time.Unix(0, int64(f*float64(time.Second))) }

// verifyAssertion authenticates a token request by its client assertion.
// It returns 0 when the assertion is good (its jti is then spent), else
// the status, OAuth error code and description to answer: 400
// invalid_request for a request that is not a well-formed assertion, 401
// invalid_client for an assertion that does not authenticate the client.
func (s *Server) verifyAssertion(params url.Values) (int, string, string) {
	if t := params.Get("client_assertion_type"); t != clientAssertionType {
		if t == "" {
			return http.StatusBadRequest, "invalid_request", "Missing required parameter: client_assertion_type"
		}
		return http.StatusBadRequest, "invalid_request", "Invalid client_assertion_type: expected " + clientAssertionType
	}
	raw := params.Get("client_assertion")
	if raw == "" {
		return http.StatusBadRequest, "invalid_request", "Missing required parameter: client_assertion"
	}
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return http.StatusBadRequest, "invalid_request", "client_assertion must be a JWT"
	}
	var hdr struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	var cl assertionClaims
	if err := decodeSegment(parts[0], &hdr); err != nil {
		return http.StatusBadRequest, "invalid_request", "client_assertion must be a JWT: bad header"
	}
	if err := decodeSegment(parts[1], &cl); err != nil {
		return http.StatusBadRequest, "invalid_request", "client_assertion must be a JWT: bad payload"
	}
	invalid := func(desc string) (int, string, string) {
		return http.StatusUnauthorized, "invalid_client", desc
	}
	clientID := params.Get("client_id")
	if clientID == "" {
		clientID = cl.Iss
	}
	k := s.assertKey
	if clientID != s.clientID {
		return invalid("Unknown client: " + clip(clientID, assertionMaxClaim))
	}
	if k.pub == nil {
		return invalid("Client authentication method not allowed for this client: it has no Private Key JWT credential.")
	}
	if hdr.Alg != k.alg {
		return invalid(fmt.Sprintf("Invalid client assertion: alg %q does not match the credential's (%s).", clip(hdr.Alg, 16), k.alg))
	}
	if hdr.Kid != "" && k.kid != "" && hdr.Kid != k.kid {
		return invalid("Invalid client assertion: no credential with this kid.")
	}
	if _, err := jwt.Parse(raw, func(*jwt.Token) (any, error) { return k.pub, nil },
		jwt.WithValidMethods([]string{k.alg}), jwt.WithoutClaimsValidation()); err != nil {
		return invalid("Invalid client assertion: signature verification failed.")
	}
	switch {
	case cl.Iss == "" || cl.Sub == "":
		return invalid("Invalid client assertion: iss and sub are required.")
	case len(cl.Iss) > assertionMaxClaim || len(cl.Sub) > assertionMaxClaim:
		return invalid("Invalid client assertion: iss and sub must not exceed 64 characters.")
	case cl.Iss != clientID || cl.Sub != clientID:
		return invalid("Invalid client assertion: iss and sub must be the client_id.")
	}
	var aud string
	if len(cl.Aud) == 0 || json.Unmarshal(cl.Aud, &aud) != nil {
		return invalid("Invalid client assertion: aud must be one string, the tenant's issuer identifier.")
	}
	if !s.acceptsAssertionAudience(aud) {
		return invalid("Invalid client assertion: aud " + clip(aud, 200) + " is not this tenant's issuer identifier (" + s.ClientAssertionAudience() + ").")
	}
	now := s.now()
	if cl.Exp == nil {
		return invalid("Invalid client assertion: exp is required.")
	}
	exp := unixOf(*cl.Exp)
	if !now.Before(exp) {
		return invalid("Invalid client assertion: expired.")
	}
	if exp.Sub(now) > assertionMaxLifetime+assertionSkew {
		return invalid("Invalid client assertion: it must expire within 5 minutes.")
	}
	if cl.Iat != nil {
		iat := unixOf(*cl.Iat)
		if iat.After(now.Add(assertionSkew)) {
			return invalid("Invalid client assertion: iat is in the future.")
		}
		if exp.Sub(iat) > assertionMaxLifetime {
			return invalid("Invalid client assertion: its lifetime exceeds 5 minutes.")
		}
	}
	if cl.Nbf != nil && unixOf(*cl.Nbf).After(now.Add(assertionSkew)) {
		return invalid("Invalid client assertion: not valid yet (nbf).")
	}
	switch {
	case cl.Jti == "":
		return invalid("Invalid client assertion: jti is required.")
	case len(cl.Jti) > assertionMaxClaim:
		return invalid("Invalid client assertion: jti must not exceed 64 characters.")
	}
	s.jmuA.Lock()
	defer s.jmuA.Unlock()
	for j, until := range s.jtis {
		if !now.Before(until) {
			delete(s.jtis, j)
		}
	}
	if _, seen := s.jtis[cl.Jti]; seen {
		return invalid("Invalid client assertion: jti has already been used.")
	}
	s.jtis[cl.Jti] = exp
	return 0, "", ""
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	return d.Decode(v)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
