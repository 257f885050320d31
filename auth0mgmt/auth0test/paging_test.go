package auth0test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestOffsetPagingReachesEveryRecordOnce(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 3, Preset: PresetSmall})
	tn := s.Tenant()
	role := tn.IDs(KindRoles)[1]
	var bigUser string
	for _, u := range tn.IDs(KindUsers) {
		if len(tn.UserRoles(u)) >= 2 {
			bigUser = u
			break
		}
	}
	tests := []struct {
		path, key, idField string
		keys               []string
		want               []string
	}{
		{"/api/v2/clients", "clients", "client_id", []string{"total", "start", "limit", "clients"}, tn.IDs(KindClients)},
		{"/api/v2/users", "users", "user_id", []string{"start", "limit", "length", "total", "users"}, tn.IDs(KindUsers)},
		{"/api/v2/roles", "roles", "id", []string{"start", "limit", "total", "roles"}, tn.IDs(KindRoles)},
		{"/api/v2/resource-servers", "resource_servers", "id", []string{"total", "start", "limit", "resource_servers"}, tn.IDs(KindResourceServers)},
		{"/api/v2/rules", "rules", "id", []string{"total", "start", "limit", "rules"}, tn.IDs(KindRules)},
		{"/api/v2/hooks", "hooks", "id", []string{"total", "start", "limit", "hooks"}, tn.IDs(KindHooks)},
		{"/api/v2/network-acls", "network_acls", "id", []string{"start", "limit", "total", "network_acls"}, tn.IDs(KindNetworkACLs)},
		{"/api/v2/organizations", "organizations", "id", []string{"start", "limit", "total", "organizations"}, tn.IDs(KindOrganizations)},
		{"/api/v2/connections", "connections", "id", []string{"total", "start", "limit", "connections"}, tn.IDs(KindConnections)},
		{"/api/v2/client-grants", "client_grants", "id", []string{"total", "start", "limit", "client_grants"}, tn.IDs(KindClientGrants)},
		{"/api/v2/roles/" + role + "/users", "users", "user_id", []string{"start", "limit", "total", "users"}, tn.RoleMembers(role)},
		{"/api/v2/users/" + esc(bigUser) + "/roles", "roles", "id", []string{"start", "limit", "total", "roles"}, tn.UserRoles(bigUser)},
		{"/api/v2/logs", "logs", "log_id", []string{"start", "limit", "length", "total", "logs"}, tn.IDs(KindLogs)},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			const perPage = 7
			var got []string
			total := -1
			requests := 0
			for page := 0; total < 0 || page*perPage < total; page++ {
				r := getOK(t, s, fmt.Sprintf("%s?page=%d&per_page=%d&include_totals=true", tc.path, page, perPage), nil)
				requests++
				if k := keysOf(t, r.body); !slices.Equal(k, tc.keys) {
					t.Fatalf("keys %v, want %v", k, tc.keys)
				}
				var env map[string]json.RawMessage
				_ = json.Unmarshal(r.body, &env)
				var items []map[string]any
				_ = json.Unmarshal(env[tc.key], &items)
				_ = json.Unmarshal(env["total"], &total)
				var start, limit int
				_ = json.Unmarshal(env["start"], &start)
				_ = json.Unmarshal(env["limit"], &limit)
				if start != page*perPage || limit != perPage {
					t.Fatalf("start %d limit %d, want %d %d", start, limit, page*perPage, perPage)
				}
				got = append(got, idsOf(t, items, tc.idField)...)
			}
			want := tc.want
			if total != len(want) {
				t.Fatalf("total %d, want %d", total, len(want))
			}
			sameOnce(t, tc.path, got, want)
			if wantReq := (len(want) + perPage - 1) / perPage; requests != max(wantReq, 1) {
				t.Errorf("%d requests, want %d", requests, wantReq)
			}
		})
	}
}

func TestOffsetWithoutTotalsIsABareArray(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1})
	for _, p := range []string{"/api/v2/clients", "/api/v2/users?per_page=3", "/api/v2/organizations", "/api/v2/roles",
		"/api/v2/connections", "/api/v2/client-grants", "/api/v2/logs?page=1&per_page=5", "/api/v2/rules-configs?include_totals=true&per_page=50"} {
		r := getOK(t, s, p, nil)
		if r.body[0] != '[' {
			t.Errorf("%s: not an array: %.80s", p, r.body)
		}
	}
}

func TestInvitationAndEnabledConnectionEnvelopes(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 2, Preset: PresetSmall})
	org := s.Tenant().IDs(KindOrganizations)[0]
	r := getOK(t, s, "/api/v2/organizations/"+org+"/invitations?include_totals=true&per_page=50", nil)
	if k := keysOf(t, r.body); !slices.Equal(k, []string{"start", "limit", "invitations"}) {
		t.Errorf("invitations keys %v", k)
	}
	var inv struct {
		Limit       int              `json:"limit"`
		Invitations []map[string]any `json:"invitations"`
	}
	_ = json.Unmarshal(r.body, &inv)
	if inv.Limit != len(inv.Invitations) {
		t.Errorf("invitations limit %d, want the page length %d", inv.Limit, len(inv.Invitations))
	}
	r = getOK(t, s, "/api/v2/organizations/"+org+"/enabled_connections?include_totals=true&per_page=50", nil)
	if k := keysOf(t, r.body); !slices.Equal(k, []string{"start", "limit", "total", "enabled_connections"}) {
		t.Errorf("enabled_connections keys %v", k)
	}
}

func TestCheckpointPagingReachesEveryRecordOnce(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 4, Preset: PresetSmall})
	tn := s.Tenant()
	member := tn.IDs(KindRoles)[0] // "Member": about a quarter of the users
	org := tn.IDs(KindOrganizations)[1]
	conn := tn.IDs(KindConnections)[0]
	tests := []struct {
		path, key, idField string
		want               []string
	}{
		{"/api/v2/organizations", "organizations", "id", tn.IDs(KindOrganizations)},
		{"/api/v2/connections", "connections", "id", tn.IDs(KindConnections)},
		{"/api/v2/client-grants", "client_grants", "id", tn.IDs(KindClientGrants)},
		{"/api/v2/roles/" + member + "/users", "users", "user_id", tn.RoleMembers(member)},
		{"/api/v2/organizations/" + org + "/members", "members", "user_id", tn.OrganizationMembers(org)},
		{"/api/v2/connections/" + conn + "/clients", "clients", "client_id", tn.ConnectionClients(conn)},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			if len(tc.want) < 8 {
				t.Fatalf("test tenant too small: %d", len(tc.want))
			}
			const take = 7
			var got []string
			from := ""
			for range 1000 {
				path := tc.path + "?take=" + strconv.Itoa(take)
				if from != "" {
					path += "&from=" + from
				}
				r := getOK(t, s, path, nil)
				var env map[string]json.RawMessage
				_ = json.Unmarshal(r.body, &env)
				var items []map[string]any
				_ = json.Unmarshal(env[tc.key], &items)
				got = append(got, idsOf(t, items, tc.idField)...)
				next, more := env["next"]
				wantKeys := []string{tc.key}
				if more {
					wantKeys = append(wantKeys, "next")
				}
				if k := keysOf(t, r.body); !slices.Equal(k, wantKeys) {
					t.Fatalf("keys %v, want %v", k, wantKeys)
				}
				if !more {
					if len(items) == 0 {
						t.Fatalf("an empty last page: the previous page should have had no next")
					}
					break
				}
				if len(items) != take {
					t.Fatalf("a page of %d with a next cursor", len(items))
				}
				_ = json.Unmarshal(next, &from)
			}
			sameOnce(t, tc.path, got, tc.want)
			if !slices.Equal(got, tc.want) {
				t.Errorf("order differs from Tenant")
			}
		})
	}
}

func TestCheckpointCursorIsOpaqueBase64AndValidated(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1})
	var page struct{ Next string }
	getOK(t, s, "/api/v2/organizations?take=1", &page)
	if !regexp.MustCompile(`^[A-Za-z0-9_-]+$`).MatchString(page.Next) {
		t.Errorf("cursor %q is not base64url", page.Next)
	}
	wantError(t, get(t, s, "/api/v2/organizations?take=1&from=bm9wZSxvcmdfbm9wZQ"), http.StatusBadRequest, "invalid_query_string", "from")
}

func TestOrganizationMembersWithRoles(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 5, Preset: PresetSmall})
	org := s.Tenant().IDs(KindOrganizations)[0]
	var page struct {
		Members []struct {
			UserID string            `json:"user_id"`
			Email  *string           `json:"email"`
			Roles  []map[string]any  `json:"roles"`
			Extra  map[string]string `json:"-"`
		} `json:"members"`
	}
	getOK(t, s, "/api/v2/organizations/"+org+"/members?take=100&fields=user_id,roles&include_fields=true", &page)
	withRoles := 0
	for _, m := range page.Members {
		if m.Email != nil {
			t.Fatalf("projected member has email")
		}
		if m.Roles == nil {
			t.Fatalf("member %s without roles array", m.UserID)
		}
		for _, r := range m.Roles {
			if _, ok := r["id"]; !ok || r["name"] == nil {
				t.Fatalf("role %v", r)
			}
			withRoles++
		}
		var mr struct{ Roles []map[string]any }
		getOK(t, s, "/api/v2/organizations/"+org+"/members/"+esc(m.UserID)+"/roles?include_totals=true", &mr)
		if len(mr.Roles) != len(m.Roles) {
			t.Fatalf("member roles %d vs %d", len(mr.Roles), len(m.Roles))
		}
	}
	if withRoles == 0 {
		t.Errorf("no member has an organization role")
	}
	r := getOK(t, s, "/api/v2/organizations/"+org+"/members?take=1", nil)
	if !strings.Contains(string(r.body), `"email"`) || strings.Contains(string(r.body), `"roles"`) {
		t.Errorf("default member shape: %s", r.body)
	}
}

func TestPageSizeLimits(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1})
	tests := []struct{ path, msg string }{
		{"/api/v2/users?per_page=101", "'Number is greater than the maximum value of 100' on property per_page"},
		{"/api/v2/clients?per_page=101&include_totals=true", "on property per_page"},
		{"/api/v2/organizations?take=101", "on property take"},
		{"/api/v2/logs?from=0&take=101", "on property take"},
		{"/api/v2/roles?page=-1", "minimum value of 0"},
		{"/api/v2/roles?per_page=abc", "Expected type integer"},
		{"/api/v2/roles?include_totals=yes", "include_totals"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			wantError(t, get(t, s, tc.path), http.StatusBadRequest, "invalid_query_string", "Query validation error: ")
			if r := get(t, s, tc.path); !strings.Contains(string(r.body), tc.msg) {
				t.Errorf("message %s, want %q", r.body, tc.msg)
			}
		})
	}
	// the default page size is 50
	var users []map[string]any
	s2 := start(t, Options{Seed: 1, Preset: PresetSmall})
	getOK(t, s2, "/api/v2/users", &users)
	if len(users) != 50 {
		t.Errorf("default page has %d users", len(users))
	}
	getOK(t, s2, "/api/v2/users?per_page=100", &users)
	if len(users) != 100 {
		t.Errorf("per_page=100 page has %d users", len(users))
	}
}

func TestThousandRecordCap(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1, Preset: PresetSmall})
	const body = `{"statusCode":400,"error":"Bad Request","message":"You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation","errorCode":"invalid_paging"}`
	tests := []struct {
		path string
		ok   bool
	}{
		{"/api/v2/users?page=9&per_page=100", true},
		{"/api/v2/users?page=19&per_page=50", true},
		{"/api/v2/users?page=10&per_page=100", false},
		{"/api/v2/users?page=20", false},
		{"/api/v2/users?page=10&per_page=100&include_totals=true&q=email:nobody", false},
		{"/api/v2/logs?page=10&per_page=100", false},
		{"/api/v2/logs?page=9&per_page=100", true},
		{"/api/v2/organizations?page=10&per_page=100", false},
		{"/api/v2/roles/" + s.Tenant().IDs(KindRoles)[0] + "/users?page=20&per_page=50", false},
		{"/api/v2/clients?page=20&per_page=50", true}, // no cap there: an empty page
	}
	for _, tc := range tests {
		r := get(t, s, tc.path)
		if tc.ok {
			if r.status != http.StatusOK {
				t.Errorf("%s: %d %s", tc.path, r.status, r.body)
			}
			continue
		}
		if r.status != http.StatusBadRequest || string(r.body) != body {
			t.Errorf("%s: %d %s", tc.path, r.status, r.body)
		}
	}
	// totals are true counts, above 1000 too
	m := start(t, Options{Seed: 1, Sizes: &Sizes{Users: 1500}})
	var env struct{ Total int }
	getOK(t, m, "/api/v2/users?include_totals=true&per_page=1", &env)
	if env.Total != 1500 {
		t.Errorf("total %d", env.Total)
	}
}

func TestLogsCheckpointFollowsLinkUntilEmpty(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 6, Preset: PresetSmall})
	want := s.Tenant().IDs(KindLogs)
	linkRE := regexp.MustCompile(`^<([^>]+)>; rel="next"$`)
	path := "/api/v2/logs?from=0&take=37&q=type:s" // q is ignored in checkpoint mode
	var got []string
	prevFrom := ""
	for range 100 {
		r := getOK(t, s, path, nil)
		var items []map[string]any
		if err := json.Unmarshal(r.body, &items); err != nil {
			t.Fatalf("not an array: %s", r.body)
		}
		m := linkRE.FindStringSubmatch(r.header.Get("Link"))
		if m == nil {
			t.Fatalf("Link header %q", r.header.Get("Link"))
		}
		next := strings.TrimPrefix(m[1], s.URL())
		if !strings.HasSuffix(next, "&take=37") {
			t.Fatalf("link %s", next)
		}
		if len(items) == 0 {
			if !strings.Contains(next, "from="+prevFrom+"&") {
				t.Fatalf("empty page link %s, want from=%s", next, prevFrom)
			}
			break
		}
		ids := idsOf(t, items, "log_id")
		if !slices.IsSorted(ids) {
			t.Fatalf("page not ascending")
		}
		got = append(got, ids...)
		prevFrom = ids[len(ids)-1]
		path = next
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %d events, want %d in order", len(got), len(want))
	}
	for _, id := range want {
		if len(id) != 56 {
			t.Fatalf("log_id %q is not 56 digits", id)
		}
	}
}

func TestLogsSearch(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 7, Preset: PresetSmall})
	ids := s.Tenant().IDs(KindLogs)
	var logs []struct {
		LogID string `json:"log_id"`
		Date  string `json:"date"`
		Type  string `json:"type"`
	}
	getOK(t, s, "/api/v2/logs?per_page=5", &logs)
	if logs[0].LogID != ids[len(ids)-1] || logs[0].Date < logs[4].Date {
		t.Errorf("default sort is not date:-1")
	}
	getOK(t, s, "/api/v2/logs?per_page=5&sort=date:1", &logs)
	if logs[0].LogID != ids[0] {
		t.Errorf("date:1 does not start at the oldest")
	}
	var env struct {
		Total int `json:"total"`
		Logs  []struct {
			Type string `json:"type"`
			Date string `json:"date"`
		} `json:"logs"`
	}
	getOK(t, s, "/api/v2/logs?include_totals=true&per_page=100&q=type:s", &env)
	for _, l := range env.Logs {
		if l.Type != "s" {
			t.Fatalf("type %s in type:s search", l.Type)
		}
	}
	if env.Total == 0 || env.Total == len(ids) {
		t.Errorf("type:s total %d of %d", env.Total, len(ids))
	}
	// date windows split the events exactly
	var a, b struct{ Total int }
	getOK(t, s, "/api/v2/logs?include_totals=true&per_page=1&q="+esc("date:[* TO 2025-05-20T00:00:00.000Z}"), &a)
	getOK(t, s, "/api/v2/logs?include_totals=true&per_page=1&q="+esc("date:[2025-05-20T00:00:00.000Z TO *]"), &b)
	if a.Total+b.Total != len(ids) || a.Total == 0 || b.Total == 0 {
		t.Errorf("windows %d + %d != %d", a.Total, b.Total, len(ids))
	}
	r := getOK(t, s, "/api/v2/logs/"+ids[3], nil)
	if !strings.Contains(string(r.body), ids[3]) {
		t.Errorf("log by id")
	}
	wantError(t, get(t, s, "/api/v2/logs/900"), http.StatusNotFound, "inexistent_log", "")
}

func TestActionsEnvelopes(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 8, Preset: PresetSmall})
	r := getOK(t, s, "/api/v2/actions/actions?per_page=50", nil)
	if k := keysOf(t, r.body); !slices.Equal(k, []string{"total", "per_page", "actions"}) {
		t.Errorf("actions keys %v", k)
	}
	r = getOK(t, s, "/api/v2/actions/actions?page=0&per_page=4", nil)
	if k := keysOf(t, r.body); !slices.Equal(k, []string{"total", "page", "per_page", "actions"}) {
		t.Errorf("actions keys with page %v", k)
	}
	var all struct {
		Total   int `json:"total"`
		Actions []struct {
			ID                string                   `json:"id"`
			Name              string                   `json:"name"`
			SupportedTriggers []struct{ ID string }    `json:"supported_triggers"`
			DeployedVersion   *struct{ Deployed bool } `json:"deployed_version"`
		} `json:"actions"`
	}
	getOK(t, s, "/api/v2/actions/actions?per_page=100", &all)
	if all.Total != s.Tenant().Count(KindActions) || len(all.Actions) != all.Total {
		t.Fatalf("total %d, %d actions", all.Total, len(all.Actions))
	}
	var post struct{ Total int }
	getOK(t, s, "/api/v2/actions/actions?triggerId=post-login", &post)
	var dep struct {
		Actions []struct {
			DeployedVersion *struct{} `json:"deployed_version"`
		}
	}
	getOK(t, s, "/api/v2/actions/actions?deployed=true&per_page=100", &dep)
	for _, a := range dep.Actions {
		if a.DeployedVersion == nil {
			t.Errorf("deployed=true returned an undeployed action")
		}
	}
	var byName struct{ Total int }
	getOK(t, s, "/api/v2/actions/actions?actionName="+esc("Grant requested scopes"), &byName)
	if byName.Total != 1 || post.Total < 5 {
		t.Errorf("filters: by name %d, post-login %d", byName.Total, post.Total)
	}
	r = getOK(t, s, "/api/v2/actions/triggers/post-login/bindings", nil)
	if k := keysOf(t, r.body); !slices.Equal(k, []string{"total", "per_page", "bindings"}) {
		t.Errorf("bindings keys %v", k)
	}
	r = getOK(t, s, "/api/v2/actions/triggers", nil)
	if k := keysOf(t, r.body); !slices.Equal(k, []string{"triggers"}) {
		t.Errorf("triggers keys %v", k)
	}
	wantError(t, get(t, s, "/api/v2/actions/actions/nope"), http.StatusNotFound, "", "That action does not exist.")
}
