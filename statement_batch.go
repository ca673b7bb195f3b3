package ddb

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// maxBatchStatements is how many statements one BatchExecuteStatement
// request may carry.
const maxBatchStatements = 25

// StatementBatch is a set of PartiQL statements that DynamoDB runs each on
// its own (BatchExecuteStatement), in requests of up to 25: reads of one
// item by its primary key, or writes, never both in one request. Build one
// with BatchStatements and send it with Run.
type StatementBatch struct {
	db   *DB
	reqs []types.BatchStatementRequest
	dsts []any // a read's destination, nil for a write
	err  error // the first mistake in adding a statement
}

// BatchStatements starts a batch of statements on db:
//
//	var ann, bob Account
//	err := ddb.BatchStatements(db).
//		Get(&ann, `SELECT * FROM "accounts" WHERE id = ?`, "ann").
//		Get(&bob, `SELECT * FROM "accounts" WHERE id = ?`, "bob").
//		Run(ctx)
func BatchStatements(db *DB) *StatementBatch { return &StatementBatch{db: db} }

// Exec adds a write (INSERT, UPDATE, DELETE). args are the values of its ?
// parameters, as for Exec, without options: DynamoDB returns no item with
// the error of a statement of a batch.
func (b *StatementBatch) Exec(text string, args ...any) *StatementBatch {
	return b.add(text, args, nil)
}

// Get adds a SELECT of one item by its whole primary key, decoded into dst,
// a pointer as for Unmarshal (*Item receives the raw item). When there is
// no item, dst is left unchanged: pass a pointer to a nil pointer to tell.
// Consistent may be given among args.
func (b *StatementBatch) Get(dst any, text string, args ...any) *StatementBatch {
	if b.err == nil {
		if err := checkDestination("Get", dst); err != nil {
			b.err = b.fail(err)
		}
	}
	return b.add(text, args, dst)
}

// fail annotates a mistake in the statement being added.
func (b *StatementBatch) fail(err error) error {
	return annotate(fmt.Sprintf("ddb: BatchExecuteStatement: statement %d", len(b.reqs)), err)
}

// add encodes one statement; the first mistake is kept for Run to report.
func (b *StatementBatch) add(text string, args []any, dst any) *StatementBatch {
	if b.err != nil {
		return b
	}
	params, p, err := statementArgs(args)
	switch {
	case err != nil:
	case p.consistent && dst == nil:
		err = invalid("Consistent", "Consistent applies to reads")
	case p.pageSize != 0 || p.failedSet:
		err = invalid("", "a statement of a batch takes no options but Consistent")
	case p.capacity != nil:
		err = invalid("ConsumedCapacity", "give ConsumedCapacity to Run, not to a statement")
	}
	if err != nil {
		b.err = b.fail(err)
		return b
	}
	b.reqs = append(b.reqs, types.BatchStatementRequest{Statement: aws.String(text), Parameters: params, ConsistentRead: consistentRead(p.consistent)})
	b.dsts = append(b.dsts, dst)
	return b
}

// Run sends the statements, 25 a request, and decodes the items the reads
// found. Options: ConsumedCapacity. The error of a request that fails as a
// whole ends the run; statements that fail on their own do not stop the
// others, and Run then returns their errors as StatementErrors.
func (b *StatementBatch) Run(ctx context.Context, opts ...TxOption) error {
	if b.err != nil {
		return b.err
	}
	p := applyAll(opts, TxOption.applyTx)
	if err := checkCapacity(p.capacity); err != nil {
		return failed("BatchExecuteStatement", "", err)
	}
	errs := StatementErrors{}
	for start := 0; start < len(b.reqs); start += maxBatchStatements {
		if start > 0 {
			if err := ctx.Err(); err != nil {
				return failed("BatchExecuteStatement", "", err)
			}
		}
		reqs := b.reqs[start:min(start+maxBatchStatements, len(b.reqs))]
		out, err := b.db.api.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{
			Statements: reqs, ReturnConsumedCapacity: p.capacity.mode(),
		})
		if err != nil {
			return wrapError("BatchExecuteStatement", "", err)
		}
		reads := slices.ContainsFunc(b.dsts[start:start+len(reqs)], func(dst any) bool { return dst != nil })
		p.capacity.add(!reads, out.ConsumedCapacity...)
		for i, r := range out.Responses {
			i += start
			switch {
			case r.Error != nil:
				errs[i] = statementError(r)
			case i < len(b.dsts) && b.dsts[i] != nil && len(r.Item) > 0:
				if err := decodeInto(r.Item, b.dsts[i]); err != nil {
					return annotate(fmt.Sprintf("ddb: BatchExecuteStatement: statement %d", i), err)
				}
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// statementErrorCodes maps the error codes of the statements of a batch to
// the codes of DynamoDB's errors.
var statementErrorCodes = map[types.BatchStatementErrorCodeEnum]string{
	types.BatchStatementErrorCodeEnumConditionalCheckFailed:          CodeConditionalCheckFailed,
	types.BatchStatementErrorCodeEnumDuplicateItem:                   CodeDuplicateItem,
	types.BatchStatementErrorCodeEnumValidationError:                 CodeValidation,
	types.BatchStatementErrorCodeEnumResourceNotFound:                CodeResourceNotFound,
	types.BatchStatementErrorCodeEnumThrottlingError:                 CodeThrottling,
	types.BatchStatementErrorCodeEnumProvisionedThroughputExceeded:   CodeProvisionedThroughput,
	types.BatchStatementErrorCodeEnumRequestLimitExceeded:            CodeRequestLimitExceeded,
	types.BatchStatementErrorCodeEnumTransactionConflict:             CodeTransactionConflict,
	types.BatchStatementErrorCodeEnumItemCollectionSizeLimitExceeded: CodeItemCollectionSizeLimit,
}

// statementError is the *Error of a statement of a batch.
func statementError(r types.BatchStatementResponse) *Error {
	code, ok := statementErrorCodes[r.Error.Code]
	if !ok {
		code = string(r.Error.Code)
	}
	return &Error{Code: code, Message: aws.ToString(r.Error.Message), Op: "BatchExecuteStatement", Table: aws.ToString(r.TableName)}
}

// StatementErrors holds the errors of the statements of a batch that
// failed, by their place in the batch (from 0). errors.Is matches it
// against the sentinels of its errors (ErrConditionFailed, ...).
type StatementErrors map[int]*Error

// Error lists the failed statements in order.
func (e StatementErrors) Error() string {
	parts := make([]string, 0, len(e))
	for _, i := range slices.Sorted(maps.Keys(e)) {
		parts = append(parts, fmt.Sprintf("statement %d: %s: %s", i, e[i].Code, e[i].Message))
	}
	return "ddb: BatchExecuteStatement: " + strings.Join(parts, "; ")
}

// Unwrap returns the statements' errors, in order.
func (e StatementErrors) Unwrap() []error {
	errs := make([]error, 0, len(e))
	for _, i := range slices.Sorted(maps.Keys(e)) {
		errs = append(errs, e[i])
	}
	return errs
}
