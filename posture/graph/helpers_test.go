package graph

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// snap builds a snapshot from JSON records, keyed as inventory keys them.
type snap struct {
	kinds map[inventory.Kind]*inventory.KindResult
	err   error
}

func newSnap() *snap { return &snap{kinds: map[inventory.Kind]*inventory.KindResult{}} }

var recordKeys = map[inventory.Kind]string{
	inventory.KindClients: "client_id", inventory.KindClientGrants: "id", inventory.KindResourceServers: "id",
	inventory.KindConnections: "id", inventory.KindRoles: "id", inventory.KindOrganizations: "id",
	inventory.KindUsers: "user_id", inventory.KindActions: "id", inventory.KindTriggerBindings: "trigger_id",
	inventory.KindRules: "id", inventory.KindHooks: "id",
}

func (s *snap) kind(k inventory.Kind) *inventory.KindResult {
	r := s.kinds[k]
	if r == nil {
		r = &inventory.KindResult{Status: inventory.StatusOK, Records: map[string]json.RawMessage{}}
		s.kinds[k] = r
	}
	return r
}

// add adds records of kind k (the MFA policies under their fixed id).
func (s *snap) add(k inventory.Kind, records ...string) *snap {
	for _, rec := range records {
		id := model.GuardianPoliciesID
		if k != inventory.KindGuardianPolicies {
			var m map[string]any
			if err := json.Unmarshal([]byte(rec), &m); err != nil {
				s.err = fmt.Errorf("%s record %s: %w", k, rec, err)
				return s
			}
			id, _ = m[recordKeys[k]].(string)
		}
		r := s.kind(k)
		r.Records[id] = json.RawMessage(rec)
		r.Count = len(r.Records)
	}
	return s
}

// empty marks kinds read with no records.
func (s *snap) empty(ks ...inventory.Kind) *snap {
	for _, k := range ks {
		s.kind(k)
	}
	return s
}

// forbid marks a kind forbidden.
func (s *snap) forbid(k inventory.Kind, scope string) *snap {
	s.kinds[k] = &inventory.KindResult{Status: inventory.StatusForbidden, MissingScopes: []string{scope},
		Error: "insufficient scope", Records: map[string]json.RawMessage{}}
	return s
}

func (s *snap) without(ks ...inventory.Kind) *snap {
	for _, k := range ks {
		delete(s.kinds, k)
	}
	return s
}

func (s *snap) tenant(tb testing.TB) *model.Tenant {
	tb.Helper()
	if s.err != nil {
		tb.Fatal(s.err)
	}
	return model.New(&inventory.Snapshot{Version: inventory.FormatVersion, Tenant: "https://example.eu.auth0.com",
		Scan: inventory.ScanSettings{LogWindow: "24h0m0s"}, Kinds: s.kinds})
}

func build(tb testing.TB, s *snap) *Graph {
	tb.Helper()
	g, err := Build(s.tenant(tb), Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

const mgmtAPI = "https://example.eu.auth0.com/api/v2/"

// baseSnap is a small tenant: applications, APIs, grants, connections,
// roles, an organization and users, no code.
func baseSnap() *snap {
	return newSnap().
		add(inventory.KindClients,
			`{"client_id":"cl_global","name":"All Applications","global":true,"client_secret":"[REDACTED]"}`,
			`{"client_id":"cl_portal","name":"Portal","app_type":"regular_web","token_endpoint_auth_method":"client_secret_post","is_first_party":true,"grant_types":["authorization_code","refresh_token"],"client_secret":"[REDACTED]"}`,
			`{"client_id":"cl_m2m","name":"Automation","app_type":"non_interactive","token_endpoint_auth_method":"client_secret_post","grant_types":["client_credentials"],"client_secret":"[REDACTED]"}`,
			`{"client_id":"cl_pkjwt","name":"Audit Exporter","app_type":"non_interactive","grant_types":["client_credentials"],"client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"cred_1"}]}}}`).
		add(inventory.KindResourceServers,
			`{"id":"rs_mgmt","name":"Auth0 Management API","identifier":"`+mgmtAPI+`","is_system":true,"signing_alg":"RS256","scopes":[{"value":"read:users"},{"value":"update:users"},{"value":"read:logs"},{"value":"create:client_grants"},{"value":"read:stats"}]}`,
			`{"id":"rs_orders","name":"Orders API","identifier":"https://api.example.com/orders","enforce_policies":true,"signing_alg":"RS256","scopes":[{"value":"read:orders"},{"value":"admin:all"}]}`,
			`{"id":"rs_legacy","name":"Legacy API","identifier":"https://legacy.example.com/","signing_alg":"RS256","scopes":[{"value":"read:legacy"}]}`).
		add(inventory.KindClientGrants,
			`{"id":"cgr_m2m","client_id":"cl_m2m","audience":"`+mgmtAPI+`","scope":["read:users","create:client_grants"],"subject_type":"client"}`,
			`{"id":"cgr_pk","client_id":"cl_pkjwt","audience":"`+mgmtAPI+`","scope":["read:logs"]}`,
			`{"id":"cgr_orders","client_id":"cl_m2m","audience":"https://api.example.com/orders","scope":["read:orders"]}`).
		add(inventory.KindConnections,
			`{"id":"con_db","name":"Username-Password-Authentication","strategy":"auth0","options":{"disable_signup":false},"enabled_clients":["cl_portal"]}`,
			`{"id":"con_az","name":"contoso-azure","strategy":"waad","options":{"client_secret":"az-secret-value-123456","should_trust_email_verified_connection":"always_set_emails_as_verified"},"enabled_clients":["cl_portal"]}`,
			`{"id":"con_idle","name":"idle-db","strategy":"auth0","options":{"disable_signup":true},"enabled_clients":[]}`).
		add(inventory.KindRoles,
			`{"id":"rol_admin","name":"Admin","permissions":[{"resource_server_identifier":"https://api.example.com/orders","resource_server_name":"Orders API","permission_name":"admin:all"}],"members":["auth0|u1"]}`,
			`{"id":"rol_reader","name":"Reader","permissions":[{"resource_server_identifier":"https://api.example.com/orders","resource_server_name":"Orders API","permission_name":"read:orders"}],"members":[]}`).
		add(inventory.KindOrganizations,
			`{"id":"org_acme","name":"acme","display_name":"Acme","members":[{"user_id":"auth0|u2","roles":["rol_reader"]}],"enabled_connections":[{"connection_id":"con_db","assign_membership_on_login":false,"is_signup_enabled":true}],"invitations":[]}`).
		add(inventory.KindUsers,
			`{"user_id":"auth0|u1","connection":"Username-Password-Authentication","identities":[{"provider":"auth0","connection":"Username-Password-Authentication","is_social":false}],"email_verified":true,"email_domain":"example.com","multifactor":["guardian"],"blocked":false,"logins_count":3}`,
			`{"user_id":"auth0|u2","connection":"Username-Password-Authentication","identities":[{"provider":"auth0","connection":"Username-Password-Authentication","is_social":false}],"email_verified":false,"blocked":false,"logins_count":1}`,
			`{"user_id":"waad|u3","connection":"idle-db","identities":[{"provider":"auth0","connection":"idle-db","is_social":false}],"blocked":true,"logins_count":0}`).
		add(inventory.KindGuardianPolicies, `{"policies":[]}`).
		empty(inventory.KindActions, inventory.KindTriggerBindings, inventory.KindRules, inventory.KindHooks)
}
