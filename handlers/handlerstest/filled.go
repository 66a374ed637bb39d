// Package handlerstest gives the adapters' tests what they share about
// handlers.Reply: a reply with every field filled with a marker (to prove a
// renderer drops nothing) and a list of realistic questions covering every
// command in both locales (to hold the three surfaces to the same answer).
package handlerstest

import (
	"fmt"
	"reflect"
	"strings"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// Leaf is one field of handlers.Reply, nested fields included, named by
// its path: "Title", "Fields[].Note", "Table.Rows[][]", "Sources[].Year".
type Leaf struct {
	Path string
	// Marker is the text Filled puts in a string or int field, distinct
	// from every other marker and safe in every platform's markup (letters
	// and digits only). It is empty for fields whose value is a choice (a
	// Status, a Locale, a bool), which a renderer shows by what it does.
	Marker string
}

// choices are the values Filled gives fields that hold a choice rather
// than text: a non-default one, so that showing it can be checked.
var choices = map[string]func(i int) reflect.Value{
	"Visibility":      func(int) reflect.Value { return reflect.ValueOf(handlers.Private) },
	"Status":          func(int) reflect.Value { return reflect.ValueOf(handlers.StatusNotFound) },
	"Locale":          func(int) reflect.Value { return reflect.ValueOf(knowledge.EN) },
	"Fields[].Inline": func(i int) reflect.Value { return reflect.ValueOf(i%2 == 0) },
	// A chart is filled as a valid one (Validate passes): two range
	// points, so Value stays zero and Low/High carry the numbers.
	"Charts[].Kind": func(i int) reflect.Value {
		return reflect.ValueOf([]handlers.ChartKind{handlers.ChartBar, handlers.ChartLine}[i%2])
	},
	"Charts[].Unit":           func(int) reflect.Value { return reflect.ValueOf(knowledge.UnitManYenYear) },
	"Charts[].ValueKind":      func(int) reflect.Value { return reflect.ValueOf(knowledge.KindRange) },
	"Charts[].Points[].Value": func(int) reflect.Value { return reflect.ValueOf(0.0) },
	"Charts[].Points[].Low":   func(i int) reflect.Value { return reflect.ValueOf(700.0 + 100*float64(i)) },
	"Charts[].Points[].High":  func(i int) reflect.Value { return reflect.ValueOf(1000.0 + 100*float64(i)) },
	"Actions[].Kind": func(i int) reflect.Value {
		return reflect.ValueOf([]handlers.ActionKind{handlers.ActionShare, handlers.ActionMore}[i%2])
	},
}

// Leaves lists every field of handlers.Reply, found by reflection, so that
// a field added later is in the list without anyone remembering to add it.
func Leaves() []Leaf {
	var out []Leaf
	walk(reflect.TypeOf(handlers.Reply{}), "", &out)
	return out
}

func walk(t reflect.Type, path string, out *[]Leaf) {
	switch t.Kind() {
	case reflect.Pointer:
		walk(t.Elem(), path, out)
	case reflect.Slice:
		walk(t.Elem(), path+"[]", out)
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			p := f.Name
			if path != "" {
				p = path + "." + f.Name
			}
			walk(f.Type, p, out)
		}
	default:
		l := Leaf{Path: path}
		if _, choice := choices[path]; !choice {
			l.Marker = Marker(path)
		}
		*out = append(*out, l)
	}
}

// numbers are the markers of int fields: a year no answer cites.
var numbers = map[string]string{"Sources[].Year": "1987"}

// Marker is the marker for the text field at path: "MkFieldsNoteX" for
// "Fields[].Note". An int field's marker is a number from its path.
func Marker(path string) string {
	if n, ok := numbers[path]; ok {
		return n
	}
	return "Mk" + strings.NewReplacer("[]", "", ".", "").Replace(path) + "X"
}

// Filled is a reply with every field set: each text field holds its
// Marker, each slice two elements, each pointer a value, and each choice a
// non-default value (see Leaf.Marker). It panics, naming the field, when
// handlers.Reply gains a field of a kind it cannot fill: teach it, and
// every adapter's test then checks the new field.
func Filled() handlers.Reply {
	var r handlers.Reply
	fill(reflect.ValueOf(&r).Elem(), "", 0)
	return r
}

func fill(v reflect.Value, path string, index int) {
	if c, ok := choices[path]; ok {
		v.Set(c(index).Convert(v.Type()))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), path, index)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), path+"[]", i)
		}
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			p := f.Name
			if path != "" {
				p = path + "." + f.Name
			}
			fill(v.Field(i), p, index)
		}
	case reflect.String:
		if v.Type() != reflect.TypeOf("") {
			panic(fmt.Sprintf("handlerstest: %s is a %s: add a value for it to choices", path, v.Type()))
		}
		v.SetString(Marker(path))
	case reflect.Int:
		n, ok := numbers[path]
		if !ok || v.Type() != reflect.TypeOf(0) {
			panic(fmt.Sprintf("handlerstest: %s is a %s: add a marker for it to numbers", path, v.Type()))
		}
		var i int
		fmt.Sscan(n, &i)
		v.SetInt(int64(i))
	default:
		panic(fmt.Sprintf("handlerstest: cannot fill %s (%s): add a value for it to choices", path, v.Type()))
	}
}
