package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
)

// TestCollectUserPermissions: with UserPermissions, each user's record
// holds the permissions granted to the user directly (not those of its
// roles), one request per user; progress gives the users' total and the
// time left. Without it, no request and no member.
func TestCollectUserPermissions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		on   bool
		full bool
	}{{"off", false, false}, {"shapes", true, false}, {"full profiles", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := auth0test.NewServer(auth0test.Options{Seed: 8, Preset: auth0test.PresetSmall})
			t.Cleanup(srv.Close)
			tn := srv.Tenant()
			cl := fastClient(t, srv)
			var mu sync.Mutex
			var reports []Progress
			snap, err := Collect(context.Background(), cl, Options{Kinds: []Kind{KindUsers}, UserPermissions: tc.on,
				FullProfiles: tc.full, Progress: func(p Progress) { mu.Lock(); reports = append(reports, p); mu.Unlock() }})
			if err != nil {
				t.Fatal(err)
			}
			r := snap.Kind(KindUsers)
			if r.Status != StatusOK || r.Count != tn.Count(auth0test.KindUsers) {
				t.Fatalf("users: %s, %d records (%s)", r.Status, r.Count, r.Note())
			}
			direct := 0
			for _, id := range r.IDs() {
				var rec struct {
					Permissions *[]struct {
						API     string `json:"resource_server_identifier"`
						Name    string `json:"permission_name"`
						Sources []any  `json:"sources"`
					} `json:"permissions"`
				}
				if err := json.Unmarshal(r.Records[id], &rec); err != nil {
					t.Fatal(err)
				}
				if !tc.on {
					if rec.Permissions != nil {
						t.Fatalf("%s: permissions read without UserPermissions", id)
					}
					continue
				}
				if rec.Permissions == nil {
					t.Fatalf("%s: no permissions member", id)
				}
				var got []string
				for _, p := range *rec.Permissions {
					got = append(got, p.API+" "+p.Name)
					if p.Sources != nil {
						t.Errorf("%s: sources kept", id)
					}
				}
				want := tn.UserDirectPermissions(id)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s: permissions %v, want the direct ones %v", id, got, want)
				}
				direct += len(got)
			}
			reqs := srv.Stats().ByRoute["GET /api/v2/users/{id}/permissions"]
			if tc.on && direct == 0 {
				t.Error("no user with a direct permission: the test proves nothing")
			}
			var total int
			var left bool
			for _, p := range reports {
				if p.Kind == KindUsers && p.Total > 0 {
					total = p.Total
				}
				if p.Remaining > 0 {
					left = true
				}
			}
			if tc.on && (total != r.Count || !left) {
				t.Errorf("progress: total %d, time left given %v; want %d and yes", total, left, r.Count)
			}
			if !tc.on && total != 0 {
				t.Errorf("progress gives a total without UserPermissions")
			}
			if want := map[bool]int64{true: int64(r.Count)}[tc.on]; reqs != want {
				t.Errorf("%d permission requests, want %d", reqs, want)
			}
			t.Logf("%s: %d direct permissions of %d users, %d permission requests", tc.name, direct, r.Count, reqs)
		})
	}
}

// A user whose permissions cannot be read keeps its record, without the
// member; the kind is partial and names the user.
func TestCollectUserPermissionsGap(t *testing.T) {
	t.Parallel()
	srv := auth0test.NewServer(auth0test.Options{Seed: 8, Preset: auth0test.PresetTiny})
	t.Cleanup(srv.Close)
	bad := srv.Tenant().IDs(auth0test.KindUsers)[2]
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/permissions") && strings.Contains(r.URL.EscapedPath(), "/users/") &&
			strings.Contains(r.URL.Path, bad) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"statusCode":400,"error":"Bad Request","message":"Invalid user","errorCode":"invalid_uri"}`))
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	cl, err := auth0mgmt.New(auth0mgmt.Config{Domain: front.URL, Token: srv.Token()}, auth0mgmt.WithBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	snap, err := Collect(context.Background(), cl, Options{Kinds: []Kind{KindUsers}, UserPermissions: true})
	if err != nil {
		t.Fatal(err)
	}
	r := snap.Kind(KindUsers)
	if r.Status != StatusPartial || len(r.Gaps) != 1 || r.Gaps[0].Part != "permissions" || !slices.Equal(r.Gaps[0].IDs, []string{bad}) {
		t.Fatalf("status %s, gaps %+v", r.Status, r.Gaps)
	}
	if bytes.Contains(r.Records[bad], []byte(`"permissions"`)) || r.Count != srv.Tenant().Count(auth0test.KindUsers) {
		t.Errorf("record %s", r.Records[bad])
	}
}

// ShapeOf keeps the direct permissions a full profile of a snapshot
// holds: read (even none) stays apart from not read.
func TestShapeOfPermissions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, profile string
		want          []string // nil: not read
	}{
		{"not read", `{"user_id":"auth0|1"}`, nil},
		{"none held", `{"user_id":"auth0|1","permissions":[]}`, []string{}},
		{"held", `{"user_id":"auth0|1","permissions":[{"resource_server_identifier":"https://api/","permission_name":"read:x"}]}`,
			[]string{"https://api/ read:x"}},
		{"not a list", `{"user_id":"auth0|1","permissions":"x"}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var u auth0mgmt.User
			if err := json.Unmarshal([]byte(tc.profile), &u); err != nil {
				t.Fatal(err)
			}
			s := ShapeOf(&u)
			var got []string
			if s.Permissions != nil {
				got = []string{}
			}
			for _, p := range s.Permissions {
				got = append(got, p.ResourceServerIdentifier+" "+p.PermissionName)
			}
			if !slices.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
				t.Errorf("permissions %q (nil %v), want %q (nil %v)", got, got == nil, tc.want, tc.want == nil)
			}
		})
	}
}
