package engine

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/storage"
)

// RestoreTableToPointInTime creates a table holding the items a table with
// point-in-time recovery held at a time of its recovery window
// (RestoreDateTime, at millisecond precision, or the latest restorable
// time). It takes the source's current settings, changed by the request's
// overrides. The answer describes the new table CREATING; it becomes ACTIVE
// once filled.
func (db *DB) RestoreTableToPointInTime(ctx context.Context, in *dynamodb.RestoreTableToPointInTimeInput, _ ...func(*dynamodb.Options)) (*dynamodb.RestoreTableToPointInTimeOutput, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "RestoreTableToPointInTime", in)
	if err != nil {
		return nil, err
	}
	if err := checkRestoreTableToPointInTimeInput(in); err != nil {
		return nil, err
	}
	source := in.SourceTableName
	if in.SourceTableArn != nil {
		source = in.SourceTableArn
	}
	now := db.now()
	src, err := db.recoveryTable(*source, pitrUnavailable)
	if err != nil {
		return nil, err
	}
	at, err := db.restorableTime(src, in.RestoreDateTime, now)
	if err != nil {
		return nil, err
	}
	db.mu.RLock()
	srcDesc := cloneDescription(src.desc)
	targetErr := db.checkRestoreTarget(*in.TargetTableName)
	db.mu.RUnlock()
	if targetErr != nil {
		return nil, targetErr
	}
	create, err := restoreTableInput(srcDesc, *in.TargetTableName, &restoreOverrides{
		billing: in.BillingModeOverride, throughput: in.ProvisionedThroughputOverride, onDemand: in.OnDemandThroughputOverride,
		gsis: in.GlobalSecondaryIndexOverride, lsis: in.LocalSecondaryIndexOverride, sse: in.SSESpecificationOverride,
	})
	if err != nil {
		return nil, err
	}
	target, err := newTableDescription(create, now)
	if err != nil {
		return nil, err
	}
	checkpoint, err := db.checkpointHistory(c, "restore", src, now)
	if err != nil {
		return nil, err
	}
	summary := &types.RestoreSummary{SourceTableArn: srcDesc.TableArn, RestoreDateTime: ptr(at), RestoreInProgress: ptr(true)}
	job := &restoreJob{Checkpoint: checkpoint, SourceID: src.id, Time: ptr(at)}
	desc, err := db.startRestore(target, summary, job, now)
	if err != nil {
		db.store.DeleteCheckpoint(checkpoint)
		return nil, err
	}
	return &dynamodb.RestoreTableToPointInTimeOutput{TableDescription: desc}, nil
}

// restorableTime returns the time a point-in-time restore or export of t
// reads: at (nil: the latest restorable time), which must lie in t's
// recovery window at now.
func (db *DB) restorableTime(t *table, at *time.Time, now time.Time) (time.Time, error) {
	p := db.pitrOf(t)
	if p == nil || !p.on() {
		return time.Time{}, pitrUnavailable(t.name)
	}
	earliest, latest := p.earliest(now), p.latest(now)
	if at == nil {
		return latest, nil
	}
	if r := at.Truncate(time.Millisecond); !r.Before(earliest) && !r.After(latest) {
		return r, nil
	}
	const layout = "2006-01-02T15:04:05Z"
	return time.Time{}, &types.InvalidRestoreTimeException{Message: ptr("RestoreDateTime '" + at.UTC().Format(layout) +
		"' must be within EarliestRestorableDateTime '" + earliest.UTC().Format(layout) +
		"' and LatestRestorableDateTime '" + latest.UTC().Format(layout) + "'")}
}

// checkpointHistory takes a checkpoint, named after purpose, of table t's
// rows and point-in-time recovery records, once every change made before
// now is stored, and returns its name.
func (db *DB) checkpointHistory(c call, purpose string, t *table, now time.Time) (string, error) {
	if err := db.barrier(c); err != nil {
		return "", err
	}
	name := purpose + "-" + newResourceID(now)
	if err := db.store.Checkpoint(name, []storage.Span{tableSpan(t.id), pitrLogSpan(t.id)}); err != nil {
		return "", apierr.Internal("cannot read the table's history: " + err.Error())
	}
	return name, nil
}
