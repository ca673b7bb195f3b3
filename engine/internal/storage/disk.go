package storage

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/vfs"
)

// Tuning for a database of many small items; see
// docs/decisions/storage-engine.md for the measurements behind the choice of
// Pebble.
const (
	diskCacheSize    = 64 << 20 // block cache shared by reads and scans
	diskMemTableSize = 16 << 20 // fewer, larger flushes during bulk loads
)

// disk is the durable Store, backed by a Pebble LSM tree. Every Write is one
// Pebble batch committed with Sync: the write-ahead log is fsynced before
// Write returns, and concurrent committers share fsyncs (group commit).
type disk struct {
	gate gate
	db   *pebble.DB
	lock *pebble.Lock // the directory lock, held from open to Close
}

// OpenDisk opens the durable Store in dir, creating dir and an empty store if
// needed. Only one Store may have dir open at a time: a second OpenDisk, from
// this or any other process, fails with ErrLocked until the first is closed.
func OpenDisk(dir string) (Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", dir, err)
	}
	lock, err := pebble.LockDirectory(dir, vfs.Default)
	if err != nil {
		return nil, fmt.Errorf("%w: %s (%v)", ErrLocked, dir, err)
	}
	cache := pebble.NewCache(diskCacheSize)
	defer cache.Unref() // the DB holds its own reference
	db, err := pebble.Open(dir, &pebble.Options{
		Lock:               lock,
		Cache:              cache,
		MemTableSize:       diskMemTableSize,
		FormatMajorVersion: pebble.FormatNewest,
		Logger:             pebbleLogger{},
		EventListener: &pebble.EventListener{
			BackgroundError: func(err error) {
				slog.Warn("storage: background error", "err", err)
			},
		},
	})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("storage: open %s: %w", dir, err), lock.Close())
	}
	return &disk{db: db, lock: lock}, nil
}

func (d *disk) Get(key []byte) ([]byte, bool, error) {
	if err := d.gate.enter(); err != nil {
		return nil, false, err
	}
	defer d.gate.exit()
	v, closer, err := d.db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	v = bytes.Clone(v)
	return v, true, closer.Close()
}

func (d *disk) Scan(start, end []byte, reverse bool, fn func(key, value []byte) bool) error {
	if err := d.gate.enter(); err != nil {
		return err
	}
	defer d.gate.exit()
	if end != nil && bytes.Compare(start, end) >= 0 {
		return nil
	}
	it, err := d.db.NewIter(&pebble.IterOptions{LowerBound: start, UpperBound: end})
	if err != nil {
		return err
	}
	first, next := it.First, it.Next
	if reverse {
		first, next = it.Last, it.Prev
	}
	for ok := first(); ok && fn(it.Key(), it.Value()); ok = next() {
	}
	return errors.Join(it.Error(), it.Close())
}

func (d *disk) Write(ops []Op) error {
	if err := d.gate.enter(); err != nil {
		return err
	}
	defer d.gate.exit()
	if len(ops) == 0 {
		return nil
	}
	b := d.db.NewBatch()
	defer b.Close()
	for _, op := range ops {
		var err error
		if op.Delete {
			err = b.Delete(op.Key, nil)
		} else {
			err = b.Set(op.Key, op.Value, nil)
		}
		if err != nil {
			return err
		}
	}
	return b.Commit(pebble.Sync)
}

// Close waits for in-flight calls, flushes the memtable (so that the next open
// has no log to replay) and releases the directory lock.
func (d *disk) Close() error {
	if err := d.gate.close(); err != nil {
		return err
	}
	return errors.Join(d.db.Flush(), d.db.Close(), d.lock.Close())
}

// pebbleLogger routes Pebble's informational chatter to slog at debug level.
type pebbleLogger struct{}

func (pebbleLogger) Infof(format string, args ...any) {
	slog.Debug("pebble: " + fmt.Sprintf(format, args...))
}

// Fatalf reports an unrecoverable Pebble error (such as corruption). Pebble
// expects it not to return.
func (pebbleLogger) Fatalf(format string, args ...any) {
	msg := "pebble: " + fmt.Sprintf(format, args...)
	slog.Error(msg)
	panic(msg)
}
