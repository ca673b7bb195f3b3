package engine

import (
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/partiql"
)

// boundStatement is a PartiQL statement bound to its parameters and to the
// key schema of its table (or index): the operations that run it.
type boundStatement struct {
	st   *partiql.Statement
	t    *table
	ix   *index // the index a SELECT reads, or nil
	plan *partiql.Plan
	get  *types.Get // a SELECT of a transaction, as a Get of TransactGetItems
}

// errNoIndex is the error of a statement naming an index the table does
// not have; unlike Query's, DynamoDB's message does not name it.
var errNoIndex = apierr.Validation("The table does not have the specified index")

// bind looks up the table of a parsed statement and binds the statement.
func (db *DB) bind(st *partiql.Statement, params []types.AttributeValue) (*boundStatement, error) {
	name := st.Table()
	t, err := db.lookup(&name)
	if err != nil {
		return nil, err
	}
	b := &boundStatement{st: st, t: t}
	keys := partiql.Keys{Hash: t.hash.name, HashType: string(t.hash.typ), Range: t.rng.name, RangeType: string(t.rng.typ)}
	if st.Index() != "" {
		if b.ix = t.index(st.Index()); b.ix == nil {
			return nil, errNoIndex
		}
		keys = b.ix.statementKeys()
	}
	b.plan, err = st.Bind(params, keys)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// statementKeys returns the key schema a statement reading the index binds
// to.
func (ix *index) statementKeys() partiql.Keys {
	if len(ix.hash) > 1 || len(ix.rng) > 1 {
		var k partiql.Keys
		for _, a := range ix.hash {
			k.IndexHash = append(k.IndexHash, partiql.Key{Name: a.name, Type: string(a.typ)})
		}
		for _, a := range ix.rng {
			k.IndexRange = append(k.IndexRange, partiql.Key{Name: a.name, Type: string(a.typ)})
		}
		return k
	}
	k := partiql.Keys{Hash: ix.hash[0].name, HashType: string(ix.hash[0].typ)}
	if len(ix.rng) == 1 {
		k.Range, k.RangeType = ix.rng[0].name, string(ix.rng[0].typ)
	}
	return k
}

// write returns a write statement as an action of TransactWriteItems (a
// ConditionCheck for EXISTS). onFailure applies to every action but the
// put of an INSERT, whose failed condition means a duplicate item.
func (b *boundStatement) write(onFailure types.ReturnValuesOnConditionCheckFailure) types.TransactWriteItem {
	switch p := b.plan; {
	case p.Put != nil:
		return types.TransactWriteItem{Put: &types.Put{
			TableName: p.Put.TableName, Item: p.Put.Item, ConditionExpression: p.Put.ConditionExpression,
			ExpressionAttributeNames: p.Put.ExpressionAttributeNames,
		}}
	case p.Update != nil:
		return types.TransactWriteItem{Update: &types.Update{
			TableName: p.Update.TableName, Key: p.Update.Key, UpdateExpression: p.Update.UpdateExpression,
			ConditionExpression:      p.Update.ConditionExpression,
			ExpressionAttributeNames: p.Update.ExpressionAttributeNames, ExpressionAttributeValues: p.Update.ExpressionAttributeValues,
			ReturnValuesOnConditionCheckFailure: onFailure,
		}}
	case p.Delete != nil:
		return types.TransactWriteItem{Delete: &types.Delete{
			TableName: p.Delete.TableName, Key: p.Delete.Key, ConditionExpression: p.Delete.ConditionExpression,
			ExpressionAttributeNames: p.Delete.ExpressionAttributeNames, ExpressionAttributeValues: p.Delete.ExpressionAttributeValues,
			ReturnValuesOnConditionCheckFailure: onFailure,
		}}
	}
	c := *b.plan.Check
	c.ReturnValuesOnConditionCheckFailure = onFailure
	return types.TransactWriteItem{ConditionCheck: &c}
}

// errDuplicateItem is the error of an INSERT of an item that exists.
var errDuplicateItem = &types.DuplicateItemException{Message: ptr("Duplicate primary key exists in table")}

// expressionParams are the request parameters whose names DynamoDB's
// expression errors start with; a statement's errors leave them out, as
// the statement has no such parameters.
var expressionParams = []string{"ConditionExpression", "FilterExpression", "KeyConditionExpression", "UpdateExpression", "ProjectionExpression"}

// statementError returns the error to report for a statement: a
// ValidationException for a *partiql.Error, and the error of an operation
// it ran without the "Invalid XExpression: " the expressions it compiled
// to would add.
func statementError(err error) error {
	var pe *partiql.Error
	if errors.As(err, &pe) {
		return apierr.Validation(pe.Message)
	}
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != apierr.CodeValidation {
		return err
	}
	msg := api.ErrorMessage()
	for _, param := range expressionParams {
		if rest, ok := strings.CutPrefix(msg, "Invalid "+param+": "); ok {
			return apierr.Validation(rest)
		}
	}
	return err
}
