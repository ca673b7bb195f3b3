package engine

import (
	"errors"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/s3dir"
	"github.com/ddbkit/ddb/engine/internal/storage"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// errClosing stops background work when the database closes.
var errClosing = errors.New("engine: the database is closing")

// runExport writes export id's objects in the background, then records it
// COMPLETED, or FAILED with S3's error. An export stopped by Close starts
// again at the next Open.
func (db *DB) runExport(id string, e *exportRecord) {
	db.bg.Go(func() {
		manifest, key, err := db.writeExport(id, e)
		if db.stopping() {
			return
		}
		db.finishExport(id, func(d *types.ExportDescription) {
			switch {
			case errors.Is(err, s3dir.ErrNoSuchBucket):
				d.ExportStatus, d.FailureCode, d.FailureMessage = types.ExportStatusFailed, ptr("S3NoSuchBucket"), ptr(err.Error())
			case err != nil:
				d.ExportStatus, d.FailureCode, d.FailureMessage = types.ExportStatusFailed, ptr("S3AccessDenied"), ptr(err.Error())
			default:
				d.ExportStatus, d.ExportManifest = types.ExportStatusCompleted, ptr(key)
				d.ItemCount, d.BilledSizeBytes = ptr(manifest.ItemCount), ptr(manifest.BilledSizeBytes)
			}
		})
		if err != nil && !errors.Is(err, s3dir.ErrNoSuchBucket) {
			slog.Warn("engine: export failed", "export", *e.Description.ExportArn, "err", err)
		}
	})
}

// writeExport writes the objects of export id and returns its summary
// manifest and that manifest's key.
func (db *DB) writeExport(id string, e *exportRecord) (*manifestSummary, string, error) {
	d := &e.Description
	r, err := db.store.OpenCheckpoint(e.Checkpoint)
	if err != nil {
		return nil, "", err
	}
	defer r.Close()
	w := &exportWriter{root: s3dir.Root(db.opts.S3Dir), bucket: *d.S3Bucket, base: exportKeyPrefix(d.S3Prefix, id)}
	if err := w.start(); err != nil {
		return nil, "", err
	}
	sum := &manifestSummary{
		Version: fullExportVersion, ExportArn: *d.ExportArn, StartTime: d.StartTime.UTC().Format(exportTimeLayout),
		TableArn: *d.TableArn, TableID: *d.TableId, S3Bucket: *d.S3Bucket, S3Prefix: d.S3Prefix,
		S3SseAlgorithm: string(d.S3SseAlgorithm), S3SseKmsKeyID: d.S3SseKmsKeyId, OutputFormat: string(d.ExportFormat),
	}
	t := keyModel(e.KeySchema, e.Definitions)
	if spec := d.IncrementalExportSpecification; spec != nil {
		sum.Version, sum.ExportType, sum.OutputView = incrementalExportVersion, string(types.ExportTypeIncrementalExport), string(spec.ExportViewType)
		sum.ExportFromTime = spec.ExportFromTime.UTC().Format(exportTimeLayout)
		sum.ExportToTime = spec.ExportToTime.UTC().Format(exportTimeLayout)
		err = writeChanges(r, e.TableID, t, spec, w)
	} else {
		sum.ExportTime = d.ExportTime.UTC().Format(exportTimeLayout)
		var overlay map[string]*pastImage
		if overlay, err = readOverlay(r, e.TableID, t, *d.ExportTime); err == nil {
			n := 0
			err = scanItemsAt(r, e.TableID, overlay, func(item map[string]types.AttributeValue) error {
				if n++; n%checkEvery == 0 && db.stopping() {
					return errClosing
				}
				return w.item(item, attr.ItemSize(item))
			})
		}
	}
	if err != nil {
		return nil, "", err
	}
	sum.EndTime = db.now().UTC().Format(exportTimeLayout)
	key, err := w.finish(sum)
	if err != nil {
		return nil, "", err
	}
	return sum, key, nil
}

// keyModel returns a model of a table with the given key schema, enough
// to compute its items' row keys.
func keyModel(schema []types.KeySchemaElement, defs []types.AttributeDefinition) *table {
	t := &table{}
	hash, rng := keyAttrs(schema, defs)
	t.hash = hash[0]
	if len(rng) > 0 {
		t.rng = rng[0]
	}
	return t
}

// change is what an incremental export knows of one item changed in its
// period.
type change struct {
	keys       map[string]types.AttributeValue
	before     map[string]types.AttributeValue // the image at the period's start
	after      map[string]types.AttributeValue // the image at its end, if changed since
	changedAft bool
	written    int64 // the time of the last change in the period, Unix ms
}

// writeChanges writes the lines of an incremental export of table source
// (modelled by t) from checkpoint r: one per item changed in the period,
// with its image at the period's end, and at its start for
// NEW_AND_OLD_IMAGES.
func writeChanges(r storage.Reader, source uint32, t *table, spec *types.IncrementalExportSpecification, w *exportWriter) error {
	from, to := spec.ExportFromTime.UnixMilli(), spec.ExportToTime.UnixMilli()
	changes := map[string]*change{}
	var decodeErr error
	err := r.Scan(pitrKey(source, from+1, 0), pitrLogSpan(source).End, false, func(k, v []byte) bool {
		rec, err := decodeRecord(0, v)
		if err != nil {
			decodeErr = err
			return false
		}
		key, ms := string(rowSuffix(t, rec.keys)), pitrRecordTime(k)
		c := changes[key]
		switch {
		case c == nil && ms > to:
			// Changed after the period only.
		case c == nil:
			changes[key] = &change{keys: rec.keys, before: rec.old, written: ms}
		case ms <= to:
			c.written = ms
		case !c.changedAft:
			c.after, c.changedAft = rec.old, true
		}
		return true
	})
	if err != nil || decodeErr != nil {
		return errors.Join(err, decodeErr)
	}
	for _, key := range slices.Sorted(maps.Keys(changes)) {
		c := changes[key]
		if !c.changedAft {
			v, ok, err := r.Get(append(keyspace(source), key...))
			if err != nil {
				return err
			}
			if ok {
				if c.after, err = itemenc.DecodeItem(v); err != nil {
					return err
				}
			}
		}
		before := c.before
		if spec.ExportViewType == types.ExportViewTypeNewImage {
			before = nil
		}
		size := attr.ItemSize(c.keys)
		if c.after != nil {
			size = attr.ItemSize(c.after)
		}
		if err := w.change(c.keys, c.after, before, time.UnixMilli(c.written), size); err != nil {
			return err
		}
	}
	return nil
}

// resumeExports starts again the exports a Close interrupted.
func (db *DB) resumeExports() {
	r := &db.recovery
	for id, e := range r.exports {
		if e.Description.ExportStatus == types.ExportStatusInProgress {
			db.runExport(id, e)
		}
	}
}
