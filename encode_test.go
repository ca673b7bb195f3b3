package ddb

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/number"
)

var avNull types.AttributeValue = &types.AttributeValueMemberNULL{Value: true}

func TestMarshalValueForms(t *testing.T) {
	ts := time.Date(2024, 5, 6, 7, 8, 9, 500, time.FixedZone("", -7*3600))
	tests := []struct {
		name string
		in   any
		want types.AttributeValue
	}{
		{"int64 max", int64(math.MaxInt64), av.N("9223372036854775807")},
		{"int64 min", int64(math.MinInt64), av.N("-9223372036854775808")},
		{"uint64 max", uint64(math.MaxUint64), av.N("18446744073709551615")},
		{"float shortest", 0.1, av.N("0.1")},
		{"float32 shortest", float32(0.1), av.N("0.1")},
		{"float large", 1e21, av.N("1000000000000000000000")},
		{"float small", 1.25e-7, av.N("0.000000125")},
		{"float tiny", -1.5e-130, av.N("-0." + strings.Repeat("0", 129) + "15")},
		{"float negative zero", math.Copysign(0, -1), av.N("0")},
		{"float32 small", float32(3.5e-6), av.N("0.0000035")},
		{"Number", Number("-1.23E+10"), av.N("-1.23E+10")},
		{"string", "x", av.S("x")},
		{"empty string", "", av.S("")},
		{"bytes", []byte{1, 2}, &types.AttributeValueMemberB{Value: []byte{1, 2}}},
		{"byte array", [2]byte{3, 4}, &types.AttributeValueMemberB{Value: []byte{3, 4}}},
		{"bool", false, &types.AttributeValueMemberBOOL{Value: false}},
		{"time", ts, av.S("2024-05-06T14:08:09.000000500Z")},
		{"uuid", uuid.MustParse("6BA7B810-9DAD-11D1-80B4-00C04FD430C8"), av.S("6ba7b810-9dad-11d1-80b4-00c04fd430c8")},
		{"text marshaler", celsius(-4), av.S("-4C")},
		{"marshaler", point{1, 2}, av.S("1,2")},
		{"pointer marshaler", &point{1, 2}, av.S("1,2")},
		{"list with nil", []any{nil, 1, []int(nil)}, &types.AttributeValueMemberL{Value: []types.AttributeValue{avNull, av.N("1"), avNull}}},
		{"map with nil", map[string]*int{"a": nil}, &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"a": avNull}}},
		{"array", [2]string{"a", "b"}, &types.AttributeValueMemberL{Value: []types.AttributeValue{av.S("a"), av.S("b")}}},
		{"attribute value", av.S("as is"), av.S("as is")},
		{"set of struct{}", map[int8]struct{}{-1: {}}, &types.AttributeValueMemberNS{Value: []string{"-1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MarshalValue(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, avOpts); diff != "" {
				t.Errorf("MarshalValue(%#v) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestFloatsInCanonicalForm checks that floats are written in the form
// DynamoDB returns numbers in (number.AppendCanonical), across the range
// of DynamoDB numbers, and that the text parses back to the same float.
func TestFloatsInCanonicalForm(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 20000 {
		f := math.Float64frombits(r.Uint64())
		if a := math.Abs(f); math.IsNaN(f) || a < 1e-130 || a >= 1e126 {
			continue
		}
		v := reflect.ValueOf(f)
		if i%2 == 1 {
			v = reflect.ValueOf(float32(f))
			if float32(f) == 0 || math.IsInf(float64(float32(f)), 0) {
				continue
			}
		}
		text, err := appendFloat(nil, v)
		if err != nil {
			t.Fatalf("%v: %v", v, err)
		}
		var d number.Decimal
		if err := number.Parse(string(text), &d); err != nil {
			t.Fatalf("%v written as %s: %v", v, text, err)
		}
		if canonical := d.AppendCanonical(nil); string(canonical) != string(text) {
			t.Fatalf("%v written as %s, not in canonical form %s", v, text, canonical)
		}
		if back, err := strconv.ParseFloat(string(text), v.Type().Bits()); err != nil || back != v.Float() {
			t.Fatalf("%v written as %s, which reads back as %v (%v)", v, text, back, err)
		}
	}
}

func TestMarshalFieldForms(t *testing.T) {
	type inner struct{ V int }
	type item struct {
		Key      string               `ddb:"key"`
		NilPtr   *int                 `ddb:"nil_ptr"`
		NilSlice []int                `ddb:"nil_slice"`
		NilMap   map[string]int       `ddb:"nil_map"`
		NilAny   any                  `ddb:"nil_any"`
		NilAV    types.AttributeValue `ddb:"nil_av"`
		EmptySet []string             `ddb:"empty_set,set"`
		NoTrue   map[string]bool      `ddb:"no_true,set"`
		EmptyL   []int                `ddb:"empty_l"`
		EmptyM   map[string]int       `ddb:"empty_m"`
		Zero     int                  `ddb:"zero"`
		ZeroOmit int                  `ddb:"zero_omit,omitempty"`
		StrOmit  string               `ddb:",omitempty"`
		TimeOmit time.Time            `ddb:",omitempty"`
		UUIDOmit uuid.UUID            `ddb:",omitempty"`
		StOmit   inner                `ddb:",omitempty"`
		LOmit    []int                `ddb:",omitempty"`
		Unix     time.Time            `ddb:"unix,unixtime"`
		Milli    *time.Time           `ddb:"milli,unixmilli"`
		BoolSet  map[string]bool      `ddb:"bool_set,set"`
		Skipped  string               `ddb:"-"`
		private  string
	}
	milli := time.UnixMilli(-1500)
	got, err := Marshal(item{
		Key: "k", EmptyL: []int{}, EmptyM: map[string]int{}, NoTrue: map[string]bool{"f": false},
		EmptySet: []string{}, Unix: time.Unix(1700000000, 999), Milli: &milli,
		BoolSet: map[string]bool{"in": true, "out": false}, Skipped: "x", private: "y",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]types.AttributeValue{
		"key":      av.S("k"),
		"empty_l":  &types.AttributeValueMemberL{Value: []types.AttributeValue{}},
		"empty_m":  &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{}},
		"zero":     av.N("0"),
		"unix":     av.N("1700000000"),
		"milli":    av.N("-1500"),
		"bool_set": &types.AttributeValueMemberSS{Value: []string{"in"}},
	}
	if diff := cmp.Diff(want, got, avOpts); diff != "" {
		t.Errorf("Marshal (-want +got):\n%s", diff)
	}
}

// TestOmitEmptyZeros checks that omitempty leaves out a zero time in any
// location and a zero Number in any spelling, in both encoders, and keeps
// the others.
func TestOmitEmptyZeros(t *testing.T) {
	type item struct {
		T time.Time `ddb:"t,omitempty"`
		U time.Time `ddb:"u,omitempty,unixtime"`
		N Number    `ddb:"n,omitempty"`
	}
	zone := time.FixedZone("", 3600)
	for _, zero := range []item{
		{},
		{T: time.Time{}.Local(), U: time.Time{}.In(zone), N: "0"},
		{T: time.Time{}.In(zone), U: time.Time{}.Local(), N: "-0.00"},
		{N: "0e5"},
	} {
		if got, err := Marshal(zero); err != nil || len(got) > 0 {
			t.Errorf("Marshal(%v) = %v, %v; want no attributes", zero, got, err)
		}
		if got, err := marshalJSON(nil, zero); err != nil || string(got) != "{}" {
			t.Errorf("marshalJSON(%v) = %s, %v; want {}", zero, got, err)
		}
	}
	kept := item{T: time.Unix(0, 0).In(zone), U: time.Unix(1, 0), N: "0.01"}
	if got, err := Marshal(kept); err != nil || len(got) != 3 {
		t.Errorf("Marshal(%v) = %v, %v; want every attribute", kept, got, err)
	}
}

func TestMarshalMapItem(t *testing.T) {
	got, err := Marshal(map[string]any{"a": 1, "b": nil})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]types.AttributeValue{"a": av.N("1"), "b": avNull}
	if diff := cmp.Diff(want, got, avOpts); diff != "" {
		t.Errorf("Marshal (-want +got):\n%s", diff)
	}
}

func TestMarshalCopiesBytes(t *testing.T) {
	b := []byte{1}
	av, err := MarshalValue(b)
	if err != nil {
		t.Fatal(err)
	}
	b[0] = 2
	if got := av.(*types.AttributeValueMemberB).Value[0]; got != 1 {
		t.Errorf("B value changed with the slice: %d", got)
	}
}

func TestNumberSetTextsStayIntact(t *testing.T) {
	// Many members make the shared text buffer grow; earlier members must
	// keep their text.
	in := make([]int64, 100)
	want := make([]string, len(in))
	for i := range in {
		in[i] = math.MinInt64 + int64(i)
		want[i] = Number(fmtInt(in[i])).String()
	}
	av, err := MarshalValue(struct {
		S []int64 `ddb:",set"`
	}{in})
	if err != nil {
		t.Fatal(err)
	}
	got := av.(*types.AttributeValueMemberM).Value["S"].(*types.AttributeValueMemberNS).Value
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NS (-want +got):\n%s", diff)
	}
}

// longText is a TextMarshaler whose text is longer than the room a struct
// encoder reserves for it.
type longText int

func (l longText) MarshalText() ([]byte, error) {
	return []byte(strings.Repeat("x", int(l))), nil
}

func TestMarshalTextsLongerThanTheirRoom(t *testing.T) {
	type texts struct {
		Long   longText
		ID     uuid.UUID
		Future time.Time
		N      int64
	}
	in := texts{Long: 100, ID: uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
		Future: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", 7*3600)), N: math.MinInt64}
	item, err := Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]types.AttributeValue{
		"Long":   &types.AttributeValueMemberS{Value: strings.Repeat("x", 100)},
		"ID":     &types.AttributeValueMemberS{Value: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
		"Future": &types.AttributeValueMemberS{Value: "9999-12-31T16:59:59.999999999Z"},
		"N":      &types.AttributeValueMemberN{Value: "-9223372036854775808"},
	}
	if diff := cmp.Diff(want, item, avOpts); diff != "" {
		t.Errorf("item (-want +got):\n%s", diff)
	}
}

func TestMarshalStructShapes(t *testing.T) {
	type noMembers struct { // no field encodes into a struct's member block
		A  any
		Pt point
	}
	type noTexts struct { // members, but none needs text room
		S string
		B bool
	}
	tests := []struct {
		name string
		in   any
		want map[string]types.AttributeValue
	}{
		{"no members", noMembers{A: "x", Pt: point{1, 2}}, map[string]types.AttributeValue{"A": av.S("x"), "Pt": av.S("1,2")}},
		{"no texts", noTexts{S: "s", B: true}, map[string]types.AttributeValue{"S": av.S("s"), "B": &types.AttributeValueMemberBOOL{Value: true}}},
	}
	for _, tt := range tests {
		got, err := Marshal(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, got, avOpts); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestTimesSortAsText checks that the texts of times sort as the times do,
// whatever their zones and fractions, and that every RFC 3339 form data
// written before may hold still decodes.
func TestTimesSortAsText(t *testing.T) {
	est := time.FixedZone("EST", -5*3600)
	times := []time.Time{ // in time order
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
		time.Date(2024, 5, 1, 12, 0, 0, 100000000, time.UTC),
		time.Date(2024, 5, 1, 13, 0, 0, 0, time.UTC),
		time.Date(2024, 5, 1, 9, 0, 0, 0, est), // 14:00Z
		time.Date(2024, 5, 1, 14, 0, 0, 1, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
	}
	var texts []string
	for _, tm := range times {
		v, err := MarshalValue(tm)
		if err != nil {
			t.Fatal(err)
		}
		s := v.(*types.AttributeValueMemberS).Value
		if len(s) != len("2024-05-01T12:00:00.000000000Z") {
			t.Errorf("%v encodes as %q, not of the fixed width", tm, s)
		}
		texts = append(texts, s)
		var back time.Time
		if err := UnmarshalValue(v, &back); err != nil || !back.Equal(tm) {
			t.Errorf("%q decodes as %v, %v; want %v", s, back, err, tm)
		}
	}
	if !slices.IsSorted(texts) {
		t.Errorf("texts do not sort in time order: %q", texts)
	}
	for _, old := range []string{"2024-05-01T09:00:00-05:00", "2024-05-01T14:00:00Z", "2024-05-01T14:00:00.000Z", "2024-05-01T14:00:00.0000000000+00:00",
		"2024-05-01t14:00:00z", "2024-05-01 09:00:00-05:00"} {
		var got time.Time
		if err := UnmarshalValue(av.S(old), &got); err != nil || !got.Equal(times[4]) {
			t.Errorf("%q decodes as %v, %v; want %v", old, got, err, times[4])
		}
	}
	if _, err := MarshalValue(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("a time in the year 10000 encodes; RFC 3339 has four-digit years")
	}
}
