package storage

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
)

// fullDisk is a file system whose writes to the write-ahead log fail with
// ENOSPC while it is on, as a full disk makes them fail, and which can
// report little free space.
type fullDisk struct {
	*errorfs.FS
	logFull atomic.Bool   // writes and syncs of *.log files fail
	avail   atomic.Uint64 // free space reported; 0 passes the real figure
}

func newFullDisk() *fullDisk {
	d := &fullDisk{}
	d.FS = errorfs.Wrap(vfs.Default, errorfs.InjectorFunc(func(op errorfs.Op) error {
		if d.logFull.Load() && strings.HasSuffix(op.Path, ".log") && op.Kind.ReadOrWrite() == errorfs.OpIsWrite {
			return fmt.Errorf("write %s: %w", op.Path, syscall.ENOSPC)
		}
		return nil
	}))
	return d
}

func (d *fullDisk) GetDiskUsage(path string) (vfs.DiskUsage, error) {
	u, err := d.FS.GetDiskUsage(path)
	if a := d.avail.Load(); a != 0 {
		u.AvailBytes = a
	}
	return u, err
}

// within fails the test if f does not return within a few seconds: the
// failures these tests provoke used to hang the store.
func within(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not return within 10s", what)
		return nil
	}
}

// TestWriteFailingOnTheLogFailsTheStore makes the write-ahead log fail as a
// full disk does, which Pebble reports through its fatal logger: the Write
// must return an error (not panic, not hang), later Writes must fail fast
// with the same error, reads must go on, Close must return, and reopening
// once the disk has room must find every acknowledged write.
func TestWriteFailingOnTheLogFailsTheStore(t *testing.T) {
	dir := t.TempDir()
	fs := newFullDisk()
	s, err := OpenDisk(dir, DiskOptions{fs: fs})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		mustWrite(t, s, put(fmt.Sprintf("k%03d", i), "v"))
	}
	fs.logFull.Store(true)
	var failed error
	for i := 0; failed == nil && i < 100; i++ {
		failed = within(t, "Write on a full disk", func() error { return s.Write([]Op{put(fmt.Sprintf("lost%03d", i), "v")}) })
	}
	if !errors.Is(failed, ErrFailed) || !errors.Is(failed, syscall.ENOSPC) && !strings.Contains(failed.Error(), "no space left") {
		t.Fatalf("Write on a full disk: %v, want ErrFailed naming ENOSPC", failed)
	}
	select {
	case <-s.(*disk).Failed():
	default:
		t.Error("Failed() is not closed after the store failed")
	}
	fs.logFull.Store(false) // the failure sticks: Pebble's log writer is done for
	for _, what := range []string{"second Write", "third Write"} {
		err := within(t, what, func() error { return s.Write([]Op{put("after", "v")}) })
		if !errors.Is(err, ErrFailed) {
			t.Errorf("%s after the failure: %v, want ErrFailed", what, err)
		}
	}
	if v, ok, err := s.Get([]byte("k042")); err != nil || !ok || string(v) != "v" {
		t.Errorf("Get after the failure = %q, %v, %v", v, ok, err)
	}
	if n := len(scanAll(t, s, []byte("k"), []byte("l"), false)); n != 100 {
		t.Errorf("Scan after the failure found %d acknowledged items, want 100", n)
	}
	if err := within(t, "Close", s.Close); !errors.Is(err, ErrFailed) {
		t.Errorf("Close of a failed store: %v, want the failure", err)
	}

	s, err = OpenDisk(dir, DiskOptions{fs: fs})
	if err != nil {
		t.Fatalf("reopen after the disk has room again: %v", err)
	}
	defer s.Close()
	if n := len(scanAll(t, s, []byte("k"), []byte("l"), false)); n != 100 {
		t.Errorf("after reopening: %d acknowledged items, want 100", n)
	}
	mustWrite(t, s, put("after", "v"))
}
