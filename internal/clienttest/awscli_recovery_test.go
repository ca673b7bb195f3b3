package clienttest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAWSCLIRecovery backs up and restores a table, and exports it and
// imports the export, with the AWS CLI against `ddb serve --s3-dir`.
func TestAWSCLIRecovery(t *testing.T) {
	RequireClients(t)
	t.Parallel()
	s3 := t.TempDir()
	if err := os.Mkdir(filepath.Join(s3, "bucket"), 0o755); err != nil {
		t.Fatal(err)
	}
	c := cli{t: t, aws: AWSCLI(t), endpoint: Serve(t, BuildDDB(t), "--in-memory", "--s3-dir", s3).Endpoint}
	table := TableName("awscli_recovery")
	c.ok("create-table", "--table-name", table, "--billing-mode", "PAY_PER_REQUEST",
		"--attribute-definitions", "AttributeName=pk,AttributeType=S", "--key-schema", "AttributeName=pk,KeyType=HASH")
	c.ok("wait", "table-exists", "--table-name", table)
	for _, pk := range []string{"a", "b", "c"} {
		c.ok("put-item", "--table-name", table, "--item", `{"pk":{"S":"`+pk+`"},"n":{"N":"1"}}`)
	}

	got := c.ok("create-backup", "--table-name", table, "--backup-name", "nightly")
	details, _ := got["BackupDetails"].(map[string]any)
	arn, _ := details["BackupArn"].(string)
	if details["BackupStatus"] != "CREATING" || !strings.Contains(arn, ":table/"+table+"/backup/") {
		t.Fatalf("create-backup: %v", got)
	}
	got = c.ok("describe-backup", "--backup-arn", arn)
	if status := got["BackupDescription"].(map[string]any)["BackupDetails"].(map[string]any)["BackupStatus"]; status != "AVAILABLE" {
		t.Errorf("describe-backup status = %v", status)
	}
	if list := c.ok("list-backups", "--table-name", table)["BackupSummaries"].([]any); len(list) != 1 {
		t.Errorf("list-backups: %v", list)
	}
	c.ok("restore-table-from-backup", "--target-table-name", table+"_restored", "--backup-arn", arn)
	c.ok("wait", "table-exists", "--table-name", table+"_restored")
	if got := c.ok("scan", "--table-name", table+"_restored", "--select", "COUNT"); got["Count"] != float64(3) {
		t.Errorf("restored table: %v", got)
	}
	c.fails("An error occurred (BackupNotFoundException) when calling the DescribeBackup operation: Backup not found: "+arn+"0",
		"describe-backup", "--backup-arn", arn+"0")

	c.ok("update-continuous-backups", "--table-name", table, "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=true")
	got = c.ok("describe-continuous-backups", "--table-name", table)
	pitr := got["ContinuousBackupsDescription"].(map[string]any)["PointInTimeRecoveryDescription"].(map[string]any)
	if pitr["PointInTimeRecoveryStatus"] != "ENABLED" || pitr["RecoveryPeriodInDays"] != float64(35) {
		t.Errorf("describe-continuous-backups: %v", got)
	}

	got = c.ok("export-table-to-point-in-time", "--table-arn", "arn:aws:dynamodb:ddblocal:000000000000:table/"+table,
		"--s3-bucket", "bucket", "--s3-prefix", "cli")
	exportArn := got["ExportDescription"].(map[string]any)["ExportArn"].(string)
	var export map[string]any
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		export = c.ok("describe-export", "--export-arn", exportArn)["ExportDescription"].(map[string]any)
		if export["ExportStatus"] != "IN_PROGRESS" || time.Now().After(deadline) {
			break
		}
	}
	if export["ExportStatus"] != "COMPLETED" || export["ItemCount"] != float64(3) {
		t.Fatalf("describe-export: %v", export)
	}
	manifest := export["ExportManifest"].(string)
	got = c.ok("import-table", "--s3-bucket-source", "S3Bucket=bucket,S3KeyPrefix="+strings.TrimSuffix(manifest, "manifest-summary.json")+"data/",
		"--input-format", "DYNAMODB_JSON", "--input-compression-type", "GZIP",
		"--table-creation-parameters", `{"TableName":"`+table+`_imported","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],`+
			`"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}`)
	importArn := got["ImportTableDescription"].(map[string]any)["ImportArn"].(string)
	c.ok("wait", "table-exists", "--table-name", table+"_imported")
	imp := c.ok("describe-import", "--import-arn", importArn)["ImportTableDescription"].(map[string]any)
	if imp["ImportStatus"] != "COMPLETED" || imp["ImportedItemCount"] != float64(3) {
		t.Errorf("describe-import: %v", imp)
	}
}
