package inventory

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// snap builds a snapshot from kind → status and records (id → JSON).
func snapOf(kinds map[Kind]*KindResult) *Snapshot {
	for _, r := range kinds {
		if r.Records == nil {
			r.Records = map[string]json.RawMessage{}
		}
		for id, rec := range r.Records {
			c, err := canonicalJSON(rec, false)
			if err != nil {
				panic(err)
			}
			r.Records[id] = c
		}
		r.Count = len(r.Records)
	}
	return &Snapshot{Version: FormatVersion, Kinds: kinds}
}

func recs(kv ...string) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = json.RawMessage(kv[i+1])
	}
	return m
}

func render(cs []Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return out
}

func TestDiff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		old, new map[Kind]*KindResult
		want     []string
	}{
		{"field changed",
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("c1", `{"client_id":"c1","jwt_configuration":{"alg":"HS256","lifetime_in_seconds":36000}}`)}},
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("c1", `{"client_id":"c1","jwt_configuration":{"alg":"RS256","lifetime_in_seconds":36000}}`)}},
			[]string{`clients/c1 changed jwt_configuration.alg: "HS256" -> "RS256"`}},
		{"added, removed, member added and removed",
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("a", `{"name":"A","sso":true}`, "b", `{"name":"B"}`)}},
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("a", `{"name":"A","web_origins":["https://x"]}`, "c", `{"name":"C"}`)}},
			[]string{`clients/a changed sso: true -> (absent)`, `clients/a changed web_origins: (absent) -> ["https://x"]`,
				`clients/b removed`, `clients/c added`}},
		{"sets by members, keyed arrays by id, other arrays whole",
			map[Kind]*KindResult{KindOrganizations: {Status: StatusOK, Records: recs("o", `{"callbacks":["a","b"],"fieldsMap":["x","y"],"members":[{"user_id":"u1","roles":[]},{"user_id":"u2","roles":["r"]}]}`)}},
			map[Kind]*KindResult{KindOrganizations: {Status: StatusOK, Records: recs("o", `{"callbacks":["a"],"fieldsMap":["y","x"],"members":[{"user_id":"u2","roles":["r","s"]},{"user_id":"u3","roles":[]}]}`)}},
			[]string{`organizations/o changed callbacks: -"b"`,
				`organizations/o changed fieldsMap: ["x","y"] -> ["y","x"]`,
				`organizations/o changed members[u1]: {"roles":[],"user_id":"u1"} -> (absent)`,
				`organizations/o changed members[u2].roles: +"s"`,
				`organizations/o changed members[u3]: (absent) -> {"roles":[],"user_id":"u3"}`}},
		{"sets: order and duplicates do not count, members added and removed sorted",
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("c", `{"grant_types":["implicit","authorization_code"],"callbacks":["https://b","https://a"],"web_origins":["z","y"]}`)}},
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("c", `{"grant_types":["authorization_code","implicit","authorization_code"],"callbacks":["https://c","https://a","https://d"],"web_origins":[]}`)}},
			[]string{`clients/c changed callbacks: +"https://c", +"https://d", -"https://b"`,
				`clients/c changed web_origins: -"y", -"z"`}},
		{"sets of objects",
			map[Kind]*KindResult{KindRoles: {Status: StatusOK, Records: recs("r", `{"permissions":[{"permission_name":"read:users","resource_server_identifier":"https://api"}]}`)}},
			map[Kind]*KindResult{KindRoles: {Status: StatusOK, Records: recs("r", `{"permissions":[{"permission_name":"delete:users","resource_server_identifier":"https://api"},{"permission_name":"read:users","resource_server_identifier":"https://api"}]}`)}},
			[]string{`roles/r changed permissions: +{"permission_name":"delete:users","resource_server_identifier":"https://api"}`}},
		{"numbers by value",
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("c", `{"jwt_configuration":{"lifetime_in_seconds":36000,"leeway":1.50}}`)}},
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("c", `{"jwt_configuration":{"lifetime_in_seconds":3.6e4,"leeway":1.5}}`)}},
			nil},
		{"a set that appears is a value",
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("c", `{}`)}},
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("c", `{"callbacks":["https://a"]}`)}},
			[]string{`clients/c changed callbacks: (absent) -> ["https://a"]`}},
		{"odd member names are quoted",
			map[Kind]*KindResult{KindConnections: {Status: StatusOK, Records: recs("k", `{"options":{"a.b":1,"":2}}`)}},
			map[Kind]*KindResult{KindConnections: {Status: StatusOK, Records: recs("k", `{"options":{"a.b":3,"":4}}`)}},
			[]string{`connections/k changed options[""]: 2 -> 4`, `connections/k changed options["a.b"]: 1 -> 3`}},
		{"type change",
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("c", `{"jwt_configuration":{"lifetime_in_seconds":"36000"}}`)}},
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("c", `{"jwt_configuration":{"lifetime_in_seconds":36000}}`)}},
			[]string{`clients/c changed jwt_configuration.lifetime_in_seconds: "36000" -> 36000`}},
		{"kind became forbidden: no records removed",
			map[Kind]*KindResult{KindUsers: {Status: StatusOK, Records: recs("u1", `{}`, "u2", `{}`)}},
			map[Kind]*KindResult{KindUsers: {Status: StatusForbidden, MissingScopes: []string{"read:users"}}},
			[]string{`users status: {"status":"ok"} -> {"missing_scopes":["read:users"],"status":"forbidden"}`}},
		{"kind became readable: no records added",
			map[Kind]*KindResult{KindUsers: {Status: StatusError, Error: "boom"}},
			map[Kind]*KindResult{KindUsers: {Status: StatusOK, Records: recs("u1", `{}`)}},
			[]string{`users status: {"error":"boom","status":"error"} -> {"status":"ok"}`}},
		{"not configured to configured",
			map[Kind]*KindResult{KindEmailProvider: {Status: StatusNotConfigured}},
			map[Kind]*KindResult{KindEmailProvider: {Status: StatusOK, Records: recs("provider", `{"name":"smtp"}`)}},
			[]string{`email_provider status: {"status":"not_configured"} -> {"status":"ok"}`, `email_provider/provider added`}},
		{"kind absent on one side",
			map[Kind]*KindResult{},
			map[Kind]*KindResult{KindPrompts: {Status: StatusOK, Records: recs("prompts", `{}`)}},
			[]string{`prompts status: (absent) -> {"status":"ok"}`}},
		{"partial: records with gaps are not compared",
			map[Kind]*KindResult{KindRoles: {Status: StatusOK, Records: recs("r1", `{"name":"a","members":["u"]}`, "r2", `{"name":"b","members":["u"]}`)}},
			map[Kind]*KindResult{KindRoles: {Status: StatusPartial, Gaps: []Gap{{Part: "members", IDs: []string{"r1"}, Status: StatusError, Error: "x"}},
				Records: recs("r1", `{"name":"a"}`, "r2", `{"name":"b","members":["u","v"]}`, "r3", `{"name":"c","members":[]}`)}},
			[]string{`roles status: {"status":"ok"} -> {"status":"partial"}`, `roles/r2 changed members: +"v"`, `roles/r3 added`}},
		{"logs: newer events only",
			map[Kind]*KindResult{KindLogs: {Status: StatusOK, Records: recs("900a", `{"type":"s"}`, "900b", `{"type":"f"}`)}},
			map[Kind]*KindResult{KindLogs: {Status: StatusOK, Records: recs("900b", `{"type":"f"}`, "900c", `{"type":"s"}`)}},
			[]string{`logs/900c added`}},
		{"equal", map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("a", `{"x":1}`)}},
			map[Kind]*KindResult{KindClients: {Status: StatusOK, Records: recs("a", `{"x":1}`)}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := render(Diff(snapOf(tc.old), snapOf(tc.new)))
			if !slices.Equal(got, tc.want) {
				t.Errorf("Diff:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tc.want, "\n     "))
			}
		})
	}
}

func TestDiffCollected(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 13, Preset: auth0test.PresetTiny})
	defer srv.Close()
	cl := fastClient(t, srv)
	before, err := Collect(context.Background(), cl, Options{Now: auth0test.BaseTime, LogWindow: wideWindow})
	if err != nil {
		t.Fatal(err)
	}
	if d := Diff(before, before); len(d) != 0 {
		t.Fatalf("a snapshot differs from itself: %v", d)
	}
	if d := Diff(nil, nil); len(d) != 0 {
		t.Fatal("nil snapshots differ")
	}
	srv.SetFaults(auth0test.Faults{MissingScopes: []string{"read:actions"}, Unconfigured: []string{"email_provider"}})
	after, err := Collect(context.Background(), cl, Options{Now: auth0test.BaseTime, LogWindow: wideWindow})
	if err != nil {
		t.Fatal(err)
	}
	got := render(Diff(before, after))
	want := []string{
		`actions status: {"status":"ok"} -> {"missing_scopes":["read:actions"],"status":"forbidden"}`,
		`email_provider status: {"status":"ok"} -> {"status":"not_configured"}`,
		`email_provider/provider removed`,
		`trigger_bindings status: {"status":"ok"} -> {"missing_scopes":["read:actions"],"status":"forbidden"}`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("Diff:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	// Diff is deterministic.
	for range 3 {
		if again := render(Diff(before, after)); !slices.Equal(again, got) {
			t.Fatal("Diff is not deterministic")
		}
	}
}

func TestDiffLarge(t *testing.T) {
	t.Parallel()
	old, new := syntheticSnapshot(5000, false), syntheticSnapshot(5000, true)
	changes := Diff(old, new)
	var added, removed, changed int
	for _, c := range changes {
		switch c.Op {
		case OpAdded:
			added++
		case OpRemoved:
			removed++
		case OpChanged:
			changed++
			if c.Path != "logins_count" {
				t.Errorf("unexpected change %s", c)
			}
		}
	}
	if added != 25 || removed != 25 || changed != 50 {
		t.Errorf("added %d, removed %d, changed %d; want 25, 25, 50", added, removed, changed)
	}
	if !slices.IsSortedFunc(changes, func(a, b Change) int {
		return strings.Compare(fmt.Sprint(a.Kind, "\x00", a.ID, "\x00", a.Path), fmt.Sprint(b.Kind, "\x00", b.ID, "\x00", b.Path))
	}) {
		t.Error("changes are not in order")
	}
}

func TestKindResultNote(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		r    *KindResult
		want string
	}{
		{&KindResult{Status: StatusOK}, ""},
		{&KindResult{Status: StatusForbidden, MissingScopes: []string{"read:hooks"}}, "missing scope read:hooks"},
		{&KindResult{Status: StatusForbidden, MissingScopes: []string{"read:attack_protection"}, Gaps: []Gap{
			{Part: "bot-detection", Status: StatusForbidden, MissingScopes: []string{"read:attack_protection"}, Error: "403"}}},
			"missing scope read:attack_protection"},
		{&KindResult{Status: StatusPartial, MissingScopes: []string{"read:organization_invitations"}, Gaps: []Gap{
			{Part: "invitations", IDs: []string{"o1", "o2"}, Status: StatusForbidden, MissingScopes: []string{"read:organization_invitations"}, Error: "403"}}},
			"missing scope read:organization_invitations; invitations of 2 record(s) not read"},
		{&KindResult{Status: StatusPartial, Gaps: []Gap{{Part: "members", IDs: []string{"r1"}, Status: StatusError, Error: "GET /api/v2/roles/{id}/users: 503"}}},
			"members of 1 record(s) not read: GET /api/v2/roles/{id}/users: 503"},
		{&KindResult{Status: StatusPartial, Gaps: []Gap{{Part: "records", Status: StatusPartial, Error: "the window may hold more"}}},
			"the window may hold more"},
		{&KindResult{Status: StatusError, Error: "GET /api/v2/clients: 500"}, "GET /api/v2/clients: 500"},
		{&KindResult{Status: StatusNotConfigured}, "not configured on the tenant"},
		{&KindResult{Status: StatusUnavailable, Error: "GET /api/v2/hooks: 404"}, "not available on the tenant"},
		{nil, ""},
	} {
		if got := tc.r.Note(); got != tc.want {
			t.Errorf("Note() = %q, want %q", got, tc.want)
		}
	}
}

func TestDiffSeesBindingOrder(t *testing.T) {
	t.Parallel()
	old := snapOf(map[Kind]*KindResult{KindTriggerBindings: {Status: StatusOK, Records: recs("post-login",
		`{"id":"post-login","bindings":[{"id":"b1","action":{"id":"a1"}},{"id":"b2","action":{"id":"a2"}}]}`)}})
	new := snapOf(map[Kind]*KindResult{KindTriggerBindings: {Status: StatusOK, Records: recs("post-login",
		`{"id":"post-login","bindings":[{"id":"b2","action":{"id":"a2"}},{"id":"b1","action":{"id":"a1"}}]}`)}})
	ch := Diff(old, new)
	if len(ch) != 1 || ch[0].ID != "post-login" || ch[0].Op != OpChanged {
		t.Fatalf("reordered bindings: %v", render(ch))
	}
}
