package attr

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	randomav "github.com/ddbkit/ddb/internal/av"
)

// avOpts compares attribute values by content.
var avOpts = cmp.Options{cmpopts.IgnoreUnexported(
	types.AttributeValueMemberS{}, types.AttributeValueMemberN{}, types.AttributeValueMemberB{},
	types.AttributeValueMemberBOOL{}, types.AttributeValueMemberNULL{}, types.AttributeValueMemberL{},
	types.AttributeValueMemberM{}, types.AttributeValueMemberSS{}, types.AttributeValueMemberNS{},
	types.AttributeValueMemberBS{},
)}

type (
	S    = types.AttributeValueMemberS
	N    = types.AttributeValueMemberN
	B    = types.AttributeValueMemberB
	BOOL = types.AttributeValueMemberBOOL
	NULL = types.AttributeValueMemberNULL
	L    = types.AttributeValueMemberL
	M    = types.AttributeValueMemberM
	SS   = types.AttributeValueMemberSS
	NS   = types.AttributeValueMemberNS
	BS   = types.AttributeValueMemberBS
)

type av = types.AttributeValue

const (
	msgEmptyValue = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
	msgNesting    = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"
	msgLongName   = "Attribute name is too large, must be less than 65536 bytes"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   av
		want av
		err  string
	}{
		{name: "string", in: &S{Value: ""}, want: &S{Value: ""}},
		{name: "binary", in: &B{Value: []byte{}}, want: &B{Value: []byte{}}},
		{name: "bool", in: &BOOL{Value: false}, want: &BOOL{Value: false}},
		{name: "null", in: &NULL{Value: true}, want: &NULL{Value: true}},
		{name: "number", in: &N{Value: "1.50"}, want: &N{Value: "1.5"}},
		{name: "list", in: &L{Value: []av{&N{Value: "1"}, &N{Value: "01"}}}, want: &L{Value: []av{&N{Value: "1"}, &N{Value: "1"}}}},
		{name: "empty list", in: &L{}, want: &L{}},
		{name: "map", in: &M{Value: map[string]av{"a": &N{Value: "1e2"}, "b": &S{Value: "x"}}}, want: &M{Value: map[string]av{"a": &N{Value: "100"}, "b": &S{Value: "x"}}}},
		{name: "empty map", in: &M{}, want: &M{}},
		{name: "string set sorted", in: &SS{Value: []string{"b", "a", "B", "aa"}}, want: &SS{Value: []string{"B", "a", "aa", "b"}}},
		{name: "string set with empty string", in: &SS{Value: []string{""}}, want: &SS{Value: []string{""}}},
		{name: "number set sorted", in: &NS{Value: []string{"10", "9", "-1", "1.50", "100"}}, want: &NS{Value: []string{"-1", "1.5", "9", "10", "100"}}},
		{name: "binary set sorted", in: &BS{Value: [][]byte{{0xff}, {'b'}, {'a'}, {}}}, want: &BS{Value: [][]byte{{}, {'a'}, {'b'}, {0xff}}}},
		// want nil: the input itself (go-cmp is too slow on deep nesting).
		{name: "nesting at the limit", in: randomav.Nest(&M{}, MaxNesting-1)},
		{name: "set inside deepest list", in: randomav.Nest(&SS{Value: []string{"a"}}, MaxNesting)},

		{name: "nil", in: nil, err: "The supplied Item contains a null AttributeValue"},
		{name: "nil in list", in: &L{Value: []av{nil}}, err: "The supplied Item contains a null AttributeValue"},
		{name: "nil in map", in: &M{Value: map[string]av{"x": nil}}, err: "The supplied Item contains a null AttributeValue: x is null"},
		{name: "nil member pointer", in: (*S)(nil), err: msgEmptyValue},
		{name: "unknown member", in: &types.UnknownUnionMember{Tag: "X"}, err: msgEmptyValue},
		{name: "empty member in list", in: &L{Value: []av{(*N)(nil)}}, err: msgEmptyValue},
		{name: "NULL false", in: &NULL{Value: false}, err: invalidParameters + "Null attribute value types must have the value of true"},
		{name: "NULL false in map", in: &M{Value: map[string]av{"x": &NULL{}}}, err: invalidParameters + "Null attribute value types must have the value of true"},
		{name: "empty SS", in: &SS{}, err: invalidParameters + "An string set  may not be empty"},
		{name: "empty NS", in: &NS{Value: []string{}}, err: invalidParameters + "An number set  may not be empty"},
		{name: "empty BS", in: &BS{}, err: invalidParameters + "Binary sets should not be empty"},
		{name: "empty SS in list", in: &L{Value: []av{&SS{}}}, err: invalidParameters + "An string set  may not be empty"},
		{name: "SS duplicates", in: &SS{Value: []string{"a", "b", "a", "b"}}, err: invalidParameters + "Input collection [a, b, a, b] contains duplicates."},
		{name: "BS duplicates", in: &BS{Value: [][]byte{[]byte("b"), []byte("b")}}, err: invalidParameters + "Input collection [Yg==, Yg==]of type BS contains duplicates."},
		{name: "NS duplicates by value", in: &NS{Value: []string{"1", "1.0"}}, err: "Input collection contains duplicates"},
		{name: "NS duplicates before invalid", in: &NS{Value: []string{"1", "1", "x"}}, err: "Input collection contains duplicates"},
		{name: "NS invalid before duplicate", in: &NS{Value: []string{"1", "x", "1"}}, err: msgInvalid + ": x"},
		{name: "NS invalid", in: &NS{Value: []string{"1", ""}}, err: msgInvalid},
		{name: "NS overflow", in: &NS{Value: []string{"1", "1e200"}}, err: msgOverflow},
		{name: "NS precision", in: &NS{Value: []string{"1", "123456789012345678901234567890123456789"}}, err: msgPrecision},
		{name: "invalid number", in: &N{Value: "abc"}, err: msgInvalid + ": abc"},
		{name: "invalid number in map", in: &M{Value: map[string]av{"x": &N{Value: "x"}}}, err: msgInvalid + ": x"},
		{name: "empty name", in: &M{Value: map[string]av{"": &S{Value: "a"}}}, err: "Empty attribute name"},
		{name: "invalid value before empty name", in: &M{Value: map[string]av{"": &N{Value: "x"}}}, err: msgInvalid + ": x"},
		{name: "longest name", in: &M{Value: map[string]av{strings.Repeat("n", MaxNameBytes): &S{Value: "a"}}}},
		{name: "name too long", in: &M{Value: map[string]av{strings.Repeat("n", MaxNameBytes+1): &S{Value: "a"}}}, err: msgLongName},
		{name: "invalid value before long name", in: &M{Value: map[string]av{strings.Repeat("n", 70000): &N{Value: "x"}}}, err: msgInvalid + ": x"},
		{name: "first invalid list element", in: &L{Value: []av{&SS{}, &N{Value: "x"}}}, err: invalidParameters + "An string set  may not be empty"},
		{name: "too deep", in: randomav.Nest(&S{Value: "x"}, MaxNesting+1), err: msgNesting},
		{name: "too deep with empty map", in: randomav.Nest(&M{}, MaxNesting), err: msgNesting},
		{name: "nesting before invalid member", in: randomav.Nest(&N{Value: "x"}, MaxNesting+1), err: msgNesting},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if msg := validationMessage(t, err); msg != tt.err {
				t.Fatalf("error %q, want %q", msg, tt.err)
			}
			if tt.want == nil && tt.err == "" {
				if got != tt.in {
					t.Errorf("got a new value, want the input")
				}
				return
			}
			if diff := cmp.Diff(tt.want, got, avOpts); diff != "" {
				t.Errorf("value (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNormalizeKeepsNormalValues(t *testing.T) {
	values := []av{
		&N{Value: "1.5"},
		&L{Value: []av{&S{Value: "a"}, &N{Value: "2"}}},
		&M{Value: map[string]av{"a": &N{Value: "3"}}},
		&SS{Value: []string{"a", "b"}},
		&NS{Value: []string{"-1", "2"}},
		&BS{Value: [][]byte{{1}, {2}}},
	}
	for _, v := range values {
		got, err := Normalize(v)
		if err != nil || got != v {
			t.Errorf("Normalize(%#v) = %#v, %v; want the same value", v, got, err)
		}
		if n := testing.AllocsPerRun(10, func() { _, _ = Normalize(v) }); n != 0 {
			t.Errorf("Normalize(%#v) allocates %v times", v, n)
		}
	}
}

func TestNormalizeDoesNotModifyInput(t *testing.T) {
	in := &M{Value: map[string]av{"l": &L{Value: []av{&N{Value: "1.0"}}}, "s": &SS{Value: []string{"b", "a"}}}}
	before := cmp.Diff(nil, in, avOpts)
	if _, err := Normalize(in); err != nil {
		t.Fatal(err)
	}
	if after := cmp.Diff(nil, in, avOpts); after != before {
		t.Errorf("input modified: %s", cmp.Diff(before, after))
	}
}

func TestNormalizeItem(t *testing.T) {
	tests := []struct {
		name string
		in   map[string]av
		want map[string]av
		err  string
	}{
		{name: "normalized", in: map[string]av{"pk": &S{Value: "a"}, "n": &N{Value: "+5"}}, want: map[string]av{"pk": &S{Value: "a"}, "n": &N{Value: "5"}}},
		{name: "empty", in: map[string]av{}, want: map[string]av{}},
		{name: "nil value", in: map[string]av{"v": nil}, err: "The supplied Item contains a null AttributeValue: v is null"},
		{name: "empty name", in: map[string]av{"": &S{Value: "x"}}, err: "Empty attribute name"},
		{name: "too deep", in: map[string]av{"v": randomav.Nest(&S{}, MaxNesting+1)}, err: msgNesting},
		{name: "name too long", in: map[string]av{strings.Repeat("n", 66560): &S{Value: "a"}}, err: msgLongName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeItem(tt.in)
			if msg := validationMessage(t, err); msg != tt.err {
				t.Fatalf("error %q, want %q", msg, tt.err)
			}
			if diff := cmp.Diff(tt.want, got, avOpts); diff != "" {
				t.Errorf("item (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSeveralInvalidMembersReportTheFirstByName checks that of several
// invalid members of an item, a nested map or ExpressionAttributeValues,
// the one reported is always the first in the order of the names, not
// whichever Go's map order meets first.
func TestSeveralInvalidMembersReportTheFirstByName(t *testing.T) {
	invalid := func() map[string]av {
		return map[string]av{
			"ok1": &S{Value: "x"}, "d": &SS{}, "b": &N{Value: "1e999"}, "ok2": &N{Value: "1"},
			"c": nil, "a2": &SS{Value: []string{"x", "x"}}, "e": &types.UnknownUnionMember{},
		}
	}
	wantItem := "One or more parameter values were invalid: Input collection [x, x] contains duplicates."
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"item", func() error { _, err := NormalizeItem(invalid()); return err }, wantItem},
		{"nested map", func() error {
			_, err := NormalizeItem(map[string]av{"ok": &S{Value: "x"}, "m": &M{Value: invalid()}})
			return err
		}, wantItem},
		{"values", func() error {
			values := map[string]av{}
			for name, v := range invalid() {
				values[":"+name] = v
			}
			_, err := NormalizeValues(values)
			return err
		}, "ExpressionAttributeValues contains invalid value: " + wantItem + " for key :a2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 50 {
				if msg := validationMessage(t, tt.run()); msg != tt.want {
					t.Fatalf("error %q, want %q", msg, tt.want)
				}
			}
		})
	}
}

func TestNormalizeItemDeepestAllowed(t *testing.T) {
	v := randomav.Nest(&S{}, MaxNesting)
	got, err := NormalizeItem(map[string]av{"v": v})
	if err != nil || got["v"] != v {
		t.Errorf("NormalizeItem = %v, %v; want the item unchanged", got, err)
	}
}

// TestNormalizeValuesDeepestAllowed checks that a value of
// ExpressionAttributeValues may nest one level deeper than an item's, as in
// DynamoDB Local. (It compares by identity: cmp.Diff takes exponential time
// on lists nested this deep.)
func TestNormalizeValuesDeepestAllowed(t *testing.T) {
	v := randomav.Nest(&S{Value: "x"}, MaxValuesNesting)
	got, err := NormalizeValues(map[string]av{":v": v})
	if err != nil || got[":v"] != v {
		t.Errorf("NormalizeValues = %v, %v; want the values unchanged", got, err)
	}
}

func TestNormalizeValues(t *testing.T) {
	tests := []struct {
		name string
		in   map[string]av
		want map[string]av
		err  string
	}{
		{name: "normalized", in: map[string]av{":v": &N{Value: "1.0"}}, want: map[string]av{":v": &N{Value: "1"}}},
		{name: "nil", in: map[string]av{":v": nil}, err: "ExpressionAttributeValues contains invalid value: The supplied Item contains a null AttributeValue for key :v"},
		{name: "nil in map", in: map[string]av{":v": &M{Value: map[string]av{"q": nil}}}, err: "ExpressionAttributeValues contains invalid value: The supplied Item contains a null AttributeValue: q is null for key :v"},
		{name: "empty set", in: map[string]av{":v": &SS{}}, err: "ExpressionAttributeValues contains invalid value: " + invalidParameters + "An string set  may not be empty for key :v"},
		{name: "NULL false", in: map[string]av{":n": &NULL{}}, err: "ExpressionAttributeValues contains invalid value: " + invalidParameters + "Null attribute value types must have the value of true for key :n"},
		{name: "overflow", in: map[string]av{":v": &N{Value: "1e999"}}, err: "ExpressionAttributeValues contains invalid value: " + msgOverflow + " for key :v"},
		{name: "empty", in: map[string]av{":v": &types.UnknownUnionMember{}}, err: "ExpressionAttributeValues contains invalid value: " + msgEmptyValue + " for key :v"},
		{name: "empty name", in: map[string]av{":v": &M{Value: map[string]av{"": &S{}}}}, err: "ExpressionAttributeValues contains invalid value: Empty attribute name for key :v"},
		{name: "too deep", in: map[string]av{":v": randomav.Nest(&S{}, MaxValuesNesting+1)}, err: "ExpressionAttributeValues contains invalid value: " + msgNesting + " for key :v"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeValues(tt.in)
			if msg := validationMessage(t, err); msg != tt.err {
				t.Fatalf("error %q, want %q", msg, tt.err)
			}
			if diff := cmp.Diff(tt.want, got, avOpts); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNormalizeLongSetMessage(t *testing.T) {
	_, err := Normalize(&SS{Value: []string{"x", "y", "x"}})
	if msg := validationMessage(t, err); !strings.Contains(msg, "[x, y, x]") {
		t.Errorf("message %q does not list the input collection", msg)
	}
}

func BenchmarkNormalizeItem(b *testing.B) {
	item := randomav.Typical()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NormalizeItem(item); err != nil {
			b.Fatal(err)
		}
	}
}
