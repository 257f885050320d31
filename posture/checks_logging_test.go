package posture

import (
	"testing"

	"github.com/authlens/authlens/inventory"
)

// logHTTPStream is a custom webhook stream shaped like the recorded
// /log-streams items (authorization redacted as the snapshot keeps it).
func logHTTPStream(id, status, endpoint string) string {
	return `{"id":"` + id + `","name":"SIEM webhook","type":"http","status":"` + status + `","sink":{"httpAuthorization":"[REDACTED]","httpContentFormat":"JSONLINES","httpContentType":"application/json","httpEndpoint":"` +
		endpoint + `"},"isPriority":false}`
}

const logDatadog = `{"id":"lst_dd","name":"Datadog","type":"datadog","status":"active","sink":{"datadogApiKey":"[REDACTED]","datadogRegion":"us"},"filters":[{"type":"category","name":"security"}],"isPriority":true}`

func TestCheckLogStreamsDeliver(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-LOG-001", []checkCase{
		{name: "none", snap: newSnap().empty(inventory.KindLogStreams), want: []string{""}},
		{name: "only a suspended one", snap: newSnap().add(inventory.KindLogStreams, logHTTPStream("lst_1", "suspended", "https://siem.example.com/auth0")),
			want: []string{"", "lst_1@status"}},
		{name: "one active, one paused", snap: newSnap().add(inventory.KindLogStreams, logDatadog, logHTTPStream("lst_1", "paused", "https://siem.example.com/auth0")),
			want: []string{"lst_1@status"}},
		{name: "active", snap: newSnap().add(inventory.KindLogStreams, logDatadog, logHTTPStream("lst_1", "active", "https://siem.example.com/auth0"))},
		{name: "not read", snap: newSnap().status(inventory.KindLogStreams, inventory.StatusForbidden, "read:log_streams"), notEv: true},
	})
}

func TestCheckLogStreamPlainHTTP(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-LOG-002", []checkCase{
		{name: "plain http", snap: newSnap().add(inventory.KindLogStreams, logDatadog, logHTTPStream("lst_1", "active", "http://siem.example.com/auth0")),
			want: []string{"lst_1@sink.httpEndpoint"}},
		{name: "https", snap: newSnap().add(inventory.KindLogStreams, logHTTPStream("lst_1", "active", "https://siem.example.com/auth0"))},
		{name: "loopback collector", snap: newSnap().add(inventory.KindLogStreams, logHTTPStream("lst_1", "active", "http://127.0.0.1:8080/logs"))},
		{name: "not read", snap: newSnap().status(inventory.KindLogStreams, inventory.StatusForbidden, "read:log_streams"), notEv: true},
	})
}
