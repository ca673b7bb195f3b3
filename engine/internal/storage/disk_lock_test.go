package storage

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// lockFailing is a file system whose Lock fails with err.
type lockFailing struct {
	vfs.FS
	err error
}

func (l lockFailing) Lock(string) (io.Closer, error) { return nil, l.err }

// TestDiskLockErrors checks that only a lock held by another store is reported
// as ErrLocked ("in use"), and that a lock file that cannot be created (a
// read-only file system, a directory the user may not write to) says so.
func TestDiskLockErrors(t *testing.T) {
	dir := t.TempDir()
	lockFile := filepath.Join(dir, "LOCK")
	for _, tc := range []struct {
		name   string
		err    error
		locked bool
		want   string
	}{
		{"read-only", &os.PathError{Op: "open", Path: lockFile, Err: syscall.EROFS}, false, "cannot write to the data directory " + dir + ": read-only file system"},
		{"permission", &os.PathError{Op: "open", Path: lockFile, Err: syscall.EACCES}, false, "cannot write to the data directory " + dir + ": permission denied"},
		{"held by a process", syscall.EAGAIN, true, "in use by another store"},
		{"held by a process (EACCES)", syscall.EACCES, true, "in use by another store"},
		{"held by this process", errors.New("lock held by current process"), true, "in use by another store"},
		{"other", syscall.EIO, false, "cannot lock the directory: input/output error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := OpenDisk(dir, DiskOptions{fs: lockFailing{FS: vfs.Default, err: tc.err}})
			if err == nil {
				s.Close()
				t.Fatal("OpenDisk succeeded")
			}
			if errors.Is(err, ErrLocked) != tc.locked || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("OpenDisk: %v (ErrLocked: %v), want %q (ErrLocked: %v)", err, errors.Is(err, ErrLocked), tc.want, tc.locked)
			}
		})
	}
}

// TestDiskReadOnlyDirectory opens a directory the user may not write to, which
// is not in use by anything: the error must say so, not that it is in use.
// Root writes whatever the modes say, so the test needs another user.
func TestDiskReadOnlyDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores the directory's mode (TestDiskLockErrors covers the mapping)")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	s, err := OpenDisk(dir, DiskOptions{})
	if err == nil {
		s.Close()
		t.Fatal("OpenDisk of a read-only directory succeeded")
	}
	if errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "cannot write to the data directory") {
		t.Errorf("OpenDisk of a read-only directory: %v", err)
	}
}
