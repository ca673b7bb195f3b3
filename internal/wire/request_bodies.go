package wire

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The request writers of the data-plane operations. Each writes every
// member of its input that is set, as the SDK's serializer does (the
// differential tests fill every member of every input and compare).

func writeGetItem(w *writer, in *dynamodb.GetItemInput) {
	w.strings("AttributesToGet", in.AttributesToGet)
	w.boolean("ConsistentRead", in.ConsistentRead)
	w.names("ExpressionAttributeNames", in.ExpressionAttributeNames)
	w.item("Key", in.Key)
	w.str("ProjectionExpression", in.ProjectionExpression)
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
	w.str("TableName", in.TableName)
}

func writePutItem(w *writer, in *dynamodb.PutItemInput) {
	w.singleWrite(singleWrite{
		conditional: conditional{in.TableName, in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues, in.ReturnValuesOnConditionCheckFailure},
		operator:    in.ConditionalOperator, expected: in.Expected,
		capacity: in.ReturnConsumedCapacity, metrics: in.ReturnItemCollectionMetrics, values: in.ReturnValues,
	})
	w.item("Item", in.Item)
}

func writeUpdateItem(w *writer, in *dynamodb.UpdateItemInput) {
	w.singleWrite(singleWrite{
		conditional: conditional{in.TableName, in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues, in.ReturnValuesOnConditionCheckFailure},
		operator:    in.ConditionalOperator, expected: in.Expected,
		capacity: in.ReturnConsumedCapacity, metrics: in.ReturnItemCollectionMetrics, values: in.ReturnValues,
	})
	w.item("Key", in.Key)
	w.str("UpdateExpression", in.UpdateExpression)
	if in.AttributeUpdates != nil {
		w.object("AttributeUpdates")
		for k, u := range in.AttributeUpdates {
			w.object(k)
			w.enum("Action", string(u.Action))
			w.attributeValue("Value", u.Value)
			w.close('}')
		}
		w.close('}')
	}
}

func writeDeleteItem(w *writer, in *dynamodb.DeleteItemInput) {
	w.singleWrite(singleWrite{
		conditional: conditional{in.TableName, in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues, in.ReturnValuesOnConditionCheckFailure},
		operator:    in.ConditionalOperator, expected: in.Expected,
		capacity: in.ReturnConsumedCapacity, metrics: in.ReturnItemCollectionMetrics, values: in.ReturnValues,
	})
	w.item("Key", in.Key)
}

// A conditional holds the members every conditional write has, alone or in
// a transaction: its table, its condition with the expression attributes,
// and what to return when the condition fails.
type conditional struct {
	table, condition *string
	names            map[string]string
	values           map[string]types.AttributeValue
	onFailure        types.ReturnValuesOnConditionCheckFailure
}

// conditional writes the members of c.
func (w *writer) conditional(c conditional) {
	w.str("TableName", c.table)
	w.str("ConditionExpression", c.condition)
	w.names("ExpressionAttributeNames", c.names)
	w.item("ExpressionAttributeValues", c.values)
	w.enum("ReturnValuesOnConditionCheckFailure", string(c.onFailure))
}

// A singleWrite holds the members PutItem, UpdateItem and DeleteItem share.
type singleWrite struct {
	conditional
	operator types.ConditionalOperator
	expected map[string]types.ExpectedAttributeValue
	capacity types.ReturnConsumedCapacity
	metrics  types.ReturnItemCollectionMetrics
	values   types.ReturnValue
}

// singleWrite writes the members of s.
func (w *writer) singleWrite(s singleWrite) {
	w.conditional(s.conditional)
	w.enum("ConditionalOperator", string(s.operator))
	w.expected(s.expected)
	w.enum("ReturnConsumedCapacity", string(s.capacity))
	w.enum("ReturnItemCollectionMetrics", string(s.metrics))
	w.enum("ReturnValues", string(s.values))
}

func writeQuery(w *writer, in *dynamodb.QueryInput) {
	w.search(search{
		table: in.TableName, index: in.IndexName, filter: in.FilterExpression, projection: in.ProjectionExpression,
		attributesToGet: in.AttributesToGet, operator: in.ConditionalOperator, consistent: in.ConsistentRead,
		startKey: in.ExclusiveStartKey, names: in.ExpressionAttributeNames, values: in.ExpressionAttributeValues,
		limit: in.Limit, capacity: in.ReturnConsumedCapacity, sel: in.Select,
	})
	w.str("KeyConditionExpression", in.KeyConditionExpression)
	w.conditions("KeyConditions", in.KeyConditions)
	w.conditions("QueryFilter", in.QueryFilter)
	w.boolean("ScanIndexForward", in.ScanIndexForward)
}

func writeScan(w *writer, in *dynamodb.ScanInput) {
	w.search(search{
		table: in.TableName, index: in.IndexName, filter: in.FilterExpression, projection: in.ProjectionExpression,
		attributesToGet: in.AttributesToGet, operator: in.ConditionalOperator, consistent: in.ConsistentRead,
		startKey: in.ExclusiveStartKey, names: in.ExpressionAttributeNames, values: in.ExpressionAttributeValues,
		limit: in.Limit, capacity: in.ReturnConsumedCapacity, sel: in.Select,
	})
	w.conditions("ScanFilter", in.ScanFilter)
	w.int32("Segment", in.Segment)
	w.int32("TotalSegments", in.TotalSegments)
}

// A search holds the members Query and Scan share.
type search struct {
	table, index, filter, projection *string
	attributesToGet                  []string
	operator                         types.ConditionalOperator
	consistent                       *bool
	startKey                         map[string]types.AttributeValue
	names                            map[string]string
	values                           map[string]types.AttributeValue
	limit                            *int32
	capacity                         types.ReturnConsumedCapacity
	sel                              types.Select
}

// search writes the members of s.
func (w *writer) search(s search) {
	w.str("TableName", s.table)
	w.str("IndexName", s.index)
	w.str("FilterExpression", s.filter)
	w.str("ProjectionExpression", s.projection)
	w.strings("AttributesToGet", s.attributesToGet)
	w.enum("ConditionalOperator", string(s.operator))
	w.boolean("ConsistentRead", s.consistent)
	w.item("ExclusiveStartKey", s.startKey)
	w.names("ExpressionAttributeNames", s.names)
	w.item("ExpressionAttributeValues", s.values)
	w.int32("Limit", s.limit)
	w.enum("ReturnConsumedCapacity", string(s.capacity))
	w.enum("Select", string(s.sel))
}

func writeBatchGetItem(w *writer, in *dynamodb.BatchGetItemInput) {
	if in.RequestItems != nil {
		w.object("RequestItems")
		for table, ka := range in.RequestItems {
			w.object(table)
			w.keysAndAttributes(&ka)
			w.close('}')
		}
		w.close('}')
	}
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
}

func writeBatchWriteItem(w *writer, in *dynamodb.BatchWriteItemInput) {
	if in.RequestItems != nil {
		w.object("RequestItems")
		for table, reqs := range in.RequestItems {
			w.writeRequests(table, reqs)
		}
		w.close('}')
	}
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
	w.enum("ReturnItemCollectionMetrics", string(in.ReturnItemCollectionMetrics))
}

func writeTransactGetItems(w *writer, in *dynamodb.TransactGetItemsInput) {
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
	if in.TransactItems == nil {
		return
	}
	w.array("TransactItems")
	for i := range in.TransactItems {
		w.open('{')
		if g := in.TransactItems[i].Get; g != nil {
			w.object("Get")
			w.names("ExpressionAttributeNames", g.ExpressionAttributeNames)
			w.item("Key", g.Key)
			w.str("ProjectionExpression", g.ProjectionExpression)
			w.str("TableName", g.TableName)
			w.close('}')
		}
		w.close('}')
	}
	w.close(']')
}

func writeTransactWriteItems(w *writer, in *dynamodb.TransactWriteItemsInput) {
	w.str("ClientRequestToken", in.ClientRequestToken)
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
	w.enum("ReturnItemCollectionMetrics", string(in.ReturnItemCollectionMetrics))
	if in.TransactItems == nil {
		return
	}
	w.array("TransactItems")
	for i := range in.TransactItems {
		w.open('{')
		w.transactWriteItem(&in.TransactItems[i])
		w.close('}')
	}
	w.close(']')
}

// transactWriteItem writes the members of one TransactWriteItem.
func (w *writer) transactWriteItem(t *types.TransactWriteItem) {
	if c := t.ConditionCheck; c != nil {
		w.object("ConditionCheck")
		w.conditional(conditional{c.TableName, c.ConditionExpression, c.ExpressionAttributeNames, c.ExpressionAttributeValues, c.ReturnValuesOnConditionCheckFailure})
		w.item("Key", c.Key)
		w.close('}')
	}
	if d := t.Delete; d != nil {
		w.object("Delete")
		w.conditional(conditional{d.TableName, d.ConditionExpression, d.ExpressionAttributeNames, d.ExpressionAttributeValues, d.ReturnValuesOnConditionCheckFailure})
		w.item("Key", d.Key)
		w.close('}')
	}
	if p := t.Put; p != nil {
		w.object("Put")
		w.conditional(conditional{p.TableName, p.ConditionExpression, p.ExpressionAttributeNames, p.ExpressionAttributeValues, p.ReturnValuesOnConditionCheckFailure})
		w.item("Item", p.Item)
		w.close('}')
	}
	if u := t.Update; u != nil {
		w.object("Update")
		w.conditional(conditional{u.TableName, u.ConditionExpression, u.ExpressionAttributeNames, u.ExpressionAttributeValues, u.ReturnValuesOnConditionCheckFailure})
		w.item("Key", u.Key)
		w.str("UpdateExpression", u.UpdateExpression)
		w.close('}')
	}
}

// keysAndAttributes writes the members of a BatchGetItem table request or
// of unprocessed keys.
func (w *writer) keysAndAttributes(ka *types.KeysAndAttributes) {
	w.strings("AttributesToGet", ka.AttributesToGet)
	w.boolean("ConsistentRead", ka.ConsistentRead)
	w.names("ExpressionAttributeNames", ka.ExpressionAttributeNames)
	w.items("Keys", ka.Keys)
	w.str("ProjectionExpression", ka.ProjectionExpression)
}

// writeRequests writes a table's list of BatchWriteItem requests as member
// table.
func (w *writer) writeRequests(table string, reqs []types.WriteRequest) {
	w.array(table)
	for _, r := range reqs {
		w.open('{')
		if d := r.DeleteRequest; d != nil {
			w.object("DeleteRequest")
			w.item("Key", d.Key)
			w.close('}')
		}
		if p := r.PutRequest; p != nil {
			w.object("PutRequest")
			w.item("Item", p.Item)
			w.close('}')
		}
		w.close('}')
	}
	w.close(']')
}

// expected writes the legacy Expected member if set.
func (w *writer) expected(m map[string]types.ExpectedAttributeValue) {
	if m == nil {
		return
	}
	w.object("Expected")
	for k, e := range m {
		w.object(k)
		w.attributeValues("AttributeValueList", e.AttributeValueList)
		w.enum("ComparisonOperator", string(e.ComparisonOperator))
		w.boolean("Exists", e.Exists)
		w.attributeValue("Value", e.Value)
		w.close('}')
	}
	w.close('}')
}

// conditions writes a legacy map of conditions (KeyConditions, QueryFilter,
// ScanFilter) if set.
func (w *writer) conditions(name string, m map[string]types.Condition) {
	if m == nil {
		return
	}
	w.object(name)
	for k, c := range m {
		w.object(k)
		w.attributeValues("AttributeValueList", c.AttributeValueList)
		w.enum("ComparisonOperator", string(c.ComparisonOperator))
		w.close('}')
	}
	w.close('}')
}
