package storage

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestOpensPebbleV1Directory opens testdata/pebble-v1, a directory written
// by the disk store when it used Pebble v1.1.5 (format major version 16),
// left as a crash leaves it: k000 to k049 flushed to a table, k050 to k099
// only in the write-ahead log. The store must open it with every key, and
// upgrade it to diskFormat in place (after which Pebble v1 refuses it:
// "pebble: database ... written in format major version 21").
func TestOpensPebbleV1Directory(t *testing.T) {
	dir := copyTestdata(t, "testdata/pebble-v1")
	for open := range 2 {
		s, err := OpenDisk(dir, DiskOptions{Verify: VerifyAtOpen})
		if err != nil {
			t.Fatalf("open %d: %v", open, err)
		}
		var want []kv
		for i := range 100 {
			k, v := fmt.Sprintf("k%03d", i), "flushed"
			if i >= 50 {
				v = "logged"
			}
			want = append(want, kv{k, v + " " + k})
		}
		if got := scanAll(t, s, nil, nil, false); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("open %d: the store holds %v\nwant %v", open, got, want)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	marker := fmt.Sprintf("marker.format-version.*.%03d", int(diskFormat))
	if m, _ := filepath.Glob(filepath.Join(dir, marker)); len(m) != 1 {
		t.Errorf("no %s after opening: the format was not upgraded", marker)
	}
}

// copyTestdata copies the store directory src to a temporary directory.
func copyTestdata(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestOpensPebbleV2Directory opens directories written by the disk store
// before it grouped keys by prefix, whose tables name Pebble's default key
// schema: testdata/pebble-v2, without filters, left as a crash leaves it
// (the keys of compatKeys marked flushed in a table, the others only in
// the write-ahead log, which the open flushes and compacts with the
// table), and testdata/pebble-v2-bloom, closed cleanly, whose one table in
// L0 has a Bloom filter of whole keys (a prefix looked up in it would miss
// every row). The store must read them whole, by full scans, prefix scans
// and Gets, before and after new tables join the old one and after a
// compaction rewrites them all, and across reopening.
func TestOpensPebbleV2Directory(t *testing.T) {
	for _, name := range []string{"pebble-v2", "pebble-v2-bloom"} {
		t.Run(name, func(t *testing.T) { testOpensOldDirectory(t, filepath.Join("testdata", name)) })
	}
}

func testOpensOldDirectory(t *testing.T, src string) {
	dir := copyTestdata(t, src)
	mem := NewMemory()
	for _, k := range compatKeys() {
		mustWrite(t, mem, Op{Key: k.key, Value: k.value()})
	}
	check := func(s Store, when string) {
		t.Helper()
		if got, want := scanAll(t, s, nil, nil, false), scanAll(t, mem, nil, nil, false); !slices.Equal(got, want) {
			t.Fatalf("%s: the store holds %v\nwant %v", when, got, want)
		}
		for _, k := range compatKeys() {
			p := k.key[:splitKey(k.key)]
			for _, start := range [][]byte{p, k.key} {
				got, want := scanAll(t, s, start, prefixEnd(p), false), scanAll(t, mem, start, prefixEnd(p), false)
				if !slices.Equal(got, want) {
					t.Errorf("%s: Scan(%x, %x) = %v, want %v", when, start, prefixEnd(p), got, want)
				}
			}
			if v, ok, err := s.Get(k.key); err != nil || !ok || !bytes.Equal(v, k.value()) {
				t.Errorf("%s: Get(%x) = %q, %v, %v", when, k.key, v, ok, err)
			}
		}
	}
	s, err := OpenDisk(dir, DiskOptions{Verify: VerifyAtOpen})
	if err != nil {
		t.Fatal(err)
	}
	check(s, "opened")
	d := s.(*disk)
	for i, k := range compatKeys() { // new tables beside the old one
		if i%3 == 0 {
			k.key = append(bytes.Clone(k.key), 'n')
			op := Op{Key: k.key, Value: k.value()}
			mustWrite(t, s, op)
			mustWrite(t, mem, op)
		}
	}
	if err := d.db.Flush(); err != nil {
		t.Fatal(err)
	}
	check(s, "with a new table")
	if err := d.db.Compact(context.Background(), []byte{0x00}, []byte{0xff, 0xff}, false); err != nil {
		t.Fatal(err)
	}
	check(s, "compacted")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = OpenDisk(dir, DiskOptions{Verify: VerifyAtOpen}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check(s, "reopened")
}

// compatKey is a key of testdata/pebble-v2: flushed ones are in its table,
// the others only in its write-ahead log.
type compatKey struct {
	key     []byte
	flushed bool
}

func (k compatKey) value() []byte { return fmt.Appendf(nil, "value of %x", k.key) }

// compatKeys are the keys of testdata/pebble-v2: keys of every shape the
// store's prefix rule tells apart (short keys, keys that do not start with
// 0x01, rows of partitions of two keyspaces), with two partitions sharing
// each 9-byte prefix as partitions whose hashes collide do.
func compatKeys() []compatKey {
	var keys []compatKey
	for i := range 4 {
		keys = append(keys, compatKey{key: []byte{0x00, 'T', byte('a' + i)}, flushed: i%2 == 0})
	}
	keys = append(keys, compatKey{key: []byte{0x01, 0, 0, 0, 7}, flushed: true})
	for _, id := range []byte{7, 8} {
		for _, h := range [][]byte{{0, 0, 0, 1}, {0x80, 0, 0, 0}, {0xff, 0xff, 0xff, 0xff}} {
			for _, pk := range []string{"a", "b"} {
				for sk := range 10 {
					key := append([]byte{0x01, 0, 0, 0, id}, h...)
					key = append(append(key, pk...), 0x00, byte(sk))
					keys = append(keys, compatKey{key: key, flushed: sk < 5})
				}
			}
		}
	}
	keys = append(keys, compatKey{key: []byte{0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, flushed: true})
	return keys
}
