// Package storage is the engine's ordered key-value layer. Tables, indexes and
// the catalog are laid out on top of it as byte keys whose order is DynamoDB's
// order; the backends (memory and disk) know nothing about DynamoDB.
package storage

import "errors"

// ErrClosed is returned by every method of a Store after Close.
var ErrClosed = errors.New("storage: store is closed")

// ErrLocked is returned by OpenDisk when another Store, in this process or
// another, has the directory open.
var ErrLocked = errors.New("storage: directory is in use by another store")

// ErrNotDatabase is returned by OpenDisk for a directory that holds files
// but no database: a database is created only in an empty or new
// directory, never among files that are not its own (a project folder
// named by mistake).
var ErrNotDatabase = errors.New("storage: the directory holds other files and no database")

// ErrDiskFull is returned by a disk store's Write, which changes nothing,
// while the file system holding the store has too little free space to take
// writes durably. Writes succeed again once space is freed.
var ErrDiskFull = errors.New("storage: the disk is full")

// ErrFailed wraps the error a disk store failed with: an error of the storage
// engine that it cannot recover from, such as a write-ahead log that could
// not be written. Every Write of a failed store returns it; reads go on where
// they can. Reopening the directory replays the log.
var ErrFailed = errors.New("storage: the store failed")

// ErrCorrupt is wrapped by the errors that report damaged data: a file that
// fails its checksums, or a write-ahead log that lost acknowledged writes.
var ErrCorrupt = errors.New("storage: data is corrupt")

// Store is an ordered map from byte keys to byte values, safe for concurrent
// use. Keys compare as unsigned bytes (bytes.Compare).
//
// Writes are atomic: either every operation of a Write is visible to readers or
// none is. A Write that returns nil is durable for disk stores (it survives a
// process crash) and visible to every read that starts after it returns.
type Store interface {
	// Get returns a copy of the value stored under key, or ok == false.
	Get(key []byte) (value []byte, ok bool, err error)

	// Scan calls fn for each key in [start, end) in ascending order, or in
	// descending order when reverse is true, until fn returns false. A nil end
	// means no upper bound. Scan reads a consistent snapshot taken when it
	// starts: Writes that happen while it runs are not seen, and it does not
	// delay them. The key and value slices are valid only during the call and
	// must not be modified. fn may call Get but must not call Write or Close.
	Scan(start, end []byte, reverse bool, fn func(key, value []byte) bool) error

	// Write applies ops atomically, in order.
	Write(ops []Op) error

	// Apply applies ops atomically, in order, and makes them visible to
	// reads, like Write, but returns before they are durable: the
	// returned Pending's Wait returns once they are. Concurrent writers
	// that release their locks between the two share the durable commit
	// (one fsync on disk for all that wait together). Wait must be
	// called; the store does not close until it has been.
	Apply(ops []Op) (Pending, error)

	// Close waits for calls in flight, then releases the store (and, for disk
	// stores, the directory lock). Acknowledged writes are already durable.
	Close() error

	Checkpointer
}

// Pending is a write applied by Store.Apply that may not be durable yet.
type Pending interface {
	// Wait returns nil once the write is durable, or the error that kept
	// it from being so (the store has then failed). It may be called any
	// number of times, from any goroutine.
	Wait() error
}

// durable is the Pending of a write that is durable when applied (or of
// no write at all).
type durable struct{}

func (durable) Wait() error { return nil }

// Durable is a Pending whose Wait returns nil at once: the Pending of a
// write that was durable when applied, or of none.
var Durable Pending = durable{}

// Op is one operation of an atomic Write: a put of Value under Key, or a
// delete of Key when Delete is true.
type Op struct {
	Key    []byte
	Value  []byte
	Delete bool
}
