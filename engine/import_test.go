package engine

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/zstd"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/internal/av"
)

// waitImport waits until an import is done and returns its description.
func waitImport(t *testing.T, db *DB, arn string) *types.ImportTableDescription {
	t.Helper()
	return eventually(t, "import "+arn, func() (*types.ImportTableDescription, bool) {
		out, err := db.DescribeImport(ctx, &dynamodb.DescribeImportInput{ImportArn: aws.String(arn)})
		if err != nil {
			t.Fatal(err)
		}
		return out.ImportTableDescription, out.ImportTableDescription.ImportStatus != types.ImportStatusInProgress
	})
}

// importInto imports into a new on-demand table keyed by the given key
// attribute and type, and waits until the import is done.
func importInto(t *testing.T, db *DB, table, key, typ string, in *dynamodb.ImportTableInput) *types.ImportTableDescription {
	t.Helper()
	if in.TableCreationParameters == nil {
		in.TableCreationParameters = &types.TableCreationParameters{
			TableName: aws.String(table), AttributeDefinitions: defs(key, typ), KeySchema: keySchema(key),
			BillingMode: types.BillingModePayPerRequest,
		}
	}
	out, err := db.ImportTable(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	return waitImport(t, db, *out.ImportTableDescription.ImportArn)
}

// copyTree copies the directory from into to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// putObject writes an object of bucket in S3 directory root.
func putObject(t *testing.T, root, bucket, key string, data []byte) {
	t.Helper()
	p := filepath.Join(root, bucket, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImportDocumentedExport imports the export of testdata/s3, written
// after the Developer Guide's description of DynamoDB's exports, from its
// data folder, and from its root (where the manifests are errors, as on
// AWS).
func TestImportDocumentedExport(t *testing.T) {
	root := t.TempDir()
	copyTree(t, "testdata/s3", root)
	db := openWith(t, Options{S3Dir: root})
	const prefix = "2020-Nov/AWSDynamoDB/01604474914028-a1b2c3d4/"
	src := &types.S3BucketSource{S3Bucket: aws.String("ddb-productcatalog-export"), S3KeyPrefix: aws.String(prefix + "data/")}
	d := importInto(t, db, "ProductCatalog", "Id", "N", &dynamodb.ImportTableInput{
		S3BucketSource: src, InputFormat: types.InputFormatDynamodbJson, InputCompressionType: types.InputCompressionTypeGzip,
	})
	if d.ImportStatus != types.ImportStatusCompleted || d.ProcessedItemCount != 8 || d.ImportedItemCount != 8 || d.ErrorCount != 0 ||
		*d.ProcessedSizeBytes == 0 || *d.S3BucketSource.S3BucketOwner != "000000000000" || d.EndTime == nil {
		t.Errorf("import = %+v", d)
	}
	want, err := os.ReadFile("testdata/productcatalog-items.json")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(want)), "\n") {
		it, err := decodeLine(l)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, itemLines(it)...)
	}
	slices.Sort(lines)
	if diff := cmp.Diff(lines, tableItems(t, db, "ProductCatalog")); diff != "" {
		t.Errorf("imported items (-want +got):\n%s", diff)
	}
	if tab := waitActive(t, db, "ProductCatalog"); *tab.ItemCount != 8 {
		t.Errorf("ItemCount = %d", *tab.ItemCount)
	}

	src.S3KeyPrefix = aws.String(prefix)
	d = importInto(t, db, "FromRoot", "Id", "N", &dynamodb.ImportTableInput{
		S3BucketSource: src, InputFormat: types.InputFormatDynamodbJson, InputCompressionType: types.InputCompressionTypeGzip,
	})
	if d.ImportStatus != types.ImportStatusFailed || *d.FailureCode != "ItemValidationError" || d.ProcessedItemCount != 12 ||
		d.ImportedItemCount != 8 || d.ErrorCount != 4 {
		t.Errorf("import of the export's root = %s %s processed %d imported %d errors %d", d.ImportStatus, deref(d.FailureCode),
			d.ProcessedItemCount, d.ImportedItemCount, d.ErrorCount)
	}
	if len(tableItems(t, db, "FromRoot")) != 8 {
		t.Error("a FAILED import did not keep its valid items")
	}
}

// decodeLine decodes a line of a full export.
func decodeLine(line string) (item, error) {
	var got item
	var err error
	(&objectFormat{format: types.InputFormatDynamodbJson}).readObject(strings.NewReader(line), func(it map[string]types.AttributeValue, e error) {
		got, err = it, e
	})
	if err != nil {
		return nil, err
	}
	return attr.NormalizeItem(got)
}

// TestExportThenImport exports a table from one database and imports the
// export into another: the same items.
func TestExportThenImport(t *testing.T) {
	forEachStore(t, func(t *testing.T, opts Options) {
		src, _ := openClocked(t, opts, "bkt")
		root := src.opts.S3Dir
		mustCreate(t, src, indexedTableInput("src"))
		var items []item
		for i := range 300 {
			it := item{"pk": av.S("p" + string(rune('a'+i%7))), "sk": av.Int(i), "data": av.M(item{"n": av.Int(i), "s": av.SS("x", "y")}), "b": av.B("\x00\xff")}
			if i%3 == 0 {
				it["g"] = av.S("g")
			}
			items = append(items, it)
			put(t, src, "src", it)
		}
		enablePITR(t, src, "src")
		d := exportTable(t, src, "src", &dynamodb.ExportTableToPointInTimeInput{S3Bucket: aws.String("bkt"), S3Prefix: aws.String("x/")})
		if d.ExportStatus != types.ExportStatusCompleted {
			t.Fatalf("export: %+v", d)
		}
		dst := openWith(t, Options{S3Dir: root})
		in := indexedTableInput("copy")
		imp := importInto(t, dst, "copy", "", "", &dynamodb.ImportTableInput{
			S3BucketSource:       &types.S3BucketSource{S3Bucket: aws.String("bkt"), S3KeyPrefix: aws.String("x/AWSDynamoDB/" + jobID(*d.ExportArn) + "/data/")},
			InputFormat:          types.InputFormatDynamodbJson,
			InputCompressionType: types.InputCompressionTypeGzip,
			TableCreationParameters: &types.TableCreationParameters{TableName: in.TableName, AttributeDefinitions: defs("pk", "S", "sk", "N", "g", "S"),
				KeySchema: in.KeySchema, BillingMode: in.BillingMode, GlobalSecondaryIndexes: in.GlobalSecondaryIndexes},
		})
		if imp.ImportStatus != types.ImportStatusCompleted || imp.ImportedItemCount != 300 {
			t.Fatalf("import: %+v", imp)
		}
		if diff := cmp.Diff(itemLines(items...), tableItems(t, dst, "copy")); diff != "" {
			t.Errorf("imported items (-want +got):\n%s", diff)
		}
		if tab := waitActive(t, dst, "copy"); *tab.GlobalSecondaryIndexes[0].ItemCount != 100 {
			t.Errorf("the imported global index holds %d items, want 100", *tab.GlobalSecondaryIndexes[0].ItemCount)
		}
	})
}

// TestImportCSV imports CSV: the header row names the columns, key
// attributes are typed by the definitions, every other column is a
// string; rows that fail count as errors without stopping the import,
// which then says FAILED with the valid rows imported, as on AWS.
func TestImportCSV(t *testing.T) {
	db, _ := openClocked(t, Options{}, "bkt")
	root := db.opts.S3Dir
	putObject(t, root, "bkt", "csv/a.csv", []byte("id,name,qty\n1,apple,3\n2,\"pear, green\",\nx,bad number,1\n3,short\n,no key,2\n4,fig,7\n"))
	putObject(t, root, "bkt", "csv/b.csv", []byte("id,name\n5,kiwi\n"))
	d := importInto(t, db, "fruit", "id", "N", &dynamodb.ImportTableInput{
		S3BucketSource: &types.S3BucketSource{S3Bucket: aws.String("bkt"), S3KeyPrefix: aws.String("csv/")}, InputFormat: types.InputFormatCsv,
	})
	if d.ImportStatus != types.ImportStatusFailed || *d.FailureCode != "ItemValidationError" ||
		*d.FailureMessage != "Some of the items failed validation checks and were not imported. Please check CloudWatch error logs for more details." ||
		d.ProcessedItemCount != 7 || d.ImportedItemCount != 4 || d.ErrorCount != 3 || d.InputFormatOptions != nil {
		t.Errorf("import = %s %v processed %d imported %d errors %d options %+v", d.ImportStatus, deref(d.FailureCode),
			d.ProcessedItemCount, d.ImportedItemCount, d.ErrorCount, d.InputFormatOptions)
	}
	want := itemLines(
		item{"id": av.N("1"), "name": av.S("apple"), "qty": av.S("3")},
		item{"id": av.N("2"), "name": av.S("pear, green")},
		item{"id": av.N("4"), "name": av.S("fig"), "qty": av.S("7")},
		item{"id": av.N("5"), "name": av.S("kiwi")},
	)
	if diff := cmp.Diff(want, tableItems(t, db, "fruit")); diff != "" {
		t.Errorf("imported items (-want +got):\n%s", diff)
	}

	// A header list and another delimiter: every line is a row.
	putObject(t, root, "bkt", "semi/c.csv", []byte("a;1\nb;2\n"))
	d = importInto(t, db, "semi", "k", "S", &dynamodb.ImportTableInput{
		S3BucketSource: &types.S3BucketSource{S3Bucket: aws.String("bkt"), S3KeyPrefix: aws.String("semi")}, InputFormat: types.InputFormatCsv,
		InputFormatOptions: &types.InputFormatOptions{Csv: &types.CsvOptions{Delimiter: aws.String(";"), HeaderList: []string{"k", "v"}}},
	})
	if d.ImportStatus != types.ImportStatusCompleted || d.ImportedItemCount != 2 {
		t.Errorf("import with a header list = %+v", d)
	}
	if diff := cmp.Diff(itemLines(item{"k": av.S("a"), "v": av.S("1")}, item{"k": av.S("b"), "v": av.S("2")}), tableItems(t, db, "semi")); diff != "" {
		t.Errorf("imported items (-want +got):\n%s", diff)
	}
}

// TestImportObjectErrors checks how lines that cannot form an item end
// their object, while items that fail validation are errors of their own,
// as AWS counts them; duplicates overwrite without errors.
func TestImportObjectErrors(t *testing.T) {
	db, _ := openClocked(t, Options{}, "bkt")
	root := db.opts.S3Dir
	good := func(id string) string { return `{"Item":{"id":{"S":"` + id + `"}}}` + "\n" }
	putObject(t, root, "bkt", "j/1.json", []byte(good("a")+good("b")+`{"Item":{"other":{"S":"x"}}}`+"\n"+good("c")+"\n"+good("c")))
	putObject(t, root, "bkt", "j/2.json", []byte(good("d")+"garbage\n"+good("e")))
	putObject(t, root, "bkt", "j/3.json", []byte(good("f")+`{"NotItem":{}}`+"\n"+good("g")))
	putObject(t, root, "bkt", "j/4.json", nil)
	d := importInto(t, db, "jay", "id", "S", &dynamodb.ImportTableInput{
		S3BucketSource: &types.S3BucketSource{S3Bucket: aws.String("bkt"), S3KeyPrefix: aws.String("j/")}, InputFormat: types.InputFormatDynamodbJson,
	})
	// 1.json: 5 lines, 1 error (no key); 2.json: a, garbage (the rest
	// skipped); 3.json: f, not an item (the rest skipped).
	if d.ImportStatus != types.ImportStatusFailed || d.ProcessedItemCount != 9 || d.ImportedItemCount != 6 || d.ErrorCount != 3 {
		t.Errorf("import = %s processed %d imported %d errors %d", d.ImportStatus, d.ProcessedItemCount, d.ImportedItemCount, d.ErrorCount)
	}
	if diff := cmp.Diff(itemLines(item{"id": av.S("a")}, item{"id": av.S("b")}, item{"id": av.S("c")}, item{"id": av.S("d")}, item{"id": av.S("f")}),
		tableItems(t, db, "jay")); diff != "" {
		t.Errorf("imported items (-want +got):\n%s", diff)
	}

	// Compressed objects, and a compression the object does not have.
	var z bytes.Buffer
	zw, _ := zstd.NewWriter(&z)
	zw.Write([]byte(good("z1") + good("z2")))
	zw.Close()
	putObject(t, root, "bkt", "z/1.json.zst", z.Bytes())
	d = importInto(t, db, "zed", "id", "S", &dynamodb.ImportTableInput{
		S3BucketSource: &types.S3BucketSource{S3Bucket: aws.String("bkt"), S3KeyPrefix: aws.String("z/")}, InputFormat: types.InputFormatDynamodbJson,
		InputCompressionType: types.InputCompressionTypeZstd,
	})
	if d.ImportStatus != types.ImportStatusCompleted || d.ImportedItemCount != 2 {
		t.Errorf("ZSTD import = %+v", d)
	}
	putObject(t, root, "bkt", "plain/1.json", []byte(good("p")))
	d = importInto(t, db, "notgz", "id", "S", &dynamodb.ImportTableInput{
		S3BucketSource: &types.S3BucketSource{S3Bucket: aws.String("bkt"), S3KeyPrefix: aws.String("plain/")}, InputFormat: types.InputFormatDynamodbJson,
		InputCompressionType: types.InputCompressionTypeGzip,
	})
	if d.ImportStatus != types.ImportStatusFailed || d.ProcessedItemCount != 1 || d.ImportedItemCount != 0 || d.ErrorCount != 1 {
		t.Errorf("GZIP import of a plain object = %s processed %d imported %d errors %d", d.ImportStatus, d.ProcessedItemCount, d.ImportedItemCount, d.ErrorCount)
	}
	putObject(t, root, "bkt", "gz/1.json.gz", gzipped(t, good("g1")))
	d = importInto(t, db, "gzip", "id", "S", &dynamodb.ImportTableInput{
		S3BucketSource: &types.S3BucketSource{S3Bucket: aws.String("bkt"), S3KeyPrefix: aws.String("gz/")}, InputFormat: types.InputFormatDynamodbJson,
		InputCompressionType: types.InputCompressionTypeGzip,
	})
	if d.ImportStatus != types.ImportStatusCompleted || d.ImportedItemCount != 1 {
		t.Errorf("GZIP import = %+v", d)
	}
}

// TestImportErrors checks the errors of ImportTable and of DescribeImport,
// the failure of an import from a missing bucket (no table is made),
// ClientToken idempotency and ListImports.
func TestImportErrors(t *testing.T) {
	db, _ := openClocked(t, Options{}, "bkt")
	simpleTable(t, db, "taken")
	params := func(name string) *types.TableCreationParameters {
		return &types.TableCreationParameters{TableName: aws.String(name), AttributeDefinitions: defs("id", "S"), KeySchema: keySchema("id"),
			BillingMode: types.BillingModePayPerRequest}
	}
	src := &types.S3BucketSource{S3Bucket: aws.String("bkt")}
	tests := []struct {
		name string
		in   dynamodb.ImportTableInput
		want string
	}{
		{"no format", dynamodb.ImportTableInput{S3BucketSource: src, TableCreationParameters: params("new")},
			"ValidationException: 1 validation error detected: Value null at 'inputFormat' failed to satisfy constraint: Member must not be null"},
		{"bad compression", dynamodb.ImportTableInput{S3BucketSource: src, InputFormat: types.InputFormatCsv, InputCompressionType: "BZIP2", TableCreationParameters: params("new")},
			"ValidationException: 1 validation error detected: Value 'BZIP2' at 'inputCompressionType' failed to satisfy constraint: Member must satisfy enum value set: [ZSTD, NONE, GZIP]"},
		{"bad delimiter", dynamodb.ImportTableInput{S3BucketSource: src, InputFormat: types.InputFormatCsv, TableCreationParameters: params("new"),
			InputFormatOptions: &types.InputFormatOptions{Csv: &types.CsvOptions{Delimiter: aws.String(";;")}}},
			"ValidationException: 2 validation errors detected: Value ';;' at 'inputFormatOptions.csv.delimiter' failed to satisfy constraint: Member must have length less than or equal to 1; " +
				"Value ';;' at 'inputFormatOptions.csv.delimiter' failed to satisfy constraint: Member must satisfy regular expression pattern: [,;:|\\t ]"},
		{"CSV options for JSON", dynamodb.ImportTableInput{S3BucketSource: src, InputFormat: types.InputFormatDynamodbJson, TableCreationParameters: params("new"),
			InputFormatOptions: &types.InputFormatOptions{Csv: &types.CsvOptions{Delimiter: aws.String(";")}}},
			"ValidationException: Invalid Request: Unsupported InputFormatOptions for the given input format: DYNAMODB_JSON."},
		{"no throughput", dynamodb.ImportTableInput{S3BucketSource: src, InputFormat: types.InputFormatCsv, TableCreationParameters: &types.TableCreationParameters{
			TableName: aws.String("new"), AttributeDefinitions: defs("id", "S"), KeySchema: keySchema("id")}},
			"ValidationException: One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"},
		{"throughput over the table quota", dynamodb.ImportTableInput{S3BucketSource: src, InputFormat: types.InputFormatCsv, TableCreationParameters: &types.TableCreationParameters{
			TableName: aws.String("new"), AttributeDefinitions: defs("id", "S"), KeySchema: keySchema("id"),
			ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(40001), WriteCapacityUnits: aws.Int64(1)}}},
			"ValidationException: Cannot increase provisioned throughput to more than 40,000 units per table"},
		{"ION", dynamodb.ImportTableInput{S3BucketSource: src, InputFormat: types.InputFormatIon, TableCreationParameters: params("new")},
			"ValidationException: Invalid Request: the ION format is not supported by this engine: use DYNAMODB_JSON (or CSV to import)"},
		{"table exists", dynamodb.ImportTableInput{S3BucketSource: src, InputFormat: types.InputFormatCsv, TableCreationParameters: params("taken")},
			"ResourceInUseException: Table already exists: taken"},
	}
	for _, tt := range tests {
		if _, err := db.ImportTable(ctx, &tt.in); errText(err) != tt.want {
			t.Errorf("%s: %s\nwant %s", tt.name, errText(err), tt.want)
		}
	}

	out, err := db.ImportTable(ctx, &dynamodb.ImportTableInput{S3BucketSource: &types.S3BucketSource{S3Bucket: aws.String("nobucket")},
		InputFormat: types.InputFormatCsv, TableCreationParameters: params("never")})
	if err != nil {
		t.Fatal(err)
	}
	if d := waitImport(t, db, *out.ImportTableDescription.ImportArn); d.ImportStatus != types.ImportStatusFailed || *d.FailureCode != "S3NoSuchBucket" {
		t.Errorf("import from a missing bucket = %+v", d)
	}
	if _, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("never")}); errCode(err) != "ResourceNotFoundException" {
		t.Errorf("the table of an import from a missing bucket: %v", err)
	}

	in := &dynamodb.ImportTableInput{S3BucketSource: src, InputFormat: types.InputFormatCsv, TableCreationParameters: params("tok"), ClientToken: aws.String("t1")}
	first, err := db.ImportTable(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := db.ImportTable(ctx, in)
	if err != nil || *again.ImportTableDescription.ImportArn != *first.ImportTableDescription.ImportArn {
		t.Errorf("the same import again: %v, %v", again, err)
	}
	in.TableCreationParameters = params("tok2")
	if _, err := db.ImportTable(ctx, in); errText(err) != "ImportConflictException: Import conflict: Duplicate request detected with conflicting parameters" {
		t.Errorf("the same token, another table: %s", errText(err))
	}
	waitImport(t, db, *first.ImportTableDescription.ImportArn)

	missing := arnPrefix + "tok/import/01234567890123-abcdef01"
	if _, err := db.DescribeImport(ctx, &dynamodb.DescribeImportInput{ImportArn: aws.String(missing)}); errText(err) != "ImportNotFoundException: Import not found: "+missing {
		t.Errorf("DescribeImport of a missing import: %s", errText(err))
	}
	if _, err := db.DescribeImport(ctx, &dynamodb.DescribeImportInput{ImportArn: aws.String(arnPrefix + "tok/export/01234567890123-abcdef01")}); errText(err) != "ValidationException: Invalid Import ARN" {
		t.Errorf("DescribeImport of an export's ARN: %s", errText(err))
	}
	list, err := db.ListImports(ctx, &dynamodb.ListImportsInput{TableArn: aws.String(arnPrefix + "tok")})
	if err != nil || len(list.ImportSummaryList) != 1 || *list.ImportSummaryList[0].ImportArn != *first.ImportTableDescription.ImportArn {
		t.Errorf("ListImports(tok) = %+v, %v", list, err)
	}
	list, err = db.ListImports(ctx, &dynamodb.ListImportsInput{})
	if err != nil || len(list.ImportSummaryList) != 2 {
		t.Errorf("ListImports() = %+v, %v", list, err)
	}
}
