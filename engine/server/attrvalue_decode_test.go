package server

import (
	"fmt"
	"log/slog"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// nestedList returns the JSON of a value that nests depth lists around a
// string, as {"L":[{"L":[{"S":"x"}]}]} for depth 2.
func nestedList(depth int) string {
	return strings.Repeat(`{"L":[`, depth) + `{"S":"x"}` + strings.Repeat(`]}`, depth)
}

// nestedMap is nestedList with maps: {"M":{"a":{"S":"x"}}} for depth 1.
func nestedMap(depth int) string {
	return strings.Repeat(`{"M":{"a":`, depth) + `{"S":"x"}` + strings.Repeat(`}}`, depth)
}

const (
	errNestingBody   = `{"__type":"com.amazon.coral.validate#ValidationException","message":"Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"}`
	errMalformedBody = `{"__type":"com.amazon.coral.service#SerializationException"}`
)

// TestDecodeNesting checks that attribute values nested deeper than
// DynamoDB's 32 levels (the attribute itself and 31 lists or maps inside)
// are refused while decoding, with the message DynamoDB Local and DynamoDB
// give (the engine's attr.NestingError), and that a value nested a million
// levels deep is refused without exhausting the stack.
func TestDecodeNesting(t *testing.T) {
	const limit = 31 // attr.MaxNesting
	deep := nestedList(1_300_000)
	tests := []struct {
		name, target, body string
		wantStatus         int
		wantBody           string
	}{
		{"item at the limit", "PutItem", `{"TableName":"t","Item":{"v":` + nestedList(limit) + `}}`, 200, "{}"},
		{"map item at the limit", "PutItem", `{"TableName":"t","Item":{"v":` + nestedMap(limit) + `}}`, 200, "{}"},
		{"item too deep", "PutItem", `{"TableName":"t","Item":{"v":` + nestedList(limit+1) + `}}`, 400, errNestingBody},
		{"map item too deep", "PutItem", `{"TableName":"t","Item":{"v":` + nestedMap(limit+1) + `}}`, 400, errNestingBody},
		{"empty list too deep", "PutItem", `{"TableName":"t","Item":{"v":` + strings.Repeat(`{"L":[`, limit+1) + strings.Repeat(`]}`, limit+1) + `}}`, 400, errNestingBody},
		{"key too deep", "GetItem", `{"TableName":"t","Key":{"v":` + nestedList(limit+1) + `}}`, 400, errNestingBody},
		{"single value too deep", "UpdateItem", `{"TableName":"t","AttributeUpdates":{"v":{"Value":` + nestedList(limit+1) + `}}}`, 400, errNestingBody},
		{"batch item too deep", "BatchWriteItem", `{"RequestItems":{"t":[{"PutRequest":{"Item":{"v":` + nestedList(limit+1) + `}}}]}}`, 400, errNestingBody},
		{"expression value too deep", "UpdateItem", `{"TableName":"t","ExpressionAttributeValues":{":ok":{"S":"x"},":deep":` + nestedMap(limit+1) + `}}`, 400,
			`{"__type":"com.amazon.coral.validate#ValidationException","message":"ExpressionAttributeValues contains invalid value: Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit for key :deep"}`},
		{"transaction expression value too deep", "TransactWriteItems", `{"TransactItems":[{"Update":{"TableName":"t","ExpressionAttributeValues":{":deep":` + nestedList(limit+1) + `}}}]}`, 400,
			`{"__type":"com.amazon.coral.validate#ValidationException","message":"ExpressionAttributeValues contains invalid value: Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit for key :deep"}`},
		{"map inside expression value too deep", "UpdateItem", `{"TableName":"t","ExpressionAttributeValues":{":m":{"M":{"x":` + nestedList(limit) + `}}}}`, 400,
			`{"__type":"com.amazon.coral.validate#ValidationException","message":"ExpressionAttributeValues contains invalid value: Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit for key :m"}`},
		{"a million levels", "PutItem", `{"TableName":"t","Item":{"pk":{"S":"a"},"v":` + deep + `}}`, 400, errNestingBody},
		{"a million levels, malformed", "PutItem", `{"TableName":"t","Item":{"pk":{"S":"a"},"v":` + deep[:len(deep)-1] + `}}`, 400, errMalformedBody},
		{"a million levels in an unknown member", "PutItem", `{"TableName":"t","Bogus":` + strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000) + `}`, 200, "{}"},
		{"a million levels in an unknown member, malformed", "PutItem", `{"TableName":"t","Bogus":` + strings.Repeat("[", 1_000_000) + `}`, 400, errMalformedBody},
		{"a million levels in an unknown data type", "PutItem", `{"TableName":"t","Item":{"v":{"X":` + strings.Repeat(`{"a":`, 1_000_000) + "1" + strings.Repeat("}", 1_000_000) + `}}}`, 200, "{}"},
		{"a million levels under an unknown operation", "Frobnicate", strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000), 400,
			`{"__type":"com.amazon.coral.service#UnknownOperationException"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(&fake{}, WithLogger(slog.New(slog.DiscardHandler)))
			w := request{target: tt.target, body: tt.body}.send(s)
			if w.Code != tt.wantStatus {
				t.Errorf("status %d, want %d", w.Code, tt.wantStatus)
			}
			if got := w.Body.String(); got != tt.wantBody {
				t.Errorf("body\n got %.300s\nwant %s", got, tt.wantBody)
			}
		})
	}
}

// members returns n members with distinct names, separated by commas.
func members(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"%d":{"S":""}`, i)
	}
	return b.String()
}

// TestDecodeMemory checks that decoding a request takes memory in
// proportion to its body, whatever its shape: nesting, long lists of tiny
// values, many members, long escapes.
func TestDecodeMemory(t *testing.T) {
	const n = 400_000
	bodies := map[string]string{
		"deep lists":                 `{"TableName":"t","Item":{"v":` + nestedList(1_000_000) + `}}`,
		"deep unknown member":        `{"TableName":"t","Bogus":` + strings.Repeat("[", 2_000_000) + strings.Repeat("]", 2_000_000) + `}`,
		"long list of NULLs":         `{"TableName":"t","Item":{"v":{"L":[` + strings.Repeat(`{"NULL":true},`, n) + `{"NULL":true}]}}}`,
		"long list of empty strings": `{"TableName":"t","Item":{"v":{"L":[` + strings.Repeat(`{"S":""},`, n) + `{"S":""}]}}}`,
		"long list of empty lists":   `{"TableName":"t","Item":{"v":{"L":[` + strings.Repeat(`{"L":[]},`, n) + `{"L":[]}]}}}`,
		"many empty maps":            `{"TableName":"t","Item":{"v":{"L":[` + strings.Repeat(`{"M":{}},`, n) + `{"M":{}}]}}}`,
		"many members":               `{"TableName":"t","Item":{` + members(n) + `}}`,
		"string set":                 `{"TableName":"t","Item":{"v":{"SS":[` + strings.Repeat(`"",`, n) + `""]}}}`,
		"escapes":                    `{"TableName":"t","Item":{"v":{"S":"` + strings.Repeat(`\u00e9`, n) + `"}}}`,
		"empty unknown values":       `{"TableName":"t","Item":{"v":{"L":[` + strings.Repeat(`{},`, n) + `{}]}}}`,
	}
	dec := decoderFor(reflect.TypeFor[dynamodb.PutItemInput]())
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			in := new(dynamodb.PutItemInput)
			err := decodeBody(body, dec, unsafe.Pointer(in))
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(in)
			allocated := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d-byte body: %d bytes allocated (%.1fx), err %v", len(body), allocated, float64(allocated)/float64(len(body)), err)
			if limit := 16 * uint64(len(body)); allocated > limit {
				t.Errorf("decoding a %d-byte body allocated %d bytes, over %d", len(body), allocated, limit)
			}
		})
	}
}
