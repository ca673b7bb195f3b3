package difftest

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// Normalized results are plain data (map[string]any, []any, strings, numbers,
// bools) in which everything that legitimately differs between two correct
// backends has been replaced or removed: request metadata, table names'
// namespace, ARNs' region and account, timestamps, table ids, and the order
// of lists whose order DynamoDB does not define. Empty strings, lists and
// maps count as absent, as they do on the wire (the SDK's enum fields are
// plain strings, "" when not set).

// Placeholders for values that are expected to differ.
const (
	anyTime = "<time>"
	anyID   = "<id>"
)

var (
	attributeValueType = reflect.TypeFor[types.AttributeValue]()
	timeType           = reflect.TypeFor[time.Time]()
	arnRE              = regexp.MustCompile(`arn:aws:dynamodb:[^:]*:[^:]*:`)
	// streamLabelRE matches a stream label (the stream's creation time),
	// alone or ending a stream ARN.
	streamLabelRE = regexp.MustCompile(`(^|/stream/)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+$`)
)

// skippedFields never take part in comparisons.
var skippedFields = map[string]bool{"ResultMetadata": true}

// idFields hold generated identifiers, compared only for presence: table
// ids, the opaque NextToken of a PartiQL SELECT, and the ARN of the KMS
// key a backend makes up for an encrypted table.
var idFields = map[string]bool{"TableId": true, "NextToken": true, "KMSMasterKeyArn": true}

// unorderedFields are the lists ("Type.Field") whose order DynamoDB leaves
// undefined; they are sorted before comparison. For a map of lists, each
// list is sorted.
var unorderedFields = map[string]bool{
	"ScanOutput.Items":                          true,
	"BatchGetItemOutput.Responses":              true,
	"BatchGetItemOutput.ConsumedCapacity":       true,
	"BatchWriteItemOutput.ConsumedCapacity":     true,
	"TransactGetItemsOutput.ConsumedCapacity":   true,
	"TransactWriteItemsOutput.ConsumedCapacity": true,
	"TableDescription.GlobalSecondaryIndexes":   true,
	"TableDescription.AttributeDefinitions":     true,
	"TableDescription.LocalSecondaryIndexes":    true,
}

// output normalizes an SDK output struct.
func (ns namespace) output(out any) any {
	return ns.tree(reflect.ValueOf(out))
}

// clientRefusal starts the normalized error of a request the SDK's client
// refused to send, lacking a member the API marks required. The library's
// own client sends such requests, and DynamoDB refuses them with a
// ValidationException.
const clientRefusal = "refused by the client: "

// errorTree normalizes an error: its code, message and any data the error
// type carries (such as the item of a ConditionalCheckFailedException or a
// TransactionCanceledException's cancellation reasons).
func (ns namespace) errorTree(err error) any {
	var apiErr smithy.APIError
	var invalid smithy.InvalidParamsError
	if errors.As(err, &invalid) {
		return map[string]any{"error": clientRefusal + ns.clean(err.Error())}
	}
	if !errors.As(err, &apiErr) {
		return map[string]any{"error": "not a DynamoDB error: " + ns.clean(err.Error())}
	}
	e := map[string]any{"code": apiErr.ErrorCode(), "message": ns.clean(apiErr.ErrorMessage())}
	v := reflect.ValueOf(apiErr)
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		for i := range v.NumField() {
			f := v.Type().Field(i)
			switch f.Name {
			case "Message", "ErrorCodeOverride", "Code", "Fault":
				continue
			}
			if val := ns.tree(v.Field(i)); f.IsExported() && val != nil {
				e[f.Name] = val
			}
		}
	}
	return map[string]any{"error": e}
}

// tree converts v to normalized plain data; nil means absent.
func (ns namespace) tree(v reflect.Value) any {
	if v.Kind() == reflect.Interface && v.Type() == attributeValueType && !v.IsNil() {
		return ns.attr(v.Interface().(types.AttributeValue))
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return ns.tree(v.Elem())
	case reflect.Struct:
		return ns.structTree(v)
	case reflect.Slice:
		if v.Len() == 0 {
			return nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return base64.StdEncoding.EncodeToString(v.Bytes())
		}
		list := make([]any, v.Len())
		for i := range list {
			list[i] = ns.tree(v.Index(i))
		}
		return list
	case reflect.Map:
		if v.Len() == 0 {
			return nil
		}
		m := make(map[string]any, v.Len())
		for iter := v.MapRange(); iter.Next(); {
			m[ns.clean(iter.Key().String())] = ns.tree(iter.Value())
		}
		return m
	case reflect.String:
		if v.Len() == 0 {
			return nil
		}
		return ns.clean(v.String())
	case reflect.Invalid:
		return nil
	}
	return v.Interface()
}

// structTree converts a struct to a map of its exported, present fields.
func (ns namespace) structTree(v reflect.Value) any {
	if v.Type() == timeType {
		if v.Interface().(time.Time).Unix() == 0 {
			return nil // DynamoDB Local's "never"
		}
		return anyTime
	}
	m := map[string]any{}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || skippedFields[f.Name] {
			continue
		}
		val := ns.tree(v.Field(i))
		if val == nil {
			continue
		}
		if idFields[f.Name] {
			val = anyID
		}
		if unorderedFields[v.Type().Name()+"."+f.Name] {
			val = sortLists(val)
		}
		m[f.Name] = val
	}
	return m
}

// attr converts an attribute value to its DynamoDB JSON shape, with set
// members sorted (sets have no order).
func (ns namespace) attr(av types.AttributeValue) any {
	switch av := av.(type) {
	case *types.AttributeValueMemberS:
		return map[string]any{"S": abbreviate(av.Value)}
	case *types.AttributeValueMemberN:
		return map[string]any{"N": av.Value}
	case *types.AttributeValueMemberB:
		return map[string]any{"B": abbreviate(base64.StdEncoding.EncodeToString(av.Value))}
	case *types.AttributeValueMemberBOOL:
		return map[string]any{"BOOL": av.Value}
	case *types.AttributeValueMemberNULL:
		return map[string]any{"NULL": av.Value}
	case *types.AttributeValueMemberSS:
		return map[string]any{"SS": sorted(av.Value)}
	case *types.AttributeValueMemberNS:
		return map[string]any{"NS": sorted(av.Value)}
	case *types.AttributeValueMemberBS:
		members := make([]string, len(av.Value))
		for i, b := range av.Value {
			members[i] = base64.StdEncoding.EncodeToString(b)
		}
		return map[string]any{"BS": sorted(members)}
	case *types.AttributeValueMemberL:
		list := make([]any, len(av.Value))
		for i, e := range av.Value {
			list[i] = ns.attr(e)
		}
		return map[string]any{"L": list}
	case *types.AttributeValueMemberM:
		m := make(map[string]any, len(av.Value))
		for k, e := range av.Value {
			m[k] = ns.attr(e)
		}
		return map[string]any{"M": m}
	}
	return map[string]any{"unknown attribute value type": reflect.TypeOf(av).String()}
}

// longValue is the length above which values are abbreviated.
const longValue = 256

// abbreviate keeps failure messages readable: a long value becomes its start,
// its length and a digest of the whole, which still compares exactly.
func abbreviate(v string) string {
	if len(v) <= longValue {
		return v
	}
	return fmt.Sprintf("%s... (%d bytes, sha256 %x)", v[:64], len(v), sha256.Sum256([]byte(v)))
}

// clean normalizes a string from a backend: namespace, ARN region/account.
func (ns namespace) clean(s string) string {
	s = streamLabelRE.ReplaceAllString(s, "${1}"+anyTime)
	return arnRE.ReplaceAllString(ns.strip(s), "arn:aws:dynamodb:<region>:<account>:")
}

// sorted returns the strings sorted, as a list.
func sorted(ss []string) []any {
	ss = slices.Sorted(slices.Values(ss))
	list := make([]any, len(ss))
	for i, s := range ss {
		list[i] = s
	}
	return list
}

// sortLists sorts a list, or each list in a map, by the JSON text of its
// elements.
func sortLists(v any) any {
	switch v := v.(type) {
	case []any:
		keyed := make([]string, len(v))
		for i, e := range v {
			keyed[i] = render(e)
		}
		idx := make([]int, len(v))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case keyed[a] < keyed[b]:
				return -1
			case keyed[a] > keyed[b]:
				return 1
			}
			return 0
		})
		out := make([]any, len(v))
		for i, j := range idx {
			out[i] = v[j]
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = sortLists(e)
		}
		return out
	}
	return v
}

// without returns a copy of normalized data without the named fields, at
// any depth.
func without(v any, fields []string) any {
	if len(fields) == 0 {
		return v
	}
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			if !slices.Contains(fields, k) {
				out[k] = without(e, fields)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = without(e, fields)
		}
		return out
	}
	return v
}

// render returns normalized data as indented JSON, for sorting and messages.
func render(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return "<" + err.Error() + ">"
	}
	return strings.TrimSuffix(buf.String(), "\n")
}
