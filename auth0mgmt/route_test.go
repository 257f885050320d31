package auth0mgmt

import "testing"

func TestRouteOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ method, path, want string }{
		{"GET", "organizations", "GET organizations"},
		{"GET", "/organizations/", "GET organizations"},
		{"GET", "organizations/org_1/members", "GET organizations/*/members"},
		{"GET", "organizations/org_2/members", "GET organizations/*/members"},
		{"GET", "organizations/org_1/members/auth0%7C1/roles", "GET organizations/*/members/*/roles"},
		{"GET", "organizations/org_1/enabled_connections", "GET organizations/*/enabled_connections"},
		{"GET", "organizations/name/acme", "GET organizations/name/*"},
		{"GET", "users/auth0%7Cabc/roles", "GET users/*/roles"},
		{"GET", "actions/actions/a1/versions/v1", "GET actions/actions/*/versions/*"},
		{"GET", "actions/triggers/post-login/bindings", "GET actions/triggers/*/bindings"},
		{"GET", "attack-protection/brute-force-protection", "GET attack-protection/brute-force-protection"},
		{"GET", "email-templates/verify_email", "GET email-templates/*"},
		{"POST", "jobs/users-exports", "POST jobs/users-exports"},
		{"GET", "jobs/job_1", "GET jobs/*"},
		{"GET", "keys/signing/kid1", "GET keys/signing/*"},
	} {
		if got := routeOf(tc.method, tc.path); got != tc.want {
			t.Errorf("routeOf(%s, %s) = %q, want %q", tc.method, tc.path, got, tc.want)
		}
	}
}
