package main

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
)

// schemaOf returns the declaration of a described table under the name
// name: its keys, indexes (with their projections and provisioned
// capacity), billing, stream and, when ttl is not "", time to live. Table
// class, encryption, tags and deletion protection are not part of it.
func schemaOf(d *types.TableDescription, name, ttl string) (*ddb.Schema, error) {
	var def ddb.Definition
	for _, a := range d.AttributeDefinitions {
		def.Fields = append(def.Fields, ddb.Field{Name: aws.ToString(a.AttributeName), Type: ddb.AttrType(a.AttributeType)})
	}
	def.HashKey, def.RangeKey = keyNames(d.KeySchema)
	provisioned := isProvisioned(d)
	for _, ix := range d.GlobalSecondaryIndexes {
		hash, rangeKey := keyNames(ix.KeySchema)
		index := ddb.Index{Name: aws.ToString(ix.IndexName), HashKey: hash, RangeKey: rangeKey, Projection: projectionOf(ix.Projection)}
		if t := ix.ProvisionedThroughput; provisioned && t != nil && aws.ToInt64(t.ReadCapacityUnits) > 0 {
			index.Throughput = &ddb.Throughput{Read: aws.ToInt64(t.ReadCapacityUnits), Write: aws.ToInt64(t.WriteCapacityUnits)}
		}
		def.Indexes = append(def.Indexes, index)
	}
	for _, ix := range d.LocalSecondaryIndexes {
		hash, rangeKey := keyNames(ix.KeySchema)
		def.Indexes = append(def.Indexes, ddb.Index{Name: aws.ToString(ix.IndexName), Local: true, HashKey: hash, RangeKey: rangeKey, Projection: projectionOf(ix.Projection)})
	}
	var opts []ddb.TableOption
	if t := d.ProvisionedThroughput; provisioned && t != nil {
		opts = append(opts, ddb.Provisioned(max(aws.ToInt64(t.ReadCapacityUnits), 1), max(aws.ToInt64(t.WriteCapacityUnits), 1)))
	}
	if s := d.StreamSpecification; s != nil && aws.ToBool(s.StreamEnabled) {
		opts = append(opts, ddb.WithStream(s.StreamViewType))
	}
	if ttl != "" {
		opts = append(opts, ddb.WithTTL(ttl))
	}
	return ddb.NewSchema(name, def, opts...)
}

// isProvisioned reports whether a table has provisioned capacity: its
// billing mode says so or, for a description without one (tables made
// before on-demand billing, some emulators), its capacity is not zero.
func isProvisioned(d *types.TableDescription) bool {
	if s := d.BillingModeSummary; s != nil && s.BillingMode != "" {
		return s.BillingMode == types.BillingModeProvisioned
	}
	t := d.ProvisionedThroughput
	return t != nil && aws.ToInt64(t.ReadCapacityUnits) > 0
}

// projectionOf returns the library's form of an index projection.
func projectionOf(p *types.Projection) ddb.Projection {
	if p == nil {
		return ddb.Projection{}
	}
	return ddb.Projection{Type: p.ProjectionType, Attributes: p.NonKeyAttributes}
}

// itemTable returns the table of a description for the library's batch
// writes of items as they are.
func itemTable(db *ddb.DB, d *types.TableDescription) (*ddb.Table[ddb.Item], error) {
	s, err := schemaOf(d, aws.ToString(d.TableName), "")
	if err != nil {
		return nil, err
	}
	return ddb.TableWithSchema[ddb.Item](db, s), nil
}
