package engine

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DynamoDB's messages for the errors of faults.
const (
	msgProvisionedThroughputExceeded = "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."
	// msgThrottlingItems is an on-demand table's throttling of item
	// operations; msgThrottlingControl the throttling of the others.
	msgThrottlingItems    = "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html."
	msgThrottlingControl  = "Rate of requests exceeds the allowed throughput."
	msgRequestLimit       = "Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase"
	msgInternalServer     = "Internal server error"
	msgTransactionOngoing = "Transaction is ongoing for the item"
)

// faultErrors builds the error of each code a Fault may name, for a call
// of op with the given message ("" for DynamoDB's).
var faultErrors = map[string]func(op, message string) error{
	CodeProvisionedThroughputExceeded: func(_, m string) error {
		return &types.ProvisionedThroughputExceededException{Message: ptr(or(m, msgProvisionedThroughputExceeded))}
	},
	CodeThrottling: func(op, m string) error {
		if m == "" {
			m = msgThrottlingControl
			if itemOperations[op] {
				m = msgThrottlingItems
			}
		}
		return &types.ThrottlingException{Message: ptr(m)}
	},
	CodeRequestLimitExceeded: func(_, m string) error {
		return &types.RequestLimitExceeded{Message: ptr(or(m, msgRequestLimit))}
	},
	CodeInternalServerError: func(_, m string) error {
		return &types.InternalServerError{Message: ptr(or(m, msgInternalServer))}
	},
	CodeTransactionConflict: func(_, m string) error {
		return &types.TransactionConflictException{Message: ptr(or(m, msgTransactionOngoing))}
	},
}

// itemOperations are the operations on items, whose throttling is the
// table's.
var itemOperations = map[string]bool{
	"GetItem": true, "PutItem": true, "UpdateItem": true, "DeleteItem": true, "Query": true, "Scan": true,
	"BatchGetItem": true, "BatchWriteItem": true, "TransactGetItems": true, "TransactWriteItems": true,
	"ExecuteStatement": true, "BatchExecuteStatement": true, "ExecuteTransaction": true,
}

// failure is the error of a fault that fires on a call of op whose
// targets the rule selected.
func (f *Fault) failure(op string, selected []bool) error {
	if f.Error == CodeTransactionConflict && (op == "TransactWriteItems" || op == "TransactGetItems") {
		reasons := make([]types.CancellationReason, len(selected))
		for i, s := range selected {
			if s {
				reasons[i] = types.CancellationReason{Code: ptr("TransactionConflict"), Message: ptr(or(f.Message, msgTransactionOngoing))}
			}
		}
		return cancelled(reasons)
	}
	return faultErrors[f.Error](op, f.Message)
}

// or returns s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
