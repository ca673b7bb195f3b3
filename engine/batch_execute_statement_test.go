package engine

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// batch builds a BatchExecuteStatementInput of statements without
// parameters.
func batch(texts ...string) *dynamodb.BatchExecuteStatementInput {
	in := &dynamodb.BatchExecuteStatementInput{}
	for _, s := range texts {
		in.Statements = append(in.Statements, types.BatchStatementRequest{Statement: aws.String(s)})
	}
	return in
}

// stmError is a statement's error in a batch's response.
func stmError(code types.BatchStatementErrorCodeEnum, msg string) *types.BatchStatementError {
	return &types.BatchStatementError{Code: code, Message: aws.String(msg)}
}

func TestBatchExecuteStatementReads(t *testing.T) {
	db := statementFixture(t)
	in := batch(
		`SELECT sk, a, m.k[1] FROM stm WHERE pk = 'a' AND sk = 1`,
		`SELECT * FROM stm WHERE pk = 'a' AND sk = 99`,
		`SELECT * FROM stm WHERE pk = 'a'`,
		`SELEC`,
		`SELECT * FROM nope WHERE pk = 'a' AND sk = 1`,
		`SELECT * FROM "stm"."gsi1" WHERE g = 'x'`,
		`SELECT * FROM stm WHERE pk = ? AND sk = 2`,
		`SELECT b FROM stm WHERE sk = 3 AND pk = 'a'`,
	)
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := db.BatchExecuteStatement(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	selectKey := stmError(types.BatchStatementErrorCodeEnumValidationError, "Select statements within BatchExecuteStatement must specify the primary key in the where clause.")
	want := &dynamodb.BatchExecuteStatementOutput{
		Responses: []types.BatchStatementResponse{
			// A nested path comes back as a document, as DynamoDB Local answers.
			{TableName: aws.String("stm"), Item: item{"sk": av.N("1"), "a": av.N("10"), "m": av.M(item{"k": av.L(av.S("v1"))})}},
			{TableName: aws.String("stm")},
			{Error: selectKey},
			{Error: stmError(types.BatchStatementErrorCodeEnumValidationError, "Statement wasn't well formed, can't be processed: Expected data manipulation")},
			{Error: stmError(types.BatchStatementErrorCodeEnumResourceNotFound, "Requested resource not found")},
			{Error: selectKey},
			{Error: stmError(types.BatchStatementErrorCodeEnumValidationError, "Number of parameters in request and statement don't match.")},
			{TableName: aws.String("stm")}, // the item has no b
		},
		// Three items read, eventually consistent.
		ConsumedCapacity: []types.ConsumedCapacity{{TableName: aws.String("stm"), CapacityUnits: aws.Float64(1.5)}},
	}
	if diff := cmp.Diff(want, out, cmpAV); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestBatchExecuteStatementWrites(t *testing.T) {
	db := statementFixture(t)
	in := batch(
		`INSERT INTO stm VALUE {'pk': 'a', 'sk': 1}`,
		`INSERT INTO stm VALUE {'pk': 'c', 'sk': 1}`,
		`UPDATE stm SET a = 1 WHERE pk = 'nope' AND sk = 1`,
		`DELETE FROM stm WHERE pk = 'b' AND sk = 1 RETURNING ALL OLD *`,
		`UPDATE stm SET z = 1 WHERE pk = 'a' AND sk = 2 AND a = 0`,
		`INSERT INTO stm VALUE {'pk': 'e', 'sk': 'x'}`,
		`UPDATE stm SET a = a + 1 WHERE pk = 'a' AND sk = 3 RETURNING MODIFIED NEW *`,
		`UPDATE stm REMOVE nothere WHERE pk = 'w' AND sk = 1 RETURNING MODIFIED OLD *`,
		`EXISTS(SELECT * FROM stm WHERE pk = 'w' AND sk = 2 AND a = 1)`,
	)
	put(t, db, "stm", item{"pk": av.S("w"), "sk": av.N("1")})
	// A failed condition returns the item when asked (the API reference's
	// BatchStatementError), none when there is no item.
	in.Statements[2].ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	in.Statements[4].ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	out, err := db.BatchExecuteStatement(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	failed := stmError(types.BatchStatementErrorCodeEnumConditionalCheckFailed, "The conditional request failed")
	want := []types.BatchStatementResponse{
		{TableName: aws.String("stm"), Error: stmError(types.BatchStatementErrorCodeEnumDuplicateItem, "Duplicate primary key exists in table")},
		{TableName: aws.String("stm")},
		{TableName: aws.String("stm"), Error: failed},
		{TableName: aws.String("stm"), Item: item{"pk": av.S("b"), "sk": av.N("1"), "a": av.N("40")}},
		{TableName: aws.String("stm"), Error: &types.BatchStatementError{Code: failed.Code, Message: failed.Message, Item: item{"pk": av.S("a"), "sk": av.N("2"), "a": av.N("20"), "b": av.S("hello"), "l": av.S("y")}}},
		{Error: stmError(types.BatchStatementErrorCodeEnumValidationError, "Key attribute's data type should match its data type in table's schema: Key sk")},
		{TableName: aws.String("stm"), Item: item{"a": av.N("31")}},
		{TableName: aws.String("stm")},
		{Error: stmError(types.BatchStatementErrorCodeEnumValidationError, "EXISTS can only be used in ExecuteTransaction write requests.")},
	}
	if diff := cmp.Diff(want, out.Responses, cmpAV); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := get(t, db, "stm", item{"pk": av.S("c"), "sk": av.N("1")}); got == nil {
		t.Error("the batch's INSERT wrote nothing")
	}
}

// A batch fails as a whole when it mixes reads and writes, when two of its
// statements address one item, or when it breaks the model's constraints;
// then it writes nothing.
func TestBatchExecuteStatementRefused(t *testing.T) {
	db := statementFixture(t)
	tooMany := &dynamodb.BatchExecuteStatementInput{}
	for range 26 {
		tooMany.Statements = append(tooMany.Statements, types.BatchStatementRequest{Statement: aws.String(`SELECT * FROM stm WHERE pk = 'a' AND sk = 1`)})
	}
	for _, tt := range []struct {
		in   *dynamodb.BatchExecuteStatementInput
		want string
	}{
		{batch(`INSERT INTO stm VALUE {'pk': 'new', 'sk': 1}`, `SELECT * FROM stm WHERE pk = 'a' AND sk = 1`),
			"ValidationException: Read and write requests together in the same batch is not supported."},
		{batch(`INSERT INTO stm VALUE {'pk': 'new', 'sk': 1}`, `DELETE FROM stm WHERE sk = 1 AND pk = 'new'`),
			"ValidationException: Provided list of item keys contains duplicates"},
		{batch(`SELECT * FROM stm WHERE pk = 'a' AND sk = 1`, `SELECT a FROM stm WHERE pk = 'a' AND sk = 1`),
			"ValidationException: Provided list of item keys contains duplicates"},
		{&dynamodb.BatchExecuteStatementInput{Statements: []types.BatchStatementRequest{}},
			"ValidationException: 1 validation error detected: Value '[]' at 'statements' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{tooMany, "ValidationException: 1 validation error detected: Member must have length less than or equal to 25"},
		{&dynamodb.BatchExecuteStatementInput{Statements: []types.BatchStatementRequest{{}}},
			"ValidationException: 1 validation error detected: Value null at 'statements.1.member.statement' failed to satisfy constraint: Member must not be null"},
	} {
		if _, err := db.BatchExecuteStatement(ctx, tt.in); errText(err) != tt.want {
			t.Errorf("got  %s\nwant %s", errText(err), tt.want)
		}
	}
	if got := get(t, db, "stm", item{"pk": av.S("new"), "sk": av.N("1")}); got != nil {
		t.Errorf("a refused batch wrote %v", got)
	}
}
