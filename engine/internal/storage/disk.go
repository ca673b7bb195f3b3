package storage

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// Tuning for a database of many small items; see
// docs/decisions/storage-engine.md for the measurements behind the choice of
// Pebble.
const (
	diskCacheSize    = 64 << 20 // block cache shared by reads and scans
	diskMemTableSize = 16 << 20 // fewer, larger flushes during bulk loads (less on small disks: memTableSize)
	// diskBloomBits is the bits per prefix of the Bloom filter every
	// table carries (about 1% false positives; disk_prefix.go): a Query
	// or a write's read of the item it replaces skips the tables whose
	// filter excludes the item's partition. See
	// docs/decisions/query-at-scale.md and group-commit.md.
	diskBloomBits = 10
)

// diskFormat is the on-disk format the store writes. It is pinned rather
// than Pebble's newest so that upgrading Pebble never changes the format of
// a user's directory by surprise. This one writes WAL chunks that record
// how far the log was synced, which lets recovery tell a torn tail from
// damage to acknowledged writes, and sstable footers with a checksum.
const diskFormat = pebble.FormatTableFormatV6

// DiskOptions configures OpenDisk. The zero value is the safe default.
type DiskOptions struct {
	// Verify says when the store checks its tables against their
	// checksums.
	Verify Verify

	// fs replaces the operating system's file system (tests inject errors
	// through it).
	fs vfs.FS
}

// disk is the durable Store, backed by a Pebble LSM tree. Every Write is one
// Pebble batch committed with Sync: the write-ahead log is fsynced before
// Write returns, and concurrent committers share fsyncs (group commit).
type disk struct {
	gate  gate
	dir   string
	db    *pebble.DB
	lock  *pebble.Lock // the directory lock, held from open to Close
	claim *dirClaim    // this process's claim of the directory, with lock
	space spaceGuard
	fail  failure
	wal   *walTracker
	// checkpoints are the checkpoints readers have open.
	checkpoints diskCheckpoints
	// stop ends the background goroutines (recording how far the log is
	// synced, verifying the tables); bg waits for them.
	stop chan struct{}
	bg   sync.WaitGroup
}

// OpenDisk opens the durable Store in dir, creating dir and an empty store if
// needed. Only one Store may have dir open at a time: a second OpenDisk, from
// this or any other process, fails with ErrLocked until the first is closed.
//
// A directory whose data fails its checksums, or whose write-ahead log lost
// writes that were acknowledged, is not opened: the error (ErrCorrupt) names
// the damaged file.
func OpenDisk(dir string, opts DiskOptions) (Store, error) {
	fs := opts.fs
	if fs == nil {
		fs = vfs.Default
	}
	dir = filepath.Clean(dir)
	if err := checkDatabaseDir(fs, dir); err != nil {
		return nil, err
	}
	if err := fs.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", dir, err)
	}
	var claim *dirClaim
	if fs == vfs.Default {
		c, ok, err := claimDir(dir)
		if err != nil {
			return nil, fmt.Errorf("storage: open %s: %w", dir, err)
		}
		if !ok {
			return nil, fmt.Errorf("%w: %s (open in this process)", ErrLocked, dir)
		}
		claim = c
	}
	lock, err := pebble.LockDirectory(dir, fs)
	if err != nil {
		claim.release()
		return nil, lockError(dir, err)
	}
	d := &disk{dir: dir, lock: lock, claim: claim, stop: make(chan struct{})}
	// Opening replays the log and may flush, where Pebble may reach Fatalf.
	var db *pebble.DB
	err = d.fail.run(func() (err error) {
		db, err = d.open(fs, opts)
		return err
	})
	if err != nil {
		return nil, errors.Join(err, d.unlock())
	}
	d.db = db
	if err := d.removeUnfinishedCheckpoints(); err != nil {
		return nil, errors.Join(fmt.Errorf("storage: open %s: %w", dir, err), d.fail.run(db.Close), d.unlock())
	}
	d.bg.Go(func() { d.wal.persist(d.stop) })
	if opts.Verify == VerifyInBackground {
		d.bg.Go(func() {
			select { // let start-up have the CPU first
			case <-d.stop:
				return
			case <-time.After(verifyDelay):
			}
			if err := verifyTables(db, fs, dir, d.stop); err != nil {
				slog.Error("storage: damaged data found", "err", err)
				d.fail.set(err)
			}
		})
	}
	return d, nil
}

// checkDatabaseDir refuses a directory that holds files but none of a
// database (Pebble's MANIFEST, CURRENT or marker files), with
// ErrNotDatabase. A directory that does not exist, or is empty, is fine.
func checkDatabaseDir(fs vfs.FS, dir string) error {
	names, err := fs.List(dir)
	if err != nil || len(names) == 0 {
		return nil // missing (MkdirAll creates it, or reports why not)
	}
	for _, name := range names {
		if name == "CURRENT" || strings.HasPrefix(name, "MANIFEST-") || strings.HasPrefix(name, "marker.") {
			return nil
		}
	}
	return fmt.Errorf("%w: %s", ErrNotDatabase, dir)
}

// lockError describes why the lock of dir could not be taken. Only a lock
// held by another store is ErrLocked ("in use"): the lock file that cannot
// be created or opened for writing (a read-only file system, a directory
// the user may not write to) says so instead.
//
// Pebble opens the lock file, then locks it with fcntl(F_SETLK), which
// fails with EAGAIN or EACCES (as POSIX allows) when another process holds
// the lock; a failed open comes as an *os.PathError naming the file. A lock
// held by this process is an error of Pebble's own.
func lockError(dir string, err error) error {
	var pathErr *os.PathError
	switch {
	case errors.As(err, &pathErr):
		return fmt.Errorf("storage: cannot write to the data directory %s: %w", dir, pathErr.Err)
	case errors.Is(err, syscall.EAGAIN), errors.Is(err, syscall.EACCES),
		strings.Contains(err.Error(), "held by current process"):
		return fmt.Errorf("%w: %s (%v)", ErrLocked, dir, err)
	default:
		return fmt.Errorf("storage: open %s: cannot lock the directory: %w", dir, err)
	}
}

// open checks the write-ahead log against what was acknowledged, opens
// Pebble and verifies the tables.
func (d *disk) open(fs vfs.FS, opts DiskOptions) (*pebble.DB, error) {
	mark, err := readWALMark(fs, d.dir)
	if err != nil {
		return nil, err
	}
	if err := mark.check(fs, d.dir); err != nil {
		return nil, err
	}
	d.wal = newWALTracker(fs, d.dir, mark)
	if err := d.wal.create(); err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", d.dir, err)
	}
	var total uint64
	if u, err := fs.GetDiskUsage(d.dir); err == nil {
		total = u.TotalBytes
	}
	memTable := memTableSize(total)
	sched := newCompactionScheduler()
	d.space = spaceGuard{fs: fs, dir: d.dir, reserve: reserveFor(memTable), compactions: sched}
	bgLog := &backgroundLog{dir: d.dir}
	// Pebble writes a log in the format the store had when it opened it: a
	// new store, or one written by an older format, starts with a log
	// without sync offsets until the first flush starts the next one.
	desc, err := pebble.Peek(d.dir, fs)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", d.dir, err)
	}
	oldLog := !desc.Exists || desc.FormatMajorVersion < pebble.FormatWALSyncChunks
	cache := pebble.NewCache(diskCacheSize)
	defer cache.Unref() // the DB holds its own reference
	popts := withPrefixes(&pebble.Options{
		FS:                 d.wal,
		Lock:               d.lock,
		Cache:              cache,
		MemTableSize:       memTable,
		FormatMajorVersion: diskFormat,
		Logger:             pebbleLogger{fail: &d.fail},
		EventListener: &pebble.EventListener{
			BackgroundError: func(err error) {
				if pebble.IsCorruptionError(err) {
					return // DataCorruption reports it, naming the file
				}
				bgLog.report(err)
			},
			CompactionEnd: func(info pebble.CompactionInfo) {
				sched.ended(info.Err)
				if info.Err == nil {
					bgLog.recovered()
				}
			},
			DataCorruption: func(info pebble.DataCorruptionInfo) {
				err := corruptFileError(info.Path, info.Details)
				slog.Error("storage: damaged data found", "err", err)
				d.fail.set(err)
			},
		},
	})
	popts.Experimental.CompactionScheduler = sched
	popts.EnsureDefaults()
	db, err := pebble.Open(d.dir, popts)
	if err != nil {
		sched.Unregister()
		return nil, openError(d.dir, err)
	}
	d.space.l0Stall = popts.L0StopWritesThreshold
	d.space.l0Sublevels = func() int { return int(db.Metrics().Levels[0].Sublevels) }
	if opts.Verify == VerifyAtOpen {
		if err := verifyTables(db, fs, d.dir, nil); err != nil {
			return nil, errors.Join(err, db.Close())
		}
	}
	if oldLog {
		if err := db.Flush(); err != nil {
			return nil, errors.Join(fmt.Errorf("storage: open %s: %w", d.dir, err), db.Close())
		}
	}
	return db, nil
}

func (d *disk) Get(key []byte) (value []byte, ok bool, err error) {
	if err := d.gate.enter(); err != nil {
		return nil, false, err
	}
	defer d.gate.exit()
	v, closer, err := d.db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, d.fail.check(err)
	}
	v = bytes.Clone(v)
	return v, true, closer.Close()
}

func (d *disk) Scan(start, end []byte, reverse bool, fn func(key, value []byte) bool) (err error) {
	if err := d.gate.enter(); err != nil {
		return err
	}
	defer d.gate.exit()
	if end != nil && bytes.Compare(start, end) >= 0 {
		return nil
	}
	_, err = scanDB(d.db, start, end, reverse, fn)
	return d.fail.check(err)
}

// Write commits ops and waits until they are durable (Apply, then Wait).
func (d *disk) Write(ops []Op) error {
	p, err := d.Apply(ops)
	if err != nil {
		return err
	}
	return p.Wait()
}

// Apply commits ops to Pebble with Sync, unless the store has failed or the
// disk is too full to take them durably, in which case it changes nothing
// and says why. It returns once the batch is in the log's buffer and
// visible to reads; the Pending waits for the log's fsync, which Pebble
// shares among all the batches queued behind the one in progress (group
// commit).
func (d *disk) Apply(ops []Op) (_ Pending, err error) {
	if err := d.gate.enter(); err != nil {
		return nil, err
	}
	if len(ops) == 0 {
		d.gate.exit()
		return Durable, nil
	}
	b, err := d.apply(ops)
	if err != nil {
		d.gate.exit()
		return nil, err
	}
	return &diskPending{d: d, b: b}, nil
}

// apply builds ops into a batch and hands it to Pebble's commit pipeline
// without waiting for its sync.
func (d *disk) apply(ops []Op) (_ *pebble.Batch, err error) {
	if err := d.fail.err(); err != nil {
		return nil, err
	}
	if err := d.space.check(); err != nil {
		return nil, err
	}
	b := d.db.NewBatch()
	for _, op := range ops {
		if op.Delete {
			err = b.Delete(op.Key, nil)
		} else {
			err = b.Set(op.Key, op.Value, nil)
		}
		if err != nil {
			return nil, errors.Join(err, b.Close())
		}
	}
	// A commit that starts the next log may reach Fatalf (the log cannot
	// be created); a batch left in Pebble is not closed.
	if err := d.fail.run(func() error { return d.db.ApplyNoSyncWait(b, pebble.Sync) }); err != nil {
		if d.fail.err() != nil {
			return nil, d.fail.err()
		}
		return nil, errors.Join(d.fail.check(err), b.Close())
	}
	return b, nil
}

// diskPending is a batch of a disk store waiting for its sync. The first
// Wait waits for it and releases the batch; later ones return its result.
type diskPending struct {
	d    *disk
	once sync.Once
	b    *pebble.Batch
	err  error
}

func (p *diskPending) Wait() error {
	p.once.Do(func() {
		defer p.d.gate.exit()
		p.err = p.d.syncWait(p.b)
		p.b = nil
	})
	return p.err
}

// syncWait waits for b's sync and closes b. A batch whose log write or sync
// failed leaves Pebble's commit pipeline wedged behind it, so its error
// fails the store.
func (d *disk) syncWait(b *pebble.Batch) error {
	if err := b.SyncWait(); err != nil {
		_ = b.Close() // a batch that failed is not reused; Close only drops it
		d.fail.set(fmt.Errorf("pebble: fatal commit error: %w", err))
		return d.fail.err()
	}
	return b.Close()
}

// Failed returns a channel that is closed when the store fails: Pebble
// reported an error it cannot recover from (the write-ahead log could not
// be written, or data failed its checksum). From then on every Write
// returns that error; reads go on where they can.
func (d *disk) Failed() <-chan struct{} { return d.fail.done() }

// Err returns the error the store failed with, or nil.
func (d *disk) Err() error { return d.fail.err() }

// Close waits for in-flight calls, flushes the memtable (so that the next open
// has no log to replay) and releases the directory lock. A store that has
// failed is not flushed: its acknowledged writes are in the synced log, and
// the next open replays them. After a Fatalf, Pebble's goroutines may wait
// for good, holding its files open: Close returns without closing Pebble,
// and the directory stays locked until the process exits.
func (d *disk) Close() error {
	if err := d.gate.close(); err != nil {
		return err
	}
	close(d.stop)
	d.bg.Wait()
	cpErr := d.closeCheckpoints()
	if err := d.fail.err(); err != nil {
		return errors.Join(err, cpErr, d.fail.run(d.db.Close), d.unlock())
	}
	return errors.Join(cpErr, d.fail.run(func() error { return errors.Join(d.db.Flush(), d.db.Close()) }), d.unlock())
}

// unlock releases the directory: Pebble's lock, then this process's claim.
// After a Fatalf it keeps both, and says so: a parked goroutine of Pebble
// may hold the directory's files, and no other store of this process may
// open it.
func (d *disk) unlock() error {
	select {
	case <-d.fail.fatalDone():
		return fmt.Errorf("storage: %s stays locked until the process exits (Pebble stopped on a fatal error)", d.dir)
	default:
	}
	defer d.claim.release()
	return d.lock.Close()
}
