package attr

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/number"
)

// randomNumber returns a random valid number in canonical form. Digits come
// from a small alphabet so that values often share prefixes.
func randomNumber(r *rand.Rand) string {
	switch r.IntN(10) {
	case 0:
		return "0"
	case 1:
		return fmt.Sprint(r.IntN(2001) - 1000)
	}
	n := 1 + r.IntN(maxDigits)
	var sb strings.Builder
	if r.IntN(2) == 0 {
		sb.WriteByte('-')
	}
	sb.WriteByte("19"[r.IntN(2)])
	sb.WriteByte('.')
	for range n - 1 {
		sb.WriteByte("0159"[r.IntN(4)])
	}
	fmt.Fprintf(&sb, "e%d", number.MinAdjExp+r.IntN(number.MaxAdjExp-number.MinAdjExp+1))
	s, err := NormalizeNumber(sb.String())
	if err != nil {
		panic(err)
	}
	return s
}

func randomBytes(r *rand.Rand) []byte {
	b := make([]byte, r.IntN(5))
	for i := range b {
		b[i] = []byte{0, 1, 'a', 0xff}[r.IntN(4)]
	}
	return b
}

func randomKey(r *rand.Rand, typ types.ScalarAttributeType) av {
	switch typ {
	case types.ScalarAttributeTypeN:
		return &N{Value: randomNumber(r)}
	case types.ScalarAttributeTypeS:
		return &S{Value: string(randomBytes(r))}
	}
	return &B{Value: randomBytes(r)}
}

var keyTypes = []types.ScalarAttributeType{types.ScalarAttributeTypeS, types.ScalarAttributeTypeN, types.ScalarAttributeTypeB}

func compareKeys(a, b av) int {
	c, ok := Compare(a, b)
	if !ok {
		panic("not comparable")
	}
	return c
}

func TestKeyOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, typ := range keyTypes {
		t.Run(string(typ), func(t *testing.T) {
			values := make([]av, 2000)
			for i := range values {
				values[i] = randomKey(r, typ)
			}
			enc := make(map[av][]byte, len(values))
			for _, v := range values {
				enc[v] = AppendKey(nil, v)
			}
			byCompare := slices.Clone(values)
			slices.SortStableFunc(byCompare, compareKeys)
			byEncoding := slices.Clone(values)
			slices.SortStableFunc(byEncoding, func(a, b av) int { return bytes.Compare(enc[a], enc[b]) })
			for i := range byCompare {
				if c := compareKeys(byCompare[i], byEncoding[i]); c != 0 {
					t.Fatalf("position %d: by Compare %#v, by encoding %#v", i, byCompare[i], byEncoding[i])
				}
			}
			for i := 1; i < len(byEncoding); i++ {
				a, b := byEncoding[i-1], byEncoding[i]
				if (compareKeys(a, b) == 0) != bytes.Equal(enc[a], enc[b]) {
					t.Fatalf("%#v and %#v: equal values must have equal encodings", a, b)
				}
			}
		})
	}
}

func TestKeyConcatenationOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, pkType := range keyTypes {
		for _, skType := range keyTypes {
			for range 300 {
				pk1, pk2 := randomKey(r, pkType), randomKey(r, pkType)
				sk1, sk2 := randomKey(r, skType), randomKey(r, skType)
				want := compareKeys(pk1, pk2)
				if want == 0 {
					want = compareKeys(sk1, sk2)
				}
				k1 := AppendKey(AppendKey(nil, pk1), sk1)
				k2 := AppendKey(AppendKey(nil, pk2), sk2)
				if got := bytes.Compare(k1, k2); got != want {
					t.Fatalf("(%#v, %#v) vs (%#v, %#v): encoding order %d, want %d", pk1, sk1, pk2, sk2, got, want)
				}
			}
		}
	}
}

func TestKeyRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	fixed := []av{
		&N{Value: "0"}, &N{Value: "1"}, &N{Value: "-1"}, &N{Value: "10"}, &N{Value: "100"}, &N{Value: "0.1"},
		&N{Value: "1.5"}, &N{Value: "-123.456"}, &N{Value: "0." + strings.Repeat("0", 129) + "1"},
		&N{Value: "99999999999999999999999999999999999999" + strings.Repeat("0", 88)},
		&N{Value: "-12345678901234567890123456789012345678"}, &N{Value: "1.2345678901234567890123456789012345678"},
		&S{Value: ""}, &S{Value: "a\x00b"}, &S{Value: "\x00"}, &S{Value: "héllo"},
		&B{Value: []byte{}}, &B{Value: []byte{0, 0xff, 0}},
	}
	for _, typ := range keyTypes {
		for range 500 {
			fixed = append(fixed, randomKey(r, typ))
		}
	}
	tail := []byte("tail")
	for _, v := range fixed {
		enc := AppendKey(nil, v)
		got, rest, err := DecodeKey(append(enc, tail...), types.ScalarAttributeType(dynamo.TypeOf(v)))
		if err != nil {
			t.Fatalf("DecodeKey(%x) for %#v: %v", enc, v, err)
		}
		if !Equal(got, v) || !bytes.Equal(rest, tail) {
			t.Fatalf("DecodeKey(AppendKey(%#v)) = %#v, rest %q", v, got, rest)
		}
		if n, ok := v.(*N); ok && got.(*N).Value != n.Value {
			t.Fatalf("DecodeKey(AppendKey(%q)) = %q, want the canonical text", n.Value, got.(*N).Value)
		}
	}
}

func TestKeyEncodingExamples(t *testing.T) {
	tests := []struct {
		v    av
		want []byte
	}{
		{&S{Value: "a\x00"}, []byte{'a', 0, 0xff, 0, 1}},
		{&B{Value: []byte{}}, []byte{0, 1}},
		{&N{Value: "0"}, []byte{keyZero}},
		{&N{Value: "1"}, []byte{keyPositive, 129, 2, 0}},
		{&N{Value: "1.0"}, []byte{keyPositive, 129, 2, 0}},
		{&N{Value: "12.5"}, []byte{keyPositive, 129, 13, 51, 0}},
		{&N{Value: "-1"}, []byte{keyNegative, 126, 253, 0xff}},
	}
	for _, tt := range tests {
		if got := AppendKey(nil, tt.v); !bytes.Equal(got, tt.want) {
			t.Errorf("AppendKey(%#v) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestDecodeKeyCorrupt(t *testing.T) {
	tests := []struct {
		b   []byte
		typ types.ScalarAttributeType
	}{
		{nil, types.ScalarAttributeTypeS},
		{[]byte("abc"), types.ScalarAttributeTypeS},
		{[]byte{'a', 0}, types.ScalarAttributeTypeB},
		{[]byte{'a', 0, 7}, types.ScalarAttributeTypeS},
		{nil, types.ScalarAttributeTypeN},
		{[]byte{9}, types.ScalarAttributeTypeN},
		{[]byte{keyPositive}, types.ScalarAttributeTypeN},
		{[]byte{keyPositive, 129}, types.ScalarAttributeTypeN},
		{[]byte{keyPositive, 129, 0}, types.ScalarAttributeTypeN},           // no digits
		{[]byte{keyPositive, 129, 1, 0}, types.ScalarAttributeTypeN},        // leading zero pair
		{[]byte{keyPositive, 129, 2, 1, 0}, types.ScalarAttributeTypeN},     // trailing zero pair
		{[]byte{keyPositive, 129, 200, 0}, types.ScalarAttributeTypeN},      // not a base-100 digit
		{[]byte{keyPositive, 250, 2, 0}, types.ScalarAttributeTypeN},        // out of range
		{[]byte{keyPositive, 129, 2, 0}, types.ScalarAttributeType("BOOL")}, // not a key type
	}
	for _, tt := range tests {
		if v, _, err := DecodeKey(tt.b, tt.typ); err == nil {
			t.Errorf("DecodeKey(%v, %s) = %#v, want an error", tt.b, tt.typ, v)
		}
	}
}

func FuzzDecodeKey(f *testing.F) {
	for _, v := range []av{&N{Value: "-12.5"}, &N{Value: "0"}, &S{Value: "a\x00"}, &B{Value: []byte{1}}} {
		f.Add(AppendKey(nil, v), byte(0))
	}
	f.Fuzz(func(t *testing.T, b []byte, which byte) {
		typ := keyTypes[int(which)%len(keyTypes)]
		v, rest, err := DecodeKey(b, typ)
		if err != nil {
			return
		}
		// Whatever decodes must be the canonical encoding of its value.
		if enc := AppendKey(nil, v); !bytes.Equal(enc, b[:len(b)-len(rest)]) {
			t.Fatalf("DecodeKey(%x) = %#v, which encodes as %x", b, v, enc)
		}
		if diff := cmp.Diff(dynamo.TypeOf(v), string(typ)); diff != "" {
			t.Fatal(diff)
		}
	})
}

func BenchmarkNumberKey(b *testing.B) {
	for _, s := range []string{"100", "-129.95", "1.5e-30"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			v := &types.AttributeValueMemberN{Value: s}
			var buf []byte
			for b.Loop() {
				buf = AppendKey(buf[:0], v)
				if _, _, err := DecodeKey(buf, types.ScalarAttributeTypeN); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
