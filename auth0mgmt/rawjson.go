package auth0mgmt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Extra holds the JSON members of an object that its Go type does not
// model, and members whose exact form (an explicit null, false, 0, "", [] or
// {}) the typed field alone would not reproduce. Marshalling a model writes
// them back, so nothing the API sends is lost on a round trip.
//
// Its fmt output shows member names only, never values: some members the
// API returns in clear are secrets.
type Extra map[string]json.RawMessage

// Keys returns the member names, sorted.
func (e Extra) Keys() []string {
	ks := make([]string, 0, len(e))
	for k := range e {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Format prints the member names only.
func (e Extra) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "Extra%v", e.Keys())
}

// Object is a JSON object kept as raw members: connection options, log
// stream sinks, metadata and other open-ended shapes. Its fmt output shows
// member names only, never values.
type Object map[string]json.RawMessage

// Keys returns the member names, sorted.
func (o Object) Keys() []string { return Extra(o).Keys() }

// Format prints the member names only.
func (o Object) Format(f fmt.State, _ rune) { fmt.Fprintf(f, "Object%v", o.Keys()) }

// Has reports whether the member exists.
func (o Object) Has(key string) bool { _, ok := o[key]; return ok }

// Get decodes member key into v; it reports whether the member existed and
// decoded.
func (o Object) Get(key string, v any) bool {
	raw, ok := o[key]
	if !ok {
		return false
	}
	return json.Unmarshal(raw, v) == nil
}

// String returns member key as a string ("" when absent or not a string).
func (o Object) String(key string) string {
	var s string
	o.Get(key, &s)
	return s
}

// Bool returns member key as a bool and whether it was a bool.
func (o Object) Bool(key string) (v, ok bool) {
	ok = o.Get(key, &v)
	return v, ok
}

// Secret is a string the API returns in clear that must not be shown: its
// fmt output is "[REDACTED]" (or empty when unset). JSON encoding keeps the
// value, as the API sent it; use Value to read it.
type Secret string

// Value returns the secret itself.
func (s Secret) Value() string { return string(s) }

// String redacts.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[REDACTED]"
}

// GoString redacts.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// Format redacts for every verb.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' || (verb == 'v' && f.Flag('#')) {
		fmt.Fprint(f, s.GoString())
		return
	}
	fmt.Fprint(f, s.String())
}

// Every model struct with a field `Extra Extra` tagged `json:"-"` gets its
// UnmarshalJSON/MarshalJSON pair from internal/keepgen (zz_keep.go, run
// go generate after adding a model).

// unmarshalKeep decodes data into v (a pointer to a method-less alias of a
// model struct) and returns the members to keep in Extra.
func unmarshalKeep(data []byte, v any) (Extra, error) {
	if err := json.Unmarshal(data, v); err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	t := reflect.TypeOf(v).Elem()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		if raw, ok := m[name]; ok && !zeroish(raw) {
			delete(m, name)
		}
	}
	if len(m) == 0 {
		return nil, nil
	}
	return Extra(m), nil
}

// zeroish reports whether raw is a value that omitempty or a nil pointer
// would drop or change on re-encoding.
func zeroish(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	switch string(raw) {
	case "null", "false", "0", `""`, "[]", "{}":
		return true
	}
	if len(raw) > 1 && (raw[0] == '[' || raw[0] == '{') {
		// Empty containers written with inner white space.
		inner := bytes.TrimSpace(raw[1 : len(raw)-1])
		return len(inner) == 0
	}
	return false
}

// marshalKeep encodes v (a method-less alias value) and writes back the
// members of extra that the typed encoding did not produce.
func marshalKeep(v any, extra Extra) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, raw := range extra {
		if _, ok := m[k]; !ok {
			m[k] = raw
		}
	}
	return json.Marshal(m)
}
