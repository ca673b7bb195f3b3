package partiql

import (
	"errors"

	"github.com/aws/smithy-go"
)

// Class says how a request of several statements reports an error of one
// of them.
type Class uint8

const (
	// Plain errors, of statements that cannot be read or of invalid
	// parameters, fail a transaction as they are.
	Plain Class = iota
	// Semantic errors are readable statements DynamoDB cannot run; a
	// transaction reports them as "Validation failed in
	// TransactStatements[i]: ...".
	Semantic
	// Item errors are invalid items or keys; a transaction reports them as
	// the statement's ValidationError cancellation reason.
	Item
)

// Error is a ValidationException of a statement, with DynamoDB's message.
type Error struct {
	Class   Class
	Message string
}

func (e *Error) Error() string { return e.Message }

// notWellFormed prefixes the message of every syntax error.
const notWellFormed = "Statement wasn't well formed, can't be processed: "

// syntaxError returns the syntax error with the given detail.
func syntaxError(detail string) *Error {
	return &Error{Class: Plain, Message: notWellFormed + detail}
}

// errLexical is the error of a statement that cannot be split into tokens,
// which DynamoDB reports without detail.
var errLexical = syntaxError("")

// Syntax errors DynamoDB reports with a detail of their own.
var (
	errLeftover       = syntaxError("Unexpected token after expression")
	errNotStatement   = syntaxError("Expected data manipulation")
	errPathDotKeyword = syntaxError("Invalid path dot component")
)

// semantic returns a semantic error.
func semantic(msg string) *Error { return &Error{Class: Semantic, Message: msg} }

// semanticAt returns a semantic error that points at a place in the
// statement.
func semanticAt(msg string, p pos) *Error { return semantic(msg + " at " + p.String()) }

// itemError returns an error of the item or key a statement writes.
func itemError(msg string) *Error { return &Error{Class: Item, Message: msg} }

// apiError returns the error of a DynamoDB error of the engine's own (an
// invalid value), in the given class.
func apiError(class Class, err error) *Error {
	var api smithy.APIError
	errors.As(err, &api)
	return &Error{Class: class, Message: api.ErrorMessage()}
}
