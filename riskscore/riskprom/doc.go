// Package riskprom exports a riskscore Evaluator's work as Prometheus
// metrics: decisions by outcome and reason, upstream lookups (latency,
// errors), cache reads (hits, misses, shared cache errors), and each
// circuit breaker's state. Make the metrics with New on your registry
// (never the global one) and pass m.Hooks() as the Evaluator's Hooks:
//
//	reg := prometheus.NewRegistry()
//	m, err := riskprom.New(reg, riskprom.Options{})
//	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{..., Hooks: m.Hooks()})
//	http.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
//
// Metrics (with the default namespace "authlens"):
//
//	authlens_risk_decisions_total{outcome, reason}              counter: every Evaluate, by the deciding signal's reason
//	authlens_risk_upstream_requests_total{signal, code}         counter: provider lookups; code "ok" or the ErrorCode
//	authlens_risk_upstream_duration_seconds{signal}             histogram: provider lookup latency
//	authlens_risk_cache_reads_total{signal, tier, result}       counter: tier "shared" or "local"; result hit, failure_hit, miss, error
//	authlens_risk_shared_cache_errors_total{op}                 counter: shared cache failures that fell back to local
//	authlens_risk_breaker_state{signal}                         gauge: 0 closed, 1 half-open, 2 open
//	authlens_risk_breaker_transitions_total{signal, to}         counter: breaker state changes
//
// Every label takes a bounded set of values: outcomes, reasons and error
// codes are riskscore's fixed codes, signals are the configured ones.
package riskprom
