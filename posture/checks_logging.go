package posture

import (
	"fmt"
	"strings"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Logging: whether the tenant's logs leave Auth0, and how.
func loggingChecks() []check {
	return []check{
		{id: "AL-LOG-001", needs: kinds(inventory.KindLogStreams), run: checkLogStreamsDeliver},
		{id: "AL-LOG-002", needs: kinds(inventory.KindLogStreams), run: checkLogStreamPlainHTTP},
	}
}

// AL-LOG-001: no active log stream, and streams that are paused or
// suspended.
func checkLogStreamsDeliver(t *model.Tenant, r *reporter) {
	ss, _ := t.LogStreams()
	active := 0
	for i := range ss {
		s := &ss[i]
		switch s.Status {
		case "", "active": // a stream is created active
			active++
		case "paused":
			r.report(logStreamResource(s), "status", fmt.Sprintf(
				"Log stream %q (%s) is paused: it delivers no events.", s.Name, s.Type), map[string]any{"status": s.Status})
		case "suspended":
			r.report(logStreamResource(s), "status", fmt.Sprintf(
				"Log stream %q (%s) is suspended: Auth0 stopped it after repeated delivery failures, and its events are not delivered.",
				s.Name, s.Type), map[string]any{"status": s.Status})
		}
	}
	if active > 0 {
		return
	}
	if len(ss) == 0 && !t.Complete(inventory.KindLogStreams) {
		r.skip(kindResource(inventory.KindLogStreams), "the log streams were not all read", "read:log_streams")
		return
	}
	msg := "No log stream is configured: tenant logs stay in Auth0 for its short retention and reach no SIEM or alerting."
	if len(ss) > 0 {
		msg = fmt.Sprintf("None of the tenant's %d log stream(s) is active: tenant logs reach no SIEM or alerting.", len(ss))
	}
	r.report(kindResource(inventory.KindLogStreams), "", msg, map[string]any{"log_streams": len(ss), "active": 0})
}

// AL-LOG-002: a log stream that sends the tenant's logs where the
// network can read them: a custom webhook or Sumo Logic source over plain
// HTTP, or Splunk without TLS certificate verification (splunkSecure
// false).
func checkLogStreamPlainHTTP(t *model.Tenant, r *reporter) {
	ss, _ := t.LogStreams()
	for i := range ss {
		s := &ss[i]
		switch strings.ToLower(s.Type) {
		case "http":
			host, shown, insecure := emailPlainHTTP(s.Sink.String("httpEndpoint"))
			if !insecure {
				continue
			}
			r.report(logStreamResource(s), path("sink", "httpEndpoint"), fmt.Sprintf(
				"Log stream %q posts tenant logs (user ids, emails, IP addresses) and its authorization token over plain HTTP to %s.",
				s.Name, host), map[string]any{"httpEndpoint": shown})
		case "sumo":
			host, _, insecure := emailPlainHTTP(s.Sink.String("sumoSourceAddress"))
			if !insecure {
				continue
			}
			// The source address's path is the collector's token: only
			// its host is shown.
			r.report(logStreamResource(s), path("sink", "sumoSourceAddress"), fmt.Sprintf(
				"Log stream %q posts tenant logs (user ids, emails, IP addresses) over plain HTTP to the Sumo Logic source at %s, whose address (the token in its path) crosses the network in clear too.",
				s.Name, host), map[string]any{"sumoSourceAddress": "http://" + host + "/****"})
		case "splunk":
			secure, set := s.Sink.Bool("splunkSecure")
			if !set {
				r.skip(logStreamResource(s), "the Splunk stream's sink.splunkSecure is absent")
				continue
			}
			if secure {
				continue
			}
			host := s.Sink.String("splunkDomain")
			if p := s.Sink.String("splunkPort"); p != "" {
				host += ":" + p
			}
			r.report(logStreamResource(s), path("sink", "splunkSecure"), fmt.Sprintf(
				"Log stream %q sends tenant logs and its HEC token to Splunk at %s without verifying the server's TLS certificate (splunkSecure false): anyone on the network path can pose as the server and collect them.",
				s.Name, host), map[string]any{"splunkSecure": false, "splunkDomain": s.Sink.String("splunkDomain")})
		}
	}
}
