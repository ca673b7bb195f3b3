package engine

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/storage"
)

// Limits on the indexes of one table.
const (
	maxLSIs               = 5
	maxGSIs               = 20
	maxProjectedNonKeyAll = 100
	// maxKeyAttrs is how many attributes a multi-attribute partition or
	// sort key of a global secondary index may have.
	maxKeyAttrs = 4
	// maxKeyAttrName is the longest name, in bytes, of a key attribute or
	// of an attribute projected into an index.
	maxKeyAttrName = 255
)

// arnPrefix starts the ARN of every table, as in DynamoDB Local.
const arnPrefix = "arn:aws:dynamodb:ddblocal:000000000000:table/"

// CreateTable creates a table with its indexes. The returned description
// says CREATING, as DynamoDB's does; the table is ACTIVE for the next call
// (or after Options.StatusDelay).
func (db *DB) CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "CreateTable", in); err != nil {
		return nil, err
	}
	desc, err := newTableDescription(in, db.now())
	if err != nil {
		return nil, err
	}
	tags, err := newTags(in.Tags)
	if err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if name := *desc.TableName; db.tables[name] != nil || db.deleting[name] != nil {
		return nil, &types.ResourceInUseException{Message: ptr("Table already exists: " + name)}
	}
	t := db.newCatalogTable(desc)
	ops := []storage.Op{tagsOp(t.id, tags)}
	var s *stream
	if desc.StreamSpecification != nil {
		var op storage.Op
		s, op = db.newStream(desc, *desc.CreationDateTime)
		ops = append(ops, op)
	}
	if err := db.saveTable(t, ops...); err != nil {
		return nil, apierr.Internal("cannot store the table: " + err.Error())
	}
	db.tables[t.name] = t
	if s != nil {
		db.streams[s.meta.ARN] = s
		t.stream.Store(s)
	}
	out := db.describe(t, *desc.CreationDateTime)
	out.TableStatus = types.TableStatusCreating
	for i := range out.GlobalSecondaryIndexes {
		out.GlobalSecondaryIndexes[i].IndexStatus = types.IndexStatusCreating
	}
	return &dynamodb.CreateTableOutput{TableDescription: out}, nil
}

// newCatalogTable returns the model of a new table described by desc,
// with fresh keyspace ids for it and its indexes, CREATING until
// Options.StatusDelay has passed. Callers hold db.mu.
func (db *DB) newCatalogTable(desc *types.TableDescription) *table {
	rec := &tableRecord{ID: db.allocID(), IndexIDs: map[string]uint32{}, Description: *desc}
	for _, l := range desc.LocalSecondaryIndexes {
		rec.IndexIDs[*l.IndexName] = db.allocID()
	}
	for _, g := range desc.GlobalSecondaryIndexes {
		rec.IndexIDs[*g.IndexName] = db.allocID()
	}
	t := newTable(rec)
	t.activeAt = desc.CreationDateTime.Add(db.opts.StatusDelay)
	return t
}

// byTableName returns a CreateTable request that names its table by name:
// in itself, or a copy with the name of the table in's TableName is the ARN
// of, which CreateTable accepts too (see resolveTable).
func byTableName(in *dynamodb.CreateTableInput) (*dynamodb.CreateTableInput, error) {
	name, err := resolveTable(*in.TableName)
	if err != nil || name == *in.TableName {
		return in, err
	}
	named := *in
	named.TableName = &name
	return &named, nil
}

// newTableDescription validates a CreateTableInput and returns the stored
// description of the new table.
func newTableDescription(in *dynamodb.CreateTableInput, now time.Time) (*types.TableDescription, error) {
	if err := checkCreateTableInput(in); err != nil {
		return nil, err
	}
	in, err := byTableName(in)
	if err != nil {
		return nil, err
	}
	if err := checkKeyAttrNames(in.AttributeDefinitions, tableSchemas(in)); err != nil {
		return nil, err
	}
	defs, err := attributeTypes(in.AttributeDefinitions)
	if err != nil {
		return nil, err
	}
	used := newUsedAttrs()
	if err := checkKeySchema(in.KeySchema, defs, "", "keySchema", used); err != nil {
		return nil, err
	}
	billing := in.BillingMode
	if billing == "" {
		billing = types.BillingModeProvisioned
	}
	throughput, err := tableThroughput(billing, in.ProvisionedThroughput)
	if err != nil {
		return nil, err
	}
	name := *in.TableName
	arn := arnPrefix + name
	d := &types.TableDescription{
		TableName:                 ptr(name),
		TableArn:                  ptr(arn),
		TableId:                   ptr(uuid.NewString()),
		AttributeDefinitions:      in.AttributeDefinitions,
		KeySchema:                 in.KeySchema,
		CreationDateTime:          ptr(now),
		ProvisionedThroughput:     throughput,
		TableSizeBytes:            ptr(int64(0)),
		ItemCount:                 ptr(int64(0)),
		DeletionProtectionEnabled: ptr(in.DeletionProtectionEnabled != nil && *in.DeletionProtectionEnabled),
	}
	if billing == types.BillingModePayPerRequest {
		d.BillingModeSummary = &types.BillingModeSummary{BillingMode: billing, LastUpdateToPayPerRequestDateTime: ptr(now)}
	}
	if in.TableClass != "" {
		d.TableClassSummary = &types.TableClassSummary{TableClass: in.TableClass}
	}
	projected := 0
	if in.LocalSecondaryIndexes != nil {
		if d.LocalSecondaryIndexes, err = localIndexes(in, defs, used, &projected); err != nil {
			return nil, err
		}
	}
	if in.GlobalSecondaryIndexes != nil {
		if d.GlobalSecondaryIndexes, err = globalIndexes(in, billing, defs, used, &projected); err != nil {
			return nil, err
		}
	}
	if err := used.checkAllUsed(in); err != nil {
		return nil, err
	}
	if err := setStream(d, in.StreamSpecification, now); err != nil {
		return nil, err
	}
	if err := setSSE(d, in.SSESpecification); err != nil {
		return nil, err
	}
	if in.OnDemandThroughput != nil {
		if d.OnDemandThroughput, err = onDemandThroughput(in.OnDemandThroughput); err != nil {
			return nil, err
		}
	}
	// Detach the description from the caller's input.
	return cloneDescription(d), nil
}

// attributeTypes checks the attribute definitions and returns their types
// by name.
func attributeTypes(defs []types.AttributeDefinition) (map[string]types.ScalarAttributeType, error) {
	byName := map[string]types.ScalarAttributeType{}
	for i, d := range defs {
		if d.AttributeName == nil {
			return nil, nullField("attributeDefinitions." + itoa(i+1) + ".member.attributeName")
		}
		if err := checkEnum("attributeDefinitions."+itoa(i+1)+".member.attributeType", d.AttributeType, enumScalarType); err != nil {
			return nil, err
		}
		if _, dup := byName[*d.AttributeName]; dup {
			return nil, apierr.Validation("Cannot have two attributes with the same name")
		}
		byName[*d.AttributeName] = d.AttributeType
	}
	return byName, nil
}

// errKeyAttrName is DynamoDB's answer to a key attribute or an attribute
// projected into an index whose name is empty or longer than
// maxKeyAttrName bytes.
var errKeyAttrName = apierr.Validation("Names of key attributes and attributes projected into an index must be between 1 and 255 characters, inclusive")

// indexSchema is the key schema and projection of one index of a table
// being created or of an index being added to a table (a nil projection
// for the table itself).
type indexSchema struct {
	keys       []types.KeySchemaElement
	projection *types.Projection
}

// tableSchemas returns the key schemas and projections of a new table and
// of its indexes.
func tableSchemas(in *dynamodb.CreateTableInput) []indexSchema {
	out := []indexSchema{{keys: in.KeySchema}}
	for _, l := range in.LocalSecondaryIndexes {
		out = append(out, indexSchema{l.KeySchema, l.Projection})
	}
	for _, g := range in.GlobalSecondaryIndexes {
		out = append(out, indexSchema{g.KeySchema, g.Projection})
	}
	return out
}

// checkKeyAttrNames checks the length of the names of the attribute
// definitions, of the key schemas' attributes and of the attributes that
// INCLUDE projections name: 1 to maxKeyAttrName bytes (the API Reference's
// "Minimum length of 1. Maximum length of 255." for
// AttributeDefinition.AttributeName, KeySchemaElement.AttributeName and
// Projection.NonKeyAttributes; DynamoDB and DynamoDB Local count bytes).
// DynamoDB refuses a name of the wrong length even where the request is
// inconsistent otherwise (a key without definition), so this comes before
// the checks of the schemas. Missing names are left to those checks.
func checkKeyAttrNames(defs []types.AttributeDefinition, schemas []indexSchema) error {
	for _, d := range defs {
		if badKeyAttrName(d.AttributeName) {
			return errKeyAttrName
		}
	}
	for _, s := range schemas {
		for _, k := range s.keys {
			if badKeyAttrName(k.AttributeName) {
				return errKeyAttrName
			}
		}
		if p := s.projection; p != nil && p.ProjectionType == types.ProjectionTypeInclude {
			for _, a := range p.NonKeyAttributes {
				if badKeyAttrName(&a) {
					return errKeyAttrName
				}
			}
		}
	}
	return nil
}

// badKeyAttrName reports whether a present key attribute name is empty or
// longer than maxKeyAttrName bytes.
func badKeyAttrName(name *string) bool {
	return name != nil && (*name == "" || len(*name) > maxKeyAttrName)
}

// usedAttrs collects the attributes the key schemas use, in order.
type usedAttrs struct {
	names []string
	seen  map[string]bool
}

func newUsedAttrs() *usedAttrs { return &usedAttrs{seen: map[string]bool{}} }

func (u *usedAttrs) add(name string) {
	if !u.seen[name] {
		u.seen[name] = true
		u.names = append(u.names, name)
	}
}

// checkAllUsed rejects attribute definitions no key schema of in uses.
// DynamoDB words it differently for a table without secondary indexes.
func (u *usedAttrs) checkAllUsed(in *dynamodb.CreateTableInput) error {
	defs := in.AttributeDefinitions
	if len(defs) == len(u.names) {
		return nil
	}
	if in.LocalSecondaryIndexes == nil && in.GlobalSecondaryIndexes == nil {
		return invalidParam("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions")
	}
	all := make([]string, len(defs))
	for i, d := range defs {
		all[i] = *d.AttributeName
	}
	return invalidParam("Some AttributeDefinitions are not used. AttributeDefinitions: [%s], keys used: [%s]",
		strings.Join(all, ", "), strings.Join(u.names, ", "))
}

// checkKeySchema validates the key schema of the table (index == "") or of
// a local ("L") or global ("G") secondary index; field is the request
// member that holds it (such as "keySchema" or
// "globalSecondaryIndexes.1.member.keySchema"), which errors about its
// elements name. A global index's key may have several attributes: up to
// four HASH elements, then up to four RANGE elements, each attribute at
// most once.
func checkKeySchema(schema []types.KeySchemaElement, defs map[string]types.ScalarAttributeType, kind, field string, used *usedAttrs) error {
	if len(schema) > 2 && kind != "G" {
		return apierr.Validation("Key Schema too big.  Key Schema must at most consist of the hash and range key of a table")
	}
	if len(schema) == 0 {
		return apierr.Validation("No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key")
	}
	for i, k := range schema {
		if k.AttributeName == nil {
			return nullField(field + "." + itoa(i+1) + ".member.attributeName")
		}
		if err := checkEnum(field+"."+itoa(i+1)+".member.keyType", k.KeyType, enumKeyType); err != nil {
			return err
		}
	}
	if schema[0].KeyType != types.KeyTypeHash {
		return apierr.Validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
	}
	if kind == "G" {
		if err := checkMultiKeySchema(schema); err != nil {
			return err
		}
	} else if len(schema) == 2 {
		if schema[1].KeyType == types.KeyTypeHash {
			return apierr.Validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
		}
		if *schema[0].AttributeName == *schema[1].AttributeName {
			if kind == "" {
				return apierr.Validation("Invalid KeySchema: Some index key attribute have no definition")
			}
			return apierr.Validation("Two keys can not have the same name")
		}
	}
	for _, k := range schema {
		if _, ok := defs[*k.AttributeName]; !ok {
			return missingKeyDefinition(kind, k.KeyType)
		}
		used.add(*k.AttributeName)
	}
	return nil
}

// checkMultiKeySchema checks the order and counts of the elements of a
// global secondary index's key schema, which starts with a HASH element:
// its HASH elements first, at most maxKeyAttrs of each type, and no
// attribute twice.
func checkMultiKeySchema(schema []types.KeySchemaElement) error {
	hashes, ranges := 0, 0
	for i, k := range schema {
		if k.KeyType == types.KeyTypeHash {
			if ranges > 0 {
				return apierr.Validation("Invalid KeySchema: HASH KeySchemaElements must precede RANGE KeySchemaElements")
			}
			hashes++
		} else {
			ranges++
		}
		for _, prev := range schema[:i] {
			if *prev.AttributeName == *k.AttributeName {
				return apierr.Validation("Two keys can not have the same name")
			}
		}
	}
	if hashes > maxKeyAttrs || ranges > maxKeyAttrs {
		return apierr.Validationf("Key Schema too big.  Key Schema of a global secondary index must at most consist of %d hash keys and %d range keys", maxKeyAttrs, maxKeyAttrs)
	}
	return nil
}

// missingKeyDefinition is the error for a key attribute without definition.
func missingKeyDefinition(kind string, keyType types.KeyType) error {
	key := "hash"
	if keyType == types.KeyTypeRange {
		key = "range"
	}
	switch kind {
	case "L":
		return apierr.Validation("Local Secondary Index " + key + " key not specified in Attribute Definitions.Type unknown.")
	case "G":
		return apierr.Validation("Global Secondary Index " + key + " key not specified in Attribute Definitions.Type unknown.")
	}
	return apierr.Validation(strings.ToUpper(key[:1]) + key[1:] + " Key not specified in Attribute Definitions.  Type unknown.")
}

// tableThroughput checks the throughput of a table under a billing mode and
// returns its description.
func tableThroughput(billing types.BillingMode, pt *types.ProvisionedThroughput) (*types.ProvisionedThroughputDescription, error) {
	if billing == types.BillingModePayPerRequest {
		if pt != nil {
			return nil, invalidParam("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
		}
		return throughputDescription(0, 0), nil
	}
	if pt == nil {
		return nil, apierr.Validation("No provisioned throughput specified for the table")
	}
	if err := checkThroughput(pt, "provisionedThroughput", ofTable); err != nil {
		return nil, err
	}
	return throughputDescription(*pt.ReadCapacityUnits, *pt.WriteCapacityUnits), nil
}

// checkThroughput checks provisioned capacity units given in the request
// member path: against the API model (checkThroughputModel), then against
// tableMaxCapacity, the per-table quota DescribeLimits reports, which
// applies to a table and to each of its global secondary indexes alike; of
// says which, for the error ("Cannot increase provisioned throughput to
// more than 40,000 units per table", as DynamoDB Local words it).
func checkThroughput(pt *types.ProvisionedThroughput, path string, of throughputOwner) error {
	if err := checkThroughputModel(pt, path); err != nil {
		return err
	}
	if max(*pt.ReadCapacityUnits, *pt.WriteCapacityUnits) > tableMaxCapacity {
		return apierr.Validation("Cannot increase provisioned throughput to more than 40,000 units per " + string(of))
	}
	return nil
}

// throughputOwner names what provisioned throughput is of, in errors.
type throughputOwner string

const (
	ofTable throughputOwner = "table"
	ofIndex throughputOwner = "global secondary index"
)

// checkThroughputModel checks provisioned capacity units against the API
// model, which requires both, each at least 1; path is the request member
// that holds them. DynamoDB reports the violations as it does those of
// every model constraint, the write capacity first (as recorded from AWS:
// "2 validation errors detected: Value '0' at
// 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint:
// Member must have value greater than or equal to 1; Value '0' at
// 'provisionedThroughput.readCapacityUnits' ...").
func checkThroughputModel(pt *types.ProvisionedThroughput, path string) error {
	var v violations
	for _, u := range []struct {
		member string
		units  *int64
	}{{"writeCapacityUnits", pt.WriteCapacityUnits}, {"readCapacityUnits", pt.ReadCapacityUnits}} {
		if v.present(path+"."+u.member, u.units != nil) && *u.units < 1 {
			v.add(quote(strconv.FormatInt(*u.units, 10)), path+"."+u.member, "must have value greater than or equal to 1")
		}
	}
	return v.err()
}

func throughputDescription(read, write int64) *types.ProvisionedThroughputDescription {
	return &types.ProvisionedThroughputDescription{
		NumberOfDecreasesToday: ptr(int64(0)),
		ReadCapacityUnits:      ptr(read),
		WriteCapacityUnits:     ptr(write),
	}
}

// checkProjection validates an index projection and counts its non-key
// attributes against the per-table limit.
func checkProjection(p *types.Projection, field string, projected *int) error {
	if p == nil {
		return nullField(field + ".projection")
	}
	if p.ProjectionType == "" {
		return apierr.Validation("Unknown ProjectionType: null")
	}
	if err := checkEnum(field+".projection.projectionType", p.ProjectionType, enumProjectionType); err != nil {
		return err
	}
	// DynamoDB's words, as recorded from AWS by dynalite's tests and the
	// paritysuite/dynamodb-conformance suite.
	if p.ProjectionType != types.ProjectionTypeInclude {
		if len(p.NonKeyAttributes) > 0 {
			return invalidParam("ProjectionType is %s, but NonKeyAttributes is specified", p.ProjectionType)
		}
		return nil
	}
	if len(p.NonKeyAttributes) == 0 {
		return invalidParam("ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
	}
	seen := map[string]bool{}
	for _, a := range p.NonKeyAttributes {
		if seen[a] {
			return apierr.Validation("Cannot have two attributes with the same name")
		}
		seen[a] = true
	}
	*projected += len(p.NonKeyAttributes)
	if *projected > maxProjectedNonKeyAll {
		return invalidParam("The sum of NonKeyAttributes across all secondary indexes in this table exceeds the limit of %d", maxProjectedNonKeyAll)
	}
	return nil
}

// localIndexes validates the local secondary indexes of a new table.
func localIndexes(in *dynamodb.CreateTableInput, defs map[string]types.ScalarAttributeType, used *usedAttrs, projected *int) ([]types.LocalSecondaryIndexDescription, error) {
	if len(in.KeySchema) < 2 {
		return nil, invalidParam("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex")
	}
	if len(in.LocalSecondaryIndexes) == 0 {
		return nil, invalidParam("List of LocalSecondaryIndexes is empty")
	}
	if len(in.LocalSecondaryIndexes) > maxLSIs {
		return nil, invalidParam("Number of LocalSecondaryIndexes exceeds per-table limit of %d", maxLSIs)
	}
	names := map[string]bool{}
	var out []types.LocalSecondaryIndexDescription
	for i, l := range in.LocalSecondaryIndexes {
		field := "localSecondaryIndexes." + itoa(i+1) + ".member"
		if l.IndexName == nil {
			return nil, nullField(field + ".indexName")
		}
		if !validName(*l.IndexName) {
			return nil, errBadName
		}
		if names[*l.IndexName] {
			return nil, invalidParam("Duplicate index name: %s", *l.IndexName)
		}
		names[*l.IndexName] = true
		if err := checkKeySchema(l.KeySchema, defs, "L", field+".keySchema", used); err != nil {
			return nil, err
		}
		if len(l.KeySchema) < 2 {
			return nil, apierr.Validation("Local secondary indices must have a range key")
		}
		if *l.KeySchema[0].AttributeName != *in.KeySchema[0].AttributeName {
			return nil, apierr.Validation("Local Secondary indices must have the same hash key as the main table")
		}
		if err := checkProjection(l.Projection, field, projected); err != nil {
			return nil, err
		}
		out = append(out, types.LocalSecondaryIndexDescription{
			IndexName:      l.IndexName,
			KeySchema:      l.KeySchema,
			Projection:     l.Projection,
			IndexSizeBytes: ptr(int64(0)),
			ItemCount:      ptr(int64(0)),
			IndexArn:       ptr(arnPrefix + *in.TableName + "/index/" + *l.IndexName),
		})
	}
	return out, nil
}

// globalIndexes validates the global secondary indexes of a new table.
func globalIndexes(in *dynamodb.CreateTableInput, billing types.BillingMode, defs map[string]types.ScalarAttributeType, used *usedAttrs, projected *int) ([]types.GlobalSecondaryIndexDescription, error) {
	if len(in.GlobalSecondaryIndexes) == 0 {
		return nil, invalidParam("List of GlobalSecondaryIndexes is empty")
	}
	if len(in.GlobalSecondaryIndexes) > maxGSIs {
		return nil, invalidParam("GlobalSecondaryIndex count exceeds the per-table limit of %d", maxGSIs)
	}
	names := map[string]bool{}
	for _, l := range in.LocalSecondaryIndexes {
		names[*l.IndexName] = true
	}
	var out []types.GlobalSecondaryIndexDescription
	for i, g := range in.GlobalSecondaryIndexes {
		field := "globalSecondaryIndexes." + itoa(i+1) + ".member"
		if g.IndexName == nil {
			return nil, nullField(field + ".indexName")
		}
		if !validName(*g.IndexName) {
			return nil, errBadName
		}
		if names[*g.IndexName] {
			if isLocalIndex(in, *g.IndexName) {
				return nil, apierr.Validation("Local Secondary Indices AND Global Secondary Indices must have different names")
			}
			return nil, invalidParam("Duplicate index name: %s", *g.IndexName)
		}
		names[*g.IndexName] = true
		if err := checkKeySchema(g.KeySchema, defs, "G", field+".keySchema", used); err != nil {
			return nil, err
		}
		if err := checkProjection(g.Projection, field, projected); err != nil {
			return nil, err
		}
		pt, err := indexThroughput(billing, *g.IndexName, field, g.ProvisionedThroughput)
		if err != nil {
			return nil, err
		}
		limits, err := indexOnDemandThroughput(g.OnDemandThroughput)
		if err != nil {
			return nil, err
		}
		out = append(out, types.GlobalSecondaryIndexDescription{
			IndexName:             g.IndexName,
			KeySchema:             g.KeySchema,
			Projection:            g.Projection,
			IndexStatus:           types.IndexStatusActive,
			ProvisionedThroughput: pt,
			OnDemandThroughput:    limits,
			IndexSizeBytes:        ptr(int64(0)),
			ItemCount:             ptr(int64(0)),
			IndexArn:              ptr(arnPrefix + *in.TableName + "/index/" + *g.IndexName),
		})
	}
	return out, nil
}

// isLocalIndex reports whether name is a local secondary index of in.
func isLocalIndex(in *dynamodb.CreateTableInput, name string) bool {
	for _, l := range in.LocalSecondaryIndexes {
		if *l.IndexName == name {
			return true
		}
	}
	return false
}

// indexThroughput checks the throughput of a global secondary index,
// given in the request member field.
func indexThroughput(billing types.BillingMode, name, field string, pt *types.ProvisionedThroughput) (*types.ProvisionedThroughputDescription, error) {
	if billing == types.BillingModePayPerRequest {
		if pt != nil {
			return nil, invalidParam("ProvisionedThroughput should not be specified for index: %s when BillingMode is PAY_PER_REQUEST", name)
		}
		return throughputDescription(0, 0), nil
	}
	if pt == nil {
		return nil, apierr.Validation("No provisioned throughput specified for the global secondary index")
	}
	if err := checkThroughput(pt, field+".provisionedThroughput", ofIndex); err != nil {
		return nil, err
	}
	return throughputDescription(*pt.ReadCapacityUnits, *pt.WriteCapacityUnits), nil
}

// setStream validates the stream specification of a new table and records
// it in d.
func setStream(d *types.TableDescription, spec *types.StreamSpecification, now time.Time) error {
	if spec == nil {
		return nil
	}
	if spec.StreamEnabled == nil {
		return errStreamEnabledNull
	}
	if !*spec.StreamEnabled {
		if spec.StreamViewType != "" {
			return invalidParam("Table is being created with a stream disabled, UpdateViewType should not be specified")
		}
		return nil
	}
	if spec.StreamViewType == "" {
		return invalidParam("Table is being created with a stream enabled, UpdateViewType is required")
	}
	return enableStream(d, spec, now)
}

// errStreamEnabledNull is the error of a stream specification without
// StreamEnabled, which the API model requires.
var errStreamEnabledNull = apierr.Validation("1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null")

// streamLabelLayout is the layout of stream labels: the creation time.
const streamLabelLayout = "2006-01-02T15:04:05.000"

// enableStream records in d a new stream with the view type of spec,
// labelled with its creation time.
func enableStream(d *types.TableDescription, spec *types.StreamSpecification, now time.Time) error {
	if err := checkEnum("streamSpecification.streamViewType", spec.StreamViewType, enumStreamViewType); err != nil {
		return err
	}
	label := now.UTC().Format(streamLabelLayout)
	d.StreamSpecification = &types.StreamSpecification{StreamEnabled: ptr(true), StreamViewType: spec.StreamViewType}
	d.LatestStreamLabel = ptr(label)
	d.LatestStreamArn = ptr(*d.TableArn + "/stream/" + label)
	return nil
}

// kmsKeyPrefix starts the ARN of a table's KMS key, in the account and
// region of the table ARNs.
const kmsKeyPrefix = "arn:aws:kms:ddblocal:000000000000:key/"

// enumSSEType is the SSEType enum of DynamoDB's API model.
var enumSSEType = []string{"AES256", "KMS"}

// setSSE records a server-side encryption specification in d. Encryption
// with a KMS key (the AWS managed key unless KMSMasterKeyId names one) is
// described; the default encryption with an AWS owned key is not.
func setSSE(d *types.TableDescription, spec *types.SSESpecification) error {
	if spec == nil {
		return nil
	}
	if err := checkEnum("sSESpecification.sSEType", spec.SSEType, enumSSEType); err != nil {
		return err
	}
	if spec.Enabled == nil || !*spec.Enabled {
		d.SSEDescription = nil
		return nil
	}
	key := kmsKeyPrefix + uuid.NewString()
	if spec.KMSMasterKeyId != nil {
		key = *spec.KMSMasterKeyId
		if !strings.HasPrefix(key, "arn:") {
			key = kmsKeyPrefix + key
		}
	} else if d.SSEDescription != nil && d.SSEDescription.KMSMasterKeyArn != nil {
		key = *d.SSEDescription.KMSMasterKeyArn
	}
	d.SSEDescription = &types.SSEDescription{Status: types.SSEStatusEnabled, SSEType: types.SSETypeKms, KMSMasterKeyArn: ptr(key)}
	return nil
}

// onDemandThroughput validates the maximum request units of an on-demand
// table: each at least 1, or -1 (the default) for no limit.
func onDemandThroughput(o *types.OnDemandThroughput) (*types.OnDemandThroughput, error) {
	return changedOnDemandThroughput(nil, o)
}

// indexOnDemandThroughput validates the maximum request units given for a
// global secondary index, nil when none are.
func indexOnDemandThroughput(o *types.OnDemandThroughput) (*types.OnDemandThroughput, error) {
	if o == nil {
		return nil, nil
	}
	return onDemandThroughput(o)
}

// changedOnDemandThroughput validates the maximum request units o sets on
// an on-demand table or index whose current ones are cur (nil for none)
// and returns the result: a member o leaves out keeps its current value
// (-1, no limit, when there is none), as -1 is what removes a limit.
func changedOnDemandThroughput(cur, o *types.OnDemandThroughput) (*types.OnDemandThroughput, error) {
	limits := &types.OnDemandThroughput{MaxReadRequestUnits: ptr(int64(-1)), MaxWriteRequestUnits: ptr(int64(-1))}
	if cur != nil {
		limits = &types.OnDemandThroughput{MaxReadRequestUnits: ptr(*cur.MaxReadRequestUnits), MaxWriteRequestUnits: ptr(*cur.MaxWriteRequestUnits)}
	}
	for _, u := range []struct {
		name    string
		in, out **int64
	}{{"MaxReadRequestUnits", &o.MaxReadRequestUnits, &limits.MaxReadRequestUnits}, {"MaxWriteRequestUnits", &o.MaxWriteRequestUnits, &limits.MaxWriteRequestUnits}} {
		if *u.in == nil {
			continue
		}
		if v := **u.in; v < 1 && v != -1 {
			return nil, invalidParam("Requested %s for OnDemandThroughput for table is outside of valid range", u.name)
		}
		*u.out = ptr(**u.in)
	}
	return limits, nil
}
