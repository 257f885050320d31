package auth0mgmt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
)

// ---- 1. Recorded objects round-trip ----------------------------------------

func TestRecordedModelsB(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind  string
		check func(t *testing.T, kind string)
	}{
		{"actions", func(t *testing.T, kind string) {
			as := checkRoundTrip[Action](t, kind)
			var deployed, deps, secrets bool
			for _, a := range as {
				if a.ID == "" || a.Name == "" || len(a.SupportedTriggers) == 0 || a.SupportedTriggers[0].ID == "" {
					t.Errorf("typed fields not decoded: %+v", a)
				}
				if dv := a.DeployedVersion; dv != nil && dv.Code != "" && dv.Number > 0 {
					deployed = true
				}
				for _, d := range a.Dependencies {
					deps = deps || (d.Name == "lodash" && d.RegistryURL != "")
				}
				for _, s := range a.Secrets {
					secrets = secrets || (s.Name != "" && s.UpdatedAt != "" && len(s.Extra) == 0)
				}
			}
			if !deployed || !deps || !secrets {
				t.Errorf("deployed version %v, dependency with registry_url %v, secret names %v", deployed, deps, secrets)
			}
		}},
		{"action_versions", func(t *testing.T, kind string) {
			for _, v := range checkRoundTrip[ActionVersion](t, kind) {
				if v.ID == "" || v.Number < 1 || v.Code == "" || v.Action == nil || v.Action.ID == "" {
					t.Errorf("typed fields not decoded: %+v", v)
				}
			}
		}},
		{"action_bindings", func(t *testing.T, kind string) {
			b := checkRoundTrip[ActionBinding](t, kind)[0]
			if b.TriggerID != TriggerPostLogin || b.DisplayName == "" || b.Action == nil ||
				b.Action.DeployedVersion == nil || !b.Action.DeployedVersion.Deployed ||
				b.Action.CurrentVersion == nil || b.Action.CurrentVersion.BuildTime == "" {
				t.Errorf("typed fields not decoded: %+v", b)
			}
		}},
		{"action_triggers", func(t *testing.T, kind string) {
			var compat bool
			for _, tr := range checkRoundTrip[ActionTrigger](t, kind) {
				if tr.ID == "" || tr.Version == "" || tr.Status == "" || len(tr.Runtimes) == 0 {
					t.Errorf("typed fields not decoded: %+v", tr)
				}
				compat = compat || (len(tr.CompatibleTriggers) > 0 && tr.CompatibleTriggers[0].Version != "")
			}
			if !compat {
				t.Error("no compatible_triggers decoded")
			}
		}},
		{"rules", func(t *testing.T, kind string) {
			for _, r := range checkRoundTrip[Rule](t, kind) {
				if r.ID == "" || r.Script == "" || r.Order == 0 || r.Stage != "login_success" {
					t.Errorf("typed fields not decoded: %+v", r)
				}
			}
		}},
		{"rules_configs", func(t *testing.T, kind string) {
			if rc := checkRoundTrip[RulesConfig](t, kind); rc[0].Key != "foo" {
				t.Errorf("key = %q", rc[0].Key)
			}
		}},
		{"hooks", func(t *testing.T, kind string) {
			for _, h := range checkRoundTrip[Hook](t, kind) {
				if h.ID == "" || h.Script == "" || h.TriggerID == "" {
					t.Errorf("typed fields not decoded: %+v", h)
				}
			}
		}},
		{"log_streams", func(t *testing.T, kind string) {
			types := map[string]bool{}
			for _, l := range checkRoundTrip[LogStream](t, kind) {
				if l.ID == "" || l.Type == "" || l.Status == "" || len(l.Sink) == 0 {
					t.Errorf("typed fields not decoded: %+v", l)
				}
				if l.PIIConfig != nil && (l.PIIConfig.Method == "" || len(l.PIIConfig.LogFields) == 0) {
					t.Errorf("pii_config not decoded: %+v", l.PIIConfig)
				}
				types[l.Type] = true
				if l.Type == "http" && !strings.HasPrefix(l.Sink.String("httpEndpoint"), "https://") {
					t.Errorf("http sink endpoint = %q", l.Sink.String("httpEndpoint"))
				}
			}
			if len(types) != 7 {
				t.Errorf("stream types %v", types)
			}
		}},
		{"tenant_settings", func(t *testing.T, kind string) {
			var fractional, flags, cookie, page bool
			for _, s := range checkRoundTrip[TenantSettings](t, kind) {
				fractional = fractional || (s.IdleEphemeralSessionLifetime > 0 && s.IdleEphemeralSessionLifetime < 1)
				flags = flags || (s.Flags != nil && s.Flags.EnableSSO && s.Flags.UniversalLogin)
				cookie = cookie || (s.SessionCookie != nil && s.SessionCookie.Mode == "non-persistent")
				page = page || (s.GuardianMFAPage != nil && s.GuardianMFAPage.Enabled && s.GuardianMFAPage.HTML != "")
			}
			if !fractional || !flags || !cookie || !page {
				t.Errorf("fractional lifetime %v, flags %v, session cookie %v, guardian page %v", fractional, flags, cookie, page)
			}
		}},
		{"attack_protection_brute_force_protection", func(t *testing.T, kind string) {
			b := checkRoundTrip[BruteForceProtection](t, kind)[0]
			if !b.Enabled || b.Mode != "count_per_identifier" || b.MaxAttempts != 1 || len(b.Shields) != 2 || len(b.Allowlist) != 1 {
				t.Errorf("typed fields not decoded: %+v", b)
			}
		}},
		{"attack_protection_breached_password_detection", func(t *testing.T, kind string) {
			b := checkRoundTrip[BreachedPasswordDetection](t, kind)[0]
			if !b.Enabled || b.Method != "standard" || b.Stage == nil || b.Stage.PreUserRegistration == nil ||
				len(b.Stage.PreChangePassword.Shields) != 2 || len(b.AdminNotificationFrequency) != 4 {
				t.Errorf("typed fields not decoded: %+v", b)
			}
		}},
		{"attack_protection_suspicious_ip_throttling", func(t *testing.T, kind string) {
			s := checkRoundTrip[SuspiciousIPThrottling](t, kind)[0]
			if !s.Enabled || s.Stage == nil || s.Stage.PreLogin.Rate != 34560 || s.Stage.PreUserRegistration.MaxAttempts != 1 ||
				s.Stage.PreCustomTokenExchange == nil || len(s.Stage.Extra) != 0 {
				t.Errorf("typed fields not decoded: %+v", s)
			}
		}},
		{"attack_protection_bot_detection", func(t *testing.T, kind string) {
			b := checkRoundTrip[BotDetection](t, kind)[0]
			if b.BotDetectionLevel != "medium" || b.ChallengePasswordPolicy != "when_risky" || !b.MonitoringModeEnabled || len(b.Allowlist) != 2 {
				t.Errorf("typed fields not decoded: %+v", b)
			}
		}},
		{"guardian_factors", func(t *testing.T, kind string) {
			var enabled int
			for _, f := range checkRoundTrip[GuardianFactor](t, kind) {
				if f.Name == "" {
					t.Errorf("typed fields not decoded: %+v", f)
				}
				if f.Enabled {
					enabled++
				}
			}
			if enabled != 8 {
				t.Errorf("%d enabled factors, want 8", enabled)
			}
		}},
		{"guardian_policies", func(t *testing.T, kind string) {
			// Each object is the whole body: a bare array of strings.
			ps := checkRoundTrip[[]string](t, kind)
			if len(ps[0]) != 0 || !slices.Equal(ps[1], []string{"all-applications"}) {
				t.Errorf("policies = %q", ps)
			}
		}},
		{"email_provider", func(t *testing.T, kind string) {
			p := checkRoundTrip[EmailProvider](t, kind)[0]
			var port int
			if p.Name != "smtp" || !p.Enabled || p.DefaultFromAddress == "" || !p.Credentials.Get("smtp_port", &port) || port != 587 {
				t.Errorf("typed fields not decoded: %+v", p)
			}
		}},
		{"email_templates", func(t *testing.T, kind string) {
			e := checkRoundTrip[EmailTemplate](t, kind)[0]
			if e.Template != EmailTemplateVerifyEmail || e.ResultURL == "" || e.Syntax != "liquid" || !e.IncludeEmailInRedirect {
				t.Errorf("typed fields not decoded: %+v", e)
			}
		}},
		{"custom_domains", func(t *testing.T, kind string) {
			var cert, methods bool
			for _, d := range checkRoundTrip[CustomDomain](t, kind) {
				if d.CustomDomainID == "" && len(d.Extra) == 0 && d.Domain != "" {
					continue // GET /custom-domains/default on the canonical domain: {domain} only
				}
				if d.CustomDomainID == "" || d.Domain == "" || d.Status == "" || d.Type == "" {
					t.Errorf("typed fields not decoded: %+v", d)
				}
				cert = cert || (d.Certificate != nil && d.Certificate.Status != "")
				methods = methods || (d.Verification != nil && len(d.Verification.Methods) > 0 && d.Verification.Methods[0].Record != "")
			}
			if !cert || !methods {
				t.Errorf("certificate %v, verification methods %v", cert, methods)
			}
		}},
		{"branding", func(t *testing.T, kind string) {
			bs := checkRoundTrip[Branding](t, kind)
			if pb := bs[0].Colors.PageBackground; pb.Color != "#000000" || pb.Gradient != nil {
				t.Errorf("page background color: %+v", pb)
			}
			if g := bs[1].Colors.PageBackground.Gradient; g == nil || g.AngleDeg != 35 || g.Type != "linear-gradient" {
				t.Errorf("page background gradient: %+v", g)
			}
			if bs[0].Font == nil || bs[0].Font.URL == "" || bs[0].LogoURL == "" {
				t.Errorf("typed fields not decoded: %+v", bs[0])
			}
		}},
		{"prompts", func(t *testing.T, kind string) {
			p := checkRoundTrip[Prompts](t, kind)
			if p[0].UniversalLoginExperience != "new" || !p[0].IdentifierFirst || !p[0].WebAuthnPlatformFirstFactor || p[1].UniversalLoginExperience != "classic" {
				t.Errorf("typed fields not decoded: %+v", p)
			}
		}},
		{"network_acls", func(t *testing.T, kind string) {
			var redirect bool
			for _, n := range checkRoundTrip[NetworkACL](t, kind) {
				if n.ID == "" || n.Priority == 0 || n.Rule == nil || n.Rule.Scope == "" || n.Rule.Action == nil || n.Rule.Match == nil {
					t.Errorf("typed fields not decoded: %+v", n)
				}
				redirect = redirect || (n.Rule.Action.Redirect && n.Rule.Action.RedirectURI != "")
			}
			if !redirect {
				t.Error("no redirect action decoded")
			}
		}},
		{"signing_keys", func(t *testing.T, kind string) {
			ks := checkRoundTrip[SigningKey](t, kind)
			if ks[0].Kid == "" || !ks[0].Current || ks[0].Cert == "" || !ks[1].Next {
				t.Errorf("typed fields not decoded: %+v", ks)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			t.Parallel()
			tt.check(t, tt.kind)
		})
	}
}

// Page backgrounds of any other JSON type survive a round trip.
func TestModelsBPageBackgroundOther(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{"colors":{"page_background":42}}`,
		`{"colors":{"page_background":null}}`,
		`{"colors":{"page_background":""}}`,
		`{"colors":{"page_background":["#000"]}}`,
	} {
		var b Branding
		if err := json.Unmarshal([]byte(in), &b); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		out, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != in {
			t.Errorf("round trip of %s gave %s", in, out)
		}
	}
}

// ---- 2. Secrets never reach fmt output --------------------------------------

func fmtAll(v any) string {
	return fmt.Sprintf("%v\n%+v\n%#v\n%s", v, v, v, v)
}

func TestModelsBLogStreamSecretsRedacted(t *testing.T) {
	t.Parallel()
	secretKeys := []string{"httpAuthorization", "datadogApiKey", "splunkToken", "segmentWriteKey", "mixpanelServiceAccountPassword", "awsAccessKey", "awsSecretKey"}
	var streams []LogStream
	var secrets []string
	for _, raw := range recordedObjects(t, "log_streams") {
		var l LogStream
		if err := json.Unmarshal(raw, &l); err != nil {
			t.Fatal(err)
		}
		streams = append(streams, l)
		for _, k := range secretKeys {
			if v := l.Sink.String(k); v != "" {
				secrets = append(secrets, v)
			}
		}
	}
	if len(secrets) < 10 {
		t.Fatalf("only %d sink secrets found in the recorded data", len(secrets))
	}
	for _, l := range streams {
		for _, v := range []any{l, &l, []LogStream{l}} {
			out := fmtAll(v)
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Fatalf("fmt output of log stream %s shows sink secret %q:\n%s", l.ID, s, out)
				}
			}
			if !strings.Contains(out, "Object[") {
				t.Fatalf("sink keys not shown: %s", out)
			}
		}
	}
	// JSON keeps the values: the model is faithful, printing is not.
	b, _ := json.Marshal(streams)
	for _, s := range secrets {
		if !strings.Contains(string(b), s) {
			t.Errorf("JSON lost sink value %q", s)
		}
	}
}

func TestModelsBEmailProviderSecretsRedacted(t *testing.T) {
	t.Parallel()
	const apiKey, pass, secretKey = "SG.sendgrid-api-key-0123456789", "smtp-pass-s3cr3t", "ses-secret-access-key-XYZ"
	bodies := []string{
		`{"name":"sendgrid","enabled":true,"credentials":{"api_key":"` + apiKey + `"},"settings":{}}`,
		`{"name":"smtp","enabled":true,"credentials":{"smtp_host":"smtp.example.com","smtp_port":587,"smtp_user":"u","smtp_pass":"` + pass + `"}}`,
		`{"name":"ses","enabled":true,"credentials":{"accessKeyId":"AKIA","secretAccessKey":"` + secretKey + `","region":"eu-west-1"},"future":{"token":"` + pass + `"}}`,
	}
	for _, body := range bodies {
		var p EmailProvider
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		for _, v := range []any{p, &p} {
			out := fmtAll(v)
			for _, s := range []string{apiKey, pass, secretKey} {
				if strings.Contains(out, s) {
					t.Fatalf("fmt output shows credential %q:\n%s", s, out)
				}
			}
		}
	}
	// And the recorded ones (no secret is returned for smtp, but nothing
	// of the credentials' values is printed either).
	for _, raw := range recordedObjects(t, "email_provider") {
		var p EmailProvider
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatal(err)
		}
		if out := fmtAll(p); strings.Contains(out, "smtp.example.com") {
			t.Fatalf("credentials values printed: %s", out)
		}
	}
}

// ---- 3. Endpoints ------------------------------------------------------------

// mockB is a per-test httpmock transport that records every request and
// answers through handle.
type mockB struct {
	mu   sync.Mutex
	reqs []*url.URL
}

func (m *mockB) requests() []*url.URL {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.reqs)
}

func (m *mockB) paths() []string {
	var ps []string
	for _, u := range m.requests() {
		ps = append(ps, u.Path)
	}
	return ps
}

// newMockB returns a Client whose requests go to handle (status, JSON body).
func newMockB(t *testing.T, handle func(r *http.Request) (int, string)) (*Client, *mockB) {
	t.Helper()
	m := &mockB{}
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		if got := r.Header.Get("Authorization"); got != "Bearer test-token" {
			t.Errorf("Authorization = %q", got)
		}
		m.mu.Lock()
		u := *r.URL
		m.reqs = append(m.reqs, &u)
		m.mu.Unlock()
		status, body := handle(r)
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		resp.Request = r
		return resp, nil
	})
	c, err := New(Config{Domain: "https://tenant.example", Token: "test-token"},
		WithHTTPClient(&http.Client{Transport: mt}), WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c, m
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func queryInt(t *testing.T, q url.Values, k string) int {
	t.Helper()
	n, err := strconv.Atoi(q.Get(k))
	if err != nil {
		t.Fatalf("query %s=%q: %v", k, q.Get(k), err)
	}
	return n
}

// offsetServer serves n items named item-<i> under key with page/per_page;
// shape "actions" is {key, total, per_page} (as recorded; with page when
// echoPage), shape "totals" is {key, start, limit, length, total}.
func offsetServer(t *testing.T, n int, key, shape string, echoPage bool) func(r *http.Request) (int, string) {
	return func(r *http.Request) (int, string) {
		q := r.URL.Query()
		page, per := queryInt(t, q, "page"), queryInt(t, q, "per_page")
		var items []map[string]any
		for i := page * per; i < min(n, (page+1)*per); i++ {
			items = append(items, map[string]any{"id": fmt.Sprintf("item-%d", i), "name": fmt.Sprintf("item-%d", i)})
		}
		if items == nil {
			items = []map[string]any{}
		}
		env := map[string]any{key: items, "total": n}
		switch shape {
		case "actions":
			env["per_page"] = per
			if echoPage {
				env["page"] = page
			}
		case "totals":
			env["start"], env["limit"], env["length"] = page*per, per, len(items)
		}
		return 200, mustJSON(env)
	}
}

func TestActionsAllStopsByTotal(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		n, per   int
		echoPage bool
	}{
		{0, 100, false}, {1, 100, true}, {100, 100, false}, {101, 100, true},
		{200, 100, false}, {250, 100, true}, {7, 3, false}, {9, 3, true},
	} {
		t.Run(fmt.Sprintf("n=%d,per=%d,page=%v", tt.n, tt.per, tt.echoPage), func(t *testing.T) {
			t.Parallel()
			c, m := newMockB(t, offsetServer(t, tt.n, "actions", "actions", tt.echoPage))
			opts := &ListOptions{PerPage: tt.per, Query: url.Values{"triggerId": {TriggerPostLogin}, "deployed": {"true"}}}
			var got []string
			for a, err := range c.Actions.All(context.Background(), opts) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, a.ID)
			}
			if len(got) != tt.n || (tt.n > 0 && got[tt.n-1] != fmt.Sprintf("item-%d", tt.n-1)) {
				t.Fatalf("got %d actions, want %d", len(got), tt.n)
			}
			want := max(1, (tt.n+tt.per-1)/tt.per)
			reqs := m.requests()
			if len(reqs) != want {
				t.Fatalf("%d requests, want %d", len(reqs), want)
			}
			for i, u := range reqs {
				q := u.Query()
				if u.Path != "/api/v2/actions/actions" || q.Get("page") != strconv.Itoa(i) || q.Get("per_page") != strconv.Itoa(tt.per) ||
					q.Get("triggerId") != TriggerPostLogin || q.Get("deployed") != "true" || q.Has("include_totals") {
					t.Errorf("request %d: %s", i, u)
				}
			}
		})
	}
}

func TestActionsListPage(t *testing.T) {
	t.Parallel()
	c, m := newMockB(t, offsetServer(t, 5, "actions", "actions", true))
	p, err := c.Actions.List(context.Background(), &ListOptions{Page: 1, PerPage: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || p.Items[0].ID != "item-2" || !p.HasTotal || p.Total != 5 || p.PageIndex != 1 || p.Start != 2 || p.Limit != 2 {
		t.Errorf("page = %+v", p)
	}
	if q := m.requests()[0].Query(); q.Get("page") != "1" || q.Get("per_page") != "2" {
		t.Errorf("query = %v", q)
	}
}

func TestActionsGetTriggersVersions(t *testing.T) {
	t.Parallel()
	triggers := recordedObjects(t, "action_triggers")
	action := recordedObjects(t, "actions")[0]
	version := recordedObjects(t, "action_versions")[0]
	c, _ := newMockB(t, func(r *http.Request) (int, string) {
		switch r.URL.Path {
		case "/api/v2/actions/triggers":
			return 200, mustJSON(map[string]any{"triggers": triggers})
		case "/api/v2/actions/actions/act-1":
			return 200, string(action)
		case "/api/v2/actions/actions/act-1/versions/v-1":
			return 200, string(version)
		case "/api/v2/actions/actions/act-1/versions":
			return 200, mustJSON(map[string]any{"versions": []json.RawMessage{version}, "total": 1, "per_page": 100})
		}
		return 404, `{"statusCode":404,"error":"Not Found","message":"no"}`
	})
	ctx := context.Background()
	ts, err := c.Actions.Triggers(ctx)
	if err != nil || len(ts) != len(triggers) || ts[0].ID == "" {
		t.Fatalf("Triggers: %d, %v", len(ts), err)
	}
	a, err := c.Actions.Get(ctx, "act-1")
	if err != nil || a.Code == "" {
		t.Fatalf("Get: %+v, %v", a, err)
	}
	v, err := c.Actions.Version(ctx, "act-1", "v-1")
	if err != nil || v.Number != 1 {
		t.Fatalf("Version: %+v, %v", v, err)
	}
	var n int
	for v, err := range c.Actions.Versions(ctx, "act-1", nil) {
		if err != nil || v.ID == "" {
			t.Fatalf("Versions: %+v, %v", v, err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("%d versions", n)
	}
	if _, err := c.Actions.Get(ctx, "missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get missing: %v", err)
	}
}

func TestActionsBindingsPaging(t *testing.T) {
	t.Parallel()
	c, m := newMockB(t, func(r *http.Request) (int, string) {
		if r.URL.Path != "/api/v2/actions/triggers/post-login/bindings" {
			return 404, `{"statusCode":404,"error":"Not Found","message":"no"}`
		}
		return offsetServer(t, 5, "bindings", "actions", false)(r)
	})
	ctx := context.Background()
	var ids []string
	for b, err := range c.Actions.Bindings(ctx, TriggerPostLogin, &ListOptions{PerPage: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, b.ID)
	}
	if len(ids) != 5 || ids[4] != "item-4" {
		t.Fatalf("bindings %v", ids)
	}
	if got := len(m.requests()); got != 3 {
		t.Fatalf("%d requests, want 3", got)
	}
	p, err := c.Actions.BindingsPage(ctx, TriggerPostLogin, &ListOptions{Page: 2, PerPage: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Items[0].ID != "item-4" || p.Total != 5 {
		t.Errorf("page %+v", p)
	}
	if q := m.requests()[3].Query(); q.Get("page") != "2" || q.Get("per_page") != "2" {
		t.Errorf("query %v", q)
	}
}

// Breaking out of a loop stops all requests.
func TestModelsBBreakStopsRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("actions", func(t *testing.T) {
		t.Parallel()
		c, m := newMockB(t, offsetServer(t, 1000, "actions", "actions", false))
		n := 0
		for _, err := range c.Actions.All(ctx, &ListOptions{PerPage: 10}) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 15 {
				break
			}
		}
		if got := len(m.requests()); got != 2 {
			t.Errorf("%d requests after break, want 2", got)
		}
	})
	t.Run("bindings", func(t *testing.T) {
		t.Parallel()
		c, m := newMockB(t, offsetServer(t, 1000, "bindings", "actions", false))
		for range c.Actions.Bindings(ctx, TriggerPostLogin, &ListOptions{PerPage: 10}) {
			break
		}
		if got := len(m.requests()); got != 1 {
			t.Errorf("%d requests after break, want 1", got)
		}
	})
	t.Run("rules", func(t *testing.T) {
		t.Parallel()
		c, m := newMockB(t, offsetServer(t, 1000, "rules", "totals", false))
		for range c.Rules.All(ctx, &ListOptions{PerPage: 10}) {
			break
		}
		if got := len(m.requests()); got != 1 {
			t.Errorf("%d requests after break, want 1", got)
		}
	})
	t.Run("templates", func(t *testing.T) {
		t.Parallel()
		c, m := newMockB(t, func(r *http.Request) (int, string) {
			name := strings.TrimPrefix(r.URL.Path, "/api/v2/email-templates/")
			return 200, mustJSON(map[string]any{"template": name, "enabled": true})
		})
		for range c.Emails.Templates(ctx) {
			break
		}
		if got := len(m.requests()); got != 1 {
			t.Errorf("%d requests after break, want 1", got)
		}
	})
	t.Run("custom domains", func(t *testing.T) {
		t.Parallel()
		c, m := newMockB(t, func(r *http.Request) (int, string) {
			return 200, `{"custom_domains":[{"custom_domain_id":"cd_1"},{"custom_domain_id":"cd_2"}],"next":"more"}`
		})
		for range c.CustomDomains.All(ctx, &ListOptions{PerPage: 2}) {
			break
		}
		if got := len(m.requests()); got != 1 {
			t.Errorf("%d requests after break, want 1", got)
		}
	})
}

// Rules, hooks and network ACLs: offset paging with include_totals.
func TestRulesHooksNetworkACLsPaging(t *testing.T) {
	t.Parallel()
	type lister func(c *Client) ([]string, error)
	collect := func(seq func(yield func(string, error) bool)) ([]string, error) {
		var ids []string
		for id, err := range seq {
			if err != nil {
				return ids, err
			}
			ids = append(ids, id)
		}
		return ids, nil
	}
	ctx := context.Background()
	opts := &ListOptions{PerPage: 4}
	for _, tt := range []struct {
		name, path, key string
		list            lister
	}{
		{"rules", "/api/v2/rules", "rules", func(c *Client) ([]string, error) {
			return collect(func(yield func(string, error) bool) {
				for r, err := range c.Rules.All(ctx, opts) {
					if !yield(r.ID, err) {
						return
					}
				}
			})
		}},
		{"hooks", "/api/v2/hooks", "hooks", func(c *Client) ([]string, error) {
			return collect(func(yield func(string, error) bool) {
				for h, err := range c.Hooks.All(ctx, opts) {
					if !yield(h.ID, err) {
						return
					}
				}
			})
		}},
		{"network acls", "/api/v2/network-acls", "network_acls", func(c *Client) ([]string, error) {
			return collect(func(yield func(string, error) bool) {
				for n, err := range c.NetworkACLs.All(ctx, opts) {
					if !yield(n.ID, err) {
						return
					}
				}
			})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, m := newMockB(t, func(r *http.Request) (int, string) {
				if r.URL.Path != tt.path {
					return 404, `{"statusCode":404,"error":"Not Found","message":"no"}`
				}
				return offsetServer(t, 10, tt.key, "totals", false)(r)
			})
			ids, err := tt.list(c)
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) != 10 || ids[9] != "item-9" {
				t.Fatalf("ids %v", ids)
			}
			reqs := m.requests()
			if len(reqs) != 3 {
				t.Fatalf("%d requests, want 3", len(reqs))
			}
			for i, u := range reqs {
				q := u.Query()
				if q.Get("include_totals") != "true" || q.Get("page") != strconv.Itoa(i) || q.Get("per_page") != "4" {
					t.Errorf("request %d: %s", i, u)
				}
			}
		})
	}
}

func TestNetworkACLsBareArrayAndGet(t *testing.T) {
	t.Parallel()
	acls := recordedObjects(t, "network_acls")
	c, m := newMockB(t, func(r *http.Request) (int, string) {
		if r.URL.Path == "/api/v2/network-acls" {
			return 200, mustJSON(acls[:2])
		}
		return 200, string(acls[0])
	})
	ctx := context.Background()
	var n int
	for a, err := range c.NetworkACLs.All(ctx, nil) {
		if err != nil || a.Rule == nil {
			t.Fatalf("%+v %v", a, err)
		}
		n++
	}
	if n != 2 || len(m.requests()) != 1 {
		t.Errorf("%d acls in %d requests", n, len(m.requests()))
	}
	a, err := c.NetworkACLs.Get(ctx, "acl 1")
	if err != nil || a.ID == "" {
		t.Fatal(a, err)
	}
	if got := m.requests()[1].EscapedPath(); got != "/api/v2/network-acls/acl%201" {
		t.Errorf("path %s", got)
	}
}

// Plain arrays and singletons: the right path, the body decoded.
func TestModelsBPlainAndSingletons(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	bodies := map[string]string{}
	arr := func(kind string) string { return mustJSON(recordedObjects(t, kind)) }
	one := func(kind string) string { return string(recordedObjects(t, kind)[0]) }
	bodies["/api/v2/rules-configs"] = arr("rules_configs")
	bodies["/api/v2/log-streams"] = arr("log_streams")
	bodies["/api/v2/log-streams/lst_1"] = one("log_streams")
	bodies["/api/v2/guardian/factors"] = arr("guardian_factors")
	bodies["/api/v2/guardian/policies"] = `[]`
	bodies["/api/v2/custom-domains"] = arr("custom_domains")
	bodies["/api/v2/custom-domains/cd_1"] = one("custom_domains")
	bodies["/api/v2/keys/signing"] = arr("signing_keys")
	bodies["/api/v2/keys/signing/kid1"] = one("signing_keys")
	bodies["/api/v2/tenants/settings"] = one("tenant_settings")
	bodies["/api/v2/attack-protection/brute-force-protection"] = one("attack_protection_brute_force_protection")
	bodies["/api/v2/attack-protection/breached-password-detection"] = one("attack_protection_breached_password_detection")
	bodies["/api/v2/attack-protection/suspicious-ip-throttling"] = one("attack_protection_suspicious_ip_throttling")
	bodies["/api/v2/attack-protection/bot-detection"] = one("attack_protection_bot_detection")
	bodies["/api/v2/branding"] = one("branding")
	bodies["/api/v2/prompts"] = one("prompts")
	bodies["/api/v2/emails/provider"] = one("email_provider")
	bodies["/api/v2/email-templates/verify_email"] = one("email_templates")
	bodies["/api/v2/rules/rul_1"] = one("rules")
	bodies["/api/v2/hooks/h_1"] = one("hooks")

	c, m := newMockB(t, func(r *http.Request) (int, string) {
		if b, ok := bodies[r.URL.Path]; ok {
			return 200, b
		}
		return 404, `{"statusCode":404,"error":"Not Found","message":"no"}`
	})
	lenOK := func(n int, err error) error {
		if err != nil {
			return err
		}
		if n == 0 {
			return errors.New("empty")
		}
		return nil
	}
	for _, tt := range []struct {
		path string
		call func() error
	}{
		{"/api/v2/rules-configs", func() error { v, err := c.RulesConfigs.List(ctx); return lenOK(len(v), err) }},
		{"/api/v2/log-streams", func() error { v, err := c.LogStreams.List(ctx); return lenOK(len(v), err) }},
		{"/api/v2/log-streams/lst_1", func() error {
			v, err := c.LogStreams.Get(ctx, "lst_1")
			if err != nil {
				return err
			}
			return lenOK(len(v.Sink), nil)
		}},
		{"/api/v2/guardian/factors", func() error { v, err := c.Guardian.Factors(ctx); return lenOK(len(v), err) }},
		{"/api/v2/guardian/policies", func() error {
			v, err := c.Guardian.Policies(ctx)
			if err == nil && (v == nil || len(v) != 0) {
				err = fmt.Errorf("policies %#v", v)
			}
			return err
		}},
		{"/api/v2/custom-domains", func() error { v, err := c.CustomDomains.List(ctx); return lenOK(len(v), err) }},
		{"/api/v2/custom-domains/cd_1", func() error {
			v, err := c.CustomDomains.Get(ctx, "cd_1")
			if err != nil {
				return err
			}
			return lenOK(len(v.Domain), nil)
		}},
		{"/api/v2/keys/signing", func() error { v, err := c.SigningKeys.List(ctx); return lenOK(len(v), err) }},
		{"/api/v2/keys/signing/kid1", func() error {
			v, err := c.SigningKeys.Get(ctx, "kid1")
			if err != nil {
				return err
			}
			return lenOK(len(v.Kid), nil)
		}},
		{"/api/v2/tenants/settings", func() error {
			v, err := c.Tenant.Settings(ctx)
			if err != nil {
				return err
			}
			return lenOK(len(v.FriendlyName), nil)
		}},
		{"/api/v2/attack-protection/brute-force-protection", func() error {
			v, err := c.AttackProtection.BruteForceProtection(ctx)
			if err != nil {
				return err
			}
			return lenOK(len(v.Mode), nil)
		}},
		{"/api/v2/attack-protection/breached-password-detection", func() error {
			v, err := c.AttackProtection.BreachedPasswordDetection(ctx)
			if err != nil {
				return err
			}
			return lenOK(len(v.Method), nil)
		}},
		{"/api/v2/attack-protection/suspicious-ip-throttling", func() error {
			v, err := c.AttackProtection.SuspiciousIPThrottling(ctx)
			if err != nil {
				return err
			}
			return lenOK(len(v.Shields), nil)
		}},
		{"/api/v2/attack-protection/bot-detection", func() error {
			v, err := c.AttackProtection.BotDetection(ctx)
			if err != nil {
				return err
			}
			return lenOK(len(v.BotDetectionLevel), nil)
		}},
		{"/api/v2/branding", func() error {
			v, err := c.Branding.Get(ctx)
			if err != nil {
				return err
			}
			return lenOK(len(v.LogoURL), nil)
		}},
		{"/api/v2/prompts", func() error {
			v, err := c.Prompts.Get(ctx)
			if err != nil {
				return err
			}
			return lenOK(len(v.UniversalLoginExperience), nil)
		}},
		{"/api/v2/emails/provider", func() error {
			v, err := c.Emails.Provider(ctx)
			if err != nil {
				return err
			}
			return lenOK(len(v.Name), nil)
		}},
		{"/api/v2/email-templates/verify_email", func() error {
			v, err := c.Emails.Template(ctx, EmailTemplateVerifyEmail)
			if err != nil {
				return err
			}
			return lenOK(len(v.Body), nil)
		}},
		{"/api/v2/rules/rul_1", func() error {
			v, err := c.Rules.Get(ctx, "rul_1")
			if err != nil {
				return err
			}
			return lenOK(len(v.Script), nil)
		}},
		{"/api/v2/hooks/h_1", func() error {
			v, err := c.Hooks.Get(ctx, "h_1")
			if err != nil {
				return err
			}
			return lenOK(len(v.Script), nil)
		}},
	} {
		before := len(m.requests())
		if err := tt.call(); err != nil {
			t.Errorf("%s: %v", tt.path, err)
			continue
		}
		reqs := m.requests()
		if len(reqs) != before+1 || reqs[before].Path != tt.path {
			t.Errorf("%s: requests %v", tt.path, m.paths()[before:])
		}
	}
	// The provider is asked for all its fields (the API returns only name
	// and enabled otherwise).
	for _, u := range m.requests() {
		if u.Path == "/api/v2/emails/provider" {
			q := u.Query()
			if q.Get("include_fields") != "true" || !strings.Contains(q.Get("fields"), "credentials") || !strings.Contains(q.Get("fields"), "default_from_address") {
				t.Errorf("provider query %v", q)
			}
		}
	}
}

func TestEmailProviderNotConfigured(t *testing.T) {
	t.Parallel()
	c, _ := newMockB(t, func(r *http.Request) (int, string) {
		return 404, `{"statusCode":404,"error":"Not Found","message":"There is not a configured email provider","errorCode":"inexistent_email_provider"}`
	})
	p, err := c.Emails.Provider(context.Background())
	if p != nil || !errors.Is(err, ErrNotFound) {
		t.Fatalf("Provider = %v, %v", p, err)
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.ErrorCode != "inexistent_email_provider" {
		t.Errorf("error %#v", err)
	}
}

func TestEmailTemplatesSkipsUnconfigured(t *testing.T) {
	t.Parallel()
	configured := map[string]bool{EmailTemplateVerifyEmail: true, EmailTemplateWelcomeEmail: true, EmailTemplateAsyncApproval: true}
	c, m := newMockB(t, func(r *http.Request) (int, string) {
		name := strings.TrimPrefix(r.URL.Path, "/api/v2/email-templates/")
		if !configured[name] {
			return 404, `{"statusCode":404,"error":"Not Found","message":"The template does not exist.","errorCode":"inexistent_email_template"}`
		}
		return 200, mustJSON(map[string]any{"template": name, "enabled": true, "syntax": "liquid"})
	})
	var got []string
	for tpl, err := range c.Emails.Templates(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, tpl.Template)
	}
	want := []string{EmailTemplateVerifyEmail, EmailTemplateWelcomeEmail, EmailTemplateAsyncApproval}
	if !slices.Equal(got, want) {
		t.Errorf("templates %v, want %v", got, want)
	}
	var paths []string
	for _, n := range EmailTemplateNames() {
		paths = append(paths, "/api/v2/email-templates/"+n)
	}
	if !slices.Equal(m.paths(), paths) || len(paths) != 13 {
		t.Errorf("requests %v", m.paths())
	}
}

const insufficientScopeB = `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:email_templates","errorCode":"insufficient_scope"}`

func TestModelsBInsufficientScope(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	check := func(t *testing.T, err error, scope string) {
		t.Helper()
		if !errors.Is(err, ErrInsufficientScope) || !errors.Is(err, ErrForbidden) {
			t.Fatalf("error %v", err)
		}
		var ae *APIError
		if !errors.As(err, &ae) || !slices.Equal(ae.MissingScopes, []string{scope}) {
			t.Fatalf("missing scopes of %v", err)
		}
	}
	forbid := func(scope string) func(*http.Request) (int, string) {
		return func(*http.Request) (int, string) {
			return 403, `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: ` + scope + `","errorCode":"insufficient_scope"}`
		}
	}
	t.Run("actions iterator", func(t *testing.T) {
		t.Parallel()
		c, m := newMockB(t, forbid("read:actions"))
		var errs int
		for _, err := range c.Actions.All(ctx, nil) {
			check(t, err, "read:actions")
			errs++
		}
		if errs != 1 || len(m.requests()) != 1 {
			t.Errorf("%d errors, %d requests", errs, len(m.requests()))
		}
	})
	t.Run("log streams", func(t *testing.T) {
		t.Parallel()
		c, _ := newMockB(t, forbid("read:log_streams"))
		_, err := c.LogStreams.List(ctx)
		check(t, err, "read:log_streams")
	})
	t.Run("tenant settings", func(t *testing.T) {
		t.Parallel()
		c, _ := newMockB(t, forbid("read:tenant_settings"))
		_, err := c.Tenant.Settings(ctx)
		check(t, err, "read:tenant_settings")
	})
	t.Run("email templates", func(t *testing.T) {
		// A 403 is not "not configured": it is yielded and ends the
		// sequence.
		t.Parallel()
		c, m := newMockB(t, func(*http.Request) (int, string) { return 403, insufficientScopeB })
		var errs int
		for _, err := range c.Emails.Templates(ctx) {
			check(t, err, "read:email_templates")
			errs++
		}
		if errs != 1 || len(m.requests()) != 1 {
			t.Errorf("%d errors, %d requests", errs, len(m.requests()))
		}
	})
}

func TestCustomDomainsCheckpoint(t *testing.T) {
	t.Parallel()
	c, m := newMockB(t, func(r *http.Request) (int, string) {
		if r.URL.Query().Get("from") == "" {
			return 200, `{"custom_domains":[{"custom_domain_id":"cd_1","domain":"a.example"},{"custom_domain_id":"cd_2","domain":"b.example"}],"next":"cursor-1"}`
		}
		return 200, `{"custom_domains":[{"custom_domain_id":"cd_3","domain":"c.example"}]}`
	})
	var ids []string
	for d, err := range c.CustomDomains.All(context.Background(), &ListOptions{PerPage: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.CustomDomainID)
	}
	if !slices.Equal(ids, []string{"cd_1", "cd_2", "cd_3"}) {
		t.Errorf("ids %v", ids)
	}
	reqs := m.requests()
	if len(reqs) != 2 || reqs[0].Query().Get("take") != "2" || reqs[1].Query().Get("from") != "cursor-1" || reqs[1].Path != "/api/v2/custom-domains" {
		t.Errorf("requests %v", reqs)
	}
}
