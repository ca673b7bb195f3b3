package engine

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/s3dir"
)

// The model-level checks of the backup, point-in-time recovery, export and
// import operations (see validate_request.go), in the order of each
// operation's members in DynamoDB's API model.

// Enums of these operations, in the API model's order.
var (
	enumBackupTypeFilter = []string{"USER", "SYSTEM", "AWS_BACKUP", "ALL"}
	enumExportFormat     = []string{"DYNAMODB_JSON", "ION"}
	enumExportType       = []string{"FULL_EXPORT", "INCREMENTAL_EXPORT"}
	enumExportViewType   = []string{"NEW_IMAGE", "NEW_AND_OLD_IMAGES"}
	enumS3SseAlgorithm   = []string{"AES256", "KMS"}
	enumInputFormat      = []string{"DYNAMODB_JSON", "ION", "CSV"}
	// As AWS lists it in its messages.
	enumInputCompression = []string{"ZSTD", "NONE", "GZIP"}
)

// Lengths of the ARNs of backups, exports and imports.
const (
	minResourceARN = 37
	maxResourceARN = 1024
)

// checkTableRefInput checks the TableName of DescribeContinuousBackups.
func checkTableRefInput(name *string) error {
	var v violations
	v.tableName(name)
	return v.err()
}

// checkCreateBackupInput checks a CreateBackup request's members.
func checkCreateBackupInput(in *dynamodb.CreateBackupInput) error {
	var v violations
	v.tableName(in.TableName)
	if v.present("backupName", in.BackupName != nil) {
		v.name("backupName", *in.BackupName)
	}
	return v.err()
}

// checkBackupARNInput checks the BackupArn of DescribeBackup and
// DeleteBackup.
func checkBackupARNInput(arn *string) error {
	var v violations
	v.present("backupArn", arn != nil)
	v.text("backupArn", arn, minResourceARN, maxResourceARN)
	return v.err()
}

// checkListBackupsInput checks a ListBackups request's members.
func checkListBackupsInput(in *dynamodb.ListBackupsInput) error {
	var v violations
	v.tableRef("tableName", in.TableName)
	v.intRange("limit", in.Limit, 1, 100)
	v.text("exclusiveStartBackupArn", in.ExclusiveStartBackupArn, minResourceARN, maxResourceARN)
	enum(&v, "backupType", in.BackupType, enumBackupTypeFilter)
	if err := v.err(); err != nil {
		return err
	}
	if lo, hi := in.TimeRangeLowerBound, in.TimeRangeUpperBound; lo != nil && hi != nil && lo.After(*hi) {
		return apierr.Validation("Time range lower bound must be less than or equal to upper bound")
	}
	return nil
}

// checkRestoreTableFromBackupInput checks a RestoreTableFromBackup
// request's members.
func checkRestoreTableFromBackupInput(in *dynamodb.RestoreTableFromBackupInput) error {
	var v violations
	if v.present("targetTableName", in.TargetTableName != nil) {
		v.name("targetTableName", *in.TargetTableName)
	}
	v.present("backupArn", in.BackupArn != nil)
	v.text("backupArn", in.BackupArn, minResourceARN, maxResourceARN)
	enum(&v, "billingModeOverride", in.BillingModeOverride, enumBillingMode)
	return v.err()
}

// checkRestoreTableToPointInTimeInput checks a RestoreTableToPointInTime
// request's members and how they go together.
func checkRestoreTableToPointInTimeInput(in *dynamodb.RestoreTableToPointInTimeInput) error {
	var v violations
	v.text("sourceTableArn", in.SourceTableArn, 1, 1024)
	if in.SourceTableName != nil {
		v.name("sourceTableName", *in.SourceTableName)
	}
	if v.present("targetTableName", in.TargetTableName != nil) {
		v.name("targetTableName", *in.TargetTableName)
	}
	enum(&v, "billingModeOverride", in.BillingModeOverride, enumBillingMode)
	if err := v.err(); err != nil {
		return err
	}
	switch {
	case in.SourceTableArn != nil && in.SourceTableName != nil:
		return apierr.Validation("Must provide exactly one of: sourceTableArn, sourceTableName")
	case in.SourceTableArn == nil && in.SourceTableName == nil:
		return errTableNameRequired
	case in.SourceTableArn != nil && !strings.HasPrefix(*in.SourceTableArn, "arn:"):
		return invalidParam("sourceTableArn is not a valid ARN")
	}
	latest := in.UseLatestRestorableTime != nil && *in.UseLatestRestorableTime
	switch {
	case latest && in.RestoreDateTime != nil:
		return apierr.Validation("Invalid Request: Both RestoreDateTime and UseLatestRestorableTime cannot be set for point-in-time restore request. Please specify only one.")
	case !latest && in.RestoreDateTime == nil:
		return apierr.Validation("Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both")
	}
	return nil
}

// checkUpdateContinuousBackupsInput checks an UpdateContinuousBackups
// request's members.
func checkUpdateContinuousBackupsInput(in *dynamodb.UpdateContinuousBackupsInput) error {
	var v violations
	v.tableName(in.TableName)
	if spec := in.PointInTimeRecoverySpecification; v.present("pointInTimeRecoverySpecification", spec != nil) {
		v.present("pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled", spec.PointInTimeRecoveryEnabled != nil)
		v.intRange("pointInTimeRecoverySpecification.recoveryPeriodInDays", spec.RecoveryPeriodInDays, 1, maxRecoveryDays)
	}
	return v.err()
}

// checkResourceARNInput checks the ARN member (path) of DescribeExport and
// DescribeImport.
func checkResourceARNInput(path string, arn *string) error {
	var v violations
	v.present(path, arn != nil)
	v.text(path, arn, minResourceARN, maxResourceARN)
	return v.err()
}

// bucketPattern is the pattern of S3 bucket names in DynamoDB's API model.
const bucketPattern = `^[a-z0-9A-Z]+[\.\-\w]*[a-z0-9A-Z]+$`

// bucket checks an S3 bucket name member.
func (v *violations) bucket(path string, name *string) {
	if name == nil {
		return
	}
	v.text(path, name, 0, 255)
	if !s3dir.ValidBucket(*name) {
		v.add(quote(*name), path, "must satisfy regular expression pattern: "+bucketPattern)
	}
}

// bucketOwner checks an S3BucketOwner member: an account id.
func (v *violations) bucketOwner(path string, owner *string) {
	if owner == nil {
		return
	}
	ok := len(*owner) == 12
	for _, c := range *owner {
		ok = ok && c >= '0' && c <= '9'
	}
	if !ok {
		v.add(quote(*owner), path, "must satisfy regular expression pattern: [0-9]{12}")
	}
}

// clientToken checks a ClientToken member.
func (v *violations) clientToken(token *string) {
	if token != nil && strings.Contains(*token, "$") {
		v.add(quote(*token), "clientToken", "must satisfy regular expression pattern: ^[^\\$]+$")
	}
}

// errIONUnsupported is the engine's answer to an export or import in
// Amazon Ion (see docs/decisions/exports.md).
var errIONUnsupported = apierr.Validation("Invalid Request: the ION format is not supported by this engine: use DYNAMODB_JSON (or CSV to import)")

// checkExportInput checks an ExportTableToPointInTime request's members and
// how they go together.
func checkExportInput(in *dynamodb.ExportTableToPointInTimeInput) error {
	var v violations
	if v.present("tableArn", in.TableArn != nil) {
		v.text("tableArn", in.TableArn, 1, 1024)
	}
	v.clientToken(in.ClientToken)
	if v.present("s3Bucket", in.S3Bucket != nil) {
		v.bucket("s3Bucket", in.S3Bucket)
	}
	v.bucketOwner("s3BucketOwner", in.S3BucketOwner)
	v.text("s3Prefix", in.S3Prefix, 0, 1024)
	enum(&v, "s3SseAlgorithm", in.S3SseAlgorithm, enumS3SseAlgorithm)
	v.text("s3SseKmsKeyId", in.S3SseKmsKeyId, 1, 2048)
	enum(&v, "exportFormat", in.ExportFormat, enumExportFormat)
	enum(&v, "exportType", in.ExportType, enumExportType)
	if spec := in.IncrementalExportSpecification; spec != nil {
		enum(&v, "incrementalExportSpecification.exportViewType", spec.ExportViewType, enumExportViewType)
	}
	if err := v.err(); err != nil {
		return err
	}
	arn := *in.TableArn
	if !strings.HasPrefix(arn, "arn:") {
		return invalidParam("tableArn is not a valid ARN")
	}
	if i := strings.Index(arn, ":table/"); i < 0 || strings.Contains(arn[i+len(":table/"):], "/") {
		return apierr.Validation("Invalid Request: Table ARN is invalid.")
	}
	if in.S3SseKmsKeyId != nil && in.S3SseAlgorithm != types.S3SseAlgorithmKms {
		return apierr.Validation("Invalid Request: KMS Key Id is not supported for this encryption type")
	}
	spec := in.IncrementalExportSpecification
	switch {
	case spec != nil && in.ExportType == "":
		return apierr.Validation("Invalid Request: Export Type expected to be Incremental Export when incremental export specification is provided")
	case spec != nil && in.ExportType == types.ExportTypeFullExport:
		return apierr.Validation("Invalid Request: When Export Type is Full Export , Incremental Export Specification should not be provided")
	case spec == nil && in.ExportType == types.ExportTypeIncrementalExport:
		return apierr.Validation("Invalid Request: Incremental Export Specification expected when export type is set as Incremental Export")
	case spec != nil && spec.ExportFromTime == nil:
		return apierr.Validation("Invalid Request: ExportFromTime must be provided in IncrementalExportSpecification")
	case in.ExportFormat == types.ExportFormatIon:
		return errIONUnsupported
	}
	if in.S3Prefix != nil && *in.S3Prefix != "" {
		if err := s3dir.CheckKey(*in.S3Prefix + "/AWSDynamoDB"); err != nil {
			return apierr.Validation("Invalid Request: " + err.Error())
		}
	}
	return nil
}

// checkListExportsInput checks a ListExports request's members.
func checkListExportsInput(in *dynamodb.ListExportsInput) error {
	var v violations
	v.text("tableArn", in.TableArn, 1, 1024)
	v.intRange("maxResults", in.MaxResults, 1, 25)
	return v.err()
}

// checkImportInput checks an ImportTable request's members and how they go
// together.
func checkImportInput(in *dynamodb.ImportTableInput) error {
	var v violations
	v.clientToken(in.ClientToken)
	if src := in.S3BucketSource; v.present("s3BucketSource", src != nil) {
		if v.present("s3BucketSource.s3Bucket", src.S3Bucket != nil) {
			v.bucket("s3BucketSource.s3Bucket", src.S3Bucket)
		}
		v.bucketOwner("s3BucketSource.s3BucketOwner", src.S3BucketOwner)
		v.text("s3BucketSource.s3KeyPrefix", src.S3KeyPrefix, 0, 1024)
	}
	if v.present("inputFormat", in.InputFormat != "") {
		enum(&v, "inputFormat", in.InputFormat, enumInputFormat)
	}
	if o := in.InputFormatOptions; o != nil && o.Csv != nil {
		if d := o.Csv.Delimiter; d != nil {
			v.text("inputFormatOptions.csv.delimiter", d, 1, 1)
			if len(*d) != 1 || !strings.Contains(",;:|\t ", *d) {
				v.add(quote(*d), "inputFormatOptions.csv.delimiter", "must satisfy regular expression pattern: [,;:|\\t ]")
			}
		}
		v.list("inputFormatOptions.csv.headerList", o.Csv.HeaderList, 1, 255)
	}
	enum(&v, "inputCompressionType", in.InputCompressionType, enumInputCompression)
	if p := in.TableCreationParameters; v.present("tableCreationParameters", p != nil) {
		if v.present("tableCreationParameters.tableName", p.TableName != nil) {
			v.name("tableCreationParameters.tableName", *p.TableName)
		}
		v.present("tableCreationParameters.attributeDefinitions", p.AttributeDefinitions != nil)
		v.present("tableCreationParameters.keySchema", p.KeySchema != nil)
		enum(&v, "tableCreationParameters.billingMode", p.BillingMode, enumBillingMode)
	}
	if err := v.err(); err != nil {
		return err
	}
	if o := in.InputFormatOptions; o != nil && o.Csv != nil && in.InputFormat != types.InputFormatCsv {
		return apierr.Validation("Invalid Request: Unsupported InputFormatOptions for the given input format: " + string(in.InputFormat) + ".")
	}
	if in.InputFormat == types.InputFormatIon {
		return errIONUnsupported
	}
	p := in.TableCreationParameters
	if p.BillingMode != types.BillingModePayPerRequest {
		if pt := p.ProvisionedThroughput; pt == nil || pt.ReadCapacityUnits == nil || pt.WriteCapacityUnits == nil {
			return invalidParam("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
		}
		if p.OnDemandThroughput != nil {
			return invalidParam("MaxWriteRequestUnits for OnDemandThroughput cannot be specified when table BillingMode is PROVISIONED.")
		}
	}
	return nil
}

// checkListImportsInput checks a ListImports request's members.
func checkListImportsInput(in *dynamodb.ListImportsInput) error {
	var v violations
	v.text("tableArn", in.TableArn, 1, 1024)
	v.intRange("pageSize", in.PageSize, 1, 25)
	return v.err()
}
