package engine

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// The model-level checks of each operation: the constraints of DynamoDB's
// API model on the request's members (required, lengths, patterns, ranges,
// enums), made before anything else and reported together (see
// violations). The order of the checks is the order DynamoDB lists the
// violations in, as recorded from AWS where known (UpdateItem, us-east-1,
// 2026: returnConsumedCapacity, tableName, returnValues, key; GetItem:
// returnConsumedCapacity, attributesToGet, tableName, key); the other
// operations follow the same pattern: the Return* options, then the table,
// then the operation's own members.

// checkGetItemInput checks a GetItem request's members.
func checkGetItemInput(in *dynamodb.GetItemInput) error {
	var v violations
	enum(&v, "returnConsumedCapacity", in.ReturnConsumedCapacity, enumReturnCapacity)
	v.list("attributesToGet", in.AttributesToGet, 1, -1)
	v.tableName(in.TableName)
	v.present("key", in.Key != nil)
	return v.errOr(checkSubstitutions(in.ExpressionAttributeNames, nil))
}

// checkPutItemInput checks a PutItem request's members; encoded says that
// the item came beside the request (PutItemJSON).
func checkPutItemInput(in *dynamodb.PutItemInput, encoded bool) error {
	var v violations
	v.writeRequest(returnSettings{in.ReturnValues, in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity, in.ReturnItemCollectionMetrics}, in.TableName, in.ConditionalOperator)
	v.present("item", in.Item != nil || encoded)
	return v.errOr(checkSubstitutions(in.ExpressionAttributeNames, in.ExpressionAttributeValues))
}

// checkUpdateItemInput checks an UpdateItem request's members.
func checkUpdateItemInput(in *dynamodb.UpdateItemInput) error {
	var v violations
	v.writeRequest(returnSettings{in.ReturnValues, in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity, in.ReturnItemCollectionMetrics}, in.TableName, in.ConditionalOperator)
	for _, name := range sortedKeys(in.AttributeUpdates) {
		enum(&v, "attributeUpdates."+name+".member.action", in.AttributeUpdates[name].Action, enumAttributeAction)
	}
	v.present("key", in.Key != nil)
	return v.errOr(checkSubstitutions(in.ExpressionAttributeNames, in.ExpressionAttributeValues))
}

// checkDeleteItemInput checks a DeleteItem request's members.
func checkDeleteItemInput(in *dynamodb.DeleteItemInput) error {
	var v violations
	v.writeRequest(returnSettings{in.ReturnValues, in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity, in.ReturnItemCollectionMetrics}, in.TableName, in.ConditionalOperator)
	v.present("key", in.Key != nil)
	return v.errOr(checkSubstitutions(in.ExpressionAttributeNames, in.ExpressionAttributeValues))
}

// writeRequest checks the members PutItem, UpdateItem and DeleteItem share.
func (v *violations) writeRequest(r returnSettings, table *string, op types.ConditionalOperator) {
	enum(v, "returnConsumedCapacity", r.capacity, enumReturnCapacity)
	v.tableName(table)
	v.returnOptions(r)
	enum(v, "conditionalOperator", op, enumConditionalOp)
}

// returnOptions checks a write's Return* members other than
// ReturnConsumedCapacity.
func (v *violations) returnOptions(r returnSettings) {
	enum(v, "returnValues", r.values, enumReturnValues)
	enum(v, "returnItemCollectionMetrics", r.collections, enumReturnCollections)
	enum(v, "returnValuesOnConditionCheckFailure", r.onFailure, enumReturnOnFailure)
}

// searchOptions checks the members Query and Scan share.
func (v *violations) searchOptions(capacity types.ReturnConsumedCapacity, attrs []string, sel types.Select, table, index *string, limit *int32, op types.ConditionalOperator) {
	enum(v, "returnConsumedCapacity", capacity, enumReturnCapacity)
	v.list("attributesToGet", attrs, 1, -1)
	enum(v, "select", sel, enumSelect)
	v.tableName(table)
	v.indexName("indexName", index)
	v.intRange("limit", limit, 1, 1<<31-1)
	enum(v, "conditionalOperator", op, enumConditionalOp)
}

// checkQueryInput checks a Query request's members.
func checkQueryInput(in *dynamodb.QueryInput) error {
	var v violations
	v.searchOptions(in.ReturnConsumedCapacity, in.AttributesToGet, in.Select, in.TableName, in.IndexName, in.Limit, in.ConditionalOperator)
	return v.errOr(checkSubstitutions(in.ExpressionAttributeNames, in.ExpressionAttributeValues))
}

// maxSegment is the largest Segment of a parallel Scan.
const maxSegment = 999999

// checkScanInput checks a Scan request's members.
func checkScanInput(in *dynamodb.ScanInput) error {
	var v violations
	v.searchOptions(in.ReturnConsumedCapacity, in.AttributesToGet, in.Select, in.TableName, in.IndexName, in.Limit, in.ConditionalOperator)
	v.intRange("segment", in.Segment, 0, maxSegment)
	v.intRange("totalSegments", in.TotalSegments, 1, maxTotalSegments)
	return v.errOr(checkSubstitutions(in.ExpressionAttributeNames, in.ExpressionAttributeValues))
}

// checkBatchGetItemInput checks a BatchGetItem request's members. A missing
// or empty RequestItems is reported on its own, before the model's
// constraints, as most regions answered in 2026 (a few said "Value at
// 'RequestItems' failed to satisfy constraint: Member must have length
// greater than or equal to 1"). A table's Keys list is shown without its
// value.
func checkBatchGetItemInput(in *dynamodb.BatchGetItemInput) error {
	if len(in.RequestItems) == 0 {
		return apierr.Validation("The requestItems parameter is required for BatchGetItem")
	}
	var v violations
	enum(&v, "returnConsumedCapacity", in.ReturnConsumedCapacity, enumReturnCapacity)
	for _, name := range sortedKeys(in.RequestItems) {
		if len(in.RequestItems[name].Keys) > maxBatchGets {
			v.addUnshown("RequestItems."+name+".member.Keys", "must have length less than or equal to "+itoa(maxBatchGets))
		}
	}
	if err := v.err(); err != nil {
		return err
	}
	for _, name := range sortedKeys(in.RequestItems) {
		if err := checkSubstitutions(in.RequestItems[name].ExpressionAttributeNames, nil); err != nil {
			return err
		}
	}
	return nil
}

// checkBatchWriteItemInput checks a BatchWriteItem request's members. A
// missing or empty RequestItems is reported on its own, before the model's
// constraints. A table with more than 25 writes breaks the constraint on
// the map's values, which DynamoDB reports with the whole map as Java
// prints it.
func checkBatchWriteItemInput(in *dynamodb.BatchWriteItemInput) error {
	if len(in.RequestItems) == 0 {
		return apierr.Validation("The requestItems parameter is required for BatchWriteItem")
	}
	var v violations
	enum(&v, "returnConsumedCapacity", in.ReturnConsumedCapacity, enumReturnCapacity)
	for _, name := range sortedKeys(in.RequestItems) {
		if len(in.RequestItems[name]) > maxBatchWrites {
			v.addRule(quote(javaWriteRequests(in.RequestItems)), "requestItems",
				"Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]")
			break
		}
	}
	enum(&v, "returnItemCollectionMetrics", in.ReturnItemCollectionMetrics, enumReturnCollections)
	return v.err()
}

// transactItems checks the TransactItems list of n actions (present: the
// list is not nil). DynamoDB states its maximum without value or path.
func (v *violations) transactItems(n int, present bool) {
	switch {
	case !v.present("transactItems", present):
	case n == 0:
		v.add("'[]'", "transactItems", "must have length greater than or equal to 1")
	case n > maxTransactItems:
		v.addBare("must have length less than or equal to 100")
	}
}

// checkTransactGetItemsInput checks a TransactGetItems request's members.
func checkTransactGetItemsInput(in *dynamodb.TransactGetItemsInput) error {
	var v violations
	enum(&v, "returnConsumedCapacity", in.ReturnConsumedCapacity, enumReturnCapacity)
	v.transactItems(len(in.TransactItems), in.TransactItems != nil)
	for i, ti := range in.TransactItems {
		v.present("transactItems."+itoa(i+1)+".member.get", ti.Get != nil)
	}
	if err := v.err(); err != nil {
		return err
	}
	for _, ti := range in.TransactItems {
		if err := checkSubstitutions(ti.Get.ExpressionAttributeNames, nil); err != nil {
			return err
		}
	}
	return nil
}

// checkTransactWriteItemsInput checks a TransactWriteItems request's
// members.
func checkTransactWriteItemsInput(in *dynamodb.TransactWriteItemsInput) error {
	var v violations
	enum(&v, "returnConsumedCapacity", in.ReturnConsumedCapacity, enumReturnCapacity)
	enum(&v, "returnItemCollectionMetrics", in.ReturnItemCollectionMetrics, enumReturnCollections)
	v.transactItems(len(in.TransactItems), in.TransactItems != nil)
	v.text("clientRequestToken", in.ClientRequestToken, 1, 36)
	return v.err()
}

// checkTableRequest checks the TableName of a table-level operation:
// required before anything else, then a valid name or ARN.
func checkTableRequest(v *violations, name *string) error {
	if name == nil {
		return errTableNameRequired
	}
	v.tableRef("tableName", name)
	return nil
}

// checkTableNameInput checks a table-level request whose only member is the
// table name (DescribeTable, DeleteTable, DescribeTimeToLive) and returns
// the name of the table it refers to.
func checkTableNameInput(name *string) (string, error) {
	var v violations
	if err := checkTableRequest(&v, name); err != nil {
		return "", err
	}
	if err := v.err(); err != nil {
		return "", err
	}
	return resolveTable(*name)
}

// checkListTablesInput checks a ListTables request's members.
func checkListTablesInput(in *dynamodb.ListTablesInput) error {
	var v violations
	if in.ExclusiveStartTableName != nil {
		v.name("exclusiveStartTableName", *in.ExclusiveStartTableName)
	}
	v.intRange("limit", in.Limit, 1, maxListTables)
	return v.err()
}

// checkUpdateTimeToLiveInput checks an UpdateTimeToLive request's members.
func checkUpdateTimeToLiveInput(in *dynamodb.UpdateTimeToLiveInput) error {
	var v violations
	if err := checkTableRequest(&v, in.TableName); err != nil {
		return err
	}
	if spec := in.TimeToLiveSpecification; v.present("timeToLiveSpecification", spec != nil) {
		if v.present("timeToLiveSpecification.attributeName", spec.AttributeName != nil) {
			v.text("timeToLiveSpecification.attributeName", spec.AttributeName, 1, 255)
		}
		v.present("timeToLiveSpecification.enabled", spec.Enabled != nil)
	}
	return v.err()
}

// checkCreateTableInput checks a CreateTable request's members (the
// members of its lists are checked with the table's definition). A missing
// TableName is one more violation ("Value null at 'tableName'"), as AWS
// answered in 2026, not the older "The parameter 'TableName' is required".
func checkCreateTableInput(in *dynamodb.CreateTableInput) error {
	var v violations
	v.present("attributeDefinitions", in.AttributeDefinitions != nil)
	v.tableName(in.TableName)
	if v.present("keySchema", in.KeySchema != nil) && len(in.KeySchema) > 2 {
		v.add(quote(javaKeySchema(in.KeySchema)), "keySchema", "must have length less than or equal to 2")
	}
	enum(&v, "billingMode", in.BillingMode, enumBillingMode)
	enum(&v, "tableClass", in.TableClass, enumTableClass)
	return v.err()
}

// checkUpdateTableInput checks an UpdateTable request's members.
func checkUpdateTableInput(in *dynamodb.UpdateTableInput) error {
	var v violations
	if err := checkTableRequest(&v, in.TableName); err != nil {
		return err
	}
	enum(&v, "billingMode", in.BillingMode, enumBillingMode)
	enum(&v, "tableClass", in.TableClass, enumTableClass)
	if err := v.err(); err != nil {
		return err
	}
	if in.BillingMode == types.BillingModeProvisioned && in.ProvisionedThroughput == nil {
		// Whether or not the table is provisioned already (AWS, as
		// recorded by dynalite's tests and the ack-api-quirks lab).
		return invalidParam("ProvisionedThroughput must be specified when BillingMode is PROVISIONED")
	}
	return checkIndexUpdateNames(in.GlobalSecondaryIndexUpdates)
}

// checkIndexUpdateNames refuses GlobalSecondaryIndexUpdates that name one
// index twice, whatever the actions, as DynamoDB does before it looks the
// table up (dynalite's tests, recorded from AWS).
func checkIndexUpdateNames(updates []types.GlobalSecondaryIndexUpdate) error {
	seen := map[string]bool{}
	for _, u := range updates {
		var name *string
		switch {
		case u.Update != nil:
			name = u.Update.IndexName
		case u.Create != nil:
			name = u.Create.IndexName
		case u.Delete != nil:
			name = u.Delete.IndexName
		}
		if name == nil {
			continue
		}
		if seen[*name] {
			return invalidParam("Only one global secondary index update per index is allowed simultaneously. Index: %s", *name)
		}
		seen[*name] = true
	}
	return nil
}
