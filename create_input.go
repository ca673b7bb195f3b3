package ddb

import (
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// CreateTableInput returns the request that creates the table: key schema,
// attribute definitions (each key attribute of the table and its indexes
// once, in order of first use), indexes, billing and stream. Time to live is
// not part of it: Create sets it with a separate UpdateTimeToLive call.
func (s *Schema) CreateTableInput() *dynamodb.CreateTableInput {
	in := &dynamodb.CreateTableInput{
		TableName: aws.String(s.name),
		KeySchema: keySchema(s.def.HashKey, s.def.RangeKey),
	}
	var defs []types.AttributeDefinition
	define := func(attrs ...string) {
		for _, a := range attrs {
			defined := slices.ContainsFunc(defs, func(d types.AttributeDefinition) bool { return *d.AttributeName == a })
			if a != "" && !defined {
				defs = append(defs, types.AttributeDefinition{
					AttributeName: aws.String(a),
					AttributeType: types.ScalarAttributeType(s.types[a]),
				})
			}
		}
	}
	define(s.def.HashKey, s.def.RangeKey)
	for _, ix := range s.def.Indexes {
		hash, rangeKeys := ix.KeyAttributes()
		define(slices.Concat(hash, rangeKeys)...)
		if ix.Local {
			in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, types.LocalSecondaryIndex{
				IndexName:  aws.String(ix.Name),
				KeySchema:  keySchema(ix.HashKey, ix.RangeKey),
				Projection: ix.Projection.sdk(),
			})
			continue
		}
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName:             aws.String(ix.Name),
			KeySchema:             indexKeySchema(ix),
			Projection:            ix.Projection.sdk(),
			ProvisionedThroughput: ix.Throughput.sdk(),
		})
	}
	in.AttributeDefinitions = defs
	if s.cfg.throughput == nil {
		in.BillingMode = types.BillingModePayPerRequest
	} else {
		in.BillingMode = types.BillingModeProvisioned
		in.ProvisionedThroughput = s.cfg.throughput.sdk()
	}
	for _, k := range slices.Sorted(maps.Keys(s.cfg.tags)) {
		in.Tags = append(in.Tags, types.Tag{Key: aws.String(k), Value: aws.String(s.cfg.tags[k])})
	}
	if s.cfg.stream != "" {
		in.StreamSpecification = &types.StreamSpecification{
			StreamEnabled:  aws.Bool(true),
			StreamViewType: s.cfg.stream,
		}
	}
	return in
}

// keySchema returns a HASH element and, when rangeKey is set, a RANGE one.
func keySchema(hashKey, rangeKey string) []types.KeySchemaElement {
	ks := []types.KeySchemaElement{{AttributeName: aws.String(hashKey), KeyType: types.KeyTypeHash}}
	if rangeKey != "" {
		ks = append(ks, types.KeySchemaElement{AttributeName: aws.String(rangeKey), KeyType: types.KeyTypeRange})
	}
	return ks
}

// indexKeySchema returns the key schema of an index: its HASH elements,
// then its RANGE elements, several for a multi-attribute key.
func indexKeySchema(ix Index) []types.KeySchemaElement {
	hash, rangeKeys := ix.KeyAttributes()
	ks := make([]types.KeySchemaElement, 0, len(hash)+len(rangeKeys))
	for _, h := range hash {
		ks = append(ks, types.KeySchemaElement{AttributeName: aws.String(h), KeyType: types.KeyTypeHash})
	}
	for _, r := range rangeKeys {
		ks = append(ks, types.KeySchemaElement{AttributeName: aws.String(r), KeyType: types.KeyTypeRange})
	}
	return ks
}

// sdk returns the SDK form of p.
func (p Projection) sdk() *types.Projection {
	out := &types.Projection{ProjectionType: p.Type}
	if len(p.Attributes) > 0 {
		out.NonKeyAttributes = append([]string(nil), p.Attributes...)
	}
	return out
}

// sdk returns the SDK form of t, nil for nil.
func (t *Throughput) sdk() *types.ProvisionedThroughput {
	if t == nil {
		return nil
	}
	return &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(t.Read), WriteCapacityUnits: aws.Int64(t.Write)}
}
