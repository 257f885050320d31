package verifiedhttp

import (
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/authlens/authlens/biometric"
)

// Result is the label of authlens_verified_verifications_total: what
// became of one request.
type Result string

// Results.
const (
	ResultAccepted     Result = "accepted"      // session verified, result signed and sent
	ResultReplay       Result = "replay"        // token already used (biometric.ErrReplay)
	ResultStoreError   Result = "store_error"   // the replay store failed: refused (503)
	ResultExpired      Result = "expired"       // ErrExpired
	ResultNotYetValid  Result = "not_yet_valid" // ErrNotYetValid
	ResultLifetime     Result = "lifetime"      // ErrLifetime
	ResultSignature    Result = "signature"     // ErrSignature
	ResultAlgorithm    Result = "algorithm"     // ErrAlgorithm
	ResultMalformed    Result = "malformed"     // ErrMalformed (strict decoding included), ErrTokenTooLarge
	ResultMissingClaim Result = "missing_claim" // ErrMissingClaim
	ResultState        Result = "state"         // ErrState
	ResultSubject      Result = "subject"       // ErrSubject
	ResultIssuer       Result = "issuer"        // ErrIssuer
	ResultIntegration  Result = "integration"   // ErrIntegration
	ResultContinueURI  Result = "continue_uri"  // ErrContinueURI
	ResultBadRequest   Result = "bad_request"   // method, unreadable form
	ResultDecideError  Result = "decide_error"  // Config.Decide failed (502)
	ResultOther        Result = "other"         // anything else
)

var resultKinds = []struct {
	kind error
	res  Result
}{
	{biometric.ErrReplayStore, ResultStoreError},
	{biometric.ErrReplay, ResultReplay},
	{biometric.ErrExpired, ResultExpired},
	{biometric.ErrNotYetValid, ResultNotYetValid},
	{biometric.ErrLifetime, ResultLifetime},
	{biometric.ErrSignature, ResultSignature},
	{biometric.ErrAlgorithm, ResultAlgorithm},
	{biometric.ErrTokenTooLarge, ResultMalformed},
	{biometric.ErrMalformed, ResultMalformed},
	{biometric.ErrMissingClaim, ResultMissingClaim},
	{biometric.ErrState, ResultState},
	{biometric.ErrSubject, ResultSubject},
	{biometric.ErrIssuer, ResultIssuer},
	{biometric.ErrIntegration, ResultIntegration},
	{biometric.ErrContinueURI, ResultContinueURI},
}

func resultOf(err error) Result {
	for _, k := range resultKinds {
		if errors.Is(err, k.kind) {
			return k.res
		}
	}
	return ResultOther
}

type metrics struct {
	verifications *prometheus.CounterVec
	replays       prometheus.Counter
	storeErrors   prometheus.Counter
	results       *prometheus.CounterVec
	seconds       prometheus.Histogram
}

// newMetrics registers the Handler's metrics on reg; store's size is
// exported when it has Len, Bytes or MaxBytes methods.
func newMetrics(reg prometheus.Registerer, labels prometheus.Labels, store biometric.ReplayStore) (*metrics, error) {
	const ns, sub = "authlens", "verified"
	m := &metrics{
		verifications: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: "verifications_total",
			Help: "Requests to the Verified side by result: accepted, or why refused.", ConstLabels: labels}, []string{"result"}),
		replays: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: "replay_refusals_total",
			Help: "Session tokens refused because they were already used.", ConstLabels: labels}),
		storeErrors: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: "replay_store_errors_total",
			Help: "Verifications refused because the replay store failed (fail closed).", ConstLabels: labels}),
		results: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: "results_total",
			Help: "Result tokens signed, by outcome.", ConstLabels: labels}, []string{"outcome"}),
		seconds: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub, Name: "verification_seconds",
			Help: "Time to verify a session token (replay store included).", ConstLabels: labels,
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1}}),
	}
	cs := []prometheus.Collector{m.verifications, m.replays, m.storeErrors, m.results, m.seconds}
	gauge := func(name, help string, f func() float64) {
		cs = append(cs, prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub, Name: name, Help: help, ConstLabels: labels}, f))
	}
	if s, ok := store.(interface{ Len() int }); ok {
		gauge("replay_store_records", "Records held by the in-process replay store.", func() float64 { return float64(s.Len()) })
	}
	if s, ok := store.(interface{ Bytes() int }); ok {
		gauge("replay_store_bytes", "Bytes counted by the in-process replay store against its bound.", func() float64 { return float64(s.Bytes()) })
	}
	if s, ok := store.(interface{ MaxBytes() int }); ok {
		gauge("replay_store_max_bytes", "The in-process replay store's bound in bytes.", func() float64 { return float64(s.MaxBytes()) })
	}
	for i, c := range cs {
		if err := reg.Register(c); err != nil {
			for _, done := range cs[:i] {
				reg.Unregister(done)
			}
			return nil, err
		}
	}
	// Every result appears from the start (at zero), so that rates and
	// alerts need no "absent" handling.
	for _, k := range resultKinds {
		m.verifications.WithLabelValues(string(k.res))
	}
	for _, r := range []Result{ResultAccepted, ResultBadRequest, ResultDecideError, ResultOther} {
		m.verifications.WithLabelValues(string(r))
	}
	m.results.WithLabelValues(string(biometric.OutcomeSuccess))
	m.results.WithLabelValues(string(biometric.OutcomeFailure))
	return m, nil
}

func (m *metrics) verified(d time.Duration) {
	if m != nil {
		m.seconds.Observe(d.Seconds())
	}
}

func (m *metrics) observe(ev Event) {
	if m == nil {
		return
	}
	m.verifications.WithLabelValues(string(ev.Result)).Inc()
	switch ev.Result {
	case ResultReplay:
		m.replays.Inc()
	case ResultStoreError:
		m.storeErrors.Inc()
	case ResultAccepted:
		m.results.WithLabelValues(string(ev.Outcome)).Inc()
	}
}
