package difftest

// Reasons for Step.LocalDiffers: where DynamoDB Local answers differently
// from DynamoDB, each with the evidence for DynamoDB's answer. Steps that
// use one state DynamoDB's answer in Err, Message or Want.
const (
	// DynamoDB validates enum and range constraints of the request shape
	// first, in the AWS service framework's format "1 validation error
	// detected: Value 'X' at 'field' failed to satisfy constraint: ...";
	// DynamoDB Local truncates that message or checks something else first.
	localShapeValidation = "DynamoDB validates the request shape first (\"1 validation error detected: ...\", AWS's standard format); DynamoDB Local words it differently"

	// DynamoDB checks every member of a request against its API model
	// before anything else and reports all violations at once ("N
	// validation errors detected: a; b"), with member paths, lengths,
	// patterns, ranges and enum sets (recorded from AWS in dynalite's test
	// suite and, in 2026, in the nubo-db/dynamodb-conformance suite:
	// "Value '' at 'tableName' ... length greater than or equal to 1" now
	// that a table name may be an ARN of 1 to 1024 characters; the
	// table-level operations' "The parameter 'TableName' is required but
	// was not present in the request"; "The requestItems parameter is
	// required for BatchGetItem" (or BatchWriteItem) when RequestItems is
	// empty). DynamoDB Local checks one thing at a
	// time in its own words ("Invalid table/index name.", "Cannot have null
	// key for GetItem, DeleteItem, or UpdateItem", "Limit must be greater
	// than or equal to 1", "BatchWriteItem cannot have a null or no
	// requests set"), or looks the table up first. The SDK itself refuses
	// to send a request without a required member, so such steps never
	// reach DynamoDB Local at all.
	localModelValidation = "DynamoDB reports every model constraint violation at once in AWS's format; DynamoDB Local checks one at a time in its own words (and the SDK refuses requests without required members)"

	// Real DynamoDB's item validation messages, as reported from AWS in
	// many issue threads (e.g. "One or more parameter values were invalid:
	// Missing the key id in the item", "Type mismatch for key id expected:
	// S actual: M", "The parameter cannot be converted to a numeric value:
	// NaN") and in dynalite's test suite, which is checked against
	// DynamoDB; DynamoDB Local uses its own wording.
	localItemMessages = "DynamoDB Local words item validation errors its own way; DynamoDB's messages are those reported from AWS"

	// Real DynamoDB rejects a Key that does not match the key schema
	// (missing or extra attribute, wrong type) with "The provided key
	// element does not match the schema", widely reported from AWS.
	localKeyMessages = "DynamoDB Local says \"The number of conditions on the keys is invalid\" or \"Type mismatch for key\"; DynamoDB says \"The provided key element does not match the schema\""

	// Real DynamoDB's CreateTable messages, reported from AWS (e.g. "Invalid
	// KeySchema: The first KeySchemaElement is not a HASH key type",
	// "Duplicate index name: X", "Table already exists: X") and in dynalite's
	// test suite and the paritysuite/dynamodb-conformance suite ("ProjectionType
	// is INCLUDE, but NonKeyAttributes is not specified", where DynamoDB
	// Local keeps an older wording).
	localCreateTableMessages = "DynamoDB Local words CreateTable validation errors its own way; DynamoDB's messages are those reported from AWS"

	// DynamoDB refuses a key attribute name that is empty or longer than
	// 255 bytes wherever it appears, even in a key schema element that
	// has no attribute definition (ScyllaDB's test_limits.py, run against
	// AWS: test_limit_attribute_length_key_bad_incoherent_names); DynamoDB
	// Local checks the length of the definitions' names only, and says
	// "Hash Key not specified in Attribute Definitions" of such a key.
	localKeyNameLength = "DynamoDB Local checks the length of attribute definitions' names, not of key schema elements'; DynamoDB checks both"

	// A TransactGetItems key that does not match the key schema cancels
	// the transaction with a ValidationError reason ("The provided key
	// element does not match the schema") in the member's place, as
	// captured from AWS by the paritysuite/dynamodb-conformance suite
	// (tier3 transactGetItems "missing key attribute" test; PR 60 for
	// wrong-typed lookup keys). DynamoDB Local answers
	// TransactionCanceledException with the key error as its message and
	// no CancellationReasons. The same suite's PR 60 captured the same
	// reason for a TransactWriteItems Update, Delete or ConditionCheck
	// whose key has the wrong type, where DynamoDB Local answers a plain
	// ValidationException.
	// DynamoDB Local looks for two actions on one item action by action,
	// among those whose conditions it has found true, before it looks up
	// the later actions' tables: whether a transaction with two actions on
	// one item and a missing table gets ValidationException or
	// ResourceNotFoundException depends on the items it reads. AWS
	// documents neither order; the engine checks every action's table,
	// then the actions' items, whatever the items hold.
	localTransactionOrder = "DynamoDB Local reports two actions on one item before a later action's missing table when the earlier actions' conditions hold; AWS documents no order, and the engine's answer does not depend on the items"
	localTransactKey      = "DynamoDB Local refuses a transaction whose key does not match the schema outright, without CancellationReasons; DynamoDB cancels it with a ValidationError reason"

	// The API reference's TransactWriteItems lists "An item size becomes
	// too large (bigger than 400 KB)" among the reasons a transaction is
	// cancelled (TransactionCanceledException, a ValidationError reason);
	// DynamoDB Local refuses a Put of such an item outright.
	localTransactItemSize = "DynamoDB cancels a transaction whose item is over 400 KB (API reference); DynamoDB Local refuses it with a ValidationException"

	// The API reference's TransactWriteItems lists under "Validation
	// Error" among the reasons a transaction is cancelled "An operand in
	// the update expression has an incorrect data type", "The document
	// path provided in the update expression is invalid for update", "The
	// provided expression refers to an attribute that does not exist in
	// the item" and "Number overflow. ...": an update that the item it
	// finds makes invalid. DynamoDB Local refuses such a request with a
	// ValidationException carrying the first such action's message; the
	// comparisons rewrite the engine's answer into Local's
	// (asLocalTransaction).
	localTransactUpdateItem = "DynamoDB cancels a transaction whose update the item makes invalid with a ValidationError reason (API reference); DynamoDB Local refuses it with a ValidationException"

	// DynamoDB refuses a ConditionalOperator beside a single Expected
	// condition ("ConditionalOperator can only be used when Filter or
	// Expected has two or more elements", pinned by conformance tests run
	// against DynamoDB); DynamoDB Local ignores the operator.
	localConditionalOperatorOne = "DynamoDB refuses ConditionalOperator with a single Expected condition; DynamoDB Local ignores it"

	// dynalite's validation tests, which ran against DynamoDB, send items
	// with invalid values (an empty set, say) to tables that do not exist
	// and get the ValidationException; DynamoDB Local looks the table up
	// first and answers ResourceNotFoundException.
	localValuesAfterTable = "DynamoDB checks an item's values before it looks its table up (dynalite's AWS-checked tests); DynamoDB Local looks the table up first"

	// The API reference's TransactWriteItems: "You can't target the same
	// item with multiple operations within the same transaction" (a
	// ValidationException); DynamoDB Local runs them.
	localTransactSameItem = "DynamoDB Local runs two operations on one item; the API reference says a transaction cannot target the same item twice (ValidationException)"

	// The API reference's TableDescription.TableClassSummary holds the
	// class of a table created with one; DynamoDB Local accepts TableClass
	// but never reports it.
	localTableClass = "DynamoDB Local leaves TableClassSummary out of table descriptions"

	// The API reference's TableClass is an enum of STANDARD and
	// STANDARD_INFREQUENT_ACCESS, which DynamoDB checks with the rest of
	// the request shape; DynamoDB Local accepts any value (and ignores it).
	localTableClassEnum = "DynamoDB validates the TableClass enum; DynamoDB Local accepts any value"

	// Capacity units below the API model's minimum of 1 are model
	// violations, reported as such ("2 validation errors detected: Value
	// '0' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy
	// constraint: Member must have value greater than or equal to 1; Value
	// '0' at 'provisionedThroughput.readCapacityUnits' ...", an AWS error
	// quoted in the documentation of tools deploying to AWS; dynalite's
	// tests); DynamoDB Local says "Table read and write throughput must be
	// at least 1, and cannot be null" (or "Global Secondary Index's ...").
	localCapacityMessages = "DynamoDB reports capacity units below 1 as model violations; DynamoDB Local words them its own way"

	// GlobalSecondaryIndexUpdates that name one index twice are refused
	// with "One or more parameter values were invalid: Only one global
	// secondary index update per index is allowed simultaneously. Index:
	// NAME" (dynalite's tests, recorded from AWS); DynamoDB Local leaves
	// out the prefix and the index.
	localIndexUpdateTwice = "DynamoDB Local words the refusal of two updates of one index its own way"

	// The API reference's ProvisionedThroughput: "If read/write capacity
	// mode is PAY_PER_REQUEST the value is set to 0", and DynamoDB refuses
	// throughput for an on-demand table or index ("Neither
	// ReadCapacityUnits nor WriteCapacityUnits can be specified when
	// BillingMode is PAY_PER_REQUEST", dynalite's tests); DynamoDB Local
	// accepts it.
	localOnDemandThroughput = "DynamoDB Local accepts throughput on an on-demand table or index; DynamoDB rejects it"

	// UpdateTable without a change: DynamoDB lists what is required
	// (reported from AWS); DynamoDB Local says "Nothing to update".
	localNothingToUpdate = "DynamoDB Local says \"Nothing to update\"; DynamoDB lists what is required (reported from AWS)"

	// UpdateTable to the current throughput: DynamoDB states both values
	// (dynalite's tests, recorded from AWS); DynamoDB Local says "The
	// requested throughput value equals the current value".
	localSameThroughput = "DynamoDB Local says \"The requested throughput value equals the current value\"; DynamoDB states both values (dynalite's tests, recorded from AWS)"

	// UpdateTable with BillingMode PROVISIONED and no ProvisionedThroughput:
	// "One or more parameter values were invalid: ProvisionedThroughput must
	// be specified when BillingMode is PROVISIONED", even on a provisioned
	// table (dynalite's tests and the ack-api-quirks lab, recorded from
	// AWS); DynamoDB Local says "No provisioned throughput specified for
	// the table", or accepts it on a provisioned table.
	localProvisionedWithout = "DynamoDB requires ProvisionedThroughput with BillingMode PROVISIONED, in its own words (recorded from AWS); DynamoDB Local words it otherwise or accepts it"

	// The stream specification errors of CreateTable and UpdateTable are
	// AWS's ("If stream is being enabled then UpdateViewType is required",
	// captured from AWS, see streams_test.go); DynamoDB Local says
	// "Invalid StreamViewType: ...".
	localStreamMessages = "DynamoDB words stream specification errors as captured from AWS; DynamoDB Local says \"Invalid StreamViewType: ...\""

	// DynamoDB Local answers every TagResource, UntagResource and
	// ListTagsOfResource with UnknownOperationException ("Tagging is not
	// currently supported in DynamoDB Local.") and ignores the Tags of
	// CreateTable, which DynamoDB validates (keys of 1 to 128 characters,
	// values of at most 256, as the API reference's Tag says).
	localNoTagging = "DynamoDB Local does not support tagging"

	// A throughput change of an index the table does not have: the API
	// reference's ResourceNotFoundException is "The operation tried to
	// access a nonexistent table or index", which DynamoDB Local answers
	// when asked to delete such an index, but it refuses an update of one
	// with a ValidationException ("Invalid global secondary index name");
	// the engine answers both the same way.
	localUnknownIndexUpdate = "DynamoDB Local answers the update of a missing index with a ValidationException, its deletion with ResourceNotFoundException"

	// The API reference defines IndexSizeBytes as "the total size of the
	// specified index", which holds only the projected attributes of the
	// items that have its keys; DynamoDB Local reports the table's size for
	// every index.
	localIndexSize = "DynamoDB Local reports the table's size as every index's IndexSizeBytes"

	// DynamoDB Local returns ConsumedCapacity when DeleteItem finds no item
	// even if none was requested (ReturnConsumedCapacity absent or NONE);
	// the API reference: NONE means no ConsumedCapacity in the response.
	localDeleteCapacity = "DynamoDB Local reports ConsumedCapacity for deleting a missing item even when not requested"

	// DynamoDB Local keeps numbers nested in maps and lists as sent
	// ("1.50", "-0.0"), though it normalizes top-level numbers and sets;
	// DynamoDB stores every number in its canonical form (leading and
	// trailing zeros trimmed, per the Developer Guide's data types).
	localNestedNumbers = "DynamoDB Local keeps nested numbers as sent; DynamoDB normalizes numbers at any depth"

	// DynamoDB Local keeps the scale of an arithmetic result: 1E-130 -
	// 1E-130 is stored as "0.000...0" with 130 zeros. DynamoDB stores and
	// returns numbers in canonical form ("leading and trailing zeroes are
	// trimmed", Developer Guide, data types), so the difference is "0".
	localArithmeticZero = "DynamoDB Local keeps the scale of an arithmetic result (130 zeros after the point); DynamoDB trims trailing zeros"

	// UPDATED_OLD/UPDATED_NEW of a nested path return only that path
	// (nested in its parents), not the whole top-level attribute: ScyllaDB
	// Alternator's test_update_item_returnvalues_nested, checked against
	// DynamoDB, pins it; DynamoDB Local returns the whole attribute.
	localNestedUpdated = "DynamoDB returns only the updated nested paths for UPDATED_OLD/UPDATED_NEW; DynamoDB Local returns the whole top-level attribute"

	// DynamoDB names the missed key schema element ("Query condition
	// missed key schema element: p", quoted in ScyllaDB Alternator's tests,
	// checked against DynamoDB, and in many reports from AWS); DynamoDB
	// Local leaves the name out. A condition on a non-key attribute next to
	// the partition key misses the sort key, which DynamoDB names too
	// (moto's test_query_gsi_with_wrong_key_attribute_names_throws_exception
	// pins "...: gsiK1SortKey" for "gsiK1PartitionKey = :pk AND wrongName = :sk").
	localQueryMissedKey = "DynamoDB names the key schema element a Query condition missed; DynamoDB Local does not"

	// UpdateTable is asynchronous: DynamoDB answers UPDATING (the index
	// CREATING or DELETING, a new index Backfilling) and records
	// LastIncreaseDateTime after an increase; DynamoDB Local reports the
	// table ACTIVE at once and never sets the time.
	localInstantUpdate = "DynamoDB Local applies UpdateTable at once (ACTIVE, no LastIncreaseDateTime); DynamoDB answers UPDATING"
)

// Reasons for Step.LocalDiffers of PartiQL statements.
const (
	// DynamoDB reports the capacity the statement operations consume when
	// asked (the API reference's ConsumedCapacity members; the AWS-verified
	// nubo-db/dynamodb-conformance suite pins it for ExecuteStatement,
	// BatchExecuteStatement and ExecuteTransaction); DynamoDB Local never
	// does.
	localStatementCapacity = "DynamoDB reports ConsumedCapacity for PartiQL operations (API reference, AWS-verified conformance suites); DynamoDB Local never does"

	// A statement DynamoDB's parser cannot read gets "Statement wasn't well
	// formed, can't be processed: " and a detail of the grammar ("Expected
	// data manipulation", "Unexpected token after expression", "Invalid
	// path dot component"), as recorded from AWS by the
	// paritysuite/dynamodb-conformance and nubo-db/dynamodb-conformance
	// suites; DynamoDB Local quotes the statement instead.
	localStatementDetail = "DynamoDB details a malformed statement (\"Expected data manipulation\", ...), as recorded from AWS; DynamoDB Local quotes the statement"

	// DynamoDB's own wording for statements it refuses, as recorded from
	// AWS by the conformance suites: a batch SELECT without the full
	// primary key ("Select statements within BatchExecuteStatement must
	// specify the primary key in the where clause."), a missing index
	// ("The table does not have the specified index", without its name), a
	// consistent read of a global index ("Strongly consistent read is not
	// supported on Global Secondary Indexes"), an unknown function with its
	// place ("Unrecognized function: exists at 1:N:6"), more than 25
	// statements (the API model's constraint). DynamoDB Local words these
	// its own way.
	localStatementMessages = "DynamoDB's wording for a refused statement, as recorded from AWS by the conformance suites, differs from DynamoDB Local's"

	// "2 > sk" is "sk < 2", as in every DynamoDB expression; DynamoDB Local
	// turns a sort key condition written value-first into the opposite
	// comparison.
	localReversedKeyCondition = "DynamoDB Local reads a sort key condition written value-first (2 > sk) the wrong way round"

	// DynamoDB Local computes a projected path through a list element from
	// its own projection, in which the selected elements of a list are
	// renumbered from 0: SELECT l[2].c returns {"l[2]": {"c": 3}}, while
	// SELECT l[0], l[2].c returns {"c": 3}. A path's value does not depend
	// on the other paths selected; the engine returns the value at the
	// path, under its last name and the indexes after it, always.
	localProjectionRenumbering = "DynamoDB Local renumbers list elements when projecting a path through one, so its answer depends on the other paths selected"

	// ORDER BY on the partition key orders the partitions an IN selects by
	// value: the Developer Guide's example "WHERE OrderID IN [1, 2, 3]
	// ORDER BY OrderID DESC" returns "results in descending order, based on
	// the OrderID key attribute value". DynamoDB Local reverses the list's
	// order instead.
	localPartitionOrder = "ORDER BY the partition key orders partitions by value (Developer Guide); DynamoDB Local reverses the order of the IN list"

	// "Number of parameters in request and statement don't match.":
	// DynamoDB refuses a statement given more parameters than it has ?, as
	// the message says; DynamoDB Local ignores the extra ones.
	localExtraParameters = "DynamoDB refuses extra parameters; DynamoDB Local ignores them"

	// The API reference's ParameterizedStatement: its
	// ReturnValuesOnConditionCheckFailure "returns the item attributes for
	// a PartiQL ParameterizedStatement operation that failed a condition
	// check", as TransactWriteItems's does in a cancellation reason;
	// DynamoDB Local ignores it in transactions.
	localTransactItem = "DynamoDB returns the item of a statement whose condition failed in its cancellation reason when asked (API reference); DynamoDB Local does not"

	// The API reference's BatchStatementError: its Item is "the item which
	// caused the condition check to fail", set "if
	// ReturnValuesOnConditionCheckFailure is specified as ALL_OLD";
	// DynamoDB Local never sets it.
	localBatchItem = "DynamoDB returns the item of a batch statement whose condition failed when asked (API reference); DynamoDB Local does not"

	// A request DynamoDB refuses changes nothing; DynamoDB Local runs the
	// writes of a BatchExecuteStatement that addresses an item twice
	// before refusing it with "Provided list of item keys contains
	// duplicates".
	localBatchWritesFirst = "DynamoDB Local writes a batch of statements before refusing it for addressing an item twice"

	// The Developer Guide's SELECT orders by "a hash key or a sort key" of
	// what it reads, an index included; DynamoDB Local fails with an
	// InternalFailure on ORDER BY of an index read.
	localIndexOrder = "DynamoDB Local fails with InternalFailure on ORDER BY of an index read; the Developer Guide allows ORDER BY on the key of what a SELECT reads"
)

// pendingWrite starts the Step.Pending of a difference that the owner of
// the engine's write path has yet to fix.
const pendingWrite = "engine write path (item_write.go, put_item.go, update_item.go, batch_*.go) owner: "
