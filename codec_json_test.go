package ddb

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/google/uuid"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/wirejson"
)

// quoted is a TextMarshaler whose texts need escaping in JSON.
type quoted string

func (q quoted) MarshalText() ([]byte, error) { return []byte("<" + string(q) + "\"\n>"), nil }

func (q *quoted) UnmarshalText(b []byte) error {
	if len(b) < 4 {
		return errors.New("short")
	}
	*q = quoted(b[1 : len(b)-3])
	return nil
}

// failing fails to encode itself when Fail is set.
type failing struct{ Fail bool }

func (f failing) MarshalAttributeValue() (types.AttributeValue, error) {
	if f.Fail {
		return nil, errors.New("refused")
	}
	return nil, nil // no value
}

// broken encodes itself as a value without a data type inside a list.
type broken struct{}

func (broken) MarshalAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberL{Value: []types.AttributeValue{nil}}, nil
}

type myInt int
type myBytes []byte

// jsonShapes holds, beside everything, the shapes whose JSON differs from
// their attribute values in some way: escapes, empty and absent values,
// omitempty, values without an address, sets of every member type.
type jsonShapes struct {
	everything
	Escaped    string
	BadUTF8    string
	Quoted     quoted
	QuotedSet  []quoted    `ddb:",set"`
	TimeSet    []time.Time `ddb:",set"`
	UnixSet    []time.Time `ddb:",set,unixtime"`
	MyInts     []myInt     `ddb:",set"`
	MyBytes    myBytes
	EmptyBytes []byte
	NilBytes   []byte
	EmptySet   []string         `ddb:",set"`
	FalseSet   map[string]bool  `ddb:",set"`
	EmptyMSet  map[int]struct{} `ddb:""`
	NilMap     map[string]int
	EmptyMap   map[string]int
	NilPtr     *string
	NilIface   any
	NilList    []int
	Lists      [][]string
	Ptrs       []*string
	Arrays     map[string][2]byte
	Blobs      map[string][]byte
	Maps       map[string]map[string]int
	Strings    map[string]string
	AnyStruct  any
	AnyPtr     any
	NoValue    failing
	NoValues   []*failing
	MarshalPtr *point
	OmitS      string         `ddb:",omitempty"`
	OmitN      int            `ddb:",omitempty"`
	OmitB      bool           `ddb:",omitempty"`
	OmitL      []int          `ddb:",omitempty"`
	OmitM      map[string]int `ddb:",omitempty"`
	OmitT      time.Time      `ddb:",omitempty"`
	OmitTU     time.Time      `ddb:",omitempty,unixmilli"`
	OmitStruct Audit          `ddb:",omitempty"`
	OmitNum    Number         `ddb:",omitempty"`
	Kept       string         `ddb:"kept,omitempty"`
	Recursive  *node
}

func fullShapes() jsonShapes {
	s := "x"
	return jsonShapes{
		everything: fullValue(),
		Escaped:    "q\"\\\n\t\x01\x1f</é😀\u2028",
		BadUTF8:    "a\xffb\xc3",
		Quoted:     "q",
		QuotedSet:  []quoted{"a", "b\\"},
		TimeSet:    []time.Time{time.Date(2020, 1, 2, 3, 4, 5, 6, time.UTC)},
		UnixSet:    []time.Time{time.Unix(1, 0), time.Unix(-5, 0)},
		MyInts:     []myInt{-1, 2},
		MyBytes:    myBytes("mine"),
		EmptyBytes: []byte{},
		EmptySet:   []string{},
		FalseSet:   map[string]bool{"off": false},
		EmptyMSet:  map[int]struct{}{},
		EmptyMap:   map[string]int{},
		Lists:      [][]string{{"a"}, {}, nil},
		Ptrs:       []*string{&s, nil},
		Arrays:     map[string][2]byte{"a": {1, 2}},
		Blobs:      map[string][]byte{"b": {3}},
		Maps:       map[string]map[string]int{"m": {"n": 1}, "nil": nil},
		Strings:    map[string]string{"k\"": "v\n"},
		AnyStruct:  Audit{Who: "w"},
		AnyPtr:     &Base{ID: "p"},
		NoValues:   []*failing{{}},
		MarshalPtr: &point{5, 6},
		Kept:       "kept",
		Recursive:  &node{Name: "r", Children: []node{{Name: "c"}}},
	}
}

// itemOfJSON parses the JSON of an item.
func itemOfJSON(t testing.TB, js []byte) Item {
	t.Helper()
	var r wirejson.Reader
	r.Reset(string(js))
	item := r.Item()
	if err := r.Done(); err != nil {
		t.Fatalf("%v in %s", err, js)
	}
	return item
}

// setOrder lets cmp compare sets of any order (map sets come in map
// order).
var setOrder = []cmp.Option{avOpts, cmpopts.SortSlices(func(a, b string) bool { return a < b }),
	cmpopts.SortSlices(func(a, b []byte) bool { return bytes.Compare(a, b) < 0 })}

// checkSameJSON checks that the JSON encoders write v as the item Marshal
// encodes, as the wire client writes it, or fail with the same error.
func checkSameJSON(t *testing.T, v any) {
	t.Helper()
	item, err := Marshal(v)
	js, jerr := marshalJSON(nil, v)
	if fmt.Sprint(err) != fmt.Sprint(jerr) {
		t.Fatalf("Marshal error %v, JSON encoder error %v", err, jerr)
	}
	if err != nil {
		return
	}
	want, ok := wirejson.AppendItem(nil, item)
	if !ok {
		t.Fatal("the item has a value without a data type")
	}
	if diff := cmp.Diff(itemOfJSON(t, want), itemOfJSON(t, js), setOrder...); diff != "" {
		t.Errorf("JSON encoder (-map path +JSON):\n%s\nJSON: %s", diff, js)
	}
}

func TestMarshalJSONMatchesMarshal(t *testing.T) {
	full := fullShapes()
	tests := []struct {
		name string
		v    any
	}{
		{"every shape", &full},
		{"every shape by value", full},
		{"zero", &jsonShapes{}},
		{"zero everything", everything{N: "0"}},
		{"map of any", map[string]any{"a": "x", "b": Number("2"), "c": []any{false, nil, map[string]any{"d": []byte{1}}}}},
		{"map of structs", map[string]Base{"x": {ID: "1"}}},
		{"map of strings", map[string]string{"a": "b", "c\x00": ""}},
		{"pointer to pointer", &struct{ P **int }{P: ptrTo(ptrTo(5))}},
		{"embedded nil pointer", everything{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkSameJSON(t, tt.v) })
	}
}

func TestMarshalJSONErrors(t *testing.T) {
	year := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		v    any
	}{
		{"NaN", struct{ F float64 }{math.NaN()}},
		{"Inf in a list", struct{ L []float64 }{[]float64{1, math.Inf(1)}}},
		{"float out of range in a map", map[string]float64{"k": 1e200}},
		{"year", struct{ T time.Time }{year}},
		{"year in a set", struct {
			T []time.Time `ddb:",set"`
		}{[]time.Time{year}}},
		{"number", struct{ N Number }{"abc"}},
		{"number in a set", struct {
			N []Number `ddb:",set"`
		}{[]Number{"1", "x"}}},
		{"marshaler", struct{ F failing }{failing{Fail: true}}},
		{"marshaler deep", struct{ L []map[string]failing }{[]map[string]failing{{"k": {Fail: true}}}}},
		{"unsupported", struct{ C chan int }{make(chan int)}},
		{"interface unsupported", struct{ A any }{func() {}}},
		{"nil", nil},
		{"not an item", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Marshal(tt.v)
			_, jerr := marshalJSON(nil, tt.v)
			if err == nil && !errors.Is(jerr, errNotJSON) {
				t.Fatalf("Marshal succeeds; JSON encoder: %v", jerr)
			}
			if err != nil && err.Error() != fmt.Sprint(jerr) && !errors.Is(jerr, errNotJSON) {
				t.Errorf("Marshal: %v\nJSON encoder: %v", err, jerr)
			}
			if _, aerr := AppendItemJSON(nil, tt.v); err != nil && fmt.Sprint(aerr) != err.Error() {
				t.Errorf("AppendItemJSON: %v, want %v", aerr, err)
			}
		})
	}
}

// TestMarshalJSONWithoutDataType checks that a Marshaler's value without a
// data type sends the encoding back to attribute values (whose path
// reports it), and that AppendItemJSON refuses it.
func TestMarshalJSONWithoutDataType(t *testing.T) {
	v := struct{ B broken }{}
	if _, err := marshalJSON(nil, v); !errors.Is(err, errNotJSON) {
		t.Errorf("marshalJSON = %v, want errNotJSON", err)
	}
	var ee *EncodeError
	if _, err := AppendItemJSON(nil, v); !errors.As(err, &ee) {
		t.Errorf("AppendItemJSON = %v, want an *EncodeError", err)
	}
}

// checkSameDecoding checks that the JSON decoders decode the item's JSON
// as Unmarshal decodes the item, or fail with the same error, strict or
// not; fresh returns a new pointer to decode into.
func checkSameDecoding(t *testing.T, item Item, fresh func() any) {
	t.Helper()
	js, ok := wirejson.AppendItem(nil, item)
	if !ok {
		t.Fatal("the item has a value without a data type")
	}
	item = itemOfJSON(t, js) // as it comes over the wire: invalid UTF-8 replaced
	for _, strict := range []bool{false, true} {
		want := fresh()
		err := unmarshalItem(item, want, strict)
		got := fresh()
		rv := reflect.ValueOf(got).Elem()
		c, cerr := codecFor(rv.Type(), format{})
		if cerr != nil {
			t.Fatal(cerr)
		}
		var r wirejson.Reader
		r.Reset(string(js))
		var jerr error
		if c.decodeItemJSON != nil {
			jerr = c.decodeItemJSON(&r, rv, strict)
		} else {
			jerr = unmarshalJSON(string(js), got, strict)
		}
		if !mapPathCanFail(item, fresh, strict, err, jerr) {
			t.Fatalf("strict %v: Unmarshal error %v, JSON decoder error %v", strict, err, jerr)
		}
		viaJSON := fresh()
		if ferr := unmarshalJSON(string(js), viaJSON, strict); !mapPathCanFail(item, fresh, strict, err, ferr) {
			t.Fatalf("strict %v: Unmarshal error %v, unmarshalJSON error %v", strict, err, ferr)
		}
		if err != nil {
			continue
		}
		for _, v := range []any{got, viaJSON} {
			if diff := cmp.Diff(want, v, avOpts, cmp.AllowUnexported(everything{}, jsonShapes{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("strict %v (-Unmarshal +JSON):\n%s", strict, diff)
			}
		}
	}
}

// mapPathCanFail reports whether Unmarshal's error err is the JSON
// decoder's error jerr, or, for an item with two bad entries in a map
// (which Unmarshal meets in Go's random map order), can be.
func mapPathCanFail(item Item, fresh func() any, strict bool, err, jerr error) bool {
	for range 50 {
		if fmt.Sprint(err) == fmt.Sprint(jerr) {
			return true
		}
		if err == nil {
			return false
		}
		err = unmarshalItem(item, fresh(), strict)
	}
	return false
}

func TestUnmarshalJSONMatchesUnmarshal(t *testing.T) {
	full := fullShapes()
	item, err := Marshal(&full)
	if err != nil {
		t.Fatal(err)
	}
	checkSameDecoding(t, item, func() any { return new(jsonShapes) })
	checkSameDecoding(t, item, func() any { return new(everything) }) // unknown attributes, strictly
	checkSameDecoding(t, item, func() any { return new(map[string]any) })
	checkSameDecoding(t, item, func() any { return new(any) })
	checkSameDecoding(t, Item{"k": av.S("v"), "l": av.S("")}, func() any { return new(map[string]string) })
	checkSameDecoding(t, Item{"k": av.N("1")}, func() any { return new(map[string]string) })
	checkSameDecoding(t, Item{"k": av.Null()}, func() any { return new(map[string]string) })
	checkSameDecoding(t, Item{"a": av.L(av.N("1"), av.Null())}, func() any { return new(map[string][]*int) })
	checkSameDecoding(t, Item{"id": av.S("x")}, func() any { return &everything{Audit: &Audit{Who: "kept"}, I: 5} })
}

// TestUnmarshalJSONWrongValues replaces each attribute of a full item, in
// turn, with values of every type, and checks that the JSON decoders
// accept and refuse what Unmarshal does, with the same errors.
func TestUnmarshalJSONWrongValues(t *testing.T) {
	full := fullShapes()
	item, err := Marshal(&full)
	if err == nil {
		err = UnmarshalStrict(item, new(jsonShapes))
	}
	if err != nil {
		t.Fatal(err)
	}
	values := []types.AttributeValue{
		av.S("x"), av.S(""), av.S("2020-01-01T00:00:00Z"), av.S("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
		av.N("1"), av.N("-1.5"), av.N("1e400"), av.N("300"), av.N("x"), av.B("ab"), av.B(""), av.Bool(true), av.Null(),
		av.SS("a", "b"), av.NS("1", "2.5"), av.BS("a"), av.L(), av.L(av.S("a"), av.Null()), av.L(av.N("1"), av.N("2"), av.N("3")),
		av.M(Item{}), av.M(Item{"Who": av.S("w"), "X": av.N("1")}), av.M(Item{"k": av.L(av.M(Item{"X": av.N("1")}))}),
	}
	for name := range item {
		for _, v := range values {
			mutated := make(Item, len(item))
			for k, x := range item {
				mutated[k] = x
			}
			mutated[name] = v
			t.Run(fmt.Sprintf("%s=%s", name, avType(v)), func(t *testing.T) {
				checkSameDecoding(t, mutated, func() any { return new(jsonShapes) })
			})
		}
	}
}

// TestJSONRandomItems decodes random items (every type, nested lists and
// maps, escapes) through JSON and through attribute values.
func TestJSONRandomItems(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 300 {
		item := av.Random(rng, 6, 3)
		checkSameDecoding(t, item, func() any { return new(map[string]any) })
		var doc map[string]any
		if err := Unmarshal(item, &doc); err != nil {
			t.Fatal(err)
		}
		checkSameJSON(t, doc)
	}
}

// FuzzUnmarshalItemJSON checks that no input panics the JSON decoders, and
// that what they accept decodes as the parsed item does.
func FuzzUnmarshalItemJSON(f *testing.F) {
	full := fullShapes()
	js, err := AppendItemJSON(nil, &full)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(js)
	f.Add([]byte(`{"I":{"N":"1"},"List":{"L":[{"S":"a"}]},"M":{"M":{"a":{"N":"2"}}}}`))
	f.Add([]byte(`{"SS":{"SS":["a","b"]},"Ptr":{"NULL":true},"B":{"B":"AAE="}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got jsonShapes
		err := UnmarshalItemJSON(data, &got)
		var r wirejson.Reader
		r.Reset(string(data))
		item := r.Item()
		if r.Done() != nil {
			if err == nil {
				t.Fatalf("decoded malformed JSON %q", data)
			}
			return
		}
		var want jsonShapes
		werr := Unmarshal(item, &want)
		if fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Fatalf("UnmarshalItemJSON: %v, Unmarshal: %v", err, werr)
		}
	})
}

// scalarFields is a struct of scalars of every kind, which the codec's
// decoders fill without allocating.
type scalarFields struct {
	ID      uuid.UUID `ddb:"id,hash"`
	Name    string
	Age     int
	Score   float64
	Active  bool
	Created time.Time
	Unix    time.Time `ddb:",unixtime"`
	N       Number
}

// TestJSONCodecAllocations checks that the JSON encoders write a struct of
// scalars, lists, sets and maps of strings without allocating, and that the
// decoders allocate only what the struct holds.
func TestJSONCodecAllocations(t *testing.T) {
	type flat struct {
		scalarFields
		Tags    []string `ddb:",set"`
		Lucky   []int    `ddb:",set"`
		History []string
		Attrs   map[string]string
		Ptr     *int
	}
	v := &flat{scalarFields: scalarFields{ID: uuid.New(), Name: "n", Age: 3, Score: 1.5, Active: true, Created: time.Now(), Unix: time.Now(), N: "12"},
		Tags: []string{"a", "b"}, Lucky: []int{1, 2}, History: []string{"x"}, Attrs: map[string]string{"k": "v"}, Ptr: ptrTo(4)}
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(100, func() {
		var err error
		if buf, err = marshalJSON(buf[:0], v); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("marshalJSON: %v allocations, want 0", n)
	}
	js := string(buf)
	var out scalarFields
	if n := testing.AllocsPerRun(100, func() {
		if err := unmarshalJSON(js, &out, false); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("unmarshalJSON of scalars: %v allocations, want 0", n)
	}
}

func ExampleAppendItemJSON() {
	type Wallet struct {
		UserID  uuid.UUID `ddb:"user_id,hash"`
		Balance int       `ddb:"balance"`
		Tags    []string  `ddb:"tags,set,omitempty"`
	}
	js, err := AppendItemJSON(nil, Wallet{UserID: uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), Balance: 100})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(js))

	var w Wallet
	if err := UnmarshalItemJSON([]byte(`{"user_id":{"S":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"},"balance":{"N":"250"},"tags":{"SS":["vip"]}}`), &w); err != nil {
		panic(err)
	}
	fmt.Println(w.Balance, w.Tags)
	// Output:
	// {"user_id":{"S":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"},"balance":{"N":"100"}}
	// 250 [vip]
}

// Sets are written in the order the engine keeps them in: strings and
// binaries by bytes, numbers by value.
func TestMarshalJSONSortsSets(t *testing.T) {
	type sets struct {
		Names  map[string]struct{} `ddb:"names,set"`
		Words  []string            `ddb:"words,set"`
		Counts []int               `ddb:"counts,set"`
		Ratios []float64           `ddb:"ratios,set"`
		Blobs  [][]byte            `ddb:"blobs,set"`
	}
	v := sets{
		Names:  map[string]struct{}{"é": {}, "b": {}, "a\"": {}, "Z": {}, "a": {}},
		Words:  []string{"vip", "beta", "Beta"},
		Counts: []int{10, -3, 9, 0, -20, 100},
		Ratios: []float64{2.5, -0.125, 10, 1e-7},
		Blobs:  [][]byte{{2}, {1, 0}, {1}, {}},
	}
	got, err := AppendItemJSON(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"names":{"SS":["Z","a","a\"","b","é"]},"words":{"SS":["Beta","beta","vip"]},` +
		`"counts":{"NS":["-20","-3","0","9","10","100"]},"ratios":{"NS":["-0.125","0.0000001","2.5","10"]},` +
		`"blobs":{"BS":["","AQ==","AQA=","Ag=="]}}`
	if string(got) != want {
		t.Errorf("AppendItemJSON = %s\nwant %s", got, want)
	}
}
