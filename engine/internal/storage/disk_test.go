package storage

import (
	"fmt"
	"testing"

	"github.com/cockroachdb/pebble/v2"
)

// TestTablesCarryBloomFilters checks that every table the store writes,
// by a flush or a compaction, has a Bloom filter, which lets a read of a
// key the table does not hold (the item a put of a new item replaces)
// skip its blocks.
func TestTablesCarryBloomFilters(t *testing.T) {
	s, err := OpenDisk(t.TempDir(), DiskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := s.(*disk).db
	for round := range 3 {
		for i := range 100 {
			mustWrite(t, s, put(fmt.Sprintf("k%03d", i), fmt.Sprint(round)))
		}
		if err := db.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Compact(t.Context(), []byte("k"), []byte("l"), true); err != nil {
		t.Fatal(err)
	}
	levels, err := db.SSTables(pebble.WithProperties())
	if err != nil {
		t.Fatal(err)
	}
	want := diskFilter.Name()
	n := 0
	for level, tables := range levels {
		for _, tbl := range tables {
			n++
			if got := tbl.Properties.FilterPolicyName; got != want {
				t.Errorf("table %s in L%d has filter %q, want %q", tbl.FileNum, level, got, want)
			}
		}
	}
	if n == 0 {
		t.Fatal("the store wrote no table")
	}
	if v, ok, err := s.Get([]byte("k042")); err != nil || !ok || string(v) != "2" {
		t.Errorf("Get(k042) = %q, %v, %v; want 2", v, ok, err)
	}
	if _, ok, err := s.Get([]byte("k999")); err != nil || ok {
		t.Errorf("Get(k999) = %v, %v; want nothing", ok, err)
	}
}
