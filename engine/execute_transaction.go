package engine

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/partiql"
)

// Errors of a transaction of statements.
var (
	errTransactMixed = apierr.Validation("ExecuteTransaction API does not support both read and write operations in the same request.")
	errTokenMismatch = &types.IdempotentParameterMismatchException{
		Message: ptr("Specified idempotent token was used with different request parameters within the idempotency window"),
	}
	// Statement errors, reported with the statement's place.
	errTransactReturning = &partiql.Error{Class: partiql.Semantic, Message: "RETURNING clause is not supported in ExecuteTransaction."}
	errTransactIndex     = &partiql.Error{Class: partiql.Semantic, Message: "Reads on indices are not supported within transactions."}
	errTransactSelectKey = &partiql.Error{Class: partiql.Semantic, Message: "Select statements within ExecuteTransaction must specify the primary key in the where clause."}
)

// ExecuteTransaction runs up to 100 statements as one transaction: all
// SELECTs of one item by its primary key, read as TransactGetItems reads
// them, or all writes and EXISTS conditions, applied all or none as
// TransactWriteItems applies its actions (EXISTS is a ConditionCheck), with
// the same isolation, cancellation reasons and idempotency by
// ClientRequestToken.
func (db *DB) ExecuteTransaction(ctx context.Context, in *dynamodb.ExecuteTransactionInput, _ ...func(*dynamodb.Options)) (*dynamodb.ExecuteTransactionOutput, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "ExecuteTransaction", in)
	if err != nil {
		return nil, err
	}
	if err := checkExecuteTransactionInput(in); err != nil {
		return nil, err
	}
	stmts := make([]*partiql.Statement, len(in.TransactStatements))
	reads := 0
	for i, ps := range in.TransactStatements {
		st, err := partiql.Parse(*ps.Statement)
		if err != nil {
			return nil, statementError(err)
		}
		stmts[i] = st
		if st.Kind() == partiql.Select {
			reads++
		}
	}
	if reads > 0 && reads < len(stmts) {
		return nil, errTransactMixed
	}
	// The statements are bound in order, up to the first error: an invalid
	// item or key cancels the transaction for its statement alone (as
	// DynamoDB Local answers).
	bound := make([]*boundStatement, len(stmts))
	for i, ps := range in.TransactStatements {
		b, err := db.bindTransactStatement(stmts[i], ps.Parameters)
		var pe *partiql.Error
		switch {
		case errors.As(err, &pe) && pe.Class == partiql.Item:
			reasons := make([]types.CancellationReason, len(bound))
			reasons[i] = validationReason(apierr.Validation(pe.Message))
			return nil, cancelled(reasons)
		case errors.As(err, &pe) && pe.Class == partiql.Semantic:
			return nil, apierr.Validation("Validation failed in TransactStatements[" + itoa(i) + "]: " + pe.Message)
		case err != nil:
			return nil, statementError(err)
		}
		bound[i] = b
	}
	if reads > 0 {
		return db.transactReads(c, bound, in.ReturnConsumedCapacity)
	}
	return db.transactWrites(c, bound, in)
}

// bindTransactStatement binds a statement of a transaction and checks
// that a transaction can run it.
func (db *DB) bindTransactStatement(st *partiql.Statement, params []types.AttributeValue) (*boundStatement, error) {
	switch {
	case st.Returning() != partiql.ReturnNothing:
		return nil, errTransactReturning
	case st.Index() != "":
		return nil, errTransactIndex
	}
	b, err := db.bind(st, params)
	if err != nil || st.Kind() != partiql.Select {
		return b, err
	}
	if b.get, err = b.plan.Get(); err == nil && b.get == nil {
		err = errTransactSelectKey
	}
	if err == nil && b.get.ProjectionExpression != nil {
		if perr := checkGetProjection(b.get); perr != nil {
			err = &partiql.Error{Class: partiql.Semantic, Message: apiMessage(statementError(perr))}
		}
	}
	return b, err
}

// transactReads runs a transaction of SELECTs as TransactGetItems, whose
// projections return the paths a statement names as documents (a.b as
// {"a": {"b": ...}}), as DynamoDB Local answers, where ExecuteStatement
// returns each path under its last name.
func (db *DB) transactReads(c call, bound []*boundStatement, capacity types.ReturnConsumedCapacity) (*dynamodb.ExecuteTransactionOutput, error) {
	gets := make([]types.TransactGetItem, len(bound))
	for i, b := range bound {
		gets[i] = types.TransactGetItem{Get: b.get}
	}
	got, err := db.transactGetItems(c, &dynamodb.TransactGetItemsInput{TransactItems: gets, ReturnConsumedCapacity: capacity}, fromStatement)
	if err != nil {
		return nil, err
	}
	return &dynamodb.ExecuteTransactionOutput{Responses: got.Responses, ConsumedCapacity: got.ConsumedCapacity}, nil
}

// checkGetProjection compiles the projection of a Get, for its errors.
func checkGetProjection(g *types.Get) error {
	p, err := exprInput{names: g.ExpressionAttributeNames, exprs: []namedExpr{
		{"ProjectionExpression", g.ProjectionExpression, false},
	}, from: fromStatement}.params()
	if err == nil {
		_, err = projection(p, g.ProjectionExpression)
	}
	return err
}

// transactWrites runs a transaction of writes as TransactWriteItems. The
// cancellation reason of an INSERT whose item exists says so, as a
// ValidationError (as DynamoDB Local words it).
func (db *DB) transactWrites(c call, bound []*boundStatement, in *dynamodb.ExecuteTransactionInput) (*dynamodb.ExecuteTransactionOutput, error) {
	items := make([]types.TransactWriteItem, len(bound))
	for i, b := range bound {
		items[i] = b.write(in.TransactStatements[i].ReturnValuesOnConditionCheckFailure)
	}
	out, err := db.transactWriteItems(c, &dynamodb.TransactWriteItemsInput{
		TransactItems: items, ClientRequestToken: in.ClientRequestToken, ReturnConsumedCapacity: in.ReturnConsumedCapacity,
	}, fromStatement)
	var tce *types.TransactionCanceledException
	var mismatch *types.IdempotentParameterMismatchException
	switch {
	case errors.As(err, &mismatch):
		return nil, errTokenMismatch
	case errors.As(err, &tce):
		for i, r := range tce.CancellationReasons {
			if items[i].Put != nil && deref(r.Code) == "ConditionalCheckFailed" {
				tce.CancellationReasons[i] = validationReason(errDuplicateItem)
			}
		}
		return nil, cancelled(tce.CancellationReasons)
	case err != nil:
		return nil, statementError(err)
	}
	return &dynamodb.ExecuteTransactionOutput{Responses: []types.ItemResponse{}, ConsumedCapacity: out.ConsumedCapacity}, nil
}
