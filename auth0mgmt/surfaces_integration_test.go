package auth0mgmt_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"iter"
	"reflect"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// sameJSON reports whether a model's encoding is the fake's object.
func sameJSON(t *testing.T, want []byte, v any) bool {
	t.Helper()
	got, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	da := json.NewDecoder(bytes.NewReader(want))
	da.UseNumber()
	db := json.NewDecoder(bytes.NewReader(got))
	db.UseNumber()
	if da.Decode(&a) != nil || db.Decode(&b) != nil {
		return false
	}
	return reflect.DeepEqual(a, b)
}

func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// TestSurfacesAgainstFake reads every newer surface of the fake tenant
// through the typed services: each object decodes and encodes back to the
// fake's JSON, member for member.
func TestSurfacesAgainstFake(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, auth0test.Options{Seed: 5, Preset: auth0test.PresetSmall})
	tn := srv.Tenant()
	ctx := context.Background()
	check := func(kind auth0test.Kind, n int, get func(id string) (any, error)) {
		t.Helper()
		if n != tn.Count(kind) {
			t.Errorf("%s: listed %d, the tenant has %d", kind, n, tn.Count(kind))
		}
		for _, id := range tn.IDs(kind) {
			v, err := get(id)
			if err != nil {
				t.Fatalf("%s %s: %v", kind, id, err)
			}
			raw, _ := tn.Object(kind, id)
			if !sameJSON(t, raw, v) {
				b, _ := json.Marshal(v)
				t.Errorf("%s %s: round trip\nwant %s\ngot  %s", kind, id, raw, b)
			}
		}
	}
	check(auth0test.KindForms, len(collect(t, c.Forms.All(ctx, nil))), func(id string) (any, error) { return c.Forms.Get(ctx, id) })
	check(auth0test.KindFlows, len(collect(t, c.Flows.All(ctx, nil))), func(id string) (any, error) { return c.Flows.Get(ctx, id) })
	check(auth0test.KindFlowVaultConnections, len(collect(t, c.Flows.VaultConnections(ctx, nil))), func(id string) (any, error) { return c.Flows.VaultConnection(ctx, id) })
	check(auth0test.KindSelfServiceProfiles, len(collect(t, c.SelfServiceProfiles.All(ctx, nil))), func(id string) (any, error) { return c.SelfServiceProfiles.Get(ctx, id) })
	check(auth0test.KindEventStreams, len(collect(t, c.EventStreams.All(ctx, nil))), func(id string) (any, error) { return c.EventStreams.Get(ctx, id) })
	check(auth0test.KindEncryptionKeys, len(collect(t, c.EncryptionKeys.All(ctx, nil))), func(id string) (any, error) { return c.EncryptionKeys.Get(ctx, id) })
	check(auth0test.KindTokenExchangeProfiles, len(collect(t, c.TokenExchangeProfiles.All(ctx, nil))), func(id string) (any, error) { return c.TokenExchangeProfiles.Get(ctx, id) })
	check(auth0test.KindUserAttributeProfiles, len(collect(t, c.UserAttributeProfiles.All(ctx, nil))), func(id string) (any, error) { return c.UserAttributeProfiles.Get(ctx, id) })

	scim := collect(t, c.Connections.SCIMConfigurations(ctx, &auth0mgmt.ListOptions{PerPage: 1}))
	if len(scim) != len(tn.SCIMConnections()) || len(scim) == 0 {
		t.Errorf("%d SCIM configurations, want %d", len(scim), len(tn.SCIMConnections()))
	}
	for _, sc := range scim {
		one, err := c.Connections.SCIMConfiguration(ctx, sc.ConnectionID)
		if err != nil || !reflect.DeepEqual(*one, sc) {
			t.Errorf("SCIM of %s: %v %v", sc.ConnectionID, one, err)
		}
		toks, err := c.Connections.SCIMTokens(ctx, sc.ConnectionID)
		if err != nil || len(toks) == 0 || toks[0].TokenID == "" || len(toks[0].Extra) != 0 {
			t.Errorf("SCIM tokens of %s: %v %v", sc.ConnectionID, toks, err)
		}
	}
	if _, err := c.Connections.SCIMConfiguration(ctx, tn.IDs(auth0test.KindConnections)[0]); !errors.Is(err, auth0mgmt.ErrNotFound) {
		t.Errorf("a database connection's SCIM: %v", err)
	}
	ps, err := c.Branding.PhoneProviders(ctx)
	if err != nil || len(ps) != 1 || ps[0].Name != "twilio" || ps[0].Credentials.String("auth_token") == "" {
		t.Errorf("phone providers %v %v", ps, err)
	}
	ts, err := c.Branding.PhoneTemplates(ctx)
	if err != nil || len(ts) != 5 {
		t.Errorf("phone templates %v %v", ts, err)
	}
	creds, expired := 0, 0
	for _, id := range tn.IDs(auth0test.KindClients) {
		cs, err := c.Clients.Credentials(ctx, id)
		if err != nil || len(cs) != len(tn.ClientCredentialsOf(id)) {
			t.Fatalf("credentials of %s: %v %v", id, cs, err)
		}
		for _, cr := range cs {
			creds++
			if cr.Expired(auth0test.BaseTime()) {
				expired++
			}
		}
	}
	if creds == 0 || expired != 1 {
		t.Errorf("%d credentials, %d expired (the Audit Exporter's)", creds, expired)
	}
	days, err := c.Stats.Daily(ctx, auth0test.BaseTime().AddDate(0, 0, -7), time.Time{})
	if err != nil || len(days) != 7 {
		t.Errorf("a week of stats: %d days, %v", len(days), err)
	}
	if n, err := c.Stats.ActiveUsers(ctx); err != nil || n != tn.ActiveUsers() {
		t.Errorf("active users %d, %v", n, err)
	}
	var methods, sessions, tokens int
	for _, id := range tn.IDs(auth0test.KindUsers)[:60] {
		m, s, r := tn.UserSurfaces(id)
		gm := collect(t, c.Users.AuthenticationMethods(ctx, id, nil))
		gs := collect(t, c.Users.Sessions(ctx, id, nil))
		gr := collect(t, c.Users.RefreshTokens(ctx, id, nil))
		if len(gm) != m || len(gs) != s || len(gr) != r {
			t.Fatalf("%s: %d/%d %d/%d %d/%d", id, len(gm), m, len(gs), s, len(gr), r)
		}
		for _, x := range gs {
			if x.UserID != id || x.Device == nil || x.Device.LastIP == "" || len(x.Clients) == 0 {
				t.Errorf("%s: session %+v", id, x)
			}
		}
		methods, sessions, tokens = methods+m, sessions+s, tokens+r
	}
	if methods == 0 || sessions == 0 || tokens == 0 {
		t.Errorf("%d methods, %d sessions, %d refresh tokens", methods, sessions, tokens)
	}
}
