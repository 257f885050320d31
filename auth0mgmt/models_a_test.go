package auth0mgmt

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
)

// ---- recorded objects: decode, typed fields, lossless round trip ----

func TestModelsARecordedRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind string
		run  func(t *testing.T, kind string)
	}{
		{"clients", func(t *testing.T, k string) { maCheckClients(t, checkRoundTrip[Application](t, k)) }},
		{"client_grants", func(t *testing.T, k string) { maCheckClientGrants(t, checkRoundTrip[ClientGrant](t, k)) }},
		{"resource_servers", func(t *testing.T, k string) { maCheckResourceServers(t, checkRoundTrip[ResourceServer](t, k)) }},
		{"connections", func(t *testing.T, k string) { maCheckConnections(t, checkRoundTrip[Connection](t, k)) }},
		{"connection_clients", func(t *testing.T, k string) {
			for _, c := range checkRoundTrip[ConnectionClient](t, k) {
				if c.ClientID == "" {
					t.Errorf("client_id not decoded: %+v", c)
				}
			}
		}},
		{"organizations", func(t *testing.T, k string) { maCheckOrganizations(t, checkRoundTrip[Organization](t, k)) }},
		{"organization_members", func(t *testing.T, k string) { maCheckMembers(t, checkRoundTrip[OrganizationMember](t, k)) }},
		{"organization_member_roles", func(t *testing.T, k string) {
			for _, r := range checkRoundTrip[Role](t, k) {
				if r.ID == "" || r.Name == "" || r.Description == "" {
					t.Errorf("role not decoded: %+v", r)
				}
			}
		}},
		{"organization_enabled_connections", func(t *testing.T, k string) {
			for _, ec := range checkRoundTrip[OrganizationEnabledConnection](t, k) {
				if ec.ConnectionID == "" || ec.Connection == nil || ec.Connection.Name == "" || ec.Connection.Strategy == "" || ec.AssignMembershipOnLogin == nil {
					t.Errorf("enabled connection not decoded: %+v", ec)
				}
			}
		}},
		{"organization_invitations", func(t *testing.T, k string) {
			for _, inv := range checkRoundTrip[OrganizationInvitation](t, k) {
				if inv.ID == "" || inv.OrganizationID == "" || inv.Inviter == nil || inv.Inviter.Name == "" ||
					inv.Invitee == nil || inv.Invitee.Email == "" || inv.TicketID.Value() == "" || inv.ExpiresAt == "" {
					t.Errorf("invitation not decoded: %+v", inv)
				}
				if !strings.Contains(inv.InvitationURL.Value(), "invitation="+inv.TicketID.Value()) {
					t.Errorf("invitation_url does not carry the ticket: %+v", inv)
				}
			}
		}},
		// user_organizations share the Organization model (users.go).
		{"user_organizations", func(t *testing.T, k string) { maCheckOrganizations(t, checkRoundTrip[Organization](t, k)) }},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			tc.run(t, tc.kind)
		})
	}
}

func maCheckClients(t *testing.T, apps []Application) {
	t.Helper()
	var rs256, lifetime, pkjwt, refresh int
	for _, a := range apps {
		if a.ClientID == "" || a.Name == "" {
			t.Errorf("client_id/name not decoded: %+v", a)
		}
		if a.JWTConfiguration != nil && a.JWTConfiguration.Alg == "RS256" {
			rs256++
		}
		if a.JWTConfiguration != nil && a.JWTConfiguration.LifetimeInSeconds != nil {
			if n, ok := a.JWTConfiguration.LifetimeInSeconds.Int(); ok && n == 36000 {
				lifetime++
			}
		}
		if slices.Contains(a.AuthMethods(), "private_key_jwt") {
			pkjwt++
		}
		if a.RefreshToken != nil && a.RefreshToken.RotationType != "" && a.RefreshToken.TokenLifetime > 0 {
			refresh++
		}
	}
	if rs256 == 0 || lifetime == 0 || pkjwt == 0 || refresh != len(apps) {
		t.Errorf("typed fields: %d with alg RS256, %d with lifetime 36000, %d with private_key_jwt, %d/%d with refresh_token",
			rs256, lifetime, pkjwt, refresh, len(apps))
	}
}

func maCheckClientGrants(t *testing.T, gs []ClientGrant) {
	t.Helper()
	system := 0
	for _, g := range gs {
		if g.ID == "" || g.ClientID == "" || g.Audience == "" {
			t.Errorf("grant not decoded: %+v", g)
		}
		if g.IsSystem != nil && *g.IsSystem {
			system++
		}
	}
	if system == 0 {
		t.Error("no grant decoded with is_system true")
	}
}

func maCheckResourceServers(t *testing.T, rss []ResourceServer) {
	t.Helper()
	var secrets, scoped, allowAll int
	for _, r := range rss {
		if r.ID == "" || r.Identifier == "" || r.SigningAlg == "" {
			t.Errorf("resource server not decoded: %+v", r)
		}
		if r.SigningSecret.Value() != "" {
			secrets++
		}
		if len(r.ScopeValues()) > 0 && r.ScopeValues()[0] != "" {
			scoped++
		}
		if r.UserAccessPolicy() == "allow_all" && r.ClientAccessPolicy() == "require_client_grant" {
			allowAll++
		}
	}
	if secrets != 2 || scoped == 0 || allowAll == 0 {
		t.Errorf("typed fields: %d signing secrets (want 2), %d with scopes, %d with subject policies", secrets, scoped, allowAll)
	}
}

func maCheckConnections(t *testing.T, cs []Connection) {
	t.Helper()
	var good, bfp, mfa, scripts, okta, minLen int
	for _, c := range cs {
		if c.ID == "" || c.Name == "" || c.Strategy == "" || !c.HasOptions() {
			t.Errorf("connection not decoded: %s %s %s %v", c.ID, c.Name, c.Strategy, c.Options)
		}
		if c.IsDatabase() && c.PasswordPolicy() == "good" {
			good++
		}
		if on, set := c.BruteForceProtection(); on && set {
			bfp++
		}
		if on, set := c.MFAActive(); on && set {
			mfa++
		}
		// The recorded connection with scripts has customisation off.
		if s := c.CustomScripts(); strings.Contains(s["login"], "function login(") && len(s) == 6 && !c.EnabledDatabaseCustomization() {
			scripts++
		}
		if c.Strategy == "okta" && c.Options.Has("client_secret") && c.Options.String("domain") != "" {
			okta++
		}
		if n, ok := c.PasswordMinLength(); ok && n >= 8 {
			minLen++
		}
	}
	if good == 0 || bfp == 0 || mfa == 0 || scripts == 0 || okta == 0 || minLen == 0 {
		t.Errorf("option helpers: good=%d bfp=%d mfa=%d scripts=%d okta=%d minLen=%d", good, bfp, mfa, scripts, okta, minLen)
	}
}

func maCheckOrganizations(t *testing.T, orgs []Organization) {
	t.Helper()
	for _, o := range orgs {
		if o.ID == "" || o.Name == "" || o.Branding == nil || o.Branding.LogoURL == "" {
			t.Errorf("organization not decoded: %+v", o)
		}
		for _, ec := range o.EnabledConnections {
			if ec.Connection == nil || ec.Connection.Strategy == "" {
				t.Errorf("inline enabled connection not decoded: %+v", ec)
			}
		}
	}
}

func maCheckMembers(t *testing.T, ms []OrganizationMember) {
	t.Helper()
	withRoles := 0
	for _, m := range ms {
		if m.UserID == "" {
			t.Errorf("member not decoded: %+v", m)
		}
		if len(m.Roles) > 0 {
			withRoles++
			if ids := m.RoleIDs(); ids[0] == "" || m.Roles[0].Name == "" {
				t.Errorf("inline roles not decoded: %+v", m.Roles)
			}
		}
	}
	if withRoles == 0 {
		t.Error("no member decoded with inline roles")
	}
}

// Members the typed fields would lose (explicit null, false, 0, "", [], {})
// and values whose type varies survive.
func TestModelsAEdgeShapesRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		json string
		dec  func([]byte) (any, error)
	}{
		{"client zero values", `{"client_id":"c1","name":"","logo_uri":null,"is_first_party":false,"callbacks":[],` +
			`"client_metadata":{},"jwt_configuration":null,"refresh_token":{"leeway":0,"policies":[]},"signing_keys":null,` +
			`"client_secret":"","unknown_future_member":{"a":[1,2]}}`, maDecode[Application]},
		{"client lifetime as string", `{"client_id":"c1","jwt_configuration":{"alg":"HS256","lifetime_in_seconds":"36000","secret_encoded":true}}`, maDecode[Application]},
		{"client lifetime as float", `{"client_id":"c1","jwt_configuration":{"lifetime_in_seconds":3.6e4}}`, maDecode[Application]},
		{"connection nulls", `{"id":"con_1","options":{"passwordPolicy":null,"mfa":{"active":false}},"metadata":null,"realms":[],` +
			`"authentication":{"active":false},"show_as_button":false}`, maDecode[Connection]},
		{"organization empty branding", `{"id":"org_1","branding":{},"metadata":{},"token_quota":null}`, maDecode[Organization]},
		{"invitation full", `{"id":"uinv_1","roles":["rol_1"],"app_metadata":{"a":1},"user_metadata":{},"connection_id":"con_1"}`, maDecode[OrganizationInvitation]},
		{"resource server", `{"id":"rs","scopes":[],"token_lifetime":0,"signing_secret":null,"proof_of_possession":{"mechanism":"mtls","required":true}}`, maDecode[ResourceServer]},
		{"client grant", `{"id":"cgr","scope":[],"allow_any_organization":false,"authorization_details_types":["payment"]}`, maDecode[ClientGrant]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, err := tc.dec([]byte(tc.json))
			if err != nil {
				t.Fatal(err)
			}
			enc, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if want, got := semantic(t, []byte(tc.json)), semantic(t, enc); !reflect.DeepEqual(want, got) {
				t.Errorf("round trip changed the object\nwant %s\ngot  %s", tc.json, enc)
			}
		})
	}
}

func maDecode[T any](b []byte) (any, error) {
	var v T
	err := json.Unmarshal(b, &v)
	return v, err
}

func TestModelsALooseInt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in        string
		want      int64
		ok, isStr bool
		str       string
	}{
		{`36000`, 36000, true, false, "36000"},
		{`"36000"`, 36000, true, true, "36000"},
		{`" 7200 "`, 7200, true, true, "7200"},
		{`3.6e4`, 36000, true, false, "36000"},
		{`1.5`, 0, false, false, "1.5"},
		{`"soon"`, 0, false, true, "soon"},
	} {
		var n LooseInt
		if err := json.Unmarshal([]byte(tc.in), &n); err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		got, ok := n.Int()
		if got != tc.want || ok != tc.ok || n.IsString() != tc.isStr || n.String() != tc.str {
			t.Errorf("%s: Int()=%d,%v IsString()=%v String()=%q", tc.in, got, ok, n.IsString(), n.String())
		}
		if b, _ := json.Marshal(n); string(b) != tc.in {
			t.Errorf("%s: re-encoded as %s", tc.in, b)
		}
	}
	if b, _ := json.Marshal(NewLooseInt(600)); string(b) != "600" {
		t.Errorf("NewLooseInt encodes as %s", b)
	}
	if b, _ := json.Marshal(LooseInt{}); string(b) != "null" {
		t.Errorf("zero LooseInt encodes as %s", b)
	}
}

func TestModelsAHelpers(t *testing.T) {
	t.Parallel()
	var a Application
	if err := json.Unmarshal([]byte(`{"app_type":"non_interactive","grant_types":["client_credentials"],`+
		`"callbacks":["https://app.example.com/cb","https://*.example.com/cb"],"web_origins":["*"],`+
		`"token_endpoint_auth_method":"client_secret_post","refresh_token":{"rotation_type":"rotating"}}`), &a); err != nil {
		t.Fatal(err)
	}
	if !a.IsM2M() || !a.HasGrant("client_credentials") || a.HasGrant("password") || !a.HasWildcardCallback() || a.IsPublic() ||
		!a.RefreshToken.Rotating() {
		t.Errorf("helpers wrong for %+v", a)
	}
	want := map[string][]string{"callbacks": {"https://*.example.com/cb"}, "web_origins": {"*"}}
	if got := a.WildcardURLs(); !reflect.DeepEqual(got, want) {
		t.Errorf("WildcardURLs() = %v, want %v", got, want)
	}
	if got := a.AuthMethods(); !reflect.DeepEqual(got, []string{"client_secret_post"}) {
		t.Errorf("AuthMethods() = %v", got)
	}
	var none Application
	if none.HasWildcardCallback() || none.WildcardURLs() != nil || none.RefreshToken.Rotating() {
		t.Error("zero Application: helpers should report nothing")
	}

	var c Connection
	if err := json.Unmarshal([]byte(`{"strategy":"auth0","options":{"password_history":{"enable":true,"size":5},`+
		`"password_dictionary":{"enable":true},"password_no_personal_info":{"enable":false},"disable_signup":true,`+
		`"set_user_root_attributes":"on_first_login","should_trust_email_verified_connection":"never_set_emails_as_verified",`+
		`"import_mode":true,"requires_username":true}}`), &c); err != nil {
		t.Fatal(err)
	}
	if on, n := c.PasswordHistory(); !on || n != 5 {
		t.Errorf("PasswordHistory() = %v, %d", on, n)
	}
	if !c.PasswordDictionary() || c.PasswordNoPersonalInfo() || !c.DisableSignup() || !c.ImportMode() || !c.RequiresUsername() ||
		c.SetUserRootAttributes() != "on_first_login" || c.ShouldTrustEmailVerifiedConnection() != "never_set_emails_as_verified" {
		t.Errorf("option helpers wrong for %v", c.Options)
	}
	if _, set := c.BruteForceProtection(); set {
		t.Error("BruteForceProtection reported set")
	}
	if _, set := c.MFAActive(); set {
		t.Error("MFAActive reported set")
	}
	if _, ok := c.PasswordMinLength(); ok {
		t.Error("PasswordMinLength reported set")
	}
	// The newer password_options take precedence over the older members.
	if err := json.Unmarshal([]byte(`{"strategy":"auth0","options":{"password_options":{"complexity":{"min_length":15},`+
		`"history":{"active":false,"size":3},"dictionary":{"active":true},"profile_data":{"active":true}},`+
		`"password_history":{"enable":true,"size":5},"password_complexity_options":{"min_length":8}}}`), &c); err != nil {
		t.Fatal(err)
	}
	if n, ok := c.PasswordMinLength(); !ok || n != 15 {
		t.Errorf("PasswordMinLength() = %d, %v", n, ok)
	}
	if on, n := c.PasswordHistory(); on || n != 3 {
		t.Errorf("PasswordHistory() = %v, %d", on, n)
	}
	if !c.PasswordDictionary() || !c.PasswordNoPersonalInfo() {
		t.Error("password_options dictionary/profile_data not read")
	}
	var noOpts Connection
	if noOpts.HasOptions() || noOpts.PasswordPolicy() != "" || noOpts.CustomScripts() != nil || noOpts.DisableSignup() {
		t.Error("connection without options: helpers should report nothing")
	}
}

// ---- secrets never reach fmt output ----

// maSecretValues walks a recorded object and returns the values of the
// members that hold secrets in clear.
func maSecretValues(raw json.RawMessage) []string {
	var v any
	_ = json.Unmarshal(raw, &v)
	secretKeys := map[string]bool{
		"client_secret": true, "consumer_secret": true, "twilio_token": true, "signing_secret": true,
		"secret": true, "X-Auth0-Client-Secret": true, "invitation_url": true, "ticket_id": true,
		"provisioning_ticket_url": true,
	}
	var out []string
	var walk func(parent string, v any)
	walk = func(parent string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if s, ok := c.(string); ok && (secretKeys[k] || (parent == "decryptionKey" && k == "key")) &&
					len(s) >= 6 && !strings.Contains(s, "REDACTED") {
					out = append(out, s)
				}
				walk(k, c)
			}
		case []any:
			for _, c := range x {
				walk(parent, c)
			}
		}
	}
	walk("", v)
	return out
}

func TestModelsASecretsNotPrinted(t *testing.T) {
	t.Parallel()
	type decoder func(json.RawMessage) (any, any, error)
	dec := func(kind string) decoder {
		return func(raw json.RawMessage) (any, any, error) {
			switch kind {
			case "connections":
				var v Connection
				err := json.Unmarshal(raw, &v)
				return v, &v, err
			case "resource_servers":
				var v ResourceServer
				err := json.Unmarshal(raw, &v)
				return v, &v, err
			case "organization_invitations":
				var v OrganizationInvitation
				err := json.Unmarshal(raw, &v)
				return v, &v, err
			default:
				var v Application
				err := json.Unmarshal(raw, &v)
				return v, &v, err
			}
		}
	}
	// Recorded client secrets are redacted upstream: put clear ones in.
	var clients []json.RawMessage
	for i, raw := range recordedObjects(t, "clients")[:5] {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		m["client_secret"] = fmt.Sprintf("cs-%d-Zq8PpV3kLr0x9sWb1NnMtYcE4uHa7JdG", i)
		m["signing_keys"] = []any{map[string]any{"cert": "-----BEGIN CERTIFICATE-----MIIDsecretcert", "subject": "deprecated"}}
		m["encryption_key"] = map[string]any{"pub": "-----BEGIN PUBLIC KEY-----MIIBsecretpub"}
		b, _ := json.Marshal(m)
		clients = append(clients, b)
	}
	total := map[string]int{}
	for _, kind := range []string{"connections", "resource_servers", "organization_invitations", "clients"} {
		objs := clients
		if kind != "clients" {
			objs = recordedObjects(t, kind)
		}
		for i, raw := range objs {
			secrets := maSecretValues(raw)
			if kind == "clients" {
				secrets = append(secrets, "MIIDsecretcert", "MIIBsecretpub")
			}
			if len(secrets) == 0 {
				continue
			}
			total[kind] += len(secrets)
			val, ptr, err := dec(kind)(raw)
			if err != nil {
				t.Fatalf("%s[%d]: %v", kind, i, err)
			}
			for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
				for _, x := range []any{val, ptr} {
					out := fmt.Sprintf(verb, x)
					for _, s := range secrets {
						if strings.Contains(out, s) {
							t.Errorf("%s[%d]: %s output contains a secret (%d bytes)", kind, i, verb, len(s))
						}
					}
				}
			}
			// JSON keeps the values: the models lose nothing.
			enc, err := json.Marshal(val)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range secrets {
				js, _ := json.Marshal(s)
				if !strings.Contains(string(enc), strings.Trim(string(js), `"`)) {
					t.Errorf("%s[%d]: JSON lost a secret (%d bytes)", kind, i, len(s))
				}
			}
		}
	}
	// The recorded data must actually exercise the check.
	for kind, min := range map[string]int{"connections": 40, "resource_servers": 2, "organization_invitations": 8, "clients": 15} {
		if total[kind] < min {
			t.Errorf("%s: only %d secrets found in the recorded data, want >= %d", kind, total[kind], min)
		}
	}
}

// ---- endpoints ----

// maServer is an httptest server that records the requests it answers.
type maServer struct {
	mu   sync.Mutex
	reqs []*url.URL
}

func (s *maServer) requests() []*url.URL {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// maStart serves h and returns a Client that talks to it.
func maStart(t *testing.T, h http.HandlerFunc) (*Client, *maServer) {
	t.Helper()
	rec := &maServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer test-token" {
			t.Errorf("Authorization = %q", got)
		}
		u := *r.URL
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, &u)
		rec.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{Domain: srv.URL, Token: "test-token"}, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

// maLister describes one listing endpoint for the paging tests.
type maLister struct {
	name     string
	path     string // decoded request path
	key      string // items member of the envelope
	idKey    string // id member of an item
	offset   bool
	noTotal  bool // offset endpoint that gives no total
	fields   string
	list     func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[string, error]
	wantPath string // escaped path, when it differs
}

// maIDs maps a listing to the items' ids.
func maIDs[T any](seq iter.Seq2[T, error], id func(T) string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for v, err := range seq {
			if !yield(id(v), err) {
				return
			}
		}
	}
}

var maListers = []maLister{
	{name: "Clients.All", path: "/api/v2/clients", key: "clients", idKey: "client_id", offset: true,
		list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[string, error] {
			return maIDs(c.Clients.All(ctx, o), func(a Application) string { return a.ClientID })
		}},
	{name: "ResourceServers.All", path: "/api/v2/resource-servers", key: "resource_servers", idKey: "id", offset: true,
		list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[string, error] {
			return maIDs(c.ResourceServers.All(ctx, o), func(r ResourceServer) string { return r.ID })
		}},
	{name: "Organizations.MemberRoles", path: "/api/v2/organizations/org_1/members/auth0|u1/roles",
		wantPath: "/api/v2/organizations/org_1/members/auth0%7Cu1/roles", key: "roles", idKey: "id", offset: true,
		list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[string, error] {
			return maIDs(c.Organizations.MemberRoles(ctx, "org_1", "auth0|u1", o), func(r Role) string { return r.ID })
		}},
	{name: "Organizations.EnabledConnections", path: "/api/v2/organizations/org_1/enabled_connections", key: "enabled_connections",
		idKey: "connection_id", offset: true,
		list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[string, error] {
			return maIDs(c.Organizations.EnabledConnections(ctx, "org_1", o), func(e OrganizationEnabledConnection) string { return e.ConnectionID })
		}},
	{name: "Organizations.Invitations", path: "/api/v2/organizations/org_1/invitations", key: "invitations", idKey: "id",
		offset: true, noTotal: true,
		list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[string, error] {
			return maIDs(c.Organizations.Invitations(ctx, "org_1", o), func(i OrganizationInvitation) string { return i.ID })
		}},
	{name: "ClientGrants.All", path: "/api/v2/client-grants", key: "client_grants", idKey: "id",
		list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[string, error] {
			return maIDs(c.ClientGrants.All(ctx, o), func(g ClientGrant) string { return g.ID })
		}},
	{name: "Connections.All", path: "/api/v2/connections", key: "connections", idKey: "id",
		list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[string, error] {
			return maIDs(c.Connections.All(ctx, o), func(x Connection) string { return x.ID })
		}},
	{name: "Connections.Clients", path: "/api/v2/connections/con_1/clients", key: "clients", idKey: "client_id",
		list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[string, error] {
			return maIDs(c.Connections.Clients(ctx, "con_1", o), func(x ConnectionClient) string { return x.ClientID })
		}},
	{name: "Organizations.All", path: "/api/v2/organizations", key: "organizations", idKey: "id",
		list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[string, error] {
			return maIDs(c.Organizations.All(ctx, o), func(x Organization) string { return x.ID })
		}},
	{name: "Organizations.Members", path: "/api/v2/organizations/org_1/members", key: "members", idKey: "user_id",
		list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[string, error] {
			return maIDs(c.Organizations.Members(ctx, "org_1", o), func(x OrganizationMember) string { return x.UserID })
		}},
	{name: "Organizations.MembersWithRoles", path: "/api/v2/organizations/org_1/members", key: "members", idKey: "user_id",
		fields: "user_id,email,name,picture,roles",
		list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[string, error] {
			return maIDs(c.Organizations.MembersWithRoles(ctx, "org_1", o), func(x OrganizationMember) string { return x.UserID })
		}},
}

func maID(i int) string { return fmt.Sprintf("id_%04d", i) }

func maCursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("after:" + strconv.Itoa(i)))
}

// maHandler fakes a listing of n items in the endpoint's paging mode,
// with the envelopes the API uses, and checks every request's query.
func maHandler(t *testing.T, l maLister, n int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != l.path {
			t.Errorf("%s: path %q, want %q", l.name, r.URL.Path, l.path)
		}
		if l.wantPath != "" && r.URL.EscapedPath() != l.wantPath {
			t.Errorf("%s: escaped path %q, want %q", l.name, r.URL.EscapedPath(), l.wantPath)
		}
		q := r.URL.Query()
		if l.fields != "" && (q.Get("fields") != l.fields || q.Get("include_fields") != "true") {
			t.Errorf("%s: fields=%q include_fields=%q", l.name, q.Get("fields"), q.Get("include_fields"))
		}
		items := func(from, to int) []map[string]any {
			out := []map[string]any{}
			for i := from; i < min(to, n); i++ {
				out = append(out, map[string]any{l.idKey: maID(i), "name": "item " + strconv.Itoa(i)})
			}
			return out
		}
		if l.offset {
			page, err1 := strconv.Atoi(q.Get("page"))
			per, err2 := strconv.Atoi(q.Get("per_page"))
			if err1 != nil || err2 != nil || per < 1 || per > 100 || q.Get("include_totals") != "true" || q.Has("take") || q.Has("from") {
				t.Errorf("%s: bad offset query %q", l.name, r.URL.RawQuery)
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			it := items(page*per, page*per+per)
			env := map[string]any{"start": page * per, "limit": len(it), l.key: it}
			if !l.noTotal {
				env["total"] = n
				env["limit"] = per
			}
			_ = json.NewEncoder(w).Encode(env)
			return
		}
		take, err := strconv.Atoi(q.Get("take"))
		if err != nil || take < 1 || take > 100 || q.Has("page") || q.Has("per_page") || q.Has("include_totals") {
			t.Errorf("%s: bad checkpoint query %q", l.name, r.URL.RawQuery)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		start := 0
		if from := q.Get("from"); from != "" {
			b, _ := base64.RawURLEncoding.DecodeString(from)
			v, ok := strings.CutPrefix(string(b), "after:")
			if start, err = strconv.Atoi(v); !ok || err != nil {
				t.Errorf("%s: bad cursor %q", l.name, from)
			}
		}
		env := map[string]any{l.key: items(start, start+take)}
		if start+take < n {
			env["next"] = maCursor(start + take)
		}
		_ = json.NewEncoder(w).Encode(env)
	}
}

func maCeil(n, per int) int { return max(1, (n+per-1)/per) }

func TestModelsAListingRequestCounts(t *testing.T) {
	t.Parallel()
	for _, l := range maListers {
		for _, tc := range []struct{ n, per int }{{0, 0}, {1, 0}, {100, 0}, {200, 0}, {250, 0}, {120, 50}} {
			t.Run(fmt.Sprintf("%s/n=%d/per=%d", l.name, tc.n, tc.per), func(t *testing.T) {
				t.Parallel()
				c, rec := maStart(t, maHandler(t, l, tc.n))
				var got []string
				for id, err := range l.list(t.Context(), c, &ListOptions{PerPage: tc.per}) {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, id)
				}
				if len(got) != tc.n {
					t.Fatalf("got %d items, want %d", len(got), tc.n)
				}
				for i, id := range got {
					if id != maID(i) {
						t.Fatalf("item %d is %q, want %q", i, id, maID(i))
					}
				}
				per := tc.per
				if per == 0 {
					per = 100
				}
				want := maCeil(tc.n, per)
				if l.noTotal {
					// No total: the listing ends at the first short page.
					want = tc.n/per + 1
				}
				reqs := rec.requests()
				if len(reqs) != want {
					t.Fatalf("%d requests, want %d: %v", len(reqs), want, reqs)
				}
				for i, u := range reqs {
					q := u.Query()
					if l.offset {
						if q.Get("page") != strconv.Itoa(i) || q.Get("per_page") != strconv.Itoa(per) {
							t.Errorf("request %d: query %q", i, u.RawQuery)
						}
						continue
					}
					wantFrom := ""
					if i > 0 {
						wantFrom = maCursor(i * per)
					}
					if q.Get("take") != strconv.Itoa(per) || q.Get("from") != wantFrom {
						t.Errorf("request %d: query %q, want take=%d from=%q", i, u.RawQuery, per, wantFrom)
					}
				}
			})
		}
	}
}

func TestModelsABreakStopsRequests(t *testing.T) {
	t.Parallel()
	for _, l := range maListers {
		for _, stopAt := range []int{0, 99, 100, 150} {
			t.Run(fmt.Sprintf("%s/stop=%d", l.name, stopAt), func(t *testing.T) {
				t.Parallel()
				c, rec := maStart(t, maHandler(t, l, 250))
				seen := 0
				for _, err := range l.list(t.Context(), c, nil) {
					if err != nil {
						t.Fatal(err)
					}
					if seen == stopAt {
						break
					}
					seen++
				}
				if want := stopAt/100 + 1; len(rec.requests()) != want {
					t.Errorf("breaking at item %d made %d requests, want %d", stopAt, len(rec.requests()), want)
				}
			})
		}
	}
}

func TestModelsAListOptionsAndFilters(t *testing.T) {
	t.Parallel()
	c, rec := maStart(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/clients":
			fmt.Fprint(w, `{"total":0,"start":0,"limit":50,"clients":[]}`)
		default:
			fmt.Fprint(w, `{"connections":[]}`)
		}
	})
	ctx := t.Context()
	opts := &ListOptions{PerPage: 50, Query: url.Values{"app_type": {"non_interactive,spa"}, "is_first_party": {"true"},
		"page": {"7"}}}
	for _, err := range c.Clients.All(ctx, opts) {
		t.Fatal(err)
	}
	for _, err := range c.Connections.All(ctx, &ListOptions{Query: url.Values{"strategy": {"auth0", "samlp"}, "name": {"db"}}}) {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	q := reqs[0].Query()
	if q.Get("app_type") != "non_interactive,spa" || q.Get("is_first_party") != "true" || q.Get("page") != "0" ||
		q.Get("per_page") != "50" || q.Get("include_totals") != "true" {
		t.Errorf("clients query %q", reqs[0].RawQuery)
	}
	q = reqs[1].Query()
	if !reflect.DeepEqual(q["strategy"], []string{"auth0", "samlp"}) || q.Get("name") != "db" || q.Get("take") != "100" {
		t.Errorf("connections query %q", reqs[1].RawQuery)
	}
	if opts.Page != 0 || opts.Query.Get("page") != "7" {
		t.Error("the caller's options were modified")
	}
}

func TestModelsAMembersWithRolesKeepsOptions(t *testing.T) {
	t.Parallel()
	c, rec := maStart(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"members":[{"user_id":"auth0|1","roles":[{"id":"rol_1","name":"admin"}]}]}`)
	})
	opts := &ListOptions{PerPage: 10, Fields: []string{"user_id"}, ExcludeFields: true, From: "abc"}
	var got []OrganizationMember
	for m, err := range c.Organizations.MembersWithRoles(t.Context(), "org_1", opts) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m)
	}
	if len(got) != 1 || !reflect.DeepEqual(got[0].RoleIDs(), []string{"rol_1"}) {
		t.Errorf("members %+v", got)
	}
	q := rec.requests()[0].Query()
	if q.Get("fields") != "user_id,email,name,picture,roles" || q.Get("include_fields") != "true" || q.Get("take") != "10" || q.Get("from") != "abc" {
		t.Errorf("query %q", rec.requests()[0].RawQuery)
	}
	if !reflect.DeepEqual(opts.Fields, []string{"user_id"}) || !opts.ExcludeFields {
		t.Error("the caller's options were modified")
	}
}

// The organizations checkpoint envelopes as recorded (envelopes.json):
// {organizations, next} then {organizations} without next.
func TestModelsAOrganizationsRecordedEnvelopes(t *testing.T) {
	t.Parallel()
	const next = "MjAyMy0wMy0xNCAxMToxNzoxOS40NjYwMDBVVEMsb3JnX1d6MnVNd0FWUW1mUmIwM0k"
	orgs := recordedObjects(t, "organizations")
	c, rec := maStart(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("from") {
		case "":
			fmt.Fprintf(w, `{"organizations":[%s,%s],"next":%q}`, orgs[0], orgs[1], next)
		case next:
			fmt.Fprintf(w, `{"organizations":[%s]}`, orgs[2])
		default:
			t.Errorf("unexpected query %q", r.URL.RawQuery)
		}
	})
	p, err := c.Organizations.List(t.Context(), &ListOptions{PerPage: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || p.Next != next || p.Items[0].ID == "" {
		t.Fatalf("page 1: %d items, next %q", len(p.Items), p.Next)
	}
	p, err = c.Organizations.List(t.Context(), &ListOptions{PerPage: 2, From: p.Next})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Next != "" {
		t.Fatalf("page 2: %d items, next %q", len(p.Items), p.Next)
	}
	n := 0
	for _, err := range c.Organizations.All(t.Context(), &ListOptions{PerPage: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 3 || len(rec.requests()) != 4 {
		t.Errorf("All: %d items in %d requests (2 of them by List)", n, len(rec.requests()))
	}
}

// The invitations envelope as recorded: {start, limit, invitations}, no
// total even with include_totals=true.
func TestModelsAInvitationsRecordedEnvelope(t *testing.T) {
	t.Parallel()
	inv := recordedObjects(t, "organization_invitations")[0]
	c, rec := maStart(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"start":0,"limit":1,"invitations":[%s]}`, inv)
	})
	var got []OrganizationInvitation
	for i, err := range c.Organizations.Invitations(t.Context(), "org_Hf9UNU0EQOLcvFyx", &ListOptions{PerPage: 50}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, i)
	}
	if len(got) != 1 || got[0].ID != "uinv_5gwDyykSX1fq6xoP" || len(rec.requests()) != 1 {
		t.Errorf("%d invitations in %d requests", len(got), len(rec.requests()))
	}
}

func TestModelsAConnectionsClientsPage(t *testing.T) {
	t.Parallel()
	c, rec := maStart(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"clients":[{"client_id":"AXsFTwmS8qlMbaBYpWIFoLRKSv9J1xnz"}],"next":"cur2"}`)
	})
	p, err := c.Connections.ClientsPage(t.Context(), "con_1", &ListOptions{PerPage: 5, From: "cur1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Items[0].ClientID == "" || p.Next != "cur2" {
		t.Errorf("page %+v", p)
	}
	u := rec.requests()[0]
	if u.Path != "/api/v2/connections/con_1/clients" || u.Query().Get("take") != "5" || u.Query().Get("from") != "cur1" {
		t.Errorf("request %s", u)
	}
	// An envelope without the endpoint's items member is a decode error.
	mp, err := c.Organizations.MembersPage(t.Context(), "org_1", nil)
	if !errors.Is(err, ErrDecode) || mp != nil {
		t.Errorf("members page from a clients envelope: %v, %v", mp, err)
	}
}

// maMock returns a Client on a per-test httpmock transport.
func maMock(t *testing.T) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	c, err := New(Config{Domain: "tenant.example.test", Token: "test-token"},
		WithHTTPClient(&http.Client{Transport: mt}), WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c, mt
}

func TestModelsAGet(t *testing.T) {
	t.Parallel()
	const base = "https://tenant.example.test/api/v2/"
	for _, tc := range []struct {
		name, path, kind, idKey string
		get                     func(ctx context.Context, c *Client, id string) (string, error)
		notFound                string
	}{
		{"Clients", "clients/", "clients", "client_id", func(ctx context.Context, c *Client, id string) (string, error) {
			v, err := c.Clients.Get(ctx, id)
			return maField(v, func(v *Application) string { return v.ClientID }), err
		}, `{"statusCode":404,"error":"Not Found","message":"The client does not exist","errorCode":"inexistent_client"}`},
		{"ClientGrants", "client-grants/", "client_grants", "id", func(ctx context.Context, c *Client, id string) (string, error) {
			v, err := c.ClientGrants.Get(ctx, id)
			return maField(v, func(v *ClientGrant) string { return v.ID }), err
		}, `{"statusCode":404,"error":"Not Found","message":"The grant does not exist.","errorCode":"inexistent_client_grant"}`},
		{"ResourceServers", "resource-servers/", "resource_servers", "id", func(ctx context.Context, c *Client, id string) (string, error) {
			v, err := c.ResourceServers.Get(ctx, id)
			return maField(v, func(v *ResourceServer) string { return v.ID }), err
		}, `{"statusCode":404,"error":"Not Found","message":"The resource server does not exist","errorCode":"inexistent_resource_server"}`},
		{"Connections", "connections/", "connections", "id", func(ctx context.Context, c *Client, id string) (string, error) {
			v, err := c.Connections.Get(ctx, id)
			return maField(v, func(v *Connection) string { return v.ID }), err
		}, `{"statusCode":404,"error":"Not Found","message":"The connection does not exist","errorCode":"inexistent_connection"}`},
		{"Organizations", "organizations/", "organizations", "id", func(ctx context.Context, c *Client, id string) (string, error) {
			v, err := c.Organizations.Get(ctx, id)
			return maField(v, func(v *Organization) string { return v.ID }), err
		}, `{"statusCode":404,"error":"Not Found","message":"No organization found by that id or name"}`},
		{"Organizations.ByName", "organizations/name/", "organizations", "name", func(ctx context.Context, c *Client, id string) (string, error) {
			v, err := c.Organizations.ByName(ctx, id)
			return maField(v, func(v *Organization) string { return v.Name }), err
		}, `{"statusCode":404,"error":"Not Found","message":"No organization found by that id or name"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt := maMock(t)
			raw := recordedObjects(t, tc.kind)[0]
			var m map[string]any
			_ = json.Unmarshal(raw, &m)
			id, _ := m[tc.idKey].(string)
			mt.RegisterResponder(http.MethodGet, base+tc.path+id, httpmock.NewBytesResponder(200, raw))
			mt.RegisterResponder(http.MethodGet, base+tc.path+"missing",
				httpmock.NewStringResponder(404, tc.notFound).HeaderSet(http.Header{"X-Auth0-RequestId": {"req-404"}}))
			got, err := tc.get(t.Context(), c, id)
			if err != nil || got != id {
				t.Fatalf("Get(%q) = %q, %v", id, got, err)
			}
			got, err = tc.get(t.Context(), c, "missing")
			if !errors.Is(err, ErrNotFound) || got != "" {
				t.Fatalf("Get(missing) = %q, %v; want ErrNotFound", got, err)
			}
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != 404 || ae.RequestID != "req-404" || ae.Path != "/api/v2/"+tc.path+"missing" {
				t.Errorf("APIError %+v", ae)
			}
			if n := mt.GetTotalCallCount(); n != 2 {
				t.Errorf("%d calls, want 2", n)
			}
		})
	}
}

func maField[T any](v *T, f func(*T) string) string {
	if v == nil {
		return ""
	}
	return f(v)
}

func TestModelsAGetEscapesIDs(t *testing.T) {
	t.Parallel()
	c, rec := maStart(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"id":"x"}`) })
	if _, err := c.ResourceServers.Get(t.Context(), "https://api.example.com/"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Organizations.ByName(t.Context(), "acme corp/eu"); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if got := reqs[0].EscapedPath(); got != "/api/v2/resource-servers/https:%2F%2Fapi.example.com%2F" {
		t.Errorf("resource server path %q", got)
	}
	if got := reqs[1].EscapedPath(); got != "/api/v2/organizations/name/acme%20corp%2Feu" {
		t.Errorf("organization name path %q", got)
	}
}

func TestModelsAInsufficientScope(t *testing.T) {
	t.Parallel()
	const base = "https://tenant.example.test/api/v2/"
	for _, tc := range []struct {
		name, path, scope string
		list              func(ctx context.Context, c *Client) iter.Seq2[string, error]
	}{
		{"Clients.All", "clients", "read:clients", func(ctx context.Context, c *Client) iter.Seq2[string, error] {
			return maIDs(c.Clients.All(ctx, nil), func(a Application) string { return a.ClientID })
		}},
		{"ClientGrants.All", "client-grants", "read:client_grants", func(ctx context.Context, c *Client) iter.Seq2[string, error] {
			return maIDs(c.ClientGrants.All(ctx, nil), func(g ClientGrant) string { return g.ID })
		}},
		{"Connections.All", "connections", "read:connections", func(ctx context.Context, c *Client) iter.Seq2[string, error] {
			return maIDs(c.Connections.All(ctx, nil), func(x Connection) string { return x.ID })
		}},
		{"Organizations.Members", "organizations/org_1/members", "read:organization_members",
			func(ctx context.Context, c *Client) iter.Seq2[string, error] {
				return maIDs(c.Organizations.Members(ctx, "org_1", nil), func(m OrganizationMember) string { return m.UserID })
			}},
		{"Organizations.Invitations", "organizations/org_1/invitations", "read:organization_invitations",
			func(ctx context.Context, c *Client) iter.Seq2[string, error] {
				return maIDs(c.Organizations.Invitations(ctx, "org_1", nil), func(i OrganizationInvitation) string { return i.ID })
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt := maMock(t)
			body := fmt.Sprintf(`{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: %s","errorCode":"insufficient_scope"}`, tc.scope)
			mt.RegisterResponder(http.MethodGet, base+tc.path, httpmock.NewStringResponder(403, body))
			var errs []error
			for id, err := range tc.list(t.Context(), c) {
				if err == nil {
					t.Fatalf("item %q, want an error", id)
				}
				errs = append(errs, err)
			}
			if len(errs) != 1 {
				t.Fatalf("%d errors, want 1", len(errs))
			}
			var ae *APIError
			if !errors.Is(errs[0], ErrInsufficientScope) || !errors.Is(errs[0], ErrForbidden) || !errors.As(errs[0], &ae) ||
				!reflect.DeepEqual(ae.MissingScopes, []string{tc.scope}) {
				t.Errorf("error %v (%+v)", errs[0], ae)
			}
			if n := mt.GetTotalCallCount(); n != 1 {
				t.Errorf("%d calls, want 1", n)
			}
		})
	}
}
