package ddb

import (
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/ddbkit/ddb/internal/av"
)

func fmtInt(i int64) string { return strconv.FormatInt(i, 10) }

func TestUnmarshalValueForms(t *testing.T) {
	tests := []struct {
		name string
		in   types.AttributeValue
		into any // pointer to a zero value
		want any // what it points to afterwards
	}{
		{"int from exponent", av.N("1.5E3"), new(int), 1500},
		{"int from trailing zeros", av.N("12.000"), new(int16), int16(12)},
		{"int64 min", av.N("-9223372036854775808"), new(int64), int64(math.MinInt64)},
		{"uint64 max", av.N("18446744073709551615"), new(uint64), uint64(math.MaxUint64)},
		{"float", av.N("0.1"), new(float64), 0.1},
		{"Number keeps text", av.N("1.50"), new(Number), Number("1.50")},
		{"slice from SS", &types.AttributeValueMemberSS{Value: []string{"a"}}, new([]string), []string{"a"}},
		{"slice from NS", &types.AttributeValueMemberNS{Value: []string{"1", "2"}}, new([]uint16), []uint16{1, 2}},
		{"array from L", &types.AttributeValueMemberL{Value: []types.AttributeValue{av.N("1"), av.N("2")}}, new([2]int), [2]int{1, 2}},
		{"bool set", &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"S": &types.AttributeValueMemberSS{Value: []string{"a"}}}},
			new(boolSet), boolSet{map[string]bool{"a": true}}},
		{"struct set", &types.AttributeValueMemberNS{Value: []string{"7"}}, new(map[int]struct{}), map[int]struct{}{7: {}}},
		{"uuid set", &types.AttributeValueMemberSS{Value: []string{"6ba7b810-9dad-11d1-80b4-00c04fd430c8"}}, new([]uuid.UUID), []uuid.UUID{uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")}},
		{"time set", &types.AttributeValueMemberSS{Value: []string{"2020-01-01T00:00:00Z"}}, new([]time.Time), []time.Time{time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"text set", &types.AttributeValueMemberSS{Value: []string{"3C"}}, new([]celsius), []celsius{3}},
		{"NULL into pointer", avNull, ptrTo(ptrTo(1)), (*int)(nil)},
		{"NULL into slice", avNull, &[]int{1}, []int(nil)},
		{"NULL into map", avNull, &map[string]int{"a": 1}, map[string]int(nil)},
		{"NULL into any", avNull, ptrTo[any](1), nil},
		{"any", &types.AttributeValueMemberL{Value: []types.AttributeValue{
			av.S("s"), av.N("1"), &types.AttributeValueMemberB{Value: []byte{1}}, &types.AttributeValueMemberBOOL{Value: true}, avNull,
			&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": av.S("v")}},
			&types.AttributeValueMemberSS{Value: []string{"x"}}, &types.AttributeValueMemberNS{Value: []string{"2"}},
			&types.AttributeValueMemberBS{Value: [][]byte{{2}}},
		}}, new(any), []any{"s", Number("1"), []byte{1}, true, nil, map[string]any{"k": "v"}, []string{"x"}, []Number{"2"}, [][]byte{{2}}}},
		{"any holding a pointer", av.N("5"), ptrTo[any](new(int8)), ptrTo(int8(5))},
		{"map merges", &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"b": av.N("2")}}, &map[string]int{"a": 1}, map[string]int{"a": 1, "b": 2}},
		{"attribute value", av.S("x"), new(types.AttributeValue), av.S("x")},
		{"concrete attribute value", av.S("x"), new(*types.AttributeValueMemberS), av.S("x")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := UnmarshalValue(tt.in, tt.into); err != nil {
				t.Fatal(err)
			}
			got := reflectElem(tt.into)
			if diff := cmp.Diff(tt.want, got, avOpts); diff != "" {
				t.Errorf("UnmarshalValue (-want +got):\n%s", diff)
			}
		})
	}
}

type boolSet struct {
	S map[string]bool `ddb:",set"`
}

func TestUnmarshalCopiesBytes(t *testing.T) {
	av := &types.AttributeValueMemberB{Value: []byte{1}}
	var b []byte
	if err := UnmarshalValue(av, &b); err != nil {
		t.Fatal(err)
	}
	b[0] = 2
	if av.Value[0] != 1 {
		t.Error("decoded []byte shares the attribute value's bytes")
	}
}

func TestUnmarshalIntoAny(t *testing.T) {
	var doc any
	item := map[string]types.AttributeValue{"a": av.N("1")}
	if err := Unmarshal(item, &doc); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(any(map[string]any{"a": Number("1")}), doc); diff != "" {
		t.Errorf("Unmarshal into any (-want +got):\n%s", diff)
	}
}

func TestUnmarshalListIntoNewArray(t *testing.T) {
	type lists struct {
		L []string
		E []int
	}
	old := []string{"old", "old"}
	out := lists{L: old[:1], E: []int{9}}
	item := map[string]types.AttributeValue{
		"L": &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberS{Value: "new"}}},
		"E": &types.AttributeValueMemberL{},
	}
	if err := Unmarshal(item, &out); err != nil {
		t.Fatal(err)
	}
	want := lists{L: []string{"new"}, E: []int{}}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("decoded (-want +got):\n%s", diff)
	}
	if old[0] != "old" || out.E == nil {
		t.Errorf("decoding wrote into the slice's previous array (%q) or left an empty list nil", old)
	}
}
