package alerts_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"sync"
	"testing"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
)

// scan scans a fresh auth0test tenant.
func scan(opts auth0test.Options) (*inventory.Snapshot, error) {
	srv := auth0test.NewServer(opts)
	defer srv.Close()
	client, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()})
	if err != nil {
		return nil, err
	}
	return inventory.Collect(context.Background(), client, inventory.Options{
		Now: auth0test.BaseTime, Tenant: "https://" + srv.Tenant().Domain()})
}

var tiny = sync.OnceValues(func() (*inventory.Snapshot, error) {
	return scan(auth0test.Options{Seed: 42, Preset: auth0test.PresetTiny})
})

// base returns a copy of the tiny demo tenant's snapshot that a test may
// change.
func base(t testing.TB) *inventory.Snapshot {
	t.Helper()
	s, err := tiny()
	if err != nil {
		t.Fatalf("the demo tenant could not be scanned: %v", err)
	}
	return clone(s)
}

// clone copies a snapshot deeply enough for edits: kinds and record maps
// (record bytes are never modified in place).
func clone(s *inventory.Snapshot) *inventory.Snapshot {
	c := *s
	c.Kinds = make(map[inventory.Kind]*inventory.KindResult, len(s.Kinds))
	for k, r := range s.Kinds {
		cr := *r
		cr.Records = maps.Clone(r.Records)
		c.Kinds[k] = &cr
	}
	return &c
}

// edit changes one record of s through its decoded form.
func edit(t testing.TB, s *inventory.Snapshot, k inventory.Kind, id string, f func(m map[string]any)) {
	t.Helper()
	r := s.Kind(k)
	rec := r.Record(id)
	if rec == nil {
		t.Fatalf("no record %s/%s", k, id)
	}
	var m map[string]any
	if err := json.Unmarshal(rec, &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	r.Records[id] = encode(t, m)
}

// put adds or replaces a record.
func put(t testing.TB, s *inventory.Snapshot, k inventory.Kind, id string, m map[string]any) {
	t.Helper()
	r := s.Kind(k)
	r.Records[id] = encode(t, m)
	r.Count = len(r.Records)
}

// drop removes a record.
func drop(s *inventory.Snapshot, k inventory.Kind, id string) {
	r := s.Kind(k)
	delete(r.Records, id)
	r.Count = len(r.Records)
}

func encode(t testing.TB, m map[string]any) json.RawMessage {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

// find returns the id of the first record of kind k (in id order) the
// predicate accepts.
func find(t testing.TB, s *inventory.Snapshot, k inventory.Kind, pred func(m map[string]any) bool) string {
	t.Helper()
	r := s.Kind(k)
	for _, id := range r.IDs() {
		var m map[string]any
		if json.Unmarshal(r.Records[id], &m) == nil && pred(m) {
			return id
		}
	}
	t.Fatalf("no %s record matches", k)
	return ""
}

func named(name string) func(map[string]any) bool {
	return func(m map[string]any) bool { return m["name"] == name }
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}
