package ddb

import (
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
)

// avOpts lets cmp compare attribute values, whose members have an unexported
// marker field.
var avOpts = cmp.Exporter(func(t reflect.Type) bool {
	return t.PkgPath() == reflect.TypeFor[types.AttributeValueMemberS]().PkgPath()
})

// celsius is a TextMarshaler with pointer-receiver UnmarshalText.
type celsius float64

func (c celsius) MarshalText() ([]byte, error) { return []byte(fmt.Sprintf("%gC", float64(c))), nil }

func (c *celsius) UnmarshalText(b []byte) error {
	_, err := fmt.Sscanf(string(b), "%gC", (*float64)(c))
	return err
}

// point encodes itself as "x,y" through the library's own interfaces.
type point struct{ X, Y int }

func (p point) MarshalAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: fmt.Sprintf("%d,%d", p.X, p.Y)}, nil
}

func (p *point) UnmarshalAttributeValue(av types.AttributeValue) error {
	s, ok := av.(*types.AttributeValueMemberS)
	if !ok {
		return fmt.Errorf("point needs S")
	}
	_, err := fmt.Sscanf(s.Value, "%d,%d", &p.X, &p.Y)
	return err
}

type Base struct {
	ID      string `ddb:"id,hash"`
	Created time.Time
}

type Audit struct {
	Who string `ddb:"who"`
}

type everything struct {
	Base
	*Audit
	I      int
	I8     int8
	I16    int16
	I32    int32
	I64    int64
	U      uint
	U8     uint8
	U16    uint16
	U32    uint32
	U64    uint64
	F32    float32
	F64    float64
	S      string
	B      []byte
	Arr    [4]byte
	Bool   bool
	T      time.Time
	TUnix  time.Time `ddb:",unixtime"`
	TMilli time.Time `ddb:",unixmilli"`
	ID2    uuid.UUID
	N      Number
	Ptr    *int
	PtrS   *string
	List   []string
	Ints   []int
	Fixed  [3]int
	SS     []string            `ddb:",set"`
	NS     []float64           `ddb:",set"`
	BS     [][]byte            `ddb:",set"`
	USet   []uuid.UUID         `ddb:",set"`
	MSet   map[string]struct{} `ddb:""`
	BSet   map[int]bool        `ddb:",set"`
	M      map[string]int
	Doc    map[string]any
	Any    any
	Nested struct{ A, B string }
	Deep   []map[string][]*point
	Temp   celsius
	Pt     point
	Raw    types.AttributeValue
	Named  namedString
}

type namedString string

func fullValue() everything {
	seven := 7
	s := "pointed"
	return everything{
		Base:  Base{ID: "id-1", Created: time.Date(2024, 2, 29, 12, 0, 0, 123456789, time.UTC)},
		Audit: &Audit{Who: "ana"},
		I:     -1, I8: math.MinInt8, I16: math.MaxInt16, I32: math.MinInt32, I64: math.MaxInt64,
		U: 1, U8: math.MaxUint8, U16: math.MaxUint16, U32: math.MaxUint32, U64: math.MaxUint64,
		F32: 0.1, F64: 1e125, S: "héllo", B: []byte{0, 1, 2}, Arr: [4]byte{9, 8, 7, 6}, Bool: true,
		T:      time.Date(2020, 1, 2, 3, 4, 5, 6, time.FixedZone("X", 3600)),
		TUnix:  time.Unix(1700000000, 0).UTC(),
		TMilli: time.UnixMilli(1700000000123).UTC(),
		ID2:    uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
		N:      "12345678901234567890123456789012345678",
		Ptr:    &seven, PtrS: &s,
		List: []string{"b", "a", "b"}, Ints: []int{}, Fixed: [3]int{1, 2, 3},
		SS: []string{"x", "y"}, NS: []float64{1.5, -2}, BS: [][]byte{{1}, {2}},
		USet: []uuid.UUID{uuid.MustParse("00000000-0000-0000-0000-000000000001")},
		MSet: map[string]struct{}{"k": {}}, BSet: map[int]bool{3: true},
		M: map[string]int{"one": 1}, Doc: map[string]any{"n": Number("1.5"), "l": []any{"s", true, nil}, "m": map[string]any{}},
		Any: "anything", Nested: struct{ A, B string }{"a", "b"},
		Deep: []map[string][]*point{{"p": {{1, 2}, nil}}},
		Temp: 21.5, Pt: point{3, 4}, Raw: &types.AttributeValueMemberSS{Value: []string{"raw"}}, Named: "named",
	}
}

func TestRoundTrip(t *testing.T) {
	type wrapped struct{ V any }
	full := fullValue()
	tests := []struct {
		name string
		in   any // a pointer
	}{
		{"everything", &full},
		{"zero struct", &everything{N: "0"}}, // the zero Number encodes as 0
		{"map of any", &map[string]any{"a": "x", "b": Number("2"), "c": []any{false}}},
		{"map of structs", &map[string]Base{"x": {ID: "1"}}},
		{"recursive", &node{Name: "root", Children: []node{{Name: "leaf"}}}},
		{"pointer to pointer", &struct{ P **int }{P: ptrTo(ptrTo(5))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			item, err := Marshal(tt.in)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			out := reflect.New(reflect.TypeOf(tt.in).Elem())
			if err := UnmarshalStrict(item, out.Interface()); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if diff := cmp.Diff(tt.in, out.Interface(), avOpts, cmp.AllowUnexported(everything{})); diff != "" {
				t.Errorf("round trip (-in +out):\n%s", diff)
			}
		})
	}
}

func ptrTo[T any](v T) *T { return &v }

type node struct {
	Name     string
	Children []node `ddb:",omitempty"`
}

func TestMarshalValueRoundTrip(t *testing.T) {
	for _, v := range []any{int8(-3), uint64(math.MaxUint64), 0.1, float32(0.1), "s", true, []byte("b"),
		[]any{"x", Number("1")}, map[string]any{"k": []any{}}, uuid.Nil, Number("-1.5E-3")} {
		av, err := MarshalValue(v)
		if err != nil {
			t.Fatalf("MarshalValue(%#v): %v", v, err)
		}
		out := reflect.New(reflect.TypeOf(v))
		if err := UnmarshalValue(av, out.Interface()); err != nil {
			t.Fatalf("UnmarshalValue(%#v): %v", av, err)
		}
		if diff := cmp.Diff(v, out.Elem().Interface()); diff != "" {
			t.Errorf("round trip of %T (-in +out):\n%s", v, diff)
		}
	}
}

func TestMarshalValueNoValue(t *testing.T) {
	null := &types.AttributeValueMemberNULL{Value: true}
	for _, v := range []any{nil, (*int)(nil), []string(nil), map[string]struct{}{}} {
		av, err := MarshalValue(v)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(types.AttributeValue(null), av, avOpts); diff != "" {
			t.Errorf("MarshalValue(%#v) (-want +got):\n%s", v, diff)
		}
	}
}

func TestUnmarshalLeavesMissingFields(t *testing.T) {
	w := Base{ID: "keep", Created: time.Unix(5, 0).UTC()}
	if err := Unmarshal(map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "new"}, "other": &types.AttributeValueMemberS{}}, &w); err != nil {
		t.Fatal(err)
	}
	if want := (Base{ID: "new", Created: time.Unix(5, 0).UTC()}); w != want {
		t.Errorf("got %+v, want %+v", w, want)
	}
}

func TestCodecCacheConcurrent(t *testing.T) {
	type fresh struct {
		A int
		B []fresh
	}
	var wg sync.WaitGroup
	codecsSeen := make([]*codec, 8)
	for g := range codecsSeen {
		wg.Go(func() {
			item, err := Marshal(&fresh{A: g, B: []fresh{{A: 1}}})
			if err == nil {
				var out fresh
				err = Unmarshal(item, &out)
			}
			if err != nil {
				t.Error(err)
			}
			codecsSeen[g], _ = codecFor(reflect.TypeFor[fresh](), format{})
		})
	}
	wg.Wait()
	for _, c := range codecsSeen[1:] {
		if c != codecsSeen[0] {
			t.Fatal("codecFor returned different codecs for one type after the first use")
		}
	}
}

func ExampleMarshal() {
	type Wallet struct {
		UserID  uuid.UUID `ddb:"user_id,hash"`
		Balance int       `ddb:"balance"`
		Tags    []string  `ddb:"tags,set,omitempty"`
	}
	item, err := Marshal(Wallet{UserID: uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), Balance: 100})
	if err != nil {
		panic(err)
	}
	fmt.Println(item["user_id"].(*types.AttributeValueMemberS).Value)
	fmt.Println(item["balance"].(*types.AttributeValueMemberN).Value)
	fmt.Println(len(item))
	// Output:
	// 6ba7b810-9dad-11d1-80b4-00c04fd430c8
	// 100
	// 2
}

func ExampleUnmarshal() {
	type Wallet struct {
		UserID  uuid.UUID `ddb:"user_id,hash"`
		Balance int       `ddb:"balance"`
	}
	item := map[string]types.AttributeValue{
		"user_id": &types.AttributeValueMemberS{Value: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
		"balance": &types.AttributeValueMemberN{Value: "250"},
	}
	var w Wallet
	if err := Unmarshal(item, &w); err != nil {
		panic(err)
	}
	fmt.Println(w.UserID, w.Balance)

	item["user_id"] = &types.AttributeValueMemberS{Value: "abc"}
	err := Unmarshal(item, &w)
	fmt.Println(err)
	// Output:
	// 6ba7b810-9dad-11d1-80b4-00c04fd430c8 250
	// ddb: cannot decode user_id (uuid.UUID): invalid UUID "abc": invalid UUID length: 3
}

// reflectElem returns what the pointer p points to.
func reflectElem(p any) any { return reflect.ValueOf(p).Elem().Interface() }
