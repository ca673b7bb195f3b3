package itemenc

import (
	"bytes"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	randomav "github.com/ddbkit/ddb/internal/av"
)

// cursorItem rebuilds the item of an encoding with a Cursor.
func cursorItem(b []byte) (map[string]av, error) {
	var c Cursor
	item := map[string]av{}
	for range c.Reset(b) {
		k := c.Name()
		item[k] = c.AttributeValue(c.Value())
	}
	return item, c.Done()
}

// A Cursor reads every value of an encoding, in order and as stored.
func TestCursorReadsItems(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	items := []map[string]av{{}, randomav.Sample(), randomav.Typical()}
	for range 300 {
		items = append(items, randomav.Random(r, 4, 3))
	}
	for _, item := range items {
		got, err := cursorItem(AppendItem(nil, item))
		if err != nil {
			t.Fatalf("cursor: %v", err)
		}
		if diff := cmp.Diff(item, got, randomav.Cmp); diff != "" {
			t.Fatalf("cursor read (-want +got):\n%s", diff)
		}
	}
	// cmp takes exponential time over deep nesting: compared with sameItem.
	deep := map[string]av{"deep": randomav.Nest(&S{Value: "x"}, maxNesting)}
	if got, err := cursorItem(AppendItem(nil, deep)); err != nil || !sameItem(deep, got) {
		t.Errorf("cursor read of deep nesting: %v, %v", got, err)
	}
}

// A Cursor refuses what DecodeItem refuses, without panicking, and reads
// what DecodeItem decodes as DecodeItem does.
func TestCursorCorrupt(t *testing.T) {
	enc := AppendItem(nil, randomav.Sample())
	for n := range len(enc) {
		if _, err := cursorItem(enc[:n]); err == nil {
			t.Fatalf("cursor read a %d-byte prefix of %d bytes", n, len(enc))
		}
	}
	if _, err := cursorItem(append(bytes.Clone(enc), 0)); err == nil {
		t.Error("cursor read an encoding with trailing garbage")
	}
	if _, err := cursorItem([]byte{2, 0, 0, 0}); err == nil {
		t.Error("cursor read an unknown version")
	}
	r := rand.New(rand.NewPCG(13, 14))
	for range 3000 {
		b := bytes.Clone(enc)
		for range 1 + r.IntN(3) {
			b[r.IntN(len(b))] = byte(r.IntN(256))
		}
		got, err := cursorItem(b)
		want, derr := DecodeItem(b)
		if derr == nil && err == nil {
			if diff := cmp.Diff(want, got, randomav.Cmp); diff != "" {
				t.Fatalf("cursor and DecodeItem differ on a corrupt encoding (-DecodeItem +cursor):\n%s", diff)
			}
		}
		// The cursor ignores the header's S and N counts, which only size
		// DecodeItem's blocks; otherwise it accepts what DecodeItem does.
		if derr == nil && err != nil {
			t.Fatalf("cursor refused an encoding DecodeItem decodes: %v", err)
		}
	}
}

func FuzzCursor(f *testing.F) {
	f.Add(AppendItem(nil, randomav.Sample()))
	f.Add(AppendItem(nil, map[string]av{"a": &L{Value: []av{&M{Value: map[string]av{"b": &N{Value: "1"}}}}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := cursorItem(b) // must not panic
		if err != nil {
			return
		}
		again, err := cursorItem(AppendItem(nil, got))
		if err != nil || !sameItem(got, again) {
			t.Fatalf("item read by a cursor does not round-trip: %v", err)
		}
	})
}

func TestDecodeAttributes(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	items := []map[string]av{{}, randomav.Sample(), randomav.Typical(), wideItem(200)}
	for range 200 {
		items = append(items, randomav.Random(r, 5, 2))
	}
	for _, item := range items {
		enc := AppendItem(nil, item)
		names := slices.Collect(maps.Keys(item))
		r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
		names = append(names[:r.IntN(len(names)+1)], "missing")
		want := map[string]av{}
		for _, n := range names {
			if v, ok := item[n]; ok {
				want[n] = v
			}
		}
		got, err := DecodeAttributes(enc, NewNames(names))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, randomav.Cmp); diff != "" {
			t.Fatalf("DecodeAttributes(%q) (-want +got):\n%s", names, diff)
		}
	}
}

func TestDecodeAttributesCorrupt(t *testing.T) {
	enc := AppendItem(nil, randomav.Sample())
	names := []string{"pk", "list", "map"}
	for n := range len(enc) {
		if _, err := DecodeAttributes(enc[:n], NewNames(names)); err == nil {
			t.Fatalf("DecodeAttributes of a %d-byte prefix of %d bytes succeeded", n, len(enc))
		}
	}
	got, err := DecodeAttributes(enc, NewNames(names))
	if err != nil {
		t.Fatal(err)
	}
	for i := range enc {
		enc[i] = 0
	}
	want := map[string]av{"pk": randomav.Sample()["pk"], "list": randomav.Sample()["list"], "map": randomav.Sample()["map"]}
	if diff := cmp.Diff(want, got, randomav.Cmp); diff != "" {
		t.Errorf("decoded attributes changed with their input (-want +got):\n%s", diff)
	}
}

// wideItem returns an item of n number attributes named a0, a1, ...
func wideItem(n int) map[string]av {
	item := make(map[string]av, n)
	for i := range n {
		item["a"+strconv.Itoa(i)] = &N{Value: strconv.Itoa(i)}
	}
	return item
}

// BenchmarkDecodeAttributesWide decodes 1,000 named attributes of an item
// of 10,000.
func BenchmarkDecodeAttributesWide(b *testing.B) {
	item := wideItem(10000)
	enc := AppendItem(nil, item)
	names := make([]string, 1000)
	for i := range names {
		names[i] = "a" + strconv.Itoa(i*10)
	}
	wanted := NewNames(names)
	for b.Loop() {
		if _, err := DecodeAttributes(enc, wanted); err != nil {
			b.Fatal(err)
		}
	}
}
