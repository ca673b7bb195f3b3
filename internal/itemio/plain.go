package itemio

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Item is a DynamoDB item: attribute names and their values.
type Item = map[string]types.AttributeValue

// The names of the single-member objects that plain JSON writes the types
// JSON has no form for as (see the package documentation).
const (
	tagB  = "$B"
	tagSS = "$SS"
	tagNS = "$NS"
	tagBS = "$BS"
	tagM  = "$M"
)

// isTag reports whether name is one of plain JSON's wrapper names.
func isTag(name string) bool {
	switch name {
	case tagB, tagSS, tagNS, tagBS, tagM:
		return true
	}
	return false
}

// plainItem converts an item to the tree encoding/json writes as its plain
// JSON.
func plainItem(item Item, path string) (map[string]any, error) {
	return convertMap(item, path, plainValue)
}

// convertMap converts the members of an item or a decoded object with
// conv, which is given each member's path.
func convertMap[In, Out any](m map[string]In, path string, conv func(In, string) (Out, error)) (map[string]Out, error) {
	out := make(map[string]Out, len(m))
	for name, x := range m {
		v, err := conv(x, joinPath(path, name))
		if err != nil {
			return nil, err
		}
		out[name] = v
	}
	return out, nil
}

// plainValue converts one attribute value to the tree of its plain JSON.
func plainValue(v types.AttributeValue, path string) (any, error) {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return v.Value, nil
	case *types.AttributeValueMemberN:
		return number(v.Value, path)
	case *types.AttributeValueMemberBOOL:
		return v.Value, nil
	case *types.AttributeValueMemberNULL:
		return nil, nil
	case *types.AttributeValueMemberB:
		return map[string]any{tagB: nonNil(v.Value)}, nil
	case *types.AttributeValueMemberSS:
		return map[string]any{tagSS: nonNil(v.Value)}, nil
	case *types.AttributeValueMemberNS:
		ns, err := numbers(v.Value, path)
		if err != nil {
			return nil, err
		}
		return map[string]any{tagNS: ns}, nil
	case *types.AttributeValueMemberBS:
		bs := make([][]byte, len(v.Value))
		for i, b := range v.Value {
			bs[i] = nonNil(b)
		}
		return map[string]any{tagBS: bs}, nil
	case *types.AttributeValueMemberL:
		return convertList(v.Value, path, plainValue)
	case *types.AttributeValueMemberM:
		m, err := plainItem(v.Value, path)
		if err != nil {
			return nil, err
		}
		if len(m) == 1 {
			for name := range m {
				if isTag(name) {
					return map[string]any{tagM: m}, nil
				}
			}
		}
		return m, nil
	}
	return nil, valueError(path, "a value of no known type (%T)", v)
}

// number returns a number's text as a json.Number, which encoding/json
// writes as is, checking that it is one.
func number(text, path string) (json.Number, error) {
	if !isJSONNumber(text) {
		return "", valueError(path, "number %q is not a decimal number", text)
	}
	return json.Number(text), nil
}

func numbers(texts []string, path string) ([]json.Number, error) {
	out := make([]json.Number, len(texts))
	for i, t := range texts {
		var err error
		if out[i], err = number(t, path); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fromPlainItem converts the tree of a decoded plain JSON object (decoded
// with UseNumber) to an item.
func fromPlainItem(m map[string]any, path string) (Item, error) {
	return convertMap(m, path, fromPlain)
}

// fromPlain converts one decoded plain JSON value to an attribute value.
func fromPlain(x any, path string) (types.AttributeValue, error) {
	switch x := x.(type) {
	case string:
		return &types.AttributeValueMemberS{Value: x}, nil
	case json.Number:
		return &types.AttributeValueMemberN{Value: string(x)}, nil
	case bool:
		return &types.AttributeValueMemberBOOL{Value: x}, nil
	case nil:
		return &types.AttributeValueMemberNULL{Value: true}, nil
	case []any:
		l, err := convertList(x, path, fromPlain)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberL{Value: l}, nil
	case map[string]any:
		if len(x) == 1 {
			for name, inner := range x {
				if isTag(name) {
					return fromTagged(name, inner, path)
				}
			}
		}
		m, err := fromPlainItem(x, path)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberM{Value: m}, nil
	}
	return nil, valueError(path, "unexpected JSON value %T", x)
}

// fromTagged converts the content of a single-member wrapper object.
func fromTagged(tag string, x any, path string) (types.AttributeValue, error) {
	switch tag {
	case tagB:
		b, err := blob(x, path)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberB{Value: b}, nil
	case tagSS:
		ss, err := stringList(x, tag, path)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberSS{Value: ss}, nil
	case tagNS:
		l, ok := x.([]any)
		if !ok {
			return nil, valueError(path, "%s holds %s, want an array of numbers", tag, kind(x))
		}
		ns := make([]string, len(l))
		for i, e := range l {
			n, ok := e.(json.Number)
			if !ok {
				return nil, valueError(path, "%s member %d is %s, want a number", tag, i, kind(e))
			}
			ns[i] = string(n)
		}
		return &types.AttributeValueMemberNS{Value: ns}, nil
	case tagBS:
		bs, err := blobList(x, tag, path)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberBS{Value: bs}, nil
	}
	// tagM
	m, ok := x.(map[string]any)
	if !ok {
		return nil, valueError(path, "%s holds %s, want an object", tag, kind(x))
	}
	item, err := fromPlainItem(m, path)
	if err != nil {
		return nil, err
	}
	return &types.AttributeValueMemberM{Value: item}, nil
}

// convertList converts the members of a list with conv, which is given
// each member's path.
func convertList[In, Out any](l []In, path string, conv func(In, string) (Out, error)) ([]Out, error) {
	out := make([]Out, len(l))
	for i, x := range l {
		var err error
		if out[i], err = conv(x, indexPath(path, i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// blobList decodes a JSON array of base64 strings, the content of what.
func blobList(x any, what, path string) ([][]byte, error) {
	l, ok := x.([]any)
	if !ok {
		return nil, valueError(path, "%s holds %s, want an array of base64 strings", what, kind(x))
	}
	return convertList(l, path, blob)
}

// blob decodes a base64 string (standard alphabet, padded).
func blob(x any, path string) ([]byte, error) {
	s, ok := x.(string)
	if !ok {
		return nil, valueError(path, "binary value is %s, want a base64 string", kind(x))
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, valueError(path, "binary value %q is not base64: %v", clip(s), err)
	}
	return b, nil
}

// stringList returns the strings of a JSON array of strings.
func stringList(x any, what, path string) ([]string, error) {
	l, ok := x.([]any)
	if !ok {
		return nil, valueError(path, "%s holds %s, want an array of strings", what, kind(x))
	}
	ss := make([]string, len(l))
	for i, e := range l {
		s, ok := e.(string)
		if !ok {
			return nil, valueError(path, "%s member %d is %s, want a string", what, i, kind(e))
		}
		ss[i] = s
	}
	return ss, nil
}

// kind names the JSON type of a decoded value, for messages.
func kind(x any) string {
	switch x.(type) {
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", x)
}

// nonNil returns s, or an empty slice for nil, which encoding/json would
// write as null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// sortedNames returns an item's attribute names in order.
func sortedNames(item Item) []string {
	names := make([]string, 0, len(item))
	for name := range item {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
