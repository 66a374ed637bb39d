package handlers_test

import (
	"reflect"
	"testing"

	"careerbot/handlers"
)

// fill sets every field of v (recursively) to a non-zero value, so that a
// field added to Reply later is covered by the test below without editing it.
func fill(t *testing.T, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int64:
		v.SetInt(1)
	case reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			fill(t, v.Field(i))
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := 0; i < 2; i++ {
			fill(t, s.Index(i))
		}
		v.Set(s)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(t, p.Elem())
		v.Set(p)
	default:
		t.Fatalf("fill does not know %s (%s): teach it, and check that Reply.Clone copies it", v.Type(), v.Kind())
	}
}

// shared reports the first slice or pointer that a and b have in common.
func shared(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if p := shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
				return p
			}
		}
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			return path
		}
		for i := 0; i < a.Len(); i++ {
			if p := shared(a.Index(i), b.Index(i), path+"[]"); p != "" {
				return p
			}
		}
	case reflect.Pointer:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			return path
		}
		if !a.IsNil() {
			return shared(a.Elem(), b.Elem(), path)
		}
	}
	return ""
}

func TestReplyClone(t *testing.T) {
	var r handlers.Reply
	fill(t, reflect.ValueOf(&r).Elem())
	c := r.Clone()
	if !reflect.DeepEqual(r, c) {
		t.Fatalf("the clone differs:\n%+v\n%+v", r, c)
	}
	if p := shared(reflect.ValueOf(r), reflect.ValueOf(c), "Reply"); p != "" {
		t.Errorf("the clone shares %s with the original", p)
	}
	var zero handlers.Reply
	if !reflect.DeepEqual(zero.Clone(), zero) {
		t.Error("cloning an empty reply made something of nothing")
	}
}
