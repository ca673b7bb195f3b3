package engine

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/partiql"
)

// Errors of a batch of statements as a whole.
var (
	errBatchMixed      = apierr.Validation("Read and write requests together in the same batch is not supported.")
	errBatchDuplicates = apierr.Validation("Provided list of item keys contains duplicates")
	errBatchSelectKey  = apierr.Validation("Select statements within BatchExecuteStatement must specify the primary key in the where clause.")
)

// batchStatement is one statement of BatchExecuteStatement on its way
// through: parsed, prepared as a read or a write of one item, run.
type batchStatement struct {
	st   *partiql.Statement
	b    *boundStatement
	read *transactGet // a SELECT's read
	w    *itemWrite   // a write
	err  error        // the statement's error, answered in its response
	// What the statement returns, and the capacity it used.
	item map[string]types.AttributeValue
	used usage
}

// rowKey returns the storage key of the item the statement reads or
// writes, or nil when it failed before getting that far.
func (s *batchStatement) rowKey() []byte {
	switch {
	case s.err != nil:
		return nil
	case s.read != nil:
		return s.read.rowKey
	case s.w != nil:
		return s.w.rowKey
	}
	return nil
}

// BatchExecuteStatement runs up to 25 statements, all SELECTs of one item
// by its primary key or all writes, each on its own: a statement that
// fails gets its error in its response, the others run (the writes that
// succeed commit together, see batchWrites). No two statements may address
// the same item.
func (db *DB) BatchExecuteStatement(ctx context.Context, in *dynamodb.BatchExecuteStatementInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchExecuteStatementOutput, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "BatchExecuteStatement", in)
	if err != nil {
		return nil, err
	}
	if err := checkBatchExecuteStatementInput(in); err != nil {
		return nil, err
	}
	stmts := make([]batchStatement, len(in.Statements))
	reads, writes := 0, 0
	for i, req := range in.Statements {
		s := &stmts[i]
		if s.st, s.err = partiql.Parse(*req.Statement); s.err != nil {
			continue
		}
		if s.st.Kind() == partiql.Select {
			reads++
		} else {
			writes++
		}
	}
	if reads > 0 && writes > 0 {
		return nil, errBatchMixed
	}
	seen := map[string]bool{}
	for i, req := range in.Statements {
		s := &stmts[i]
		if s.err == nil {
			db.prepareBatchStatement(s, req, in.ReturnConsumedCapacity)
		}
		if k := s.rowKey(); k != nil {
			if seen[string(k)] {
				return nil, errBatchDuplicates
			}
			seen[string(k)] = true
		}
	}

	if writes > 0 {
		if err := db.batchWrites(c, stmts); err != nil {
			return nil, err
		}
	}
	out := &dynamodb.BatchExecuteStatementOutput{Responses: make([]types.BatchStatementResponse, len(stmts))}
	var used tableUsage
	for i, req := range in.Statements {
		s, r := &stmts[i], &out.Responses[i]
		if s.read != nil || s.w != nil { // prepared: it ran
			r.TableName = ptr(s.b.t.name)
		}
		if s.err == nil && s.read != nil {
			if err := c.check(); err != nil {
				return nil, err
			}
			s.item, s.used, s.err = db.batchRead(s, deref(req.ConsistentRead))
		}
		if s.err != nil {
			r.Error = batchStatementError(s.err)
			continue
		}
		used.add(s.b.t, s.used, 1)
		if len(s.item) > 0 {
			r.Item = s.item
		}
	}
	out.ConsumedCapacity = used.consumed(in.ReturnConsumedCapacity, anyUnits)
	return out, nil
}

// prepareBatchStatement binds a parsed statement and validates the read
// or write it runs, recording its error.
func (db *DB) prepareBatchStatement(s *batchStatement, req types.BatchStatementRequest, capacity types.ReturnConsumedCapacity) {
	if s.st.Kind() == partiql.Exists {
		s.err = errExistsOutsideTransaction
		return
	}
	if s.b, s.err = db.bind(s.st, req.Parameters); s.err != nil {
		return
	}
	switch {
	case s.st.Kind() == partiql.Select:
		var get *types.Get
		switch get, s.err = s.b.plan.Get(); {
		case s.err != nil:
		case get == nil:
			s.err = errBatchSelectKey
		default:
			var g transactGet
			if g, s.err = db.prepareGet(0, types.TransactGetItem{Get: get}, fromStatement); s.err == nil {
				s.read = &g
			}
		}
	default:
		s.w, s.err = db.prepareStatementWrite(s.b, req.ReturnValuesOnConditionCheckFailure, capacity)
	}
}

// prepareStatementWrite validates a write statement of a batch. An UPDATE or
// DELETE whose condition fails returns the item with its error when
// onFailure asks for it (the API reference's BatchStatementError); an
// INSERT of an existing item is a DuplicateItem error, without it.
func (db *DB) prepareStatementWrite(b *boundStatement, onFailure types.ReturnValuesOnConditionCheckFailure, capacity types.ReturnConsumedCapacity) (*itemWrite, error) {
	switch p := b.plan; {
	case p.Put != nil:
		in := *p.Put
		in.ReturnConsumedCapacity = capacity
		return db.preparePut(&in, fromStatement, nil)
	case p.Update != nil:
		in := *p.Update
		in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity = onFailure, capacity
		return db.prepareUpdate(&in, fromStatement)
	}
	in := *b.plan.Delete
	in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity = onFailure, capacity
	return db.prepareDelete(&in, fromStatement)
}

// batchRead reads the item of a SELECT of a batch, projected as
// TransactGetItems projects it (see transactReads).
func (db *DB) batchRead(s *batchStatement, consistent bool) (map[string]types.AttributeValue, usage, error) {
	item, err := db.readItem(s.read.rowKey)
	if err != nil {
		return nil, usage{}, err
	}
	u := usage{table: readUnits(attr.ItemSize(item), consistent)}
	if item == nil {
		return nil, u, nil
	}
	if s.read.proj != nil {
		item = s.read.proj.Apply(item)
	}
	return item, u, nil
}

// batchWrites runs the writes of a batch's statements that are ready,
// under their items' locks, as BatchWriteItem runs its writes (see
// runBatch): a statement whose condition fails, or whose INSERT finds its
// item, gets its error; the others commit together in one storage write. A
// batch whose context ends before the commit writes nothing and fails as a
// whole, as does one failing for an internal error.
func (db *DB) batchWrites(c call, stmts []batchStatement) error {
	var ready []*batchStatement
	var rowKeys [][]byte
	for i := range stmts {
		if s := &stmts[i]; s.err == nil && s.w != nil {
			ready = append(ready, s)
			rowKeys = append(rowKeys, s.w.rowKey)
		}
	}
	var rw rowWrites
	defer db.deliver(&rw)
	h, err := db.locks.lockAll(c, rowKeys)
	if err != nil {
		return err
	}
	err = db.evaluateStatements(c, ready, &rw)
	if err == nil {
		err = db.commit(c, &rw)
	}
	return db.finish(&h, &rw, err)
}

// evaluateStatements evaluates the writes of a batch's statements into rw:
// a statement whose condition fails, or whose INSERT finds its item, gets
// its error; an internal error or the end of c's context fails them all.
func (db *DB) evaluateStatements(c call, ready []*batchStatement, rw *rowWrites) error {
	for _, s := range ready {
		if err := c.check(); err != nil {
			return err
		}
		o, err := db.evaluate(s.w, rw)
		var ccf *types.ConditionalCheckFailedException
		switch {
		case err == nil:
			s.item, s.used = s.w.ret.attributes(o.old, o.item, s.w.upd), o.used
		case s.b.plan.Put != nil && errors.As(err, &ccf):
			s.err = errDuplicateItem
		case serverFault(err):
			return err
		default:
			s.err = err
		}
	}
	return nil
}

// serverFault reports whether err is the service's fault rather than the
// request's.
func serverFault(err error) bool {
	var api smithy.APIError
	return !errors.As(err, &api) || api.ErrorFault() == smithy.FaultServer
}

// batchStatementError is the error of a statement of a batch: DynamoDB's
// code without "Exception" (ThrottlingException is ThrottlingError), and
// its message without the "Invalid XExpression: " of the expressions the
// statement compiled to.
func batchStatementError(err error) *types.BatchStatementError {
	err = statementError(err)
	var api smithy.APIError
	if !errors.As(err, &api) {
		api = apierr.Internal("Internal server error").(smithy.APIError)
	}
	code := api.ErrorCode()
	switch code {
	case apierr.CodeValidation:
		code = string(types.BatchStatementErrorCodeEnumValidationError)
	case apierr.CodeThrottling:
		code = string(types.BatchStatementErrorCodeEnumThrottlingError)
	default:
		code = strings.TrimSuffix(code, "Exception")
	}
	out := &types.BatchStatementError{Code: types.BatchStatementErrorCodeEnum(code), Message: ptr(api.ErrorMessage())}
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) && len(ccf.Item) > 0 {
		out.Item = ccf.Item
	}
	return out
}
