package wire

import (
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/wirejson"
)

// errManyTypes is the error for an attribute value with more than one data
// type, which the SDK's union cannot hold either.
var errManyTypes = errors.New("attribute value has more than one data type")

// item reads a map of attribute values (an item, a key, or the M of a
// value). A null value in the map reads as a nil attribute value.
func (r *reader) item() map[string]types.AttributeValue { return r.sizedItem(0) }

// sizedItem reads a map of attribute values expected to hold about n of
// them.
func (r *reader) sizedItem(n int) map[string]types.AttributeValue {
	r.Enter('{')
	m := make(map[string]types.AttributeValue, n)
	for first := true; r.More('}', first); first = false {
		k := r.Key()
		if r.Null() {
			m[k] = nil
			continue
		}
		m[k] = r.attributeValue()
	}
	return m
}

// items reads a list of maps of attribute values; n is how many are
// expected, when known. Each map is made as large as the one before: the
// items of a page mostly have the same attributes, and a map that grows
// while filled allocates again.
func (r *reader) items(n int) []map[string]types.AttributeValue {
	r.Enter('[')
	l := make([]map[string]types.AttributeValue, 0, min(max(n, 4), 1024))
	size := 0
	for first := true; r.More(']', first); first = false {
		if r.Null() {
			l = append(l, nil)
			continue
		}
		m := r.sizedItem(size)
		size = len(m)
		l = append(l, m)
	}
	return l
}

// attributeValue reads one attribute value, {"<type>": value}. Members
// that are null or of an unknown type are skipped, as the SDK does; a
// value with none left reads as nil.
func (r *reader) attributeValue() types.AttributeValue {
	// Fast path: a string or number written compactly, as DynamoDB writes
	// them, which most values are.
	if rest := r.Rest(); len(rest) > 6 && rest[0] == '{' && rest[1] == '"' && rest[3] == '"' && rest[4] == ':' && rest[5] == '"' && (rest[2] == 'S' || rest[2] == 'N') {
		text, end, msg := wirejson.ReadString(rest, 5)
		if msg == "" && end < len(rest) && rest[end] == '}' {
			r.Advance(end + 1)
			if rest[2] == 'S' {
				return r.newS(text)
			}
			return r.newN(text)
		}
		// Not the whole value: read it the general way.
	}
	r.Enter('{')
	var v types.AttributeValue
	for first := true; r.More('}', first); first = false {
		k := r.Key()
		if r.Null() {
			continue
		}
		member := r.attributeMember(k)
		if member == nil {
			continue
		}
		if v != nil {
			r.Fail(errManyTypes)
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
		return r.newS(r.String())
	case "N":
		return r.newN(r.String())
	case "B":
		return &types.AttributeValueMemberB{Value: r.Blob()}
	case "BOOL":
		return &types.AttributeValueMemberBOOL{Value: r.Bool()}
	case "NULL":
		return &types.AttributeValueMemberNULL{Value: r.Bool()}
	case "SS":
		return &types.AttributeValueMemberSS{Value: r.stringList()}
	case "NS":
		return &types.AttributeValueMemberNS{Value: r.stringList()}
	case "BS":
		r.Enter('[')
		l := make([][]byte, 0, 4)
		for first := true; r.More(']', first); first = false {
			if r.Null() {
				l = append(l, nil)
				continue
			}
			l = append(l, r.Blob())
		}
		return &types.AttributeValueMemberBS{Value: l}
	case "L":
		r.Enter('[')
		l := make([]types.AttributeValue, 0, 4)
		for first := true; r.More(']', first); first = false {
			if r.Null() {
				l = append(l, nil)
				continue
			}
			l = append(l, r.attributeValue())
		}
		return &types.AttributeValueMemberL{Value: l}
	case "M":
		return &types.AttributeValueMemberM{Value: r.item()}
	}
	r.Skip()
	return nil
}

// stringList reads a list of strings; a null element reads as "".
func (r *reader) stringList() []string {
	r.Enter('[')
	l := make([]string, 0, 4)
	for first := true; r.More(']', first); first = false {
		if r.Null() {
			l = append(l, "")
			continue
		}
		l = append(l, r.String())
	}
	return l
}

// slabWindow is how much of the body ahead a slab is sized for.
const slabWindow = 16 << 10

// A slab hands out values allocated together: decoding a response
// allocates its strings and numbers a slab at a time rather than one by
// one, each slab as large as the next slabWindow bytes of the body have
// values of its type (counted by their compact spelling, which DynamoDB
// writes). A value kept from a response keeps its slab (and the response
// body its text points into) alive, as the SDK's decoder keeps its string
// arena.
type slab[T any] struct{ free []T }

// take returns a pointer to the slab's next zero value; the slab must not
// be empty.
func (s *slab[T]) take() *T {
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// fill gives an empty slab n new values.
func (s *slab[T]) fill(n int) {
	if len(s.free) == 0 && n > 0 {
		s.free = make([]T, n)
	}
}

// newS returns a string attribute value from the reader's slab.
func (r *reader) newS(s string) types.AttributeValue {
	if len(r.strings.free) == 0 {
		r.fillSlabs(1, 0)
	}
	v := r.strings.take()
	v.Value = s
	return v
}

// newN returns a number attribute value from the reader's slab.
func (r *reader) newN(s string) types.AttributeValue {
	if len(r.numbers.free) == 0 {
		r.fillSlabs(0, 1)
	}
	v := r.numbers.take()
	v.Value = s
	return v
}

// fillSlabs gives each empty slab as many values as the next slabWindow
// bytes of the body hold of its type, plus strs or nums: the values about
// to be made, which the cursor has passed. Both are counted in one pass, so
// that a page of fewer than slabWindow bytes is read twice, not three
// times.
func (r *reader) fillSlabs(strs, nums int) {
	rest := r.Rest()
	s, n := compactValues(rest[:min(len(rest), slabWindow)])
	r.strings.fill(s + strs)
	r.numbers.fill(n + nums)
}

// compactValues counts the string and number attribute values written
// compactly ({"S": and {"N":) in s.
func compactValues(s string) (strs, nums int) {
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 || i+5 > len(s) {
			return strs, nums
		}
		if s[i+1] == '"' && s[i+3] == '"' && s[i+4] == ':' {
			switch s[i+2] {
			case 'S':
				strs++
			case 'N':
				nums++
			}
		}
		s = s[i+1:]
	}
}
