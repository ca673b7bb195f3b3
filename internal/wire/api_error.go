package wire

import (
	"errors"
	"strings"

	"github.com/aws/smithy-go"
)

// apiError decodes an error response as the SDK's awsJson1_0 protocol
// does: the code comes from the X-Amzn-ErrorType header or the body's
// __type (or code) member, stripped of its namespace; a code the service's
// registry models decodes into its typed error
// (*types.ConditionalCheckFailedException with its Item,
// *types.TransactionCanceledException with its CancellationReasons, ...),
// any other into a *smithy.GenericAPIError.
func apiError(registry *smithy.TypeRegistry, resp *response) error {
	body := string(resp.body)
	info, err := readErrorInfo(body)
	if err != nil {
		return &smithy.DeserializationError{Err: err, Snapshot: snapshot(resp.body)}
	}
	code, message := "UnknownError", "UnknownError"
	switch {
	case resp.errorType != "":
		code = resp.errorType
	case info.typ != "":
		code = info.typ
	case info.code != "":
		code = info.code
	}
	if info.message != "" {
		message = info.message
	}
	code = sanitizeErrorCode(code)
	typed, ok := registry.DeserializableError(code)
	if !ok {
		return &smithy.GenericAPIError{Code: code, Message: message}
	}
	if len(body) > 0 {
		r := newReader(body)
		if err := typed.Deserialize(&shapeReader{r: &r}); err != nil || r.Err() != nil {
			return &smithy.DeserializationError{Err: errors.Join(r.Err(), err), Snapshot: snapshot(resp.body)}
		}
	}
	return typed
}

// errorInfo is what identifies an error in its body.
type errorInfo struct {
	typ, message, code string
}

// readErrorInfo reads the members __type, message and code of an error
// body, matching their names in any case as the SDK's decoder does. An
// empty body has none.
func readErrorInfo(body string) (errorInfo, error) {
	var info errorInfo
	r := newReader(body)
	if r.Peek() == 0 {
		return info, nil
	}
	r.Enter('{')
	for first := true; r.More('}', first); first = false {
		k := r.Key()
		switch {
		case r.Null():
		case strings.EqualFold(k, "__type"):
			info.typ = r.String()
		case strings.EqualFold(k, "message"):
			info.message = r.String()
		case strings.EqualFold(k, "code") && r.Peek() == '"':
			info.code = r.String()
		default:
			r.Skip()
		}
	}
	return info, r.Err()
}

// sanitizeErrorCode strips the namespace (up to '#') and any suffix (from
// ':') of an error code.
func sanitizeErrorCode(code string) string {
	code, _, _ = strings.Cut(code, ":")
	if i := strings.IndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return code
}
