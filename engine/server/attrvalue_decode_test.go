package server

import (
	"fmt"
	"log/slog"
	"reflect"
	"runtime"
	"strings"
	"testing"

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
	// errLoneSurrogateBody is the answer to a string holding an unpaired
	// surrogate's escape.
	errLoneSurrogateBody = `{"__type":"com.amazon.coral.service#SerializationException","Message":"Malformed JSON string: an escaped UTF-16 surrogate is not part of a pair; DynamoDB strings are UTF-8, which cannot encode it"}`
)

// TestDecodeNesting checks that attribute values nested deeper than
// DynamoDB's 32 levels (the attribute itself and 31 lists or maps inside)
// are refused while decoding, with the message DynamoDB Local and DynamoDB
// give (the engine's attr.NestingError), that ExpressionAttributeValues may
// nest one level more, as in DynamoDB Local, and that a value nested a
// million levels deep is refused without exhausting the stack.
func TestDecodeNesting(t *testing.T) {
	const limit = 31       // attr.MaxNesting
	const valuesLimit = 32 // attr.MaxValuesNesting
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
		{"expression value at the limit", "UpdateItem", `{"TableName":"t","ExpressionAttributeValues":{":deep":` + nestedMap(valuesLimit) + `}}`, 200, "{}"},
		{"expression value too deep", "UpdateItem", `{"TableName":"t","ExpressionAttributeValues":{":ok":{"S":"x"},":deep":` + nestedMap(valuesLimit+1) + `}}`, 400,
			`{"__type":"com.amazon.coral.validate#ValidationException","message":"ExpressionAttributeValues contains invalid value: Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit for key :deep"}`},
		{"transaction expression value too deep", "TransactWriteItems", `{"TransactItems":[{"Update":{"TableName":"t","ExpressionAttributeValues":{":deep":` + nestedList(valuesLimit+1) + `}}}]}`, 400,
			`{"__type":"com.amazon.coral.validate#ValidationException","message":"ExpressionAttributeValues contains invalid value: Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit for key :deep"}`},
		{"map inside expression value too deep", "UpdateItem", `{"TableName":"t","ExpressionAttributeValues":{":m":{"M":{"x":` + nestedList(valuesLimit) + `}}}}`, 400,
			`{"__type":"com.amazon.coral.validate#ValidationException","message":"ExpressionAttributeValues contains invalid value: Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit for key :m"}`},
		{"item after expression values", "UpdateItem", `{"TableName":"t","ExpressionAttributeValues":{":v":{"S":"x"}},"Key":{"v":` + nestedList(limit+1) + `}}`, 400, errNestingBody},
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

// hostileBodies are PutItem bodies whose decoding takes much memory for
// their size: nesting, long lists of tiny values, many members, long
// escapes.
func hostileBodies() map[string]string {
	const n = 400_000
	return map[string]string{
		"deep lists":                 `{"TableName":"t","Item":{"v":` + nestedList(1_000_000) + `}}`,
		"deep unknown member":        `{"TableName":"t","Bogus":` + strings.Repeat("[", 2_000_000) + strings.Repeat("]", 2_000_000) + `}`,
		"long list of NULLs":         `{"TableName":"t","Item":{"v":{"L":[` + strings.Repeat(`{"NULL":true},`, n) + `{"NULL":true}]}}}`,
		"long list of empty strings": `{"TableName":"t","Item":{"v":{"L":[` + strings.Repeat(`{"S":""},`, n) + `{"S":""}]}}}`,
		"long list of empty lists":   `{"TableName":"t","Item":{"v":{"L":[` + strings.Repeat(`{"L":[]},`, n) + `{"L":[]}]}}}`,
		"many empty maps":            `{"TableName":"t","Item":{"v":{"L":[` + strings.Repeat(`{"M":{}},`, n) + `{"M":{}}]}}}`,
		"many maps of one member":    `{"TableName":"t","Item":{"v":{"L":[` + strings.Repeat(`{"M":{"a":{}}},`, n) + `{"M":{}}]}}}`,
		"many members":               `{"TableName":"t","Item":{` + members(n) + `}}`,
		"string set":                 `{"TableName":"t","Item":{"v":{"SS":[` + strings.Repeat(`"",`, n) + `""]}}}`,
		"binary set":                 `{"TableName":"t","Item":{"v":{"BS":[` + strings.Repeat(`"",`, n) + `""]}}}`,
		"escapes":                    `{"TableName":"t","Item":{"v":{"S":"` + strings.Repeat(`\u00e9`, n) + `"}}}`,
		"many escaped strings":       `{"TableName":"t","Item":{"v":{"L":[` + strings.Repeat(`{"S":"\n"},`, n) + `{"S":""}]}}}`,
		"empty unknown values":       `{"TableName":"t","Item":{"v":{"L":[` + strings.Repeat(`{},`, n) + `{}]}}}`,
	}
}

// decodeAllocating decodes body into a new value of type t with reserve,
// and returns the bytes the heap allocated meanwhile.
func decodeAllocating(t reflect.Type, body string, reserve reserveFunc) (uint64, error) {
	dec := lockedDecoder(t) // compiled before, if not yet
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	in := reflect.New(t)
	err := decodeBody([]byte(body), reserve, dec, in.UnsafePointer())
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(in)
	return after.TotalAlloc - before.TotalAlloc, err
}

// TestDecodeMemory checks that decoding a request takes memory in
// proportion to its body, whatever its shape: at most 40 times its size
// (about 33 for a set of empty binaries, 26 for maps of one member, the
// worst shapes). What bounds the memory of the requests decoded at once is
// the server's budget (TestDecodeReservesWhatItAllocates).
func TestDecodeMemory(t *testing.T) {
	if raceDetector {
		t.Skip("allocation sizes are measured without the race detector, which makes them larger")
	}
	for name, body := range hostileBodies() {
		t.Run(name, func(t *testing.T) {
			allocated, err := decodeAllocating(reflect.TypeFor[dynamodb.PutItemInput](), body, nil)
			t.Logf("%d-byte body: %d bytes allocated (%.1fx), err %v", len(body), allocated, float64(allocated)/float64(len(body)), err)
			if limit := 40 * uint64(len(body)); allocated > limit {
				t.Errorf("decoding a %d-byte body allocated %d bytes, over %d", len(body), allocated, limit)
			}
		})
	}
}

// TestDecodeReservesWhatItAllocates checks that decoding takes from the
// server's budget at least what it allocates (within one allocStep), and
// not several times more, and that it stops with the budget's error once
// the budget is spent: the budget bounds the memory of requests, not only
// of their bodies.
func TestDecodeReservesWhatItAllocates(t *testing.T) {
	if raceDetector {
		t.Skip("allocation sizes are measured without the race detector, which makes them larger")
	}
	const n = 200_000
	bodies := map[string]struct {
		t    reflect.Type
		body string
	}{
		"writes without items": {reflect.TypeFor[dynamodb.BatchWriteItemInput](),
			`{"RequestItems":{"t":[` + strings.Repeat(`{"PutRequest":{"Item":{}}},`, n) + `{}]}}`},
		"empty writes": {reflect.TypeFor[dynamodb.BatchWriteItemInput](),
			`{"RequestItems":{"t":[` + strings.Repeat(`{},`, n) + `{}]}}`},
		"many tables": {reflect.TypeFor[dynamodb.BatchGetItemInput](),
			`{"RequestItems":{` + strings.TrimSuffix(tables(n), ",") + `}}`},
		"many values": {reflect.TypeFor[dynamodb.UpdateItemInput](),
			`{"TableName":"t","ExpressionAttributeValues":{` + members(n) + `}}`},
		"many names": {reflect.TypeFor[dynamodb.UpdateItemInput](),
			`{"TableName":"t","ExpressionAttributeNames":{` + names(n) + `}}`},
		"many attributes to get": {reflect.TypeFor[dynamodb.ScanInput](),
			`{"TableName":"t","AttributesToGet":[` + strings.Repeat(`"a",`, n) + `"a"]}`},
	}
	for name, body := range hostileBodies() {
		bodies[name] = struct {
			t    reflect.Type
			body string
		}{reflect.TypeFor[dynamodb.PutItemInput](), body}
	}
	for name, b := range bodies {
		t.Run(name, func(t *testing.T) {
			reserved := 0
			allocated, err := decodeAllocating(b.t, b.body, func(n int) error { reserved += n; return nil })
			t.Logf("%d-byte body: %d bytes allocated, %d reserved (%.2fx), err %v", len(b.body), allocated, reserved, float64(reserved)/float64(allocated), err)
			// Skipping what is not decoded (or checking a body that failed
			// is JSON) keeps a bit per open array or object, not reserved:
			// at most a quarter of the body, with the stack's growth.
			if uint64(reserved+allocStep+len(b.body)/4) < allocated {
				t.Errorf("decoding reserved %d bytes but allocated %d", reserved, allocated)
			}
			if limit := 4*allocated + allocStep; uint64(reserved) > limit {
				t.Errorf("decoding reserved %d bytes, over %d: four times the %d it allocated", reserved, limit, allocated)
			}
			budget := reserved / 2
			_, err = decodeAllocating(b.t, b.body, func(n int) error {
				if budget -= n; budget < 0 {
					return errBusy
				}
				return nil
			})
			if reserved > 2*allocStep && err != errBusy {
				t.Errorf("decoding with half the budget it takes: %v, want errBusy", err)
			}
		})
	}
}

// tables returns n members "tK":{} of a map of tables.
func tables(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `"t%d":{},`, i)
	}
	return b.String()
}

// names returns n members "#nK":"K" of ExpressionAttributeNames.
func names(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"#n%d":"%d"`, i, i)
	}
	return b.String()
}
