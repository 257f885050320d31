package main

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authlens/authlens/internal/redistest"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

// TestThreeReplicasShareRedis: three riskgate processes (run) on one Redis
// and one SecZetta tenant. 1,000 concurrent requests for one cold subject,
// spread over them, make exactly one search and one risk score read; each
// serves its metrics on its own listener.
func TestThreeReplicasShareRedis(t *testing.T) {
	t.Parallel()
	redis := redistest.Start(t)
	tenant := seczettatest.NewServer(seczettatest.Options{})
	t.Cleanup(tenant.Close)
	tenant.AddUser(6, "bob")
	tenant.AddFault(seczettatest.Fault{Latency: 20 * time.Millisecond})
	vars := map[string]string{
		envBaseURL:       tenant.URL,
		envAPIKey:        tenant.APIKey,
		envAttributeID:   tenant.AttributeID,
		envProfileTypeID: tenant.ProfileTypeID,
		envToken:         "a-long-enough-token-for-tests",
		envAccessClaim:   "score",
		// For a loaded CI machine (-race, every package at once): a Redis
		// read that outlasts the default 200 ms makes a replica go on
		// alone, by design.
		envRedisTimeout: "5s",
	}
	var bases, metrics []string
	for i := range 3 {
		args := []string{"-metrics-addr", "127.0.0.1:0"}
		v := vars
		if i == 0 {
			args = append(args, "-redis", redis.URL) // the flag
		} else {
			v = map[string]string{envRedisURL: redis.URL} // or the environment
			for k, x := range vars {
				v[k] = x
			}
		}
		base, _, out, _ := service(t, v, args...)
		bases = append(bases, base)
		if !strings.Contains(out.String(), "riskgate: sharing the cache with other replicas through Redis at "+redis.URL) {
			t.Errorf("replica %d does not say it shares the cache:\n%s", i, out)
		}
		metrics = append(metrics, out.waitFor(t, "riskgate: metrics on ", nil))
	}

	const n = 1000
	// 1,000 requests at once over at most 64 connections per replica:
	// concurrency in the service, not a thousand sockets in its backlog.
	tr := &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	var wg sync.WaitGroup
	var ok atomic.Int64
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			a := call(t, client, "POST", bases[i%3]+"/v1/decisions", "Bearer "+vars[envToken], "application/json",
				strings.NewReader(`{"user_id":"auth0|`+string(rune('a'+i%26))+`","username":"bob"}`))
			if a.status == 200 && strings.Contains(string(a.body), `"outcome":"mfa"`) &&
				strings.Contains(string(a.body), `"access_token_claims":{"https://seczetta.com/risk":6}`) {
				ok.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if ok.Load() != n {
		t.Errorf("%d of %d answers were MFA with the score claim", ok.Load(), n)
	}
	if c := tenant.Counts(); c.Searches != 1 || c.ScoreReads != 1 {
		t.Fatalf("SecZetta saw %d searches and %d score reads, want 1 and 1", c.Searches, c.ScoreReads)
	}

	total := 0
	for i, m := range metrics {
		resp, err := http.Get(m)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		text := string(b)
		for _, want := range []string{
			`authlens_risk_decisions_total{outcome="mfa",reason="score_above_allowable"}`,
			`authlens_risk_breaker_state{signal="seczetta"} 0`,
			`signal="seczetta",tier="shared"}`, // cache reads: hits or misses, shared
			`authlens_riskgate_http_responses_total{code="200"}`,
			`go_goroutines`,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("replica %d metrics lack %s:\n%s", i, want, grepLines(text, "authlens_risk"))
			}
		}
		if strings.Contains(text, `authlens_risk_upstream_requests_total{code="ok",signal="seczetta"} 1`) {
			total++
		}
	}
	if total != 1 {
		t.Errorf("%d replicas report the upstream lookup, want 1", total)
	}
}

func grepLines(text, prefix string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
