package posture

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/authlens/authlens/inventory"
)

// FuzzRunSnapshot is what judging a saved snapshot (tenantscan -from)
// does with any bytes: Load refuses what is not a snapshot with a clear
// error, and Run judges whatever loads without failing or panicking.
func FuzzRunSnapshot(f *testing.F) {
	if b, err := os.ReadFile("testdata/example-snapshot.json"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		`{"version":1,"tenant":"https://x.auth0.com","kinds":{}}`,
		`{"version":1,"tenant":"https://x.auth0.com","kinds":{"clients":{"status":"ok","count":1,"records":{"c":{"client_id":"c","callbacks":"*"}}}}}`,
		`{"version":1,"tenant":"","kinds":{"roles":{"status":"partial","count":1,"records":{"r":{"id":"r","permissions":null,"members":[1]}}}}}`,
		`{"version":1,"tenant":"https://x","kinds":{"connections":{"status":"ok","count":1,"records":{"c":{"id":"c","strategy":"auth0","options":{"passwordPolicy":7,"customScripts":{"login":"function ("}}}}}}}`,
		`{"version":9,"kinds":{}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		snap, err := inventory.Load(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, inventory.ErrCorrupt) && !errors.Is(err, inventory.ErrUnsupportedVersion) {
				t.Fatalf("Load: %v wraps neither ErrCorrupt nor ErrUnsupportedVersion", err)
			}
			return
		}
		res, err := Run(context.Background(), snap, Options{})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		for _, ne := range res.NotEvaluated {
			if bytes.Contains([]byte(ne.Reason), []byte("check failed")) {
				t.Fatalf("%s panicked: %s", ne.Check, ne.Reason)
			}
		}
		for _, f := range res.Findings {
			if f.Resource.ID != "" && snap.Kind(f.Resource.Kind).Record(f.Resource.ID) == nil {
				t.Fatalf("%s points at %s, not in the snapshot", f.Check, f.Resource)
			}
		}
	})
}
