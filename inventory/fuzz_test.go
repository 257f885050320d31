package inventory

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzLoad: no input makes Load panic; what it accepts it writes back in a
// form it reads again to the same bytes. Seeds are in
// testdata/fuzz/FuzzLoad.
//
//	go test -run XXX -fuzz FuzzLoad -fuzztime 30s ./inventory/
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"version":1,"tenant":"https://t.example","scan":{"full_profiles":false,"log_window":"24h0m0s","max_logs":10000},"kinds":{
"clients":{"status":"ok","count":1,"records":{
"a":{"client_id":"a","jwt_configuration":{"alg":"RS256"}}}},
"hooks":{"status":"forbidden","count":0,"missing_scopes":["read:hooks"],"records":{}}}}`))
	f.Add([]byte(`{"version":2}`))
	f.Add([]byte(`{"version":1,"kinds":{"roles":{"status":"partial","count":1,"gaps":[{"part":"members","ids":["r"],"status":"error","error":"x"}],"records":{"r":{"id":"r"}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Load(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupportedVersion) {
				t.Fatalf("error %v wraps neither ErrCorrupt nor ErrUnsupportedVersion", err)
			}
			return
		}
		first, err := s.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		s2, err := Load(bytes.NewReader(first))
		if err != nil {
			t.Fatalf("cannot load what was written: %v\n%s", err, first)
		}
		second, err := s2.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Fatalf("not stable:\n%s\n%s", first, second)
		}
		_ = Diff(s, s2)
	})
}

// FuzzIsCanonical: what isCanonical accepts is what canonicalJSON writes.
//
//	go test -run XXX -fuzz FuzzIsCanonical -fuzztime 30s ./inventory/
func FuzzIsCanonical(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"b":[true,null,"x"]}`, `{"b":1,"a":2}`, `{"a":"\u00e9"}`, `{"a":"é"}`,
		`{"a":"\/"}`, `{ "a":1}`, `{"a":1.50,"b":-0,"c":3e4}`, `{"ab":1,"ab!":2}`, `{"ab!":1,"ab":2}`, `{"a":"\u2028"}`, "{\"a\":\"\u2028\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !isCanonical(data) {
			return
		}
		c, err := canonicalJSON(data, false)
		if err != nil {
			t.Fatalf("isCanonical accepts %q, which does not parse: %v", data, err)
		}
		if !bytes.Equal(c, data) {
			t.Fatalf("isCanonical accepts %q, canonical is %q", data, c)
		}
	})
}
