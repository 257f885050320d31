package main

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/authlens/authlens/riskscore/riskhttp"
)

// routes returns the service's handler:
//
//	POST /v1/decisions   (bearer token) decide a login: riskhttp.Handler
//	GET  /healthz        liveness, no token
//
// With reg, the decision endpoint's answers are counted by status code
// (authlens_riskgate_http_responses_total).
func routes(decisions *riskhttp.Handler, reg prometheus.Registerer) (http.Handler, error) {
	var h http.Handler = decisions
	if reg != nil {
		responses := prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "authlens", Subsystem: "riskgate", Name: "http_responses_total",
			Help: "Answers of POST /v1/decisions, by HTTP status code.",
		}, []string{"code"})
		if err := reg.Register(responses); err != nil {
			return nil, err
		}
		h = promhttp.InstrumentHandlerCounter(responses, h)
	}
	mux := http.NewServeMux()
	mux.Handle("/v1/decisions", h)
	mux.HandleFunc("/healthz", healthz)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		riskhttp.WriteError(w, http.StatusNotFound, "not_found", "no such endpoint")
	})
	return mux, nil
}

func healthz(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		riskhttp.WriteError(w, http.StatusMethodNotAllowed, "method_not_allowed", "use GET")
		return
	}
	riskhttp.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
