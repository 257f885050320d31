package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authlens/authlens/inventory"
)

func snapOf(kinds map[inventory.Kind]map[string]string) *inventory.Snapshot {
	s := &inventory.Snapshot{Version: 1, Tenant: "https://example.eu.auth0.com", Kinds: map[inventory.Kind]*inventory.KindResult{}}
	for k, recs := range kinds {
		r := &inventory.KindResult{Status: inventory.StatusOK, Records: map[string]json.RawMessage{}}
		for id, rec := range recs {
			r.Records[id] = json.RawMessage(rec)
		}
		r.Count = len(r.Records)
		s.Kinds[k] = r
	}
	return s
}

func TestRedactedValuesDecode(t *testing.T) {
	t.Parallel()
	// Applications' signing_keys are redacted whole; the rest of the
	// record must still decode, and a mismatch that is no redaction must
	// still fail.
	s := snapOf(map[inventory.Kind]map[string]string{
		inventory.KindClients: {
			"c1": `{"client_id":"c1","name":"App","signing_keys":"[REDACTED]","client_secret":"[REDACTED]","callbacks":["https://a.example/cb"]}`,
		},
	})
	cs, err := New(s).Clients()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Name != "App" || cs[0].SigningKeys != nil || cs[0].ClientSecret.Value() != "[REDACTED]" || cs[0].Callbacks[0] != "https://a.example/cb" {
		t.Errorf("decoded %+v", cs)
	}
	bad := snapOf(map[inventory.Kind]map[string]string{
		inventory.KindClients: {"c1": `{"client_id":"c1","signing_keys":"[REDACTED]","callbacks":"not a list"}`},
	})
	_, err = New(bad).Clients()
	var nr *NotReadError
	if !errors.As(err, &nr) || nr.Kind != inventory.KindClients || !strings.Contains(nr.Reason, `"c1"`) {
		t.Errorf("err %v, want a NotReadError naming the record", err)
	}
}

func TestNotRead(t *testing.T) {
	t.Parallel()
	s := snapOf(map[inventory.Kind]map[string]string{inventory.KindClients: {}})
	s.Kinds[inventory.KindRoles] = &inventory.KindResult{Status: inventory.StatusForbidden, MissingScopes: []string{"read:roles"},
		Error: "insufficient_scope", Records: map[string]json.RawMessage{}}
	tn := New(s)
	if err := tn.Read(inventory.KindClients); err != nil {
		t.Errorf("clients: %v", err)
	}
	_, err := tn.Roles()
	var nr *NotReadError
	if !errors.As(err, &nr) || nr.Status != inventory.StatusForbidden || !slices.Equal(nr.MissingScopes, []string{"read:roles"}) {
		t.Errorf("roles: %v", err)
	}
	if err := tn.Decode(inventory.KindLogs); !errors.As(err, &nr) || nr.Status != "" || !strings.Contains(err.Error(), "not in the snapshot") {
		t.Errorf("absent logs: %v", err)
	}
	for _, k := range inventory.Kinds() {
		if k == inventory.KindClients {
			continue
		}
		if err := tn.Decode(k); err == nil {
			t.Errorf("Decode(%s) of an absent kind succeeded", k)
		}
	}
}

func TestConnectionsAndLookups(t *testing.T) {
	t.Parallel()
	s := snapOf(map[inventory.Kind]map[string]string{
		inventory.KindConnections: {
			"con_a": `{"id":"con_a","name":"db","strategy":"auth0","enabled_clients":[]}`,
			"con_b": `{"id":"con_b","name":"google-oauth2","strategy":"google-oauth2"}`,
		},
		inventory.KindResourceServers: {
			"rs1": `{"id":"rs1","name":"Auth0 Management API","identifier":"https://example.eu.auth0.com/api/v2/","is_system":true}`,
			"rs2": `{"id":"rs2","name":"Auth0 My Account API","identifier":"https://example.eu.auth0.com/me/","is_system":true}`,
			"rs3": `{"id":"rs3","name":"Look-alike","identifier":"https://other.example/api/v2/"}`,
		},
	})
	tn := New(s)
	cs, err := tn.Connections()
	if err != nil {
		t.Fatal(err)
	}
	if !cs[0].EnabledClientsRead || len(cs[0].EnabledClients) != 0 || cs[1].EnabledClientsRead {
		t.Errorf("enabled clients: %+v / %+v", cs[0], cs[1])
	}
	if c, ok := tn.ConnectionByName("google-oauth2"); !ok || c.ID != "con_b" {
		t.Errorf("by name: %v %v", c, ok)
	}
	for aud, want := range map[string]bool{
		"https://example.eu.auth0.com/api/v2/": true, "https://example.eu.auth0.com/api/v2": true,
		"https://example.eu.auth0.com/me/": false, "https://other.example/api/v2/": false, "": false,
	} {
		if got := tn.IsManagementAudience(aud); got != want {
			t.Errorf("IsManagementAudience(%q) = %v", aud, got)
		}
	}
}

func TestFullProfilesAsShapes(t *testing.T) {
	t.Parallel()
	s := snapOf(map[inventory.Kind]map[string]string{inventory.KindUsers: {
		"auth0|1": `{"user_id":"auth0|1","email":"Ann@Example.COM","email_verified":true,"user_metadata":{"plan":"gold"},"identities":[{"connection":"db","provider":"auth0","isSocial":false}]}`,
	}})
	s.Scan.FullProfiles = true
	us, err := New(s).Users()
	if err != nil {
		t.Fatal(err)
	}
	if len(us) != 1 || us[0].EmailDomain != "example.com" || us[0].UserMetadata["plan"] != "string" || us[0].Connection != "db" {
		t.Errorf("%+v", us)
	}
}

func TestConcurrentDecode(t *testing.T) {
	t.Parallel()
	s := snapOf(map[inventory.Kind]map[string]string{inventory.KindClients: {"c1": `{"client_id":"c1","name":"App"}`}})
	tn := New(s)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if c, ok := tn.Client("c1"); !ok || c.Name != "App" {
				t.Error("lookup failed")
			}
		})
	}
	wg.Wait()
}

func Example() {
	snap, err := inventory.LoadFile("../testdata/example-snapshot.json")
	if err != nil {
		panic(err)
	}
	t := New(snap)
	clients, err := t.Clients()
	if err != nil {
		panic(err)
	}
	for _, c := range clients {
		fmt.Println(c.Name, c.AppType, c.AuthMethods())
	}
	// A kind the scan did not read says so, and why.
	_, err = t.Roles()
	fmt.Println(err)
	// Output:
	// Provisioning job non_interactive [client_secret_post]
	// roles: not in the snapshot (the scan did not read it)
}

func TestAsOf(t *testing.T) {
	t.Parallel()
	logs := map[inventory.Kind]map[string]string{inventory.KindLogs: {
		"900a": `{"log_id":"900a","date":"2025-06-01T10:00:00.000Z"}`,
		"900b": `{"log_id":"900b","date":"2025-06-02T07:43:28.414Z"}`,
		"900c": `{"log_id":"900c","date":"2024-01-01T00:00:00.000Z"}`,
	}}
	collected := time.Date(2025, time.June, 3, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		snap func() *inventory.Snapshot
		want string // "" when not known
	}{
		{"collected_at first", func() *inventory.Snapshot { s := snapOf(logs); s.CollectedAt = collected; return s }, "2025-06-03T00:00:00Z"},
		{"the checkpoint's event", func() *inventory.Snapshot { s := snapOf(logs); s.Scan.LogCheckpoint = "900a"; return s }, "2025-06-01T10:00:00Z"},
		{"the newest event", func() *inventory.Snapshot { return snapOf(logs) }, "2025-06-02T07:43:28.414Z"},
		{"no log event", func() *inventory.Snapshot {
			return snapOf(map[inventory.Kind]map[string]string{inventory.KindLogs: {}})
		}, ""},
		{"no logs", func() *inventory.Snapshot { return snapOf(nil) }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			at, ok := New(tc.snap()).AsOf()
			got := ""
			if ok {
				got = at.Format(time.RFC3339Nano)
			}
			if got != tc.want {
				t.Errorf("AsOf %q, want %q", got, tc.want)
			}
		})
	}
}
