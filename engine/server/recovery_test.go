package server

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine"
)

// TestRecoveryOverHTTP backs up and restores a table, restores it to a
// point in time, exports it and imports the export, all through an SDK
// client and the server, and checks that the modelled errors arrive as the
// SDK's types.
func TestRecoveryOverHTTP(t *testing.T) {
	ctx := context.Background()
	s3 := t.TempDir()
	if err := os.Mkdir(filepath.Join(s3, "bucket"), 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := engine.Open(engine.Options{S3Dir: s3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := newSDKClient(t, db)
	_, err = c.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String("orders"), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("owner"), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{IndexName: aws.String("byOwner"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("owner"), KeyType: types.KeyTypeHash}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	putOrder := func(id, owner string) {
		t.Helper()
		_, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("orders"), Item: map[string]types.AttributeValue{
			"id": &types.AttributeValueMemberS{Value: id}, "owner": &types.AttributeValueMemberS{Value: owner}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	count := func(table string) int32 {
		t.Helper()
		out, err := c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table), Select: types.SelectCount})
		if err != nil {
			t.Fatal(err)
		}
		return out.Count
	}
	waitTable := func(name string) *types.TableDescription {
		t.Helper()
		w := dynamodb.NewTableExistsWaiter(c, func(o *dynamodb.TableExistsWaiterOptions) {
			o.MinDelay, o.MaxDelay = time.Millisecond, 10*time.Millisecond
		})
		out, err := w.WaitForOutput(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return out.Table
	}
	putOrder("o1", "ann")
	putOrder("o2", "bob")

	// Backups.
	created, err := c.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("orders"), BackupName: aws.String("daily")})
	if err != nil {
		t.Fatal(err)
	}
	arn := created.BackupDetails.BackupArn
	putOrder("o3", "ann")
	described, err := c.DescribeBackup(ctx, &dynamodb.DescribeBackupInput{BackupArn: arn})
	if err != nil || described.BackupDescription.BackupDetails.BackupStatus != types.BackupStatusAvailable ||
		*described.BackupDescription.SourceTableDetails.ItemCount != 2 {
		t.Fatalf("DescribeBackup = %+v, %v", described, err)
	}
	listed, err := c.ListBackups(ctx, &dynamodb.ListBackupsInput{TableName: aws.String("orders")})
	if err != nil || len(listed.BackupSummaries) != 1 {
		t.Fatalf("ListBackups = %+v, %v", listed, err)
	}
	// An empty index override crosses the wire as an empty list: no index.
	_, err = c.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: arn, TargetTableName: aws.String("restored"),
		GlobalSecondaryIndexOverride: []types.GlobalSecondaryIndex{}})
	if err != nil {
		t.Fatal(err)
	}
	if d := waitTable("restored"); d.GlobalSecondaryIndexes != nil || *d.ItemCount != 2 {
		t.Errorf("restored table = %+v", d)
	}
	if _, err := c.DeleteBackup(ctx, &dynamodb.DeleteBackupInput{BackupArn: arn}); err != nil {
		t.Fatal(err)
	}
	var notFound *types.BackupNotFoundException
	if _, err := c.DescribeBackup(ctx, &dynamodb.DescribeBackupInput{BackupArn: arn}); !errors.As(err, &notFound) {
		t.Errorf("DescribeBackup of a deleted backup: %v", err)
	}
	var noTable *types.TableNotFoundException
	if _, err := c.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("nope"), BackupName: aws.String("daily")}); !errors.As(err, &noTable) {
		t.Errorf("CreateBackup of a missing table: %v", err)
	}

	// Point-in-time recovery.
	var unavailable *types.PointInTimeRecoveryUnavailableException
	_, err = c.RestoreTableToPointInTime(ctx, &dynamodb.RestoreTableToPointInTimeInput{SourceTableName: aws.String("orders"),
		TargetTableName: aws.String("pitr"), UseLatestRestorableTime: aws.Bool(true)})
	if !errors.As(err, &unavailable) {
		t.Errorf("restore without point-in-time recovery: %v", err)
	}
	_, err = c.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String("orders"),
		PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}})
	if err != nil {
		t.Fatal(err)
	}
	db.Clock().Advance(time.Minute)
	putOrder("o4", "cat")
	db.Clock().Advance(10 * time.Minute)
	cb, err := c.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String("orders")})
	if err != nil || cb.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus != types.PointInTimeRecoveryStatusEnabled {
		t.Fatalf("DescribeContinuousBackups = %+v, %v", cb, err)
	}
	enabledAt := *cb.ContinuousBackupsDescription.PointInTimeRecoveryDescription.EarliestRestorableDateTime
	var badTime *types.InvalidRestoreTimeException
	_, err = c.RestoreTableToPointInTime(ctx, &dynamodb.RestoreTableToPointInTimeInput{SourceTableName: aws.String("orders"),
		TargetTableName: aws.String("pitr"), RestoreDateTime: aws.Time(enabledAt.Add(-time.Hour))})
	if !errors.As(err, &badTime) {
		t.Errorf("restore before the window: %v", err)
	}
	_, err = c.RestoreTableToPointInTime(ctx, &dynamodb.RestoreTableToPointInTimeInput{SourceTableName: aws.String("orders"),
		TargetTableName: aws.String("pitr"), RestoreDateTime: aws.Time(enabledAt)})
	if err != nil {
		t.Fatal(err)
	}
	waitTable("pitr")
	if n := count("pitr"); n != 3 {
		t.Errorf("restored to when recovery was enabled: %d items, want 3", n)
	}

	// Export, then import the export.
	exp, err := c.ExportTableToPointInTime(ctx, &dynamodb.ExportTableToPointInTimeInput{TableArn: aws.String("arn:aws:dynamodb:ddblocal:000000000000:table/orders"),
		S3Bucket: aws.String("bucket"), S3Prefix: aws.String("exports")})
	if err != nil {
		t.Fatal(err)
	}
	var export *types.ExportDescription
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		out, err := c.DescribeExport(ctx, &dynamodb.DescribeExportInput{ExportArn: exp.ExportDescription.ExportArn})
		if err != nil {
			t.Fatal(err)
		}
		if export = out.ExportDescription; export.ExportStatus != types.ExportStatusInProgress || time.Now().After(deadline) {
			break
		}
	}
	if export.ExportStatus != types.ExportStatusCompleted || *export.ItemCount != 4 {
		t.Fatalf("export = %+v", export)
	}
	exports, err := c.ListExports(ctx, &dynamodb.ListExportsInput{})
	if err != nil || len(exports.ExportSummaries) != 1 {
		t.Errorf("ListExports = %+v, %v", exports, err)
	}
	dataPrefix := filepath.ToSlash(filepath.Dir(*export.ExportManifest)) + "/data/"
	imp, err := c.ImportTable(ctx, &dynamodb.ImportTableInput{
		S3BucketSource:       &types.S3BucketSource{S3Bucket: aws.String("bucket"), S3KeyPrefix: aws.String(dataPrefix)},
		InputFormat:          types.InputFormatDynamodbJson,
		InputCompressionType: types.InputCompressionTypeGzip,
		TableCreationParameters: &types.TableCreationParameters{TableName: aws.String("imported"), BillingMode: types.BillingModePayPerRequest,
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	waitTable("imported")
	desc, err := c.DescribeImport(ctx, &dynamodb.DescribeImportInput{ImportArn: imp.ImportTableDescription.ImportArn})
	if err != nil || desc.ImportTableDescription.ImportStatus != types.ImportStatusCompleted || desc.ImportTableDescription.ImportedItemCount != 4 {
		t.Errorf("DescribeImport = %+v, %v", desc, err)
	}
	if n := count("imported"); n != 4 {
		t.Errorf("imported %d items, want 4", n)
	}
	imports, err := c.ListImports(ctx, &dynamodb.ListImportsInput{})
	if err != nil || len(imports.ImportSummaryList) != 1 {
		t.Errorf("ListImports = %+v, %v", imports, err)
	}
	var noExport *types.ExportNotFoundException
	if _, err := c.DescribeExport(ctx, &dynamodb.DescribeExportInput{ExportArn: aws.String("arn:aws:dynamodb:ddblocal:000000000000:table/orders/export/01234567890123-abcdef01")}); !errors.As(err, &noExport) {
		t.Errorf("DescribeExport of a missing export: %v", err)
	}
}
