package auth0mgmt

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2"
)

// Private Key JWT client authentication (RFC 7523 section 2.2, as Auth0
// documents it for /oauth/token): instead of client_secret, each token
// request carries client_assertion_type=urn:ietf:params:oauth:client-
// assertion-type:jwt-bearer and client_assertion, a JWT the application
// signs with its private key:
//
//	header  {"alg":"RS256"|"PS256","typ":"JWT"[,"kid":ClientAssertionKeyID]}
//	payload {"iss":CLIENT_ID,"sub":CLIENT_ID,"aud":"https://DOMAIN/",
//	         "iat":now,"exp":now+60s,"jti":<random UUID>}
//
// aud is the tenant's issuer identifier (the Domain's origin with a
// trailing slash, a custom domain's included) as one JSON string: Auth0
// documents it so and has announced that it will refuse the other forms
// (an array, or the token endpoint's URL). Auth0 accepts assertions of at
// most 5 minutes and each jti once; a new assertion is signed for every
// token request, retries included.

// ClientAssertionType is the client_assertion_type of a JWT client
// assertion.
const ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// clientAssertionLifetime is how long a signed assertion is valid: it is
// used at once, and Auth0 recommends a minute or less.
const clientAssertionLifetime = time.Minute

// minRSABits is the smallest RSA key Auth0 accepts for a credential.
const minRSABits = 2048

// errClientAssertion marks a failure to build the assertion: it will not
// go away on a retry.
var errClientAssertion = errors.New("auth0mgmt: cannot sign the client assertion")

// keyField names the Config field that holds the assertion key ("" when
// none does).
func (c Config) keyField() string {
	switch {
	case c.ClientAssertionKeyFile != "":
		return "ClientAssertionKeyFile"
	case len(c.ClientAssertionKey) > 0:
		return "ClientAssertionKey"
	}
	return ""
}

// validateAuth checks the combinations of credentials the struct tags do
// not express.
func (c Config) validateAuth() error {
	if len(c.ClientAssertionKey) > 0 && c.ClientAssertionKeyFile != "" {
		return &ConfigError{Field: "ClientAssertionKeyFile", Reason: "must not be set together with ClientAssertionKey",
			Fix: "set one: ClientAssertionKey (the PEM bytes) or ClientAssertionKeyFile (a path)"}
	}
	kf := c.keyField()
	if kf == "" {
		switch {
		case c.ClientAssertionKeyID != "":
			return &ConfigError{Field: "ClientAssertionKeyID", Reason: "is set without a client assertion key",
				Fix: "set ClientAssertionKey or ClientAssertionKeyFile for private_key_jwt, or leave ClientAssertionKeyID empty"}
		case c.ClientAssertionAlg != "":
			return &ConfigError{Field: "ClientAssertionAlg", Reason: "is set without a client assertion key",
				Fix: "set ClientAssertionKey or ClientAssertionKeyFile for private_key_jwt, or leave ClientAssertionAlg empty"}
		case c.ClientID != "" && c.ClientSecret == "":
			return &ConfigError{Field: "ClientSecret", Reason: "is required with ClientID, unless a client assertion key is set",
				Fix: "set ClientSecret to the application's Client Secret (Dashboard > Applications > the application > Settings), " +
					"or ClientAssertionKey or ClientAssertionKeyFile for private_key_jwt"}
		}
		return nil
	}
	switch {
	case c.Token != "":
		return &ConfigError{Field: kf, Reason: "must not be set together with Token", Fix: fixOneWay}
	case c.ClientSecret != "":
		return &ConfigError{Field: "ClientSecret", Reason: "must not be set together with " + kf + " (private_key_jwt replaces the secret)",
			Fix: "leave ClientSecret empty to authenticate with the key, or remove " + kf + " to use the secret"}
	case c.ClientID == "":
		return &ConfigError{Field: "ClientID", Reason: "is required with " + kf,
			Fix: "set it to the Client ID of the application the key belongs to (Dashboard > Applications > the application > Settings)"}
	}
	switch c.ClientAssertionAlg {
	case "", "RS256", "PS256":
	default:
		return &ConfigError{Field: "ClientAssertionAlg", Reason: fmt.Sprintf("is %q: must be RS256 or PS256", clip(c.ClientAssertionAlg, 16)),
			Fix: "use the algorithm the credential was registered with in Auth0: RS256 (the default when empty) or PS256"}
	}
	if strings.ContainsAny(c.ClientAssertionKeyID, "\r\n\t ") {
		return &ConfigError{Field: "ClientAssertionKeyID", Reason: "must not contain spaces",
			Fix: "copy the credential's key id (kid) exactly as Auth0 shows it, or leave it empty"}
	}
	return nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// assertionKey reads and parses the client assertion key; nil without
// one. Its errors name the field and never quote the key.
func (c Config) assertionKey() (*rsa.PrivateKey, error) {
	kf := c.keyField()
	data := c.ClientAssertionKey
	switch kf {
	case "":
		return nil, nil
	case "ClientAssertionKeyFile":
		b, err := os.ReadFile(c.ClientAssertionKeyFile)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the path is the field's value: no need to repeat it
			}
			return nil, &ConfigError{Field: kf, Reason: fmt.Sprintf("cannot read %q: %v", c.ClientAssertionKeyFile, err),
				Fix: "check the path (a relative one starts from the working directory) and that the file is readable, " +
					"or give the PEM bytes in ClientAssertionKey"}
		}
		data = b
	}
	key, reason := parseRSAKey(data)
	if reason != "" {
		return nil, &ConfigError{Field: kf, Reason: reason, Fix: fixKey}
	}
	return key, nil
}

// parseRSAKey finds the first private key in PEM data and checks that it
// is an unencrypted RSA key Auth0 accepts. On failure it returns a reason
// that says nothing of the key's content.
func parseRSAKey(data []byte) (*rsa.PrivateKey, string) {
	var seen []string
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		switch {
		case b.Type == "ENCRYPTED PRIVATE KEY" || b.Headers["Proc-Type"] != "":
			return nil, "holds an encrypted private key"
		case b.Type == "RSA PRIVATE KEY":
			k, err := x509.ParsePKCS1PrivateKey(b.Bytes)
			if err != nil {
				return nil, "holds an RSA PRIVATE KEY block that does not parse as PKCS#1"
			}
			return checkRSAKey(k)
		case b.Type == "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
			if err != nil {
				return nil, "holds a PRIVATE KEY block that does not parse as PKCS#8"
			}
			rk, ok := k.(*rsa.PrivateKey)
			if !ok {
				return nil, fmt.Sprintf("holds a %s private key: RS256 and PS256 need an RSA key", keyKind(k))
			}
			return checkRSAKey(rk)
		case strings.HasSuffix(b.Type, "PRIVATE KEY"):
			return nil, fmt.Sprintf("holds a %q block: RS256 and PS256 need an RSA key (PKCS#1 or PKCS#8)", clip(b.Type, 40))
		}
		seen = append(seen, clip(b.Type, 40))
	}
	if len(seen) > 0 {
		return nil, fmt.Sprintf("holds no private key (PEM blocks: %s), only a public key or certificate", strings.Join(seen, ", "))
	}
	return nil, "is not PEM: want a PEM-encoded RSA private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)"
}

func keyKind(k any) string {
	switch fmt.Sprintf("%T", k) {
	case "*ecdsa.PrivateKey":
		return "ECDSA"
	case "ed25519.PrivateKey":
		return "Ed25519"
	case "*ecdh.PrivateKey":
		return "ECDH"
	}
	return "non-RSA"
}

func checkRSAKey(k *rsa.PrivateKey) (*rsa.PrivateKey, string) {
	if n := k.N.BitLen(); n < minRSABits {
		return nil, fmt.Sprintf("holds a %d-bit RSA key: Auth0 requires %d bits or more", n, minRSABits)
	}
	if err := k.Validate(); err != nil {
		return nil, "holds an RSA key that fails its consistency check"
	}
	return k, ""
}

// assertionSigner signs client assertions. Its fmt output never shows
// the key.
type assertionSigner struct {
	key      *rsa.PrivateKey
	method   jwt.SigningMethod
	kid      string
	clientID string
	aud      string
	now      func() time.Time
}

func newAssertionSigner(cfg Config, key *rsa.PrivateKey, base *url.URL, now func() time.Time) *assertionSigner {
	var m jwt.SigningMethod = jwt.SigningMethodRS256
	if cfg.ClientAssertionAlg == "PS256" {
		m = jwt.SigningMethodPS256
	}
	return &assertionSigner{key: key, method: m, kid: cfg.ClientAssertionKeyID, clientID: cfg.ClientID,
		aud: base.String() + "/", now: now}
}

// String never shows the key.
func (s *assertionSigner) String() string {
	return "auth0mgmt.assertionSigner{alg:" + s.method.Alg() + " kid:" + s.kid + " key:[REDACTED]}"
}

// Format makes every verb go through String.
func (s *assertionSigner) Format(f fmt.State, _ rune) { fmt.Fprint(f, s.String()) }

// sign returns a new client assertion: a fresh jti, issued now, valid for
// clientAssertionLifetime.
func (s *assertionSigner) sign() (string, error) {
	jti, err := newJTI()
	if err != nil {
		return "", fmt.Errorf("%w: no random jti: %v", errClientAssertion, err)
	}
	now := s.now()
	t := jwt.NewWithClaims(s.method, jwt.MapClaims{
		"iss": s.clientID,
		"sub": s.clientID,
		"aud": s.aud, // one string, not an array
		"iat": now.Unix(),
		"exp": now.Add(clientAssertionLifetime).Unix(),
		"jti": jti,
	})
	if s.kid != "" {
		t.Header["kid"] = s.kid
	}
	signed, err := t.SignedString(s.key)
	if err != nil {
		// golang-jwt's errors name the method, never the key.
		return "", fmt.Errorf("%w: %s", errClientAssertion, err.Error())
	}
	return signed, nil
}

// newJTI is a random UUID (version 4), the form Auth0 recommends.
func newJTI() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32], nil
}

// requestToken asks /oauth/token for a token once: with the client
// secret, or with a client assertion signed for this request alone.
func (c *Client) requestToken(ctx context.Context) (*oauth2.Token, error) {
	if c.signer == nil {
		return c.ccfg.Token(ctx)
	}
	a, err := c.signer.sign()
	if err != nil {
		return nil, err
	}
	cfg := *c.ccfg
	cfg.EndpointParams = make(url.Values, len(c.ccfg.EndpointParams)+2)
	for k, v := range c.ccfg.EndpointParams {
		cfg.EndpointParams[k] = slices.Clone(v)
	}
	cfg.EndpointParams.Set("client_assertion_type", ClientAssertionType)
	cfg.EndpointParams.Set("client_assertion", a)
	return cfg.Token(ctx)
}

// AuthMethod says how the Client authenticates to the Management API:
// "private_key_jwt", "client_secret_post" or "static_token".
func (c *Client) AuthMethod() string {
	switch {
	case c.signer != nil:
		return "private_key_jwt"
	case c.cfg.Token != "":
		return "static_token"
	}
	return "client_secret_post"
}
