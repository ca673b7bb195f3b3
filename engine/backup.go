package engine

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/storage"
)

// backupRecord is a backup: what DescribeBackup reports of it, and the
// checkpoint holding its table's rows.
type backupRecord struct {
	ID      string
	Name    string
	Type    types.BackupType // USER, or SYSTEM for the backup DeleteTable takes
	Created time.Time
	Expires *time.Time `json:",omitempty"` // SYSTEM backups only
	// SizeBytes and ItemCount are the table's when it was backed up.
	SizeBytes, ItemCount int64
	// Checkpoint names the checkpoint holding the rows, under the
	// keyspace id TableID.
	Checkpoint string
	TableID    uint32
	// Table is the table's description when it was backed up, and TTL its
	// time-to-live attribute ("" when disabled).
	Table types.TableDescription
	TTL   string `json:",omitempty"`
}

// systemBackupSuffix ends the name of the backup DeleteTable takes of a
// table with point-in-time recovery enabled; its id ends with eight zeros.
const systemBackupSuffix = "$DeletedTableBackup"

// systemBackupLifetime is how long a system backup is kept.
const systemBackupLifetime = 35 * 24 * time.Hour

// arn returns the backup's ARN.
func (b *backupRecord) arn() string { return backupARN.arn(*b.Table.TableName, b.ID) }

// tableSpan is the key range of the rows of table id.
func tableSpan(id uint32) storage.Span {
	return storage.Span{Start: keyspace(id), End: keyspaceEnd(id)}
}

// details returns the backup's BackupDetails with the given status.
func (b *backupRecord) details(status types.BackupStatus) *types.BackupDetails {
	return &types.BackupDetails{
		BackupArn:              ptr(b.arn()),
		BackupName:             ptr(b.Name),
		BackupSizeBytes:        ptr(b.SizeBytes),
		BackupStatus:           status,
		BackupType:             b.Type,
		BackupCreationDateTime: ptr(b.Created),
		BackupExpiryDateTime:   b.Expires,
	}
}

// description returns what DescribeBackup and DeleteBackup return.
func (b *backupRecord) description(status types.BackupStatus) *types.BackupDescription {
	d := &b.Table
	src := &types.SourceTableDetails{
		TableName:             d.TableName,
		TableId:               d.TableId,
		TableArn:              d.TableArn,
		TableSizeBytes:        ptr(b.SizeBytes),
		KeySchema:             d.KeySchema,
		TableCreationDateTime: d.CreationDateTime,
		ProvisionedThroughput: provisioned(d.ProvisionedThroughput),
		OnDemandThroughput:    d.OnDemandThroughput,
		ItemCount:             ptr(b.ItemCount),
		BillingMode:           currentBilling(d),
	}
	features := &types.SourceTableFeatureDetails{}
	for _, l := range d.LocalSecondaryIndexes {
		features.LocalSecondaryIndexes = append(features.LocalSecondaryIndexes, types.LocalSecondaryIndexInfo{
			IndexName: l.IndexName, KeySchema: l.KeySchema, Projection: l.Projection,
		})
	}
	for _, g := range liveGSIs(d) {
		features.GlobalSecondaryIndexes = append(features.GlobalSecondaryIndexes, types.GlobalSecondaryIndexInfo{
			IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection,
			ProvisionedThroughput: provisioned(g.ProvisionedThroughput), OnDemandThroughput: g.OnDemandThroughput,
		})
	}
	features.StreamDescription = d.StreamSpecification
	if b.TTL != "" {
		features.TimeToLiveDescription = &types.TimeToLiveDescription{TimeToLiveStatus: types.TimeToLiveStatusEnabled, AttributeName: ptr(b.TTL)}
	}
	features.SSEDescription = d.SSEDescription
	return &types.BackupDescription{BackupDetails: b.details(status), SourceTableDetails: src, SourceTableFeatureDetails: features}
}

// summary returns the backup's entry in ListBackups.
func (b *backupRecord) summary() types.BackupSummary {
	return types.BackupSummary{
		BackupArn:              ptr(b.arn()),
		BackupName:             ptr(b.Name),
		BackupCreationDateTime: ptr(b.Created),
		BackupExpiryDateTime:   b.Expires,
		BackupSizeBytes:        ptr(b.SizeBytes),
		BackupStatus:           types.BackupStatusAvailable,
		BackupType:             b.Type,
		TableArn:               b.Table.TableArn,
		TableId:                b.Table.TableId,
		TableName:              b.Table.TableName,
	}
}

// compareBackups orders backups as ListBackups lists them: by creation
// time, then ARN.
func compareBackups(a, b *backupRecord) int {
	return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.arn(), b.arn()))
}

// provisioned returns the capacity units of a throughput description.
func provisioned(d *types.ProvisionedThroughputDescription) *types.ProvisionedThroughput {
	if d == nil {
		return nil
	}
	return &types.ProvisionedThroughput{ReadCapacityUnits: d.ReadCapacityUnits, WriteCapacityUnits: d.WriteCapacityUnits}
}

// liveGSIs returns the global secondary indexes of d that are not being
// deleted.
func liveGSIs(d *types.TableDescription) []types.GlobalSecondaryIndexDescription {
	var out []types.GlobalSecondaryIndexDescription
	for _, g := range d.GlobalSecondaryIndexes {
		if g.IndexStatus != types.IndexStatusDeleting {
			out = append(out, g)
		}
	}
	return out
}

// beginBackupCall starts operation op, with input in, on the backup arn
// names, and returns that backup.
func (db *DB) beginBackupCall(ctx context.Context, op string, in any, arn *string) (*backupRecord, error) {
	if _, err := db.begin(ctx, op, in); err != nil {
		return nil, err
	}
	if err := checkBackupARNInput(arn); err != nil {
		return nil, err
	}
	return db.backupByARN(*arn)
}

// backupByARN returns the backup an ARN names, or DynamoDB's error.
func (db *DB) backupByARN(arn string) (*backupRecord, error) {
	_, id, err := backupARN.parse(arn)
	if err != nil {
		return nil, err
	}
	r := &db.recovery
	r.mu.Lock()
	b := r.backups[id]
	r.mu.Unlock()
	if b == nil {
		return nil, &types.BackupNotFoundException{Message: ptr("Backup not found: " + arn)}
	}
	return b, nil
}

// takeBackup checkpoints the rows of table t, described by desc, and
// records the backup. Callers hold db.mu (for reading), so that the table
// is not dropped meanwhile.
func (db *DB) takeBackup(t *table, desc *types.TableDescription, b *backupRecord) error {
	b.Checkpoint = "backup-" + b.ID
	b.TableID = t.id
	b.Table = *desc
	b.SizeBytes, b.ItemCount = t.stats.bytes.Load(), t.stats.items.Load()
	b.TTL = db.ttl.get(t.id)
	if err := db.store.Checkpoint(b.Checkpoint, []storage.Span{tableSpan(t.id)}); err != nil {
		return err
	}
	if err := db.saveRecords("backup", recordOp(metaKey(backupPrefix, b.ID), b)); err != nil {
		db.store.DeleteCheckpoint(b.Checkpoint)
		return err
	}
	r := &db.recovery
	r.mu.Lock()
	r.backups[b.ID] = b
	r.mu.Unlock()
	return nil
}
