package attr

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// sampleItem has every type, nested lists and maps, and empty values.
func sampleItem() map[string]av {
	return map[string]av{
		"pk":      &S{Value: "user#42"},
		"sk":      &N{Value: "-12.5"},
		"empty":   &S{Value: ""},
		"nul":     &S{Value: "a\x00b"},
		"bin":     &B{Value: []byte{0, 1, 0xff}},
		"emptyB":  &B{Value: []byte{}},
		"yes":     &BOOL{Value: true},
		"no":      &BOOL{Value: false},
		"null":    &NULL{Value: true},
		"list":    &L{Value: []av{&S{Value: "x"}, &N{Value: "1"}, &L{}, &M{Value: map[string]av{"deep": &NS{Value: []string{"1", "2"}}}}}},
		"emptyL":  &L{Value: []av{}},
		"map":     &M{Value: map[string]av{"a": &N{Value: "0.001"}, "": &S{Value: "e"}, "b": &BS{Value: [][]byte{{1}, {}}}}},
		"emptyM":  &M{Value: map[string]av{}},
		"ss":      &SS{Value: []string{"", "a", "b"}},
		"ns":      &NS{Value: []string{"-1", "0", "1e-130"}},
		"bs":      &BS{Value: [][]byte{{}, {0}}},
		"long":    &S{Value: strings.Repeat("é", 300)},
		"unicode": &S{Value: "日本"},
	}
}

func TestItemRoundTrip(t *testing.T) {
	items := []map[string]av{
		{},
		sampleItem(),
		{"n": &N{Value: "99999999999999999999999999999999999999" + strings.Repeat("0", 88)}},
		{"deep": nest(&S{Value: "x"}, MaxNesting)},
	}
	for _, item := range items {
		enc := AppendItem([]byte("prefix"), item)
		got, err := DecodeItem(enc[len("prefix"):])
		if err != nil {
			t.Fatalf("DecodeItem: %v", err)
		}
		if !Equal(&M{Value: item}, &M{Value: got}) {
			t.Errorf("round trip of %v gave %v", item, got)
		}
	}
	// Decoded values are exactly the encoded ones (Equal compares sets
	// unordered and numbers by value; this checks order and text too).
	item := sampleItem()
	got, err := DecodeItem(AppendItem(nil, item))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(item, got, avOpts, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestEncodedItemSize(t *testing.T) {
	items := []map[string]av{
		{},
		sampleItem(),
		benchItem(),
		{"n": &N{Value: "-99999999999999999999999999999999999999" + strings.Repeat("0", 88)}},
		{"deep": nest(&N{Value: "12.25"}, MaxNesting)},
	}
	for _, item := range items {
		got, err := EncodedItemSize(AppendItem(nil, item))
		if want := ItemSize(item); err != nil || got != want {
			t.Errorf("EncodedItemSize of %v = %d, %v; want %d (ItemSize)", item, got, err, want)
		}
	}
}

// EncodedItemSize rejects what DecodeItem rejects, without panicking.
func TestEncodedItemSizeCorrupt(t *testing.T) {
	enc := AppendItem(nil, sampleItem())
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
		item, derr := DecodeItem(b)
		// A corruption can turn one attribute name into another's, which the
		// decoded map collapses; sizes are comparable only when decoding
		// kept every attribute, that is when the item re-encodes to as many
		// bytes.
		if derr == nil && len(AppendItem(nil, item)) == len(b) && (err != nil || size != ItemSize(item)) {
			t.Fatalf("EncodedItemSize = %d, %v for an encoding that decodes to an item of size %d", size, err, ItemSize(item))
		}
	}
}

func TestDecodeItemDoesNotAliasInput(t *testing.T) {
	enc := AppendItem(nil, map[string]av{"b": &B{Value: []byte("abc")}, "bs": &BS{Value: [][]byte{[]byte("xyz")}}, "s": &S{Value: "str"}})
	got, err := DecodeItem(enc)
	if err != nil {
		t.Fatal(err)
	}
	for i := range enc {
		enc[i] = 0
	}
	want := map[string]av{"b": &B{Value: []byte("abc")}, "bs": &BS{Value: [][]byte{[]byte("xyz")}}, "s": &S{Value: "str"}}
	if diff := cmp.Diff(want, got, avOpts); diff != "" {
		t.Errorf("decoded item changed with its input (-want +got):\n%s", diff)
	}
}

func TestDecodeItemCorrupt(t *testing.T) {
	enc := AppendItem(nil, sampleItem())
	// Every proper prefix is incomplete.
	for n := range len(enc) {
		if _, err := DecodeItem(enc[:n]); err == nil {
			t.Fatalf("DecodeItem of a %d-byte prefix of %d bytes succeeded", n, len(enc))
		}
	}
	for _, b := range [][]byte{
		append(bytes.Clone(enc), 0),                             // trailing garbage
		{2, 0, 0, 0},                                            // unknown version
		{itemVersion, 0, 0, 1, 1, 'a', 99},                      // unknown tag
		{itemVersion, 0, 0, 1, 1, 'a', tagS, 0},                 // more S values than counted
		{itemVersion, 1, 0, 0},                                  // fewer S values than counted
		{itemVersion, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0},       // huge count
		{itemVersion, 0, 0, 1, 1, 'a', tagL, 0xff, 0xff, 0x03},  // list longer than the input
		{itemVersion, 0, 0, 1, 1, 'a', tagS | 0x80, 0x80, 0x80}, // bad tag, then varint
	} {
		if _, err := DecodeItem(b); err == nil {
			t.Errorf("DecodeItem(%v) succeeded", b)
		}
	}
	deep := []byte{itemVersion, 0, 0, 1, 1, 'a'}
	for range maxDecodeDepth + 1 {
		deep = append(deep, tagL, 1)
	}
	if _, err := DecodeItem(append(deep, tagNull)); err == nil {
		t.Errorf("DecodeItem of too deep nesting succeeded")
	}
}

func TestDecodeItemRandomCorruption(t *testing.T) {
	enc := AppendItem(nil, sampleItem())
	r := rand.New(rand.NewPCG(7, 8))
	for range 3000 {
		b := bytes.Clone(enc)
		for range 1 + r.IntN(3) {
			b[r.IntN(len(b))] = byte(r.IntN(256))
		}
		if item, err := DecodeItem(b); err == nil {
			// A corruption that still decodes must re-encode to something
			// that decodes to the same item.
			again, err := DecodeItem(AppendItem(nil, item))
			if err != nil || !Equal(&M{Value: item}, &M{Value: again}) {
				t.Fatalf("item decoded from corrupt input does not round-trip: %v", err)
			}
		}
	}
}

func FuzzDecodeItem(f *testing.F) {
	f.Add(AppendItem(nil, sampleItem()))
	f.Add(AppendItem(nil, map[string]av{"a": &L{Value: []av{&M{Value: map[string]av{"b": &N{Value: "1"}}}}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		item, err := DecodeItem(b)
		if err != nil {
			return
		}
		again, err := DecodeItem(AppendItem(nil, item))
		if err != nil || !Equal(&M{Value: item}, &M{Value: again}) {
			t.Fatalf("decoded item does not round-trip: %v", err)
		}
	})
}

// benchItem is a typical 12-attribute item.
func benchItem() map[string]av {
	return map[string]av{
		"pk":        &S{Value: "customer#3f2a9c1e-7b4d-4e2a-9f1c-2d3e4f5a6b7c"},
		"sk":        &S{Value: "order#2026-01-15T10:20:30Z"},
		"status":    &S{Value: "SHIPPED"},
		"total":     &N{Value: "129.95"},
		"quantity":  &N{Value: "3"},
		"createdAt": &N{Value: "1768472430"},
		"gift":      &BOOL{Value: false},
		"note":      &S{Value: "Leave at the front door, please."},
		"tags":      &SS{Value: []string{"express", "fragile", "priority"}},
		"address":   &M{Value: map[string]av{"street": &S{Value: "1 Main St"}, "city": &S{Value: "Springfield"}, "zip": &S{Value: "12345"}}},
		"items":     &L{Value: []av{&S{Value: "sku-1"}, &S{Value: "sku-2"}, &S{Value: "sku-3"}}},
		"coupon":    &NULL{Value: true},
	}
}

func BenchmarkDecodeItem(b *testing.B) {
	enc := AppendItem(nil, benchItem())
	b.ReportAllocs()
	b.SetBytes(int64(len(enc)))
	for b.Loop() {
		if _, err := DecodeItem(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendItem(b *testing.B) {
	item := benchItem()
	buf := AppendItem(nil, item)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendItem(buf[:0], item)
	}
}
