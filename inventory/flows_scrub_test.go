package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

const (
	scrubStripeKey = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
	scrubAWSKey    = "AKIAQ3EGZ7VN2XK5LM4P"
)

// scrubParams runs scrubFlow on one action with these params and returns
// them, as JSON, decoded.
func scrubParams(t *testing.T, params string) map[string]any {
	t.Helper()
	var p auth0mgmt.Object
	if err := json.Unmarshal([]byte(params), &p); err != nil {
		t.Fatalf("%s: %v", params, err)
	}
	f := scrubFlow(auth0mgmt.Flow{ID: "af_1", Actions: []auth0mgmt.FlowAction{{ID: "a1", Params: p}}})
	b, err := json.Marshal(f.Actions[0].Params)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// at returns the value at a dotted path of a decoded JSON tree
// (array elements by index).
func at(v any, path string) any {
	for _, step := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[step]
		case []any:
			i := 0
			for _, c := range step {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func TestScrubFlow(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, params string
		want         map[string]any // path: value after scrubbing
		absent       []string       // never in the result
	}{
		{name: "URL password", params: `{"url":"https://svc:S3cretPassw0rd@api.example.com/hook"}`,
			want: map[string]any{"url": "https://svc:" + Redacted + "@api.example.com/hook"}, absent: []string{"S3cretPassw0rd"}},
		{name: "URL password and api_key query", params: `{"url":"https://svc:S3cretPassw0rd@api.example.com/hook?api_key=` + scrubStripeKey + `&page=2#frag"}`,
			want:   map[string]any{"url": "https://svc:" + Redacted + "@api.example.com/hook?api_key=" + Redacted + "&page=2#frag"},
			absent: []string{"S3cretPassw0rd", scrubStripeKey}},
		{name: "query value by format", params: `{"url":"https://api.example.com/x?data=` + scrubAWSKey + `&source=auth0"}`,
			want: map[string]any{"url": "https://api.example.com/x?data=" + Redacted + "&source=auth0"}, absent: []string{scrubAWSKey}},
		{name: "token in the fragment", params: `{"url":"https://app.example.com/cb#access_token=Zx81kQ7pLm2Rt9Vw4Yb6Nc3D&state=1"}`,
			want: map[string]any{"url": "https://app.example.com/cb#access_token=" + Redacted + "&state=1"}},
		{name: "token as user info", params: `{"url":"https://` + "ghp_" + strings.Repeat("aB3", 12) + `@github.com/org/repo.git"}`,
			want: map[string]any{"url": "https://" + Redacted + "@github.com/org/repo.git"}},
		{name: "body token by format", params: `{"body":{"billing":{"data":"` + scrubStripeKey + `"},"email":"{{context.user.email}}"}}`,
			want: map[string]any{"body.billing.data": Redacted, "body.email": "{{context.user.email}}"}, absent: []string{scrubStripeKey}},
		{name: "nested json and arrays", params: `{"json":{"items":[{"k":"` + scrubAWSKey + `"},{"note":"Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0"}]}}`,
			want: map[string]any{"json.items.0.k": Redacted, "json.items.1.note": Redacted}, absent: []string{scrubAWSKey, "9f8e7d6c5b4a"}},
		{name: "URL in the body", params: `{"body":{"callback":"https://u:Passw0rdLong@cb.example.com/x"}}`,
			want: map[string]any{"body.callback": "https://u:" + Redacted + "@cb.example.com/x"}},
		{name: "secret names in params and form fields", params: `{"params":{"access_token":"plain-literal-value","email":"a@example.com"},"fields":{"client_secret":"abc","n":3,"pin_code":42}}`,
			want: map[string]any{"params.access_token": Redacted, "params.email": "a@example.com", "fields.client_secret": Redacted,
				"fields.n": float64(3)}},
		{name: "headers and basic", params: `{"headers":{"X-Api-Key":"crm-live-abc","Authorization":"Bearer {{vars.token}}","Accept":"application/json"},"basic":{"username":"svc","password":"hunter2-long"}}`,
			want: map[string]any{"headers.X-Api-Key": Redacted, "headers.Authorization": "Bearer {{vars.token}}", "headers.Accept": Redacted,
				"basic.username": "svc", "basic.password": Redacted}},
		{name: "harmless values untouched", params: `{"url":"https://crm.example.com/api/contacts?source=auth0&page=2","method":"POST","content_type":"JSON",` +
			`"connection_id":"ac_9AXxPP59pJx5ZtA471cSBx","body":{"plan":"gold","count":3,"active":true,"nothing":null,"tags":["a","b"]}}`,
			want: map[string]any{"url": "https://crm.example.com/api/contacts?source=auth0&page=2", "method": "POST", "connection_id": "ac_9AXxPP59pJx5ZtA471cSBx",
				"body.plan": "gold", "body.count": float64(3), "body.active": true, "body.tags.1": "b"}},
		{name: "template references untouched", params: `{"url":"https://svc:{{vars.pw}}@api.example.com/x?api_key={{vars.key}}",` +
			`"basic":{"password":"{{fields.crm_password}}"},"body":{"token":"{{vars.token}}","password":"{{fields.password}}"}}`,
			want: map[string]any{"url": "https://svc:{{vars.pw}}@api.example.com/x?api_key={{vars.key}}", "basic.password": "{{fields.crm_password}}",
				"body.token": "{{vars.token}}", "body.password": "{{fields.password}}"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := scrubParams(t, tc.params)
			for p, want := range tc.want {
				if got := at(out, p); got != want {
					t.Errorf("%s = %#v, want %#v", p, got, want)
				}
			}
			b, _ := json.Marshal(out)
			for _, s := range tc.absent {
				if strings.Contains(string(b), s) {
					t.Errorf("%s kept: %s", s, b)
				}
			}
		})
	}
}

// scrubFlow leaves the flow it is given as it was.
func TestScrubFlowCopies(t *testing.T) {
	t.Parallel()
	p := auth0mgmt.Object{"body": json.RawMessage(`{"data":"` + scrubStripeKey + `"}`)}
	f := auth0mgmt.Flow{Actions: []auth0mgmt.FlowAction{{Params: p}}}
	_ = scrubFlow(f)
	if !strings.Contains(string(f.Actions[0].Params["body"]), scrubStripeKey) {
		t.Errorf("the original changed: %s", f.Actions[0].Params["body"])
	}
}

// A scan of the demo tenant holds none of the credentials its flows were
// planted with (header, URL password, api_key query parameter, body key,
// webhook secret): each is kept as Redacted where it was.
func TestCollectFlowsHoldNoSecret(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 4, Preset: auth0test.PresetSmall})
	defer srv.Close()
	cl := fastClient(t, srv)
	ctx := context.Background()
	// the planted values, as the API serves them
	var secrets []string
	for _, id := range srv.Tenant().IDs(auth0test.KindFlows) {
		f, err := cl.Flows.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range f.Actions {
			var headers map[string]string
			if a.Params.Get("headers", &headers) {
				for _, v := range headers {
					secrets = append(secrets, v)
				}
			}
			if raw := a.Params.String("url"); raw != "" {
				u, err := url.Parse(raw)
				if err != nil {
					t.Fatal(err)
				}
				if pw, ok := u.User.Password(); ok {
					secrets = append(secrets, pw)
				}
				if k := u.Query().Get("api_key"); k != "" {
					secrets = append(secrets, k)
				}
			}
			var body struct {
				Billing struct {
					Data string `json:"data"`
				} `json:"billing"`
			}
			if a.Params.Get("body", &body) {
				secrets = append(secrets, body.Billing.Data)
			}
		}
		var tr map[string]map[string]any
		if b, _ := json.Marshal(f.Triggers); json.Unmarshal(b, &tr) == nil {
			if s, ok := tr["webhook"]["secret"].(string); ok {
				secrets = append(secrets, s)
			}
		}
	}
	if len(secrets) != 5 {
		t.Fatalf("planted secrets %q, want 5", secrets)
	}
	snap, err := Collect(ctx, cl, Options{Now: auth0test.BaseTime, Kinds: []Kind{KindFlows}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := snap.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, s := range secrets {
		if s == "" || strings.Contains(out, s) {
			t.Errorf("the snapshot holds %q", s)
		}
	}
	for _, want := range []string{
		`"X-Api-Key":"[REDACTED]"`,
		`"url":"https://crm-sync:[REDACTED]@crm.authlens-demo.example/api/contacts?api_key=[REDACTED]&source=auth0"`,
		`"billing":{"data":"[REDACTED]"}`,
		`"email":"{{context.user.email}}"`,
		`"secret":"[REDACTED]"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the snapshot lacks %s", want)
		}
	}
}

// APNs' p12 (certificate and private key) is redacted by its name, the
// bundle id beside it kept.
func TestRedactP12(t *testing.T) {
	t.Parallel()
	out, err := Redact([]byte(`{"bundle_id":"com.my.app","p12":"MIIJqQIBAzCCCW8GCSqGSIb3DQEHAaCCCWAE","sandbox":false}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"bundle_id":"com.my.app","p12":"[REDACTED]","sandbox":false}`; string(out) != want {
		t.Errorf("got %s, want %s", out, want)
	}
}
