package ddb

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
)

// described returns the description of a table created from s, as
// DynamoDB would report it.
func described(s *Schema) *types.TableDescription {
	in := s.CreateTableInput()
	d := &types.TableDescription{KeySchema: in.KeySchema, AttributeDefinitions: in.AttributeDefinitions}
	for _, ix := range in.GlobalSecondaryIndexes {
		d.GlobalSecondaryIndexes = append(d.GlobalSecondaryIndexes, types.GlobalSecondaryIndexDescription{IndexName: ix.IndexName, KeySchema: ix.KeySchema, Projection: ix.Projection})
	}
	for _, ix := range in.LocalSecondaryIndexes {
		d.LocalSecondaryIndexes = append(d.LocalSecondaryIndexes, types.LocalSecondaryIndexDescription{IndexName: ix.IndexName, KeySchema: ix.KeySchema, Projection: ix.Projection})
	}
	if in.StreamSpecification != nil {
		d.StreamSpecification = in.StreamSpecification
	}
	return d
}

func TestDrift(t *testing.T) {
	declared, err := SchemaFor[Message]("messages", WithIndex("by_author", ProjectInclude("body", "tags")),
		WithStream(types.StreamViewTypeNewAndOldImages), WithTTL("expires"))
	if err != nil {
		t.Fatal(err)
	}
	ttlOn := &types.TimeToLiveDescription{AttributeName: aws.String("expires"), TimeToLiveStatus: types.TimeToLiveStatusEnabled}
	tests := []struct {
		name   string
		change func(d *types.TableDescription) *types.TimeToLiveDescription
		want   []Difference
	}{
		{"same", func(d *types.TableDescription) *types.TimeToLiveDescription { return ttlOn }, nil},
		{"projection attributes in another order", func(d *types.TableDescription) *types.TimeToLiveDescription {
			d.GlobalSecondaryIndexes[1].Projection = &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"tags", "body"}}
			return ttlOn
		}, nil},
		{"time to live unknown", func(d *types.TableDescription) *types.TimeToLiveDescription { return nil }, nil},
		{"missing, undeclared and changed indexes", func(d *types.TableDescription) *types.TimeToLiveDescription {
			d.GlobalSecondaryIndexes = d.GlobalSecondaryIndexes[1:] // by_forum_author missing
			d.GlobalSecondaryIndexes[0].Projection = &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}
			d.LocalSecondaryIndexes[0].KeySchema = keySchema("forum", "author")
			d.GlobalSecondaryIndexes = append(d.GlobalSecondaryIndexes, types.GlobalSecondaryIndexDescription{
				IndexName: aws.String("by_body"), KeySchema: keySchema("body", ""), Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}})
			d.AttributeDefinitions = append(d.AttributeDefinitions, types.AttributeDefinition{AttributeName: aws.String("body"), AttributeType: types.ScalarAttributeTypeS})
			return ttlOn
		}, []Difference{
			{DiffIndexMissing, "by_forum_author", "global [forum HASH S, author RANGE S] ALL", "none"},
			{DiffIndexKeySchema, "by_posted", "[forum HASH S, posted RANGE N]", "[forum HASH S, author RANGE S]"},
			{DiffProjection, "by_author", "INCLUDE [body tags]", "KEYS_ONLY"},
			{DiffIndexUndeclared, "by_body", "none", "global [body HASH S] ALL"},
		}},
		{"index of the other kind", func(d *types.TableDescription) *types.TimeToLiveDescription {
			score := d.LocalSecondaryIndexes[1]
			d.LocalSecondaryIndexes = d.LocalSecondaryIndexes[:1]
			d.GlobalSecondaryIndexes = append(d.GlobalSecondaryIndexes, types.GlobalSecondaryIndexDescription{IndexName: score.IndexName, KeySchema: score.KeySchema, Projection: score.Projection})
			return ttlOn
		}, []Difference{{DiffIndexKind, "by_score", "local", "global"}}},
		{"key attribute of another type", func(d *types.TableDescription) *types.TimeToLiveDescription {
			for i, a := range d.AttributeDefinitions {
				if *a.AttributeName == "score" {
					d.AttributeDefinitions[i].AttributeType = types.ScalarAttributeTypeS
				}
			}
			return ttlOn
		}, []Difference{
			{DiffIndexKeySchema, "by_author", "[author HASH S, score RANGE N]", "[author HASH S, score RANGE S]"},
			{DiffIndexKeySchema, "by_score", "[forum HASH S, score RANGE N]", "[forum HASH S, score RANGE S]"},
		}},
		{"table keys, time to live and stream", func(d *types.TableDescription) *types.TimeToLiveDescription {
			d.KeySchema = keySchema("forum", "")
			d.StreamSpecification = nil
			return &types.TimeToLiveDescription{AttributeName: aws.String("gone"), TimeToLiveStatus: types.TimeToLiveStatusEnabling}
		}, []Difference{
			{DiffKeySchema, "", "[forum HASH S, thread RANGE S]", "[forum HASH S]"},
			{DiffTTL, "", "expires", "gone"},
			{DiffStream, "", "NEW_AND_OLD_IMAGES", "none"},
		}},
		{"time to live disabled", func(d *types.TableDescription) *types.TimeToLiveDescription {
			return &types.TimeToLiveDescription{TimeToLiveStatus: types.TimeToLiveStatusDisabled}
		}, []Difference{{DiffTTL, "", "expires", "none"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := described(declared)
			ttl := tt.change(d)
			if diff := cmp.Diff(tt.want, declared.drift(d, ttl)); diff != "" {
				t.Errorf("drift (-want +got):\n%s", diff)
			}
		})
	}
}
