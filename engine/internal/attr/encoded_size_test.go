package attr

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	randomav "github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/itemenc"
)

func TestEncodedItemSize(t *testing.T) {
	items := []map[string]av{
		{},
		randomav.Sample(),
		randomav.Typical(),
		{"n": &N{Value: "-99999999999999999999999999999999999999" + strings.Repeat("0", 88)}},
		{"deep": randomav.Nest(&N{Value: "12.25"}, MaxNesting)},
	}
	for _, item := range items {
		got, err := EncodedItemSize(itemenc.AppendItem(nil, item))
		if want := ItemSize(item); err != nil || got != want {
			t.Errorf("EncodedItemSize of %v = %d, %v; want %d (ItemSize)", item, got, err, want)
		}
	}
}

// EncodedItemSize rejects what itemenc.DecodeItem rejects, without panicking.
func TestEncodedItemSizeCorrupt(t *testing.T) {
	enc := itemenc.AppendItem(nil, randomav.Sample())
	for n := range len(enc) {
		if _, err := EncodedItemSize(enc[:n]); err == nil {
			t.Fatalf("EncodedItemSize of a %d-byte prefix of %d bytes succeeded", n, len(enc))
		}
	}
	r := rand.New(rand.NewPCG(9, 10))
	for range 3000 {
		b := bytes.Clone(enc)
		for range 1 + r.IntN(3) {
			b[r.IntN(len(b))] = byte(r.IntN(256))
		}
		size, err := EncodedItemSize(b)
		item, derr := itemenc.DecodeItem(b)
		// A corruption can turn one attribute name into another's, which the
		// decoded map collapses; sizes are comparable only when decoding
		// kept every attribute, that is when the item re-encodes to as many
		// bytes.
		if derr == nil && len(itemenc.AppendItem(nil, item)) == len(b) && (err != nil || size != ItemSize(item)) {
			t.Fatalf("EncodedItemSize = %d, %v for an encoding that decodes to an item of size %d", size, err, ItemSize(item))
		}
	}
}

// NormalEncodedItemSize finds an encoding normal exactly when
// NormalizeItem accepts the item it holds and returns it unchanged.
func TestNormalEncodedItemSize(t *testing.T) {
	nest := func(depth int) av { return randomav.Nest(&S{Value: "x"}, depth) }
	items := []map[string]av{
		{},
		randomav.Sample(),
		randomav.Typical(),
		{"deep": nest(MaxNesting)},
		{"deep": &M{Value: map[string]av{"m": nest(MaxNesting - 1)}}},
		{"tooDeep": nest(MaxNesting + 1)},
		{"": &S{Value: "x"}},
		{"m": &M{Value: map[string]av{"": &S{Value: "x"}}}},
		{strings.Repeat("n", MaxNameBytes+1): &S{Value: "x"}},
		{"ss": &SS{Value: []string{}}},
		{"ss": &SS{Value: []string{"b", "a"}}},
		{"ss": &SS{Value: []string{"a", "a"}}},
		{"bs": &BS{Value: [][]byte{{2}, {1}}}},
		{"bs": &BS{Value: [][]byte{{}, {1}}}},
		{"ns": &NS{Value: []string{"10", "9"}}},
		{"ns": &NS{Value: []string{"9", "10"}}},
		{"ns": &NS{Value: []string{"1", "1.0"}}},
		{"ns": &NS{Value: []string{"1.0"}}},
		{"n": &N{Value: "1.50"}},
		{"n": &N{Value: "1.5"}},
		{"n": &N{Value: "1e3"}},
		{"n": &N{Value: "abc"}},
		{"n": &N{Value: "1e126"}},
		{"l": &L{Value: []av{&N{Value: "007"}}}},
		{"null": &NULL{Value: true}},
	}
	r := rand.New(rand.NewPCG(23, 24))
	for range 500 {
		items = append(items, randomav.Random(r, 6, 3))
	}
	for _, item := range items {
		size, normal := NormalEncodedItemSize(itemenc.AppendItem(nil, item))
		normalized, err := NormalizeItem(item)
		// NormalizeItem returns the map it was given when nothing changed.
		want := err == nil && reflect.ValueOf(normalized).UnsafePointer() == reflect.ValueOf(item).UnsafePointer()
		if normal != want {
			t.Errorf("NormalEncodedItemSize(%v) normal = %v, want %v (NormalizeItem: %v)", item, normal, want, err)
		}
		if normal && size != ItemSize(item) {
			t.Errorf("NormalEncodedItemSize(%v) = %d, want %d (ItemSize)", item, size, ItemSize(item))
		}
	}
	// A repeated name, which only an encoding can hold.
	for _, js := range []string{`{"a":{"S":"x"},"a":{"S":"y"}}`, `{"m":{"M":{"a":{"S":"x"},"b":{"N":"1"},"a":{"S":"y"}}}}`, wideJSON(20, true)} {
		enc, err := itemenc.AppendItemFromJSON(nil, js)
		if err != nil {
			t.Fatal(err)
		}
		if _, normal := NormalEncodedItemSize(enc); normal {
			t.Errorf("NormalEncodedItemSize found %s normal", js)
		}
	}
	enc, _ := itemenc.AppendItemFromJSON(nil, wideJSON(20, false))
	if _, normal := NormalEncodedItemSize(enc); !normal {
		t.Errorf("NormalEncodedItemSize found %s not normal", wideJSON(20, false))
	}
	if _, normal := NormalEncodedItemSize([]byte{1, 0, 0, 1}); normal {
		t.Error("NormalEncodedItemSize found a corrupt encoding normal")
	}
}

// wideJSON returns the JSON of an item of n attributes, the last named
// as the first when repeat is set.
func wideJSON(n int, repeat bool) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := range n {
		name := "a" + strconv.Itoa(i)
		if repeat && i == n-1 {
			name = "a0"
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + name + `":{"N":"` + strconv.Itoa(i) + `"}`)
	}
	b.WriteByte('}')
	return b.String()
}
