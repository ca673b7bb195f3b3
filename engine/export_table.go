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
	"github.com/ddbkit/ddb/engine/internal/storage"
)

// exportRecord is an export: its description, and while it runs the
// checkpoint it reads (the table's rows and point-in-time recovery
// records).
type exportRecord struct {
	Description types.ExportDescription
	Checkpoint  string `json:",omitempty"`
	TableID     uint32
	// KeySchema and Definitions are the table's key schema and attribute
	// definitions.
	KeySchema   []types.KeySchemaElement
	Definitions []types.AttributeDefinition
	// Request is the request, without its ClientToken, to tell a retry
	// from a conflicting request with the same token.
	Request json.RawMessage
}

// ExportTableToPointInTime exports a table with point-in-time recovery, as
// it was at ExportTime (now by default), or the changes of an incremental
// export's period, to Options.S3Dir in DynamoDB's S3 export layout, in
// DYNAMODB_JSON. The answer says IN_PROGRESS; DescribeExport says COMPLETED
// (or FAILED, with the reason) once the objects are written. A request
// repeated with its ClientToken returns the same export.
func (db *DB) ExportTableToPointInTime(ctx context.Context, in *dynamodb.ExportTableToPointInTimeInput, _ ...func(*dynamodb.Options)) (*dynamodb.ExportTableToPointInTimeOutput, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "ExportTableToPointInTime", in)
	if err != nil {
		return nil, err
	}
	if err := checkExportInput(in); err != nil {
		return nil, err
	}
	token := deref(in.ClientToken)
	if token == "" {
		token = uuid.NewString() // as the SDK's client fills it in
	}
	req := exportRequest(in)
	if e, err := db.exportByToken(token, req); e != nil || err != nil {
		return &dynamodb.ExportTableToPointInTimeOutput{ExportDescription: e}, err
	}
	now := db.now()
	t, err := db.recoveryTable(*in.TableArn, pitrUnavailable)
	var notFound *types.TableNotFoundException
	if errors.As(err, &notFound) {
		return nil, tableNotFoundException(*in.TableArn) // named as the request names it
	}
	if err != nil {
		return nil, err
	}
	d, err := db.exportPeriod(t, in, now)
	if err != nil {
		return nil, err
	}
	if db.opts.S3Dir == "" {
		return nil, errNoS3
	}
	checkpoint, err := db.checkpointHistory(c, "export", t, now)
	if err != nil {
		return nil, err
	}
	id := newResourceID(now)
	db.mu.RLock()
	d.TableArn, d.TableId = t.desc.TableArn, t.desc.TableId
	schema, defs := t.desc.KeySchema, t.desc.AttributeDefinitions
	db.mu.RUnlock()
	d.ExportArn = ptr(exportARN.arn(t.name, id))
	d.ExportStatus = types.ExportStatusInProgress
	d.StartTime = ptr(now.Truncate(time.Millisecond))
	d.ClientToken = ptr(token)
	d.S3Bucket, d.S3BucketOwner, d.S3Prefix = in.S3Bucket, in.S3BucketOwner, in.S3Prefix
	d.S3SseAlgorithm, d.S3SseKmsKeyId = in.S3SseAlgorithm, in.S3SseKmsKeyId
	if d.S3SseAlgorithm == "" {
		d.S3SseAlgorithm = types.S3SseAlgorithmAes256
	}
	d.ExportFormat = in.ExportFormat
	if d.ExportFormat == "" {
		d.ExportFormat = types.ExportFormatDynamodbJson
	}
	d.ExportType = in.ExportType
	e := &exportRecord{Description: *d, Checkpoint: checkpoint, TableID: t.id, KeySchema: schema, Definitions: defs, Request: req}
	r := &db.recovery
	r.mu.Lock()
	if err := db.saveRecords("export", recordOp(metaKey(exportPrefix, id), e)); err != nil {
		r.mu.Unlock()
		db.store.DeleteCheckpoint(checkpoint)
		return nil, err
	}
	r.exports[id] = e
	r.mu.Unlock()
	db.runExport(id, e)
	return &dynamodb.ExportTableToPointInTimeOutput{ExportDescription: d}, nil
}

// errNoS3 is the error of an export or import when the engine has no
// directory standing in for S3.
var errNoS3 = apierr.Validation("S3 is not available: exports and imports need a directory standing in for S3 (engine.Options.S3Dir, ddb serve --s3-dir)")

// exportRequest returns the JSON of an export request without its
// ClientToken.
func exportRequest(in *dynamodb.ExportTableToPointInTimeInput) json.RawMessage {
	c := *in
	c.ClientToken = nil
	b, err := json.Marshal(&c)
	if err != nil {
		panic("engine: cannot encode an export request: " + err.Error())
	}
	return b
}

// exportByToken returns the export an earlier request with the same
// ClientToken made, nil if there is none, or ExportConflictException if
// that request differed.
func (db *DB) exportByToken(token string, req json.RawMessage) (*types.ExportDescription, error) {
	r := &db.recovery
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.exports {
		if deref(e.Description.ClientToken) != token {
			continue
		}
		if string(e.Request) != string(req) {
			return nil, &types.ExportConflictException{Message: ptr("Export conflict: Duplicate request detected with conflicting parameters")}
		}
		d := e.Description
		return &d, nil
	}
	return nil, nil
}

// Bounds of an incremental export's period.
const (
	minIncrementalPeriod = 15 * time.Minute
	maxIncrementalPeriod = 24 * time.Hour
)

// exportPeriod checks what an export of t reads against t's recovery
// window at now, and returns the description's ExportTime or
// IncrementalExportSpecification.
func (db *DB) exportPeriod(t *table, in *dynamodb.ExportTableToPointInTimeInput, now time.Time) (*types.ExportDescription, error) {
	p := db.pitrOf(t)
	if p == nil || !p.on() {
		return nil, pitrUnavailable(t.name)
	}
	now = now.Truncate(time.Millisecond)
	earliest := p.earliest(now)
	if in.ExportType != types.ExportTypeIncrementalExport {
		at := now
		if in.ExportTime != nil {
			at = in.ExportTime.Truncate(time.Millisecond)
			switch {
			case at.After(now) || at.Before(earliest):
				return nil, &types.InvalidExportTimeException{Message: ptr("Export Time is invalid")}
			case at.After(p.latest(now)):
				return nil, &types.InvalidExportTimeException{Message: ptr("Point in Time Recovery is not available for specified export time")}
			}
		}
		return &types.ExportDescription{ExportTime: ptr(at)}, nil
	}
	spec := in.IncrementalExportSpecification
	from := spec.ExportFromTime.Truncate(time.Millisecond)
	to := now
	if spec.ExportToTime != nil {
		to = spec.ExportToTime.Truncate(time.Millisecond)
	}
	const layout = "2006-01-02T15:04:05Z"
	invalid := func(msg string) error { return &types.InvalidExportTimeException{Message: ptr(msg)} }
	switch {
	case from.Before(earliest) || !from.Before(to):
		return nil, invalid("Incremental export period from time cannot be less than the table creation time : " + earliest.UTC().Format(layout))
	case to.After(now):
		return nil, invalid("Incremental export period to time cannot be greater than the current time : " + now.UTC().Format(layout))
	case to.Sub(from) < minIncrementalPeriod:
		return nil, invalid("Difference between export period from time and export period to time is less than 15 minutes")
	case to.Sub(from) > maxIncrementalPeriod:
		return nil, invalid("Difference between export period from time and export period to time is more than 24 hours")
	}
	view := spec.ExportViewType
	if view == "" {
		view = types.ExportViewTypeNewAndOldImages
	}
	return &types.ExportDescription{IncrementalExportSpecification: &types.IncrementalExportSpecification{
		ExportFromTime: ptr(from), ExportToTime: ptr(to), ExportViewType: view,
	}}, nil
}

// exportByARN returns the export an ARN names, or DynamoDB's error.
func (db *DB) exportByARN(arn string) (*exportRecord, error) {
	_, id, err := exportARN.parse(arn)
	if err != nil {
		return nil, err
	}
	r := &db.recovery
	r.mu.Lock()
	e := r.exports[id]
	r.mu.Unlock()
	if e == nil {
		return nil, &types.ExportNotFoundException{Message: ptr("Export not found: " + arn)}
	}
	return e, nil
}

// finishExport records the end of export id: its description as done
// changes it, without its checkpoint, which it then deletes.
func (db *DB) finishExport(id string, done func(d *types.ExportDescription)) {
	r := &db.recovery
	r.mu.Lock()
	e := r.exports[id]
	next := *e
	done(&next.Description)
	next.Description.EndTime = ptr(db.now().Truncate(time.Millisecond))
	next.Checkpoint = ""
	err := db.store.Write([]storage.Op{recordOp(metaKey(exportPrefix, id), &next)})
	if err == nil {
		r.exports[id] = &next
	}
	r.mu.Unlock()
	if err == nil {
		db.store.DeleteCheckpoint(e.Checkpoint)
	}
}
