package difftest

import (
	"fmt"
	"regexp"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/number"
)

// DynamoDB Local answers some requests differently from DynamoDB in ways
// that touch nearly every scenario, so instead of marking each such step,
// asDynamoDB rewrites DynamoDB Local's normalized answer into DynamoDB's
// before the comparison:
//
//   - Local creates and deletes tables instantly: its CreateTable answer says
//     ACTIVE (indexes too) and its DeleteTable answer ACTIVE (indexes too),
//     where DynamoDB says CREATING and DELETING (the API reference's
//     IndexStatus: "DELETING - The index is being deleted, as the result of
//     a DeleteTable operation").
//
//   - Local applies UpdateTable at once: its answer says ACTIVE, where
//     DynamoDB says UPDATING (see localInstantUpdate).
//
//   - Local's table descriptions have no TableId.
//
//   - Local keeps the provisioned capacity of the global secondary indexes
//     of a table switched to on-demand billing; DynamoDB describes 0 (the
//     API reference's ProvisionedThroughput: "If read/write capacity mode
//     is PAY_PER_REQUEST the value is set to 0"), as Local itself does for
//     the table.
//
//   - Local takes its time to finish deleting a global secondary index
//     (more than the seconds an empty index takes): its descriptions list
//     it DELETING, where DynamoDB's lose it once it is dropped. The
//     descriptions of DescribeTable, of the steps that await an index
//     change and of DeleteTable leave such indexes out.
//
//   - Local refuses to create an existing table with "Cannot create
//     preexisting table"; DynamoDB says "Table already exists: NAME" (see
//     localCreateTableMessages).
//
//   - Local's global secondary index throughput has no
//     NumberOfDecreasesToday; DynamoDB reports it, 0 for a new index (as
//     for the table), and tools that compare described indexes with their
//     definitions strip it for that reason.
//
//   - Local reports a missing table as "Cannot do operations on a
//     non-existent table"; DynamoDB says "Requested resource not found",
//     followed by ": Table: NAME not found" for table-level operations
//     (including the time-to-live ones, as AWS CLI output quoted in
//     LocalStack's issue 9030 shows).
//
//   - Local keeps numbers nested in lists and maps as sent ("-0", "1.50"),
//     and the scale of an arithmetic result (1.5 - 1.5 is "0.0"), where
//     DynamoDB returns every number in canonical form (the Developer
//     Guide's data types: "leading and trailing zeroes are trimmed"); Local
//     itself does so for top-level numbers and sets, which keeps the
//     canonical form this rewrite uses honest. (It keeps the members of a
//     number set that an update's ADD writes as sent, "1E+2" or "1.0", too;
//     they are rewritten the same way.)
//
//   - Local says "DynamoDB only supports precision up to 38 digits" of a
//     computed number with more digits; DynamoDB says "Attempting to
//     store more than 38 significant digits in a Number" (see
//     localItemMessages), in a batch's responses too.
//
//   - Local refuses a key that does not match the key schema with "The
//     number of conditions on the keys is invalid" (an attribute missing
//     or extra) or "One or more parameter values were invalid: Type
//     mismatch for key" (a key of the wrong type); DynamoDB says "The
//     provided key element does not match the schema" (see
//     localKeyMessages), in batches too, for a put's item as for a
//     delete's key (as captured from AWS by the
//     paritysuite/dynamodb-conformance suite, PR 46). (For PutItem
//     DynamoDB details the mismatch, "Type mismatch for key pk expected:
//     S actual: N", which the rewrite cannot make up; such steps are not
//     compared.)
//
//   - Local reports the ConsumedCapacity of a DeleteItem that finds no
//     item even when none was asked for (see localDeleteCapacity); the API
//     reference's ReturnConsumedCapacity NONE means none is returned.
//
//   - Local's PartiQL says the same of a missing table in the error of a
//     statement of BatchExecuteStatement, and names the error of an INSERT
//     of an existing item DuplicateItem, where DynamoDB's API reference and
//     SDKs name it DuplicateItemException.
//
//   - Local words the error of a strongly consistent Query or Scan of a
//     global secondary index "Consistent read cannot be true when querying
//     a GSI" (or scanning); the API reference says only that it fails with
//     a ValidationException, and emulators checked against DynamoDB
//     (dynalite, dynoxide) word it "Consistent reads are not supported on
//     global secondary indexes".
//
// (Local also reports never-changed throughput with epoch timestamps; the
// normalization treats the epoch as absent for every backend.)
func asDynamoDB(in, res any) any {
	m, ok := res.(map[string]any)
	if !ok {
		return res
	}
	canonicalNumbers(m)
	if _, ok := in.(*dynamodb.ScanInput); ok && m["Items"] != nil {
		// Sorted again: the numbers' canonical form can change their
		// order (see ScanOutput.Items in unorderedFields).
		m["Items"] = sortLists(m["Items"])
	}
	if e, ok := m["error"].(map[string]any); ok {
		if e["code"] == "ResourceNotFoundException" && e["message"] == localNotFound {
			e["message"] = notFoundMessage(in)
		}
		if e["code"] == "ValidationException" && e["message"] == localPrecision {
			e["message"] = "Attempting to store more than 38 significant digits in a Number"
		}
		if _, put := in.(*dynamodb.PutItemInput); !put && e["code"] == "ValidationException" && localKeyMismatch[fmt.Sprint(e["message"])] {
			e["message"] = "The provided key element does not match the schema"
		}
		if e["code"] == "ValidationException" && localGSIConsistentRE.MatchString(e["message"].(string)) {
			e["message"] = "Consistent reads are not supported on global secondary indexes"
		}
		if ct, ok := in.(*dynamodb.CreateTableInput); ok && e["code"] == "ResourceInUseException" && e["message"] == "Cannot create preexisting table" {
			e["message"] = "Table already exists: " + aws.ToString(ct.TableName)
		}
		if e["code"] == "DuplicateItem" {
			e["code"] = "DuplicateItemException"
		}
		return res
	}
	if d, ok := in.(*dynamodb.DeleteItemInput); ok && (d.ReturnConsumedCapacity == "" || d.ReturnConsumedCapacity == types.ReturnConsumedCapacityNone) {
		delete(m, "ConsumedCapacity")
	}
	if responses, ok := m["Responses"].([]any); ok {
		for _, r := range responses {
			r, _ := r.(map[string]any)
			e, ok := r["Error"].(map[string]any)
			switch {
			case !ok:
			case e["Code"] == "ResourceNotFound" && e["Message"] == localNotFound:
				e["Message"] = "Requested resource not found"
			case e["Code"] == "ValidationError" && e["Message"] == localPrecision:
				e["Message"] = "Attempting to store more than 38 significant digits in a Number"
			}
		}
	}
	desc, _ := m["TableDescription"].(map[string]any)
	if d, ok := m["Table"].(map[string]any); ok {
		desc = d
	}
	if desc == nil {
		return res
	}
	if _, ok := desc["TableId"]; !ok {
		desc["TableId"] = anyID
	}
	billing, _ := desc["BillingModeSummary"].(map[string]any)
	onDemand := billing["BillingMode"] == "PAY_PER_REQUEST"
	gsis, _ := desc["GlobalSecondaryIndexes"].([]any)
	for _, g := range gsis {
		g, _ := g.(map[string]any)
		pt, ok := g["ProvisionedThroughput"].(map[string]any)
		if ok && pt["NumberOfDecreasesToday"] == nil {
			pt["NumberOfDecreasesToday"] = int64(0)
		}
		if ok && onDemand {
			pt["ReadCapacityUnits"], pt["WriteCapacityUnits"] = int64(0), int64(0)
		}
	}
	switch in.(type) {
	case *dynamodb.DescribeTableInput, *awaitActive, *dynamodb.DeleteTableInput:
		if gsis = dropDeleting(gsis); gsis != nil {
			desc["GlobalSecondaryIndexes"] = gsis
		} else {
			delete(desc, "GlobalSecondaryIndexes")
		}
	}
	switch in.(type) {
	case *dynamodb.CreateTableInput:
		setStatus(desc, "TableStatus", "CREATING")
		for _, g := range gsis {
			setStatus(g, "IndexStatus", "CREATING")
		}
	case *dynamodb.UpdateTableInput:
		setStatus(desc, "TableStatus", "UPDATING")
	case *dynamodb.DeleteTableInput:
		setStatus(desc, "TableStatus", "DELETING")
		for _, g := range gsis {
			setStatus(g, "IndexStatus", "DELETING")
		}
	}
	return res
}

// localUpdateMessages are the messages of an update that the item it finds
// makes invalid.
var localUpdateMessages = map[string]bool{
	"An operand in the update expression has an incorrect data type":                             true,
	"The document path provided in the update expression is invalid for update":                  true,
	"The provided expression refers to an attribute that does not exist in the item":             true,
	"Number overflow. Attempting to store a number with magnitude larger than supported range":   true,
	"Number underflow. Attempting to store a number with magnitude smaller than supported range": true,
	"Attempting to store more than 38 significant digits in a Number":                            true,
	"Nesting Levels have exceeded supported limits":                                              true,
}

// asLocalTransaction rewrites the engine's normalized answer to a
// transaction (TransactWriteItems or ExecuteTransaction) into DynamoDB
// Local's where Local's cannot be rewritten into DynamoDB's: an update that
// the item it finds makes invalid cancels the transaction, with a
// ValidationError reason at its action beside the other actions' reasons
// (the API reference's TransactWriteItems lists these messages under
// "Validation Error" among the cancellation reasons), where DynamoDB Local
// refuses the request with a ValidationException carrying the first such
// action's message (even after an action that fails for another reason,
// such as an INSERT of an existing item) and no reasons to rebuild the
// others' from. The
// engine's answer becomes that ValidationException, so that the rest of
// the step is still compared.
func asLocalTransaction(in, res any) any {
	switch in.(type) {
	case *dynamodb.TransactWriteItemsInput, *dynamodb.ExecuteTransactionInput:
	default:
		return res
	}
	m, _ := res.(map[string]any)
	e, _ := m["error"].(map[string]any)
	if e == nil || e["code"] != "TransactionCanceledException" {
		return res
	}
	reasons, _ := e["CancellationReasons"].([]any)
	for _, r := range reasons {
		r, _ := r.(map[string]any)
		if r["Code"] != "ValidationError" {
			continue
		}
		if msg, _ := r["Message"].(string); localUpdateMessages[msg] {
			return map[string]any{"error": map[string]any{"code": "ValidationException", "message": msg}}
		}
	}
	return res
}

// dropDeleting returns the normalized index descriptions that are not
// DELETING.
func dropDeleting(gsis []any) []any {
	var kept []any
	for _, g := range gsis {
		if g, _ := g.(map[string]any); g["IndexStatus"] != "DELETING" {
			kept = append(kept, g)
		}
	}
	return kept
}

// canonicalNumbers rewrites every number attribute value in the
// normalized tree v ({"N": text}), and every member of a number set
// ({"NS": [text, ...]}, sorted again), in canonical form.
func canonicalNumbers(v any) {
	switch v := v.(type) {
	case map[string]any:
		if text, ok := v["N"].(string); ok && len(v) == 1 {
			v["N"] = canonicalNumber(text)
			return
		}
		if members, ok := v["NS"].([]any); ok && len(v) == 1 {
			texts := make([]string, len(members))
			for i, m := range members {
				text, _ := m.(string)
				texts[i] = canonicalNumber(text)
			}
			v["NS"] = sorted(texts)
			return
		}
		for _, e := range v {
			canonicalNumbers(e)
		}
	case []any:
		for _, e := range v {
			canonicalNumbers(e)
		}
	}
}

// canonicalNumber returns the canonical form of the number text, or text
// itself if it is not a number.
func canonicalNumber(text string) string {
	var d number.Decimal
	if number.Parse(text, &d) != nil {
		return text
	}
	return string(d.AppendCanonical(nil))
}

// setStatus replaces an ACTIVE status field of desc with status.
func setStatus(desc any, field, status string) {
	if d, ok := desc.(map[string]any); ok && d[field] == "ACTIVE" {
		d[field] = status
	}
}

// localNotFound is DynamoDB Local's message for a missing table.
const localNotFound = "Cannot do operations on a non-existent table"

// localKeyMismatch holds DynamoDB Local's messages for a key that does not
// match the key schema.
var localKeyMismatch = map[string]bool{
	"The number of conditions on the keys is invalid":                  true,
	"One or more parameter values were invalid: Type mismatch for key": true,
}

// localGSIConsistentRE matches DynamoDB Local's message for a strongly
// consistent Query or Scan of a global secondary index.
var localGSIConsistentRE = regexp.MustCompile(`^Consistent read cannot be true when (querying|scanning) a GSI$`)

// localPrecision is DynamoDB Local's message for a number with more than 38
// significant digits.
const localPrecision = "DynamoDB only supports precision up to 38 digits"

// notFoundMessage is DynamoDB's ResourceNotFoundException message for a
// request naming a missing table.
func notFoundMessage(in any) string {
	var table *string
	switch in := in.(type) {
	case *dynamodb.DescribeTableInput:
		table = in.TableName
	case *awaitActive:
		table = in.TableName
	case *dynamodb.DeleteTableInput:
		table = in.TableName
	case *dynamodb.UpdateTableInput:
		table = in.TableName
	case *dynamodb.DescribeTimeToLiveInput:
		table = in.TableName
	case *dynamodb.UpdateTimeToLiveInput:
		table = in.TableName
	default:
		return "Requested resource not found"
	}
	return "Requested resource not found: Table: " + aws.ToString(table) + " not found"
}
