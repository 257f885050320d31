package strictjson_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/authlens/authlens/riskscore/internal/strictjson"
)

type inner struct {
	Confidence string `json:"confidence"`
	Code       string `json:"code"`
	Kind       string `json:"kind"`
}

type doc struct {
	Sub     string           `json:"sub"`
	UserID  string           `json:"user_id"`
	Email   string           `json:"email,omitempty"`
	Skip    string           `json:"-"`
	Plain   string           // no tag: its Go name
	Inner   *inner           `json:"inner"`
	ByName  map[string]inner `json:"by_name"`
	List    []inner          `json:"list"`
	Raw     json.RawMessage  `json:"raw"`
	private string           //lint:ignore U1000 an unexported field, which must not be in the schema
}

var schema = strictjson.SchemaOf(reflect.TypeFor[doc]())

func TestSchemaOf(t *testing.T) {
	t.Parallel()
	var names []string
	for n := range schema.Fields {
		names = append(names, n)
	}
	for _, want := range []string{"sub", "user_id", "email", "Plain", "inner", "by_name", "list", "raw"} {
		if _, ok := schema.Fields[want]; !ok {
			t.Errorf("no field %q in %v", want, names)
		}
	}
	for _, not := range []string{"Skip", "-", "private"} {
		if _, ok := schema.Fields[not]; ok {
			t.Errorf("field %q in %v", not, names)
		}
	}
	if s := schema.Fields["inner"]; s == nil || s.Fields["code"] != nil || len(s.Fields) != 3 {
		t.Errorf("inner: %+v", s)
	}
	if s := schema.Fields["by_name"]; s == nil || s.Elem == nil || len(s.Elem.Fields) != 3 {
		t.Errorf("by_name: %+v", s)
	}
	if s := schema.Fields["list"]; s == nil || s.Elem == nil || len(s.Elem.Fields) != 3 {
		t.Errorf("list: %+v", s)
	}
	if schema.Fields["raw"] != nil {
		t.Error("raw has a schema")
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		problem  string // "" accepted; else a part of the error
	}{
		{"plain", `{"sub":"alice","user_id":"auth0|1"}`, ""},
		{"unknown members ignored", `{"sub":"a","connection":"db","x":{"y":[1,2,{"z":null}]}}`, ""},
		{"empty object", `{}`, ""},
		{"whitespace around", " \n\t{\"sub\":\"a\"}\r\n ", ""},
		{"escaped name is the name", `{"\u0073ub":"a"}`, ""},
		{"Go name without a tag", `{"Plain":"x"}`, ""},
		{"nested known", `{"inner":{"confidence":"low","code":"x"},"list":[{"code":"a"},{"code":"b"}],"by_name":{"A":{"code":"a"},"a":{"code":"b"}}}`, ""},
		{"raw member is anything", `{"raw":{"SUB":1,"Sub":2}}`, ""},
		{"duplicate", `{"sub":"alice","sub":"bob"}`, `duplicate member "sub"`},
		{"duplicate unknown", `{"x":1,"x":2}`, `duplicate member "x"`},
		{"duplicate through an escape", `{"sub":"alice","\u0073ub":"bob"}`, `duplicate member "sub"`},
		{"upper case", `{"SUB":"bob"}`, `member "SUB" is not "sub"`},
		{"mixed case beside the real one", `{"sub":"alice","Sub":"bob"}`, `member "Sub" is not "sub"`},
		{"long s folds to s", `{"sub":"alice","ſub":"bob"}`, `member "ſub" is not "sub"`},
		{"Kelvin sign folds to k", `{"inner":{"\u212aind":"x"}}`, "member \"\u212aind\" is not \"kind\""},
		{"user_id upper", `{"USER_ID":"x"}`, `member "USER_ID" is not "user_id"`},
		{"nested case fold", `{"inner":{"Confidence":"high"}}`, `member "Confidence" is not "confidence": member names are case-sensitive (in inner)`},
		{"nested duplicate in a map", `{"by_name":{"A":{"code":"a","code":"b"}}}`, `duplicate member "code" (in by_name.A)`},
		{"duplicate map key", `{"by_name":{"A":{},"A":{}}}`, `duplicate member "A" (in by_name)`},
		{"in an array element", `{"list":[{"code":"a"},{"CODE":"b"}]}`, `member "CODE" is not "code": member names are case-sensitive (in list[])`},
		{"duplicate deep in an unknown member", `{"x":{"y":[{"z":1,"z":2}]}}`, `duplicate member "z" (in x.y[])`},
		{"not an object", `["sub"]`, "not a JSON object"},
		{"a string", `"sub"`, "not a JSON object"},
		{"empty", ``, "empty"},
		{"only spaces", `   `, "empty"},
		{"two objects", `{}{}`, "more than one JSON value"},
		{"trailing garbage", `{} x`, "malformed JSON"},
		{"unterminated", `{"sub":"a"`, "ends early"},
		{"bad syntax", `{"sub" "a"}`, "malformed JSON"},
		{"invalid UTF-8", "{\"sub\":\"\xff\"}", "not valid UTF-8"},
		{"invalid UTF-8 in a name", "{\"s\xffb\":1}", "not valid UTF-8"},
		{"as deep as allowed", strings.Repeat(`{"x":`, strictjson.MaxDepth-1) + `{}` + strings.Repeat(`}`, strictjson.MaxDepth-1), ""},
		{"deep", strings.Repeat(`{"x":`, strictjson.MaxDepth) + `{}` + strings.Repeat(`}`, strictjson.MaxDepth), "nesting deeper"},
		{"deep arrays", `{"x":` + strings.Repeat(`[`, 100) + strings.Repeat(`]`, 100) + `}`, "nesting deeper"},
		{"long name cut in the error", `{"` + strings.Repeat("a", 100) + `":1,"` + strings.Repeat("a", 100) + `":2}`, `"` + strings.Repeat("a", 64) + `"...`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := strictjson.Check([]byte(tt.in), schema)
			if tt.problem == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, strictjson.ErrStrict) || !strings.Contains(err.Error(), tt.problem) {
				t.Fatalf("error %q, want %q", err, tt.problem)
			}
		})
	}
}

// TestManyMembers: objects of many members use a map for duplicates, and
// still find them.
func TestManyMembers(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("{")
	for i := range 1000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"m` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + `":1`)
	}
	ok := b.String() + "}"
	if err := strictjson.Check([]byte(ok), schema); err != nil {
		t.Fatal(err)
	}
	if err := strictjson.Check([]byte(b.String()+`,"maa":2}`), schema); err == nil || !strings.Contains(err.Error(), `duplicate member "maa"`) {
		t.Fatalf("duplicate in a large object: %v", err)
	}
}

func TestUnmarshal(t *testing.T) {
	t.Parallel()
	var d doc
	if err := strictjson.Unmarshal([]byte(`{"sub":"alice","inner":{"code":"c"}}`), schema, &d); err != nil || d.Sub != "alice" || d.Inner.Code != "c" {
		t.Fatalf("%+v %v", d, err)
	}
	if err := strictjson.Unmarshal([]byte(`{"sub":"alice","SUB":"bob"}`), schema, &d); err == nil {
		t.Fatal("accepted a case-folded duplicate")
	}
}
