package engine

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// DescribeContinuousBackups says whether point-in-time recovery is enabled
// on a table, and the window it can be restored to. Continuous backups
// (the backups CreateBackup takes) are always enabled.
func (db *DB) DescribeContinuousBackups(ctx context.Context, in *dynamodb.DescribeContinuousBackupsInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeContinuousBackupsOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "DescribeContinuousBackups", in); err != nil {
		return nil, err
	}
	if err := checkTableRefInput(in.TableName); err != nil {
		return nil, err
	}
	// TableNotFoundException is the only error the API Reference documents
	// (besides InternalServerError), for a table being created too.
	t, err := db.recoveryTable(*in.TableName, tableNotFoundException)
	if err != nil {
		return nil, err
	}
	return &dynamodb.DescribeContinuousBackupsOutput{ContinuousBackupsDescription: continuousBackups(db.pitrOf(t), db.now())}, nil
}

// UpdateContinuousBackups enables or disables point-in-time recovery on a
// table, or changes its recovery period (1 to 35 days, 35 by default).
// Enabling it starts the window at once: EarliestRestorableDateTime is the
// time it was enabled. Disabling it forgets the window.
func (db *DB) UpdateContinuousBackups(ctx context.Context, in *dynamodb.UpdateContinuousBackupsInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateContinuousBackupsOutput, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "UpdateContinuousBackups", in)
	if err != nil {
		return nil, err
	}
	if err := checkUpdateContinuousBackupsInput(in); err != nil {
		return nil, err
	}
	spec := in.PointInTimeRecoverySpecification
	enable := *spec.PointInTimeRecoveryEnabled
	if !enable && spec.RecoveryPeriodInDays != nil {
		return nil, apierr.Validation("Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.")
	}
	t, err := db.recoveryTable(*in.TableName, backupsBeingEnabled)
	if err != nil {
		return nil, err
	}
	r := &db.recovery
	r.mu.Lock()
	defer r.mu.Unlock()
	cur := r.pitr[t.id]
	next := pitrSettings{Days: defaultRecoveryDays}
	if cur != nil {
		next = *cur
	}
	switch {
	case enable && cur != nil && cur.on():
		if spec.RecoveryPeriodInDays != nil {
			next.Days = *spec.RecoveryPeriodInDays
		}
	case enable:
		// Writes record their changes from now on. Once every write that
		// did not see the flag has finished, the window starts.
		t.pitr.Store(true)
		if err := db.barrier(c); err != nil {
			t.pitr.Store(false)
			return nil, err
		}
		next.Enabled, next.Days = db.now().Truncate(time.Millisecond), defaultRecoveryDays
		if spec.RecoveryPeriodInDays != nil {
			next.Days = *spec.RecoveryPeriodInDays
		}
	case cur != nil && cur.on():
		t.pitr.Store(false)
		next.Enabled, next.TrimmedTo = time.Time{}, db.now().Truncate(time.Millisecond)
	default:
		return &dynamodb.UpdateContinuousBackupsOutput{ContinuousBackupsDescription: continuousBackups(cur, db.now())}, nil
	}
	if err := db.saveRecords("point-in-time recovery settings", pitrOp(t.id, &next)); err != nil {
		t.pitr.Store(cur != nil && cur.on())
		return nil, err
	}
	r.pitr[t.id] = &next
	return &dynamodb.UpdateContinuousBackupsOutput{ContinuousBackupsDescription: continuousBackups(&next, db.now())}, nil
}

// continuousBackups returns the ContinuousBackupsDescription of a table
// with point-in-time recovery settings p (nil: never enabled) at now.
func continuousBackups(p *pitrSettings, now time.Time) *types.ContinuousBackupsDescription {
	return &types.ContinuousBackupsDescription{
		ContinuousBackupsStatus:        types.ContinuousBackupsStatusEnabled,
		PointInTimeRecoveryDescription: p.description(now),
	}
}

// recoveryTable returns the table a TableName member of a backup or
// point-in-time recovery operation names, by name or ARN (see
// resolveTable): it must exist, and be ACTIVE, or the operation answers
// busy(name), its own error for a table still being created.
func (db *DB) recoveryTable(ref string, busy func(name string) error) (*table, error) {
	name, err := resolveTable(ref)
	if err != nil {
		return nil, err
	}
	db.mu.RLock()
	t := db.tables[name]
	db.mu.RUnlock()
	if t == nil {
		return nil, tableNotFoundException(name)
	}
	if t.creating(db.now) {
		return nil, busy(name)
	}
	return t, nil
}

// backupsBeingEnabled is UpdateContinuousBackups' error for a table being
// created: ContinuousBackupsUnavailableException, "Backups have not yet
// been enabled for this table" (API Reference), with the message AWS gives
// a table just created.
func backupsBeingEnabled(name string) error {
	return &types.ContinuousBackupsUnavailableException{Message: ptr("Backups are being enabled for the table: " + name + ". Please retry later")}
}

// pitrUnavailable is the error of a point-in-time restore or export of a
// table without point-in-time recovery, or still being created (which
// cannot have it yet).
func pitrUnavailable(name string) error {
	return &types.PointInTimeRecoveryUnavailableException{Message: ptr("Point in time recovery is not enabled for table '" + name + "'")}
}
