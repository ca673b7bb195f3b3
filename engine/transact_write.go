package engine

import (
	"cmp"
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
)

// maxTransactItems is the most actions one transaction may carry.
const maxTransactItems = 100

// Transactions consume twice the capacity of the same reads and writes.
const transactFactor = 2

// maxTransactPayload is the largest aggregate size of the actions of one
// transaction: 4 MB.
const maxTransactPayload = 4 << 20

// Errors of a transaction's shape.
var (
	errTransactSameKey = apierr.Validation("Transaction request cannot include multiple operations on one item")
)

// transactAction is one validated action of TransactWriteItems.
type transactAction struct {
	w     *itemWrite
	check bool // a ConditionCheck
}

// TransactWriteItems applies up to 100 puts, updates, deletes and condition
// checks on distinct items, all or none. It locks every item (in a global
// order), checks every condition, then writes every change, with the index
// rows, in one atomic storage write. A ClientRequestToken makes the call
// idempotent for 10 minutes.
func (db *DB) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	in = orEmpty(in)
	c, err := db.begin(ctx, "TransactWriteItems", in)
	if err != nil {
		return nil, err
	}
	return db.transactWriteItems(c, in, fromRequest)
}

// actionParts is what the checks of an action of TransactWriteItems look
// at: the item of a Put or the key of another action, its expressions and
// their placeholders; and, for its fingerprint (see fingerprint), its kind
// ('P'ut, 'U'pdate, 'D'elete or 'C'heck), table and
// ReturnValuesOnConditionCheckFailure.
type actionParts struct {
	item      map[string]types.AttributeValue
	exprs     [2]*string // nil where an action has fewer
	names     map[string]string
	values    map[string]types.AttributeValue
	kind      byte
	table     *string
	onFailure types.ReturnValuesOnConditionCheckFailure
}

// partsOf returns the parts of action ti (none when no action is set).
func partsOf(ti types.TransactWriteItem) actionParts {
	switch {
	case ti.Put != nil:
		p := ti.Put
		return actionParts{p.Item, [2]*string{p.ConditionExpression}, p.ExpressionAttributeNames, p.ExpressionAttributeValues, 'P', p.TableName, p.ReturnValuesOnConditionCheckFailure}
	case ti.Update != nil:
		u := ti.Update
		return actionParts{u.Key, [2]*string{u.UpdateExpression, u.ConditionExpression}, u.ExpressionAttributeNames, u.ExpressionAttributeValues, 'U', u.TableName, u.ReturnValuesOnConditionCheckFailure}
	case ti.Delete != nil:
		d := ti.Delete
		return actionParts{d.Key, [2]*string{d.ConditionExpression}, d.ExpressionAttributeNames, d.ExpressionAttributeValues, 'D', d.TableName, d.ReturnValuesOnConditionCheckFailure}
	case ti.ConditionCheck != nil:
		c := ti.ConditionCheck
		return actionParts{c.Key, [2]*string{c.ConditionExpression}, c.ExpressionAttributeNames, c.ExpressionAttributeValues, 'C', c.TableName, c.ReturnValuesOnConditionCheckFailure}
	}
	return actionParts{}
}

// transactPayload adds up the payload of a transaction, action by action,
// as DynamoDB Local does: the item of a Put or the key of another action,
// its expression attribute values and, for the request's own expressions
// (texts set: not those a PartiQL statement became), their lengths and the
// attribute names they use. At most 4 MB is allowed.
type transactPayload struct {
	size  int
	texts bool
}

// add adds action ti and rejects the transaction, with the size so far,
// once the total is over 4 MB.
func (p *transactPayload) add(ti types.TransactWriteItem) error {
	a := partsOf(ti)
	p.size += attr.ItemSize(a.item)
	for _, v := range a.values {
		p.size += attr.Size(v)
	}
	if p.texts {
		for _, n := range a.names {
			p.size += len(n)
		}
		for _, e := range a.exprs {
			p.size += len(deref(e))
		}
	}
	if p.size > maxTransactPayload {
		return apierr.Validationf("Transaction payload size cannot exceed 4MB. Payload Size: %d", p.size)
	}
	return nil
}

// transactWriteItems runs TransactWriteItems under c (which ExecuteTransaction names).
func (db *DB) transactWriteItems(c call, in *dynamodb.TransactWriteItemsInput, from origin) (*dynamodb.TransactWriteItemsOutput, error) {
	if err := checkTransactWriteItemsInput(in); err != nil {
		return nil, err
	}
	actions, reasons, invalid, err := db.prepareActions(in.TransactItems, from)
	if err != nil {
		return nil, err
	}
	if invalid {
		// The valid actions' conditions are still evaluated, as DynamoDB
		// Local evaluates them, so that their reasons tell whether they
		// failed too; nothing is written.
		_, err := db.transact(c, actions, reasons, in, nil)
		return nil, err
	}
	// The token is looked up once the request is known to be valid, as
	// DynamoDB Local does: a retry that differs by a mistake gets the
	// mistake, not IdempotentParameterMismatchException.
	return db.transact(c, actions, reasons, in, newRequestToken(in))
}

// prepareActions validates the actions of a transaction, each whole (its
// substitutions, its expressions, then the payload so far) before the
// next, as DynamoDB Local checks them; then come a missing table and two
// actions on one item. An invalid item does not fail the request: its
// action is left empty, its reason set, and invalid reports it.
func (db *DB) prepareActions(items []types.TransactWriteItem, from origin) (actions []transactAction, reasons []types.CancellationReason, invalid bool, err error) {
	actions = make([]transactAction, len(items))
	reasons = make([]types.CancellationReason, len(items))
	payload := transactPayload{texts: from == fromRequest}
	var missing error // the first action's on a table that does not exist
	for i, ti := range items {
		a, err := db.prepareAction(i, ti, from)
		var notFound *types.ResourceNotFoundException
		switch {
		case err == nil:
			actions[i] = a
		case itemInvalid(err):
			reasons[i], invalid = validationReason(err), true
		case errors.As(err, &notFound):
			missing = cmp.Or(missing, err)
		default:
			return nil, nil, false, err
		}
		if err := payload.add(ti); err != nil {
			return nil, nil, false, err
		}
	}
	if missing != nil {
		return nil, nil, false, missing
	}
	seen := make(map[string]bool, len(actions))
	for _, a := range actions {
		if a.w == nil {
			continue
		}
		if seen[string(a.w.rowKey)] {
			return nil, nil, false, errTransactSameKey
		}
		seen[string(a.w.rowKey)] = true
	}
	return actions, reasons, invalid, nil
}

// transact runs validated actions: lock, evaluate, commit. An invalid
// action (nil write; its reason set) cancels the transaction once the
// others are evaluated. If c's context ends first, it writes nothing. A
// call already made with tok (nil: none) is answered as made, without
// writing again; it is looked up under the items' locks, so that a retry
// waits for the call it repeats.
func (db *DB) transact(c call, actions []transactAction, reasons []types.CancellationReason, in *dynamodb.TransactWriteItemsInput, tok *requestToken) (*dynamodb.TransactWriteItemsOutput, error) {
	rowKeys := make([][]byte, 0, len(actions))
	for _, a := range actions {
		if a.w != nil {
			rowKeys = append(rowKeys, a.w.rowKey)
		}
	}
	var rw rowWrites
	defer db.deliver(&rw)
	h, err := db.locks.lockAll(c, rowKeys)
	if err != nil {
		return nil, err
	}
	used, seen, err := db.applyActions(c, actions, reasons, tok, &rw)
	if err := db.finish(&h, &rw, err); err != nil {
		return nil, err
	}
	if seen {
		return replayed(actions, in.ReturnConsumedCapacity), nil
	}
	out := &dynamodb.TransactWriteItemsOutput{ConsumedCapacity: used.consumed(in.ReturnConsumedCapacity, writeUnitsKind)}
	for _, a := range actions {
		if a.check {
			continue
		}
		m, err := db.itemCollectionMetrics(a.w.t, in.ReturnItemCollectionMetrics, a.w.key)
		if err != nil {
			return nil, err
		}
		if m != nil {
			if out.ItemCollectionMetrics == nil {
				out.ItemCollectionMetrics = map[string][]types.ItemCollectionMetrics{}
			}
			out.ItemCollectionMetrics[a.w.t.name] = append(out.ItemCollectionMetrics[a.w.t.name], *m)
		}
	}
	return out, nil
}

// applyActions evaluates and commits the actions of a transaction, under
// their items' locks, with the record of tok (nil: none), and returns the
// capacity they use; seen reports a call already made with tok instead,
// which it leaves as it is.
func (db *DB) applyActions(c call, actions []transactAction, reasons []types.CancellationReason, tok *requestToken, rw *rowWrites) (used tableUsage, seen bool, err error) {
	if seen, err := db.tokens.seen(tok, db.now()); seen || err != nil {
		return used, seen, err
	}
	if used, err = db.evaluateActions(c, actions, reasons, rw); err != nil {
		return used, false, err
	}
	if tok != nil {
		tok.at = db.now()
		rw.ops = db.tokens.record(rw.ops, tok)
	}
	if err = db.commit(c, rw); err == nil && tok != nil {
		db.tokens.remember(tok)
	}
	return used, false, err
}

// replayed is the output of a call repeated with its ClientRequestToken,
// which reads the items instead of writing them, and reports its capacity
// so.
func replayed(actions []transactAction, mode types.ReturnConsumedCapacity) *dynamodb.TransactWriteItemsOutput {
	var used tableUsage
	for _, a := range actions {
		used.add(a.w.t, usage{table: readUnits(0, true)}, transactFactor)
	}
	return &dynamodb.TransactWriteItemsOutput{ConsumedCapacity: used.consumed(mode, readUnitsKind)}
}

// evaluateActions evaluates the actions of a transaction into rw and
// returns the capacity they use, or the transaction's cancellation with
// the reason of every action.
func (db *DB) evaluateActions(c call, actions []transactAction, reasons []types.CancellationReason, rw *rowWrites) (tableUsage, error) {
	var used tableUsage
	failed := false
	for i, a := range actions {
		if err := c.check(); err != nil {
			return used, err
		}
		if a.w == nil { // invalid: its reason is set
			failed = true
			continue
		}
		o, err := db.evaluate(a.w, rw)
		var ccf *types.ConditionalCheckFailedException
		switch {
		case errors.As(err, &ccf):
			msg := "The conditional request failed"
			if a.check {
				msg += "." // as DynamoDB Local words it for a ConditionCheck
			}
			reasons[i], failed = types.CancellationReason{Code: ptr("ConditionalCheckFailed"), Message: ptr(msg), Item: ccf.Item}, true
			continue
		case evaluationInvalid(err):
			reasons[i], failed = validationReason(err), true
			continue
		case err != nil:
			return used, err
		}
		if a.check {
			o.used = usage{table: writeUnits(attr.ItemSize(o.old))}
		}
		used.add(a.w.t, o.used, transactFactor)
	}
	if failed {
		return used, cancelled(reasons)
	}
	return used, nil
}

// prepareAction validates action i of a transaction, exactly as the
// corresponding single-item operation would.
func (db *DB) prepareAction(i int, ti types.TransactWriteItem, from origin) (transactAction, error) {
	n := 0
	for _, set := range []bool{ti.ConditionCheck != nil, ti.Put != nil, ti.Update != nil, ti.Delete != nil} {
		if set {
			n++
		}
	}
	switch {
	case n == 0:
		return transactAction{}, apierr.Validation("Invalid Request: TransactWriteRequest should contain Delete or Put or Update request")
	case n > 1:
		return transactAction{}, apierr.Validation("TransactItems can only contain one of Check, Put, Update or Delete")
	}
	if from == fromRequest {
		a := partsOf(ti)
		if err := checkSubstitutions(a.names, a.values); err != nil {
			return transactAction{}, err
		}
	}
	var w *itemWrite
	var err error
	switch {
	case ti.Put != nil:
		p := ti.Put
		w, err = db.preparePut(&dynamodb.PutItemInput{
			TableName: p.TableName, Item: p.Item, ConditionExpression: p.ConditionExpression,
			ExpressionAttributeNames: p.ExpressionAttributeNames, ExpressionAttributeValues: p.ExpressionAttributeValues,
			ReturnValuesOnConditionCheckFailure: p.ReturnValuesOnConditionCheckFailure,
		}, from, nil)
	case ti.Update != nil:
		u := ti.Update
		if u.UpdateExpression == nil {
			return transactAction{}, nullField("transactItems." + itoa(i+1) + ".member.update.updateExpression")
		}
		w, err = db.prepareUpdate(&dynamodb.UpdateItemInput{
			TableName: u.TableName, Key: u.Key, UpdateExpression: u.UpdateExpression, ConditionExpression: u.ConditionExpression,
			ExpressionAttributeNames: u.ExpressionAttributeNames, ExpressionAttributeValues: u.ExpressionAttributeValues,
			ReturnValuesOnConditionCheckFailure: u.ReturnValuesOnConditionCheckFailure,
		}, from)
	case ti.Delete != nil:
		d := ti.Delete
		w, err = db.prepareDelete(&dynamodb.DeleteItemInput{
			TableName: d.TableName, Key: d.Key, ConditionExpression: d.ConditionExpression,
			ExpressionAttributeNames: d.ExpressionAttributeNames, ExpressionAttributeValues: d.ExpressionAttributeValues,
			ReturnValuesOnConditionCheckFailure: d.ReturnValuesOnConditionCheckFailure,
		}, from)
	default:
		c := ti.ConditionCheck
		if c.ConditionExpression == nil {
			return transactAction{}, nullField("transactItems." + itoa(i+1) + ".member.conditionCheck.conditionExpression")
		}
		ret := returnSettings{onFailure: c.ReturnValuesOnConditionCheckFailure}
		if err := ret.check(nil); err != nil {
			return transactAction{}, err
		}
		w, err = db.prepareKeyed(c.TableName, c.Key, c.ConditionExpression, c.ExpressionAttributeNames, c.ExpressionAttributeValues, ret, from, nil)
	}
	return transactAction{w: w, check: ti.ConditionCheck != nil}, err
}

// itemInvalid reports whether err is a validation error of one item (its
// key or attributes, rather than the request's expressions), which cancels
// a transaction with a ValidationError reason instead of failing it. An
// empty string or binary key value ("One or more parameter values are not
// valid. ...") is the exception: DynamoDB rejects the whole request, as
// DynamoDB Local does and as captured from AWS by the
// paritysuite/dynamodb-conformance suite. So is an index key value over
// its size limit, as DynamoDB Local does, and a set that is empty or has
// two equal members, which DynamoDB refuses before it even looks up the
// table (dynalite's tests, checked against DynamoDB, get these errors for
// a table that does not exist), as DynamoDB Local does.
func itemInvalid(err error) bool {
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != apierr.CodeValidation {
		return false
	}
	msg := api.ErrorMessage()
	if strings.HasPrefix(msg, "One or more parameter values were invalid: "+indexKeySizeExceeded) || attr.InvalidSet(msg) {
		return false
	}
	return strings.HasPrefix(msg, "One or more parameter values were invalid") ||
		msg == apiMessage(errKeyMismatch) || msg == apiMessage(errItemSize) || errors.Is(err, errUpdateSize)
}

// evaluationInvalid reports whether err, the error of evaluating an action
// against its item, is a validation error. Every such error depends on the
// item (prepareActions found the request's own mistakes): an update's
// operand of the wrong type, a path the item cannot take, an attribute the
// item lacks, a number out of range. It cancels the transaction with a
// ValidationError reason at the action, as the API reference's
// TransactWriteItems lists these among the cancellation reasons (where
// DynamoDB Local refuses the request with a ValidationException).
func evaluationInvalid(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == apierr.CodeValidation
}

// apiMessage returns the message of an API error.
func apiMessage(err error) string {
	var api smithy.APIError
	errors.As(err, &api)
	return api.ErrorMessage()
}

// validationReason is the cancellation reason of an invalid item.
func validationReason(err error) types.CancellationReason {
	return types.CancellationReason{Code: ptr("ValidationError"), Message: ptr(apiMessage(err))}
}

// cancelled is the TransactionCanceledException of a transaction with the
// given reasons (Code "None" where unset).
func cancelled(reasons []types.CancellationReason) error {
	codes := make([]string, len(reasons))
	for i := range reasons {
		if reasons[i].Code == nil {
			reasons[i].Code = ptr("None")
		}
		codes[i] = *reasons[i].Code
	}
	return &types.TransactionCanceledException{
		Message:             ptr("Transaction cancelled, please refer cancellation reasons for specific reasons [" + strings.Join(codes, ", ") + "]"),
		CancellationReasons: reasons,
	}
}
