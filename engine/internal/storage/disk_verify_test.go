package storage

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// damagedTableStore returns a closed disk store's directory holding n items
// of 1 KB of incompressible data in several tables, one of which has 16
// bytes flipped at a tenth of its length (in a data block), and that
// table's path.
func damagedTableStore(t *testing.T, n int) (dir, table string) {
	t.Helper()
	dir = t.TempDir()
	for part := range 4 { // each Close flushes a table
		s, err := OpenDisk(dir, DiskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var ops []Op
		for i := part * n / 4; i < (part+1)*n/4; i++ {
			ops = append(ops, Op{Key: []byte(fmt.Sprintf("k%05d", i)), Value: randomValue(i)})
		}
		mustWrite(t, s, ops...)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	tables, err := filepath.Glob(filepath.Join(dir, "*.sst"))
	if err != nil || len(tables) < 2 {
		t.Fatalf("tables %v, %v: want several", tables, err)
	}
	table = tables[0]
	b, err := os.ReadFile(table)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) / 10; i < len(b)/10+16; i++ {
		b[i] ^= 0xff
	}
	if err := os.WriteFile(table, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, table
}

func randomValue(i int) []byte {
	r := rand.New(rand.NewPCG(uint64(i), 1))
	v := make([]byte, 1000)
	for j := range v {
		v[j] = byte(r.Uint32())
	}
	return v
}

// TestDamagedTableRefusedAtOpen: with VerifyAtOpen a table whose data
// block fails its checksum keeps the store from opening, with an error
// naming the table.
func TestDamagedTableRefusedAtOpen(t *testing.T) {
	dir, table := damagedTableStore(t, 2000)
	s, err := OpenDisk(dir, DiskOptions{Verify: VerifyAtOpen})
	if err == nil {
		s.Close()
		t.Fatal("opened a store with a damaged table")
	}
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), table) || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Fatalf("open: %v, want ErrCorrupt naming %s", err, table)
	}
	if _, err := os.Stat(table); err != nil {
		t.Errorf("the damaged table is gone after the refused open: %v", err)
	}
}

// TestDamagedTableFailsTheStore: by default the store opens and finds the
// damage in the background, and a compaction that reads the damaged block
// fails instead of rewriting the table without it (which Pebble v1 did,
// dropping the items silently). Either way the store fails with an error
// naming the table, and the table stays.
func TestDamagedTableFailsTheStore(t *testing.T) {
	for _, tt := range []struct {
		name    string
		verify  Verify
		provoke func(d *disk) error
	}{
		{"background verification", VerifyInBackground, func(d *disk) error { return nil }},
		{"compaction", VerifyOff, func(d *disk) error {
			return d.db.Compact(context.Background(), []byte("k"), []byte("l"), false)
		}},
		{"scan", VerifyOff, func(d *disk) error {
			return d.Scan(nil, nil, false, func(k, v []byte) bool { return true })
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, table := damagedTableStore(t, 2000)
			s, err := OpenDisk(dir, DiskOptions{Verify: tt.verify})
			if err != nil {
				t.Fatal(err)
			}
			d := s.(*disk)
			if err := tt.provoke(d); err != nil && !errors.Is(err, ErrCorrupt) && !strings.Contains(err.Error(), "checksum") {
				t.Errorf("provoking: %v", err)
			}
			select {
			case <-d.Failed():
			case <-time.After(10 * time.Second):
				t.Fatal("the store did not fail")
			}
			failure := d.Err()
			if !errors.Is(failure, ErrFailed) || !errors.Is(failure, ErrCorrupt) || !strings.Contains(failure.Error(), table) {
				t.Errorf("failure: %v, want ErrFailed and ErrCorrupt naming %s", failure, table)
			}
			if err := s.Write([]Op{put("x", "y")}); !errors.Is(err, ErrFailed) {
				t.Errorf("Write after the failure: %v, want ErrFailed", err)
			}
			s.Close()
			if _, err := os.Stat(table); err != nil {
				t.Errorf("the damaged table is gone: %v", err)
			}
		})
	}
}
