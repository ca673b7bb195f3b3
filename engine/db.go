package engine

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/ddbkit/ddb/engine/internal/storage"
)

// Options configures a DB.
type Options struct {
	// Dir is the directory of a durable on-disk database; "" keeps everything
	// in memory.
	Dir string

	// StatusDelay is how long a new table stays CREATING and a deleted table
	// stays DELETING before it becomes ACTIVE or disappears. Zero, the
	// default, makes either change visible to the very next call; a delay is
	// useful to exercise table waiters in tests.
	StatusDelay time.Duration

	// TTLSweepInterval is how often items whose time to live has passed are
	// deleted: zero means every 5 seconds, a negative value never.
	TTLSweepInterval time.Duration

	// Now is the source of the engine's clock (see Clock): table and
	// stream timestamps, time to live, stream retention, shard rollover and
	// shard iterator expiry all follow it. Nil means time.Now.
	Now func() time.Time

	// ShardRollover is how long a stream shard stays open before it is
	// closed and a child shard continues it: zero means 4 hours, as on
	// DynamoDB. Consumers must follow shard lineage; a short period makes
	// tests exercise it.
	ShardRollover time.Duration

	// ShardMaxRecords is how many records a shard takes before it rolls
	// over: zero means 1,048,576.
	ShardMaxRecords int

	// S3Dir is the directory standing in for Amazon S3 in exports
	// (ExportTableToPointInTime) and imports (ImportTable): bucket B is
	// the directory S3Dir/B, which must exist as a bucket must, and the
	// object with key K in it is the file S3Dir/B/K. The objects are laid
	// out as DynamoDB lays them out in S3, so an export downloaded from S3
	// into S3Dir/B imports, and the reverse. Without it exports and
	// imports are refused.
	S3Dir string

	// VerifyChecksums says when a disk database checks every stored table
	// against its checksums. Damaged data is never dropped silently
	// whatever it says: a read or compaction that meets it fails the
	// database (see Failed).
	VerifyChecksums Verify

	// Retryer retries the calls that fault rules (see Faults) fail, as the
	// SDK's client retries the errors it reads off the wire: each attempt
	// is a new call for the rules, after the retryer's delay, and a call
	// whose attempts are spent fails with the retryer's MaxAttemptsError.
	// Nil returns every fault to the caller at once, as a server does:
	// leave it nil for an engine served over HTTP, whose clients retry.
	// An engine used in-process, in place of the client, takes the
	// client's retryer (retry.NewStandard() is the SDK's default).
	Retryer aws.Retryer
}

// Verify says when a disk database checks its stored tables against their
// checksums.
type Verify int

const (
	// VerifyInBackground, the default, checks them from a second after
	// Open returns, while the database serves; damage found fails the
	// database (see Failed). It reads the whole database once per Open:
	// about 0.4 s per GiB from the page cache, 1 s from disk.
	VerifyInBackground Verify = iota
	// VerifyAtOpen checks them before Open returns, which fails with an
	// error naming the first damaged file.
	VerifyAtOpen
	// VerifyOff checks only what reads and compactions read.
	VerifyOff
)

// storage returns the storage package's spelling of v.
func (v Verify) storage() storage.Verify {
	switch v {
	case VerifyAtOpen:
		return storage.VerifyAtOpen
	case VerifyOff:
		return storage.VerifyOff
	}
	return storage.VerifyInBackground
}

// ErrLocked is what Open returns (wrapped) for a directory that another DB,
// in this process or another (such as a running "ddb serve --data DIR"),
// has open: one DB at a time may use a directory.
var ErrLocked = storage.ErrLocked

// ErrNotDatabase is what Open returns (wrapped) for a directory that holds
// other files and no database: Open creates a database only in an empty or
// new directory.
var ErrNotDatabase = storage.ErrNotDatabase

// ErrClosed is what the calls of a DB return once it is closed, and what
// Close returns when called again.
var ErrClosed = errors.New("engine: the database is closed")

// DB is an open database. It is safe for concurrent use.
type DB struct {
	store  storage.Store
	closed atomic.Bool // set by Close
	opts   Options
	locks  itemLocks
	// ttl holds each table's time-to-live attribute; tokens the recent
	// TransactWriteItems client request tokens (durable on disk).
	ttl    ttlSpecs
	tokens tokenCache

	// bg counts the background goroutines (index backfills and drops, the
	// TTL sweep); they run under life, which Close cancels.
	bg   sync.WaitGroup
	life context.Context
	stop context.CancelFunc

	// handlers are the functions OnChange registered.
	handlers changeHandlers

	clock  Clock
	faults Faults

	// recovery holds backups, point-in-time recovery, restores, exports
	// and imports (recovery.go).
	recovery recovery

	mu       sync.RWMutex
	tables   map[string]*table   // by name, every table not yet fully deleted
	deleting map[string]*deleted // tables in their DELETING window
	streams  map[string]*stream  // by ARN, every stream still readable
	nextID   uint32              // next free keyspace id
}

// Open opens the database described by opts, creating it if needed.
func Open(opts Options) (*DB, error) {
	var store storage.Store
	if opts.Dir == "" {
		store = storage.NewMemory()
	} else {
		var err error
		if store, err = storage.OpenDisk(opts.Dir, storage.DiskOptions{Verify: opts.VerifyChecksums.storage()}); err != nil {
			return nil, err
		}
	}
	return open(store, opts)
}

// open opens the database kept in store, which it closes if it fails.
func open(store storage.Store, opts Options) (*DB, error) {
	db := &DB{
		store:    store,
		opts:     opts,
		tables:   map[string]*table{},
		deleting: map[string]*deleted{},
		streams:  map[string]*stream{},
		nextID:   1,
	}
	db.locks.init()
	db.clock.db, db.clock.source = db, opts.Now
	if db.clock.source == nil {
		db.clock.source = time.Now
	}
	db.life, db.stop = context.WithCancel(context.Background())
	if err := db.loadCatalog(); err != nil {
		store.Close()
		return nil, err
	}
	if err := db.loadClock(); err != nil {
		store.Close()
		return nil, err
	}
	if err := db.loadTTL(); err != nil {
		store.Close()
		return nil, err
	}
	if err := db.loadTokens(); err != nil {
		store.Close()
		return nil, err
	}
	if err := db.loadStreams(); err != nil {
		store.Close()
		return nil, err
	}
	if err := db.loadRecovery(); err != nil {
		store.Close()
		return nil, err
	}
	db.resumeIndexWork()
	db.startExpirer()
	db.startStreamTrimmer()
	db.startRecovery()
	return db, nil
}

// Failed returns a channel that is closed when the database's storage fails
// with an error it cannot recover from: on disk, a write-ahead log that
// could not be written (an I/O error), or data that fails its checksums.
// From then on every write fails with InternalServerError; reads go on where
// they can. Err says why. The database should then be closed: reopening the
// directory recovers every acknowledged write, or refuses to open with an
// error naming the damaged file. A memory database never fails.
func (db *DB) Failed() <-chan struct{} {
	if f, ok := db.store.(failer); ok {
		return f.Failed()
	}
	return nil
}

// Err returns the error the database's storage failed with (see Failed), or
// nil.
func (db *DB) Err() error {
	if f, ok := db.store.(failer); ok {
		return f.Err()
	}
	return nil
}

// failer is implemented by stores that can fail (the disk store).
type failer interface {
	Failed() <-chan struct{}
	Err() error
}

// Close closes the database. Every acknowledged write is already durable;
// an index backfill or drop in progress stops, even while it waits for an
// item's lock, and resumes at the next Open.
func (db *DB) Close() error {
	if !db.closed.CompareAndSwap(false, true) {
		return ErrClosed
	}
	db.stop()
	db.bg.Wait()
	return db.store.Close()
}
