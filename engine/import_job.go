package engine

import (
	"errors"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/s3dir"
)

// maxLoggedImportErrors bounds the item errors an import logs (DynamoDB
// writes them to CloudWatch Logs).
const maxLoggedImportErrors = 100

// importCounts are an import's figures.
type importCounts struct {
	processed, imported, errors, bytes int64
}

// runImport fills table t from import id's objects in the background,
// then makes the table ACTIVE and records the import's outcome. An import
// resumed after a restart first drops what the interrupted one wrote.
func (db *DB) runImport(id string, rec *importRecord, t *table, resume bool) {
	db.bg.Go(func() {
		c := db.background()
		var n importCounts
		err := func() error {
			if resume {
				if err := db.resetLoad(c, t); err != nil {
					return err
				}
			}
			return db.importObjects(c, t, &rec.Description, &n)
		}()
		if db.stopping() {
			return
		}
		next := *rec
		d := &next.Description
		d.ProcessedItemCount, d.ImportedItemCount, d.ErrorCount, d.ProcessedSizeBytes = n.processed, n.imported, n.errors, ptr(n.bytes)
		d.EndTime = ptr(db.now().Truncate(time.Millisecond))
		d.ImportStatus = types.ImportStatusCompleted
		switch {
		case err != nil:
			d.ImportStatus, d.FailureCode, d.FailureMessage = types.ImportStatusFailed, ptr("InternalServerError"), ptr(err.Error())
			slog.Error("engine: import failed", "import", *d.ImportArn, "err", err)
		case n.errors > 0:
			d.ImportStatus, d.FailureCode, d.FailureMessage = types.ImportStatusFailed, ptr("ItemValidationError"), ptr(errImportItems.Error())
		}
		r := &db.recovery
		_, err = db.finishLoad(t, func(*types.TableDescription) {}, func() {
			r.mu.Lock()
			r.imports[id] = &next
			r.mu.Unlock()
		}, recordOp(metaKey(importPrefix, id), &next))
		if err != nil {
			slog.Error("engine: cannot record an import as done", "import", *d.ImportArn, "err", err)
		}
	})
}

// importObjects reads every object of the import d describes into table
// t, counting in n.
func (db *DB) importObjects(c call, t *table, d *types.ImportTableDescription, n *importCounts) error {
	src := d.S3BucketSource
	objects, err := s3dir.Root(db.opts.S3Dir).List(*src.S3Bucket, deref(src.S3KeyPrefix))
	if err != nil && !errors.Is(err, s3dir.ErrNoSuchBucket) {
		return err
	}
	f := &objectFormat{format: d.InputFormat, compression: d.InputCompressionType, delimiter: ',', keyTypes: map[string]types.ScalarAttributeType{}}
	if o := d.InputFormatOptions; o != nil && o.Csv != nil {
		if o.Csv.Delimiter != nil {
			f.delimiter = []rune(*o.Csv.Delimiter)[0]
		}
		f.header = o.Csv.HeaderList
	}
	for _, a := range t.desc.AttributeDefinitions {
		f.keyTypes[*a.AttributeName] = a.AttributeType
	}
	l := &loader{db: db, c: c, t: t}
	for _, o := range objects {
		if err := db.importObject(t, l, f, o, *d.ImportArn, n); err != nil {
			return err
		}
	}
	return l.flush()
}

// importObject reads one object into loader l.
func (db *DB) importObject(t *table, l *loader, f *objectFormat, o s3dir.Object, arn string, n *importCounts) error {
	file, err := os.Open(o.Path)
	if err != nil {
		return err
	}
	defer file.Close()
	line := 0
	var loadErr error
	fail := func(err error) {
		if n.errors++; n.errors <= maxLoggedImportErrors {
			slog.Warn("engine: import: a line was not imported", "import", arn, "object", o.Key, "line", line, "err", err)
		}
	}
	n.bytes += f.readObject(file, func(item map[string]types.AttributeValue, err error) {
		line++
		n.processed++
		if loadErr != nil {
			return
		}
		if err == nil {
			item, err = attr.NormalizeItem(item)
		}
		if err == nil {
			err = t.checkItem(item)
		}
		if err != nil {
			fail(err)
			return
		}
		if loadErr = l.add(item); loadErr == nil {
			n.imported++
		}
	})
	return loadErr
}

// resumeImports starts again the imports a Close interrupted.
func (db *DB) resumeImports() {
	r := &db.recovery
	for id, rec := range r.imports {
		if rec.Description.ImportStatus != types.ImportStatusInProgress {
			continue
		}
		t := db.tables[*rec.Description.TableCreationParameters.TableName]
		if t == nil || t.id != rec.TableID {
			continue
		}
		t.loading.Store(true)
		db.runImport(id, rec, t, true)
	}
}
