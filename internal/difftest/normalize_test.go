package difftest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/testbackend"
)

func TestNamespaceRequestCopiesAndRenames(t *testing.T) {
	space := namespace{prefix: "dt-1-"}
	orig := &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: str("A"), Item: item{"pk": av.S("x")}}},
		{ConditionCheck: &types.ConditionCheck{TableName: str("B"), Key: item{"pk": av.S("y")}, ConditionExpression: str("attribute_exists(pk)")}},
	}}
	got := space.request(orig, false).(*dynamodb.TransactWriteItemsInput)
	if *got.TransactItems[0].Put.TableName != "dt-1-A" || *got.TransactItems[1].ConditionCheck.TableName != "dt-1-B" {
		t.Errorf("table names not namespaced: %q, %q", *got.TransactItems[0].Put.TableName, *got.TransactItems[1].ConditionCheck.TableName)
	}
	if *orig.TransactItems[0].Put.TableName != "A" {
		t.Error("request modified the original input")
	}
	got.TransactItems[0].Put.Item["pk"].(*types.AttributeValueMemberS).Value = "changed"
	if orig.TransactItems[0].Put.Item["pk"].(*types.AttributeValueMemberS).Value != "x" {
		t.Error("the copy shares attribute values with the original")
	}

	batch := space.request(&dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"A": {}}}, false).(*dynamodb.BatchGetItemInput)
	if _, ok := batch.RequestItems["dt-1-A"]; !ok || len(batch.RequestItems) != 1 {
		t.Errorf("RequestItems keys = %v, want [dt-1-A]", batch.RequestItems)
	}
	if raw := space.request(&dynamodb.GetItemInput{TableName: str("A")}, true).(*dynamodb.GetItemInput); *raw.TableName != "A" {
		t.Errorf("raw request renamed the table to %q", *raw.TableName)
	}
	if lt := space.request(&dynamodb.ListTablesInput{}, false).(*dynamodb.ListTablesInput); aws.ToString(lt.ExclusiveStartTableName) != "dt-1-" {
		t.Errorf("ListTables starts at %q, want the namespace", aws.ToString(lt.ExclusiveStartTableName))
	}
}

func TestNormalizeOutput(t *testing.T) {
	space := namespace{prefix: "dt-1-"}
	ctx := context.Background()
	own := run{ns: space, backend: testbackend.Backend{Name: "fake", API: tableList{names: []string{"a", "dt-1-a", "dt-1-b", "zzz"}}}}
	created := time.Unix(1700000000, 0)
	tests := []struct {
		name string
		out  any
		want any
	}{{
		name: "scan items sorted, sets sorted, empty fields dropped",
		out: &dynamodb.ScanOutput{Count: 2, Items: []map[string]types.AttributeValue{
			{"pk": av.S("b"), "ss": av.SS("z", "a")},
			{"pk": av.S("a"), "l": av.L(av.N("2"), av.N("1"))},
		}},
		want: map[string]any{"Count": int32(2), "ScannedCount": int32(0), "Items": []any{
			map[string]any{"l": map[string]any{"L": []any{map[string]any{"N": "2"}, map[string]any{"N": "1"}}}, "pk": map[string]any{"S": "a"}},
			map[string]any{"pk": map[string]any{"S": "b"}, "ss": map[string]any{"SS": []any{"a", "z"}}},
		}},
	}, {
		name: "namespace, ARN, time and id normalized",
		out: &dynamodb.DescribeTableOutput{Table: &types.TableDescription{
			TableName: str("dt-1-T"), TableArn: str("arn:aws:dynamodb:us-east-1:123456789012:table/dt-1-T"),
			CreationDateTime: &created, TableId: str("8d3c"), LatestStreamLabel: str("2026-01-02T03:04:05.678"),
			LatestStreamArn: str("arn:aws:dynamodb:us-east-1:123456789012:table/dt-1-T/stream/2026-01-02T03:04:05.678"),
		}},
		want: map[string]any{"Table": map[string]any{
			"TableName": "T", "TableArn": "arn:aws:dynamodb:<region>:<account>:table/T",
			"CreationDateTime": anyTime, "TableId": anyID, "LatestStreamLabel": anyTime,
			"LatestStreamArn": "arn:aws:dynamodb:<region>:<account>:table/T/stream/" + anyTime,
		}},
	}, {
		name: "ListTables loses other namespaces",
		out:  own.ownTables(ctx, &dynamodb.ListTablesOutput{TableNames: []string{"dt-1-a", "dt-1-b", "zzz"}, LastEvaluatedTableName: str("zzz")}),
		want: map[string]any{"TableNames": []any{"a", "b"}},
	}, {
		name: "ListTables page ending on the namespace's last table is the last",
		out:  own.ownTables(ctx, &dynamodb.ListTablesOutput{TableNames: []string{"dt-1-b"}, LastEvaluatedTableName: str("dt-1-b")}),
		want: map[string]any{"TableNames": []any{"b"}},
	}, {
		name: "ListTables page followed by more of the namespace's tables",
		out:  own.ownTables(ctx, &dynamodb.ListTablesOutput{TableNames: []string{"dt-1-a"}, LastEvaluatedTableName: str("dt-1-a")}),
		want: map[string]any{"TableNames": []any{"a"}, "LastEvaluatedTableName": "a"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, space.output(tt.out)); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNormalizeError(t *testing.T) {
	space := namespace{prefix: "dt-1-"}
	tests := []struct {
		name string
		err  error
		want any
	}{{
		name: "typed error with its item",
		err:  &types.ConditionalCheckFailedException{Message: str("The conditional request failed"), Item: item{"pk": av.S("a")}},
		want: map[string]any{"error": map[string]any{"code": "ConditionalCheckFailedException", "message": "The conditional request failed",
			"Item": map[string]any{"pk": map[string]any{"S": "a"}}}},
	}, {
		name: "generic error, wrapped, namespace stripped",
		err:  &smithy.OperationError{ServiceID: "DynamoDB", OperationName: "GetItem", Err: &smithy.GenericAPIError{Code: "ValidationException", Message: "Table: dt-1-T bad"}},
		want: map[string]any{"error": map[string]any{"code": "ValidationException", "message": "Table: T bad"}},
	}, {
		name: "not an API error",
		err:  errors.New("dial tcp: refused"),
		want: map[string]any{"error": "not a DynamoDB error: dial tcp: refused"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, space.errorTree(tt.err)); diff != "" {
				t.Errorf("errorTree (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStepCheck(t *testing.T) {
	failure := map[string]any{"error": map[string]any{"code": "ValidationException", "message": "bad"}}
	success := map[string]any{}
	tests := []struct {
		step Step
		res  any
		ok   bool
	}{
		{Step{}, success, true},
		{Step{}, failure, false},
		{Step{Err: "ValidationException"}, failure, true},
		{Step{Err: "ValidationException"}, success, false},
		{Step{Err: "ResourceNotFoundException"}, failure, false},
		{Step{Err: "ValidationException", Message: "bad"}, failure, true},
		{Step{Err: "ValidationException", Message: "other"}, failure, false},
		{Step{}, map[string]any{"panic": "boom"}, false},
		{Step{Want: &dynamodb.GetItemOutput{Item: item{"pk": av.S("a")}}}, map[string]any{"Item": map[string]any{"pk": map[string]any{"S": "a"}}}, true},
		{Step{Want: &dynamodb.GetItemOutput{Item: item{"pk": av.S("a")}}}, success, false},
	}
	for i, tt := range tests {
		if got := tt.step.check(namespace{}, tt.res) == ""; got != tt.ok {
			t.Errorf("case %d: check passed = %v, want %v", i, got, tt.ok)
		}
	}
}

func TestAbbreviateKeepsValuesDistinct(t *testing.T) {
	a, b := strings.Repeat("x", 5000), strings.Repeat("x", 4999)+"y"
	if got := abbreviate("short"); got != "short" {
		t.Errorf("abbreviate(short) = %q", got)
	}
	if len(abbreviate(a)) > 200 {
		t.Errorf("abbreviate of 5000 bytes is %d bytes long", len(abbreviate(a)))
	}
	if abbreviate(a) == abbreviate(b) {
		t.Error("two long values that differ abbreviate to the same text")
	}
}

// tableList is a backend that can only list its tables (sorted).
type tableList struct {
	ddb.API
	names []string
}

func (tl tableList) ListTables(_ context.Context, in *dynamodb.ListTablesInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error) {
	start, _ := slices.BinarySearch(tl.names, aws.ToString(in.ExclusiveStartTableName)+"\x00")
	names := tl.names[start:]
	if in.Limit != nil && len(names) > int(*in.Limit) {
		names = names[:*in.Limit]
	}
	return &dynamodb.ListTablesOutput{TableNames: names}, nil
}
