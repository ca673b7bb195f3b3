package engine

import (
	"context"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ListBackups lists backups in creation order, optionally only those of
// one table, of one type (USER by default, as on DynamoDB), or created in
// [TimeRangeLowerBound, TimeRangeUpperBound). A page holds up to Limit
// backups; LastEvaluatedBackupArn, passed back as ExclusiveStartBackupArn,
// continues the list after it, whether or not that backup still exists.
func (db *DB) ListBackups(ctx context.Context, in *dynamodb.ListBackupsInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListBackupsOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "ListBackups", in); err != nil {
		return nil, err
	}
	if err := checkListBackupsInput(in); err != nil {
		return nil, err
	}
	var after *backupRecord // the cursor's position
	if in.ExclusiveStartBackupArn != nil {
		table, id, err := backupARN.parse(*in.ExclusiveStartBackupArn)
		if err != nil {
			return nil, err
		}
		created, _ := resourceTime(id)
		after = &backupRecord{ID: id, Created: created, Table: types.TableDescription{TableName: ptr(table)}}
	}
	typ := in.BackupType
	if typ == "" {
		typ = types.BackupTypeFilterUser
	}
	r := &db.recovery
	r.mu.Lock()
	var list []*backupRecord
	for _, b := range r.backups {
		if backupListed(b, in, typ) && (after == nil || compareBackups(b, after) > 0) {
			list = append(list, b)
		}
	}
	r.mu.Unlock()
	slices.SortFunc(list, compareBackups)
	out := &dynamodb.ListBackupsOutput{BackupSummaries: []types.BackupSummary{}}
	for i, b := range list {
		if in.Limit != nil && i == int(*in.Limit) {
			out.LastEvaluatedBackupArn = ptr(list[i-1].arn())
			break
		}
		out.BackupSummaries = append(out.BackupSummaries, b.summary())
	}
	return out, nil
}

// backupListed reports whether ListBackups request in, for backups of type
// typ, lists b.
func backupListed(b *backupRecord, in *dynamodb.ListBackupsInput, typ types.BackupTypeFilter) bool {
	if typ != types.BackupTypeFilterAll && string(typ) != string(b.Type) {
		return false
	}
	if in.TableName != nil {
		if name, _ := resolveTable(*in.TableName); name != *b.Table.TableName { // "": no table here
			return false
		}
	}
	if lo := in.TimeRangeLowerBound; lo != nil && b.Created.Before(lo.Truncate(time.Millisecond)) {
		return false
	}
	if hi := in.TimeRangeUpperBound; hi != nil && !b.Created.Before(hi.Truncate(time.Millisecond)) {
		return false
	}
	return true
}

// restoringFrom reports whether a restore is reading the backup with the
// given ARN. Callers hold r.mu.
func (r *recovery) restoringFrom(arn string) bool {
	for _, j := range r.restores {
		if j.Backup == arn {
			return true
		}
	}
	return false
}
