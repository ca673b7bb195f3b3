package storage

import (
	"fmt"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// memTableSize returns the memtable size for a store on a file system of
// total bytes: diskMemTableSize, or less on a small file system, so that the
// reserve (four memtables, see reserveFor) stays a small part of it.
func memTableSize(total uint64) uint64 {
	const minSize = 1 << 20
	if total == 0 { // unknown
		return diskMemTableSize
	}
	return max(minSize, min(diskMemTableSize, total/64))
}

// reserveFor returns the free space a disk store with memtables of
// memTable bytes keeps on its file system: a Write that finds less refuses
// with ErrDiskFull instead of committing. Pebble writes the write-ahead
// log, flushes and the manifest on its own schedule, and running out of
// space for the log or the manifest is fatal to it; the reserve leaves room
// for the memtables waiting to be flushed (up to two), the next log
// (preallocated at 110% of a memtable) and the manifest, so that writes
// filling the disk stop before Pebble runs out of space.
func reserveFor(memTable uint64) uint64 { return 4 * memTable }

// spaceGuard refuses writes while the file system holding dir has less than
// reserve bytes free.
type spaceGuard struct {
	fs      vfs.FS
	dir     string
	reserve uint64
}

// check returns an error wrapping ErrDiskFull if the file system has less
// than the reserve free. A file system that cannot report its free space
// (statfs failing) is not guarded.
func (g *spaceGuard) check() error {
	u, err := g.fs.GetDiskUsage(g.dir)
	if err != nil || u.AvailBytes >= g.reserve {
		return nil
	}
	return fmt.Errorf("%w: %s has %s free, and writes need at least %s; free some space to resume writing",
		ErrDiskFull, g.dir, formatBytes(u.AvailBytes), formatBytes(g.reserve))
}

// formatBytes formats n in binary units with one decimal.
func formatBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
