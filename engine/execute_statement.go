package engine

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/partiql"
)

// ExecuteStatement runs one PartiQL statement. A SELECT runs as a Query of
// each partition its WHERE clause names with an equality or IN on the
// partition key, or else as a Scan, a page at a time (Limit items read at
// most, then NextToken); INSERT, UPDATE and DELETE run as a conditional
// PutItem, UpdateItem or DeleteItem of one item.
func (db *DB) ExecuteStatement(ctx context.Context, in *dynamodb.ExecuteStatementInput, _ ...func(*dynamodb.Options)) (*dynamodb.ExecuteStatementOutput, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "ExecuteStatement", in)
	if err != nil {
		return nil, err
	}
	if err := checkExecuteStatementInput(in); err != nil {
		return nil, err
	}
	st, err := partiql.Parse(*in.Statement)
	if err != nil {
		return nil, statementError(err)
	}
	if st.Kind() == partiql.Exists {
		return nil, errExistsOutsideTransaction
	}
	b, err := db.bind(st, in.Parameters)
	if err != nil {
		return nil, statementError(err)
	}
	if st.Kind() == partiql.Select {
		return db.selectStatement(c, b, in)
	}
	r, err := db.writeStatement(c, b, in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity)
	if err != nil {
		return nil, err
	}
	out := &dynamodb.ExecuteStatementOutput{Items: []map[string]types.AttributeValue{}, ConsumedCapacity: r.consumed}
	if len(r.attributes) > 0 {
		out.Items = append(out.Items, r.attributes)
	}
	return out, nil
}

// errExistsOutsideTransaction is the error of EXISTS anywhere but in a
// transaction.
var errExistsOutsideTransaction = apierr.Validation("EXISTS can only be used in ExecuteTransaction write requests.")

// errConsistentGSI is a SELECT's error for a consistent read of a global
// secondary index, worded differently from Query's.
var errConsistentGSI = apierr.Validation("Strongly consistent read is not supported on Global Secondary Indexes")

// selectStatement reads one page of a SELECT: its reads in order, from the
// position NextToken names, until Limit rows or 1 MB were read; each read
// may read what the reads before it left of the 1 MB.
func (db *DB) selectStatement(c call, b *boundStatement, in *dynamodb.ExecuteStatementInput) (*dynamodb.ExecuteStatementOutput, error) {
	if b.ix != nil && b.ix.global && deref(in.ConsistentRead) {
		return nil, errConsistentGSI
	}
	reads := max(len(b.plan.Queries), 1)
	hash := func() uint64 { return statementHash(*in.Statement, in.Parameters) }
	pos, err := decodeToken(in.NextToken, hash, reads)
	if err != nil {
		return nil, err
	}
	out := &dynamodb.ExecuteStatementOutput{Items: []map[string]types.AttributeValue{}}
	var used usage
	remaining, read := int(deref(in.Limit)), 0
	for op := pos.op; op < reads; op++ {
		start := pos.start
		if op != pos.op {
			start = nil
		}
		pg, err := db.statementPage(c, b, op, start, remaining, maxPageBytes-read, in.ConsistentRead)
		if err != nil {
			return nil, err
		}
		items, err := decodeItems(pg.items)
		pg.release()
		if err != nil {
			return nil, err
		}
		for _, item := range items {
			out.Items = append(out.Items, b.plan.Project(item))
		}
		used.add(pg.used)
		read += pg.read
		if pg.last != nil {
			out.NextToken = encodeToken(hash(), position{op, pg.last})
			break
		}
		if remaining > 0 {
			remaining -= int(pg.scanned)
		}
	}
	out.ConsumedCapacity = b.t.consumed(in.ReturnConsumedCapacity, used)
	return out, nil
}

// statementPage reads a page of read op of a SELECT, starting after the
// row with key start, reading limit rows at most (0: no limit) and
// maxBytes of rows at most. Its items
// are whole (the statement projects them): table items, or index rows
// holding what the projection names.
func (db *DB) statementPage(c call, b *boundStatement, op int, start map[string]types.AttributeValue, limit, maxBytes int, consistent *bool) (*page, error) {
	var plan *searchPlan
	var err error
	var lim *int32
	if limit > 0 {
		lim = ptr(int32(limit))
	}
	if s := b.plan.Scan; s != nil {
		in := *s
		in.ExclusiveStartKey, in.Limit, in.ConsistentRead = start, lim, consistent
		_, plan, err = db.prepareScan(&in, fromStatement)
	} else {
		in := *b.plan.Queries[op]
		in.ExclusiveStartKey, in.Limit, in.ConsistentRead = start, lim, consistent
		_, plan, err = db.prepareQuery(&in, fromStatement)
	}
	if err != nil {
		return nil, statementError(err)
	}
	plan.proj, plan.maxBytes = nil, maxBytes
	return db.searchPage(c, plan)
}

// writeStatement runs an INSERT, UPDATE or DELETE as the single-item
// write it compiles to. An INSERT of an item that exists fails with
// DuplicateItemException, unless the request asked for the item, which
// comes with a ConditionalCheckFailedException instead (as DynamoDB Local
// answers).
func (db *DB) writeStatement(c call, b *boundStatement, onFailure types.ReturnValuesOnConditionCheckFailure, capacity types.ReturnConsumedCapacity) (writeResult, error) {
	var w *itemWrite
	var err error
	switch p := b.plan; {
	case p.Put != nil:
		in := *p.Put
		in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity = onFailure, capacity
		w, err = db.preparePut(&in, fromStatement, nil)
	case p.Update != nil:
		in := *p.Update
		in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity = onFailure, capacity
		w, err = db.prepareUpdate(&in, fromStatement)
	default:
		in := *p.Delete
		in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity = onFailure, capacity
		w, err = db.prepareDelete(&in, fromStatement)
	}
	if err != nil {
		return writeResult{}, statementError(err)
	}
	r, err := db.writeOne(c, w)
	var ccf *types.ConditionalCheckFailedException
	if b.plan.Put != nil && errors.As(err, &ccf) && ccf.Item == nil {
		return writeResult{}, errDuplicateItem
	}
	return r, statementError(err)
}

// add adds the capacity of u.
func (u *usage) add(v usage) {
	u.table += v.table
	for ix, units := range v.indexes {
		if u.indexes == nil {
			u.indexes = map[*index]float64{}
		}
		u.indexes[ix] += units
	}
}
