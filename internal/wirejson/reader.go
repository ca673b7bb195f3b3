package wirejson

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// A Reader walks the DynamoDB JSON of an item: objects of attribute values,
// each an object of one member named by its type ({"S":"x"}). Strings
// without escapes are returned as substrings of the input.
//
// Errors are sticky: the first is kept and every later read returns a zero
// value, so callers check Err once.
type Reader struct{ Scanner }

// itemSyntax names an item's JSON in a Reader's errors.
var itemSyntax = Syntax{Name: "item JSON"}

// Reset makes r read s from its start.
func (r *Reader) Reset(s string) { r.Scanner.Reset(s, &itemSyntax) }

// Tag enters an attribute value and reads its type name ("S", "L"...);
// its payload comes next, then End.
func (r *Reader) Tag() string {
	// The usual {"S": without whitespace or escapes, read at once.
	if r.err == nil && r.pos+1 < len(r.s) && r.s[r.pos] == '{' && r.s[r.pos+1] == '"' {
		for i := r.pos + 2; i < len(r.s) && i < r.pos+8; i++ {
			if c := r.s[i]; c == '"' {
				if i+1 == len(r.s) || r.s[i+1] != ':' {
					break
				}
				tag := r.s[r.pos+2 : i]
				r.pos = i + 2
				if r.depth++; r.depth > maxDepth {
					r.tooDeep()
				}
				return tag
			} else if c == '\\' || c < 0x20 {
				break
			}
		}
	}
	r.Enter('{')
	if !r.More('}', true) {
		r.SyntaxError("attribute value without a type")
		return ""
	}
	return r.Key()
}

// End ends the attribute value whose payload was read.
func (r *Reader) End() {
	if r.More('}', false) {
		r.SyntaxError("attribute value with more than one type")
	}
}

// Item reads an object of attribute values as SDK values.
func (r *Reader) Item() map[string]types.AttributeValue {
	m := make(map[string]types.AttributeValue)
	r.Enter('{')
	for first := true; r.More('}', first); first = false {
		k := r.Key()
		m[k] = r.AttributeValue()
	}
	if r.err != nil {
		return nil
	}
	return m
}

// AttributeValue reads one attribute value as an SDK value.
func (r *Reader) AttributeValue() types.AttributeValue {
	v := r.Payload(r.Tag())
	r.End()
	if r.err != nil {
		return nil
	}
	return v
}

// SkipAttributeValue reads one attribute value and discards it, checking
// it as AttributeValue does, without building it (blobs aside): decoders
// pass over the attributes they have no field for with it.
func (r *Reader) SkipAttributeValue() {
	switch tag := r.Tag(); tag {
	case "S", "N":
		_ = r.String()
	case "B":
		r.Blob()
	case "BOOL", "NULL":
		r.Bool()
	case "SS", "NS", "BS", "L":
		r.Enter('[')
		for first := true; r.More(']', first); first = false {
			switch tag {
			case "BS":
				r.Blob()
			case "L":
				r.SkipAttributeValue()
			default:
				_ = r.String()
			}
		}
	case "M":
		r.Enter('{')
		for first := true; r.More('}', first); first = false {
			r.Key()
			r.SkipAttributeValue()
		}
	default:
		if r.err == nil {
			r.SyntaxError("unknown attribute value type " + tag)
		}
	}
	r.End()
}

// Payload reads the payload of an attribute value of type tag (see Tag)
// as an SDK value.
func (r *Reader) Payload(tag string) types.AttributeValue {
	var v types.AttributeValue
	switch tag {
	case "S":
		v = &types.AttributeValueMemberS{Value: r.String()}
	case "N":
		v = &types.AttributeValueMemberN{Value: r.String()}
	case "B":
		v = &types.AttributeValueMemberB{Value: r.Blob()}
	case "BOOL":
		v = &types.AttributeValueMemberBOOL{Value: r.Bool()}
	case "NULL":
		v = &types.AttributeValueMemberNULL{Value: r.Bool()}
	case "SS", "NS":
		var l []string
		r.Enter('[')
		for first := true; r.More(']', first); first = false {
			l = append(l, r.String())
		}
		if tag == "SS" {
			v = &types.AttributeValueMemberSS{Value: l}
		} else {
			v = &types.AttributeValueMemberNS{Value: l}
		}
	case "BS":
		var l [][]byte
		r.Enter('[')
		for first := true; r.More(']', first); first = false {
			l = append(l, r.Blob())
		}
		v = &types.AttributeValueMemberBS{Value: l}
	case "L":
		l := []types.AttributeValue{}
		r.Enter('[')
		for first := true; r.More(']', first); first = false {
			l = append(l, r.AttributeValue())
		}
		v = &types.AttributeValueMemberL{Value: l}
	case "M":
		v = &types.AttributeValueMemberM{Value: r.Item()}
	default:
		if r.err == nil {
			r.SyntaxError("unknown attribute value type " + tag)
		}
	}
	if r.err != nil {
		return nil
	}
	return v
}
