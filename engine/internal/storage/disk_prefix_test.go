package storage

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/google/go-cmp/cmp"
)

// prefixTestKeys are keys of every shape splitKey tells apart, and their
// prefixes.
func prefixTestKeys() [][]byte {
	keys := [][]byte{nil, {0x00}, {0x01}, {0x02}, {0xff}, {0x00, 'T', 'a'}}
	for _, k := range compatKeys() {
		keys = append(keys, k.key)
	}
	for _, p := range [][]byte{
		{0x01, 0, 0, 0, 7, 0, 0, 0, 1},
		{0x01, 0, 0, 0, 7, 0, 0, 0, 0xff},
		{0x01, 0, 0, 0, 7, 0xff, 0xff, 0xff, 0xff},
		{0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	} {
		for _, tail := range []string{"", "\x00", "\x01", "a", "a\x00", "b", "\xff"} {
			keys = append(keys, append(slices.Clip(p), tail...))
		}
		for n := 1; n < len(p); n++ {
			keys = append(keys, p[:n])
		}
	}
	return keys
}

// TestDiskComparer checks the comparer's Split against Pebble's contract
// (pebble.Split's doc): Compare orders keys by prefix first, then by
// suffix, a prefix sorts before every longer key with it, and
// ImmediateSuccessor returns the smallest prefix above a prefix.
// (pebble.CheckComparer also requires that a prefix without its leading
// bytes be a prefix, which Pebble needs only for tables given a synthetic
// prefix by ingestion; the store ingests no tables.)
func TestDiskComparer(t *testing.T) {
	c := diskComparer
	keys := prefixTestKeys()
	prefix := func(k []byte) []byte { return k[:c.Split(k)] }
	for _, a := range keys {
		pa := prefix(a)
		if len(pa) < len(a) && c.Compare(pa, a) >= 0 {
			t.Errorf("prefix %x does not sort before %x", pa, a)
		}
		if c.Split(pa) != len(pa) {
			t.Errorf("the prefix %x of %x is not its own prefix", pa, a)
		}
		for _, b := range keys {
			pb := prefix(b)
			want := bytes.Compare(pa, pb)
			if want == 0 {
				want = c.ComparePointSuffixes(a[len(pa):], b[len(pb):])
			}
			if got := c.Compare(a, b); got != want {
				t.Errorf("Compare(%x, %x) = %d, by prefix then suffix %d", a, b, got, want)
			}
		}
	}
	for _, p := range keys {
		if c.Split(p) != len(p) {
			continue
		}
		succ := c.ImmediateSuccessor(nil, p)
		if c.Split(succ) != len(succ) || c.Compare(p, succ) >= 0 {
			t.Errorf("ImmediateSuccessor(%x) = %x: not a prefix above it", p, succ)
		}
		for _, k := range keys {
			if c.Split(k) == len(k) && c.Compare(p, k) < 0 && c.Compare(k, succ) < 0 {
				t.Errorf("ImmediateSuccessor(%x) = %x, but the prefix %x is between them", p, succ, k)
			}
		}
	}
}

// TestPrefixScansSkipTables checks that a forward scan within one prefix
// returns what a scan of the same range does in the memory store, with
// partitions that share a prefix (as partitions whose hashes collide do),
// rows in the memtable, in tables with and without the partition, and
// deleted; and that prefix scans and Gets skip the tables whose filters
// exclude the prefix.
func TestPrefixScansSkipTables(t *testing.T) {
	s, err := OpenDisk(t.TempDir(), DiskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	d := s.(*disk)
	mem := NewMemory()
	write := func(ops ...Op) {
		mustWrite(t, s, ops...)
		mustWrite(t, mem, ops...)
	}
	// Two tables whose key ranges overlap: the rows whose hash bytes start
	// with 0x80 in one (compacted to the last level), the others in the
	// other (flushed to L0); the memtable holds a delete and an overwrite.
	keys := compatKeys()
	for _, second := range []bool{false, true} {
		for _, k := range keys {
			if (len(k.key) > 5 && k.key[5] == 0x80) == second {
				write(Op{Key: k.key, Value: k.value()})
			}
		}
		if err := d.db.Flush(); err != nil {
			t.Fatal(err)
		}
		if !second {
			if err := d.db.Compact(context.Background(), []byte{0x00}, []byte{0xff, 0xff}, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	write(Op{Key: keys[len(keys)/2].key, Delete: true}, Op{Key: keys[len(keys)/3].key, Value: []byte("rewritten")})
	var bounds [][]byte
	for _, k := range keys {
		bounds = append(bounds, k.key, prefixEnd(k.key))
		if len(k.key) > PrefixLen {
			bounds = append(bounds, k.key[:PrefixLen], k.key[:PrefixLen+1], prefixEnd(k.key[:PrefixLen+1]))
		}
	}
	slices.SortFunc(bounds, bytes.Compare)
	bounds = slices.CompactFunc(bounds, bytes.Equal)
	before := d.db.Metrics().Filter
	prefixScans := 0
	for _, start := range bounds {
		for _, end := range bounds {
			if bytes.Compare(start, end) >= 0 {
				continue
			}
			if samePrefix(start, end) {
				prefixScans++
			} else if len(start)%5 != 0 { // a sample of the other scans
				continue
			}
			for _, reverse := range []bool{false, true} {
				got, want := scanAll(t, s, start, end, reverse), scanAll(t, mem, start, end, reverse)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("Scan(%x, %x, reverse %v) (-memory +disk):\n%s", start, end, reverse, diff)
				}
			}
		}
	}
	if after := d.db.Metrics().Filter; after.Hits <= before.Hits {
		t.Errorf("the filters excluded no table in %d prefix scans (hits %d, misses %d)", prefixScans, after.Hits-before.Hits, after.Misses-before.Misses)
	}
	before = d.db.Metrics().Filter
	for _, k := range keys {
		got, gotOK, err := s.Get(k.key)
		if err != nil {
			t.Fatal(err)
		}
		want, wantOK, _ := mem.Get(k.key)
		if gotOK != wantOK || !bytes.Equal(got, want) {
			t.Errorf("Get(%x) = %q, %v; want %q, %v", k.key, got, gotOK, want, wantOK)
		}
	}
	if after := d.db.Metrics().Filter; after.Hits <= before.Hits { // Pebble's Get seeks by prefix
		t.Errorf("the filters excluded no table in %d Gets (hits %d, misses %d)", len(keys), after.Hits-before.Hits, after.Misses-before.Misses)
	}
	if prefixScans == 0 {
		t.Fatal("no scan within one prefix")
	}
	if err := d.db.Compact(context.Background(), []byte{0x00}, []byte{0xff, 0xff}, false); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		start := k.key[:splitKey(k.key)]
		if got, want := scanAll(t, s, start, prefixEnd(start), false), scanAll(t, mem, start, prefixEnd(start), false); !slices.Equal(got, want) {
			t.Errorf("after compaction, prefix %x holds %v, want %v", start, got, want)
		}
	}
}

// prefixEnd returns the smallest key above every key that starts with p.
func prefixEnd(p []byte) []byte {
	end := bytes.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] != 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// TestValuesStayInline checks that the rows of a partition keep their
// values in the data blocks, where a scan reads them with their keys, and
// not in value blocks, where Pebble would put the values of all but the
// first key of a prefix.
func TestValuesStayInline(t *testing.T) {
	s, err := OpenDisk(t.TempDir(), DiskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := s.(*disk)
	var ops []Op
	for _, k := range compatKeys() {
		ops = append(ops, Op{Key: k.key, Value: bytes.Repeat(k.value(), 20)})
	}
	mustWrite(t, s, ops...)
	if err := d.db.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := d.db.Compact(context.Background(), []byte{0x00}, []byte{0xff, 0xff}, false); err != nil {
		t.Fatal(err)
	}
	levels, err := d.db.SSTables(pebble.WithProperties())
	if err != nil {
		t.Fatal(err)
	}
	tables := 0
	for _, level := range levels {
		for _, tb := range level {
			tables++
			if n := tb.Properties.NumValuesInValueBlocks; n > 0 {
				t.Errorf("table %s holds %d of its %d values in value blocks", tb.FileNum, n, tb.Properties.NumEntries)
			}
		}
	}
	if tables == 0 {
		t.Fatal("no table")
	}
}
