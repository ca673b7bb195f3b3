package ddb

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// Put writes item, replacing any item with the same key. Options: If,
// IfExists, IfNotExists (never overwrite), IgnoreVersion, ReturnOld,
// ReturnOldOnConditionFailure and ConsumedCapacity.
//
// A versioned item (a field tagged version) is written only if the stored
// item still has the item's version, or, for version 0, does not exist;
// otherwise Put fails with a *VersionConflictError. The item is stored
// with the next version and its timestamps (fields tagged created and
// updated); Put takes a copy of item, so use Save to have them in item.
func (t *Table[T]) Put(ctx context.Context, item T, opts ...PutOption) error {
	_, err := t.put(ctx, &item, opts)
	return err
}

// put runs Put and returns the attributes with a role it wrote.
func (t *Table[T]) put(ctx context.Context, item *T, opts []PutOption) (Item, error) {
	p := applyAll(opts, PutOption.applyPut)
	if api, ok := t.db.api.(dynamo.ItemJSONWriter); ok && t.writesJSON() {
		buf := itemBuffers.Get().(*[]byte)
		defer recycleItemBuffer(buf)
		body, err := marshalJSON((*buf)[:0], item)
		if !errors.Is(err, errNotJSON) {
			*buf = body[:0]
			target := func() (Item, error) { return nil, t.encodeFailure(err) }
			return t.write(ctx, "PutItem", writePut, p, target, nil,
				func(ctx context.Context, _ Item, w writeRequest) (Item, *types.ConsumedCapacity, error) {
					out, err := api.PutItemJSON(ctx, t.putInput(nil, w), body)
					return putOutput(out, err)
				})
		}
	}
	target := func() (Item, error) { return t.encode(item) }
	return t.write(ctx, "PutItem", writePut, p, target, nil,
		func(ctx context.Context, av Item, w writeRequest) (Item, *types.ConsumedCapacity, error) {
			out, err := t.db.api.PutItem(ctx, t.putInput(av, w))
			return putOutput(out, err)
		})
}

// putInput returns the PutItemInput of a compiled put of item.
func (t *Table[T]) putInput(item Item, w writeRequest) *dynamodb.PutItemInput {
	in := &dynamodb.PutItemInput{TableName: t.schema.tableName, Item: item, ReturnValues: w.ret, ReturnConsumedCapacity: w.capacity.mode()}
	w.setExpressions(&in.ConditionExpression, &in.ExpressionAttributeNames, &in.ExpressionAttributeValues, &in.ReturnValuesOnConditionCheckFailure)
	return in
}

// putOutput returns what a writeSender returns of a PutItem's output.
func putOutput(out *dynamodb.PutItemOutput, err error) (Item, *types.ConsumedCapacity, error) {
	if out == nil {
		return nil, nil, err
	}
	return out.Attributes, out.ConsumedCapacity, err
}

// Update applies u to the item with the given key, creating the item when it
// does not exist (unless IfExists). Options: If, IfExists, IfNotExists,
// IfVersion, IgnoreVersion, ReturnOld, ReturnNew, ReturnUpdatedOld,
// ReturnUpdatedNew, ReturnOldOnConditionFailure and ConsumedCapacity.
//
// The update also adds one to the item's version (a field tagged version),
// sets its updated time, and its created time when it has none.
func (t *Table[T]) Update(ctx context.Context, key ItemKey, u Update, opts ...UpdateOption) error {
	target := func() (Item, error) { return t.schema.key(key) }
	p := applyAll(opts, UpdateOption.applyUpdate)
	u, err := t.schema.entityUpdate(key, u)
	if err != nil && p.err == nil {
		p.err = err
	}
	_, err = t.write(ctx, "UpdateItem", writeUpdate, p, target, u,
		func(ctx context.Context, k Item, w writeRequest) (Item, *types.ConsumedCapacity, error) {
			in := &dynamodb.UpdateItemInput{TableName: t.schema.tableName, Key: k, UpdateExpression: w.update, ReturnValues: w.ret, ReturnConsumedCapacity: w.capacity.mode()}
			w.setExpressions(&in.ConditionExpression, &in.ExpressionAttributeNames, &in.ExpressionAttributeValues, &in.ReturnValuesOnConditionCheckFailure)
			out, err := t.db.api.UpdateItem(ctx, in)
			if out == nil {
				return nil, nil, err
			}
			return out.Attributes, out.ConsumedCapacity, err
		})
	return err
}

// Delete deletes the item with the given key; deleting a missing item
// succeeds. Options: If, IfExists (fail when missing), IfNotExists,
// IfVersion, ReturnOld, ReturnOldOnConditionFailure and ConsumedCapacity.
func (t *Table[T]) Delete(ctx context.Context, key ItemKey, opts ...DeleteOption) error {
	target := func() (Item, error) { return t.schema.key(key) }
	_, err := t.write(ctx, "DeleteItem", writeDelete, applyAll(opts, DeleteOption.applyDelete), target, nil,
		func(ctx context.Context, k Item, w writeRequest) (Item, *types.ConsumedCapacity, error) {
			in := &dynamodb.DeleteItemInput{TableName: t.schema.tableName, Key: k, ReturnValues: w.ret, ReturnConsumedCapacity: w.capacity.mode()}
			w.setExpressions(&in.ConditionExpression, &in.ExpressionAttributeNames, &in.ExpressionAttributeValues, &in.ReturnValuesOnConditionCheckFailure)
			out, err := t.db.api.DeleteItem(ctx, in)
			if out == nil {
				return nil, nil, err
			}
			return out.Attributes, out.ConsumedCapacity, err
		})
	return err
}

// writeRequest is what Put, Update, Delete and the actions of a write
// transaction share: the write's settings and its compiled condition (and
// update) with their placeholders.
type writeRequest struct {
	writeParams
	condition *string
	update    *string
	names     map[string]string
	values    map[string]types.AttributeValue
}

// newWriteRequest compiles the condition of p and, when update is not nil,
// the update expression. A write with neither needs no compiling.
func newWriteRequest(s *Schema, p writeParams, update exprPart) (writeRequest, error) {
	w := writeRequest{writeParams: p}
	cond := p.condition(s)
	if cond.IsZero() && update == nil {
		return w, nil
	}
	b := newExprBuilder(s)
	texts, err := b.build(cond, update)
	if err != nil {
		return w, err
	}
	w.condition, w.update = optional(texts[0]), optional(texts[1])
	w.names, w.values = b.attributeNames(), b.attributeValues()
	return w, nil
}

// setExpressions copies the compiled condition, its placeholders and the
// ReturnValuesOnConditionCheckFailure setting into the fields of an input
// (of a single write or of a transaction action). The item is asked for
// when the condition fails for ReturnOldOnConditionFailure, and to tell a
// version conflict or an item of another entity type from another failed
// condition.
func (w *writeRequest) setExpressions(condition **string, names *map[string]string, values *map[string]types.AttributeValue, onFailure *types.ReturnValuesOnConditionCheckFailure) {
	*condition, *names, *values = w.condition, w.names, w.values
	if w.failed != nil || w.guard != nil || w.lock != nil && !w.lock.alone {
		*onFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
}

// writeSender sends one compiled write of target (the item of a Put, the key
// otherwise) and returns the attributes and consumed capacity of its output,
// when there is one.
type writeSender func(ctx context.Context, target Item, w writeRequest) (Item, *types.ConsumedCapacity, error)

// write runs Put, Update or Delete (op, as DynamoDB names it; kind): it
// encodes the target, applies the roles of the item's fields, compiles the
// request, sends it, adds the consumed capacity and decodes what DynamoDB
// returned into the Return option's destination. It returns the
// attributes with a role a put wrote.
func (t *Table[T]) write(ctx context.Context, op string, kind writeKind, p writeParams, target func() (Item, error), update exprPart, send writeSender) (Item, error) {
	if err := p.check(); err != nil {
		return nil, t.fail(op, err)
	}
	av, err := target()
	if err != nil {
		return nil, t.fail(op, err)
	}
	roles, err := t.schema.applyRoles(kind, &p, av, update, t.db.Now)
	if err != nil {
		return nil, t.fail(op, err)
	}
	w, err := newWriteRequest(t.schema, p, roles.update)
	if err != nil {
		return nil, t.fail(op, err)
	}
	attrs, consumed, err := send(ctx, roles.target, w)
	w.capacity.addOne(true, consumed)
	return roles.written, w.finish(op, t.schema.name, attrs, err)
}

// finish wraps a service error and decodes returned attributes into the
// destination of a Return option.
func (w *writeRequest) finish(op, table string, attrs Item, err error) error {
	if err == nil {
		return decodeReturned(op, table, attrs, w.dst)
	}
	// Declared here, not above: errors.As moves it to the heap.
	var failure *types.ConditionalCheckFailedException
	if errors.As(err, &failure) {
		if err := decodeReturned(op, table, failure.Item, w.failed); err != nil {
			return err
		}
		return w.conditionFailure(wrapError(op, table, err), op, table, -1, failure.Item)
	}
	return wrapError(op, table, err)
}

// conditionFailure turns err, the failure of a write whose condition did
// not hold, into an *EntityTypeError when old (the item as it was, when
// the write asked for it) is of another entity type than the one written,
// or a *VersionConflictError when the version check is what failed.
// action is the index of a transaction's action, -1 otherwise.
func (p *writeParams) conditionFailure(err error, op, table string, action int, old Item) error {
	if e := p.guard.otherType(old); e != nil {
		e.Err = err
		where := "ddb: " + op + " " + table
		if action >= 0 {
			where = fmt.Sprintf("%s: action %d", where, action)
		}
		return annotate(where, e)
	}
	return p.lock.conflict(err, op, table, action, old)
}

// decodeReturned decodes the attributes op returned into dst, when both are
// present.
func decodeReturned(op, table string, attrs Item, dst any) error {
	if dst == nil || len(attrs) == 0 {
		return nil
	}
	if err := decodeInto(attrs, dst); err != nil {
		return annotate("ddb: "+op+" "+table+": returned item", err)
	}
	return nil
}
