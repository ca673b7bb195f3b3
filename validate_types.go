package ddb

import (
	"fmt"
	"reflect"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Types are checked when a table is declared and before a destination
// receives an item, so that a field no item could be written with, or a
// destination no item could be read into, fails at once rather than at
// every call.

// checkCodable reports what in type t (with format f) the codec can neither
// encode nor decode: channels, functions, complex numbers, unsafe pointers,
// maps whose keys are not strings, and structs, slices, maps and pointers
// holding any of them. Interfaces are checked when their values are.
func checkCodable(t reflect.Type, f format) error {
	return codableChecker{seen: map[codecKey]bool{}}.check(t, f)
}

// codableChecker walks a type graph; seen holds the types under way, so
// that recursive types end.
type codableChecker struct {
	seen map[codecKey]bool
}

func (c codableChecker) check(t reflect.Type, f format) error {
	key := codecKey{t, f}
	if c.seen[key] {
		return nil
	}
	c.seen[key] = true
	encodes, _ := implements(t, marshalerType)
	decodes, _ := implements(t, unmarshalerType)
	textEncodes, _ := implements(t, textMarshalerType)
	textDecodes, _ := implements(t, textUnmarshalType)
	if (encodes || textEncodes) && (decodes || textDecodes) {
		return nil
	}
	elem := format{time: f.time}
	switch class := classify(t, f); class {
	case classUnsupported:
		switch {
		case encodes || textEncodes:
			return fmt.Errorf("type %s encodes itself but has no UnmarshalAttributeValue or UnmarshalText method to decode", t)
		case decodes || textDecodes:
			return fmt.Errorf("type %s decodes itself but has no MarshalAttributeValue or MarshalText method to encode", t)
		case t.Kind() == reflect.Map:
			return fmt.Errorf("type %s: map keys must be strings (a map[T]struct{} of strings, numbers or bytes is a set)", t)
		}
		return fmt.Errorf("type %s has no DynamoDB encoding (implement Marshaler and Unmarshaler to give it one)", t)
	case classPointer:
		return c.check(t.Elem(), f)
	case classList, classMap:
		if err := c.check(t.Elem(), elem); err != nil {
			return fmt.Errorf("element of %s: %w", t, err)
		}
	case classStruct:
		info, err := structInfoFor(t)
		if err != nil {
			return err
		}
		for _, fi := range info.fields {
			if err := c.check(fi.typ, fi.format); err != nil {
				return fmt.Errorf("%s: %w", fi.goName, err)
			}
		}
	}
	return nil
}

// declaredKeyType returns the key type a Marshaler type declares with
// KeyType (see KeyTyper), or "" when it declares none or one that is not
// S, N or B.
func declaredKeyType(t reflect.Type) types.ScalarAttributeType {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if ok, _ := implements(t, keyTyperType); !ok {
		return ""
	}
	k := declaredKeyTypeText(t)
	if !k.isKeyType() {
		return ""
	}
	return types.ScalarAttributeType(k)
}

// keyTypeHint says how to make a field of type t a key, when t encodes
// itself (a Marshaler's values may have any type): "" for other types.
func keyTypeHint(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if ok, _ := implements(t, marshalerType); !ok {
		return ""
	}
	if ok, _ := implements(t, keyTyperType); ok {
		return fmt.Sprintf("; %s.KeyType returns %q", t, declaredKeyTypeText(t))
	}
	return fmt.Sprintf("; %s encodes itself (Marshaler), so its type is not known: give it a method KeyType() ddb.AttrType returning the type it encodes as (see KeyTyper)", t)
}

// declaredKeyTypeText returns what KeyType of t, a KeyTyper, returns.
func declaredKeyTypeText(t reflect.Type) AttrType {
	_, byPtr := implements(t, keyTyperType)
	if byPtr {
		return reflect.New(t).Interface().(KeyTyper).KeyType()
	}
	return reflect.Zero(t).Interface().(KeyTyper).KeyType()
}
