package wire

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// errManyTypes is the error for an attribute value with more than one data
// type, which the SDK's union cannot hold either.
var errManyTypes = errors.New("attribute value has more than one data type")

// item reads a map of attribute values (an item, a key, or the M of a
// value). A null value in the map reads as a nil attribute value.
func (r *reader) item() map[string]types.AttributeValue {
	r.enter('{')
	m := make(map[string]types.AttributeValue, 8)
	for first := true; r.more('}', first); first = false {
		k := r.key()
		if r.null() {
			m[k] = nil
			continue
		}
		m[k] = r.attributeValue()
	}
	return m
}

// items reads a list of maps of attribute values.
func (r *reader) items() []map[string]types.AttributeValue {
	r.enter('[')
	l := make([]map[string]types.AttributeValue, 0, 16)
	for first := true; r.more(']', first); first = false {
		if r.null() {
			l = append(l, nil)
			continue
		}
		l = append(l, r.item())
	}
	return l
}

// attributeValue reads one attribute value, {"<type>": value}. Members
// that are null or of an unknown type are skipped, as the SDK does; a
// value with none left reads as nil.
func (r *reader) attributeValue() types.AttributeValue {
	r.enter('{')
	var v types.AttributeValue
	for first := true; r.more('}', first); first = false {
		k := r.key()
		if r.null() {
			continue
		}
		member := r.attributeMember(k)
		if member == nil {
			continue
		}
		if v != nil {
			r.fail(errManyTypes)
		}
		v = member
	}
	return v
}

// attributeMember reads the value of the data type member named k, or
// skips it and returns nil if k is no data type.
func (r *reader) attributeMember(k string) types.AttributeValue {
	switch k {
	case "S":
		return &types.AttributeValueMemberS{Value: r.stringValue()}
	case "N":
		return &types.AttributeValueMemberN{Value: r.stringValue()}
	case "B":
		return &types.AttributeValueMemberB{Value: r.blob()}
	case "BOOL":
		return &types.AttributeValueMemberBOOL{Value: r.boolValue()}
	case "NULL":
		return &types.AttributeValueMemberNULL{Value: r.boolValue()}
	case "SS":
		return &types.AttributeValueMemberSS{Value: r.stringList()}
	case "NS":
		return &types.AttributeValueMemberNS{Value: r.stringList()}
	case "BS":
		r.enter('[')
		l := make([][]byte, 0, 4)
		for first := true; r.more(']', first); first = false {
			if r.null() {
				l = append(l, nil)
				continue
			}
			l = append(l, r.blob())
		}
		return &types.AttributeValueMemberBS{Value: l}
	case "L":
		r.enter('[')
		l := make([]types.AttributeValue, 0, 4)
		for first := true; r.more(']', first); first = false {
			if r.null() {
				l = append(l, nil)
				continue
			}
			l = append(l, r.attributeValue())
		}
		return &types.AttributeValueMemberL{Value: l}
	case "M":
		return &types.AttributeValueMemberM{Value: r.item()}
	}
	r.skip()
	return nil
}

// stringList reads a list of strings; a null element reads as "".
func (r *reader) stringList() []string {
	r.enter('[')
	l := make([]string, 0, 4)
	for first := true; r.more(']', first); first = false {
		if r.null() {
			l = append(l, "")
			continue
		}
		l = append(l, r.stringValue())
	}
	return l
}
