package engine

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// waitExport waits until an export is done and returns its description.
func waitExport(t *testing.T, db *DB, arn string) *types.ExportDescription {
	t.Helper()
	return eventually(t, "export "+arn, func() (*types.ExportDescription, bool) {
		out, err := db.DescribeExport(ctx, &dynamodb.DescribeExportInput{ExportArn: aws.String(arn)})
		if err != nil {
			t.Fatal(err)
		}
		return out.ExportDescription, out.ExportDescription.ExportStatus != types.ExportStatusInProgress
	})
}

// exportTable exports a table to bucket and waits until it is done.
func exportTable(t *testing.T, db *DB, table string, in *dynamodb.ExportTableToPointInTimeInput) *types.ExportDescription {
	t.Helper()
	in.TableArn = aws.String(arnPrefix + table)
	out, err := db.ExportTableToPointInTime(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if out.ExportDescription.ExportStatus != types.ExportStatusInProgress {
		t.Errorf("ExportTableToPointInTime answered %s, want IN_PROGRESS", out.ExportDescription.ExportStatus)
	}
	return waitExport(t, db, *out.ExportDescription.ExportArn)
}

// exportedLines reads the data files an export's manifests list, checking
// them against the manifests, and returns their lines, sorted.
func exportedLines(t *testing.T, root string, d *types.ExportDescription) []string {
	t.Helper()
	bucket := filepath.Join(root, *d.S3Bucket)
	var summary manifestSummary
	readJSON(t, filepath.Join(bucket, *d.ExportManifest), &summary)
	f, err := os.ReadFile(filepath.Join(bucket, summary.ManifestFilesS3Key))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	var count int64
	for _, l := range strings.Split(strings.TrimSpace(string(f)), "\n") {
		var m manifestFile
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("manifest-files.json line %q: %v", l, err)
		}
		data, err := os.ReadFile(filepath.Join(bucket, m.DataFileS3Key))
		if err != nil {
			t.Fatal(err)
		}
		sum := md5.Sum(data)
		if m.MD5Checksum != base64.StdEncoding.EncodeToString(sum[:]) || !regexp.MustCompile(`^[0-9a-f]{32}-1$`).MatchString(m.ETag) {
			t.Errorf("data file %s: checksum %s, etag %s", m.DataFileS3Key, m.MD5Checksum, m.ETag)
		}
		gz, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for s := bufio.NewScanner(gz); s.Scan(); n++ {
			lines = append(lines, s.Text())
		}
		if n != m.ItemCount {
			t.Errorf("data file %s holds %d lines, its manifest says %d", m.DataFileS3Key, n, m.ItemCount)
		}
		count += n
	}
	if count != summary.ItemCount || count != *d.ItemCount {
		t.Errorf("the data files hold %d lines; the summary says %d, DescribeExport %d", count, summary.ItemCount, *d.ItemCount)
	}
	slices.Sort(lines)
	return orNone(lines)
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// wrapped returns items as the lines of a full export: {"Item":...}.
func wrapped(items ...item) []string {
	lines := itemLines(items...)
	for i, l := range lines {
		lines[i] = `{"Item":` + l + `}`
	}
	return lines
}

// TestExportLayout exports a table and checks every object of the export
// against DynamoDB's documented layout.
func TestExportLayout(t *testing.T) {
	forEachStore(t, func(t *testing.T, opts Options) {
		db, clock := openClocked(t, opts, "exports")
		opts = db.opts
		simpleTable(t, db, "products")
		items := []item{
			{"id": av.S("p1"), "price": av.N("12.5"), "tags": av.SS("a", "b"), "img": av.B("\x89PNG"), "ok": av.Bool(true),
				"none": av.Null(), "dims": av.L(av.N("1"), av.S("cm")), "meta": av.M(item{"color": av.S("red")}), "ns": av.NS("1", "2"), "bs": av.BS("x")},
			{"id": av.S("p2"), "name": av.S("line\nbreak \"quoted\"")},
		}
		for _, it := range items {
			put(t, db, "products", it)
		}
		enablePITR(t, db, "products")
		clock.advance(time.Second)
		d := exportTable(t, db, "products", &dynamodb.ExportTableToPointInTimeInput{S3Bucket: aws.String("exports"), S3Prefix: aws.String("2026/March")})
		if d.ExportStatus != types.ExportStatusCompleted || *d.ItemCount != 2 || d.ExportFormat != types.ExportFormatDynamodbJson ||
			d.S3SseAlgorithm != types.S3SseAlgorithmAes256 || !d.ExportTime.Equal(clock.now()) || d.EndTime == nil || *d.BilledSizeBytes == 0 {
			t.Errorf("export = %+v", d)
		}
		id := jobID(*d.ExportArn)
		if !regexp.MustCompile(`^[0-9]{14}-[0-9a-f]{8}$`).MatchString(id) || *d.ExportArn != arnPrefix+"products/export/"+id {
			t.Errorf("ExportArn = %s", *d.ExportArn)
		}
		base := "2026/March/AWSDynamoDB/" + id
		if *d.ExportManifest != base+"/manifest-summary.json" {
			t.Errorf("ExportManifest = %s", *d.ExportManifest)
		}
		dir := filepath.Join(opts.S3Dir, "exports", filepath.FromSlash(base))
		for _, name := range []string{"_started", "manifest-summary.json", "manifest-summary.checksum", "manifest-files.json", "manifest-files.checksum"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				t.Error(err)
			}
		}
		var summary map[string]any
		readJSON(t, filepath.Join(dir, "manifest-summary.json"), &summary)
		want := map[string]any{
			"version": "2020-06-30", "exportArn": *d.ExportArn, "startTime": "2026-03-01T12:00:01.000Z", "endTime": "2026-03-01T12:00:01.000Z",
			"tableArn": arnPrefix + "products", "tableId": *waitActive(t, db, "products").TableId, "exportTime": "2026-03-01T12:00:01.000Z",
			"s3Bucket": "exports", "s3Prefix": "2026/March", "s3SseAlgorithm": "AES256", "s3SseKmsKeyId": nil,
			"manifestFilesS3Key": base + "/manifest-files.json", "billedSizeBytes": float64(*d.BilledSizeBytes), "itemCount": float64(2),
			"outputFormat": "DYNAMODB_JSON",
		}
		if diff := cmp.Diff(want, summary); diff != "" {
			t.Errorf("manifest-summary.json (-want +got):\n%s", diff)
		}
		for _, name := range []string{"manifest-summary", "manifest-files"} {
			b, _ := os.ReadFile(filepath.Join(dir, name+".json"))
			sum := md5.Sum(b)
			if c, _ := os.ReadFile(filepath.Join(dir, name+".checksum")); string(c) != hex.EncodeToString(sum[:]) {
				t.Errorf("%s.checksum = %q", name, c)
			}
		}
		if diff := cmp.Diff(wrapped(items...), exportedLines(t, opts.S3Dir, d)); diff != "" {
			t.Errorf("exported lines (-want +got):\n%s", diff)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "data", "*.json.gz"))
		if len(files) != 1 || !regexp.MustCompile(`/[a-z2-7]{26}\.json\.gz$`).MatchString(filepath.ToSlash(files[0])) {
			t.Errorf("data files = %q", files)
		}
		// Once done, the export's checkpoint is gone.
		waitCheckpointsGone(t, db)
	})
}

// TestExportAtPastTime exports a table as it was at an earlier time of its
// recovery window.
func TestExportAtPastTime(t *testing.T) {
	db, clock := openClocked(t, Options{}, "bkt")
	root := db.opts.S3Dir
	simpleTable(t, db, "past")
	enablePITR(t, db, "past")
	put(t, db, "past", item{"id": av.S("a"), "v": av.N("1")})
	clock.advance(time.Minute)
	at := clock.now()
	clock.advance(time.Minute)
	put(t, db, "past", item{"id": av.S("a"), "v": av.N("2")})
	put(t, db, "past", item{"id": av.S("b"), "v": av.N("1")})
	clock.advance(time.Hour)
	d := exportTable(t, db, "past", &dynamodb.ExportTableToPointInTimeInput{S3Bucket: aws.String("bkt"), ExportTime: aws.Time(at)})
	if diff := cmp.Diff(wrapped(item{"id": av.S("a"), "v": av.N("1")}), exportedLines(t, root, d)); diff != "" {
		t.Errorf("exported at %v (-want +got):\n%s", at, diff)
	}
	// An export of an empty table still has one (empty) data file.
	simpleTable(t, db, "empty")
	enablePITR(t, db, "empty")
	d = exportTable(t, db, "empty", &dynamodb.ExportTableToPointInTimeInput{S3Bucket: aws.String("bkt")})
	if lines := exportedLines(t, root, d); len(lines) != 0 || *d.ItemCount != 0 {
		t.Errorf("export of an empty table: %v", lines)
	}
}

// TestIncrementalExport exports the changes of a period: one line per item
// changed in it, with its image at the end of the period and, for
// NEW_AND_OLD_IMAGES, at its start.
func TestIncrementalExport(t *testing.T) {
	db, clock := openClocked(t, Options{}, "bkt")
	root := db.opts.S3Dir
	simpleTable(t, db, "inc")
	enablePITR(t, db, "inc")
	put(t, db, "inc", item{"id": av.S("kept"), "v": av.N("1")})
	put(t, db, "inc", item{"id": av.S("changed"), "v": av.N("1")})
	put(t, db, "inc", item{"id": av.S("deleted"), "v": av.N("1")})
	clock.advance(time.Minute)
	from := clock.now()
	clock.advance(time.Minute)
	put(t, db, "inc", item{"id": av.S("changed"), "v": av.N("2")})
	put(t, db, "inc", item{"id": av.S("new"), "v": av.N("1")})
	if _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("inc"), Key: item{"id": av.S("deleted")}}); err != nil {
		t.Fatal(err)
	}
	written := clock.now()
	clock.advance(20 * time.Minute)
	to := clock.now()
	clock.advance(time.Minute)
	put(t, db, "inc", item{"id": av.S("changed"), "v": av.N("3")}) // after the period
	d := exportTable(t, db, "inc", &dynamodb.ExportTableToPointInTimeInput{S3Bucket: aws.String("bkt"), ExportType: types.ExportTypeIncrementalExport,
		IncrementalExportSpecification: &types.IncrementalExportSpecification{ExportFromTime: aws.Time(from), ExportToTime: aws.Time(to)}})
	if d.ExportStatus != types.ExportStatusCompleted || d.ExportTime != nil || d.IncrementalExportSpecification.ExportViewType != types.ExportViewTypeNewAndOldImages {
		t.Fatalf("export = %+v", d)
	}
	micros := `{"Metadata":{"WriteTimestampMicros":{"N":"` + jsonInt(written.UnixMicro()) + `"}},`
	want := []string{
		micros + `"Keys":{"id":{"S":"changed"}},"NewImage":{"id":{"S":"changed"},"v":{"N":"2"}},"OldImage":{"id":{"S":"changed"},"v":{"N":"1"}}}`,
		micros + `"Keys":{"id":{"S":"deleted"}},"OldImage":{"id":{"S":"deleted"},"v":{"N":"1"}}}`,
		micros + `"Keys":{"id":{"S":"new"}},"NewImage":{"id":{"S":"new"},"v":{"N":"1"}}}`,
	}
	if diff := cmp.Diff(want, exportedLines(t, root, d)); diff != "" {
		t.Errorf("incremental export (-want +got):\n%s", diff)
	}
	var summary map[string]any
	readJSON(t, filepath.Join(root, "bkt", *d.ExportManifest), &summary)
	if summary["version"] != "2023-08-01" || summary["exportType"] != "INCREMENTAL_EXPORT" || summary["outputView"] != "NEW_AND_OLD_IMAGES" ||
		summary["exportFromTime"] != "2026-03-01T12:01:00.000Z" || summary["exportToTime"] != "2026-03-01T12:22:00.000Z" {
		t.Errorf("incremental summary = %v", summary)
	}
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestExportErrors checks the errors of ExportTableToPointInTime, the
// failure of an export to a missing bucket, ClientToken idempotency, and
// DescribeExport of a missing export.
func TestExportErrors(t *testing.T) {
	db, clock := openClocked(t, Options{}, "bkt")
	simpleTable(t, db, "on1")
	simpleTable(t, db, "off")
	enablePITR(t, db, "on1")
	clock.advance(time.Hour)
	arn := aws.String(arnPrefix + "on1")
	tests := []struct {
		name string
		in   dynamodb.ExportTableToPointInTimeInput
		want string
	}{
		{"no bucket", dynamodb.ExportTableToPointInTimeInput{TableArn: arn},
			"ValidationException: 1 validation error detected: Value null at 's3Bucket' failed to satisfy constraint: Member must not be null"},
		{"bare name", dynamodb.ExportTableToPointInTimeInput{TableArn: aws.String("on1"), S3Bucket: aws.String("bkt")},
			"ValidationException: One or more parameter values were invalid: tableArn is not a valid ARN"},
		{"index ARN", dynamodb.ExportTableToPointInTimeInput{TableArn: aws.String(arnPrefix + "on1/index/i"), S3Bucket: aws.String("bkt")},
			"ValidationException: Invalid Request: Table ARN is invalid."},
		{"missing table", dynamodb.ExportTableToPointInTimeInput{TableArn: aws.String(arnPrefix + "nope"), S3Bucket: aws.String("bkt")},
			"TableNotFoundException: Table not found: " + arnPrefix + "nope"},
		{"recovery off", dynamodb.ExportTableToPointInTimeInput{TableArn: aws.String(arnPrefix + "off"), S3Bucket: aws.String("bkt")},
			"PointInTimeRecoveryUnavailableException: Point in time recovery is not enabled for table 'off'"},
		{"future", dynamodb.ExportTableToPointInTimeInput{TableArn: arn, S3Bucket: aws.String("bkt"), ExportTime: aws.Time(clock.now().Add(time.Hour))},
			"InvalidExportTimeException: Export Time is invalid"},
		{"recent", dynamodb.ExportTableToPointInTimeInput{TableArn: arn, S3Bucket: aws.String("bkt"), ExportTime: aws.Time(clock.now().Add(-time.Second))},
			"InvalidExportTimeException: Point in Time Recovery is not available for specified export time"},
		{"ION", dynamodb.ExportTableToPointInTimeInput{TableArn: arn, S3Bucket: aws.String("bkt"), ExportFormat: types.ExportFormatIon},
			"ValidationException: Invalid Request: the ION format is not supported by this engine: use DYNAMODB_JSON (or CSV to import)"},
		{"KMS key without KMS", dynamodb.ExportTableToPointInTimeInput{TableArn: arn, S3Bucket: aws.String("bkt"), S3SseKmsKeyId: aws.String("k")},
			"ValidationException: Invalid Request: KMS Key Id is not supported for this encryption type"},
		{"incremental without a period", dynamodb.ExportTableToPointInTimeInput{TableArn: arn, S3Bucket: aws.String("bkt"), ExportType: types.ExportTypeIncrementalExport},
			"ValidationException: Invalid Request: Incremental Export Specification expected when export type is set as Incremental Export"},
		{"short period", dynamodb.ExportTableToPointInTimeInput{TableArn: arn, S3Bucket: aws.String("bkt"), ExportType: types.ExportTypeIncrementalExport,
			IncrementalExportSpecification: &types.IncrementalExportSpecification{ExportFromTime: aws.Time(clock.now().Add(-10 * time.Minute))}},
			"InvalidExportTimeException: Difference between export period from time and export period to time is less than 15 minutes"},
		{"bad bucket", dynamodb.ExportTableToPointInTimeInput{TableArn: arn, S3Bucket: aws.String("../x")},
			"ValidationException: 1 validation error detected: Value '../x' at 's3Bucket' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$"},
	}
	for _, tt := range tests {
		if _, err := db.ExportTableToPointInTime(ctx, &tt.in); errText(err) != tt.want {
			t.Errorf("%s: %s\nwant %s", tt.name, errText(err), tt.want)
		}
	}

	// A missing bucket fails the export, as S3 would.
	d := exportTable(t, db, "on1", &dynamodb.ExportTableToPointInTimeInput{S3Bucket: aws.String("nobucket")})
	if d.ExportStatus != types.ExportStatusFailed || *d.FailureCode != "S3NoSuchBucket" || *d.FailureMessage != "The specified bucket does not exist" {
		t.Errorf("export to a missing bucket: %+v", d)
	}

	// The same token returns the same export; with other parameters, a
	// conflict.
	in := &dynamodb.ExportTableToPointInTimeInput{TableArn: arn, S3Bucket: aws.String("bkt"), ClientToken: aws.String("tok")}
	first, err := db.ExportTableToPointInTime(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := db.ExportTableToPointInTime(ctx, in)
	if err != nil || *again.ExportDescription.ExportArn != *first.ExportDescription.ExportArn {
		t.Errorf("the same request again: %v, %v", again, err)
	}
	in.S3Prefix = aws.String("other")
	if _, err := db.ExportTableToPointInTime(ctx, in); errText(err) != "ExportConflictException: Export conflict: Duplicate request detected with conflicting parameters" {
		t.Errorf("the same token, another prefix: %s", errText(err))
	}
	waitExport(t, db, *first.ExportDescription.ExportArn)

	missing := arnPrefix + "on1/export/01234567890123-abcdef01"
	if _, err := db.DescribeExport(ctx, &dynamodb.DescribeExportInput{ExportArn: aws.String(missing)}); errText(err) != "ExportNotFoundException: Export not found: "+missing {
		t.Errorf("DescribeExport of a missing export: %s", errText(err))
	}

	// Without S3.
	db2 := openMemory(t)
	simpleTable(t, db2, "tab")
	enablePITR(t, db2, "tab")
	_, err = db2.ExportTableToPointInTime(ctx, &dynamodb.ExportTableToPointInTimeInput{TableArn: aws.String(arnPrefix + "tab"), S3Bucket: aws.String("bkt")})
	if code := errCode(err); code != "ValidationException" || !strings.Contains(errText(err), "S3Dir") {
		t.Errorf("export without S3: %s", errText(err))
	}
}

// TestListExports lists exports newest first, a page at a time, by table.
func TestListExports(t *testing.T) {
	db, clock := openClocked(t, Options{}, "bkt")
	simpleTable(t, db, "ta1")
	simpleTable(t, db, "ta2")
	enablePITR(t, db, "ta1")
	enablePITR(t, db, "ta2")
	var arns []string
	for _, table := range []string{"ta1", "ta2", "ta1"} {
		clock.advance(time.Second)
		arns = append(arns, *exportTable(t, db, table, &dynamodb.ExportTableToPointInTimeInput{S3Bucket: aws.String("bkt")}).ExportArn)
	}
	out, err := db.ListExports(ctx, &dynamodb.ListExportsInput{MaxResults: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range out.ExportSummaries {
		got = append(got, *s.ExportArn)
		if s.ExportStatus != types.ExportStatusCompleted || s.ExportType != types.ExportTypeFullExport {
			t.Errorf("summary %+v", s)
		}
	}
	if !cmp.Equal(got, []string{arns[2], arns[1]}) || out.NextToken == nil {
		t.Fatalf("first page = %v, next %v", got, out.NextToken)
	}
	out, err = db.ListExports(ctx, &dynamodb.ListExportsInput{MaxResults: aws.Int32(2), NextToken: out.NextToken})
	if err != nil || len(out.ExportSummaries) != 1 || *out.ExportSummaries[0].ExportArn != arns[0] || out.NextToken != nil {
		t.Errorf("second page = %+v, %v", out, err)
	}
	out, err = db.ListExports(ctx, &dynamodb.ListExportsInput{TableArn: aws.String(arnPrefix + "ta2")})
	if err != nil || len(out.ExportSummaries) != 1 || *out.ExportSummaries[0].ExportArn != arns[1] {
		t.Errorf("exports of ta2 = %+v, %v", out, err)
	}
	if _, err := db.ListImports(ctx, &dynamodb.ListImportsInput{NextToken: aws.String(hex.EncodeToString([]byte("export:" + arns[0])))}); errCode(err) != "ValidationException" {
		t.Errorf("ListImports with an export's token: %v", err)
	}
}
