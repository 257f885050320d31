package riskprom_test

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/riskprom"
)

// scrape returns the registry's text exposition.
func scrape(t *testing.T, reg *prometheus.Registry) string {
	t.Helper()
	srv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestMetricsExposed(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	m, err := riskprom.New(reg, riskprom.Options{ConstLabels: prometheus.Labels{"service": "test"}})
	if err != nil {
		t.Fatal(err)
	}
	p := riskscore.ProviderFunc(func(_ context.Context, s riskscore.Subject) (riskscore.Score, error) {
		if s.Username == "down" {
			return riskscore.Score{}, riskscore.ErrUnavailable
		}
		return riskscore.Score{Value: 6}, nil
	})
	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{Provider: p, Name: "seczetta", Policy: riskscore.DefaultPolicy(),
		Hooks: m.Hooks(), Breaker: riskscore.BreakerConfig{Failures: 2}, FailureTTL: -1})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		ev.Evaluate(context.Background(), riskscore.Subject{Username: "bob"})
	}
	for range 3 {
		ev.Evaluate(context.Background(), riskscore.Subject{Username: "down"})
	}
	out := scrape(t, reg)
	for _, want := range []string{
		`authlens_risk_decisions_total{outcome="mfa",reason="score_above_allowable",service="test"} 3`,
		`authlens_risk_decisions_total{outcome="deny",reason="provider_error",service="test"} 2`,
		`authlens_risk_decisions_total{outcome="deny",reason="breaker_open",service="test"} 1`,
		`authlens_risk_upstream_requests_total{code="ok",service="test",signal="seczetta"} 1`,
		`authlens_risk_upstream_requests_total{code="unavailable",service="test",signal="seczetta"} 2`,
		`authlens_risk_upstream_duration_seconds_count{service="test",signal="seczetta"} 3`,
		`authlens_risk_cache_reads_total{result="hit",service="test",signal="seczetta",tier="local"} 2`,
		`authlens_risk_cache_reads_total{result="miss",service="test",signal="seczetta",tier="local"} 4`,
		`authlens_risk_breaker_state{service="test",signal="seczetta"} 2`,
		`authlens_risk_breaker_transitions_total{service="test",signal="seczetta",to="open"} 1`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("no %s in:\n%s", want, out)
		}
	}
}

func TestNewRefuses(t *testing.T) {
	t.Parallel()
	if _, err := riskprom.New(nil, riskprom.Options{}); err == nil {
		t.Error("nil registry accepted")
	}
	if _, err := riskprom.New(prometheus.NewRegistry(), riskprom.Options{Namespace: "a-b"}); err == nil || !strings.Contains(err.Error(), "Namespace") {
		t.Errorf("bad namespace: %v", err)
	}
	reg := prometheus.NewRegistry()
	if _, err := riskprom.New(reg, riskprom.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := riskprom.New(reg, riskprom.Options{}); err == nil {
		t.Error("registered twice on one registry")
	}
}
