package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/authlens/authlens/posture"
)

// TestJSONSchemaFile: the embedded schema is the file, carries SchemaID,
// and every fixture's output validates against it.
func TestJSONSchemaFile(t *testing.T) {
	t.Parallel()
	file, err := os.ReadFile("schema/report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, Schema()) {
		t.Fatal("Schema() is not schema/report.schema.json")
	}
	var doc struct {
		ID         string `json:"$id"`
		Properties struct {
			Schema struct {
				Const string `json:"const"`
			} `json:"schema"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(file, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ID != SchemaID || doc.Properties.Schema.Const != SchemaID {
		t.Fatalf("schema $id %q, const %q; want %q", doc.ID, doc.Properties.Schema.Const, SchemaID)
	}
	sch := compileSchema(t, SchemaID, Schema())
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := WriteJSON(&b, fx.res(), Options{}); err != nil {
				t.Fatal(err)
			}
			validateJSON(t, sch, b.Bytes())
		})
	}
}

// TestJSONSchemaRefuses: the schema is strict enough to catch what a
// reader relies on.
func TestJSONSchemaRefuses(t *testing.T) {
	t.Parallel()
	sch := compileSchema(t, SchemaID, Schema())
	var b bytes.Buffer
	if err := WriteJSON(&b, fullResult(), Options{}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mutate func(doc map[string]any)
	}{
		{"other schema id", func(d map[string]any) { d["schema"] = "https://authlens.dev/schemas/posture-report/v2" }},
		{"null findings", func(d map[string]any) { d["findings"] = nil }},
		{"missing checks", func(d map[string]any) { delete(d, "checks") }},
		{"unknown severity", func(d map[string]any) { finding(d, 0)["severity"] = "severe" }},
		{"bad check id", func(d map[string]any) { finding(d, 0)["check"] = "APP-1" }},
		{"null links", func(d map[string]any) { finding(d, 0)["links"] = nil }},
		{"missing path", func(d map[string]any) { delete(finding(d, 0), "path") }},
		{"suppressed without suppression", func(d map[string]any) { delete(finding(d, 1), "suppression") }},
		{"suppressed by an expired suppression", func(d map[string]any) {
			finding(d, 1)["suppression"].(map[string]any)["expired"] = true
		}},
		{"zero line", func(d map[string]any) { finding(d, 2)["location"].(map[string]any)["line"] = 0 }},
		{"unknown member", func(d map[string]any) { finding(d, 0)["extra"] = 1 }},
		{"missing by_severity entry", func(d map[string]any) {
			delete(d["summary"].(map[string]any)["by_severity"].(map[string]any), "info")
		}},
		{"step without detail", func(d map[string]any) {
			delete(finding(d, 6)["steps"].([]any)[0].(map[string]any), "detail")
		}},
		{"step with an unknown member", func(d map[string]any) {
			finding(d, 6)["steps"].([]any)[1].(map[string]any)["extra"] = 1
		}},
		{"step at line 0", func(d map[string]any) {
			finding(d, 6)["steps"].([]any)[2].(map[string]any)["location"].(map[string]any)["line"] = 0
		}},
		{"steps not a list", func(d map[string]any) { finding(d, 6)["steps"] = map[string]any{} }},
		{"null missing_scopes", func(d map[string]any) {
			d["not_evaluated"].([]any)[0].(map[string]any)["missing_scopes"] = nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var doc map[string]any
			if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			tt.mutate(doc)
			out, _ := json.Marshal(doc)
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(v); err == nil {
				t.Fatal("the schema accepts it")
			}
		})
	}
}

// TestJSONSteps: an attack path's steps are written in order as {kind,
// id, name, detail, path, location}, optional members left out when
// empty; other findings have no "steps".
func TestJSONSteps(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteJSON(&b, fullResult(), Options{}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := finding(doc, 0)["steps"]; ok {
		t.Error("a finding that is no attack path has steps")
	}
	steps, _ := finding(doc, 6)["steps"].([]any)
	want := []string{
		`{"detail":"Anyone can sign up: self-signup is on.","id":"con_db","kind":"connections","name":"Username-Password-Authentication","path":"options.disable_signup"}`,
		`{"detail":"Every user writes their own user_metadata.","id":"","kind":"","name":"user_metadata.is_admin"}`,
		`{"breaks":true,"detail":"api.accessToken.addScope(\"admin:write\") runs when event.user.user_metadata.is_admin is true.","id":"act_1","kind":"actions","location":{"column":5,"end_column":48,"end_line":4,"line":4},"name":"Add roles","path":"code"}`,
		`{"detail":"Accepts admin:write: write access to every account.","id":"https://api.acme.test/","kind":"resource_servers","name":"Acme API"}`,
	}
	if len(steps) != len(want) {
		t.Fatalf("%d steps, want %d", len(steps), len(want))
	}
	for i, s := range steps {
		got, _ := json.Marshal(s)
		if string(got) != want[i] {
			t.Errorf("step %d:\n got %s\nwant %s", i, got, want[i])
		}
	}
}

func finding(doc map[string]any, i int) map[string]any {
	return doc["findings"].([]any)[i].(map[string]any)
}

// TestJSONRoundTrip: what WriteJSON writes, ReadJSON reads back into the
// same Result, which writes the same bytes again.
func TestJSONRoundTrip(t *testing.T) {
	t.Parallel()
	sch := compileSchema(t, SchemaID, Schema())
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			t.Parallel()
			orig := fx.res()
			var first bytes.Buffer
			if err := WriteJSON(&first, orig, Options{}); err != nil {
				t.Fatal(err)
			}
			validateJSON(t, sch, first.Bytes())
			back, err := ReadJSON(bytes.NewReader(first.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			var second bytes.Buffer
			if err := WriteJSON(&second, back, Options{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), second.Bytes()) {
				t.Fatalf("round trip changed the report:\n%s\nwant:\n%s", second.Bytes(), first.Bytes())
			}

			if back.Tenant != orig.Tenant || len(back.Findings) != len(orig.Findings) || len(back.Checks) != len(orig.Checks) {
				t.Fatalf("read back %+v", back)
			}
			for i, f := range orig.Findings {
				g := back.Findings[i]
				if g.Check != f.Check || g.Severity != f.Severity || g.Resource != f.Resource ||
					g.Fingerprint != f.Fingerprint || g.Suppressed != f.Suppressed ||
					!reflect.DeepEqual(g.Location, f.Location) || !reflect.DeepEqual(g.Suppression, f.Suppression) ||
					!reflect.DeepEqual(g.Steps, f.Steps) {
					t.Errorf("finding %d: got %+v, want %+v", i, g, f)
				}
			}
			for i, c := range orig.Checks {
				g := back.Checks[i]
				if g.ID != c.ID || g.Area != c.Area || g.Severity != c.Severity || g.Title != c.Title {
					t.Errorf("check %d: got %+v, want %+v", i, g, c)
				}
			}
			if !reflect.DeepEqual(back.NotEvaluated, nonNilNE(orig.NotEvaluated)) {
				t.Errorf("not evaluated: got %+v, want %+v", back.NotEvaluated, orig.NotEvaluated)
			}
			if !reflect.DeepEqual(back.UnusedSuppressions, orig.UnusedSuppressions) {
				t.Errorf("unused suppressions: got %+v, want %+v", back.UnusedSuppressions, orig.UnusedSuppressions)
			}
			for _, s := range posture.Severities() {
				if back.Summary.BySeverity[s] != orig.Summary.BySeverity[s] {
					t.Errorf("by severity %s: got %d, want %d", s, back.Summary.BySeverity[s], orig.Summary.BySeverity[s])
				}
			}
			// The worst severity and the counts readers act on agree.
			if back.Worst() != orig.Worst() || back.AtLeast(posture.SeverityHigh) != orig.AtLeast(posture.SeverityHigh) {
				t.Errorf("worst %s / %d, want %s / %d", back.Worst(), back.AtLeast(posture.SeverityHigh), orig.Worst(), orig.AtLeast(posture.SeverityHigh))
			}
		})
	}
}

// nonNilNE is what ReadJSON makes of not-evaluated entries: lists empty,
// not nil.
func nonNilNE(in []posture.NotEvaluated) []posture.NotEvaluated {
	out := make([]posture.NotEvaluated, len(in))
	for i, ne := range in {
		ne.MissingScopes = nonNil(ne.MissingScopes)
		ne.Resources = nonNil(ne.Resources)
		out[i] = ne
	}
	return out
}

func TestReadJSONRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		doc    string
		schema bool   // the error wraps ErrUnsupportedSchema
		want   string // in the error
	}{
		{"other version", `{"schema": "https://authlens.dev/schemas/posture-report/v2", "findings": "changed"}`, true, `"https://authlens.dev/schemas/posture-report/v2"`},
		{"other format", `{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0"}`, true, "no \"schema\" member"},
		{"schema not a string", `{"schema": 1}`, false, "not a JSON report"},
		{"not JSON", `<html>`, false, "not a JSON report"},
		{"not an object", `[]`, false, "not a JSON report"},
		{"bad severity", `{"schema": "` + SchemaID + `", "findings": [{"check": "AL-APP-001", "severity": "severe"}]}`, false, "severe"},
		{"finding without severity", `{"schema": "` + SchemaID + `", "findings": [{"check": "AL-APP-001"}]}`, false, "severity 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := ReadJSON(strings.NewReader(tt.doc))
			if err == nil {
				t.Fatalf("read %+v", res)
			}
			if errors.Is(err, ErrUnsupportedSchema) != tt.schema {
				t.Fatalf("err = %v; wraps ErrUnsupportedSchema: %v, want %v", err, !tt.schema, tt.schema)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %q, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestReadJSONIgnoresUnknownMembers(t *testing.T) {
	t.Parallel()
	doc := `{"schema": "` + SchemaID + `", "tenant": "https://x.auth0.com", "new_member": {"a": 1},
		"findings": [{"check": "AL-APP-001", "severity": "low", "area": "applications", "later": true}]}`
	res, err := ReadJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if res.Tenant != "https://x.auth0.com" || len(res.Findings) != 1 || res.Findings[0].Severity != posture.SeverityLow {
		t.Fatalf("read %+v", res)
	}
	if res.NotEvaluated == nil || res.Findings == nil {
		t.Fatal("lists are nil")
	}
}
