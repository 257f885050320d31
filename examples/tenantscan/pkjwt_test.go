package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// testKey is a real RSA key, made once.
var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// keyFile writes testKey as PKCS#8 PEM and returns its path.
func keyFile(t *testing.T) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(testKey())
	if err != nil {
		t.Fatal(err)
	}
	return writeTestFile(t, "key.pem", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})))
}

func writeTestFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestScanWithPrivateKeyJWT: the scanner's own application authenticates
// with a key file instead of a secret; a key the tenant does not know
// makes the tenant unreadable (exit 1) without printing the key.
func TestScanWithPrivateKeyJWT(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 2, ClientPublicKey: &testKey().PublicKey, ClientKeyID: "scanner-key"})
	t.Cleanup(srv.Close)
	id, _ := srv.ClientCredentials()
	file := keyFile(t)
	env := []string{"AUTH0_DOMAIN=" + srv.URL(), "AUTH0_CLIENT_ID=" + id, "AUTH0_CLIENT_ASSERTION_KEY_FILE=" + file,
		"AUTH0_CLIENT_ASSERTION_KEY_ID=scanner-key"}
	code, out, errs := scan(t, []string{"-quiet", "-kinds", "clients,roles"}, env)
	if code != 0 || !strings.Contains(out, "2 kinds: 2 ok") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if srv.Stats().TokensIssued != 1 {
		t.Errorf("%d tokens", srv.Stats().TokensIssued)
	}

	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(other)
	otherPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	env[2] = "AUTH0_CLIENT_ASSERTION_KEY_FILE=" + writeTestFile(t, "other.pem", otherPEM)
	code, out, errs = scan(t, []string{"-quiet"}, env)
	if code != 1 || !strings.Contains(errs, "invalid_client") || out != "" {
		t.Fatalf("wrong key: exit %d\n%s\n%s", code, out, errs)
	}
	for _, l := range strings.Split(otherPEM, "\n")[1:4] {
		if strings.Contains(errs, l) {
			t.Fatalf("the key is in the output:\n%s", errs)
		}
	}
}

// TestScanPerUser: the per-user kinds are read on request, with progress
// in users and the time left.
func TestScanPerUser(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 2, Preset: auth0test.PresetSmall})
	t.Cleanup(srv.Close)
	code, out, errs := scan(t, []string{"-kinds", "users", "-user-sessions", "-user-auth-methods"}, tenantEnv(srv))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	for _, want := range []string{"user_sessions", "user_authentication_methods", "3 kinds: 3 ok"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "0 of 500 users") || !strings.Contains(errs, "500 of 500 users") {
		t.Errorf("no per-user progress:\n%s", errs)
	}
}
