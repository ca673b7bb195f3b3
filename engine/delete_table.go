package engine

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/storage"
)

// DeleteTable deletes a table and all its items. The returned description
// says DELETING; the table is gone for the next call (or after
// Options.StatusDelay, during which DescribeTable still shows it DELETING).
func (db *DB) DeleteTable(ctx context.Context, in *dynamodb.DeleteTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DeleteTableOutput, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "DeleteTable", in)
	if err != nil {
		return nil, err
	}
	name, err := checkTableNameInput(in.TableName)
	if err != nil {
		return nil, err
	}
	now := db.now()
	t, desc, err := db.removeTable(name, now)
	if err != nil {
		return nil, err
	}
	db.tableDeleted(t, now)

	// The catalog no longer names the table, so its rows are unreachable
	// (keyspace ids are never reused); reclaim their space. The table is
	// deleted already, so the caller's context no longer stops the call.
	c.ctx = context.WithoutCancel(c.ctx)
	if err := db.dropRows(c, t.id); err != nil {
		return nil, apierr.Internal("cannot delete the table's items: " + err.Error())
	}
	for _, ix := range t.indexList() {
		if err := db.dropRows(c, ix.id); err != nil {
			return nil, apierr.Internal("cannot delete the table's index rows: " + err.Error())
		}
	}
	return &dynamodb.DeleteTableOutput{TableDescription: cloneDescription(desc)}, nil
}

// forget ends the DELETING window of a deleted table.
func (db *DB) forget(name string, desc *types.TableDescription) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if d := db.deleting[name]; d != nil && d.desc == desc {
		delete(db.deleting, name)
	}
}

// removeTable takes the table named name out of the catalog at now, in
// storage and in memory, disabling its stream, and returns it with its
// description as DeleteTable reports it.
func (db *DB) removeTable(name string, now time.Time) (*table, *types.TableDescription, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	t := db.tables[name]
	if t == nil {
		return nil, nil, tableNotFound(name)
	}
	if t.loading.Load() {
		return nil, nil, &types.ResourceInUseException{Message: ptr("Attempt to change a resource which is still in use: Table is being created: " + t.name)}
	}
	if t.desc.DeletionProtectionEnabled != nil && *t.desc.DeletionProtectionEnabled {
		return nil, nil, apierr.Validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")
	}
	ops := []storage.Op{{Key: catalogKey(t.name), Delete: true}, {Key: tagsKey(t.id), Delete: true}}
	// The table's stream is disabled with it, and stays readable.
	disableStream := func() {}
	if s := t.stream.Load(); s != nil {
		var op storage.Op
		op, disableStream = s.disable(now)
		ops = append(ops, op)
	}
	if err := db.store.Write(ops); err != nil {
		return nil, nil, apierr.Internal("cannot delete the table: " + err.Error())
	}
	disableStream()
	t.stream.Store(nil)
	desc := db.describe(t, now)
	desc.TableStatus = types.TableStatusDeleting
	for i := range desc.GlobalSecondaryIndexes {
		desc.GlobalSecondaryIndexes[i].IndexStatus = types.IndexStatusDeleting
	}
	delete(db.tables, t.name)
	if db.opts.StatusDelay > 0 {
		db.deleting[t.name] = &deleted{desc: desc, goneAt: now.Add(db.opts.StatusDelay)}
		time.AfterFunc(db.opts.StatusDelay, func() { db.forget(t.name, desc) })
	}
	return t, desc, nil
}
