package riskprom_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/riskprom"
)

func Example() {
	reg := prometheus.NewRegistry() // never the global one
	m, err := riskprom.New(reg, riskprom.Options{})
	if err != nil {
		panic(err)
	}
	p := riskscore.ProviderFunc(func(context.Context, riskscore.Subject) (riskscore.Score, error) {
		return riskscore.Score{Value: 2}, nil
	})
	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{Provider: p, Policy: riskscore.DefaultPolicy(), Hooks: m.Hooks()})
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.Evaluate(context.Background(), riskscore.Subject{Username: "alice"}).Outcome)

	// Serve reg on the metrics listener, apart from the decision endpoint.
	metrics := http.NewServeMux()
	metrics.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	_ = metrics
	// Output:
	// allow
}
