package engine_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine"
)

// waitActive waits until the named table is ACTIVE, as a client waits
// with dynamodb.NewTableExistsWaiter.
func waitActive(db *engine.DB, name string) {
	for {
		out, err := db.DescribeTable(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			panic(err)
		}
		if out.Table.TableStatus == types.TableStatusActive {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// count returns the number of items of a table.
func count(db *engine.DB, name string) int32 {
	out, err := db.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(name), Select: types.SelectCount})
	if err != nil {
		panic(err)
	}
	return out.Count
}

// Back up a table, change it, and restore the backup into a new table.
func ExampleDB_CreateBackup() {
	ctx := context.Background()
	db, _ := engine.Open(engine.Options{})
	defer db.Close()
	createTable(db, "orders")
	put := func(id string) {
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("orders"), Item: map[string]types.AttributeValue{"pk": s(id)}}); err != nil {
			panic(err)
		}
	}
	put("a")
	put("b")

	backup, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("orders"), BackupName: aws.String("nightly")})
	if err != nil {
		panic(err)
	}
	put("c")
	_, err = db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{
		BackupArn: backup.BackupDetails.BackupArn, TargetTableName: aws.String("orders-yesterday"),
	})
	if err != nil {
		panic(err)
	}
	waitActive(db, "orders-yesterday")
	fmt.Println(count(db, "orders"), count(db, "orders-yesterday"))
	// Output: 3 2
}

// Export a table with point-in-time recovery to a directory standing in
// for S3, in DynamoDB's export layout, and import the export into a new
// table.
func ExampleDB_ExportTableToPointInTime() {
	ctx := context.Background()
	s3, _ := os.MkdirTemp("", "s3")
	defer os.RemoveAll(s3)
	os.Mkdir(filepath.Join(s3, "exports"), 0o755) // the bucket
	db, _ := engine.Open(engine.Options{S3Dir: s3})
	defer db.Close()
	createTable(db, "orders")
	db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("orders"), Item: map[string]types.AttributeValue{"pk": s("a")}})
	db.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String("orders"),
		PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}})

	out, err := db.ExportTableToPointInTime(ctx, &dynamodb.ExportTableToPointInTimeInput{
		TableArn: aws.String("arn:aws:dynamodb:ddblocal:000000000000:table/orders"), S3Bucket: aws.String("exports"),
	})
	if err != nil {
		panic(err)
	}
	var export *types.ExportDescription
	for export == nil || export.ExportStatus == types.ExportStatusInProgress {
		d, err := db.DescribeExport(ctx, &dynamodb.DescribeExportInput{ExportArn: out.ExportDescription.ExportArn})
		if err != nil {
			panic(err)
		}
		export = d.ExportDescription
	}
	fmt.Println(export.ExportStatus, *export.ItemCount)

	// exports/AWSDynamoDB/ID/manifest-summary.json, beside data/.
	data := strings.TrimSuffix(*export.ExportManifest, "manifest-summary.json") + "data/"
	_, err = db.ImportTable(ctx, &dynamodb.ImportTableInput{
		S3BucketSource:       &types.S3BucketSource{S3Bucket: aws.String("exports"), S3KeyPrefix: aws.String(data)},
		InputFormat:          types.InputFormatDynamodbJson,
		InputCompressionType: types.InputCompressionTypeGzip,
		TableCreationParameters: &types.TableCreationParameters{
			TableName:            aws.String("orders-copy"),
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
			BillingMode:          types.BillingModePayPerRequest,
		},
	})
	if err != nil {
		panic(err)
	}
	waitActive(db, "orders-copy")
	fmt.Println(count(db, "orders-copy"))
	// Output:
	// COMPLETED 1
	// 1
}
