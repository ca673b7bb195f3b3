//go:build unix

package storage

import (
	"syscall"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// unlinked reports whether the open file f has no name left in the file
// system (its link count is 0): it, or its directory, was removed, and what
// is written to it is lost when it is closed. A file without a descriptor
// (an in-memory one), or one that cannot be examined, is not reported.
func unlinked(f vfs.File) bool {
	fd := f.Fd()
	if fd == vfs.InvalidFd {
		return false
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(int(fd), &st); err != nil {
		return false
	}
	return st.Nlink == 0
}
