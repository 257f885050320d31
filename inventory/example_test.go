package inventory_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
)

// Collect a whole (fake) tenant whose token lacks one scope: the scan
// succeeds and says what it could not read.
func ExampleCollect() {
	srv := auth0test.NewServer(auth0test.Options{Seed: 1, Preset: auth0test.PresetTiny})
	defer srv.Close()
	srv.SetFaults(auth0test.Faults{MissingScopes: []string{"read:hooks"}})
	id, secret := srv.ClientCredentials()
	client, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), ClientID: id, ClientSecret: secret})
	if err != nil {
		log.Fatal(err)
	}
	snap, err := inventory.Collect(context.Background(), client, inventory.Options{
		Now: auth0test.BaseTime, // the fake tenant's "now", for its logs
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, k := range snap.KindNames() {
		r := snap.Kind(k)
		line := fmt.Sprintf("%-24s %-10s %3d %s", k, r.Status, r.Count, r.Note())
		fmt.Println(strings.TrimSpace(line))
	}
	// Output:
	// tenant_settings          ok           1
	// attack_protection        ok           4
	// guardian_factors         ok           8
	// guardian_policies        ok           1
	// email_provider           ok           1
	// email_templates          ok           5
	// custom_domains           ok           2
	// branding                 ok           1
	// prompts                  ok           1
	// network_acls             ok           2
	// signing_keys             ok           2
	// clients                  ok           8
	// client_grants            ok           7
	// resource_servers         ok           3
	// connections              ok           8
	// roles                    ok           3
	// organizations            ok           2
	// users                    ok          10
	// actions                  ok           6
	// trigger_bindings         ok          10
	// rules                    ok           3
	// rules_configs            ok           2
	// hooks                    forbidden    0 missing scope read:hooks
	// log_streams              ok           3
	// logs                     ok           1
	// forms                    ok           2
	// flows                    ok           2
	// flows_vault_connections  ok           2
	// self_service_profiles    ok           2
	// scim_configurations      ok           2
	// phone_providers          ok           1
	// phone_templates          ok           5
	// client_credentials       ok           0
	// stats_daily              ok          30
	// stats_active_users       ok           1
	// event_streams            ok           2
	// encryption_keys          ok           3
	// token_exchange_profiles  ok           1
	// user_attribute_profiles  ok           1
	// guardian_providers       ok          10
	// hook_secrets             forbidden    0 missing scope read:hooks
	// risk_assessments         ok           2
	// organization_discovery_domains ok           1
	// organization_client_grants ok           1
	// connection_keys          ok           1
	// prompt_renderings        ok           2
	// branding_themes          ok           1
	// universal_login_template ok           1
}

// Compare two snapshots: what changed, field by field.
func ExampleDiff() {
	before, err := inventory.Load(strings.NewReader(`{"version":1,"kinds":{
"clients":{"status":"ok","count":1,"records":{
"app1":{"client_id":"app1","jwt_configuration":{"alg":"HS256"}}}},
"users":{"status":"ok","count":1,"records":{"auth0|1":{"user_id":"auth0|1","blocked":false}}}}}`))
	if err != nil {
		log.Fatal(err)
	}
	after, err := inventory.Load(strings.NewReader(`{"version":1,"kinds":{
"clients":{"status":"ok","count":2,"records":{
"app1":{"client_id":"app1","jwt_configuration":{"alg":"RS256"}},
"app2":{"client_id":"app2"}}},
"users":{"status":"forbidden","count":0,"missing_scopes":["read:users"],"records":{}}}}`))
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range inventory.Diff(before, after) {
		fmt.Println(c)
	}
	// Output:
	// clients/app1 changed jwt_configuration.alg: "HS256" -> "RS256"
	// clients/app2 added
	// users status: {"status":"ok"} -> {"missing_scopes":["read:users"],"status":"forbidden"}
}
