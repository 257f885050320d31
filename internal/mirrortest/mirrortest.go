// Package mirrortest checks, in tests, that an unexported struct holding a
// public configuration's validation rules mirrors that configuration: the
// same field names and types (the errors report them as the public
// struct's), a rule on every field, and a conversion that copies each one.
//
// The public configurations (auth0mgmt.Config, riskscore.Policy,
// seczetta.Config, biometric.Config) keep their validator tags off the
// public API this way; this package keeps the mirror honest.
package mirrortest

import (
	"reflect"
	"testing"
)

// Check fails t when R has a field P lacks or types differently, a field
// without a `validate` rule, or a field that rules (the conversion from P to
// R, given a pointer so that it works for value and pointer receivers) does
// not copy. R may be a struct or a pointer to one.
func Check[P, R any](t *testing.T, rules func(*P) R) {
	t.Helper()
	var p P
	pv := reflect.ValueOf(&p).Elem()
	rt := reflect.TypeFor[R]()
	if rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	for i := range rt.NumField() {
		rf := rt.Field(i)
		pf, ok := pv.Type().FieldByName(rf.Name)
		switch {
		case !ok:
			t.Errorf("%s.%s: %s has no such field", rt.Name(), rf.Name, pv.Type().Name())
			continue
		case pf.Type != rf.Type:
			t.Errorf("%s.%s is %v, %s's is %v", rt.Name(), rf.Name, rf.Type, pv.Type().Name(), pf.Type)
			continue
		case rf.Tag.Get("validate") == "":
			t.Errorf("%s.%s has no rule", rt.Name(), rf.Name)
		}
		pv.FieldByName(rf.Name).Set(distinct(t, rf.Type, rf.Name, i+1))
	}
	got := reflect.Indirect(reflect.ValueOf(rules(&p)))
	for i := range rt.NumField() {
		name := rt.Field(i).Name
		if !reflect.DeepEqual(got.Field(i).Interface(), pv.FieldByName(name).Interface()) {
			t.Errorf("the conversion to %s does not copy %s", rt.Name(), name)
		}
	}
}

// distinct is a value of type typ that is not its zero value and differs
// from that of every other field (name and n are the field's name and
// position), so that a conversion that swaps two fields is caught.
func distinct(t *testing.T, typ reflect.Type, name string, n int) reflect.Value {
	t.Helper()
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.String:
		v.SetString(name)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(n))
	case reflect.Float64:
		v.SetFloat(float64(n) + 0.5)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(typ, 1, 1))
		v.Index(0).Set(distinct(t, typ.Elem(), name, n))
	default:
		t.Fatalf("no value for %s of type %v", name, typ)
	}
	return v
}
