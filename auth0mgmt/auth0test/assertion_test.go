package auth0test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// testKeys are two real RSA keys, made once: the registered one and a
// stranger's.
var testKeys = sync.OnceValues(func() (*rsa.PrivateKey, *rsa.PrivateKey) {
	a, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	b, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return a, b
})

// assertionFor signs claims with key (alg RS256 unless method says).
func assertionFor(t *testing.T, key *rsa.PrivateKey, method jwt.SigningMethod, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestClientAssertion(t *testing.T) {
	t.Parallel()
	good, stranger := testKeys()
	clock := newClock()
	s := start(t, Options{Seed: 1, ClientPublicKey: &good.PublicKey, ClientKeyID: "kid-1", Now: clock.Now})
	id, secret := s.ClientCredentials()
	now := clock.Now()
	claims := func(mut func(jwt.MapClaims)) jwt.MapClaims {
		c := jwt.MapClaims{"iss": id, "sub": id, "aud": s.ClientAssertionAudience(),
			"iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "jti": "jti-" + t.Name()}
		if mut != nil {
			mut(c)
		}
		return c
	}
	form := func(assertion string, extra ...string) string {
		v := url.Values{"grant_type": {"client_credentials"}, "audience": {s.Audience()},
			"client_assertion_type": {clientAssertionType}, "client_assertion": {assertion}}
		for i := 0; i+1 < len(extra); i += 2 {
			if extra[i+1] == "" {
				v.Del(extra[i])
			} else {
				v.Set(extra[i], extra[i+1])
			}
		}
		return v.Encode()
	}
	const formCT = "application/x-www-form-urlencoded"
	jti := 0
	fresh := func(mut func(jwt.MapClaims)) jwt.MapClaims {
		jti++
		return claims(func(c jwt.MapClaims) {
			c["jti"] = "jti-" + strings.Repeat("x", jti)
			if mut != nil {
				mut(c)
			}
		})
	}
	set := func(k string, v any) func(jwt.MapClaims) { return func(c jwt.MapClaims) { c[k] = v } }
	del := func(k string) func(jwt.MapClaims) { return func(c jwt.MapClaims) { delete(c, k) } }

	replayed := assertionFor(t, good, jwt.SigningMethodRS256, "kid-1", fresh(nil))
	tests := []struct {
		name     string
		body     string
		basic    [2]string
		status   int
		code     string
		descPart string
	}{
		{name: "valid RS256 with kid", body: form(replayed), status: 200},
		{name: "valid without kid, with client_id", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(nil)), "client_id", id), status: 200},
		{name: "valid, canonical domain as aud", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(set("aud", "https://"+s.Tenant().Domain()+"/")))), status: 200},
		{name: "replayed jti", body: form(replayed), status: 401, code: "invalid_client", descPart: "jti has already been used"},
		{name: "bad signature", body: form(assertionFor(t, stranger, jwt.SigningMethodRS256, "", fresh(nil))), status: 401, code: "invalid_client", descPart: "signature"},
		{name: "tampered payload", body: form(tamper(t, assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(nil)))), status: 401, code: "invalid_client", descPart: "signature"},
		{name: "wrong alg", body: form(assertionFor(t, good, jwt.SigningMethodPS256, "", fresh(nil))), status: 401, code: "invalid_client", descPart: "alg"},
		{name: "wrong kid", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "kid-2", fresh(nil))), status: 401, code: "invalid_client", descPart: "kid"},
		{name: "aud is the token endpoint", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(set("aud", s.URL()+"/oauth/token")))), status: 401, code: "invalid_client", descPart: "aud"},
		{name: "aud is an array", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(set("aud", []string{s.ClientAssertionAudience()})))), status: 401, code: "invalid_client", descPart: "aud"},
		{name: "aud of another tenant", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(set("aud", "https://other.auth0.com/")))), status: 401, code: "invalid_client", descPart: "aud"},
		{name: "wrong iss", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(set("iss", "someone-else"))), "client_id", id), status: 401, code: "invalid_client", descPart: "iss"},
		{name: "unknown issuer", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(set("iss", "someone-else")))), status: 401, code: "invalid_client", descPart: "Unknown client"},
		{name: "wrong sub", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(set("sub", "someone-else")))), status: 401, code: "invalid_client", descPart: "sub"},
		{name: "client_id differs from iss", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(nil)), "client_id", "other"), status: 401, code: "invalid_client"},
		{name: "expired", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(func(c jwt.MapClaims) {
			c["iat"], c["exp"] = now.Add(-2*time.Minute).Unix(), now.Add(-time.Minute).Unix()
		}))), status: 401, code: "invalid_client", descPart: "expired"},
		{name: "no exp", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(del("exp")))), status: 401, code: "invalid_client", descPart: "exp"},
		{name: "longer than 5 minutes", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(set("exp", now.Add(10*time.Minute).Unix())))), status: 401, code: "invalid_client", descPart: "5 minutes"},
		{name: "issued in the future", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(func(c jwt.MapClaims) {
			c["iat"], c["exp"] = now.Add(time.Minute).Unix(), now.Add(2*time.Minute).Unix()
		}))), status: 401, code: "invalid_client", descPart: "iat"},
		{name: "no jti", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(del("jti")))), status: 401, code: "invalid_client", descPart: "jti"},
		{name: "jti too long", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(set("jti", strings.Repeat("j", 65))))), status: 401, code: "invalid_client", descPart: "jti"},
		{name: "not a JWT", body: form("not-a-jwt"), status: 400, code: "invalid_request"},
		{name: "garbage segments", body: form("a.b.c"), status: 400, code: "invalid_request"},
		{name: "wrong assertion type", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(nil)), "client_assertion_type", "urn:example:other"), status: 400, code: "invalid_request", descPart: "client_assertion_type"},
		{name: "no assertion type", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(nil)), "client_assertion_type", ""), status: 400, code: "invalid_request", descPart: "client_assertion_type"},
		{name: "assertion and secret", body: form(assertionFor(t, good, jwt.SigningMethodRS256, "", fresh(nil)), "client_secret", secret), status: 400, code: "invalid_request"},
		{name: "the secret alone is refused", body: url.Values{"grant_type": {"client_credentials"}, "audience": {s.Audience()},
			"client_id": {id}, "client_secret": {secret}}.Encode(), status: 401, code: "invalid_client", descPart: "private_key_jwt"},
	}
	for _, tc := range tests { // in order: the replay follows the first use
		r := postToken(t, s, formCT, tc.body, tc.basic)
		if r.status != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.name, r.status, tc.status, r.body)
			continue
		}
		if tc.status == 200 {
			var ok struct {
				AccessToken string `json:"access_token"`
			}
			if err := json.Unmarshal(r.body, &ok); err != nil || ok.AccessToken == "" {
				t.Errorf("%s: %s", tc.name, r.body)
			}
			continue
		}
		var e struct {
			Error string `json:"error"`
			Desc  string `json:"error_description"`
		}
		if err := json.Unmarshal(r.body, &e); err != nil {
			t.Fatalf("%s: %s", tc.name, r.body)
		}
		if e.Error != tc.code || !strings.Contains(e.Desc, tc.descPart) {
			t.Errorf("%s: %s, want %s mentioning %q", tc.name, r.body, tc.code, tc.descPart)
		}
	}

	// A jti may be used again once its assertion has expired (the server
	// forgets it then; the assertion itself is refused as expired).
	clock.Advance(2 * time.Minute)
	if r := postToken(t, s, formCT, form(replayed), [2]string{}); r.status != 401 || !strings.Contains(string(r.body), "expired") {
		t.Errorf("old assertion: %d %s", r.status, r.body)
	}
}

func TestClientAssertionPS256AndNoKey(t *testing.T) {
	t.Parallel()
	good, _ := testKeys()
	s := start(t, Options{Seed: 2, ClientPublicKey: &good.PublicKey, ClientKeyAlg: "PS256"})
	id, _ := s.ClientCredentials()
	now := time.Now()
	c := jwt.MapClaims{"iss": id, "sub": id, "aud": s.ClientAssertionAudience(), "exp": now.Add(time.Minute).Unix(), "jti": "ps-1"}
	body := url.Values{"grant_type": {"client_credentials"}, "audience": {s.Audience()}, "client_assertion_type": {clientAssertionType},
		"client_assertion": {assertionFor(t, good, jwt.SigningMethodPS256, "any-kid", c)}}.Encode()
	if r := postToken(t, s, "application/x-www-form-urlencoded", body, [2]string{}); r.status != 200 {
		t.Errorf("PS256: %d %s", r.status, r.body)
	}
	// A server without a registered key refuses assertions and keeps
	// accepting the secret.
	plain := start(t, Options{Seed: 2})
	c["jti"], c["aud"] = "ps-2", plain.ClientAssertionAudience()
	body = url.Values{"grant_type": {"client_credentials"}, "audience": {plain.Audience()}, "client_assertion_type": {clientAssertionType},
		"client_assertion": {assertionFor(t, good, jwt.SigningMethodPS256, "", c)}}.Encode()
	if r := postToken(t, plain, "application/x-www-form-urlencoded", body, [2]string{}); r.status != 401 || !strings.Contains(string(r.body), "invalid_client") {
		t.Errorf("no credential: %d %s", r.status, r.body)
	}
}

// tamper changes the payload of a signed JWT without re-signing it.
func tamper(t *testing.T, tok string) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	var c map[string]any
	if err := decodeSegment(parts[1], &c); err != nil {
		t.Fatal(err)
	}
	c["exp"] = c["exp"].(float64) + 30
	b, _ := json.Marshal(c)
	parts[1] = base64.RawURLEncoding.EncodeToString(b)
	return strings.Join(parts, ".")
}
