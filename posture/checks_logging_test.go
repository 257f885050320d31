package posture

import (
	"encoding/json"
	"strings"
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

// logSumo and logSplunk are shaped like the recorded sumo and splunk
// streams.
func logSumo(id, address string) string {
	return `{"id":"` + id + `","name":"Sumo","type":"sumo","status":"active","sink":{"sumoSourceAddress":"` + address + `"},` +
		`"filters":[{"type":"category","name":"security"}],"isPriority":true}`
}

func logSplunk(id, secure string) string {
	sink := `"splunkDomain":"demo.splunk.com","splunkPort":"8088","splunkToken":"[REDACTED]"`
	if secure != "" {
		sink += `,"splunkSecure":` + secure
	}
	return `{"id":"` + id + `","name":"Splunk","type":"splunk","status":"active","sink":{` + sink + `},"isPriority":false}`
}

func TestCheckLogStreamPlainHTTP(t *testing.T) {
	t.Parallel()
	const sumoToken = "ZaVnC4dhaV3AbCdEfGh1jKlMn0pQrStUvWxYz2A4B6C8D0E2F4G6H8J0K2L4M6N8P0Q2R4=="
	runCases(t, "AL-LOG-002", []checkCase{
		{name: "sumo over plain http", snap: newSnap().add(inventory.KindLogStreams,
			logSumo("lst_s", "http://endpoint1.collection.eu.sumologic.com/receiver/v1/http/"+sumoToken)),
			want: []string{"lst_s@sink.sumoSourceAddress"}},
		{name: "sumo over https", snap: newSnap().add(inventory.KindLogStreams,
			logSumo("lst_s", "https://endpoint1.collection.eu.sumologic.com/receiver/v1/http/"+sumoToken))},
		{name: "splunk without TLS verification", snap: newSnap().add(inventory.KindLogStreams, logSplunk("lst_k", "false")),
			want: []string{"lst_k@sink.splunkSecure"}},
		{name: "splunk verifying TLS", snap: newSnap().add(inventory.KindLogStreams, logSplunk("lst_k", "true"))},
		{name: "plain http", snap: newSnap().add(inventory.KindLogStreams, logDatadog, logHTTPStream("lst_1", "active", "http://siem.example.com/auth0")),
			want: []string{"lst_1@sink.httpEndpoint"}},
		{name: "https", snap: newSnap().add(inventory.KindLogStreams, logHTTPStream("lst_1", "active", "https://siem.example.com/auth0"))},
		{name: "loopback collector", snap: newSnap().add(inventory.KindLogStreams, logHTTPStream("lst_1", "active", "http://127.0.0.1:8080/logs"))},
		{name: "not read", snap: newSnap().status(inventory.KindLogStreams, inventory.StatusForbidden, "read:log_streams"), notEv: true},
	})
}

// The Sumo source address holds its token in the path: the finding shows
// the host only; a Splunk stream without splunkSecure is not judged.
func TestLogStreamSecretsStayOut(t *testing.T) {
	t.Parallel()
	const token = "ZaVnC4dhaV3AbCdEfGh1jKlMn0pQrStUvWxYz2A4B6C8D0E2F4G6H8J0K2L4M6N8P0Q2R4=="
	fs, _ := runCheckOn(t, "AL-LOG-002", newSnap().add(inventory.KindLogStreams,
		logSumo("lst_s", "http://endpoint1.collection.eu.sumologic.com/receiver/v1/http/"+token)).build(t))
	if len(fs) != 1 {
		t.Fatalf("findings %s", describe(fs))
	}
	b, _ := json.Marshal(fs[0])
	if strings.Contains(string(b), token) || strings.Contains(string(b), "receiver") {
		t.Errorf("the finding shows the source address's path: %s", b)
	}
	fs, ne := runCheckOn(t, "AL-LOG-002", newSnap().add(inventory.KindLogStreams, logSplunk("lst_k", "")).build(t))
	if len(fs) != 0 || len(ne) != 1 || !ne[0].Partial() || ne[0].Resources[0].ID != "lst_k" {
		t.Errorf("splunkSecure absent: findings %v, not evaluated %+v", fs, ne)
	}
}
