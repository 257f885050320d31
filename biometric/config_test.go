package biometric

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestNewRefusesInvalidConfig(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mutate func(*Config)
		field  string
		kind   error // field-specific sentinel, besides ErrConfig
	}{
		{"empty integration id", func(c *Config) { c.IntegrationID = "" }, "IntegrationID", ErrIntegration},
		{"integration id with spaces", func(c *Config) { c.IntegrationID = " int " }, "IntegrationID", ErrIntegration},
		{"integration id not printable", func(c *Config) { c.IntegrationID = "int\n1" }, "IntegrationID", ErrIntegration},
		{"integration id too long", func(c *Config) { c.IntegrationID = strings.Repeat("i", 257) }, "IntegrationID", ErrIntegration},
		{"empty secret", func(c *Config) { c.SessionSecret = "" }, "SessionSecret", ErrWeakSecret},
		{"secret of 31 bytes", func(c *Config) { c.SessionSecret = Secret(testSecret[:31]) }, "SessionSecret", ErrWeakSecret},
		{"short multibyte secret", func(c *Config) { c.SessionSecret = "ééééééééééééééé" }, "SessionSecret", ErrWeakSecret},
		{"mode unset", func(c *Config) { c.Mode = 0 }, "Mode", nil},
		{"mode unknown", func(c *Config) { c.Mode = 7 }, "Mode", nil},
		{"verified url empty", func(c *Config) { c.VerifiedURL = "" }, "VerifiedURL", nil},
		{"verified url relative", func(c *Config) { c.VerifiedURL = "/verify" }, "VerifiedURL", nil},
		{"verified url plain http", func(c *Config) { c.VerifiedURL = "http://verified.example.com/v" }, "VerifiedURL", nil},
		{"verified url with user info", func(c *Config) { c.VerifiedURL = "https://u:p@verified.example.com/v" }, "VerifiedURL", nil},
		{"verified url with fragment", func(c *Config) { c.VerifiedURL = "https://verified.example.com/v#x" }, "VerifiedURL", nil},
		{"issuer empty", func(c *Config) { c.Issuer = "" }, "Issuer", nil},
		{"issuer with a path", func(c *Config) { c.Issuer = "https://tenant.auth0.com/x" }, "Issuer", nil},
		{"issuer not a host", func(c *Config) { c.Issuer = "tenant auth0 com" }, "Issuer", nil},
		{"verified issuer equals issuer", func(c *Config) { c.VerifiedIssuer = testTenant }, "VerifiedIssuer", nil},
		{"continue url on another host", func(c *Config) { c.ContinueURL = "https://evil.example.com/continue" }, "ContinueURL", nil},
		{"token param with a space", func(c *Config) { c.TokenParam = "a b" }, "TokenParam", nil},
		{"lifetime above 15 min", func(c *Config) { c.TokenLifetime = 16 * time.Minute }, "TokenLifetime", nil},
		{"lifetime negative", func(c *Config) { c.TokenLifetime = -time.Second }, "TokenLifetime", nil},
		{"result lifetime above 5 min", func(c *Config) { c.ResultLifetime = 6 * time.Minute }, "ResultLifetime", nil},
		{"leeway above 5 min", func(c *Config) { c.Leeway = 6 * time.Minute }, "Leeway", nil},
		{"leeway negative", func(c *Config) { c.Leeway = -time.Second }, "Leeway", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig(newClock())
			tc.mutate(&cfg)
			v, err := New(cfg)
			if err == nil {
				t.Fatalf("New accepted the config: %v", v)
			}
			if !errors.Is(err, ErrConfig) {
				t.Errorf("err %v does not match ErrConfig", err)
			}
			if tc.kind != nil && !errors.Is(err, tc.kind) {
				t.Errorf("err %v does not match %v", err, tc.kind)
			}
			for _, other := range []error{ErrWeakSecret, ErrIntegration} {
				if other != tc.kind && errors.Is(err, other) {
					t.Errorf("err %v also matches %v", err, other)
				}
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != tc.field {
				t.Errorf("err %v: field = %v, want %s", err, ce, tc.field)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Errorf("message %q does not name %s", err, tc.field)
			}
			assertNoLeak(t, err.Error(), "")
			if s := string(cfg.SessionSecret); len(s) >= 8 && strings.Contains(err.Error(), s) {
				t.Errorf("message leaks the secret")
			}
		})
	}
}

func TestNewJoinsAllErrors(t *testing.T) {
	t.Parallel()
	_, err := New(Config{})
	for _, field := range []string{"IntegrationID", "SessionSecret", "Mode", "VerifiedURL", "Issuer"} {
		if !strings.Contains(err.Error(), field) {
			t.Errorf("%q does not name %s", err, field)
		}
	}
}

func TestNewDefaultsAndNormalisation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                                string
		mutate                              func(*Config)
		issuer, verifiedIssuer, continueURL string
	}{
		{"defaults", func(*Config) {}, testTenant, testVerifiedH, "https://" + testTenant + "/continue"},
		{"issuer as URL", func(c *Config) { c.Issuer = "https://Tenant.Example.Auth0.com/" }, testTenant, testVerifiedH, "https://" + testTenant + "/continue"},
		{"loopback", func(c *Config) {
			c.Issuer = "127.0.0.1:8443"
			c.VerifiedURL = "http://127.0.0.1:9000/verify"
		}, "127.0.0.1:8443", "127.0.0.1:9000", "http://127.0.0.1:8443/continue"},
		{"explicit verified issuer", func(c *Config) { c.VerifiedIssuer = "api.authid.ai" }, testTenant, "api.authid.ai", "https://" + testTenant + "/continue"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig(newClock())
			tc.mutate(&cfg)
			v, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if v.Issuer() != tc.issuer || v.VerifiedIssuer() != tc.verifiedIssuer || v.ContinueURL() != tc.continueURL {
				t.Errorf("got %q %q %q", v.Issuer(), v.VerifiedIssuer(), v.ContinueURL())
			}
			if v.TokenParam() != DefaultTokenParam || v.Mode() != OnDemand || v.IntegrationID() != testIntegrate {
				t.Errorf("defaults: %q %v %q", v.TokenParam(), v.Mode(), v.IntegrationID())
			}
			if v.s.lifetime != DefaultTokenLifetime || v.s.resultLifetime != DefaultResultLifetime {
				t.Errorf("lifetimes %v %v", v.s.lifetime, v.s.resultLifetime)
			}
		})
	}
}

func TestNewCopiesConfig(t *testing.T) {
	t.Parallel()
	cfg := testConfig(newClock())
	secret := []byte(testSecret)
	cfg.SessionSecret = Secret(secret)
	v, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.IntegrationID = "changed"
	secret[0] = 'X'
	if v.IntegrationID() != testIntegrate || string(v.s.key) != testSecret {
		t.Errorf("Verifier shares state with the Config")
	}
}

func TestParseMode(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Mode{"always-on": AlwaysOn, "On-Demand": OnDemand, " ondemand ": OnDemand} {
		got, err := ParseMode(in)
		if err != nil || got != want {
			t.Errorf("ParseMode(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseMode("sometimes"); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("err = %v", err)
	}
	var m Mode
	if err := m.UnmarshalText([]byte("always-on")); err != nil || m != AlwaysOn {
		t.Errorf("UnmarshalText: %v %v", m, err)
	}
	if b, _ := OnDemand.MarshalText(); string(b) != "on-demand" || Mode(0).String() != "unset" {
		t.Errorf("MarshalText = %s", b)
	}
}
