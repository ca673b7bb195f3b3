package engine

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// CreateBackup backs up a table: a consistent copy of its items, taken at
// once without copying them (a storage checkpoint), that stays readable
// whatever becomes of the table. The answer says CREATING, as DynamoDB's
// does; DescribeBackup already says AVAILABLE.
func (db *DB) CreateBackup(ctx context.Context, in *dynamodb.CreateBackupInput, _ ...func(*dynamodb.Options)) (*dynamodb.CreateBackupOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "CreateBackup", in); err != nil {
		return nil, err
	}
	if err := checkCreateBackupInput(in); err != nil {
		return nil, err
	}
	name, err := resolveTable(*in.TableName)
	if err != nil {
		return nil, err
	}
	now := db.now()
	db.mu.RLock()
	defer db.mu.RUnlock()
	t := db.tables[name]
	if err := db.checkBackupSource(t, name); err != nil {
		return nil, err
	}
	b := &backupRecord{ID: newResourceID(now), Name: *in.BackupName, Type: types.BackupTypeUser, Created: now.Truncate(time.Millisecond)}
	if err := db.takeBackup(t, db.describe(t, now), b); err != nil {
		return nil, apierr.Internal("cannot back up the table: " + err.Error())
	}
	return &dynamodb.CreateBackupOutput{BackupDetails: b.details(types.BackupStatusCreating)}, nil
}

// checkBackupSource returns CreateBackup's error for backing up t, the
// table named name (nil if there is none): TableInUseException while it is
// being created or deleted ("A target table with the specified name is
// either being created or deleted", API Reference), TableNotFoundException
// if there is none. Callers hold db.mu.
func (db *DB) checkBackupSource(t *table, name string) error {
	switch {
	case t != nil && t.creating(db.now):
		return &types.TableInUseException{Message: ptr("Table is being created: " + name)}
	case t == nil && db.deleting[name] != nil:
		return &types.TableInUseException{Message: ptr("Table is being deleted: " + name)}
	case t == nil:
		return tableNotFoundException(name)
	}
	return nil
}

// tableNotFoundException is the error of the backup and point-in-time
// recovery operations for a table that does not exist.
func tableNotFoundException(name string) error {
	return &types.TableNotFoundException{Message: ptr("Table not found: " + name)}
}
