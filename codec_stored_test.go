package ddb

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/google/uuid"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// checkSameStoredDecoding checks that unmarshalStored decodes the stored
// encoding of item as Unmarshal decodes the item, or fails with the same
// error; fresh returns a new pointer to decode into. When Unmarshal
// succeeds and direct is set, the stored decoders must succeed on their
// own, without going back to attribute values.
func checkSameStoredDecoding(t *testing.T, item Item, fresh func() any, direct bool) {
	t.Helper()
	want := fresh()
	err := Unmarshal(item, want)
	got := fresh()
	serr := unmarshalStored(itemenc.AppendItem(nil, item), got)
	if !mapPathCanFail(item, fresh, false, err, serr) {
		t.Fatalf("Unmarshal error %v, unmarshalStored error %v", err, serr)
	}
	if err != nil {
		return
	}
	if diff := cmp.Diff(want, got, avOpts, cmp.AllowUnexported(everything{}, jsonShapes{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("(-Unmarshal +unmarshalStored):\n%s", diff)
	}
	if !direct {
		return
	}
	rv := reflect.ValueOf(fresh()).Elem()
	c, cerr := codecFor(rv.Type(), format{})
	if cerr != nil {
		t.Fatal(cerr)
	}
	if c.decodeItemStored == nil {
		t.Fatalf("%s has no stored decoder", rv.Type())
	}
	var r storedReader
	if derr := c.decodeItemStored(&r, r.cur.Reset(itemenc.AppendItem(nil, item)), rv); derr != nil || r.cur.Done() != nil {
		t.Errorf("the stored decoders went back to attribute values: %v, %v", derr, r.cur.Done())
	}
}

func TestUnmarshalStoredMatchesUnmarshal(t *testing.T) {
	full := fullShapes()
	item, err := Marshal(&full)
	if err != nil {
		t.Fatal(err)
	}
	checkSameStoredDecoding(t, item, func() any { return new(jsonShapes) }, true)
	checkSameStoredDecoding(t, item, func() any { return new(everything) }, true) // unknown attributes skipped
	checkSameStoredDecoding(t, item, func() any { return new(map[string]any) }, true)
	checkSameStoredDecoding(t, item, func() any { return new(any) }, false)
	checkSameStoredDecoding(t, Item{"k": av.S("v"), "l": av.S("")}, func() any { return new(map[string]string) }, true)
	checkSameStoredDecoding(t, Item{"k": av.N("1")}, func() any { return new(map[string]string) }, false)
	checkSameStoredDecoding(t, Item{"k": av.Null()}, func() any { return new(map[string]string) }, false)
	checkSameStoredDecoding(t, Item{"a": av.L(av.N("1"), av.Null())}, func() any { return new(map[string][]*int) }, true)
	checkSameStoredDecoding(t, Item{"a": av.SS("x", "y"), "b": av.NS("1"), "c": av.BS("z")}, func() any { return new(map[string][]any) }, false)
	checkSameStoredDecoding(t, Item{"id": av.S("x")}, func() any { return &everything{Audit: &Audit{Who: "kept"}, I: 5} }, true)
}

// TestUnmarshalStoredWrongValues replaces each attribute of a full item, in
// turn, with values of every type, and checks that the stored decoders
// accept and refuse what Unmarshal does, with the same errors.
func TestUnmarshalStoredWrongValues(t *testing.T) {
	full := fullShapes()
	item, err := Marshal(&full)
	if err != nil {
		t.Fatal(err)
	}
	values := []Item{
		{"v": av.S("x")}, {"v": av.S("")}, {"v": av.S("2020-01-01T00:00:00Z")}, {"v": av.S("6ba7b810-9dad-11d1-80b4-00c04fd430c8")},
		{"v": av.N("1")}, {"v": av.N("-1.5")}, {"v": av.N("1e400")}, {"v": av.N("300")}, {"v": av.N("x")}, {"v": av.B("ab")}, {"v": av.B("")},
		{"v": av.Bool(true)}, {"v": av.Bool(false)}, {"v": av.Null()},
		{"v": av.SS("a", "b")}, {"v": av.NS("1", "2.5")}, {"v": av.BS("a", "bc")}, {"v": av.L()}, {"v": av.L(av.S("a"), av.Null())},
		{"v": av.L(av.N("1"), av.N("2"), av.N("3"))}, {"v": av.M(Item{})}, {"v": av.M(Item{"Who": av.S("w"), "X": av.N("1")})},
		{"v": av.M(Item{"k": av.L(av.M(Item{"X": av.N("1")}))})},
	}
	for name := range item {
		for _, v := range values {
			mutated := make(Item, len(item))
			for k, x := range item {
				mutated[k] = x
			}
			mutated[name] = v["v"]
			t.Run(fmt.Sprintf("%s=%s", name, avType(v["v"])), func(t *testing.T) {
				checkSameStoredDecoding(t, mutated, func() any { return new(jsonShapes) }, false)
			})
		}
	}
}

// TestStoredRandomItems decodes random items (every type, nested lists and
// maps) from their stored encoding and through attribute values.
func TestStoredRandomItems(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 300 {
		item := av.Random(rng, 6, 3)
		checkSameStoredDecoding(t, item, func() any { return new(map[string]any) }, true)
	}
}

// An encoding that is not an item is a DecodeError, never a panic.
func TestUnmarshalStoredCorrupt(t *testing.T) {
	full := fullShapes()
	item, err := Marshal(&full)
	if err != nil {
		t.Fatal(err)
	}
	enc := itemenc.AppendItem(nil, item)
	for n := range len(enc) {
		var got jsonShapes
		if err := unmarshalStored(enc[:n:n], &got); err == nil {
			t.Fatalf("decoded a %d-byte prefix of %d bytes", n, len(enc))
		} else if de := (*DecodeError)(nil); !errors.As(err, &de) {
			t.Fatalf("a %d-byte prefix: %T %v, want a DecodeError", n, err, err)
		}
	}
}

// FuzzUnmarshalStored checks that no input panics the stored decoders, and
// that what they accept decodes as the item the encoding holds does.
func FuzzUnmarshalStored(f *testing.F) {
	full := fullShapes()
	item, err := Marshal(&full)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(itemenc.AppendItem(nil, item))
	f.Add(itemenc.AppendItem(nil, Item{"I": av.N("1"), "List": av.L(av.S("a")), "M": av.M(Item{"a": av.N("2")})}))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got jsonShapes
		err := unmarshalStored(bytes.Clone(data), &got) // it keeps strings of what it is handed
		decoded, derr := itemenc.DecodeItem(data)
		if derr != nil {
			// The stored decoders read with a Cursor, which ignores the
			// header's counts of S and N values (they only size
			// DecodeItem's blocks): an encoding whose counts alone are
			// wrong may decode.
			if err == nil && !cursorReads(data) {
				t.Fatalf("decoded a corrupt encoding %q", data)
			}
			return
		}
		var want jsonShapes
		werr := Unmarshal(decoded, &want)
		if fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Fatalf("unmarshalStored: %v, Unmarshal: %v", err, werr)
		}
	})
}

// cursorReads reports whether a Cursor reads the whole encoding without
// finding it corrupt.
func cursorReads(enc []byte) bool {
	var c itemenc.Cursor
	for range c.Reset(enc) {
		c.Name()
		kind, _, n := c.Value()
		c.Skip(kind, n)
	}
	return c.Done() == nil
}

// TestStoredCodecAllocations checks that the stored decoders decode a
// struct of scalars without allocating.
func TestStoredCodecAllocations(t *testing.T) {
	if raceDetector {
		t.Skip("the race detector's instrumentation allocates")
	}
	item, err := Marshal(scalarFields{ID: uuid.New(), Name: "n", Age: 3, Score: 1.5, Active: true, Created: time.Now(), Unix: time.Now(), N: "12"})
	if err != nil {
		t.Fatal(err)
	}
	enc := itemenc.AppendItem(nil, item)
	var out scalarFields
	if n := testing.AllocsPerRun(100, func() {
		if err := unmarshalStored(enc, &out); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("unmarshalStored of scalars: %v allocations, want 0", n)
	}
}
