package engine

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/s3dir"
	"github.com/ddbkit/ddb/engine/internal/storage"
)

// importRecord is an import: its description, and the keyspace id of the
// table it fills.
type importRecord struct {
	Description types.ImportTableDescription
	TableID     uint32
	// Request is the request, without its ClientToken, to tell a retry
	// from a conflicting request with the same token.
	Request json.RawMessage
}

// ImportTable creates a table and fills it with the items of the objects
// of an S3 bucket (the directory Options.S3Dir/S3Bucket) whose keys start
// with S3KeyPrefix: DynamoDB JSON lines as an export writes them, or CSV,
// compressed with GZIP or ZSTD or not at all. The answer says IN_PROGRESS
// and the table is CREATING; once every object is read the table is ACTIVE
// and DescribeImport says COMPLETED, or FAILED when some lines failed
// (ErrorCount counts them; the valid items are imported all the same), as
// on DynamoDB. A request repeated with its ClientToken returns the same
// import.
func (db *DB) ImportTable(ctx context.Context, in *dynamodb.ImportTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.ImportTableOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "ImportTable", in); err != nil {
		return nil, err
	}
	if err := checkImportInput(in); err != nil {
		return nil, err
	}
	token := deref(in.ClientToken)
	if token == "" {
		token = uuid.NewString() // as the SDK's client fills it in
	}
	req := importRequest(in)
	if d, err := db.importByToken(token, req); d != nil || err != nil {
		return &dynamodb.ImportTableOutput{ImportTableDescription: d}, err
	}
	if db.opts.S3Dir == "" {
		return nil, errNoS3
	}
	now := db.now()
	desc, err := newTableDescription(importCreateInput(in.TableCreationParameters), now)
	if err != nil {
		return nil, err
	}
	id := newResourceID(now)
	d := &types.ImportTableDescription{
		ImportArn:               ptr(importARN.arn(*desc.TableName, id)),
		ImportStatus:            types.ImportStatusInProgress,
		TableArn:                desc.TableArn,
		TableId:                 desc.TableId,
		ClientToken:             ptr(token),
		S3BucketSource:          importSource(in.S3BucketSource),
		InputFormat:             in.InputFormat,
		InputFormatOptions:      in.InputFormatOptions,
		InputCompressionType:    in.InputCompressionType,
		TableCreationParameters: in.TableCreationParameters,
		StartTime:               ptr(now.Truncate(time.Millisecond)),
		ErrorCount:              0,
	}
	if d.InputCompressionType == "" {
		d.InputCompressionType = types.InputCompressionTypeNone
	}
	rec := &importRecord{Description: *d, Request: req}
	if !s3dir.Root(db.opts.S3Dir).HasBucket(*in.S3BucketSource.S3Bucket) {
		// As on DynamoDB, an import from a missing bucket fails without
		// creating its table.
		rec.Description.ImportStatus = types.ImportStatusFailed
		rec.Description.FailureCode, rec.Description.FailureMessage = ptr("S3NoSuchBucket"), ptr(s3dir.ErrNoSuchBucket.Error())
		rec.Description.EndTime = rec.Description.StartTime
		if err := db.saveImport(id, rec, nil); err != nil {
			return nil, err
		}
		return &dynamodb.ImportTableOutput{ImportTableDescription: &rec.Description}, nil
	}
	t, err := db.createImportTable(id, desc, rec)
	if err != nil {
		return nil, err
	}
	db.runImport(id, rec, t, false)
	return &dynamodb.ImportTableOutput{ImportTableDescription: d}, nil
}

// createImportTable creates the table import id fills, CREATING, and
// records the import with it.
func (db *DB) createImportTable(id string, desc *types.TableDescription, rec *importRecord) (*table, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	name := *desc.TableName
	if db.tables[name] != nil || db.deleting[name] != nil {
		return nil, &types.ResourceInUseException{Message: ptr("Table already exists: " + name)}
	}
	t := db.newCatalogTable(desc)
	t.loading.Store(true)
	rec.TableID = t.id
	if err := db.saveImport(id, rec, t); err != nil {
		return nil, err
	}
	db.tables[name] = t
	return t, nil
}

// saveImport records import id, with table t's catalog record when t is
// not nil. Callers holding db.mu may call it.
func (db *DB) saveImport(id string, rec *importRecord, t *table) error {
	r := &db.recovery
	r.mu.Lock()
	defer r.mu.Unlock()
	op := recordOp(metaKey(importPrefix, id), rec)
	var err error
	if t != nil {
		err = db.saveTable(t, op)
	} else {
		err = db.store.Write([]storage.Op{op})
	}
	if err != nil {
		return apierr.Internal("cannot save the import: " + err.Error())
	}
	r.imports[id] = rec
	return nil
}

// importCreateInput returns the CreateTableInput of an import's table.
func importCreateInput(p *types.TableCreationParameters) *dynamodb.CreateTableInput {
	return &dynamodb.CreateTableInput{
		TableName:              p.TableName,
		AttributeDefinitions:   p.AttributeDefinitions,
		KeySchema:              p.KeySchema,
		BillingMode:            p.BillingMode,
		ProvisionedThroughput:  p.ProvisionedThroughput,
		OnDemandThroughput:     p.OnDemandThroughput,
		SSESpecification:       p.SSESpecification,
		GlobalSecondaryIndexes: p.GlobalSecondaryIndexes,
	}
}

// importSource returns the S3BucketSource DescribeImport reports: the
// request's, with the bucket's owner filled in (the engine's account).
func importSource(s *types.S3BucketSource) *types.S3BucketSource {
	c := *s
	if c.S3BucketOwner == nil {
		c.S3BucketOwner = ptr(accountID())
	}
	return &c
}

// importRequest returns the JSON of an import request without its
// ClientToken.
func importRequest(in *dynamodb.ImportTableInput) json.RawMessage {
	c := *in
	c.ClientToken = nil
	b, err := json.Marshal(&c)
	if err != nil {
		panic("engine: cannot encode an import request: " + err.Error())
	}
	return b
}

// importByToken returns the import an earlier request with the same
// ClientToken made, nil if there is none, or ImportConflictException if
// that request differed.
func (db *DB) importByToken(token string, req json.RawMessage) (*types.ImportTableDescription, error) {
	r := &db.recovery
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, i := range r.imports {
		if deref(i.Description.ClientToken) != token {
			continue
		}
		if string(i.Request) != string(req) {
			return nil, &types.ImportConflictException{Message: ptr("Import conflict: Duplicate request detected with conflicting parameters")}
		}
		d := i.Description
		return &d, nil
	}
	return nil, nil
}

// importByARN returns the import an ARN names, or DynamoDB's error.
func (db *DB) importByARN(arn string) (*importRecord, error) {
	_, id, err := importARN.parse(arn)
	if err != nil {
		return nil, err
	}
	r := &db.recovery
	r.mu.Lock()
	i := r.imports[id]
	r.mu.Unlock()
	if i == nil {
		return nil, &types.ImportNotFoundException{Message: ptr("Import not found: " + arn)}
	}
	return i, nil
}

// errImportItems is the failure of an import some of whose lines failed.
var errImportItems = errors.New("Some of the items failed validation checks and were not imported. Please check CloudWatch error logs for more details.")
