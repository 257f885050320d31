package auth0test

import (
	"encoding/json"
	"github.com/authlens/authlens/internal/jsonx"
	"math"
	"slices"
	"strconv"
)

// kv is one member of an ordered JSON object.
type kv struct {
	k string
	v any
}

// obj is a JSON object that keeps its member order, so that every body the
// server writes has the key order of the real API and is byte-identical for
// the same seed. Values are nil, string, bool, int, int64, float64, obj,
// []obj, []any, []string, map[string]any (keys sorted), raw (verbatim JSON)
// or anything encoding/json can marshal.
type obj []kv

// raw is JSON text written verbatim.
type raw []byte

func (o obj) get(k string) (any, bool) {
	for _, m := range o {
		if m.k == k {
			return m.v, true
		}
	}
	return nil, false
}

// without returns o minus the named members (a new slice; o is not changed).
func (o obj) without(keys ...string) obj {
	out := make(obj, 0, len(o))
	for _, m := range o {
		if !slices.Contains(keys, m.k) {
			out = append(out, m)
		}
	}
	return out
}

// project applies the API's fields/include_fields: with include, only the
// named members (in the object's order); without, all but them.
func (o obj) project(fields []string, include bool) obj {
	if len(fields) == 0 {
		return o
	}
	out := make(obj, 0, len(fields))
	for _, m := range o {
		if slices.Contains(fields, m.k) == include {
			out = append(out, m)
		}
	}
	return out
}

// MarshalJSON lets obj values travel through encoding/json too.
func (o obj) MarshalJSON() ([]byte, error) { return appendJSON(nil, o), nil }

// appendJSON appends the JSON encoding of v. Strings are not HTML-escaped
// (the real API writes "=>" and "<html>" as they are).
func appendJSON(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendString(b, x)
	case bool:
		return strconv.AppendBool(b, x)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return append(b, "null"...)
		}
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.AppendInt(b, int64(x), 10)
		}
		return strconv.AppendFloat(b, x, 'g', -1, 64)
	case raw:
		return append(b, x...)
	case obj:
		b = append(b, '{')
		for i, m := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m.k)
			b = append(b, ':')
			b = appendJSON(b, m.v)
		}
		return append(b, '}')
	case []obj:
		return appendArray(b, x, func(b []byte, e obj) []byte { return appendJSON(b, e) })
	case []any:
		return appendArray(b, x, func(b []byte, e any) []byte { return appendJSON(b, e) })
	case []string:
		return appendArray(b, x, appendString)
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
			b = appendJSON(b, x[k])
		}
		return append(b, '}')
	default:
		j, err := json.Marshal(x)
		if err != nil {
			return append(b, "null"...)
		}
		return append(b, j...)
	}
}

// appendString appends s as a JSON string (see jsonx.AppendString).
func appendString(b []byte, s string) []byte { return jsonx.AppendString(b, s) }

// appendArray appends xs as a JSON array, each element by elem.
func appendArray[T any](b []byte, xs []T, elem func([]byte, T) []byte) []byte {
	b = append(b, '[')
	for i, e := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, e)
	}
	return append(b, ']')
}
