package engine

import (
	"encoding/binary"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/storage"
)

// Point-in-time recovery: while enabled on a table, every change of an
// item records the image it replaced (pitr_log.go). The table as it was at
// a time T in the recovery window is its rows as they are now with the
// changes made after T undone: a consistent checkpoint of the rows and the
// records (taken together, as each change writes both in one atomic
// storage write) is read, and each item changed after T takes the image
// replaced by its first change after T. No base copy of the table is
// needed; records older than the window are deleted by a background sweep.

// Limits of point-in-time recovery, as on DynamoDB.
const (
	defaultRecoveryDays = 35
	maxRecoveryDays     = 35
	// recoveryLag is how far behind now LatestRestorableDateTime is kept,
	// as DynamoDB keeps it (but never before EarliestRestorableDateTime).
	recoveryLag = 5 * time.Minute
)

// pitrSettings is a table's point-in-time recovery: when it was enabled
// (zero while disabled), its recovery period, and how far its records may
// have been deleted.
type pitrSettings struct {
	Enabled   time.Time
	Days      int32
	TrimmedTo time.Time
}

// on reports whether point-in-time recovery is enabled.
func (p *pitrSettings) on() bool { return !p.Enabled.IsZero() }

// earliest returns EarliestRestorableDateTime at now, rounded up to a
// whole second. The window's ends are whole seconds so that they survive
// a client's round trip through floating-point epoch seconds: the SDK
// reads 1765014080.123 as .122 and would send back a time just outside.
func (p *pitrSettings) earliest(now time.Time) time.Time {
	window := now.Add(-time.Duration(p.Days) * 24 * time.Hour)
	return ceilSecond(latestOf(p.Enabled, window, p.TrimmedTo))
}

// latest returns LatestRestorableDateTime at now, rounded down to a whole
// second (but never before earliest).
func (p *pitrSettings) latest(now time.Time) time.Time {
	return latestOf(p.earliest(now), now.Add(-recoveryLag).Truncate(time.Second))
}

// ceilSecond rounds t up to a whole second.
func ceilSecond(t time.Time) time.Time {
	if s := t.Truncate(time.Second); !s.Equal(t) {
		return s.Add(time.Second)
	}
	return t
}

// latestOf returns the latest of times.
func latestOf(times ...time.Time) time.Time {
	var m time.Time
	for _, t := range times {
		if t.After(m) {
			m = t
		}
	}
	return m
}

// description returns the table's PointInTimeRecoveryDescription at now.
func (p *pitrSettings) description(now time.Time) *types.PointInTimeRecoveryDescription {
	if p == nil || !p.on() {
		return &types.PointInTimeRecoveryDescription{PointInTimeRecoveryStatus: types.PointInTimeRecoveryStatusDisabled}
	}
	return &types.PointInTimeRecoveryDescription{
		PointInTimeRecoveryStatus:  types.PointInTimeRecoveryStatusEnabled,
		EarliestRestorableDateTime: ptr(p.earliest(now)),
		LatestRestorableDateTime:   ptr(p.latest(now)),
		RecoveryPeriodInDays:       ptr(p.Days),
	}
}

// loadPITR reads the point-in-time recovery settings, marks the tables that
// have it enabled, and numbers new records past every stored one. Settings
// of tables that no longer exist are left for the sweep.
func (db *DB) loadPITR() error {
	r := &db.recovery
	byID := map[uint32]*table{}
	for _, t := range db.tables {
		byID[t.id] = t
	}
	err := loadRecords(db, pitrPrefix, func(id []byte, p *pitrSettings) {
		tid := binary.BigEndian.Uint32(id)
		r.pitr[tid] = p
		if t := byID[tid]; t != nil && p.on() {
			t.pitr.Store(true)
		}
	})
	if err != nil {
		return err
	}
	for id := range r.pitr {
		span := pitrLogSpan(id)
		err := db.store.Scan(span.Start, span.End, true, func(k, _ []byte) bool {
			if n := binary.BigEndian.Uint64(k[13:]); n > r.counter.Load() {
				r.counter.Store(n)
			}
			return false
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// pitrOf returns table t's point-in-time recovery settings, nil when it
// was never enabled.
func (db *DB) pitrOf(t *table) *pitrSettings {
	r := &db.recovery
	r.mu.Lock()
	defer r.mu.Unlock()
	if p := r.pitr[t.id]; p != nil {
		c := *p
		return &c
	}
	return nil
}

// pitrOp is the storage op saving table id's settings p.
func pitrOp(id uint32, p *pitrSettings) storage.Op {
	return recordOp(tableMetaKey(pitrPrefix, id), p)
}

// trimPITR deletes, for every table with point-in-time recovery records,
// those made before its recovery window (or before it was disabled or
// deleted), in bounded batches, and forgets the settings of tables whose
// records are all gone. Errors are left for the next sweep.
func (db *DB) trimPITR(now time.Time) {
	r := &db.recovery
	db.mu.RLock()
	live := map[uint32]bool{}
	for _, t := range db.tables {
		live[t.id] = true
	}
	db.mu.RUnlock()
	r.mu.Lock()
	ids := make([]uint32, 0, len(r.pitr))
	for id := range r.pitr {
		ids = append(ids, id)
	}
	r.mu.Unlock()
	for _, id := range ids {
		if db.stopping() {
			return
		}
		r.mu.Lock()
		p := r.pitr[id]
		if p == nil {
			r.mu.Unlock()
			continue
		}
		cutoff := p.TrimmedTo
		if p.on() && live[id] {
			cutoff = p.earliest(now)
		}
		gone := !p.on() || !live[id]
		r.mu.Unlock()
		end := pitrLogStart(id, cutoff.Add(time.Millisecond))
		if !live[id] {
			end = pitrLogSpan(id).End
		}
		if err := db.dropRange(db.background(), pitrLogSpan(id).Start, end); err != nil {
			return
		}
		db.settleTrim(id, p, cutoff, gone)
	}
}

// settleTrim records that the records of table id up to cutoff are
// deleted: it saves the settings, or forgets them when point-in-time
// recovery is off and its records are gone, unless they changed meanwhile.
func (db *DB) settleTrim(id uint32, was *pitrSettings, cutoff time.Time, gone bool) {
	r := &db.recovery
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.pitr[id]
	if p != was {
		return
	}
	if gone {
		if err := db.store.Write([]storage.Op{{Key: tableMetaKey(pitrPrefix, id), Delete: true}}); err == nil {
			delete(r.pitr, id)
		}
		return
	}
	if !p.TrimmedTo.Before(cutoff) {
		return
	}
	next := *p
	next.TrimmedTo = cutoff
	if err := db.store.Write([]storage.Op{pitrOp(id, &next)}); err == nil {
		r.pitr[id] = &next
	}
}

// tableDeleted is called by DeleteTable once table t has left the catalog
// and before its rows are dropped. A table with point-in-time recovery
// enabled gets a system backup, as on DynamoDB, restorable with
// RestoreTableFromBackup for 35 days; its records are then left for the
// sweep to delete. The backup describes the table as it was just before its
// deletion (ACTIVE, with its indexes), not as DeleteTable reports it
// (DELETING, its indexes too), so that a restore gets every index back.
func (db *DB) tableDeleted(t *table, now time.Time) {
	if !t.pitr.Swap(false) {
		return
	}
	now = now.Truncate(time.Millisecond)
	r := &db.recovery
	r.mu.Lock()
	id := ""
	for ms := now.UnixMilli(); id == "" || r.backups[id] != nil; ms++ {
		id = fmt.Sprintf("%014d-00000000", ms)
	}
	if p := r.pitr[t.id]; p != nil {
		next := *p
		next.Enabled, next.TrimmedTo = time.Time{}, now
		if err := db.store.Write([]storage.Op{pitrOp(t.id, &next)}); err == nil {
			r.pitr[t.id] = &next
		}
	}
	r.mu.Unlock()
	b := &backupRecord{ID: id, Name: t.name + systemBackupSuffix, Type: types.BackupTypeSystem, Created: now, Expires: ptr(now.Add(systemBackupLifetime))}
	if err := db.takeBackup(t, db.describe(t, now), b); err != nil {
		slog.Error("engine: cannot take the system backup of a deleted table", "table", t.name, "err", err)
	}
}
