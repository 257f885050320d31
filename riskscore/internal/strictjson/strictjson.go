// Package strictjson decodes JSON objects the way a strict peer reads them:
// member names match exactly, and an object that a case-insensitive or
// last-duplicate-wins reader could read differently is refused.
//
// encoding/json matches member names to struct fields without regard to
// case (Unicode simple folding: "USERNAME", "ſub" and "sub" fold alike) and
// lets the last of duplicate members win, while JavaScript's JSON.parse
// (what Auth0 Actions and Node's jsonwebtoken run) keeps names exact. Check
// walks the token stream (encoding/json's Decoder) and refuses, at every
// depth:
//
//   - a member name that appears twice in one object;
//   - a member that is not a known field but folds to one ("Username" where
//     "username" is known): the two readers would disagree on it;
//   - invalid UTF-8 anywhere (encoding/json would replace it), more than one
//     top-level value, a top level that is not an object, nesting deeper
//     than MaxDepth.
//
// After Check, encoding/json reads exactly what an exact-name reader reads:
// every known field appears at most once, with its exact name, and no other
// member folds to it. Unmarshal is Check followed by json.Unmarshal.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxDepth bounds the nesting of objects and arrays.
const MaxDepth = 64

// Schema says which member names an object knows, and what lies below
// them. A nil *Schema knows nothing: any member is accepted once (names
// are still checked for duplicates at every depth).
type Schema struct {
	// Fields are the known member names, each with the schema of its
	// value (nil: anything).
	Fields map[string]*Schema
	// Elem is the schema of every element of an array, and of every
	// member of an object whose names are free (a Go map).
	Elem *Schema
}

// Error is a refused document. Its text names the member path and the
// problem, never a value.
type Error struct {
	// Path is the dotted path of the object holding the problem ("" for
	// the top level), e.g. "risk_assessment.assessments".
	Path string
	// Problem says what is wrong.
	Problem string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Problem
	}
	return e.Problem + " (in " + e.Path + ")"
}

// ErrStrict matches every *Error with errors.Is.
var ErrStrict = errors.New("strictjson: refused")

// Is reports whether target is ErrStrict.
func (e *Error) Is(target error) bool { return target == ErrStrict }

type frame struct {
	object bool
	schema *Schema
	name   string // the member this value sits under ("[]" in an array)
	member string // an object frame's member whose value comes next
	seen   []string
	seenM  map[string]struct{}
	next   *Schema // schema of the value after the key just read
	key    bool    // an object frame expects a key next
}

// seenBefore records name and reports whether it was already there.
func (f *frame) seenBefore(name string) bool {
	if f.seenM != nil {
		if _, ok := f.seenM[name]; ok {
			return true
		}
		f.seenM[name] = struct{}{}
		return false
	}
	for _, s := range f.seen {
		if s == name {
			return true
		}
	}
	if len(f.seen) < 16 {
		f.seen = append(f.seen, name)
		return false
	}
	f.seenM = make(map[string]struct{}, 32)
	for _, s := range f.seen {
		f.seenM[s] = struct{}{}
	}
	f.seenM[name] = struct{}{}
	f.seen = nil
	return false
}

// Check reports whether data is one JSON object that s's fields read
// unambiguously (see the package doc); the error is an *Error, or a syntax
// error wrapped in one.
func Check(data []byte, s *Schema) error {
	if !utf8.Valid(data) {
		return &Error{Problem: "the document is not valid UTF-8"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []*frame
	path := func() string {
		var b strings.Builder
		for i, f := range stack {
			if i == 0 {
				continue
			}
			if b.Len() > 0 && f.name != "[]" {
				b.WriteByte('.')
			}
			b.WriteString(f.name)
		}
		return b.String()
	}
	fail := func(problem string) error { return &Error{Path: path(), Problem: problem} }
	started := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if !started {
				return &Error{Problem: "the document is empty"}
			}
			if len(stack) > 0 {
				return fail("the document ends early")
			}
			return nil
		}
		if err != nil {
			return &Error{Path: path(), Problem: "malformed JSON: " + syntaxProblem(err)}
		}
		if started && len(stack) == 0 {
			return &Error{Problem: "more than one JSON value"}
		}
		if !started {
			started = true
			if d, ok := tok.(json.Delim); !ok || d != '{' {
				return &Error{Problem: "the document is not a JSON object"}
			}
			stack = append(stack, &frame{object: true, key: true, schema: s})
			continue
		}
		top := stack[len(stack)-1]
		if top.object && top.key {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				continue
			}
			name, ok := tok.(string)
			if !ok {
				return fail("malformed JSON: a member name is not a string")
			}
			if top.seenBefore(name) {
				return fail("duplicate member " + quote(name))
			}
			top.next = nil
			if top.schema != nil {
				if sub, known := top.schema.Fields[name]; known {
					top.next = sub
				} else {
					for field := range top.schema.Fields {
						if strings.EqualFold(field, name) {
							return fail("member " + quote(name) + " is not " + strconv.Quote(field) +
								": member names are case-sensitive")
						}
					}
					top.next = top.schema.Elem
				}
			}
			top.key = false
			top.member = name // the next token is this member's value
			continue
		}
		// A value: in an object (after its key) or in an array.
		var sub *Schema
		var name string
		if top.object {
			sub, name = top.next, top.member
			top.key = true
		} else {
			if d, ok := tok.(json.Delim); ok && d == ']' {
				stack = stack[:len(stack)-1]
				continue
			}
			if top.schema != nil {
				sub = top.schema.Elem
			}
			name = "[]"
		}
		if d, ok := tok.(json.Delim); ok {
			if len(stack) >= MaxDepth {
				return fail("nesting deeper than " + strconv.Itoa(MaxDepth))
			}
			switch d {
			case '{':
				stack = append(stack, &frame{object: true, key: true, schema: sub, name: name})
			case '[':
				stack = append(stack, &frame{schema: sub, name: name})
			}
		}
	}
}

// quote quotes a member name for an error, cut to 64 bytes.
func quote(name string) string {
	if len(name) > 64 {
		cut := 64
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		return strconv.Quote(name[:cut]) + "..."
	}
	return strconv.Quote(name)
}

func syntaxProblem(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Error() + " at byte " + strconv.FormatInt(se.Offset, 10)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end"
	}
	return err.Error()
}

// Unmarshal checks data against s (see Check) and decodes it into v with
// encoding/json.
func Unmarshal(data []byte, s *Schema, v any) error {
	if err := Check(data, s); err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// SchemaOf returns the schema of t's JSON form: for a struct, its fields'
// JSON names (tags, or the Go name; "-" skipped; embedded structs' fields
// promoted) with the schema of each field's type; for maps and slices, the
// schema of their elements; nil for anything else (and for types that
// decode themselves, such as json.RawMessage).
func SchemaOf(t reflect.Type) *Schema {
	return schemaOf(t, map[reflect.Type]*Schema{})
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func schemaOf(t reflect.Type, seen map[reflect.Type]*Schema) *Schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := seen[t]; ok {
		return s
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		s := &Schema{Fields: map[string]*Schema{}}
		seen[t] = s
		addFields(s, t, seen)
		return s
	case reflect.Map:
		if e := schemaOf(t.Elem(), seen); e != nil {
			return &Schema{Elem: e}
		}
	case reflect.Slice, reflect.Array:
		if e := schemaOf(t.Elem(), seen); e != nil {
			return &Schema{Elem: e}
		}
	}
	return nil
}

func addFields(s *Schema, t reflect.Type, seen map[reflect.Type]*Schema) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				addFields(s, ft, seen)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		s.Fields[name] = schemaOf(f.Type, seen)
	}
}
