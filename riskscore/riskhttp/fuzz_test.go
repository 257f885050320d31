package riskhttp_test

import (
	"encoding/json"
	"testing"

	"github.com/authlens/authlens/riskscore/riskhttp"
)

// FuzzDecodeRequest: DecodeRequest never panics, and what it accepts is
// what an exact-name reader (the Action's JavaScript) reads: each field is
// the member with exactly its name, or empty.
func FuzzDecodeRequest(f *testing.F) {
	for _, seed := range []string{
		`{"user_id":"auth0|1","username":"bob","email":"bob@example.com"}`,
		`{"username":"alice","Username":"mallory"}`,
		`{"username":"alice","username":"mallory"}`,
		`{"username":"a","risk_assessment":{"confidence":"low","Confidence":"high"}}`,
		`{"email":"a","risk_assessment":{"assessments":{"X":{"code":"a","code":"b"}}}}`,
		"{\"\u212a\":1,\"user_id\":\"x\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := riskhttp.DecodeRequest(body)
		if err != nil {
			return
		}
		var exact map[string]json.RawMessage
		if err := json.Unmarshal(body, &exact); err != nil {
			t.Fatalf("accepted %q: %v", body, err)
		}
		for name, got := range map[string]string{"user_id": req.UserID, "username": req.Username, "email": req.Email} {
			var want string
			if raw, ok := exact[name]; ok && json.Unmarshal(raw, &want) != nil {
				continue
			}
			if got != want {
				t.Fatalf("%q: %s read as %q, exactly %q", body, name, got, want)
			}
		}
	})
}
