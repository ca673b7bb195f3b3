package ddb

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// StatementOption configures the run of a PartiQL statement. Options are
// given among the statement's arguments: Consistent, PageSize,
// ConsumedCapacity and ReturnOldOnConditionFailure.
type StatementOption interface{ applyStatement(*statementParams) }

// statementParams are the settings of one statement.
type statementParams struct {
	searchParams
	failed    any  // receives the item when the statement's condition fails
	failedSet bool // ReturnOldOnConditionFailure was given (failed may be a nil mistake)
}

func (consistentOption) applyStatement(p *statementParams) { p.consistent = true }
func (o pageSizeOption) applyStatement(p *statementParams) { p.pageSize = int32(o) }
func (o capacityOption) applyStatement(p *statementParams) { p.capacity = o.sink }
func (o failedOption) applyStatement(p *statementParams)   { p.failed, p.failedSet = o.dst, true }

// statementArgs separates the options among a statement's arguments from
// the values of its ? parameters, which it encodes as Marshal encodes
// attributes.
func statementArgs(args []any) ([]types.AttributeValue, statementParams, error) {
	var p statementParams
	var params []types.AttributeValue
	for i, a := range args {
		if o, ok := a.(StatementOption); ok {
			o.applyStatement(&p)
			continue
		}
		if isOption(a) {
			return nil, p, invalid("", "argument %d is an option that does not apply to statements (%T)", i, a)
		}
		v, err := MarshalValue(a)
		if err != nil {
			return nil, p, invalidErr(fmt.Sprintf("argument %d", i), err)
		}
		params = append(params, v)
	}
	return params, p, p.check()
}

// check reports the mistakes in the options of a statement.
func (p *statementParams) check() error {
	if p.pageSize < 0 {
		return invalid("PageSize", "PageSize must be positive, got %d", p.pageSize)
	}
	if p.failedSet {
		if err := checkDestination("ReturnOldOnConditionFailure", p.failed); err != nil {
			return err
		}
	}
	return checkCapacity(p.capacity)
}

// isOption reports whether v is an option of an operation.
func isOption(v any) bool {
	switch v.(type) {
	case GetOption, PutOption, UpdateOption, DeleteOption, QueryOption, ScanOption, BatchGetOption, BatchOption, TxOption:
		return true
	}
	return false
}

// Statement returns the items of a PartiQL statement, decoded into T: the
// items a SELECT reads, or the item the RETURNING clause of an UPDATE or
// DELETE returns. args are the values of the statement's ? parameters, in
// order, encoded as Marshal encodes attributes; options may be given among
// them: Consistent, PageSize, ConsumedCapacity and, for a write,
// ReturnOldOnConditionFailure. Nothing is sent until a method of the
// returned Results runs the statement (ExecuteStatement), under ctx; Page's
// cursors are DynamoDB's NextTokens.
//
// A SELECT reads as a Query the partitions its WHERE clause names with an
// equality or IN on the partition key, and otherwise scans the whole table
// or index. It reads as written: a Table's settings, such as
// HideExpiredByDefault, do not apply (its WHERE clause can leave expired
// items out).
//
//	open, err := ddb.Statement[Order](ctx, db,
//		`SELECT * FROM "orders" WHERE customer = ? AND status = ?`, "ann", "open").Collect(10)
func Statement[T any](ctx context.Context, db *DB, text string, args ...any) *Results[T] {
	r := &Results[T]{ctx: ctx, op: "ExecuteStatement", cursor: tokenCursor{}}
	params, p, err := statementArgs(args)
	if err != nil {
		r.err = r.fail(err)
		return r
	}
	r.params = p.searchParams
	in := dynamodb.ExecuteStatementInput{
		Statement: aws.String(text), Parameters: params, ConsistentRead: consistentRead(p.consistent),
		ReturnConsumedCapacity: p.capacity.mode(), ReturnValuesOnConditionCheckFailure: onFailure(p.failed),
	}
	fetch := func(ctx context.Context, _ int, start position, limit int32) (rawPage, error) {
		req := in
		req.NextToken = optional(start.token)
		if limit > 0 {
			req.Limit = aws.Int32(limit)
		}
		out, err := db.api.ExecuteStatement(ctx, &req)
		if err != nil {
			return rawPage{}, statementFailure(err, p.failed)
		}
		p.capacity.addOne(false, out.ConsumedCapacity)
		return rawPage{items: out.Items, next: position{token: aws.ToString(out.NextToken)}, count: len(out.Items), scanned: len(out.Items)}, nil
	}
	// The statement may filter what it reads: Limit bounds what DynamoDB
	// evaluates, not what it returns.
	r.compile = func(bool) (fetcher, error) { return fetcher{fetch, true}, nil }
	return r
}

// tokenCursor is the cursor of a statement: DynamoDB's NextToken.
type tokenCursor struct{}

func (tokenCursor) decode(cursor string) (position, error) { return position{token: cursor}, nil }
func (tokenCursor) encode(next position) (string, error)   { return next.token, nil }

// Exec runs a PartiQL statement for its effect: an INSERT, UPDATE or
// DELETE, or a SELECT whose items it drops. args are the values of its ?
// parameters, as for Statement, among which options may be given:
// ConsumedCapacity and ReturnOldOnConditionFailure. An INSERT of an item
// that exists fails with an error matching ErrDuplicateItem; an UPDATE of
// an item that does not exist, or a write whose WHERE clause's other
// conditions do not hold, with one matching ErrConditionFailed.
//
//	err := ddb.Exec(ctx, db, `UPDATE "orders" SET status = ? WHERE customer = ? AND order_id = ?`, "paid", "ann", 42)
func Exec(ctx context.Context, db *DB, text string, args ...any) error {
	params, p, err := statementArgs(args)
	if err != nil {
		return failed("ExecuteStatement", "", err)
	}
	out, err := db.api.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{
		Statement: aws.String(text), Parameters: params,
		ReturnConsumedCapacity: p.capacity.mode(), ReturnValuesOnConditionCheckFailure: onFailure(p.failed),
	})
	if err != nil {
		return statementFailure(err, p.failed)
	}
	p.capacity.addOne(true, out.ConsumedCapacity)
	return nil
}

// onFailure is the ReturnValuesOnConditionCheckFailure setting for a
// ReturnOldOnConditionFailure destination.
func onFailure(dst any) types.ReturnValuesOnConditionCheckFailure {
	if dst == nil {
		return ""
	}
	return types.ReturnValuesOnConditionCheckFailureAllOld
}

// statementFailure wraps the error of ExecuteStatement, decoding the item
// of a failed condition into dst.
func statementFailure(err error, dst any) error {
	wrapped := wrapError("ExecuteStatement", "", err)
	var ccf *types.ConditionalCheckFailedException
	if dst != nil && errors.As(err, &ccf) && len(ccf.Item) > 0 {
		if derr := decodeInto(ccf.Item, dst); derr != nil {
			return annotate("ddb: ExecuteStatement: returned item", derr)
		}
	}
	return wrapped
}
