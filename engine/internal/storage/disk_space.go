package storage

import (
	"fmt"
	"sync"

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
// reserve bytes free, or while compactions fail for lack of space.
//
// The reserve covers what Pebble writes for the writes it takes (logs,
// flushes, the manifest), not compactions, which may need as much space as
// the tables they rewrite. A store whose compactions no longer fit keeps
// flushing into L0 until Pebble stalls the next commit that needs a new
// memtable; that commit holds Pebble's commit pipeline (and the engine's
// write lock) until a compaction succeeds, which without free space is
// never: every write hangs. So once a compaction fails for lack of space,
// writes are refused until one succeeds (compactions are retried with a
// backoff, see compactionScheduler), which stops L0 growing well before
// the stall. Once a reserve's worth of space is freed after a failure, the
// failed compaction is retried at once rather than after its pause, and
// writes go on while L0 stays l0Margin sublevels short of the stall (Pebble
// may not pick the failed compaction again for 30 s, and the space freed
// may be enough for what it picks instead).
type spaceGuard struct {
	fs      vfs.FS
	dir     string
	reserve uint64
	// compactions, if set, says whether compactions lack space.
	compactions compactionSpace
	// l0Sublevels, if set, returns the number of sublevels in L0; writes
	// stall at l0Stall.
	l0Sublevels func() int
	l0Stall     int

	mu      sync.Mutex
	failure uint64 // the compaction failure base was taken for
	base    uint64 // free space the guard first saw after that failure
	retried bool   // the compaction was retried early for that failure
}

// compactionSpace is what the guard asks the compactions
// (compactionScheduler).
type compactionSpace interface {
	lacksSpace() (bool, uint64)
	retryNow(failure uint64)
}

// check returns an error wrapping ErrDiskFull if compactions lack space or
// the file system has less than the reserve free. A file system that
// cannot report its free space (statfs failing) is guarded only by the
// compactions' failures.
func (g *spaceGuard) check() error {
	u, err := g.fs.GetDiskUsage(g.dir)
	if g.compactions != nil {
		if short, failure := g.compactions.lacksSpace(); short {
			return g.compactionsShort(failure, u, err)
		}
	}
	if err != nil || u.AvailBytes >= g.reserve {
		return nil
	}
	return fmt.Errorf("%w: %s has %s free, and writes need at least %s; free some space to resume writing",
		ErrDiskFull, g.dir, formatBytes(u.AvailBytes), formatBytes(g.reserve))
}

// l0Margin is how many sublevels short of Pebble's write stall L0 must be
// for writes to go on while compactions lack space: the memtables already
// queued (up to two) and the one being filled may still be flushed, each
// into a sublevel, plus one.
const l0Margin = 4

// compactionsShort returns the error refusing a write while compactions
// lack space since failure, u being the free space (unless err), or nil if
// a reserve's worth of space was freed since the guard first refused for
// failure and L0 is far enough from the stall. Freed space also retries
// the compaction at once.
func (g *spaceGuard) compactionsShort(failure uint64, u vfs.DiskUsage, err error) error {
	where := g.dir
	if err == nil {
		where = fmt.Sprintf("%s has %s free", g.dir, formatBytes(u.AvailBytes))
		g.mu.Lock()
		if g.failure != failure {
			g.failure, g.base, g.retried = failure, u.AvailBytes, false
		}
		freed := u.AvailBytes >= g.base+g.reserve
		retry := freed && !g.retried
		g.retried = g.retried || retry
		g.mu.Unlock()
		if retry {
			g.compactions.retryNow(failure)
		}
		if freed && g.l0Sublevels != nil && g.l0Sublevels() < g.l0Stall-l0Margin {
			return nil
		}
	}
	return fmt.Errorf("%w: compactions cannot run for lack of space (%s); free some space to resume writing",
		ErrDiskFull, where)
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
