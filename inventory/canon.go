package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/authlens/authlens/internal/jsonx"
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

// isCanonical reports whether b is an object in canonical form, cheaply
// for the records a snapshot writes (compact, members sorted, strings
// escaped as appendString does); anything it is not sure of is not.
func isCanonical(b []byte) bool {
	c := canonScanner{b: b}
	return c.value() && c.i == len(b)
}

type canonScanner struct {
	b []byte
	i int
}

func (c *canonScanner) value() bool {
	if c.i >= len(c.b) {
		return false
	}
	switch ch := c.b[c.i]; {
	case ch == '{':
		c.i++
		if c.i < len(c.b) && c.b[c.i] == '}' {
			c.i++
			return true
		}
		var prev []byte
		for first := true; ; first = false {
			if !first {
				if c.i >= len(c.b) {
					return false
				}
				if c.b[c.i] == '}' {
					c.i++
					return true
				}
				if c.b[c.i] != ',' {
					return false
				}
				c.i++
			}
			start := c.i
			if !c.str() {
				return false
			}
			key := c.b[start+1 : c.i-1]
			// Members sorted by name: without escapes the raw names are
			// the names (with escapes, leave it to the full pass).
			if bytes.IndexByte(key, '\\') >= 0 || (prev != nil && bytes.Compare(prev, key) >= 0) {
				return false
			}
			prev = key
			if c.i >= len(c.b) || c.b[c.i] != ':' {
				return false
			}
			c.i++
			if !c.value() {
				return false
			}
		}
	case ch == '[':
		c.i++
		if c.i < len(c.b) && c.b[c.i] == ']' {
			c.i++
			return true
		}
		for first := true; ; first = false {
			if !first {
				if c.i >= len(c.b) {
					return false
				}
				if c.b[c.i] == ']' {
					c.i++
					return true
				}
				if c.b[c.i] != ',' {
					return false
				}
				c.i++
			}
			if !c.value() {
				return false
			}
		}
	case ch == '"':
		return c.str()
	case ch == 't':
		return c.lit("true")
	case ch == 'f':
		return c.lit("false")
	case ch == 'n':
		return c.lit("null")
	case ch == '-' || (ch >= '0' && ch <= '9'):
		start := c.i
		for c.i < len(c.b) && strings.IndexByte("+-0123456789.eE", c.b[c.i]) >= 0 {
			c.i++
		}
		return json.Valid(c.b[start:c.i])
	}
	return false
}

// ascii reports whether a raw string has no escapes and only ASCII: then
// it is as appendString writes it.
func ascii(raw []byte) bool {
	for _, ch := range raw {
		if ch == '\\' || ch >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (c *canonScanner) lit(s string) bool {
	if !bytes.HasPrefix(c.b[c.i:], []byte(s)) {
		return false
	}
	c.i += len(s)
	return true
}

// str accepts a string with only the escapes appendString writes; any
// other (\/, \u00e9, ...) is not canonical.
func (c *canonScanner) str() bool {
	if c.i >= len(c.b) || c.b[c.i] != '"' {
		return false
	}
	start := c.i
	c.i++
	for c.i < len(c.b) {
		ch := c.b[c.i]
		switch {
		case ch == '"':
			c.i++
			// Compare with what appendString writes for the decoded
			// string only when escapes or non-ASCII bytes are present.
			raw := c.b[start:c.i]
			if ascii(raw) {
				return true
			}
			var s string
			if json.Unmarshal(raw, &s) != nil {
				return false
			}
			return bytes.Equal(appendString(nil, s), raw)
		case ch < 0x20:
			return false
		case ch == '\\':
			c.i += 2
		default:
			c.i++
		}
	}
	return false
}
