package engine

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// indexChange is the creation or deletion of a global secondary index by
// UpdateTable, validated against a copy of the table's description.
type indexChange struct {
	create *index // the new index, to be backfilled
	drop   string // the name of the index to delete
}

// changeIndexes applies the Create and Delete entries of an UpdateTable's
// GlobalSecondaryIndexUpdates to d, a copy of t's description, and records
// the keyspace id of a new index in t.ids. Callers hold db.mu.
func (db *DB) changeIndexes(t *table, d *types.TableDescription, in *dynamodb.UpdateTableInput) (*indexChange, error) {
	var creates []*types.CreateGlobalSecondaryIndexAction
	var deletes []*types.DeleteGlobalSecondaryIndexAction
	field := ""
	for i, u := range in.GlobalSecondaryIndexUpdates {
		if u.Create != nil {
			creates = append(creates, u.Create)
			field = "globalSecondaryIndexUpdates." + itoa(i+1) + ".member.create"
		}
		if u.Delete != nil {
			deletes = append(deletes, u.Delete)
		}
	}
	if len(creates)+len(deletes) == 0 {
		return nil, nil
	}
	if len(creates)+len(deletes) > 1 {
		return nil, &types.LimitExceededException{Message: ptr("Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table")}
	}
	for _, g := range d.GlobalSecondaryIndexes {
		switch g.IndexStatus {
		case types.IndexStatusCreating:
			return nil, &types.ResourceInUseException{Message: ptr("Attempt to change a resource which is still in use: Index is being created.")}
		case types.IndexStatusDeleting:
			return nil, &types.ResourceInUseException{Message: ptr("Attempt to change a resource which is still in use: Index is being deleted.")}
		}
	}
	if len(deletes) == 1 {
		name := deref(deletes[0].IndexName)
		g := findGSI(d, name)
		if g == nil {
			return nil, &types.ResourceNotFoundException{Message: ptr("Requested resource not found")}
		}
		g.IndexStatus = types.IndexStatusDeleting
		return &indexChange{drop: name}, nil
	}
	desc, err := db.newGSI(t, d, creates[0], field, in.AttributeDefinitions)
	if err != nil {
		return nil, err
	}
	d.GlobalSecondaryIndexes = append([]types.GlobalSecondaryIndexDescription{*desc}, d.GlobalSecondaryIndexes...)
	rec := &tableRecord{IndexIDs: map[string]uint32{*desc.IndexName: db.allocID()}, Description: *d}
	ix := newIndex(rec, *desc.IndexName, true, desc.KeySchema, desc.Projection)
	ix.filling.Store(true)
	if t.ids == nil {
		t.ids = map[string]uint32{}
	}
	t.ids[ix.name] = ix.id
	return &indexChange{create: ix}, nil
}

// newGSI validates the creation of a global secondary index on a table with
// description d, adding the new key attributes to d's definitions, and
// returns the new index's description; field is the request member that
// holds the creation, which errors name.
func (db *DB) newGSI(t *table, d *types.TableDescription, c *types.CreateGlobalSecondaryIndexAction, field string, newDefs []types.AttributeDefinition) (*types.GlobalSecondaryIndexDescription, error) {
	if c.IndexName == nil {
		return nil, nullField(field + ".indexName")
	}
	// DynamoDB Local checks the key attributes' names before the index's
	// name, and the projected attributes' names after it.
	if err := checkKeyAttrNames(newDefs, []indexSchema{{keys: c.KeySchema}}); err != nil {
		return nil, err
	}
	name := *c.IndexName
	if !validName(name) {
		return nil, errBadName
	}
	if err := checkKeyAttrNames(nil, []indexSchema{{projection: c.Projection}}); err != nil {
		return nil, err
	}
	if findGSI(d, name) != nil || slices.ContainsFunc(d.LocalSecondaryIndexes, func(l types.LocalSecondaryIndexDescription) bool { return *l.IndexName == name }) {
		return nil, apierr.Validation("Attempting to create an index which already exists")
	}
	if newDefs == nil {
		return nil, apierr.Validation("No Attribute Schema Defined")
	}
	defs, err := attributeTypes(newDefs)
	if err != nil {
		return nil, err
	}
	for _, old := range d.AttributeDefinitions {
		if typ, ok := defs[*old.AttributeName]; ok && typ != old.AttributeType {
			return nil, apierr.Validation("invalid attribute, SchemaElement redefined should be of same type as previously defined")
		}
		defs[*old.AttributeName] = old.AttributeType
	}
	if err := checkKeySchema(c.KeySchema, defs, "G", field+".keySchema", newUsedAttrs()); err != nil {
		return nil, err
	}
	if len(d.GlobalSecondaryIndexes) >= maxGSIs {
		return nil, invalidParam("GlobalSecondaryIndex count exceeds the per-table limit of %d", maxGSIs)
	}
	projected := 0
	for _, g := range d.GlobalSecondaryIndexes {
		projected += len(g.Projection.NonKeyAttributes)
	}
	for _, l := range d.LocalSecondaryIndexes {
		projected += len(l.Projection.NonKeyAttributes)
	}
	if err := checkProjection(c.Projection, field, &projected); err != nil {
		return nil, err
	}
	pt, err := indexThroughput(currentBilling(d), name, field, c.ProvisionedThroughput)
	if err != nil {
		return nil, err
	}
	limits, err := indexOnDemandThroughput(c.OnDemandThroughput)
	if err != nil {
		return nil, err
	}
	for _, k := range c.KeySchema {
		if !slices.ContainsFunc(d.AttributeDefinitions, func(a types.AttributeDefinition) bool { return *a.AttributeName == *k.AttributeName }) {
			d.AttributeDefinitions = append(d.AttributeDefinitions, types.AttributeDefinition{AttributeName: k.AttributeName, AttributeType: defs[*k.AttributeName]})
		}
	}
	return &types.GlobalSecondaryIndexDescription{
		IndexName:             ptr(name),
		KeySchema:             c.KeySchema,
		Projection:            c.Projection,
		IndexStatus:           types.IndexStatusCreating,
		Backfilling:           ptr(true),
		ProvisionedThroughput: pt,
		OnDemandThroughput:    limits,
		IndexSizeBytes:        ptr(int64(0)),
		ItemCount:             ptr(int64(0)),
		IndexArn:              ptr(arnPrefix + t.name + "/index/" + name),
	}, nil
}

// apply publishes a validated index change once the catalog records it:
// a new index is maintained by every later write and backfilled in the
// background; a deleted one stops being maintained and its rows are dropped
// in the background. Callers hold db.mu.
func (db *DB) apply(t *table, c *indexChange) {
	list := t.indexList()
	if c.create != nil {
		t.indexes.Store(ptr(append(slices.Clip(list), c.create)))
		db.startBackfill(t, c.create)
		return
	}
	ix := t.index(c.drop)
	t.indexes.Store(ptr(slices.DeleteFunc(slices.Clone(list), func(x *index) bool { return x == ix })))
	ix.filling.Store(false)
	db.startDrop(t, c.drop, ix.id)
}
