package strictjson_test

import (
	"encoding/json"
	"testing"

	"github.com/authlens/authlens/riskscore/internal/strictjson"
)

// FuzzCheck: Check never panics, refuses what is not JSON, and whatever it
// accepts encoding/json reads exactly as a reader that matches member
// names exactly (JavaScript's JSON.parse) does: every known field has the
// value of the member with exactly its name, or none.
func FuzzCheck(f *testing.F) {
	for _, seed := range []string{
		`{"sub":"alice","user_id":"auth0|1","email":"a@example.com"}`,
		`{"sub":"alice","sub":"bob"}`,
		`{"sub":"alice","SUB":"bob"}`,
		`{"sub":"alice","ſub":"bob"}`,
		`{"inner":{"kind":"a","\u212aind":"b"}}`,
		`{"inner":{"code":"a"},"list":[{"code":"b","Code":"c"}],"by_name":{"x":{"code":"d"}}}`,
		`{"raw":{"SUB":1},"x":[1,"2",null,true,{"y":{}}]}`,
		"{\"sub\":\"\xff\"}",
		`{"\u0073ub":"a","sub":"b"}`,
		`[{"sub":1}]`,
		`{}{}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := strictjson.Check(data, schema)
		if err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		var folded doc // encoding/json: case-insensitive, last duplicate wins
		ferr := json.Unmarshal(data, &folded)
		var exact map[string]json.RawMessage // exact names
		if err := json.Unmarshal(data, &exact); err != nil {
			t.Fatalf("accepted %q, which is not an object: %v", data, err)
		}
		if ferr != nil {
			return // a type error: refused by both readers
		}
		for name, got := range map[string]string{"sub": folded.Sub, "user_id": folded.UserID, "email": folded.Email} {
			var want string
			if raw, ok := exact[name]; ok {
				if json.Unmarshal(raw, &want) != nil {
					continue // null or another type
				}
			}
			if got != want {
				t.Fatalf("%q: encoding/json reads %s=%q, an exact reader %q", data, name, got, want)
			}
		}
		if raw, ok := exact["inner"]; ok && folded.Inner != nil {
			var in map[string]json.RawMessage
			if json.Unmarshal(raw, &in) != nil {
				return
			}
			for name, got := range map[string]string{"code": folded.Inner.Code, "kind": folded.Inner.Kind, "confidence": folded.Inner.Confidence} {
				var want string
				if r, ok := in[name]; ok && json.Unmarshal(r, &want) != nil {
					continue
				}
				if got != want {
					t.Fatalf("%q: encoding/json reads inner.%s=%q, an exact reader %q", data, name, got, want)
				}
			}
		}
	})
}
