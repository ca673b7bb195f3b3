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
	w.str("ConditionExpression", in.ConditionExpression)
	w.enum("ConditionalOperator", string(in.ConditionalOperator))
	w.expected(in.Expected)
	w.names("ExpressionAttributeNames", in.ExpressionAttributeNames)
	w.item("ExpressionAttributeValues", in.ExpressionAttributeValues)
	w.item("Item", in.Item)
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
	w.enum("ReturnItemCollectionMetrics", string(in.ReturnItemCollectionMetrics))
	w.enum("ReturnValues", string(in.ReturnValues))
	w.enum("ReturnValuesOnConditionCheckFailure", string(in.ReturnValuesOnConditionCheckFailure))
	w.str("TableName", in.TableName)
}

func writeUpdateItem(w *writer, in *dynamodb.UpdateItemInput) {
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
	w.str("ConditionExpression", in.ConditionExpression)
	w.enum("ConditionalOperator", string(in.ConditionalOperator))
	w.expected(in.Expected)
	w.names("ExpressionAttributeNames", in.ExpressionAttributeNames)
	w.item("ExpressionAttributeValues", in.ExpressionAttributeValues)
	w.item("Key", in.Key)
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
	w.enum("ReturnItemCollectionMetrics", string(in.ReturnItemCollectionMetrics))
	w.enum("ReturnValues", string(in.ReturnValues))
	w.enum("ReturnValuesOnConditionCheckFailure", string(in.ReturnValuesOnConditionCheckFailure))
	w.str("TableName", in.TableName)
	w.str("UpdateExpression", in.UpdateExpression)
}

func writeDeleteItem(w *writer, in *dynamodb.DeleteItemInput) {
	w.str("ConditionExpression", in.ConditionExpression)
	w.enum("ConditionalOperator", string(in.ConditionalOperator))
	w.expected(in.Expected)
	w.names("ExpressionAttributeNames", in.ExpressionAttributeNames)
	w.item("ExpressionAttributeValues", in.ExpressionAttributeValues)
	w.item("Key", in.Key)
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
	w.enum("ReturnItemCollectionMetrics", string(in.ReturnItemCollectionMetrics))
	w.enum("ReturnValues", string(in.ReturnValues))
	w.enum("ReturnValuesOnConditionCheckFailure", string(in.ReturnValuesOnConditionCheckFailure))
	w.str("TableName", in.TableName)
}

func writeQuery(w *writer, in *dynamodb.QueryInput) {
	w.strings("AttributesToGet", in.AttributesToGet)
	w.enum("ConditionalOperator", string(in.ConditionalOperator))
	w.boolean("ConsistentRead", in.ConsistentRead)
	w.item("ExclusiveStartKey", in.ExclusiveStartKey)
	w.names("ExpressionAttributeNames", in.ExpressionAttributeNames)
	w.item("ExpressionAttributeValues", in.ExpressionAttributeValues)
	w.str("FilterExpression", in.FilterExpression)
	w.str("IndexName", in.IndexName)
	w.str("KeyConditionExpression", in.KeyConditionExpression)
	w.conditions("KeyConditions", in.KeyConditions)
	w.int32("Limit", in.Limit)
	w.str("ProjectionExpression", in.ProjectionExpression)
	w.conditions("QueryFilter", in.QueryFilter)
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
	w.boolean("ScanIndexForward", in.ScanIndexForward)
	w.enum("Select", string(in.Select))
	w.str("TableName", in.TableName)
}

func writeScan(w *writer, in *dynamodb.ScanInput) {
	w.strings("AttributesToGet", in.AttributesToGet)
	w.enum("ConditionalOperator", string(in.ConditionalOperator))
	w.boolean("ConsistentRead", in.ConsistentRead)
	w.item("ExclusiveStartKey", in.ExclusiveStartKey)
	w.names("ExpressionAttributeNames", in.ExpressionAttributeNames)
	w.item("ExpressionAttributeValues", in.ExpressionAttributeValues)
	w.str("FilterExpression", in.FilterExpression)
	w.str("IndexName", in.IndexName)
	w.int32("Limit", in.Limit)
	w.str("ProjectionExpression", in.ProjectionExpression)
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
	w.conditions("ScanFilter", in.ScanFilter)
	w.int32("Segment", in.Segment)
	w.enum("Select", string(in.Select))
	w.str("TableName", in.TableName)
	w.int32("TotalSegments", in.TotalSegments)
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
		w.str("ConditionExpression", c.ConditionExpression)
		w.names("ExpressionAttributeNames", c.ExpressionAttributeNames)
		w.item("ExpressionAttributeValues", c.ExpressionAttributeValues)
		w.item("Key", c.Key)
		w.enum("ReturnValuesOnConditionCheckFailure", string(c.ReturnValuesOnConditionCheckFailure))
		w.str("TableName", c.TableName)
		w.close('}')
	}
	if d := t.Delete; d != nil {
		w.object("Delete")
		w.str("ConditionExpression", d.ConditionExpression)
		w.names("ExpressionAttributeNames", d.ExpressionAttributeNames)
		w.item("ExpressionAttributeValues", d.ExpressionAttributeValues)
		w.item("Key", d.Key)
		w.enum("ReturnValuesOnConditionCheckFailure", string(d.ReturnValuesOnConditionCheckFailure))
		w.str("TableName", d.TableName)
		w.close('}')
	}
	if p := t.Put; p != nil {
		w.object("Put")
		w.str("ConditionExpression", p.ConditionExpression)
		w.names("ExpressionAttributeNames", p.ExpressionAttributeNames)
		w.item("ExpressionAttributeValues", p.ExpressionAttributeValues)
		w.item("Item", p.Item)
		w.enum("ReturnValuesOnConditionCheckFailure", string(p.ReturnValuesOnConditionCheckFailure))
		w.str("TableName", p.TableName)
		w.close('}')
	}
	if u := t.Update; u != nil {
		w.object("Update")
		w.str("ConditionExpression", u.ConditionExpression)
		w.names("ExpressionAttributeNames", u.ExpressionAttributeNames)
		w.item("ExpressionAttributeValues", u.ExpressionAttributeValues)
		w.item("Key", u.Key)
		w.enum("ReturnValuesOnConditionCheckFailure", string(u.ReturnValuesOnConditionCheckFailure))
		w.str("TableName", u.TableName)
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
