package biometric

import (
	"reflect"
	"testing"
)

// configRules must keep Config's field names and types (the errors report
// them as Config's) and c.rules() must copy every one of them.
func TestRulesMirrorConfig(t *testing.T) {
	t.Parallel()
	var c Config
	pv := reflect.ValueOf(&c).Elem()
	rt := reflect.TypeFor[configRules]()
	for i := range rt.NumField() {
		rf := rt.Field(i)
		pf, ok := pv.Type().FieldByName(rf.Name)
		switch {
		case !ok:
			t.Errorf("configRules.%s: Config has no such field", rf.Name)
			continue
		case pf.Type != rf.Type:
			t.Errorf("configRules.%s is %v, Config's is %v", rf.Name, rf.Type, pf.Type)
			continue
		case rf.Tag.Get("validate") == "":
			t.Errorf("configRules.%s has no rule", rf.Name)
		}
		pv.FieldByName(rf.Name).Set(nonZero(t, rf.Type))
	}
	got := reflect.Indirect(reflect.ValueOf(c.rules()))
	for i := range rt.NumField() {
		name := rt.Field(i).Name
		if !reflect.DeepEqual(got.Field(i).Interface(), pv.FieldByName(name).Interface()) {
			t.Errorf("c.rules() does not copy %s", name)
		}
	}
}

// nonZero is a value of type t that is not its zero value.
func nonZero(t *testing.T, typ reflect.Type) reflect.Value {
	t.Helper()
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int64:
		v.SetInt(7)
	case reflect.Float64:
		v.SetFloat(7.5)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(typ, 1, 1))
		v.Index(0).Set(nonZero(t, typ.Elem()))
	default:
		t.Fatalf("no non-zero value for %v", typ)
	}
	return v
}
