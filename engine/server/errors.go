package server

import (
	"errors"
	"reflect"
	"strings"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// errMalformed is DynamoDB's answer to a body that is not JSON: a
// SerializationException without a message.
var errMalformed = apierr.New(apierr.CodeSerialization, "")

// typeError is the SerializationException for a JSON value of the wrong type.
func typeError(msg string) error { return apierr.Serialization(msg) }

// errInternal is what clients see for an error that is not an API error.
var errInternal = apierr.Internal("Internal server error")

// resultMetadataType is the type of the outputs' ResultMetadata field, which
// is not part of the wire format.
var resultMetadataType = reflect.TypeFor[middleware.Metadata]()

// typedError encodes the members of one of the SDK's modeled error types.
type typedError struct {
	fields     []fieldEncoder // every member but the message
	message    string         // JSON name of the message member
	messageAt  uintptr        // offset of the *string Message field
	hasMessage bool
}

// typedErrors holds the modeled error types of the DynamoDB SDK, with their
// members named as in the service model (for example "message" in
// ResourceNotFoundException but "Message" in TransactionCanceledException).
var typedErrors = compileTypedErrors()

func compileTypedErrors() map[reflect.Type]*typedError {
	out := map[reflect.Type]*typedError{}
	for _, entry := range dynamodb.TypeRegistry.Entries {
		t := reflect.TypeOf(entry.New())
		if _, ok := entry.New().(error); !ok || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
			continue
		}
		t = t.Elem()
		te := &typedError{}
		names := modelNames(t, entry.Schema)
		if f, ok := t.FieldByName("Message"); ok && f.Type == reflect.TypeFor[*string]() {
			te.message, te.messageAt, te.hasMessage = names["Message"], f.Offset, true
			delete(names, "Message")
		}
		te.fields = structFields(t, names)
		out[t] = te
	}
	return out
}

// modelNames maps the exported fields of the struct t to the names of the
// members of its shape s, which may differ in case from the Go names in the
// structures of errors (such as "message", or ThrottlingReason's "reason").
// It also compiles the encoders of the structures nested in t with their
// model names; those structures appear only in errors.
func modelNames(t reflect.Type, s *smithy.Schema) map[string]string {
	names := map[string]string{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Name == "ErrorCodeOverride" || f.Type == resultMetadataType {
			continue
		}
		names[f.Name] = f.Name
		for name, member := range s.Members() {
			if strings.EqualFold(name, f.Name) {
				names[f.Name] = name
				compileModelEncoders(f.Type, member)
			}
		}
	}
	return names
}

// compileModelEncoders compiles the encoder of the structure type reached
// from t (through pointers and lists) with the member names of its shape s,
// unless the type already has an encoder.
func compileModelEncoders(t reflect.Type, s *smithy.Schema) {
	for {
		switch {
		case t.Kind() == reflect.Pointer:
			t = t.Elem()
		case t.Kind() == reflect.Slice && t != bytesType && s.ListMember() != nil:
			t, s = t.Elem(), s.ListMember()
		case t.Kind() == reflect.Struct && t != timeType && s.Type() == smithy.ShapeTypeStructure:
			if _, done := encoders[t]; !done {
				encoders[t] = compileStructEncoder(t, modelNames(t, s))
			}
			return
		default:
			return
		}
	}
}

// errorNamespace returns the namespace DynamoDB puts before an error code in
// __type: request validation and the service framework's own errors come
// from other namespaces than the errors of the DynamoDB model.
func errorNamespace(code string) string {
	switch code {
	case apierr.CodeValidation:
		return "com.amazon.coral.validate#"
	case apierr.CodeSerialization, apierr.CodeUnknownOperation, apierr.CodeMissingAuthentication,
		apierr.CodeIncompleteSignature, apierr.CodeInvalidSignature, apierr.CodeUnrecognizedClient,
		apierr.CodeAccessDenied, apierr.CodeInternalFailure, apierr.CodeMalformedQueryString:
		return "com.amazon.coral.service#"
	case apierr.CodeThrottling, apierr.CodeServiceUnavailable:
		return "com.amazon.coral.availability#"
	}
	return "com.amazonaws.dynamodb.v20120810#"
}

// encodeError appends DynamoDB's JSON for err and returns the HTTP status.
// Errors that are not API errors are reported as internal errors; the second
// result tells the caller to log them.
func (e *encoder) encodeError(err error) (status int, internal bool) {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		ae, internal = errInternal.(smithy.APIError), true
	}
	status = 400
	if ae.ErrorFault() == smithy.FaultServer {
		status = 500
	}
	code := ae.ErrorCode()
	e.buf = append(e.buf, `{"__type":`...)
	e.string(errorNamespace(code) + code)

	if te, p := typedErrorOf(ae); te != nil {
		if msg := *(**string)(unsafe.Add(p, te.messageAt)); te.hasMessage && msg != nil {
			e.key(te.message, false)
			e.string(*msg)
		}
		e.fields(te.fields, p, false)
	} else if msg := ae.ErrorMessage(); msg != "" {
		key := "message"
		if code == apierr.CodeSerialization {
			key = "Message"
		}
		e.key(key, false)
		e.string(msg)
	}
	e.buf = append(e.buf, '}')
	return status, internal
}

// typedErrorOf returns the encoding of err's type if it is one of the SDK's
// modeled errors, and a pointer to err's struct.
func typedErrorOf(err error) (*typedError, unsafe.Pointer) {
	v := reflect.ValueOf(err)
	if v.Kind() != reflect.Pointer {
		return nil, nil
	}
	return typedErrors[v.Type().Elem()], v.UnsafePointer()
}
