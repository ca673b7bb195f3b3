package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// RestoreTableFromBackup creates a table from a backup. The answer
// describes it CREATING, with its RestoreSummary; it becomes ACTIVE once
// the backup's items and their index rows are written. A backup feeds one
// restore at a time.
func (db *DB) RestoreTableFromBackup(ctx context.Context, in *dynamodb.RestoreTableFromBackupInput, _ ...func(*dynamodb.Options)) (*dynamodb.RestoreTableFromBackupOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "RestoreTableFromBackup", in); err != nil {
		return nil, err
	}
	if err := checkRestoreTableFromBackupInput(in); err != nil {
		return nil, err
	}
	b, err := db.backupByARN(*in.BackupArn)
	if err != nil {
		return nil, err
	}
	create, err := restoreTableInput(&b.Table, *in.TargetTableName, &restoreOverrides{
		billing: in.BillingModeOverride, throughput: in.ProvisionedThroughputOverride, onDemand: in.OnDemandThroughputOverride,
		gsis: in.GlobalSecondaryIndexOverride, lsis: in.LocalSecondaryIndexOverride, sse: in.SSESpecificationOverride,
	})
	if err != nil {
		return nil, err
	}
	now := db.now()
	target, err := newTableDescription(create, now)
	if err != nil {
		return nil, err
	}
	summary := &types.RestoreSummary{
		SourceBackupArn: ptr(b.arn()), SourceTableArn: b.Table.TableArn,
		RestoreDateTime: ptr(b.Created), RestoreInProgress: ptr(true),
	}
	job := &restoreJob{Checkpoint: b.Checkpoint, SourceID: b.TableID, Backup: b.arn()}
	desc, err := db.startRestore(target, summary, job, now)
	if err != nil {
		return nil, err
	}
	return &dynamodb.RestoreTableFromBackupOutput{TableDescription: desc}, nil
}
