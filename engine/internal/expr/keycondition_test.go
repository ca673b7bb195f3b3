package expr

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestKeyCondition(t *testing.T) {
	values := item{":v": av.S("p"), ":w": av.S("s"), ":x": av.S("z"), ":a": av.S("a"), ":n": av.N("1")}
	tests := []struct {
		expr    string
		want    *KeyCondition
		wantErr string
	}{
		{expr: "pk = :v", want: &KeyCondition{Partition: []types.AttributeValue{av.S("p")}}},
		{expr: ":v = pk", want: &KeyCondition{Partition: []types.AttributeValue{av.S("p")}}},
		{expr: "(pk = :v)", want: &KeyCondition{Partition: []types.AttributeValue{av.S("p")}}},
		{expr: "pk = :v AND sk = :w", want: &KeyCondition{Partition: []types.AttributeValue{av.S("p")}, SortName: "sk", SortOp: SortEQ, SortValues: []types.AttributeValue{av.S("s")}}},
		{expr: "sk = :w AND pk = :v", want: &KeyCondition{Partition: []types.AttributeValue{av.S("p")}, SortName: "sk", SortOp: SortEQ, SortValues: []types.AttributeValue{av.S("s")}}},
		{expr: "pk = :v AND sk < :w", want: &KeyCondition{Partition: []types.AttributeValue{av.S("p")}, SortName: "sk", SortOp: SortLT, SortValues: []types.AttributeValue{av.S("s")}}},
		{expr: "sk >= :w AND pk = :v", want: &KeyCondition{Partition: []types.AttributeValue{av.S("p")}, SortName: "sk", SortOp: SortGE, SortValues: []types.AttributeValue{av.S("s")}}},
		{expr: "pk = :v AND :w < sk", want: &KeyCondition{Partition: []types.AttributeValue{av.S("p")}, SortName: "sk", SortOp: SortGT, SortValues: []types.AttributeValue{av.S("s")}}},
		{expr: "pk = :v AND (sk = :w)", want: &KeyCondition{Partition: []types.AttributeValue{av.S("p")}, SortName: "sk", SortOp: SortEQ, SortValues: []types.AttributeValue{av.S("s")}}},
		{expr: "pk = :v AND begins_with(sk, :w)", want: &KeyCondition{Partition: []types.AttributeValue{av.S("p")}, SortName: "sk", SortOp: SortBeginsWith, SortValues: []types.AttributeValue{av.S("s")}}},
		{expr: "pk = :v AND sk BETWEEN :a AND :x", want: &KeyCondition{Partition: []types.AttributeValue{av.S("p")}, SortName: "sk", SortOp: SortBetween, SortValues: []types.AttributeValue{av.S("a"), av.S("z")}}},
		{expr: "pk = :v OR sk = :w", wantErr: "Invalid operator used in KeyConditionExpression: OR"},
		{expr: "pk = :v AND sk <> :w", wantErr: "Invalid operator used in KeyConditionExpression: <>"},
		{expr: "NOT pk = :v", wantErr: "Invalid operator used in KeyConditionExpression: NOT"},
		{expr: "pk IN (:v)", wantErr: "Invalid operator used in KeyConditionExpression: IN"},
		{expr: "attribute_exists(pk)", wantErr: "Invalid operator used in KeyConditionExpression: attribute_exists"},
		{expr: "pk = :v AND contains(sk, :w)", wantErr: "Invalid operator used in KeyConditionExpression: contains"},
		{expr: "pk = :v AND sk = :w AND sk = :w", wantErr: "KeyConditionExpressions must only contain one condition per key"},
		{expr: "pk = :v AND pk = :v", wantErr: "KeyConditionExpressions must only contain one condition per key"},
		{expr: "pk = pk", wantErr: "Invalid KeyConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [pk]"},
		{expr: "pk = sk", wantErr: "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"},
		{expr: "pk.x = :v", wantErr: "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes"},
		{expr: "pk[0] = :v", wantErr: "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes"},
		{expr: "pk = :v AND size(sk) > :n", wantErr: "KeyConditionExpressions cannot contain nested operations"},
		{expr: "pk = size(:v)", wantErr: "KeyConditionExpressions cannot contain nested operations"},
		{expr: "pk = :v AND begins_with(:w, sk)", wantErr: "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand"},
		{expr: "pk = :v AND begins_with(sk, :n)", wantErr: "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"},
		{expr: "pk = :v AND sk BETWEEN :x AND :a", wantErr: "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:z}, upper bound operand: AttributeValue: {S:a}"},
		{expr: "status = :v", wantErr: "Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"},
		{expr: "foo(pk)", wantErr: "Invalid KeyConditionExpression: Invalid function name; function: foo"},
	}
	for _, tt := range tests {
		k, err := NewParams(nil, values).KeyCondition(tt.expr)
		if diff := cmp.Diff(tt.wantErr, message(t, err)); diff != "" {
			t.Errorf("KeyCondition(%q) error (-want +got):\n%s", tt.expr, diff)
			continue
		}
		if err == nil {
			if err := k.Match([]string{"pk"}, []string{"sk"}); err != nil {
				t.Errorf("KeyCondition(%q).Match: %v", tt.expr, err)
			}
		}
		if diff := cmp.Diff(tt.want, k, cmpValues, cmpopts.IgnoreUnexported(KeyCondition{})); diff != "" {
			t.Errorf("KeyCondition(%q) (-want +got):\n%s", tt.expr, diff)
		}
	}
}

// Real DynamoDB names the missed key schema element (users report
// "Query condition missed key schema element: Id"); DynamoDB Local does not.
func TestKeyConditionMatch(t *testing.T) {
	values := item{":v": av.S("p"), ":w": av.S("s")}
	tests := []struct{ expr, rangeKey, want string }{
		{"pk < :v", "sk", "Query key condition not supported"},
		{"pk < :v", "", "Query key condition not supported"},
		{"x = :v", "sk", "Query condition missed key schema element: pk"},
		{"sk = :w", "sk", "Query condition missed key schema element: pk"},
		{"sk > :w", "sk", "Query condition missed key schema element: pk"},
		{"pk = :v AND x = :w", "sk", "Query condition missed key schema element: sk"},
		{"pk = :v AND x = :w", "", "Query key condition not supported"},
		{"x = :w AND y = :v", "", "Query key condition not supported"},
		{"sk > :w", "", "Query condition missed key schema element: pk"},
		{"sk = :w AND pk = :v", "sk", ""},
		{"pk = :v", "", ""},
		{"pk = :v AND sk = :w AND x = :w", "sk", "Conditions can be of length 1 or 2 only"},
	}
	for _, tt := range tests {
		k, err := NewParams(nil, values).KeyCondition(tt.expr)
		if err != nil {
			t.Fatalf("KeyCondition(%q): %v", tt.expr, err)
		}
		var rng []string
		if tt.rangeKey != "" {
			rng = []string{tt.rangeKey}
		}
		if got := message(t, k.Match([]string{"pk"}, rng)); got != tt.want {
			t.Errorf("KeyCondition(%q).Match(pk, %q) = %q, want %q", tt.expr, tt.rangeKey, got, tt.want)
		}
	}
}

// The multi-attribute keys of global secondary indexes: an equality on
// every partition key attribute, then conditions on the sort key attributes
// left to right, equalities but for the last. AWS documents the rules but
// not the messages; these are DynamoDB's messages for the same mistakes on
// one-attribute keys: the key schema element missed, or "not supported".
func TestKeyConditionMatchMulti(t *testing.T) {
	values := item{":a": av.S("a"), ":b": av.N("2"), ":c": av.S("c"), ":d": av.S("d"), ":e": av.S("e")}
	hash, rng := []string{"p1", "p2"}, []string{"s1", "s2", "s3"}
	tests := []struct {
		expr    string
		want    *KeyCondition
		wantErr string
	}{
		{expr: "p1 = :a AND p2 = :b", want: &KeyCondition{Partition: []types.AttributeValue{av.S("a"), av.N("2")}}},
		{expr: "p2 = :b AND p1 = :a", want: &KeyCondition{Partition: []types.AttributeValue{av.S("a"), av.N("2")}}},
		{expr: "p1 = :a AND p2 = :b AND s1 = :c", want: &KeyCondition{
			Partition: []types.AttributeValue{av.S("a"), av.N("2")}, SortName: "s1", SortOp: SortEQ, SortValues: []types.AttributeValue{av.S("c")}}},
		{expr: "s2 > :d AND p1 = :a AND s1 = :c AND p2 = :b", want: &KeyCondition{
			Partition: []types.AttributeValue{av.S("a"), av.N("2")}, SortEqual: []types.AttributeValue{av.S("c")},
			SortName: "s2", SortOp: SortGT, SortValues: []types.AttributeValue{av.S("d")}}},
		{expr: "p1 = :a AND p2 = :b AND s1 = :c AND s2 = :d AND s3 BETWEEN :d AND :e", want: &KeyCondition{
			Partition: []types.AttributeValue{av.S("a"), av.N("2")}, SortEqual: []types.AttributeValue{av.S("c"), av.S("d")},
			SortName: "s3", SortOp: SortBetween, SortValues: []types.AttributeValue{av.S("d"), av.S("e")}}},
		{expr: "p1 = :a AND p2 = :b AND begins_with(s1, :c)", want: &KeyCondition{
			Partition: []types.AttributeValue{av.S("a"), av.N("2")}, SortName: "s1", SortOp: SortBeginsWith, SortValues: []types.AttributeValue{av.S("c")}}},
		{expr: "p1 = :a", wantErr: "Query condition missed key schema element: p2"},
		{expr: "p2 = :b", wantErr: "Query condition missed key schema element: p1"},
		{expr: "p1 = :a AND p2 > :b", wantErr: "Query key condition not supported"},
		{expr: "p1 = :a AND p2 = :b AND s2 = :d", wantErr: "Query condition missed key schema element: s1"},
		{expr: "p1 = :a AND p2 = :b AND s1 = :c AND s3 = :d", wantErr: "Query condition missed key schema element: s2"},
		{expr: "p1 = :a AND p2 = :b AND s1 > :c AND s2 = :d", wantErr: "Query key condition not supported"},
		{expr: "p1 = :a AND p2 = :b AND x = :c", wantErr: "Query condition missed key schema element: s1"},
		{expr: "p1 = :a AND p2 = :b AND s1 = :c AND s2 = :d AND s3 = :e AND x = :e", wantErr: "Query key condition not supported"},
	}
	for _, tt := range tests {
		k, err := NewParams(nil, values).KeyCondition(tt.expr)
		if err != nil {
			t.Fatalf("KeyCondition(%q): %v", tt.expr, err)
		}
		err = k.Match(hash, rng)
		if diff := cmp.Diff(tt.wantErr, message(t, err)); diff != "" {
			t.Errorf("KeyCondition(%q).Match error (-want +got):\n%s", tt.expr, diff)
			continue
		}
		if err == nil {
			if diff := cmp.Diff(tt.want, k, cmpValues, cmpopts.IgnoreUnexported(KeyCondition{})); diff != "" {
				t.Errorf("KeyCondition(%q).Match (-want +got):\n%s", tt.expr, diff)
			}
		}
	}
}
