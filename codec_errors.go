package ddb

import (
	"fmt"
	"reflect"
	"strings"
)

// Error codes of the codec errors, as returned by their Code methods.
const (
	CodeItemEncodeError = "ItemEncodeError"
	CodeItemDecodeError = "ItemDecodeError"
)

// EncodeError reports a Go value that cannot be encoded as a DynamoDB
// attribute value.
type EncodeError struct {
	// Path is the attribute path of the value, like "wallet.items[3].id"
	// ("" for the value passed to MarshalValue itself).
	Path string
	// GoType is the Go type of the value, like "float64".
	GoType string
	// Reason says what is wrong with the value.
	Reason string
	// Err is the underlying error, if any (for instance a Marshaler's).
	Err error
}

// Error names the path, the Go type and the reason.
func (e *EncodeError) Error() string {
	return codecMessage("encode", e.Path, e.GoType, e.Reason, e.Err)
}

// Unwrap returns the underlying error.
func (e *EncodeError) Unwrap() error { return e.Err }

// Code returns "ItemEncodeError".
func (e *EncodeError) Code() string { return CodeItemEncodeError }

// DecodeError reports an attribute value that cannot be decoded into a Go
// value.
type DecodeError struct {
	// Path is the attribute path of the value, like "wallet.items[3].id"
	// ("" for the value passed to UnmarshalValue itself).
	Path string
	// GoType is the Go type decoded into, like "uuid.UUID".
	GoType string
	// Reason says what is wrong with the value.
	Reason string
	// Err is the underlying error, if any (for instance a parse error).
	Err error
}

// Error names the path, the Go type and the reason.
func (e *DecodeError) Error() string {
	return codecMessage("decode", e.Path, e.GoType, e.Reason, e.Err)
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Code returns "ItemDecodeError".
func (e *DecodeError) Code() string { return CodeItemDecodeError }

func codecMessage(op, path, goType, reason string, err error) string {
	var b strings.Builder
	b.WriteString("ddb: cannot ")
	b.WriteString(op)
	if path != "" {
		b.WriteString(" ")
		b.WriteString(path)
	}
	fmt.Fprintf(&b, " (%s): %s", goType, reason)
	if err != nil {
		b.WriteString(": ")
		b.WriteString(err.Error())
	}
	return b.String()
}

func encodeErr(t reflect.Type, err error, format string, args ...any) *EncodeError {
	return &EncodeError{GoType: t.String(), Reason: fmt.Sprintf(format, args...), Err: err}
}

func decodeErr(t reflect.Type, err error, format string, args ...any) *DecodeError {
	return &DecodeError{GoType: t.String(), Reason: fmt.Sprintf(format, args...), Err: err}
}

// joinPath puts an outer path segment (an attribute name, or an index like
// "[3]") in front of an inner path.
func joinPath(outer, inner string) string {
	switch {
	case inner == "":
		return outer
	case inner[0] == '[':
		return outer + inner
	default:
		return outer + "." + inner
	}
}

// atPath returns err with segment put in front of its path, for codec errors
// bubbling up from a nested value; other errors are returned unchanged.
func atPath(err error, segment string) error {
	switch e := err.(type) {
	case *EncodeError:
		e.Path = joinPath(segment, e.Path)
	case *DecodeError:
		e.Path = joinPath(segment, e.Path)
	}
	return err
}

// indexSegment is the path segment of list element i.
func indexSegment(i int) string { return fmt.Sprintf("[%d]", i) }
