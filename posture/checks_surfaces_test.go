package posture

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/inventory"
)

// eventStream is an event stream shaped like the recorded /event-streams
// items (the authorization's token redacted away as the snapshot keeps
// it); auth is the webhook_authorization member ("" leaves it out).
func eventStream(id, status, typ, endpoint, auth string) string {
	conf := map[string]any{"webhook_endpoint": endpoint}
	if auth != "" {
		conf["webhook_authorization"] = json.RawMessage(auth)
	}
	if typ == "eventbridge" {
		conf = map[string]any{"aws_region": "us-east-2", "aws_account_id": "242109005777",
			"aws_partner_event_source": "aws.partner/auth0.com/http-TENANT/auth0.events"}
	}
	b, _ := json.Marshal(map[string]any{"id": id, "name": "stream " + id, "status": status,
		"subscriptions": []any{map[string]any{"event_type": "user.created"}, map[string]any{"event_type": "user.updated"}},
		"destination":   map[string]any{"type": typ, "configuration": conf},
		"created_at":    "2025-07-29T04:20:20.541Z", "updated_at": "2025-07-29T04:20:20.541Z"})
	return string(b)
}

const bearer = `{"method":"bearer"}`

func TestCheckEventStreamWebhook(t *testing.T) {
	t.Parallel()
	ep := "destination.configuration.webhook_endpoint"
	auth := "destination.configuration.webhook_authorization"
	one := func(rec string) *snapBuilder { return newSnap().add(inventory.KindEventStreams, rec) }
	runCases(t, "AL-LOG-003", []checkCase{
		{name: "plain http", snap: one(eventStream("est_1", "enabled", "webhook", "http://hooks.example.com/auth0?token=abc", bearer)),
			want: []string{"est_1@" + ep}, sev: []Severity{SeverityHigh}},
		{name: "https with bearer", snap: one(eventStream("est_1", "enabled", "webhook", "https://hooks.example.com/auth0", bearer))},
		{name: "https with basic", snap: one(eventStream("est_1", "enabled", "webhook", "https://hooks.example.com/auth0", `{"method":"basic","username":"auth0"}`))},
		{name: "http to a private address", snap: one(eventStream("est_1", "enabled", "webhook", "http://10.1.2.3:8080/events", bearer)),
			want: []string{"est_1@" + ep}, sev: []Severity{SeverityMedium}},
		{name: "https to localhost", snap: one(eventStream("est_1", "enabled", "webhook", "https://localhost:8443/events", bearer)),
			want: []string{"est_1@" + ep}, sev: []Severity{SeverityMedium}},
		{name: "no authorization", snap: one(eventStream("est_1", "enabled", "webhook", "https://hooks.example.com/auth0", "")),
			want: []string{"est_1@" + auth}, sev: []Severity{SeverityMedium}},
		{name: "plain http without authorization", snap: one(eventStream("est_1", "enabled", "webhook", "http://hooks.example.com/auth0", `{"method":"none"}`)),
			want: []string{"est_1@" + ep, "est_1@" + auth}, sev: []Severity{SeverityHigh, SeverityMedium}},
		{name: "disabled plain http", snap: one(eventStream("est_1", "disabled", "webhook", "http://hooks.example.com/auth0", bearer)),
			want: []string{"est_1@" + ep}, sev: []Severity{SeverityLow}},
		// look-alikes: "http" in a host name, an EventBridge stream
		{name: "host named http", snap: one(eventStream("est_1", "enabled", "webhook", "https://http.example.com/auth0", bearer))},
		{name: "eventbridge", snap: one(eventStream("est_1", "enabled", "eventbridge", "", ""))},
		{name: "none", snap: newSnap().empty(inventory.KindEventStreams)},
		{name: "not read", snap: newSnap().status(inventory.KindEventStreams, inventory.StatusForbidden, "read:event_streams"), notEv: true},
	})
}

// scimRecord is a SCIM configuration with its tokens as the snapshot
// keeps it (tokens "" leaves them out: not read).
func scimRecord(id, tokens string) string {
	rec := `{"connection_id":"` + id + `","connection_name":"corp-saml","strategy":"samlp","tenant_name":"example",` +
		`"user_id_attribute":"externalId","mapping":[{"auth0":"email","scim":"emails[primary eq true].value"}],` +
		`"created_at":"2024-10-14T11:53:14.000Z","updated_on":"2024-10-14T11:53:14.000Z"`
	if tokens != "" {
		rec += `,"tokens":` + tokens
	}
	return rec + "}"
}

func scimToken(id, created, validUntil string) string {
	tok := `{"token_id":"` + id + `","created_at":"` + created + `","scopes":["get:users","post:users","put:users","patch:users"]`
	if validUntil != "" {
		tok += `,"valid_until":"` + validUntil + `"`
	}
	return tok + "}"
}

func TestCheckSCIMTokenLifetime(t *testing.T) {
	t.Parallel()
	const created = "2024-10-14T11:53:17.016Z"
	one := func(tokens string) *snapBuilder {
		return newSnap().add(inventory.KindSCIMConfigurations, scimRecord("con_1", tokens))
	}
	runCases(t, "AL-CONN-019", []checkCase{
		{name: "never expires", snap: one("[" + scimToken("tok_1", created, "") + "]"), want: []string{"con_1@tokens[0].valid_until"}},
		{name: "two years", snap: one("[" + scimToken("tok_1", created, "2026-10-14T11:53:17.016Z") + "]"),
			want: []string{"con_1@tokens[0].valid_until"}},
		{name: "second token", snap: one("[" + scimToken("tok_1", created, "2025-04-14T11:53:17.016Z") + "," + scimToken("tok_2", created, "") + "]"),
			want: []string{"con_1@tokens[1].valid_until"}},
		{name: "a year and a day", snap: one("[" + scimToken("tok_1", created, "2025-10-15T11:53:17.016Z") + "]")},
		{name: "six months", snap: one("[" + scimToken("tok_1", created, "2025-04-14T11:53:17.016Z") + "]")},
		{name: "no token", snap: one("[]")},
		{name: "tokens not read", snap: one(""), partial: true},
		{name: "not read", snap: newSnap().status(inventory.KindSCIMConfigurations, inventory.StatusForbidden, "read:scim_config"), notEv: true},
	})
}

// clientCreds is a client_credentials record shaped like the recorded
// /clients/{id}/credentials items.
func clientCreds(clientID string, creds ...string) string {
	return `{"client_id":"` + clientID + `","credentials":[` + strings.Join(creds, ",") + `]}`
}

func credential(id, typ, expiresAt string) string {
	c := `{"id":"` + id + `","name":"key ` + id + `","credential_type":"` + typ + `","created_at":"2024-08-06T10:44:43.477Z","updated_at":"2024-08-06T10:44:43.477Z"`
	switch typ {
	case "public_key":
		c += `,"kid":"QTtPEeOT2gWWuID0QDg6nHgh7foYRcWkOyJ9DhNIn_A","alg":"RS256"`
	case "x509_cert":
		c += `,"thumbprint_sha256":"NTkulT-DcSrRSevqZd26aq0DCz8YbOFGjKVs-Expu4w"`
	case "cert_subject_dn":
		c += `,"subject_dn":"CN=client.example.org"`
	}
	switch expiresAt {
	case "":
	case "null":
		c += `,"expires_at":null`
	default:
		c += `,"expires_at":"` + expiresAt + `"`
	}
	return c + "}"
}

const credApp = `{"client_id":"app_1","name":"Reporting Service","app_type":"non_interactive","token_endpoint_auth_method":"none",` +
	`"client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"cred_1"}]}}}`

func TestCheckClientCredentialNoExpiry(t *testing.T) {
	t.Parallel()
	one := func(creds ...string) *snapBuilder {
		return newSnap().add(inventory.KindClients, credApp).add(inventory.KindClientCredentials, clientCreds("app_1", creds...))
	}
	runCases(t, "AL-APP-018", []checkCase{
		{name: "no expiry", snap: one(credential("cred_1", "public_key", "")), want: []string{"app_1@credentials[0].expires_at"}},
		{name: "null expiry", snap: one(credential("cred_1", "public_key", "null")), want: []string{"app_1@credentials[0].expires_at"}},
		{name: "year 9999", snap: one(credential("cred_1", "public_key", "2026-01-01T00:00:00.000Z"), credential("cred_2", "public_key", "9999-12-31T23:59:59.000Z")),
			want: []string{"app_1@credentials[1].expires_at"}},
		// an x509_cert's validity is in its certificate: the listing's
		// 9999-12-31 (or no date) says nothing
		{name: "certificate with the listing's 9999", snap: one(credential("cred_1", "x509_cert", "9999-12-31T23:59:59.000Z"))},
		{name: "certificate without a date", snap: one(credential("cred_1", "x509_cert", ""))},
		{name: "unknown type", snap: one(credential("cred_1", "jwks_uri", ""))},
		{name: "expires", snap: one(credential("cred_1", "public_key", "2026-08-06T10:44:43.477Z"))},
		{name: "expired is AL-APP-019's", snap: one(credential("cred_1", "public_key", "2020-08-06T10:44:43.477Z"))},
		{name: "subject DN", snap: one(credential("cred_1", "cert_subject_dn", ""))},
		{name: "not read", snap: newSnap().add(inventory.KindClients, credApp).status(inventory.KindClientCredentials, inventory.StatusForbidden, "read:client_credentials"), notEv: true},
	})
}

// The recorded /clients/{id}/credentials body: its public keys without
// an expiry are AL-APP-018's, the one past its date AL-APP-019's; its
// x509_cert (listed as expiring in 9999) and its cert_subject_dn are
// neither's.
func TestClientCredentialChecksOnRecordedBody(t *testing.T) {
	t.Parallel()
	var creds []string
	for _, raw := range readRecorded(t, "client_credentials") {
		creds = append(creds, string(raw))
	}
	snap := func() *snapBuilder {
		return newSnap().collectedAt(time.Date(2025, time.June, 2, 9, 30, 0, 0, time.UTC)).
			add(inventory.KindClients, credApp).add(inventory.KindClientCredentials, clientCreds("app_1", creds...))
	}
	at := func(is ...int) []string {
		var out []string
		for _, i := range is {
			out = append(out, fmt.Sprintf("app_1@credentials[%d].expires_at", i))
		}
		return out
	}
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"AL-APP-018", at(0, 3, 4, 5, 6, 7, 8, 9, 10)},
		{"AL-APP-019", at(11)},
	} {
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			fs, ne := runCheckOn(t, tc.id, snap().build(t))
			var got []string
			for _, f := range fs {
				got = append(got, f.Resource.ID+"@"+f.Path)
				if f.Evidence["credential_type"] != "public_key" {
					t.Errorf("%s judged a %v credential", tc.id, f.Evidence["credential_type"])
				}
			}
			if len(ne) != 0 || !slices.Equal(sortedCopy(got), sortedCopy(tc.want)) {
				t.Errorf("findings %q, want %q; not evaluated %+v", got, tc.want, ne)
			}
		})
	}
}

func TestCheckClientCredentialExpired(t *testing.T) {
	t.Parallel()
	scan := time.Date(2025, time.June, 2, 9, 30, 0, 0, time.UTC)
	one := func(creds ...string) *snapBuilder {
		return newSnap().collectedAt(scan).empty(inventory.KindLogs).add(inventory.KindClients, credApp).
			add(inventory.KindClientCredentials, clientCreds("app_1", creds...))
	}
	logAt := func(date string) string {
		return `{"log_id":"900` + date[:4] + `","date":"` + date + `","type":"s","description":"Success Login"}`
	}
	runCases(t, "AL-APP-019", []checkCase{
		{name: "expired", snap: one(credential("cred_1", "public_key", "2025-05-03T09:30:00.000Z")), want: []string{"app_1@credentials[0].expires_at"}},
		{name: "expires at the scan", snap: one(credential("cred_1", "public_key", "2025-06-02T09:30:00.000Z")), want: []string{"app_1@credentials[0].expires_at"}},
		{name: "expires later", snap: one(credential("cred_1", "public_key", "2025-06-02T09:30:01.000Z"))},
		{name: "never expires", snap: one(credential("cred_1", "public_key", ""))},
		{name: "scan time from the newest log", snap: newSnap().add(inventory.KindLogs, logAt("2025-06-01T10:00:00.000Z"), logAt("2024-01-01T10:00:00.000Z")).
			add(inventory.KindClients, credApp).add(inventory.KindClientCredentials, clientCreds("app_1", credential("cred_1", "public_key", "2025-05-03T09:30:00.000Z"))),
			want: []string{"app_1@credentials[0].expires_at"}},
		{name: "newest log before the expiry", snap: newSnap().add(inventory.KindLogs, logAt("2025-05-01T10:00:00.000Z")).
			add(inventory.KindClients, credApp).add(inventory.KindClientCredentials, clientCreds("app_1", credential("cred_1", "public_key", "2025-05-03T09:30:00.000Z")))},
		{name: "no scan time", snap: newSnap().empty(inventory.KindLogs).add(inventory.KindClients, credApp).
			add(inventory.KindClientCredentials, clientCreds("app_1", credential("cred_1", "public_key", "2025-05-03T09:30:00.000Z"))), partial: true},
		// logs are only a fallback for the scan's time: without them the
		// check still runs on collected_at
		{name: "logs not read, collected_at set", snap: newSnap().collectedAt(scan).add(inventory.KindClients, credApp).
			add(inventory.KindClientCredentials, clientCreds("app_1", credential("cred_1", "public_key", "2025-05-03T09:30:00.000Z"))),
			want: []string{"app_1@credentials[0].expires_at"}},
		{name: "logs forbidden, collected_at set", snap: newSnap().collectedAt(scan).status(inventory.KindLogs, inventory.StatusForbidden, "read:logs").
			add(inventory.KindClients, credApp).add(inventory.KindClientCredentials, clientCreds("app_1", credential("cred_1", "public_key", "2025-05-03T09:30:00.000Z"))),
			want: []string{"app_1@credentials[0].expires_at"}},
		{name: "x509 certificate past a listed date", snap: one(credential("cred_1", "x509_cert", "2025-05-03T09:30:00.000Z"))},
	})
}

// The expiry checks take the scan's time from collected_at, else from
// the newest log event: logs they may lack. With collected_at they judge
// whatever the logs' status; with neither they skip what they cannot
// date, saying why, and ask for no scope.
func TestExpiryChecksWithoutLogs(t *testing.T) {
	t.Parallel()
	scan := time.Date(2025, time.June, 2, 9, 30, 0, 0, time.UTC)
	key := map[string]any{"kid": "k1", "current": true, "cert": testCert(t, scan.Add(-24*time.Hour))}
	rec, _ := json.Marshal(map[string]any{"connection_id": "con_1", "connection_name": "partner-okta", "keys": []any{key}})
	withData := func(id string, b *snapBuilder) *snapBuilder {
		if id == "AL-CONN-020" {
			return b.addID(inventory.KindConnectionKeys, "con_1", string(rec))
		}
		return b.add(inventory.KindClients, credApp).
			add(inventory.KindClientCredentials, clientCreds("app_1", credential("cred_1", "public_key", "2025-05-03T09:30:00.000Z")))
	}
	for _, id := range []string{"AL-APP-019", "AL-CONN-020"} {
		for _, tc := range []struct {
			name  string
			snap  *snapBuilder
			judge bool
		}{
			{"logs forbidden, collected_at set", newSnap().collectedAt(scan).status(inventory.KindLogs, inventory.StatusForbidden, "read:logs"), true},
			{"logs left out, collected_at set", newSnap().collectedAt(scan), true},
			{"logs forbidden, no collected_at", newSnap().status(inventory.KindLogs, inventory.StatusForbidden, "read:logs"), false},
			{"logs left out, no collected_at", newSnap(), false},
		} {
			t.Run(id+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				fs, ne := runCheckOn(t, id, withData(id, tc.snap).build(t))
				if tc.judge {
					if len(fs) != 1 || len(ne) != 0 {
						t.Errorf("want the expired key reported: findings\n%s not evaluated %+v", describe(fs), ne)
					}
					return
				}
				if len(fs) != 0 || len(ne) != 1 || !ne[0].Partial() || !strings.Contains(ne[0].Reason, "does not say when it was taken") ||
					len(ne[0].MissingScopes) != 0 {
					t.Errorf("want the key skipped with the reason and no scope: findings\n%s not evaluated %+v", describe(fs), ne)
				}
			})
		}
	}
}

// flow is a flow with one action of these params, as the snapshot keeps
// it (header values and basic-auth passwords redacted).
func flow(id, typ, params string) string {
	return `{"id":"` + id + `","name":"flow ` + id + `","synchronous":true,"actions":[{"id":"http_request_1","alias":"Call the CRM","type":"` + typ +
		`","action":"SEND_REQUEST","allow_failure":false,"mask_output":false,"params":` + params + `}],` +
		`"triggers":{"webhook":{"enabled":false,"secret":null}},"security":{"rateLimits":[]},"created_at":"2024-09-11T08:25:19.313Z","updated_at":"2024-09-11T08:25:19.313Z"}`
}

const flowStripeKey = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"

func TestCheckFlowSecretInClear(t *testing.T) {
	t.Parallel()
	one := func(params string) *snapBuilder {
		return newSnap().add(inventory.KindFlows, flow("af_1", "HTTP", params))
	}
	const url = `"url":"https://crm.example.com/api/contacts","method":"GET"`
	runCases(t, "AL-CODE-015", []checkCase{
		{name: "API key header", snap: one(`{` + url + `,"headers":{"X-Api-Key":"[REDACTED]","Accept":"[REDACTED]"}}`),
			want: []string{`af_1@actions[0].params.headers["X-Api-Key"]`}},
		{name: "authorization header", snap: one(`{` + url + `,"headers":{"Authorization":"[REDACTED]"}}`),
			want: []string{`af_1@actions[0].params.headers.Authorization`}},
		{name: "basic password", snap: one(`{` + url + `,"basic":{"username":"crm","password":"[REDACTED]"}}`),
			want: []string{`af_1@actions[0].params.basic.password`}},
		{name: "key in the body", snap: one(`{` + url + `,"body":{"customer":{"api_key":"` + flowStripeKey + `"},"email":"{{context.user.email}}"}}`),
			want: []string{`af_1@actions[0].params.body.customer.api_key`}},
		{name: "token in the URL", snap: one(`{"url":"https://crm.example.com/api?access_token=Zx81kQ7pLm2Rt9Vw4Yb6Nc3D","method":"GET"}`),
			want: []string{`af_1@actions[0].params.url`}},
		{name: "literal header of another snapshot", snap: one(`{` + url + `,"headers":{"Authorization":"Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0"}}`),
			want: []string{`af_1@actions[0].params.headers.Authorization`}},
		// what the snapshot redacted: a literal credential was written there
		{name: "redacted URL password", snap: one(`{"url":"https://svc:[REDACTED]@api.example.com/hook","method":"POST"}`),
			want: []string{`af_1@actions[0].params.url`}},
		{name: "redacted URL password and query key", snap: one(`{"url":"https://svc:[REDACTED]@api.example.com/hook?api_key=[REDACTED]&v=2","method":"POST"}`),
			want: []string{`af_1@actions[0].params.url`, `af_1@actions[0].params.url`}},
		{name: "redacted query value of a harmless name", snap: one(`{"url":"https://api.example.com/hook?data=[REDACTED]","method":"GET"}`),
			want: []string{`af_1@actions[0].params.url`}},
		{name: "redacted body leaf of a harmless name", snap: one(`{` + url + `,"body":{"billing":{"data":"[REDACTED]"}}}`),
			want: []string{`af_1@actions[0].params.body.billing.data`}},
		{name: "redacted URL in the body", snap: one(`{` + url + `,"json":{"callback":"https://u:[REDACTED]@cb.example.com/x"}}`),
			want: []string{`af_1@actions[0].params.json.callback`}},
		{name: "key by format in another member", snap: one(`{` + url + `,"payload":{"items":["` + flowStripeKey + `"]}}`),
			want: []string{`af_1@actions[0].params.payload.items[0]`}},
		// look-alikes: references, harmless headers, a vault connection
		{name: "URL password from the vault", snap: one(`{"url":"https://svc:{{vars.pw}}@api.example.com/hook?api_key={{vars.key}}","method":"GET"}`)},
		{name: "harmless URL and body", snap: one(`{"url":"https://api.example.com/hook?source=auth0&page=2","body":{"email":"{{context.user.email}}","plan":"gold","count":3}}`)},
		{name: "header from a previous action", snap: one(`{` + url + `,"headers":{"Authorization":"Bearer {{actions.get_token.access_token}}"}}`)},
		{name: "basic password from the form", snap: one(`{` + url + `,"basic":{"username":"crm","password":"{{fields.crm_password}}"}}`)},
		{name: "content type header", snap: one(`{` + url + `,"headers":{"Content-Type":"[REDACTED]"}}`)},
		{name: "vault connection", snap: one(`{"connection_id":"ac_ik8c7qvwKSSHsxdbfjoUN6",` + url + `,"params":{"email":"{{context.user.email}}"}}`)},
		{name: "token field from the form", snap: one(`{` + url + `,"body":{"token":"{{fields.invite_token_ab12cd34ef}}","password_hint":"short"}}`)},
		{name: "no actions", snap: newSnap().add(inventory.KindFlows, `{"id":"af_2","name":"test-flow","created_at":"2024-09-23T11:02:56.086Z"}`)},
		{name: "not read", snap: newSnap().status(inventory.KindFlows, inventory.StatusForbidden, "read:flows"), notEv: true},
	})
}

// A literal credential of a flow is shown masked: never a character of it.
func TestFlowSecretMasked(t *testing.T) {
	t.Parallel()
	const pw = "S3cretPassw0rd"
	fs, _ := runCheckOn(t, "AL-CODE-015", newSnap().add(inventory.KindFlows,
		flow("af_1", "HTTP", `{"url":"https://svc:`+pw+`@api.example.com/hook?api_key=`+flowStripeKey+`","body":{"api_key":"`+flowStripeKey+`"}}`)).build(t))
	if len(fs) != 3 {
		t.Fatalf("findings %s", describe(fs))
	}
	for _, f := range fs {
		b, _ := json.Marshal(f)
		if strings.Contains(string(b), flowStripeKey[8:]) || strings.Contains(string(b), pw) {
			t.Errorf("the finding does not mask the secret: %s", b)
		}
	}
}

func TestFlowSecretMaskedBody(t *testing.T) {
	t.Parallel()
	fs, _ := runCheckOn(t, "AL-CODE-015", newSnap().add(inventory.KindFlows,
		flow("af_1", "HTTP", `{"url":"https://api.stripe.com/v1/customers","body":{"api_key":"`+flowStripeKey+`"}}`)).build(t))
	if len(fs) != 1 {
		t.Fatalf("findings %s", describe(fs))
	}
	b, _ := json.Marshal(fs[0])
	if strings.Contains(string(b), flowStripeKey[8:]) || !strings.Contains(string(b), codeMask(flowStripeKey)) {
		t.Errorf("the finding does not mask the key: %s", b)
	}
}

func TestCheckTokenExchangeProfile(t *testing.T) {
	t.Parallel()
	profile := func(id, action string) string {
		return `{"id":"` + id + `","name":"Legacy IdP","type":"custom_authentication","subject_token_type":"https://acme.com/cis-token","action_id":"` +
			action + `","created_at":"2025-01-06T11:09:37.596Z","updated_at":"2025-01-06T11:09:37.596Z"}`
	}
	action := pathAction("act_1", "Exchange legacy token", "custom-token-exchange", "exports.onExecuteCustomTokenExchange = async (event, api) => {};")
	runCases(t, "AL-CODE-016", []checkCase{
		{name: "profile with its Action", snap: newSnap().add(inventory.KindActions, action).add(inventory.KindTokenExchangeProfiles, profile("tep_1", "act_1")),
			want: []string{"tep_1@action_id"}, sev: []Severity{SeverityInfo}},
		{name: "Action gone", snap: newSnap().add(inventory.KindActions, action).add(inventory.KindTokenExchangeProfiles, profile("tep_1", "act_gone")),
			want: []string{"tep_1@action_id"}, sev: []Severity{SeverityLow}},
		{name: "Actions not all read", snap: newSnap().add(inventory.KindActions, action).gap(inventory.KindActions, inventory.Gap{Part: "records", Status: "error"}).
			add(inventory.KindTokenExchangeProfiles, profile("tep_1", "act_gone")), partial: true},
		{name: "no profile", snap: newSnap().add(inventory.KindActions, action).empty(inventory.KindTokenExchangeProfiles)},
		{name: "not read", snap: newSnap().empty(inventory.KindActions).status(inventory.KindTokenExchangeProfiles, inventory.StatusForbidden, "read:token_exchange_profiles"), notEv: true},
	})
}

// The checks of the newer surfaces find nothing on the clean tenant, and
// judge everything there.
func TestSurfaceChecksQuietOnClean(t *testing.T) {
	t.Parallel()
	var ids []string
	for _, c := range surfaceChecks() {
		ids = append(ids, c.id)
	}
	res, err := Run(context.Background(), cleanSnapshot(t), Options{Checks: ids})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 || len(res.NotEvaluated) != 0 {
		t.Errorf("on the clean tenant:\n%s not evaluated %+v", describe(res.Findings), res.NotEvaluated)
	}
	if len(res.Checks) != len(ids) {
		t.Errorf("%d checks ran, want %d", len(res.Checks), len(ids))
	}
}

// On the demo tenant each planted case is found where it was planted.
func TestSurfaceChecksOnDemo(t *testing.T) {
	t.Parallel()
	var ids []string
	for _, c := range surfaceChecks() {
		ids = append(ids, c.id)
	}
	res, err := Run(context.Background(), demoSnapshot(t), Options{Checks: ids})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range res.Findings {
		got[f.Check] += f.Resource.Name + "@" + f.Path + " " + f.Severity.String() + ";"
	}
	for id, want := range map[string]string{
		"AL-LOG-003":  "user-lifecycle-webhook@destination.configuration.webhook_endpoint high;",
		"AL-CONN-019": "corp-saml@tokens[0].valid_until medium;",
		"AL-APP-018":  "Audit Exporter@credentials[1].expires_at medium;",
		"AL-APP-019":  "Audit Exporter@credentials[0].expires_at low;",
		"AL-CODE-015": `Enrich profile from CRM@actions[0].params.body.billing.data high;Enrich profile from CRM@actions[0].params.headers["X-Api-Key"] high;` +
			`Enrich profile from CRM@actions[0].params.url high;Enrich profile from CRM@actions[0].params.url high;`,
		"AL-CODE-016": "Legacy IdP token exchange@action_id low;",
	} {
		if got[id] != want {
			t.Errorf("%s: %q, want %q", id, got[id], want)
		}
	}
}

// A scan without the scope of a newer surface: its check is not
// evaluated, naming the scope, and finds nothing.
func TestSurfaceChecksNameMissingScope(t *testing.T) {
	t.Parallel()
	for id, k := range map[string]struct {
		kind  inventory.Kind
		scope string
	}{
		"AL-LOG-003":  {inventory.KindEventStreams, "read:event_streams"},
		"AL-CONN-019": {inventory.KindSCIMConfigurations, "read:scim_config"},
		"AL-APP-018":  {inventory.KindClientCredentials, "read:client_credentials"},
		"AL-APP-019":  {inventory.KindClientCredentials, "read:client_credentials"},
		"AL-CODE-015": {inventory.KindFlows, "read:flows"},
		"AL-CODE-016": {inventory.KindTokenExchangeProfiles, "read:token_exchange_profiles"},
	} {
		snap := demoSnapshot(t)
		snap.Kinds[k.kind] = &inventory.KindResult{Status: inventory.StatusForbidden, MissingScopes: []string{k.scope},
			Error: "insufficient_scope", Records: map[string]json.RawMessage{}}
		fs, ne := runCheckOn(t, id, snap)
		if len(fs) != 0 || len(ne) != 1 || ne[0].Partial() || len(ne[0].MissingScopes) != 1 || ne[0].MissingScopes[0] != k.scope ||
			!strings.Contains(ne[0].Reason, string(k.kind)) {
			t.Errorf("%s without %s: findings %d, not evaluated %+v", id, k.scope, len(fs), ne)
		}
	}
}
