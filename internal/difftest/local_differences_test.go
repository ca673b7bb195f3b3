package difftest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/go-cmp/cmp"
)

func TestAsDynamoDB(t *testing.T) {
	tests := []struct {
		name     string
		in       any
		local    any
		dynamoDB any
	}{{
		name:     "CreateTable says CREATING, with a table id",
		in:       &dynamodb.CreateTableInput{},
		local:    map[string]any{"TableDescription": map[string]any{"TableStatus": "ACTIVE", "GlobalSecondaryIndexes": []any{map[string]any{"IndexStatus": "ACTIVE"}}}},
		dynamoDB: map[string]any{"TableDescription": map[string]any{"TableStatus": "CREATING", "TableId": anyID, "GlobalSecondaryIndexes": []any{map[string]any{"IndexStatus": "CREATING"}}}},
	}, {
		name:     "DeleteTable says DELETING, indexes too",
		in:       &dynamodb.DeleteTableInput{},
		local:    map[string]any{"TableDescription": map[string]any{"TableStatus": "ACTIVE", "GlobalSecondaryIndexes": []any{map[string]any{"IndexStatus": "ACTIVE"}}}},
		dynamoDB: map[string]any{"TableDescription": map[string]any{"TableStatus": "DELETING", "TableId": anyID, "GlobalSecondaryIndexes": []any{map[string]any{"IndexStatus": "DELETING"}}}},
	}, {
		name: "index throughput with NumberOfDecreasesToday",
		in:   &dynamodb.DescribeTableInput{},
		local: map[string]any{"Table": map[string]any{"GlobalSecondaryIndexes": []any{
			map[string]any{"ProvisionedThroughput": map[string]any{"ReadCapacityUnits": int64(1)}}, map[string]any{}}}},
		dynamoDB: map[string]any{"Table": map[string]any{"TableId": anyID, "GlobalSecondaryIndexes": []any{
			map[string]any{"ProvisionedThroughput": map[string]any{"ReadCapacityUnits": int64(1), "NumberOfDecreasesToday": int64(0)}}, map[string]any{}}}},
	}, {
		name:     "DescribeTable keeps ACTIVE",
		in:       &dynamodb.DescribeTableInput{},
		local:    map[string]any{"Table": map[string]any{"TableStatus": "ACTIVE"}},
		dynamoDB: map[string]any{"Table": map[string]any{"TableStatus": "ACTIVE", "TableId": anyID}},
	}, {
		name:     "missing table, table operation",
		in:       &dynamodb.DescribeTableInput{TableName: str("T")},
		local:    map[string]any{"error": map[string]any{"code": "ResourceNotFoundException", "message": "Cannot do operations on a non-existent table"}},
		dynamoDB: map[string]any{"error": map[string]any{"code": "ResourceNotFoundException", "message": "Requested resource not found: Table: T not found"}},
	}, {
		name:     "missing table, item operation",
		in:       &dynamodb.GetItemInput{TableName: str("T")},
		local:    map[string]any{"error": map[string]any{"code": "ResourceNotFoundException", "message": "Cannot do operations on a non-existent table"}},
		dynamoDB: map[string]any{"error": map[string]any{"code": "ResourceNotFoundException", "message": "Requested resource not found"}},
	}, {
		name: "nested numbers in canonical form",
		in:   &dynamodb.GetItemInput{},
		local: map[string]any{"Item": map[string]any{"m": map[string]any{"M": map[string]any{
			"a": map[string]any{"N": "-0"}, "l": map[string]any{"L": []any{map[string]any{"N": "1.50"}, map[string]any{"N": "1E+2"}}}}}}},
		dynamoDB: map[string]any{"Item": map[string]any{"m": map[string]any{"M": map[string]any{
			"a": map[string]any{"N": "0"}, "l": map[string]any{"L": []any{map[string]any{"N": "1.5"}, map[string]any{"N": "100"}}}}}}},
	}, {
		name:     "number set members in canonical form, sorted again",
		in:       &dynamodb.UpdateItemInput{},
		local:    map[string]any{"Attributes": map[string]any{"ns": map[string]any{"NS": []any{"1.0", "1E+2", "20"}}}},
		dynamoDB: map[string]any{"Attributes": map[string]any{"ns": map[string]any{"NS": []any{"1", "100", "20"}}}},
	}, {
		name: "a Scan's items sorted again after their numbers",
		in:   &dynamodb.ScanInput{},
		local: map[string]any{"Items": []any{
			map[string]any{"n": map[string]any{"L": []any{map[string]any{"N": "0.5"}}}},
			map[string]any{"n": map[string]any{"L": []any{map[string]any{"N": "1E-3"}}}}}},
		dynamoDB: map[string]any{"Items": []any{
			map[string]any{"n": map[string]any{"L": []any{map[string]any{"N": "0.001"}}}},
			map[string]any{"n": map[string]any{"L": []any{map[string]any{"N": "0.5"}}}}}},
	}, {
		name: "Local's consistent read of a global index",
		in:   &dynamodb.ScanInput{},
		local: map[string]any{"error": map[string]any{"code": "ValidationException",
			"message": "Consistent read cannot be true when scanning a GSI"}},
		dynamoDB: map[string]any{"error": map[string]any{"code": "ValidationException",
			"message": "Consistent reads are not supported on global secondary indexes"}},
	}, {
		name:     "other errors untouched",
		in:       &dynamodb.GetItemInput{TableName: str("T")},
		local:    map[string]any{"error": map[string]any{"code": "ValidationException", "message": "x"}},
		dynamoDB: map[string]any{"error": map[string]any{"code": "ValidationException", "message": "x"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.dynamoDB, asDynamoDB(tt.in, tt.local)); diff != "" {
				t.Errorf("asDynamoDB (-want +got):\n%s", diff)
			}
		})
	}
}
