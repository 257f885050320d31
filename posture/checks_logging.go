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

// AL-LOG-002: an HTTP log stream posts to a plain-HTTP endpoint.
func checkLogStreamPlainHTTP(t *model.Tenant, r *reporter) {
	ss, _ := t.LogStreams()
	for i := range ss {
		s := &ss[i]
		if !strings.EqualFold(s.Type, "http") {
			continue
		}
		host, shown, insecure := emailPlainHTTP(s.Sink.String("httpEndpoint"))
		if !insecure {
			continue
		}
		r.report(logStreamResource(s), path("sink", "httpEndpoint"), fmt.Sprintf(
			"Log stream %q posts tenant logs (user ids, emails, IP addresses) and its authorization token over plain HTTP to %s.",
			s.Name, host), map[string]any{"httpEndpoint": shown})
	}
}
