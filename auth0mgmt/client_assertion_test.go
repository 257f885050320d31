package auth0mgmt_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// rsaKeys are real RSA keys, made once: the application's, a stranger's
// and one too small for Auth0.
var rsaKeys = sync.OnceValues(func() ([]*rsa.PrivateKey, *rsa.PrivateKey) {
	var ks []*rsa.PrivateKey
	for range 2 {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		ks = append(ks, k)
	}
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		panic(err)
	}
	return ks, small
})

func pkcs8PEM(t testing.TB, k any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

func pkcs1PEM(k *rsa.PrivateKey) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
}

// keyMarkers are pieces of a PEM key that must never be printed: its
// base64 body lines.
func keyMarkers(p []byte) []string {
	var out []string
	for _, l := range strings.Split(string(p), "\n") {
		if len(l) >= 40 && !strings.HasPrefix(l, "-----") {
			out = append(out, l[:40])
		}
	}
	return out
}

// tokenRecorder records the bodies of token requests.
type tokenRecorder struct {
	mu     sync.Mutex
	bodies []url.Values
}

func (r *tokenRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, "/oauth/token") && req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		req.Body.Close()
		v, _ := url.ParseQuery(string(b))
		r.mu.Lock()
		r.bodies = append(r.bodies, v)
		r.mu.Unlock()
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	return http.DefaultTransport.RoundTrip(req)
}

func (r *tokenRecorder) all() []url.Values {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]url.Values(nil), r.bodies...)
}

func decodePart(t *testing.T, seg string, v any) {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// TestPrivateKeyJWTEndToEnd reads the fake tenant with a real RSA key:
// tokens are fetched with signed assertions, cached, and fetched again
// with a fresh assertion when they expire.
func TestPrivateKeyJWTEndToEnd(t *testing.T) {
	t.Parallel()
	keys, _ := rsaKeys()
	key := keys[0]
	dir := t.TempDir()
	file := filepath.Join(dir, "key.pem")
	if err := os.WriteFile(file, pkcs1PEM(key), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		alg  string
		kid  string
		cfg  func(c *auth0mgmt.Config)
	}{
		{"PKCS#8 bytes, RS256, kid", "RS256", "kid-abc", func(c *auth0mgmt.Config) { c.ClientAssertionKey = pkcs8PEM(t, key) }},
		{"PKCS#1 file, PS256, no kid", "PS256", "", func(c *auth0mgmt.Config) { c.ClientAssertionKeyFile = file }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			now := time.Now()
			clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			srv := auth0test.NewServer(auth0test.Options{Seed: 3, ClientPublicKey: &key.PublicKey, ClientKeyID: tc.kid,
				ClientKeyAlg: tc.alg, Now: clock})
			t.Cleanup(srv.Close)
			id, _ := srv.ClientCredentials()
			rec := &tokenRecorder{}
			cfg := auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientAssertionKeyID: tc.kid, ClientAssertionAlg: tc.alg}
			tc.cfg(&cfg)
			c, err := auth0mgmt.New(cfg, auth0mgmt.WithHTTPClient(&http.Client{Transport: rec}), auth0mgmt.WithClock(clock))
			if err != nil {
				t.Fatal(err)
			}
			if c.AuthMethod() != "private_key_jwt" {
				t.Errorf("AuthMethod %q", c.AuthMethod())
			}
			ctx := context.Background()
			for range 3 {
				if _, err := c.Roles.List(ctx, nil); err != nil {
					t.Fatal(err)
				}
			}
			if n := srv.Stats().TokensIssued; n != 1 {
				t.Errorf("%d tokens issued for 3 calls, want 1 (cached)", n)
			}
			// the token expires: a new one, with a new assertion
			mu.Lock()
			now = now.Add(25 * time.Hour)
			mu.Unlock()
			if _, err := c.Roles.List(ctx, nil); err != nil {
				t.Fatal(err)
			}
			bodies := rec.all()
			if len(bodies) != 2 || srv.Stats().TokensIssued != 2 {
				t.Fatalf("%d token requests, %d tokens", len(bodies), srv.Stats().TokensIssued)
			}
			jtis := map[string]bool{}
			for _, b := range bodies {
				if b.Get("client_secret") != "" || b.Get("client_assertion_type") != auth0mgmt.ClientAssertionType ||
					b.Get("client_id") != id || b.Get("grant_type") != "client_credentials" || b.Get("audience") != srv.URL()+"/api/v2/" {
					t.Errorf("token request %v", b)
				}
				parts := strings.Split(b.Get("client_assertion"), ".")
				if len(parts) != 3 {
					t.Fatalf("assertion %q", b.Get("client_assertion"))
				}
				var hdr map[string]any
				var cl map[string]any
				decodePart(t, parts[0], &hdr)
				decodePart(t, parts[1], &cl)
				if hdr["alg"] != tc.alg || (tc.kid == "" && hdr["kid"] != nil) || (tc.kid != "" && hdr["kid"] != tc.kid) {
					t.Errorf("header %v", hdr)
				}
				aud, isString := cl["aud"].(string)
				if cl["iss"] != id || cl["sub"] != id || !isString || aud != srv.URL()+"/" {
					t.Errorf("claims %v", cl)
				}
				iat, exp := cl["iat"].(float64), cl["exp"].(float64)
				if exp-iat != 60 {
					t.Errorf("lifetime %v s, want 60", exp-iat)
				}
				jti, _ := cl["jti"].(string)
				if len(jti) != 36 || jtis[jti] {
					t.Errorf("jti %q (seen before: %v)", jti, jtis[jti])
				}
				jtis[jti] = true
			}
		})
	}
}

// TestPrivateKeyJWTRefused: an assertion the tenant does not accept fails
// the call with ErrUnauthorized, once, and the error shows no key.
func TestPrivateKeyJWTRefused(t *testing.T) {
	t.Parallel()
	keys, _ := rsaKeys()
	srv := auth0test.NewServer(auth0test.Options{Seed: 3, ClientPublicKey: &keys[0].PublicKey})
	t.Cleanup(srv.Close)
	id, _ := srv.ClientCredentials()
	wrong := pkcs8PEM(t, keys[1])
	var logs bytes.Buffer
	c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientAssertionKey: wrong},
		auth0mgmt.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Roles.List(context.Background(), nil)
	var ae *auth0mgmt.APIError
	if !errors.Is(err, auth0mgmt.ErrUnauthorized) || !errors.As(err, &ae) || ae.StatusCode != 401 || !strings.Contains(err.Error(), "invalid_client") {
		t.Fatalf("err = %v", err)
	}
	_, err2 := c.Roles.List(context.Background(), nil)
	if !errors.Is(err2, auth0mgmt.ErrUnauthorized) || srv.Stats().ByRoute["POST /oauth/token"] != 1 {
		t.Errorf("refused credentials asked again: %v, %d token requests", err2, srv.Stats().ByRoute["POST /oauth/token"])
	}
	out := err.Error() + logs.String() + fmt.Sprintf("%v %+v %#v", c, c, c)
	for _, m := range keyMarkers(wrong) {
		if strings.Contains(out, m) {
			t.Fatalf("the key is in the output: %s", out)
		}
	}
}

func TestClientAssertionConfig(t *testing.T) {
	t.Parallel()
	keys, small := rsaKeys()
	good := pkcs8PEM(t, keys[0])
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	goodFile := write("good.pem", good)
	pub, _ := x509.MarshalPKIXPublicKey(&keys[0].PublicKey)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})
	//lint:ignore SA1019 an encrypted PEM block is what is being refused
	encBlock, err := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(keys[0]), []byte("pw"), x509.PEMCipherAES256)
	if err != nil {
		t.Fatal(err)
	}
	encPEM := pem.EncodeToMemory(encBlock)
	const dom = "tenant.eu.auth0.com"
	cases := []struct {
		name   string
		cfg    auth0mgmt.Config
		field  string
		reason string
	}{
		{"key and secret", auth0mgmt.Config{Domain: dom, ClientID: "id", ClientSecret: "s", ClientAssertionKey: good}, "ClientSecret", "ClientAssertionKey"},
		{"key file and secret", auth0mgmt.Config{Domain: dom, ClientID: "id", ClientSecret: "s", ClientAssertionKeyFile: goodFile}, "ClientSecret", "ClientAssertionKeyFile"},
		{"key and token", auth0mgmt.Config{Domain: dom, Token: "t", ClientAssertionKey: good}, "ClientAssertionKey", "Token"},
		{"key without client id", auth0mgmt.Config{Domain: dom, ClientAssertionKey: good}, "ClientID", "required"},
		{"key and key file", auth0mgmt.Config{Domain: dom, ClientID: "id", ClientAssertionKey: good, ClientAssertionKeyFile: goodFile}, "ClientAssertionKeyFile", "ClientAssertionKey"},
		{"kid without key", auth0mgmt.Config{Domain: dom, ClientID: "id", ClientSecret: "s", ClientAssertionKeyID: "k"}, "ClientAssertionKeyID", "without"},
		{"alg without key", auth0mgmt.Config{Domain: dom, Token: "t", ClientAssertionAlg: "RS256"}, "ClientAssertionAlg", "without"},
		{"unknown alg", auth0mgmt.Config{Domain: dom, ClientID: "id", ClientAssertionKey: good, ClientAssertionAlg: "HS256"}, "ClientAssertionAlg", "RS256 or PS256"},
		{"missing file", auth0mgmt.Config{Domain: dom, ClientID: "id", ClientAssertionKeyFile: filepath.Join(dir, "nope.pem")}, "ClientAssertionKeyFile", "cannot read"},
		{"not PEM", auth0mgmt.Config{Domain: dom, ClientID: "id", ClientAssertionKey: []byte("hello")}, "ClientAssertionKey", "not PEM"},
		{"public key", auth0mgmt.Config{Domain: dom, ClientID: "id", ClientAssertionKey: pubPEM}, "ClientAssertionKey", "no private key"},
		{"EC key", auth0mgmt.Config{Domain: dom, ClientID: "id", ClientAssertionKey: pkcs8PEM(t, ec)}, "ClientAssertionKey", "ECDSA"},
		{"small key", auth0mgmt.Config{Domain: dom, ClientID: "id", ClientAssertionKey: pkcs1PEM(small)}, "ClientAssertionKey", "1024-bit"},
		{"encrypted key", auth0mgmt.Config{Domain: dom, ClientID: "id", ClientAssertionKeyFile: write("enc.pem", encPEM)}, "ClientAssertionKeyFile", "encrypted"},
		{"damaged key", auth0mgmt.Config{Domain: dom, ClientID: "id", ClientAssertionKey: bytes.Replace(good, []byte("M"), []byte("A"), 3)}, "ClientAssertionKey", "PKCS#8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := auth0mgmt.New(tc.cfg)
			var ce *auth0mgmt.ConfigError
			if !errors.As(err, &ce) || !errors.Is(err, auth0mgmt.ErrInvalidConfig) {
				t.Fatalf("New = %v, want *ConfigError", err)
			}
			if ce.Field != tc.field || !strings.Contains(ce.Reason, tc.reason) || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("error %q, want field %s, reason mentioning %q", err, tc.field, tc.reason)
			}
			for _, k := range [][]byte{tc.cfg.ClientAssertionKey, good, encPEM, pkcs1PEM(small)} {
				for _, m := range keyMarkers(k) {
					if strings.Contains(err.Error(), m) {
						t.Fatalf("the key is in the error: %v", err)
					}
				}
			}
		})
	}
	for _, ok := range []auth0mgmt.Config{
		{Domain: dom, ClientID: "id", ClientAssertionKey: good},
		{Domain: dom, ClientID: "id", ClientAssertionKey: pkcs1PEM(keys[0]), ClientAssertionKeyID: "kid", ClientAssertionAlg: "PS256"},
		{Domain: dom, ClientID: "id", ClientAssertionKeyFile: goodFile, ClientAssertionAlg: "RS256"},
		// a file holding the certificate before the key
		{Domain: dom, ClientID: "id", ClientAssertionKey: append(append([]byte{}, pubPEM...), good...)},
	} {
		if _, err := auth0mgmt.New(ok); err != nil {
			t.Errorf("New: %v", err)
		}
	}
}

// TestClientAssertionKeyNotPrinted: neither Config nor Client shows the
// key in any fmt verb; the Client keeps no copy of the caller's bytes.
func TestClientAssertionKeyNotPrinted(t *testing.T) {
	t.Parallel()
	keys, _ := rsaKeys()
	p := pkcs8PEM(t, keys[0])
	cfg := auth0mgmt.Config{Domain: "tenant.eu.auth0.com", ClientID: "id", ClientAssertionKey: p, ClientAssertionKeyID: "kid-1"}
	c, err := auth0mgmt.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, v := range []any{cfg, &cfg, c} {
		fmt.Fprintf(&out, "%v %+v %#v %s %q\n", v, v, v, v, v)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, m := range keyMarkers(p) {
		if strings.Contains(out.String(), m) {
			t.Fatalf("key printed:\n%s", out.String())
		}
	}
	if !strings.Contains(fmt.Sprint(cfg), "ClientAssertionKey:[REDACTED]") || !strings.Contains(fmt.Sprint(cfg), "kid-1") {
		t.Errorf("config print: %v", cfg)
	}
	// the caller may wipe its copy: the client does not depend on it
	for i := range p {
		p[i] = 0
	}
	if c.AuthMethod() != "private_key_jwt" {
		t.Errorf("AuthMethod %q", c.AuthMethod())
	}
}
