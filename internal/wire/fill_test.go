package wire

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// A filler makes random values of the SDK's input, output and error types
// by reflection, so that the differential tests cover every member the SDK
// has, including members added after these tests were written.
type filler struct {
	rng *rand.Rand
	// full sets every optional member; otherwise some are left unset.
	full bool
}

func newFiller(seed uint64, full bool) *filler {
	return &filler{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), full: full}
}

var (
	attributeValueType       = reflect.TypeFor[types.AttributeValue]()
	streamAttributeValueType = reflect.TypeFor[streamtypes.AttributeValue]()
	timeType                 = reflect.TypeFor[time.Time]()
	metadataType             = reflect.TypeFor[middleware.Metadata]()
)

// value returns a new random value of type t.
func (f *filler) value(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	f.fill(v, 0)
	return v
}

// skip reports whether an optional member is left unset. Elements of lists
// and maps are always set: a nil one does not travel as itself.
func (f *filler) skip(element bool) bool { return !element && !f.full && f.rng.IntN(6) == 0 }

// fill sets v, a settable value, to something random.
func (f *filler) fill(v reflect.Value, depth int) { f.fillValue(v, depth, false) }

// fillValue sets v; element tells that v is an element of a list or map.
func (f *filler) fillValue(v reflect.Value, depth int, element bool) {
	t := v.Type()
	switch {
	case t == attributeValueType:
		v.Set(reflect.ValueOf(f.attributeValue(depth)))
		return
	case t == streamAttributeValueType:
		v.Set(reflect.ValueOf(dynamo.ToStreamValue(f.attributeValue(depth))))
		return
	case t == timeType:
		// The protocol carries seconds with a fraction; the eighths of a
		// second come back exactly from the float.
		v.Set(reflect.ValueOf(time.UnixMilli(f.rng.Int64N(4e9) * 125).UTC()))
		return
	case t == metadataType:
		return
	}
	switch t.Kind() {
	case reflect.String:
		s := f.text()
		if t.PkgPath() != "" && s == "" {
			s = "ENUM" // an enum is unset when empty
		}
		v.SetString(s)
	case reflect.Bool:
		v.SetBool(f.rng.IntN(2) == 0)
	case reflect.Int32:
		v.SetInt(int64(int32(f.rng.Uint32())))
	case reflect.Int64:
		v.SetInt(int64(f.rng.Uint64()))
	case reflect.Float64:
		v.SetFloat(f.float())
	case reflect.Pointer:
		if f.skip(element) {
			return
		}
		p := reflect.New(t.Elem())
		f.fillValue(p.Elem(), depth+1, false)
		v.Set(p)
	case reflect.Slice:
		if f.skip(element) {
			return
		}
		if t.Elem().Kind() == reflect.Uint8 {
			b := make([]byte, f.rng.IntN(20))
			for i := range b {
				b[i] = byte(f.rng.Uint32())
			}
			v.SetBytes(b)
			return
		}
		n := f.rng.IntN(3)
		if depth < 4 {
			n++
		}
		s := reflect.MakeSlice(t, n, n)
		for i := range n {
			f.fillValue(s.Index(i), depth+1, true)
		}
		v.Set(s)
	case reflect.Map:
		if f.skip(element) {
			return
		}
		m := reflect.MakeMap(t)
		n := f.rng.IntN(3)
		if depth < 4 {
			n++
		}
		for range n {
			e := reflect.New(t.Elem()).Elem()
			f.fillValue(e, depth+1, true)
			m.SetMapIndex(reflect.ValueOf(f.text()).Convert(t.Key()), e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				f.fill(v.Field(i), depth)
			}
		}
	case reflect.Interface:
		// The only unions are the attribute values (above); documents
		// there are none of.
	default:
		panic(fmt.Sprintf("filler: no random %v", t))
	}
}

// texts hold the characters strings are made of: ASCII, characters JSON
// must escape, non-ASCII letters, U+2028 and emoji (surrogate pairs in
// \u escapes).
var texts = []string{"a", "Z", "0", " ", "é", "ß", "中", "😀", "\"", "\\", "/", "\n", "\t", "\x01", "\x7f", "\u2028", "<", "&", "'"}

// text returns a random string, sometimes empty.
func (f *filler) text() string {
	var b strings.Builder
	for range f.rng.IntN(12) {
		b.WriteString(texts[f.rng.IntN(len(texts))])
	}
	return b.String()
}

// numbers are DynamoDB number texts, up to 38 digits and the exponent range.
var numbers = []string{"0", "-1", "3.14159", "1E+125", "-1E-130", "12345678901234567890123456789012345678", "0.000000000000000000000000000000000001", "9.9999999999999999999999999999999999999E+125", "-7"}

// float returns a random float64 of varied magnitude.
func (f *filler) float() float64 {
	switch f.rng.IntN(4) {
	case 0:
		return float64(f.rng.IntN(1000))
	case 1:
		return f.rng.Float64() * 1e-7
	case 2:
		return f.rng.NormFloat64() * 1e22
	}
	return f.rng.Float64()
}

// attributeValue returns a random attribute value of any type; containers
// nest a few levels.
func (f *filler) attributeValue(depth int) types.AttributeValue {
	kinds := 10
	if depth > 3 {
		kinds = 8 // no more L or M
	}
	switch f.rng.IntN(kinds) {
	case 0:
		return &types.AttributeValueMemberS{Value: f.text()}
	case 1:
		return &types.AttributeValueMemberN{Value: numbers[f.rng.IntN(len(numbers))]}
	case 2:
		b := make([]byte, f.rng.IntN(40))
		for i := range b {
			b[i] = byte(f.rng.Uint32())
		}
		return &types.AttributeValueMemberB{Value: b}
	case 3:
		return &types.AttributeValueMemberBOOL{Value: f.rng.IntN(2) == 0}
	case 4:
		return &types.AttributeValueMemberNULL{Value: true}
	case 5:
		return &types.AttributeValueMemberSS{Value: []string{f.text(), f.text() + "x"}}
	case 6:
		return &types.AttributeValueMemberNS{Value: []string{numbers[f.rng.IntN(len(numbers))], "42"}}
	case 7:
		return &types.AttributeValueMemberBS{Value: [][]byte{{1, 2, 3}, {}, {0xff}}}
	case 8:
		l := make([]types.AttributeValue, f.rng.IntN(4))
		for i := range l {
			l[i] = f.attributeValue(depth + 1)
		}
		return &types.AttributeValueMemberL{Value: l}
	default:
		m := map[string]types.AttributeValue{}
		for range f.rng.IntN(4) {
			m[f.text()] = f.attributeValue(depth + 1)
		}
		return &types.AttributeValueMemberM{Value: m}
	}
}
