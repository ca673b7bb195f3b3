package storage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
)

// crashImage writes n acknowledged items to a disk store in a new directory
// and returns a copy of that directory taken while the store is still open,
// as a crash (kill -9) would leave it: the items are in the write-ahead log
// only. It also returns the log's file name.
func crashImage(t *testing.T, n int) (dir, log string) {
	t.Helper()
	live := t.TempDir()
	s, err := OpenDisk(live, DiskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range n {
		mustWrite(t, s, put(fmt.Sprintf("k%04d", i), strings.Repeat("v", 200)))
	}
	if err := s.(*disk).wal.persistNow(); err != nil { // as the ticker would
		t.Fatal(err)
	}
	dir = t.TempDir()
	entries, err := os.ReadDir(live)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "LOCK" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(live, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(e.Name(), ".log") && len(b) > 0 {
			log = e.Name()
		}
	}
	if log == "" {
		t.Fatal("the crash image has no write-ahead log with data")
	}
	return dir, log
}

// TestDamagedLog checks what opening a directory whose write-ahead log was
// damaged after a crash does: damage to acknowledged writes is refused with
// ErrCorrupt naming the log, a torn tail beyond them is dropped. The damage
// is placed by the log's synced length, which ends its last acknowledged
// record, and by Pebble's 32 KiB log blocks: Pebble's own replay tells
// damage from a torn tail only before the last block.
func TestDamagedLog(t *testing.T) {
	const n = 300
	const block = 32 << 10
	flip := func(b []byte, at int) []byte {
		for i := at; i < at+16; i++ {
			b[i] ^= 0xff
		}
		return b
	}
	tests := []struct {
		name    string
		damage  func(b []byte, synced int) []byte
		corrupt bool // opening must fail; else every acknowledged item is there
	}{
		{"intact", func(b []byte, synced int) []byte { return b }, false},
		{"torn tail after the acknowledged writes", func(b []byte, synced int) []byte {
			return append(b[:synced], 0x4e, 0x01, 0x7f, 0x00, 0x09, 0x33, 0x21, 0x00)
		}, false},
		{"bytes flipped in the middle", func(b []byte, synced int) []byte { return flip(b, synced/2) }, true},
		{"bytes flipped at the start of the last block", func(b []byte, synced int) []byte {
			return flip(b, (synced-1)/block*block)
		}, true},
		{"bytes flipped in the last block", func(b []byte, synced int) []byte {
			return flip(b, (synced-1)/block*block+(synced-1)%block/2)
		}, true},
		{"bytes flipped in the last acknowledged record", func(b []byte, synced int) []byte { return flip(b, synced-40) }, true},
		{"cut to half its length", func(b []byte, synced int) []byte { return b[:synced/2] }, true},
		{"last acknowledged record cut", func(b []byte, synced int) []byte { return b[:synced-10] }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, log := crashImage(t, n)
			mark, err := readWALMark(vfs.Default, dir)
			if err != nil || mark.log != log || mark.offset < 2*block {
				t.Fatalf("the crash image's mark is %+v (%v), want %s synced past its second block", mark, err, log)
			}
			path := filepath.Join(dir, log)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tt.damage(b, int(mark.offset)), 0o644); err != nil {
				t.Fatal(err)
			}
			if !tt.corrupt {
				wantItems(t, dir, n)
				return
			}
			s, err := OpenDisk(dir, DiskOptions{})
			if err == nil {
				got := len(scanAll(t, s, nil, nil, false))
				s.Close()
				t.Fatalf("opened a directory whose log lost acknowledged writes, silently: %d of %d items", got, n)
			}
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), log) {
				t.Fatalf("open: %v, want ErrCorrupt naming %s", err, log)
			}
			t.Logf("open: %v", err)
		})
	}
}

func TestWALMarkEncoding(t *testing.T) {
	m := walMark{log: "000123.log", offset: 1 << 40}
	b := m.encode()
	if got, ok := decodeWALMark(b); !ok || got != m {
		t.Fatalf("decode(encode(%v)) = %v, %v", m, got, ok)
	}
	for i := range b {
		damaged := append([]byte(nil), b...)
		damaged[i] ^= 0x10
		if got, ok := decodeWALMark(damaged); ok {
			t.Errorf("a mark with byte %d flipped decodes as %v", i, got)
		}
	}
	if _, ok := decodeWALMark(b[:len(b)-1]); ok {
		t.Error("a short mark decodes")
	}
}

// TestLogIsExtendedWithZerosAhead checks that a store's log is written over
// zeros laid ahead of Pebble's writes, by no more than it holds (plus
// walExtendMin), and that a store reopens with every write from a log
// ending in zeros.
func TestLogIsExtendedWithZerosAhead(t *testing.T) {
	const n = 300
	dir, log := crashImage(t, n)
	mark, err := readWALMark(vfs.Default, dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, log))
	if err != nil {
		t.Fatal(err)
	}
	synced := int(mark.offset)
	if len(b) <= synced || len(b) > 2*synced+walExtendMin {
		t.Fatalf("the log is %d bytes long with %d written, want zeros after them, at most as many plus %d", len(b), synced, walExtendMin)
	}
	if i := bytes.IndexFunc(b[synced:], func(r rune) bool { return r != 0 }); i >= 0 {
		t.Fatalf("byte %d after the written %d is not zero", i, synced)
	}
	wantItems(t, dir, n)
}

// wantItems opens the disk store in dir and checks that it holds the n
// acknowledged items.
func wantItems(t *testing.T, dir string, n int) {
	t.Helper()
	s, err := OpenDisk(dir, DiskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := len(scanAll(t, s, nil, nil, false)); got != n {
		t.Errorf("%d items after reopening, want the %d acknowledged", got, n)
	}
}

// TestWALFileZeros drives a walFile on a memory file system: what Pebble
// writes reads back with zeros after it, the file never grows to more than
// twice what it holds (plus walExtendMin), and a recycled log is written
// over its old bytes without growing.
func TestWALFileZeros(t *testing.T) {
	fs := vfs.NewMem()
	if err := fs.MkdirAll("db", 0o755); err != nil {
		t.Fatal(err)
	}
	tracker := newWALTracker(fs, "db", walMark{})
	check := func(name string, want []byte, minSize int) {
		t.Helper()
		f, err := fs.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		got, err := io.ReadAll(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < len(want) || !bytes.Equal(got[:len(want)], want) {
			t.Fatalf("%s does not start with the %d bytes written", name, len(want))
		}
		if len(got) < minSize || len(got) > max(minSize, 2*len(want)+walExtendMin) {
			t.Fatalf("%s is %d bytes long holding %d, want at least %d and at most twice as many plus %d", name, len(got), len(want), minSize, walExtendMin)
		}
		if bytes.ContainsFunc(got[len(want):], func(r rune) bool { return r != 0 }) && minSize == 0 {
			t.Fatalf("%s has bytes other than zeros after the %d written", name, len(want))
		}
	}
	write := func(f vfs.File, written *[]byte, size int) {
		t.Helper()
		p := bytes.Repeat([]byte{byte(len(*written)%251 + 1)}, size)
		*written = append(*written, p...) // before Write: under -race, a memory file scrambles what it was given
		if _, err := f.Write(p); err != nil {
			t.Fatal(err)
		}
	}

	f, err := tracker.Create("db/000001.log", vfs.WriteCategoryUnspecified)
	if err != nil {
		t.Fatal(err)
	}
	var written []byte
	for _, size := range []int{100, 3000, 2000, 70000, 1, 32 << 10, 2 << 20, 5} {
		write(f, &written, size)
		check("db/000001.log", written, 0)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := fs.Stat("db/000001.log")
	if err != nil {
		t.Fatal(err)
	}
	old := int(info.Size())

	f, err = tracker.ReuseForWrite("db/000001.log", "db/000002.log", vfs.WriteCategoryUnspecified)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rewritten []byte
	for _, size := range []int{4000, 1 << 20} {
		write(f, &rewritten, size)
		check("db/000002.log", rewritten, old)
	}
}

// TestLogWritesGoOnWithoutZeros checks that a file system on which zeros
// cannot be written ahead of the log only costs the optimisation: every
// write is acknowledged and read back after reopening.
func TestLogWritesGoOnWithoutZeros(t *testing.T) {
	dir := t.TempDir()
	var refused atomic.Int64
	fs := errorfs.Wrap(vfs.Default, errorfs.InjectorFunc(func(op errorfs.Op) error {
		if op.Kind == errorfs.OpFileWriteAt && strings.HasSuffix(op.Path, ".log") {
			refused.Add(1)
			return syscall.ENOSPC
		}
		return nil
	}))
	s, err := OpenDisk(dir, DiskOptions{fs: fs})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		mustWrite(t, s, put(fmt.Sprintf("k%04d", i), strings.Repeat("v", 200)))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if refused.Load() == 0 {
		t.Fatal("no zeros were written ahead of the log")
	}
	wantItems(t, dir, 300)
}
