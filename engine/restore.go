package engine

import (
	"cmp"
	"log/slog"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/storage"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// A restore creates a new table, CREATING while a background job fills it
// from a checkpoint, then ACTIVE. The table gets the source's key schema,
// indexes (rebuilt from the items), billing, throughput and encryption,
// changed by the request's overrides; like DynamoDB's restores it drops
// streams, time to live, point-in-time recovery, tags, deletion protection
// and table class. DescribeTable shows its RestoreSummary, RestoreInProgress
// while CREATING.

// restoreJob is a restore in progress, recorded so that it resumes after a
// restart.
type restoreJob struct {
	Table   string // the target table
	TableID uint32
	// Checkpoint holds the source's rows, under keyspace id SourceID.
	Checkpoint string
	SourceID   uint32
	// Backup is the ARN of the backup restored, "" for a point-in-time
	// restore.
	Backup string `json:",omitempty"`
	// Time is the time a point-in-time restore restores to: the changes
	// recorded in the checkpoint after it are undone. The restore took the
	// checkpoint, and deletes it when done.
	Time *time.Time `json:",omitempty"`
}

// restoreOverrides are the changes a restore request makes to the source's
// settings.
type restoreOverrides struct {
	billing    types.BillingMode
	throughput *types.ProvisionedThroughput
	onDemand   *types.OnDemandThroughput
	gsis       []types.GlobalSecondaryIndex // nil: all of the source's
	lsis       []types.LocalSecondaryIndex  // nil: all of the source's
	sse        *types.SSESpecification
}

// restoreTableInput returns the CreateTableInput a restore of the table
// described by src into target with overrides o amounts to, or the error of
// an override DynamoDB refuses.
func restoreTableInput(src *types.TableDescription, target string, o *restoreOverrides) (*dynamodb.CreateTableInput, error) {
	billing := currentBilling(src)
	if o.billing != "" {
		billing = o.billing
	}
	if o.billing == types.BillingModeProvisioned && o.throughput == nil {
		return nil, apierr.Validation("Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED")
	}
	if o.throughput != nil && billing != types.BillingModeProvisioned {
		return nil, apierr.Validation("Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED")
	}
	if o.onDemand != nil && billing != types.BillingModePayPerRequest {
		return nil, invalidParam("MaxReadRequestUnits for OnDemandThroughput cannot be specified when table BillingMode is PROVISIONED.")
	}
	in := &dynamodb.CreateTableInput{TableName: ptr(target), KeySchema: src.KeySchema, BillingMode: billing}
	if billing == types.BillingModeProvisioned {
		in.ProvisionedThroughput = o.throughput
		if in.ProvisionedThroughput == nil {
			in.ProvisionedThroughput = provisioned(src.ProvisionedThroughput)
		}
	} else {
		in.OnDemandThroughput = o.onDemand
		if in.OnDemandThroughput == nil {
			in.OnDemandThroughput = src.OnDemandThroughput
		}
	}
	var err error
	if in.LocalSecondaryIndexes, err = restoredLSIs(src, o.lsis); err != nil {
		return nil, err
	}
	if in.GlobalSecondaryIndexes, err = restoredGSIs(src, o.gsis, in.ProvisionedThroughput); err != nil {
		return nil, err
	}
	in.AttributeDefinitions = keyDefinitions(src.AttributeDefinitions, in)
	in.SSESpecification = o.sse
	if in.SSESpecification == nil && src.SSEDescription != nil && src.SSEDescription.Status == types.SSEStatusEnabled {
		in.SSESpecification = &types.SSESpecification{Enabled: ptr(true), SSEType: types.SSETypeKms, KMSMasterKeyId: src.SSEDescription.KMSMasterKeyArn}
	}
	return in, nil
}

// restoredLSIs returns the local secondary indexes of a restore: the
// source's, or those of the override, which must each match one of them
// (by key schema and projection; a new name is allowed).
func restoredLSIs(src *types.TableDescription, override []types.LocalSecondaryIndex) ([]types.LocalSecondaryIndex, error) {
	var out []types.LocalSecondaryIndex
	if override == nil {
		for _, l := range src.LocalSecondaryIndexes {
			out = append(out, types.LocalSecondaryIndex{IndexName: l.IndexName, KeySchema: l.KeySchema, Projection: l.Projection})
		}
		return out, nil
	}
	for _, l := range override {
		if !slices.ContainsFunc(src.LocalSecondaryIndexes, func(s types.LocalSecondaryIndexDescription) bool {
			return sameIndex(s.KeySchema, s.Projection, l.KeySchema, l.Projection)
		}) {
			return nil, indexNotInSource(l.IndexName)
		}
		out = append(out, l)
	}
	return out, nil
}

// restoredGSIs returns the global secondary indexes of a restore: the
// source's (with their recorded throughput, or the table's when the source
// had none), or those of the override, which must each match one of them.
func restoredGSIs(src *types.TableDescription, override []types.GlobalSecondaryIndex, table *types.ProvisionedThroughput) ([]types.GlobalSecondaryIndex, error) {
	var out []types.GlobalSecondaryIndex
	if override == nil {
		for _, g := range liveGSIs(src) {
			out = append(out, types.GlobalSecondaryIndex{IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection,
				ProvisionedThroughput: provisioned(g.ProvisionedThroughput), OnDemandThroughput: g.OnDemandThroughput})
		}
	} else {
		for _, g := range override {
			if !slices.ContainsFunc(liveGSIs(src), func(s types.GlobalSecondaryIndexDescription) bool {
				return sameIndex(s.KeySchema, s.Projection, g.KeySchema, g.Projection)
			}) {
				return nil, indexNotInSource(g.IndexName)
			}
			out = append(out, g)
		}
	}
	for i := range out {
		g := &out[i]
		switch {
		case table == nil:
			g.ProvisionedThroughput = nil
		case g.ProvisionedThroughput == nil || deref(g.ProvisionedThroughput.ReadCapacityUnits) == 0:
			g.ProvisionedThroughput = table
		}
	}
	return out, nil
}

// indexNotInSource is the error of an index override that matches no index
// of the source.
func indexNotInSource(name *string) error {
	return apierr.Validation("Index " + deref(name) + " does not match a secondary index that existed in the source table and cannot be created during the restore operation")
}

// sameIndex reports whether two indexes have the same key schema and
// projection.
func sameIndex(ks1 []types.KeySchemaElement, p1 *types.Projection, ks2 []types.KeySchemaElement, p2 *types.Projection) bool {
	if !slices.EqualFunc(ks1, ks2, func(a, b types.KeySchemaElement) bool {
		return deref(a.AttributeName) == deref(b.AttributeName) && a.KeyType == b.KeyType
	}) || (p1 == nil) != (p2 == nil) {
		return false
	}
	if p1 == nil {
		return true
	}
	a, b := slices.Sorted(slices.Values(p1.NonKeyAttributes)), slices.Sorted(slices.Values(p2.NonKeyAttributes))
	return p1.ProjectionType == p2.ProjectionType && slices.Equal(a, b)
}

// keyDefinitions returns the definitions among defs of the attributes the
// key schemas of in use.
func keyDefinitions(defs []types.AttributeDefinition, in *dynamodb.CreateTableInput) []types.AttributeDefinition {
	used := map[string]bool{}
	mark := func(ks []types.KeySchemaElement) {
		for _, k := range ks {
			used[deref(k.AttributeName)] = true
		}
	}
	mark(in.KeySchema)
	for _, l := range in.LocalSecondaryIndexes {
		mark(l.KeySchema)
	}
	for _, g := range in.GlobalSecondaryIndexes {
		mark(g.KeySchema)
	}
	return slices.DeleteFunc(slices.Clone(defs), func(a types.AttributeDefinition) bool { return !used[deref(a.AttributeName)] })
}

// startRestore creates the target table of a restore, described by desc
// (from newTableDescription) and summary, and starts job filling it. The
// job's checkpoint must already exist; it names its table on success.
func (db *DB) startRestore(desc *types.TableDescription, summary *types.RestoreSummary, job *restoreJob, now time.Time) (*types.TableDescription, error) {
	desc.RestoreSummary = summary
	name := *desc.TableName
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.checkRestoreTarget(name); err != nil {
		return nil, err
	}
	r := &db.recovery
	r.mu.Lock()
	defer r.mu.Unlock()
	if job.Backup != "" && r.restoringFrom(job.Backup) {
		return nil, &types.BackupInUseException{Message: ptr("Backup is being used to restore another table: " + job.Backup)}
	}
	t := db.newCatalogTable(desc)
	t.loading.Store(true)
	job.Table, job.TableID = name, t.id
	if err := db.saveTable(t, recordOp(tableMetaKey(restorePrefix, t.id), job)); err != nil {
		return nil, apierr.Internal("cannot store the table: " + err.Error())
	}
	db.tables[name] = t
	r.restores[t.id] = job
	db.runRestore(t, job, false)
	return db.describe(t, now), nil
}

// checkRestoreTarget returns DynamoDB's error for restoring into the named
// table, if it exists. Callers hold db.mu.
func (db *DB) checkRestoreTarget(name string) error {
	if cur := db.tables[name]; cur != nil && cur.loading.Load() && cur.desc.RestoreSummary != nil {
		msg := "Table: " + name + " is already being restored"
		if arn := cur.desc.RestoreSummary.SourceBackupArn; arn != nil {
			msg += " from backup: " + *arn
		}
		return &types.TableInUseException{Message: ptr(msg)}
	}
	if db.tables[name] != nil || db.deleting[name] != nil {
		return &types.TableAlreadyExistsException{Message: ptr("Table already exists: " + name)}
	}
	return nil
}

// runRestore fills table t from its restore job in the background, then
// makes it ACTIVE. A job resumed after a restart first drops what the
// interrupted one wrote. A job stopped by Close resumes at the next Open.
func (db *DB) runRestore(t *table, job *restoreJob, resume bool) {
	db.bg.Go(func() {
		c := db.background()
		if err := db.restoreItems(c, t, job, resume); err != nil {
			if !db.stopping() {
				slog.Error("engine: restore failed", "table", t.name, "err", err)
			}
			return
		}
		r := &db.recovery
		_, err := db.finishLoad(t, restoreDone, func() {
			r.mu.Lock()
			delete(r.restores, t.id)
			r.mu.Unlock()
		}, storage.Op{Key: tableMetaKey(restorePrefix, t.id), Delete: true})
		if err != nil {
			slog.Error("engine: cannot record a restore as done", "table", t.name, "err", err)
			return
		}
		if job.Time != nil {
			db.store.DeleteCheckpoint(job.Checkpoint)
		}
	})
}

// restoreDone marks the restore of the table d describes as done: its
// RestoreSummary stays, with RestoreInProgress false, as DynamoDB keeps it.
func restoreDone(d *types.TableDescription) {
	d.RestoreSummary.RestoreInProgress = ptr(false)
}

// restoreItems writes the items of job's source into t.
func (db *DB) restoreItems(c call, t *table, job *restoreJob, resume bool) error {
	r, err := db.store.OpenCheckpoint(job.Checkpoint)
	if err != nil {
		return err
	}
	defer r.Close()
	if resume {
		if err := db.resetLoad(c, t); err != nil {
			return err
		}
	}
	var overlay map[string]*pastImage
	if job.Time != nil {
		if overlay, err = readOverlay(r, job.SourceID, t, *job.Time); err != nil {
			return err
		}
	}
	l := &loader{db: db, c: c, t: t, fresh: true}
	if err := scanItemsAt(r, job.SourceID, overlay, l.add); err != nil {
		return err
	}
	return l.flush()
}

// resumeRestores restarts the restores a Close interrupted, and forgets
// the jobs of tables deleted since.
func (db *DB) resumeRestores() {
	r := &db.recovery
	for id, job := range r.restores {
		t := db.tables[job.Table]
		if t == nil || t.id != id {
			if db.store.Write([]storage.Op{{Key: tableMetaKey(restorePrefix, id), Delete: true}}) == nil {
				delete(r.restores, id)
			}
			continue
		}
		t.loading.Store(true)
		db.runRestore(t, job, true)
	}
}

// pastImage is an item's image at a past time: nil when it did not exist.
// used marks the images scanItemsAt has yielded.
type pastImage struct {
	item map[string]types.AttributeValue
	used bool
}

// readOverlay returns, for each item of table source in checkpoint r
// changed after at (by row key without its keyspace prefix), its image at
// at: the image its first change after at replaced. t has the source's key
// schema.
func readOverlay(r storage.Reader, source uint32, t *table, at time.Time) (map[string]*pastImage, error) {
	overlay := map[string]*pastImage{}
	var decodeErr error
	err := r.Scan(pitrKey(source, at.UnixMilli()+1, 0), pitrLogSpan(source).End, false, func(_, v []byte) bool {
		rec, err := decodeRecord(0, v)
		if err != nil {
			decodeErr = err
			return false
		}
		key := string(rowSuffix(t, rec.keys))
		if overlay[key] == nil {
			overlay[key] = &pastImage{item: rec.old}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return overlay, decodeErr
}

// rowSuffix returns the storage key of the item with the given key
// attributes in table t, without its keyspace prefix.
func rowSuffix(t *table, keys map[string]types.AttributeValue) []byte {
	return t.rowKey(keys)[len(keyspace(0)):]
}

// scanItemsAt calls fn with every item of table source in checkpoint r as
// it was at the time overlay was read for (as it is in r when overlay is
// nil), until fn returns an error.
func scanItemsAt(r storage.Reader, source uint32, overlay map[string]*pastImage, fn func(map[string]types.AttributeValue) error) error {
	var fnErr error
	err := r.Scan(keyspace(source), keyspaceEnd(source), false, func(k, v []byte) bool {
		if p := overlay[string(k[len(keyspace(0)):])]; p != nil {
			p.used = true
			if p.item != nil {
				fnErr = fn(p.item)
			}
			return fnErr == nil
		}
		item, err := itemenc.DecodeItem(v)
		if err != nil {
			fnErr = apierr.Internal("cannot decode the item: " + err.Error())
			return false
		}
		fnErr = fn(item)
		return fnErr == nil
	})
	if err := cmp.Or(err, fnErr); err != nil {
		return err
	}
	// Items deleted since.
	for _, p := range overlay {
		if !p.used && p.item != nil {
			if err := fn(p.item); err != nil {
				return err
			}
		}
	}
	return nil
}
