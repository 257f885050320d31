package biometric

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	clk := newClock()
	cfg := testConfig(clk)
	v, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]any{
		"Secret": cfg.SessionSecret, "*Secret": &cfg.SessionSecret,
		"Config": cfg, "*Config": &cfg,
		"Verifier": *v, "*Verifier": v,
		"[]Secret": []Secret{cfg.SessionSecret}, "map": map[string]Secret{"k": cfg.SessionSecret},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T %v", "%10.3s"}
	for name, val := range values {
		for _, verb := range verbs {
			out := fmt.Sprintf(verb, val)
			if strings.Contains(out, testSecret) || strings.Contains(out, fmt.Sprintf("%x", testSecret)) ||
				strings.Contains(out, fmt.Sprintf("%X", testSecret)) || strings.Contains(out, testSecret[:12]) {
				t.Errorf("%s with %s leaks: %s", name, verb, out)
			}
		}
		if out := fmt.Sprint(val); !strings.Contains(out, Redacted) {
			t.Errorf("%s prints %q without %s", name, out, Redacted)
		}
	}
	if s := cfg.SessionSecret.GoString(); s != `biometric.Secret("[REDACTED]")` {
		t.Errorf("GoString = %s", s)
	}

	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(testSecret)) || !bytes.Contains(b, []byte(Redacted)) {
		t.Errorf("JSON: %s", b)
	}
	if b, _ := cfg.SessionSecret.MarshalText(); string(b) != Redacted {
		t.Errorf("MarshalText = %s", b)
	}

	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&buf, nil), slog.NewTextHandler(&buf, nil)} {
		l := slog.New(h)
		l.Info("config", "cfg", cfg, "secret", cfg.SessionSecret, "verifier", v)
	}
	if strings.Contains(buf.String(), testSecret) {
		t.Errorf("slog leaks: %s", buf.String())
	}

	// Loading from JSON still works.
	var loaded Config
	if err := json.Unmarshal([]byte(`{"SessionSecret":"`+testSecret+`"}`), &loaded); err != nil {
		t.Fatal(err)
	}
	if !loaded.SessionSecret.Equal(testSecret) || loaded.SessionSecret.Len() != len(testSecret) {
		t.Errorf("secret not loaded")
	}
	if loaded.SessionSecret.Equal(otherSecret) {
		t.Errorf("Equal true for another secret")
	}
}
