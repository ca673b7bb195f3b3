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
	for _, f := range info.fields {
		if err := checkItemField(t, f); err != nil {
			return err
		}
	}
	return nil
}

// checkItemField reports a field of the item type t with a name no
// document path can hold.
func checkItemField(t reflect.Type, f *fieldInfo) error {
	fail := func(format string, args ...any) error {
		return &fieldError{f.goName, f.name, fmt.Sprintf(format, args...)}
	}
	if strings.ContainsAny(f.name, pathSyntax) {
		return fail("attribute name %q holds '.', '[' or ']', which document paths (Attr, Project, Set) read as nesting: no expression could name the attribute", f.name)
	}
	return nil
}
