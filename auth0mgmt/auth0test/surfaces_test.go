package auth0test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestSurfaceListings(t *testing.T) {
	t.Parallel()
	for _, preset := range []Preset{PresetTiny, PresetClean} {
		t.Run(string(preset), func(t *testing.T) {
			t.Parallel()
			s := start(t, Options{Seed: 7, Preset: preset})
			tn := s.Tenant()
			for _, tc := range []struct {
				kind  Kind
				path  string
				key   string
				idKey string
			}{
				{KindForms, "/api/v2/forms?include_totals=true&per_page=100", "forms", "id"},
				{KindFlows, "/api/v2/flows?include_totals=true&per_page=100", "flows", "id"},
				{KindFlowVaultConnections, "/api/v2/flows/vault/connections?include_totals=true", "connections", "id"},
				{KindSelfServiceProfiles, "/api/v2/self-service-profiles?include_totals=true", "self_service_profiles", "id"},
				{KindEncryptionKeys, "/api/v2/keys/encryption?include_totals=true", "keys", "kid"},
				{KindEventStreams, "/api/v2/event-streams?take=100", "eventStreams", "id"},
				{KindTokenExchangeProfiles, "/api/v2/token-exchange-profiles?take=100", "token_exchange_profiles", "id"},
				{KindUserAttributeProfiles, "/api/v2/user-attribute-profiles?take=100", "user_attribute_profiles", "id"},
			} {
				var env map[string]json.RawMessage
				getOK(t, s, tc.path, &env)
				var items []map[string]any
				if err := json.Unmarshal(env[tc.key], &items); err != nil {
					t.Fatalf("%s: %v in %v", tc.path, err, env)
				}
				sameOnce(t, string(tc.kind), idsOf(t, items, tc.idKey), tn.IDs(tc.kind))
				for _, id := range tn.IDs(tc.kind) {
					var one map[string]any
					p := strings.SplitN(tc.path, "?", 2)[0] + "/" + esc(id)
					getOK(t, s, p, &one)
					if one[tc.idKey] != id {
						t.Errorf("GET %s: %v", p, one)
					}
				}
			}
			if tn.Count(KindForms) == 0 || tn.Count(KindFlows) == 0 || tn.Count(KindFlowVaultConnections) == 0 ||
				tn.Count(KindSelfServiceProfiles) == 0 || tn.Count(KindEventStreams) == 0 || tn.Count(KindEncryptionKeys) == 0 ||
				tn.Count(KindUserAttributeProfiles) == 0 {
				t.Errorf("empty surfaces: %v", map[Kind]int{KindForms: tn.Count(KindForms), KindFlows: tn.Count(KindFlows)})
			}
		})
	}
}

func TestSurfaceFormsAndFlows(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 7})
	tn := s.Tenant()
	// listings give summaries; the object gives the nodes and actions
	var env struct {
		Total int              `json:"total"`
		Flows []map[string]any `json:"flows"`
	}
	getOK(t, s, "/api/v2/flows?include_totals=true", &env)
	if env.Total != tn.Count(KindFlows) || env.Flows[0]["actions"] != nil {
		t.Errorf("flows listing: %+v", env)
	}
	var flow struct {
		Actions []struct {
			Type   string         `json:"type"`
			Params map[string]any `json:"params"`
		} `json:"actions"`
		Triggers struct {
			Webhook struct {
				Enabled bool   `json:"enabled"`
				Secret  string `json:"secret"`
			} `json:"webhook"`
		} `json:"triggers"`
	}
	getOK(t, s, "/api/v2/flows/"+tn.IDs(KindFlows)[0], &flow)
	if len(flow.Actions) == 0 || flow.Actions[0].Params["headers"] == nil || !flow.Triggers.Webhook.Enabled || flow.Triggers.Webhook.Secret == "" {
		t.Errorf("the demo's CRM flow: %+v", flow)
	}
	var form struct {
		Nodes []struct {
			Type   string         `json:"type"`
			Config map[string]any `json:"config"`
		} `json:"nodes"`
	}
	getOK(t, s, "/api/v2/forms/"+tn.IDs(KindForms)[0], &form)
	var flowIDs []string
	for _, n := range form.Nodes {
		if n.Type == "FLOW" {
			flowIDs = append(flowIDs, n.Config["flow_id"].(string))
		}
	}
	if !slices.Equal(flowIDs, tn.IDs(KindFlows)) {
		t.Errorf("form runs %v, flows %v", flowIDs, tn.IDs(KindFlows))
	}
	wantError(t, get(t, s, "/api/v2/forms/ap_nope"), http.StatusNotFound, "", "does not exist")
}

func TestSurfaceSCIM(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 7})
	tn := s.Tenant()
	with := tn.SCIMConnections()
	if len(with) == 0 {
		t.Fatal("no SCIM connection")
	}
	var page struct {
		Configs []map[string]any `json:"scim_configurations"`
		Next    string           `json:"next"`
	}
	getOK(t, s, "/api/v2/connections-scim-configurations?take=1", &page)
	if len(page.Configs) != 1 || page.Next == "" {
		t.Fatalf("first page %+v", page)
	}
	var all []string
	all = append(all, page.Configs[0]["connection_id"].(string))
	next := page.Next
	page.Configs, page.Next = nil, ""
	getOK(t, s, "/api/v2/connections-scim-configurations?take=100&from="+next, &page)
	for _, c := range page.Configs {
		all = append(all, c["connection_id"].(string))
	}
	if !slices.Equal(all, with) || page.Next != "" {
		t.Errorf("SCIM listing %v, want %v (next %q)", all, with, page.Next)
	}
	for _, id := range tn.IDs(KindConnections) {
		r := get(t, s, "/api/v2/connections/"+id+"/scim-configuration")
		switch {
		case slices.Contains(with, id):
			var toks []map[string]any
			getOK(t, s, "/api/v2/connections/"+id+"/scim-configuration/tokens", &toks)
			if r.status != 200 || len(toks) == 0 || toks[0]["token_id"] == nil || toks[0]["token"] != nil {
				t.Errorf("%s: %d, tokens %v", id, r.status, toks)
			}
		default:
			wantError(t, r, http.StatusNotFound, "", "Not Found")
		}
	}
	wantError(t, get(t, s, "/api/v2/connections/con_nope/scim-configuration"), http.StatusNotFound, "inexistent_connection", "")
	// scopes: the tokens need read:scim_token
	s.SetFaults(Faults{MissingScopes: []string{"read:scim_token"}})
	wantError(t, get(t, s, "/api/v2/connections/"+with[0]+"/scim-configuration/tokens"), http.StatusForbidden, "insufficient_scope", "read:scim_token")
}

func TestSurfaceCredentialsStatsAndPhone(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 7, Preset: PresetSmall})
	tn := s.Tenant()
	pkjwt := 0
	for _, id := range tn.IDs(KindClients) {
		raw, _ := tn.Object(KindClients, id)
		var c struct {
			CAM struct {
				PKJWT struct {
					Credentials []struct {
						ID string `json:"id"`
					} `json:"credentials"`
				} `json:"private_key_jwt"`
			} `json:"client_authentication_methods"`
		}
		_ = json.Unmarshal(raw, &c)
		var creds []struct {
			ID, Kid, Alg, ExpiresAt string
			Type                    string `json:"credential_type"`
		}
		getOK(t, s, "/api/v2/clients/"+id+"/credentials", &creds)
		// the credentials the client names, in order, then those it does
		// not use yet (the demo's Audit Exporter has a replacement key)
		if len(creds) < len(c.CAM.PKJWT.Credentials) {
			t.Errorf("%s: %d credentials, client names %d", id, len(creds), len(c.CAM.PKJWT.Credentials))
			continue
		}
		for i, cr := range creds {
			if i < len(c.CAM.PKJWT.Credentials) && cr.ID != c.CAM.PKJWT.Credentials[i].ID || cr.Type != "public_key" || cr.Kid == "" || cr.Alg != "RS256" {
				t.Errorf("%s: credential %+v", id, cr)
			}
			pkjwt++
		}
		if !slices.Equal(tn.ClientCredentialsOf(id), func() []string {
			var ids []string
			for _, cr := range creds {
				ids = append(ids, cr.ID)
			}
			return ids
		}()) {
			t.Errorf("%s: ClientCredentialsOf", id)
		}
	}
	if pkjwt == 0 {
		t.Error("no Private Key JWT credential in the demo")
	}
	var days []map[string]any
	getOK(t, s, "/api/v2/stats/daily", &days)
	if len(days) != tn.DailyStatsDays() || len(days) != 30 {
		t.Errorf("%d days", len(days))
	}
	first := strings.ReplaceAll(days[0]["date"].(string)[:10], "-", "")
	getOK(t, s, "/api/v2/stats/daily?from="+first+"&to="+first, &days)
	if len(days) != 1 {
		t.Errorf("one day: %d", len(days))
	}
	wantError(t, get(t, s, "/api/v2/stats/daily?from=2025-01-01"), http.StatusBadRequest, "invalid_query_string", "from")
	var active int
	getOK(t, s, "/api/v2/stats/active-users", &active)
	if active != tn.ActiveUsers() || active == 0 {
		t.Errorf("active users %d", active)
	}
	var providers struct {
		Providers []map[string]any `json:"providers"`
	}
	getOK(t, s, "/api/v2/branding/phone/providers", &providers)
	var templates struct {
		Templates []map[string]any `json:"templates"`
	}
	getOK(t, s, "/api/v2/branding/phone/templates", &templates)
	if len(providers.Providers) != 1 || len(templates.Templates) != 5 {
		t.Errorf("%d providers, %d templates", len(providers.Providers), len(templates.Templates))
	}
	s.SetFaults(Faults{Unconfigured: []string{"phone_providers"}})
	getOK(t, s, "/api/v2/branding/phone/providers", &providers)
	if len(providers.Providers) != 0 {
		t.Errorf("unconfigured: %v", providers)
	}
}

func TestSurfacePerUser(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 7, Preset: PresetSmall})
	tn := s.Tenant()
	var methods, sessions, tokens int
	for _, id := range tn.IDs(KindUsers)[:200] {
		m, se, rt := tn.UserSurfaces(id)
		methods, sessions, tokens = methods+m, sessions+se, tokens+rt
		var am struct {
			Total   int              `json:"total"`
			Authers []map[string]any `json:"authenticators"`
		}
		getOK(t, s, "/api/v2/users/"+esc(id)+"/authentication-methods?include_totals=true", &am)
		var ss struct {
			Sessions []map[string]any `json:"sessions"`
		}
		getOK(t, s, "/api/v2/users/"+esc(id)+"/sessions?take=10", &ss)
		var rts struct {
			Tokens []map[string]any `json:"tokens"`
		}
		getOK(t, s, "/api/v2/users/"+esc(id)+"/refresh-tokens?take=10", &rts)
		if am.Total != m || len(am.Authers) != m || len(ss.Sessions) != se || len(rts.Tokens) != rt {
			t.Fatalf("%s: %d/%d methods, %d/%d sessions, %d/%d tokens", id, len(am.Authers), m, len(ss.Sessions), se, len(rts.Tokens), rt)
		}
		for _, x := range ss.Sessions {
			if x["user_id"] != id {
				t.Errorf("session of %v", x["user_id"])
			}
		}
	}
	if methods == 0 || sessions == 0 || tokens == 0 {
		t.Errorf("%d methods, %d sessions, %d refresh tokens in 200 users", methods, sessions, tokens)
	}
	// the same user, the same answers
	a := get(t, s, "/api/v2/users/"+esc(tn.IDs(KindUsers)[3])+"/sessions")
	b := get(t, s, "/api/v2/users/"+esc(tn.IDs(KindUsers)[3])+"/sessions")
	if string(a.body) != string(b.body) {
		t.Error("sessions differ between two reads")
	}
	wantError(t, get(t, s, "/api/v2/users/auth0%7Cnope/sessions"), http.StatusNotFound, "inexistent_user", "")
}
