package ddb

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

func TestWriteTxInput(t *testing.T) {
	api := &fakeAPI{}
	db := New(api)
	rows, err := NewTable[row](db, "rows")
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := NewTable[pair](db, "pairs")
	if err != nil {
		t.Fatal(err)
	}
	err = WriteTx().
		Put(rows, &row{P: "a", S: 1, G: "g"}, IfNotExists()).
		Update(pairs, Key("b", 2), Increment("n", 1), If(Attr("n").LessThan(10))).
		Delete(rows, Key("c", 3), ReturnOldOnConditionFailure(new(row)), IfExists()).
		Check(pairs, Key("d", 4), Attr("ok").Equal(true)).
		Idempotent("token-1").
		Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := &dynamodb.TransactWriteItemsInput{
		ClientRequestToken: aws.String("token-1"),
		TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{
				TableName:                aws.String("rows"),
				Item:                     Item{"p": av.S("a"), "s": av.N("1"), "g": av.S("g"), "x": av.N("0")},
				ConditionExpression:      aws.String("attribute_not_exists(#n0)"),
				ExpressionAttributeNames: map[string]string{"#n0": "p"},
			}},
			{Update: &types.Update{
				TableName:                 aws.String("pairs"),
				Key:                       Item{"p": av.S("b"), "s": av.N("2")},
				UpdateExpression:          aws.String("SET #n0 = if_not_exists(#n0, :v2) + :v1"),
				ConditionExpression:       aws.String("#n0 < :v0"),
				ExpressionAttributeNames:  map[string]string{"#n0": "n"},
				ExpressionAttributeValues: Item{":v0": av.N("10"), ":v1": av.N("1"), ":v2": av.N("0")},
			}},
			{Delete: &types.Delete{
				TableName:                           aws.String("rows"),
				Key:                                 Item{"p": av.S("c"), "s": av.N("3")},
				ConditionExpression:                 aws.String("attribute_exists(#n0)"),
				ExpressionAttributeNames:            map[string]string{"#n0": "p"},
				ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
			}},
			{ConditionCheck: &types.ConditionCheck{
				TableName:                 aws.String("pairs"),
				Key:                       Item{"p": av.S("d"), "s": av.N("4")},
				ConditionExpression:       aws.String("#n0 = :v0"),
				ExpressionAttributeNames:  map[string]string{"#n0": "ok"},
				ExpressionAttributeValues: Item{":v0": &types.AttributeValueMemberBOOL{Value: true}},
			}},
		},
	}
	if diff := cmp.Diff([]any{want}, api.inputs, sdkCmp); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestWriteTxCanceled(t *testing.T) {
	api := &fakeAPI{txErr: &types.TransactionCanceledException{
		Message: aws.String("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]"),
		CancellationReasons: []types.CancellationReason{
			{Code: aws.String("None")},
			{Code: aws.String("ConditionalCheckFailed"), Message: aws.String("The conditional request failed"),
				Item: Item{"p": av.S("b"), "s": av.N("2"), "x": av.N("7")}},
		},
	}}
	rows := newRows(t, api)
	var current row
	err := WriteTx().
		Put(rows, row{P: "a", S: 1}).
		Delete(rows, Key("b", 2), If(Attr("x").Equal(0)), ReturnOldOnConditionFailure(&current)).
		Run(t.Context())
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrTransactionCanceled) || !errors.Is(err, ErrConditionFailed) || errors.Is(err, ErrThrottled) {
		t.Fatalf("Run: %v", err)
	}
	wantReasons := []CancellationReason{
		{Code: "None"},
		{Code: "ConditionalCheckFailed", Message: "The conditional request failed", Item: Item{"p": av.S("b"), "s": av.N("2"), "x": av.N("7")}},
	}
	if diff := cmp.Diff(wantReasons, e.Reasons, sdkCmp); diff != "" {
		t.Errorf("reasons (-want +got):\n%s", diff)
	}
	if e.Code != CodeTransactionCanceled || e.Op != "TransactWriteItems" || current != (row{P: "b", S: 2, X: 7}) {
		t.Errorf("error %+v, item %+v", e, current)
	}
}

func TestTxErrors(t *testing.T) {
	rows := newRows(t, nil)
	other := TableWithSchema[Item](New(nil), rows.Schema())
	ctx := t.Context()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"empty", WriteTx().Run(ctx), "ddb: TransactWriteItems: transaction has no actions"},
		{"wrong item type", WriteTx().Put(rows, pair{}).Run(ctx),
			"ddb: TransactWriteItems rows: action 0: item of type ddb.pair for a table of ddb.row"},
		{"return values", WriteTx().Put(rows, row{}, ReturnOld(new(row))).Run(ctx),
			"ddb: TransactWriteItems rows: action 0: a transaction returns no items; only ReturnOldOnConditionFailure applies"},
		{"capacity on an action", WriteTx().Delete(rows, Key("a", 1), ConsumedCapacity(new(Capacity))).Run(ctx),
			"ddb: TransactWriteItems rows: action 0: give ConsumedCapacity to Run, not to an action"},
		{"check without condition", WriteTx().Check(rows, Key("a", 1), Condition{}).Run(ctx),
			"ddb: TransactWriteItems rows: action 0: Check needs a condition"},
		{"bad key", WriteTx().Check(rows, Key("a", 1), Attr("x").Exists()).Update(rows, Key("a"), Set("x", 1)).Run(ctx),
			"ddb: TransactWriteItems rows: action 1: a key of this table has 2 values ([p s]), got 1"},
		{"two DBs", WriteTx().Delete(rows, Key("a", 1)).Delete(other, Key("a", 2)).Run(ctx),
			"ddb: TransactWriteItems: tables rows and rows of one transaction belong to different DBs"},
		{"consistent get", GetTx().Get(rows, Key("a", 1), new(row), Consistent()).Run(ctx),
			"ddb: TransactGetItems rows: read 0: transactions always read consistently; drop Consistent"},
		{"empty get", GetTx().Run(ctx), "ddb: TransactGetItems: transaction has no actions"},
		{"nil item", WriteTx().Put(rows, nil).Run(ctx), "ddb: TransactWriteItems rows: action 0: item is nil"},
		{"nil table", WriteTx().Put(nil, row{}).Run(ctx), "ddb: TransactWriteItems: action 0: the table is nil"},
		{"nil table pointer", WriteTx().Delete(rows, Key("a", 1)).Update((*Table[row])(nil), Key("a", 2), Set("x", 1)).Run(ctx),
			"ddb: TransactWriteItems: action 1: the table is nil"},
		{"nil table to check", WriteTx().Check(nil, Key("a", 1), Attr("x").Exists()).Run(ctx), "ddb: TransactWriteItems: action 0: the table is nil"},
		{"nil table to get", GetTx().Get(nil, Key("a", 1), new(row)).Run(ctx), "ddb: TransactGetItems: read 0: the table is nil"},
	}
	for _, tt := range tests {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("%s: %v\nwant %s", tt.name, tt.err, tt.want)
		}
	}
}
