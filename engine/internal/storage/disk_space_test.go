package storage

import (
	"errors"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// BenchmarkSpaceCheck measures the free-space check every disk Write makes.
func BenchmarkSpaceCheck(b *testing.B) {
	g := spaceGuard{fs: vfs.Default, dir: b.TempDir(), reserve: 1}
	for b.Loop() {
		if err := g.check(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		n    uint64
		want string
	}{
		{0, "0 B"},
		{1023, "1023 B"},
		{1024, "1.0 KiB"},
		{1536, "1.5 KiB"},
		{4 << 20, "4.0 MiB"},
		{3 << 30, "3.0 GiB"},
	}
	for _, tt := range tests {
		if got := formatBytes(tt.n); got != tt.want {
			t.Errorf("formatBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestWriteRefusedWhileTheDiskIsFull checks the guard that keeps Pebble
// from running out of space: below the reserve, Writes fail with
// ErrDiskFull and change nothing, reads go on, and Writes succeed again
// once space is freed.
func TestWriteRefusedWhileTheDiskIsFull(t *testing.T) {
	fs := newFullDisk()
	s, err := OpenDisk(t.TempDir(), DiskOptions{fs: fs})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustWrite(t, s, put("a", "1"))
	reserve := s.(*disk).space.reserve
	fs.avail.Store(reserve - 1)
	err = s.Write([]Op{put("a", "2"), put("b", "2")})
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "free some space") {
		t.Fatalf("Write below the reserve: %v, want ErrDiskFull", err)
	}
	if got := scanAll(t, s, nil, nil, false); len(got) != 1 || got[0] != (kv{"a", "1"}) {
		t.Errorf("after the refused Write the store holds %v, want only a=1", got)
	}
	select {
	case <-s.(*disk).Failed():
		t.Error("a full disk failed the store; it should only refuse writes")
	default:
	}
	fs.avail.Store(reserve)
	mustWrite(t, s, put("b", "3"))
	if got := scanAll(t, s, nil, nil, false); len(got) != 2 {
		t.Errorf("after space was freed the store holds %v, want a and b", got)
	}
}

func TestMemTableSizeFollowsTheDisk(t *testing.T) {
	tests := []struct{ total, want uint64 }{
		{0, diskMemTableSize},
		{30 << 20, 1 << 20},
		{256 << 20, 4 << 20},
		{1 << 30, diskMemTableSize},
		{1 << 40, diskMemTableSize},
	}
	for _, tt := range tests {
		if got := memTableSize(tt.total); got != tt.want {
			t.Errorf("memTableSize(%d) = %d, want %d", tt.total, got, tt.want)
		}
	}
}
