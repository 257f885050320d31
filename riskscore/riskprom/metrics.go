package riskprom

import (
	"context"
	"errors"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/authlens/authlens/riskscore"
)

// Options configure Metrics.
type Options struct {
	// Namespace prefixes every metric name (default "authlens").
	Namespace string
	// ConstLabels are added to every metric (e.g. {"service": "riskgate"}).
	ConstLabels prometheus.Labels
	// Buckets of the upstream latency histogram, in seconds (default
	// 5 ms to 10 s).
	Buckets []float64
}

// DefaultBuckets are the upstream latency buckets, in seconds.
var defaultBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// Metrics holds the collectors. Its Hooks feed them.
type Metrics struct {
	decisions    *prometheus.CounterVec
	upstream     *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	cache        *prometheus.CounterVec
	sharedErrors *prometheus.CounterVec
	breaker      *prometheus.GaugeVec
	transitions  *prometheus.CounterVec
}

// New makes the collectors and registers them on reg (required). A
// registry that already holds them (e.g. two Metrics on one registry
// without distinct ConstLabels) is an error.
func New(reg prometheus.Registerer, o Options) (*Metrics, error) {
	if reg == nil {
		return nil, &riskscore.FieldError{Struct: "riskprom", Field: "reg", Problem: "is required (a *prometheus.Registry, not the global one)"}
	}
	ns := o.Namespace
	if ns == "" {
		ns = "authlens"
	}
	if strings.ContainsFunc(ns, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '_'
	}) {
		return nil, &riskscore.FieldError{Struct: "riskprom.Options", Field: "Namespace", Problem: "must be letters, digits and underscores"}
	}
	buckets := o.Buckets
	if len(buckets) == 0 {
		buckets = defaultBuckets
	}
	opts := func(name, help string) prometheus.Opts {
		return prometheus.Opts{Namespace: ns, Subsystem: "risk", Name: name, Help: help, ConstLabels: o.ConstLabels}
	}
	m := &Metrics{
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts(opts("decisions_total",
			"Login decisions, by outcome and the deciding signal's reason.")), []string{"outcome", "reason"}),
		upstream: prometheus.NewCounterVec(prometheus.CounterOpts(opts("upstream_requests_total",
			"Risk provider lookups (retries included), by signal and result code (ok or the error code).")), []string{"signal", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Subsystem: "risk", Name: "upstream_duration_seconds",
			Help: "Risk provider lookup latency, retries included.", ConstLabels: o.ConstLabels, Buckets: buckets}, []string{"signal"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts(opts("cache_reads_total",
			"Risk cache reads, by signal, tier (shared or local) and result (hit, failure_hit, miss, error).")), []string{"signal", "tier", "result"}),
		sharedErrors: prometheus.NewCounterVec(prometheus.CounterOpts(opts("shared_cache_errors_total",
			"Shared risk cache operations that failed and fell back to the local cache, by operation.")), []string{"op"}),
		breaker: prometheus.NewGaugeVec(prometheus.GaugeOpts(opts("breaker_state",
			"Circuit breaker state per signal: 0 closed, 1 half-open, 2 open.")), []string{"signal"}),
		transitions: prometheus.NewCounterVec(prometheus.CounterOpts(opts("breaker_transitions_total",
			"Circuit breaker state changes, by signal and new state.")), []string{"signal", "to"}),
	}
	var errs []error
	for _, c := range []prometheus.Collector{m.decisions, m.upstream, m.latency, m.cache, m.sharedErrors, m.breaker, m.transitions} {
		if err := reg.Register(c); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
}

// Hooks returns the riskscore.Hooks that feed m, for
// EvaluatorConfig.Hooks.
func (m *Metrics) Hooks() riskscore.Hooks {
	return riskscore.Hooks{
		Decision:         m.decision,
		Lookup:           m.lookup,
		Cache:            m.cacheRead,
		Breaker:          m.breakerEvent,
		SharedCacheError: m.sharedError,
	}
}

func (m *Metrics) decision(_ context.Context, r riskscore.Result) {
	outcome := "deny"
	if r.Outcome.Valid() {
		outcome = r.Outcome.String()
	}
	m.decisions.WithLabelValues(outcome, r.Reason.String()).Inc()
}

func (m *Metrics) lookup(ev riskscore.LookupEvent) {
	code := ev.Code
	if code == "" {
		code = "ok"
	}
	m.upstream.WithLabelValues(ev.Signal, code).Inc()
	m.latency.WithLabelValues(ev.Signal).Observe(ev.Took.Seconds())
}

func (m *Metrics) cacheRead(ev riskscore.CacheEvent) {
	tier := "local"
	if ev.Shared {
		tier = "shared"
	}
	result := ev.Result.String()
	if ev.Failure {
		result = "failure_hit"
	}
	m.cache.WithLabelValues(ev.Signal, tier, result).Inc()
}

func (m *Metrics) breakerEvent(ev riskscore.BreakerEvent) {
	m.breaker.WithLabelValues(ev.Signal).Set(float64(ev.To))
	if ev.From != ev.To {
		m.transitions.WithLabelValues(ev.Signal, ev.To.String()).Inc()
	}
}

func (m *Metrics) sharedError(op string, _ error) {
	m.sharedErrors.WithLabelValues(op).Inc()
}
