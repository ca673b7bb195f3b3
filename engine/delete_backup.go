package engine

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/storage"
)

// DeleteBackup deletes a backup, unless a restore is reading it or it is a
// system backup (which expires by itself). It returns the backup's
// description, with the status DELETED.
func (db *DB) DeleteBackup(ctx context.Context, in *dynamodb.DeleteBackupInput, _ ...func(*dynamodb.Options)) (*dynamodb.DeleteBackupOutput, error) {
	in = orEmpty(in)
	b, err := db.beginBackupCall(ctx, "DeleteBackup", in, in.BackupArn)
	if err != nil {
		return nil, err
	}
	if b.Type == types.BackupTypeSystem {
		return nil, apierr.Validation("User is not allowed to delete the system backup with arn " + b.arn() +
			". It will automatically expire on " + b.Expires.UTC().Format(time.RFC3339))
	}
	r := &db.recovery
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.backups[b.ID] != b {
		return nil, &types.BackupNotFoundException{Message: ptr("Backup not found: " + *in.BackupArn)}
	}
	if r.restoringFrom(b.arn()) {
		return nil, &types.BackupInUseException{Message: ptr("Backup is being used to restore table: " + b.arn())}
	}
	if err := db.dropBackup(b); err != nil {
		return nil, err
	}
	return &dynamodb.DeleteBackupOutput{BackupDescription: b.description(types.BackupStatusDeleted)}, nil
}

// dropBackup deletes backup b's record, then its checkpoint. Callers hold
// recovery.mu.
func (db *DB) dropBackup(b *backupRecord) error {
	if err := db.saveRecords("backup", storage.Op{Key: metaKey(backupPrefix, b.ID), Delete: true}); err != nil {
		return err
	}
	delete(db.recovery.backups, b.ID)
	// A checkpoint left behind is deleted at the next Open.
	db.store.DeleteCheckpoint(b.Checkpoint)
	return nil
}
