package ddb

import (
	"fmt"
	"reflect"
	"strings"
)

// The struct type of a table's or an entity's items is checked when the
// table or entity is declared, beyond the types of its fields: what the
// codec would accept but the table could not work with (items written
// that could not be read back, attributes that expressions could not
// name, keys that could be left out) fails at once rather than at every
// call, or silently.

// checkItemType reports what makes the struct type t, whose fields info
// describes, unfit to be the type of a table's or an entity's items, as a
// *fieldError.
func checkItemType(t reflect.Type, info *structInfo) error {
	if err := checkItemMethods(t); err != nil {
		return err
	}
	for _, f := range info.fields {
		if err := checkItemField(t, f); err != nil {
			return err
		}
	}
	return nil
}

// checkItemField reports a field of the item type t with a name no
// document path can hold, a table key tagged omitempty, or a field that
// decoding could not reach.
func checkItemField(t reflect.Type, f *fieldInfo) error {
	fail := func(format string, args ...any) error {
		return &fieldError{f.goName, f.name, fmt.Sprintf(format, args...)}
	}
	switch {
	case strings.ContainsAny(f.name, pathSyntax):
		return fail("attribute name %q holds '.', '[' or ']', which document paths (Attr, Project, Set) read as nesting: no expression could name the attribute", f.name)
	case (f.hash || f.rangeKey) && f.omitEmpty && f.role != roleTTL: // ttl implies omitempty; rolesOf refuses a ttl key
		return fail("a key attribute cannot be tagged omitempty: every item has its key")
	}
	if embedded := unexportedPointerOnPath(t, f.index); embedded != "" {
		return fail("promoted through %s, an embedded pointer to an unexported struct type, which decoding cannot allocate (reflect cannot set an unexported field); embed the struct by value, or export its type", embedded)
	}
	return nil
}

// unexportedPointerOnPath names ("Type.field") the embedded pointer to an
// unexported struct type through which the field at index of the struct
// type t is promoted, or returns "" when there is none.
func unexportedPointerOnPath(t reflect.Type, index []int) string {
	for _, x := range index[:len(index)-1] {
		sf := t.Field(x)
		if sf.Type.Kind() == reflect.Pointer && !sf.IsExported() {
			return typeName(t) + "." + sf.Name
		}
		t = sf.Type
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
	}
	return ""
}

// checkItemMethods reports an item type t that would encode or decode as a
// string rather than as an item: one that has, without the attribute value
// method that takes precedence, a MarshalText or UnmarshalText method,
// usually that of an embedded field such as a time.Time.
func checkItemMethods(t reflect.Type) error {
	for _, m := range []struct {
		name       string
		text, over reflect.Type
	}{
		{"MarshalText", textMarshalerType, marshalerType},
		{"UnmarshalText", textUnmarshalType, unmarshalerType},
	} {
		text, _ := implements(t, m.text)
		over, _ := implements(t, m.over)
		if !text || over {
			continue
		}
		if sf, ok := embeddedWith(t, m.text); ok {
			return &fieldError{goName: typeName(t) + "." + sf.Name, reason: fmt.Sprintf("the embedded %s gives %s its %s method, with which %s would be read and written as a string rather than as an item; make it a named field", sf.Type, typeName(t), m.name, typeName(t))}
		}
		return &fieldError{goName: typeName(t), reason: fmt.Sprintf("%s has a %s method, with which it would be read and written as a string rather than as an item", typeName(t), m.name)}
	}
	return nil
}

// embeddedWith returns the embedded field of the struct type t whose type
// implements iface (with a pointer receiver or not).
func embeddedWith(t, iface reflect.Type) (reflect.StructField, bool) {
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous && (sf.Type.Implements(iface) || reflect.PointerTo(sf.Type).Implements(iface)) {
			return sf, true
		}
	}
	return reflect.StructField{}, false
}
