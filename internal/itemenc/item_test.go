package itemenc

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	randomav "github.com/ddbkit/ddb/internal/av"
)

func TestItemRoundTrip(t *testing.T) {
	items := []map[string]av{
		{},
		randomav.Sample(),
		{"n": &N{Value: "99999999999999999999999999999999999999" + strings.Repeat("0", 88)}},
		{"deep": randomav.Nest(&S{Value: "x"}, maxNesting)},
	}
	for _, item := range items {
		enc := AppendItem([]byte("prefix"), item)
		got, err := DecodeItem(enc[len("prefix"):])
		if err != nil {
			t.Fatalf("DecodeItem: %v", err)
		}
		if !sameItem(item, got) {
			t.Errorf("round trip of %v gave %v", item, got)
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
	if diff := cmp.Diff(want, got, randomav.Cmp); diff != "" {
		t.Errorf("decoded item changed with its input (-want +got):\n%s", diff)
	}
}

func TestDecodeItemCorrupt(t *testing.T) {
	enc := AppendItem(nil, randomav.Sample())
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
	for range MaxDepth + 1 {
		deep = append(deep, tagL, 1)
	}
	if _, err := DecodeItem(append(deep, tagNull)); err == nil {
		t.Errorf("DecodeItem of too deep nesting succeeded")
	}
}

func TestDecodeItemRandomCorruption(t *testing.T) {
	enc := AppendItem(nil, randomav.Sample())
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
			if err != nil || !sameItem(item, again) {
				t.Fatalf("item decoded from corrupt input does not round-trip: %v", err)
			}
		}
	}
}

func FuzzDecodeItem(f *testing.F) {
	f.Add(AppendItem(nil, randomav.Sample()))
	f.Add(AppendItem(nil, map[string]av{"a": &L{Value: []av{&M{Value: map[string]av{"b": &N{Value: "1"}}}}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		item, err := DecodeItem(b)
		if err != nil {
			return
		}
		again, err := DecodeItem(AppendItem(nil, item))
		if err != nil || !sameItem(item, again) {
			t.Fatalf("decoded item does not round-trip: %v", err)
		}
	})
}

func BenchmarkDecodeItem(b *testing.B) {
	enc := AppendItem(nil, randomav.Typical())
	b.ReportAllocs()
	b.SetBytes(int64(len(enc)))
	for b.Loop() {
		if _, err := DecodeItem(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendItem(b *testing.B) {
	item := randomav.Typical()
	buf := AppendItem(nil, item)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendItem(buf[:0], item)
	}
}
