package engine

import (
	"time"
)

// recoverySweepInterval is how often point-in-time recovery records past
// their window are deleted and system backups past their expiry dropped.
const recoverySweepInterval = time.Minute

// startRecoverySweep starts the background sweep of expired recovery data.
func (db *DB) startRecoverySweep() {
	db.every(recoverySweepInterval, db.sweepRecovery)
}

// sweepRecovery deletes what has expired by now: point-in-time recovery
// records older than their window, and system backups. Errors are left for
// the next sweep.
func (db *DB) sweepRecovery(now time.Time) {
	db.trimPITR(now)
	r := &db.recovery
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range r.backups {
		if b.Expires != nil && !now.Before(*b.Expires) {
			db.dropBackup(b)
		}
	}
}
