package storage

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// lostLogs is a file system on which the write-ahead logs Pebble starts
// cannot be created while it is on, as in a directory that was removed,
// and which reports a small disk, so that the store's memtables are small
// (1 MiB) and its logs rotate after a few writes.
type lostLogs struct {
	vfs.FS
	on atomic.Bool
}

func (l *lostLogs) Create(name string, category vfs.DiskWriteCategory) (vfs.File, error) {
	if l.on.Load() && strings.HasSuffix(name, ".log") {
		return nil, &os.PathError{Op: "open", Path: name, Err: syscall.ENOENT}
	}
	return l.FS.Create(name, category)
}

func (l *lostLogs) ReuseForWrite(oldname, newname string, category vfs.DiskWriteCategory) (vfs.File, error) {
	if l.on.Load() {
		return nil, &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: syscall.ENOENT}
	}
	return l.FS.ReuseForWrite(oldname, newname, category)
}

func (l *lostLogs) GetDiskUsage(path string) (vfs.DiskUsage, error) {
	u, err := l.FS.GetDiskUsage(path)
	u.TotalBytes = 64 << 20
	return u, err
}

// TestFatalErrorInTheCommitPipelineFailsTheStore makes Pebble's rotation of the
// write-ahead log fail, which it reports through its logger's Fatalf on
// the writing goroutine while its mutex is released: the Write must fail
// with ErrFailed (a panic unwinding through Pebble used to kill the process
// with "sync: unlock of unlocked mutex"), later calls must fail fast, and
// Close must return.
func TestFatalErrorInTheCommitPipelineFailsTheStore(t *testing.T) {
	fs := &lostLogs{FS: vfs.Default}
	s, err := OpenDisk(t.TempDir(), DiskOptions{fs: fs})
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, put("before", "v"))
	fs.on.Store(true)
	value := strings.Repeat("x", 100<<10)
	var failed error
	for i := 0; failed == nil && i < 100; i++ {
		failed = within(t, "Write rotating the log", func() error { return s.Write([]Op{put(fmt.Sprintf("k%03d", i), value)}) })
	}
	if !errors.Is(failed, ErrFailed) || !strings.Contains(failed.Error(), "no such file") || strings.Contains(failed.Error(), "stack trace") {
		t.Fatalf("Write whose log rotation failed: %v, want ErrFailed naming the missing file", failed)
	}
	select {
	case <-s.(*disk).Failed():
	default:
		t.Error("Failed() is not closed after the store failed")
	}
	if err := within(t, "Write after the failure", func() error { return s.Write([]Op{put("after", "v")}) }); !errors.Is(err, ErrFailed) {
		t.Errorf("Write after the failure: %v, want ErrFailed", err)
	}
	if err := within(t, "Close", s.Close); !errors.Is(err, ErrFailed) {
		t.Errorf("Close of a failed store: %v, want the failure", err)
	}
}

// TestRemovedDirectoryFailsTheStore removes a store's directory while it is
// open and writes on: the first write must fail with ErrFailed (it used to
// be acknowledged, written to a log without a name, which is lost on
// restart), without killing the process or hanging, later writes too, and
// Close must return the failure.
func TestRemovedDirectoryFailsTheStore(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenDisk(dir, DiskOptions{fs: &lostLogs{FS: vfs.Default}})
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, put("before", "v"))
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	value := strings.Repeat("x", 100<<10)
	var failed error
	acked := 0
	for ; failed == nil && acked < 100; acked++ {
		failed = within(t, "Write to a removed directory", func() error { return s.Write([]Op{put(fmt.Sprintf("k%03d", acked), value)}) })
	}
	if !errors.Is(failed, ErrFailed) {
		t.Fatalf("Write to a removed directory: %v, want ErrFailed", failed)
	}
	if acked > 1 { // the writes went to a log without a name: lost on restart
		t.Errorf("%d writes acknowledged after the directory was removed, want 0; then %v", acked-1, failed)
	}
	if err := within(t, "Write after the failure", func() error { return s.Write([]Op{put("after", "v")}) }); !errors.Is(err, ErrFailed) {
		t.Errorf("Write after the failure: %v, want ErrFailed", err)
	}
	if err := within(t, "Close", s.Close); !errors.Is(err, ErrFailed) {
		t.Errorf("Close of a failed store: %v, want the failure", err)
	}
}
