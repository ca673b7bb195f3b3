package ddb

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

func TestWrapError(t *testing.T) {
	condFailed := &types.ConditionalCheckFailedException{Message: new("The conditional request failed")}
	validation := &smithy.GenericAPIError{Code: CodeValidation, Message: "bad"}
	tests := []struct {
		name     string
		err      error
		sentinel error
		code     string
		text     string
	}{
		{"typed SDK error", condFailed, ErrConditionFailed, CodeConditionalCheckFailed,
			"ddb: PutItem wallets: ConditionalCheckFailedException: The conditional request failed"},
		{"generic API error", validation, ErrValidation, CodeValidation,
			"ddb: PutItem wallets: ValidationException: bad"},
		{"wrapped by the SDK", &smithy.OperationError{ServiceID: "DynamoDB", OperationName: "PutItem", Err: validation},
			ErrValidation, CodeValidation, "ddb: PutItem wallets: ValidationException: bad"},
		{"not found", &types.ResourceNotFoundException{Message: new("Requested resource not found")}, ErrTableNotFound,
			CodeResourceNotFound, "ddb: PutItem wallets: ResourceNotFoundException: Requested resource not found"},
		{"in use", &types.ResourceInUseException{Message: new("exists")}, ErrTableInUse, CodeResourceInUse,
			"ddb: PutItem wallets: ResourceInUseException: exists"},
		{"throttled", &types.ProvisionedThroughputExceededException{Message: new("slow down")}, ErrThrottled,
			CodeProvisionedThroughput, "ddb: PutItem wallets: ProvisionedThroughputExceededException: slow down"},
		{"throttling", &smithy.GenericAPIError{Code: CodeThrottling, Message: "rate"}, ErrThrottled, CodeThrottling,
			"ddb: PutItem wallets: ThrottlingException: rate"},
		{"canceled transaction", &types.TransactionCanceledException{Message: new("canceled")}, ErrTransactionCanceled,
			CodeTransactionCanceled, "ddb: PutItem wallets: TransactionCanceledException: canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := wrapError("PutItem", "wallets", tt.err)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("wrapError returned %T, want *Error", err)
			}
			if e.Code != tt.code || e.Op != "PutItem" || e.Table != "wallets" {
				t.Errorf("got Code %q Op %q Table %q", e.Code, e.Op, e.Table)
			}
			if err.Error() != tt.text {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.text)
			}
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(err, %v) = false", tt.sentinel)
			}
			for _, other := range []error{ErrNotFound, ErrConditionFailed, ErrTableNotFound, ErrValidation} {
				if other != tt.sentinel && errors.Is(err, other) {
					t.Errorf("errors.Is(err, %v) = true", other)
				}
			}
			if !errors.Is(err, tt.err) {
				t.Error("the original error is not reachable")
			}
		})
	}
}

func TestWrapErrorTypedReachable(t *testing.T) {
	err := wrapError("DeleteItem", "t", &types.ConditionalCheckFailedException{Message: new("failed")})
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) || *ccf.Message != "failed" {
		t.Errorf("errors.As to the SDK type failed for %v", err)
	}
}

func TestWrapErrorNonService(t *testing.T) {
	if err := wrapError("GetItem", "t", nil); err != nil {
		t.Errorf("wrapError(nil) = %v", err)
	}
	err := wrapError("GetItem", "t", fmt.Errorf("dial: %w", context.DeadlineExceeded))
	var e *Error
	if errors.As(err, &e) {
		t.Errorf("a transport error became %v", e)
	}
	if !errors.Is(err, context.DeadlineExceeded) || err.Error() != "ddb: GetItem t: dial: context deadline exceeded" {
		t.Errorf("got %q", err)
	}
}
