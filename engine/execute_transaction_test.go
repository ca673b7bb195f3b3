package engine

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// txStatements builds an ExecuteTransactionInput of statements without
// parameters.
func txStatements(texts ...string) *dynamodb.ExecuteTransactionInput {
	in := &dynamodb.ExecuteTransactionInput{}
	for _, s := range texts {
		in.TransactStatements = append(in.TransactStatements, types.ParameterizedStatement{Statement: aws.String(s)})
	}
	return in
}

func TestExecuteTransactionWrites(t *testing.T) {
	db := statementFixture(t)
	in := txStatements(
		`INSERT INTO stm VALUE {'pk': 'c', 'sk': 1}`,
		`UPDATE stm SET a = a + 1 WHERE pk = 'a' AND sk = 1`,
		`DELETE FROM stm WHERE pk = 'b' AND sk = 1`,
		`EXISTS(SELECT * FROM stm WHERE pk = 'a' AND sk = 2 AND b = 'hello')`,
	)
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := db.ExecuteTransaction(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	// Twice the units of the four writes, one of which changes the row of
	// the local index projecting a.
	want := &dynamodb.ExecuteTransactionOutput{Responses: []types.ItemResponse{}, ConsumedCapacity: []types.ConsumedCapacity{
		{TableName: aws.String("stm"), CapacityUnits: aws.Float64(10), WriteCapacityUnits: aws.Float64(10)},
	}}
	if diff := cmp.Diff(want, out, cmpAV); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := get(t, db, "stm", item{"pk": av.S("a"), "sk": av.N("1")})["a"]; !cmp.Equal(got, av.N("11"), cmpAV) {
		t.Errorf("a = %v after the transaction, want 11", got)
	}
	if got := get(t, db, "stm", item{"pk": av.S("b"), "sk": av.N("1")}); got != nil {
		t.Errorf("the deleted item is %v", got)
	}
}

// A transaction that cannot apply one statement applies none; each
// statement's cancellation reason says why.
func TestExecuteTransactionCancelled(t *testing.T) {
	db := statementFixture(t)
	in := txStatements(
		`INSERT INTO stm VALUE {'pk': 'a', 'sk': 1}`,
		`UPDATE stm SET a = 0 WHERE pk = 'a' AND sk = 2 AND a = 99`,
		`EXISTS(SELECT * FROM stm WHERE pk = 'a' AND sk = 3 AND a = 99)`,
		`DELETE FROM stm WHERE pk = 'b' AND sk = 1`,
	)
	in.TransactStatements[1].ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	_, err := db.ExecuteTransaction(ctx, in)
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		t.Fatalf("got %v, want a TransactionCanceledException", err)
	}
	want := []types.CancellationReason{
		{Code: aws.String("ValidationError"), Message: aws.String("Duplicate primary key exists in table")},
		{Code: aws.String("ConditionalCheckFailed"), Message: aws.String("The conditional request failed"),
			Item: item{"pk": av.S("a"), "sk": av.N("2"), "l": av.S("y"), "a": av.N("20"), "b": av.S("hello")}},
		{Code: aws.String("ConditionalCheckFailed"), Message: aws.String("The conditional request failed.")},
		{Code: aws.String("None")},
	}
	if diff := cmp.Diff(want, tce.CancellationReasons, cmpAV); diff != "" {
		t.Errorf("reasons (-want +got):\n%s", diff)
	}
	if aws.ToString(tce.Message) != "Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError, ConditionalCheckFailed, ConditionalCheckFailed, None]" {
		t.Errorf("message %q", aws.ToString(tce.Message))
	}
	if get(t, db, "stm", item{"pk": av.S("b"), "sk": av.N("1")}) == nil {
		t.Error("a cancelled transaction deleted an item")
	}
	// An invalid key cancels the transaction before anything runs.
	_, err = db.ExecuteTransaction(ctx, txStatements(`INSERT INTO stm VALUE {'pk': 'c', 'sk': 'x'}`, `DELETE FROM stm WHERE pk = 'b' AND sk = 1`))
	if !errors.As(err, &tce) || aws.ToString(tce.CancellationReasons[0].Message) != "Key attribute's data type should match its data type in table's schema: Key sk" {
		t.Errorf("an invalid key: %v", err)
	}
}

func TestExecuteTransactionReads(t *testing.T) {
	db := statementFixture(t)
	in := txStatements(
		`SELECT a, m.k[1] FROM stm WHERE pk = 'a' AND sk = 1`,
		`SELECT b FROM stm WHERE pk = 'b' AND sk = 1`,
		`SELECT * FROM stm WHERE pk = 'nope' AND sk = 1`,
	)
	in.ClientRequestToken = aws.String("reads need no idempotency")
	out, err := db.ExecuteTransaction(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	// Nested paths come back as documents, as TransactGetItems projects
	// them (as DynamoDB Local answers).
	want := []types.ItemResponse{{Item: item{"a": av.N("10"), "m": av.M(item{"k": av.L(av.S("v1"))})}}, {Item: item{}}, {}}
	if diff := cmp.Diff(want, out.Responses, cmpAV); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestExecuteTransactionRefused(t *testing.T) {
	db := statementFixture(t)
	for _, tt := range []struct {
		in   *dynamodb.ExecuteTransactionInput
		want string
	}{
		{txStatements(`SELECT * FROM stm WHERE pk = 'a' AND sk = 1`, `DELETE FROM stm WHERE pk = 'b' AND sk = 1`),
			"ValidationException: ExecuteTransaction API does not support both read and write operations in the same request."},
		{txStatements(`DELETE FROM stm WHERE pk = 'b' AND sk = 1`, `SELEC`),
			"ValidationException: Statement wasn't well formed, can't be processed: Expected data manipulation"},
		{txStatements(`DELETE FROM stm WHERE pk = 'b' AND sk = 1`, `UPDATE stm SET a = 1 WHERE pk = 'b' AND sk = 1`),
			"ValidationException: Transaction request cannot include multiple operations on one item"},
		{txStatements(`SELECT * FROM stm WHERE pk = 'a'`),
			"ValidationException: Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify the primary key in the where clause."},
		{txStatements(`SELECT * FROM stm WHERE pk = 'a' AND sk = 1`, `SELECT * FROM "stm"."gsi1" WHERE g = 'x'`),
			"ValidationException: Validation failed in TransactStatements[1]: Reads on indices are not supported within transactions."},
		{txStatements(`UPDATE stm SET a = 1 WHERE pk = 'b' AND sk = 1 RETURNING ALL NEW *`),
			"ValidationException: Validation failed in TransactStatements[0]: RETURNING clause is not supported in ExecuteTransaction."},
		{txStatements(`EXISTS(SELECT * FROM stm WHERE pk = 'b' AND sk = 1)`),
			"ValidationException: Validation failed in TransactStatements[0]: EXISTS() must contain a single item read with additional condition"},
		{txStatements(`UPDATE stm SET a = ? WHERE pk = 'b' AND sk = 1`),
			"ValidationException: Validation failed in TransactStatements[0]: Number of parameters in request and statement don't match."},
		{txStatements(`DELETE FROM nope WHERE pk = 'b' AND sk = 1`), "ResourceNotFoundException: Requested resource not found"},
		// The errors of the expressions a statement compiles to name the
		// statement, as DynamoDB Local's do.
		{txStatements(`DELETE FROM stm WHERE pk = 'b' AND sk = 1`, `UPDATE stm SET a = list_append(1, a) WHERE pk = 'a' AND sk = 1`),
			"ValidationException: Validation failed in TransactStatements[1]: Incorrect operand type for operator or function; operator or function: list_append, operand type: N"},
		{txStatements(`EXISTS(SELECT * FROM stm WHERE pk = 'a' AND sk = 1 AND a BETWEEN 'a' AND 1)`),
			"ValidationException: Validation failed in TransactStatements[0]: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {S:a}, upper bound operand: AttributeValue: {N:1}"},
		{txStatements(`SELECT a, a[0] FROM stm WHERE pk = 'a' AND sk = 1`),
			"ValidationException: Validation failed in TransactStatements[0]: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a]"},
		// The statements are checked in order, up to the first error.
		{txStatements(`INSERT INTO stm VALUE {'pk': 'x', 'sk': 'x'}`, `INSERT INTO stm VALUE {'pk': 'y', 'sk': 'y'}`),
			"TransactionCanceledException: Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError, None]"},
		{txStatements(`INSERT INTO stm VALUE {'pk': 'x', 'sk': 'x'}`, `DELETE FROM stm WHERE pk = 'a'`),
			"TransactionCanceledException: Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError, None]"},
		{txStatements(`SELECT * FROM stm WHERE pk = 'a' AND sk = 'x'`),
			"TransactionCanceledException: Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError]"},
		{&dynamodb.ExecuteTransactionInput{TransactStatements: []types.ParameterizedStatement{}},
			"ValidationException: 1 validation error detected: Value '[]' at 'transactStatements' failed to satisfy constraint: Member must have length greater than or equal to 1"},
	} {
		if _, err := db.ExecuteTransaction(ctx, tt.in); errText(err) != tt.want {
			t.Errorf("got  %s\nwant %s", errText(err), tt.want)
		}
	}
	if get(t, db, "stm", item{"pk": av.S("b"), "sk": av.N("1")}) == nil {
		t.Error("a refused transaction deleted an item")
	}
}

// A ClientRequestToken makes a transaction of writes apply once: a retry
// with the same statements succeeds without writing, one with other
// statements fails.
func TestExecuteTransactionIdempotent(t *testing.T) {
	db := statementFixture(t)
	in := txStatements(`UPDATE stm SET a = a + 1 WHERE pk = 'a' AND sk = 1`)
	in.ClientRequestToken = aws.String("once")
	for range 2 {
		if _, err := db.ExecuteTransaction(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if got := get(t, db, "stm", item{"pk": av.S("a"), "sk": av.N("1")})["a"]; !cmp.Equal(got, av.N("11"), cmpAV) {
		t.Errorf("a = %v after a retried transaction, want 11", got)
	}
	other := txStatements(`UPDATE stm SET a = a + 2 WHERE pk = 'a' AND sk = 1`)
	other.ClientRequestToken = in.ClientRequestToken
	var mismatch *types.IdempotentParameterMismatchException
	if _, err := db.ExecuteTransaction(ctx, other); !errors.As(err, &mismatch) {
		t.Errorf("the token with other statements: %v", err)
	}
}

// Concurrent transfers between accounts, as transactions of statements,
// keep the total and never overdraw: the statements get the isolation of
// TransactWriteItems.
func TestExecuteTransactionTransfers(t *testing.T) {
	checkTransfers(t, func(db *DB, from, to string, amount int) error {
		a := av.N(itoa(amount))
		_, err := db.ExecuteTransaction(ctx, &dynamodb.ExecuteTransactionInput{TransactStatements: []types.ParameterizedStatement{
			{Statement: aws.String(`UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?`),
				Parameters: []types.AttributeValue{a, av.S(from), a}},
			{Statement: aws.String(`UPDATE accounts SET balance = balance + ? WHERE id = ?`),
				Parameters: []types.AttributeValue{a, av.S(to)}},
		}})
		return err
	})
}
