package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/authlens/authlens/internal/jsonx"
	"io"
	"slices"
	"strconv"
)

// This file holds the canonical JSON form of records: object members sorted
// by name (byte order), compact, numbers exactly as the API wrote them,
// strings escaped as RFC 8259 requires and nothing more (no HTML escaping),
// so that equal content always gives equal bytes.

// parseTree decodes one JSON value into a tree of map[string]any, []any,
// json.Number, string, bool and nil. Trailing data is an error.
func parseTree(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("trailing data after JSON value")
	}
	return v, nil
}

// treeOf encodes v with encoding/json and parses the result into a tree.
func treeOf(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return parseTree(b)
}

// canonical returns the canonical bytes of a tree, redacting secrets on the
// way when redact is true (see Redaction in the package documentation).
func canonical(tree any, redact bool) []byte {
	var r *redactor
	if redact {
		r = &redactor{}
	}
	return appendCanon(make([]byte, 0, 256), tree, r, "", nil)
}

// canonicalJSON parses raw JSON and returns its canonical (and, when asked,
// redacted) form.
func canonicalJSON(raw []byte, redact bool) ([]byte, error) {
	t, err := parseTree(raw)
	if err != nil {
		return nil, err
	}
	return canonical(t, redact), nil
}

// appendCanon appends the canonical encoding of v. name is the member name
// v is the value of ("" for array elements and the root), cont the secret
// container v sits in (nil when none).
func appendCanon(b []byte, v any, r *redactor, name string, cont *container) []byte {
	if r != nil {
		if rv, ok := r.replace(name, v, cont); ok {
			v = rv
		}
	}
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, x)
	case string:
		return appendString(b, x)
	case json.Number:
		return append(b, x...)
	case float64:
		return strconv.AppendFloat(b, x, 'g', -1, 64)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			// Array elements stand in the member's place: a sensitive
			// name covers its array's scalar elements too.
			b = appendCanon(b, e, r, name, cont)
		}
		return append(b, ']')
	case []string:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCanon(b, e, r, name, cont)
		}
		return append(b, ']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			inner := cont
			if r != nil {
				inner = r.enter(k, x[k], cont)
			}
			b = appendCanon(b, x[k], r, k, inner)
		}
		return append(b, '}')
	case json.RawMessage:
		t, err := parseTree(x)
		if err != nil {
			return append(b, "null"...)
		}
		return appendCanon(b, t, r, name, cont)
	default:
		t, err := treeOf(x)
		if err != nil {
			return append(b, "null"...)
		}
		return appendCanon(b, t, r, name, cont)
	}
}

// appendString appends s as a JSON string (see jsonx.AppendString).
func appendString(b []byte, s string) []byte { return jsonx.AppendString(b, s) }
