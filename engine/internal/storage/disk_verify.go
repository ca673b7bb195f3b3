package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	crdberrors "github.com/cockroachdb/errors"
	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/sstable"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// Verify says when a disk store checks every block of its tables against
// its checksum. Whatever it says, Pebble checks every block it reads (for a
// query, a scan or a compaction), and a block that fails makes the store
// fail (ErrFailed wrapping ErrCorrupt) rather than lose data; what Verify
// adds is finding damage in data that nothing reads.
type Verify int

const (
	// VerifyInBackground, the default, checks every table from a second
	// after OpenDisk returns, while the store serves; damage found fails
	// the store. It
	// costs reading the whole store once per open (about 0.4 s per GiB from
	// the page cache, 1 s from disk), without delaying the open.
	VerifyInBackground Verify = iota
	// VerifyAtOpen checks every table before OpenDisk returns, which then
	// fails with ErrCorrupt naming the first damaged table.
	VerifyAtOpen
	// VerifyOff checks nothing beyond what Pebble reads.
	VerifyOff
)

// verifyDelay is how long after OpenDisk the background verification
// starts: on a loaded 2-core machine, starting at once added a median 30 ms
// to the start-up of a 1M-item server (to its first answer).
const verifyDelay = time.Second

// verifyTables checks every block of the tables of db, until stop is
// closed. It returns an error wrapping ErrCorrupt that names the first table
// that fails.
func verifyTables(db *pebble.DB, fs vfs.FS, dir string, stop <-chan struct{}) error {
	// A compaction may replace tables while they are checked: the
	// iterator keeps the files of the current version from being deleted.
	it, err := db.NewIter(nil)
	if err != nil {
		return err
	}
	defer it.Close()
	levels, err := db.SSTables()
	if err != nil {
		return err
	}
	for _, level := range levels {
		for _, t := range level {
			select {
			case <-stop:
				return nil
			default:
			}
			if err := verifyTable(fs, dir, t); err != nil {
				return err
			}
		}
	}
	return nil
}

// verifyTable checks every block of the file of table t in dir.
func verifyTable(fs vfs.FS, dir string, t pebble.SSTableInfo) error {
	path := fs.PathJoin(dir, fmt.Sprintf("%s.sst", t.BackingSSTNum))
	f, err := fs.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil // compacted away since the list was taken
	}
	if err != nil {
		return err
	}
	readable, err := sstable.NewSimpleReadable(f)
	if err != nil {
		f.Close()
		return err
	}
	opts := sstable.ReaderOptions{Comparer: diskComparer, KeySchemas: diskKeySchemas}
	opts.CacheOpts.FileNum = t.BackingSSTNum // for the messages
	r, err := sstable.NewReader(context.Background(), readable, opts)
	if err != nil {
		readable.Close()
		return corruptFileError(path, err)
	}
	defer r.Close()
	if err := r.ValidateBlockChecksums(); err != nil {
		return corruptFileError(path, err)
	}
	return nil
}

// corruptFileError reports that the file at path failed its checksums.
func corruptFileError(path string, err error) error {
	return fmt.Errorf("%w: %s fails its checksums (%v); the store refuses to lose its data silently: "+
		"restore the directory from a copy", ErrCorrupt, path, err)
}

// openError describes an error of pebble.Open on dir, marking Pebble's
// corruption errors (a damaged write-ahead log or manifest) as ErrCorrupt
// and naming the damaged log.
func openError(dir string, err error) error {
	if !pebble.IsCorruptionError(err) {
		return fmt.Errorf("storage: open %s: %w", dir, err)
	}
	// Pebble names the log and the offset in a detail: "replaying wal 4,
	// offset (DIR/000004.log: 36019)".
	for _, detail := range crdberrors.GetAllDetails(err) {
		if strings.HasPrefix(detail, "replaying wal ") {
			return fmt.Errorf("%w: the write-ahead log is damaged before writes that were acknowledged, %s (%v); "+
				"the store was not opened, so that they are not lost silently", ErrCorrupt, detail, err)
		}
	}
	return fmt.Errorf("%w: opening %s: %v", ErrCorrupt, dir, err)
}
