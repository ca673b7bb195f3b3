// Package apierr builds the errors the engine returns for DynamoDB's untyped
// error codes (ValidationException, SerializationException, ...).
//
// Errors that aws-sdk-go-v2 models as types (ConditionalCheckFailedException,
// ResourceNotFoundException, ...) are returned as those SDK types directly;
// everything else is a *smithy.GenericAPIError with DynamoDB's code, exactly
// what the SDK client produces when it reads the same error off the wire. Code
// that handles errors therefore sees the same values whichever backend it uses.
package apierr

import (
	"fmt"

	"github.com/aws/smithy-go"
)

// Error codes DynamoDB returns that the SDK does not model as types.
const (
	CodeValidation             = "ValidationException"
	CodeSerialization          = "SerializationException"
	CodeUnknownOperation       = "UnknownOperationException"
	CodeMissingAuthentication  = "MissingAuthenticationTokenException"
	CodeIncompleteSignature    = "IncompleteSignatureException"
	CodeAccessDenied           = "AccessDeniedException"
	CodeInternalFailure        = "InternalFailure"
	CodeRequestEntityTooLarge  = "RequestEntityTooLarge"
	CodeUnrecognizedClient     = "UnrecognizedClientException"
	CodeThrottling             = "ThrottlingException"
	CodeInvalidSignature       = "InvalidSignatureException"
	CodeMalformedQueryString   = "MalformedQueryString"
	CodeServiceUnavailable     = "ServiceUnavailable"
	CodeInternalServerErrorStr = "InternalServerError"
)

// New returns a client-fault API error with the given code and message.
func New(code, message string) error {
	return &smithy.GenericAPIError{Code: code, Message: message, Fault: smithy.FaultClient}
}

// Validation returns a ValidationException with the given message.
func Validation(message string) error {
	return New(CodeValidation, message)
}

// Validationf returns a ValidationException with a formatted message.
func Validationf(format string, args ...any) error {
	return New(CodeValidation, fmt.Sprintf(format, args...))
}

// Serialization returns a SerializationException with the given message.
func Serialization(message string) error {
	return New(CodeSerialization, message)
}

// Internal returns a server-fault error for failures inside the engine, such
// as a storage I/O error. The message is safe to show to clients.
func Internal(message string) error {
	return &smithy.GenericAPIError{Code: CodeInternalServerErrorStr, Message: message, Fault: smithy.FaultServer}
}
