package ddb

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// Error codes DynamoDB returns, as found in Error.Code.
const (
	CodeConditionalCheckFailed  = "ConditionalCheckFailedException"
	CodeResourceNotFound        = "ResourceNotFoundException"
	CodeResourceInUse           = "ResourceInUseException"
	CodeValidation              = "ValidationException"
	CodeTransactionCanceled     = "TransactionCanceledException"
	CodeTransactionConflict     = "TransactionConflictException"
	CodeProvisionedThroughput   = "ProvisionedThroughputExceededException"
	CodeThrottling              = "ThrottlingException"
	CodeRequestLimitExceeded    = "RequestLimitExceeded"
	CodeItemCollectionSizeLimit = "ItemCollectionSizeLimitExceededException"
	CodeLimitExceeded           = "LimitExceededException"
	CodeDuplicateItem           = "DuplicateItemException"
)

// Sentinel errors, matched with errors.Is against any error the library
// returns. Every sentinel but ErrNotFound stands for one or more DynamoDB
// error codes (see Error.Is).
var (
	// ErrNotFound reports that Get found no item with the requested key.
	ErrNotFound = errors.New("ddb: item not found")
	// ErrConditionFailed reports that a write's condition evaluated to false.
	ErrConditionFailed = errors.New("ddb: condition failed")
	// ErrTableNotFound reports a missing table or index (ResourceNotFoundException).
	ErrTableNotFound = errors.New("ddb: table not found")
	// ErrTableInUse reports a table that already exists or is being created or
	// deleted (ResourceInUseException).
	ErrTableInUse = errors.New("ddb: table in use")
	// ErrValidation reports a request DynamoDB rejected as invalid
	// (ValidationException), or a call the library rejected before sending
	// anything (a *ValidationError).
	ErrValidation = errors.New("ddb: validation failed")
	// ErrThrottled reports a request refused for exceeding throughput or
	// request-rate limits; it is safe to retry later.
	ErrThrottled = errors.New("ddb: throttled")
	// ErrTransactionCanceled reports a canceled transaction; its *Error
	// lists each action's CancellationReason, and also matches the sentinels
	// of those reasons (ErrConditionFailed for a failed condition).
	ErrTransactionCanceled = errors.New("ddb: transaction canceled")
	// ErrTransactionConflict reports a write that collided with a
	// transaction in progress on the same item; it is safe to retry.
	ErrTransactionConflict = errors.New("ddb: transaction conflict")
	// ErrDuplicateItem reports a PartiQL INSERT of an item that exists
	// (DuplicateItemException).
	ErrDuplicateItem = errors.New("ddb: duplicate item")
)

// sentinelByCode maps each DynamoDB error code to the sentinel it matches.
var sentinelByCode = map[string]error{
	CodeConditionalCheckFailed: ErrConditionFailed,
	CodeResourceNotFound:       ErrTableNotFound,
	CodeResourceInUse:          ErrTableInUse,
	CodeValidation:             ErrValidation,
	CodeProvisionedThroughput:  ErrThrottled,
	CodeThrottling:             ErrThrottled,
	CodeRequestLimitExceeded:   ErrThrottled,
	CodeTransactionCanceled:    ErrTransactionCanceled,
	CodeTransactionConflict:    ErrTransactionConflict,
	CodeDuplicateItem:          ErrDuplicateItem,
	"DuplicateItem":            ErrDuplicateItem, // as DynamoDB Local names it
}

// sentinelByReason maps the codes of transaction cancellation reasons to
// sentinels.
var sentinelByReason = map[string]error{
	"ConditionalCheckFailed":        ErrConditionFailed,
	"TransactionConflict":           ErrTransactionConflict,
	"ValidationError":               ErrValidation,
	"ThrottlingError":               ErrThrottled,
	"ProvisionedThroughputExceeded": ErrThrottled,
	"RequestLimitExceeded":          ErrThrottled,
}

// Error is a DynamoDB service error, annotated with the operation and table
// that produced it. The original error (from the SDK or the embedded engine)
// stays reachable through errors.As and errors.Unwrap.
type Error struct {
	Code    string // DynamoDB's error code, e.g. "ConditionalCheckFailedException"
	Message string // DynamoDB's message
	Op      string // the API operation, e.g. "PutItem"
	Table   string // the table name, "" when the operation has none
	Err     error  // the original error
	// Reasons holds, for a canceled transaction, one reason per action in
	// the order the actions were added.
	Reasons []CancellationReason
}

// CancellationReason says what became of one action of a canceled
// transaction.
type CancellationReason struct {
	Code    string // "None" for an action that did not cause the cancellation, else e.g. "ConditionalCheckFailed"
	Message string // DynamoDB's message, "" for None
	Item    Item   // the item whose condition failed, when ReturnOldOnConditionFailure asked for it
}

// Error formats the error as "ddb: Op table: Code: Message".
func (e *Error) Error() string {
	where := e.Op
	if e.Table != "" {
		where += " " + e.Table
	}
	return fmt.Sprintf("ddb: %s: %s: %s", where, e.Code, e.Message)
}

// Unwrap returns the original error.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel for e's Code (for example
// ErrConditionFailed for ConditionalCheckFailedException) or, for a
// canceled transaction, for the code of one of its Reasons.
func (e *Error) Is(target error) bool {
	if s, ok := sentinelByCode[e.Code]; ok && s == target {
		return true
	}
	for _, r := range e.Reasons {
		if s, ok := sentinelByReason[r.Code]; ok && s == target {
			return true
		}
	}
	return false
}

// wrapError turns err, returned by op on table, into an *Error when it is a
// DynamoDB service error. Other errors (context cancellation, network
// failures) are annotated with op and table and wrapped.
func wrapError(op, table string, err error) error {
	if err == nil {
		return nil
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		e := &Error{Code: apiErr.ErrorCode(), Message: apiErr.ErrorMessage(), Op: op, Table: table, Err: err}
		var canceled *types.TransactionCanceledException
		if errors.As(err, &canceled) {
			for _, r := range canceled.CancellationReasons {
				e.Reasons = append(e.Reasons, CancellationReason{aws.ToString(r.Code), aws.ToString(r.Message), r.Item})
			}
		}
		return e
	}
	if table != "" {
		op += " " + table
	}
	return annotate("ddb: "+op, err)
}

// CodeClientValidation is the Code of a *ValidationError.
const CodeClientValidation = "ClientValidationError"

// ValidationError reports a call the library rejects before sending any
// request: a key of the wrong type or arity, an empty update, a malformed
// document path, an unknown index, a cursor made for another table or
// index, a destination that cannot receive an item, options that do not go
// together. Nothing was sent, so nothing changed. It matches ErrValidation
// with errors.Is (as DynamoDB's own ValidationException does), and Field
// names what is at fault.
type ValidationError struct {
	Op     string // the operation, e.g. "UpdateItem"; "" when the mistake is found outside one
	Table  string // the table name, "" when none
	Field  string // the attribute, document path, option or value at fault, e.g. "expires_at" or "ReturnNew"; "" when none
	Reason string
	Err    error // the underlying error, if any (an *EncodeError, ErrInvalidCursor)
}

// invalid returns a *ValidationError about field ("" for none); the
// reason, formatted, names it.
func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// invalidErr returns a *ValidationError about field caused by err.
func invalidErr(field string, err error) *ValidationError {
	return &ValidationError{Field: field, Reason: field + ": " + strings.TrimPrefix(err.Error(), "ddb: "), Err: err}
}

// Error formats the error as "ddb: Op table: reason"; the reason names the
// field.
func (e *ValidationError) Error() string {
	var sb strings.Builder
	sb.WriteString("ddb: ")
	if e.Op != "" {
		sb.WriteString(e.Op)
		if e.Table != "" {
			sb.WriteString(" " + e.Table)
		}
		sb.WriteString(": ")
	}
	sb.WriteString(e.Reason)
	return sb.String()
}

// Is reports whether target is ErrValidation.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

// Unwrap returns the underlying error.
func (e *ValidationError) Unwrap() error { return e.Err }

// Code returns "ClientValidationError".
func (e *ValidationError) Code() string { return CodeClientValidation }

// failed returns err, a mistake found in operation op on table, with the
// place: a *ValidationError found outside any operation receives op and
// table, other errors are annotated.
func failed(op, table string, err error) error {
	if v, ok := err.(*ValidationError); ok && v.Op == "" {
		v.Op, v.Table = op, table
		return v
	}
	where := "ddb: " + op
	if table != "" {
		where += " " + table
	}
	return annotate(where, err)
}

// annotated is an error with the place it happened.
type annotated struct {
	where string
	err   error
}

// annotate prefixes err's message with "where: ", dropping the "ddb: " prefix
// of the inner message (the codec's and the sentinels' have one), and keeps
// err reachable with errors.Is and errors.As.
func annotate(where string, err error) error {
	return &annotated{where, err}
}

func (a *annotated) Error() string {
	return a.where + ": " + strings.TrimPrefix(a.err.Error(), "ddb: ")
}

func (a *annotated) Unwrap() error { return a.err }
