package seczetta

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// The seed corpora are also checked in under testdata/fuzz/<FuzzName>/.

func FuzzDecodeProfiles(f *testing.F) {
	f.Add([]byte(`{"profiles":[{"id":"633b5e71-090c-4a47-a1a3-d0b8338df872","uid":"036e7e2a3d0c41938609cdc6029d5b11","name":"Bob","profile_type_id":"2b8c4f0e-5d1a-4c3b-9e7f-6a0d1c2b3e4f","status":"Active","id_proofing_status":"verified","created_at":"2021-05-05T14:23:12.000-04:00","updated_at":"2021-05-06T10:00:00Z","attributes":{"user_name":"bob","n":1.5,"l":[1,"a",null]}}]}`))
	f.Add([]byte(`{"profiles":[]}`))
	f.Add([]byte(`{"profiles":null}`))
	f.Add([]byte(`{"profiles":[{"id":12,"name":true,"attributes":null}]}`))
	f.Add([]byte(`{"profiles":[{"uid":"x"}]}`))
	f.Add([]byte(`{"profiles":[{"id":"a","attributes":[1]}]}`))
	f.Add([]byte(`{"profiles":[{"id":"a"}],"profiles":{}}`))
	f.Add([]byte(`{"profiles":[{"id":"a","created_at":"2021-13-45"}]}`))
	f.Add([]byte(`{"profiles": [{"id": "633b5e71-090c-4a47`))
	f.Add([]byte(`[]`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := decodeProfiles(b)
		if err != nil {
			if ps != nil {
				t.Fatalf("profiles %v with error %v", ps, err)
			}
			return
		}
		if !json.Valid(b) {
			t.Fatalf("accepted invalid JSON %q", b)
		}
		for _, p := range ps {
			if p.ID == "" {
				t.Fatalf("accepted a profile without id: %q", b)
			}
		}
		// What was decoded re-encodes (the API's shape) and decodes to the
		// same profiles.
		again, err := json.Marshal(map[string]any{"profiles": ps})
		if err != nil {
			t.Fatalf("re-encoding: %v", err)
		}
		ps2, err := decodeProfiles(again)
		if err != nil || len(ps2) != len(ps) {
			t.Fatalf("round trip: %v, %d != %d", err, len(ps2), len(ps))
		}
		for i := range ps {
			if ps[i].ID != ps2[i].ID || ps[i].UID != ps2[i].UID || ps[i].Status != ps2[i].Status || !ps[i].CreatedAt.Equal(ps2[i].CreatedAt) {
				t.Fatalf("round trip changed profile %d: %+v != %+v", i, ps[i], ps2[i])
			}
		}
	})
}

func FuzzDecodeRiskScores(f *testing.F) {
	f.Add([]byte(`{"risk_scores":[{"id":"14118693-983e-462f-a330-f3b34d29f281","uid":"036e7e2a3d0c41938609cdc6029d5b11","object_id":"633b5e71-090c-4a47-a1a3-d0b8338df872","object_type":"Profile","overall_score":3.5,"overall_risk_level_id":"29fc4382-2c60-4c6d-891b-15102cdc9e01","impact_score":7.0,"impact_risk_level_id":"29fc4382-2c60-4c6d-891b-15102cdc9e01","probability_score":0.0,"probability_risk_level_id":"c1f10e76-44c0-4bda-b344-8ae2a256d6c4"}],"_metadata":{"limit":25,"offset":0,"total":1,"next":null,"previous":null}}`))
	f.Add([]byte(`{"risk_scores":[]}`))
	f.Add([]byte(`{"risk_scores":null,"_metadata":{"total":0}}`))
	f.Add([]byte(`{"risk_scores":[{"overall_score":"7.5"},{"overall_score":8.25}]}`))
	f.Add([]byte(`{"risk_scores":[{"overall_score":null}]}`))
	f.Add([]byte(`{"risk_scores":[{"overall_score":"NaN"}]}`))
	f.Add([]byte(`{"risk_scores":[{"overall_score":1e400}]}`))
	f.Add([]byte(`{"risk_scores":[{"overall_score":-0.0,"impact_score":"x"}]}`))
	f.Add([]byte(`{"risk_scores":{},"_metadata":[]}`))
	f.Add([]byte(`{"risk_scores":[{"overall_score":2}],"_metadata":{"limit":"x"}}`))
	f.Add([]byte(`{"risk_scores":[1]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, _, err := decodeRiskScores(b)
		if err != nil {
			if rs != nil {
				t.Fatalf("scores %v with error %v", rs, err)
			}
			return
		}
		if !json.Valid(b) {
			t.Fatalf("accepted invalid JSON %q", b)
		}
		for _, r := range rs {
			for _, v := range []float64{r.OverallScore, r.ImpactScore, r.ProbabilityScore} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("non-finite score from %q", b)
				}
			}
		}
		again, err := json.Marshal(map[string]any{"risk_scores": rs})
		if err != nil {
			t.Fatalf("re-encoding: %v", err)
		}
		rs2, _, err := decodeRiskScores(again)
		if err != nil || len(rs2) != len(rs) {
			t.Fatalf("round trip: %v", err)
		}
		for i := range rs {
			if rs[i] != rs2[i] {
				t.Fatalf("round trip changed score %d: %+v != %+v", i, rs[i], rs2[i])
			}
		}
	})
}

func TestFlexNumber(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in  string
		v   float64
		set bool
		err bool
	}{
		{`1.25`, 1.25, true, false},
		{`"1.25"`, 1.25, true, false},
		{`null`, 0, false, false},
		{`-3`, -3, true, false},
		{`"NaN"`, 0, false, true},
		{`"Inf"`, 0, false, true},
		{`"abc"`, 0, false, true},
		{`true`, 0, false, true},
		{`{}`, 0, false, true},
		{`nul`, 0, false, true},
	} {
		var n flexNumber
		err := n.UnmarshalJSON([]byte(tt.in))
		if (err != nil) != tt.err || n.v != tt.v || n.set != tt.set {
			t.Errorf("%s: %+v %v", tt.in, n, err)
		}
		if err != nil && !errors.Is(err, errShape) && json.Valid([]byte(tt.in)) && tt.in[0] != '"' {
			t.Errorf("%s: error %v is not errShape", tt.in, err)
		}
	}
}

func TestDecodeNullLists(t *testing.T) {
	ps, err := decodeProfiles([]byte(`{"profiles":null}`))
	if err != nil || len(ps) != 0 {
		t.Fatalf("profiles null: %v, %v", ps, err)
	}
	rs, _, err := decodeRiskScores([]byte(`{"risk_scores":null}`))
	if err != nil || len(rs) != 0 {
		t.Fatalf("risk_scores null: %v, %v", rs, err)
	}
	for _, b := range []string{`{}`, `{"profiles":0}`, `{"profiles":"null"}`, `{"profiles":nul}`} {
		if _, err := decodeProfiles([]byte(b)); err == nil {
			t.Errorf("decodeProfiles(%s) accepted", b)
		}
	}
	for _, b := range []string{`{}`, `{"risk_scores":{}}`, `{"risk_scores":"null"}`} {
		if _, _, err := decodeRiskScores([]byte(b)); err == nil {
			t.Errorf("decodeRiskScores(%s) accepted", b)
		}
	}
}
