package engine

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/storage"
)

// Backups, point-in-time recovery, restores, exports and imports share one
// mechanism: a storage checkpoint (storage.Checkpointer) is a consistent
// copy of some key ranges that costs no copying of items. A backup is a
// checkpoint of its table's rows; a restore, an export or a point-in-time
// restore reads one, taking it first when it reads the table as it is now
// (with its point-in-time recovery records, to undo the changes made after
// the time it wants). Their descriptions are kept under meta keys, so that
// on disk they survive restarts, and work in progress (restores, exports,
// imports) resumes at the next Open. See docs/decisions/backups.md.

// Meta keys of the records this file's state is kept in, each followed by
// the record's id.
var (
	backupPrefix  = []byte{metaPrefix, 'B'} // backup id: a backupRecord
	pitrPrefix    = []byte{metaPrefix, 'R'} // table keyspace id: pitrSettings
	restorePrefix = []byte{metaPrefix, 'J'} // target table keyspace id: a restoreJob
	exportPrefix  = []byte{metaPrefix, 'E'} // export id: an exportRecord
	importPrefix  = []byte{metaPrefix, 'I'} // import id: an importRecord
)

// recovery is the state of backups, point-in-time recovery, restores,
// exports and imports. Lock order: DB.mu before recovery.mu.
type recovery struct {
	mu       sync.Mutex
	backups  map[string]*backupRecord // by backup id
	pitr     map[uint32]*pitrSettings // by table keyspace id
	restores map[uint32]*restoreJob   // by target table keyspace id
	exports  map[string]*exportRecord // by export id
	imports  map[string]*importRecord // by import id

	// counter numbers the point-in-time recovery records.
	counter atomic.Uint64
}

// metaKey returns the meta key of record id under prefix.
func metaKey(prefix []byte, id string) []byte {
	return append(slices.Clone(prefix), id...)
}

// tableMetaKey returns the meta key of the record of table id under prefix.
func tableMetaKey(prefix []byte, id uint32) []byte {
	return binary.BigEndian.AppendUint32(slices.Clone(prefix), id)
}

// recordOp returns the storage op saving v as JSON under key.
func recordOp(key []byte, v any) storage.Op {
	b, err := json.Marshal(v)
	if err != nil {
		panic("engine: cannot encode a record: " + err.Error())
	}
	return storage.Op{Key: key, Value: b}
}

// saveRecords stores ops, with DynamoDB's error for a failed write.
func (db *DB) saveRecords(what string, ops ...storage.Op) error {
	if err := db.store.Write(ops); err != nil {
		return apierr.Internal("cannot save the " + what + ": " + err.Error())
	}
	return nil
}

// loadRecords decodes every record under prefix into a fresh T and passes
// it, with the id its key ends with, to keep.
func loadRecords[T any](db *DB, prefix []byte, keep func(id []byte, rec *T)) error {
	var decodeErr error
	err := db.store.Scan(prefix, prefixEnd(prefix), false, func(k, v []byte) bool {
		rec := new(T)
		if err := json.Unmarshal(v, rec); err != nil {
			decodeErr = fmt.Errorf("engine: corrupt record %q: %w", k, err)
			return false
		}
		keep(bytes.Clone(k[len(prefix):]), rec)
		return true
	})
	if err != nil {
		return err
	}
	return decodeErr
}

// loadRecovery reads the records of backups, point-in-time recovery,
// restores, exports and imports, and deletes the checkpoints none of them
// uses (left by a crash between taking a checkpoint and recording it).
func (db *DB) loadRecovery() error {
	r := &db.recovery
	r.backups = map[string]*backupRecord{}
	r.pitr = map[uint32]*pitrSettings{}
	r.restores = map[uint32]*restoreJob{}
	r.exports = map[string]*exportRecord{}
	r.imports = map[string]*importRecord{}
	err := loadRecords(db, backupPrefix, func(id []byte, b *backupRecord) { r.backups[string(id)] = b })
	if err == nil {
		err = db.loadPITR()
	}
	if err == nil {
		err = loadRecords(db, restorePrefix, func(id []byte, j *restoreJob) { r.restores[binary.BigEndian.Uint32(id)] = j })
	}
	if err == nil {
		err = loadRecords(db, exportPrefix, func(id []byte, e *exportRecord) { r.exports[string(id)] = e })
	}
	if err == nil {
		err = loadRecords(db, importPrefix, func(id []byte, i *importRecord) { r.imports[string(id)] = i })
	}
	if err != nil {
		return err
	}
	return db.dropUnusedCheckpoints()
}

// dropUnusedCheckpoints deletes the checkpoints no record names.
func (db *DB) dropUnusedCheckpoints() error {
	names, err := db.store.Checkpoints()
	if err != nil {
		return err
	}
	r := &db.recovery
	used := map[string]bool{}
	for _, b := range r.backups {
		used[b.Checkpoint] = true
	}
	for _, j := range r.restores {
		used[j.Checkpoint] = true
	}
	for _, e := range r.exports {
		used[e.Checkpoint] = true
	}
	for _, name := range names {
		if !used[name] {
			if err := db.store.DeleteCheckpoint(name); err != nil {
				return err
			}
		}
	}
	return nil
}

// startRecovery resumes the restores, exports and imports that were in
// progress when the database was last closed, and starts the sweep that
// trims point-in-time recovery records and expires system backups.
func (db *DB) startRecovery() {
	db.resumeRestores()
	db.resumeExports()
	db.resumeImports()
	db.startRecoverySweep()
}

// newResourceID returns the id of a new backup, export or import, as
// DynamoDB makes them: the creation time in Unix milliseconds (14 digits)
// and eight random hex digits.
func newResourceID(now time.Time) string {
	return fmt.Sprintf("%014d-%08x", now.UnixMilli(), rand.Uint32())
}

// resourceTime returns the creation time an id made by newResourceID
// starts with, or false.
func resourceTime(id string) (time.Time, bool) {
	if len(id) < 14 {
		return time.Time{}, false
	}
	var ms int64
	for _, c := range id[:14] {
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
		ms = ms*10 + int64(c-'0')
	}
	return time.UnixMilli(ms), true
}

// arnKinds are the resources of a table this engine names by ARN, with
// DynamoDB's errors for an ARN that does not name one: kind (the ARN's
// path element), member (the request member's name in messages) and label
// (the resource in "Invalid ... ARN" messages).
type arnKind struct {
	kind, member, label string
}

var (
	backupARN = arnKind{"backup", "BackupArn", "Backup"}
	exportARN = arnKind{"export", "ExportArn", "Export"}
	importARN = arnKind{"import", "ImportArn", "Import"}
)

// arn returns the ARN of the resource id of kind k of the named table.
func (k arnKind) arn(table, id string) string {
	return arnPrefix + table + "/" + k.kind + "/" + id
}

// parse returns the table name and id an ARN of kind k names. Like
// DynamoDB it ignores the ARN's region: the engine has one.
func (k arnKind) parse(arn string) (table, id string, err error) {
	invalid := apierr.Validation("Invalid " + k.label + " ARN")
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return "", "", invalid
	}
	if parts[1] != "aws" || parts[2] != "dynamodb" || parts[3] == "" {
		return "", "", apierr.Validation(k.member + " is not valid")
	}
	if parts[4] != accountID() {
		return "", "", apierr.New(apierr.CodeAccessDenied, "Access is denied")
	}
	path := strings.Split(parts[5], "/")
	if len(path) != 4 || path[0] != "table" || path[2] != k.kind || !validName(path[1]) || path[3] == "" {
		return "", "", invalid
	}
	return path[1], path[3], nil
}

// accountID returns the account of the engine's ARNs.
func accountID() string { return strings.Split(arnPrefix, ":")[4] }

// barrier waits until every write that held an item's lock when it was
// called has finished and is durable: it takes and releases each lock
// stripe in turn, never holding two, and waits for the last commit made
// under each. A write holds its locks from before it reads the clock for
// its records until its commit is applied, so once barrier returns every
// change made before it was called is stored.
func (db *DB) barrier(c call) error {
	for s := range db.locks.locks {
		if err := db.locks.acquire(c, s); err != nil {
			return err
		}
		last := db.locks.last[s]
		<-db.locks.locks[s]
		if last != nil {
			if err := last.Wait(); err != nil {
				return apierr.Internal("cannot write the item: " + err.Error())
			}
		}
	}
	return nil
}
