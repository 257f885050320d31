package authlens_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/redisreplay"
	"github.com/authlens/authlens/biometric/verifiedhttp"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/alerts"
	"github.com/authlens/authlens/posture/watch"
	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/redisstore"
	"github.com/authlens/authlens/riskscore/riskhttp"
	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

// The mistakes a new user most likely makes, and what the module says
// about each: the message names the setting as the user set it (the Go
// field) and says what to do, and shows no secret. The examples' own
// tests check the same for their environment variables and flags.
func TestErrorsSayWhatToDo(t *testing.T) {
	t.Parallel()
	const (
		secret      = "s3cr3t-DO-NOT-PRINT-0123456789"
		shortSecret = "DO-NOT-PRINT"
	)
	ctx := context.Background()
	dir := t.TempDir()
	keyA, keyB := rsaKey(t), rsaKey(t)
	keyFileB := writePEM(t, dir, "b.pem", "PRIVATE KEY", must(x509.MarshalPKCS8PrivateKey(keyB)))
	certFile := writePEM(t, dir, "public.pem", "PUBLIC KEY", must(x509.MarshalPKIXPublicKey(&keyA.PublicKey)))
	verified := biometric.Config{IntegrationID: "int-123", SessionSecret: secret + secret, Mode: biometric.AlwaysOn,
		VerifiedURL: "https://verified.example.com/auth0", Issuer: "tenant.eu.auth0.com"}

	tests := []struct {
		name    string
		err     func(t *testing.T) error
		setting string   // the setting, as the user set it
		fix     []string // what to do (each fragment must appear)
	}{
		{"tenant domain missing", func(*testing.T) error {
			_, err := auth0mgmt.New(auth0mgmt.Config{ClientID: "cid", ClientSecret: secret})
			return err
		}, "Domain", []string{"set it to the tenant's domain", "example.eu.auth0.com"}},
		{"tenant domain given as the API's URL", func(*testing.T) error {
			_, err := auth0mgmt.New(auth0mgmt.Config{Domain: "https://example.eu.auth0.com/api/v2/", ClientID: "cid", ClientSecret: secret})
			return err
		}, "Domain", []string{"give the host alone"}},
		{"client id without its secret", func(*testing.T) error {
			_, err := auth0mgmt.New(auth0mgmt.Config{Domain: "example.eu.auth0.com", ClientID: "cid"})
			return err
		}, "ClientSecret", []string{"set ClientSecret to the application's Client Secret", "ClientAssertionKeyFile"}},
		{"no credentials at all", func(*testing.T) error {
			_, err := auth0mgmt.New(auth0mgmt.Config{Domain: "example.eu.auth0.com"})
			return err
		}, "ClientID", []string{"set ClientID and ClientSecret", "or set Token"}},
		{"client secret and token both", func(*testing.T) error {
			_, err := auth0mgmt.New(auth0mgmt.Config{Domain: "example.eu.auth0.com", ClientSecret: secret, Token: secret})
			return err
		}, "ClientSecret", []string{"authenticate one way"}},
		{"client assertion key file missing", func(*testing.T) error {
			_, err := auth0mgmt.New(auth0mgmt.Config{Domain: "example.eu.auth0.com", ClientID: "cid",
				ClientAssertionKeyFile: filepath.Join(dir, "nope.pem")})
			return err
		}, "ClientAssertionKeyFile", []string{"check the path"}},
		{"public key instead of the private key", func(*testing.T) error {
			_, err := auth0mgmt.New(auth0mgmt.Config{Domain: "example.eu.auth0.com", ClientID: "cid", ClientAssertionKeyFile: certFile})
			return err
		}, "ClientAssertionKeyFile", []string{"give the unencrypted PEM private key", "registered as a credential of the application"}},
		{"client secret refused by the tenant", func(t *testing.T) error {
			srv := auth0test.NewServer(auth0test.Options{Seed: 1})
			t.Cleanup(srv.Close)
			id, _ := srv.ClientCredentials()
			c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: secret})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Tenant.Settings(ctx)
			return err
		}, "ClientSecret", []string{"token endpoint refused client id", "authorised for the Management API"}},
		{"custom domain as Domain, no Audience", func(t *testing.T) error {
			srv := auth0test.NewServer(auth0test.Options{Seed: 1})
			t.Cleanup(srv.Close)
			// the tenant behind another name, as a custom domain is
			target, _ := url.Parse(srv.URL())
			custom := httptest.NewServer(httputil.NewSingleHostReverseProxy(target))
			t.Cleanup(custom.Close)
			id, sec := srv.ClientCredentials()
			c, err := auth0mgmt.New(auth0mgmt.Config{Domain: custom.URL, ClientID: id, ClientSecret: sec})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Tenant.Settings(ctx)
			return err
		}, "Audience", []string{"Service not enabled within domain", "when Domain is a custom domain, Audience to https://<canonical tenant domain>/api/v2/"}},
		{"client assertion key refused by the tenant", func(t *testing.T) error {
			srv := auth0test.NewServer(auth0test.Options{Seed: 1, ClientPublicKey: &keyA.PublicKey})
			t.Cleanup(srv.Close)
			id, _ := srv.ClientCredentials()
			c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientAssertionKeyFile: keyFileB})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Tenant.Settings(ctx)
			return err
		}, "ClientAssertionKeyFile", []string{"refused client id", "private key of a credential of this application", "ClientAssertionKeyID"}},
		{"deadline ends while the request waits for the rate limit", func(t *testing.T) error {
			srv := auth0test.NewServer(auth0test.Options{Seed: 1, RateLimit: 0.2, Burst: 1})
			t.Cleanup(srv.Close)
			id, sec := srv.ClientCredentials()
			c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: sec})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Tenant.Settings(ctx); err != nil {
				t.Fatal(err)
			}
			short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			defer cancel()
			_, err = c.Tenant.Settings(short)
			return err
		}, "not sent", []string{"waited for the rate limit", "give the context more time"}},
		{"evaluator without a policy", func(*testing.T) error {
			_, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{Provider: seczettaClient(t)})
			return err
		}, "riskscore.EvaluatorConfig.Policy", []string{"riskscore.DefaultPolicy()"}},
		{"policy thresholds reversed", func(*testing.T) error {
			return riskscore.Policy{AllowableRisk: 7.5, MaxRisk: 5}.Validate()
		}, "MaxRisk", []string{"not greater than AllowableRisk (7.5)", "swap them"}},
		{"SecZetta attribute id not a UUID", func(*testing.T) error {
			cfg := seczettaConfig(t)
			cfg.AttributeID = "user_name"
			_, err := seczetta.New(cfg)
			return err
		}, "AttributeID", []string{"UUID v4", "copy from SecZetta the id of the attribute"}},
		{"SecZetta over plain http", func(*testing.T) error {
			cfg := seczettaConfig(t)
			cfg.BaseURL = "http://tenant.nonemployee.com"
			_, err := seczetta.New(cfg)
			return err
		}, "BaseURL", []string{"https://TENANT.nonemployee.com"}},
		{"SecZetta refuses the API key", func(t *testing.T) error {
			srv := seczettatest.NewServer(seczettatest.Options{})
			t.Cleanup(srv.Close)
			cfg := srv.Config()
			cfg.APIKey = secret
			c, err := seczetta.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Score(ctx, riskscore.Subject{Username: "bob"})
			return err
		}, "APIKey", []string{"SecZetta refused the API key", "AuthScheme"}},
		{"decision handler token too short", func(*testing.T) error {
			ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{Provider: seczettaClient(t), Policy: riskscore.DefaultPolicy()})
			if err != nil {
				t.Fatal(err)
			}
			_, err = riskhttp.New(riskhttp.Config{Evaluator: ev, Token: shortSecret})
			return err
		}, "riskhttp.Config.Token", []string{"openssl rand"}},
		{"Redis URL with the wrong scheme", func(*testing.T) error {
			_, err := redisstore.New(redisstore.Options{URL: "http://:" + secret + "@127.0.0.1:6379"})
			return err
		}, "redisstore.Options.URL", []string{"redis://"}},
		{"session secret too short", func(*testing.T) error {
			cfg := verified
			cfg.SessionSecret = shortSecret
			_, err := biometric.New(cfg)
			return err
		}, "SessionSecret", []string{"at least 32 bytes", "Session Secret exactly as set in Auth0"}},
		{"step-up mode unset", func(*testing.T) error {
			cfg := verified
			cfg.Mode = 0
			_, err := biometric.New(cfg)
			return err
		}, "Mode", []string{"biometric.AlwaysOn or biometric.OnDemand"}},
		{"continue URL on another host", func(*testing.T) error {
			cfg := verified
			cfg.ContinueURL = "https://login.example.com/continue"
			_, err := biometric.New(cfg)
			return err
		}, "ContinueURL", []string{"ContinueHosts"}},
		{"replay store bound given as a token count", func(*testing.T) error {
			_, err := biometric.NewMemoryReplayStore(biometric.MemoryReplayConfig{MaxBytes: 1000})
			return err
		}, "MemoryReplayConfig.MaxBytes", []string{"counts bytes", "MinReplayBytes"}},
		{"Redis replay store without a client", func(*testing.T) error {
			_, err := redisreplay.New(redisreplay.Config{})
			return err
		}, "redisreplay.Config.Client", []string{"redisreplay.NewClient"}},
		{"Verified handler without a decision", func(*testing.T) error {
			v, err := biometric.New(verified)
			if err != nil {
				t.Fatal(err)
			}
			_, err = verifiedhttp.New(verifiedhttp.Config{Verifier: v})
			return err
		}, "verifiedhttp.Config.Decide", []string{"give the function that runs the biometric check"}},
		{"webhook without its secret", func(*testing.T) error {
			_, err := alerts.NewWebhook(alerts.WebhookConfig{URL: "https://hooks.example.com/authlens"})
			return err
		}, "WebhookConfig.Secret", []string{"alerts.NewSecret", "alerts.VerifySignature"}},
		{"webhook URL without a scheme", func(*testing.T) error {
			_, err := alerts.NewWebhook(alerts.WebhookConfig{URL: "hooks.example.com/authlens", Secret: alerts.NewSecret(secret)})
			return err
		}, "WebhookConfig.URL", []string{"e.g. https://hooks.example.com/authlens"}},
		{"unknown check id in a suppression", func(*testing.T) error {
			_, err := posture.ParseSuppressions([]byte("suppressions:\n  - check: AL-APP-01\n    resource: {id: \"*\"}\n    reason: accepted\n"))
			return err
		}, "AL-APP-01", []string{"use a check id", "did you mean AL-APP-001?"}},
		{"check id typo in the options", func(*testing.T) error {
			_, err := posture.Run(ctx, &inventory.Snapshot{Version: inventory.FormatVersion}, posture.Options{Checks: []string{"AL-M2M-01"}})
			return err
		}, "Options.Checks", []string{"did you mean AL-M2M-001?"}},
		{"kind typo in the inventory options", func(t *testing.T) error {
			srv := auth0test.NewServer(auth0test.Options{Seed: 1})
			t.Cleanup(srv.Close)
			c, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()})
			if err != nil {
				t.Fatal(err)
			}
			_, err = inventory.Collect(ctx, c, inventory.Options{Kinds: []inventory.Kind{"client"}})
			return err
		}, "Options.Kinds", []string{"did you mean clients?"}},
		{"watcher without a state directory", func(*testing.T) error {
			w := &watch.Watcher{Scan: func(context.Context) (*inventory.Snapshot, error) { return nil, nil }, Interval: time.Minute, MaxTicks: 1}
			return w.Run(ctx)
		}, "Watcher.StateDir", []string{"give a directory"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.err(t)
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.setting) {
				t.Errorf("does not name %s:\n%s", tc.setting, msg)
			}
			for _, f := range tc.fix {
				if !strings.Contains(msg, f) {
					t.Errorf("does not say %q:\n%s", f, msg)
				}
			}
			if strings.Contains(msg, "DO-NOT-PRINT") {
				t.Errorf("shows a secret:\n%s", msg)
			}
			t.Log(msg)
		})
	}
}

func seczettaConfig(t *testing.T) seczetta.Config {
	t.Helper()
	srv := seczettatest.NewServer(seczettatest.Options{})
	t.Cleanup(srv.Close)
	return srv.Config()
}

func seczettaClient(t *testing.T) *seczetta.Client {
	t.Helper()
	c, err := seczetta.New(seczettaConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func rsaKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func writePEM(t *testing.T, dir, name, typ string, der []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
