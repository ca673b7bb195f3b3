package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestOpensPebbleV1Directory opens testdata/pebble-v1, a directory written
// by the disk store when it used Pebble v1.1.5 (format major version 16),
// left as a crash leaves it: k000 to k049 flushed to a table, k050 to k099
// only in the write-ahead log. The store must open it with every key, and
// upgrade it to diskFormat in place (after which Pebble v1 refuses it:
// "pebble: database ... written in format major version 21").
func TestOpensPebbleV1Directory(t *testing.T) {
	dir := t.TempDir()
	entries, err := os.ReadDir("testdata/pebble-v1")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/pebble-v1", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
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
