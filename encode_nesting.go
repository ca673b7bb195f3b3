package ddb

import "reflect"

// How deep the encoders go. A value that refers to itself (a struct
// pointing to itself, a map holding itself) has no end: the encoders count
// the lists and maps they enter, and refuse to go deeper than DynamoDB
// stores, and they follow the pointers and interfaces between two of them
// in a loop of bounded length, so that such a value is an error instead of
// a stack overflow.

// maxNesting is how deep DynamoDB nests lists and maps, the item counted:
// the depth of a value is the number of lists and maps around it, the item
// included (an item's attributes are at depth 1), and a list or map at
// depth maxNesting or deeper is refused.
const maxNesting = 32

// attributeDepth is the depth of a value encoded on its own (MarshalValue,
// the values of expressions): that of an attribute.
const attributeDepth = 1

// maxIndirections is how many pointers and interfaces in a row held
// follows.
const maxIndirections = 32

// tooDeep is the error of the list or map v at depth maxNesting.
func tooDeep(v reflect.Value) error {
	return encodeErr(v.Type(), nil, "lists and maps nested deeper than the %d levels DynamoDB stores (does the value refer to itself?)", maxNesting)
}

// held returns what the interface v holds, with its codec: the value
// reached through the pointers to pointers or interfaces, and the
// interfaces, that it holds in turn (they encode as what they point to or
// hold). The codec is nil when a nil among them leaves no value, and with
// an error.
func held(v reflect.Value) (*codec, reflect.Value, error) {
	for range maxIndirections {
		if v.IsNil() {
			return nil, v, nil
		}
		if v = v.Elem(); !isIndirection(v.Type()) {
			c, err := codecFor(v.Type(), format{})
			return c, v, err
		}
	}
	return nil, v, encodeErr(v.Type(), nil, "more than %d pointers and interfaces in a row (does the value refer to itself?)", maxIndirections)
}

// isIndirection reports whether t is an interface, or a pointer to a
// pointer or to an interface, types.AttributeValue aside: what held
// follows. Any other pointer leads to a scalar or to a list or map, whose
// codec handles it.
func isIndirection(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t != attributeValueType && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface)
}
