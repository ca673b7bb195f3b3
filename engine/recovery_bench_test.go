package engine

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The recovery benchmarks: what point-in-time recovery adds to a write,
// and the cost of a backup, a restore, an export and an import of a table
// of benchRecoveryItems benchmark items (each about 130 bytes).

// benchRecoveryItems is the size of the table the recovery benchmarks
// back up, restore, export and import.
const benchRecoveryItems = 20_000

// BenchmarkPutItemOverwritePITR replaces preloaded items with point-in-time
// recovery enabled (compare BenchmarkPutItemOverwrite).
func BenchmarkPutItemOverwritePITR(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		if _, err := db.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String("bench"),
			PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}}); err != nil {
			b.Fatal(err)
		}
		for i := 0; b.Loop(); i++ {
			if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("bench"), Item: benchItem("key-"+strconv.Itoa(i%benchPreload), 0)}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// fillBench adds benchRecoveryItems items to the table "bench".
func fillBench(b *testing.B, db *DB) {
	b.Helper()
	for start := 0; start < benchRecoveryItems; start += maxBatchWrites {
		var reqs []types.WriteRequest
		for i := start; i < start+maxBatchWrites; i++ {
			reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: benchItem("fill-"+strconv.Itoa(i), i)}})
		}
		if _, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"bench": reqs}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateBackup backs up a table of benchRecoveryItems items, and
// reports the disk space a backup's own files take (those it does not
// share with the database by hard links).
func BenchmarkCreateBackup(b *testing.B) {
	for _, mode := range benchModes {
		b.Run(mode.name, func(b *testing.B) {
			db := openBench(b, mode.disk)
			fillBench(b, db)
			cpu := processCPU(b)
			for i := 0; b.Loop(); i++ {
				if _, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("bench"), BackupName: aws.String("b" + strconv.Itoa(i) + "xx")}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(processCPU(b)-cpu)/float64(b.N), "cpu-ns/op")
			if mode.disk {
				b.ReportMetric(float64(ownBytes(b, filepath.Join(db.opts.Dir, "checkpoints")))/float64(b.N), "own-bytes/backup")
			}
		})
	}
}

// ownBytes returns the size of the files under dir that have a single
// link (copied rather than shared with the database).
func ownBytes(b *testing.B, dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if info, err := os.Stat(p); err == nil && linkCount(info) == 1 {
			n += info.Size()
		}
		return nil
	})
	return n
}

// BenchmarkRestoreTableFromBackup restores a backup of benchRecoveryItems
// items and waits until the table is ACTIVE.
func BenchmarkRestoreTableFromBackup(b *testing.B) {
	for _, mode := range benchModes {
		b.Run(mode.name, func(b *testing.B) {
			db := openBench(b, mode.disk)
			fillBench(b, db)
			out, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("bench"), BackupName: aws.String("bench")})
			if err != nil {
				b.Fatal(err)
			}
			cpu := processCPU(b)
			for i := 0; b.Loop(); i++ {
				target := "restored" + strconv.Itoa(i)
				if _, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{BackupArn: out.BackupDetails.BackupArn, TargetTableName: aws.String(target)}); err != nil {
					b.Fatal(err)
				}
				waitActiveB(b, db, target)
			}
			items := float64((benchRecoveryItems + benchPreload) * b.N)
			b.ReportMetric(items/b.Elapsed().Seconds(), "items/s")
			b.ReportMetric(float64(processCPU(b)-cpu)/items, "cpu-ns/item")
		})
	}
}

// BenchmarkExportImport exports a table of benchRecoveryItems items, then
// imports the export into a new table.
func BenchmarkExportImport(b *testing.B) {
	for _, mode := range benchModes {
		b.Run(mode.name, func(b *testing.B) {
			db := openBench(b, mode.disk)
			db.opts.S3Dir = b.TempDir()
			if err := os.Mkdir(filepath.Join(db.opts.S3Dir, "bkt"), 0o755); err != nil {
				b.Fatal(err)
			}
			fillBench(b, db)
			if _, err := db.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String("bench"),
				PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}}); err != nil {
				b.Fatal(err)
			}
			var exporting, importing, exportCPU, importCPU time.Duration
			for i := 0; b.Loop(); i++ {
				start, cpu := time.Now(), processCPU(b)
				out, err := db.ExportTableToPointInTime(ctx, &dynamodb.ExportTableToPointInTimeInput{TableArn: aws.String(arnPrefix + "bench"), S3Bucket: aws.String("bkt")})
				if err != nil {
					b.Fatal(err)
				}
				d := waitExportB(b, db, *out.ExportDescription.ExportArn)
				exporting, exportCPU = exporting+time.Since(start), exportCPU+processCPU(b)-cpu
				start, cpu = time.Now(), processCPU(b)
				target := "imported" + strconv.Itoa(i)
				_, err = db.ImportTable(ctx, &dynamodb.ImportTableInput{
					S3BucketSource: &types.S3BucketSource{S3Bucket: aws.String("bkt"), S3KeyPrefix: aws.String("AWSDynamoDB/" + jobID(*d.ExportArn) + "/data/")},
					InputFormat:    types.InputFormatDynamodbJson, InputCompressionType: types.InputCompressionTypeGzip,
					TableCreationParameters: &types.TableCreationParameters{TableName: aws.String(target), AttributeDefinitions: defs("pk", "S", "sk", "N"),
						KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest},
				})
				if err != nil {
					b.Fatal(err)
				}
				waitActiveB(b, db, target)
				importing, importCPU = importing+time.Since(start), importCPU+processCPU(b)-cpu
			}
			items := float64((benchRecoveryItems + benchPreload) * b.N)
			b.ReportMetric(items/exporting.Seconds(), "exported-items/s")
			b.ReportMetric(float64(exportCPU)/items, "export-cpu-ns/item")
			b.ReportMetric(items/importing.Seconds(), "imported-items/s")
			b.ReportMetric(float64(importCPU)/items, "import-cpu-ns/item")
		})
	}
}

func waitActiveB(b *testing.B, db *DB, name string) {
	for {
		out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			b.Fatal(err)
		}
		if out.Table.TableStatus == types.TableStatusActive {
			return
		}
		time.Sleep(100 * time.Microsecond)
	}
}

func waitExportB(b *testing.B, db *DB, arn string) *types.ExportDescription {
	for {
		out, err := db.DescribeExport(ctx, &dynamodb.DescribeExportInput{ExportArn: aws.String(arn)})
		if err != nil {
			b.Fatal(err)
		}
		if out.ExportDescription.ExportStatus == types.ExportStatusCompleted {
			return out.ExportDescription
		}
		if out.ExportDescription.ExportStatus == types.ExportStatusFailed {
			b.Fatal(*out.ExportDescription.FailureMessage)
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// linkCount returns the number of hard links of a file.
func linkCount(info os.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
