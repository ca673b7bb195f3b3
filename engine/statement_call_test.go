package engine

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
)

// The statement operations join the context tests of call_test.go: they
// check their context where the operations they run as check it.
func init() {
	contextCases = append(contextCases, statementContextCases...)
}

// statementContextCases are the statement operations on contextTable.
// Each names item 1, whose lock TestStatementLockWaitEndsWithContext holds.
var statementContextCases = []contextCase{
	// Entry, then every checkEvery rows of the page, as Query.
	{"ExecuteStatement", false, 3, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`SELECT * FROM "ctx_t" WHERE pk = 'p'`)})
	}},
	// Entry, commit.
	{"ExecuteStatement", true, 2, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`UPDATE "ctx_t" SET a = 'new' WHERE pk = 'p' AND sk = 1`)})
	}},
	// Entry, each of the 10 statements, commit: the writes that succeed
	// commit together, as BatchWriteItem's.
	{"BatchExecuteStatement", true, 12, func(ctx context.Context, db *DB, _ *string) (any, error) {
		var stmts []types.BatchStatementRequest
		add := func(format string, args ...any) {
			stmts = append(stmts, types.BatchStatementRequest{Statement: aws.String(fmt.Sprintf(format, args...))})
		}
		for i := range 5 {
			add(`INSERT INTO "ctx_t" VALUE {'pk': 'p', 'sk': %d, 'a': 'new'}`, contextItems+i)
		}
		for i := range 3 {
			add(`UPDATE "ctx_t" SET a = 'new' WHERE pk = 'p' AND sk = %d`, 1+i)
		}
		add(`DELETE FROM "ctx_t" WHERE pk = 'p' AND sk = 10`)
		add(`DELETE FROM "ctx_t" WHERE pk = 'p' AND sk = 11 AND a = 'none'`) // fails on its own
		return db.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{Statements: stmts})
	}},
	// Entry, each of the 10 reads.
	{"BatchExecuteStatement", false, 11, func(ctx context.Context, db *DB, _ *string) (any, error) {
		var stmts []types.BatchStatementRequest
		for i := range 10 {
			stmts = append(stmts, types.BatchStatementRequest{Statement: aws.String(fmt.Sprintf(`SELECT a FROM "ctx_t" WHERE pk = 'p' AND sk = %d`, 1+i))})
		}
		return db.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{Statements: stmts})
	}},
	// Entry, each of the 4 statements, commit.
	{"ExecuteTransaction", true, 6, func(ctx context.Context, db *DB, _ *string) (any, error) {
		return db.ExecuteTransaction(ctx, &dynamodb.ExecuteTransactionInput{TransactStatements: []types.ParameterizedStatement{
			{Statement: aws.String(fmt.Sprintf(`INSERT INTO "ctx_t" VALUE {'pk': 'p', 'sk': %d}`, contextItems))},
			{Statement: aws.String(`UPDATE "ctx_t" SET a = 'new' WHERE pk = 'p' AND sk = 1`)},
			{Statement: aws.String(`DELETE FROM "ctx_t" WHERE pk = 'p' AND sk = 2`)},
			{Statement: aws.String(`EXISTS(SELECT * FROM "ctx_t" WHERE pk = 'p' AND sk = 3 AND a = 'a')`)},
		}})
	}},
	// Entry, each of the 5 reads.
	{"ExecuteTransaction", false, 6, func(ctx context.Context, db *DB, _ *string) (any, error) {
		var stmts []types.ParameterizedStatement
		for i := range 5 {
			stmts = append(stmts, types.ParameterizedStatement{Statement: aws.String(fmt.Sprintf(`SELECT * FROM "ctx_t" WHERE pk = 'p' AND sk = %d`, 1+i))})
		}
		return db.ExecuteTransaction(ctx, &dynamodb.ExecuteTransactionInput{TransactStatements: stmts})
	}},
}

// TestStatementLockWaitEndsWithContext blocks each statement operation
// that locks items on the lock of item 1, then ends its context: the call
// stops waiting, fails with the context's error and writes nothing, as
// testLockWait checks of the other operations.
func TestStatementLockWaitEndsWithContext(t *testing.T) {
	inEachMode(t, func(t *testing.T, db *DB) {
		arn := tableARN(t, db)
		before := contents(t, db)
		for _, tc := range statementContextCases {
			if !tc.write && tc.op != "ExecuteTransaction" { // reads outside transactions take no locks
				continue
			}
			checkLockWait(t, db, arn, tc, 1)
			if diff := cmp.Diff(before, contents(t, db)); diff != "" {
				t.Errorf("the canceled %s changed the database (-before +after):\n%s", tc.op, diff)
			}
		}
	})
}
